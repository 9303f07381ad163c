//! What every workbook writer shares: how text is measured and sheets are printed
//! ([`sizing`]), and the cell formats of the summary and feedback workbooks ([`formats`]).
//! Depends on nothing in the crate: every writer may use it.

pub mod formats;
pub mod sizing;
