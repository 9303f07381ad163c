//! The first pass: is this workbook an assessment at all, and of which catalog?

use crate::check::findings::{Code, Finding};
use crate::check::{Return, ReturnChecker};
use crate::lang::Lang;
use crate::lang::fold;
use crate::layout;
use crate::read::{Book, Sheet, Value};

/// What the identify pass decided.
pub(super) enum Identified<'b> {
    /// Not a return of this catalog; the finding says why and nothing more is read.
    Stop,
    /// Read on; `lists` is the hidden lists sheet, when the workbook still has it.
    ReadOn { lists: Option<&'b Sheet> },
}

/// Checks the identity block of the hidden lists sheet against the catalog and records the
/// template's language. Without that sheet, a workbook with an area sheet is still read.
pub(super) fn identify<'b>(
    checker: &ReturnChecker,
    book: &'b Book,
    ret: &mut Return,
) -> Identified<'b> {
    let catalog = checker.catalog;
    if crate::data_sheet::is_summary(book) {
        ret.push(Finding::new(Code::OwnOutput));
        return Identified::Stop;
    }
    let Some(lists) = book.sheet(layout::LISTS_SHEET) else {
        let any_area = book
            .sheets
            .iter()
            .any(|s| checker.area_names_folded.iter().flatten().any(|n| *n == fold(&s.name)));
        if !any_area {
            ret.push(Finding::new(Code::NotAnAssessment));
            return Identified::Stop;
        }
        // The hidden sheet was deleted but the areas are there: read on, by the catalog we
        // were given.
        return Identified::ReadOn { lists: None };
    };
    let id = identity(lists, "catalog_id");
    let version = identity(lists, "catalog_version");
    if id.as_deref() != Some(catalog.id.as_str())
        || version.as_deref() != Some(catalog.version.as_str())
    {
        let found = format!("{} {}", id.unwrap_or_default(), version.unwrap_or_default());
        ret.push(
            Finding::new(Code::CatalogMismatch)
                .sheet(layout::LISTS_SHEET)
                .cell(layout::cell_name(layout::identity_row("catalog_version"), 1))
                .arg("found", found.trim().to_string())
                .arg("expected", format!("{} {}", catalog.id, catalog.version)),
        );
        return Identified::Stop;
    }
    ret.language = identity(lists, "language").and_then(|l| Lang::from_code(&l));
    // Same id and version but other content: a catalog edited without a new version. The
    // answers are still read by their labels.
    if identity(lists, "catalog_hash").is_some_and(|h| !h.is_empty() && h != catalog.hash) {
        ret.push(
            Finding::new(Code::CatalogChanged)
                .sheet(layout::LISTS_SHEET)
                .cell(layout::cell_name(layout::identity_row("catalog_hash"), 1))
                .arg("catalog", format!("{} {}", catalog.id, catalog.version)),
        );
    }
    Identified::ReadOn { lists: Some(lists) }
}

/// A warning when a prefilled workbook comes back with exactly the answers it was filled
/// with (a return that answers nothing is `empty-return` already).
pub(super) fn unchanged_prefill(lists: Option<&Sheet>, ret: &mut Return) {
    let Some(kept) = lists.and_then(|l| identity(l, "prefilled_answers")) else { return };
    if kept.is_empty() || ret.answered == 0 {
        return;
    }
    if crate::measures::answers_fingerprint(&ret.answers) == kept {
        ret.push(Finding::new(Code::UnchangedPrefill));
    }
}

/// The catalog (id, version) a workbook says it was made from, when it has the hidden
/// lists sheet.
pub fn catalog_named(book: &Book) -> Option<(String, String)> {
    let lists = book.sheet(layout::LISTS_SHEET)?;
    Some((identity(lists, "catalog_id")?, identity(lists, "catalog_version").unwrap_or_default()))
}

/// A value of the identity block on the lists sheet.
pub(super) fn identity(lists: &Sheet, key: &str) -> Option<String> {
    let row = layout::identity_row(key);
    match lists.get(row, 1) {
        Some(Value::Text(s)) => Some(s.trim().to_string()),
        Some(v) => Some(v.display()),
        None => None,
    }
}
