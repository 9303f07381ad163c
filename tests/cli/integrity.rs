//! The round's integrity (issue 22): a return made on another municipality's template never
//! replaces that municipality's own, a byte-identical copy is named so, corrections cannot
//! vanish, and a prefilled workbook sent back untouched is told apart. Real files: the
//! LibreOffice-saved returns of fixtures/.

use digiaste::report::{AggregateReport, ValidateReport};

use super::*;

/// The twelve returns of fixtures/returns copied into `dir/returns`, plus `extra`
/// (fixture, name) pairs.
fn round_with(dir: &Path, extra: &[(&str, &str)]) -> PathBuf {
    let returns = dir.join("returns");
    std::fs::create_dir(&returns).unwrap();
    for entry in std::fs::read_dir(fixture("returns")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e != "md") {
            std::fs::copy(&path, returns.join(path.file_name().unwrap())).unwrap();
        }
    }
    for (from, name) in extra {
        std::fs::copy(fixture(from), returns.join(name)).unwrap();
    }
    returns
}

fn aggregate(dir: &Path) -> (Output, AggregateReport) {
    let out = run_in(dir, &["aggregate", "returns", "-o", "s.xlsx", "--json", "s.json"]);
    let json = read_json(&dir.join("s.json"));
    (out, json)
}

#[test]
fn another_municipalitys_template_never_replaces_its_own_return() {
    let dir = tempfile::tempdir().unwrap();
    // Kerava filled the template Helsinki forwarded (LibreOffice, Helsinki's identity).
    let returns =
        round_with(dir.path(), &[("returns-known/fi-libreoffice.xlsx", "245-kerava.xlsx")]);
    let kerava = returns.join("245-kerava.xlsx");
    let out = digiaste().arg("validate").arg(&kerava).args(["--format", "json"]).output().unwrap();
    let report: ValidateReport = parse(&out.stdout);
    let file = &report.files[0];
    assert_eq!(file.municipality.as_ref().unwrap().code, "091", "the identity decides");
    let w = file.warnings.iter().find(|w| w.code == "file-names-other-municipality").unwrap();
    assert!(
        w.message.contains("245 Kerava") && w.message.contains("091 Helsinki"),
        "{}",
        w.message
    );

    let (out, json) = aggregate(dir.path());
    assert_eq!(out.status.code(), Some(1), "a conflict is the analyst's: {}", stderr(&out));
    let helsinki = json.municipalities.iter().find(|m| m.code == "091").unwrap();
    assert!(helsinki.path.ends_with("091-helsinki.xlsx"), "{}", helsinki.path);
    assert!(json.duplicates.iter().all(|d| d.code != "091"), "Kerava's file supersedes nothing");
    assert_eq!(json.conflicts.len(), 1);
    let c = &json.conflicts[0];
    assert_eq!((c.code.as_str(), c.others.len()), ("091", 1));
    assert!(c.kept.ends_with("091-helsinki.xlsx") && c.others[0].path.ends_with("245-kerava.xlsx"));
    assert_eq!(c.others[0].named, "245");
    let missing = json.missing.iter().find(|m| m.code == "245").unwrap();
    assert_eq!(serde_json::to_value(missing.reason).unwrap(), "other-template");
    assert!(missing.path.as_deref().unwrap().ends_with("245-kerava.xlsx"));
    assert!(missing.error.as_deref().unwrap().contains("245 Kerava"));
    let console = stdout(&out) + &stderr(&out);
    assert!(console.contains("conflict") && console.contains("245-kerava.xlsx"), "{console}");

    // Next year's Helsinki workbook carries Helsinki's own answers.
    let out = run_in(dir.path(), &["prefill", "returns", "--out-dir", "next"]);
    assert!(out.status.code().is_some_and(|c| c <= 1), "{}", stderr(&out));
    let score = |p: &Path| {
        let o = digiaste().arg("score").arg(p).args(["--format", "json"]).output().unwrap();
        let mut v: serde_json::Value = parse(&o.stdout);
        v["overall"].take()
    };
    let next = std::fs::read_dir(dir.path().join("next"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("091-"))
        .unwrap();
    assert_eq!(score(&next), score(&returns.join("091-helsinki.xlsx")));
    assert_ne!(score(&next), score(&kerava));
}

#[test]
fn a_byte_identical_copy_is_named_so() {
    let dir = tempfile::tempdir().unwrap();
    round_with(dir.path(), &[("returns/049-espoo.ods", "049-espoo (1).ods")]);
    let (out, json) = aggregate(dir.path());
    let espoo = json.duplicates.iter().find(|d| d.code == "049").unwrap();
    assert_eq!(espoo.superseded.len(), 1);
    assert_eq!(espoo.identical, espoo.superseded);
    let console = stdout(&out) + &stderr(&out);
    assert!(console.contains("identical copy"), "{console}");
    assert!(!console.contains("049-espoo.ods is newer") && !console.contains("(1).ods is newer"));
    // Tampere's two returns differ: superseded, not identical.
    let tampere = json.duplicates.iter().find(|d| d.code == "837").unwrap();
    assert!(tampere.identical.is_empty());
}

#[test]
fn a_prefilled_workbook_sent_back_untouched_is_told_apart() {
    let dir = tempfile::tempdir().unwrap();
    let src = fixture("returns/091-helsinki.xlsx");
    let out = run_in(dir.path(), &["prefill", src.to_str().unwrap(), "--out-dir", "next"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let made = dir.path().join("next/091-helsinki.xlsx");
    let out = digiaste().arg("validate").arg(&made).args(["--format", "json"]).output().unwrap();
    let report: ValidateReport = parse(&out.stdout);
    let warnings: Vec<&str> = report.files[0].warnings.iter().map(|w| w.code.as_str()).collect();
    assert!(warnings.contains(&"unchanged-prefill"), "{warnings:?}");
    // The response date is to be entered anew, not last round's.
    let o = digiaste().arg("score").arg(&made).args(["--format", "json"]).output().unwrap();
    let v: serde_json::Value = parse(&o.stdout);
    assert!(v["response_date"].is_null(), "{}", v["response_date"]);
    // The original return is no prefilled workbook: no such warning.
    let out = digiaste().arg("validate").arg(&src).args(["--format", "json"]).output().unwrap();
    let report: ValidateReport = parse(&out.stdout);
    assert!(report.files[0].warnings.iter().all(|w| w.code != "unchanged-prefill"));
}
