//! `cargo xtask serve` and `cargo xtask dev`.

use std::path::PathBuf;
use std::process::{Child, Command};
use std::time::Duration;

use crate::compress;
use crate::process::{self, Step, release_dist, root, run, target_dir};
use crate::setup::{self, Scope, Tools};
use crate::split::Split;

/// Options shared by `serve` and `dev`.
struct Options {
    addr: String,
    db: PathBuf,
}

fn parse(args: &[String], allow_addr: bool) -> Result<Options, String> {
    let mut options = Options {
        addr: "127.0.0.1:8080".to_owned(),
        db: root().join("data/storefront.db"),
    };
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--addr" if allow_addr => options.addr = value()?,
            "--db" => options.db = PathBuf::from(value()?),
            other => return Err(format!("unknown option {other:?} (see `cargo xtask help`)")),
        }
    }
    Ok(options)
}

/// Builds the app with trunk in release mode (wasm-opt on, split into the first view and lazily
/// loaded pages) into `target/dist`.
pub fn build_release_app(tools: &Tools) -> Result<PathBuf, String> {
    let dist = release_dist();
    let split = Split::prepare(tools)?;
    let step = Step::start("build: app (trunk build --release, split)");
    let mut trunk = tools.command("trunk");
    trunk.args(["build", "--release", "--dist"]).arg(&dist);
    split.configure(&mut trunk, tools)?;
    run(&mut trunk)?;
    step.finish("built");
    split.finish(&dist)?;
    compress::precompress(&dist)?;
    Ok(dist)
}

/// Builds the server with `profile` and returns the binary's path.
pub fn build_server(tools: &Tools, profile: &str) -> Result<PathBuf, String> {
    let step = Step::start(format!("build: storefront-server ({profile})"));
    run(tools.command(process::cargo()).args([
        "build",
        "--package",
        "storefront-server",
        "--profile",
        profile,
    ]))?;
    step.finish("built");
    let folder = if profile == "dev" { "debug" } else { profile };
    Ok(target_dir().join(folder).join("storefront-server"))
}

/// `cargo xtask serve`: release build of the app, optimized server, seed data, one address.
pub fn serve(args: &[String]) -> Result<(), String> {
    let options = parse(args, true)?;
    let tools = setup::install(Scope::Build)?;
    let dist = build_release_app(&tools)?;
    let server = build_server(&tools, "server-release")?;
    println!("==> serving the storefront; open the address below (Ctrl-C stops it)");
    run(Command::new(server)
        .arg("--addr")
        .arg(&options.addr)
        .arg("--db")
        .arg(&options.db)
        .arg("--dist")
        .arg(&dist))
}

/// `cargo xtask dev`: the API on :8080 and `trunk serve` with live reload on :8081.
pub fn dev(args: &[String]) -> Result<(), String> {
    let options = parse(args, false)?;
    let tools = setup::install(Scope::Build)?;
    let server = build_server(&tools, "dev")?;
    let mut api = Running::spawn(
        "storefront-server",
        Command::new(server)
            .args(["--addr", "127.0.0.1:8080", "--db"])
            .arg(&options.db),
    )?;
    let mut trunk = Running::spawn("trunk serve", tools.command("trunk").arg("serve"))?;
    println!(
        "==> dev: app with live reload at http://127.0.0.1:8081 (API at http://127.0.0.1:8080)"
    );
    // Whichever stops first (a crash, or Ctrl-C reaching both) stops the other.
    loop {
        for (name, child) in [("storefront-server", &mut api), ("trunk serve", &mut trunk)] {
            if let Some(status) = child.0.try_wait().map_err(|e| e.to_string())? {
                return if status.success() {
                    Ok(())
                } else {
                    Err(format!("{name} stopped ({status})"))
                };
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// A child process that is killed when dropped, so no server outlives the xtask.
pub struct Running(pub Child);

impl Running {
    /// Starts `command`, naming it in the error.
    pub fn spawn(name: &str, command: &mut Command) -> Result<Self, String> {
        command
            .spawn()
            .map(Self)
            .map_err(|e| format!("cannot start {name}: {e}"))
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
