//! The pages a buyer reaches after browsing (checkout and its steps, orders, feedback, carriers,
//! insights), as routes whose code is downloaded on first visit instead of with the first view.
//!
//! With the `split` feature (release builds by `cargo xtask`, which split the wasm after
//! linking), each page is a split point of the wasm; without it (`trunk serve`, wasm tests) the
//! same routes are compiled into the one module. A part that fails to download (a phone losing
//! its signal) is said in an alert with a retry, rather than stopping the app.

use leptos::prelude::*;
use leptos_router::LazyRoute;

use crate::browser::BrowserPage;
use crate::pages::carriers::{CarriersPage, ScorecardPage};
use crate::pages::checkout::{
    AddressStep, CheckoutPage, Confirmation, DeliveryStep, PaymentStep, ReviewStep,
};
use crate::pages::feedback::FeedbackPage;
use crate::pages::insights::InsightsPage;
use crate::pages::order::OrderPage;
use crate::pages::orders::MyOrders;

/// Declares `$route`, the lazily loaded route of the page component `$page`, split into the
/// wasm part `$part`. Pages read their data themselves, so a route has none of its own.
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident, $page:ident, $part:ident, browser($title:expr, $description:expr)) => {
        lazy_page!($(#[$doc])* $route, $page, $part, {
            view! { <BrowserPage title=$title description=$description><$page/></BrowserPage> }
        });
    };
    ($(#[$doc:meta])* $route:ident, $page:ident, $part:ident) => {
        lazy_page!($(#[$doc])* $route, $page, $part, { view! { <$page/> } });
    };
    ($(#[$doc:meta])* $route:ident, $page:ident, $part:ident, $view:block) => {
        $(#[$doc])*
        pub struct $route;

        /// The part's code, and `load`, which downloads it without running it.
        #[cfg(feature = "split")]
        mod $part {
            use super::*;

            #[leptos::wasm_split::wasm_split(
                $part,
                fallible,
                preload(load),
                wasm_split_path = ::leptos::wasm_split
            )]
            pub fn $part() -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
                Ok($view.into_any())
            }
        }

        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            // The router awaits this before it takes over the server's page, so the page's
            // code is there to hydrate what the server wrote. A failed download shows in `view`.
            async fn preload() {
                #[cfg(feature = "split")]
                let _ = $part::load().await;
            }

            async fn view(_this: Self) -> AnyView {
                #[cfg(feature = "split")]
                return $part::$part()
                    .await
                    .unwrap_or_else(|_| view! { <PartNotLoaded/> }.into_any());
                #[cfg(not(feature = "split"))]
                $view.into_any()
            }
        }
    };
}

lazy_page!(
    /// `/{lang}/checkout/{step}`.
    CheckoutRoute, CheckoutPage, checkout_page,
    browser(|t| t.checkout_heading, |t| t.checkout_description)
);
lazy_page!(
    /// `/{lang}/checkout/address`, inside the checkout's route.
    AddressStepRoute, AddressStep, checkout_address
);
lazy_page!(
    /// `/{lang}/checkout/delivery`.
    DeliveryStepRoute, DeliveryStep, checkout_delivery
);
lazy_page!(
    /// `/{lang}/checkout/payment`.
    PaymentStepRoute, PaymentStep, checkout_payment
);
lazy_page!(
    /// `/{lang}/checkout/review`.
    ReviewStepRoute, ReviewStep, checkout_review
);
lazy_page!(
    /// `/{lang}/checkout/confirmation`.
    ConfirmationRoute, Confirmation, checkout_confirmation
);
lazy_page!(
    /// `/{lang}/orders`.
    MyOrdersRoute, MyOrders, my_orders_page,
    browser(|t| t.my_orders, |t| t.my_orders_description)
);
lazy_page!(
    /// `/{lang}/orders/{id}`.
    OrderRoute, OrderPage, order_page,
    browser(|t| t.order_heading, |t| t.order_description)
);
lazy_page!(
    /// `/{lang}/orders/{id}/feedback/{shipment}`.
    FeedbackRoute, FeedbackPage, feedback_page,
    browser(|t| t.feedback_heading, |t| t.feedback_description)
);
lazy_page!(
    /// `/{lang}/carriers`.
    CarriersRoute, CarriersPage, carriers_page
);
lazy_page!(
    /// `/{lang}/carriers/{code}`.
    ScorecardRoute, ScorecardPage, scorecard_page
);
lazy_page!(
    /// `/{lang}/insights`.
    InsightsRoute, InsightsPage, insights_page,
    browser(|t| t.insights_heading, |t| t.insights_description)
);

/// Starts downloading the checkout's code while the buyer looks at their cart, so the checkout
/// opens at once, even if the signal drops meanwhile. A failed download is retried on the way
/// in.
pub fn prefetch_checkout() {
    #[cfg(feature = "split")]
    leptos::task::spawn_local(async {
        // In the order the buyer needs them.
        let _ = checkout_page::load().await;
        let _ = checkout_address::load().await;
        let _ = checkout_delivery::load().await;
        let _ = checkout_payment::load().await;
        let _ = checkout_review::load().await;
        let _ = checkout_confirmation::load().await;
    });
}

/// The page's code could not be downloaded: said, with a retry that loads the address again (a
/// failed download is not remembered, so it is tried anew).
#[cfg(feature = "split")]
#[component]
fn PartNotLoaded() -> impl IntoView {
    use crate::components::error_panel::RetryAlert;
    let i18n = crate::i18n::use_i18n();
    let retry = Callback::new(|()| {
        let _ = window().location().reload();
    });
    view! {
        <RetryAlert message=Signal::derive(move || i18n.t().error_page_not_loaded) on_retry=retry/>
    }
}
