//! A round the ministry can trust (issue 9): only real answers count, identity cannot be
//! mixed up, every municipality is accounted for, own outputs are not inputs, no silent
//! empty runs, `score` refuses what it cannot score, built-in catalogs are recognised, and
//! a closed pipe is quiet. Fixtures: fixtures/round-trust (see its EXPECTED.json),
//! fixtures/not-spreadsheets, fixtures/indicator.

use calamine::{Data, Reader, Xlsx, open_workbook};
use digiaste::check::Status;
use digiaste::report::{AggregateReport, ScoreReport, ValidateReport};
use digiaste::round::MissingReason;

use super::*;

fn trust(name: &str) -> String {
    fixture(&format!("round-trust/{name}")).display().to_string()
}

fn validate_one(name: &str) -> digiaste::report::FileReport {
    let out = digiaste().args(["validate", "--format", "json", &trust(name)]).output().unwrap();
    let report: ValidateReport = parse(&out.stdout);
    report.files.into_iter().next().unwrap()
}

fn codes(list: &[digiaste::report::FindingEntry]) -> Vec<&str> {
    list.iter().map(|f| f.code.as_str()).collect()
}

/// Copies fixtures/round-trust into a fresh folder `in`.
fn trust_round() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    for e in std::fs::read_dir(fixture("round-trust")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join("in").join(p.file_name().unwrap())).unwrap();
    }
    dir
}

#[test]
fn untouched_and_respondent_only_returns_are_empty() {
    for (name, code) in [("297-kuopio-untouched.xlsx", "297"), ("853-turku-respondent.ods", "853")]
    {
        let f = validate_one(name);
        assert_eq!(f.status, Status::Invalid, "{name}");
        assert_eq!(codes(&f.errors), ["empty-return"], "{name}");
        assert!(
            f.errors[0].message.contains("None of the catalog's 64 services is answered"),
            "{:?}",
            f.errors
        );
        assert_eq!(f.municipality.as_ref().map(|m| m.code.as_str()), Some(code));
        // Not 64 "unanswered" warnings on top.
        assert!(!codes(&f.warnings).contains(&"unanswered-service"), "{name}: {:?}", f.warnings);
    }
}

#[test]
fn half_answered_return_counts_with_one_incomplete_warning() {
    let f = validate_one("179-jyvaskyla-half.xlsx");
    assert_eq!(f.status, Status::Valid, "{f:?}");
    let whole: Vec<&str> = f
        .warnings
        .iter()
        .filter(|w| w.code == "incomplete-return")
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(whole, ["34 of 64 services unanswered."]);
    // The text report: a blank area is one line listing its cells, not eleven.
    let out = digiaste().args(["validate", &trust("179-jyvaskyla-half.xlsx")]).output().unwrap();
    let text = stdout(&out);
    let line = "C5, C6, C7, C8, C9, C10, C11, C12, C13, C14, C15 (11): The service is marked neither introduced nor not introduced. [unanswered-service]";
    assert_eq!(text.matches(line).count(), 2, "{text}");
    assert_eq!(text.matches("[unanswered-service]").count(), 5, "{text}");
    // The JSON keeps every finding.
    assert_eq!(f.warnings.iter().filter(|w| w.code == "unanswered-service").count(), 34);
}

#[test]
fn name_and_code_must_agree_with_the_register() {
    let f = validate_one("espoo-091-mismatch.xlsx");
    assert_eq!(f.status, Status::Invalid);
    assert_eq!(codes(&f.errors), ["municipality-mismatch"]);
    let e = &f.errors[0];
    assert_eq!((e.sheet.as_deref(), e.cell.as_deref()), (Some("Ohjeet"), Some("B4")));
    assert_eq!(
        e.message,
        "The municipality name \"Espoo\" does not match the code 091, which is Helsinki in the register. Check which municipality the answers are from."
    );
}

#[test]
fn the_blank_templates_dropdown_gives_name_and_code() {
    // LibreOffice computed the code by the template's formula; openpyxl left it uncomputed.
    for (name, code, muni) in [
        ("049-espoo-dropdown.xlsx", "049", "Espoo"),
        ("905-vasa-dropdown-openpyxl.xlsx", "905", "Vasa"),
    ] {
        let f = validate_one(name);
        assert_eq!(f.status, Status::Valid, "{name}: {f:?}");
        let m = f.municipality.unwrap();
        assert_eq!((m.code.as_str(), m.name.as_str()), (code, muni));
    }
    // The template itself: one dropdown of "name – code", the code cell a formula of it.
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["template", "--lang", "sv", "-o", "blank.xlsx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let path = dir.path().join("blank.xlsx");
    let instructions = xlsx_part(&path, "xl/worksheets/sheet1.xml");
    assert!(instructions.contains(r#"sqref="B4""#), "the dropdown is on the name cell");
    assert!(instructions.contains(r#"<f>IF(B4="","",RIGHT(TRIM(B4),3))</f>"#), "{instructions}");
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let lists = wb.worksheet_range("digiaste").unwrap();
    let entries: Vec<String> = lists
        .rows()
        .filter_map(|r| {
            r.iter().find_map(|c| match c {
                Data::String(s) if s.ends_with(" – 091") || s.ends_with(" – 905") => {
                    Some(s.clone())
                }
                _ => None,
            })
        })
        .collect();
    assert_eq!(entries, ["Helsingfors – 091", "Vasa – 905"]);
}

#[test]
fn every_municipality_is_accounted_for_with_its_reason() {
    let dir = trust_round();
    // In a Finnish locale: the summary, its messages and the console are in Finnish.
    let out = digiaste()
        .env("LANG", "fi_FI.UTF-8")
        .current_dir(dir.path())
        .args(["aggregate", "in", "-o", "s.xlsx", "--json", "s.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("3 kuntaa, 3 tiedostoa hylätty, 0 korvattua, 305 puuttuu (302 ei saapunut, 1 hylätty, 2 tyhjää)"), "{}", stderr(&out));
    let json: AggregateReport = read_json(&dir.path().join("s.json"));
    let counted: Vec<(&str, Option<f64>)> =
        json.municipalities.iter().map(|m| (m.code.as_str(), m.answered)).collect();
    assert_eq!(
        counted,
        [("049", Some(62.0 / 64.0)), ("179", Some(30.0 / 64.0)), ("905", Some(62.0 / 64.0))]
    );
    let jyv = &json.municipalities[1];
    assert_eq!(
        (jyv.respondent.name.as_deref(), jyv.respondent.email.as_deref()),
        (Some("Jussi Jyrkkä"), Some("jussi@example.invalid"))
    );
    let missing = |code: &str| {
        json.missing.iter().find(|m| m.code == code).unwrap_or_else(|| panic!("{code} missing"))
    };
    let kuopio = missing("297");
    assert_eq!(
        (kuopio.reason, kuopio.path.as_deref(), kuopio.respondent.as_ref()),
        (MissingReason::Empty, Some("in/297-kuopio-untouched.xlsx"), None)
    );
    let turku = missing("853");
    assert_eq!(turku.reason, MissingReason::Empty);
    let contact = turku.respondent.as_ref().unwrap();
    assert_eq!(
        (contact.name.as_deref(), contact.email.as_deref()),
        (Some("Tiina Turunen"), Some("tiina.turunen@example.invalid"))
    );
    let helsinki = missing("091");
    assert_eq!(
        (helsinki.reason, helsinki.path.as_deref()),
        (MissingReason::Rejected, Some("in/espoo-091-mismatch.xlsx"))
    );
    assert!(
        helsinki.error.as_deref().unwrap().contains("\"Espoo\" ei vastaa kuntanumeroa 091"),
        "{helsinki:?}"
    );
    let alajarvi = missing("005");
    assert_eq!(
        (alajarvi.reason, alajarvi.path.as_ref(), alajarvi.name.as_str()),
        (MissingReason::NotReceived, None, "Alajärvi")
    );
    assert_eq!(json.missing.len(), 305);
    // The raw JSON spells the reasons as docs/json.md does.
    let raw = std::fs::read_to_string(dir.path().join("s.json")).unwrap();
    for reason in
        ["\"reason\": \"not-received\"", "\"reason\": \"rejected\"", "\"reason\": \"empty\""]
    {
        assert!(raw.contains(reason), "{reason}");
    }

    // The workbook: overview with respondent, e-mail and completeness; the missing sheet
    // with reasons and contacts, and returned / expected per region.
    let mut wb: Xlsx<_> = open_workbook(dir.path().join("s.xlsx")).unwrap();
    let overview = wb.worksheet_range("Yleiskatsaus").unwrap();
    let s = |v: Option<&Data>| v.cloned().unwrap_or(Data::Empty);
    use digiaste::summary::layout::{OverviewDetail as D, overview_detail_col};
    let catalog = digiaste::catalog::Catalog::default_catalog();
    let col = |d: D| overview_detail_col(&catalog, d) as u32;
    assert_eq!(s(overview.get_value((3, col(D::Respondent)))), Data::String("Vastaaja".into()));
    assert_eq!(s(overview.get_value((6, 0))), Data::String("179".into()));
    assert_eq!(s(overview.get_value((6, col(D::Respondent)))), Data::String("Jussi Jyrkkä".into()));
    assert_eq!(
        s(overview.get_value((6, col(D::Email)))),
        Data::String("jussi@example.invalid".into())
    );
    assert_eq!(s(overview.get_value((6, col(D::Completeness)))), Data::Float(30.0 / 64.0));
    let sheet = wb.worksheet_range("Puuttuvat").unwrap();
    let row_of = |code: &str| {
        sheet
            .rows()
            .find(|r| r[0] == Data::String(code.into()))
            .unwrap_or_else(|| panic!("{code}"))
            .to_vec()
    };
    let turku = row_of("853");
    assert_eq!(turku[4], Data::String("palautettu tyhjänä".into()));
    assert_eq!(turku[5], Data::String("in/853-turku-respondent.ods".into()));
    assert_eq!(
        (&turku[7], &turku[8]),
        (
            &Data::String("Tiina Turunen".into()),
            &Data::String("tiina.turunen@example.invalid".into())
        )
    );
    let helsinki = row_of("091");
    assert_eq!(helsinki[4], Data::String("hylätty".into()));
    assert!(matches!(&helsinki[6], Data::String(e) if e.contains("\"Espoo\"")), "{helsinki:?}");
    assert_eq!(row_of("005")[4], Data::String("ei saapunut".into()));
    // Per region (columns K..M): Uusimaa has Espoo; the total row 3 of 308.
    let region = |name: &str| {
        sheet
            .rows()
            .find(|r| r.get(10) == Some(&Data::String(name.into())))
            .map(|r| (r[11].clone(), r[12].clone()))
    };
    assert_eq!(region("Uusimaa").map(|r| r.0), Some(Data::Float(1.0)));
    assert_eq!(region("Yhteensä"), Some((Data::Float(3.0), Data::Float(308.0))));
}

#[test]
fn a_summary_inside_the_returns_folder_is_skipped_and_the_run_repeats() {
    let dir = trust_round();
    let run = || {
        run_in(
            dir.path(),
            &["aggregate", "in", "-o", "in/summary.xlsx", "--json", "s.json", "--force"],
        )
    };
    let first = run();
    assert_eq!(first.status.code(), Some(1), "{}", stderr(&first));
    let json1 = std::fs::read_to_string(dir.path().join("s.json")).unwrap();
    let second = run();
    assert_eq!(second.status.code(), Some(1), "{}", stderr(&second));
    assert!(stderr(&second).contains("digiaste: note: in/summary.xlsx is a summary written by digiaste, not a return; skipped"), "{}", stderr(&second));
    assert!(!stderr(&second).contains("rejected in/summary.xlsx"), "{}", stderr(&second));
    // The same result both times: all but the moment it was made.
    let without_time = |text: &str| {
        let mut v: serde_json::Value = serde_json::from_str(text).unwrap();
        assert!(v["generated_at"].as_str().is_some_and(|t| t.ends_with('Z')), "{text}");
        v["generated_at"] = serde_json::Value::Null;
        v
    };
    assert_eq!(
        without_time(&std::fs::read_to_string(dir.path().join("s.json")).unwrap()),
        without_time(&json1),
        "the same result both times"
    );
    // validate says the same, and does not count it as a file.
    let out = run_in(dir.path(), &["validate", "in", "--format", "json"]);
    let report: ValidateReport = parse(&out.stdout);
    assert_eq!(report.files.len(), 6);
    assert!(
        stderr(&out).contains("in/summary.xlsx is a summary written by digiaste"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn inputs_without_a_spreadsheet_are_a_usage_error() {
    let dir = fixture("not-spreadsheets").display().to_string();
    let tmp = tempfile::tempdir().unwrap();
    for args in
        [vec!["validate", &dir], vec!["aggregate", &dir, "-o", "s.xlsx"], vec!["score", &dir]]
    {
        let out = run_in(tmp.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        // The skipped files are named, then the usage error says why nothing was done.
        let err = stderr(&out);
        assert!(err.contains("skipped 3 files that are not spreadsheets"), "{args:?}: {err}");
        assert!(
            err.ends_with(&format!(
                "digiaste: error: no spreadsheet found in {dir} (3 other files skipped)\n"
            )),
            "{args:?}: {err}"
        );
    }
    assert!(!tmp.path().join("s.xlsx").exists(), "no empty summary");
}

#[test]
fn expected_lines_that_are_no_register_codes_are_warned_about() {
    let dir = trust_round();
    std::fs::write(dir.path().join("codes.csv"), "code\n049\n999\nEspoo\n179\n").unwrap();
    let out = run_in(
        dir.path(),
        &["aggregate", "in", "-o", "s.xlsx", "--json", "s.json", "--expected", "codes.csv"],
    );
    let err = stderr(&out);
    assert!(
        err.contains(
            "codes.csv: line 3: \"999\" is not a municipality code of the register; left out"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "codes.csv: line 4: \"Espoo\" is not a municipality code of the register; left out"
        ),
        "{err}"
    );
    let json: AggregateReport = read_json(&dir.path().join("s.json"));
    assert!(json.missing.is_empty(), "049 and 179 both counted: {:?}", json.missing);
}

#[test]
fn score_refuses_an_invalid_or_empty_return() {
    for (name, code) in [
        ("espoo-091-mismatch.xlsx", "municipality-mismatch"),
        ("297-kuopio-untouched.xlsx", "empty-return"),
    ] {
        let out = digiaste().args(["score", &trust(name)]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert_eq!(stdout(&out), "", "no table of zeros: {name}");
        assert!(stderr(&out).contains("the file is invalid; nothing to score"), "{}", stderr(&out));
        assert!(stderr(&out).contains(&format!("[{code}]")), "{}", stderr(&out));
    }
}

#[test]
fn built_in_catalogs_are_recognised_without_c() {
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("indicator/expected.json")).unwrap())
            .unwrap();
    let want = expected["files"]["2017/499-korsholm.xlsx"]["total_points"].as_f64();
    let out = digiaste()
        .args(["score", "--format", "json"])
        .arg(fixture("indicator/2017/499-korsholm.xlsx"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: ScoreReport = parse(&out.stdout);
    assert_eq!(
        (report.catalog.id.as_str(), report.catalog.version.as_str()),
        ("eblomlada", "2017")
    );
    assert_eq!(want, Some(242.0));
    assert_eq!(report.overall.points, want);
    // A round of indicator returns aggregates with its catalog.
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(
        dir.path(),
        &[
            "aggregate",
            &fixture("indicator/2017").display().to_string(),
            "-o",
            "s.xlsx",
            "--json",
            "s.json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: AggregateReport = read_json(&dir.path().join("s.json"));
    assert_eq!(json.catalog.id, "eblomlada");
    assert_eq!(json.municipalities.len(), 3);
    // `-c` takes a built-in id; an unknown one is a usage error naming the built-in ones.
    let out = run_in(dir.path(), &["template", "-c", "eblomlada", "--lang", "sv", "-o", "b.xlsx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = run_in(dir.path(), &["template", "-c", "nosuch", "-o", "c.xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no built-in catalog of that id (built in: vm-digiaste, eblomlada)"),
        "{}",
        stderr(&out)
    );
    // A return of a catalog that is not built in still names what it says it is.
    let out = digiaste()
        .args(["validate", "--format", "json"])
        .arg(fixture("findings/catalog-mismatch.xlsx"))
        .output()
        .unwrap();
    let report: ValidateReport = parse(&out.stdout);
    assert_eq!(codes(&report.files[0].errors), ["catalog-mismatch"]);
    assert!(
        report.files[0].errors[0].message.contains("vm-digiaste 2019.1"),
        "{:?}",
        report.files[0].errors
    );
}

#[test]
fn catalog_list_shows_the_built_in_catalogs() {
    let out = digiaste().args(["catalog", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].starts_with("vm-digiaste  2025.1    64 services in 6 areas"), "{text}");
    assert!(lines[1].starts_with("eblomlada    2017      88 services in 8 areas"), "{text}");
}

/// Every command's output into a pipe whose reader has gone: no panic message, exit 0.
#[test]
fn a_closed_pipe_ends_the_command_quietly() {
    let bin = assert_cmd::cargo::cargo_bin("digiaste");
    let returns = fixture("returns").display().to_string();
    let one = fixture("returns/091-helsinki.xlsx").display().to_string();
    let commands: [&[&str]; 4] = [
        &["validate", &returns, "--format", "json"],
        &["validate", &returns],
        &["score", &one, "--format", "json"],
        &["catalog", "show"],
    ];
    for args in commands {
        let mut child = std::process::Command::new(&bin)
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // `| head -c 0`: the reader is gone before the command writes.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        // Nothing but the note on skipped files (the folder holds EXPECTED.md): no panic.
        let err = stderr(&out);
        assert!(
            !err.contains("panicked") && !err.contains("error") && !err.contains("Broken pipe"),
            "{args:?}: {err}"
        );
    }
    // And through a shell, as a user types it.
    let line = format!(
        "'{}' validate '{returns}' --format json | head -c 10; echo \" ${{PIPESTATUS[0]}}\"",
        bin.display()
    );
    let out = std::process::Command::new("bash").args(["-c", &line]).output().unwrap();
    assert_eq!(stdout(&out), "{\n  \"files 0\n");
    assert!(
        !stderr(&out).contains("panicked") && !stderr(&out).contains("error"),
        "{}",
        stderr(&out)
    );
}

/// Issue 15, point 6: a mistyped date in the future (2062) is `invalid-date` and does not
/// decide between two returns of one municipality: the resend dated 2026 is counted.
#[test]
fn a_date_in_the_future_never_wins_between_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(
        dir.path(),
        &["aggregate", fixture("dates").to_str().unwrap(), "-o", "s.xlsx", "--json", "s.json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: AggregateReport = read_json(&dir.path().join("s.json"));
    assert_eq!(json.duplicates.len(), 1);
    assert!(json.duplicates[0].kept.ends_with("091-helsinki-resend.xlsx"), "{:?}", json.duplicates);
    assert!(
        json.duplicates[0].superseded[0].ends_with("091-helsinki-2062.xlsx"),
        "{:?}",
        json.duplicates
    );
    assert_eq!(json.municipalities[0].response_date.as_deref(), Some("2026-03-20"));
    let (code, report) = super::validate::validate_json(&[fixture("dates/091-helsinki-2062.xlsx")]);
    assert_eq!(code, Some(0), "a warning: the answers still count");
    let date =
        report.files[0].warnings.iter().find(|w| w.code == "invalid-date").expect("invalid-date");
    assert_eq!(date.cell.as_deref(), Some("B8"));
    assert!(
        date.message.contains("\"2062-03-15\" is not a valid response date"),
        "{}",
        date.message
    );
}
