//! `digiaste prefill`: a return carried into a fresh workbook, read back as a person and
//! the validator see it (docs/guide.md §7, issue 12).

use calamine::{Reader, Xlsx, open_workbook};
use digiaste::read::{self, Value};
use serde_json::Value as Json;

use super::*;

const ASU_FI: &str = "Asuminen, ympäristö, liikenne";

/// Runs `prefill` in a fresh folder; returns the folder and the run's output.
fn prefill(args: &[&str]) -> (tempfile::TempDir, Output) {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec!["prefill"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--out-dir", "out"]);
    let out = run_in(dir.path(), &all);
    (dir, out)
}

/// The measures `score` reports, names left out (they follow the workbook's language).
fn measures(path: &Path, catalog: Option<&Path>) -> Json {
    let mut cmd = digiaste();
    cmd.args(["score", "--format", "json"]).arg(path);
    if let Some(c) = catalog {
        cmd.arg("-c").arg(c);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let mut v: Json = parse(&out.stdout);
    fn strip(v: &mut Json) {
        match v {
            Json::Object(m) => {
                m.remove("name");
                m.values_mut().for_each(strip);
            }
            Json::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut v);
    serde_json::json!({ "overall": v["overall"], "areas": v["areas"] })
}

/// The validator's status of a workbook.
fn status(path: &Path, catalog: Option<&Path>) -> String {
    let mut cmd = digiaste();
    cmd.args(["validate", "--format", "json"]).arg(path);
    if let Some(c) = catalog {
        cmd.arg("-c").arg(c);
    }
    let out = cmd.output().unwrap();
    let v: Json = parse(&out.stdout);
    let file = if v["files"].is_array() { &v["files"][0] } else { &v };
    file["status"].as_str().unwrap_or_else(|| panic!("no status in {v}")).to_string()
}

fn text_at(path: &Path, sheet: &str, cell: &str) -> Option<String> {
    let book = read::read_path(path).unwrap();
    let (row, col) = digiaste::layout::parse_cell(cell).unwrap();
    match book.sheet(sheet).unwrap_or_else(|| panic!("{sheet} in {}", path.display())).get(row, col)
    {
        Some(Value::Text(s)) => Some(s.clone()),
        Some(other) => Some(other.display()),
        None => None,
    }
}

/// Every note (comment) text of an xlsx, all sheets.
fn notes(path: &Path) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let names: Vec<String> = (0..zip.len())
        .filter_map(|i| zip.by_index(i).ok().and_then(|e| e.name().ok().map(|n| n.to_string())))
        .filter(|n| n.starts_with("xl/comments"))
        .collect();
    names.iter().map(|n| xlsx_part(path, n)).collect::<Vec<_>>().join("\n")
}

fn sheet_names(path: &Path) -> Vec<String> {
    let wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.sheet_names()
}

#[test]
fn libreoffice_returns_prefill_and_score_exactly_as_the_original() {
    for ret in ["fi-libreoffice.xlsx", "fi-libreoffice.ods", "fi-libreoffice.xls"] {
        let src = fixture(&format!("returns-known/{ret}"));
        let (dir, out) = prefill(&[src.to_str().unwrap()]);
        assert!(out.status.success(), "{ret}: {}", stderr(&out));
        assert!(
            stdout(&out).contains("1 workbook written to out (1 prefilled)"),
            "{}",
            stdout(&out)
        );
        let made = dir.path().join("out/091-helsinki.xlsx");
        assert_eq!(status(&made, None), "valid", "{ret}");
        assert_eq!(measures(&made, None), measures(&src, None), "{ret}");
        assert_eq!(text_at(&made, "Ohjeet", "C5"), None);
        assert_eq!(text_at(&made, "Ohjeet", "B6").as_deref(), Some("Testi Vastaaja"));
        assert_eq!(text_at(&made, "Ohjeet", "B7").as_deref(), Some("testi@example.invalid"));
    }
}

#[test]
fn prefilled_and_saved_by_libreoffice_validates_and_scores_as_the_original() {
    let saved = fixture("prefill/091-prefilled-libreoffice.xlsx");
    let original = fixture("returns-known/fi-libreoffice.xlsx");
    assert_eq!(status(&saved, None), "valid");
    assert_eq!(measures(&saved, None), measures(&original, None));
}

#[test]
fn a_swedish_return_prefills_a_finnish_workbook_by_meaning() {
    let src = fixture("returns-known/sv-libreoffice-499.ods");
    let (dir, out) = prefill(&[src.to_str().unwrap(), "--lang", "fi"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let made = dir.path().join("out/499-mustasaari.xlsx");
    assert_eq!(sheet_names(&made)[0], "Ohjeet");
    assert_eq!(status(&made, None), "valid");
    assert_eq!(measures(&made, None), measures(&src, None));
    let gate = text_at(&made, ASU_FI, "C5").unwrap();
    assert!(
        ["Kyllä, otettu tai otetaan käyttöön", "Ei oteta käyttöön"].contains(&gate.as_str()),
        "{gate}"
    );

    // Without --lang the workbook keeps the return's language.
    let (dir, out) = prefill(&[src.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(sheet_names(&dir.path().join("out/499-korsholm.xlsx"))[0], "Anvisningar");
}

#[test]
fn bad_answers_stay_in_their_cells_with_notes_and_a_to_correct_list() {
    for (ret, cell, typed, code, note) in [
        (
            "out-of-range.xlsx",
            "J7",
            "150",
            "out-of-range",
            "150 on sallitun välin 0–100 ulkopuolella.",
        ),
        (
            "invalid-choice.xlsx",
            "D5",
            "jotain muuta",
            "invalid-choice",
            "\"jotain muuta\" ei ole sarakkeen",
        ),
    ] {
        let (dir, out) = prefill(&[fixture(&format!("findings/{ret}")).to_str().unwrap()]);
        assert!(out.status.success(), "{ret}: {}", stderr(&out));
        let made = dir.path().join("out/091-helsinki.xlsx");
        // The wrong answer stays where the municipality sees it, as typed.
        assert_eq!(text_at(&made, ASU_FI, cell).as_deref(), Some(typed), "{ret}");
        let all = notes(&made);
        assert!(all.contains(note), "{ret}: {all}");
        assert_eq!(sheet_names(&made)[1], "Korjattavaa", "{ret}");
        let list = xlsx_part(&made, "xl/worksheets/sheet2.xml");
        assert!(list.contains(&format!("location=\"'{ASU_FI}'!{cell}\"")), "{ret}: {list}");
        // Sent back unchanged, the correction workbook reports the same problem at the same
        // cell (and the list is no extra sheet): it can never be valid uncorrected.
        assert_eq!(status(&made, None), "invalid", "{ret}");
        let out = digiaste().args(["validate", "--format", "json"]).arg(&made).output().unwrap();
        let v: Json = parse(&out.stdout);
        let errors: Vec<(String, String)> = v["files"][0]["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["code"].as_str().unwrap().into(), e["cell"].as_str().unwrap().into()))
            .collect();
        assert_eq!(errors, vec![(code.to_string(), cell.to_string())], "{ret}");
        let warnings = v["files"][0]["warnings"].to_string();
        assert!(!warnings.contains("extra-sheet"), "{ret}: {warnings}");
    }
}

#[test]
fn warnings_are_listed_to_correct_too() {
    let (dir, out) =
        prefill(&[fixture("prefill/091-prefilled-libreoffice.xlsx").to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let made = dir.path().join("out/091-helsinki.xlsx");
    // The known answers leave services unanswered or incomplete: warnings, listed and linked.
    assert_eq!(sheet_names(&made)[1], "Korjattavaa");
    let list = xlsx_part(&made, "xl/worksheets/sheet2.xml");
    assert_eq!(list.matches("<hyperlink ").count(), 3, "{list}");
}

#[test]
fn next_catalog_version_marks_new_lists_removed_and_carries_reworded_options() {
    let next = fixture("catalog-next/catalog.toml");
    let src = fixture("returns-known/fi-libreoffice.xlsx");
    let (dir, out) = prefill(&[src.to_str().unwrap(), "-c", next.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let made = dir.path().join("out/091-helsinki.xlsx");
    assert!(notes(&made).contains("Uusi tässä versiossa – vastaa tähän palveluun."));
    let strings = xlsx_part(&made, "xl/sharedStrings.xml");
    assert!(strings.contains("Tästä versiosta poistetut palvelut"), "removed heading");
    assert!(strings.contains("asu.katulupa — Katu- ja kaivulupa"), "removed service listed");
    // Reordered: asu.kartat is now the first service, still with its own answers.
    assert_eq!(text_at(&made, ASU_FI, "A5").as_deref(), Some("asu.kartat"));
    assert_eq!(text_at(&made, ASU_FI, "A6").as_deref(), Some("asu.energianeuvonta"));
    assert_eq!(text_at(&made, ASU_FI, "C6"), None, "a new service is left for the municipality");
    let old = read::read_path(&src).unwrap();
    let old_asu = old.sheet(ASU_FI).unwrap();
    assert_eq!(old_asu.get(5, 0), Some(&Value::Text("asu.kartat".into())));
    for col in ["C", "E", "F", "G", "H", "I", "J"] {
        let was = old_asu
            .get(5, digiaste::layout::parse_cell(&format!("{col}6")).unwrap().1)
            .map(|v| v.display());
        assert_eq!(text_at(&made, ASU_FI, &format!("{col}5")), was, "asu.kartat {col}");
    }
    // The reworded option is carried by its key, in its new words.
    let reworded = "Perustiedot kunnan verkkosivuilla ja palvelukartalla";
    assert!(strings.contains(reworded));
    assert_eq!(status(&made, Some(&next)), "valid");
}

#[test]
fn all_municipalities_writes_308_workbooks_three_prefilled() {
    let dir = tempfile::tempdir().unwrap();
    let returns = dir.path().join("returns");
    std::fs::create_dir(&returns).unwrap();
    for (from, to) in [
        ("returns-known/fi-libreoffice.xlsx", "a.xlsx"),
        ("returns-known/sv-libreoffice-499.ods", "b.ods"),
        ("returns/853-turku.xls", "c.xls"),
    ] {
        std::fs::copy(fixture(from), returns.join(to)).unwrap();
    }
    let out = run_in(
        dir.path(),
        &["prefill", "returns", "--all-municipalities", "--lang", "fi", "--out-dir", "round"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        // --lang is also the console's.
        stdout(&out).contains("308 työkirjaa kirjoitettu kansioon round (3 esitäytettyä)"),
        "{}",
        stdout(&out)
    );
    assert_eq!(std::fs::read_dir(dir.path().join("round")).unwrap().count(), 308);
    assert_eq!(stdout(&out).matches(" <- ").count(), 3);
    let turku = dir.path().join("round/853-turku.xlsx");
    assert_eq!(measures(&turku, None), measures(&fixture("returns/853-turku.xls"), None));
    let blank = dir.path().join("round/005-alajarvi.xlsx");
    assert_eq!(text_at(&blank, ASU_FI, "C5"), None);
}

#[test]
fn of_two_returns_the_one_aggregate_keeps_wins_and_nothing_is_overwritten() {
    let valid = fixture("returns-known/fi-libreoffice.xlsx");
    let invalid = fixture("findings/invalid-choice.xlsx");
    let (dir, out) = prefill(&[invalid.to_str().unwrap(), valid.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains(&format!("<- {}", valid.display())), "{}", stdout(&out));
    let made = dir.path().join("out/091-helsinki.xlsx");
    let before = std::fs::read(&made).unwrap();
    let again = run_in(dir.path(), &["prefill", invalid.to_str().unwrap(), "--out-dir", "out"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("already exist"), "{}", stderr(&again));
    assert_eq!(std::fs::read(&made).unwrap(), before);
    let forced =
        run_in(dir.path(), &["prefill", invalid.to_str().unwrap(), "--out-dir", "out", "--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_ne!(std::fs::read(&made).unwrap(), before);
}

#[test]
fn a_file_without_a_municipality_is_named_and_fails() {
    let (dir, out) = prefill(&[fixture("hostile/not-a-zip.xlsx").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("not-a-zip.xlsx: cannot prefill"), "{}", stderr(&out));
    assert!(!dir.path().join("out").read_dir().map(|mut d| d.next().is_some()).unwrap_or(false));
}
