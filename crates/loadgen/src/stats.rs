//! Latency samples and their percentiles.

use serde_json::{Value, json};

/// Nearest-rank percentile `p` (0–100] of ascending `sorted` samples; 0 when there are none.
pub fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// `{"count", "p50", "p90", "p95", "p99", "max"}` of the samples (microseconds).
pub fn summary(mut samples: Vec<u64>) -> Value {
    samples.sort_unstable();
    json!({
        "count": samples.len(),
        "p50": percentile(&samples, 50.0),
        "p90": percentile(&samples, 90.0),
        "p95": percentile(&samples, 95.0),
        "p99": percentile(&samples, 99.0),
        "max": samples.last().copied().unwrap_or(0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let samples: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&samples, 50.0), 50);
        assert_eq!(percentile(&samples, 99.0), 99);
        assert_eq!(percentile(&samples, 100.0), 100);
        assert_eq!(percentile(&[7], 99.0), 7);
        assert_eq!(percentile(&[], 50.0), 0);
        let two = [10, 20];
        assert_eq!(percentile(&two, 50.0), 10);
        assert_eq!(percentile(&two, 51.0), 20);
    }

    #[test]
    fn the_summary_is_sorted_first() {
        let value = summary(vec![5, 1, 9, 3]);
        assert_eq!(value["count"], 4);
        assert_eq!(value["p50"], 3);
        assert_eq!(value["max"], 9);
    }
}
