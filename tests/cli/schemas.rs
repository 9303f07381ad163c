//! The JSON contract as schemas: the files under docs/schemas/ are the ones derived from
//! the report types (`digiaste::report::schema`), and what the real binary writes is valid
//! against them. Regenerate after changing a report type:
//! `UPDATE_SCHEMAS=1 cargo test --test cli schemas`.

use serde_json::Value;

use super::*;

fn schema_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/schemas")
}

fn committed(name: &str) -> Value {
    read_json(&schema_dir().join(name))
}

/// The errors of `instance` against the committed schema `name`, as text.
fn violations(name: &str, instance: &Value) -> Vec<String> {
    let validator = jsonschema::validator_for(&committed(name))
        .unwrap_or_else(|e| panic!("{name} is not a schema: {e}"));
    validator.iter_errors(instance).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

pub fn assert_valid(name: &str, instance: &Value) {
    let errors = violations(name, instance);
    assert!(errors.is_empty(), "{name}: {errors:#?}\n{instance:#}");
}

#[test]
fn committed_schemas_are_the_derived_ones() {
    for (name, schema) in digiaste::report::schema::all() {
        let path = schema_dir().join(name);
        let text = format!("{}\n", serde_json::to_string_pretty(&schema).unwrap());
        if std::env::var_os("UPDATE_SCHEMAS").is_some() {
            std::fs::create_dir_all(schema_dir()).unwrap();
            std::fs::write(&path, &text).unwrap();
        }
        let file = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            file == text,
            "{} differs from the report types; regenerate: UPDATE_SCHEMAS=1 cargo test --test cli schemas",
            path.display()
        );
    }
}

#[test]
fn validate_output_follows_its_schema() {
    let out = digiaste()
        .args(["validate", "--format", "json"])
        .arg(fixture("returns"))
        .arg(fixture("returns-broken"))
        .arg(fixture("hostile/empty.xlsx"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v: Value = parse(&out.stdout);
    assert!(v["files"].as_array().unwrap().len() >= 15, "{v}");
    assert_valid("validate.schema.json", &v);
}

#[test]
fn score_output_follows_its_schema() {
    let out = digiaste()
        .args(["score", "--format", "json"])
        .arg(fixture("returns-known/fi-libreoffice.xlsx"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_valid("score.schema.json", &parse(&out.stdout));
    // An indicator catalog: points and the level shares appear.
    let catalog = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/eblomlada-2017.toml");
    let out = digiaste()
        .args(["score", "--format", "json", "-c"])
        .arg(&catalog)
        .arg(fixture("indicator/2017/091-helsinki.xlsx"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = parse(&out.stdout);
    assert!(v["overall"]["levels"].is_array(), "{}", v["overall"]);
    assert_valid("score.schema.json", &v);
}

#[test]
fn aggregate_output_follows_its_schema() {
    let dir = tempfile::tempdir().unwrap();
    let returns = fixture("returns").display().to_string();
    let broken = fixture("returns-broken").display().to_string();
    let out =
        run_in(dir.path(), &["aggregate", &returns, &broken, "-o", "s.xlsx", "--json", "s.json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v: Value = read_json(&dir.path().join("s.json"));
    for list in ["municipalities", "rejected", "duplicates", "missing"] {
        assert!(
            !v[list].as_array().unwrap().is_empty(),
            "{list} is empty: the sample round has some"
        );
    }
    assert_valid("aggregate.schema.json", &v);
}

/// The schemas are strict enough to catch drift: a field added, removed or retyped on
/// either side is a violation.
#[test]
fn schemas_reject_drifted_reports() {
    let out = digiaste()
        .args(["score", "--format", "json"])
        .arg(fixture("returns-known/fi-libreoffice.xlsx"))
        .output()
        .unwrap();
    let good: Value = parse(&out.stdout);
    let mut added = good.clone();
    added["areas"][0]["services"][0]["new_field"] = 1.into();
    let mut removed = good.clone();
    removed["overall"].as_object_mut().unwrap().remove("degree");
    let mut retyped = good.clone();
    retyped["overall"]["coverage"] = "45 %".into();
    let mut status = good.clone();
    status["catalog"]["version"] = 2025.into();
    let mut percent = good.clone();
    percent["areas"][0]["usage"] = 45.5.into();
    for (what, bad) in [
        ("added", added),
        ("removed", removed),
        ("retyped", retyped),
        ("version as number", status),
        ("percentage for a fraction", percent),
    ] {
        assert!(
            !violations("score.schema.json", &bad).is_empty(),
            "a {what} field passes the schema"
        );
    }
    let out = digiaste()
        .args(["validate", "--format", "json"])
        .arg(fixture("findings/invalid-choice.xlsx"))
        .output()
        .unwrap();
    let mut v: Value = parse(&out.stdout);
    v["files"][0]["status"] = "fine".into();
    v["files"][0]["errors"][0]["severity"] = "fatal".into();
    let errors = violations("validate.schema.json", &v);
    assert_eq!(errors.len(), 2, "{errors:#?}");
}
