//! National figures per service: the share of municipalities that introduced it, the
//! mean and median degree, the mean usage, and per stage the share choosing each option.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::{
    Formats, set_widths, sheet_name, titled_sheet, write_fixed_headers, write_group_header,
    write_opt,
};
use crate::catalog::{Area, Service};
use crate::data_sheet::ServiceRow;
use crate::measures::ServiceScore;
use crate::round::{Round, stats};
use crate::summary::layout::{
    OPTION_COLUMN_WIDTH, SERVICES_FIRST_ROW, SERVICES_FROZEN_COLS, SERVICES_GROUP_ROW,
    SERVICES_HEADER_HEIGHT, SERVICES_HEADER_ROW, SUBTITLE_ROW, ServicesColumn, Sheet,
    option_columns,
};
use crate::texts::t;

pub(super) fn write(ws: &mut Worksheet, round: &Round<'_>, f: &Formats) -> Result<(), XlsxError> {
    let lang = round.lang;
    titled_sheet(ws, sheet_name(Sheet::Services, lang), f)?;
    ws.write_string_with_format(SUBTITLE_ROW, 0, t("agg_stage_shares", lang), &f.subtitle)?;
    let option_cols = option_columns(round.catalog);
    write_headers(ws, round, &option_cols, f)?;
    let mut row = SERVICES_FIRST_ROW;
    for (a, area) in round.catalog.areas.iter().enumerate() {
        for (s, service) in area.services.iter().enumerate() {
            write_service(ws, row, round, Place { a, area, s, service }, &option_cols, f)?;
            row += 1;
        }
    }
    set_widths(ws, ServicesColumn::ALL)?;
    ws.set_row_height(SERVICES_HEADER_ROW, SERVICES_HEADER_HEIGHT)?;
    ws.set_freeze_panes(SERVICES_FIRST_ROW, SERVICES_FROZEN_COLS)?;
    if row > SERVICES_FIRST_ROW {
        let last_col =
            option_cols.iter().flatten().max().copied().unwrap_or(ServicesColumn::count() - 1);
        ws.autofilter(SERVICES_HEADER_ROW, 0, row - 1, last_col)?;
    }
    Ok(())
}

/// The fixed headers, then per stage its name over one column per option.
fn write_headers(
    ws: &mut Worksheet,
    round: &Round<'_>,
    option_cols: &[Vec<u16>],
    f: &Formats,
) -> Result<(), XlsxError> {
    let lang = round.lang;
    write_fixed_headers(
        ws,
        (SERVICES_GROUP_ROW, SERVICES_HEADER_ROW),
        ServicesColumn::ALL,
        lang,
        f,
    )?;
    let mut next = ServicesColumn::count();
    for (stage, cols) in round.catalog.stages.iter().zip(option_cols) {
        for (option, &col) in stage.options.iter().zip(cols) {
            ws.write_string_with_format(
                SERVICES_HEADER_ROW,
                col,
                option.label.get(lang),
                &f.header,
            )?;
            ws.set_column_width(col, OPTION_COLUMN_WIDTH)?;
        }
        write_group_header(
            ws,
            SERVICES_GROUP_ROW,
            next,
            cols.len() as u16,
            stage.name.get(lang),
            f,
        )?;
        next += cols.len() as u16;
    }
    Ok(())
}

/// A service and where it is in the catalog.
struct Place<'a> {
    a: usize,
    area: &'a Area,
    s: usize,
    service: &'a Service,
}

/// One service's row.
fn write_service(
    ws: &mut Worksheet,
    row: u32,
    round: &Round<'_>,
    at: Place<'_>,
    option_cols: &[Vec<u16>],
    f: &Formats,
) -> Result<(), XlsxError> {
    let lang = round.lang;
    ws.write_string(row, ServicesColumn::Area.col(), at.area.name.get(lang))?;
    ws.write_string(row, ServicesColumn::ServiceId.col(), &at.service.id)?;
    ws.write_string(row, ServicesColumn::Service.col(), at.service.name.get(lang))?;
    let scored: Vec<&ServiceScore> =
        round.kept.iter().map(|k| &k.scores.areas[at.a].services[at.s]).collect();
    let rows: Vec<ServiceRow> = scored.iter().map(|s| ServiceRow::from_score(s)).collect();
    let national = stats::service_figures(&rows);
    write_opt(
        ws,
        row,
        ServicesColumn::ShareIntroduced.col(),
        national.share_introduced,
        &f.percent,
    )?;
    write_opt(ws, row, ServicesColumn::MeanDegree.col(), national.mean_degree, &f.percent)?;
    write_opt(ws, row, ServicesColumn::MedianDegree.col(), national.median_degree, &f.percent)?;
    write_opt(ws, row, ServicesColumn::MeanUsage.col(), national.mean_usage, &f.percent)?;
    // Kept municipalities (by index) that introduced the service.
    let introduced: Vec<usize> =
        (0..scored.len()).filter(|&i| scored[i].introduced == Some(true)).collect();
    if introduced.is_empty() {
        return Ok(());
    }
    // Of those that introduced it, the share at each option of each of its stages.
    for &k in &at.service.stages {
        for (o, &col) in option_cols[k].iter().enumerate() {
            let count = introduced
                .iter()
                .filter(|&&i| {
                    round.returns[round.kept[i].index].answers[at.a][at.s].stages[k] == Some(o)
                })
                .count();
            ws.write_number_with_format(
                row,
                col,
                count as f64 / introduced.len() as f64,
                &f.percent,
            )?;
        }
    }
    Ok(())
}
