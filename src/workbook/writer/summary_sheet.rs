//! The summary sheet: the measures of every area and of the whole municipality as formulas
//! over the area sheets, with charts.

use rust_xlsxwriter::{
    Chart, ChartFormat, ChartSeries, ChartSolidFill, ChartType, Color, Formula, Worksheet,
    XlsxError,
};

use super::formats::Formats;
use super::{Template, protect, sizing};
use crate::layout::{self, SummaryCol};
use crate::measures::{self, SummaryCell};
use crate::texts::t;

/// Writes the summary sheet.
pub(super) fn write(ws: &mut Worksheet, tpl: &Template) -> Result<(), XlsxError> {
    let (catalog, lang, f) = (tpl.catalog, tpl.lang, &tpl.f);
    ws.set_name(t("sheet_summary", lang))?;
    ws.set_formula_result_default("");
    ws.write_string_with_format(0, 0, t("summary_heading", lang), &f.title)?;
    ws.write_string_with_format(1, 0, catalog.title.get(lang), &f.subtitle)?;
    let columns = SummaryCol::all(catalog);
    for c in &columns {
        ws.write_string_with_format(
            layout::SUMMARY_HEADER_ROW,
            c.col(catalog),
            c.header(catalog, lang),
            &f.header,
        )?;
    }
    let widths = sizing::summary_columns(ws, catalog, &columns, &|c| c.header(catalog, lang))?;
    // The hidden helper columns take no room: their headers do not make the row higher.
    let headers: Vec<(u16, String)> = columns
        .iter()
        .filter(|c| !c.is_helper())
        .map(|c| (c.col(catalog), c.header(catalog, lang)))
        .collect();
    ws.set_row_height(layout::SUMMARY_HEADER_ROW, sizing::header_height(&widths, &headers))?;
    measure_rows(ws, tpl, &columns)?;
    // The savings totals under the table, in its first two columns, so the sheet prints one
    // page wide; the charts below them, each on a page of its own.
    let below = layout::summary_row(catalog.areas.len()) + 2;
    let free = super::savings::summary_totals(ws, tpl, below, &widths)?;
    charts(ws, tpl, &columns, free + 1)?;
    // Only the title repeats: the chart pages show no table header over a chart.
    let titles = sizing::PrintTitles { rows: (0, 1), cols: Some((0, 0)) };
    sizing::print_setup(ws, &widths, &titles)?;
    protect(ws);
    Ok(())
}

/// One row per area, then the municipality as a whole. Cached results are what the Rust
/// code computes for the blank workbook.
fn measure_rows(
    ws: &mut Worksheet,
    tpl: &Template,
    columns: &[SummaryCol],
) -> Result<(), XlsxError> {
    let (catalog, lang, f) = (tpl.catalog, tpl.lang, &tpl.f);
    let blank = measures::score_all(catalog, &[], lang);
    let n = catalog.areas.len();
    for (a, area) in catalog.areas.iter().enumerate() {
        let row = layout::summary_row(a);
        ws.write_string_with_format(row, 0, area.name.get(lang), &f.bold)?;
        for &c in columns.iter().skip(1) {
            let cell = measures::area_summary_cell(catalog, c, row, a);
            let value = measures::summary_value(c, &blank.areas[a].tally, catalog);
            let measure = Measure { cell, value, is_ratio: c.is_ratio(), bold: false };
            measure.write(ws, row, c.col(catalog), f)?;
        }
    }
    let overall = layout::summary_row(n);
    ws.write_string_with_format(overall, 0, t("sum_overall", lang), &f.bold)?;
    for &c in columns.iter().skip(1) {
        let cell = measures::overall_summary_cell(catalog, c, overall);
        let value = measures::summary_value(c, &blank.tally, catalog);
        let measure = Measure { cell, value, is_ratio: c.is_ratio(), bold: true };
        measure.write(ws, overall, c.col(catalog), f)?;
    }
    Ok(())
}

/// One measure cell of the summary.
struct Measure {
    cell: SummaryCell,
    /// The cached result of a formula cell.
    value: Option<f64>,
    /// A ratio shows as a percentage, anything else as a number.
    is_ratio: bool,
    /// The overall row is bold.
    bold: bool,
}

impl Measure {
    fn write(self, ws: &mut Worksheet, row: u32, col: u16, f: &Formats) -> Result<(), XlsxError> {
        let fmt = match (self.is_ratio, self.bold) {
            (true, false) => &f.percent,
            (true, true) => &f.bold_percent,
            (false, false) => &f.number,
            (false, true) => &f.bold_number,
        };
        match self.cell {
            SummaryCell::Number(v) => {
                ws.write_number_with_format(row, col, v, fmt)?;
            }
            SummaryCell::Formula(formula) => {
                let result = self.value.map(format_result).unwrap_or_default();
                ws.write_formula_with_format(
                    row,
                    col,
                    Formula::new(formula).set_result(result),
                    fmt,
                )?;
            }
        }
        Ok(())
    }
}

/// A cached formula result, as spreadsheet programs write numbers.
fn format_result(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") }
}

/// The area rows of the summary, as chart categories and series.
struct AreaRows<'a> {
    sheet: &'a str,
    first: u32,
    last: u32,
}

impl AreaRows<'_> {
    /// A series of one summary column over the areas, named by its header.
    fn series<'c>(&self, chart: &'c mut Chart, col: u16) -> &'c mut ChartSeries {
        chart
            .add_series()
            .set_categories((self.sheet, self.first, 0, self.last, 0))
            .set_values((self.sheet, self.first, col, self.last, col))
            .set_name((self.sheet, layout::SUMMARY_HEADER_ROW, col))
    }
}

/// Charts below the table: the measures per area; for indicator catalogs the share at each
/// level (red to green, the "flower box" at a glance) and the points against the maximum.
fn charts(
    ws: &mut Worksheet,
    tpl: &Template,
    columns: &[SummaryCol],
    chart_row: u32,
) -> Result<(), XlsxError> {
    let (catalog, lang) = (tpl.catalog, tpl.lang);
    let n = catalog.areas.len();
    let rows = AreaRows {
        sheet: t("sheet_summary", lang),
        first: layout::summary_row(0),
        last: layout::summary_row(n - 1),
    };
    if let Some(k) = catalog.level_stage() {
        let levels = catalog.stages[k].options.len();
        let mut shares = Chart::new(ChartType::BarPercentStacked);
        for i in 0..levels {
            rows.series(&mut shares, SummaryCol::Level(i as u8).col(catalog)).set_format(
                ChartFormat::new()
                    .set_solid_fill(ChartSolidFill::new().set_color(level_color(i, levels))),
            );
        }
        shares.title().set_name(t("chart_levels_title", lang));
        shares.set_width(sizing::CHART_WIDTH).set_height(sizing::LEVELS_CHART_HEIGHT);
        ws.insert_chart(chart_row, 0, &shares)?;

        let mut points = Chart::new(ChartType::Bar);
        for c in [SummaryCol::Points, SummaryCol::MaxPoints] {
            rows.series(&mut points, c.col(catalog));
        }
        points.title().set_name(t("chart_points_title", lang));
        points.set_width(sizing::CHART_WIDTH).set_height(sizing::LEVELS_CHART_HEIGHT);
        ws.insert_chart(chart_row + sizing::LEVELS_CHART_ROWS, 0, &points)?;
        ws.set_page_breaks(&[chart_row, chart_row + sizing::LEVELS_CHART_ROWS])?;
    } else {
        let mut chart = Chart::new(ChartType::Column);
        let shown = |c: &&SummaryCol| {
            matches!(
                c,
                SummaryCol::Coverage
                    | SummaryCol::Degree
                    | SummaryCol::Realized
                    | SummaryCol::Usage
            )
        };
        for c in columns.iter().filter(shown) {
            rows.series(&mut chart, c.col(catalog));
        }
        chart.title().set_name(t("chart_measures_title", lang));
        chart.y_axis().set_min(0).set_max(1).set_num_format("0%");
        chart.set_width(sizing::CHART_WIDTH).set_height(sizing::MEASURES_CHART_HEIGHT);
        ws.insert_chart(chart_row, 0, &chart)?;
        ws.set_page_breaks(&[chart_row])?;
    }
    Ok(())
}

/// Red for the lowest level, green for the highest, yellow between.
fn level_color(i: usize, levels: usize) -> Color {
    const RED: (f64, f64, f64) = (0xC0 as f64, 0x39 as f64, 0x2B as f64);
    const YELLOW: (f64, f64, f64) = (0xF1 as f64, 0xC4 as f64, 0x0F as f64);
    const GREEN: (f64, f64, f64) = (0x27 as f64, 0xAE as f64, 0x60 as f64);
    let x = if levels <= 1 { 1.0 } else { i as f64 / (levels - 1) as f64 };
    let (a, b, u) =
        if x <= 0.5 { (RED, YELLOW, x * 2.0) } else { (YELLOW, GREEN, (x - 0.5) * 2.0) };
    let mix = |p: f64, q: f64| (p + (q - p) * u).round() as u32;
    Color::RGB((mix(a.0, b.0) << 16) | (mix(a.1, b.1) << 8) | mix(a.2, b.2))
}
