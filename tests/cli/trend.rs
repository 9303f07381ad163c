//! History (issue 23 point 4): `--previous` any number of times gives a trend sheet with
//! the nation's figures per round and each municipality's overall degree per round, and
//! each feedback workbook the municipality's own line beside the nation's — the same
//! figures as each round's own JSON.

use std::path::Path;

use calamine::{Data, Range, Reader, Xlsx, open_workbook};

use crate::{fixture, read_json, run_in, stderr};

/// A round of the fixture returns whose names start with one of `codes`, aggregated in
/// `dir` as `name`.xlsx with its JSON, comparing with `previous`.
fn round(dir: &Path, name: &str, codes: &[&str], previous: &[&str]) -> serde_json::Value {
    let inbox = dir.join(name);
    std::fs::create_dir(&inbox).unwrap();
    for entry in std::fs::read_dir(fixture("returns")).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        if codes.iter().any(|c| file.starts_with(c)) {
            std::fs::copy(&path, inbox.join(&file)).unwrap();
        }
    }
    let (out, json) = (format!("{name}.xlsx"), format!("{name}.json"));
    let mut args = vec!["aggregate", name, "-o", &out, "--json", &json, "--lang", "en"];
    for p in previous {
        args.extend(["--previous", p]);
    }
    if name == "now" {
        args.extend(["--feedback-dir", "fb", "--feedback-lang", "sv"]);
    }
    let done = run_in(dir, &args);
    assert!(done.status.code().is_some_and(|c| c <= 1), "{}", stderr(&done));
    read_json(&dir.join(json))
}

fn sheet(path: &Path, name: &str) -> Range<Data> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.worksheet_range(name).unwrap_or_else(|e| panic!("{name} in {}: {e}", path.display()))
}

fn text(range: &Range<Data>, r: usize, c: usize) -> String {
    range.get((r, c)).map(|d| d.to_string()).unwrap_or_default()
}

fn num(range: &Range<Data>, r: usize, c: usize) -> Option<f64> {
    match range.get((r, c)) {
        Some(Data::Float(f)) => Some(*f),
        _ => None,
    }
}

fn overall(json: &serde_json::Value, stat: &str, measure: &str) -> f64 {
    let groups = json["national"]["groups"].as_array().unwrap();
    let overall = groups.iter().find(|g| g["group"] == "overall").unwrap();
    overall[stat][measure].as_f64().unwrap()
}

fn own_degree(json: &serde_json::Value, code: &str) -> Option<f64> {
    let list = json["municipalities"].as_array().unwrap();
    list.iter().find(|m| m["code"] == code).map(|m| m["overall"]["degree"].as_f64().unwrap())
}

#[test]
fn several_earlier_summaries_make_a_trend_for_the_nation_and_each_municipality() {
    let dir = tempfile::tempdir().unwrap();
    let first = round(dir.path(), "first", &["005", "049", "091", "297"], &[]);
    let second = round(dir.path(), "second", &["005", "049", "297", "445", "478"], &[]);
    // Given newest first: the trend orders the rounds by their latest response date, and
    // both earlier ones end on 2026-04-02 (Helsinki, Pargas), so they keep the order given
    // and are named by their files.
    let now = round(dir.path(), "now", &[""], &["first.xlsx", "second.xlsx"]);
    let rounds = [&first, &second, &now];

    let trend = sheet(&dir.path().join("now.xlsx"), "Trend");
    assert_eq!(text(&trend, 0, 0), "Trend");
    assert_eq!(
        text(&trend, 1, 0),
        "Rounds first, second, This round: the whole country and each municipality, overall \
         across all areas"
    );
    let header = 3;
    let col = |name: &str| (0..12).find(|&c| text(&trend, header, c) == name).expect(name);
    let (coverage, degree, median) =
        (col("Coverage"), col("Degree of digitalisation"), col("Median degree"));
    for (i, (label, json)) in ["first", "second", "This round"].iter().zip(rounds).enumerate() {
        let row = header + 1 + i;
        assert_eq!(text(&trend, row, 0), *label);
        assert_eq!(num(&trend, row, 1), json["national"]["counted"].as_f64());
        assert_eq!(num(&trend, row, coverage), Some(overall(json, "mean", "coverage")));
        assert_eq!(num(&trend, row, degree), Some(overall(json, "mean", "degree")));
        assert_eq!(num(&trend, row, median), Some(overall(json, "median", "degree")));
    }
    // Each municipality's overall degree per round; empty where a round did not count it.
    let top = (header..trend.height()).find(|&r| text(&trend, r, 0) == "Code").unwrap();
    assert_eq!(text(&trend, top - 1, 0), "Each municipality's degree of digitalisation per round");
    let rows: Vec<String> = (top + 1..trend.height()).map(|r| text(&trend, r, 0)).collect();
    assert_eq!(rows.len(), 11, "{rows:?}");
    for code in ["091", "445", "853"] {
        let r = top + 1 + rows.iter().position(|c| c == code).unwrap();
        for (i, json) in rounds.iter().enumerate() {
            assert_eq!(num(&trend, r, 2 + i), own_degree(json, code), "{code} round {i}");
        }
    }
    assert_eq!(
        text(&trend, top + 1 + rows.iter().position(|c| c == "091").unwrap(), 1),
        "Helsinki"
    );

    // Feedback (in Swedish): Helsinki's own line beside the nation's, per round.
    let fb = sheet(&dir.path().join("fb/091-helsingfors.xlsx"), "Utveckling");
    assert_eq!(text(&fb, 0, 0), "Utveckling per omgång – Helsingfors (091)");
    assert_eq!(text(&fb, 2, 1), "Egen digitaliseringsgrad");
    assert_eq!(text(&fb, 2, 2), "Hela landet: digitaliseringsgrad, medelvärde");
    for (i, (label, json)) in ["first", "second", "Denna omgång"].iter().zip(rounds).enumerate() {
        assert_eq!(text(&fb, 3 + i, 0), *label);
        assert_eq!(num(&fb, 3 + i, 1), own_degree(json, "091"), "round {i}");
        assert_eq!(num(&fb, 3 + i, 2), Some(overall(json, "mean", "degree")), "round {i}");
    }
    // Helsinki did not answer in the second round: its cell is empty, and a note says why.
    assert_eq!(num(&fb, 4, 1), None);
    assert_eq!(text(&fb, 6, 0), "Tom cell: Helsingfors svarade inte i den omgången.");
    // A municipality that answered every round has no such note, and no trend sheet
    // without an earlier summary.
    let fb = sheet(&dir.path().join("fb/049-esbo.xlsx"), "Utveckling");
    assert_eq!(text(&fb, 6, 0), "");
    let wb: Xlsx<_> = open_workbook(dir.path().join("first.xlsx")).unwrap();
    assert!(!wb.sheet_names().iter().any(|s| s == "Trend"), "{:?}", wb.sheet_names());
}

#[test]
fn rounds_of_other_years_are_named_by_their_year_and_ordered_by_it() {
    // The fixture returns answer in 2026: an earlier summary relabelled into 2025 (its
    // data sheet's response dates) comes first whatever the order given.
    let dir = tempfile::tempdir().unwrap();
    round(dir.path(), "old", &["091", "049"], &[]);
    let parts = crate::zip_parts(&dir.path().join("old.xlsx"));
    let parts: Vec<(String, Vec<u8>)> = parts
        .into_iter()
        .map(|(name, bytes)| {
            let text = String::from_utf8_lossy(&bytes).replace(">2026-", ">2025-");
            (name, text.into_bytes())
        })
        .collect();
    crate::write_zip(dir.path(), "older.xlsx", &parts);
    let now = round(dir.path(), "now", &[""], &["older.xlsx"]);
    assert_eq!(now["national"]["counted"], 11);
    let trend = sheet(&dir.path().join("now.xlsx"), "Trend");
    assert_eq!(text(&trend, 4, 0), "2025");
    assert_eq!(text(&trend, 5, 0), "2026");
    assert_eq!(num(&trend, 4, 1), Some(2.0));
}
