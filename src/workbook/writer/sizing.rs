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
/// The widest a dropdown column gets; longer options wrap inside it. With the name column's
/// width, chosen so the default catalog's area sheet prints two pages across at 80 % (five
/// dropdowns on the first, the rest with usage, degree and comment on the second), the id
/// and name columns repeated on both.
const DROPDOWN_MAX: f64 = 23.0;
/// Width of the service (or indicator) name column, which wraps.
const NAME_WIDTH: f64 = 30.0;
/// The name column of a sheet that prints one page wide.
const NAME_WIDE: f64 = 40.0;
/// The narrowest the name column gets beside long ids.
const NAME_MIN: f64 = 18.0;
/// The id and name columns together, when the ids allow.
const ID_AND_NAME: f64 = 48.0;
/// Width of the free-text comment column.
const COMMENT_WIDTH: f64 = 22.0;
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

/// Width of a service id in the ids' smaller font, in body character units.
pub(super) fn id_width(id: &str) -> f64 {
    text_width(id, false) * SMALLEST_PT / BODY_PT
}

/// Area sheets: ids (the column as wide as this sheet's longest), a wrapped name, dropdown columns wide enough for the longest option in
/// any language of the catalog (wrapping beyond `DROPDOWN_MAX`), then the numbers. `headers`
/// gives each column's header text in the sheet's language.
pub(super) fn area_columns(
    ws: &mut Worksheet,
    catalog: &Catalog,
    area: usize,
    cols: &AreaColumns,
    header: &dyn Fn(u16) -> String,
) -> Result<Widths, XlsxError> {
    let mut w = Widths::default();
    let ids = catalog.areas[area].services.iter().map(|s| id_width(&s.id));
    let id = fit(&header(cols.id), ids.fold(0.0, f64::max), 30.0);
    w.set(ws, cols.id, id)?;
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
    // A sheet that fits one page wide with a wide name column keeps it (an indicator
    // catalog's statements are long). Otherwise long ids take their room from the name,
    // which wraps: the two repeated columns together stay within `ID_AND_NAME` so the
    // dropdowns keep their pages across.
    let wide = fit(&header(cols.name), NAME_WIDE, NAME_WIDE);
    let mut with_wide = w.clone();
    with_wide.reserve(cols.name, wide);
    let name = if matches!(scale_for(with_wide.total_points(), SMALLEST_PT), Scale::OnePageWide(_))
    {
        wide
    } else {
        let name = (ID_AND_NAME - id).clamp(NAME_MIN, NAME_WIDTH);
        fit(&header(cols.name), name, name)
    };
    w.set(ws, cols.name, name)?;
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

/// Lines a text of `font_pt` points takes wrapped in a column `width` units wide (units
/// are of the 11 pt body font, so smaller text fits more characters).
fn wrapped_lines_at(text: &str, width: f64, font_pt: f64) -> usize {
    wrapped_lines(text, width * BODY_PT / font_pt, false)
}

/// Height of the options legend row (`layout::LEGEND_ROW`): the tallest list of one
/// dropdown column's options, one option per line (wrapped), at the ids' size.
pub(super) fn legend_height(widths: &Widths, legends: &[(u16, Vec<String>)]) -> f64 {
    let lines = legends
        .iter()
        .map(|(c, labels)| {
            let width = widths.get(*c).unwrap_or(8.43);
            labels.iter().map(|l| wrapped_lines_at(l, width, SMALLEST_PT)).sum::<usize>()
        })
        .max()
        .unwrap_or(1);
    // 10 pt lines are 12.75 pt high in the programs (15 pt for 11 pt).
    lines.max(1) as f64 * 12.75 + 3.0
}

/// How many of the blank added rows the printed form shows: as many as fit on the page the
/// catalog's rows end on, `layout::MIN_PRINTED_ADDED_ROWS` on a page of their own when none
/// does, and at least `in_use`, the rows a prefilled workbook fills. `titles_pt` is the height of the rows
/// repeated on every page, `rows_pt` the heights of the catalog rows and of the heading
/// above the blank rows, `added_pt` the height of one blank row, `percent` the print scale.
pub(super) fn printed_added_rows(
    titles_pt: f64,
    rows_pt: &[f64],
    added_pt: f64,
    percent: u16,
    in_use: u32,
) -> u32 {
    // Room on one page for rows, in the sheet's points (every row's height is set, so the
    // programs break pages where this does), less a point for their rounding.
    let room = PRINT_HEIGHT_PT * 100.0 / f64::from(percent.max(10)) - titles_pt - 1.0;
    let mut used = 0.0;
    for &h in rows_pt {
        if used + h > room && used > 0.0 {
            used = 0.0;
        }
        used += h;
    }
    let fit = if room > used { ((room - used) / added_pt.max(1.0)).floor() as u32 } else { 0 };
    // When none fits, a page of their own shows a few.
    let shown = if fit > 0 { fit } else { crate::layout::MIN_PRINTED_ADDED_ROWS };
    shown.max(in_use).min(crate::layout::ADDED_ROWS)
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
