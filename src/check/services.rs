//! The services pass: where each catalog service is on the area sheets (by its id, on any
//! area sheet), which are missing, duplicated or moved, the answers of each row, and the
//! services a municipality added in the blank rows.

use std::collections::HashMap;

use crate::catalog::Area;
use crate::check::findings::{Code, Finding};
use crate::check::parse::parse_usage;
use crate::check::row::{ServiceRow, read_row};
use crate::check::{AddedService, Return, ReturnChecker};
use crate::lang::fold;
use crate::layout;
use crate::read::{Book, Sheet, Value};

/// A row on an area sheet: the sheet's index in the book and the row.
type RowPlace = (usize, u32);

/// Reads the services of every area whose sheet was found.
pub(super) fn read_services(
    checker: &ReturnChecker,
    book: &Book,
    area_sheets: &[Option<usize>],
    ret: &mut Return,
) {
    let places = locate(checker, book, area_sheets);
    for (a, area) in checker.catalog.areas.iter().enumerate() {
        let Some(home) = area_sheets[a] else { continue };
        let rows = service_rows(checker, book, a, home, &places, ret);
        read_rows(checker, book, a, home, &rows, ret);
        let catalog_rows: Vec<u32> =
            rows.iter().flatten().filter(|(p, _)| *p == home).map(|&(_, r)| r).collect();
        read_added(checker, &book.sheets[home], area, &catalog_rows, ret);
    }
}

/// Where each catalog service id appears, over all area sheets, in sheet and row order.
fn locate<'c>(
    checker: &ReturnChecker<'c>,
    book: &Book,
    area_sheets: &[Option<usize>],
) -> HashMap<&'c str, Vec<RowPlace>> {
    let mut places: HashMap<&str, Vec<RowPlace>> = HashMap::new();
    for &p in area_sheets.iter().flatten() {
        for (row, v) in book.sheets[p].column(checker.columns.id) {
            if row < layout::FIRST_SERVICE_ROW {
                continue;
            }
            if let Value::Text(t) = v
                && let Some((&id, _)) = checker.services.get_key_value(t.trim())
            {
                places.entry(id).or_default().push((p, row));
            }
        }
    }
    places
}

/// The row of each service of an area (its first occurrence), reporting the missing and
/// the duplicated ones.
fn service_rows(
    checker: &ReturnChecker,
    book: &Book,
    a: usize,
    home: usize,
    places: &HashMap<&str, Vec<RowPlace>>,
    ret: &mut Return,
) -> Vec<Option<RowPlace>> {
    let area = &checker.catalog.areas[a];
    let mut rows = Vec::with_capacity(area.services.len());
    for service in &area.services {
        let found = places.get(service.id.as_str()).map(Vec::as_slice).unwrap_or_default();
        let Some((&first, duplicates)) = found.split_first() else {
            ret.push(
                Finding::new(Code::MissingService)
                    .sheet(book.sheets[home].name.clone())
                    .service(service.id.clone())
                    .arg("service", service.id.clone()),
            );
            rows.push(None);
            continue;
        };
        for &(p, row) in duplicates {
            ret.push(
                Finding::new(Code::DuplicateService)
                    .sheet(book.sheets[p].name.clone())
                    .cell(layout::cell_name(row, checker.columns.id))
                    .service(service.id.clone())
                    .arg("service", service.id.clone())
                    .arg("row", (row + 1).to_string()),
            );
        }
        rows.push(Some(first));
    }
    rows
}

/// Reads the answers of each service found, reporting those moved.
fn read_rows(
    checker: &ReturnChecker,
    book: &Book,
    a: usize,
    home: usize,
    rows: &[Option<RowPlace>],
    ret: &mut Return,
) {
    for (s, service) in checker.catalog.areas[a].services.iter().enumerate() {
        let Some((p, row)) = rows[s] else { continue };
        let at = ServiceRow { sheet: &book.sheets[p], row, service };
        if p != home || out_of_order(rows, s) {
            ret.push(
                at.finding(Code::MovedService, checker.columns.id)
                    .arg("service", service.id.clone())
                    .arg("row", (row + 1).to_string())
                    .arg("expected", (layout::service_row(s) + 1).to_string()),
            );
        }
        let answers = read_row(checker, &at, ret);
        ret.answers[a][s] = answers;
        ret.comments[a][s] = at
            .sheet
            .get(row, checker.columns.comment)
            .map(|v| v.display())
            .filter(|c| !c.trim().is_empty());
    }
}

/// A service is moved when it left its order among its neighbours on the same sheet; rows
/// shifted by a deleted row above are not moved.
fn out_of_order(rows: &[Option<RowPlace>], s: usize) -> bool {
    let Some((p, row)) = rows[s] else { return false };
    let prev = rows[..s].iter().rev().flatten().find(|(pp, _)| *pp == p);
    let next = rows[s + 1..].iter().flatten().find(|(pp, _)| *pp == p);
    prev.is_some_and(|&(_, r)| r > row) || next.is_some_and(|&(_, r)| r < row)
}

/// Services typed into the blank rows (or anywhere below the list) of an area's sheet.
/// `catalog_rows` are the rows of the catalog's services on that sheet.
fn read_added(
    checker: &ReturnChecker,
    sheet: &Sheet,
    area: &Area,
    catalog_rows: &[u32],
    ret: &mut Return,
) {
    let cols = &checker.columns;
    for (row, v) in sheet.column(cols.name) {
        if row < layout::FIRST_SERVICE_ROW || catalog_rows.contains(&row) {
            continue;
        }
        let is_catalog_id = matches!(sheet.get(row, cols.id), Some(Value::Text(t)) if checker.services.contains_key(t.trim()));
        let name = v.display().trim().to_string();
        if is_catalog_id || name.is_empty() || checker.added_headings.contains(&fold(&name)) {
            continue;
        }
        ret.push(
            Finding::new(Code::AddedService)
                .sheet(sheet.name.clone())
                .cell(layout::cell_name(row, cols.name))
                .arg("name", name.clone()),
        );
        ret.add_service(|| added_service(checker, sheet, row, area, name));
    }
}

/// What the municipality answered about a service it added.
fn added_service(
    checker: &ReturnChecker,
    sheet: &Sheet,
    row: u32,
    area: &Area,
    name: String,
) -> AddedService {
    let cols = &checker.columns;
    let introduced = cols.adoption.and_then(|c| sheet.get(row, c)).and_then(|v| match v {
        Value::Text(t) => {
            checker.adoption.find(t).map(|(i, _)| checker.catalog.adoption[i].introduced)
        }
        _ => None,
    });
    AddedService {
        area: area.id.clone(),
        sheet: sheet.name.clone(),
        row,
        name,
        introduced,
        usage: cols
            .usage
            .and_then(|c| sheet.get(row, c))
            .and_then(|v| parse_usage(v).ok())
            .map(|(u, _)| u),
        comment: sheet.get(row, cols.comment).map(|v| v.display()),
        stages: cols
            .stages
            .iter()
            .enumerate()
            .map(|(k, &c)| match sheet.get(row, c) {
                Some(Value::Text(t)) => checker.stages[k].find(t).map(|(i, _)| i),
                _ => None,
            })
            .collect(),
    }
}

/// How much of the catalog the return answers: none is an `empty-return` (an untouched
/// template, or only the respondent block filled), some an `incomplete-return`. The
/// per-service "unanswered" warnings of an empty return say nothing more and are dropped.
pub(super) fn completeness(checker: &ReturnChecker, ret: &mut Return) {
    ret.answered = ret
        .answers
        .iter()
        .flatten()
        .filter(|a| a.introduced.is_some() || a.stages.iter().any(Option::is_some))
        .count();
    let total = checker.catalog.service_count();
    if ret.answered == 0 {
        ret.drop_codes(&[Code::UnansweredService, Code::UnansweredItem]);
        ret.push(Finding::new(Code::EmptyReturn).count(total));
    } else if ret.answered < total {
        ret.push(
            Finding::new(Code::IncompleteReturn)
                .count(total - ret.answered)
                .arg("total", total.to_string()),
        );
    }
}
