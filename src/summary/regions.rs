//! The regions sheet: per region (maakunta) its expected and counted municipalities and the
//! mean of each measure overall, the whole country below, and a chart of the overall degree
//! beside the table. The figures are `round::glance`'s, as the front page's and the JSON's.

use rust_xlsxwriter::{Chart, ChartType, Worksheet, XlsxError};

use super::{Formats, sheet_name, titled_sheet, write_opt};
use crate::data_sheet::Measure;
use crate::round::Round;
use crate::round::glance::{National, RegionFigures};
use crate::round::stats::Figures;
use crate::summary::layout::{REGIONS_HEADER_ROW, Sheet, front_measures};
use crate::texts::t;
use crate::xlsx::sizing::{self, LINE_PT, PrintTitles, Widths, longest_word};

/// The columns before the measures: region, expected, counted, share counted.
const FIXED: [(&str, f64); 4] = [
    ("agg_region", 24.0),
    ("regions_expected", 11.0),
    ("regions_counted", 11.0),
    ("regions_share", 11.0),
];

pub(super) fn write(
    ws: &mut Worksheet,
    round: &Round<'_>,
    national: &National,
    regions: &[RegionFigures],
    f: &Formats,
) -> Result<(), XlsxError> {
    let lang = round.lang;
    let name = sheet_name(Sheet::Regions, lang);
    titled_sheet(ws, name, f)?;
    let measures = front_measures(round.catalog);
    let mut w = Widths::default();
    let mut headers = Vec::new();
    let keys = FIXED.iter().map(|&(k, width)| (k, width));
    let measure_keys = measures.iter().map(|m| (m.header_key(), 13.0));
    for (c, (key, width)) in keys.chain(measure_keys).enumerate() {
        let text = t(key, lang);
        ws.write_string_with_format(REGIONS_HEADER_ROW, c as u16, text, &f.header)?;
        w.set(ws, c as u16, width.max(longest_word(text, true) + 2.0))?;
        headers.push((c as u16, text.to_string()));
    }
    ws.set_row_height(REGIONS_HEADER_ROW, sizing::header_height(&w, &headers))?;
    let overall = national.groups.len().saturating_sub(1);
    let mut row = REGIONS_HEADER_ROW;
    for r in regions {
        row += 1;
        ws.write_string(row, 0, r.region.name(lang))?;
        let figures = r.groups.get(overall);
        write_row(
            ws,
            row,
            (r.expected, r.counted, r.share_counted()),
            figures,
            &measures,
            f,
            false,
        )?;
    }
    row += 1;
    ws.write_string_with_format(row, 0, t("front_whole_country", lang), &f.bold)?;
    let share = (national.expected > 0).then(|| national.counted as f64 / national.expected as f64);
    let counts = (national.expected, national.counted, share);
    write_row(ws, row, counts, national.groups.get(overall), &measures, f, true)?;
    let chart_col = (FIXED.len() + measures.len() + 1) as u16;
    ws.insert_chart(REGIONS_HEADER_ROW, chart_col, &chart(round, name, regions.len() as u32))?;
    ws.set_column_width(chart_col - 1, 2.0)?;
    w.reserve(chart_col - 1, 2.0);
    w.reserve_chart(chart_col, CHART_WIDTH_PX);
    let titles = PrintTitles { rows: (0, REGIONS_HEADER_ROW), cols: None };
    sizing::print_setup(ws, &w, &titles)?;
    // One page wide whatever the program's own column widths, the chart beside the table
    // whole (the sheet has no page breaks of its own for a scale to keep).
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// Width of the chart in pixels.
const CHART_WIDTH_PX: u32 = 480;

/// The counts and each measure's mean of one row; `bold` for the whole country.
fn write_row(
    ws: &mut Worksheet,
    row: u32,
    (expected, counted, share): (usize, usize, Option<f64>),
    figures: Option<&Figures>,
    measures: &[Measure],
    f: &Formats,
    bold: bool,
) -> Result<(), XlsxError> {
    let (number, pct) =
        if bold { (&f.bold_number, &f.bold_percent) } else { (&f.number, &f.percent) };
    ws.write_number_with_format(row, 1, expected as f64, number)?;
    ws.write_number_with_format(row, 2, counted as f64, number)?;
    write_opt(ws, row, 3, share, pct)?;
    for (i, &m) in measures.iter().enumerate() {
        let format = if m == Measure::Points { number } else { pct };
        write_opt(ws, row, (FIXED.len() + i) as u16, figures.and_then(|g| g.mean.get(m)), format)?;
    }
    Ok(())
}

/// Each region's mean overall degree, as bars in the table's order.
fn chart(round: &Round<'_>, sheet: &str, regions: u32) -> Chart {
    let measures = front_measures(round.catalog);
    let degree = measures.iter().position(|&m| m == Measure::Degree).unwrap_or(0);
    let col = (FIXED.len() + degree) as u16;
    let (first, last) = (REGIONS_HEADER_ROW + 1, REGIONS_HEADER_ROW + regions);
    let mut chart = Chart::new(ChartType::Bar);
    chart
        .add_series()
        .set_categories((sheet, first, 0, last, 0))
        .set_values((sheet, first, col, last, col))
        .set_name(t("sum_degree", round.lang));
    chart.title().set_name(t("regions_chart", round.lang));
    chart.x_axis().set_min(0).set_max(1).set_num_format("0%");
    // Regions from the top down, as in the table.
    chart.y_axis().set_reverse();
    chart.legend().set_hidden();
    let height = ((regions + 2) as f64 * LINE_PT * 4.0 / 3.0) as u32;
    chart.set_width(CHART_WIDTH_PX).set_height(height.max(300));
    chart
}
