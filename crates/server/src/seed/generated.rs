//! A generated catalog at the size a growing store reaches, for benchmarks
//! (`cargo xtask catalog`): the seed's products again and again, by the seed's makers, each in a
//! style and a collection named in all seven languages. Deterministic: the same products on
//! every machine.

use storefront_domain::product::Trait;
use storefront_domain::rng::Rng;

use super::products;
use crate::store::{self, Store};

/// Products inserted per transaction.
const BATCH: u64 = 5_000;

/// Adds `count` generated products to the catalog and rebuilds the search index, calling
/// `progress` with what it did after each batch. Numbered after the products already there, so
/// adding twice adds different products.
pub async fn add(
    store: &Store,
    count: u64,
    mut progress: impl FnMut(Progress),
) -> Result<(), sqlx::Error> {
    let first = store::catalog::count(store).await?;
    let mut added = 0;
    while added < count {
        let batch: Vec<Generated> = (added..count.min(added + BATCH))
            .map(|n| product(first + n))
            .collect();
        store::seed::insert_generated(store, &batch).await?;
        added += batch.len() as u64;
        progress(Progress::Added(added));
    }
    store::search::rebuild(store, |done, last| progress(Progress::Indexed(done, last))).await
}

/// How far [`add`] is.
#[derive(Clone, Copy, Debug)]
pub enum Progress {
    /// Products added so far.
    Added(u64),
    /// How far the search index's rebuild is, of how far it goes.
    Indexed(i64, i64),
}

/// A style, named in the seed's languages in their order (en, de, fr, es, zh, ja, ar).
struct Style {
    key: &'static str,
    names: [&'static str; 7],
}

const STYLES: &[Style] = &[
    Style {
        key: "indigo",
        names: [
            "indigo", "Indigo", "indigo", "índigo", "靛蓝", "藍色", "نيلي",
        ],
    },
    Style {
        key: "ivory",
        names: [
            "ivory",
            "Elfenbein",
            "ivoire",
            "marfil",
            "象牙白",
            "アイボリー",
            "عاجي",
        ],
    },
    Style {
        key: "charcoal",
        names: [
            "charcoal",
            "Anthrazit",
            "anthracite",
            "carbón",
            "炭灰",
            "チャコール",
            "فحمي",
        ],
    },
    Style {
        key: "sage",
        names: [
            "sage",
            "Salbeigrün",
            "vert sauge",
            "verde salvia",
            "鼠尾草绿",
            "セージ",
            "أخضر مريمي",
        ],
    },
    Style {
        key: "rust",
        names: [
            "rust",
            "Rostrot",
            "rouille",
            "óxido",
            "铁锈红",
            "ラスト",
            "صدئي",
        ],
    },
    Style {
        key: "sand",
        names: ["sand", "Sand", "sable", "arena", "沙色", "サンド", "رملي"],
    },
    Style {
        key: "ocean",
        names: [
            "ocean blue",
            "Ozeanblau",
            "bleu océan",
            "azul océano",
            "海洋蓝",
            "オーシャンブルー",
            "أزرق محيطي",
        ],
    },
    Style {
        key: "forest",
        names: [
            "forest green",
            "Waldgrün",
            "vert forêt",
            "verde bosque",
            "森林绿",
            "フォレストグリーン",
            "أخضر غابي",
        ],
    },
    Style {
        key: "plum",
        names: [
            "plum",
            "Pflaume",
            "prune",
            "ciruela",
            "梅子紫",
            "プラム",
            "برقوقي",
        ],
    },
    Style {
        key: "honey",
        names: [
            "honey",
            "Honiggelb",
            "miel",
            "miel",
            "蜂蜜黄",
            "ハニー",
            "عسلي",
        ],
    },
    Style {
        key: "small",
        names: [
            "small",
            "klein",
            "petit",
            "pequeño",
            "小号",
            "小サイズ",
            "صغير",
        ],
    },
    Style {
        key: "large",
        names: [
            "large",
            "groß",
            "grand",
            "grande",
            "大号",
            "大サイズ",
            "كبير",
        ],
    },
    Style {
        key: "travel",
        names: [
            "travel size",
            "Reisegröße",
            "format voyage",
            "tamaño viaje",
            "旅行装",
            "トラベルサイズ",
            "حجم السفر",
        ],
    },
    Style {
        key: "gift",
        names: [
            "gift edition",
            "Geschenkausgabe",
            "édition cadeau",
            "edición regalo",
            "礼品版",
            "ギフト版",
            "إصدار الهدايا",
        ],
    },
    Style {
        key: "limited",
        names: [
            "limited edition",
            "limitierte Auflage",
            "édition limitée",
            "edición limitada",
            "限量版",
            "限定版",
            "إصدار محدود",
        ],
    },
    Style {
        key: "classic",
        names: [
            "classic",
            "klassisch",
            "classique",
            "clásico",
            "经典款",
            "クラシック",
            "كلاسيكي",
        ],
    },
];

/// Collections: proper names, the same in every language.
const COLLECTIONS: &[&str] = &[
    "Aurora", "Basalt", "Cedar", "Delta", "Ember", "Fjord", "Granite", "Harbor", "Iris", "Juniper",
    "Kestrel", "Lumen", "Meadow", "Nimbus", "Orchard", "Pebble", "Quartz", "Ridge", "Solstice",
    "Tundra", "Umber", "Vale", "Willow", "Yarrow", "Zephyr",
];

/// The seed's languages, in the order of [`Style::names`].
const LANGUAGES: [&str; 7] = ["en", "de", "fr", "es", "zh", "ja", "ar"];

/// One generated product, ready to insert.
pub struct Generated {
    pub slug: String,
    /// The seller's slug.
    pub seller: &'static str,
    pub category: &'static str,
    pub hs_code: &'static str,
    pub image: String,
    pub price_minor: i64,
    pub stock: i64,
    pub weight_g: i64,
    pub size_mm: [i64; 3],
    pub traits: &'static [Trait],
    /// (language, name, description).
    pub texts: Vec<(&'static str, String, &'static str)>,
}

/// Generated product number `number` (from 0): the same for the same number on every machine.
pub fn product(number: u64) -> Generated {
    let count = products().count() as u64;
    let base = products()
        .nth((number % count) as usize)
        .expect("a seed product");
    let mut rng = Rng::new(number.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5EED);
    let style = rng.pick(STYLES).expect("styles");
    let collection = rng.pick(COLLECTIONS).expect("collections");
    // Within 30 % of the seed's price either way.
    let percent = rng.range_inclusive(70, 130) as i64;
    let texts = base
        .texts
        .iter()
        .map(|text| {
            let index = LANGUAGES.iter().position(|l| *l == text.lang).unwrap_or(0);
            let style = style.names[index];
            let name = match text.lang {
                "zh" | "ja" => format!("{}（{style}）{collection}", text.name),
                "ar" => format!("{}، {style} {collection}", text.name),
                _ => format!("{}, {style} {collection}", text.name),
            };
            (text.lang, name, text.description)
        })
        .collect();
    Generated {
        slug: format!(
            "{}-{}-{}-{number}",
            base.slug,
            style.key,
            collection.to_lowercase()
        ),
        seller: base.seller,
        category: base.category,
        hs_code: base.hs_code,
        image: format!("/images/products/{}.svg", base.slug),
        price_minor: (base.price_minor * percent / 100).max(1),
        stock: 100,
        weight_g: base.weight_g,
        size_mm: base.size_mm,
        traits: base.traits,
        texts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn products_are_deterministic_unique_and_named_in_every_language() {
        let first = product(7);
        let again = product(7);
        assert_eq!(first.slug, again.slug);
        assert_eq!(first.texts, again.texts);
        assert_eq!(first.texts.len(), 7);
        let slugs: std::collections::HashSet<String> =
            (0..2_000).map(|n| product(n).slug).collect();
        assert_eq!(slugs.len(), 2_000);
        for style in STYLES {
            assert!(
                style.names.iter().all(|name| !name.is_empty()),
                "{}",
                style.key
            );
        }
    }
}
