//! `GET /api/products` and `GET /api/products/{slug}`.

use storefront_domain::Currency;
use storefront_domain::product::{ProductDetail, ProductPage};

use super::{ApiError, ApiRequest, fetch_json};

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
    fn pairs(&self) -> [(&'static str, &str); 3] {
        [
            ("lang", self.lang),
            ("country", self.country),
            ("currency", self.currency.code()),
        ]
    }
}

/// A catalog listing: the query parameters the catalog page keeps in its URL, passed on as
/// they are (the server validates them and names a bad one).
pub async fn list(
    market: MarketQuery,
    filters: Vec<(String, String)>,
) -> Result<ProductPage, ApiError> {
    let pairs = market.pairs().into_iter().chain(
        filters
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str())),
    );
    let request = ApiRequest::get("/api/products").query(pairs);
    fetch_json(request).await
}

/// One product, with its variants, delivery estimate and any import restriction.
pub async fn detail(market: MarketQuery, slug: &str) -> Result<ProductDetail, ApiError> {
    let path = format!("/api/products/{}", super::encode_component(slug));
    let request = ApiRequest::get(&path).query(market.pairs());
    fetch_json(request).await
}
