//! Which return of a municipality counts — the domain rule every command uses, once: among
//! the valid returns naming a municipality, the latest (by response date, then by the
//! file's modification time, then by path) counts and the others are superseded. Invalid
//! and unreadable files never count. A prefilled workbook carries the return that counts,
//! else the latest of the municipality's rejected returns.

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
        .map(|(code, mut list)| {
            order_by_recency(returns, &mut list);
            let kept = list.pop().expect("every code has a return");
            Counted { code, kept, superseded: list }
        })
        .collect();
    Selection { counted, rejected }
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
