//! A round of returns: every file read, the valid ones scored, duplicates resolved, the
//! missing municipalities found, and the earlier round (if any) to compare with.
//! The summary workbook, the JSON and the CSV exports are all written from this.

pub mod export;
pub mod layout;
pub mod previous;
pub mod stats;
pub mod summary;

pub use previous::{Previous, read_previous};
pub use stats::{mean, median};

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::time::SystemTime;

use crate::catalog::{Catalog, Lang};
use crate::measures::Scores;
use crate::register::{self, Register};
use crate::check::{Return, Status};

/// A municipality's return that enters the summary.
pub struct Kept {
    /// Index into `Round::returns`.
    pub index: usize,
    pub code: String,
    pub name: String,
    pub scores: Scores,
}

/// A municipality that sent more than one valid return: the latest is kept.
pub struct Duplicate {
    pub code: String,
    /// Index into `Round::returns` of the return kept.
    pub kept: usize,
    /// Indices of the earlier returns it replaces.
    pub superseded: Vec<usize>,
}

/// Everything the summary, the JSON and the CSV are written from.
pub struct Round<'c> {
    pub catalog: &'c Catalog,
    pub lang: Lang,
    /// Every input file, in input order.
    pub returns: Vec<Return>,
    /// One per municipality, sorted by code.
    pub kept: Vec<Kept>,
    pub duplicates: Vec<Duplicate>,
    /// Indices of invalid and unreadable files.
    pub rejected: Vec<usize>,
    /// Expected municipalities without a valid return: (code, Finnish name, Swedish name).
    pub missing: Vec<(String, String, String)>,
    /// The earlier summary to compare with (`--previous`).
    pub previous: Option<Previous>,
}

impl<'c> Round<'c> {
    /// Scores the valid returns, resolves duplicates and finds the municipalities missing
    /// from `expected` (all of the register when `None`).
    pub fn new(catalog: &'c Catalog, lang: Lang, returns: Vec<Return>, expected: Option<Vec<String>>) -> Round<'c> {
        // Valid returns by municipality; the latest response date wins, then the latest
        // modification time, then the path.
        let mut by_code: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut rejected = Vec::new();
        for (i, r) in returns.iter().enumerate() {
            match (&r.status, &r.municipality) {
                (Status::Valid, Some(m)) => by_code.entry(m.code.clone()).or_default().push(i),
                _ => rejected.push(i),
            }
        }
        let mut kept = Vec::new();
        let mut duplicates = Vec::new();
        for (code, mut list) in by_code {
            order_by_recency(&returns, &mut list);
            let winner = *list.last().unwrap();
            if list.len() > 1 {
                duplicates.push(Duplicate { code: code.clone(), kept: winner, superseded: list[..list.len() - 1].to_vec() });
            }
            let r = &returns[winner];
            kept.push(Kept {
                index: winner,
                code: code.clone(),
                name: r.municipality.as_ref().map(|m| m.name.clone()).unwrap_or_default(),
                scores: crate::savings::scored(catalog, r, lang),
            });
        }

        let register = Register::embedded();
        let have: std::collections::HashSet<&str> = kept.iter().map(|k| k.code.as_str()).collect();
        let expected_codes: Vec<String> = match expected {
            Some(codes) => codes,
            None => register.municipalities.iter().map(|m| m.code.clone()).collect(),
        };
        let missing = expected_codes
            .into_iter()
            .filter(|c| !have.contains(c.as_str()))
            .map(|c| match register.get(&c) {
                Some(m) => (m.code.clone(), m.name_fi.clone(), m.name_sv.clone()),
                None => (c, String::new(), String::new()),
            })
            .collect();

        Round { catalog, lang, returns, kept, duplicates, rejected, missing, previous: None }
    }

    /// Superseded file indices → the kept file's index.
    pub fn superseded_by(&self) -> HashMap<usize, usize> {
        self.duplicates.iter().flat_map(|d| d.superseded.iter().map(move |&s| (s, d.kept))).collect()
    }
}

/// Sorts indices into `returns` oldest first, so the last one is the return that wins: the
/// latest response date, then the latest modification time, then the last path.
pub fn order_by_recency(returns: &[Return], list: &mut [usize]) {
    let mtime = |i: usize| std::fs::metadata(&returns[i].path).and_then(|m| m.modified()).unwrap_or(SystemTime::UNIX_EPOCH);
    list.sort_by(|&a, &b| {
        let (ra, rb) = (&returns[a], &returns[b]);
        ra.response_date.cmp(&rb.response_date).then_with(|| mtime(a).cmp(&mtime(b))).then_with(|| ra.path.cmp(&rb.path))
    });
}

/// Reads `--expected`: a CSV (or plain list) whose first column holds municipality codes;
/// a header line is skipped.
pub fn read_expected(path: &Path) -> anyhow::Result<Vec<String>> {
    let text = std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    let mut codes = Vec::new();
    for (i, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let first = line.split([',', ';', '\t']).next().unwrap_or("").trim().trim_matches('"');
        if first.is_empty() {
            continue;
        }
        match register::normalize_code(first) {
            Some(c) => {
                if !codes.contains(&c) {
                    codes.push(c)
                }
            }
            None if i == 0 => {} // header
            None => anyhow::bail!("{}: line {}: \"{first}\" is not a municipality code", path.display(), i + 1),
        }
    }
    if codes.is_empty() {
        anyhow::bail!("{}: no municipality codes found", path.display());
    }
    Ok(codes)
}
