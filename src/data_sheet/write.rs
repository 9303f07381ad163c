//! Writing the data sheet: the identity on top, the measures table, and beside it the
//! tables of the round's data (`MunicipalityField`, `ServiceField`, `FindingField`,
//! `PreviousField`), all from one [`RoundData`].

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::model::{Entry, RoundData};
use super::{
    DATA_AREA_COL, DATA_CODE_COL, DATA_COLUMNS, DATA_HEADER_ROW, DATA_SHEET, FindingField,
    HistoryField, IDENTITY_KEY_COL, IDENTITY_VALUE_COL, Identity, Measure, MunicipalityField,
    PreviousField, SUMMARY_FORMAT, ServiceField, history_measure_col, previous_measure_col,
};
use crate::catalog::Catalog;
use crate::lang::Lang;
use crate::measures::Group;

/// Writes the hidden data sheet of a summary in `lang` from the round's data.
pub fn write(
    ws: &mut Worksheet,
    data: &RoundData,
    catalog: &Catalog,
    lang: Lang,
) -> Result<(), XlsxError> {
    ws.set_name(DATA_SHEET)?;
    let previous = data.previous.clone().unwrap_or_default();
    for key in Identity::ALL {
        let value = match key {
            Identity::Format => SUMMARY_FORMAT,
            Identity::CatalogId => &data.catalog_id,
            Identity::CatalogVersion => &data.catalog_version,
            Identity::Language => lang.code(),
            Identity::Previous => &previous,
        };
        ws.write_string(key.row(), IDENTITY_KEY_COL, key.key())?;
        text_cell(ws, key.row(), IDENTITY_VALUE_COL, value)?;
    }
    for (c, h) in DATA_COLUMNS.iter().enumerate() {
        ws.write_string(DATA_HEADER_ROW, c as u16, *h)?;
    }
    let groups = Group::all(catalog);
    let mut row = DATA_HEADER_ROW + 1;
    for e in &data.entries {
        for (group, measures) in groups.iter().zip(&e.groups) {
            ws.write_string(row, DATA_CODE_COL, &e.code)?;
            text_cell(ws, row, DATA_AREA_COL, group.data_key(catalog))?;
            for measure in Measure::ALL {
                opt(ws, row, measure.data_col(), measures.get(measure))?;
            }
            row += 1;
        }
    }
    write_tables(ws, data, catalog)?;
    write_history(ws, data)?;
    ws.set_hidden(true);
    Ok(())
}

/// Writes the tables of the round's data beside the measures, from `DATA_HEADER_ROW` down.
fn write_tables(ws: &mut Worksheet, round: &RoundData, catalog: &Catalog) -> Result<(), XlsxError> {
    let h = DATA_HEADER_ROW;
    for f in MunicipalityField::ALL {
        ws.write_string(h, f.col(), f.key())?;
    }
    for f in ServiceField::ALL {
        ws.write_string(h, f.col(), f.key())?;
    }
    for f in FindingField::ALL {
        ws.write_string(h, f.col(), f.key())?;
    }
    for f in PreviousField::ALL {
        ws.write_string(h, f.col(), f.key())?;
    }
    for m in Measure::ALL {
        ws.write_string(
            h,
            previous_measure_col(m),
            format!("p_{}", m.header_key().trim_start_matches("sum_")),
        )?;
    }
    let (mut service_row, mut finding_row, mut previous_row) = (h + 1, h + 1, h + 1);
    let ids: Vec<&str> =
        catalog.areas.iter().flat_map(|a| a.services.iter().map(|s| s.id.as_str())).collect();
    let groups = Group::all(catalog);
    for (i, e) in round.entries.iter().enumerate() {
        write_entry(ws, h + 1 + i as u32, e)?;
        for (s, answer) in e.services.iter().enumerate() {
            ws.write_string(service_row, ServiceField::Code.col(), &e.code)?;
            ws.write_string(
                service_row,
                ServiceField::Service.col(),
                ids.get(s).copied().unwrap_or(""),
            )?;
            opt(
                ws,
                service_row,
                ServiceField::Introduced.col(),
                answer.introduced.map(|b| if b { 1.0 } else { 0.0 }),
            )?;
            opt(ws, service_row, ServiceField::Degree.col(), answer.degree)?;
            opt(ws, service_row, ServiceField::Usage.col(), answer.usage)?;
            opt(ws, service_row, ServiceField::Points.col(), answer.points)?;
            service_row += 1;
        }
        for note in &e.findings {
            let texts = [
                &e.code,
                &note.code,
                &note.sheet,
                &note.cell,
                &note.messages[0],
                &note.messages[1],
                &note.messages[2],
            ];
            for (f, text) in FindingField::ALL.iter().zip(texts) {
                text_cell(ws, finding_row, f.col(), text)?;
            }
            finding_row += 1;
        }
        for (g, before) in e.previous.iter().enumerate() {
            let Some(before) = before else { continue };
            ws.write_string(previous_row, PreviousField::Code.col(), &e.code)?;
            text_cell(
                ws,
                previous_row,
                PreviousField::Area.col(),
                groups.get(g).map_or("", |g| g.data_key(catalog)),
            )?;
            for m in Measure::ALL {
                opt(ws, previous_row, previous_measure_col(m), before.get(m))?;
            }
            previous_row += 1;
        }
    }
    Ok(())
}

/// The table of the rounds: a row per round and municipality, the overall measures.
fn write_history(ws: &mut Worksheet, data: &RoundData) -> Result<(), XlsxError> {
    let h = DATA_HEADER_ROW;
    for f in HistoryField::ALL {
        ws.write_string(h, f.col(), f.key())?;
    }
    for m in Measure::ALL {
        let key = format!("h_{}", m.header_key().trim_start_matches("sum_"));
        ws.write_string(h, history_measure_col(m), key)?;
    }
    let mut row = h + 1;
    for point in &data.history {
        for (code, measures) in &point.overall {
            text_cell(ws, row, HistoryField::Round.col(), &point.label)?;
            ws.write_string(row, HistoryField::Code.col(), code)?;
            for m in Measure::ALL {
                opt(ws, row, history_measure_col(m), measures.get(m))?;
            }
            row += 1;
        }
    }
    Ok(())
}

fn write_entry(ws: &mut Worksheet, row: u32, e: &Entry) -> Result<(), XlsxError> {
    use MunicipalityField as M;
    let texts = [
        (M::Code, e.code.as_str()),
        (M::Name, &e.name),
        (M::RegionFi, &e.region_fi),
        (M::RegionSv, &e.region_sv),
        (M::Language, e.language.map_or("", Lang::code)),
        (M::File, &e.file),
        (M::ResponseDate, &e.response_date),
    ];
    for (f, text) in texts {
        text_cell(ws, row, f.col(), text)?;
    }
    text_cell(ws, row, M::Superseded.col(), &e.superseded.join("\n"))?;
    opt(ws, row, M::Population.col(), e.population.map(f64::from))
}

/// Text from a return, always as a text cell (never a formula), cut to what a cell holds
/// with a visible mark; nothing for empty text.
fn text_cell(ws: &mut Worksheet, row: u32, col: u16, text: &str) -> Result<(), XlsxError> {
    if !text.is_empty() {
        ws.write_string(row, col, crate::texts::cell_text(text))?;
    }
    Ok(())
}

fn opt(ws: &mut Worksheet, row: u32, col: u16, value: Option<f64>) -> Result<(), XlsxError> {
    if let Some(v) = value {
        ws.write_number(row, col, v)?;
    }
    Ok(())
}
