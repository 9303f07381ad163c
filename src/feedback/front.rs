//! The front sheet: per area and overall, each measure of the municipality beside the
//! national mean and median, its region's and size class's means (when those have enough
//! municipalities), its rank, and with an earlier round its change beside the national one;
//! below, a chart of its degree per area against the national mean.

use rust_xlsxwriter::{Chart, ChartLegendPosition, ChartType, Worksheet, XlsxError};

use super::compare::{self, MIN_PEERS};
use super::layout::{
    FRONT_CHART_COL, FRONT_CHART_GAP, FRONT_CHART_SIZE, FRONT_FIRST_ROW, FRONT_HEADER_ROW,
    FRONT_NOTE_ROW, FRONT_ROUND_ROW, FrontColumn, SUBTITLE_ROW,
};
use super::{Context, Formats, set_print, write_change, write_headers, write_opt, write_text};
use crate::data_sheet::Measure;
use crate::feedback::layout::FeedbackSheet;
use crate::lang::Lang;
use crate::measures::Group;
use crate::round::stats::Figures;
use crate::summary::layout::MeasureColumn;
use crate::texts::{t, tf, tn};
use crate::xlsx::sizing;

/// The measures shown for this catalog, in overview order.
fn shown_measures(cx: &Context<'_>) -> Vec<Measure> {
    MeasureColumn::for_catalog(cx.catalog).into_iter().filter_map(MeasureColumn::measure).collect()
}

pub(super) fn write(ws: &mut Worksheet, cx: &Context<'_>, f: &Formats) -> Result<(), XlsxError> {
    let region = compare::region_figures(cx.round, cx.entry);
    let size = compare::size_figures(cx.round, cx.entry);
    super::write_title(ws, cx, "fb_title", f)?;
    write_intro(ws, cx, f)?;
    let columns: &[FrontColumn] = if cx.round.previous.is_some() {
        FrontColumn::ALL
    } else {
        &FrontColumn::ALL[..FrontColumn::Change as usize]
    };
    let class = cx.entry.size_class().map_or("–", |c| t(c.name_key(), cx.lang));
    let header = |c: FrontColumn| match c {
        FrontColumn::RegionMean => {
            peer_header(cx, "fb_region_mean", cx.entry.region(cx.lang), &region)
        }
        FrontColumn::SizeMean => peer_header(cx, "fb_size_mean", class, &size),
        _ => t(c.key(), cx.lang).to_string(),
    };
    let mut widths = write_headers(ws, FRONT_HEADER_ROW, columns, &header, f)?;
    let mut row = FRONT_FIRST_ROW;
    for (g, group) in Group::all(cx.catalog).into_iter().enumerate() {
        for (i, &measure) in shown_measures(cx).iter().enumerate() {
            if i == 0 {
                write_text(
                    ws,
                    row,
                    FrontColumn::Group.col(),
                    group.name(cx.catalog, cx.lang),
                    &f.bold,
                )?;
            }
            write_row(ws, row, cx, (g, measure), (&region[g], &size[g]), f)?;
            row += 1;
        }
    }
    ws.set_freeze_panes(FRONT_FIRST_ROW, 0)?;
    // The chart and its table on a page of their own.
    let chart_top = row + FRONT_CHART_GAP;
    ws.set_page_breaks(&[chart_top])?;
    write_chart(ws, cx, (chart_top, &mut widths), f)?;
    set_print(ws, FRONT_HEADER_ROW)
}

/// What the round was and how comparisons are made.
fn write_intro(ws: &mut Worksheet, cx: &Context<'_>, f: &Formats) -> Result<(), XlsxError> {
    let catalog = format!("{} {}", cx.round.catalog_id, cx.round.catalog_version);
    let subtitle =
        tf("fb_subtitle", cx.lang, &[("catalog", &catalog), ("date", &cx.entry.response_date)]);
    ws.write_string_with_format(SUBTITLE_ROW, 0, subtitle, &f.subtitle)?;
    let min = MIN_PEERS.to_string();
    ws.write_string_with_format(
        FRONT_NOTE_ROW,
        0,
        tn("fb_note", cx.round.entries.len(), cx.lang, &[("min", &min)]),
        &f.subtitle,
    )?;
    if let Some(line) = round_line(cx) {
        ws.write_string_with_format(FRONT_ROUND_ROW, 0, line, &f.subtitle)?;
    }
    Ok(())
}

/// The round (`--round`): its name, the deadline and whom to ask, on one line; `None`
/// when the round file gives none of them.
fn round_line(cx: &Context<'_>) -> Option<String> {
    let settings = cx.settings?;
    let lang = cx.lang;
    let mut parts: Vec<String> = settings.name(lang).map(str::to_string).into_iter().collect();
    if let Some(d) = settings.deadline {
        parts.push(tf("fb_round_deadline", lang, &[("date", &d.display(lang))]));
    }
    if let Some(c) = &settings.contact {
        parts.push(tf("round_contact", lang, &[("name", &c.name), ("email", &c.email)]));
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// The header of a peer group's column: its name and size, or why it shows no mean.
fn peer_header(cx: &Context<'_>, key: &'static str, name: &str, figures: &[Figures]) -> String {
    let count = figures.first().map_or(0, |f| f.count);
    let header = tf(
        key,
        cx.lang,
        &[("group", if name.is_empty() { "–" } else { name }), ("n", &count.to_string())],
    );
    if count < MIN_PEERS { format!("{header}\n{}", t("fb_too_few", cx.lang)) } else { header }
}

/// One measure of one group.
fn write_row(
    ws: &mut Worksheet,
    row: u32,
    cx: &Context<'_>,
    at: (usize, Measure),
    peers: (&Figures, &Figures),
    f: &Formats,
) -> Result<(), XlsxError> {
    let (g, measure) = at;
    let fmt = if measure == Measure::Points { &f.number } else { &f.percent };
    let national = &cx.national.groups[g];
    write_text(ws, row, FrontColumn::Measure.col(), t(measure.header_key(), cx.lang), &f.plain)?;
    let own_fmt = if measure == Measure::Points { &f.number } else { &f.bold_percent };
    write_opt(ws, row, FrontColumn::Own.col(), cx.entry.groups[g].get(measure), own_fmt)?;
    write_opt(ws, row, FrontColumn::NationalMean.col(), national.mean.get(measure), fmt)?;
    write_opt(ws, row, FrontColumn::NationalMedian.col(), national.median.get(measure), fmt)?;
    write_opt(ws, row, FrontColumn::RegionMean.col(), compare::shown_mean(peers.0, measure), fmt)?;
    write_opt(ws, row, FrontColumn::SizeMean.col(), compare::shown_mean(peers.1, measure), fmt)?;
    if let Some((rank, of)) = compare::rank(cx.round, cx.entry, g, measure) {
        let text =
            tf("fb_rank_of", cx.lang, &[("rank", &rank.to_string()), ("n", &of.to_string())]);
        ws.write_string_with_format(row, FrontColumn::Rank.col(), text, &f.center)?;
    }
    if cx.round.previous.is_some() {
        let change_fmt = if measure == Measure::Points { (&f.number, 2) } else { (&f.change, 3) };
        write_change(
            ws,
            row,
            FrontColumn::Change.col(),
            compare::change(cx.entry, g).and_then(|c| c.get(measure)),
            change_fmt,
        )?;
        write_change(
            ws,
            row,
            FrontColumn::NationalChange.col(),
            cx.national.change[g].and_then(|c| c.get(measure)),
            change_fmt,
        )?;
    }
    Ok(())
}

/// Its degree per area against the national mean: a small table and a column chart beside it.
fn write_chart(
    ws: &mut Worksheet,
    cx: &Context<'_>,
    (top, widths): (u32, &mut sizing::Widths),
    f: &Formats,
) -> Result<(), XlsxError> {
    let lang: Lang = cx.lang;
    let headers = ["sum_area", "fb_own_degree", "fb_national_mean_degree"];
    let texts: Vec<(u16, String)> =
        headers.iter().enumerate().map(|(c, key)| (c as u16, t(key, lang).to_string())).collect();
    for (c, text) in &texts {
        ws.write_string_with_format(top, *c, text, &f.header)?;
        // The columns of the front table: widened if a word of this header is longer.
        let width = widths.get(*c).unwrap_or(8.43);
        widths.set(ws, *c, sizing::header_width(text, width))?;
    }
    ws.set_row_height(top, sizing::header_height(widths, &texts))?;
    for (a, area) in cx.catalog.areas.iter().enumerate() {
        let row = top + 1 + a as u32;
        write_text(ws, row, 0, area.name.get(lang), &f.plain)?;
        write_opt(ws, row, 1, cx.entry.groups[a].degree, &f.percent)?;
        write_opt(ws, row, 2, cx.national.groups[a].mean.degree, &f.percent)?;
    }
    if cx.catalog.areas.is_empty() {
        return Ok(());
    }
    let last = top + cx.catalog.areas.len() as u32;
    let sheet = t(FeedbackSheet::Front.name_key(), lang);
    let mut chart = Chart::new(ChartType::Bar);
    for col in [1u16, 2] {
        chart
            .add_series()
            .set_categories((sheet, top + 1, 0, last, 0))
            .set_values((sheet, top + 1, col, last, col))
            .set_name((sheet, top, col));
    }
    chart.title().set_name(t("fb_chart_title", lang));
    // A bar chart: areas down the vertical axis (in catalog order), degrees across.
    chart.x_axis().set_min(0).set_max(1).set_num_format("0%");
    chart.y_axis().set_reverse();
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart.set_width(FRONT_CHART_SIZE.0).set_height(FRONT_CHART_SIZE.1);
    ws.insert_chart(top + 1, FRONT_CHART_COL, &chart)?;
    write_map(ws, cx, last + 2, f)
}

/// Pixels the feedback's map is drawn at (twice what it is shown at, to print sharp).
const MAP_PX: u32 = 360;

/// The country under the chart's table: every municipality in the colour of its overall
/// degree, this one outlined and its region's borders drawn strong; the attribution below.
fn write_map(ws: &mut Worksheet, cx: &Context<'_>, top: u32, f: &Formats) -> Result<(), XlsxError> {
    use crate::map::{MapSpec, attribution, png};
    let lang = cx.lang;
    let values: std::collections::HashMap<String, Option<f64>> = cx
        .round
        .entries
        .iter()
        .map(|e| (e.code.clone(), e.groups.last().and_then(|g| g.degree)))
        .collect();
    let spec = MapSpec {
        values: &values,
        lang,
        title: None,
        highlight: Some(&cx.entry.code),
        legend: false,
    };
    let bytes = png(&spec, MAP_PX).map_err(|e| XlsxError::ParameterError(e.to_string()))?;
    let name = cx.entry.display_name(lang);
    write_text(ws, top, 0, &tf("fb_map", lang, &[("name", &name)]), &f.bold)?;
    let image = rust_xlsxwriter::Image::new_from_buffer(&bytes)?;
    let scale = 0.5;
    let rows = (image.height() * scale * 0.75 / 15.0).ceil() as u32;
    let alt = tf("fb_map_alt", lang, &[("name", &name)]);
    let image = image.set_scale_width(scale).set_scale_height(scale).set_alt_text(alt);
    ws.insert_image(top + 1, 0, &image)?;
    let small = rust_xlsxwriter::Format::new().set_font_size(9).set_italic();
    ws.write_string_with_format(top + 2 + rows, 0, attribution(lang), &small)?;
    Ok(())
}
