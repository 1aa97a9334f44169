//! Unguessable identifiers from the operating system's random source.

use std::fmt::Write;

/// `prefix` followed by 128 random bits in hex, e.g. `o_3f9c…`.
pub fn random_id(prefix: &str) -> String {
    hex_id(prefix, &random_bytes::<16>())
}

/// `prefix` followed by the creation time (milliseconds since the epoch, 48 bits) and 80
/// random bits, in hex: ids made later sort later, so inserting them appends to the primary-key
/// index instead of dirtying a random page of it. For what is written often and reveals nothing
/// by its creation time (quotes).
pub fn time_ordered_id(prefix: &str) -> String {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_millis());
    time_ordered_id_at(prefix, u64::try_from(millis).unwrap_or(u64::MAX))
}

fn time_ordered_id_at(prefix: &str, millis: u64) -> String {
    let mut bytes = [0u8; 16];
    bytes[..6].copy_from_slice(&millis.to_be_bytes()[2..]);
    bytes[6..].copy_from_slice(&random_bytes::<10>());
    hex_id(prefix, &bytes)
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    // The OS random source failing is unrecoverable: nothing secret could be issued safely.
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    bytes
}

fn hex_id(prefix: &str, bytes: &[u8]) -> String {
    let mut id = String::with_capacity(prefix.len() + 2 * bytes.len());
    id.push_str(prefix);
    for byte in bytes {
        // Writing to a String cannot fail.
        let _ = write!(id, "{byte:02x}");
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_prefixed_128_bit_hex_and_differ() {
        let (a, b) = (random_id("q_"), random_id("q_"));
        assert_eq!(a.len(), 34);
        assert!(a.starts_with("q_") && a[2..].bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }

    #[test]
    fn time_ordered_ids_sort_by_time_and_still_differ() {
        let (a, b) = (
            time_ordered_id_at("q_", 1_000),
            time_ordered_id_at("q_", 1_000),
        );
        let later = time_ordered_id_at("q_", 1_001);
        assert!(time_ordered_id("q_") > later);
        assert_eq!(a.len(), 34);
        assert!(a.starts_with("q_0000000003e8"), "{a}");
        assert_ne!(a, b);
        assert!(a < later && b < later);
    }
}
