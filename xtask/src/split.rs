//! The release app's wasm, split into the first view and the pages loaded on first visit
//! (`src/lazy_pages.rs`, the `split` feature).
//!
//! trunk has no step for this, so it happens around trunk's build. trunk finds a `wasm-bindgen`
//! shim first on its `PATH`: the shim splits the linked module at the split points Leptos's
//! `lazy_route` marks, runs the real wasm-bindgen on the main part (keeping the linker's exports
//! that the parts share) and leaves the other parts in a folder. Once trunk has written dist,
//! [`Split::finish`] strips their custom sections (function names, which trunk's wasm-opt drops
//! from the main module) and puts them beside the main module, named after its content hash, so
//! that a page never loads parts of another build. (wasm-opt -Oz on each part as well would save
//! 2% of their size for 50 s of build: the split module was already optimized for size.)

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::process::{Step, file_names, read_bytes, read_text, run, target_dir, write_file};
use crate::setup::Tools;

/// The xtask command the shim runs.
pub const SHIM_COMMAND: &str = "split-bindgen";
/// Where the shim leaves the parts (set for trunk's build only).
const SPLIT_DIR_VAR: &str = "STOREFRONT_SPLIT_DIR";
/// Extra compiler flags for the wasm target.
const RUSTFLAGS_VAR: &str = "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS";
/// The real wasm-bindgen, for the shim.
const BINDGEN_VAR: &str = "STOREFRONT_WASM_BINDGEN";
/// The module the parts' loader imports the main module's exports from, until [`Split::finish`]
/// knows its hashed name.
const MAIN_PLACEHOLDER: &str = "./storefront.js";
/// The parts' loader, imported by the main module under this name.
const LOADER: &str = "__wasm_split.js";
/// The main part, which the shim hands to wasm-bindgen.
const MAIN_PART: &str = "main.wasm";

/// A split build in progress.
pub struct Split {
    parts: PathBuf,
    shim_dir: PathBuf,
    bindgen: PathBuf,
}

impl Split {
    /// An empty folder for the parts, and the shim.
    pub fn prepare(tools: &Tools) -> Result<Self, String> {
        let parts = target_dir().join("wasm-split");
        let _ = std::fs::remove_dir_all(&parts);
        std::fs::create_dir_all(&parts)
            .map_err(|e| format!("cannot create {}: {e}", parts.display()))?;
        let bindgen = std::env::split_paths(&tools.path)
            .map(|dir| dir.join("wasm-bindgen"))
            .find(|path| path.is_file())
            .ok_or("wasm-bindgen is not installed: run `cargo xtask setup`")?;
        let shim_dir = target_dir().join("tools/split-shim");
        std::fs::create_dir_all(&shim_dir)
            .map_err(|e| format!("cannot create {}: {e}", shim_dir.display()))?;
        let xtask =
            std::env::current_exe().map_err(|e| format!("cannot find the xtask binary: {e}"))?;
        let shim = shim_dir.join("wasm-bindgen");
        let script = format!(
            "#!/bin/sh\n# Written by cargo xtask: trunk runs this as wasm-bindgen (see xtask/src/split.rs).\n\
             exec '{}' {SHIM_COMMAND} \"$@\"\n",
            xtask.display()
        );
        write_file(&shim, script)?;
        make_executable(&shim)?;
        Ok(Self {
            parts,
            shim_dir,
            bindgen,
        })
    }

    /// Makes `trunk` (a `trunk build` command) build with the split points and run the shim.
    pub fn configure(&self, trunk: &mut Command, tools: &Tools) -> Result<(), String> {
        let dirs = std::iter::once(self.shim_dir.clone()).chain(std::env::split_paths(&tools.path));
        let path: OsString =
            std::env::join_paths(dirs).map_err(|e| format!("cannot build PATH: {e}"))?;
        // The split needs the linker's relocations; only here, as they would double the size
        // of the unsplit development build. Cargo adds these flags to .cargo/config.toml's.
        let mut rustflags = std::env::var(RUSTFLAGS_VAR).unwrap_or_default();
        rustflags.push_str(" -C link-args=--emit-relocs");
        trunk
            .args(["--features", "hydrate,split"])
            .env(RUSTFLAGS_VAR, rustflags.trim_start())
            .env("PATH", path)
            .env(SPLIT_DIR_VAR, &self.parts)
            .env(BINDGEN_VAR, &self.bindgen);
        Ok(())
    }

    /// Puts the parts, stripped, and their loader into `dist`, beside the main module trunk
    /// wrote there (see [`is_part`]), and has the page preload the loader with it.
    pub fn finish(&self, dist: &Path) -> Result<(), String> {
        let step = Step::start("build: lazily loaded pages");
        let main = main_module_stem(dist)?;
        let mut parts: Vec<String> = file_names(&self.parts)?
            .into_iter()
            .filter(|name| name.ends_with(".wasm") && name != MAIN_PART)
            .collect();
        parts.sort();
        if parts.is_empty() {
            return Err(format!(
                "the split left no parts in {}: did the build have the `split` feature?",
                self.parts.display()
            ));
        }
        for name in &parts {
            let wasm = read_bytes(&self.parts.join(name))?;
            write_file(
                &dist.join(format!("{main}_{name}")),
                without_custom_sections(&wasm, name)?,
            )?;
        }

        let mut loader = read_text(&self.parts.join(LOADER))?;
        let import = format!("\"{MAIN_PLACEHOLDER}\"");
        if !loader.contains(&import) {
            return Err(format!("{LOADER} does not import {MAIN_PLACEHOLDER}"));
        }
        loader = loader.replace(&import, &format!("\"./{main}.js\""));
        for name in &parts {
            loader = loader.replace(&format!("\"./{name}\""), &format!("\"./{main}_{name}\""));
        }
        write_file(&dist.join(LOADER), loader)?;

        // The main module imports the loader: fetch it alongside instead of after.
        let index_path = dist.join("index.html");
        let index = read_text(&index_path)?;
        let preload = format!("<link rel=\"modulepreload\" href=\"/{LOADER}\"></head>");
        write_file(&index_path, index.replacen("</head>", &preload, 1))?;

        step.finish(&format!("{} parts", parts.len()));
        Ok(())
    }
}

/// `cargo xtask split-bindgen ARGS`, run by trunk as `wasm-bindgen ARGS`: splits the input
/// module, then runs the real wasm-bindgen on its main part.
pub fn bindgen(args: &[String]) -> Result<(), String> {
    let real = std::env::var_os(BINDGEN_VAR)
        .ok_or_else(|| format!("{SHIM_COMMAND} is run by the builds of `cargo xtask` only"))?;
    let Some(parts) = std::env::var_os(SPLIT_DIR_VAR).map(PathBuf::from) else {
        return run(Command::new(real).args(args));
    };
    if args.iter().any(|arg| arg == "--version" || arg == "-V") {
        return run(Command::new(real).args(args));
    }
    let input = args
        .iter()
        .find(|arg| !arg.starts_with('-') && arg.ends_with(".wasm"))
        .ok_or("wasm-bindgen was given no .wasm input")?;
    let wasm = read_bytes(Path::new(input))?;
    let main = parts.join(MAIN_PART);
    let mut options = wasm_split_cli_support::Options::new(&wasm);
    options.output_dir = &parts;
    options.main_out_path = &main;
    options.main_module = MAIN_PLACEHOLDER;
    wasm_split_cli_support::transform(options).map_err(|e| format!("cannot split {input}: {e}"))?;
    let args = args.iter().map(|arg| {
        if arg == input {
            main.clone().into_os_string()
        } else {
            OsString::from(arg)
        }
    });
    run(Command::new(real).args(args).arg("--keep-lld-exports"))
}

/// `wasm` without its custom sections (names, producers), which the browser does not need.
fn without_custom_sections(wasm: &[u8], name: &str) -> Result<Vec<u8>, String> {
    let mut module = wasm_encoder::Module::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        let payload = payload.map_err(|e| format!("{name} is not valid wasm: {e}"))?;
        if matches!(payload, wasmparser::Payload::CustomSection(_)) {
            continue;
        }
        if let Some((id, range)) = payload.as_section() {
            let data = usize::try_from(range.start)
                .ok()
                .zip(usize::try_from(range.end).ok())
                .and_then(|(start, end)| wasm.get(start..end))
                .ok_or_else(|| format!("{name} has a section out of its bounds"))?;
            module.section(&wasm_encoder::RawSection { id, data });
        }
    }
    Ok(module.finish())
}

/// A lazily loaded part of the wasm in `dist`: a `.wasm` other than trunk's main module
/// (`storefront-<hash>_bg.wasm`), named `storefront-<hash>_<part>.wasm`.
pub fn is_part(name: &str) -> bool {
    name.ends_with(".wasm") && !name.ends_with("_bg.wasm")
}

/// A part that is a page's own code (the splitter names them `split_<page>.wasm`), rather than
/// code several pages share (`chunk_<n>.wasm`).
pub fn is_page(name: &str) -> bool {
    is_part(name) && name.contains("_split_")
}

/// `storefront-<hash>`, the name trunk gave the main module in `dist`.
fn main_module_stem(dist: &Path) -> Result<String, String> {
    file_names(dist)?
        .into_iter()
        .find_map(|name| {
            let stem = name.strip_suffix(".js")?;
            let hash = stem.strip_prefix("storefront-")?;
            // trunk writes its 64-bit hash without leading zeros: up to 16 digits.
            ((12..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit()))
                .then(|| stem.to_owned())
        })
        .ok_or_else(|| format!("no storefront-<hash>.js in {}", dist.display()))
}

fn make_executable(path: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| format!("cannot make {} executable: {e}", path.display()))
}
