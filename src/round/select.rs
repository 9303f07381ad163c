//! Which return of a municipality counts — the domain rule every command uses, once: among
//! the valid returns naming a municipality, the latest (by response date, then by the
//! file's modification time, then by path) counts and the others are superseded. Invalid
//! and unreadable files never count. A return whose file name names another municipality
//! (Kerava's answers on Helsinki's template) never supersedes one whose name agrees: both
//! are a conflict for the analyst, and only the agreeing one counts. A byte-identical copy
//! is named so, not "older". A prefilled workbook carries the return that counts, else the
//! latest of the municipality's rejected returns.

use std::collections::{BTreeMap, HashMap};
use std::time::SystemTime;

use crate::check::{Return, Status};

/// A municipality's returns: the one that counts and those it supersedes.
#[derive(Clone, Debug, PartialEq)]
pub struct Counted {
    /// The three-digit municipality code.
    pub code: String,
    /// Index of the return that counts.
    pub kept: usize,
    /// Indices of its earlier valid returns, oldest first.
    pub superseded: Vec<usize>,
    /// Those of `superseded` that are byte-identical copies of the kept file.
    pub identical: Vec<usize>,
    /// Indices of its valid returns whose file names another municipality, not counted
    /// because a return whose name agrees is there: the analyst decides.
    pub conflicts: Vec<usize>,
}

/// What counts of a set of returns.
#[derive(Clone, Debug, PartialEq)]
pub struct Selection {
    /// One per municipality with a valid return, sorted by code.
    pub counted: Vec<Counted>,
    /// Indices of the files that do not count: invalid, unreadable, or naming no
    /// municipality.
    pub rejected: Vec<usize>,
}

/// Decides which return of each municipality counts.
pub fn select(returns: &[Return]) -> Selection {
    let mut by_code: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut rejected = Vec::new();
    for (i, r) in returns.iter().enumerate() {
        match (&r.status, &r.municipality) {
            (Status::Valid, Some(m)) => by_code.entry(m.code.clone()).or_default().push(i),
            _ => rejected.push(i),
        }
    }
    let counted = by_code
        .into_iter()
        .map(|(code, list)| {
            let (mut agreeing, mut conflicts): (Vec<usize>, Vec<usize>) =
                list.into_iter().partition(|&i| returns[i].named_other().is_none());
            if agreeing.is_empty() {
                // The identity decides when no file agrees with its name.
                std::mem::swap(&mut agreeing, &mut conflicts);
            }
            order_by_recency(returns, &mut agreeing);
            order_by_recency(returns, &mut conflicts);
            let kept = agreeing.pop().expect("every code has a return");
            let identical =
                agreeing.iter().copied().filter(|&i| same_bytes(returns, i, kept)).collect();
            Counted { code, kept, superseded: agreeing, identical, conflicts }
        })
        .collect();
    Selection { counted, rejected }
}

/// Whether two returns' files hold the same bytes (files that cannot be read again are not).
fn same_bytes(returns: &[Return], a: usize, b: usize) -> bool {
    let (pa, pb) = (&returns[a].path, &returns[b].path);
    let len = |p: &std::path::Path| std::fs::metadata(p).map(|m| m.len()).ok();
    len(pa).is_some() && len(pa) == len(pb) && {
        matches!((std::fs::read(pa), std::fs::read(pb)), (Ok(x), Ok(y)) if x == y)
    }
}

/// The latest of the returns at `indices` that name a municipality, per municipality code.
pub fn latest_by_code(returns: &[Return], indices: &[usize]) -> HashMap<String, usize> {
    let mut by_code: HashMap<String, Vec<usize>> = HashMap::new();
    for &i in indices {
        if let Some(m) = &returns[i].municipality {
            by_code.entry(m.code.clone()).or_default().push(i);
        }
    }
    by_code
        .into_iter()
        .map(|(code, mut list)| {
            order_by_recency(returns, &mut list);
            (code, *list.last().expect("every code has a return"))
        })
        .collect()
}

/// The return a prefilled workbook of each municipality carries: the one that counts, else
/// the latest of its rejected returns (to correct). Sorted by code.
pub fn carried(returns: &[Return]) -> BTreeMap<String, usize> {
    let selection = select(returns);
    let mut carried: BTreeMap<String, usize> =
        latest_by_code(returns, &selection.rejected).into_iter().collect();
    for c in selection.counted {
        carried.insert(c.code, c.kept);
    }
    carried
}

/// Sorts indices into `returns` oldest first, so the last one is the latest: the latest
/// response date, then the latest modification time, then the last path.
pub fn order_by_recency(returns: &[Return], list: &mut [usize]) {
    let mtime = |i: usize| {
        std::fs::metadata(&returns[i].path)
            .and_then(|m| m.modified())
            .unwrap_or(SystemTime::UNIX_EPOCH)
    };
    list.sort_by(|&a, &b| {
        let (ra, rb) = (&returns[a], &returns[b]);
        ra.response_date
            .cmp(&rb.response_date)
            .then_with(|| mtime(a).cmp(&mtime(b)))
            .then_with(|| ra.path.cmp(&rb.path))
    });
}
