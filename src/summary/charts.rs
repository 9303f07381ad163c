//! National figures per area and the distribution of the overall degree, each as a small
//! table with a column chart beside it.

use rust_xlsxwriter::{Chart, ChartType, Worksheet, XlsxError};

use super::{Formats, sheet_name, titled_sheet, write_opt};
use crate::round::{Round, mean};
use crate::summary::layout::{
    CHART_COL, CHART_ROWS, CHART_SIZE, CHARTS_FIRST_ROW, CHARTS_HEADER_ROW, CHARTS_WIDTHS,
    DISTRIBUTION_BINS, DISTRIBUTION_GAP, Sheet,
};
use crate::texts::t;

pub(super) fn write(ws: &mut Worksheet, round: &Round<'_>, f: &Formats) -> Result<(), XlsxError> {
    let name = sheet_name(Sheet::Charts, round.lang);
    titled_sheet(ws, name, f)?;
    let last = write_areas(ws, round, f)?;
    ws.insert_chart(CHARTS_HEADER_ROW, CHART_COL, &areas_chart(round, name, last))?;
    let top = last + DISTRIBUTION_GAP;
    write_distribution(ws, round, top, f)?;
    // Below the first chart, on a page of its own so neither is cut.
    let second = top.max(CHARTS_HEADER_ROW + CHART_ROWS);
    ws.insert_chart(second, CHART_COL, &distribution_chart(round, name, top))?;
    ws.set_page_breaks(&[second])?;
    for (c, &width) in CHARTS_WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, width)?;
    }
    Ok(())
}

/// National figures per area, the mean over municipalities: for indicator catalogs mean
/// points against the maximum, for others coverage and degree. Returns the last row.
fn write_areas(ws: &mut Worksheet, round: &Round<'_>, f: &Formats) -> Result<u32, XlsxError> {
    let lang = round.lang;
    let catalog = round.catalog;
    let points = catalog.has_points();
    let (h1, h2) =
        if points { ("sum_points", "sum_max_points") } else { ("sum_coverage", "sum_degree") };
    for (c, key) in ["agg_area", h1, h2].into_iter().enumerate() {
        ws.write_string_with_format(CHARTS_HEADER_ROW, c as u16, t(key, lang), &f.header)?;
    }
    for (a, area) in catalog.areas.iter().enumerate() {
        let row = CHARTS_FIRST_ROW + a as u32;
        ws.write_string(row, 0, area.name.get(lang))?;
        let measures = round.kept.iter().map(|k| &k.scores.areas[a].measures);
        if points {
            let p: Vec<f64> = measures.filter_map(|m| m.points).collect();
            write_opt(ws, row, 1, mean(&p), &f.number)?;
            write_opt(
                ws,
                row,
                2,
                Some(area.services.iter().map(|s| catalog.max_points(s)).sum()),
                &f.number,
            )?;
        } else {
            let cov: Vec<f64> = measures.clone().map(|m| m.coverage).collect();
            let deg: Vec<f64> = measures.filter_map(|m| m.degree).collect();
            write_opt(ws, row, 1, mean(&cov), &f.percent)?;
            write_opt(ws, row, 2, mean(&deg), &f.percent)?;
        }
    }
    Ok(CHARTS_HEADER_ROW + catalog.areas.len() as u32)
}

/// Both figures of each area as columns; degrees on a 0–100 % axis.
fn areas_chart(round: &Round<'_>, sheet: &str, last: u32) -> Chart {
    let points = round.catalog.has_points();
    let mut chart = Chart::new(ChartType::Column);
    for col in [1u16, 2] {
        chart
            .add_series()
            .set_categories((sheet, CHARTS_FIRST_ROW, 0, last, 0))
            .set_values((sheet, CHARTS_FIRST_ROW, col, last, col))
            .set_name((sheet, CHARTS_HEADER_ROW, col));
    }
    chart.title().set_name(t(
        if points { "agg_chart_national_points" } else { "agg_chart_national" },
        round.lang,
    ));
    if !points {
        chart.y_axis().set_min(0).set_max(1).set_num_format("0%");
    }
    chart.set_width(CHART_SIZE.0).set_height(CHART_SIZE.1);
    chart
}

/// Municipalities by overall degree in tenths, from the header row `top` down.
fn write_distribution(
    ws: &mut Worksheet,
    round: &Round<'_>,
    top: u32,
    f: &Formats,
) -> Result<(), XlsxError> {
    let lang = round.lang;
    ws.write_string_with_format(top, 0, t("agg_bin", lang), &f.header)?;
    ws.write_string_with_format(top, 1, t("agg_municipalities_count", lang), &f.header)?;
    let mut bins = [0u32; DISTRIBUTION_BINS];
    for k in &round.kept {
        if let Some(d) = k.scores.overall.degree {
            bins[((d * DISTRIBUTION_BINS as f64).floor() as usize).min(DISTRIBUTION_BINS - 1)] += 1;
        }
    }
    let step = 100 / DISTRIBUTION_BINS;
    for (i, count) in bins.iter().enumerate() {
        let row = top + 1 + i as u32;
        ws.write_string(row, 0, format!("{}–{} %", i * step, i * step + step))?;
        ws.write_number(row, 1, *count)?;
    }
    Ok(())
}

fn distribution_chart(round: &Round<'_>, sheet: &str, top: u32) -> Chart {
    let last = top + DISTRIBUTION_BINS as u32;
    let mut chart = Chart::new(ChartType::Column);
    chart
        .add_series()
        .set_categories((sheet, top + 1, 0, last, 0))
        .set_values((sheet, top + 1, 1, last, 1))
        .set_name((sheet, top, 1));
    chart.title().set_name(t("agg_chart_distribution", round.lang));
    // Municipalities are counted whole: whole numbers on the axis, never steps of 0.5.
    let most = round.kept.len().max(1) as f64;
    let step = (most / 8.0).ceil().max(1.0);
    chart.y_axis().set_min(0).set_major_unit(step).set_num_format("0");
    chart.legend().set_hidden();
    chart.set_width(CHART_SIZE.0).set_height(CHART_SIZE.1);
    chart
}
