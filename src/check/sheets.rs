//! The sheets pass: which sheet holds which area — by its name in any language, else by the
//! service ids it holds — and which sheets are missing or extra. Only what the program
//! shows counts: a hidden sheet never stands for an area, and a name that only looks like
//! an area's (a no-break or zero-width space in it) is read with a finding that shows
//! the difference.

use crate::check::findings::{Code, Finding};
use crate::check::{Return, ReturnChecker};
use crate::lang::{fold, fold_visible, lookalike_chars};
use crate::layout;
use crate::read::{Book, Value};

/// The index of each area's sheet in the book, in catalog order (`None`: missing).
pub(super) fn find_area_sheets(
    checker: &ReturnChecker,
    book: &Book,
    instructions: Option<usize>,
    ret: &mut Return,
) -> Vec<Option<usize>> {
    let mut used = template_sheets(checker, book, instructions);
    for (i, s) in book.sheets.iter().enumerate() {
        if s.hidden && !used[i] {
            used[i] = true;
            ret.push(
                Finding::new(Code::HiddenSheet).sheet(s.name.clone()).arg("sheet", s.name.clone()),
            );
        }
    }
    let mut area_sheets = by_name(checker, book, &mut used);
    by_service_ids(checker, book, &mut used, &mut area_sheets, ret);
    for (i, s) in book.sheets.iter().enumerate() {
        if !used[i] {
            ret.push(
                Finding::new(Code::ExtraSheet).sheet(s.name.clone()).arg("sheet", s.name.clone()),
            );
        }
    }
    for (a, sheet) in area_sheets.iter().enumerate() {
        if let Some(i) = *sheet {
            lookalike(checker, &book.sheets[i].name, a, ret);
        }
    }
    area_sheets
}

/// A finding when the area sheet's name only looks like one of the area's names.
fn lookalike(checker: &ReturnChecker, name: &str, area: usize, ret: &mut Return) {
    let odd = lookalike_chars(name);
    if odd.is_empty() {
        return;
    }
    let expected = checker.area_names[area]
        .iter()
        .find(|n| fold(n) == fold_visible(name))
        .cloned()
        .unwrap_or_else(|| checker.area_display_name(area, ret.language));
    ret.push(
        Finding::new(Code::LookalikeSheet)
            .sheet(name.to_string())
            .arg("sheet", name.to_string())
            .arg("expected", expected)
            .arg("chars", odd.join(", ")),
    );
}

/// The sheets that are no area: instructions, the hidden lists and the summary.
fn template_sheets(checker: &ReturnChecker, book: &Book, instructions: Option<usize>) -> Vec<bool> {
    let mut used: Vec<bool> = book
        .sheets
        .iter()
        .map(|s| {
            let name = fold(&s.name);
            s.name == layout::LISTS_SHEET
                || checker.summary_names.contains(&name)
                || checker.to_correct_names.contains(&name)
                || (checker.catalog.savings.is_some() && checker.savings_names.contains(&name))
        })
        .collect();
    if let Some(i) = instructions {
        used[i] = true;
    }
    used
}

/// Area sheets found by their name in any catalog language: exactly as written first, then
/// folded (case, spacing) as a person sees it (invisible characters dropped).
fn by_name(checker: &ReturnChecker, book: &Book, used: &mut [bool]) -> Vec<Option<usize>> {
    let folded_sheets: Vec<String> = book.sheets.iter().map(|s| fold_visible(&s.name)).collect();
    let mut area_sheets = vec![None; checker.area_names.len()];
    for (a, names) in checker.area_names.iter().enumerate() {
        let folded = &checker.area_names_folded[a];
        let pos = book
            .sheets
            .iter()
            .enumerate()
            .position(|(i, s)| !used[i] && names.contains(&s.name))
            .or_else(|| {
                (0..book.sheets.len()).position(|i| !used[i] && folded.contains(&folded_sheets[i]))
            });
        if let Some(p) = pos {
            used[p] = true;
            area_sheets[a] = Some(p);
        }
    }
    area_sheets
}

/// The areas not found by name, looked for by the service ids on a remaining sheet
/// (renamed), else missing.
fn by_service_ids(
    checker: &ReturnChecker,
    book: &Book,
    used: &mut [bool],
    area_sheets: &mut [Option<usize>],
    ret: &mut Return,
) {
    let id_column = checker.columns.id;
    for (a, area) in checker.catalog.areas.iter().enumerate() {
        if area_sheets[a].is_some() {
            continue;
        }
        let expected = checker.area_display_name(a, ret.language);
        let ids: Vec<&str> = area.services.iter().map(|s| s.id.as_str()).collect();
        let pos = book.sheets.iter().enumerate().position(|(i, s)| {
            !used[i]
                && s.column(id_column)
                    .any(|(_, v)| matches!(v, Value::Text(t) if ids.contains(&t.trim())))
        });
        let Some(p) = pos else {
            ret.push(
                Finding::new(Code::MissingSheet).sheet(expected.clone()).arg("sheet", expected),
            );
            continue;
        };
        used[p] = true;
        area_sheets[a] = Some(p);
        let name = &book.sheets[p].name;
        ret.push(
            Finding::new(Code::RenamedSheet)
                .sheet(name.clone())
                .arg("sheet", name.clone())
                .arg("expected", expected),
        );
    }
}
