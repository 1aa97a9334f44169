//! The buyer's shopping cart, as the browser app keeps it in local storage and renders it.
//!
//! Each line remembers what the buyer saw when adding it (name, image, prices, stock), so the
//! cart can be shown at once, before the server answers, and so a later price or stock change
//! can be pointed out rather than slipped in. The server never sees this type: it gets
//! [`CartLine`]s from [`Cart::quote_lines`] and prices them from its own catalog.

use serde::{Deserialize, Serialize};

use crate::product::{ProductDetail, VariantDetail};
use crate::quote::{CartLine, MAX_LINES, MAX_QUANTITY};
use crate::{Currency, Money};

/// One product variant in the cart, with a snapshot of what the buyer saw.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartItem {
    /// The product's slug.
    pub product: String,
    /// The variant's key.
    pub variant: String,
    /// How many units; 1 to [`CartItem::max_quantity`] once in a cart.
    pub quantity: u32,
    /// The product's name in the buyer's language, when last seen.
    pub name: String,
    /// The variant's label, when last seen; `None` for a product without options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant_label: Option<String>,
    /// Path of the product image, when last seen.
    pub image: String,
    /// Price of one unit in the seller's currency, when last seen.
    pub unit_price: Money,
    /// Price of one unit in the buyer's currency at the rates of that time, if it was converted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_price: Option<Money>,
    /// Units available, when last seen.
    pub stock: u32,
}

impl CartItem {
    /// `quantity` units of `variant` of `detail`, with the page's figures as the snapshot.
    pub fn new(detail: &ProductDetail, variant: &VariantDetail, quantity: u32) -> Self {
        Self {
            product: detail.slug.clone(),
            variant: variant.key.clone(),
            quantity,
            name: detail.name.clone(),
            variant_label: variant.label.clone(),
            image: detail.image.clone(),
            unit_price: variant.price,
            local_price: variant.local_price,
            stock: variant.stock,
        }
    }

    /// The most units this line may hold: the stock last seen, and never more than
    /// [`MAX_QUANTITY`], which the server refuses beyond.
    pub fn max_quantity(&self) -> u32 {
        self.stock.min(MAX_QUANTITY)
    }

    fn is(&self, product: &str, variant: &str) -> bool {
        self.product == product && self.variant == variant
    }
}

/// The cart: one line per product variant, in the order they were first added.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cart {
    /// The lines; never two for the same product and variant.
    #[serde(default)]
    pub lines: Vec<CartItem>,
}

/// What [`Cart::add`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Added {
    /// Every unit asked for is in the cart.
    Fully {
        /// The line's quantity now.
        quantity: u32,
    },
    /// Some units were left out: the line is at its stock or at [`MAX_QUANTITY`].
    Capped {
        /// The line's quantity now (lower than before if the stock dropped meanwhile).
        quantity: u32,
    },
    /// Nothing was added and the cart is unchanged.
    Refused(AddRefusal),
}

/// Why [`Cart::add`] added nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddRefusal {
    /// The variant has no stock.
    SoldOut,
    /// The cart already has [`MAX_LINES`] lines, the most one quote takes.
    CartFull,
    /// Zero units were asked for.
    NoUnits,
}

/// Why a cart operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CartError {
    /// No line has this product and variant.
    #[error("{product}/{variant} is not in the cart")]
    NotInCart {
        /// The product's slug.
        product: String,
        /// The variant's key.
        variant: String,
    },
}

/// What the server says about a product variant now, for [`Cart::reconcile`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fresh {
    /// It is still sold, with these figures.
    Found {
        /// The product's name in the buyer's language.
        name: String,
        /// The variant's label; `None` for a product without options.
        variant_label: Option<String>,
        /// Path of the product image.
        image: String,
        /// Price of one unit in the seller's currency.
        unit_price: Money,
        /// Price of one unit in the buyer's currency, if converted.
        local_price: Option<Money>,
        /// Units available.
        stock: u32,
    },
    /// The product or the variant no longer exists.
    Gone,
}

impl Fresh {
    /// The facts about variant `variant` in a freshly fetched `detail`; [`Fresh::Gone`] when the
    /// product no longer has that variant.
    pub fn from_detail(detail: &ProductDetail, variant: &str) -> Self {
        match detail.variants.iter().find(|v| v.key == variant) {
            Some(v) => Self::Found {
                name: detail.name.clone(),
                variant_label: v.label.clone(),
                image: detail.image.clone(),
                unit_price: v.price,
                local_price: v.local_price,
                stock: v.stock,
            },
            None => Self::Gone,
        }
    }
}

/// A change [`Cart::reconcile`] made that the buyer should be told about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CartChange {
    /// The price of one unit changed; the line keeps its quantity.
    PriceChanged {
        /// The product's slug.
        product: String,
        /// The variant's key.
        variant: String,
        /// The product's name.
        name: String,
        /// The price the buyer saw: in the buyer's currency when both old and new prices have
        /// one in the same currency, else in the seller's currency.
        was: Money,
        /// The price now, in the same currency as `was`.
        now: Money,
    },
    /// The stock dropped below the quantity, which was lowered to the stock (or
    /// [`MAX_QUANTITY`]).
    QuantityReduced {
        /// The product's slug.
        product: String,
        /// The variant's key.
        variant: String,
        /// The product's name.
        name: String,
        /// The quantity before.
        was: u32,
        /// The quantity now.
        now: u32,
    },
    /// The variant has no stock left; its line was removed.
    SoldOut {
        /// The product's slug.
        product: String,
        /// The variant's key.
        variant: String,
        /// The product's name.
        name: String,
    },
    /// The product or variant no longer exists; its line was removed.
    Removed {
        /// The product's slug.
        product: String,
        /// The variant's key.
        variant: String,
        /// The product's name as last seen.
        name: String,
    },
}

impl Cart {
    /// An empty cart.
    pub fn new() -> Self {
        Self::default()
    }

    /// The line for `product` and `variant`, if in the cart.
    pub fn get(&self, product: &str, variant: &str) -> Option<&CartItem> {
        self.lines.iter().find(|line| line.is(product, variant))
    }

    fn position(&self, product: &str, variant: &str) -> Option<usize> {
        self.lines.iter().position(|line| line.is(product, variant))
    }

    /// Adds `item.quantity` units of its variant: to the existing line for the same product and
    /// variant, whose snapshot is replaced by `item`'s, or as a new last line.
    ///
    /// The line's quantity is capped at `item`'s [`CartItem::max_quantity`]; since `item` carries
    /// the newest stock, an existing line may even end up lower than it was. Nothing changes
    /// when the variant is sold out, zero units are asked for, or a new line would exceed
    /// [`MAX_LINES`].
    pub fn add(&mut self, mut item: CartItem) -> Added {
        let cap = item.max_quantity();
        if cap == 0 {
            return Added::Refused(AddRefusal::SoldOut);
        }
        if item.quantity == 0 {
            return Added::Refused(AddRefusal::NoUnits);
        }
        let index = self.position(&item.product, &item.variant);
        let wanted = match index {
            Some(index) => self.lines[index].quantity.saturating_add(item.quantity),
            None if self.lines.len() >= MAX_LINES => {
                return Added::Refused(AddRefusal::CartFull);
            }
            None => item.quantity,
        };
        let quantity = wanted.min(cap);
        item.quantity = quantity;
        match index {
            Some(index) => self.lines[index] = item,
            None => self.lines.push(item),
        }
        if quantity == wanted {
            Added::Fully { quantity }
        } else {
            Added::Capped { quantity }
        }
    }

    /// Sets the line's quantity, capped at its [`CartItem::max_quantity`], and returns the
    /// quantity set. Setting 0 removes the line (and returns 0), as does a line whose last seen
    /// stock is 0.
    pub fn set_quantity(
        &mut self,
        product: &str,
        variant: &str,
        quantity: u32,
    ) -> Result<u32, CartError> {
        let index = self
            .position(product, variant)
            .ok_or_else(|| CartError::NotInCart {
                product: product.to_owned(),
                variant: variant.to_owned(),
            })?;
        let line = &mut self.lines[index];
        let quantity = quantity.min(line.max_quantity());
        if quantity == 0 {
            self.lines.remove(index);
        } else {
            line.quantity = quantity;
        }
        Ok(quantity)
    }

    /// Removes the line for `product` and `variant` and returns it (for an "undo"), if it was
    /// in the cart.
    pub fn remove(&mut self, product: &str, variant: &str) -> Option<CartItem> {
        let index = self.position(product, variant)?;
        Some(self.lines.remove(index))
    }

    /// Total units over all lines.
    pub fn count(&self) -> u32 {
        // Saturating: a cart read back from storage may hold anything.
        self.lines
            .iter()
            .fold(0u32, |total, line| total.saturating_add(line.quantity))
    }

    /// Whether the cart has no lines.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The lines as the quote request wants them; the server prices them itself.
    pub fn quote_lines(&self) -> Vec<CartLine> {
        self.lines
            .iter()
            .map(|line| CartLine {
                product: line.product.clone(),
                variant: Some(line.variant.clone()),
                quantity: i64::from(line.quantity),
            })
            .collect()
    }

    /// The sum of each line's `local_price × quantity`, when every line has a local price in
    /// `currency` (zero for an empty cart).
    ///
    /// `None` when some line's price is missing or in another currency, since currencies are
    /// never mixed, or when the sum overflows; the app then waits for the server's quote.
    pub fn subtotal(&self, currency: Currency) -> Option<Money> {
        self.lines
            .iter()
            .try_fold(Money::zero(currency), |total, line| {
                let price = line.local_price.filter(|p| p.currency == currency)?;
                total
                    .checked_add(price.checked_mul(line.quantity).ok()?)
                    .ok()
            })
    }

    /// Brings every line up to date with what the server says now, and returns the changes the
    /// buyer should be told about, in line order.
    ///
    /// `fresh(product, variant)` gives the current facts; a line it answers `None` for (not
    /// fetched, say) is left as it is. A [`Fresh::Gone`] line is removed ([`CartChange::Removed`])
    /// and so is one with no stock ([`CartChange::SoldOut`]). Otherwise the snapshot is replaced;
    /// a quantity above the new stock is lowered to it ([`CartChange::QuantityReduced`]) and a
    /// different price is reported ([`CartChange::PriceChanged`]). Prices are compared in the
    /// buyer's currency, since that is what the buyer saw, so a moved exchange rate counts as a
    /// change; when the old or the new local price is missing, or they are in different
    /// currencies (the buyer switched currency), the seller's prices are compared instead.
    /// Changes of name, label or image are applied silently.
    pub fn reconcile(
        &mut self,
        mut fresh: impl FnMut(&str, &str) -> Option<Fresh>,
    ) -> Vec<CartChange> {
        let mut changes = Vec::new();
        self.lines.retain_mut(|line| {
            let Some(facts) = fresh(&line.product, &line.variant) else {
                return true;
            };
            let Fresh::Found {
                name,
                variant_label,
                image,
                unit_price,
                local_price,
                stock,
            } = facts
            else {
                changes.push(CartChange::Removed {
                    product: line.product.clone(),
                    variant: line.variant.clone(),
                    name: line.name.clone(),
                });
                return false;
            };
            if stock == 0 {
                changes.push(CartChange::SoldOut {
                    product: line.product.clone(),
                    variant: line.variant.clone(),
                    name,
                });
                return false;
            }
            let (was, now) = match (line.local_price, local_price) {
                (Some(was), Some(now)) if was.currency == now.currency => (was, now),
                _ => (line.unit_price, unit_price),
            };
            if was != now {
                changes.push(CartChange::PriceChanged {
                    product: line.product.clone(),
                    variant: line.variant.clone(),
                    name: name.clone(),
                    was,
                    now,
                });
            }
            line.name = name;
            line.variant_label = variant_label;
            line.image = image;
            line.unit_price = unit_price;
            line.local_price = local_price;
            line.stock = stock;
            let old_quantity = line.quantity;
            let quantity = old_quantity.min(line.max_quantity());
            if quantity != old_quantity {
                line.quantity = quantity;
                changes.push(CartChange::QuantityReduced {
                    product: line.product.clone(),
                    variant: line.variant.clone(),
                    name: line.name.clone(),
                    was: old_quantity,
                    now: quantity,
                });
            }
            true
        });
        changes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::product::SellerRef;
    use proptest::prelude::*;

    fn cur(code: &str) -> Currency {
        Currency::new(code).unwrap()
    }

    fn eur(minor: i64) -> Money {
        Money::new(minor, cur("EUR"))
    }

    fn usd(minor: i64) -> Money {
        Money::new(minor, cur("USD"))
    }

    /// A line of €10.00 (US$10.50) a unit.
    fn item(product: &str, variant: &str, quantity: u32, stock: u32) -> CartItem {
        CartItem {
            product: product.into(),
            variant: variant.into(),
            quantity,
            name: format!("{product} name"),
            variant_label: Some(variant.to_uppercase()),
            image: format!("/img/{product}.webp"),
            unit_price: eur(1000),
            local_price: Some(usd(1050)),
            stock,
        }
    }

    fn found(line: &CartItem) -> Fresh {
        Fresh::Found {
            name: line.name.clone(),
            variant_label: line.variant_label.clone(),
            image: line.image.clone(),
            unit_price: line.unit_price,
            local_price: line.local_price,
            stock: line.stock,
        }
    }

    #[test]
    fn adding_the_same_variant_twice_merges_and_refreshes_the_snapshot() {
        let mut cart = Cart::new();
        assert_eq!(
            cart.add(item("bowl", "red", 2, 10)),
            Added::Fully { quantity: 2 }
        );
        assert_eq!(
            cart.add(item("bowl", "blue", 1, 10)),
            Added::Fully { quantity: 1 }
        );
        let mut again = item("bowl", "red", 3, 8);
        again.name = "Matcha bowl".into();
        again.local_price = Some(usd(1100));
        assert_eq!(cart.add(again), Added::Fully { quantity: 5 });
        assert_eq!(cart.lines.len(), 2);
        let line = cart.get("bowl", "red").unwrap();
        assert_eq!(line.quantity, 5);
        assert_eq!(line.name, "Matcha bowl");
        assert_eq!(line.local_price, Some(usd(1100)));
        assert_eq!(line.stock, 8);
        // The merged line keeps its place.
        assert_eq!(cart.lines[0].variant, "red");
        assert_eq!(cart.count(), 6);
    }

    #[test]
    fn quantity_is_capped_at_stock_and_at_the_maximum() {
        let mut cart = Cart::new();
        assert_eq!(
            cart.add(item("bowl", "red", 5, 3)),
            Added::Capped { quantity: 3 }
        );
        assert_eq!(
            cart.add(item("bowl", "red", 1, 3)),
            Added::Capped { quantity: 3 }
        );
        // Stock fell to 2 since: the line follows it down.
        assert_eq!(
            cart.add(item("bowl", "red", 1, 2)),
            Added::Capped { quantity: 2 }
        );

        assert_eq!(
            cart.add(item("tea", "std", 150, 500)),
            Added::Capped {
                quantity: MAX_QUANTITY
            }
        );
        assert_eq!(
            cart.add(item("cup", "std", 60, 500)),
            Added::Fully { quantity: 60 }
        );
        assert_eq!(
            cart.add(item("cup", "std", 60, 500)),
            Added::Capped { quantity: 99 }
        );
        assert_eq!(
            cart.add(item("cup", "std", u32::MAX, 500)),
            Added::Capped { quantity: 99 }
        );
    }

    #[test]
    fn sold_out_zero_units_and_a_full_cart_are_refused_without_change() {
        let mut cart = Cart::new();
        assert_eq!(
            cart.add(item("bowl", "red", 1, 0)),
            Added::Refused(AddRefusal::SoldOut)
        );
        assert_eq!(
            cart.add(item("bowl", "red", 0, 5)),
            Added::Refused(AddRefusal::NoUnits)
        );
        assert!(cart.is_empty());

        cart.add(item("bowl", "red", 2, 5));
        let before = cart.clone();
        assert_eq!(
            cart.add(item("bowl", "red", 1, 0)),
            Added::Refused(AddRefusal::SoldOut)
        );
        assert_eq!(cart, before);

        for n in 1..MAX_LINES {
            cart.add(item(&format!("p{n}"), "std", 1, 5));
        }
        assert_eq!(cart.lines.len(), MAX_LINES);
        assert_eq!(
            cart.add(item("one-more", "std", 1, 5)),
            Added::Refused(AddRefusal::CartFull)
        );
        // An existing line still takes more units.
        assert_eq!(
            cart.add(item("bowl", "red", 1, 5)),
            Added::Fully { quantity: 3 }
        );
        assert_eq!(cart.lines.len(), MAX_LINES);
    }

    #[test]
    fn set_quantity_clamps_and_zero_removes() {
        let mut cart = Cart::new();
        cart.add(item("bowl", "red", 1, 7));
        cart.add(item("tea", "std", 1, 500));
        assert_eq!(cart.set_quantity("bowl", "red", 4), Ok(4));
        assert_eq!(cart.set_quantity("bowl", "red", 30), Ok(7));
        assert_eq!(cart.set_quantity("tea", "std", 1000), Ok(99));
        assert_eq!(cart.count(), 106);
        assert_eq!(cart.set_quantity("bowl", "red", 0), Ok(0));
        assert_eq!(cart.get("bowl", "red"), None);
        assert_eq!(
            cart.set_quantity("bowl", "blue", 1),
            Err(CartError::NotInCart {
                product: "bowl".into(),
                variant: "blue".into()
            })
        );
    }

    #[test]
    fn remove_returns_the_line() {
        let mut cart = Cart::new();
        cart.add(item("bowl", "red", 2, 7));
        assert_eq!(cart.remove("bowl", "blue"), None);
        assert_eq!(
            cart.remove("bowl", "red").map(|line| line.quantity),
            Some(2)
        );
        assert!(cart.is_empty());
        assert_eq!(cart.count(), 0);
    }

    #[test]
    fn quote_lines_name_every_variant() {
        let mut cart = Cart::new();
        cart.add(item("bowl", "red", 2, 7));
        cart.add(item("tea", "std", 1, 7));
        assert_eq!(
            cart.quote_lines(),
            [
                CartLine {
                    product: "bowl".into(),
                    variant: Some("red".into()),
                    quantity: 2
                },
                CartLine {
                    product: "tea".into(),
                    variant: Some("std".into()),
                    quantity: 1
                },
            ]
        );
    }

    #[test]
    fn subtotal_needs_every_local_price_in_the_one_currency() {
        let mut cart = Cart::new();
        assert_eq!(cart.subtotal(cur("USD")), Some(usd(0)));
        cart.add(item("bowl", "red", 2, 7));
        cart.add(item("tea", "std", 3, 7));
        assert_eq!(cart.subtotal(cur("USD")), Some(usd(5 * 1050)));
        assert_eq!(cart.subtotal(cur("EUR")), None);

        let mut other = item("cup", "std", 1, 7);
        other.local_price = Some(eur(1000));
        cart.add(other);
        assert_eq!(cart.subtotal(cur("USD")), None);

        cart.remove("cup", "std");
        let mut unconverted = item("cup", "std", 1, 7);
        unconverted.local_price = None;
        cart.add(unconverted);
        assert_eq!(cart.subtotal(cur("USD")), None);

        let mut dear = item("gold", "std", 2, 7);
        dear.local_price = Some(usd(i64::MAX / 2 + 1));
        let mut cart = Cart::new();
        cart.add(dear);
        assert_eq!(cart.subtotal(cur("USD")), None);
    }

    #[test]
    fn reconcile_reports_each_kind_of_change() {
        let mut cart = Cart::new();
        for (product, quantity) in [("same", 2), ("dearer", 2), ("fewer", 5), ("empty", 1)] {
            cart.add(item(product, "std", quantity, 10));
        }
        cart.add(item("gone", "std", 1, 10));
        cart.add(item("unknown", "std", 1, 10));
        let before_unknown = cart.get("unknown", "std").cloned();

        let changes = cart.reconcile(|product, variant| {
            let mut now = item(product, variant, 0, 10);
            match product {
                "same" => now.image = "/img/new.webp".into(),
                "dearer" => now.local_price = Some(usd(1120)),
                "fewer" => now.stock = 3,
                "empty" => now.stock = 0,
                "gone" => return Some(Fresh::Gone),
                _ => return None,
            }
            Some(found(&now))
        });

        let named = |product: &str| {
            (
                product.to_owned(),
                "std".to_owned(),
                format!("{product} name"),
            )
        };
        let (product, variant, name) = named("dearer");
        let mut expected = vec![CartChange::PriceChanged {
            product,
            variant,
            name,
            was: usd(1050),
            now: usd(1120),
        }];
        let (product, variant, name) = named("fewer");
        expected.push(CartChange::QuantityReduced {
            product,
            variant,
            name,
            was: 5,
            now: 3,
        });
        let (product, variant, name) = named("empty");
        expected.push(CartChange::SoldOut {
            product,
            variant,
            name,
        });
        let (product, variant, name) = named("gone");
        expected.push(CartChange::Removed {
            product,
            variant,
            name,
        });
        assert_eq!(changes, expected);

        let left: Vec<_> = cart.lines.iter().map(|l| l.product.as_str()).collect();
        assert_eq!(left, ["same", "dearer", "fewer", "unknown"]);
        // Unchanged prices and stock give no notice, but the snapshot is refreshed.
        assert_eq!(cart.get("same", "std").unwrap().image, "/img/new.webp");
        assert_eq!(cart.get("same", "std").unwrap().quantity, 2);
        assert_eq!(
            cart.get("dearer", "std").unwrap().local_price,
            Some(usd(1120))
        );
        assert_eq!(cart.get("fewer", "std").unwrap().stock, 3);
        assert_eq!(cart.get("unknown", "std").cloned(), before_unknown);
    }

    #[test]
    fn reconcile_compares_seller_prices_without_comparable_local_ones() {
        let mut cart = Cart::new();
        let mut line = item("bowl", "red", 1, 10);
        line.local_price = None;
        cart.add(line.clone());
        cart.add(item("tea", "std", 1, 10));

        let changes = cart.reconcile(|product, variant| {
            let mut now = item(product, variant, 0, 10);
            now.unit_price = eur(1200);
            if product == "bowl" {
                now.local_price = None;
            } else {
                // The buyer switched to yen: local prices cannot be compared.
                now.local_price = Some(Money::new(1900, cur("JPY")));
            }
            Some(found(&now))
        });
        let prices: Vec<_> = changes
            .iter()
            .map(|change| match change {
                CartChange::PriceChanged { was, now, .. } => (*was, *now),
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        assert_eq!(prices, [(eur(1000), eur(1200)), (eur(1000), eur(1200))]);

        // Only the exchange rate moved: the buyer's price changed, and that is reported.
        let changes = cart.reconcile(|product, variant| {
            let mut now = item(product, variant, 0, 10);
            now.unit_price = eur(1200);
            now.local_price = Some(Money::new(2000, cur("JPY")));
            (product == "tea").then(|| found(&now))
        });
        assert!(matches!(
            changes.as_slice(),
            [CartChange::PriceChanged { was, now, .. }]
                if was.amount_minor == 1900 && now.amount_minor == 2000
        ));
    }

    fn detail() -> ProductDetail {
        ProductDetail {
            slug: "bowl".into(),
            name: "Matcha bowl".into(),
            description: String::new(),
            category: "kitchen".into(),
            image: "/img/bowl.webp".into(),
            seller: SellerRef {
                name: "Kyoto Kiln".into(),
                country: "JP".into(),
            },
            seller_city: "Kyoto".into(),
            traits: Vec::new(),
            variants: vec![VariantDetail {
                key: "red".into(),
                label: Some("Red".into()),
                price: Money::new(4800, cur("JPY")),
                local_price: Some(usd(3094)),
                stock: 4,
            }],
            rates_as_of: None,
            restriction: None,
            delivery: None,
        }
    }

    #[test]
    fn items_and_fresh_facts_come_from_product_details() {
        let detail = detail();
        let line = CartItem::new(&detail, &detail.variants[0], 2);
        assert_eq!(
            (line.product.as_str(), line.variant.as_str()),
            ("bowl", "red")
        );
        assert_eq!(line.max_quantity(), 4);
        assert_eq!(Fresh::from_detail(&detail, "red"), found(&line));
        assert_eq!(Fresh::from_detail(&detail, "blue"), Fresh::Gone);
    }

    #[test]
    fn json_round_trip() {
        let mut cart = Cart::new();
        cart.add(item("bowl", "red", 2, 7));
        let mut plain = item("tea", "standard", 1, 3);
        plain.variant_label = None;
        plain.local_price = None;
        cart.add(plain);
        let json = serde_json::to_string(&cart).unwrap();
        assert!(!json.contains("null"), "{json}");
        assert_eq!(serde_json::from_str::<Cart>(&json).unwrap(), cart);
        assert_eq!(serde_json::from_str::<Cart>("{}").unwrap(), Cart::new());
    }

    #[derive(Clone, Debug)]
    enum Op {
        Add(usize, usize, u32, u32),
        Set(usize, usize, u32),
        Remove(usize, usize),
    }

    const PRODUCTS: [&str; 4] = ["bowl", "tea", "cup", "kettle"];
    const VARIANTS: [&str; 3] = ["std", "red", "blue"];

    fn op() -> impl Strategy<Value = Op> {
        let key = (0..PRODUCTS.len(), 0..VARIANTS.len());
        prop_oneof![
            (key.clone(), 0u32..130, 0u32..130).prop_map(|((p, v), q, s)| Op::Add(p, v, q, s)),
            (key.clone(), 0u32..130).prop_map(|((p, v), q)| Op::Set(p, v, q)),
            key.prop_map(|(p, v)| Op::Remove(p, v)),
        ]
    }

    proptest! {
        /// Whatever the buyer does, quantities stay within bounds, lines stay unique and the
        /// count is the sum of the quantities.
        #[test]
        fn operations_keep_the_cart_consistent(ops in proptest::collection::vec(op(), 0..60)) {
            let mut cart = Cart::new();
            for op in ops {
                match op {
                    Op::Add(p, v, quantity, stock) => {
                        cart.add(item(PRODUCTS[p], VARIANTS[v], quantity, stock));
                    }
                    Op::Set(p, v, quantity) => {
                        let _ = cart.set_quantity(PRODUCTS[p], VARIANTS[v], quantity);
                    }
                    Op::Remove(p, v) => {
                        cart.remove(PRODUCTS[p], VARIANTS[v]);
                    }
                }
                for (i, line) in cart.lines.iter().enumerate() {
                    prop_assert!(line.quantity >= 1);
                    prop_assert!(line.quantity <= line.stock.min(MAX_QUANTITY));
                    prop_assert!(!cart.lines[..i].iter().any(|l| l.is(&line.product, &line.variant)));
                }
                prop_assert_eq!(cart.count(), cart.lines.iter().map(|l| l.quantity).sum::<u32>());
                prop_assert_eq!(cart.is_empty(), cart.count() == 0);
            }
        }
    }
}
