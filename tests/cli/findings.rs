//! One fixture per finding code (fixtures/findings, saved by LibreOffice; what each must
//! produce is in fixtures/findings/expected.json), and the hostile and broken files.

use digiaste::check::Status;
use digiaste::check::findings::Severity;
use digiaste::report::{FindingEntry, ScoreReport, Totals, ValidateReport};
use serde_json::Value;

use super::validate::{score_json, validate_json};
use super::*;

/// Where a finding is: code, sheet, cell and service.
type Place = (String, Option<String>, Option<String>, Option<String>);

/// The place of a finding as fixtures/findings/expected.json specifies it.
fn expected_place(f: &Value) -> Place {
    let text = |key: &str| match &f[key] {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => panic!("{key} in expected.json is neither text nor null: {other}"),
    };
    (
        text("code").unwrap_or_else(|| panic!("a finding without a code: {f}")),
        text("sheet"),
        text("cell"),
        text("service"),
    )
}

fn place(f: &FindingEntry) -> Place {
    (f.code.clone(), f.sheet.clone(), f.cell.clone(), f.service.clone())
}

#[test]
fn every_finding_fixture_reports_its_code_sheet_and_cell() {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("findings/expected.json")).unwrap())
            .unwrap();
    let base: Vec<_> =
        expected["base_findings"].as_array().unwrap().iter().map(expected_place).collect();
    let files = expected["files"].as_object().unwrap();
    assert!(files.len() >= 17);
    for (name, spec) in files {
        let (_, report) = validate_json(&[fixture(&format!("findings/{name}"))]);
        assert_eq!(report.files.len(), 1, "{name}");
        let file = &report.files[0];
        let found: Vec<_> = file.errors.iter().chain(&file.warnings).map(place).collect();
        let wanted: Vec<_> =
            spec["findings"].as_array().unwrap().iter().map(expected_place).collect();
        for w in &wanted {
            assert!(found.contains(w), "{name}: expected {w:?}, found {found:?}");
        }
        // Nothing else than what the change causes and what the known answers leave open.
        for f in &found {
            // A base finding may sit a row higher when the change deleted a row above it,
            // or on a Swedish sheet in the Swedish-template fixture.
            let in_base = base.iter().any(|b| (&b.0, &b.3) == (&f.0, &f.3));
            assert!(wanted.contains(f) || in_base, "{name}: unexpected {f:?}");
        }
        // Errors make the file invalid; warnings and information do not.
        let is_error = wanted.iter().any(|(code, ..)| file.errors.iter().any(|e| &e.code == code));
        assert_eq!(file.status, if is_error { Status::Invalid } else { Status::Valid }, "{name}");
        assert!(
            file.errors.iter().all(|e| e.severity == Severity::Error),
            "{name}: {:?}",
            file.errors
        );
        assert!(
            file.warnings.iter().all(|w| w.severity != Severity::Error),
            "{name}: {:?}",
            file.warnings
        );
        for e in file.errors.iter().chain(&file.warnings) {
            assert!(!e.message.is_empty(), "{name}: {e:?}");
        }
    }
}

#[test]
fn finding_codes_and_severities() {
    let (code, report) = validate_json(&[fixture("findings")]);
    assert_eq!(code, Some(1), "some fixtures are invalid");
    let status = |name: &str| {
        report
            .files
            .iter()
            .find(|f| f.path.ends_with(name))
            .unwrap_or_else(|| panic!("{name} not reported"))
            .status
    };
    for invalid in [
        "invalid-choice.xlsx",
        "invalid-number.xlsx",
        "out-of-range.xlsx",
        "missing-sheet.xlsx",
        "missing-service.xlsx",
        "duplicate-service.xlsx",
        "catalog-mismatch.xlsx",
        "missing-municipality.xlsx",
        "unknown-municipality.xlsx",
        "municipality-mismatch.xlsx",
    ] {
        assert_eq!(status(invalid), Status::Invalid, "{invalid}");
    }
    for valid in [
        "renamed-sheet.xlsx",
        "extra-sheet.xlsx",
        "moved-service.xlsx",
        "normalized-answer.xlsx",
        "added-service.xlsx",
    ] {
        assert_eq!(status(valid), Status::Valid, "{valid}");
    }
}

#[test]
fn usage_typed_as_percent_or_text_is_read_as_a_percentage() {
    let s = score_json(&fixture("findings/usage-percent-format.xlsx"), &[]);
    let usage = |s: &ScoreReport, id: &str| {
        s.areas[0].services.iter().find(|x| x.id == id).unwrap_or_else(|| panic!("{id}")).usage
    };
    assert_eq!(usage(&s, "asu.lietetyhjennys"), Some(0.45));
    let s = score_json(&fixture("findings/usage-as-text.xlsx"), &[]);
    assert_eq!(usage(&s, "asu.vesimittari"), Some(0.455));
}

#[test]
fn normalized_and_other_language_answers_score_like_exact_ones() {
    // D9 typed in upper case with spaces, E9 in Swedish: the same options as known.json.
    let known: Value = read_json(&fixture("answers/known.json"));
    let s = score_json(&fixture("findings/normalized-answer.xlsx"), &[]);
    let base = score_json(&fixture("returns-known/fi-libreoffice.xlsx"), &[]);
    assert_eq!(s.overall, base.overall);
    assert_eq!(known["asu.pysakointilupa"]["adoption"], 0);
}

#[test]
fn added_service_is_reported_and_not_scored() {
    let (_, report) = validate_json(&[fixture("findings/added-service.xlsx")]);
    let w = report.files[0]
        .warnings
        .iter()
        .find(|w| w.code == "added-service")
        .unwrap_or_else(|| panic!("{report:?}"));
    assert_eq!(w.severity, Severity::Info);
    assert!(w.message.contains("Kuntalaisten sähköinen asiointitili"), "{}", w.message);
    let s = score_json(&fixture("findings/added-service.xlsx"), &[]);
    let base = score_json(&fixture("returns-known/fi-libreoffice.xlsx"), &[]);
    assert_eq!(s.overall, base.overall, "added services do not enter the measures");
}

#[test]
fn messages_in_finnish_and_swedish() {
    let out = digiaste()
        .args(["validate", "--lang", "fi"])
        .arg(fixture("findings/invalid-choice.xlsx"))
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("D5")
            && text.contains("asu.rakennuslupa")
            && text.contains("\"jotain muuta\""),
        "{text}"
    );
    assert!(text.contains("Välilehti: Asuminen, ympäristö, liikenne"), "{text}");
    let out = digiaste()
        .args(["validate", "--lang", "sv"])
        .arg(fixture("findings/invalid-choice.xlsx"))
        .output()
        .unwrap();
    assert!(stdout(&out).contains("Flik") || stdout(&out).contains("flik"), "{}", stdout(&out));
    // Why a file is unreadable is told in the report's language too.
    let out = digiaste()
        .args(["validate", "--lang", "fi"])
        .arg(fixture("hostile/empty.xlsx"))
        .output()
        .unwrap();
    assert!(stdout(&out).contains("tiedosto on tyhjä (0 tavua)"), "{}", stdout(&out));
    // Added services are information, not warnings.
    let out = digiaste()
        .args(["validate", "--lang", "fi"])
        .arg(fixture("findings/added-service.xlsx"))
        .output()
        .unwrap();
    let text = stdout(&out);
    let info = text.find("Tiedoksi (1):").expect("an information section");
    assert!(text[info..].contains("[added-service]"), "{text}");
}

/// Every broken or hostile file gets a one-line reason, quickly, in modest memory.
#[test]
fn hostile_and_broken_files() {
    let cases = [
        ("hostile/empty.xlsx", Status::Unreadable, "unreadable-file", "empty"),
        ("hostile/truncated.xlsx", Status::Unreadable, "unreadable-file", "truncated"),
        ("hostile/not-a-zip.xlsx", Status::Unreadable, "unreadable-file", "not a spreadsheet"),
        ("hostile/renamed-csv.xls", Status::Unreadable, "unreadable-file", "not a spreadsheet"),
        ("hostile/notes.txt", Status::Unreadable, "unsupported-format", ".txt"),
        ("hostile/zip-bomb.xlsx", Status::Unreadable, "unreadable-file", "zip bomb"),
        ("hostile/encrypted.xlsx", Status::Unreadable, "encrypted-file", "password"),
        ("hostile/encrypted.ods", Status::Unreadable, "encrypted-file", "password"),
        ("hostile/encrypted.xls", Status::Unreadable, "encrypted-file", "password"),
        ("hostile/far-cell.xlsx", Status::Valid, "", ""),
        ("hostile/far-cell.ods", Status::Valid, "", ""),
        ("hostile/far-cell.xls", Status::Valid, "", ""),
    ];
    let paths: Vec<PathBuf> = cases.iter().map(|c| fixture(c.0)).collect();
    let (code, report) = validate_json(&paths);
    assert_eq!(code, Some(1));
    assert_eq!(report.files.len(), cases.len());
    for (f, (name, status, finding, words)) in report.files.iter().zip(cases) {
        assert_eq!(f.status, status, "{name}: {f:?}");
        if !finding.is_empty() {
            let e = &f.errors[0];
            assert_eq!(e.code, finding, "{name}");
            assert_eq!(e.severity, Severity::Error, "{name}");
            let msg = &e.message;
            assert!(msg.to_lowercase().contains(words), "{name}: {msg}");
            assert!(!msg.contains('\n'), "one line: {msg}");
        }
    }
    // Plain words only: no library's error text after the reason.
    let truncated = &report.files[1].errors[0].message;
    assert!(truncated.ends_with("the file is damaged or truncated"), "{truncated}");
    assert!(
        report
            .files
            .iter()
            .flat_map(|f| &f.errors)
            .all(|e| !e.message.contains("EOCD") && !e.message.contains("Could not")),
        "{report:?}"
    );
    assert_eq!(report.totals, Totals { valid: 3, invalid: 0, unreadable: 9 });
}

/// Inputs the fuzzer found crashing a reader (fixtures/fuzz, named after the defect):
/// each must be reported unreadable in one line, never crash.
#[test]
fn fuzz_regressions_are_unreadable_not_crashes() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture("fuzz"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "md"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for f in files {
        let out = digiaste().arg("validate").arg("--format").arg("json").arg(&f).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{}: {}", f.display(), stderr(&out));
        assert!(stderr(&out).is_empty(), "no panic message: {}", stderr(&out));
        let report: ValidateReport = parse(&out.stdout);
        assert_eq!(report.files[0].status, Status::Unreadable, "{}", f.display());
    }
}

/// A value typed in the last cell of a sheet must not cost the sheet's whole extent.
#[test]
fn far_cell_costs_no_memory() {
    for name in ["hostile/far-cell.xlsx", "hostile/far-cell.ods", "hostile/far-cell.xls"] {
        let Some(kb) = peak_kb(&["validate".into(), fixture(name).display().to_string()]) else {
            return;
        };
        assert!(kb < 100_000, "{name}: peak {kb} KB");
    }
    let kb = peak_kb(&["validate".into(), fixture("hostile/zip-bomb.xlsx").display().to_string()]);
    if let Some(kb) = kb {
        assert!(kb < 100_000, "zip bomb: peak {kb} KB");
    }
}

/// Peak resident memory of a digiaste run, from GNU time when it is installed.
fn peak_kb(args: &[String]) -> Option<u64> {
    if !Path::new("/usr/bin/time").exists() {
        eprintln!("/usr/bin/time not installed: memory not measured");
        return None;
    }
    let bin = assert_cmd::cargo::cargo_bin("digiaste");
    let out = std::process::Command::new("/usr/bin/time")
        .arg("-f")
        .arg("PEAK_KB=%M")
        .arg(bin)
        .args(args)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    err.lines().find_map(|l| l.strip_prefix("PEAK_KB=")).and_then(|v| v.trim().parse().ok())
}
