//! Column widths, row heights, chart sizes and print setup of every sheet, in one place:
//! how readable the workbook is on screen and on paper is decided here, not where the
//! cells are written.

use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::catalog::Catalog;
use crate::workbook::layout::{AreaColumns, SummaryCol};

/// Width in characters of the merged text block of the instructions (columns A–F).
pub(super) const INSTRUCTIONS_TEXT_CHARS: usize = 120;
/// Height of the header row of an area sheet, room for stage names on three lines.
pub(super) const AREA_HEADER_HEIGHT: f64 = 48.0;
/// Height of the header row of the summary sheet.
pub(super) const SUMMARY_HEADER_HEIGHT: f64 = 45.0;
/// Size of the summary charts, in pixels.
pub(super) const CHART_WIDTH: u32 = 900;
pub(super) const LEVELS_CHART_HEIGHT: u32 = 420;
pub(super) const MEASURES_CHART_HEIGHT: u32 = 380;
/// Rows a levels chart takes, so the next chart starts below it.
pub(super) const LEVELS_CHART_ROWS: u32 = 23;

/// Rough row height for wrapped text in merged cells about `width_chars` wide.
pub(super) fn text_height(text: &str, width_chars: usize) -> f64 {
    let lines: usize = text.lines().map(|l| l.chars().count() / width_chars + 1).sum();
    (lines.max(1) as f64) * 15.0 + 3.0
}

/// Instructions: labels, the respondent's answers, then narrow columns for the scores.
pub(super) fn instructions_columns(ws: &mut Worksheet) -> Result<(), XlsxError> {
    ws.set_column_width(0, 30)?;
    ws.set_column_width(1, 45)?;
    for c in 2..=5 {
        ws.set_column_width(c, 14)?;
    }
    Ok(())
}

/// Area sheets: a wide name, dropdown columns wide enough for most options, narrow numbers.
pub(super) fn area_columns(ws: &mut Worksheet, cols: &AreaColumns) -> Result<(), XlsxError> {
    ws.set_column_width(cols.id, 20)?;
    ws.set_column_width(cols.name, 42)?;
    if let Some(c) = cols.adoption {
        ws.set_column_width(c, 26)?;
    }
    for &c in &cols.stages {
        ws.set_column_width(c, 24)?;
    }
    if let Some(c) = cols.usage {
        ws.set_column_width(c, 12)?;
    }
    ws.set_column_width(cols.degree, 12)?;
    if let Some(c) = cols.points {
        ws.set_column_width(c, 10)?;
    }
    ws.set_column_width(cols.comment, 36)?;
    Ok(())
}

/// Summary: the area names, then one narrow column per measure.
pub(super) fn summary_columns(ws: &mut Worksheet, catalog: &Catalog, columns: &[SummaryCol]) -> Result<(), XlsxError> {
    ws.set_column_width(0, 34)?;
    for &c in columns.iter().skip(1) {
        ws.set_column_width(c.col(catalog), 13)?;
    }
    Ok(())
}

/// Every visible sheet prints landscape on A4, as wide as one page.
pub(super) fn print_setup(ws: &mut Worksheet) {
    ws.set_landscape().set_paper_size(9).set_print_fit_to_pages(1, 0);
}
