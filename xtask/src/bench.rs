//! `cargo xtask bench`: figures to track, printed rather than asserted.

use std::io::Write;
use std::path::Path;

use flate2::Compression;
use flate2::write::GzEncoder;

use crate::serve::build_release_app;
use crate::setup::{self, Scope};

/// What the first view may transfer, gzip-compressed (issue 2's target).
const FIRST_VIEW_TARGET_KB: f64 = 100.0;

/// Builds the release app and prints the size of what the first view downloads.
pub fn run(args: &[String]) -> Result<(), String> {
    if let Some(extra) = args.first() {
        return Err(format!("bench takes no arguments, got {extra:?}"));
    }
    let tools = setup::install(Scope::Build)?;
    let dist = build_release_app(&tools)?;
    let sizes = first_view_sizes(&dist)?;

    println!();
    println!("first-view transfer size ({})", dist.display());
    println!("{:<8} {:>12} {:>12}  file", "kind", "raw KB", "gzip KB");
    let (mut raw_total, mut gzip_total) = (0, 0);
    for (kind, name, raw, gzip) in &sizes {
        println!("{kind:<8} {:>12.1} {:>12.1}  {name}", kb(*raw), kb(*gzip));
        raw_total += raw;
        gzip_total += gzip;
    }
    println!(
        "{:<8} {:>12.1} {:>12.1}",
        "total",
        kb(raw_total),
        kb(gzip_total)
    );
    println!(
        "target: total gzip <= {FIRST_VIEW_TARGET_KB} KB ({})",
        if kb(gzip_total) <= FIRST_VIEW_TARGET_KB {
            "met"
        } else {
            "MISSED"
        }
    );
    Ok(())
}

fn kb(bytes: usize) -> f64 {
    bytes as f64 / 1024.0
}

/// (kind, file name, raw bytes, gzip bytes) of the page, its wasm, JS and CSS.
fn first_view_sizes(dist: &Path) -> Result<Vec<(String, String, usize, usize)>, String> {
    let entries =
        std::fs::read_dir(dist).map_err(|e| format!("cannot read {}: {e}", dist.display()))?;
    let mut sizes = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(kind) = path
            .extension()
            .and_then(|e| e.to_str())
            .filter(|e| ["wasm", "js", "css", "html"].contains(e))
        else {
            continue;
        };
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        sizes.push((kind.to_owned(), name, bytes.len(), gzip_len(&bytes)));
    }
    if !sizes.iter().any(|(kind, ..)| kind == "wasm") {
        return Err(format!(
            "no .wasm in {}: did the build fail?",
            dist.display()
        ));
    }
    sizes.sort();
    Ok(sizes)
}

/// Size after gzip at the best level, as a static file host would serve it.
fn gzip_len(bytes: &[u8]) -> usize {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().map(|out| out.len()).unwrap_or(0)
}
