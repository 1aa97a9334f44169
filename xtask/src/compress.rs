//! Compressed copies of the app's files, made once at build time so the server sends them
//! without compressing on every download, at levels too slow to use per request.

use std::io::Write;
use std::path::Path;

use flate2::Compression;
use flate2::write::GzEncoder;

use crate::process::Step;

/// The files worth compressing: text and wasm (images are compressed already).
const COMPRESSIBLE: [&str; 5] = ["wasm", "js", "css", "html", "svg"];

/// gzip at the best level.
fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// Brotli at its best quality and a 16 MB window.
fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = brotli::CompressorWriter::new(Vec::new(), 64 * 1024, 11, 24);
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.into_inner()
}

/// Writes `name.br` and `name.gz` beside each compressible file at the top of `dist`, which the
/// server sends to browsers that accept them.
pub fn precompress(dist: &Path) -> Result<(), String> {
    let step = Step::start("build: brotli and gzip copies of the app's files");
    let entries =
        std::fs::read_dir(dist).map_err(|e| format!("cannot read {}: {e}", dist.display()))?;
    let (mut raw, mut compressed) = (0, 0);
    for path in entries.flatten().map(|entry| entry.path()) {
        let compressible = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| COMPRESSIBLE.contains(&e));
        if !compressible {
            continue;
        }
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let br = brotli(&bytes);
        for (suffix, data) in [("br", &br), ("gz", &gzip(&bytes))] {
            let mut target = path.clone().into_os_string();
            target.push(format!(".{suffix}"));
            std::fs::write(&target, data)
                .map_err(|e| format!("cannot write {}: {e}", Path::new(&target).display()))?;
        }
        raw += bytes.len();
        compressed += br.len();
    }
    step.finish(&format!(
        "{:.0} KB as {:.0} KB of brotli",
        raw as f64 / 1024.0,
        compressed as f64 / 1024.0
    ));
    Ok(())
}
