//! A round of returns: every file read, the valid ones scored, duplicates resolved, the
//! missing municipalities found, and the earlier round (if any) to compare with.
//! The summary workbook (`crate::summary`), the feedback workbooks (`crate::feedback`),
//! the JSON and the CSV exports are all written from this.

pub mod glance;
mod read;
pub mod select;
pub mod stats;
pub mod trend;

pub use read::read_round;
pub use select::order_by_recency;
pub use stats::{mean, median};

use std::collections::HashMap;
use std::path::Path;

use crate::catalog::Catalog;
use crate::check::Return;
use crate::check::findings::Code;
use crate::data_sheet::Previous;
use crate::lang::Lang;
use crate::measures::Scores;
use crate::register::{self, Register};
use crate::texts::tf;

/// A municipality's return that enters the summary.
pub struct Kept {
    /// Index into `Round::returns`.
    pub index: usize,
    /// The three-digit municipality code.
    pub code: String,
    /// The name as the return gives it.
    pub name: String,
    /// Its measures.
    pub scores: Scores,
}

impl Kept {
    /// Its name in a document written in `lang` (docs/languages.md: names follow the document):
    /// the register's, else as its return gave it.
    pub fn name_in(&self, lang: Lang) -> &str {
        Register::embedded().get(&self.code).map_or(self.name.as_str(), |m| m.name(lang))
    }
}

/// A municipality that sent more than one valid return: the latest is kept.
pub struct Duplicate {
    /// The three-digit municipality code.
    pub code: String,
    /// Index into `Round::returns` of the return kept.
    pub kept: usize,
    /// Indices of the earlier returns it replaces.
    pub superseded: Vec<usize>,
    /// Those of `superseded` that are byte-identical copies of the kept file.
    pub identical: Vec<usize>,
}

/// A municipality with a return whose file name agrees and returns whose file names
/// another municipality: the agreeing one counts, the others wait for the analyst.
pub struct Conflict {
    /// The three-digit code of the municipality the workbooks name.
    pub code: String,
    /// Index into `Round::returns` of the return counted (its file name agrees).
    pub kept: usize,
    /// Indices of the returns whose file names another municipality, with its code.
    pub others: Vec<(usize, String)>,
}

/// Why an expected municipality has no counted return.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum MissingReason {
    /// No file names it.
    NotReceived,
    /// Its file is invalid or unreadable.
    Rejected,
    /// Its file answers no catalog service.
    Empty,
    /// A file named for it was made on another municipality's template.
    OtherTemplate,
}

impl MissingReason {
    /// The key of its name in templates/texts.toml.
    pub fn label_key(self) -> &'static str {
        match self {
            MissingReason::NotReceived => "missing_not_received",
            MissingReason::Rejected => "missing_rejected",
            MissingReason::Empty => "missing_empty",
            MissingReason::OtherTemplate => "missing_other_template",
        }
    }
}

/// An expected municipality without a counted return, and why.
pub struct Missing {
    /// The three-digit municipality code.
    pub code: String,
    /// The name in Finnish.
    pub name_fi: String,
    /// The name in Swedish.
    pub name_sv: String,
    /// Why no return of it counts.
    pub reason: MissingReason,
    /// Index into `Round::returns` of the file that named it, when one did (the latest).
    pub file: Option<usize>,
}

/// Everything the summary, the JSON and the CSV are written from.
pub struct Round<'c> {
    /// The catalog of the round.
    pub catalog: &'c Catalog,
    /// The language of the summary and its messages.
    pub lang: Lang,
    /// Every input file, in input order.
    pub returns: Vec<Return>,
    /// One per municipality, sorted by code.
    pub kept: Vec<Kept>,
    /// Municipalities with several valid returns.
    pub duplicates: Vec<Duplicate>,
    /// Municipalities with returns whose file names another municipality beside one whose
    /// name agrees.
    pub conflicts: Vec<Conflict>,
    /// Indices of invalid and unreadable files.
    pub rejected: Vec<usize>,
    /// Expected municipalities without a valid return, by code, each with its reason.
    pub missing: Vec<Missing>,
    /// The expected municipalities (all of the register without `--expected`).
    pub expected: Vec<String>,
    /// The earlier summaries (`--previous`, any number), oldest first (`trend::order`): the
    /// trend runs through all of them, the changes are since the last.
    pub previous: Vec<Previous>,
}

impl<'c> Round<'c> {
    /// The latest earlier summary, the one the changes are since.
    pub fn latest_previous(&self) -> Option<&Previous> {
        self.previous.last()
    }

    /// Scores the valid returns, resolves duplicates and finds the municipalities missing
    /// from `expected` (all of the register when `None`).
    pub fn new(
        catalog: &'c Catalog,
        lang: Lang,
        returns: Vec<Return>,
        expected: Option<Vec<String>>,
    ) -> Round<'c> {
        let selection = select::select(&returns);
        let mut kept = Vec::new();
        let mut duplicates = Vec::new();
        let mut conflicts = Vec::new();
        for c in selection.counted {
            if !c.superseded.is_empty() {
                duplicates.push(Duplicate {
                    code: c.code.clone(),
                    kept: c.kept,
                    superseded: c.superseded,
                    identical: c.identical,
                });
            }
            if !c.conflicts.is_empty() {
                let others = c
                    .conflicts
                    .iter()
                    .map(|&i| (i, returns[i].named_other().unwrap_or_default()))
                    .collect();
                conflicts.push(Conflict { code: c.code.clone(), kept: c.kept, others });
            }
            let r = &returns[c.kept];
            kept.push(Kept {
                index: c.kept,
                name: r.municipality.as_ref().map(|m| m.name.clone()).unwrap_or_default(),
                scores: scored(catalog, r, lang),
                code: c.code,
            });
        }
        let rejected = selection.rejected;

        let expected = match expected {
            Some(codes) => codes,
            None => Register::embedded().municipalities.iter().map(|m| m.code.clone()).collect(),
        };
        let missing = find_missing(&returns, &kept, &rejected, &expected);
        Round {
            catalog,
            lang,
            returns,
            kept,
            duplicates,
            conflicts,
            rejected,
            missing,
            expected,
            previous: Vec::new(),
        }
    }

    /// Superseded file indices → the kept file's index.
    pub fn superseded_by(&self) -> HashMap<usize, usize> {
        self.duplicates
            .iter()
            .flat_map(|d| d.superseded.iter().map(move |&s| (s, d.kept)))
            .collect()
    }
}

/// The measures of a return with its savings figures filled in: where a return meets the
/// measures.
pub fn scored(catalog: &Catalog, ret: &Return, lang: Lang) -> Scores {
    let mut scores = crate::measures::score_all(catalog, &ret.answers, lang);
    crate::measures::savings::apply(catalog, ret.savings.as_ref(), &ret.answers, &mut scores);
    scores
}

/// The expected municipalities without a counted return, each with its reason: the
/// latest rejected file naming it (empty when it answered nothing), else the latest file
/// named for it but made on another municipality's template, else not received.
fn find_missing(
    returns: &[Return],
    kept: &[Kept],
    rejected: &[usize],
    expected: &[String],
) -> Vec<Missing> {
    let register = Register::embedded();
    let have: std::collections::HashSet<&str> = kept.iter().map(|k| k.code.as_str()).collect();
    let named = select::latest_by_code(returns, rejected);
    let mut named_by_file: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, r) in returns.iter().enumerate() {
        if let Some(code) = r.named_other() {
            named_by_file.entry(code).or_default().push(i);
        }
    }
    let by_file = |c: &str| {
        let mut list = named_by_file.get(c)?.clone();
        select::order_by_recency(returns, &mut list);
        list.last().copied()
    };
    expected
        .iter()
        .filter(|c| !have.contains(c.as_str()))
        .map(|c| {
            let file = named.get(c.as_str()).copied();
            let other = by_file(c);
            let reason = match file {
                None if other.is_some() => MissingReason::OtherTemplate,
                None => MissingReason::NotReceived,
                Some(i) if returns[i].findings.iter().any(|f| f.code == Code::EmptyReturn) => {
                    MissingReason::Empty
                }
                Some(_) => MissingReason::Rejected,
            };
            let (name_fi, name_sv) =
                register.get(c).map(|m| (m.name_fi.clone(), m.name_sv.clone())).unwrap_or_default();
            Missing { code: c.clone(), name_fi, name_sv, reason, file: file.or(other) }
        })
        .collect()
}

/// Why the list of expected municipalities (`--expected`) could not be used.
#[derive(Debug, thiserror::Error)]
#[error("{}", crate::texts::Localized::message(self, Lang::En))]
pub enum ExpectedError {
    /// The file cannot be read.
    Unreadable {
        /// The file, as given.
        file: String,
        /// What the system said.
        detail: String,
    },
    /// No line holds a municipality code of the register.
    NoCodes {
        /// The file, as given.
        file: String,
    },
}

impl crate::texts::Localized for ExpectedError {
    fn message(&self, lang: Lang) -> String {
        match self {
            ExpectedError::Unreadable { file, detail } => {
                tf("err_expected_unreadable", lang, &[("file", file), ("detail", detail)])
            }
            ExpectedError::NoCodes { file } => tf("err_expected_no_codes", lang, &[("file", file)]),
        }
    }
}

/// A line of `--expected` left out: its first field is no code of the register.
#[derive(Debug, Clone, PartialEq)]
pub struct LeftOut {
    /// The 1-based line.
    pub line: usize,
    /// Its first field.
    pub text: String,
}

/// Reads `--expected`: a CSV (or plain list) whose first column holds municipality codes;
/// a header line is skipped. Lines whose first field is no code of the register are left
/// out and returned, so the command can warn about each.
pub fn read_expected(path: &Path) -> Result<(Vec<String>, Vec<LeftOut>), ExpectedError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| ExpectedError::Unreadable { file: file.clone(), detail: e.to_string() })?;
    let register = Register::embedded();
    let (mut codes, mut left_out) = (Vec::new(), Vec::new());
    for (i, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let first = line.split([',', ';', '\t']).next().unwrap_or("").trim().trim_matches('"');
        if first.is_empty() {
            continue;
        }
        match register::normalize_code(first).filter(|c| register.get(c).is_some()) {
            Some(c) => {
                if !codes.contains(&c) {
                    codes.push(c)
                }
            }
            None if i == 0 && register::normalize_code(first).is_none() => {} // header
            None => left_out.push(LeftOut { line: i + 1, text: first.to_string() }),
        }
    }
    if codes.is_empty() {
        return Err(ExpectedError::NoCodes { file });
    }
    Ok((codes, left_out))
}
