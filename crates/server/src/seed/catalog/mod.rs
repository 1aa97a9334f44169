//! The seed catalog: sellers, and each seller's products in a file of its own. Data only; the
//! parent module has the record types and inserts them.

mod atelier_lin;
mod copper_coast;
mod hanji_house;
mod kiln_and_leaf;
mod maple_and_pine;
mod telar_oaxaca;

use super::{Product, Seller};

pub const SELLERS: &[Seller] = &[
    Seller {
        slug: "kiln-and-leaf",
        name: "Kiln & Leaf",
        country: "JP",
        currency: "JPY",
        city: "Kyoto",
    },
    Seller {
        slug: "atelier-lin",
        name: "Atelier Lin",
        country: "FR",
        currency: "EUR",
        city: "Lyon",
    },
    Seller {
        slug: "maple-and-pine",
        name: "Maple & Pine",
        country: "US",
        currency: "USD",
        city: "Burlington",
    },
    Seller {
        slug: "copper-coast",
        name: "Copper Coast",
        country: "GB",
        currency: "GBP",
        city: "Falmouth",
    },
    Seller {
        slug: "telar-oaxaca",
        name: "Telar Oaxaca",
        country: "MX",
        currency: "MXN",
        city: "Oaxaca",
    },
    Seller {
        slug: "hanji-house",
        name: "Hanji House",
        country: "KR",
        currency: "KRW",
        city: "Jeonju",
    },
];

/// Every seller's products, in catalog order.
const BY_SELLER: &[&[Product]] = &[
    kiln_and_leaf::PRODUCTS,
    atelier_lin::PRODUCTS,
    maple_and_pine::PRODUCTS,
    copper_coast::PRODUCTS,
    telar_oaxaca::PRODUCTS,
    hanji_house::PRODUCTS,
];

/// Every product of the catalog, seller by seller.
pub fn products() -> impl Iterator<Item = &'static Product> {
    BY_SELLER.iter().flat_map(|products| products.iter())
}
