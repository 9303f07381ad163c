//! The reports of DESIGN §6 as serde structs: these types *are* the JSON contract of
//! `validate --format json`, `score --format json` and `aggregate --json`. Each report is
//! built once from the pipeline's results, serialised for programs and rendered to text
//! for people ([`text`]); the tests read the JSON back into the same types.

mod letter;
mod score_text;
pub mod text;

use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, Lang};
use crate::check::findings::{Finding, Severity};
use crate::check::{MunicipalityRef, Return, Status};
use crate::measures::{AreaScore, Measures, Scores};
use crate::round::Round;

/// One finding with its place, the message in the report's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FindingEntry {
    /// The stable kebab-case code (DESIGN §5).
    pub code: String,
    pub severity: Severity,
    pub sheet: Option<String>,
    pub cell: Option<String>,
    pub service: Option<String>,
    pub message: String,
}

impl FindingEntry {
    pub fn new(f: &Finding, lang: Lang) -> FindingEntry {
        FindingEntry {
            code: f.code.as_str().to_string(),
            severity: f.severity(),
            sheet: f.sheet.clone(),
            cell: f.cell.clone(),
            service: f.service.clone(),
            message: f.message(lang),
        }
    }
}

/// The errors of a return, and its warnings (information included), as entries.
fn entries(r: &Return, lang: Lang) -> (Vec<FindingEntry>, Vec<FindingEntry>) {
    let errors = r.errors().map(|f| FindingEntry::new(f, lang)).collect();
    let warnings = r.warnings().map(|f| FindingEntry::new(f, lang)).collect();
    (errors, warnings)
}

/// One file of a validation report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    pub path: String,
    pub status: Status,
    pub municipality: Option<MunicipalityRef>,
    pub errors: Vec<FindingEntry>,
    pub warnings: Vec<FindingEntry>,
}

impl FileReport {
    pub fn new(r: &Return, lang: Lang) -> FileReport {
        let (errors, warnings) = entries(r, lang);
        FileReport {
            path: r.path.display().to_string(),
            status: r.status,
            municipality: r.municipality.clone(),
            errors,
            warnings,
        }
    }
}

/// How many files ended in each status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub valid: usize,
    pub invalid: usize,
    pub unreadable: usize,
}

/// `validate --format json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValidateReport {
    pub files: Vec<FileReport>,
    pub totals: Totals,
}

impl ValidateReport {
    pub fn new(returns: &[Return], lang: Lang) -> ValidateReport {
        ValidateReport::from_files(returns.iter().map(|r| FileReport::new(r, lang)).collect())
    }

    /// A report of these files, with their totals.
    pub fn from_files(files: Vec<FileReport>) -> ValidateReport {
        let count = |s: Status| files.iter().filter(|f| f.status == s).count();
        let totals = Totals { valid: count(Status::Valid), invalid: count(Status::Invalid), unreadable: count(Status::Unreadable) };
        ValidateReport { files, totals }
    }
}

/// The catalog a report was made with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogRef {
    pub id: String,
    pub version: String,
}

impl CatalogRef {
    pub fn new(catalog: &Catalog) -> CatalogRef {
        CatalogRef { id: catalog.id.clone(), version: catalog.version.clone() }
    }
}

/// `score --format json`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ScoreReport {
    pub municipality: Option<MunicipalityRef>,
    pub catalog: CatalogRef,
    /// The workbook's language (`fi`, `sv`, `en`), when it says.
    pub language: Option<String>,
    pub overall: Measures,
    pub areas: Vec<AreaScore>,
    pub response_date: Option<String>,
    pub path: String,
}

impl ScoreReport {
    pub fn new(catalog: &Catalog, ret: &Return, scores: Scores) -> ScoreReport {
        ScoreReport {
            municipality: ret.municipality.clone(),
            catalog: CatalogRef::new(catalog),
            language: ret.language.map(|l| l.code().to_string()),
            overall: scores.overall,
            areas: scores.areas,
            response_date: ret.response_date.clone(),
            path: ret.path.display().to_string(),
        }
    }
}

/// One counted municipality of an aggregate report.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MunicipalityResult {
    pub code: String,
    pub name: String,
    pub path: String,
    pub response_date: Option<String>,
    pub overall: Measures,
    pub areas: Vec<AreaScore>,
}

/// Several valid returns of one municipality: the one counted and the others.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateEntry {
    pub code: String,
    pub kept: String,
    pub superseded: Vec<String>,
}

/// A file that did not enter the summary, with its errors.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RejectedEntry {
    pub path: String,
    pub status: Status,
    pub errors: Vec<FindingEntry>,
}

/// A service a municipality added in the blank rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AddedEntry {
    pub code: String,
    pub area: String,
    pub name: String,
    pub introduced: Option<bool>,
    /// Fraction 0..1.
    pub usage: Option<f64>,
    pub comment: Option<String>,
}

/// `aggregate --json`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AggregateReport {
    pub catalog: CatalogRef,
    pub municipalities: Vec<MunicipalityResult>,
    /// Codes of the expected municipalities without a counted return.
    pub missing: Vec<String>,
    pub duplicates: Vec<DuplicateEntry>,
    pub rejected: Vec<RejectedEntry>,
    pub added: Vec<AddedEntry>,
}

impl AggregateReport {
    pub fn new(round: &Round<'_>) -> AggregateReport {
        let path = |i: usize| round.returns[i].path.display().to_string();
        let municipalities = round
            .kept
            .iter()
            .map(|k| MunicipalityResult {
                code: k.code.clone(),
                name: k.name.clone(),
                path: path(k.index),
                response_date: round.returns[k.index].response_date.clone(),
                overall: k.scores.overall.clone(),
                areas: k.scores.areas.clone(),
            })
            .collect();
        let duplicates = round
            .duplicates
            .iter()
            .map(|d| DuplicateEntry { code: d.code.clone(), kept: path(d.kept), superseded: d.superseded.iter().map(|&i| path(i)).collect() })
            .collect();
        let rejected = round
            .rejected
            .iter()
            .map(|&i| {
                let r = &round.returns[i];
                RejectedEntry { path: path(i), status: r.status, errors: entries(r, round.lang).0 }
            })
            .collect();
        AggregateReport {
            catalog: CatalogRef::new(round.catalog),
            municipalities,
            missing: round.missing.iter().map(|(c, _, _)| c.clone()).collect(),
            duplicates,
            rejected,
            added: added_entries(round),
        }
    }
}

fn added_entries(round: &Round<'_>) -> Vec<AddedEntry> {
    round
        .kept
        .iter()
        .flat_map(|k| {
            round.returns[k.index].added.iter().map(move |a| AddedEntry {
                code: k.code.clone(),
                area: a.area.clone(),
                name: a.name.clone(),
                introduced: a.introduced,
                usage: a.usage.map(|u| u / 100.0),
                comment: a.comment.clone(),
            })
        })
        .collect()
}
