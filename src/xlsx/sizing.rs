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

/// Width of a text on one line, in character units, measured with the advance widths of the
/// default font (Calibri, whose metrics Carlito shares) at the body size, plus a margin
/// for the programs' hinting and rounding.
pub fn text_width(text: &str, bold: bool) -> f64 {
    let table = if bold { &BOLD } else { &REGULAR };
    let units: u32 = text.chars().map(|c| u32::from(advance(table, c))).sum();
    f64::from(units) / FONT_UNITS_PER_CHAR_UNIT * WIDTH_MARGIN
}

/// One character unit (7 pixels) in font units: 11 pt is 14.67 pixels per 2048 units.
const FONT_UNITS_PER_CHAR_UNIT: f64 = 7.0 * 2048.0 / (BODY_PT * 96.0 / 72.0);
/// How much wider than the font's own widths a text is taken to be.
const WIDTH_MARGIN: f64 = 1.06;

/// The advance width of a character; characters beyond Latin-1 as the widest common ones.
fn advance(table: &[u16; 224], c: char) -> u16 {
    match c as u32 {
        n @ 0x20..=0xFF => table[(n - 0x20) as usize],
        0x2014 => 1854,
        0x2013 | 0x2022 | 0x20AC => 1038,
        _ if c.is_whitespace() => table[0],
        _ => 1300,
    }
}

/// Advance widths of Carlito Regular (metric-compatible with Calibri), U+0020..=U+00FF, in
/// font units of 2048 per em.
const REGULAR: [u16; 224] = [
    463, 667, 821, 1020, 1038, 1464, 1397, 452, 621, 621, 1020, 1020, 511, 627, 517, 791, 1038,
    1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 548, 548, 1020, 1020, 1020, 949, 1831,
    1185, 1114, 1092, 1260, 1000, 941, 1292, 1276, 516, 653, 1064, 861, 1751, 1322, 1356, 1058,
    1378, 1112, 941, 998, 1314, 1162, 1822, 1063, 998, 959, 628, 791, 628, 1020, 1020, 596, 981,
    1076, 866, 1076, 1019, 625, 964, 1076, 470, 490, 931, 470, 1636, 1076, 1080, 1076, 1076, 714,
    801, 686, 1076, 925, 1464, 887, 927, 809, 644, 943, 644, 1020, 1038, 1038, 1038, 1038, 1038,
    1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038,
    1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 667, 1020, 1038,
    1020, 1038, 1020, 1020, 804, 1709, 824, 1049, 1020, 1038, 1038, 807, 694, 1020, 688, 685, 598,
    1126, 1200, 517, 629, 504, 865, 1049, 1303, 1375, 1383, 949, 1185, 1185, 1185, 1185, 1185,
    1185, 1563, 1092, 1000, 1000, 1000, 1000, 516, 516, 516, 516, 1279, 1322, 1356, 1356, 1356,
    1356, 1356, 1020, 1359, 1314, 1314, 1314, 1314, 998, 1058, 1080, 981, 981, 981, 981, 981, 981,
    1583, 866, 1019, 1019, 1019, 1019, 470, 470, 470, 470, 1076, 1076, 1080, 1080, 1080, 1080,
    1080, 1020, 1084, 1076, 1076, 1076, 1076, 927, 1076, 927,
];

/// The same of Carlito Bold.
const BOLD: [u16; 224] = [
    463, 667, 898, 1020, 1038, 1493, 1443, 478, 638, 638, 1020, 1020, 528, 627, 547, 880, 1038,
    1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 565, 565, 1020, 1020, 1020, 949, 1840,
    1241, 1148, 1084, 1291, 999, 940, 1305, 1292, 546, 678, 1120, 866, 1790, 1349, 1385, 1090,
    1405, 1153, 968, 1014, 1337, 1211, 1856, 1128, 1064, 979, 665, 880, 665, 1020, 1020, 615, 1011,
    1099, 857, 1099, 1031, 648, 971, 1099, 503, 523, 983, 503, 1666, 1099, 1101, 1099, 1099, 728,
    817, 710, 1099, 969, 1526, 941, 970, 814, 704, 973, 704, 1020, 1038, 1038, 1038, 1038, 1038,
    1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038,
    1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 667, 1020, 1038,
    1020, 1038, 1020, 1020, 849, 1709, 852, 1103, 1020, 1038, 1038, 799, 701, 1020, 692, 688, 616,
    1154, 1224, 548, 621, 517, 891, 1103, 1347, 1415, 1437, 949, 1241, 1241, 1241, 1241, 1241,
    1241, 1588, 1084, 999, 999, 999, 999, 546, 546, 546, 546, 1309, 1349, 1385, 1385, 1385, 1385,
    1385, 1020, 1394, 1337, 1337, 1337, 1337, 1064, 1090, 1136, 1011, 1011, 1011, 1011, 1011, 1011,
    1587, 857, 1031, 1031, 1031, 1031, 503, 503, 503, 503, 1099, 1099, 1101, 1101, 1101, 1101,
    1101, 1020, 1114, 1099, 1099, 1099, 1099, 970, 1099, 970,
];

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
#[derive(Clone, Default)]
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

/// Width of a column whose bold header is `header`: `width`, or wider when the header's
/// longest word needs it, so the header breaks only between words (a cell has about one
/// unit of padding on each side).
pub fn header_width(header: &str, width: f64) -> f64 {
    width.max(longest_word(header, true) + 2.0)
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
    ws.set_repeat_rows(titles.rows.0, titles.rows.1)?;
    if let (Scale::AcrossPages(_), Some((first, last))) = (scale, titles.cols) {
        ws.set_repeat_columns(first, last)?;
    }
    Ok(scale)
}
