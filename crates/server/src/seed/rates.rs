//! The seed's published exchange rates: euro reference rates of one day, in millionths.

/// The day the seeded rates were published.
pub const AS_OF: &str = "2026-11-24";

/// The base currency every rate is quoted against.
pub const BASE: &str = "EUR";

/// Units of each currency one euro buys, in millionths.
pub const RATES: &[(&str, i64)] = &[
    ("AED", 3_865_400),
    ("AUD", 1_612_300),
    ("BRL", 6_051_800),
    ("CAD", 1_471_000),
    ("CHF", 941_200),
    ("CNY", 7_623_500),
    ("GBP", 832_500),
    ("JPY", 163_250_000),
    ("KRW", 1_480_120_000),
    ("MXN", 21_430_000),
    ("SAR", 3_946_100),
    ("USD", 1_052_300),
];
