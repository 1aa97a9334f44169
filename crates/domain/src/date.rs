//! Calendar dates and instants without a date library: what delivery windows and tracking need,
//! and nothing that would pull time-zone data into the wasm.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A day of the proleptic Gregorian calendar, stored as days since 1970-01-01.
///
/// Wire form: the ISO 8601 calendar date `"YYYY-MM-DD"`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(
        value_type = String,
        format = Date,
        example = "2026-11-25",
        description = "A calendar day as `YYYY-MM-DD` (ISO 8601)."
    )
)]
pub struct Date(i32);

/// Why text is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a date: expected YYYY-MM-DD")]
pub struct DateError(pub String);

/// Day of the week.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Weekday {
    /// Saturday and Sunday; carriers here neither collect nor deliver on them.
    pub fn is_weekend(self) -> bool {
        matches!(self, Self::Saturday | Self::Sunday)
    }
}

impl Date {
    /// The date of `year`-`month`-`day`, if it exists.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        // Days from civil (H. Hinnant's algorithm), exact for every proleptic Gregorian date.
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let m = month as i32;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Self(era * 146_097 + doe - 719_468))
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_days_since_epoch(days: i32) -> Self {
        Self(days)
    }

    /// Days since 1970-01-01.
    pub fn days_since_epoch(self) -> i32 {
        self.0
    }

    /// (year, month, day).
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i32::from(month <= 2);
        (year, month, day)
    }

    /// The day of the week.
    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        match (self.0 + 3).rem_euclid(7) {
            0 => Weekday::Monday,
            1 => Weekday::Tuesday,
            2 => Weekday::Wednesday,
            3 => Weekday::Thursday,
            4 => Weekday::Friday,
            5 => Weekday::Saturday,
            _ => Weekday::Sunday,
        }
    }

    /// The date `days` calendar days later (earlier when negative).
    pub fn add_days(self, days: i32) -> Self {
        Self(self.0 + days)
    }

    /// The `n`th business day (Monday–Friday) after this date; `n = 0` gives this date moved
    /// forward to a business day if it falls on a weekend.
    pub fn add_business_days(self, n: u32) -> Self {
        let mut date = self;
        while date.weekday().is_weekend() {
            date = date.add_days(1);
        }
        let mut left = n;
        while left > 0 {
            date = date.add_days(1);
            if !date.weekday().is_weekend() {
                left -= 1;
            }
        }
        date
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let bad = || DateError(text.to_owned());
        let mut parts = text.splitn(3, '-');
        let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let number = |s: &str| s.parse::<u32>().map_err(|_| bad());
        Self::from_ymd(number(y)? as i32, number(m)?, number(d)?).ok_or_else(bad)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Date({self})")
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// An instant as whole seconds since 1970-01-01T00:00:00Z (UTC).
///
/// Wire form: that integer (Unix seconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(example = 1_764_072_000)
)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// The UTC calendar date of this instant.
    pub fn utc_date(self) -> Date {
        Date(self.0.div_euclid(86_400) as i32)
    }

    /// Seconds since UTC midnight of its date.
    pub fn utc_seconds_of_day(self) -> u32 {
        self.0.rem_euclid(86_400) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_dates() {
        assert_eq!(Date::from_ymd(1970, 1, 1).unwrap().days_since_epoch(), 0);
        assert_eq!(
            Date::from_ymd(2000, 3, 1).unwrap().days_since_epoch(),
            11_017
        );
        let d = Date::from_ymd(2026, 11, 25).unwrap();
        assert_eq!(d.weekday(), Weekday::Wednesday);
        assert_eq!(d.to_string(), "2026-11-25");
        assert_eq!(Date::from_ymd(2024, 2, 30), None);
        assert!(Date::from_ymd(2024, 2, 29).is_some());
        assert_eq!(Date::from_ymd(2100, 2, 29), None);
    }

    #[test]
    fn business_days_skip_weekends() {
        let friday = Date::parse("2026-11-27").unwrap();
        assert_eq!(friday.add_business_days(1).to_string(), "2026-11-30");
        assert_eq!(friday.add_business_days(0), friday);
        let saturday = friday.add_days(1);
        assert_eq!(saturday.add_business_days(0).to_string(), "2026-11-30");
        assert_eq!(saturday.add_business_days(5).to_string(), "2026-12-07");
    }

    #[test]
    fn parsing_rejects_malformed_dates() {
        for bad in [
            "2026-1-05",
            "2026-13-01",
            "20261105",
            "2026-02-30",
            "abcd-ef-gh",
            "",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
        let json = serde_json::to_string(&Date::parse("2026-03-09").unwrap()).unwrap();
        assert_eq!(json, "\"2026-03-09\"");
    }

    #[test]
    fn timestamps_split_into_utc_date_and_time() {
        let t = Timestamp(1_764_072_000); // 2025-11-25T12:00:00Z
        assert_eq!(t.utc_date().to_string(), "2025-11-25");
        assert_eq!(t.utc_seconds_of_day(), 12 * 3600);
    }

    proptest! {
        #[test]
        fn ymd_round_trips(days in -1_000_000i32..1_000_000) {
            let date = Date::from_days_since_epoch(days);
            let (y, m, d) = date.ymd();
            prop_assert_eq!(Date::from_ymd(y, m, d), Some(date));
            prop_assert_eq!(Date::parse(&date.to_string()).ok().filter(|_| (0..=9999).contains(&y)), (0..=9999).contains(&y).then_some(date));
        }

        #[test]
        fn business_days_land_on_weekdays_and_never_go_back(days in 0i32..40_000, n in 0u32..60) {
            let start = Date::from_days_since_epoch(days);
            let end = start.add_business_days(n);
            prop_assert!(!end.weekday().is_weekend());
            prop_assert!(end >= start);
            // n business days span at most n + 2 weekend days per started week, plus a start weekend.
            prop_assert!(end.days_since_epoch() - start.days_since_epoch() <= (n as i32) * 7 / 5 + 4);
        }
    }
}
