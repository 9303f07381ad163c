//! The examples that end each command's `--help`, and the `--version` text. Every
//! example is a real command line; tests/cli/help.rs runs the ones it can.

use digiaste::catalog::{Catalog, DEFAULT_CATALOG};

/// The catalogs built into the binary: a name and the catalog's TOML. Adding one is one
/// line here (and `--version` names it).
const BUILT_IN: &[(&str, &str)] = &[("default", DEFAULT_CATALOG)];

/// `digiaste --version`: the tool's version, then each built-in catalog with its version.
pub fn version() -> String {
    let mut text = env!("CARGO_PKG_VERSION").to_string();
    for (name, toml) in BUILT_IN {
        match Catalog::parse(toml, name) {
            Ok(c) => text.push_str(&format!("\nbuilt-in catalog {name}: {} {}", c.id, c.version)),
            Err(_) => text.push_str(&format!("\nbuilt-in catalog {name}: (does not load)")),
        }
    }
    text
}

/// Examples for `digiaste` itself: a round in three commands.
pub const TOP: &str = "\
Examples:
  digiaste template --all-municipalities --lang fi --out-dir kunnat   # start a round
  digiaste validate palautukset/ --lang fi --report-dir raportit      # check the returns
  digiaste aggregate palautukset/ -o yhteenveto-2026.xlsx             # the ministry's summary

The documentation is in docs/ of the source repository (docs/guide.md first).";

/// Examples for `digiaste catalog`.
pub const CATALOG: &str = "\
Examples:
  digiaste catalog show > my-catalog.toml
  digiaste catalog check my-catalog.toml";

/// Examples for `digiaste catalog show`.
pub const CATALOG_SHOW: &str = "\
Examples:
  digiaste catalog show > my-catalog.toml      # the built-in catalog, to start your own
  digiaste catalog show | grep -c '^\\[\\[areas.services\\]\\]'   # count its services";

/// Examples for `digiaste catalog check`.
pub const CATALOG_CHECK: &str = "\
Examples:
  digiaste catalog check my-catalog.toml       # every problem with its TOML line; exit 1 if any
  digiaste catalog show > c.toml && digiaste catalog check c.toml";

/// Examples for `digiaste template`.
pub const TEMPLATE: &str = "\
Examples:
  digiaste template --lang sv -o bedomning.xlsx                  # blank, in Swedish
  digiaste template --municipality 091 --municipality 499 --out-dir kunnat
  digiaste template -c my-catalog.toml --all-municipalities --out-dir kunnat";

/// Examples for `digiaste validate`.
pub const VALIDATE: &str = "\
Examples:
  digiaste validate palautukset/ --lang fi                       # every return below the folder
  digiaste validate 091-helsinki.xlsx --format json > report.json
  digiaste validate palautukset/ --lang fi --report-dir raportit # one report per file, to send back";

/// Examples for `digiaste score`.
pub const SCORE: &str = "\
Examples:
  digiaste score 091-helsinki.xlsx                               # per area and overall, then per service
  digiaste score 091-helsinki.xlsx --format json --lang en";

/// Examples for `digiaste aggregate`.
pub const AGGREGATE: &str = "\
Examples:
  digiaste aggregate palautukset/ -o yhteenveto-2026.xlsx
  digiaste aggregate palautukset/ -o summary-2026.xlsx --lang en --previous yhteenveto-2025.xlsx \\
      --expected kohdekunnat.csv --json summary-2026.json --csv summary-2026.csv
  digiaste aggregate palautukset/ -o yhteenveto.xlsx --csv yhteenveto.csv --csv-dialect excel";

/// Examples for `digiaste completions`.
pub const COMPLETIONS: &str = "\
Examples:
  digiaste completions bash > /etc/bash_completion.d/digiaste
  digiaste completions zsh > ~/.zfunc/_digiaste                  # with fpath+=~/.zfunc in .zshrc
  digiaste completions powershell >> $PROFILE";
