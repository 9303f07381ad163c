//! `digiaste catalog list`, `digiaste catalog show` and `digiaste catalog check FILE`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use digiaste::catalog::{Catalog, DEFAULT_CATALOG};
use digiaste::texts::{Localized, counted};

use super::console::{self, print, say, text};

#[derive(clap::Subcommand)]
pub enum Args {
    /// List the catalogs built into the binary (usable with `-c ID`).
    List,
    /// Print the embedded catalog (TOML), to start a catalog of your own.
    #[command(after_help = super::help::CATALOG_SHOW)]
    Show,
    /// Check a catalog file; every problem is listed with its line.
    #[command(after_help = super::help::CATALOG_CHECK)]
    Check {
        /// The catalog file (TOML).
        file: PathBuf,
    },
}

pub fn run(args: Args) -> Result<ExitCode> {
    match args {
        Args::List => {
            let lang = console::use_lang(None);
            let mut out = String::new();
            for c in Catalog::built_in() {
                let langs = c.languages.iter().map(|l| l.code()).collect::<Vec<_>>().join(", ");
                let n = c.service_count();
                // The count right-aligned, as in a table: " 64 services", "100 services".
                let pad = " ".repeat(3usize.saturating_sub(n.to_string().len()));
                let services = format!("{pad}{}", counted("count_services", n, lang));
                let line = text(
                    "catalog_list_line",
                    &[
                        ("services", &services),
                        ("areas", &counted("count_areas", c.areas.len(), lang)),
                        ("languages", &langs),
                        ("title", c.title.get(lang)),
                    ],
                );
                out.push_str(&format!("{:<12} {:<8} {line}\n", c.id, c.version));
            }
            print(&out)?;
            Ok(ExitCode::SUCCESS)
        }
        Args::Show => {
            print(DEFAULT_CATALOG)?;
            Ok(ExitCode::SUCCESS)
        }
        Args::Check { file } => match Catalog::load(&file) {
            Ok(c) => {
                let lang = console::use_lang(None);
                let line = text(
                    "catalog_valid",
                    &[
                        ("file", &file.display().to_string()),
                        ("id", &c.id),
                        ("version", &c.version),
                        ("areas", &counted("count_areas", c.areas.len(), lang)),
                        ("services", &counted("count_services", c.service_count(), lang)),
                        ("stages", &counted("count_stages", c.stages.len(), lang)),
                        (
                            "languages",
                            &c.languages.iter().map(|l| l.code()).collect::<Vec<_>>().join(", "),
                        ),
                    ],
                );
                print(&format!("{line}\n"))?;
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => {
                say(Localized::message(&e, console::lang()).trim_end());
                Ok(ExitCode::from(1))
            }
        },
    }
}
