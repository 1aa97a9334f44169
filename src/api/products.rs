//! `GET /api/products` and `GET /api/products/{slug}`.

use gloo_net::http::Request;
use storefront_domain::Currency;
use storefront_domain::product::{ProductDetail, ProductPage};

use super::{ApiError, fetch_json};

/// Where the buyer is and what they read and pay in: every product answer depends on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MarketQuery {
    /// Language tag of the texts.
    pub lang: &'static str,
    /// Ship-to country code: each product says whether it can go there.
    pub country: &'static str,
    /// Currency of the local prices.
    pub currency: Currency,
}

impl MarketQuery {
    fn pairs(&self) -> [(&'static str, String); 3] {
        [
            ("lang", self.lang.to_owned()),
            ("country", self.country.to_owned()),
            ("currency", self.currency.code().to_owned()),
        ]
    }
}

/// A catalog listing: the query parameters the catalog page keeps in its URL, passed on as
/// they are (the server validates them and names a bad one).
pub async fn list(
    market: MarketQuery,
    filters: Vec<(String, String)>,
) -> Result<ProductPage, ApiError> {
    let market = market.pairs();
    let pairs = market
        .iter()
        .map(|(name, value)| (*name, value.as_str()))
        .chain(
            filters
                .iter()
                .map(|(name, value)| (name.as_str(), value.as_str())),
        );
    let request = Request::get("/api/products")
        .query(pairs)
        .header("Accept", "application/json")
        .build()
        .map_err(|_| ApiError::Unexpected { status: 0 })?;
    fetch_json(request).await
}

/// One product, with its variants, delivery estimate and any import restriction.
pub async fn detail(market: MarketQuery, slug: &str) -> Result<ProductDetail, ApiError> {
    let path = format!(
        "/api/products/{}",
        String::from(js_sys::encode_uri_component(slug))
    );
    let request = Request::get(&path)
        .query(market.pairs())
        .header("Accept", "application/json")
        .build()
        .map_err(|_| ApiError::Unexpected { status: 0 })?;
    fetch_json(request).await
}
