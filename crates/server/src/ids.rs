//! Unguessable identifiers from the operating system's random source.

/// `prefix` followed by 128 random bits in hex, e.g. `q_3f9c…`.
pub fn random_id(prefix: &str) -> String {
    let mut bytes = [0u8; 16];
    // The OS random source failing is unrecoverable: nothing secret could be issued safely.
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    let mut id = String::with_capacity(prefix.len() + 32);
    id.push_str(prefix);
    for byte in bytes {
        id.push_str(&format!("{byte:02x}"));
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
}
