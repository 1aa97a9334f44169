//! German messages.

use super::{Messages, Plural};

/// German.
#[allow(
    clippy::needless_update,
    reason = "every field is translated; the update makes fields added later fall back to English"
)]
pub static MESSAGES: Messages = Messages {
    store_name: "Caravan",
    skip_to_content: "Zum Inhalt springen",
    home_link_label: "Caravan – Startseite",
    home_heading: "Produkte kleiner Hersteller, bis an Ihre Haustür geliefert",
    home_lead: "Unabhängige Hersteller aus Japan, Korea, Frankreich, Großbritannien, den USA und \
                Mexiko. Preise, Zölle und Liefertermine sehen Sie, bevor Sie bezahlen.",
    categories_heading: "Nach Kategorie einkaufen",
    featured_heading: "Ausgewählte Produkte",
    loading_products: "Produkte werden geladen …",
    empty_catalog: "Noch keine Produkte. Die Verkäufer füllen gerade ihre Regale – schauen Sie \
                    bald wieder vorbei.",
    ships_from: "Versand aus: {country}",
    sold_out: "Ausverkauft",
    error_heading: "Etwas ist schiefgelaufen",
    error_unreachable: "Der Shop ist gerade nicht erreichbar. Prüfen Sie Ihre Verbindung und \
                        versuchen Sie es erneut.",
    error_unreachable_dev_hint: "Hinweis für Entwickler: Der API-Server läuft nicht. Starten Sie \
                                 ihn mit {command}.",
    error_unexpected: "Der Shop hat eine unerwartete Antwort gesendet. Bitte versuchen Sie es \
                       erneut.",
    error_not_found: "Wir konnten nicht finden, wonach Sie gesucht haben.",
    error_unavailable: "Der Shop ist gerade ausgelastet. Bitte versuchen Sie es gleich noch \
                        einmal.",
    retry: "Erneut versuchen",
    not_found_heading: "Seite nicht gefunden",
    not_found_body: "Unter dieser Adresse gibt es in unserem Shop keine Seite. Vielleicht wurde \
                     sie verschoben.",
    back_home: "Zurück zur Startseite",
    footer_note: "Unabhängige Hersteller, über Grenzen hinweg geliefert.",
    market_label: "Sprache, Land und Währung",
    language_label: "Sprache",
    ship_to_label: "Lieferland",
    currency_label: "Währung",
    done: "Fertig",
    shop_link: "Sortiment",
    not_shipped_to: "Nicht lieferbar nach: {country}",
    catalog_heading: "Alle Produkte",
    catalog_description: "Produkte unabhängiger Hersteller – Preise, Zölle und Lieferung in Ihr \
                          Land auf einen Blick.",
    search_label: "Produkte suchen",
    search_button: "Suchen",
    filters_label: "Filter",
    category_label: "Kategorie",
    all_categories: "Alle Kategorien",
    category_kitchen: "Küche",
    category_home: "Wohnen",
    category_food: "Lebensmittel",
    category_electronics: "Elektronik",
    category_apparel: "Bekleidung",
    category_beauty: "Kosmetik",
    category_stationery: "Schreibwaren",
    category_toys: "Spielzeug",
    min_price_label: "Mindestpreis",
    max_price_label: "Höchstpreis",
    price_hint: "Preise in {currency}.",
    price_invalid: "Geben Sie einen Preis als Zahl in {currency} ein, z. B. 25 oder 12,50.",
    sort_label: "Sortieren nach",
    sort_featured: "Empfohlen",
    sort_price_asc: "Preis: aufsteigend",
    sort_price_desc: "Preis: absteigend",
    sort_name: "Produktname",
    ships_to_me: "Nur lieferbar nach: {country}",
    products_found: Plural::one_other("{count} Produkt", "{count} Produkte"),
    prices_converted: "Preise umgerechnet zum Wechselkurs vom {date}.",
    no_results: "Keine Produkte entsprechen diesen Filtern.",
    clear_filters: "Alle Produkte anzeigen",
    pagination_label: "Seiten",
    previous_page: "Zurück",
    next_page: "Weiter",
    page_of: "Seite {page} von {pages}",
    loading_product: "Produkt wird geladen …",
    converted_from: "{price} zum Wechselkurs vom {date}",
    in_stock: "Auf Lager",
    only_left: Plural::one_other("Nur noch {count} verfügbar", "Nur noch {count} verfügbar"),
    delivery_to: "Lieferung nach: {country}",
    cheapest: "Am günstigsten",
    fastest: "Am schnellsten",
    level_economy: "Sparversand",
    level_standard: "Standardversand",
    level_expedited: "Expressversand",
    service_estimate: "{level} mit {carrier}: {price}, {window}",
    arrives_between: "Zustellung {earliest} – {latest}",
    duties_estimate: "Zölle und Steuern bei Zahlung an der Kasse: ca. {amount} pro Stück.",
    no_delivery: "Keiner unserer Versanddienstleister liefert dieses Produkt dorthin.",
    restriction_biosecurity: "Die dortigen Biosicherheitsgesetze verbieten die Einfuhr von \
                              Lebensmitteln, Saatgut und Pflanzenmaterial.",
    restriction_alcohol: "Alkohol darf dorthin nicht eingeführt werden.",
    restriction_blade: "Klingen dürfen dorthin nur mit Altersprüfung geliefert werden, die wir \
                        nicht anbieten können.",
    restriction_food_permit: "Für die Einfuhr von Lebensmitteln ist dort eine Genehmigung nötig, \
                              die der Käufer selbst einholen müsste.",
    choose_variant: "Wählen Sie eine Option",
    quantity_label: "Menge",
    add_to_cart: "In den Warenkorb",
    added_to_cart: "Zum Warenkorb hinzugefügt.",
    added_capped: Plural::one_other(
        "Ihr Warenkorb enthält jetzt {count} Stück – den gesamten Lagerbestand.",
        "Ihr Warenkorb enthält jetzt {count} Stück – den gesamten Lagerbestand.",
    ),
    not_added: "Kann nicht hinzugefügt werden: Der Artikel ist ausverkauft oder Ihr Warenkorb \
                ist voll.",
    view_cart: "Warenkorb anzeigen",
    cart_heading: "Ihr Warenkorb",
    cart_description: "Ihr Warenkorb mit Preisen, Versand und Zöllen in Ihrer Währung.",
    cart_empty: "Ihr Warenkorb ist leer.",
    continue_shopping: "Produkte entdecken",
    cart_changed: "Seit dem Hinzufügen hat sich etwas geändert",
    price_changed: "{name}: Der Preis hat sich von {was} auf {now} geändert.",
    quantity_reduced: Plural::one_other(
        "{name}: Es ist nur noch {count} Stück verfügbar, daher liegt jetzt {count} Stück in \
         Ihrem Warenkorb.",
        "{name}: Es sind nur noch {count} Stück verfügbar, daher liegen jetzt {count} Stück in \
         Ihrem Warenkorb.",
    ),
    sold_out_removed: "{name} ist ausverkauft und wurde aus Ihrem Warenkorb entfernt.",
    no_longer_available: "{name} wird nicht mehr verkauft und wurde aus Ihrem Warenkorb \
                          entfernt.",
    remove: "Entfernen",
    remove_named: "{name} entfernen",
    summary_heading: "Übersicht",
    subtotal: "Zwischensumme",
    estimating: "Versand und Zölle werden berechnet …",
    shipping_cheapest: "Versand (günstigster)",
    duties_and_taxes: "Zölle und Steuern (geschätzt)",
    estimate_note: "Den Versanddienstleister und ob Sie Zölle jetzt oder bei Lieferung zahlen, \
                    wählen Sie an der Kasse.",
    cannot_estimate: "Einige Artikel können nicht in Ihr Lieferland ({country}) versandt werden, \
                      daher lassen sich die Versandkosten nicht schätzen.",
    cart_link: "Warenkorb",
    cart_link_count: Plural::one_other("Warenkorb, {count} Artikel", "Warenkorb, {count} Artikel"),
    ..super::en::MESSAGES
};
