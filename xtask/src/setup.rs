//! Installs what building and testing the storefront needs, skipping what is already there at
//! the right version. A second run only probes versions and takes seconds.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::process::{self, Step, output, read_text, root, run, target_dir};

/// The trunk series that installs on rustc 1.95 (0.22 needs a newer compiler).
const TRUNK_SERIES: &str = "0.21";
/// The wasm-opt release Trunk.toml pins, from the npm package `binaryen`.
const BINARYEN_VERSION: &str = "132.0.0";
const WASM_OPT_VERSION: &str = "version 132";
const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// How much to install.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// What building and serving the app needs.
    Build,
    /// That, plus the browser and packages the tests need.
    Everything,
}

/// Paths of the installed tools, for the commands that use them.
pub struct Tools {
    /// `PATH` with cargo's bin folder and wasm-opt's folder in front.
    pub path: OsString,
    /// Chromium, when the scope included the browser.
    pub chromium: PathBuf,
    /// chromedriver, when the scope included the browser.
    pub chromedriver: PathBuf,
}

impl Tools {
    /// A command that finds the installed tools on its `PATH`.
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut command = Command::new(program);
        command.env("PATH", &self.path).current_dir(root());
        command
    }
}

/// Installs whatever `scope` needs and is missing, each step with a progress line.
pub fn install(scope: Scope) -> Result<Tools, String> {
    let all = Step::start("setup: checking tools");
    let binaryen_bin = target_dir().join("tools/binaryen/node_modules/.bin");
    let path = search_path(&binaryen_bin)?;
    let probe =
        |program: &str, arg: &str| output(Command::new(program).arg(arg).env("PATH", &path));

    ensure(
        &format!("{WASM_TARGET} target"),
        || {
            output(Command::new("rustup").args(["target", "list", "--installed"]))
                .is_some_and(|list| list.lines().any(|t| t.trim() == WASM_TARGET))
                .then(|| "installed".to_owned())
        },
        || run(Command::new("rustup").args(["target", "add", WASM_TARGET])),
    )?;

    ensure(
        &format!("trunk {TRUNK_SERIES}.x"),
        || probe("trunk", "--version").filter(|v| v.starts_with(&format!("trunk {TRUNK_SERIES}."))),
        || {
            println!("    (a cold install compiles trunk: about 8 minutes on 2 cores)");
            run(Command::new(process::cargo()).args([
                "install",
                "--locked",
                "trunk",
                "--version",
                &format!("~{TRUNK_SERIES}"),
            ]))
        },
    )?;

    let bindgen = locked_version("wasm-bindgen")?;
    check_trunk_pins(&bindgen)?;
    ensure(
        &format!("wasm-bindgen CLI {bindgen} (from Cargo.lock)"),
        || {
            let want = format!(" {bindgen}");
            let cli = probe("wasm-bindgen", "--version").filter(|v| v.ends_with(&want))?;
            // The test runner ships in the same package; both must match the library.
            probe("wasm-bindgen-test-runner", "--version").filter(|v| v.ends_with(&want))?;
            Some(cli)
        },
        || {
            println!("    (a cold install takes about 4 minutes on 2 cores)");
            // Not --locked: that fails for this version (a locked dependency left the registry).
            run(Command::new(process::cargo()).args([
                "install",
                "--force",
                "wasm-bindgen-cli",
                "--version",
                &format!("={bindgen}"),
            ]))
        },
    )?;

    let binaryen_dir = target_dir().join("tools/binaryen");
    ensure(
        &format!("wasm-opt {WASM_OPT_VERSION} (npm binaryen@{BINARYEN_VERSION})"),
        || {
            output(Command::new(binaryen_bin.join("wasm-opt")).arg("--version"))
                .filter(|v| v.contains(WASM_OPT_VERSION))
        },
        || {
            std::fs::create_dir_all(&binaryen_dir)
                .map_err(|e| format!("cannot create {}: {e}", binaryen_dir.display()))?;
            run(npm()
                .args([
                    "install",
                    "--no-audit",
                    "--no-fund",
                    "--save-exact",
                    "--prefix",
                ])
                .arg(&binaryen_dir)
                .arg(format!("binaryen@{BINARYEN_VERSION}")))
        },
    )?;

    let mut tools = Tools {
        path,
        chromium: PathBuf::from(env_or("CHROMIUM", "/usr/bin/chromium")),
        chromedriver: PathBuf::from(env_or("CHROMEDRIVER", "/usr/bin/chromedriver")),
    };
    if scope == Scope::Everything {
        ensure_browser(&mut tools)?;
        ensure_e2e_packages()?;
    }
    all.finish("tools ready");
    Ok(tools)
}

/// Probes with `present`; runs `install` when it finds nothing, then probes again.
fn ensure(
    what: &str,
    present: impl Fn() -> Option<String>,
    install: impl FnOnce() -> Result<(), String>,
) -> Result<(), String> {
    let step = Step::start(format!("setup: {what}"));
    if let Some(found) = present() {
        step.finish(&format!("already there ({found})"));
        return Ok(());
    }
    println!("    not found; installing");
    install().map_err(|e| format!("installing {what}: {e}"))?;
    let found = present().ok_or_else(|| format!("{what} still missing after installing it"))?;
    step.finish(&format!("installed ({found})"));
    Ok(())
}

/// Chromium and chromedriver from Debian: browsers downloaded by test tools cannot be fetched here.
fn ensure_browser(tools: &mut Tools) -> Result<(), String> {
    let chromium = tools.chromium.clone();
    let chromedriver = tools.chromedriver.clone();
    let present = || {
        let browser = output(Command::new(&chromium).arg("--version"))?;
        let driver = output(Command::new(&chromedriver).arg("--version"))?;
        let driver = driver.split(" (").next().unwrap_or(&driver).to_owned();
        Some(format!("{browser}; {driver}"))
    };
    ensure("Chromium and chromedriver", present, || {
        if !is_root() {
            return Err("Chromium is needed for the tests. Install it as root with \
                        `apt-get install chromium chromium-driver`, or point the CHROMIUM and \
                        CHROMEDRIVER variables at an installed pair"
                .to_owned());
        }
        run(Command::new("apt-get").arg("update"))?;
        run(Command::new("apt-get")
            .args([
                "install",
                "-y",
                "--no-install-recommends",
                "chromium",
                "chromium-driver",
            ])
            .env("DEBIAN_FRONTEND", "noninteractive"))
    })
}

/// The end-to-end tests' npm packages (Playwright's runner; it drives the system Chromium and
/// downloads no browser), installed exactly as package-lock.json says.
fn ensure_e2e_packages() -> Result<(), String> {
    ensure_npm_ci("end-to-end test packages", &root().join("tests/e2e"))
}

/// What `cargo xtask bench browser` needs beyond the build: Chromium, Node.js and the packages
/// of bench/browser (Lighthouse and playwright-core, which drive the system Chromium and
/// download no browser), installed exactly as package-lock.json says. Returns that folder.
pub fn ensure_bench_browser(tools: &mut Tools) -> Result<PathBuf, String> {
    ensure_browser(tools)?;
    let step = Step::start("setup: Node.js");
    let node = output(Command::new("node").arg("--version")).ok_or(
        "Node.js is needed for the browser bench (Lighthouse and playwright-core), and `node \
         --version` did not run: install Node.js 20 or newer with npm",
    )?;
    step.finish(&format!("already there ({node})"));
    let dir = root().join("bench/browser");
    ensure_npm_ci("browser bench packages", &dir)?;
    Ok(dir)
}

/// Runs `npm ci` in `dir` unless the lock file is the one last installed there.
fn ensure_npm_ci(what: &str, dir: &Path) -> Result<(), String> {
    let lock = read_text(&dir.join("package-lock.json"))?;
    let stamp = dir.join("node_modules/.xtask-installed-lock");
    ensure(
        &format!("{what} (npm ci)"),
        || {
            (std::fs::read_to_string(&stamp).ok().as_deref() == Some(lock.as_str()))
                .then(|| "matches package-lock.json".to_owned())
        },
        || {
            run(npm()
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(dir))?;
            std::fs::write(&stamp, &lock)
                .map_err(|e| format!("cannot write {}: {e}", stamp.display()))
        },
    )
}

fn npm() -> Command {
    Command::new("npm")
}

fn env_or(name: &str, default: &str) -> OsString {
    std::env::var_os(name).unwrap_or_else(|| default.into())
}

/// Whether xtask runs as root (who may install system packages).
pub fn is_root() -> bool {
    output(Command::new("id").arg("-u")).as_deref() == Some("0")
}

/// `PATH` with cargo's bin folder (where `cargo install` puts trunk and wasm-bindgen) and
/// wasm-opt's folder first.
fn search_path(binaryen_bin: &Path) -> Result<OsString, String> {
    let cargo_bin = match std::env::var_os("CARGO_HOME") {
        Some(home) => PathBuf::from(home).join("bin"),
        None => PathBuf::from(env_or("HOME", "/root")).join(".cargo/bin"),
    };
    let rest = std::env::var_os("PATH").unwrap_or_default();
    let dirs = [cargo_bin, binaryen_bin.to_path_buf()]
        .into_iter()
        .chain(std::env::split_paths(&rest));
    std::env::join_paths(dirs).map_err(|e| format!("cannot build PATH: {e}"))
}

/// Trunk runs offline and uses exactly the tool versions Trunk.toml names; they must be the
/// ones installed here, or trunk fails with a download error that hides the real cause.
fn check_trunk_pins(bindgen: &str) -> Result<(), String> {
    let trunk_toml = read_text(&root().join("Trunk.toml"))?;
    let wasm_opt = WASM_OPT_VERSION.replace(' ', "_");
    for (key, want) in [("wasm_bindgen", bindgen), ("wasm_opt", wasm_opt.as_str())] {
        let pinned = toml_string(&trunk_toml, key);
        if pinned != Some(want) {
            return Err(format!(
                "Trunk.toml pins {key} = {pinned:?}, but the build uses {want:?}: \
                 set `{key} = \"{want}\"` under [tools] in Trunk.toml"
            ));
        }
    }
    Ok(())
}

/// The string value of a top-level-looking `key = "value"` line.
fn toml_string<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines().find_map(|line| {
        let (name, value) = line.split_once('=')?;
        (name.trim() == key).then(|| value.trim().trim_matches('"'))
    })
}

/// The version of `package` that Cargo.lock resolved.
fn locked_version(package: &str) -> Result<String, String> {
    let lock = read_text(&root().join("Cargo.lock"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == format!("name = \"{package}\"")
            && let Some(version) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
        {
            return Ok(version.trim_matches('"').to_owned());
        }
    }
    Err(format!("{package} is not in Cargo.lock"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_repository_pins_agree() {
        let bindgen = locked_version("wasm-bindgen").unwrap();
        check_trunk_pins(&bindgen).unwrap();
        assert!(
            check_trunk_pins("0.0.1")
                .unwrap_err()
                .contains("wasm_bindgen = \"0.0.1\"")
        );
    }

    #[test]
    fn reads_toml_string_values() {
        let text = "[tools]\nwasm_bindgen = \"0.2.130\"\nwasm_opt = \"version_132\"\n";
        assert_eq!(toml_string(text, "wasm_opt"), Some("version_132"));
        assert_eq!(toml_string(text, "trunk"), None);
    }
}
