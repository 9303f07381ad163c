//! The assessment workbook: its layout (one contract for writer and reader) and the writer.

pub mod layout;
pub mod savings_layout;
pub mod writer;
