//! How enum values are stored as text: by their serde keys (`picked_up`, `lithium_battery`),
//! the same words the JSON API uses, so the database and the wire never disagree.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// The serde key of a unit enum value, e.g. `expedited`.
pub fn key<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The unit enum value whose serde key is `text`; an unknown key is corrupt data.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, AppError> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|_| AppError::Corrupt(format!("unknown stored value {text:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use storefront_domain::tracking::TrackingStatus;

    #[test]
    fn keys_round_trip_and_unknown_keys_are_corrupt() {
        assert_eq!(key(&TrackingStatus::PickedUp), "picked_up");
        assert_eq!(
            parse::<TrackingStatus>("picked_up").unwrap(),
            TrackingStatus::PickedUp
        );
        assert!(matches!(
            parse::<TrackingStatus>("teleported"),
            Err(AppError::Corrupt(_))
        ));
    }
}
