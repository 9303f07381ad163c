//! digiaste — the municipal digital-maturity self-assessment, run through spreadsheets.
//!
//! The library follows the pipeline of a round; the binary (`src/main.rs`, with one module
//! per command in `src/cmd/`) is a thin command line over it, and the fuzz targets,
//! benchmarks and property tests call the same code.
//!
//! The modules, in layers, lowest first (docs/structure.md; a module imports only from
//! lower layers, checked by `tests/layers.rs`):
//!
//! - [`lang`], [`texts`] — languages and the interface texts (fi/sv/en).
//! - [`output`] — atomic output files; `xlsx` (crate-private) — what every workbook writer
//!   shares: text measures, the print rule, cell formats.
//! - [`catalog`], [`register`], [`settings`] — the catalog of services, the municipality
//!   register, the round's settings (name, deadline, contact, where to return).
//! - [`map`] — choropleth maps of Finland (SVG, PNG) from the embedded geometry.
//! - [`layout`] — where everything lives in the assessment workbook, shared by writer and
//!   reader.
//! - [`measures`] — the measures of the assessment, their spreadsheet formulas, savings.
//! - [`read`] — reading a spreadsheet file (xlsx, xls, ods) into sparse cells, under a guard.
//! - [`data_sheet`] — the summary's hidden data sheet: declaration, model, writer, reader.
//! - [`check`] — interpreting a read workbook as a return of a catalog, with findings, and
//!   which catalog reads a file.
//! - [`round`] — a round of returns: which return counts, who is missing, national figures.
//! - [`workbook`] — the assessment workbook writer; [`prefill`] — next round's workbooks.
//! - [`summary`] — the summary workbook and its CSV export; [`feedback`] — the feedback
//!   workbooks.
//! - [`report`] — the reports of docs/json.md (validate, score, aggregate): one model,
//!   serialised to JSON and rendered to text, and the letters.
//! - [`serve`] — the round's intake on the web: private links, the inbox, the ledger, the
//!   pages.

#![warn(missing_docs)]

pub mod catalog;
pub mod check;
pub mod data_sheet;
pub mod feedback;
pub mod lang;
pub mod layout;
pub mod map;
pub mod measures;
pub mod output;
pub mod prefill;
pub mod read;
pub mod register;
pub mod report;
pub mod round;
pub mod serve;
pub mod settings;
pub mod summary;
pub mod texts;
pub mod workbook;
pub(crate) mod xlsx;
