//! Paths of the workspace, file reads and writes whose errors name the file, and helpers to
//! run commands with progress lines.

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The workspace root (the folder holding the root Cargo.toml). Read from the environment
/// `cargo run` sets, not baked in at compile time: a build cache shared between clones (CI's)
/// may reuse an xtask binary compiled in another checkout.
pub fn root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest_dir
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// Cargo's target folder, honouring `CARGO_TARGET_DIR` (CI points it at a cache).
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if Path::new(&dir).is_absolute() => PathBuf::from(dir),
        Some(dir) => root().join(dir),
        None => root().join("target"),
    }
}

/// Where the release build of the app goes (served by `serve`, tested by `test`, measured by
/// `bench`); apart from trunk serve's own `dist/` so the two never overwrite each other.
pub fn release_dist() -> PathBuf {
    target_dir().join("dist")
}

/// `cargo`'s own path, so nested commands use the same toolchain.
pub fn cargo() -> OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// Human duration: `0.4s`, `12.3s`, `7m 52s`.
pub fn human(duration: Duration) -> String {
    let secs = duration.as_secs_f64();
    if secs < 60.0 {
        format!("{secs:.1}s")
    } else {
        format!(
            "{}m {:02}s",
            duration.as_secs() / 60,
            duration.as_secs() % 60
        )
    }
}

/// Prints `==> what` and, when the returned guard is finished, `<== what: done in 1.2s`.
pub struct Step {
    what: String,
    started: Instant,
}

impl Step {
    /// Starts a step and prints its progress line.
    pub fn start(what: impl Into<String>) -> Self {
        let what = what.into();
        println!("==> {what}");
        Self {
            what,
            started: Instant::now(),
        }
    }

    /// Prints the outcome of the step with its duration.
    pub fn finish(self, outcome: &str) {
        println!(
            "<== {}: {outcome} in {}",
            self.what,
            human(self.started.elapsed())
        );
    }
}

/// Describes a command for error messages.
pub fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

/// The text of the file at `path`.
pub fn read_text(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// The bytes of the file at `path`.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Writes `contents` to the file at `path`.
pub fn write_file(path: &Path, contents: impl AsRef<[u8]>) -> Result<(), String> {
    std::fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The names of the entries in the folder `dir` (those that are valid UTF-8).
pub fn file_names(dir: &Path) -> Result<Vec<String>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    Ok(entries
        .flatten()
        .filter_map(|entry| entry.file_name().into_string().ok())
        .collect())
}

/// Runs a command with inherited output; an error names it when it fails or cannot start.
pub fn run(command: &mut Command) -> Result<(), String> {
    let status = command
        .status()
        .map_err(|e| format!("cannot start `{}`: {e}", describe(command)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(command)))
    }
}

/// A port nothing listens on now, on 127.0.0.1, for a server started next.
pub fn free_port() -> Result<u16, String> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .map_err(|e| format!("no free port: {e}"))
}

/// Runs a command and returns its trimmed standard output, or `None` when it cannot run or
/// fails (used to probe tool versions).
pub fn output(command: &mut Command) -> Option<String> {
    let out = command.stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// Runs a command, echoing its standard output line by line and handing each line to `seen`.
/// Returns whether the command succeeded.
pub fn run_streaming(command: &mut Command, mut seen: impl FnMut(&str)) -> Result<bool, String> {
    let mut child = command
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start `{}`: {e}", describe(command)))?;
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{line}");
            seen(&line);
        }
    }
    let status = child
        .wait()
        .map_err(|e| format!("`{}` did not finish: {e}", describe(command)))?;
    Ok(status.success())
}
