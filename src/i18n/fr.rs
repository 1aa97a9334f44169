//! French messages.
//!
//! French puts a no-break space (`\u{a0}`) before a colon.

use super::{Messages, Plural};

/// French.
#[allow(
    clippy::needless_update,
    reason = "every field is translated; the update makes fields added later fall back to English"
)]
pub static MESSAGES: Messages = Messages {
    store_name: "Caravan",
    skip_to_content: "Aller au contenu",
    home_link_label: "Caravan – Accueil",
    home_heading: "Des produits de petits créateurs, livrés chez vous",
    home_lead: "Des créateurs indépendants au Japon, en Corée, en France, au Royaume-Uni, aux \
                États-Unis et au Mexique. Les prix, les droits de douane et les dates de livraison \
                s'affichent avant le paiement.",
    categories_heading: "Parcourir par catégorie",
    featured_heading: "Produits à la une",
    loading_products: "Chargement des produits…",
    empty_catalog: "Aucun produit pour l'instant. Les vendeurs garnissent leurs rayons\u{a0}: \
                    revenez bientôt.",
    ships_from: "Expédié depuis\u{a0}: {country}",
    sold_out: "Épuisé",
    error_heading: "Un problème est survenu",
    error_unreachable: "Impossible de joindre la boutique pour le moment. Vérifiez votre \
                        connexion et réessayez.",
    error_unreachable_dev_hint: "Note pour les développeurs\u{a0}: le serveur d'API n'est pas \
                                 démarré. Lancez-le avec {command}.",
    error_unexpected: "La boutique a envoyé une réponse inattendue. Veuillez réessayer.",
    error_not_found: "Nous n'avons pas trouvé ce que vous cherchiez.",
    error_unavailable: "La boutique est momentanément surchargée. Veuillez réessayer dans un \
                        instant.",
    retry: "Réessayer",
    not_found_heading: "Page introuvable",
    not_found_body: "Cette adresse ne mène à aucune page de notre boutique. Elle a peut-être été \
                     déplacée.",
    back_home: "Retour à l'accueil",
    footer_note: "Créateurs indépendants, livraison sans frontières.",
    market_label: "Langue, pays et devise",
    language_label: "Langue",
    ship_to_label: "Pays de livraison",
    currency_label: "Devise",
    done: "Terminé",
    shop_link: "Boutique",
    not_shipped_to: "Non livrable vers\u{a0}: {country}",
    catalog_heading: "Tous les produits",
    catalog_description: "Des produits de créateurs indépendants, avec les prix, les droits de \
                          douane et la livraison vers votre pays affichés d'emblée.",
    search_label: "Rechercher des produits",
    search_button: "Rechercher",
    filters_label: "Filtres",
    category_label: "Catégorie",
    all_categories: "Toutes les catégories",
    category_kitchen: "Cuisine",
    category_home: "Maison",
    category_food: "Épicerie",
    category_electronics: "Électronique",
    category_apparel: "Vêtements",
    category_beauty: "Beauté",
    category_stationery: "Papeterie",
    category_toys: "Jouets",
    min_price_label: "Prix minimum",
    max_price_label: "Prix maximum",
    price_hint: "Prix en {currency}.",
    price_invalid: "Saisissez un prix en chiffres, en {currency}, par exemple 25 ou 12,50.",
    sort_label: "Trier par",
    sort_featured: "À la une",
    sort_price_asc: "Prix croissant",
    sort_price_desc: "Prix décroissant",
    sort_name: "Nom",
    ships_to_me: "Uniquement livrable vers\u{a0}: {country}",
    products_found: Plural::one_other("{count} produit", "{count} produits"),
    prices_converted: "Prix convertis au taux de change du {date}.",
    no_results: "Aucun produit ne correspond à ces filtres.",
    clear_filters: "Afficher tous les produits",
    pagination_label: "Pagination",
    previous_page: "Précédent",
    next_page: "Suivant",
    page_of: "Page {page} sur {pages}",
    loading_product: "Chargement du produit…",
    converted_from: "{price} au taux de change du {date}",
    in_stock: "En stock",
    only_left: Plural::one_other("Plus que {count} en stock", "Plus que {count} en stock"),
    delivery_to: "Livraison vers\u{a0}: {country}",
    cheapest: "Le moins cher",
    fastest: "Le plus rapide",
    level_economy: "Envoi économique",
    level_standard: "Envoi standard",
    level_expedited: "Envoi express",
    service_estimate: "{level} par {carrier}\u{a0}: {price}, {window}",
    arrives_between: "livraison du {earliest} au {latest}",
    duties_estimate: "Droits et taxes réglés à la commande\u{a0}: environ {amount} par unité.",
    no_delivery: "Aucun de nos transporteurs ne livre ce produit dans ce pays.",
    restriction_biosecurity: "La législation de biosécurité de ce pays interdit les denrées \
                              alimentaires, les semences et les végétaux.",
    restriction_alcohol: "L'importation d'alcool est interdite dans ce pays.",
    restriction_blade: "Les lames ne peuvent y être livrées qu'après une vérification de l'âge, \
                        que nous ne pouvons pas proposer.",
    restriction_food_permit: "L'importation de denrées alimentaires y exige un permis que \
                              l'acheteur devrait obtenir lui-même.",
    choose_variant: "Choisissez une option",
    quantity_label: "Quantité",
    add_to_cart: "Ajouter au panier",
    added_to_cart: "Ajouté à votre panier.",
    added_capped: Plural::one_other(
        "Votre panier contient désormais {count} article, soit tout le stock disponible.",
        "Votre panier contient désormais {count} articles, soit tout le stock disponible.",
    ),
    not_added: "Impossible d'ajouter ce produit\u{a0}: il est épuisé ou votre panier est plein.",
    view_cart: "Voir le panier",
    cart_heading: "Votre panier",
    cart_description: "Votre panier, avec les prix, la livraison et les droits de douane dans \
                       votre devise.",
    cart_empty: "Votre panier est vide.",
    continue_shopping: "Parcourir les produits",
    cart_changed: "Certains articles ont changé depuis leur ajout",
    price_changed: "{name}\u{a0}: le prix est passé de {was} à {now}.",
    quantity_reduced: Plural::one_other(
        "{name}\u{a0}: il n'en reste que {count}, votre panier en contient donc {count}.",
        "{name}\u{a0}: il n'en reste que {count}, votre panier en contient donc {count}.",
    ),
    sold_out_removed: "{name} est épuisé et a été retiré de votre panier.",
    no_longer_available: "{name} n'est plus en vente et a été retiré de votre panier.",
    remove: "Supprimer",
    remove_named: "Supprimer {name}",
    summary_heading: "Récapitulatif",
    subtotal: "Sous-total",
    estimating: "Estimation de la livraison et des droits…",
    shipping_cheapest: "Livraison (la moins chère)",
    duties_and_taxes: "Droits et taxes (estimation)",
    estimate_note: "Au moment du paiement, vous choisirez le transporteur et s'il faut payer les \
                    droits maintenant ou à la livraison.",
    cannot_estimate: "Certains articles ne peuvent pas être livrés dans votre pays ({country})\u{a0}: \
                      les frais de livraison ne peuvent donc pas être estimés.",
    cart_link: "Panier",
    cart_link_count: Plural::one_other("Panier, {count} article", "Panier, {count} articles"),
    ..super::en::MESSAGES
};
