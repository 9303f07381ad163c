//! One module per command, each with its arguments and one `run()`.
//! `run` returns the exit code; an `Err` is a usage or write error (exit code 2).

pub mod aggregate;
pub mod catalog;
pub mod score;
pub mod template;
pub mod validate;

use std::path::Path;

use anyhow::Result;

use digiaste::catalog::Catalog;

/// The catalog given with `-c`, or the embedded default.
pub fn load_catalog(path: Option<&Path>) -> Result<Catalog> {
    match path {
        Some(p) => Ok(Catalog::load(p)?),
        None => Ok(Catalog::default_catalog()),
    }
}
