//! The text table (templates/texts.toml) and the code agree: every key the code names exists,
//! so no user ever sees a bare key where a text belongs, and every key exists because the
//! code names it.
//!
//! `texts::t` and every other text function take the key as `&'static str`, so a key always
//! appears in `src/` as a string literal. The test reads every string literal outside
//! comments; a literal shaped like a key (`word_word…`) whose first word starts some text key
//! (`msg_`, `sum_`, `reason_`…) must be a key, unless it is one of the few identifiers of
//! another kind listed below (column names of the CSV export, identity names of a workbook).

use std::collections::BTreeSet;
use std::path::Path;

mod common;

/// Literals shaped like text keys that are names of another kind.
const NOT_TEXTS: &[&str] = &[
    // the catalog identity of a workbook (defined names and data-sheet keys)
    "catalog_hash",
    "catalog_id",
    "catalog_version",
    // field names of the CSV export
    "added_service",
    "area_id",
    "savings_potential_eur",
    "savings_realized_eur",
    "savings_services_reported",
    "savings_untapped_eur",
    "savings_volume",
    // command-line options' names
    "feedback_dir",
    "report_dir",
    // a column of the mail-merge table of the letters (`validate --report-dir`)
    "letter_file",
];

/// `word_word…` in lower case: the shape of every text key.
fn key_shaped(s: &str) -> bool {
    let mut words = s.split('_');
    let first_is_word = words.next().is_some_and(|w| {
        w.starts_with(|c: char| c.is_ascii_lowercase())
            && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    });
    let parts = s.split('_').count();
    first_is_word
        && parts >= 2
        && words.all(|w| {
            !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// What is wrong between `keys` and the literals of the sources: keys named but missing,
/// keys never named.
fn disagreements(
    keys: &BTreeSet<String>,
    literals: &BTreeSet<String>,
) -> (Vec<String>, Vec<String>) {
    let prefixes: BTreeSet<&str> = keys.iter().filter_map(|k| k.split('_').next()).collect();
    let missing = literals
        .iter()
        .filter(|l| key_shaped(l) && !keys.contains(*l) && !NOT_TEXTS.contains(&l.as_str()))
        .filter(|l| l.split('_').next().is_some_and(|p| prefixes.contains(p)))
        .cloned()
        .collect();
    let unused = keys.iter().filter(|k| !literals.contains(*k)).cloned().collect();
    (missing, unused)
}

fn text_keys(toml_text: &str) -> BTreeSet<String> {
    let table: toml::Table = toml::from_str(toml_text).expect("templates/texts.toml is TOML");
    table.keys().cloned().collect()
}

#[test]
fn every_key_named_exists_and_every_key_is_named() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let keys = text_keys(&std::fs::read_to_string(root.join("templates/texts.toml")).unwrap());
    let mut files = Vec::new();
    let mut paths = Vec::new();
    common::rust_files(&root.join("src"), &mut paths);
    files.extend(paths.iter().map(|p| std::fs::read_to_string(p).unwrap()));
    let literals: BTreeSet<String> = files.iter().flat_map(|f| common::lex(f).literals).collect();
    assert!(
        keys.len() > 300 && literals.contains("sheet_summary"),
        "the table and the sources were read"
    );

    let (missing, unused) = disagreements(&keys, &literals);
    assert!(missing.is_empty(), "keys named in src/ but not in templates/texts.toml: {missing:?}");
    assert!(unused.is_empty(), "keys in templates/texts.toml that src/ never names: {unused:?}");
    for not_text in NOT_TEXTS {
        assert!(
            literals.contains(*not_text),
            "{not_text} is no longer in src/: drop it from NOT_TEXTS"
        );
        assert!(
            !keys.contains(*not_text),
            "{not_text} is a text key after all: drop it from NOT_TEXTS"
        );
    }
}

#[test]
fn the_check_finds_a_missing_and_an_unused_key() {
    let keys = text_keys("[msg_known]\nen = \"x\"\n[sum_unused]\nen = \"y\"\n");
    let src = r#"
        let a = t("msg_known", lang);   // t("msg_in_comment", lang)
        let b = tf("msg_typo", lang, &[("value", "plain words")]);
        let c = '"'; let d = "sheet_other"; /* "sum_commented" */
    "#;
    let literals: BTreeSet<String> = common::lex(src).literals.into_iter().collect();
    assert!(literals.contains("plain words") && !literals.contains("msg_in_comment"));
    let (missing, unused) = disagreements(&keys, &literals);
    assert_eq!(missing, ["msg_typo"], "a key-shaped literal of a known prefix must exist");
    assert_eq!(unused, ["sum_unused"]);
}
