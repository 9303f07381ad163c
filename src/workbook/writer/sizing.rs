//! Column widths, row heights and chart sizes of the assessment workbook's sheets, in one
//! place: how readable the workbook is on screen and on paper is decided here, not where
//! the cells are written. The text measures and the print rule every workbook shares are
//! in [`crate::xlsx::sizing`].

use rust_xlsxwriter::{Worksheet, XlsxError};

pub(crate) use crate::xlsx::sizing::*;

use crate::catalog::{Catalog, Service};
use crate::lang::Lang;
use crate::layout::{AreaColumns, SummaryCol};

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

/// Rough row height for wrapped text in merged cells about `width_chars` wide.
pub(super) fn text_height(text: &str, width_chars: usize) -> f64 {
    lines_height(wrapped_lines(text, width_chars as f64, false), BODY_PT)
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
