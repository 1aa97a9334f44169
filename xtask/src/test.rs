//! `cargo xtask test`: every test in one command, closing with one summary line.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::postgres;
use crate::process::{self, Step, human, root, run_streaming};
use crate::serve::{Running, build_release_app, build_server};
use crate::setup::{self, Scope, Tools};

/// The stages, in the order they run.
const STAGES: [&str; 4] = ["lint", "native", "wasm", "e2e"];

/// Passed and failed counts over every stage; a lint check counts as one test.
#[derive(Default)]
struct Summary {
    passed: u64,
    failed: u64,
    skipped: u64,
    failures: Vec<String>,
}

impl Summary {
    fn check(&mut self, name: &str, ok: bool) {
        if ok {
            self.passed += 1;
        } else {
            self.failed += 1;
            self.failures.push(name.to_owned());
        }
    }

    /// Adds counts a runner reported; a runner that failed without reporting a failed test
    /// (a compile error, a crash) counts as one failure so it cannot pass unnoticed.
    fn runner(&mut self, name: &str, ok: bool, counts: Counts) {
        self.passed += counts.passed;
        self.failed += counts.failed;
        self.skipped += counts.skipped;
        if counts.failed > 0 || !ok {
            self.failures.push(name.to_owned());
        }
        if !ok && counts.failed == 0 {
            self.failed += 1;
        }
        if ok && counts.passed == 0 {
            // A stage that ran nothing is a broken stage, not a green one.
            self.failed += 1;
            self.failures.push(format!("{name} (ran no test)"));
        }
    }
}

#[derive(Default, Clone, Copy)]
struct Counts {
    passed: u64,
    failed: u64,
    skipped: u64,
}

/// Runs the chosen stages (all by default) and prints the summary.
pub fn run(args: &[String]) -> Result<(), String> {
    let (args, playwright_args) = match args.iter().position(|arg| arg == "--") {
        Some(split) => (&args[..split], &args[split + 1..]),
        None => (args, &[][..]),
    };
    for stage in args {
        if !STAGES.contains(&stage.as_str()) {
            return Err(format!(
                "unknown stage {stage:?}; stages: {}",
                STAGES.join(" ")
            ));
        }
    }
    let wanted = |stage: &str| args.is_empty() || args.iter().any(|a| a == stage);
    let started = Instant::now();
    let tools = setup::install(Scope::Everything)?;
    let mut summary = Summary::default();

    if wanted("lint") {
        lint(&tools, &mut summary);
    }
    if wanted("native") {
        let step = Step::start("test: native (domain, server, xtask)");
        let (ok, counts) = cargo_tests(tools.command(process::cargo()).args([
            "test",
            "--workspace",
            "--exclude",
            "storefront",
        ]))?;
        summary.runner("native tests", ok, counts);
        step.finish(if ok { "passed" } else { "FAILED" });
        match server_tests_on_postgres(&tools) {
            Ok((ok, counts)) => summary.runner("server tests on PostgreSQL", ok, counts),
            Err(error) => {
                eprintln!("xtask: the server tests on PostgreSQL could not run: {error}");
                summary.check("server tests on PostgreSQL (could not run)", false);
            }
        }
    }
    if wanted("wasm") {
        let step = Step::start("test: wasm components in headless Chromium");
        let (ok, counts) = cargo_tests(
            tools
                .command(process::cargo())
                .args([
                    "test",
                    "--package",
                    "storefront",
                    "--target",
                    "wasm32-unknown-unknown",
                    "--features",
                    "csr",
                ])
                .env("CHROMEDRIVER", &tools.chromedriver),
        )?;
        summary.runner("wasm tests", ok, counts);
        step.finish(if ok { "passed" } else { "FAILED" });
    }
    if wanted("e2e") {
        match end_to_end(&tools, playwright_args) {
            Ok((ok, counts)) => summary.runner("end-to-end tests", ok, counts),
            Err(error) => {
                eprintln!("xtask: end-to-end tests could not run: {error}");
                summary.check("end-to-end tests (could not run)", false);
            }
        }
    }

    println!();
    println!("test run took {}", human(started.elapsed()));
    for failure in &summary.failures {
        println!("failed: {failure}");
    }
    println!(
        "summary: {} passed, {} failed, {} skipped",
        summary.passed, summary.failed, summary.skipped
    );
    if summary.failed == 0 {
        Ok(())
    } else {
        Err("some tests failed".to_owned())
    }
}

/// The server's tests again, each on a new database of a throwaway PostgreSQL cluster.
fn server_tests_on_postgres(tools: &Tools) -> Result<(bool, Counts), String> {
    let bin = postgres::ensure_installed()?;
    let dir = std::env::temp_dir().join(format!("storefront-pg-{}", std::process::id()));
    let cluster = postgres::Cluster::start(&bin, &dir)?;
    let step = Step::start("test: server on PostgreSQL");
    let result = cargo_tests(
        tools
            .command(process::cargo())
            .args(["test", "--package", "storefront-server"])
            .env("STOREFRONT_TEST_POSTGRES", cluster.admin_url()),
    );
    step.finish(match &result {
        Ok((true, _)) => "passed",
        _ => "FAILED",
    });
    result
}

/// Formatting and clippy with warnings denied, natively and for the wasm app.
fn lint(tools: &Tools, summary: &mut Summary) {
    let checks: [(&str, &[&str]); 5] = [
        ("cargo fmt --check", &["fmt", "--all", "--check"]),
        (
            "clippy (native crates)",
            &[
                "clippy",
                "--workspace",
                "--exclude",
                "storefront",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        ),
        (
            "clippy (app rendered on the server)",
            &[
                "clippy",
                "--package",
                "storefront",
                "--lib",
                "--features",
                "ssr",
                "--",
                "-D",
                "warnings",
            ],
        ),
        (
            "clippy (wasm app)",
            &[
                "clippy",
                "--package",
                "storefront",
                "--target",
                "wasm32-unknown-unknown",
                "--features",
                "csr",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        ),
        (
            "clippy (wasm app, split into lazily loaded pages)",
            &[
                "clippy",
                "--package",
                "storefront",
                "--target",
                "wasm32-unknown-unknown",
                "--features",
                "hydrate,split",
                "--",
                "-D",
                "warnings",
            ],
        ),
    ];
    for (name, args) in checks {
        let step = Step::start(format!("lint: {name}"));
        let ok = tools
            .command(process::cargo())
            .args(args)
            .status()
            .is_ok_and(|status| status.success());
        summary.check(name, ok);
        step.finish(if ok { "passed" } else { "FAILED" });
    }
}

/// Runs `cargo test` (native or wasm), adding up its `test result:` lines.
fn cargo_tests(command: &mut Command) -> Result<(bool, Counts), String> {
    let mut counts = Counts::default();
    let ok = run_streaming(command, |line| {
        if let Some(result) = line.trim().strip_prefix("test result: ") {
            let number = |label: &str| {
                result
                    .split(';')
                    .filter_map(|part| {
                        part.trim()
                            .trim_start_matches("ok. ")
                            .trim_start_matches("FAILED. ")
                            .strip_suffix(label)
                    })
                    .find_map(|n| n.trim().parse::<u64>().ok())
                    .unwrap_or(0)
            };
            counts.passed += number(" passed");
            counts.failed += number(" failed");
            counts.skipped += number(" ignored");
        }
    })?;
    Ok((ok, counts))
}

/// Builds the release app and the server, starts the server on a free port with a fresh
/// database, and runs the Playwright suite in tests/e2e (narrowed by `playwright_args`, e.g. a
/// spec file or `--grep`) against it in headless Chromium.
fn end_to_end(tools: &Tools, playwright_args: &[String]) -> Result<(bool, Counts), String> {
    let dist = build_release_app(tools)?;
    let server = build_server(tools, "dev")?;

    let step = Step::start("test: end-to-end in headless Chromium");
    let scratch = std::env::temp_dir().join(format!("storefront-e2e-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch)
        .map_err(|e| format!("cannot create {}: {e}", scratch.display()))?;
    let db = scratch.join("e2e.db");
    let operator_key = printed(&server, &db, "--print-operator-key")?;
    let seller_keys = printed(&server, &db, "--print-seller-keys")?;
    let (running, url) = start_server(&server, &db, &dist)?;
    println!("    server with a fresh database at {url}");

    let report = scratch.join("playwright.json");
    let e2e = root().join("tests/e2e");
    let ok = tools
        .command(e2e.join("node_modules/.bin/playwright"))
        .args(["test", "--reporter=list,json"])
        .args(playwright_args)
        .current_dir(&e2e)
        .env("BASE_URL", &url)
        .env("CHROMIUM", &tools.chromium)
        // Publishing exchange rates (the expired-quote journey) needs the operator's key.
        .env("OPERATOR_KEY", &operator_key)
        // Seller replies and the seller's insights need the sellers' keys.
        .env("SELLER_KEYS", &seller_keys)
        .env("PLAYWRIGHT_JSON_OUTPUT_NAME", &report)
        .status()
        .map_err(|e| format!("cannot start Playwright: {e}"))?
        .success();
    let counts = playwright_counts(&report);
    step.finish(if ok { "passed" } else { "FAILED" });
    // The whole suite also proves the app `trunk serve` builds for UX testers still works.
    let smoke = playwright_args
        .is_empty()
        .then(|| csr_smoke(tools, &url, &scratch, &e2e));
    drop(running);
    let _ = std::fs::remove_dir_all(&scratch);
    let mut counts = counts?;
    let mut ok = ok;
    if let Some(smoke) = smoke {
        let (smoke_ok, smoke_counts) = smoke?;
        ok &= smoke_ok;
        counts.passed += smoke_counts.passed;
        counts.failed += smoke_counts.failed;
        counts.skipped += smoke_counts.skipped;
    }
    Ok((ok, counts))
}

/// The smoke journey (`tests/e2e/csr.smoke.ts`) on the app as UX testers run it: `trunk serve`
/// building the `csr` app and forwarding `/api` to the server at `api`, on a free port. Its
/// configuration is the repository's Trunk.toml with that server as the proxy's backend.
fn csr_smoke(
    tools: &Tools,
    api: &str,
    scratch: &Path,
    e2e: &Path,
) -> Result<(bool, Counts), String> {
    let step = Step::start("test: smoke journey on `trunk serve` (the csr app)");
    let config = scratch.join("Trunk.toml");
    let repository = std::fs::read_to_string(root().join("Trunk.toml"))
        .map_err(|e| format!("cannot read Trunk.toml: {e}"))?;
    std::fs::write(&config, trunk_config_for(&repository, &root(), api)?)
        .map_err(|e| format!("cannot write {}: {e}", config.display()))?;
    let port = process::free_port()?;
    let log_path = scratch.join("trunk.log");
    let log = std::fs::File::create(&log_path)
        .map_err(|e| format!("cannot create {}: {e}", log_path.display()))?;
    let log_err = log
        .try_clone()
        .map_err(|e| format!("cannot share {}: {e}", log_path.display()))?;
    let mut trunk = Running::spawn(
        "trunk serve",
        tools
            .command("trunk")
            .arg("serve")
            .arg("--config")
            .arg(&config)
            .args(["--port", &port.to_string(), "--no-autoreload"])
            .arg("--dist")
            .arg(scratch.join("csr-dist"))
            .current_dir(root())
            .stdout(log)
            .stderr(log_err),
    )?;
    let addr = format!("127.0.0.1:{port}");
    // The first run compiles the app for the browser in the dev profile: minutes.
    let until = Instant::now() + Duration::from_secs(15 * 60);
    while crate::bench::http_get(&addr, "/").is_err() {
        let tail = || {
            let text = std::fs::read_to_string(&log_path).unwrap_or_default();
            let lines: Vec<&str> = text.lines().collect();
            lines[lines.len().saturating_sub(20)..].join("\n")
        };
        if let Ok(Some(status)) = trunk.0.try_wait() {
            return Err(format!(
                "trunk serve stopped ({status}); its log ends:\n{}",
                tail()
            ));
        }
        if Instant::now() >= until {
            return Err(format!(
                "trunk serve did not answer within 15 minutes; its log ends:\n{}",
                tail()
            ));
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    let report = scratch.join("csr.json");
    let ok = tools
        .command(e2e.join("node_modules/.bin/playwright"))
        .args(["test", "--reporter=list,json"])
        .current_dir(e2e)
        .env("CSR", "1")
        .env("BASE_URL", format!("http://{addr}"))
        .env("CHROMIUM", &tools.chromium)
        .env("PLAYWRIGHT_JSON_OUTPUT_NAME", &report)
        .status()
        .map_err(|e| format!("cannot start Playwright: {e}"))?
        .success();
    drop(trunk);
    step.finish(if ok { "passed" } else { "FAILED" });
    Ok((ok, playwright_counts(&report)?))
}

/// The repository's Trunk.toml (`repository`, in folder `root`) run from elsewhere, with `/api`
/// forwarded to `api`: paths made absolute, the proxy's backend replaced. Errs when a line it
/// changes is not there, so a changed Trunk.toml fails loudly here rather than testing the
/// wrong thing.
fn trunk_config_for(repository: &str, root: &Path, api: &str) -> Result<String, String> {
    let root = root.display();
    let mut config = String::new();
    let (mut target, mut backend, mut watch) = (false, false, false);
    for line in repository.lines() {
        if let Some(file) = line.strip_prefix("target = \"") {
            target = true;
            config.push_str(&format!("target = \"{root}/{file}"));
        } else if line.starts_with("backend = ") {
            backend = true;
            config.push_str(&format!("backend = \"{api}/api\""));
        } else if let Some(list) = line.strip_prefix("watch = [") {
            watch = true;
            let paths: Vec<String> = list
                .trim_end_matches(']')
                .split(',')
                .map(|path| format!("\"{root}/{}\"", path.trim().trim_matches('"')))
                .collect();
            config.push_str(&format!("watch = [{}]", paths.join(", ")));
        } else {
            config.push_str(line);
        }
        config.push('\n');
    }
    match (target, backend, watch) {
        (true, true, true) => Ok(config),
        _ => Err("Trunk.toml has no `target`, proxy `backend` or `watch` line to adapt".to_owned()),
    }
}

/// What the server prints with `flag` (`--print-operator-key`, `--print-seller-keys`) from `db`,
/// which it creates and seeds when new.
fn printed(server: &Path, db: &Path, flag: &str) -> Result<String, String> {
    let output = Command::new(server)
        .arg("--db")
        .arg(db)
        .arg(flag)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run {} {flag}: {e}", server.display()))?;
    if !output.status.success() {
        return Err(format!(
            "{} {flag} failed ({})",
            server.display(),
            output.status
        ));
    }
    let text = String::from_utf8(output.stdout)
        .map_err(|_| format!("what the server printed for {flag} is not UTF-8"))?;
    let text = text.trim();
    if text.is_empty() {
        return Err(format!("the server printed nothing for {flag}"));
    }
    Ok(text.to_owned())
}

/// Starts the server on port 0 and reads the address it printed.
fn start_server(server: &Path, db: &Path, dist: &Path) -> Result<(Running, String), String> {
    let mut running = Running::spawn(
        "storefront-server",
        Command::new(server)
            .args(["--addr", "127.0.0.1:0", "--db"])
            .arg(db)
            // Every buyer in the suite comes from 127.0.0.1: the per-address limit on POSTs
            // (tested on its own in the server's tests) would otherwise throttle the journeys.
            .args([
                "--rate-limit-per-minute",
                "6000",
                "--rate-limit-burst",
                "1000",
            ])
            // Parcels reach their door in seconds, so a test can watch a whole journey live.
            .args(["--sim-speed", "50000"])
            .arg("--dist")
            .arg(dist)
            .stdout(Stdio::piped()),
    )?;
    let stdout = running.0.stdout.take().ok_or("server has no stdout")?;
    let (sender, receiver) = mpsc::channel();
    // Keep draining the server's output so it never blocks on a full pipe.
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(url) = line.strip_prefix("Storefront listening on ") {
                let _ = sender.send(url.to_owned());
            }
        }
    });
    let url = receiver
        .recv_timeout(Duration::from_secs(30))
        .map_err(|_| "the server did not report its address within 30 s".to_owned())?;
    Ok((running, url))
}

/// Reads the counts from Playwright's JSON report.
fn playwright_counts(report: &Path) -> Result<Counts, String> {
    let text = std::fs::read_to_string(report)
        .map_err(|e| format!("no Playwright report at {}: {e}", report.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("unreadable Playwright report: {e}"))?;
    let stat = |key: &str| json["stats"][key].as_u64().unwrap_or(0);
    Ok(Counts {
        passed: stat("expected") + stat("flaky"),
        failed: stat("unexpected"),
        skipped: stat("skipped"),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn trunk_serve_for_the_smoke_journey_forwards_to_the_test_server() {
        let repository = "[build]\ntarget = \"index.html\"\n[[proxy]]\n\
                          backend = \"http://127.0.0.1:8080/api\"\n[watch]\nwatch = [\"src\", \"style\"]\n";
        let config = super::trunk_config_for(
            repository,
            std::path::Path::new("/repo"),
            "http://127.0.0.1:4321",
        )
        .unwrap();
        assert_eq!(
            config,
            "[build]\ntarget = \"/repo/index.html\"\n[[proxy]]\n\
             backend = \"http://127.0.0.1:4321/api\"\n[watch]\nwatch = [\"/repo/src\", \"/repo/style\"]\n"
        );
        assert!(super::trunk_config_for("[build]\n", std::path::Path::new("/"), "x").is_err());
    }

    use super::*;

    #[test]
    fn a_runner_that_fails_without_a_failed_test_still_counts_as_failed() {
        let mut summary = Summary::default();
        summary.runner("wasm tests", false, Counts::default());
        assert_eq!(summary.failed, 1);
        assert_eq!(summary.failures, ["wasm tests"]);
    }

    #[test]
    fn a_stage_that_ran_no_test_fails() {
        let mut summary = Summary::default();
        summary.runner("e2e", true, Counts::default());
        assert_eq!(summary.failed, 1);
    }

    #[test]
    fn counts_add_up_across_runners_and_checks() {
        let mut summary = Summary::default();
        summary.check("fmt", true);
        let counts = Counts {
            passed: 5,
            failed: 1,
            skipped: 2,
        };
        summary.runner("native", false, counts);
        assert_eq!((summary.passed, summary.failed, summary.skipped), (6, 1, 2));
        assert_eq!(summary.failures, ["native"]);
    }
}
