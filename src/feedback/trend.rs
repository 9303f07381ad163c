//! The trend (when the summary was made with earlier summaries, `--previous`): per round
//! the municipality's own overall degree and coverage beside the nation's mean, and its
//! own line beside the nation's in a chart. The figures are `round::trend`'s, as the
//! summary's trend sheet.

use rust_xlsxwriter::{
    Chart, ChartLegendPosition, ChartMarker, ChartMarkerType, ChartType, Worksheet, XlsxError,
};

use super::{Context, Formats, set_print, write_opt};
use crate::data_sheet::Measure;
use crate::round::trend;
use crate::texts::{t, tf};
use crate::xlsx::sizing::longest_word;

/// Row of the table's header.
const HEADER_ROW: u32 = 2;

/// The table's columns after the round: the texts key of the header, whose figure, which
/// measure.
const COLUMNS: [(&str, bool, Measure); 4] = [
    ("fb_trend_own_degree", true, Measure::Degree),
    ("fb_national_mean_degree", false, Measure::Degree),
    ("fb_trend_own_coverage", true, Measure::Coverage),
    ("fb_trend_national_coverage", false, Measure::Coverage),
];

pub(super) fn write(ws: &mut Worksheet, cx: &Context<'_>, f: &Formats) -> Result<(), XlsxError> {
    let lang = cx.lang;
    super::write_title(ws, cx, "fb_trend_title", f)?;
    let history = &cx.round.history;
    let nation = trend::national(history);
    let own = trend::own(history, &cx.entry.code);
    ws.write_string_with_format(HEADER_ROW, 0, t("trend_round", lang), &f.header)?;
    ws.set_column_width(0, 14.0)?;
    for (c, (key, _, _)) in COLUMNS.iter().enumerate() {
        let text = t(key, lang);
        let col = 1 + c as u16;
        ws.write_string_with_format(HEADER_ROW, col, text, &f.header)?;
        ws.set_column_width(col, (longest_word(text, true) + 2.0).max(16.0))?;
    }
    ws.set_row_height(HEADER_ROW, 45.0)?;
    for (i, (point, own)) in nation.iter().zip(&own).enumerate() {
        let row = HEADER_ROW + 1 + i as u32;
        ws.write_string(row, 0, trend::label(&point.label, lang))?;
        for (c, &(_, is_own, measure)) in COLUMNS.iter().enumerate() {
            let value = if is_own {
                own.and_then(|o| o.get(measure))
            } else {
                point.figures.mean.get(measure)
            };
            write_opt(ws, row, 1 + c as u16, value, &f.percent)?;
        }
    }
    let last = HEADER_ROW + nation.len() as u32;
    if own.iter().any(Option::is_none) {
        let note = tf("fb_trend_not_counted", lang, &[("name", &cx.entry.display_name(lang))]);
        ws.write_string_with_format(last + 1, 0, note, &f.subtitle)?;
    }
    let sheet = t("fb_sheet_trend", lang);
    let mut chart = Chart::new(ChartType::Line);
    for (c, (key, _, measure)) in COLUMNS.iter().enumerate() {
        if *measure != Measure::Degree {
            continue;
        }
        let col = 1 + c as u16;
        chart
            .add_series()
            .set_categories((sheet, HEADER_ROW + 1, 0, last, 0))
            .set_values((sheet, HEADER_ROW + 1, col, last, col))
            .set_name(t(key, lang))
            .set_marker(ChartMarker::new().set_type(ChartMarkerType::Circle));
    }
    chart.title().set_name(t("fb_trend_chart", lang));
    chart.y_axis().set_min(0).set_max(1).set_num_format("0%");
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart.set_width(560).set_height(300);
    ws.insert_chart(last + 3, 0, &chart)?;
    set_print(ws, HEADER_ROW)?;
    Ok(())
}
