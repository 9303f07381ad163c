//! Column widths, row heights and print setup shared by every workbook the tool writes
//! (the assessment workbook, the summary, the feedback workbooks): how text is measured,
//! and the one print rule.
//!
//! Widths are in spreadsheet character units (the width of a "0" in the 11 pt default
//! font, 7 pixels); a character of running text is counted as one unit, which errs on the
//! wide side for the proportional default font. Spreadsheet programs do not grow a row for
//! wrapped text written by a program, so every wrapped row gets its height from here.

use rust_xlsxwriter::{Worksheet, XlsxError};

/// Size of the default font of both workbooks, in points.
pub const BODY_PT: f64 = 11.0;
/// The smallest printed text size allowed: below it a sheet prints across pages instead.
pub const MIN_PRINT_PT: f64 = 7.0;
/// Height of one line of 11 pt text in a row, in points.
pub const LINE_PT: f64 = 15.0;
/// Left and right page margins, in inches.
pub(crate) const MARGIN_SIDE_IN: f64 = 0.4;
/// Top and bottom page margins, in inches (the header and footer sit inside them).
pub(crate) const MARGIN_TOP_IN: f64 = 0.6;
/// Printable width of landscape A4 (297 mm = 842 pt) inside the side margins, in points.
pub const PRINT_WIDTH_PT: f64 = 842.0 - 2.0 * MARGIN_SIDE_IN * 72.0;
/// Printable height of landscape A4 (210 mm = 595 pt) inside the margins, in points.
pub const PRINT_HEIGHT_PT: f64 = 595.0 - 2.0 * MARGIN_TOP_IN * 72.0;
/// Excel's paper size code of A4.
pub const PAPER_A4: u8 = 9;
/// The smallest font either workbook uses (the ids of the area sheets), in points.
pub const SMALLEST_PT: f64 = 10.0;
/// The scale a sheet too wide for one page prints at: the smallest text stays at 8 pt.
pub(crate) const ACROSS_PAGES_SCALE: u16 = 80;

// ---- text measures -----------------------------------------------------------------------

/// Width of a text on one line, in character units; bold text is a tenth wider.
pub fn text_width(text: &str, bold: bool) -> f64 {
    let n = text.chars().count() as f64;
    if bold { n * 1.1 } else { n }
}

/// Width of the longest word of a text: a column at least this wide breaks the text only
/// between words.
pub fn longest_word(text: &str, bold: bool) -> f64 {
    text.split_whitespace().map(|w| text_width(w, bold)).fold(0.0, f64::max)
}

/// Lines a text takes when wrapped between words in a column `width` units wide (a cell
/// has about one unit of padding); a word longer than the column takes as many lines as
/// it needs.
pub fn wrapped_lines(text: &str, width: f64, bold: bool) -> usize {
    let room = (width - 1.0).max(1.0);
    let mut total = 0;
    for paragraph in text.split('\n') {
        let mut lines = 1;
        let mut used = 0.0;
        for word in paragraph.split_whitespace() {
            let w = text_width(word, bold);
            let need = if used > 0.0 { used + text_width(" ", bold) + w } else { w };
            if need <= room {
                used = need;
            } else if used == 0.0 {
                lines += (w / room).ceil() as usize - 1;
                used = w % room;
            } else {
                lines += 1 + ((w / room).ceil() as usize).saturating_sub(1);
                used = if w > room { w % room } else { w };
            }
        }
        total += lines;
    }
    total.max(1)
}

/// Row height, in points, for `lines` lines of text of `font_pt` points.
pub fn lines_height(lines: usize, font_pt: f64) -> f64 {
    (lines.max(1) as f64) * LINE_PT * font_pt / BODY_PT + 3.0
}

/// A column's printed width in points: a character unit is 7 pixels with the default font
/// (Calibri, or its metric twin Carlito that LibreOffice ships).
pub fn column_points(width: f64) -> f64 {
    (width * 7.0 + 5.0).trunc() * 0.75
}

// ---- column widths ------------------------------------------------------------------------

/// The width of a column no width was set for, in Excel's character units.
pub const DEFAULT_COLUMN_WIDTH: f64 = 8.43;

/// The widths a sheet's columns were given, kept for its print setup.
#[derive(Default)]
pub struct Widths(Vec<(u16, f64)>);

impl Widths {
    /// Sets the width of a column and remembers it.
    pub fn set(&mut self, ws: &mut Worksheet, col: u16, width: f64) -> Result<(), XlsxError> {
        ws.set_column_width(col, width)?;
        self.0.retain(|&(c, _)| c != col);
        self.0.push((col, width));
        Ok(())
    }

    /// Counts room a column takes on paper without setting its width (a chart's width).
    pub fn reserve(&mut self, col: u16, width: f64) {
        self.0.retain(|&(c, _)| c != col);
        self.0.push((col, width));
    }

    /// Counts the room a chart `width_px` wide anchored at `col` takes on paper: its width,
    /// and the rest of the (default-width) column it ends in, which the programs print whole.
    pub fn reserve_chart(&mut self, col: u16, width_px: u32) {
        self.reserve(col, width_px as f64 / 7.0 + DEFAULT_COLUMN_WIDTH);
    }

    /// Forgets a column that is hidden: it takes no room on paper.
    pub fn hide(&mut self, ws: &mut Worksheet, col: u16) -> Result<(), XlsxError> {
        ws.set_column_hidden(col)?;
        self.0.retain(|&(c, _)| c != col);
        Ok(())
    }

    /// The width of a column, if set.
    pub fn get(&self, col: u16) -> Option<f64> {
        self.0.iter().find(|&&(c, _)| c == col).map(|&(_, w)| w)
    }

    /// Printed width of all the columns, in points.
    pub fn total_points(&self) -> f64 {
        self.0.iter().map(|&(_, w)| column_points(w)).sum()
    }
}

/// Height of a header row whose cells hold `headers` (column, text) in bold.
pub fn header_height(widths: &Widths, headers: &[(u16, String)]) -> f64 {
    let lines = headers
        .iter()
        .map(|(c, text)| wrapped_lines(text, widths.get(*c).unwrap_or(8.43), true))
        .max()
        .unwrap_or(1);
    lines_height(lines, BODY_PT)
}

// ---- print setup ---------------------------------------------------------------------------

/// Rows at the top of a sheet that hold its title and the line below it.
pub const TITLE_ROWS: u32 = 2;

/// What a sheet repeats on every printed page.
pub struct PrintTitles {
    /// Rows from the top to repeat (title and header rows).
    pub rows: (u32, u32),
    /// Columns from the left to repeat when the sheet prints across pages (ids, names).
    pub cols: Option<(u16, u16)>,
}

/// How a sheet is scaled on paper.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Scale {
    /// One page wide, at this percentage (100 when it fits as it is).
    OnePageWide(u16),
    /// Too wide to fit at a legible size: across pages at this percentage.
    AcrossPages(u16),
}

/// The scale rule: a sheet `width_pt` wide whose smallest text is `font_pt` prints one page
/// wide when that keeps the text at `MIN_PRINT_PT` or more, otherwise across pages at 80 %.
pub fn scale_for(width_pt: f64, font_pt: f64) -> Scale {
    // A little room for the programs' own rounding of column widths.
    let fit = (PRINT_WIDTH_PT * 0.97 / width_pt.max(1.0)).min(1.0);
    if font_pt * fit >= MIN_PRINT_PT {
        Scale::OnePageWide((fit * 100.0).floor() as u16)
    } else {
        Scale::AcrossPages(ACROSS_PAGES_SCALE)
    }
}

/// Landscape A4 with narrow margins, the scale of `scale_for` (written as a print scale, so
/// the page breaks before charts hold in every program), the titles repeated, page numbers
/// in the footer.
pub fn print_setup(
    ws: &mut Worksheet,
    widths: &Widths,
    titles: &PrintTitles,
) -> Result<Scale, XlsxError> {
    let scale = scale_for(widths.total_points(), SMALLEST_PT);
    let percent = match scale {
        Scale::OnePageWide(p) | Scale::AcrossPages(p) => p,
    };
    ws.set_landscape()
        .set_paper_size(PAPER_A4)
        .set_margins(MARGIN_SIDE_IN, MARGIN_SIDE_IN, MARGIN_TOP_IN, MARGIN_TOP_IN, 0.3, 0.3)
        .set_print_scale(percent)
        .set_footer("&L&A&R&P / &N");
    let mut rows = titles.rows;
    if let (Scale::AcrossPages(_), Some((first, last))) = (scale, titles.cols) {
        ws.set_repeat_columns(first, last)?;
        // The title and the line below it run on across the columns: repeated beside the
        // repeated columns they would be cut there on every page to the right. Those pages
        // repeat the headers only, and the page header names the sheet.
        if rows.1 >= TITLE_ROWS {
            rows.0 = rows.0.max(TITLE_ROWS);
            ws.set_header("&L&A");
        }
    }
    ws.set_repeat_rows(rows.0, rows.1)?;
    Ok(scale)
}
