//! The letters of `validate --report-dir` (issue 22): wrapped for a mail program, addressed
//! to the municipality by its register name, in its language, with the round's deadline
//! and contact, the corrected copy beside them with `--annotate`, a mail-merge table, and
//! none for a problem that is the analyst's (a catalog not built in, not given with `-c`).

use std::collections::BTreeSet;

use calamine::{Reader, Xlsx, open_workbook};

use super::*;

pub const ROUND: &str = r#"
name = { fi = "Digitaalisuuden itsearviointi 2026", sv = "Självbedömning av digitaliseringen 2026", en = "Digital self-assessment 2026" }
deadline = 2026-03-31
return = "digiaste@vm.fi"

[contact]
name = "Maija Virtanen, valtiovarainministeriö"
email = "maija.virtanen@gov.fi"
"#;

/// Every `.txt` letter of a folder: file name → text.
fn letters(dir: &Path) -> std::collections::BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".txt"))
        .map(|n| (n.clone(), std::fs::read_to_string(dir.join(&n)).unwrap()))
        .collect()
}

/// A letter's words on one line: what it says, whatever the wrapping.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The mail-merge table: its header and rows, split as RFC 4180 reads them (no quoted
/// line breaks in these fixtures).
fn table(dir: &Path) -> (String, Vec<Vec<String>>) {
    let bytes = std::fs::read(dir.join("letters.csv")).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("UTF-8 with BOM");
    assert!(text.ends_with("\r\n") && !text.replace("\r\n", "").contains('\n'), "CRLF: {text}");
    let mut lines = text.split_terminator("\r\n");
    let header = lines.next().unwrap().to_string();
    let rows = lines.map(split_csv).collect();
    (header, rows)
}

fn split_csv(line: &str) -> Vec<String> {
    let (mut cells, mut cell, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => cells.push(std::mem::take(&mut cell)),
            _ => cell.push(c),
        }
    }
    cells.push(cell);
    cells
}

#[test]
fn letters_of_a_round_are_wrapped_addressed_dated_signed_and_listed_for_mail_merge() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("kierros.toml"), ROUND).unwrap();
    let out = digiaste()
        .current_dir(dir.path())
        .args(["validate", "--report-dir", "L", "--round", "kierros.toml"])
        .arg(fixture("returns"))
        .arg(fixture("returns-broken"))
        .arg(fixture("round-trust/297-kuopio-untouched.xlsx"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let l = dir.path().join("L");
    let letters = letters(&l);
    assert_eq!(letters.len(), 12 + 3 + 1, "{:?}", letters.keys());
    for (name, text) in &letters {
        for line in text.lines() {
            let n = line.chars().count();
            assert!(n <= 72 || !line.contains(' '), "{name}: {n} columns: {line:?}");
        }
        assert!(text.ends_with("maija.virtanen@gov.fi\n"), "signed: {name}: {text}");
        assert!(text.contains("Maija Virtanen, valtiovarainministeriö\n"), "{name}: {text}");
        let deadline = ["31.3.2026", "31 March 2026"];
        assert!(deadline.iter().any(|d| text.contains(d)), "deadline: {name}: {text}");
        assert!(text.contains("digiaste@vm.fi"), "where to send: {name}: {text}");
        assert!(!text.contains("digiaste!") && !text.contains("that returned this file"));
    }
    let jyvaskyla = &letters["179-jyvaskyla.xlsx.txt"];
    assert!(
        jyvaskyla.starts_with("Vastaanottaja: Jyväskylä (179), ")
            && jyvaskyla.contains(
                "Asia: Digitaalisuuden itsearviointi 2026 – palauttamanne työkirja\n\
                 179-jyvaskyla.xlsx\n"
            )
            && jyvaskyla.contains("Korjattavat kohdat:\n  1. välilehti Asuminen, ympäristö")
            && flat(jyvaskyla)
                .contains("Lähettäkää työkirja viimeistään 31.3.2026 osoitteeseen digiaste@vm.fi.")
            && jyvaskyla.contains("\nYstävällisin terveisin\nMaija Virtanen"),
        "{jyvaskyla}"
    );
    let mariehamn = &letters["478-mariehamn.xlsx.txt"];
    assert!(mariehamn.starts_with("Till: Mariehamn (478), "), "{mariehamn}");
    assert!(flat(mariehamn).contains("senast 31.3.2026 till digiaste@vm.fi."), "{mariehamn}");
    assert!(mariehamn.contains("\nMed vänliga hälsningar\n"), "{mariehamn}");
    // An unreadable file is addressed by the code its name begins with, in that
    // municipality's language; one whose name names none, to its sender.
    let oulu = &letters["564-oulu-rikki.xlsx.txt"];
    assert!(oulu.starts_with("Vastaanottaja: Oulu (564), "), "{oulu}");
    let saate = &letters["saate.xlsx.txt"];
    assert!(saate.starts_with("To: the sender of the workbook saate.xlsx\n"), "{saate}");
    assert!(flat(saate).contains("by 31 March 2026 to digiaste@vm.fi"), "{saate}");
    // An empty return is asked to be filled in, not corrected.
    let empty = &letters["297-kuopio-untouched.xlsx.txt"];
    assert!(flat(empty).contains("siihen ei ole vielä vastattu"), "{empty}");
    assert!(flat(empty).contains("täyttäkää arviointi samaan työkirjaan"), "{empty}");
    assert!(!empty.contains("Korjattavat kohdat") && !empty.contains("korjat"), "{empty}");

    let (header, rows) = table(&l);
    assert_eq!(header, "code,municipality,respondent,email,status,letter_file,attachment_file");
    let listed: BTreeSet<&str> = rows.iter().map(|r| r[5].as_str()).collect();
    assert_eq!(listed, letters.keys().map(String::as_str).collect(), "one row per letter");
    assert!(rows.iter().all(|r| r.len() == 7 && r[6].is_empty()), "no copies asked: {rows:?}");
    let row = |letter: &str| rows.iter().find(|r| r[5] == letter).unwrap().clone();
    assert_eq!(
        row("853-turku.xls.txt")[..5],
        ["853", "Turku", "Digituki, kaupunginkanslia", "digi@turku.example", "valid"]
    );
    assert_eq!(row("179-jyvaskyla.xlsx.txt")[..2], ["179", "Jyväskylä"]);
    assert_eq!(row("179-jyvaskyla.xlsx.txt")[4], "invalid");
    assert_eq!(row("478-mariehamn.xlsx.txt")[1], "Mariehamn");
    assert_eq!(row("564-oulu-rikki.xlsx.txt")[..5], ["564", "Oulu", "", "", "unreadable"]);
    assert_eq!(row("saate.xlsx.txt")[..5], ["", "", "", "", "unreadable"]);
}

#[test]
fn without_a_round_a_letter_ends_with_a_neutral_closing() {
    let dir = tempfile::tempdir().unwrap();
    let out = digiaste()
        .current_dir(dir.path())
        .args(["validate", "--report-dir", "L"])
        .arg(fixture("returns-broken/179-jyvaskyla.xlsx"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("L/179-jyvaskyla.xlsx.txt")).unwrap();
    assert!(text.starts_with("Vastaanottaja: Jyväskylä (179)"), "{text}");
    assert!(text.contains("\nAsia: palauttamanne työkirja 179-jyvaskyla.xlsx\n"), "{text}");
    assert!(text.ends_with("yhteenvetoon.\n\nYstävällisin terveisin\n"), "{text}");
    assert!(!text.contains("viimeistään") && !text.contains('@'), "{text}");
}

#[test]
fn annotate_writes_the_corrected_copy_beside_the_letter_that_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["validate", "--report-dir", "L", "--annotate"];
    let run = |extra: &[&str]| {
        digiaste()
            .current_dir(dir.path())
            .args(args)
            .args(extra)
            .arg(fixture("returns-broken/179-jyvaskyla.xlsx"))
            .arg(fixture("round-trust/297-kuopio-untouched.xlsx"))
            .arg(fixture("returns/091-helsinki.xlsx"))
            .output()
            .unwrap()
    };
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let l = dir.path().join("L");
    let copy = l.join("179-jyvaskyla.xlsx");
    let wb: Xlsx<_> = open_workbook(&copy).unwrap();
    assert_eq!(wb.sheet_names()[..2], ["Ohjeet", "Korjattavaa"], "the cells to correct listed");
    let notes = xlsx_part(&copy, "xl/comments1.xml");
    assert!(notes.contains("ei tiedossa"), "the answer that could not be carried: {notes}");
    let letter = std::fs::read_to_string(l.join("179-jyvaskyla.xlsx.txt")).unwrap();
    let attached = "liitteenä on kopio työkirjastanne, 179-jyvaskyla.xlsx.";
    assert!(flat(&letter).contains(attached), "{letter}");
    // The empty return gets its workbook to fill in; a valid one gets no copy.
    assert!(l.join("297-kuopio-untouched.xlsx").exists());
    let empty = std::fs::read_to_string(l.join("297-kuopio-untouched.xlsx.txt")).unwrap();
    assert!(flat(&empty).contains("valmisteltu työkirja, 297-kuopio-untouched.xlsx."), "{empty}");
    assert!(!l.join("091-helsinki.xlsx").exists());
    let (_, rows) = table(&l);
    let attachments: Vec<&str> = rows.iter().map(|r| r[6].as_str()).collect();
    assert_eq!(attachments, ["179-jyvaskyla.xlsx", "297-kuopio-untouched.xlsx", ""]);
    // A copy is never replaced without --force, and nothing is written then.
    std::fs::remove_file(l.join("179-jyvaskyla.xlsx.txt")).unwrap();
    std::fs::remove_file(l.join("letters.csv")).unwrap();
    std::fs::remove_file(l.join("091-helsinki.xlsx.txt")).unwrap();
    std::fs::remove_file(l.join("297-kuopio-untouched.xlsx.txt")).unwrap();
    let again = run(&[]);
    assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
    assert!(stderr(&again).contains("179-jyvaskyla.xlsx"), "{}", stderr(&again));
    assert!(!l.join("179-jyvaskyla.xlsx.txt").exists() && !l.join("letters.csv").exists());
    assert_eq!(run(&["--force"]).status.code(), Some(1));
    assert!(l.join("179-jyvaskyla.xlsx.txt").exists() && l.join("letters.csv").exists());
}

/// Next year's catalog (`catalog-next`, vm-digiaste 2026.1) is the analyst's: without `-c`
/// its returns are named once on the console and get no letter; a return of an older
/// version (2019.1) is the municipality's to fill in on the current template, and its
/// letter places the finding in words, not on the hidden sheet.
#[test]
fn returns_of_a_catalog_not_built_in_get_one_console_line_and_no_letter() {
    let dir = tempfile::tempdir().unwrap();
    let next = fixture("catalog-next/catalog.toml");
    let made = run_in(
        dir.path(),
        &["prefill", fixture("returns").to_str().unwrap(), "-c", next.to_str().unwrap()],
    );
    assert!(made.status.success(), "{}", stderr(&made));
    let written = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(written, 11, "eleven returns of catalog-next");
    let returns = dir.path().join("returns");
    std::fs::create_dir(&returns).unwrap();
    for e in std::fs::read_dir(dir.path()).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::rename(&p, returns.join(p.file_name().unwrap())).unwrap();
        }
    }
    for f in ["returns-broken/179-jyvaskyla.xlsx", "findings/catalog-mismatch.xlsx"] {
        let to = returns.join(Path::new(f).file_name().unwrap());
        std::fs::copy(fixture(f), to).unwrap();
    }
    let out = run_in(dir.path(), &["validate", "returns", "--report-dir", "L"]);
    assert_eq!(out.status.code(), Some(1));
    let line = "digiaste: catalog vm-digiaste 2026.1, named by 11 returns, is not built in: \
                give it with -c FILE (no letters were written for them: the municipalities \
                have nothing to correct)\n";
    assert_eq!(stderr(&out).matches("is not built in").count(), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains(line), "{}", stderr(&out));
    let l = dir.path().join("L");
    let written: Vec<String> = letters(&l).into_keys().collect();
    assert_eq!(written, ["179-jyvaskyla.xlsx.txt", "catalog-mismatch.xlsx.txt"]);
    assert_eq!(table(&l).1.len(), 2);
    let old = std::fs::read_to_string(l.join("catalog-mismatch.xlsx.txt")).unwrap();
    assert!(
        old.contains("  1. the workbook's template identity: The workbook was made from"),
        "{old}"
    );
    assert!(!old.contains("cell B") && !old.contains("sheet digiaste"), "{old}");
    assert!(flat(&old).contains("Fill in the assessment on this round's template"), "{old}");
    // Given the catalog, its returns are checked and get their letters.
    let out = run_in(
        dir.path(),
        &["validate", "returns", "-c", next.to_str().unwrap(), "--report-dir", "L", "--force"],
    );
    assert!(!stderr(&out).contains("is not built in"), "{}", stderr(&out));
    assert_eq!(letters(&l).len(), 13);
    assert_eq!(table(&l).1.len(), 13);
}
