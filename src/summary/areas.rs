//! One matrix per catalog area: municipality × service, each service's degree (or points
//! for indicator catalogs).

use rust_xlsxwriter::{ConditionalFormat3ColorScale, Worksheet, XlsxError};

use super::{Formats, set_widths, titled_sheet, write_headers, write_opt, write_text};
use crate::round::Round;
use crate::summary::layout::{
    AREA_FIRST_ROW, AREA_ID_ROW, AREA_NAME_HEIGHT, AREA_NAME_ROW, AREA_SERVICE_WIDTH, AreaColumn,
    SUBTITLE_ROW, area_service_col, area_sheet_name,
};
use crate::texts::t;

/// The matrix of the `a`-th area.
pub(super) fn write(
    ws: &mut Worksheet,
    round: &Round<'_>,
    a: usize,
    f: &Formats,
) -> Result<(), XlsxError> {
    let lang = round.lang;
    let area = &round.catalog.areas[a];
    titled_sheet(ws, area_sheet_name(round.catalog, a, lang), f)?;
    // Indicator catalogs show each item's points, the others each service's degree.
    let points = round.catalog.has_points();
    ws.write_string_with_format(
        SUBTITLE_ROW,
        0,
        t(if points { "col_points" } else { "col_degree" }, lang),
        &f.subtitle,
    )?;
    write_headers(ws, AREA_NAME_ROW, AreaColumn::ALL, lang, f)?;
    for col in AreaColumn::ALL {
        ws.write_string_with_format(AREA_ID_ROW, col.col(), "", &f.header)?;
    }
    for (s, svc) in area.services.iter().enumerate() {
        ws.write_string_with_format(
            AREA_NAME_ROW,
            area_service_col(s),
            svc.name.get(lang),
            &f.header,
        )?;
        ws.write_string_with_format(AREA_ID_ROW, area_service_col(s), &svc.id, &f.header)?;
        ws.set_column_width(area_service_col(s), AREA_SERVICE_WIDTH)?;
    }
    for (i, k) in round.kept.iter().enumerate() {
        let row = AREA_FIRST_ROW + i as u32;
        ws.write_string(row, AreaColumn::Code.col(), &k.code)?;
        write_text(ws, row, AreaColumn::Name.col(), k.name_in(lang))?;
        for (s, svc) in k.scores.areas[a].services.iter().enumerate() {
            // Empty = not introduced (or not answered).
            if points {
                write_opt(ws, row, area_service_col(s), svc.points, &f.number)?;
            } else {
                write_opt(ws, row, area_service_col(s), svc.degree, &f.percent)?;
            }
        }
    }
    let n = round.kept.len() as u32;
    if n > 0 && !area.services.is_empty() {
        let (first_col, last_col) =
            (area_service_col(0), area_service_col(area.services.len() - 1));
        let last = AREA_FIRST_ROW + n - 1;
        ws.add_conditional_format(
            AREA_FIRST_ROW,
            first_col,
            last,
            last_col,
            &ConditionalFormat3ColorScale::new(),
        )?;
        ws.autofilter(AREA_ID_ROW, 0, last, last_col)?;
    }
    ws.set_row_height(AREA_NAME_ROW, AREA_NAME_HEIGHT)?;
    set_widths(ws, AreaColumn::ALL)?;
    ws.set_freeze_panes(AREA_FIRST_ROW, AreaColumn::count())?;
    Ok(())
}
