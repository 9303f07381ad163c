//! `digiaste catalog show|check`.

use super::*;

#[test]
fn show_prints_a_catalog_that_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["catalog", "show"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("id = \"vm-digiaste\""));
    std::fs::write(dir.path().join("mine.toml"), &text).unwrap();
    let out = run_in(dir.path(), &["catalog", "check", "mine.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("is valid: 6 areas, 64 services, 6 stages, languages fi, sv, en"),
        "{}",
        stdout(&out)
    );
}

/// Breaks the default catalog in one place and returns what `catalog check` says.
fn check_broken(edit: impl Fn(&str) -> String) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let text = stdout(&run_in(dir.path(), &["catalog", "show"]));
    std::fs::write(dir.path().join("c.toml"), edit(&text)).unwrap();
    let out = run_in(dir.path(), &["catalog", "check", "c.toml"]);
    (out.status.code(), stderr(&out))
}

fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).unwrap()].matches('\n').count() + 1
}

#[test]
fn duplicate_service_id_is_reported_with_its_line() {
    let default = stdout(&digiaste().args(["catalog", "show"]).output().unwrap());
    let (code, err) =
        check_broken(|t| t.replacen("id = \"asu.kartat\"", "id = \"asu.rakennuslupa\"", 1));
    assert_eq!(code, Some(1));
    let line = line_of(&default, "id = \"asu.kartat\"");
    assert!(
        err.contains(&format!("line {line}: duplicate service id \"asu.rakennuslupa\"")),
        "{err}"
    );
}

#[test]
fn missing_translation_score_out_of_range_and_unknown_stage() {
    let (code, err) = check_broken(|t| t.replacen(", en = \"Building permit\"", "", 1));
    assert_eq!(code, Some(1));
    assert!(err.contains("service \"asu.rakennuslupa\": missing en translation"), "{err}");

    let (_, err) = check_broken(|t| t.replacen("score = 1.0", "score = 1.5", 1));
    assert!(err.contains("score 1.5 is outside 0..1"), "{err}");

    let (_, err) = check_broken(|t| t.replacen("stages = [\"", "stages = [\"nosuch\", \"", 1));
    assert!(err.contains("unknown stage \"nosuch\""), "{err}");
}

#[test]
fn empty_area_and_syntax_errors() {
    let (_, err) = check_broken(|t| {
        // Cut the services of the last area.
        let i = t.rfind("[[areas]]").unwrap();
        let j = t[i..].find("[[areas.services]]").unwrap();
        t[..i + j].to_string()
    });
    assert!(err.contains("has no services"), "{err}");
    let (code, err) = check_broken(|t| format!("{t}\nthis is = = not toml\n"));
    assert_eq!(code, Some(1));
    assert!(err.contains("line "), "{err}");
}
