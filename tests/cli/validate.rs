//! `digiaste validate` and `digiaste score` on returns really saved by LibreOffice and
//! openpyxl (see fixtures/README.md).

use calamine::{Data, Reader, open_workbook_auto};
use digiaste::check::Status;
use digiaste::check::findings::Severity;
use digiaste::measures::Measures;
use digiaste::report::{ScoreReport, Totals, ValidateReport};
use serde_json::Value;

use super::*;

const KNOWN: [&str; 7] = [
    "returns-known/fi-libreoffice.xlsx",
    "returns-known/fi-libreoffice.ods",
    "returns-known/fi-libreoffice.xls",
    "returns-known/fi-openpyxl.xlsx",
    "returns-known/sv-libreoffice-499.xlsx",
    "returns-known/sv-libreoffice-499.ods",
    "returns-known/en-libreoffice.xlsx",
];

pub fn score_json(path: &Path, extra: &[&str]) -> ScoreReport {
    let out =
        digiaste().args(["score", "--format", "json"]).arg(path).args(extra).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}: {}", path.display(), stderr(&out));
    parse(&out.stdout)
}

pub fn validate_json(paths: &[PathBuf]) -> (Option<i32>, ValidateReport) {
    let out = digiaste().args(["validate", "--format", "json"]).args(paths).output().unwrap();
    (out.status.code(), parse(&out.stdout))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

/// Both known and close, or both unknown.
fn agree(ours: Option<f64>, theirs: Option<f64>) -> bool {
    matches!((ours, theirs), (Some(a), Some(b)) if close(a, b))
        || (ours.is_none() && theirs.is_none())
}

/// A measure of an area or a return: known or unknown.
type Measure = fn(&Measures) -> Option<f64>;

/// The ratio measures with the summary sheet's column of each (D..G).
const RATIO_COLUMNS: [(u32, &str, Measure); 4] = [
    (3, "coverage", |m| Some(m.coverage)),
    (4, "degree", |m| m.degree),
    (5, "realized", |m| Some(m.realized)),
    (6, "usage", |m| m.usage),
];

#[test]
fn known_returns_in_every_format_are_valid() {
    let paths: Vec<PathBuf> = KNOWN.iter().map(|p| fixture(p)).collect();
    let (code, report) = validate_json(&paths);
    assert_eq!(code, Some(0));
    assert_eq!(report.totals, Totals { valid: 7, invalid: 0, unreadable: 0 });
    // The warnings are exactly what the known answers leave open: services whose gate
    // is unanswered, introduced services with an unanswered stage.
    let known: Value = read_json(&fixture("answers/known.json"));
    let mut expected: Vec<(String, String)> = Vec::new();
    for (id, a) in known.as_object().unwrap() {
        if a["adoption"].is_null() {
            expected.push(("unanswered-service".into(), id.clone()));
        } else if a["adoption"] == 0 && a["stages"].as_array().unwrap().iter().any(|s| s.is_null())
        {
            // Stages that do not exist for the service are null too; the catalog decides.
            expected.push(("incomplete-service?".into(), id.clone()));
        }
    }
    for f in &report.files {
        assert_eq!(f.status, Status::Valid, "{f:?}");
        assert!(f.errors.is_empty(), "{}: {:?}", f.path, f.errors);
        let whole: Vec<&str> =
            f.warnings.iter().filter(|w| w.service.is_none()).map(|w| w.message.as_str()).collect();
        assert_eq!(whole, ["2 of 64 services unanswered."], "the return as a whole: {f:?}");
        let warnings: Vec<(String, String)> = f
            .warnings
            .iter()
            .filter(|w| w.code != "incomplete-return")
            .map(|w| {
                (
                    w.code.clone(),
                    w.service
                        .clone()
                        .unwrap_or_else(|| panic!("a warning without a service: {w:?}")),
                )
            })
            .collect();
        for (code, id) in &expected {
            if code == "unanswered-service" {
                assert!(warnings.contains(&(code.clone(), id.clone())), "{id} unanswered: {f:?}");
            }
        }
        for (code, id) in &warnings {
            assert!(
                expected.contains(&(code.clone(), id.clone()))
                    || expected.contains(&(format!("{code}?"), id.clone())),
                "unexpected {code} for {id}: {f:?}"
            );
            let w = f.warnings.iter().find(|w| w.service.as_ref() == Some(id)).unwrap();
            assert_eq!(w.severity, Severity::Warning, "{w:?}");
            assert!(w.cell.as_deref().is_some_and(|c| c.starts_with('C')), "the gate cell: {w:?}");
        }
        assert!(
            warnings.iter().any(|(c, _)| c == "incomplete-service"),
            "the fixture leaves one stage open: {f:?}"
        );
    }
    let code = |i: usize| report.files[i].municipality.as_ref().map(|m| m.code.as_str());
    assert_eq!(code(0), Some("091"));
    assert_eq!(code(4), Some("499"));
}

#[test]
fn every_format_and_language_scores_identically() {
    let first = score_json(&fixture(KNOWN[0]), &[]);
    for p in &KNOWN[1..] {
        let other = score_json(&fixture(p), &[]);
        assert_eq!(first.overall, other.overall, "{p}");
        assert_eq!(first.areas.len(), other.areas.len(), "{p}");
        for (a, b) in first.areas.iter().zip(&other.areas) {
            assert_eq!(a.id, b.id);
            for (_, key, measure) in RATIO_COLUMNS {
                assert_eq!(measure(&a.measures), measure(&b.measures), "{p} {} {key}", a.id);
            }
            assert_eq!(a.services.len(), b.services.len(), "{p} {}", a.id);
            for (s, t) in a.services.iter().zip(&b.services) {
                assert_eq!(
                    (&s.id, s.introduced, s.degree, s.usage),
                    (&t.id, t.introduced, t.degree, t.usage),
                    "{p}"
                );
            }
        }
        assert_eq!(other.catalog.id, "vm-digiaste");
        assert_eq!(other.response_date.as_deref(), Some("2026-03-15"));
    }
}

#[test]
fn score_matches_the_known_answers() {
    // Recompute coverage and usage from the answer file the fixtures were filled from.
    let known: Value = read_json(&fixture("answers/known.json"));
    let known = known.as_object().unwrap();
    let introduced: Vec<&Value> = known.values().filter(|a| a["adoption"] == 0).collect();
    let usages: Vec<f64> = introduced.iter().filter_map(|a| a["usage"].as_f64()).collect();
    let s = score_json(&fixture(KNOWN[0]), &[]);
    assert_eq!(known.len(), 64);
    assert!(close(s.overall.coverage, introduced.len() as f64 / 64.0));
    let mean_usage = usages.iter().sum::<f64>() / usages.len() as f64 / 100.0;
    assert!(
        s.overall.usage.is_some_and(|u| close(u, mean_usage)),
        "{:?} vs {mean_usage}",
        s.overall.usage
    );
    // The not-introduced and unanswered services have no degree.
    let services: Vec<_> = s.areas.iter().flat_map(|a| &a.services).collect();
    assert_eq!(services.len(), 64);
    for svc in &services {
        let k = &known[svc.id.as_str()];
        match k["adoption"].as_i64() {
            Some(0) => assert_eq!(svc.introduced, Some(true), "{}", svc.id),
            Some(1) => {
                assert_eq!(svc.introduced, Some(false), "{}", svc.id);
                assert_eq!(svc.degree, None, "{}", svc.id);
            }
            _ => assert!(svc.introduced.is_none() && svc.degree.is_none(), "{svc:?}"),
        }
    }
}

/// The workbook's own formulas, recalculated and saved by LibreOffice, agree with score.
#[test]
fn score_equals_the_workbooks_own_formulas_after_libreoffice_recalculated() {
    for (file, summary_sheet) in [
        ("returns-known/fi-libreoffice.xlsx", "Yhteenveto"),
        ("returns-known/fi-libreoffice.ods", "Yhteenveto"),
        ("returns-known/sv-libreoffice-499.xlsx", "Sammanfattning"),
    ] {
        let path = fixture(file);
        let s = score_json(&path, &[]);
        let mut wb = open_workbook_auto(&path).unwrap();
        let summary = wb.worksheet_range(summary_sheet).unwrap();
        let num = |r: u32, c: u32| match summary.get_value((r, c)) {
            Some(Data::Float(f)) => Some(*f),
            Some(Data::Int(i)) => Some(*i as f64),
            _ => None,
        };
        for (i, area) in s.areas.iter().enumerate() {
            let row = 3 + i as u32;
            for (col, key, measure) in RATIO_COLUMNS {
                let ours = measure(&area.measures);
                let theirs = num(row, col);
                assert!(
                    agree(ours, theirs),
                    "{file} {} {key}: score {ours:?}, workbook {theirs:?}",
                    area.id
                );
            }
            // Per service: the live degree column K.
            let sheet_name = wb.sheet_names()[1 + i].clone();
            let sheet = wb.worksheet_range(&sheet_name).unwrap();
            for (j, svc) in area.services.iter().enumerate() {
                let row = 4 + j as u32;
                assert_eq!(sheet.get_value((row, 0)).map(|v| v.to_string()), Some(svc.id.clone()));
                let cell = match sheet.get_value((row, 10)) {
                    Some(Data::Float(f)) => Some(*f),
                    _ => None,
                };
                assert!(
                    agree(svc.degree, cell),
                    "{file} {}: score {:?}, workbook {cell:?}",
                    svc.id,
                    svc.degree
                );
            }
        }
        for (col, key, measure) in RATIO_COLUMNS {
            let (ours, theirs) = (measure(&s.overall), num(9, col));
            assert!(
                matches!((ours, theirs), (Some(a), Some(b)) if close(a, b)),
                "{file} overall {key}: score {ours:?}, workbook {theirs:?}"
            );
        }
    }
}

#[test]
fn score_text_is_a_readable_table() {
    let out = digiaste().arg("score").arg(fixture(KNOWN[0])).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("091 Helsinki"), "{text}");
    assert!(text.contains("79.7 %"), "overall coverage: {text}");
    assert!(text.contains("asu.rakennuslupa"), "{text}");
}

#[test]
fn score_of_an_invalid_or_unreadable_file_exits_1_and_says_why() {
    let out =
        digiaste().arg("score").arg(fixture("findings/invalid-choice.xlsx")).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("the file is invalid; nothing to score"), "{}", stderr(&out));
    assert!(stderr(&out).contains("[invalid-choice]"), "its errors instead: {}", stderr(&out));
    assert!(stdout(&out).is_empty(), "no table of figures from an invalid file");
    let out = digiaste().arg("score").arg(fixture("hostile/truncated.xlsx")).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("[unreadable-file]"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
}

#[test]
fn missing_input_is_a_usage_error() {
    let out = digiaste().args(["validate", "no-such-folder"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no-such-folder: no such file or folder"), "{}", stderr(&out));
}

#[test]
fn validate_walks_folders_and_skips_lock_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
    std::fs::copy(fixture(KNOWN[0]), dir.path().join("a/b/091.xlsx")).unwrap();
    std::fs::write(dir.path().join("a/~$091.xlsx"), b"lock").unwrap();
    std::fs::write(dir.path().join("a/.~lock.091.xlsx#"), b"lock").unwrap();
    std::fs::write(dir.path().join("a/notes.txt"), b"hello").unwrap();
    let (code, report) = validate_json(&[dir.path().join("a")]);
    assert_eq!(code, Some(0));
    assert_eq!(report.files.len(), 1, "{report:?}");
    assert!(report.files[0].path.ends_with("091.xlsx"), "{}", report.files[0].path);
    assert_eq!(report.totals, Totals { valid: 1, invalid: 0, unreadable: 0 });
}

/// The returns LibreOffice filled, recalculated and saved show no error cell anywhere:
/// every formula of the template evaluates in LibreOffice.
#[test]
fn libreoffice_recalculated_returns_have_no_error_cells() {
    let mut files: Vec<PathBuf> =
        KNOWN.iter().filter(|p| p.contains("libreoffice")).map(|p| fixture(p)).collect();
    files.extend(std::fs::read_dir(fixture("returns")).unwrap().map(|e| e.unwrap().path()).filter(
        |p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            (name.ends_with(".xlsx") || name.ends_with(".ods") || name.ends_with(".xls"))
                && name != "saate.xlsx"
                && !name.contains("rikki")
        },
    ));
    assert!(files.len() >= 15);
    for path in files {
        let mut wb = open_workbook_auto(&path).unwrap();
        let mut formulas = 0;
        for name in wb.sheet_names() {
            let range = wb.worksheet_range(&name).unwrap();
            for (r, c, v) in range.used_cells() {
                assert!(!matches!(v, Data::Error(_)), "{} {name} ({r},{c}): {v:?}", path.display());
            }
            formulas += wb.worksheet_formula(&name).map(|f| f.used_cells().count()).unwrap_or(0);
        }
        assert!(
            formulas > 64,
            "{}: the template's formulas are there ({formulas})",
            path.display()
        );
    }
}

/// A catalog edited without a new version: returns of the earlier edition are read, with
/// a warning.
#[test]
fn catalog_edited_without_a_new_version_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let text = stdout(&run_in(dir.path(), &["catalog", "show"])).replacen(
        "Rakennuslupa",
        "Rakennuslupa ja toimenpidelupa",
        1,
    );
    std::fs::write(dir.path().join("edited.toml"), text).unwrap();
    let out = digiaste()
        .args(["validate", "--format", "json", "-c"])
        .arg(dir.path().join("edited.toml"))
        .arg(fixture(KNOWN[0]))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report: ValidateReport = parse(&out.stdout);
    let w = &report.files[0].warnings[0];
    assert_eq!(w.code, "catalog-changed", "{report:?}");
    assert_eq!(w.severity, Severity::Warning);
    assert_eq!(w.cell.as_deref(), Some("B4"));
}

/// Each municipality can be sent its own list of problems.
#[test]
fn report_dir_holds_one_report_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = digiaste()
        .current_dir(dir.path())
        .args(["validate", "--lang", "fi", "--report-dir", "raportit"])
        .arg(fixture("findings/invalid-choice.xlsx"))
        .arg(fixture("returns/091-helsinki.xlsx"))
        .arg(fixture("returns-known/fi-libreoffice.xlsx"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report =
        std::fs::read_to_string(dir.path().join("raportit/invalid-choice.xlsx.txt")).unwrap();
    assert!(
        report.contains("Korjattavat kohdat:")
            && report.contains("solu D5")
            && report.contains("\"jotain muuta\""),
        "{report}"
    );
    assert!(report.contains("1 virhe,") && report.contains("Mitä seuraavaksi"), "{report}");
    assert!(
        !report.contains(&fixture("").display().to_string()),
        "no path of this machine: {report}"
    );
    assert!(dir.path().join("raportit/091-helsinki.xlsx.txt").exists());
    assert!(dir.path().join("raportit/fi-libreoffice.xlsx.txt").exists());
    // Two inputs of the same name (in different folders) get two reports.
    for sub in ["a", "b"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        std::fs::copy(fixture(KNOWN[0]), dir.path().join(sub).join("x.xlsx")).unwrap();
    }
    let out = digiaste()
        .current_dir(dir.path())
        .args(["validate", "a", "b", "--report-dir", "same"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        dir.path().join("same/x.xlsx.txt").exists()
            && dir.path().join("same/x.xlsx-2.txt").exists()
    );
    // Reports are not replaced without --force, and nothing is read before that is known.
    let again = digiaste()
        .current_dir(dir.path())
        .args(["validate", "--report-dir", "raportit"])
        .arg(fixture("findings/invalid-choice.xlsx"))
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("already exists"), "{}", stderr(&again));
}
