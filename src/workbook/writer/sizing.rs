//! Column widths, row heights, chart sizes and print setup of every sheet, in one place:
//! how readable the workbook is on screen and on paper is decided here, not where the
//! cells are written. The text measures and the print rule are shared with the summary
//! workbook (`round::layout::print`).
//!
//! Widths are in spreadsheet character units (the width of a "0" in the 11 pt default
//! font, 7 pixels); a character of running text is counted as one unit, which errs on the
//! wide side for the proportional default font. Spreadsheet programs do not grow a row for
//! wrapped text written by a program, so every wrapped row gets its height from here.

use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::catalog::{Catalog, Service};
use crate::lang::Lang;
use crate::layout::{AreaColumns, SummaryCol};

/// Size of the default font of both workbooks, in points.
pub(crate) const BODY_PT: f64 = 11.0;
/// The smallest printed text size allowed: below it a sheet prints across pages instead.
pub(crate) const MIN_PRINT_PT: f64 = 7.0;
/// Height of one line of 11 pt text in a row, in points.
pub(crate) const LINE_PT: f64 = 15.0;
/// Left and right page margins, in inches.
const MARGIN_SIDE_IN: f64 = 0.4;
/// Top and bottom page margins, in inches (the header and footer sit inside them).
const MARGIN_TOP_IN: f64 = 0.6;
/// Printable width of landscape A4 (297 mm = 842 pt) inside the side margins, in points.
pub(crate) const PRINT_WIDTH_PT: f64 = 842.0 - 2.0 * MARGIN_SIDE_IN * 72.0;
/// Printable height of landscape A4 (210 mm = 595 pt) inside the margins, in points.
pub(crate) const PRINT_HEIGHT_PT: f64 = 595.0 - 2.0 * MARGIN_TOP_IN * 72.0;
/// Excel's paper size code of A4.
pub(crate) const PAPER_A4: u8 = 9;
/// The smallest font either workbook uses (the ids of the area sheets), in points.
pub(crate) const SMALLEST_PT: f64 = 10.0;
/// The scale a sheet too wide for one page prints at: the smallest text stays at 8 pt.
const ACROSS_PAGES_SCALE: u16 = 80;

/// Width in characters of the merged text block of the instructions (columns A–F).
pub(super) const INSTRUCTIONS_TEXT_CHARS: usize = 120;
/// The widest a dropdown column gets; longer options wrap inside it.
const DROPDOWN_MAX: f64 = 26.0;
/// Width of the service (or indicator) name column, which wraps.
const NAME_WIDTH: f64 = 40.0;
/// Width of the free-text comment column.
const COMMENT_WIDTH: f64 = 24.0;
/// Size of the summary charts, in pixels: each fits one landscape page.
pub(super) const CHART_WIDTH: u32 = 900;
pub(super) const LEVELS_CHART_HEIGHT: u32 = 420;
pub(super) const MEASURES_CHART_HEIGHT: u32 = 420;
// Each chart fits on one page, at full size (pixels are 0.75 pt).
const _: () = assert!(
    CHART_WIDTH as f64 * 0.75 <= PRINT_WIDTH_PT
        && LEVELS_CHART_HEIGHT as f64 * 0.75 <= PRINT_HEIGHT_PT
);
/// Rows a levels chart takes (default rows are 20 px), so the next chart starts below it.
pub(super) const LEVELS_CHART_ROWS: u32 = 23;

// ---- text measures -----------------------------------------------------------------------

/// Width of a text on one line, in character units; bold text is a tenth wider.
pub(crate) fn text_width(text: &str, bold: bool) -> f64 {
    let n = text.chars().count() as f64;
    if bold { n * 1.1 } else { n }
}

/// Width of the longest word of a text: a column at least this wide breaks the text only
/// between words.
pub(crate) fn longest_word(text: &str, bold: bool) -> f64 {
    text.split_whitespace().map(|w| text_width(w, bold)).fold(0.0, f64::max)
}

/// Lines a text takes when wrapped between words in a column `width` units wide (a cell
/// has about one unit of padding); a word longer than the column takes as many lines as
/// it needs.
pub(crate) fn wrapped_lines(text: &str, width: f64, bold: bool) -> usize {
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
pub(crate) fn lines_height(lines: usize, font_pt: f64) -> f64 {
    (lines.max(1) as f64) * LINE_PT * font_pt / BODY_PT + 3.0
}

/// Rough row height for wrapped text in merged cells about `width_chars` wide.
pub(super) fn text_height(text: &str, width_chars: usize) -> f64 {
    lines_height(wrapped_lines(text, width_chars as f64, false), BODY_PT)
}

/// A column's printed width in points: a character unit is 7 pixels with the default font
/// (Calibri, or its metric twin Carlito that LibreOffice ships).
pub(crate) fn column_points(width: f64) -> f64 {
    (width * 7.0 + 5.0).trunc() * 0.75
}

// ---- column widths of the assessment workbook ---------------------------------------------

/// The widths a sheet's columns were given, kept for its print setup.
#[derive(Default)]
pub(crate) struct Widths(Vec<(u16, f64)>);

impl Widths {
    /// Sets the width of a column and remembers it.
    pub(crate) fn set(
        &mut self,
        ws: &mut Worksheet,
        col: u16,
        width: f64,
    ) -> Result<(), XlsxError> {
        ws.set_column_width(col, width)?;
        self.0.retain(|&(c, _)| c != col);
        self.0.push((col, width));
        Ok(())
    }

    /// Counts room a column takes on paper without setting its width (a chart's width).
    pub(crate) fn reserve(&mut self, col: u16, width: f64) {
        self.0.retain(|&(c, _)| c != col);
        self.0.push((col, width));
    }

    /// Forgets a column that is hidden: it takes no room on paper.
    pub(crate) fn hide(&mut self, ws: &mut Worksheet, col: u16) -> Result<(), XlsxError> {
        ws.set_column_hidden(col)?;
        self.0.retain(|&(c, _)| c != col);
        Ok(())
    }

    /// The width of a column, if set.
    pub(crate) fn get(&self, col: u16) -> Option<f64> {
        self.0.iter().find(|&&(c, _)| c == col).map(|&(_, w)| w)
    }

    /// Printed width of all the columns, in points.
    pub(crate) fn total_points(&self) -> f64 {
        self.0.iter().map(|&(_, w)| column_points(w)).sum()
    }
}

/// Instructions: labels, the respondent's answers, then narrow columns for the scores.
pub(super) fn instructions_columns(ws: &mut Worksheet) -> Result<Widths, XlsxError> {
    let mut w = Widths::default();
    w.set(ws, 0, 30.0)?;
    w.set(ws, 1, 45.0)?;
    for c in 2..=5 {
        w.set(ws, c, 14.0)?;
    }
    Ok(w)
}

/// A column wide enough for its header's longest word and for `content` (capped at `max`).
fn fit(header: &str, content: f64, max: f64) -> f64 {
    (longest_word(header, true) + 2.0).max(content.min(max) + 1.0).max(6.0)
}

/// The longest label of a set of options, in any language of the catalog.
fn longest_option<'a>(
    catalog: &Catalog,
    labels: impl Iterator<Item = &'a crate::lang::Text>,
) -> f64 {
    labels
        .flat_map(|t| catalog.languages.iter().map(move |&l| text_width(t.get(l), false)))
        .fold(0.0, f64::max)
}

/// Area sheets: ids, a wrapped name, dropdown columns wide enough for the longest option in
/// any language of the catalog (wrapping beyond `DROPDOWN_MAX`), then the numbers. `headers`
/// gives each column's header text in the sheet's language.
pub(super) fn area_columns(
    ws: &mut Worksheet,
    catalog: &Catalog,
    cols: &AreaColumns,
    header: &dyn Fn(u16) -> String,
) -> Result<Widths, XlsxError> {
    let mut w = Widths::default();
    let ids = catalog
        .areas
        .iter()
        .flat_map(|a| &a.services)
        .map(|s| s.id.chars().count() as f64 * SMALLEST_PT / BODY_PT);
    w.set(ws, cols.id, fit(&header(cols.id), ids.fold(0.0, f64::max), 30.0))?;
    w.set(ws, cols.name, fit(&header(cols.name), NAME_WIDTH, NAME_WIDTH))?;
    if let Some(c) = cols.adoption {
        w.set(
            ws,
            c,
            fit(
                &header(c),
                longest_option(catalog, catalog.adoption.iter().map(|o| &o.label)),
                DROPDOWN_MAX,
            ),
        )?;
    }
    for (k, &c) in cols.stages.iter().enumerate() {
        let longest = longest_option(catalog, catalog.stages[k].options.iter().map(|o| &o.label));
        w.set(ws, c, fit(&header(c), longest, DROPDOWN_MAX))?;
    }
    let numbers = cols.usage.into_iter().chain([cols.degree]).chain(cols.points);
    for c in numbers {
        w.set(ws, c, fit(&header(c), 6.0, 6.0))?;
    }
    w.set(ws, cols.comment, fit(&header(cols.comment), COMMENT_WIDTH, COMMENT_WIDTH))?;
    Ok(w)
}

/// Height of a header row whose cells hold `headers` (column, text) in bold.
pub(crate) fn header_height(widths: &Widths, headers: &[(u16, String)]) -> f64 {
    let lines = headers
        .iter()
        .map(|(c, text)| wrapped_lines(text, widths.get(*c).unwrap_or(8.43), true))
        .max()
        .unwrap_or(1);
    lines_height(lines, BODY_PT)
}

/// Height of a service row: its name, and the longest option of each of its dropdowns, in
/// the sheet's language, each wrapped in its column.
pub(super) fn service_row_height(
    catalog: &Catalog,
    cols: &AreaColumns,
    widths: &Widths,
    name: &str,
    service: &Service,
    lang: Lang,
) -> f64 {
    let width = |c: u16| widths.get(c).unwrap_or(8.43);
    let mut lines = wrapped_lines(name, width(cols.name), false);
    if let Some(c) = cols.adoption {
        for o in &catalog.adoption {
            lines = lines.max(wrapped_lines(o.label.get(lang), width(c), false));
        }
    }
    for &k in &service.stages {
        for o in &catalog.stages[k].options {
            lines = lines.max(wrapped_lines(o.label.get(lang), width(cols.stages[k]), false));
        }
    }
    lines_height(lines, BODY_PT)
}

/// Summary: the area names, then one column per measure; the helper tallies the formulas
/// use are hidden.
pub(super) fn summary_columns(
    ws: &mut Worksheet,
    catalog: &Catalog,
    columns: &[SummaryCol],
    header: &dyn Fn(SummaryCol) -> String,
) -> Result<Widths, XlsxError> {
    let mut w = Widths::default();
    let names = catalog
        .areas
        .iter()
        .flat_map(|a| catalog.languages.iter().map(move |&l| text_width(a.name.get(l), true)));
    w.set(ws, 0, names.fold(20.0, f64::max) + 2.0)?;
    for &c in columns.iter().skip(1) {
        let col = c.col(catalog);
        if c.is_helper() {
            w.hide(ws, col)?;
        } else {
            w.set(ws, col, fit(&header(c), 9.0, 9.0))?;
        }
    }
    Ok(w)
}

// ---- print setup ---------------------------------------------------------------------------

/// What a sheet repeats on every printed page.
pub(crate) struct PrintTitles {
    /// Rows from the top to repeat (title and header rows).
    pub rows: (u32, u32),
    /// Columns from the left to repeat when the sheet prints across pages (ids, names).
    pub cols: Option<(u16, u16)>,
}

/// How a sheet is scaled on paper.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Scale {
    /// One page wide, at this percentage (100 when it fits as it is).
    OnePageWide(u16),
    /// Too wide to fit at a legible size: across pages at this percentage.
    AcrossPages(u16),
}

/// The scale rule: a sheet `width_pt` wide whose smallest text is `font_pt` prints one page
/// wide when that keeps the text at `MIN_PRINT_PT` or more, otherwise across pages at 80 %.
pub(crate) fn scale_for(width_pt: f64, font_pt: f64) -> Scale {
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
pub(crate) fn print_setup(
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
    ws.set_repeat_rows(titles.rows.0, titles.rows.1)?;
    if let (Scale::AcrossPages(_), Some((first, last))) = (scale, titles.cols) {
        ws.set_repeat_columns(first, last)?;
    }
    Ok(scale)
}
