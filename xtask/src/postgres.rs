//! A throwaway PostgreSQL cluster for tests, `serve --postgres` and the bench: Debian's server
//! binaries, a data folder of its own on a free port, listening on 127.0.0.1 only, trusting
//! local connections, removed when dropped. The server refuses to run as root, so as root the
//! cluster runs as the `postgres` user the Debian package creates.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::process::{Step, free_port, run};
use crate::setup::is_root;

/// The database user the cluster is made for; it owns every database in it.
const USER: &str = "store";

/// Where Debian's server binaries are (`/usr/lib/postgresql/VERSION/bin`, the newest), after
/// installing the package as root if none are.
pub fn ensure_installed() -> Result<PathBuf, String> {
    let step = Step::start("setup: PostgreSQL server");
    if let Some(bin) = server_bin() {
        step.finish(&format!("already there ({})", bin.display()));
        return Ok(bin);
    }
    println!("    not found; installing");
    if !is_root() {
        return Err(
            "the PostgreSQL tests need its server: install it as root with \
                    `apt-get install postgresql`"
                .to_owned(),
        );
    }
    run(Command::new("apt-get").arg("update"))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "--no-install-recommends", "postgresql"])
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    let bin = server_bin().ok_or("PostgreSQL still missing after installing it")?;
    step.finish(&format!("installed ({})", bin.display()));
    Ok(bin)
}

fn server_bin() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

/// A running cluster; stopped and deleted when dropped.
pub struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
}

impl Cluster {
    /// Creates a cluster in `dir` (in a folder the `postgres` user can reach; a cluster an
    /// interrupted run left there is stopped and deleted) and starts it on a free port.
    /// Durability is off (`fsync`): a throwaway cluster lives no longer than its run.
    pub fn start(bin: &Path, dir: &Path) -> Result<Self, String> {
        let step = Step::start("setup: throwaway PostgreSQL cluster");
        if dir.exists() {
            stop_and_delete(bin, dir);
        }
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        if is_root() {
            run(Command::new("chown").arg("postgres:postgres").arg(dir))?;
        }
        let port = free_port()?;
        let cluster = Self {
            bin: bin.to_owned(),
            dir: dir.to_owned(),
            port,
        };
        let data = dir.join("data");
        run(as_owner(bin, "initdb")
            .arg("-D")
            .arg(&data)
            .args(["-A", "trust", "-U", USER, "--no-sync", "-E", "UTF8"])
            .stdout(std::process::Stdio::null()))?;
        // Shared buffers as a database server is given (PostgreSQL's 128 MB default is for a
        // shared laptop), so that a search index of 100,000 products is served from memory.
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off \
             -c full_page_writes=off -c max_connections=300 -c shared_buffers=1GB",
            dir.display()
        );
        run(as_owner(bin, "pg_ctl")
            .arg("-D")
            .arg(&data)
            .args(["-o", &options, "-l"])
            .arg(dir.join("server.log"))
            .args(["-w", "start"])
            .stdout(std::process::Stdio::null()))?;
        cluster.create_database(USER)?;
        step.finish(&format!("running on port {port}"));
        Ok(cluster)
    }

    /// Creates the empty database `name`; its URL.
    pub fn create_database(&self, name: &str) -> Result<String, String> {
        run(self.client("createdb").arg(name))?;
        Ok(self.url(name))
    }

    /// Drops database `name`, ending any connection still open to it.
    pub fn drop_database(&self, name: &str) -> Result<(), String> {
        run(self.client("dropdb").args(["--force", name]))
    }

    /// `program` of the client binaries, connecting to the cluster as its user.
    fn client(&self, program: &str) -> Command {
        let mut command = Command::new(self.bin.join(program));
        command.args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "-U", USER]);
        command
    }

    /// The URL of `database` in the cluster.
    pub fn url(&self, database: &str) -> String {
        format!("postgres://{USER}@127.0.0.1:{}/{database}", self.port)
    }

    /// The URL of the cluster's own database, whose user may create others.
    pub fn admin_url(&self) -> String {
        self.url(USER)
    }
}

/// `program` of the server binaries in `bin`, run as the cluster's owner.
fn as_owner(bin: &Path, program: &str) -> Command {
    let path = bin.join(program);
    if is_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(path);
        command
    } else {
        Command::new(path)
    }
}

/// Stops the cluster in `dir`, if one runs, and deletes the folder.
fn stop_and_delete(bin: &Path, dir: &Path) {
    let _ = as_owner(bin, "pg_ctl")
        .arg("-D")
        .arg(dir.join("data"))
        .args(["-m", "immediate", "stop"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
    let _ = std::fs::remove_dir_all(dir);
}

impl Drop for Cluster {
    fn drop(&mut self) {
        stop_and_delete(&self.bin, &self.dir);
    }
}
