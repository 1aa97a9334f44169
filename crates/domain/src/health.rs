//! The liveness report of `GET /api/health`.

use serde::{Deserialize, Serialize};

/// The server is up and its database answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// Always `"ok"` in a successful response (failures are problems with status 503).
    pub status: String,
    /// The version of the server build.
    pub version: String,
}
