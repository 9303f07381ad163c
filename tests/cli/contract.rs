//! The JSON contract of docs/json.md as raw JSON: the key names of every report, unknown
//! values written as `null` (never left out), and the typed reports of `digiaste::report`
//! reading back exactly what the binary wrote. The other tests read the typed reports.

use digiaste::report::{AggregateReport, ScoreReport, ValidateReport};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::*;

/// The keys of a JSON object, sorted.
fn keys(v: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = v
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

fn assert_keys(v: &Value, expected: &[&str], what: &str) {
    let mut expected = expected.to_vec();
    expected.sort_unstable();
    assert_eq!(keys(v), expected, "{what}: {v}");
}

/// The raw JSON, after checking that its report type reads all of it and writes it back
/// unchanged: no field of the output is unknown to the type or lost on the way.
fn raw<T: DeserializeOwned + Serialize>(json: &[u8]) -> Value {
    let raw: Value = parse(json);
    let typed: T = parse(json);
    assert_eq!(serde_json::to_value(&typed).unwrap(), raw, "the report type does not round-trip");
    raw
}

const FINDING: [&str; 6] = ["code", "severity", "sheet", "cell", "service", "message"];
const MEASURES: [&str; 6] = ["coverage", "degree", "realized", "usage", "points", "max_points"];
const AREA: [&str; 9] =
    ["id", "name", "coverage", "degree", "realized", "usage", "points", "max_points", "services"];
const SERVICE: [&str; 5] = ["id", "name", "introduced", "degree", "usage"];
/// A catalog with savings (the default one, docs/measures.md) adds these to every area, overall
/// and service; the indicator catalog has none.
const SAVINGS: [&str; 4] = ["realized", "potential", "untapped", "services_reported"];
const SERVICE_SAVINGS: [&str; 4] = ["volume", "realized", "potential", "untapped"];

fn with_savings(keys: &[&'static str]) -> Vec<&'static str> {
    [keys, &["savings"]].concat()
}

/// The savings objects of a default-catalog overall, area and service.
fn assert_savings_keys(overall: &Value, area: &Value, service: &Value) {
    assert_keys(&overall["savings"], &SAVINGS, "overall savings");
    assert_keys(&area["savings"], &SAVINGS, "area savings");
    assert_keys(&service["savings"], &SERVICE_SAVINGS, "service savings");
}

#[test]
fn validate_json_keys() {
    let files =
        [fixture("findings/invalid-choice.xlsx"), fixture("returns-known/fi-libreoffice.xlsx")];
    let out = digiaste().args(["validate", "--format", "json"]).args(&files).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v = raw::<ValidateReport>(&out.stdout);
    assert_keys(&v, &["files", "totals"], "report");
    assert_keys(&v["totals"], &["valid", "invalid", "unreadable"], "totals");
    for f in v["files"].as_array().unwrap() {
        assert_keys(
            f,
            &["path", "status", "municipality", "errors", "warnings", "left_out"],
            "file",
        );
        assert_keys(&f["left_out"], &["errors", "warnings", "info"], "left out");
        assert_keys(&f["municipality"], &["code", "name"], "municipality");
    }
    let error = &v["files"][0]["errors"][0];
    assert_keys(error, &FINDING, "error");
    assert_eq!(
        (&error["code"], &error["severity"], &error["cell"]),
        (&"invalid-choice".into(), &"error".into(), &"D5".into())
    );
    assert_eq!(v["files"][0]["status"], "invalid");
    assert_keys(&v["files"][1]["warnings"][0], &FINDING, "warning");
    assert_eq!(v["files"][1]["warnings"][0]["severity"], "warning");
    // A finding about the whole file has no place: its sheet, cell and service are null.
    let out = digiaste()
        .args(["validate", "--format", "json"])
        .arg(fixture("hostile/empty.xlsx"))
        .output()
        .unwrap();
    let v = raw::<ValidateReport>(&out.stdout);
    let file = &v["files"][0];
    assert_eq!((&file["status"], &file["municipality"]), (&"unreadable".into(), &Value::Null));
    let error = &file["errors"][0];
    assert_keys(error, &FINDING, "unreadable error");
    assert!(
        error["sheet"].is_null() && error["cell"].is_null() && error["service"].is_null(),
        "{error}"
    );
}

#[test]
fn score_json_keys() {
    let out = digiaste()
        .args(["score", "--format", "json"])
        .arg(fixture("returns-known/fi-libreoffice.xlsx"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = raw::<ScoreReport>(&out.stdout);
    assert_keys(
        &v,
        &["municipality", "catalog", "language", "overall", "areas", "response_date", "path"],
        "report",
    );
    assert_keys(&v["catalog"], &["id", "version"], "catalog");
    assert_keys(&v["overall"], &with_savings(&MEASURES), "overall");
    // A catalog without points: the points are unknown, written as null.
    assert!(
        v["overall"]["points"].is_null() && v["overall"]["max_points"].is_null(),
        "{}",
        v["overall"]
    );
    let areas = v["areas"].as_array().unwrap();
    areas.iter().for_each(|a| assert_keys(a, &with_savings(&AREA), "area"));
    let services: Vec<&Value> =
        areas.iter().flat_map(|a| a["services"].as_array().unwrap()).collect();
    assert_eq!(services.len(), 64);
    for s in &services {
        assert_keys(s, &with_savings(&SERVICE), "service");
    }
    assert_savings_keys(&v["overall"], &areas[0], services[0]);
    // An unanswered service: unknown is null, not left out and not NaN.
    assert!(
        services
            .iter()
            .any(|s| s["introduced"].is_null() && s["degree"].is_null() && s["usage"].is_null()),
        "an unanswered service"
    );
    assert!(!stdout(&out).contains("NaN"));

    // The indicator catalog adds the levels, and points per item.
    let catalog = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/eblomlada-2017.toml");
    let out = digiaste()
        .args(["score", "--format", "json", "-c"])
        .arg(catalog)
        .arg(fixture("indicator/2017/445-pargas.ods"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = raw::<ScoreReport>(&out.stdout);
    assert_keys(&v["overall"], &[&MEASURES[..], &["levels"]].concat(), "indicator overall");
    assert_keys(&v["overall"]["levels"][0], &["key", "points", "share"], "level");
    let area = &v["areas"][0];
    assert_keys(area, &[&AREA[..], &["levels"]].concat(), "indicator area");
    assert_keys(&area["services"][0], &[&SERVICE[..], &["points"]].concat(), "indicator item");
}

#[test]
fn aggregate_json_keys() {
    let dir = tempfile::tempdir().unwrap();
    let returns = fixture("returns").display().to_string();
    let broken = fixture("returns-broken").display().to_string();
    let out = run_in(
        dir.path(),
        &["aggregate", &returns, &broken, "-o", "summary.xlsx", "--json", "s.json"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v = raw::<AggregateReport>(&std::fs::read(dir.path().join("s.json")).unwrap());
    assert_keys(
        &v,
        &[
            "generated_at",
            "tool",
            "catalog",
            "municipalities",
            "missing",
            "duplicates",
            "conflicts",
            "rejected",
            "added",
            "national",
            "regions",
            "size_classes",
        ],
        "report",
    );
    assert_keys(&v["catalog"], &["id", "version"], "catalog");
    assert_keys(&v["tool"], &["name", "version"], "tool");
    assert_keys(
        &v["national"],
        &["expected", "counted", "rejected", "missing", "groups", "savings"],
        "national",
    );
    assert_keys(
        &v["national"]["savings"],
        &[
            "reporting",
            "reporting_population",
            "population",
            "population_year",
            "population_share",
            "sums",
            "estimate_min_municipalities",
            "estimate_min_population_share",
            "estimate",
        ],
        "national savings",
    );
    assert_keys(&v["national"]["savings"]["sums"], &["realized", "potential", "untapped"], "sums");
    let group = &v["national"]["groups"][0];
    assert_keys(group, &["group", "count", "mean", "median"], "group figures");
    let measures = ["coverage", "degree", "realized", "usage", "points"];
    assert_keys(&group["mean"], &measures, "mean");
    assert_keys(&group["median"], &measures, "median");
    assert_keys(&v["size_classes"][0], &["size_class", "counted", "groups"], "size class");
    assert_keys(
        &v["regions"][0],
        &["code", "name_fi", "name_sv", "expected", "counted", "groups"],
        "region",
    );
    let m = &v["municipalities"][0];
    assert_keys(
        m,
        &[
            "code",
            "name",
            "region",
            "population",
            "size_class",
            "path",
            "response_date",
            "respondent",
            "answered",
            "overall",
            "areas",
            "added_left_out",
            "unchanged_prefill",
        ],
        "municipality",
    );
    assert_keys(&m["respondent"], &["name", "email"], "respondent");
    assert_keys(&m["overall"], &with_savings(&MEASURES), "overall");
    assert_keys(&m["areas"][0], &with_savings(&AREA), "area");
    assert_keys(&m["areas"][0]["services"][0], &with_savings(&SERVICE), "service");
    assert_savings_keys(&m["overall"], &m["areas"][0], &m["areas"][0]["services"][0]);
    assert_keys(
        &v["missing"][0],
        &["code", "name", "reason", "path", "error", "respondent"],
        "missing",
    );
    assert_keys(&v["duplicates"][0], &["code", "kept", "superseded", "identical"], "duplicate");
    let rejected = &v["rejected"][0];
    assert_keys(rejected, &["path", "status", "errors", "errors_left_out"], "rejected");
    assert_keys(&rejected["errors"][0], &FINDING, "rejected error");
    assert_keys(
        &v["added"][0],
        &["code", "area", "name", "introduced", "usage", "comment"],
        "added",
    );
}
