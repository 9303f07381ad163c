//! Returns saved by a third spreadsheet program, Gnumeric (`fixtures/returns-gnumeric/`,
//! made by `fixtures/make_gnumeric.py`): read, validated and scored like those of
//! LibreOffice and openpyxl, and the workbook's own formulas, recalculated by Gnumeric,
//! agree with `score`.

use std::collections::HashMap;

use calamine::{Data, Reader, open_workbook_auto};
use digiaste::check::Status;
use digiaste::measures::{AreaScore, Measures};
use digiaste::read::Value;
use digiaste::report::{ScoreReport, Totals};

use super::validate::{score_json, validate_json};
use super::*;

/// Language and the summary sheet's name in it.
const LANGS: [(&str, &str); 2] = [("fi", "Yhteenveto"), ("sv", "Sammanfattning")];
const FORMATS: [&str; 3] = ["xlsx", "ods", "xls"];

fn gnumeric(lang: &str, ext: &str) -> PathBuf {
    fixture(&format!("returns-gnumeric/{lang}-gnumeric.{ext}"))
}

#[test]
fn gnumeric_returns_are_valid_in_every_format() {
    let paths: Vec<PathBuf> =
        LANGS.iter().flat_map(|(l, _)| FORMATS.map(|e| gnumeric(l, e))).collect();
    let (code, report) = validate_json(&paths);
    assert_eq!(code, Some(0), "{report:?}");
    assert_eq!(report.totals, Totals { valid: 6, invalid: 0, unreadable: 0 });
    for file in &report.files {
        assert_eq!(file.status, Status::Valid, "{}", file.path);
        assert!(file.errors.is_empty(), "{}: {:?}", file.path, file.errors);
        // What the known answers leave open, and nothing else (no usage read as a date).
        let mut codes: Vec<&str> = file.warnings.iter().map(|w| w.code.as_str()).collect();
        codes.sort();
        assert_eq!(
            codes,
            ["incomplete-return", "incomplete-service", "unanswered-service", "unanswered-service"],
            "{}",
            file.path
        );
    }
}

#[test]
fn gnumeric_returns_score_exactly_as_the_same_answers_saved_by_openpyxl() {
    for (lang, _) in LANGS {
        let openpyxl = score_json(&fixture(&format!("returns-gnumeric/{lang}-openpyxl.xlsx")), &[]);
        assert!(openpyxl.overall.usage.is_some_and(|u| u > 0.5), "{lang}: usage is read");
        for ext in FORMATS {
            let theirs = score_json(&gnumeric(lang, ext), &[]);
            let json = |s: &ScoreReport| {
                serde_json::to_value((&s.overall, &s.areas, &s.municipality, &s.response_date))
                    .unwrap()
            };
            assert_eq!(json(&theirs), json(&openpyxl), "{lang}-gnumeric.{ext}");
        }
    }
}

/// A figure of a summary row, from `score`'s report: (column, name, value).
fn summary_figures(m: &Measures, services: &[&AreaScore]) -> Vec<(u32, &'static str, Option<f64>)> {
    let all = || services.iter().flat_map(|a| a.services.iter());
    let count = |n: usize| Some(n as f64);
    vec![
        (1, "services", count(all().count())),
        (2, "introduced", count(all().filter(|s| s.introduced == Some(true)).count())),
        (3, "coverage", Some(m.coverage)),
        (4, "degree", m.degree),
        (5, "realized", Some(m.realized)),
        (6, "usage", m.usage),
        (7, "scored", count(all().filter(|s| s.degree.is_some()).count())),
        (8, "degree_sum", Some(all().filter_map(|s| s.degree).sum())),
        (9, "usage_sum", Some(all().filter_map(|s| s.usage).map(|u| u * 100.0).sum())),
        (10, "usage_count", count(all().filter(|s| s.usage.is_some()).count())),
    ]
}

/// A sheet's numbers and texts, by (row, column).
type Cells = HashMap<(u32, u32), Result<f64, String>>;

/// Every sheet's cells as saved (cached formula results included): calamine for xlsx
/// and xls; for ods digiaste's own reader, since calamine stops at the whitespace
/// Gnumeric writes between the cells of its ods.
fn saved_sheets(path: &Path) -> Vec<Cells> {
    if path.extension().is_some_and(|e| e == "ods") {
        let book = digiaste::read::read_path(path).unwrap();
        let cell = |v: &Value| match v {
            Value::Number(f) | Value::Percent(f) => Ok(*f),
            other => Err(other.display()),
        };
        return book
            .sheets
            .iter()
            .map(|s| s.cells.iter().map(|(&k, v)| (k, cell(v))).collect())
            .collect();
    }
    let mut wb = open_workbook_auto(path).unwrap();
    let cell = |v: &Data| match v {
        Data::Float(f) => Ok(*f),
        Data::Int(i) => Ok(*i as f64),
        // calamine takes Gnumeric's xls number formats (ids 50–53) for built-in date formats.
        Data::DateTime(d) => Ok(d.as_f64()),
        other => Err(other.to_string()),
    };
    wb.sheet_names()
        .iter()
        .map(|name| {
            let range = wb.worksheet_range(name).unwrap();
            let (r0, c0) = range.start().unwrap_or((0, 0));
            range.used_cells().map(|(r, c, v)| ((r0 + r as u32, c0 + c as u32), cell(v))).collect()
        })
        .collect()
}

fn number(cells: &Cells, row: u32, col: u32) -> Option<f64> {
    cells.get(&(row, col)).and_then(|v| v.as_ref().ok()).copied()
}

fn agree(ours: Option<f64>, theirs: Option<f64>) -> bool {
    match (ours, theirs) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-12,
        (a, b) => a.is_none() && b.is_none(),
    }
}

/// The same check as for LibreOffice (`validate.rs`), over every figure of the summary
/// sheet: Gnumeric evaluated the workbook's formulas as `score` computes.
#[test]
fn score_equals_the_workbooks_own_formulas_after_gnumeric_recalculated() {
    for (lang, _) in LANGS {
        for ext in FORMATS {
            let path = gnumeric(lang, ext);
            let file = format!("{lang}-gnumeric.{ext}");
            let s = score_json(&path, &[]);
            let sheets = saved_sheets(&path);
            // Instructions, the six areas, the summary, the hidden lists.
            assert_eq!(sheets.len(), 9, "{file}");
            let summary = &sheets[7];
            let mut checked = 0;
            for (i, area) in s.areas.iter().enumerate() {
                for (col, key, ours) in summary_figures(&area.measures, &[area]) {
                    let theirs = number(summary, 3 + i as u32, col);
                    assert!(
                        agree(ours, theirs),
                        "{file} {} {key}: score {ours:?}, Gnumeric {theirs:?}",
                        area.id
                    );
                    checked += 1;
                }
                let sheet = &sheets[1 + i];
                for (j, svc) in area.services.iter().enumerate() {
                    let row = 4 + j as u32;
                    assert_eq!(sheet.get(&(row, 0)), Some(&Err(svc.id.clone())), "{file}");
                    let theirs = number(sheet, row, 10);
                    assert!(
                        agree(svc.degree, theirs),
                        "{file} {}: score {:?}, Gnumeric {theirs:?}",
                        svc.id,
                        svc.degree
                    );
                }
            }
            let areas: Vec<&AreaScore> = s.areas.iter().collect();
            for (col, key, ours) in summary_figures(&s.overall, &areas) {
                let theirs = number(summary, 3 + s.areas.len() as u32, col);
                assert!(
                    agree(ours, theirs),
                    "{file} overall {key}: score {ours:?}, Gnumeric {theirs:?}"
                );
                checked += 1;
            }
            assert_eq!(checked, 70, "{file}: every figure of the 6 areas and overall");
        }
    }
}

/// A usage cell holding a real date is no usage, whatever format: out of range, shown as
/// the date the person typed (Gnumeric's xls and ods, made by `make_gnumeric.py`).
#[test]
fn a_date_typed_into_a_usage_cell_is_out_of_range() {
    for ext in ["xls", "ods"] {
        let path = fixture(&format!("returns-gnumeric/fi-usage-date-gnumeric.{ext}"));
        let (code, report) = validate_json(std::slice::from_ref(&path));
        assert_eq!(code, Some(1), "{ext}");
        let errors = &report.files[0].errors;
        assert_eq!(errors.len(), 1, "{ext}: {errors:?}");
        let e = &errors[0];
        assert_eq!(e.code, "out-of-range");
        assert_eq!(
            (e.sheet.as_deref(), e.cell.as_deref()),
            (Some("Asuminen, ympäristö, liikenne"), Some("J5"))
        );
        assert_eq!(e.service.as_deref(), Some("asu.rakennuslupa"));
        assert!(e.message.contains("2026-03-15"), "{ext}: {}", e.message);
    }
}
