//! Seed data: the catalog a fresh database starts with, so the storefront looks like a real
//! cross-border shop on first start. Deterministic: the same rows on every machine.

use sqlx::SqlitePool;

struct Seller {
    slug: &'static str,
    name: &'static str,
    country: &'static str,
    currency: &'static str,
}

/// One product; `texts` holds (language, name, description), English first and required.
struct Product {
    slug: &'static str,
    seller: &'static str,
    category: &'static str,
    price_minor: i64,
    stock: i64,
    texts: &'static [(&'static str, &'static str, &'static str)],
}

const SELLERS: &[Seller] = &[
    Seller {
        slug: "kiln-and-leaf",
        name: "Kiln & Leaf",
        country: "JP",
        currency: "JPY",
    },
    Seller {
        slug: "atelier-lin",
        name: "Atelier Lin",
        country: "FR",
        currency: "EUR",
    },
    Seller {
        slug: "maple-and-pine",
        name: "Maple & Pine",
        country: "US",
        currency: "USD",
    },
    Seller {
        slug: "copper-coast",
        name: "Copper Coast",
        country: "GB",
        currency: "GBP",
    },
];

const PRODUCTS: &[Product] = &[
    Product {
        slug: "matcha-bowl",
        seller: "kiln-and-leaf",
        category: "kitchen",
        price_minor: 4800,
        stock: 12,
        texts: &[
            (
                "en",
                "Hand-thrown matcha bowl",
                "A wide stoneware chawan thrown and glazed in Kyoto, sized for whisking one serving.",
            ),
            (
                "de",
                "Handgedrehte Matcha-Schale",
                "Eine weite Chawan aus Steinzeug, in Kyoto gedreht und glasiert, für eine Portion.",
            ),
            (
                "ar",
                "وعاء ماتشا مصنوع يدويًا",
                "وعاء شاي خزفي واسع شُكّل وزُجّج في كيوتو، بحجم يناسب خفق حصة واحدة.",
            ),
        ],
    },
    Product {
        slug: "cast-iron-teapot",
        seller: "kiln-and-leaf",
        category: "kitchen",
        price_minor: 12500,
        stock: 4,
        texts: &[
            (
                "en",
                "Cast-iron tetsubin teapot",
                "A 0.6-litre cast-iron teapot with an enamelled interior and a stainless infuser.",
            ),
            (
                "de",
                "Tetsubin-Teekanne aus Gusseisen",
                "Gusseiserne Teekanne mit 0,6 Litern, emaillierter Innenseite und Edelstahlsieb.",
            ),
            (
                "ar",
                "إبريق شاي تيتسوبين من الحديد الزهر",
                "إبريق شاي من الحديد الزهر سعته 0.6 لتر، مطلي من الداخل مع مصفاة من الفولاذ.",
            ),
        ],
    },
    Product {
        slug: "linen-tea-towels",
        seller: "atelier-lin",
        category: "home",
        price_minor: 2400,
        stock: 40,
        texts: &[
            (
                "en",
                "Stonewashed linen tea towels, set of 2",
                "Absorbent French flax linen, stonewashed for softness, with a woven hanging loop.",
            ),
            (
                "de",
                "Stonewashed-Leinen-Geschirrtücher, 2er-Set",
                "Saugfähiges Leinen aus französischem Flachs, weich gewaschen, mit Aufhängeschlaufe.",
            ),
            (
                "ar",
                "مناشف مطبخ من الكتان المغسول، طقم من قطعتين",
                "كتان فرنسي ماص، مغسول بالحجارة ليصبح ناعمًا، مع عروة للتعليق.",
            ),
        ],
    },
    Product {
        slug: "beeswax-candles",
        seller: "atelier-lin",
        category: "home",
        price_minor: 1850,
        stock: 25,
        texts: &[
            (
                "en",
                "Hand-dipped beeswax candles, pair",
                "Two 25 cm tapers of pure beeswax, dipped by hand; about eight hours of clean burn each.",
            ),
            (
                "de",
                "Handgezogene Bienenwachskerzen, Paar",
                "Zwei 25-cm-Stabkerzen aus reinem Bienenwachs, je etwa acht Stunden Brenndauer.",
            ),
            (
                "ar",
                "زوج من شموع شمع العسل المغموسة يدويًا",
                "شمعتان بطول 25 سم من شمع العسل الخالص، تدوم كل منهما نحو ثماني ساعات.",
            ),
        ],
    },
    Product {
        slug: "maple-syrup",
        seller: "maple-and-pine",
        category: "food",
        price_minor: 1999,
        stock: 60,
        texts: &[
            (
                "en",
                "Vermont maple syrup, 500 ml",
                "Grade A amber syrup from a family sugarhouse, boiled over a wood fire.",
            ),
            (
                "de",
                "Ahornsirup aus Vermont, 500 ml",
                "Bernsteinfarbener Sirup der Klasse A aus einer Familien-Zuckerhütte, über Holzfeuer gekocht.",
            ),
            (
                "ar",
                "شراب القيقب من فيرمونت، 500 مل",
                "شراب كهرماني من الدرجة الأولى من معمل عائلي، يُغلى على نار الحطب.",
            ),
        ],
    },
    Product {
        slug: "wool-blanket",
        seller: "maple-and-pine",
        category: "home",
        price_minor: 12900,
        stock: 7,
        texts: &[
            (
                "en",
                "Heritage wool throw blanket",
                "A 130 × 180 cm plaid throw woven from American wool on a century-old loom.",
            ),
            (
                "de",
                "Wolldecke im Heritage-Karo",
                "Eine karierte Decke, 130 × 180 cm, aus amerikanischer Wolle auf einem hundertjährigen Webstuhl.",
            ),
            (
                "ar",
                "بطانية صوف تراثية",
                "بطانية مربعات بمقاس 130 × 180 سم منسوجة من الصوف الأمريكي على نول عمره قرن.",
            ),
        ],
    },
    Product {
        slug: "pocket-speaker",
        seller: "copper-coast",
        category: "electronics",
        price_minor: 5900,
        stock: 3,
        texts: &[
            (
                "en",
                "Walnut pocket speaker",
                "A Bluetooth speaker in a solid walnut case with a lithium-ion battery for 12 hours of play.",
            ),
            (
                "de",
                "Taschenlautsprecher aus Walnuss",
                "Bluetooth-Lautsprecher im Gehäuse aus massivem Walnussholz, Lithium-Ionen-Akku für 12 Stunden.",
            ),
            (
                "ar",
                "مكبر صوت جيب من خشب الجوز",
                "مكبر صوت بلوتوث في هيكل من خشب الجوز الصلب مع بطارية ليثيوم أيون تدوم 12 ساعة.",
            ),
        ],
    },
    Product {
        slug: "copper-mug",
        seller: "copper-coast",
        category: "kitchen",
        price_minor: 3200,
        stock: 18,
        texts: &[
            (
                "en",
                "Hammered copper mug",
                "A 450 ml mug hammered by hand in Cornwall, tin-lined, with a solid brass handle.",
            ),
            (
                "de",
                "Gehämmerter Kupferbecher",
                "Ein handgehämmerter 450-ml-Becher aus Cornwall, innen verzinnt, mit massivem Messinggriff.",
            ),
            (
                "ar",
                "كوب نحاسي مطروق",
                "كوب سعته 450 مل مطروق يدويًا في كورنوال، مبطن بالقصدير، بمقبض من النحاس الأصفر.",
            ),
        ],
    },
];

/// Inserts the seed catalog in one transaction when the database has no sellers yet.
pub async fn seed_if_empty(pool: &SqlitePool) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    let (sellers,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sellers")
        .fetch_one(&mut *tx)
        .await?;
    if sellers > 0 {
        return Ok(());
    }
    for seller in SELLERS {
        sqlx::query("INSERT INTO sellers (slug, name, country, currency) VALUES (?, ?, ?, ?)")
            .bind(seller.slug)
            .bind(seller.name)
            .bind(seller.country)
            .bind(seller.currency)
            .execute(&mut *tx)
            .await?;
    }
    for (position, product) in PRODUCTS.iter().enumerate() {
        let (product_id,): (i64,) = sqlx::query_as(
            "INSERT INTO products (slug, seller_id, category, price_minor, image, stock, position)
             SELECT ?, id, ?, ?, ?, ?, ? FROM sellers WHERE slug = ?
             RETURNING id",
        )
        .bind(product.slug)
        .bind(product.category)
        .bind(product.price_minor)
        .bind(format!("/images/products/{}.svg", product.slug))
        .bind(product.stock)
        .bind(position as i64)
        .bind(product.seller)
        .fetch_one(&mut *tx)
        .await?;
        for (lang, name, description) in product.texts {
            sqlx::query(
                "INSERT INTO product_translations (product_id, lang, name, description)
                 VALUES (?, ?, ?, ?)",
            )
            .bind(product_id)
            .bind(lang)
            .bind(name)
            .bind(description)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_product_has_an_english_text_first_and_a_known_seller() {
        for product in PRODUCTS {
            assert_eq!(
                product.texts.first().map(|t| t.0),
                Some("en"),
                "{}",
                product.slug
            );
            assert!(
                SELLERS.iter().any(|s| s.slug == product.seller),
                "{} names an unknown seller",
                product.slug
            );
        }
    }
}
