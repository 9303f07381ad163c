//! The reports of docs/json.md as serde structs: these types *are* the JSON contract of
//! `validate --format json`, `score --format json` and `aggregate --json`. Each report is
//! built once from the pipeline's results, serialised for programs and rendered to text
//! for people ([`text`]); the tests read the JSON back into the same types.

pub mod glance;
pub mod letter;
pub mod letters;
pub mod receipt;
pub mod schema;
mod score_text;
pub mod text;
mod wrap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use crate::check::findings::{Finding, Severity};
use crate::check::{MunicipalityRef, Return, Status};
use crate::lang::Lang;
use crate::measures::{AreaScore, Measures, Scores};
use crate::round::{Missing, MissingReason, Round};
use crate::summary::savings::National as SavingsNational;

/// One finding with its place, the message in the report's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FindingEntry {
    /// The stable kebab-case code (docs/findings.md).
    pub code: String,
    /// `error` makes the file invalid; `warning` and `info` only tell.
    pub severity: Severity,
    /// The sheet, as named in the file; `null` for a finding about the whole file.
    pub sheet: Option<String>,
    /// The cell (`D14`); `null` when the finding has no one cell.
    pub cell: Option<String>,
    /// The catalog service id; `null` when the finding is not about one service.
    pub service: Option<String>,
    /// What is wrong and what to do, in the report's language; may be reworded.
    pub message: String,
}

impl FindingEntry {
    /// Built from the pipeline's results.
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FileReport {
    /// The file, as given on the command line (or found below a folder given).
    pub path: String,
    /// `valid`, `invalid` or `unreadable`.
    pub status: Status,
    /// The municipality the file is attributed to; `null` when it could not be.
    pub municipality: Option<MunicipalityRef>,
    /// The findings of severity `error`.
    pub errors: Vec<FindingEntry>,
    /// The findings of severity `warning` and `info`.
    pub warnings: Vec<FindingEntry>,
    /// How many more findings of each severity the file has than `errors` and `warnings`
    /// list: at most 200 of each are kept per file (`check::kept::MAX_KEPT`).
    pub left_out: LeftOutCounts,
}

/// How many findings of each severity were left out of a file's lists; all 0 for nearly
/// every file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct LeftOutCounts {
    /// Errors left out of `errors`.
    pub errors: usize,
    /// Warnings left out of `warnings`.
    pub warnings: usize,
    /// Notes (severity `info`) left out of `warnings`.
    pub info: usize,
}

impl LeftOutCounts {
    /// The counts of a return.
    pub fn new(r: &Return) -> LeftOutCounts {
        LeftOutCounts {
            errors: r.left_out.of(Severity::Error),
            warnings: r.left_out.of(Severity::Warning),
            info: r.left_out.of(Severity::Info),
        }
    }

    /// The count of one severity.
    pub fn of(&self, severity: Severity) -> usize {
        match severity {
            Severity::Error => self.errors,
            Severity::Warning => self.warnings,
            Severity::Info => self.info,
        }
    }
}

impl FileReport {
    /// Built from the pipeline's results.
    pub fn new(r: &Return, lang: Lang) -> FileReport {
        let (errors, warnings) = entries(r, lang);
        FileReport {
            path: r.path.display().to_string(),
            status: r.status,
            municipality: r.municipality.clone(),
            errors,
            warnings,
            left_out: LeftOutCounts::new(r),
        }
    }
}

/// How many files ended in each status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Totals {
    /// Files read whose answers count.
    pub valid: usize,
    /// Files read with errors to fix.
    pub invalid: usize,
    /// Files that could not be read.
    pub unreadable: usize,
}

/// `validate --format json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ValidateReport {
    /// One entry per input file, in the order read.
    pub files: Vec<FileReport>,
    /// How many files ended in each status.
    pub totals: Totals,
}

impl ValidateReport {
    /// Built from the pipeline's results.
    pub fn new(returns: &[Return], lang: Lang) -> ValidateReport {
        ValidateReport::from_files(returns.iter().map(|r| FileReport::new(r, lang)).collect())
    }

    /// A report of these files, with their totals.
    pub fn from_files(files: Vec<FileReport>) -> ValidateReport {
        let count = |s: Status| files.iter().filter(|f| f.status == s).count();
        let totals = Totals {
            valid: count(Status::Valid),
            invalid: count(Status::Invalid),
            unreadable: count(Status::Unreadable),
        };
        ValidateReport { files, totals }
    }
}

/// The catalog a report was made with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CatalogRef {
    /// The catalog's stable id (`vm-digiaste`).
    pub id: String,
    /// Its version (`2025.1`).
    pub version: String,
}

/// The program that wrote a report, and its version.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ToolRef {
    /// `digiaste`.
    pub name: String,
    /// Its version (Cargo.toml's, `0.1.0`).
    pub version: String,
}

impl ToolRef {
    /// This program.
    pub fn this() -> ToolRef {
        ToolRef { name: env!("CARGO_PKG_NAME").into(), version: env!("CARGO_PKG_VERSION").into() }
    }
}

impl CatalogRef {
    /// Built from the pipeline's results.
    pub fn new(catalog: &Catalog) -> CatalogRef {
        CatalogRef { id: catalog.id.clone(), version: catalog.version.clone() }
    }
}

/// `score --format json`.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct ScoreReport {
    /// The municipality the file is attributed to, when known.
    pub municipality: Option<MunicipalityRef>,
    /// The catalog the return was read with.
    pub catalog: CatalogRef,
    /// The workbook's language (`fi`, `sv`, `en`), when it says.
    pub language: Option<String>,
    /// The measures over all catalog services.
    pub overall: Measures,
    /// The measures per area, in catalog order, with their services.
    pub areas: Vec<AreaScore>,
    /// The response date of the respondent block, `YYYY-MM-DD`.
    pub response_date: Option<String>,
    /// The file scored.
    pub path: String,
}

impl ScoreReport {
    /// Built from the pipeline's results.
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

/// Who filled in a return, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RespondentEntry {
    /// The respondent's name, as typed in the respondent block.
    pub name: Option<String>,
    /// The respondent's e-mail, as typed.
    pub email: Option<String>,
}

impl RespondentEntry {
    /// Built from the pipeline's results.
    pub fn new(r: &Return) -> RespondentEntry {
        RespondentEntry {
            name: r.respondent.clone().filter(|s| !s.is_empty()),
            email: r.respondent_email.clone(),
        }
    }

    /// Whether the file named anyone.
    pub fn is_empty(&self) -> bool {
        self.name.is_none() && self.email.is_none()
    }
}

/// An expected municipality without a counted return (docs/json.md).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MissingEntry {
    /// The municipality's code in the register.
    pub code: String,
    /// Its name, in the report's language.
    pub name: String,
    /// Why no return of it is counted.
    pub reason: MissingReason,
    /// The rejected or empty file that named the municipality, or the file named for it
    /// but made on another municipality's template.
    pub path: Option<String>,
    /// That file's first error, in the report's language.
    pub error: Option<String>,
    /// The respondent that file named, when it named one.
    pub respondent: Option<RespondentEntry>,
}

impl MissingEntry {
    /// Built from the pipeline's results.
    pub fn new(round: &Round<'_>, m: &Missing) -> MissingEntry {
        let file = m.file.map(|i| &round.returns[i]);
        MissingEntry {
            code: m.code.clone(),
            name: if round.lang == Lang::Sv { m.name_sv.clone() } else { m.name_fi.clone() },
            reason: m.reason,
            path: file.map(|r| r.path.display().to_string()),
            error: file
                .and_then(|r| {
                    r.errors().next().or_else(|| {
                        r.findings
                            .iter()
                            .find(|f| f.code == crate::check::findings::Code::FileNamesOther)
                    })
                })
                .map(|f| f.message(round.lang)),
            respondent: file.map(RespondentEntry::new).filter(|r| !r.is_empty()),
        }
    }
}

/// One counted municipality of an aggregate report.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct MunicipalityResult {
    /// The municipality's code in the register.
    pub code: String,
    /// Its name, as the return gives it.
    pub name: String,
    /// Its region's two-digit code in the register ("01" Uusimaa), when known.
    pub region: Option<String>,
    /// Inhabitants on 31.12.2024 (Statistics Finland), when known.
    pub population: Option<u32>,
    /// Its size class by population: `small` (under 10,000), `medium`, `large` (50,000 or
    /// more).
    pub size_class: Option<String>,
    /// The file counted.
    pub path: String,
    /// The response date of the file, YYYY-MM-DD.
    pub response_date: Option<String>,
    /// Who filled it in.
    pub respondent: RespondentEntry,
    /// Answered ÷ catalog services, 0..1.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub answered: Option<f64>,
    /// The measures over all catalog services.
    pub overall: Measures,
    /// The measures per area, with the services.
    pub areas: Vec<AreaScore>,
    /// How many more services it added than `added` lists: at most 200 are kept per return
    /// (`check::kept::MAX_KEPT`).
    pub added_left_out: usize,
    /// Its answers are exactly those its prefilled workbook was filled with
    /// (`unchanged-prefill`): it only confirmed last round's answers.
    pub unchanged_prefill: bool,
}

/// Several valid returns of one municipality: the one counted and the others.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DuplicateEntry {
    /// The municipality's code.
    pub code: String,
    /// The file counted: latest response date, then latest modification time, then last path.
    pub kept: String,
    /// The other valid files of the municipality, not counted.
    pub superseded: Vec<String>,
    /// Those of `superseded` that are byte-identical copies of the file kept.
    pub identical: Vec<String>,
}

/// A municipality whose counted return's file name agrees, beside valid returns whose file
/// names another municipality: those are not counted and wait for the analyst.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ConflictEntry {
    /// The code of the municipality the workbooks are templates of.
    pub code: String,
    /// The file counted: its name agrees with its workbook.
    pub kept: String,
    /// The files whose names name another municipality, not counted.
    pub others: Vec<ConflictFile>,
}

/// A file in a conflict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ConflictFile {
    /// The file.
    pub path: String,
    /// The code of the municipality its name names.
    pub named: String,
}

/// A file that did not enter the summary, with its errors.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RejectedEntry {
    /// The file.
    pub path: String,
    /// `invalid` or `unreadable`.
    pub status: Status,
    /// Why: its findings of severity `error`.
    pub errors: Vec<FindingEntry>,
    /// How many more errors it has than `errors` lists (at most 200 are kept).
    pub errors_left_out: usize,
}

/// A service a municipality added in the blank rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AddedEntry {
    /// The code of the municipality that added it.
    pub code: String,
    /// The id of the area whose sheet it was typed on.
    pub area: String,
    /// The service's name, as typed.
    pub name: String,
    /// Whether it was marked introduced; `null` when unanswered.
    pub introduced: Option<bool>,
    /// Fraction 0..1.
    #[schemars(range(min = 0, max = 1))]
    pub usage: Option<f64>,
    /// Its comment, as typed.
    pub comment: Option<String>,
}

/// `aggregate --json`.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct AggregateReport {
    /// When the report was made, ISO 8601 in UTC (`2026-04-01T09:30:00Z`).
    pub generated_at: String,
    /// The program that made it.
    pub tool: ToolRef,
    /// The catalog the return was read with.
    pub catalog: CatalogRef,
    /// Every counted municipality, by code.
    pub municipalities: Vec<MunicipalityResult>,
    /// The expected municipalities without a counted return, each with its reason.
    pub missing: Vec<MissingEntry>,
    /// Municipalities with several valid returns.
    pub duplicates: Vec<DuplicateEntry>,
    /// Returns made on another municipality's template beside that municipality's own.
    pub conflicts: Vec<ConflictEntry>,
    /// Files that did not enter the summary.
    pub rejected: Vec<RejectedEntry>,
    /// Services the municipalities added in the blank rows.
    pub added: Vec<AddedEntry>,
    /// The whole country: counts and per area and overall the mean and median of each
    /// measure, as on the summary's front page.
    pub national: glance::NationalEntry,
    /// Every region of the register (19), as on the summary's regions sheet.
    pub regions: Vec<glance::RegionEntry>,
    /// Per size class (`small`, `medium`, `large`), the figures of its counted
    /// municipalities, as the feedback workbooks compare with them.
    pub size_classes: Vec<glance::SizeClassEntry>,
}

impl AggregateReport {
    /// Built from the pipeline's results; `data` is the round's data sheet model
    /// (`summary::data::data`), which the national and regional figures are computed from.
    pub fn new(
        round: &Round<'_>,
        data: &crate::data_sheet::RoundData,
        now: std::time::SystemTime,
    ) -> AggregateReport {
        let path = |i: usize| round.returns[i].path.display().to_string();
        let register = |code: &str| crate::register::Register::embedded().get(code);
        let municipalities = round
            .kept
            .iter()
            .map(|k| MunicipalityResult {
                code: k.code.clone(),
                name: k.name.clone(),
                region: register(&k.code).and_then(|m| m.region_code.clone()),
                population: register(&k.code).and_then(|m| m.population),
                size_class: register(&k.code)
                    .and_then(|m| m.population)
                    .map(|p| crate::register::SizeClass::of(p).id().to_string()),
                path: path(k.index),
                response_date: round.returns[k.index].response_date.clone(),
                respondent: RespondentEntry::new(&round.returns[k.index]),
                answered: round.returns[k.index].completeness(),
                overall: k.scores.overall.clone(),
                areas: k.scores.areas.clone(),
                added_left_out: round.returns[k.index].added_left_out,
                unchanged_prefill: round.returns[k.index].is_unchanged_prefill(),
            })
            .collect();
        let duplicates = round
            .duplicates
            .iter()
            .map(|d| DuplicateEntry {
                code: d.code.clone(),
                kept: path(d.kept),
                superseded: d.superseded.iter().map(|&i| path(i)).collect(),
                identical: d.identical.iter().map(|&i| path(i)).collect(),
            })
            .collect();
        let conflicts = round
            .conflicts
            .iter()
            .map(|c| ConflictEntry {
                code: c.code.clone(),
                kept: path(c.kept),
                others: c
                    .others
                    .iter()
                    .map(|(i, named)| ConflictFile { path: path(*i), named: named.clone() })
                    .collect(),
            })
            .collect();
        let rejected = round
            .rejected
            .iter()
            .map(|&i| {
                let r = &round.returns[i];
                RejectedEntry {
                    path: path(i),
                    status: r.status,
                    errors: entries(r, round.lang).0,
                    errors_left_out: r.left_out.of(Severity::Error),
                }
            })
            .collect();
        let savings = round.catalog.savings.is_some().then(|| SavingsNational::of(round));
        AggregateReport {
            generated_at: crate::read::utc_timestamp(now),
            tool: ToolRef::this(),
            catalog: CatalogRef::new(round.catalog),
            municipalities,
            missing: round.missing.iter().map(|m| MissingEntry::new(round, m)).collect(),
            duplicates,
            conflicts,
            rejected,
            added: added_entries(round),
            national: glance::NationalEntry::new(
                round.catalog,
                &crate::round::glance::national(round, data),
                savings.as_ref(),
            ),
            regions: crate::round::glance::regions(data, &round.expected)
                .iter()
                .map(|r| glance::RegionEntry::new(round.catalog, r))
                .collect(),
            size_classes: glance::SizeClassEntry::all(round.catalog, data),
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
