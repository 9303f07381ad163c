//! `digiaste catalog show` and `digiaste catalog check FILE`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use digiaste::catalog::{Catalog, DEFAULT_CATALOG};

use super::inputs::{print, say};

#[derive(clap::Subcommand)]
pub enum Args {
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
        Args::Show => {
            print(DEFAULT_CATALOG)?;
            Ok(ExitCode::SUCCESS)
        }
        Args::Check { file } => match Catalog::load(&file) {
            Ok(c) => {
                print(&format!(
                    "{}: catalog {} version {} is valid: {} areas, {} services, {} stages, languages {}\n",
                    file.display(),
                    c.id,
                    c.version,
                    c.areas.len(),
                    c.service_count(),
                    c.stages.len(),
                    c.languages.iter().map(|l| l.code()).collect::<Vec<_>>().join(", ")
                ))?;
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => {
                say(e.to_string().trim_end());
                Ok(ExitCode::from(1))
            }
        },
    }
}
