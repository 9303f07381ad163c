//! The round's intake on the web (`digiaste serve`, `digiaste links`): each municipality
//! checks its return and sends it through a private link, and the ministry watches the
//! round on its own. The top layer of the library: it reads returns as every command does
//! (`check::Catalogs` through the sandboxed workers), reports them with `report`, and the
//! admin page aggregates the inbox with `round` and `summary`.
//!
//! - [`keys`] — the secret key and the links' tokens.
//! - [`inbox`] — the accepted files, written whole before any receipt.
//! - [`ledger`] — every attempt in SQLite, reconciled with the inbox at start.
//! - [`intake`] — a check or a send; [`admin`] — the ministry's page; [`page`] — the HTML;
//!   [`http`] — the routes, limits and headers.

pub mod admin;
pub mod error;
pub mod http;
pub mod inbox;
pub mod intake;
pub mod keys;
pub mod ledger;
pub mod page;

pub use error::ServeError;
pub use keys::{Holder, Links};

use crate::register::Register;
use crate::summary::export::csv_cell;

/// The mail-merge table of the links: `code,name,url`, a header row and one row per
/// municipality of `codes` (normalised, each checked against the register), the name in
/// the municipality's own language; UTF-8 with a BOM and CRLF line ends, as the letters'
/// table (`report::letters::mail_merge`).
pub fn links_csv(links: &Links, base: &str, codes: &[String]) -> Result<String, ServeError> {
    let register = Register::embedded();
    let mut out = String::from("\u{feff}code,name,url\r\n");
    for raw in codes {
        let m = register.get(raw).ok_or_else(|| ServeError::UnknownCode { code: raw.clone() })?;
        let url = keys::link(base, &Holder::Municipality(m.code.clone()), links);
        let row = [m.code.as_str(), m.name(m.own_lang()), url.as_str()];
        let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    Ok(out)
}
