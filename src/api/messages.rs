//! `GET/POST /api/orders/{id}/messages`: the order's conversation with its sellers and
//! carriers. New messages arrive live through [`crate::state::live`].

use storefront_domain::message::{Conversation, Message, NewMessage};

use super::{ApiError, ApiRequest, fetch_json, order_path};

/// The order's messages and each party's typical response time.
pub async fn conversation(id: &str, token: &str) -> Result<Conversation, ApiError> {
    let request = ApiRequest::get(&order_path(id, "/messages"))
        .header("Authorization", format!("Bearer {token}"));
    fetch_json(request).await
}

/// Sends the buyer's `message`; the answer is the message as stored.
pub async fn send(id: &str, token: &str, message: &NewMessage) -> Result<Message, ApiError> {
    let request = ApiRequest::post(&order_path(id, "/messages"))
        .header("Authorization", format!("Bearer {token}"))
        .json(message)?;
    fetch_json(request).await
}
