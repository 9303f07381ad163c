//! Languages (issue 22): `--lang` is the analyst's (console, reports, summary), feedback and
//! letters are in each municipality's own language from the register unless
//! `--feedback-lang`, and every count is written in the form its number takes.

use calamine::{Reader, Xlsx, open_workbook};

use super::*;

fn sheet_names(path: &Path) -> Vec<String> {
    let book: Xlsx<_> = open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    book.sheet_names()
}

/// English words that must not appear in a Finnish or Swedish console line.
const ENGLISH: &[&str] =
    &["skipped", "written", "workbook", "missing", "superseded", "rejected", "warning", "(s)"];

fn assert_not_english(text: &str) {
    for word in ENGLISH {
        assert!(!text.contains(word), "{word:?} in a Finnish run:\n{text}");
    }
}

#[test]
fn a_finnish_aggregate_speaks_finnish_and_writes_each_municipality_in_its_own_language() {
    let dir = tempfile::tempdir().unwrap();
    let out = digiaste()
        .current_dir(dir.path())
        .arg("aggregate")
        .arg(fixture("returns"))
        .args(["-o", "s.xlsx", "--lang", "fi", "--feedback-dir", "palaute"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert_not_english(&err);
    let lines: Vec<&str> = err.lines().collect();
    assert!(
        lines[0].starts_with("digiaste: ohitettiin 1 tiedosto, joka ei ole taulukko: "),
        "{err}"
    );
    assert!(lines[0].ends_with("EXPECTED.md"), "{err}");
    assert_eq!(lines[1], "palaute: 11 palautetyökirjaa kirjoitettu", "{err}");
    assert_eq!(
        lines[2],
        "s.xlsx: 11 kuntaa, 0 tiedostoa hylätty, 1 korvattu, 297 puuttuu \
         (297 ei saapunut, 0 hylättyä, 0 tyhjää)",
        "{err}"
    );
    assert!(lines[3].starts_with("  korvattu "), "{err}");
    // The summary is Finnish; the feedback of Mariehamn (Åland), Korsholm and Pargas
    // (Swedish majority) is Swedish, named in Swedish, that of Helsinki Finnish.
    assert_eq!(sheet_names(&dir.path().join("s.xlsx"))[..2], ["Tilannekuva", "Yleiskatsaus"]);
    let fb = dir.path().join("palaute");
    for swedish in ["478-mariehamn.xlsx", "499-korsholm.xlsx", "445-pargas.xlsx"] {
        assert_eq!(sheet_names(&fb.join(swedish)), ["Resultat", "Tjänster", "Kvitto"], "{swedish}");
    }
    assert_eq!(sheet_names(&fb.join("091-helsinki.xlsx")), ["Tulokset", "Palvelut", "Kuittaus"]);
    assert!(!fb.join("478-maarianhamina-mariehamn.xlsx").exists());
}

#[test]
fn feedback_lang_writes_every_feedback_in_one_language_and_one_file_is_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = digiaste()
        .current_dir(dir.path())
        .arg("aggregate")
        .arg(fixture("returns/478-mariehamn.xlsx"))
        .args(["-o", "s.xlsx", "--lang", "sv", "--feedback-dir", "fb", "--feedback-lang", "fi"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "fb: 1 responsarbetsbok skriven\n\
         s.xlsx: 1 kommun, 0 filer avvisade, 0 ersatta, 307 saknas \
         (307 inte mottagna, 0 avvisade, 0 tomma)\n"
    );
    let finnish = dir.path().join("fb/478-maarianhamina-mariehamn.xlsx");
    assert_eq!(sheet_names(&finnish), ["Tulokset", "Palvelut", "Kuittaus"]);
    assert_eq!(sheet_names(&dir.path().join("s.xlsx"))[..2], ["Lägesbild", "Översikt"]);

    // `feedback`: --lang is the console's, --feedback-lang the workbooks'.
    let out = run_in(dir.path(), &["feedback", "s.xlsx", "--out-dir", "again", "--lang", "fi"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "again: 1 palautetyökirja kirjoitettu\n");
    let swedish = dir.path().join("again/478-mariehamn.xlsx");
    assert_eq!(sheet_names(&swedish), ["Resultat", "Tjänster", "Kvitto"]);
    let args = ["feedback", "s.xlsx", "--out-dir", "en", "--lang", "sv", "--feedback-lang", "en"];
    let out = run_in(dir.path(), &args);
    assert_eq!(stderr(&out), "en: 1 responsarbetsbok skriven\n");
    assert_eq!(sheet_names(&dir.path().join("en/478-mariehamn.xlsx"))[0], "Results");
}

#[test]
fn letters_follow_the_register_and_feedback_lang_and_count_their_errors() {
    let dir = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        let out = digiaste()
            .current_dir(dir.path())
            .arg("validate")
            .arg(fixture("returns/478-mariehamn.xlsx"))
            .arg(fixture("returns-broken/179-jyvaskyla.xlsx"))
            .args(["--lang", "fi", "--force"])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        out
    };
    let out = run(&["--report-dir", "own"]);
    // The report on the console is Finnish, and counts in the singular where it is one.
    assert!(stdout(&out).ends_with("1 kelvollinen, 1 virheellinen, 0 ei luettavissa\n"));
    let letter = |p: &str| std::fs::read_to_string(dir.path().join(p)).unwrap();
    assert!(letter("own/478-mariehamn.xlsx.txt").starts_with("Till: Mariehamn (478)"));
    let jyvaskyla = letter("own/179-jyvaskyla.xlsx.txt");
    assert!(jyvaskyla.starts_with("Vastaanottaja: Jyväskylä (179)"), "{jyvaskyla}");
    assert!(jyvaskyla.contains("siinä on 1 virhe, joka on korjattava"), "{jyvaskyla}");

    run(&["--report-dir", "fi", "--feedback-lang", "fi"]);
    assert!(letter("fi/478-mariehamn.xlsx.txt").starts_with("Vastaanottaja: Maarianhamina"));
    run(&["--report-dir", "sv", "--feedback-lang", "sv"]);
    assert!(letter("sv/179-jyvaskyla.xlsx.txt").contains("den har 1 fel som måste rättas"));

    let out = digiaste()
        .args(["validate", "--lang", "sv"])
        .arg(fixture("returns/478-mariehamn.xlsx"))
        .output()
        .unwrap();
    assert!(stdout(&out).ends_with("1 giltig, 0 ogiltiga, 0 oläsliga\n"), "{}", stdout(&out));
    let out =
        digiaste().args(["validate", "--feedback-lang", "fi"]).arg(fixture("returns")).output();
    assert_eq!(out.unwrap().status.code(), Some(2), "--feedback-lang needs --report-dir");
}

#[test]
fn the_locale_sets_every_commands_console_and_prefill_lang_too() {
    let dir = tempfile::tempdir().unwrap();
    let out = digiaste()
        .env("LANG", "fi_FI.UTF-8")
        .current_dir(dir.path())
        .args(["catalog", "list"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(
        text.starts_with(
            "vm-digiaste  2025.1    64 palvelua, 6 osa-aluetta, kielet fi, sv, en \
             (sisäänrakennettu) — "
        ),
        "{text}"
    );
    assert!(!text.contains("templates/"), "no path of the source tree: {text}");

    std::fs::write(dir.path().join("bad.toml"), "id = \"x\"\n").unwrap();
    let out = digiaste()
        .env("LANG", "sv_FI.UTF-8")
        .current_dir(dir.path())
        .args(["catalog", "check", "bad.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("bad.toml: katalogen har 1 problem:\n"), "{}", stderr(&out));

    // prefill --lang: the workbooks' language, and the console's.
    let args = ["prefill", "--lang", "sv", "--out-dir", "pf"];
    let out = digiaste()
        .current_dir(dir.path())
        .args(args)
        .arg(fixture("returns/091-helsinki.xlsx"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).ends_with("1 arbetsbok skriven i mappen pf (1 förifylld)\n"),
        "{}",
        stdout(&out)
    );

    // No locale variable at all: the operating system is asked (texts::lang_of_locale_or;
    // on Linux it has nothing more to say, so English).
    let out = digiaste()
        .env_remove("LANG")
        .env_remove("LANGUAGE")
        .current_dir(dir.path())
        .args(["catalog", "check", "bad.toml"])
        .output()
        .unwrap();
    if cfg!(target_os = "linux") {
        assert!(stderr(&out).starts_with("bad.toml: the catalog has 1 problem:\n"));
    }
}

#[test]
fn a_finnish_run_with_an_earlier_summary_of_another_catalog_warns_in_finnish() {
    let dir = tempfile::tempdir().unwrap();
    let first = digiaste()
        .current_dir(dir.path())
        .arg("aggregate")
        .arg(fixture("returns/091-helsinki.xlsx"))
        .args(["-o", "before.xlsx"])
        .output()
        .unwrap();
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let out = digiaste()
        .current_dir(dir.path())
        .arg("aggregate")
        .arg(fixture("indicator/2017"))
        .args(["-c", "eblomlada", "-o", "now.xlsx", "--previous", "before.xlsx", "--lang", "fi"])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(
        err.contains(
            "digiaste: varoitus: aiempi yhteenveto before.xlsx on tehty luettelolla \
             vm-digiaste 2025.1, tämä kierros luettelolla eblomlada 2017"
        ),
        "{err}"
    );
    assert_not_english(&err);
}
