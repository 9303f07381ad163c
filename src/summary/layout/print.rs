//! How each summary sheet fits the screen and the paper, decided in one pass after the
//! sheet is written (`finish`), from the same declarations the writer used: every column
//! at least as wide as the longest word of its header (headers break between words, never
//! inside one), header rows as high as their wrapped headers, and the print rule of
//! `workbook::writer::sizing` — landscape A4, titles repeated on every page, one page wide
//! only when the text stays at 7 pt or more — on every visible sheet.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::SUBTITLE_ROW;
use super::{
    AREA_ID_ROW, AREA_NAME_ROW, AREA_SERVICE_WIDTH, AddedColumn, AreaColumn, CHANGES_GROUP_ROW,
    CHANGES_HEADER_ROW, CHART_COL, CHART_SIZE, CHARTS_HEADER_ROW, CHARTS_WIDTHS, ChangesColumn,
    Column, LIST_HEADER_ROW, MEASURE_COLUMN_WIDTH, MeasureColumn, MissingColumn,
    OPTION_COLUMN_WIDTH, OVERVIEW_GROUP_ROW, OVERVIEW_HEADER_ROW, OverviewColumn,
    SERVICES_GROUP_ROW, SERVICES_HEADER_ROW, ServicesColumn, Sheet, ValidationColumn,
    area_service_col, changes_columns, option_columns, overview_columns, overview_details,
};
use crate::catalog::Catalog;
use crate::lang::Lang;
use crate::measures::Group;
use crate::texts::t;
use crate::xlsx::sizing::{self, PrintTitles, Scale, Widths, longest_word, wrapped_lines};

/// What the pass needs to know about the summary.
pub(crate) struct SheetContext<'a> {
    pub catalog: &'a Catalog,
    pub lang: Lang,
}

/// Sizes and print setup of a written sheet; `area` is the area of an area matrix. The data
/// sheet is hidden and left alone.
pub(crate) fn finish(
    ws: &mut Worksheet,
    sheet: Sheet,
    area: Option<usize>,
    cx: &SheetContext,
) -> Result<Option<Scale>, XlsxError> {
    let mut w = Widths::default();
    let titles = match sheet {
        Sheet::Overview => overview(ws, cx, &mut w)?,
        Sheet::Areas => area_matrix(ws, cx, area.unwrap_or(0), &mut w)?,
        Sheet::Services => services(ws, cx, &mut w)?,
        Sheet::Changes => changes(ws, cx, &mut w)?,
        Sheet::Missing => list(ws, cx, MissingColumn::ALL, Some((0, 1)), &mut w)?,
        Sheet::Added => list(ws, cx, AddedColumn::ALL, Some((0, 1)), &mut w)?,
        Sheet::Validation => list(ws, cx, ValidationColumn::ALL, Some((0, 0)), &mut w)?,
        Sheet::Charts => charts(ws, cx, &mut w)?,
        // The front page, the regions and trend sheets set their own print; the data sheet
        // is hidden.
        Sheet::Front | Sheet::Regions | Sheet::Maps | Sheet::Trend | Sheet::Data => {
            return Ok(None);
        }
    };
    let scale = sizing::print_setup(ws, &w, &titles)?;
    if let (Scale::AcrossPages(_), Some(_)) = (scale, titles.cols) {
        // The title and the line below it run on across the columns: repeated beside the
        // repeated columns they would be cut there on every page to the right. Those pages
        // repeat the headers only, and the page header names the sheet.
        if titles.rows.1 > SUBTITLE_ROW {
            ws.set_repeat_rows(titles.rows.0.max(SUBTITLE_ROW + 1), titles.rows.1)?;
            ws.set_header("&L&A");
        }
    }
    Ok(Some(scale))
}

/// A fixed column's width: as declared, or wider so its header breaks only between words.
pub fn column_width<C: Column>(col: C, lang: Lang) -> f64 {
    col.width().max(longest_word(t(col.key(), lang), true) + 2.0)
}

/// Sets the widths of fixed columns and returns the height their one-row headers need.
fn fixed<C: Column>(
    ws: &mut Worksheet,
    columns: &[C],
    lang: Lang,
    w: &mut Widths,
) -> Result<f64, XlsxError> {
    let mut headers = Vec::new();
    for &c in columns {
        w.set(ws, c.col(), column_width(c, lang))?;
        headers.push((c.col(), t(c.key(), lang).to_string()));
    }
    Ok(sizing::header_height(w, &headers))
}

/// Width of the measure columns of the overview and the changes sheet: wide enough for the
/// longest word of any of their headers.
fn measure_width(keys: impl Iterator<Item = &'static str>, lang: Lang) -> f64 {
    keys.map(|k| longest_word(t(k, lang), true) + 2.0).fold(MEASURE_COLUMN_WIDTH, f64::max)
}

/// Height of a row of group headers, each merged over `span` columns of `width`.
fn group_height(groups: &[String], span: u16, width: f64) -> f64 {
    let lines =
        groups.iter().map(|g| wrapped_lines(g, width * span as f64, true)).max().unwrap_or(1);
    sizing::lines_height(lines, sizing::BODY_PT)
}

fn overview(
    ws: &mut Worksheet,
    cx: &SheetContext,
    w: &mut Widths,
) -> Result<PrintTitles, XlsxError> {
    let lang = cx.lang;
    let fixed_height = fixed(ws, OverviewColumn::ALL, lang, w)?.max(fixed(
        ws,
        &overview_details(cx.catalog),
        lang,
        w,
    )?);
    let cols = overview_columns(cx.catalog);
    let width = measure_width(cols.per_group.iter().map(|c: &MeasureColumn| c.header_key()), lang);
    for c in cols.first..=cols.last() {
        w.set(ws, c, width)?;
    }
    let headers: Vec<(u16, String)> = (0..cols.groups.len())
        .flat_map(|g| cols.per_group.iter().enumerate().map(move |(i, c)| (g, i, c)))
        .map(|(g, i, c)| (cols.col(g, i), t(c.header_key(), lang).to_string()))
        .collect();
    let names: Vec<String> =
        cols.groups.iter().map(|g: &Group| g.name(cx.catalog, lang).to_string()).collect();
    let groups = group_height(&names, cols.width(), width);
    // The fixed headers span both rows.
    let header = sizing::header_height(w, &headers).max(fixed_height - groups);
    ws.set_row_height(OVERVIEW_GROUP_ROW, groups)?;
    ws.set_row_height(OVERVIEW_HEADER_ROW, header)?;
    Ok(PrintTitles {
        rows: (0, OVERVIEW_HEADER_ROW),
        cols: Some((OverviewColumn::Code.col(), OverviewColumn::Name.col())),
    })
}

fn area_matrix(
    ws: &mut Worksheet,
    cx: &SheetContext,
    a: usize,
    w: &mut Widths,
) -> Result<PrintTitles, XlsxError> {
    let lang = cx.lang;
    fixed(ws, AreaColumn::ALL, lang, w)?;
    let services = &cx.catalog.areas[a].services;
    let names: Vec<&str> = services.iter().map(|s| s.name.get(lang)).collect();
    // The ids below the names are one word each: the column holds the longest whole.
    let ids = services.iter().map(|s| longest_word(&s.id, true) + 2.0);
    let width = names
        .iter()
        .map(|n| longest_word(n, true) + 2.0)
        .chain(ids)
        .fold(AREA_SERVICE_WIDTH, f64::max);
    let mut headers = Vec::new();
    for (s, name) in names.iter().enumerate() {
        w.set(ws, area_service_col(s), width)?;
        headers.push((area_service_col(s), name.to_string()));
    }
    ws.set_row_height(AREA_NAME_ROW, sizing::header_height(w, &headers))?;
    Ok(PrintTitles {
        rows: (0, AREA_ID_ROW),
        cols: Some((AreaColumn::Code.col(), AreaColumn::Name.col())),
    })
}

fn services(
    ws: &mut Worksheet,
    cx: &SheetContext,
    w: &mut Widths,
) -> Result<PrintTitles, XlsxError> {
    let lang = cx.lang;
    let fixed_height = fixed(ws, ServicesColumn::ALL, lang, w)?;
    let mut headers = Vec::new();
    let mut stage_rows = 1;
    for (stage, cols) in cx.catalog.stages.iter().zip(option_columns(cx.catalog)) {
        let labels: Vec<&str> = stage.options.iter().map(|o| o.label.get(lang)).collect();
        let width =
            labels.iter().map(|l| longest_word(l, true) + 2.0).fold(OPTION_COLUMN_WIDTH, f64::max);
        for (label, &c) in labels.iter().zip(&cols) {
            w.set(ws, c, width)?;
            headers.push((c, label.to_string()));
        }
        stage_rows =
            stage_rows.max(wrapped_lines(stage.name.get(lang), width * cols.len() as f64, true));
    }
    let groups = sizing::lines_height(stage_rows, sizing::BODY_PT);
    ws.set_row_height(SERVICES_GROUP_ROW, groups)?;
    ws.set_row_height(
        SERVICES_HEADER_ROW,
        sizing::header_height(w, &headers).max(fixed_height - groups),
    )?;
    // The service's name is repeated on every page across.
    let name = ServicesColumn::Service.col();
    Ok(PrintTitles { rows: (0, SERVICES_HEADER_ROW), cols: Some((name, name)) })
}

fn changes(
    ws: &mut Worksheet,
    cx: &SheetContext,
    w: &mut Widths,
) -> Result<PrintTitles, XlsxError> {
    let lang = cx.lang;
    fixed(ws, ChangesColumn::ALL, lang, w)?;
    let cols = changes_columns(cx.catalog);
    let width = measure_width(cols.per_group.iter().map(|m| m.header_key()), lang);
    for c in cols.first..=cols.last() {
        w.set(ws, c, width)?;
    }
    let headers: Vec<(u16, String)> = (0..cols.groups.len())
        .flat_map(|g| cols.per_group.iter().enumerate().map(move |(i, m)| (g, i, m)))
        .map(|(g, i, m)| (cols.col(g, i), t(m.header_key(), lang).to_string()))
        .collect();
    let names: Vec<String> =
        cols.groups.iter().map(|g| g.name(cx.catalog, lang).to_string()).collect();
    ws.set_row_height(CHANGES_GROUP_ROW, group_height(&names, cols.width(), width))?;
    ws.set_row_height(CHANGES_HEADER_ROW, sizing::header_height(w, &headers))?;
    Ok(PrintTitles {
        rows: (0, CHANGES_HEADER_ROW),
        cols: Some((ChangesColumn::Code.col(), ChangesColumn::Name.col())),
    })
}

fn list<C: Column>(
    ws: &mut Worksheet,
    cx: &SheetContext,
    columns: &[C],
    repeat: Option<(u16, u16)>,
    w: &mut Widths,
) -> Result<PrintTitles, XlsxError> {
    let height = fixed(ws, columns, cx.lang, w)?;
    ws.set_row_height(LIST_HEADER_ROW, height)?;
    Ok(PrintTitles { rows: (0, LIST_HEADER_ROW), cols: repeat })
}

fn charts(ws: &mut Worksheet, cx: &SheetContext, w: &mut Widths) -> Result<PrintTitles, XlsxError> {
    let keys = ["agg_area", "sum_coverage", "sum_degree", "sum_points", "sum_max_points"];
    let word = keys.iter().map(|k| longest_word(t(k, cx.lang), true) + 2.0).fold(0.0, f64::max);
    let mut headers = Vec::new();
    for (c, &declared) in CHARTS_WIDTHS.iter().enumerate() {
        w.set(ws, c as u16, declared.max(word))?;
        headers.push((c as u16, t(keys[c.min(2)], cx.lang).to_string()));
    }
    // The columns between the tables and the charts keep their default width; the charts
    // take their own width in pixels.
    for c in CHARTS_WIDTHS.len() as u16..CHART_COL {
        w.reserve(c, 8.43);
    }
    w.reserve(CHART_COL, (CHART_SIZE.0 as f64 - 5.0) / 7.0);
    ws.set_row_height(CHARTS_HEADER_ROW, sizing::header_height(w, &headers))?;
    Ok(PrintTitles { rows: (0, 1), cols: None })
}
