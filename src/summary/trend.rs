//! The trend sheet (with `--previous`, any number of earlier summaries): the nation's
//! overall figures per round with a line chart beside them, then each municipality's
//! overall degree per round. The figures are `round::trend`'s, as the feedback's.

use rust_xlsxwriter::{Chart, ChartMarkerType, ChartType, Worksheet, XlsxError};

use super::{Formats, sheet_name, titled_sheet, write_opt};
use crate::data_sheet::{Measure, RoundData};
use crate::register::Register;
use crate::round::Round;
use crate::round::trend::{self, NationalPoint};
use crate::summary::layout::{SUBTITLE_ROW, Sheet, TREND_HEADER_ROW, front_measures};
use crate::texts::{t, tf};
use crate::xlsx::sizing::{self, PrintTitles, Widths, longest_word};

/// Width of the chart in pixels.
const CHART_WIDTH_PX: u32 = 480;

/// One column of the nation's table: its header and the figure of a round.
struct NationColumn {
    key: &'static str,
    value: fn(&NationalPoint, Measure) -> Option<f64>,
    measure: Measure,
}

/// The nation's columns after the round and the count: the mean of each measure the
/// catalog has, and the median degree.
fn nation_columns(round: &Round<'_>) -> Vec<NationColumn> {
    let mean = |p: &NationalPoint, m| p.figures.mean.get(m);
    let mut columns: Vec<NationColumn> = front_measures(round.catalog)
        .into_iter()
        .map(|measure| NationColumn { key: measure.header_key(), value: mean, measure })
        .collect();
    let degree = columns.iter().position(|c| c.measure == Measure::Degree).map_or(0, |i| i + 1);
    let median = |p: &NationalPoint, m| p.figures.median.get(m);
    let column = NationColumn { key: "agg_median_degree", value: median, measure: Measure::Degree };
    columns.insert(degree, column);
    columns
}

pub(super) fn write(
    ws: &mut Worksheet,
    round: &Round<'_>,
    data: &RoundData,
    f: &Formats,
) -> Result<(), XlsxError> {
    let lang = round.lang;
    let name = sheet_name(Sheet::Trend, lang);
    titled_sheet(ws, name, f)?;
    let nation = trend::national(&data.history);
    let labels: Vec<&str> = nation.iter().map(|p| trend::label(&p.label, lang)).collect();
    let subtitle = tf("trend_subtitle", lang, &[("rounds", &labels.join(", "))]);
    ws.write_string_with_format(SUBTITLE_ROW, 0, subtitle, &f.subtitle)?;
    let columns = nation_columns(round);
    let mut w = Widths::default();
    let mut headers = Vec::new();
    // The first two columns also hold the municipalities' codes and names below.
    let code_width = longest_word(t("agg_code", lang), true) + 2.0;
    let fixed = [("trend_round", code_width.max(12.0)), ("trend_counted", 20.0)];
    let keys = fixed.into_iter().chain(columns.iter().map(|c| (c.key, 13.0)));
    for (c, (key, width)) in keys.enumerate() {
        let text = t(key, lang);
        ws.write_string_with_format(TREND_HEADER_ROW, c as u16, text, &f.header)?;
        w.set(ws, c as u16, width.max(longest_word(text, true) + 2.0))?;
        headers.push((c as u16, text.to_string()));
    }
    ws.set_row_height(TREND_HEADER_ROW, sizing::header_height(&w, &headers))?;
    for (i, p) in nation.iter().enumerate() {
        let row = TREND_HEADER_ROW + 1 + i as u32;
        ws.write_string(row, 0, labels[i])?;
        ws.write_number_with_format(row, 1, p.figures.count as f64, &f.number)?;
        for (c, column) in columns.iter().enumerate() {
            let format = if column.measure == Measure::Points { &f.number } else { &f.percent };
            write_opt(ws, row, 2 + c as u16, (column.value)(p, column.measure), format)?;
        }
    }
    let chart_col = (2 + columns.len() + 1) as u16;
    ws.insert_chart(TREND_HEADER_ROW, chart_col, &chart(round, name, &columns, nation.len()))?;
    ws.set_column_width(chart_col - 1, 2.0)?;
    w.reserve(chart_col - 1, 2.0);
    w.reserve_chart(chart_col, CHART_WIDTH_PX);
    let names = write_municipalities(ws, round, data, &labels, f)?;
    // The names column as wide as the longest name (it is the counts' column above).
    let longest = names.iter().map(|n| n.chars().count()).max().unwrap_or(0) as f64;
    w.set(ws, 1, (longest * 1.1 + 2.0).clamp(20.0, 36.0))?;
    let titles = PrintTitles { rows: (0, SUBTITLE_ROW), cols: None };
    sizing::print_setup(ws, &w, &titles)?;
    // One page wide whatever the program's own column widths, the chart beside the table
    // whole (the sheet has no page breaks of its own for a scale to keep).
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// The first row of the municipalities' table: below the nation's table and its chart.
fn municipalities_row(rounds: usize) -> u32 {
    TREND_HEADER_ROW + 1 + (rounds as u32).max(CHART_ROWS) + 2
}

/// Rows the chart takes beside the nation's table.
const CHART_ROWS: u32 = 16;

/// Each municipality that any round counted: its code, name and overall degree per round.
/// Returns the names written.
fn write_municipalities<'r>(
    ws: &mut Worksheet,
    round: &Round<'_>,
    data: &'r RoundData,
    labels: &[&str],
    f: &Formats,
) -> Result<Vec<&'r str>, XlsxError> {
    let lang = round.lang;
    let top = municipalities_row(labels.len());
    ws.write_string_with_format(top, 0, t("trend_municipalities", lang), &f.bold)?;
    let header = top + 1;
    ws.write_string_with_format(header, 0, t("agg_code", lang), &f.header)?;
    ws.write_string_with_format(header, 1, t("agg_name", lang), &f.header)?;
    for (i, label) in labels.iter().enumerate() {
        ws.write_string_with_format(header, 2 + i as u16, *label, &f.header)?;
    }
    let mut codes: Vec<&str> =
        data.history.iter().flat_map(|p| p.overall.iter().map(|(c, _)| c.as_str())).collect();
    codes.sort_unstable();
    codes.dedup();
    let register = Register::embedded();
    let mut names = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        let row = header + 1 + i as u32;
        ws.write_string(row, 0, *code)?;
        let name = register.get(code).map_or(*code, |m| m.name(lang));
        ws.write_string(row, 1, name)?;
        names.push(name);
        for (r, own) in trend::own(&data.history, code).iter().enumerate() {
            write_opt(ws, row, 2 + r as u16, own.and_then(|o| o.degree), &f.percent)?;
        }
    }
    ws.autofilter(header, 0, header + codes.len() as u32, 1 + labels.len() as u16)?;
    Ok(names)
}

/// The nation's mean degree and coverage per round, as lines.
fn chart(round: &Round<'_>, sheet: &str, columns: &[NationColumn], rounds: usize) -> Chart {
    let (first, last) = (TREND_HEADER_ROW + 1, TREND_HEADER_ROW + rounds as u32);
    let mut chart = Chart::new(ChartType::Line);
    for (c, column) in columns.iter().enumerate() {
        let wanted = matches!(column.measure, Measure::Degree | Measure::Coverage);
        if !wanted || column.key == "agg_median_degree" {
            continue;
        }
        let col = 2 + c as u16;
        chart
            .add_series()
            .set_categories((sheet, first, 0, last, 0))
            .set_values((sheet, first, col, last, col))
            .set_name(t(column.key, round.lang))
            .set_marker(rust_xlsxwriter::ChartMarker::new().set_type(ChartMarkerType::Circle));
    }
    chart.title().set_name(t("trend_chart", round.lang));
    chart.y_axis().set_min(0).set_max(1).set_num_format("0%");
    chart.legend().set_position(rust_xlsxwriter::ChartLegendPosition::Bottom);
    chart.set_width(CHART_WIDTH_PX).set_height(CHART_ROWS * 20);
    chart
}
