//! digiaste — the municipal digital-maturity self-assessment, run through spreadsheets.
//!
//! The binary (`src/main.rs`) is a thin command line over these modules; the library
//! exists so that fuzz targets and benchmarks call the same code.

pub mod assessment;
pub mod catalog;
pub mod cmd;
pub mod findings;
pub mod layout;
pub mod measures;
pub mod output;
pub mod read;
pub mod register;
pub mod returns;
pub mod round;
pub mod summary;
pub mod texts;
