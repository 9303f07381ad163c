//! The assessment workbook writer. Where everything lives in the workbook is declared in
//! [`crate::layout`], which the reader of returns uses too.

pub mod fill;
pub mod writer;
