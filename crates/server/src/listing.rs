//! The catalog's facts every listing filters and sorts on, held in memory: seller, category,
//! price, traits and catalog order of every product. A listing of 100,000 products is filtered,
//! sorted and paged here in milliseconds, and only its page's rows are read from the database
//! (with their stock as it is now). Texts are matched by the search index in the database
//! ([`crate::store::search`]).
//!
//! Loaded once and kept until the catalog's generation moves (a rebuild of the search index
//! after the catalog changed), which each server checks at most every [`CHECK_EVERY`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use storefront_domain::Currency;
use storefront_domain::carrier::Parcel;
use storefront_domain::product::{CATEGORIES, Trait};

use crate::catalog::parse_traits;
use crate::error::AppError;
use crate::store::{self, Store};

/// How long a server trusts its listing before asking whether the catalog changed.
const CHECK_EVERY: Duration = Duration::from_secs(2);

/// Every product's facts, in catalog order.
pub struct Listing {
    /// The catalog generation these facts are of.
    generation: i64,
    /// In catalog order (the seller's position, then id).
    pub products: Vec<Facts>,
    /// By [`Facts::seller`].
    pub sellers: Vec<Seller>,
    /// Index in `products` by product id.
    by_id: HashMap<i64, u32>,
    /// The distinct sets of traits, by [`Facts::trait_set`]: import rules look at nothing else,
    /// so a listing asks them once per set, not once per product.
    pub trait_sets: Vec<Vec<Trait>>,
    /// The distinct (seller, traits, parcel), by [`Facts::shipping`]: what carriers look at.
    pub shipping: Vec<Shipping>,
    /// Per language, each product's place when sorted by name (by index in `products`),
    /// computed on first use.
    name_order: Mutex<HashMap<String, Arc<Vec<u32>>>>,
}

/// What a listing needs to know of one product without its texts.
pub struct Facts {
    pub id: i64,
    /// Index in [`Listing::sellers`].
    pub seller: usize,
    /// Index in [`CATEGORIES`].
    pub category: usize,
    /// The cheapest variant's price, in the seller's currency.
    pub price_minor: i64,
    pub featured: bool,
    /// Index in [`Listing::trait_sets`].
    pub trait_set: u32,
    /// Index in [`Listing::shipping`].
    pub shipping: u32,
}

/// What carriers decide on for a product: where it ships from, what it is and its parcel.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Shipping {
    /// Index in [`Listing::sellers`].
    pub seller: usize,
    pub traits: Vec<Trait>,
    pub parcel: Parcel,
}

/// A seller as listings show and filter it.
pub struct Seller {
    pub slug: String,
    pub name: String,
    /// Where it ships from (ISO 3166-1 alpha-2).
    pub country: String,
    pub currency: Currency,
}

impl Listing {
    async fn load(store: &Store, generation: i64) -> Result<Self, AppError> {
        let seller_rows = store::catalog::sellers_facts(store).await?;
        let mut seller_index = HashMap::new();
        let mut sellers = Vec::with_capacity(seller_rows.len());
        for row in seller_rows {
            let currency = Currency::new(&row.currency)
                .map_err(|_| AppError::Corrupt(format!("seller {}: bad currency", row.slug)))?;
            seller_index.insert(row.id, sellers.len());
            sellers.push(Seller {
                slug: row.slug,
                name: row.name,
                country: row.country,
                currency,
            });
        }
        let rows = store::catalog::listing_facts(store).await?;
        let mut products = Vec::with_capacity(rows.len());
        let mut by_id = HashMap::with_capacity(rows.len());
        let mut trait_sets: Vec<Vec<Trait>> = Vec::new();
        let mut trait_set_index: HashMap<Vec<Trait>, u32> = HashMap::new();
        let mut shipping: Vec<Shipping> = Vec::new();
        let mut shipping_index: HashMap<Shipping, u32> = HashMap::new();
        for row in rows {
            let corrupt = |what: &str| AppError::Corrupt(format!("product {}: {what}", row.id));
            let seller = *seller_index
                .get(&row.seller_id)
                .ok_or_else(|| corrupt("unknown seller"))?;
            let category = CATEGORIES
                .iter()
                .position(|c| *c == row.category)
                .ok_or_else(|| corrupt("unknown category"))?;
            let price_minor = row.price_minor.ok_or_else(|| corrupt("no variant"))?;
            let dimension =
                |value: i64| u32::try_from(value).map_err(|_| corrupt("dimension out of range"));
            let parcel = Parcel {
                weight_g: dimension(row.weight_g)?,
                length_mm: dimension(row.length_mm)?,
                width_mm: dimension(row.width_mm)?,
                height_mm: dimension(row.height_mm)?,
            };
            let traits = parse_traits(row.traits.as_deref())?;
            let trait_set = *trait_set_index.entry(traits.clone()).or_insert_with(|| {
                trait_sets.push(traits.clone());
                trait_sets.len() as u32 - 1
            });
            let profile = Shipping {
                seller,
                traits,
                parcel,
            };
            let shipping_profile = match shipping_index.get(&profile) {
                Some(index) => *index,
                None => {
                    shipping.push(profile.clone());
                    let index = shipping.len() as u32 - 1;
                    shipping_index.insert(profile, index);
                    index
                }
            };
            by_id.insert(row.id, products.len() as u32);
            products.push(Facts {
                id: row.id,
                seller,
                category,
                price_minor,
                featured: row.featured,
                trait_set,
                shipping: shipping_profile,
            });
        }
        Ok(Self {
            generation,
            products,
            sellers,
            by_id,
            trait_sets,
            shipping,
            name_order: Mutex::default(),
        })
    }

    /// The index in [`Listing::sellers`] of the seller with `slug`.
    pub fn seller_index(&self, slug: &str) -> Option<usize> {
        self.sellers.iter().position(|seller| seller.slug == slug)
    }

    /// The index in [`Listing::products`] of product `id`; `None` for a product added since
    /// these facts were loaded.
    pub fn index_of(&self, id: i64) -> Option<u32> {
        self.by_id.get(&id).copied()
    }

    /// Each product's place (by index in [`Listing::products`]) when sorted by its name in
    /// `lang`, case folded.
    pub async fn name_order(&self, store: &Store, lang: &str) -> Result<Arc<Vec<u32>>, AppError> {
        if let Some(order) = self.lock_names().get(lang) {
            return Ok(Arc::clone(order));
        }
        let names = store::catalog::names(store, lang).await?;
        let mut keyed: Vec<(String, u32)> = names
            .into_iter()
            .filter_map(|(id, name)| Some((name.to_lowercase(), self.index_of(id)?)))
            .collect();
        keyed.sort();
        let mut order = vec![u32::MAX; self.products.len()];
        for (place, (_, index)) in keyed.into_iter().enumerate() {
            order[index as usize] = place as u32;
        }
        let order = Arc::new(order);
        self.lock_names()
            .insert(lang.to_owned(), Arc::clone(&order));
        Ok(order)
    }

    fn lock_names(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Vec<u32>>>> {
        // Entries are inserted whole: a panic elsewhere cannot leave the map inconsistent.
        self.name_order
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// The server's listing, reloaded when the catalog changed.
#[derive(Default)]
pub struct ListingCache {
    current: Mutex<Option<(Instant, Arc<Listing>)>>,
    /// One load at a time: a hundred requests arriving together load it once.
    loading: tokio::sync::Mutex<()>,
}

impl ListingCache {
    /// The listing of the catalog as it is (as of at most [`CHECK_EVERY`] ago).
    pub async fn get(&self, store: &Store) -> Result<Arc<Listing>, AppError> {
        if let Some(listing) = self.fresh() {
            return Ok(listing);
        }
        let _loading = self.loading.lock().await;
        if let Some(listing) = self.fresh() {
            return Ok(listing);
        }
        let generation = store::search::generation(store).await?;
        let kept = self.lock().as_ref().map(|(_, listing)| Arc::clone(listing));
        let listing = match kept {
            Some(listing) if listing.generation == generation => listing,
            _ => Arc::new(Listing::load(store, generation).await?),
        };
        *self.lock() = Some((Instant::now(), Arc::clone(&listing)));
        Ok(listing)
    }

    fn fresh(&self) -> Option<Arc<Listing>> {
        match &*self.lock() {
            Some((checked, listing)) if checked.elapsed() < CHECK_EVERY => {
                Some(Arc::clone(listing))
            }
            _ => None,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<(Instant, Arc<Listing>)>> {
        // Replaced whole: a panic elsewhere cannot leave it inconsistent.
        self.current.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
