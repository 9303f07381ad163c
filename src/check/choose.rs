//! Which catalog reads a file: the domain rule every command (and the intake server) uses.
//! A return names its catalog on its hidden lists sheet; it is read with the catalog of
//! that id and version, else with one of that id, else with the first catalog given (the
//! one the command was told to use, or the default).

use std::path::{Path, PathBuf};

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
        Checked { named, ret: self.checkers[named.unwrap_or(0)].check_book(path, book) }
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
        paths
            .par_iter()
            .map(|p| {
                let checked = self.check_path(p);
                on_each();
                checked
            })
            .collect()
    }

    /// Checks a file with catalog `index`, whatever it names (a round read with one
    /// catalog: the others' returns then get `catalog-mismatch`).
    pub fn check_with(&self, index: usize, path: &Path) -> Return {
        self.checkers[index].check_path(path)
    }
}
