//! `cargo xtask serve` and `cargo xtask dev`.

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::Duration;

use crate::compress;
use crate::postgres;
use crate::process::{self, Step, release_dist, root, run, target_dir};
use crate::setup::{self, Scope, Tools};
use crate::split::Split;

/// Options shared by `serve` and `dev`.
struct Options {
    addr: String,
    db: PathBuf,
    /// Instead of `db`: a database URL, passed to the server as it is.
    database_url: Option<String>,
    /// A throwaway PostgreSQL cluster with two servers on it (`serve` only).
    postgres: bool,
    /// How many products to generate (`catalog` only).
    products: u64,
}

impl Options {
    /// The server's arguments naming the database.
    fn database_args(&self) -> Vec<std::ffi::OsString> {
        match &self.database_url {
            Some(url) => vec!["--database-url".into(), url.into()],
            None => vec!["--db".into(), self.db.clone().into()],
        }
    }
}

/// What a command's options may be.
#[derive(Clone, Copy, PartialEq, Eq)]
enum For {
    Serve,
    Dev,
    Catalog,
}

fn parse(args: &[String], command: For) -> Result<Options, String> {
    let mut options = Options {
        addr: "127.0.0.1:8080".to_owned(),
        db: root().join("data/storefront.db"),
        database_url: None,
        postgres: false,
        products: CATALOG_PRODUCTS,
    };
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--addr" if command == For::Serve => options.addr = value()?,
            "--postgres" if command == For::Serve => options.postgres = true,
            "--products" if command == For::Catalog => {
                let text = value()?;
                options.products =
                    text.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                        format!("--products wants a positive number, not {text:?}")
                    })?;
            }
            "--db" => options.db = PathBuf::from(value()?),
            "--database-url" => options.database_url = Some(value()?),
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
    let options = parse(args, For::Serve)?;
    let tools = setup::install(Scope::Build)?;
    let dist = build_release_app(&tools)?;
    let server = build_server(&tools, "server-release")?;
    if options.postgres {
        return serve_two_on_postgres(&server, &dist, &options.addr);
    }
    println!("==> serving the storefront; open the address below (Ctrl-C stops it)");
    run(Command::new(server)
        .arg("--addr")
        .arg(&options.addr)
        .args(options.database_args())
        .arg("--dist")
        .arg(&dist))
}

/// The products `cargo xtask catalog` adds unless told: the size the search bench runs on.
pub const CATALOG_PRODUCTS: u64 = 100_000;

/// `cargo xtask catalog`: adds generated products to a database (the seed's makers and
/// categories, texts in seven languages) and rebuilds its search index.
pub fn catalog(args: &[String]) -> Result<(), String> {
    let options = parse(args, For::Catalog)?;
    let tools = setup::install(Scope::Build)?;
    let server = build_server(&tools, "server-release")?;
    add_generated(&server, &options.database_args(), options.products)
}

/// Runs `server` on the database of `database_args` to add `products` generated products,
/// its progress shown as it goes.
pub fn add_generated(
    server: &Path,
    database_args: &[std::ffi::OsString],
    products: u64,
) -> Result<(), String> {
    let step = Step::start(format!("catalog: {products} generated products"));
    run(Command::new(server)
        .args(database_args)
        .arg("--generate-catalog")
        .arg(products.to_string()))?;
    step.finish("added");
    Ok(())
}

/// `serve --postgres`: a throwaway PostgreSQL cluster and two identical servers sharing it, on
/// `addr` and the next port, as several instances would run behind a load balancer.
fn serve_two_on_postgres(server: &Path, dist: &Path, addr: &str) -> Result<(), String> {
    let first: std::net::SocketAddr = addr
        .parse()
        .map_err(|e| format!("--addr {addr:?} is not an address with a port: {e}"))?;
    let mut second = first;
    second.set_port(
        first
            .port()
            .checked_add(1)
            .ok_or("--addr's port is the last one")?,
    );
    let bin = postgres::ensure_installed()?;
    // Not under the target folder: the `postgres` user a root run starts it as cannot reach
    // into root's home.
    let dir = std::env::temp_dir().join("storefront-postgres-serve");
    let cluster = postgres::Cluster::start(&bin, &dir)?;
    let url = cluster.admin_url();
    let start = |addr: std::net::SocketAddr, simulate: bool| {
        let mut command = Command::new(server);
        command
            .arg("--addr")
            .arg(addr.to_string())
            .args(["--database-url", &url])
            .arg("--dist")
            .arg(dist);
        // One carrier simulator is enough for the demonstration.
        if !simulate {
            command.arg("--no-sim");
        }
        Running::spawn("storefront-server", &mut command)
    };
    // Both at once, as a deployment starts them: migrating and seeding are safe to race.
    let mut one = start(first, true)?;
    let mut two = start(second, false)?;
    for addr in [first, second] {
        crate::bench::wait_healthy(&addr.to_string(), Duration::from_secs(60))?;
    }
    println!(
        "==> two servers share PostgreSQL at {url}: http://{first} and http://{second} \
         (Ctrl-C stops them)"
    );
    let stopped = until_one_stops(&mut [("first server", &mut one), ("second server", &mut two)]);
    drop(cluster);
    stopped
}

/// Waits until one of `children` stops; the others are stopped when dropped.
fn until_one_stops(children: &mut [(&str, &mut Running)]) -> Result<(), String> {
    loop {
        for (name, child) in children.iter_mut() {
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

/// `cargo xtask dev`: the API on :8080 and `trunk serve` with live reload on :8081.
pub fn dev(args: &[String]) -> Result<(), String> {
    let options = parse(args, For::Dev)?;
    let tools = setup::install(Scope::Build)?;
    let server = build_server(&tools, "dev")?;
    let mut api = Running::spawn(
        "storefront-server",
        Command::new(server)
            .args(["--addr", "127.0.0.1:8080"])
            .args(options.database_args()),
    )?;
    let mut trunk = Running::spawn("trunk serve", tools.command("trunk").arg("serve"))?;
    println!(
        "==> dev: app with live reload at http://127.0.0.1:8081 (API at http://127.0.0.1:8080)"
    );
    // Whichever stops first (a crash, or Ctrl-C reaching both) stops the other.
    until_one_stops(&mut [("storefront-server", &mut api), ("trunk serve", &mut trunk)])
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
