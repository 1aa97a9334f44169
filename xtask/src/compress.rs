//! Compressed copies of the app's files, made once at build time so the server sends them
//! without compressing on every download, at levels too slow to use per request.

use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::write::GzEncoder;

use crate::process::{Step, file_names, read_bytes, write_file};

/// The files worth compressing: text and wasm (images are compressed already).
const COMPRESSIBLE: [&str; 5] = ["wasm", "js", "css", "html", "svg"];

/// Where the copy of `path` in an encoding goes: `suffix` is `.br` or `.gz`.
pub fn copy_of(path: &Path, suffix: &str) -> PathBuf {
    let mut copy = path.as_os_str().to_owned();
    copy.push(suffix);
    PathBuf::from(copy)
}

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
    let (mut raw, mut compressed) = (0, 0);
    for path in file_names(dist)?.into_iter().map(|name| dist.join(name)) {
        let compressible = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| COMPRESSIBLE.contains(&e));
        if !compressible {
            continue;
        }
        let bytes = read_bytes(&path)?;
        let br = brotli(&bytes);
        write_file(&copy_of(&path, ".br"), &br)?;
        write_file(&copy_of(&path, ".gz"), gzip(&bytes))?;
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
