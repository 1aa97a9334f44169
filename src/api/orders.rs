//! `POST /api/orders` and `GET /api/orders/{id}`.

use storefront_domain::order::{Order, OrderRequest, PlacedOrder};

use super::{ApiError, ApiRequest, fetch_json, order_path};

/// Places `request` once per `idempotency_key`: sending it again (a double click, a retry after
/// a lost answer, a reload) answers the order the first one placed.
pub async fn place(request: &OrderRequest, idempotency_key: &str) -> Result<PlacedOrder, ApiError> {
    let request = ApiRequest::post("/api/orders")
        .header("Idempotency-Key", idempotency_key)
        .json(request)?;
    fetch_json(request).await
}

/// The order `id`, read with its access token; without one it cannot be read, the same answer
/// as a wrong token's.
pub async fn get(id: &str, token: Option<&str>) -> Result<Order, ApiError> {
    let Some(token) = token else {
        return Err(ApiError::Problem(storefront_domain::Problem {
            kind: storefront_domain::ProblemType::NotFound,
            title: String::new(),
            status: 404,
            detail: None,
            field: None,
            errors: Vec::new(),
        }));
    };
    let request =
        ApiRequest::get(&order_path(id, "")).header("Authorization", format!("Bearer {token}"));
    fetch_json(request).await
}
