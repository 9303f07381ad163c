//! Per service the municipality's own answer (introduced, degree, usage) beside the
//! national share that introduced it and the national means, with a mark on the services
//! most others offer and it does not.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::layout::{
    COMMON_ELSEWHERE, FB_SERVICES_FIRST_ROW, FB_SERVICES_HEADER_ROW, FbServicesColumn, SUBTITLE_ROW,
};
use super::{Context, Formats, header_text, set_print, write_headers, write_opt, write_text};
use crate::texts::t;
use crate::xlsx::sizing;

pub(super) fn write(ws: &mut Worksheet, cx: &Context<'_>, f: &Formats) -> Result<(), XlsxError> {
    let lang = cx.lang;
    super::write_title(ws, cx, "fb_services_title", f)?;
    ws.write_string_with_format(SUBTITLE_ROW, 0, t("fb_services_subtitle", lang), &f.subtitle)?;
    write_headers(ws, FB_SERVICES_HEADER_ROW, FbServicesColumn::ALL, &header_text(lang), f)?;
    let mut row = FB_SERVICES_FIRST_ROW;
    let mut s = 0;
    for area in &cx.catalog.areas {
        for service in &area.services {
            let own = cx.entry.services[s];
            let national = cx.national.services[s];
            write_text(ws, row, FbServicesColumn::Area.col(), area.name.get(lang), &f.plain)?;
            write_text(ws, row, FbServicesColumn::Service.col(), service.name.get(lang), &f.plain)?;
            let introduced = match own.introduced {
                Some(true) => t("fb_yes", lang),
                Some(false) => t("fb_no", lang),
                None => "",
            };
            write_text(ws, row, FbServicesColumn::Introduced.col(), introduced, &f.plain)?;
            write_opt(ws, row, FbServicesColumn::Degree.col(), own.degree, &f.percent)?;
            write_opt(ws, row, FbServicesColumn::Usage.col(), own.usage, &f.percent)?;
            write_opt(
                ws,
                row,
                FbServicesColumn::ShareIntroduced.col(),
                national.share_introduced,
                &f.percent,
            )?;
            write_opt(
                ws,
                row,
                FbServicesColumn::MeanDegree.col(),
                national.mean_degree,
                &f.percent,
            )?;
            write_opt(ws, row, FbServicesColumn::MeanUsage.col(), national.mean_usage, &f.percent)?;
            if own.introduced != Some(true)
                && cx.catalog.has_adoption()
                && national.share_introduced.is_some_and(|x| x >= COMMON_ELSEWHERE)
            {
                write_text(
                    ws,
                    row,
                    FbServicesColumn::Note.col(),
                    t("fb_common_elsewhere", lang),
                    &f.mark,
                )?;
            }
            row += 1;
            s += 1;
        }
    }
    fit_texts(ws, cx)?;
    ws.set_freeze_panes(FB_SERVICES_FIRST_ROW, 0)?;
    if row > FB_SERVICES_FIRST_ROW {
        ws.autofilter(FB_SERVICES_HEADER_ROW, 0, row - 1, FbServicesColumn::count() - 1)?;
    }
    set_print(ws, FB_SERVICES_HEADER_ROW)
}

/// The text columns as wide as their longest text, so nothing runs past the table or is
/// cut by the next cell: the area and service names in the sheet's language and the mark.
fn fit_texts(ws: &mut Worksheet, cx: &Context<'_>) -> Result<(), XlsxError> {
    let lang = cx.lang;
    let widest = |texts: &mut dyn Iterator<Item = &str>, bold: bool| {
        texts.map(|s| sizing::text_width(s, bold)).fold(0.0, f64::max) + 1.0
    };
    let areas = widest(&mut cx.catalog.areas.iter().map(|a| a.name.get(lang)), false);
    let services = widest(
        &mut cx.catalog.areas.iter().flat_map(|a| &a.services).map(|s| s.name.get(lang)),
        false,
    );
    let mark = widest(&mut std::iter::once(t("fb_common_elsewhere", lang)), true);
    for (col, width) in [
        (FbServicesColumn::Area, areas),
        (FbServicesColumn::Service, services),
        (FbServicesColumn::Note, mark),
    ] {
        let header = sizing::header_width(t(col.key(), lang), col.width());
        ws.set_column_width(col.col(), header.max(width.min(TEXT_MAX)))?;
    }
    Ok(())
}

/// The widest a text column gets (a longer name is cut by the cell beside it).
const TEXT_MAX: f64 = 60.0;
