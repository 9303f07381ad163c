//! `digiaste catalog list`, `digiaste catalog show` and `digiaste catalog check FILE`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use digiaste::catalog::{BUILT_IN, Catalog, DEFAULT_CATALOG};
use digiaste::lang::Lang;
use digiaste::texts::{counted, locale_lang, tf};

use super::console::{print, say};

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
            let mut out = String::new();
            for (c, (file, _)) in Catalog::built_in().iter().zip(BUILT_IN) {
                let langs = c.languages.iter().map(|l| l.code()).collect::<Vec<_>>().join(", ");
                out.push_str(&format!(
                    "{:<12} {:<8} {:>3} services in {} areas, languages {langs} ({file}) — {}\n",
                    c.id,
                    c.version,
                    c.service_count(),
                    c.areas.len(),
                    c.title.get(Lang::En)
                ));
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
                let lang = locale_lang();
                let line = tf(
                    "catalog_valid",
                    lang,
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
                say(e.to_string().trim_end());
                Ok(ExitCode::from(1))
            }
        },
    }
}
