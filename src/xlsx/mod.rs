//! What every workbook writer shares: how text is measured and sheets are printed
//! ([`sizing`]), the cell formats of the summary and feedback workbooks ([`formats`]), and
//! sheet columns declared once ([`Column`], `columns!`), and one workbook copied with a few
//! texts changed ([`patch`]).
//! Depends on nothing in the crate: every writer may use it.

mod columns;
pub mod formats;
pub mod patch;
pub mod sizing;

pub use columns::Column;
pub(crate) use columns::columns;
