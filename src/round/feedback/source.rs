//! The feedback model on a summary's hidden data sheet: written beside the measures by the
//! summary writer, read back by `digiaste feedback SUMMARY.xlsx`. Where each value goes is
//! declared in `round::layout` (`MunicipalityField`, `ServiceField`, `FindingField`,
//! `PreviousField`).

use std::collections::HashMap;
use std::path::Path;

use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::catalog::Catalog;
use crate::lang::Lang;
use crate::measures::Group;
use crate::read::{self, Sheet, Value};
use crate::round::layout::{
    DATA_AREA_COL, DATA_CODE_COL, DATA_HEADER_ROW, DATA_SHEET, DataRow, FindingField,
    IDENTITY_KEY_COL, IDENTITY_VALUE_COL, Identity, Measure, MunicipalityField, PreviousField,
    SUMMARY_FORMAT, ServiceField, ServiceRow, previous_measure_col,
};

use super::model::{Entry, FeedbackRound, Note};

/// Writes the feedback tables beside the measures, from `DATA_HEADER_ROW` down.
pub fn write_tables(
    ws: &mut Worksheet,
    round: &FeedbackRound,
    catalog: &Catalog,
) -> Result<(), XlsxError> {
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

/// Reads the feedback model back from a summary written by digiaste for `catalog`.
pub fn read_summary(path: &Path, catalog: &Catalog) -> anyhow::Result<FeedbackRound> {
    let book = read::read_path(path)
        .map_err(|e| anyhow::anyhow!("cannot read the summary {}: {e}", path.display()))?;
    let sheet = book.sheet(DATA_SHEET).ok_or_else(|| {
        anyhow::anyhow!(
            "{} is not a summary written by digiaste (no {DATA_SHEET} sheet)",
            path.display()
        )
    })?;
    let identity = |key: Identity| {
        (0..DATA_HEADER_ROW)
            .find(|&row| text(sheet, row, IDENTITY_KEY_COL) == key.key())
            .map(|row| text(sheet, row, IDENTITY_VALUE_COL))
            .unwrap_or_default()
    };
    if identity(Identity::Format) != SUMMARY_FORMAT {
        anyhow::bail!("{} is not a summary written by digiaste", path.display());
    }
    if text(sheet, DATA_HEADER_ROW, MunicipalityField::Code.col()) != MunicipalityField::Code.key()
    {
        anyhow::bail!(
            "{}: this summary was written by an earlier digiaste and does not hold what the feedback needs; aggregate the round again",
            path.display()
        );
    }
    let (id, version) = (identity(Identity::CatalogId), identity(Identity::CatalogVersion));
    if id != catalog.id || version != catalog.version {
        anyhow::bail!(
            "{}: the summary is of catalog {id} {version}, not {} {}; give its catalog with --catalog",
            path.display(),
            catalog.id,
            catalog.version
        );
    }
    // The answers are kept in catalog order: the services must be this catalog's.
    let ids: Vec<String> =
        catalog.areas.iter().flat_map(|a| a.services.iter().map(|s| s.id.clone())).collect();
    if let Some((_, first)) = rows(sheet, ServiceField::Code.col()).first() {
        let stored: Vec<String> = rows(sheet, ServiceField::Code.col())
            .iter()
            .filter(|(_, c)| c == first)
            .map(|&(r, _)| text(sheet, r, ServiceField::Service.col()))
            .collect();
        if stored != ids {
            anyhow::bail!(
                "{}: its services are not those of catalog {} {}",
                path.display(),
                catalog.id,
                catalog.version
            );
        }
    }
    let previous = Some(identity(Identity::Previous)).filter(|p| !p.is_empty());
    let round = FeedbackRound {
        catalog_id: id,
        catalog_version: version,
        previous,
        entries: read_entries(sheet, catalog),
    };
    if !round.fits(catalog) {
        anyhow::bail!(
            "{}: its data sheet does not match catalog {} {}",
            path.display(),
            catalog.id,
            catalog.version
        );
    }
    Ok(round)
}

fn text(sheet: &Sheet, row: u32, col: u16) -> String {
    sheet.get(row, col).map(|v| v.display()).unwrap_or_default()
}

fn number(sheet: &Sheet, row: u32, col: u16) -> Option<f64> {
    match sheet.get(row, col) {
        Some(Value::Number(n)) | Some(Value::Percent(n)) => Some(*n),
        _ => None,
    }
}

/// Rows below the header whose column `col` holds a municipality code, with the code.
fn rows(sheet: &Sheet, col: u16) -> Vec<(u32, String)> {
    let last = sheet.cells.keys().map(|(r, _)| *r).max().unwrap_or(0);
    (DATA_HEADER_ROW + 1..=last)
        .map(|r| (r, text(sheet, r, col)))
        .filter(|(_, c)| !c.is_empty())
        .collect()
}

fn read_entries(sheet: &Sheet, catalog: &Catalog) -> Vec<Entry> {
    let groups = Group::all(catalog);
    let keys: Vec<&str> = groups.iter().map(|g| g.data_key(catalog)).collect();
    let measures =
        |row: u32, col: &dyn Fn(Measure) -> u16| DataRow::from_fn(|m| number(sheet, row, col(m)));
    let mut current: HashMap<(String, String), DataRow> = HashMap::new();
    for (r, code) in rows(sheet, DATA_CODE_COL) {
        current.insert((code, text(sheet, r, DATA_AREA_COL)), measures(r, &|m| m.data_col()));
    }
    let mut earlier: HashMap<(String, String), DataRow> = HashMap::new();
    for (r, code) in rows(sheet, PreviousField::Code.col()) {
        earlier.insert(
            (code, text(sheet, r, PreviousField::Area.col())),
            measures(r, &previous_measure_col),
        );
    }
    let mut services: HashMap<String, Vec<ServiceRow>> = HashMap::new();
    for (r, code) in rows(sheet, ServiceField::Code.col()) {
        services.entry(code).or_default().push(ServiceRow {
            introduced: number(sheet, r, ServiceField::Introduced.col()).map(|v| v != 0.0),
            degree: number(sheet, r, ServiceField::Degree.col()),
            usage: number(sheet, r, ServiceField::Usage.col()),
            points: number(sheet, r, ServiceField::Points.col()),
        });
    }
    let mut findings: HashMap<String, Vec<Note>> = HashMap::new();
    for (r, code) in rows(sheet, FindingField::Code.col()) {
        let t = |f: FindingField| text(sheet, r, f.col());
        findings.entry(code).or_default().push(Note {
            code: t(FindingField::Finding),
            sheet: t(FindingField::Sheet),
            cell: t(FindingField::Cell),
            messages: [
                t(FindingField::MessageFi),
                t(FindingField::MessageSv),
                t(FindingField::MessageEn),
            ],
        });
    }
    rows(sheet, MunicipalityField::Code.col())
        .into_iter()
        .map(|(r, code)| {
            let t = |f: MunicipalityField| text(sheet, r, f.col());
            let superseded = t(MunicipalityField::Superseded);
            let key = |k: &&str| (code.clone(), k.to_string());
            Entry {
                name: t(MunicipalityField::Name),
                region_fi: t(MunicipalityField::RegionFi),
                region_sv: t(MunicipalityField::RegionSv),
                population: number(sheet, r, MunicipalityField::Population.col()).map(|p| p as u32),
                language: Lang::from_code(&t(MunicipalityField::Language)),
                file: t(MunicipalityField::File),
                response_date: t(MunicipalityField::ResponseDate),
                superseded: superseded
                    .lines()
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect(),
                groups: keys
                    .iter()
                    .map(|k| current.get(&key(k)).copied().unwrap_or_default())
                    .collect(),
                services: services.remove(&code).unwrap_or_default(),
                findings: findings.remove(&code).unwrap_or_default(),
                previous: keys.iter().map(|k| earlier.get(&key(k)).copied()).collect(),
                code,
            }
        })
        .collect()
}
