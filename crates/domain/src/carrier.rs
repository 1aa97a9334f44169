//! Carriers, their services and what a parcel costs to send with them.

use serde::{Deserialize, Serialize};

/// How fast a service is, from the buyer's point of view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceLevel {
    /// Cheapest; surface transport on long lanes.
    Economy,
    /// The usual choice: air on long lanes, days not weeks.
    Standard,
    /// Fastest, priority handling.
    Expedited,
}
