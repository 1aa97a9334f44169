//! The seed catalog: sellers and their products. Data only; see the parent module for the
//! record types and how they are inserted.

use super::{Product, Seller, Text};
use storefront_domain::product::Trait;

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
];

pub const PRODUCTS: &[Product] = &[
    Product {
        slug: "matcha-bowl",
        seller: "kiln-and-leaf",
        category: "kitchen",
        hs_code: "6912.00",
        price_minor: 4800,
        stock: 12,
        weight_g: 520,
        size_mm: [180, 180, 120],
        traits: &[Trait::Fragile],
        featured: true,
        texts: &[
            Text {
                lang: "en",
                name: "Hand-thrown matcha bowl",
                description: "A wide stoneware chawan thrown and glazed in Kyoto, sized for whisking one serving.",
            },
            Text {
                lang: "de",
                name: "Handgedrehte Matcha-Schale",
                description: "Eine weite Chawan aus Steinzeug, in Kyoto gedreht und glasiert, für eine Portion.",
            },
            Text {
                lang: "ar",
                name: "وعاء ماتشا مصنوع يدويًا",
                description: "وعاء شاي خزفي واسع شُكّل وزُجّج في كيوتو، بحجم يناسب خفق حصة واحدة.",
            },
        ],
        variants: &[],
    },
    Product {
        slug: "cast-iron-teapot",
        seller: "kiln-and-leaf",
        category: "kitchen",
        hs_code: "7323.91",
        price_minor: 12500,
        stock: 4,
        weight_g: 1450,
        size_mm: [220, 200, 180],
        traits: &[],
        featured: true,
        texts: &[
            Text {
                lang: "en",
                name: "Cast-iron tetsubin teapot",
                description: "A 0.6-litre cast-iron teapot with an enamelled interior and a stainless infuser.",
            },
            Text {
                lang: "de",
                name: "Tetsubin-Teekanne aus Gusseisen",
                description: "Gusseiserne Teekanne mit 0,6 Litern, emaillierter Innenseite und Edelstahlsieb.",
            },
            Text {
                lang: "ar",
                name: "إبريق شاي تيتسوبين من الحديد الزهر",
                description: "إبريق شاي من الحديد الزهر سعته 0.6 لتر، مطلي من الداخل مع مصفاة من الفولاذ.",
            },
        ],
        variants: &[],
    },
    Product {
        slug: "linen-tea-towels",
        seller: "atelier-lin",
        category: "home",
        hs_code: "6302.91",
        price_minor: 2400,
        stock: 40,
        weight_g: 260,
        size_mm: [250, 180, 40],
        traits: &[],
        featured: false,
        texts: &[
            Text {
                lang: "en",
                name: "Stonewashed linen tea towels, set of 2",
                description: "Absorbent French flax linen, stonewashed for softness, with a woven hanging loop.",
            },
            Text {
                lang: "de",
                name: "Stonewashed-Leinen-Geschirrtücher, 2er-Set",
                description: "Saugfähiges Leinen aus französischem Flachs, weich gewaschen, mit Aufhängeschlaufe.",
            },
            Text {
                lang: "ar",
                name: "مناشف مطبخ من الكتان المغسول، طقم من قطعتين",
                description: "كتان فرنسي ماص، مغسول بالحجارة ليصبح ناعمًا، مع عروة للتعليق.",
            },
        ],
        variants: &[],
    },
    Product {
        slug: "beeswax-candles",
        seller: "atelier-lin",
        category: "home",
        hs_code: "3406.00",
        price_minor: 1850,
        stock: 25,
        weight_g: 340,
        size_mm: [300, 90, 50],
        traits: &[Trait::Fragile],
        featured: false,
        texts: &[
            Text {
                lang: "en",
                name: "Hand-dipped beeswax candles, pair",
                description: "Two 25 cm tapers of pure beeswax, dipped by hand; about eight hours of clean burn each.",
            },
            Text {
                lang: "de",
                name: "Handgezogene Bienenwachskerzen, Paar",
                description: "Zwei 25-cm-Stabkerzen aus reinem Bienenwachs, je etwa acht Stunden Brenndauer.",
            },
            Text {
                lang: "ar",
                name: "زوج من شموع شمع العسل المغموسة يدويًا",
                description: "شمعتان بطول 25 سم من شمع العسل الخالص، تدوم كل منهما نحو ثماني ساعات.",
            },
        ],
        variants: &[],
    },
    Product {
        slug: "maple-syrup",
        seller: "maple-and-pine",
        category: "food",
        hs_code: "1702.20",
        price_minor: 1999,
        stock: 60,
        weight_g: 820,
        size_mm: [110, 110, 260],
        traits: &[Trait::Food, Trait::Liquid, Trait::Fragile],
        featured: true,
        texts: &[
            Text {
                lang: "en",
                name: "Vermont maple syrup, 500 ml",
                description: "Grade A amber syrup from a family sugarhouse, boiled over a wood fire.",
            },
            Text {
                lang: "de",
                name: "Ahornsirup aus Vermont, 500 ml",
                description: "Bernsteinfarbener Sirup der Klasse A aus einer Familien-Zuckerhütte, über Holzfeuer gekocht.",
            },
            Text {
                lang: "ar",
                name: "شراب القيقب من فيرمونت، 500 مل",
                description: "شراب كهرماني من الدرجة الأولى من معمل عائلي، يُغلى على نار الحطب.",
            },
        ],
        variants: &[],
    },
    Product {
        slug: "wool-blanket",
        seller: "maple-and-pine",
        category: "home",
        hs_code: "6301.20",
        price_minor: 12900,
        stock: 7,
        weight_g: 1350,
        size_mm: [400, 300, 120],
        traits: &[],
        featured: false,
        texts: &[
            Text {
                lang: "en",
                name: "Heritage wool throw blanket",
                description: "A 130 × 180 cm plaid throw woven from American wool on a century-old loom.",
            },
            Text {
                lang: "de",
                name: "Wolldecke im Heritage-Karo",
                description: "Eine karierte Decke, 130 × 180 cm, aus amerikanischer Wolle auf einem hundertjährigen Webstuhl.",
            },
            Text {
                lang: "ar",
                name: "بطانية صوف تراثية",
                description: "بطانية مربعات بمقاس 130 × 180 سم منسوجة من الصوف الأمريكي على نول عمره قرن.",
            },
        ],
        variants: &[],
    },
    Product {
        slug: "pocket-speaker",
        seller: "copper-coast",
        category: "electronics",
        hs_code: "8518.22",
        price_minor: 5900,
        stock: 3,
        weight_g: 410,
        size_mm: [150, 110, 80],
        traits: &[Trait::LithiumBattery],
        featured: true,
        texts: &[
            Text {
                lang: "en",
                name: "Walnut pocket speaker",
                description: "A Bluetooth speaker in a solid walnut case with a lithium-ion battery for 12 hours of play.",
            },
            Text {
                lang: "de",
                name: "Taschenlautsprecher aus Walnuss",
                description: "Bluetooth-Lautsprecher im Gehäuse aus massivem Walnussholz, Lithium-Ionen-Akku für 12 Stunden.",
            },
            Text {
                lang: "ar",
                name: "مكبر صوت جيب من خشب الجوز",
                description: "مكبر صوت بلوتوث في هيكل من خشب الجوز الصلب مع بطارية ليثيوم أيون تدوم 12 ساعة.",
            },
        ],
        variants: &[],
    },
    Product {
        slug: "copper-mug",
        seller: "copper-coast",
        category: "kitchen",
        hs_code: "7418.10",
        price_minor: 3200,
        stock: 18,
        weight_g: 380,
        size_mm: [160, 130, 120],
        traits: &[],
        featured: false,
        texts: &[
            Text {
                lang: "en",
                name: "Hammered copper mug",
                description: "A 450 ml mug hammered by hand in Cornwall, tin-lined, with a solid brass handle.",
            },
            Text {
                lang: "de",
                name: "Gehämmerter Kupferbecher",
                description: "Ein handgehämmerter 450-ml-Becher aus Cornwall, innen verzinnt, mit massivem Messinggriff.",
            },
            Text {
                lang: "ar",
                name: "كوب نحاسي مطروق",
                description: "كوب سعته 450 مل مطروق يدويًا في كورنوال، مبطن بالقصدير، بمقبض من النحاس الأصفر.",
            },
        ],
        variants: &[],
    },
];
