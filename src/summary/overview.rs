//! The overview: one row per municipality with its measures per area and overall, the
//! national mean and median below.

use rust_xlsxwriter::{ConditionalFormat3ColorScale, Format, Worksheet, XlsxError};

use super::{
    Formats, set_widths, sheet_name, write_fixed_headers, write_group_header, write_opt, write_text,
};
use crate::data_sheet::DataRow;
use crate::register::Register;
use crate::round::{Round, mean, median, stats};
use crate::summary::layout::{
    GroupedColumns, MEASURE_COLUMN_WIDTH, MeasureColumn, OVERVIEW_FIRST_ROW, OVERVIEW_FROZEN_COLS,
    OVERVIEW_GROUP_ROW, OVERVIEW_HEADER_HEIGHT, OVERVIEW_HEADER_ROW, OverviewColumn,
    OverviewDetail, SUBTITLE_ROW, Sheet, TITLE_ROW, overview_columns, overview_details,
};
use crate::texts::{counted, t, tf};

/// Writes the overview; returns its title and the line below it.
pub(super) fn write(
    ws: &mut Worksheet,
    round: &Round<'_>,
    today: &str,
    f: &Formats,
) -> Result<(String, String), XlsxError> {
    let cols = overview_columns(round.catalog);
    let titles = write_title(ws, round, today, f)?;
    write_headers(ws, round, &cols, f)?;
    let table = Table { round, national_points: national_points(round, &cols), cols: &cols, f };
    table.write_municipalities(ws)?;
    if !round.kept.is_empty() {
        table.write_national(ws)?;
    }
    set_view(ws, round, &cols)?;
    Ok(titles)
}

/// The size of a sheet's title (`formats::title`).
const TITLE_PT: f64 = 14.0;

/// The title and the line below it wrapped within the code and name columns, which every
/// printed page repeats, each row as high as its lines.
pub(super) fn fit_titles(
    ws: &mut Worksheet,
    (title, subtitle): &(String, String),
    lang: crate::lang::Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    use crate::summary::layout::print::column_width;
    use crate::xlsx::sizing::{BODY_PT, lines_height, wrapped_lines};
    let width: f64 = OverviewColumn::ALL.iter().map(|&c| column_width(c, lang)).sum();
    let last = OverviewColumn::Name.col();
    let rows = [
        (TITLE_ROW, title, &f.title, TITLE_PT, true),
        (SUBTITLE_ROW, subtitle, &f.subtitle, BODY_PT, false),
    ];
    for (row, text, format, pt, bold) in rows {
        let format = format.clone().set_text_wrap().set_align(rust_xlsxwriter::FormatAlign::Top);
        ws.merge_range(row, 0, row, last, text, &format)?;
        // A larger font takes more of the width per character.
        let lines = wrapped_lines(text, width * BODY_PT / pt, bold);
        ws.set_row_height(row, lines_height(lines, pt))?;
    }
    Ok(())
}

/// The sheet name, the title and what the summary was made from.
fn write_title(
    ws: &mut Worksheet,
    round: &Round<'_>,
    today: &str,
    f: &Formats,
) -> Result<(String, String), XlsxError> {
    let lang = round.lang;
    let catalog = round.catalog;
    ws.set_name(sheet_name(Sheet::Overview, lang))?;
    ws.write_string_with_format(TITLE_ROW, 0, t("agg_title", lang), &f.title)?;
    let generated = tf(
        "agg_generated",
        lang,
        &[
            ("date", today),
            ("catalog", &format!("{} {}", catalog.id, catalog.version)),
            ("valid", &counted("count_valid_returns", round.kept.len(), lang)),
            ("rejected", &counted("count_rejected", round.rejected.len(), lang)),
            ("missing", &counted("count_missing", round.missing.len(), lang)),
        ],
    );
    ws.write_string_with_format(SUBTITLE_ROW, 0, &generated, &f.subtitle)?;
    Ok((t("agg_title", lang).to_string(), generated))
}

/// The fixed column headers, then per group its name over its measure headers.
fn write_headers(
    ws: &mut Worksheet,
    round: &Round<'_>,
    cols: &GroupedColumns<MeasureColumn>,
    f: &Formats,
) -> Result<(), XlsxError> {
    let lang = round.lang;
    let rows = (OVERVIEW_GROUP_ROW, OVERVIEW_HEADER_ROW);
    write_fixed_headers(ws, rows, OverviewColumn::ALL, lang, f)?;
    write_fixed_headers(ws, rows, &overview_details(round.catalog), lang, f)?;
    for (g, group) in cols.groups.iter().enumerate() {
        write_group_header(
            ws,
            OVERVIEW_GROUP_ROW,
            cols.group_start(g),
            cols.width(),
            group.name(round.catalog, lang),
            f,
        )?;
        for (i, col) in cols.per_group.iter().enumerate() {
            ws.write_string_with_format(
                OVERVIEW_HEADER_ROW,
                cols.col(g, i),
                t(col.header_key(), lang),
                &f.header,
            )?;
        }
    }
    Ok(())
}

/// National mean points per group, for the "difference from the mean" columns.
fn national_points(round: &Round<'_>, cols: &GroupedColumns<MeasureColumn>) -> Vec<Option<f64>> {
    cols.groups
        .iter()
        .map(|group| {
            mean(
                &round
                    .kept
                    .iter()
                    .filter_map(|k| group.measures(&k.scores).points)
                    .collect::<Vec<_>>(),
            )
        })
        .collect()
}

/// What the overview's table is written from: one row per municipality, then the
/// national rows.
struct Table<'a> {
    round: &'a Round<'a>,
    cols: &'a GroupedColumns<MeasureColumn>,
    /// National mean points per group, for the "difference from the mean" columns.
    national_points: Vec<Option<f64>>,
    f: &'a Formats,
}

impl Table<'_> {
    /// One row per counted municipality: who, which file, completeness, and the measures.
    fn write_municipalities(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        let (round, cols, national_points, f) =
            (self.round, self.cols, &self.national_points, self.f);
        let lang = round.lang;
        let status_valid = t("report_status_valid", lang);
        for (i, k) in round.kept.iter().enumerate() {
            let row = OVERVIEW_FIRST_ROW + i as u32;
            let r = &round.returns[k.index];
            ws.write_string(row, OverviewColumn::Code.col(), &k.code)?;
            write_text(ws, row, OverviewColumn::Name.col(), k.name_in(lang))?;
            let region = Register::embedded().get(&k.code).map(|m| m.region(lang)).unwrap_or("");
            let col = |d: OverviewDetail| cols.last() + 1 + d.col();
            let file = r.path.display().to_string();
            let texts = [
                (OverviewDetail::Region, region),
                (OverviewDetail::File, file.as_str()),
                (OverviewDetail::Date, r.response_date.as_deref().unwrap_or("")),
                (OverviewDetail::Status, status_valid),
                (OverviewDetail::Respondent, r.respondent.as_deref().unwrap_or("")),
                (OverviewDetail::Email, r.respondent_email.as_deref().unwrap_or("")),
            ];
            for (d, text) in texts {
                write_text(ws, row, col(d), text)?;
            }
            write_opt(ws, row, col(OverviewDetail::Completeness), r.completeness(), &f.percent)?;
            if r.is_unchanged_prefill() {
                write_text(ws, row, col(OverviewDetail::Confirmed), t("agg_confirmed_yes", lang))?;
            }
            for (g, (group, &national)) in cols.groups.iter().zip(national_points).enumerate() {
                let m = group.measures(&k.scores);
                for (i, col) in cols.per_group.iter().enumerate() {
                    write_opt(
                        ws,
                        row,
                        cols.col(g, i),
                        col.value(m, national),
                        measure_format(*col, f, false),
                    )?;
                }
            }
        }
        Ok(())
    }

    /// National mean and median rows below the filtered table, a colour scale on each measure
    /// column and the autofilter.
    fn write_national(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        let (round, cols, national_points, f) =
            (self.round, self.cols, &self.national_points, self.f);
        let lang = round.lang;
        let last = OVERVIEW_FIRST_ROW + round.kept.len() as u32 - 1;
        let mean_row = last + 2;
        ws.write_string_with_format(
            mean_row,
            OverviewColumn::Name.col(),
            t("agg_mean", lang),
            &f.bold,
        )?;
        ws.write_string_with_format(
            mean_row + 1,
            OverviewColumn::Name.col(),
            t("agg_median", lang),
            &f.bold,
        )?;
        for (g, (group, &national)) in cols.groups.iter().zip(national_points).enumerate() {
            let rows: Vec<DataRow> = round
                .kept
                .iter()
                .map(|k| DataRow::from_measures(group.measures(&k.scores)))
                .collect();
            let figures = stats::figures(&rows);
            for (i, col) in cols.per_group.iter().enumerate() {
                let (m, md) = match col.measure() {
                    Some(measure) => (figures.mean.get(measure), figures.median.get(measure)),
                    None => {
                        let values: Vec<f64> = round
                            .kept
                            .iter()
                            .filter_map(|k| col.value(group.measures(&k.scores), national))
                            .collect();
                        (mean(&values), median(&values))
                    }
                };
                write_opt(ws, mean_row, cols.col(g, i), m, measure_format(*col, f, true))?;
                write_opt(ws, mean_row + 1, cols.col(g, i), md, measure_format(*col, f, true))?;
            }
        }
        for col in cols.first..=cols.last() {
            ws.add_conditional_format(
                OVERVIEW_FIRST_ROW,
                col,
                last,
                col,
                &ConditionalFormat3ColorScale::new(),
            )?;
        }
        let details = overview_details(round.catalog);
        let right = details.last().map_or(cols.last(), |d| d.at);
        ws.autofilter(OVERVIEW_HEADER_ROW, 0, last, right)?;
        Ok(())
    }
}

/// Frozen headers and names, and the declared column widths.
fn set_view(
    ws: &mut Worksheet,
    round: &Round<'_>,
    cols: &GroupedColumns<MeasureColumn>,
) -> Result<(), XlsxError> {
    ws.set_freeze_panes(OVERVIEW_FIRST_ROW, OVERVIEW_FROZEN_COLS)?;
    set_widths(ws, OverviewColumn::ALL)?;
    set_widths(ws, &overview_details(round.catalog))?;
    for c in cols.first..=cols.last() {
        ws.set_column_width(c, MEASURE_COLUMN_WIDTH)?;
    }
    ws.set_row_height(OVERVIEW_HEADER_ROW, OVERVIEW_HEADER_HEIGHT)?;
    // Printing, and the widths and heights the header texts need: `layout::print`.
    Ok(())
}

/// Points as plain numbers, the difference from the mean signed, the rest as percentages;
/// bold on the national rows.
fn measure_format(col: MeasureColumn, f: &Formats, bold: bool) -> &Format {
    match (col, bold) {
        (MeasureColumn::Points, false) => &f.number,
        (MeasureColumn::Points, true) => &f.bold_number,
        (MeasureColumn::PointsVsMean, _) => &f.points_change,
        (_, false) => &f.percent,
        (_, true) => &f.bold_percent,
    }
}
