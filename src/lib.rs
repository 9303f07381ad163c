//! digiaste — the municipal digital-maturity self-assessment, run through spreadsheets.
//!
//! The library follows the pipeline of a round; the binary (`src/main.rs`, with one module
//! per command in `src/cmd/`) is a thin command line over it, and the fuzz targets,
//! benchmarks and property tests call the same code.
//!
//! - [`catalog`] — the catalog of services: model, loading from TOML, checking.
//! - [`workbook`] — where everything lives in the assessment workbook ([`workbook::layout`],
//!   shared by writer and reader) and the writer.
//! - [`read`] — reading a spreadsheet file (xlsx, xls, ods) into sparse cells, under a guard.
//! - [`check`] — interpreting a read workbook as a return of a catalog, with findings.
//! - [`measures`] — the measures of the assessment and their spreadsheet formulas.
//! - [`round`] — a round of returns: duplicates, the register, the summary workbook, exports.
//! - [`settings`] — the round's settings (name, deadline, contact, where to return).
//! - [`report`] — the reports of DESIGN §6 (validate, score, aggregate): one model,
//!   serialised to JSON and rendered to text.

#![warn(missing_docs)]

pub mod catalog;
pub mod check;
pub mod data_sheet;
pub mod feedback;
pub mod lang;
pub mod layout;
pub mod measures;
pub mod output;
pub mod prefill;
pub mod read;
pub mod register;
pub mod report;
pub mod round;
pub mod settings;
pub mod summary;
pub mod texts;
pub mod workbook;
pub(crate) mod xlsx;
