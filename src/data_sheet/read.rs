//! Reading the data sheet back: `--previous` takes the measures table (summaries written
//! before the other tables existed still serve), `digiaste feedback` the whole
//! [`RoundData`]. Both find the sheet and check its identity the same way.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::model::{Entry, Note, RoundData, RoundPoint};
use super::{
    DATA_AREA_COL, DATA_CODE_COL, DATA_HEADER_ROW, DATA_SHEET, DataRow, FindingField, HistoryField,
    IDENTITY_KEY_COL, IDENTITY_VALUE_COL, Identity, Measure, MunicipalityField, PreviousField,
    SUMMARY_FORMAT, ServiceField, ServiceRow, history_measure_col, previous_measure_col,
};
use crate::catalog::Catalog;
use crate::lang::Lang;
use crate::measures::Group;
use crate::read::{self, Book, ReadError, Sheet, Value};
use crate::texts::{Localized, tf};

/// Why a summary could not be read back. `Display` is the English; [`Localized`] tells it
/// in any language.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message(Lang::En))]
pub enum SummaryError {
    /// The file cannot be read at all.
    Unreadable {
        /// The file, as given.
        file: String,
        /// Why.
        reason: ReadError,
    },
    /// The file is no summary written by digiaste.
    NotASummary {
        /// The file, as given.
        file: String,
    },
    /// Written by an earlier digiaste, without the tables the feedback needs.
    Outdated {
        /// The file, as given.
        file: String,
    },
    /// Its catalog (`found`: id and version) is not the one given.
    OtherCatalog {
        /// The file, as given.
        file: String,
        /// The catalog the summary names, "id version".
        found: String,
        /// The catalog given, "id version".
        wanted: String,
    },
    /// A measure holds a number no digiaste summary can hold (a share outside 0–1, an
    /// infinity): the file was changed by hand or crafted.
    OutOfRange {
        /// The file, as given.
        file: String,
        /// The cell on the data sheet, such as `D12`.
        cell: String,
        /// The value as stored.
        value: String,
    },
    /// Its services or groups do not line up with the catalog it names.
    OtherServices {
        /// The file, as given.
        file: String,
        /// The catalog, "id version".
        catalog: String,
    },
}

impl Localized for SummaryError {
    fn message(&self, lang: Lang) -> String {
        match self {
            SummaryError::Unreadable { file, reason } => tf(
                "err_summary_unreadable",
                lang,
                &[("file", file), ("reason", &reason.message(lang))],
            ),
            SummaryError::NotASummary { file } => {
                tf("err_summary_not_summary", lang, &[("file", file)])
            }
            SummaryError::Outdated { file } => tf("err_summary_outdated", lang, &[("file", file)]),
            SummaryError::OtherCatalog { file, found, wanted } => tf(
                "err_summary_other_catalog",
                lang,
                &[("file", file), ("found", found), ("wanted", wanted)],
            ),
            SummaryError::OutOfRange { file, cell, value } => tf(
                "err_summary_out_of_range",
                lang,
                &[("file", file), ("cell", &format!("{DATA_SHEET}!{cell}")), ("value", value)],
            ),
            SummaryError::OtherServices { file, catalog } => {
                tf("err_summary_other_services", lang, &[("file", file), ("catalog", catalog)])
            }
        }
    }
}

impl SummaryError {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        Localized::message(self, lang)
    }
}

/// Measures of the earlier round, by (municipality code, area id or "" for overall).
pub struct Previous {
    /// The file as given, shown on the changes sheet.
    pub path: PathBuf,
    /// The catalog the earlier round used, to warn when it differs.
    pub catalog_id: String,
    /// The catalog's version.
    pub catalog_version: String,
    /// The earlier measures.
    pub values: HashMap<(String, String), DataRow>,
    /// The latest response date of its counted returns (YYYY-MM-DD), which dates the round;
    /// `None` for a summary that keeps no dates.
    pub date: Option<String>,
}

impl Previous {
    /// Every municipality's overall measures, by code.
    pub fn overall(&self) -> Vec<(String, DataRow)> {
        let mut overall: Vec<(String, DataRow)> = self
            .values
            .iter()
            .filter(|((_, area), _)| area.is_empty())
            .map(|((code, _), row)| (code.clone(), *row))
            .collect();
        overall.sort_by(|a, b| a.0.cmp(&b.0));
        overall
    }
}

/// Whether a workbook is a summary digiaste wrote: by its full identity (the data sheet
/// with the summary format's marker), never by a sheet's name alone.
pub fn is_summary(book: &Book) -> bool {
    book.sheet(DATA_SHEET).is_some_and(|s| identity(s, Identity::Format) == SUMMARY_FORMAT)
}

/// The data sheet of the summary at `path`, its identity checked.
fn open(path: &Path) -> Result<(Book, String), SummaryError> {
    let file = path.display().to_string();
    let book = read::read_path(path)
        .map_err(|reason| SummaryError::Unreadable { file: file.clone(), reason })?;
    if !is_summary(&book) {
        return Err(SummaryError::NotASummary { file });
    }
    check_ranges(sheet(&book), &file)?;
    Ok((book, file))
}

/// Whether a value read back is in its measure's range.
type InRange = fn(f64) -> bool;

/// The largest points a catalog can give one municipality's group.
const MAX_POINTS: f64 = 1e6;

/// Every measure read back is finite and in its range: shares 0–1, points 0–[`MAX_POINTS`],
/// the adoption 0 or 1. The first cell outside is the error.
fn check_ranges(sheet: &Sheet, file: &str) -> Result<(), SummaryError> {
    let mut columns: Vec<(u16, u16, InRange)> = Vec::new();
    for m in Measure::ALL {
        let ok: fn(f64) -> bool = match m {
            Measure::Points => |x| (0.0..=MAX_POINTS).contains(&x),
            _ => |x| (0.0..=1.0).contains(&x),
        };
        columns.push((DATA_CODE_COL, m.data_col(), ok));
        columns.push((PreviousField::Code.col(), previous_measure_col(m), ok));
        columns.push((HistoryField::Code.col(), history_measure_col(m), ok));
    }
    columns
        .push((ServiceField::Code.col(), ServiceField::Introduced.col(), |x| x == 0.0 || x == 1.0));
    columns
        .push((ServiceField::Code.col(), ServiceField::Degree.col(), |x| (0.0..=1.0).contains(&x)));
    columns
        .push((ServiceField::Code.col(), ServiceField::Usage.col(), |x| (0.0..=1.0).contains(&x)));
    columns.push((ServiceField::Code.col(), ServiceField::Points.col(), |x| {
        (0.0..=MAX_POINTS).contains(&x)
    }));
    for (key, col, ok) in columns {
        for (row, _) in rows(sheet, key) {
            if let Some(x) = number(sheet, row, col).filter(|&x| !ok(x)) {
                return Err(SummaryError::OutOfRange {
                    file: file.to_string(),
                    cell: crate::layout::cell_name(row, col),
                    value: read::format_number(x),
                });
            }
        }
    }
    Ok(())
}

fn sheet(book: &Book) -> &Sheet {
    book.sheet(DATA_SHEET).expect("open checked the data sheet")
}

/// Reads an earlier summary written by digiaste (or the same saved by a spreadsheet
/// program): its identity and the measures table.
pub fn read_previous(path: &Path) -> Result<Previous, SummaryError> {
    let (book, _) = open(path)?;
    let sheet = sheet(&book);
    Ok(Previous {
        path: path.to_path_buf(),
        catalog_id: identity(sheet, Identity::CatalogId),
        catalog_version: identity(sheet, Identity::CatalogVersion),
        values: data_rows(sheet),
        date: rows(sheet, MunicipalityField::Code.col())
            .into_iter()
            .map(|(r, _)| text(sheet, r, MunicipalityField::ResponseDate.col()))
            .filter(|d| crate::read::iso_to_serial(d).is_some())
            .max(),
    })
}

/// Reads the round's data back from a summary written by digiaste for `catalog`.
pub fn read_data(path: &Path, catalog: &Catalog) -> Result<RoundData, SummaryError> {
    let (book, file) = open(path)?;
    let sheet = sheet(&book);
    if text(sheet, DATA_HEADER_ROW, MunicipalityField::Code.col()) != MunicipalityField::Code.key()
    {
        return Err(SummaryError::Outdated { file });
    }
    let (id, version) =
        (identity(sheet, Identity::CatalogId), identity(sheet, Identity::CatalogVersion));
    let wanted = format!("{} {}", catalog.id, catalog.version);
    if id != catalog.id || version != catalog.version {
        return Err(SummaryError::OtherCatalog { file, found: format!("{id} {version}"), wanted });
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
            return Err(SummaryError::OtherServices { file, catalog: wanted });
        }
    }
    let previous = Some(identity(sheet, Identity::Previous)).filter(|p| !p.is_empty());
    let data = RoundData {
        catalog_id: id,
        catalog_version: version,
        previous,
        entries: read_entries(sheet, catalog),
        history: read_history(sheet),
    };
    if !data.fits(catalog) {
        return Err(SummaryError::OtherServices { file, catalog: wanted });
    }
    Ok(data)
}

fn text(sheet: &Sheet, row: u32, col: u16) -> String {
    sheet.get(row, col).map(|v| v.display()).unwrap_or_default()
}

/// The value of an identity key above the data header, found by its key; empty if absent.
fn identity(sheet: &Sheet, key: Identity) -> String {
    (0..DATA_HEADER_ROW)
        .find(|&row| text(sheet, row, IDENTITY_KEY_COL) == key.key())
        .map(|row| text(sheet, row, IDENTITY_VALUE_COL))
        .unwrap_or_default()
}

/// Every row of the measures table; rows without a municipality code are skipped.
fn data_rows(sheet: &Sheet) -> HashMap<(String, String), DataRow> {
    rows(sheet, DATA_CODE_COL)
        .into_iter()
        .map(|(r, code)| {
            let data = DataRow::from_fn(|m| number(sheet, r, m.data_col()));
            ((code, text(sheet, r, DATA_AREA_COL)), data)
        })
        .collect()
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

/// The table of the rounds, in the order written; empty for a summary without one.
fn read_history(sheet: &Sheet) -> Vec<RoundPoint> {
    let mut history: Vec<RoundPoint> = Vec::new();
    for (r, code) in rows(sheet, HistoryField::Code.col()) {
        let label = text(sheet, r, HistoryField::Round.col());
        if history
            .last()
            .is_none_or(|p| p.label != label || p.overall.iter().any(|(c, _)| *c == code))
        {
            history.push(RoundPoint { label, overall: Vec::new() });
        }
        let measures = DataRow::from_fn(|m| number(sheet, r, history_measure_col(m)));
        history.last_mut().expect("pushed").overall.push((code, measures));
    }
    history
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
