//! What the server says about a page besides the page itself: its HTTP status, so a product
//! that does not exist answers 404 and a page whose data failed answers 5xx, not 200.

/// Sets the status of the server's answer (nothing to set in the browser).
pub fn set_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(status),
    ) {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}
