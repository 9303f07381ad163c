//! Change since the earlier summary (`--previous`): per municipality and group the
//! difference in coverage and degree in percentage points ("+1,5 %-yks.") and in points; a
//! municipality new to the round is marked so.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::{
    Formats, set_widths, sheet_name, titled_sheet, write_fixed_headers, write_group_header,
    write_opt, write_text,
};
use crate::data_sheet::Previous;
use crate::data_sheet::{DataRow, Measure};
use crate::round::Round;
use crate::summary::layout::{
    CHANGES_FIRST_ROW, CHANGES_GROUP_ROW, CHANGES_HEADER_ROW, CHANGES_WARNING_ROW, ChangesColumn,
    GroupedColumns, SUBTITLE_ROW, Sheet, changes_columns,
};
use crate::texts::{t, tf};

pub(super) fn write(
    ws: &mut Worksheet,
    round: &Round<'_>,
    prev: &Previous,
    f: &Formats,
) -> Result<(), XlsxError> {
    titled_sheet(ws, sheet_name(Sheet::Changes, round.lang), f)?;
    write_source(ws, round, prev, f)?;
    let cols = changes_columns(round.catalog);
    write_headers(ws, round, &cols, f)?;
    write_municipalities(ws, round, prev, &cols, f)?;
    set_widths(ws, ChangesColumn::ALL)?;
    ws.set_freeze_panes(CHANGES_FIRST_ROW, ChangesColumn::count())?;
    Ok(())
}

/// Which summary the changes are from, and a warning if it used another catalog version.
fn write_source(
    ws: &mut Worksheet,
    round: &Round<'_>,
    prev: &Previous,
    f: &Formats,
) -> Result<(), XlsxError> {
    let lang = round.lang;
    let prev_catalog = format!("{} {}", prev.catalog_id, prev.catalog_version);
    let source = tf(
        "agg_previous",
        lang,
        &[("file", &prev.path.display().to_string()), ("catalog", &prev_catalog)],
    );
    ws.write_string_with_format(SUBTITLE_ROW, 0, source, &f.subtitle)?;
    if prev.catalog_id != round.catalog.id || prev.catalog_version != round.catalog.version {
        let warning = tf("agg_previous_version_warning", lang, &[("previous", &prev_catalog)]);
        ws.write_string_with_format(CHANGES_WARNING_ROW, 0, warning, &f.warning)?;
    }
    Ok(())
}

fn write_headers(
    ws: &mut Worksheet,
    round: &Round<'_>,
    cols: &GroupedColumns<Measure>,
    f: &Formats,
) -> Result<(), XlsxError> {
    let lang = round.lang;
    write_fixed_headers(ws, (CHANGES_GROUP_ROW, CHANGES_HEADER_ROW), ChangesColumn::ALL, lang, f)?;
    for (g, group) in cols.groups.iter().enumerate() {
        write_group_header(
            ws,
            CHANGES_GROUP_ROW,
            cols.group_start(g),
            cols.width(),
            group.name(round.catalog, lang),
            f,
        )?;
        for (i, measure) in cols.per_group.iter().enumerate() {
            ws.write_string_with_format(
                CHANGES_HEADER_ROW,
                cols.col(g, i),
                t(measure.header_key(), lang),
                &f.header,
            )?;
        }
    }
    Ok(())
}

/// One row per municipality; a group without earlier figures stays empty, and a
/// municipality without any is marked new to the round.
fn write_municipalities(
    ws: &mut Worksheet,
    round: &Round<'_>,
    prev: &Previous,
    cols: &GroupedColumns<Measure>,
    f: &Formats,
) -> Result<(), XlsxError> {
    for (i, k) in round.kept.iter().enumerate() {
        let row = CHANGES_FIRST_ROW + i as u32;
        ws.write_string(row, ChangesColumn::Code.col(), &k.code)?;
        write_text(ws, row, ChangesColumn::Name.col(), k.name_in(round.lang))?;
        let known = |g: &crate::measures::Group| {
            prev.values.contains_key(&(k.code.clone(), g.data_key(round.catalog).to_string()))
        };
        if !cols.groups.iter().any(known) {
            ws.write_string_with_format(row, cols.col(0, 0), t("changes_new", round.lang), &f.new)?;
            continue;
        }
        for (g, group) in cols.groups.iter().enumerate() {
            let Some(before) =
                prev.values.get(&(k.code.clone(), group.data_key(round.catalog).to_string()))
            else {
                continue;
            };
            let now = DataRow::from_measures(group.measures(&k.scores));
            for (j, &measure) in cols.per_group.iter().enumerate() {
                let delta = now.get(measure).zip(before.get(measure)).map(|(a, b)| a - b);
                // Shares in percentage points, points as they are.
                let (delta, fmt) = match measure {
                    Measure::Points => (delta, &f.points_change),
                    _ => (delta.map(|d| d * 100.0), &f.pp_change),
                };
                write_opt(ws, row, cols.col(g, j), delta, fmt)?;
            }
        }
    }
    Ok(())
}
