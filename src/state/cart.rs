//! The buyer's cart, app-wide and kept in localStorage so it survives reloads and visits.
//! The rules (merging, stock limits, reconciling with fresh prices) are
//! [`storefront_domain::cart`]'s; this module only holds and persists it.

use leptos::prelude::*;
use storefront_domain::cart::Cart;

use crate::state::storage::Storage;

/// The cart, provided to the whole app.
#[derive(Clone, Copy)]
pub struct CartState {
    cart: RwSignal<Cart>,
}

impl CartState {
    /// Reads the cart; subscribes the caller.
    pub fn with<R>(&self, read: impl FnOnce(&Cart) -> R) -> R {
        self.cart.with(read)
    }

    /// Reads the cart without subscribing the caller.
    pub fn with_untracked<R>(&self, read: impl FnOnce(&Cart) -> R) -> R {
        self.cart.with_untracked(read)
    }

    /// Changes the cart and saves it.
    pub fn update<R>(&self, change: impl FnOnce(&mut Cart) -> R) -> R {
        let result = self
            .cart
            .try_update(change)
            .expect("the cart lives as long as the app");
        self.cart.with_untracked(save);
        result
    }
}

const CART_KEY: &str = "cart";

/// Provides the cart saved in this browser, or an empty one. A page the server rendered
/// starts empty, as the server saw it, until [`CartState::restore`].
pub fn provide_cart() {
    let cart = if cfg!(feature = "csr") {
        saved()
    } else {
        Cart::default()
    };
    provide_context(CartState {
        cart: RwSignal::new(cart),
    });
}

impl CartState {
    /// Reads the cart saved in this browser, once the server's page is live.
    pub fn restore(&self) {
        self.cart.set(saved());
    }
}

/// The cart saved in this browser, or an empty one.
fn saved() -> Cart {
    Storage::Local.json(CART_KEY).unwrap_or_default()
}

/// The cart; panics outside the app, where no component can run anyway.
pub fn use_cart() -> CartState {
    expect_context::<CartState>()
}

fn save(cart: &Cart) {
    // A full or refused storage only means the cart does not survive a reload.
    Storage::Local.set_json(CART_KEY, cart);
}

#[cfg(test)]
mod tests {
    use super::*;
    use storefront_domain::cart::{Added, CartItem};
    use storefront_domain::{Currency, Money};
    use wasm_bindgen_test::wasm_bindgen_test;

    fn item(quantity: u32) -> CartItem {
        CartItem {
            product: "copper-mug".into(),
            variant: "standard".into(),
            quantity,
            name: "Hammered copper mug".into(),
            variant_label: None,
            image: "/images/products/copper-mug.svg".into(),
            unit_price: Money::new(3200, Currency::new("GBP").unwrap()),
            local_price: Some(Money::new(3844, Currency::new("EUR").unwrap())),
            stock: 4,
        }
    }

    #[wasm_bindgen_test]
    fn the_cart_survives_a_reload_and_keeps_to_the_stock() {
        Storage::Local.remove(CART_KEY);
        let owner = Owner::new();
        owner.with(|| {
            provide_cart();
            let cart = use_cart();
            assert_eq!(
                cart.update(|cart| cart.add(item(3))),
                Added::Fully { quantity: 3 }
            );
            // Only 4 in stock: the second add is capped.
            assert_eq!(
                cart.update(|cart| cart.add(item(3))),
                Added::Capped { quantity: 4 }
            );
        });
        // A new app (as after a reload) reads the same cart back.
        let reloaded = Owner::new();
        reloaded.with(|| {
            provide_cart();
            let cart = use_cart();
            cart.with_untracked(|cart| {
                assert_eq!(cart.count(), 4);
                assert_eq!(
                    cart.subtotal(Currency::new("EUR").unwrap()),
                    Some(Money::new(4 * 3844, Currency::new("EUR").unwrap()))
                );
            });
        });
        Storage::Local.set_text(CART_KEY, "not json");
        Owner::new().with(|| {
            provide_cart();
            assert!(use_cart().with_untracked(|cart| cart.is_empty()));
        });
        Storage::Local.remove(CART_KEY);
    }
}
