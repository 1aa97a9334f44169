//! `cargo xtask <command>`: everything a developer or CI does with the storefront.
//!
//! setup: install the toolchain pieces; serve: build and run the store; dev: live-reload loop;
//! test: every test with one summary line; bench: size, API load and browser figures.

mod bench;
mod bench_search;
mod compress;
mod postgres;
mod process;
mod serve;
mod setup;
mod split;
mod test;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  setup                      install what is missing: wasm32 target, trunk 0.21, wasm-bindgen CLI
                             (version from Cargo.lock), wasm-opt (npm binaryen), Chromium +
                             chromedriver and the end-to-end test packages
  serve [--addr A] [--db P | --database-url URL | --postgres]
                             build the app (release) and serve it with the API and seed data
                             (default http://127.0.0.1:8080, database data/storefront.db);
                             --postgres: a throwaway PostgreSQL cluster and two servers on it,
                             on A and the next port
  dev   [--db P | --database-url URL]
                             API server on :8080 plus `trunk serve` with live reload on :8081
  catalog [--products N] [--db P | --database-url URL]
                             add N generated products (default 100,000: the seed's makers and
                             categories, texts in seven languages) to the database and rebuild
                             its search index
  test  [STAGE ...] [-- ARG ...]
                             every test, then a summary line; stages: lint native wasm e2e
                             (default: all); ARGs go to Playwright (e.g. `-- home.spec.ts`);
                             a whole e2e run ends with a smoke journey on `trunk serve`
  bench [PART ...]           print figures next to their targets; parts (default: all):
                             size  the release app's first-view transfer size
                             api   the optimized server under load from storefront-loadgen:
                                   catalog and quote req/s and latency, a product page
                                   rendered against the same bytes as a static file, event
                                   delivery to 1,000 event streams, peak memory
                             search  on the generated catalog (100,000 products),
                                   SQLite and PostgreSQL: search, suggestions and a
                                   filtered catalog page p50/p95, and the catalog's load time
                             browser  Lighthouse (mobile) on the home, catalog and a product
                                   page, and the JS heap after 25 and 50 product pages in one
                                   tab";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let result = match command.as_str() {
        "setup" => setup::install(setup::Scope::Everything).map(|_| ()),
        "serve" => serve::serve(rest),
        "dev" => serve::dev(rest),
        "catalog" => serve::catalog(rest),
        "test" => test::run(rest),
        "bench" => bench::run(rest),
        // Not for people: trunk runs it as wasm-bindgen in `cargo xtask`'s release builds.
        split::SHIM_COMMAND => split::bindgen(rest),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command {other:?}\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
