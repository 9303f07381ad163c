//! The round file (`--round`, docs/round.md; issue 22): the instructions sheet of the
//! assessment workbook (`template`, `prefill`) and the feedback workbooks show the round's
//! name, deadline, where to return the file and whom to contact, as each language writes
//! them; without a round file nothing of it is said. The instructions say that the
//! savings sheet is optional.

use super::letters::ROUND;
use super::*;

/// Every shared string of an xlsx.
fn strings(path: &Path) -> String {
    xlsx_part(path, "xl/sharedStrings.xml")
}

fn with_round(dir: &Path) -> PathBuf {
    let path = dir.join("kierros.toml");
    std::fs::write(&path, ROUND).unwrap();
    path
}

#[test]
fn the_instructions_show_the_round_in_each_language_and_nothing_without_one() {
    let dir = tempfile::tempdir().unwrap();
    with_round(dir.path());
    let expected = [
        (
            "fi",
            [
                "Digitaalisuuden itsearviointi 2026",
                "Määräpäivä: palauta työkirja viimeistään 31.3.2026.",
                "Palautus: digiaste@vm.fi",
                "Yhteyshenkilö: Maija Virtanen, valtiovarainministeriö, maija.virtanen@gov.fi",
            ],
        ),
        (
            "sv",
            [
                "Självbedömning av digitaliseringen 2026",
                "Sista dag: returnera arbetsboken senast 31.3.2026.",
                "Returneras till: digiaste@vm.fi",
                "Kontaktperson: Maija Virtanen, valtiovarainministeriö, maija.virtanen@gov.fi",
            ],
        ),
        (
            "en",
            [
                "Digital self-assessment 2026",
                "Deadline: return the workbook by 31 March 2026.",
                "Return to: digiaste@vm.fi",
                "Contact: Maija Virtanen, valtiovarainministeriö, maija.virtanen@gov.fi",
            ],
        ),
    ];
    let optional = [
        ("fi", "Välilehden Hyötykartoitus täyttäminen on vapaaehtoista"),
        ("sv", "Det är frivilligt att fylla i fliken Nyttokartläggning"),
        ("en", "Filling in the Savings sheet is optional"),
    ];
    for ((lang, lines), (_, savings)) in expected.iter().zip(optional) {
        let with = format!("{lang}-round.xlsx");
        let out = run_in(
            dir.path(),
            &["template", "--lang", lang, "--round", "kierros.toml", "-o", &with],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let s = strings(&dir.path().join(&with));
        for line in lines {
            assert!(s.contains(line), "{lang}: {line} in {s}");
        }
        assert!(s.contains(savings), "{lang}: the savings sheet is optional");
        let without = format!("{lang}.xlsx");
        let out = run_in(dir.path(), &["template", "--lang", lang, "-o", &without]);
        assert!(out.status.success(), "{}", stderr(&out));
        let s = strings(&dir.path().join(&without));
        assert!(lines.iter().all(|l| !s.contains(l)), "{lang}: nothing of a round");
        assert!(!s.contains("31.3.2026") && !s.contains("vm.fi"));
        assert!(s.contains(savings), "{lang}: said with or without a round");
    }
    // A catalog without savings has no savings sheet to call optional.
    let eblomlada = fixture("../templates/eblomlada-2017.toml");
    let out = run_in(
        dir.path(),
        &["template", "-c", eblomlada.to_str().unwrap(), "--lang", "sv", "-o", "e.xlsx"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!strings(&dir.path().join("e.xlsx")).contains("frivilligt att fylla i fliken"));
    // Personalised workbooks carry it too.
    let out = run_in(
        dir.path(),
        &["template", "--municipality", "478", "--out-dir", "p", "--round", "kierros.toml"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let s = strings(&dir.path().join("p/478-mariehamn.xlsx"));
    assert!(s.contains("Sista dag: returnera arbetsboken senast 31.3.2026."), "{s}");
}

/// A workbook prefilled with a round file is read exactly as one without: the round's
/// lines move nothing the reader looks for.
#[test]
fn a_prefilled_workbook_with_the_round_validates_as_the_original() {
    let dir = tempfile::tempdir().unwrap();
    with_round(dir.path());
    let src = fixture("returns-known/fi-libreoffice.xlsx");
    let out = run_in(
        dir.path(),
        &["prefill", src.to_str().unwrap(), "--round", "kierros.toml", "--out-dir", "out"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let made = dir.path().join("out/091-helsinki.xlsx");
    assert!(strings(&made).contains("Määräpäivä: palauta työkirja viimeistään 31.3.2026."));
    let json = |p: &Path| {
        let out = digiaste().args(["score", "--format", "json"]).arg(p).output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let v: serde_json::Value = parse(&out.stdout);
        v["overall"].clone()
    };
    assert_eq!(json(&made), json(&src));
    let out = digiaste().args(["validate", "--format", "json"]).arg(&made).output().unwrap();
    let report: digiaste::report::ValidateReport = parse(&out.stdout);
    assert_eq!(report.files[0].status, digiaste::check::Status::Valid, "{report:?}");
}

#[test]
fn feedback_workbooks_show_the_deadline_and_contact() {
    let dir = tempfile::tempdir().unwrap();
    with_round(dir.path());
    let returns = fixture("returns");
    let out = run_in(dir.path(), &["aggregate", returns.to_str().unwrap(), "-o", "s.xlsx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out =
        run_in(dir.path(), &["feedback", "s.xlsx", "--out-dir", "fb", "--round", "kierros.toml"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let helsinki = strings(&dir.path().join("fb/091-helsinki.xlsx"));
    let line = "Digitaalisuuden itsearviointi 2026 · Vastausten määräpäivä 31.3.2026 · \
                Yhteyshenkilö: Maija Virtanen, valtiovarainministeriö, maija.virtanen@gov.fi";
    assert!(helsinki.contains(line), "{helsinki}");
    let mariehamn = strings(&dir.path().join("fb/478-mariehamn.xlsx"));
    assert!(mariehamn.contains("Sista svarsdag 31.3.2026 · Kontaktperson: "), "{mariehamn}");
    let out = run_in(dir.path(), &["feedback", "s.xlsx", "--out-dir", "plain"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let plain = strings(&dir.path().join("plain/091-helsinki.xlsx"));
    assert!(!plain.contains("31.3.2026") && !plain.contains("Yhteyshenkilö"), "{plain}");
}

#[test]
fn a_mistaken_round_file_is_refused_with_its_line_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("k.toml"), "name = \"x\"\ndeadlin = 2026-03-31\n").unwrap();
    for args in [
        &["template", "--round", "k.toml", "-o", "t.xlsx"][..],
        &["prefill", fixture("returns/091-helsinki.xlsx").to_str().unwrap(), "--round", "k.toml"],
        &[
            "validate",
            fixture("returns").to_str().unwrap(),
            "--report-dir",
            "L",
            "--round",
            "k.toml",
        ],
        &["feedback", "s.xlsx", "--out-dir", "fb", "--round", "k.toml"],
    ] {
        let out = run_in(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains("round file k.toml, line 2: "), "{}", stderr(&out));
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "nothing written");
}
