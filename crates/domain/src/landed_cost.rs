//! What a parcel costs the buyer on arrival: duties, import VAT/GST and fees.

use serde::{Deserialize, Serialize};

/// Who pays duties and import taxes, and when.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DutyTerms {
    /// Delivered Duty Paid: the buyer pays them at checkout; nothing is due on delivery.
    Ddp,
    /// Delivered Duty Unpaid: the carrier collects them from the buyer before handing over.
    Ddu,
}
