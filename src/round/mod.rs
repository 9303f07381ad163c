//! A round of returns: every file read, the valid ones scored, duplicates resolved, the
//! missing municipalities found, and the earlier round (if any) to compare with.
//! The summary workbook, the JSON and the CSV exports are all written from this.

pub mod export;
pub mod summary;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::catalog::{Catalog, Lang};
use crate::measures::{self, Scores};
use crate::read::{self, Value};
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

pub struct Duplicate {
    pub code: String,
    pub kept: usize,
    pub superseded: Vec<usize>,
}

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
    pub previous: Option<Previous>,
}

impl<'c> Round<'c> {
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
        let mtime = |i: usize| std::fs::metadata(&returns[i].path).and_then(|m| m.modified()).unwrap_or(SystemTime::UNIX_EPOCH);
        let mut kept = Vec::new();
        let mut duplicates = Vec::new();
        for (code, mut list) in by_code {
            list.sort_by(|&a, &b| {
                let (ra, rb) = (&returns[a], &returns[b]);
                ra.response_date
                    .cmp(&rb.response_date)
                    .then_with(|| mtime(a).cmp(&mtime(b)))
                    .then_with(|| ra.path.cmp(&rb.path))
            });
            let winner = *list.last().unwrap();
            if list.len() > 1 {
                duplicates.push(Duplicate { code: code.clone(), kept: winner, superseded: list[..list.len() - 1].to_vec() });
            }
            let r = &returns[winner];
            kept.push(Kept {
                index: winner,
                code: code.clone(),
                name: r.municipality.as_ref().map(|m| m.name.clone()).unwrap_or_default(),
                scores: measures::score_all(catalog, &r.answers, lang),
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

// ---- the earlier summary -----------------------------------------------------------------

/// The hidden data sheet of a summary, read back by `--previous`.
pub const DATA_SHEET: &str = "digiaste-data";
pub const SUMMARY_FORMAT: &str = "digiaste-summary-1";
/// Row of the data header on the data sheet; identity key/values are above it.
pub const DATA_HEADER_ROW: u32 = 5;
pub const DATA_COLUMNS: [&str; 7] = ["code", "area", "coverage", "degree", "realized", "usage", "points"];

/// Measures of the earlier round: (municipality code, area id or "" for overall) →
/// coverage, degree, realized, usage, points.
pub struct Previous {
    pub path: PathBuf,
    pub catalog_id: String,
    pub catalog_version: String,
    pub values: HashMap<(String, String), [Option<f64>; 5]>,
}

pub fn read_previous(path: &Path) -> anyhow::Result<Previous> {
    let book = read::read_path(path)
        .map_err(|e| anyhow::anyhow!("cannot read the earlier summary {}: {e}", path.display()))?;
    let sheet = book
        .sheet(DATA_SHEET)
        .ok_or_else(|| anyhow::anyhow!("{} is not a summary written by digiaste (no {DATA_SHEET} sheet)", path.display()))?;
    let text = |r: u32, c: u16| sheet.get(r, c).map(|v| v.display()).unwrap_or_default();
    if text(0, 1) != SUMMARY_FORMAT {
        anyhow::bail!("{} is not a summary written by digiaste", path.display());
    }
    let mut values = HashMap::new();
    let last = sheet.cells.keys().map(|(r, _)| *r).max().unwrap_or(0);
    for row in DATA_HEADER_ROW + 1..=last {
        let code = text(row, 0);
        if code.is_empty() {
            continue;
        }
        let num = |c: u16| match sheet.get(row, c) {
            Some(Value::Number(n)) | Some(Value::Percent(n)) => Some(*n),
            _ => None,
        };
        values.insert((code, text(row, 1)), [num(2), num(3), num(4), num(5), num(6)]);
    }
    Ok(Previous { path: path.to_path_buf(), catalog_id: text(1, 1), catalog_version: text(2, 1), values })
}

// ---- statistics --------------------------------------------------------------------------

pub fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

pub fn median(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    Some(if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(mean(&[]), None);
    }
}
