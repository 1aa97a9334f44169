//! English messages.

use super::Messages;

/// English, the fallback language.
pub static MESSAGES: Messages = Messages {
    store_name: "Caravan",
    skip_to_content: "Skip to content",
    home_link_label: "Caravan home",
    home_heading: "Goods from small makers, shipped to your door",
    home_lead: "Independent makers in Japan, Korea, France, Britain, the United States and \
                Mexico. Prices, duties and delivery dates are shown before you pay.",
    featured_heading: "Featured products",
    loading_products: "Loading products…",
    empty_catalog: "No products yet. Sellers are stocking their shelves: check back soon.",
    ships_from: "Ships from {country}",
    sold_out: "Sold out",
    error_heading: "Something went wrong",
    error_unreachable: "We can't reach the store right now. Check your connection and try again.",
    error_unreachable_dev_hint: "Developer note: the API server is not running. Start it with \
                                 {command}.",
    error_unexpected: "The store sent an answer we didn't understand. Please try again.",
    error_not_found: "We couldn't find what you were looking for.",
    error_unavailable: "The store is busy for a moment. Please try again shortly.",
    retry: "Try again",
    not_found_heading: "Page not found",
    not_found_body: "This address doesn't lead to a page in our store. It may have moved.",
    back_home: "Back to the home page",
    footer_note: "Independent makers, shipped across borders.",
};
