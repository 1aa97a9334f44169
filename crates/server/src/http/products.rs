//! `GET /api/products`: the localized catalog, a page at a time, with prices in the buyer's
//! currency and whether each product can be shipped to the buyer's country.

use std::cmp::Reverse;
use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use storefront_domain::carrier::fastest_arrival;
use storefront_domain::date::Date;
use storefront_domain::landed_cost::{ImportRestriction, import_restriction};
use storefront_domain::product::{
    CATEGORIES, DateCount, DeliveryEstimate, FacetCount, Facets, PAGE_SIZE, ProductDetail,
    ProductPage, ProductSummary, SellerRef, ServiceEstimate, Sort, VariantDetail,
};
use storefront_domain::quote::{QuotedOffer, quote_shipment};
use storefront_domain::{Currency, Money, Problem, RateTable, market};
use utoipa::IntoParams;
use utoipa::openapi::schema::{ObjectBuilder, Type};

use super::Query;
use crate::catalog::{self, parse_traits};
use crate::error::AppError;
use crate::listing::{Facts, Listing};
use crate::store::catalog::PageRow;
use crate::{AppState, rates, store};
use storefront_domain::search;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/products", get(list))
        .route("/products/{slug}", get(detail))
}

/// Query parameters, kept as text so each bad value is reported with its field's name; the
/// `param` attributes document the values accepted.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ListParams {
    /// The buyer's language (BCP 47 primary subtag); English texts where a product has no
    /// translation. English when absent.
    #[param(pattern = "^[a-z]{2,3}$", example = "de")]
    lang: Option<String>,
    /// The page, from 1.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100_000, default = 1)]
    page: Option<String>,
    /// The destination (ISO 3166-1 alpha-2): each product says whether it can be shipped there.
    #[param(pattern = "^[A-Z]{2}$", example = "DE")]
    country: Option<String>,
    /// A currency with a published rate: each product gets `local_price` in it.
    #[param(value_type = Option<Currency>)]
    currency: Option<String>,
    /// Words to find in the name or description (in the buyer's language or English), up to
    /// 100 characters, case-insensitive.
    #[param(max_length = 100)]
    q: Option<String>,
    /// Only products of this category.
    #[param(schema_with = category_schema)]
    category: Option<String>,
    /// The order of the listing.
    #[param(value_type = Option<Sort>)]
    sort: Option<String>,
    /// Only products that can be shipped to `country` (which it needs); `1` and `0` are
    /// accepted too.
    #[param(value_type = Option<bool>)]
    ships: Option<String>,
    /// Only products a carrier takes to `country` (which it needs) with duties and taxes paid
    /// at checkout, so nothing is due at the door; `1` and `0` are accepted too.
    #[param(value_type = Option<bool>)]
    ddp: Option<String>,
    /// Only products the fastest carrier to `country` (which it needs) expects to deliver by
    /// this day, if ordered now.
    #[param(value_type = Option<String>, format = Date, example = "2026-12-12")]
    arrives_by: Option<String>,
    /// Only products of the seller with this slug.
    #[param(example = "kiln-and-leaf")]
    maker: Option<String>,
    /// Only products shipped from this country (ISO 3166-1 alpha-2).
    #[param(pattern = "^[A-Z]{2}$", example = "JP")]
    origin: Option<String>,
    /// Only featured products; `1` and `0` are accepted too.
    #[param(value_type = Option<bool>)]
    featured: Option<String>,
    /// Lowest `local_price`, in minor units of `currency` (which it needs).
    #[param(value_type = Option<i64>, minimum = 0)]
    min_price: Option<String>,
    /// Highest `local_price`, in minor units of `currency` (which it needs); not below
    /// `min_price`.
    #[param(value_type = Option<i64>, minimum = 0)]
    max_price: Option<String>,
}

/// The `category` parameter: one of [`CATEGORIES`].
fn category_schema() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(CATEGORIES))
        .description(Some("Only products of this category."))
}

/// The validated listing request.
struct ListRequest {
    lang: String,
    page: u32,
    country: Option<&'static market::Country>,
    currency: Option<Currency>,
    /// What the buyer typed, when it has anything to search for.
    query: Option<search::Query>,
    /// Index in [`CATEGORIES`].
    category: Option<usize>,
    /// A seller's slug.
    maker: Option<String>,
    /// The country goods ship from.
    origin: Option<String>,
    sort: Sort,
    ships_only: bool,
    ddp_only: bool,
    arrives_by: Option<Date>,
    featured_only: bool,
    min_price: Option<i64>,
    max_price: Option<i64>,
}

/// The filters of a listing, a bit each: a product is listed when it passes every one, and a
/// facet counts the products that pass every one but its own.
mod filter {
    pub const CATEGORY: u8 = 1;
    pub const MAKER: u8 = 1 << 1;
    pub const ORIGIN: u8 = 1 << 2;
    pub const SHIPS: u8 = 1 << 3;
    pub const DDP: u8 = 1 << 4;
    pub const ARRIVES: u8 = 1 << 5;
    pub const PRICE: u8 = 1 << 6;
    pub const FEATURED: u8 = 1 << 7;
    pub const ALL: u8 = u8::MAX;
}

/// A product on the page, with its prices and whether it can go to the buyer.
struct Candidate {
    /// Index in [`Listing::products`].
    index: u32,
    price: Money,
    local_price: Option<Money>,
    restriction: Option<ImportRestriction>,
}

/// The localized catalog, a page at a time, with how many products each filter value leaves.
///
/// Prices in the seller's currency and, with `currency`, converted at the published rates;
/// with `country`, whether each product can be shipped there and how soon it can arrive. With
/// `q`, only the products the search finds, best match first unless another `sort` is asked
/// for.
#[utoipa::path(
    get,
    path = "/api/products",
    tag = "products",
    operation_id = "list_products",
    params(ListParams),
    responses(
        (status = 200, description = "One page of the listing.", body = ProductPage),
        (status = 400, description = "A query parameter is invalid; `field` names it.",
            body = Problem, content_type = "application/problem+json"),
    )
)]
async fn list(
    State(state): State<AppState>,
    Query(params): Query<ListParams>,
) -> Result<Json<ProductPage>, AppError> {
    let rates = rates::cached(&state).await?;
    let request = validate(params, &rates)?;
    let listing = state.caches.listing.get(&state.store).await?;
    let maker = request
        .maker
        .as_deref()
        .map(|slug| {
            listing
                .seller_index(slug)
                .ok_or_else(|| AppError::invalid("maker", "must be the slug of one of the sellers"))
        })
        .transpose()?;
    let found = match &request.query {
        Some(query) => Some(store::search::find(&state.store, &request.lang, query).await?),
        None => None,
    };
    // Search hits best first and in catalog order among equals, or the whole catalog in its
    // order.
    let order: Vec<u32> = match &found {
        Some(found) => {
            let mut hits: Vec<(u32, u32)> = found
                .products
                .iter()
                .filter_map(|hit| Some((hit.tier, listing.index_of(hit.product)?)))
                .collect();
            hits.sort_unstable();
            hits.into_iter().map(|(_, index)| index).collect()
        }
        None => (0..listing.products.len() as u32).collect(),
    };

    // Import rules and carriers are asked once per distinct set of traits and per distinct
    // shipping profile, and prices converted only for the page: a listing goes through every
    // product to count its facets.
    let mut destination = Destination::new(&listing, request.country);
    let prices = SellerPriceBounds::new(&listing, &request, &rates)?;
    let mut counts = Counts::new(&listing);
    let mut listed: Vec<u32> = Vec::with_capacity(order.len());
    for index in order {
        let facts = &listing.products[index as usize];
        let seller = &listing.sellers[facts.seller];
        let mut passes = 0;
        let mut pass = |bit: u8, ok: bool| {
            if ok {
                passes |= bit;
            }
        };
        pass(
            filter::CATEGORY,
            request.category.is_none_or(|c| c == facts.category),
        );
        pass(filter::MAKER, maker.is_none_or(|m| m == facts.seller));
        pass(
            filter::ORIGIN,
            request
                .origin
                .as_deref()
                .is_none_or(|o| o == seller.country),
        );
        pass(filter::FEATURED, !request.featured_only || facts.featured);
        pass(filter::PRICE, prices.admits(facts));
        let (restriction, arrival) = destination.of(facts);
        pass(filter::SHIPS, !request.ships_only || restriction.is_none());
        // Every service that takes a parcel quotes it with duties paid at checkout.
        pass(filter::DDP, !request.ddp_only || arrival.is_some());
        pass(
            filter::ARRIVES,
            request
                .arrives_by
                .is_none_or(|by| arrival.is_some_and(|date| date <= by)),
        );
        counts.add(facts, passes, restriction.is_none(), arrival);
        if passes == filter::ALL {
            listed.push(index);
        }
    }
    let featured = |index: &u32| Reverse(listing.products[*index as usize].featured);
    match request.sort {
        Sort::Relevance if found.is_some() => {}
        Sort::Featured | Sort::Relevance => listed.sort_by_key(featured),
        Sort::PriceAsc | Sort::PriceDesc => {
            let mut priced = Vec::with_capacity(listed.len());
            for index in listed {
                priced.push((
                    price_of(index, &listing, &rates, rates.base)?.amount_minor,
                    index,
                ));
            }
            // Stable: equal prices keep the catalog's (or the search's) order.
            match request.sort {
                Sort::PriceAsc => priced.sort_by_key(|(price, _)| *price),
                _ => priced.sort_by_key(|(price, _)| Reverse(*price)),
            }
            listed = priced.into_iter().map(|(_, index)| index).collect();
        }
        Sort::Name => {
            let order = listing.name_order(&state.store, &request.lang).await?;
            listed.sort_by_key(|index| order[*index as usize]);
        }
    }
    let mut candidates = Vec::with_capacity(PAGE_SIZE as usize);
    let start = ((request.page - 1) as usize).saturating_mul(PAGE_SIZE as usize);
    for &index in listed.iter().skip(start).take(PAGE_SIZE as usize) {
        let facts = &listing.products[index as usize];
        candidates.push(Candidate {
            index,
            price: price_of(
                index,
                &listing,
                &rates,
                listing.sellers[facts.seller].currency,
            )?,
            local_price: request
                .currency
                .map(|to| price_of(index, &listing, &rates, to))
                .transpose()?,
            restriction: destination.of(facts).0,
        });
    }
    let total = u32::try_from(listed.len()).unwrap_or(u32::MAX);
    let ids: Vec<i64> = candidates
        .iter()
        .map(|c| listing.products[c.index as usize].id)
        .collect();
    let mut rows: HashMap<i64, PageRow> = store::catalog::page(&state.store, &request.lang, &ids)
        .await?
        .into_iter()
        .map(|row| (row.id, row))
        .collect();
    let terms = found.as_ref().map(|found| found.terms.as_slice());
    let items = candidates
        .into_iter()
        .filter_map(|c| {
            let facts = &listing.products[c.index as usize];
            // A product deleted since the listing was loaded is left out.
            let row = rows.remove(&facts.id)?;
            Some(c.summary(row, &listing, terms.unwrap_or_default()))
        })
        .collect();
    Ok(Json(ProductPage {
        items,
        page: request.page,
        per_page: PAGE_SIZE,
        total,
        facets: counts.facets(&listing, request.country.is_some()),
        partial: found.as_ref().is_some_and(|found| !found.every_term),
        did_you_mean: found.and_then(|found| found.did_you_mean),
        rates_as_of: request.currency.map(|_| rates.as_of),
    }))
}

/// The facets' counts as a listing goes through its products.
struct Counts {
    categories: Vec<u32>,
    makers: Vec<u32>,
    /// By seller, whose country it is: summed by country at the end.
    origins: Vec<u32>,
    ships_to: u32,
    ddp: u32,
    /// Products by the day they can arrive.
    arrivals: std::collections::BTreeMap<Date, u32>,
}

impl Counts {
    fn new(listing: &Listing) -> Self {
        Self {
            categories: vec![0; CATEGORIES.len()],
            makers: vec![0; listing.sellers.len()],
            origins: vec![0; listing.sellers.len()],
            ships_to: 0,
            ddp: 0,
            arrivals: std::collections::BTreeMap::new(),
        }
    }

    /// Counts a product that passes the filters of `passes`, where each facet would list it.
    fn add(&mut self, facts: &Facts, passes: u8, importable: bool, arrival: Option<Date>) {
        let but = |bit: u8| passes | bit == filter::ALL;
        if but(filter::CATEGORY) {
            self.categories[facts.category] += 1;
        }
        if but(filter::MAKER) {
            self.makers[facts.seller] += 1;
        }
        if but(filter::ORIGIN) {
            self.origins[facts.seller] += 1;
        }
        if but(filter::SHIPS) && importable {
            self.ships_to += 1;
        }
        if but(filter::DDP) && arrival.is_some() {
            self.ddp += 1;
        }
        if but(filter::ARRIVES)
            && let Some(date) = arrival
        {
            *self.arrivals.entry(date).or_default() += 1;
        }
    }

    /// The facets; those about the destination only `with_country`.
    fn facets(self, listing: &Listing, with_country: bool) -> Facets {
        let count = |key: &str, label: Option<String>, count: u32| FacetCount {
            key: key.to_owned(),
            label,
            count,
        };
        let mut arrives_by = Vec::with_capacity(self.arrivals.len());
        let mut by_then = 0;
        for (date, arriving) in self.arrivals {
            by_then += arriving;
            arrives_by.push(DateCount {
                date,
                count: by_then,
            });
        }
        Facets {
            categories: CATEGORIES
                .iter()
                .zip(self.categories)
                .filter(|(_, n)| *n > 0)
                .map(|(key, n)| count(key, None, n))
                .collect(),
            makers: listing
                .sellers
                .iter()
                .zip(self.makers)
                .filter(|(_, n)| *n > 0)
                .map(|(seller, n)| count(&seller.slug, Some(seller.name.clone()), n))
                .collect(),
            origins: {
                let mut by_country = std::collections::BTreeMap::<&str, u32>::new();
                for (seller, n) in listing.sellers.iter().zip(self.origins) {
                    *by_country.entry(&seller.country).or_default() += n;
                }
                by_country
                    .into_iter()
                    .filter(|(_, n)| *n > 0)
                    .map(|(country, n)| count(country, None, n))
                    .collect()
            },
            ships_to: with_country.then_some(self.ships_to),
            ddp: with_country.then_some(self.ddp),
            arrives_by,
        }
    }
}

/// The cheapest variant's price of product `index`, in `to`.
fn price_of(
    index: u32,
    listing: &Listing,
    rates: &RateTable,
    to: Currency,
) -> Result<Money, AppError> {
    let facts = &listing.products[index as usize];
    let price = Money::new(facts.price_minor, listing.sellers[facts.seller].currency);
    rates
        .convert(price, to)
        .map_err(|e| AppError::Corrupt(format!("product {}: {e}", facts.id)))
}

/// The buyer's price bounds as amounts in each seller's own currency: a product's converted
/// price is within the bounds exactly when its own price is within these (converting never
/// makes a larger amount smaller), so the filter converts six bounds, not every price.
struct SellerPriceBounds {
    /// By seller: the lowest and highest own price that passes; `None` without bounds.
    bounds: Option<Vec<(i64, i64)>>,
}

/// No price in minor units reaches this: the top of the search for a bound.
const PRICE_CEILING: i64 = 1_000_000_000_000_000;

impl SellerPriceBounds {
    fn new(listing: &Listing, request: &ListRequest, rates: &RateTable) -> Result<Self, AppError> {
        let Some(to) = request
            .currency
            .filter(|_| request.min_price.is_some() || request.max_price.is_some())
        else {
            return Ok(Self { bounds: None });
        };
        let mut bounds = Vec::with_capacity(listing.sellers.len());
        for seller in &listing.sellers {
            // The converted amount of `own`; beyond what converts, more than any bound.
            let converted = |own: i64| {
                rates
                    .convert(Money::new(own, seller.currency), to)
                    .map_or(i64::MAX, |money| money.amount_minor)
            };
            // The least own amount whose converted amount is at least `local`.
            let least_reaching = |local: i64| {
                let (mut low, mut high) = (0, PRICE_CEILING);
                while low < high {
                    let middle = low + (high - low) / 2;
                    if converted(middle) >= local {
                        high = middle;
                    } else {
                        low = middle + 1;
                    }
                }
                low
            };
            let lowest = request.min_price.map_or(i64::MIN, least_reaching);
            let highest = request
                .max_price
                .map_or(i64::MAX, |max| least_reaching(max.saturating_add(1)) - 1);
            bounds.push((lowest, highest));
        }
        Ok(Self {
            bounds: Some(bounds),
        })
    }

    fn admits(&self, facts: &Facts) -> bool {
        self.bounds.as_ref().is_none_or(|bounds| {
            let (lowest, highest) = bounds[facts.seller];
            (lowest..=highest).contains(&facts.price_minor)
        })
    }
}

/// Whether products may go to the buyer's country and how soon they can arrive, asked once per
/// set of traits and per shipping profile.
struct Destination<'a> {
    listing: &'a Listing,
    country: Option<&'static market::Country>,
    ordered_at: storefront_domain::date::Timestamp,
    restrictions: Vec<Option<Option<ImportRestriction>>>,
    arrivals: Vec<Option<Option<Date>>>,
}

impl<'a> Destination<'a> {
    fn new(listing: &'a Listing, country: Option<&'static market::Country>) -> Self {
        Self {
            listing,
            country,
            ordered_at: crate::now(),
            restrictions: vec![None; listing.trait_sets.len()],
            arrivals: vec![None; listing.shipping.len()],
        }
    }

    /// Why the product cannot be imported, and when it can arrive at the soonest (never when it
    /// cannot be imported); both `None` without a country.
    fn of(&mut self, facts: &Facts) -> (Option<ImportRestriction>, Option<Date>) {
        let Some(country) = self.country else {
            return (None, None);
        };
        let listing = self.listing;
        let restriction = *self.restrictions[facts.trait_set as usize].get_or_insert_with(|| {
            import_restriction(country.code, &listing.trait_sets[facts.trait_set as usize])
        });
        if restriction.is_some() {
            return (restriction, None);
        }
        let ordered_at = self.ordered_at;
        let arrival = *self.arrivals[facts.shipping as usize].get_or_insert_with(|| {
            let shipping = &listing.shipping[facts.shipping as usize];
            fastest_arrival(
                &listing.sellers[shipping.seller].country,
                country.code,
                &shipping.parcel,
                &shipping.traits,
                ordered_at,
            )
        });
        (None, arrival)
    }
}

impl Candidate {
    /// The product as the page shows it, its name's matches of search `terms` marked.
    fn summary(&self, row: PageRow, listing: &Listing, terms: &[String]) -> ProductSummary {
        let facts = &listing.products[self.index as usize];
        let seller = &listing.sellers[facts.seller];
        let name_matches = search::text_ranges(&search::highlights(&row.name, terms));
        ProductSummary {
            slug: row.slug,
            name: row.name,
            seller: SellerRef {
                name: seller.name.clone(),
                country: seller.country.clone(),
            },
            category: CATEGORIES[facts.category].to_owned(),
            price: self.price,
            image: row.image,
            stock: u32::try_from(row.stock).unwrap_or(0),
            local_price: self.local_price,
            restriction: self.restriction,
            name_matches,
        }
    }
}

/// Query parameters of one product's page.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct DetailParams {
    /// The buyer's language (BCP 47 primary subtag); English texts where the product has no
    /// translation. English when absent.
    #[param(pattern = "^[a-z]{2,3}$", example = "de")]
    lang: Option<String>,
    /// The destination (ISO 3166-1 alpha-2): whether the product can be shipped there and, if it
    /// can, the cheapest and fastest delivery.
    #[param(pattern = "^[A-Z]{2}$", example = "DE")]
    country: Option<String>,
    /// A currency with a published rate: each variant gets `local_price` in it.
    #[param(value_type = Option<Currency>)]
    currency: Option<String>,
}

/// One product: its variants with stock, shipping restrictions and a delivery estimate.
#[utoipa::path(
    get,
    path = "/api/products/{slug}",
    tag = "products",
    operation_id = "get_product",
    params(
        ("slug" = String, Path, description = "The product's URL key, such as `matcha-bowl`."),
        DetailParams,
    ),
    responses(
        (status = 200, description = "The product.", body = ProductDetail),
        (status = 400, description = "A query parameter is invalid; `field` names it.",
            body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No product has this slug.", body = Problem,
            content_type = "application/problem+json"),
    )
)]
async fn detail(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(params): Query<DetailParams>,
) -> Result<Json<ProductDetail>, AppError> {
    let rates = rates::cached(&state).await?;
    let lang = parse_lang(params.lang.as_deref())?;
    let country = parse_country(params.country)?;
    let currency = parse_currency(params.currency, &rates)?;

    let row = store::catalog::product(&state.store, lang, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let seller_currency =
        Currency::new(&row.currency).map_err(|e| AppError::Corrupt(e.to_string()))?;

    let variant_rows = store::catalog::variants(&state.store, lang, row.id).await?;
    let mut variants = Vec::with_capacity(variant_rows.len());
    for variant in variant_rows {
        let price = Money::new(variant.price_minor, seller_currency);
        let local_price = currency
            .map(|to| rates.convert(price, to))
            .transpose()
            .map_err(|e| AppError::Corrupt(format!("{slug}: {e}")))?;
        variants.push(VariantDetail {
            key: variant.key,
            label: variant.label,
            price,
            local_price,
            stock: u32::try_from(variant.stock).unwrap_or(0),
        });
    }

    let traits = parse_traits(row.traits.as_deref())?;
    let restriction = country.and_then(|c| import_restriction(c.code, &traits));
    let delivery = match country {
        Some(country) if restriction.is_none() => {
            let display = currency.unwrap_or_else(|| country.currency());
            delivery_estimate(&state, &slug, country.code, &rates, display).await?
        }
        _ => None,
    };
    Ok(Json(ProductDetail {
        slug: row.slug,
        name: row.name,
        description: row.description,
        category: row.category,
        image: row.image,
        seller: SellerRef {
            name: row.seller_name,
            country: row.seller_country,
        },
        seller_city: row.seller_city,
        traits,
        variants,
        rates_as_of: currency.map(|_| rates.as_of),
        restriction,
        delivery,
    }))
}

/// The cheapest and fastest services for one unit of the cheapest variant, with duties paid
/// at checkout; `None` when no service carries it there.
async fn delivery_estimate(
    state: &AppState,
    slug: &str,
    destination: &str,
    rates: &RateTable,
    currency: Currency,
) -> Result<Option<DeliveryEstimate>, AppError> {
    let catalog = state
        .caches
        .variants
        .get_or_load("en".to_owned(), || {
            catalog::Catalog::load(&state.store, "en")
        })
        .await?;
    let Some(variant) = catalog.cheapest(slug) else {
        return Ok(None);
    };
    let quote = quote_shipment(
        &variant.origin,
        destination,
        &[variant.shipment_line(1)],
        rates,
        currency,
        crate::now(),
    )
    .map_err(|e| AppError::Corrupt(format!("{slug}: {e}")))?;
    let estimates: Vec<ServiceEstimate> = quote
        .services
        .into_iter()
        .filter_map(|service| match service.offer {
            QuotedOffer::Available {
                shipping,
                window,
                ddp,
                ..
            } => Some(ServiceEstimate {
                carrier_name: service.carrier_name,
                service_code: service.service_code,
                level: service.level,
                shipping,
                window,
                duties: ddp,
            }),
            QuotedOffer::Refused { .. } => None,
        })
        .collect();
    let cheapest = estimates
        .iter()
        .min_by_key(|e| (e.shipping.amount_minor, e.window.latest))
        .cloned();
    let fastest = estimates
        .iter()
        .min_by_key(|e| (e.window.latest, e.window.earliest, e.shipping.amount_minor))
        .cloned();
    Ok(cheapest
        .zip(fastest)
        .map(|(cheapest, fastest)| DeliveryEstimate { cheapest, fastest }))
}

/// A query value with surrounding blanks removed; `None` when absent or blank.
pub(super) fn text(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// A destination the store ships to, by ISO 3166-1 alpha-2 code.
pub(super) fn parse_country(
    raw: Option<String>,
) -> Result<Option<&'static market::Country>, AppError> {
    text(raw)
        .map(|code| {
            market::country(&code).ok_or_else(|| {
                AppError::invalid(
                    "country",
                    "must be a country the store ships to, such as DE",
                )
            })
        })
        .transpose()
}

/// A currency the published rates cover.
pub(super) fn parse_currency(
    raw: Option<String>,
    rates: &RateTable,
) -> Result<Option<Currency>, AppError> {
    text(raw)
        .map(|code| {
            Currency::new(&code)
                .ok()
                .filter(|c| *c == rates.base || rates.rates.contains_key(c))
                .ok_or_else(|| {
                    AppError::invalid(
                        "currency",
                        "must be a currency with a published rate, such as EUR",
                    )
                })
        })
        .transpose()
}

fn validate(params: ListParams, rates: &RateTable) -> Result<ListRequest, AppError> {
    let country = parse_country(params.country)?;
    let currency = parse_currency(params.currency, rates)?;
    let category = text(params.category)
        .map(|key| {
            CATEGORIES.iter().position(|c| *c == key).ok_or_else(|| {
                AppError::invalid(
                    "category",
                    format!("must be one of {}", CATEGORIES.join(", ")),
                )
            })
        })
        .transpose()?;
    let sort = match text(params.sort) {
        None => Sort::Relevance,
        Some(key) => Sort::parse(&key).ok_or_else(|| {
            AppError::invalid(
                "sort",
                "must be one of featured, relevance, price_asc, price_desc, name",
            )
        })?,
    };
    // A yes-or-no filter about the destination, which needs one.
    let destination_flag = |field: &str, value: Option<String>| match text(value).as_deref() {
        None | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") if country.is_some() => Ok(true),
        Some("true") | Some("1") => Err(AppError::invalid(field, "needs a country to ship to")),
        Some(_) => Err(AppError::invalid(field, "must be true or false")),
    };
    let ships_only = destination_flag("ships", params.ships)?;
    let ddp_only = destination_flag("ddp", params.ddp)?;
    let arrives_by = text(params.arrives_by)
        .map(|day| {
            if country.is_none() {
                return Err(AppError::invalid(
                    "arrives_by",
                    "needs a country to ship to",
                ));
            }
            Date::parse(&day)
                .map_err(|_| AppError::invalid("arrives_by", "must be a date, YYYY-MM-DD"))
        })
        .transpose()?;
    let origin = text(params.origin)
        .map(|code| {
            if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) {
                Ok(code)
            } else {
                Err(AppError::invalid(
                    "origin",
                    "must be a country code of two capital letters, such as JP",
                ))
            }
        })
        .transpose()?;
    let featured_only = match text(params.featured).as_deref() {
        None | Some("false") | Some("0") => false,
        Some("true") | Some("1") => true,
        Some(_) => return Err(AppError::invalid("featured", "must be true or false")),
    };
    let price = |field: &str, value: Option<String>| {
        text(value)
            .map(|v| {
                if currency.is_none() {
                    return Err(AppError::invalid(field, "needs a currency to compare in"));
                }
                v.parse::<i64>().ok().filter(|p| *p >= 0).ok_or_else(|| {
                    AppError::invalid(field, "must be a whole number of minor units, 0 or more")
                })
            })
            .transpose()
    };
    let min_price = price("min_price", params.min_price)?;
    let max_price = price("max_price", params.max_price)?;
    if let (Some(min), Some(max)) = (min_price, max_price)
        && min > max
    {
        return Err(AppError::invalid(
            "max_price",
            "must not be below min_price",
        ));
    }
    let query = text(params.q)
        .map(|q| {
            if q.chars().count() > 100 {
                Err(AppError::invalid("q", "must be at most 100 characters"))
            } else {
                Ok(search::Query::parse(&q))
            }
        })
        .transpose()?
        // Only spaces and punctuation: nothing to search for.
        .filter(|query| !query.is_empty());
    Ok(ListRequest {
        lang: parse_lang(params.lang.as_deref())?.to_owned(),
        page: parse_page(params.page.as_deref())?,
        country,
        currency,
        query,
        category,
        maker: text(params.maker),
        origin,
        sort,
        ships_only,
        ddp_only,
        arrives_by,
        featured_only,
        min_price,
        max_price,
    })
}

/// A BCP 47 primary language subtag (`en`, `de`, `ar`); English when absent.
pub(super) fn parse_lang(raw: Option<&str>) -> Result<&str, AppError> {
    match raw {
        None | Some("") => Ok("en"),
        Some(lang)
            if (2..=3).contains(&lang.len()) && lang.bytes().all(|b| b.is_ascii_lowercase()) =>
        {
            Ok(lang)
        }
        Some(_) => Err(AppError::invalid(
            "lang",
            "must be a language code of 2 or 3 lowercase letters, such as en or ar",
        )),
    }
}

/// A page number from 1; the first page when absent.
fn parse_page(raw: Option<&str>) -> Result<u32, AppError> {
    match raw {
        None | Some("") => Ok(1),
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|page| (1..=100_000).contains(page))
            .ok_or_else(|| AppError::invalid("page", "must be a whole number from 1 to 100000")),
    }
}
