//! The hidden lists sheet: the workbook's identity (read back to know which catalog,
//! language and municipality a return answers), the dropdown options with their scores,
//! and the municipalities of the register ("Helsinki – 091").

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::{TOOL_VERSION, Template, protect};
use crate::layout;
use crate::register::Register;

/// Writes the hidden lists sheet.
pub(super) fn write(ws: &mut Worksheet, tpl: &Template) -> Result<(), XlsxError> {
    ws.set_name(layout::LISTS_SHEET)?;
    identity(ws, tpl)?;
    option_lists(ws, tpl)?;
    municipality_codes(ws, tpl)?;
    ws.set_hidden(true);
    protect(ws);
    Ok(())
}

/// One key–value row per `layout::IDENTITY_KEYS`.
fn identity(ws: &mut Worksheet, tpl: &Template) -> Result<(), XlsxError> {
    let catalog = tpl.catalog;
    for key in layout::IDENTITY_KEYS {
        let value = match key {
            "format" => layout::FORMAT.to_string(),
            "catalog_id" => catalog.id.clone(),
            "catalog_version" => catalog.version.clone(),
            "catalog_hash" => catalog.hash.clone(),
            "language" => tpl.lang.code().to_string(),
            "tool_version" => TOOL_VERSION.to_string(),
            "municipality_code" => tpl.municipality.map(|m| m.code.clone()).unwrap_or_default(),
            "prefilled_answers" => tpl.prefilled.clone().unwrap_or_default(),
            _ => unreachable!(),
        };
        let row = layout::identity_row(key);
        ws.write_string(row, 0, key)?;
        ws.write_string(row, 1, value)?;
    }
    Ok(())
}

/// The adoption options with whether each means introduced, and per stage the options with
/// score, whether scored, and points: the columns the formulas look answers up in.
fn option_lists(ws: &mut Worksheet, tpl: &Template) -> Result<(), XlsxError> {
    let (catalog, lang) = (tpl.catalog, tpl.lang);
    let first = layout::LIST_FIRST_ROW;
    ws.write_string(0, layout::ADOPTION_LIST_COL, "adoption")?;
    for (i, o) in catalog.adoption.iter().enumerate() {
        ws.write_string(first + i as u32, layout::ADOPTION_LIST_COL, o.label.get(lang))?;
        ws.write_number(
            first + i as u32,
            layout::ADOPTION_LIST_COL + 1,
            if o.introduced { 1 } else { 0 },
        )?;
    }
    for (k, stage) in catalog.stages.iter().enumerate() {
        let c = layout::stage_list_col(k);
        ws.write_string(0, c, &stage.id)?;
        for (i, o) in stage.options.iter().enumerate() {
            let row = first + i as u32;
            ws.write_string(row, c, o.label.get(lang))?;
            ws.write_number(row, c + 1, o.score.unwrap_or(0.0))?;
            ws.write_number(row, c + 2, if o.score.is_some() { 1 } else { 0 })?;
            ws.write_number(row, c + 3, o.points.unwrap_or(0.0))?;
        }
    }
    Ok(())
}

/// The register's municipalities as "Helsinki – 091", for the municipality dropdown of the
/// blank workbook.
fn municipality_codes(ws: &mut Worksheet, tpl: &Template) -> Result<(), XlsxError> {
    let c = layout::codes_list_col(tpl.catalog);
    ws.write_string(0, c, "municipality_code")?;
    for (i, m) in Register::embedded().municipalities.iter().enumerate() {
        ws.write_string(layout::LIST_FIRST_ROW + i as u32, c, m.choice_label(tpl.lang))?;
    }
    Ok(())
}
