//! Server-side secrets, made once per database and kept in it, so tokens and signatures stay
//! valid across restarts and across server instances sharing the database.

use hmac::{KeyInit, Mac};
use sha2::Sha256;

use crate::error::AppError;
use crate::store::{self, Store};

/// The key order access tokens are derived from.
pub const ORDER_TOKENS: &str = "order-tokens";
/// The key carrier webhooks are signed with (shared with the built-in carrier simulator).
pub const CARRIER_WEBHOOKS: &str = "carrier-webhooks";
/// The key sellers' API keys are derived from.
pub const SELLER_KEYS: &str = "seller-keys";
/// The key the store operator's API key is derived from.
pub const OPERATOR_KEYS: &str = "operator-keys";

type HmacSha256 = hmac::Hmac<Sha256>;

/// Creates any missing secret with 256 random bits; existing ones are kept.
pub async fn ensure(store: &Store) -> Result<(), sqlx::Error> {
    store::secrets::ensure(
        store,
        &[ORDER_TOKENS, CARRIER_WEBHOOKS, SELLER_KEYS, OPERATOR_KEYS],
    )
    .await
}

/// The secret called `name`, read once when the store was opened: a request checking a key or
/// a signature reads no database.
pub fn get<'a>(store: &'a Store, name: &str) -> Result<&'a [u8], AppError> {
    store
        .secret(name)
        .ok_or_else(|| AppError::Corrupt(format!("secret {name} missing")))
}

/// The API key of seller `slug`: an HMAC of its slug, so no key is stored and any server
/// instance sharing the database can check it.
pub fn seller_key(store: &Store, slug: &str) -> Result<String, AppError> {
    Ok(derive_seller_key(get(store, SELLER_KEYS)?, slug))
}

fn derive_seller_key(master: &[u8], slug: &str) -> String {
    sign(master, seller_message(slug).as_bytes())
}

/// Whether `presented` is seller `slug`'s key under `master` (constant time).
pub fn is_seller_key(master: &[u8], slug: &str, presented: &str) -> bool {
    verify(master, seller_message(slug).as_bytes(), presented)
}

fn seller_message(slug: &str) -> String {
    format!("seller:{slug}")
}

/// Every seller's (slug, name, API key), for handing the keys to the sellers.
pub async fn seller_keys(store: &Store) -> Result<Vec<(String, String, String)>, AppError> {
    let master = get(store, SELLER_KEYS)?;
    Ok(store::catalog::sellers(store)
        .await?
        .into_iter()
        .map(|(slug, name)| {
            let key = derive_seller_key(master, &slug);
            (slug, name, key)
        })
        .collect())
}

/// The store operator's API key (for `X-Operator-Key`): an HMAC under its own secret, so no key
/// is stored and any server instance sharing the database can check it.
pub fn operator_key(store: &Store) -> Result<String, AppError> {
    Ok(sign(get(store, OPERATOR_KEYS)?, OPERATOR_MESSAGE))
}

/// Whether `presented` is the operator's key under `master` (constant time).
pub fn is_operator_key(master: &[u8], presented: &str) -> bool {
    verify(master, OPERATOR_MESSAGE, presented)
}

const OPERATOR_MESSAGE: &[u8] = b"operator";

fn mac(key: &[u8], message: &[u8]) -> HmacSha256 {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(message);
    mac
}

/// HMAC-SHA256 of `message` under `key`, in lowercase hex.
pub fn sign(key: &[u8], message: &[u8]) -> String {
    hex(&mac(key, message).finalize().into_bytes())
}

/// Whether `signature_hex` is the HMAC of `message` under `key`, compared in constant time.
pub fn verify(key: &[u8], message: &[u8], signature_hex: &str) -> bool {
    match unhex(signature_hex) {
        Some(signature) => mac(key, message).verify_slice(&signature).is_ok(),
        None => false,
    }
}

/// SHA-256 of `bytes`, in lowercase hex (a fingerprint, not a secret).
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_only_for_the_same_key_and_message() {
        let signature = sign(b"key", b"o_123");
        assert_eq!(signature.len(), 64);
        assert!(verify(b"key", b"o_123", &signature));
        assert!(!verify(b"other", b"o_123", &signature));
        assert!(!verify(b"key", b"o_124", &signature));
        assert!(!verify(b"key", b"o_123", &signature[..62]));
        assert!(!verify(b"key", b"o_123", "zz"));
        assert!(!verify(b"key", b"o_123", ""));
    }
}
