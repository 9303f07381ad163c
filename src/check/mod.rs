//! Interprets a returned workbook against the catalog: finds the sheets and services by
//! their names and ids (never by row number alone), reads and checks every answer, and
//! reports each problem with its place (docs/findings.md).
//!
//! A [`ReturnChecker`] is built once per catalog and shared by every file of a run. Checking
//! one workbook runs short passes in order, each filling in the [`Return`] and pushing its
//! findings: identify (`identify.rs`) → sheets (`sheets.rs`) → respondent (`respondent.rs`)
//! → services (`services.rs`, each row read by `row.rs` and checked by `consistency.rs`).
//! A new check is a function in the module of its pass, or a new pass in `run_passes`.

mod choose;
mod consistency;
pub mod findings;
mod identify;
pub mod kept;
mod parse;
mod respondent;
mod row;
mod savings;
mod services;
mod sheets;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::catalog::Catalog;
use crate::check::findings::{Code, Finding, Severity};
use crate::lang::{Lang, Text, fold};
use crate::layout::AreaColumns;
use crate::measures::ServiceAnswers;
use crate::read::{self, Book, ReadError};
use crate::register::Register;
use crate::texts::t;

pub use choose::{Catalogs, Checked, NotBuiltIn};
pub use identify::catalog_named;
use parse::Matcher;

/// The verdict on one file.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Read, with warnings at most: its answers count.
    Valid,
    /// Read, but with errors to fix before its answers count.
    Invalid,
    /// Not read at all.
    Unreadable,
}

impl Status {
    /// The status as written in the JSON report.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Valid => "valid",
            Status::Invalid => "invalid",
            Status::Unreadable => "unreadable",
        }
    }
}

/// The municipality a return is attributed to.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct MunicipalityRef {
    /// The three-digit code of the register.
    pub code: String,
    /// Its name in the workbook's language.
    pub name: String,
}

/// A service a municipality typed into the blank rows.
#[derive(Clone, Debug, PartialEq)]
pub struct AddedService {
    /// The id of the catalog area whose sheet it was typed on.
    pub area: String,
    /// The sheet, as named in the file.
    pub sheet: String,
    /// The row, counted from 0.
    pub row: u32,
    /// The name as typed.
    pub name: String,
    /// The adoption answer, when it is one of the options.
    pub introduced: Option<bool>,
    /// The usage answer, when it reads as a number.
    pub usage: Option<f64>,
    /// The comment cell.
    pub comment: Option<String>,
    /// The chosen option index per catalog stage, when it is one of the options.
    pub stages: Vec<Option<usize>>,
}

/// One returned workbook, read and checked.
#[derive(Clone, Debug)]
pub struct Return {
    /// The file, as named on the command line.
    pub path: PathBuf,
    /// Whether its answers count.
    pub status: Status,
    /// The municipality it is from, when the code is known.
    pub municipality: Option<MunicipalityRef>,
    /// The response date, as YYYY-MM-DD.
    pub response_date: Option<String>,
    /// The respondent as typed.
    pub respondent: Option<String>,
    /// The respondent's e-mail as typed.
    pub respondent_email: Option<String>,
    /// The language the template was generated in.
    pub language: Option<Lang>,
    /// Every finding kept, in the order the passes made them: at most `kept::MAX_KEPT` of
    /// each severity.
    pub findings: Vec<Finding>,
    /// The findings beyond the bound, counted.
    pub left_out: kept::LeftOut,
    /// `answers[area][service]`, in catalog order.
    pub answers: Vec<Vec<ServiceAnswers>>,
    /// `comments[area][service]`: the comment cell of each catalog service, as typed.
    pub comments: Vec<Vec<Option<String>>>,
    /// Services typed into the blank rows: at most `kept::MAX_KEPT`.
    pub added: Vec<AddedService>,
    /// How many more services were typed there, counted only.
    pub added_left_out: usize,
    /// How many catalog services carry an answer.
    pub answered: usize,
    /// How many services the catalog has.
    pub services: usize,
    /// The savings sheet's inputs (docs/measures.md), when the catalog has savings and the
    /// workbook the sheet.
    pub savings: Option<crate::measures::savings::SavingsInputs>,
}

impl Return {
    /// The code of the register municipality the file's name names, when it names one
    /// other than the municipality of the workbook: such a return never supersedes one
    /// whose name agrees (`round::select`).
    pub fn named_other(&self) -> Option<String> {
        let name = self.path.file_name()?.to_str()?;
        let named = Register::embedded().named_by_file(name)?;
        let own = self.municipality.as_ref()?;
        (named.code != own.code).then(|| named.code.clone())
    }

    /// Whether its answers are exactly those its prefilled workbook was filled with: the
    /// municipality only confirmed last round's answers.
    pub fn is_unchanged_prefill(&self) -> bool {
        self.findings.iter().any(|f| f.code == Code::UnchangedPrefill)
    }

    /// The findings that make the return invalid.
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.severity() == Severity::Error)
    }

    /// The warnings and notes.
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.severity() != Severity::Error)
    }

    /// Whether the file is one digiaste wrote itself (a summary), not a return.
    pub fn is_own_output(&self) -> bool {
        self.findings.iter().any(|f| f.code == Code::OwnOutput)
    }

    /// Answered ÷ catalog services, 0..1 (`None` for a catalog without services).
    pub fn completeness(&self) -> Option<f64> {
        (self.services > 0).then(|| self.answered as f64 / self.services as f64)
    }

    /// Add a finding, or count it when `kept::MAX_KEPT` of its severity are kept.
    fn push(&mut self, finding: Finding) {
        if self.left_out.keep(&finding) {
            self.findings.push(finding);
        }
    }
}

/// Everything about a catalog the checks need, worked out once and shared by every file of
/// a run, across threads (folding every label of every language is not free).
pub struct ReturnChecker<'c> {
    catalog: &'c Catalog,
    /// Where each question is on an area sheet.
    columns: AreaColumns,
    /// The adoption question's options.
    adoption: Matcher,
    /// Each stage's options, in catalog order.
    stages: Vec<Matcher>,
    /// Each area's name in every language, as written and folded.
    area_names: Vec<Vec<String>>,
    area_names_folded: Vec<Vec<String>>,
    /// Folded names, in every language, of the sheets and headings the template writes.
    instructions_names: Vec<String>,
    summary_names: Vec<String>,
    /// Folded names of the "To correct" sheet of a prefilled workbook (not an extra sheet).
    to_correct_names: Vec<String>,
    /// Folded names of the savings sheet (docs/measures.md).
    savings_names: Vec<String>,
    added_headings: Vec<String>,
    /// Service id → (area, service) indexes.
    services: HashMap<&'c str, (usize, usize)>,
    /// A return's answers before any is read.
    blank_answers: Vec<Vec<ServiceAnswers>>,
    /// The municipalities a code may name.
    register: &'static Register,
}

impl<'c> ReturnChecker<'c> {
    /// The checker of returns of `catalog`.
    pub fn new(catalog: &'c Catalog) -> ReturnChecker<'c> {
        let labels = |o: &Text, key: &str| -> Vec<String> {
            o.all().map(str::to_string).chain([key.to_string()]).collect()
        };
        let area_names: Vec<Vec<String>> = catalog
            .areas
            .iter()
            .map(|a| Lang::ALL.iter().map(|&l| a.name.get(l).to_string()).collect())
            .collect();
        let folded_texts = |key: &'static str| Lang::ALL.iter().map(|&l| fold(t(key, l))).collect();
        ReturnChecker {
            catalog,
            columns: AreaColumns::new(catalog),
            adoption: Matcher::new(
                catalog.adoption.iter().enumerate().map(|(i, o)| (i, labels(&o.label, &o.key))),
            ),
            stages: catalog
                .stages
                .iter()
                .map(|st| {
                    Matcher::new(
                        st.options.iter().enumerate().map(|(i, o)| (i, labels(&o.label, &o.key))),
                    )
                })
                .collect(),
            area_names_folded: area_names
                .iter()
                .map(|names| names.iter().map(|n| fold(n)).collect())
                .collect(),
            area_names,
            instructions_names: folded_texts("sheet_instructions"),
            summary_names: folded_texts("sheet_summary"),
            to_correct_names: folded_texts("sheet_to_correct"),
            savings_names: savings::sheet_names(),
            added_headings: folded_texts("added_rows_heading"),
            services: catalog
                .areas
                .iter()
                .enumerate()
                .flat_map(|(a, area)| {
                    area.services.iter().enumerate().map(move |(s, svc)| (svc.id.as_str(), (a, s)))
                })
                .collect(),
            blank_answers: catalog
                .areas
                .iter()
                .map(|a| vec![ServiceAnswers::blank(catalog); a.services.len()])
                .collect(),
            register: Register::embedded(),
        }
    }

    /// Reads and checks one file. Never fails: an unreadable file is a `Return` with status
    /// `unreadable` and a finding that says why.
    pub fn check_path(&self, path: &Path) -> Return {
        self.check_book(path, read::read_path(path))
    }

    /// Reads and checks a workbook held in memory (fuzzing, tests); `name` gives the
    /// extension and the path shown in findings.
    pub fn check_bytes(&self, name: &str, data: &[u8]) -> Return {
        let path = Path::new(name);
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
        self.check_book(path, read::read_bytes(data, &ext))
    }

    /// Checks a workbook already read (or the reason it could not be).
    pub fn check_book(&self, path: &Path, book: Result<Book, ReadError>) -> Return {
        let mut ret = Return {
            path: path.to_path_buf(),
            status: Status::Valid,
            municipality: None,
            response_date: None,
            respondent: None,
            respondent_email: None,
            language: None,
            findings: Vec::new(),
            left_out: kept::LeftOut::default(),
            answers: self.blank_answers.clone(),
            comments: self.blank_answers.iter().map(|a| vec![None; a.len()]).collect(),
            added: Vec::new(),
            added_left_out: 0,
            answered: 0,
            services: self.catalog.service_count(),
            savings: None,
        };
        match book {
            Err(e) => {
                ret.push(unreadable(e));
                ret.status = Status::Unreadable;
            }
            Ok(book) => {
                self.run_passes(&book, &mut ret);
                if ret.errors().next().is_some() {
                    ret.status = Status::Invalid;
                }
            }
        }
        ret
    }

    /// The passes, in order; a pass that finds the workbook is not a return of this
    /// catalog stops the rest.
    fn run_passes(&self, book: &Book, ret: &mut Return) {
        let identify::Identified::ReadOn { lists } = identify::identify(self, book, ret) else {
            return;
        };
        let instructions = respondent::read_respondent(self, book, lists, ret);
        respondent::file_name_agrees(self, ret);
        let area_sheets = sheets::find_area_sheets(self, book, instructions, ret);
        services::read_services(self, book, &area_sheets, ret);
        services::completeness(self, ret);
        identify::unchanged_prefill(lists, ret);
        savings::read_savings(self, book, ret);
    }

    /// An area's name in the workbook's language, as the template wrote it.
    fn area_display_name(&self, area: usize, language: Option<Lang>) -> String {
        self.catalog.areas[area].name.get(language.unwrap_or(Lang::Fi)).to_string()
    }
}

/// The finding that says why a file could not be read.
fn unreadable(e: ReadError) -> Finding {
    match e {
        ReadError::Unreadable(reason) => {
            Finding::new(Code::UnreadableFile).arg_reason("reason", reason)
        }
        ReadError::Encrypted => Finding::new(Code::EncryptedFile),
        ReadError::Unsupported(ext) => Finding::new(Code::UnsupportedFormat).arg("ext", ext),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The commands read files in parallel with one checker.
    #[test]
    fn the_checker_is_shared_across_threads() {
        fn shared<T: Sync + Send>() {}
        shared::<ReturnChecker<'static>>();
    }
}
