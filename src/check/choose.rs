//! Which catalog reads a file: the domain rule every command (and the intake server) uses.
//! A return names its catalog on its hidden lists sheet; it is read with the catalog of
//! that id and version, else with one of that id, else with the first catalog given (the
//! one the command was told to use, or the default).

use std::path::{Path, PathBuf};

use super::findings::Code;
use super::{Return, ReturnChecker, catalog_named};
use crate::catalog::Catalog;
use crate::read::{self, Book, ReadError};

/// The catalogs a run reads returns with, each with its checker built once and shared by
/// every thread.
pub struct Catalogs<'c> {
    catalogs: &'c [Catalog],
    checkers: Vec<ReturnChecker<'c>>,
}

/// A file read and checked, with the catalog that read it.
pub struct Checked {
    /// Index into the catalogs of the one the file names (`None`: it names none of them
    /// and was read with the first).
    pub named: Option<usize>,
    /// The return.
    pub ret: Return,
    /// The catalog (id, version) the file says it was made from, when it says one.
    pub names: Option<(String, String)>,
}

/// A catalog that files name but that is neither one of the run's catalogs nor built in:
/// their `catalog-mismatch` is no mistake of the municipalities', the analyst must give
/// that catalog (`-c FILE`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotBuiltIn {
    /// "id version", as the files state it.
    pub catalog: String,
    /// The files that name it, in the order checked.
    pub paths: Vec<PathBuf>,
}

impl Checked {
    /// Index of the catalog it was read with.
    pub fn catalog(&self) -> usize {
        self.named.unwrap_or(0)
    }
}

impl<'c> Catalogs<'c> {
    /// The catalogs, the first being the one to read a file with that names none of them.
    /// Panics on an empty list: a run always has a catalog.
    pub fn new(catalogs: &'c [Catalog]) -> Catalogs<'c> {
        assert!(!catalogs.is_empty(), "a run reads with at least one catalog");
        Catalogs { catalogs, checkers: catalogs.iter().map(ReturnChecker::new).collect() }
    }

    /// The catalogs, in the order given.
    pub fn all(&self) -> &'c [Catalog] {
        self.catalogs
    }

    /// The catalog that reads a workbook: the one whose id and version it names, else the
    /// first of the id it names; `None` when it names none of them.
    pub fn named_by(&self, book: &Book) -> Option<usize> {
        let (id, version) = catalog_named(book)?;
        let exact = self.catalogs.iter().position(|c| c.id == id && c.version == version);
        exact.or_else(|| self.catalogs.iter().position(|c| c.id == id))
    }

    /// Checks a file as read, with the catalog it names.
    pub fn check_book(&self, path: &Path, book: Result<Book, ReadError>) -> Checked {
        let named = book.as_ref().ok().and_then(|b| self.named_by(b));
        let names = book.as_ref().ok().and_then(catalog_named);
        Checked { named, ret: self.checkers[named.unwrap_or(0)].check_book(path, book), names }
    }

    /// The catalogs that files got `catalog-mismatch` for although the catalog they name is
    /// none of the run's and none built in, nor an older version of one (a catalog of the
    /// analyst's own, such as next year's, not given with `-c`), each with the files naming
    /// it, in the order first named. A file of an older version is the municipality's to
    /// fill in again on the current template.
    pub fn not_built_in(&self, checked: &[Checked]) -> Vec<NotBuiltIn> {
        let mut known: Vec<(String, String)> =
            Catalog::built_in_parsed().iter().map(|c| (c.id.clone(), c.version.clone())).collect();
        known.extend(self.catalogs.iter().map(|c| (c.id.clone(), c.version.clone())));
        let known = |id: &str, version: &str| {
            known.iter().any(|(i, v)| i == id && (v == version || older(version, v)))
        };
        let mut found: Vec<NotBuiltIn> = Vec::new();
        for c in checked {
            let Some((id, version)) = &c.names else { continue };
            if known(id, version) || !c.ret.findings.iter().any(|f| f.code == Code::CatalogMismatch)
            {
                continue;
            }
            let catalog = format!("{id} {version}").trim().to_string();
            match found.iter_mut().find(|n| n.catalog == catalog) {
                Some(n) => n.paths.push(c.ret.path.clone()),
                None => found.push(NotBuiltIn { catalog, paths: vec![c.ret.path.clone()] }),
            }
        }
        found
    }

    /// Reads and checks the file at `path`.
    pub fn check_path(&self, path: &Path) -> Checked {
        self.check_book(path, read::read_path(path))
    }

    /// Reads and checks a file held in memory (an upload); `path` names it in findings and
    /// `ext` is its extension.
    pub fn check_bytes(&self, path: &Path, bytes: &[u8], ext: &str) -> Checked {
        self.check_book(path, read::read_bytes(bytes, ext))
    }

    /// Reads and checks every file on every core, each with the catalog it names; the
    /// result is in the order of `paths`. `on_each` is called as each file is done (a
    /// progress bar).
    pub fn check_all(&self, paths: &[PathBuf], on_each: &(dyn Fn() + Sync)) -> Vec<Checked> {
        use rayon::prelude::*;
        let all = || {
            paths
                .par_iter()
                .map(|p| {
                    let checked = self.check_path(p);
                    on_each();
                    checked
                })
                .collect()
        };
        // As many files at once as are best read at once (`read::readers`), on threads of
        // their own; on the common pool if those cannot be started.
        match rayon::ThreadPoolBuilder::new().num_threads(read::readers()).build() {
            Ok(pool) => pool.install(all),
            Err(_) => all(),
        }
    }

    /// Checks a file with catalog `index`, whatever it names (a round read with one
    /// catalog: the others' returns then get `catalog-mismatch`).
    pub fn check_with(&self, index: usize, path: &Path) -> Return {
        self.checkers[index].check_path(path)
    }
}

/// Whether version `a` comes before `b` ("2019.1" before "2025.1", "2025.2" before
/// "2025.10"): compared part by part (split at `.` and `-`), numerically where both parts
/// are numbers.
fn older(a: &str, b: &str) -> bool {
    let parts = |v: &str| v.split(['.', '-']).map(str::to_string).collect::<Vec<_>>();
    let (a, b) = (parts(a), parts(b));
    for (x, y) in a.iter().zip(&b) {
        let order = match (x.parse::<u64>(), y.parse::<u64>()) {
            (Ok(x), Ok(y)) => x.cmp(&y),
            _ => x.cmp(y),
        };
        if order != std::cmp::Ordering::Equal {
            return order.is_lt();
        }
    }
    a.len() < b.len()
}

#[cfg(test)]
mod tests {
    #[test]
    fn versions_compare_part_by_part() {
        use super::older;
        assert!(older("2019.1", "2025.1"));
        assert!(older("2025.2", "2025.10"));
        assert!(!older("2026.1", "2025.1"));
        assert!(!older("2025.1", "2025.1"));
        assert!(older("2025", "2025.1"));
    }
}
