//! The examples that end each command's `--help`, and the `--version` text. Every
//! example is a real command line; tests/cli/help.rs runs the ones it can.

use digiaste::catalog::Catalog;

/// `digiaste --version`: the tool's version, then each built-in catalog (the list
/// `catalog::BUILT_IN`) with its id and version.
pub fn version() -> String {
    let mut text = env!("CARGO_PKG_VERSION").to_string();
    for c in Catalog::built_in_parsed() {
        text.push_str(&format!("\nbuilt-in catalog: {} {}", c.id, c.version));
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
  digiaste aggregate palautukset/ -o yhteenveto-2026.xlsx --lang fi --feedback-dir palaute
  digiaste aggregate palautukset/ -o summary-2026.xlsx --lang en --previous yhteenveto-2025.xlsx \\
      --expected kohdekunnat.csv --json summary-2026.json
  digiaste aggregate palautukset/ -o yhteenveto.xlsx --csv yhteenveto.csv --csv-dialect excel";

/// Examples for `digiaste prefill`.
pub const PREFILL: &str = "\
Examples:
  digiaste prefill palautukset/091-helsinki.xlsx --out-dir korjattavat      # to correct and resend
  digiaste prefill palautukset/499-korsholm.ods --lang fi --out-dir korjattavat-fi
  digiaste prefill palautukset/ --all-municipalities --out-dir kierros-2026  # next year's round";

/// Examples for `digiaste feedback`.
pub const FEEDBACK: &str = "\
Examples:
  digiaste feedback yhteenveto-2025.xlsx --out-dir palaute            # each in its own language
  digiaste feedback yhteenveto-2025.xlsx --out-dir feedback-en --feedback-lang en";

/// Examples for `digiaste links`.
pub const LINKS: &str = "\
Examples:
  digiaste links --state tila --base-url https://itsearviointi.example.fi --all-municipalities \\
      --round kierros-2026.toml -o linkit.csv                 # one private link per municipality
  digiaste links --state tila --base-url https://itsearviointi.example.fi --municipality 091 049 -o l.csv
  digiaste links --state tila --base-url https://itsearviointi.example.fi --round kierros-2026.toml --admin";

/// Examples for `digiaste serve`.
pub const SERVE: &str = "\
Examples:
  digiaste serve --inbox saapuneet --state tila --round kierros-2026.toml   # on 127.0.0.1:8080
  digiaste serve --inbox saapuneet --state tila --listen 127.0.0.1:9000 --max-body-mb 10";

/// Examples for `digiaste completions`.
pub const COMPLETIONS: &str = "\
Examples:
  digiaste completions bash > /etc/bash_completion.d/digiaste
  digiaste completions zsh > ~/.zfunc/_digiaste                  # with fpath+=~/.zfunc in .zshrc
  digiaste completions powershell >> $PROFILE";
