//! Every formula the templates carry is one that every spreadsheet program computes alike:
//! only functions without array or volatile semantics, and every name it refers to is a
//! defined name of the workbook (an area's columns, the "introduced" label).

use calamine::{Reader, Xlsx, open_workbook};

use super::*;

/// The functions the formulas may use: none needs array evaluation, none is volatile.
// RIGHT and TRIM: the blank template's code cell follows the name chosen ("Helsinki – 091").
const PORTABLE: [&str; 15] = [
    "IF", "IFERROR", "VLOOKUP", "COUNT", "COUNTIF", "COUNTIFS", "SUM", "SUMIFS", "RIGHT", "TRIM",
    "ROWS", "COUNTA", "AND", "ISNUMBER", "N",
];

/// Functions and names a formula uses, after string literals and sheet prefixes are gone.
fn words(formula: &str) -> (Vec<String>, Vec<String>) {
    // Drop "..." literals and 'quoted sheet'! prefixes.
    let mut plain = String::new();
    let mut quote = None;
    for c in formula.chars() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, c) => plain.push(c),
        }
    }
    let (mut functions, mut names) = (Vec::new(), Vec::new());
    let mut rest = plain.as_str();
    while let Some(start) = rest.find(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '$') {
        let tail = &rest[start..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || "_.$".contains(c)))
            .unwrap_or(tail.len());
        let word = &tail[..end];
        let next = tail[end..].chars().next();
        let is_cell = {
            let w = word.replace('$', "");
            let letters = w.chars().take_while(|c| c.is_ascii_uppercase()).count();
            (1..=3).contains(&letters)
                && w.len() > letters
                && w[letters..].chars().all(|c| c.is_ascii_digit())
        };
        match next {
            Some('(') => functions.push(word.to_string()),
            Some('!') => {} // an unquoted sheet name
            _ if !is_cell => names.push(word.to_string()),
            _ => {}
        }
        rest = &tail[end..];
    }
    (functions, names)
}

#[test]
fn formula_words_are_read() {
    let (f, n) =
        words("IF($C5=introduced,COUNTIFS(gate_asu,\"x(y)\",'A b'!$D$2:$D$3),digiaste!$D$2)");
    assert_eq!(f, ["IF", "COUNTIFS"]);
    assert_eq!(n, ["introduced", "gate_asu"]);
}

#[test]
fn template_formulas_use_portable_functions_and_defined_names() {
    let dir = tempfile::tempdir().unwrap();
    let eblom = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/eblomlada-2017.toml");
    let cases = [
        ("fi.xlsx", vec!["template", "--lang", "fi", "-o", "fi.xlsx"]),
        ("sv.xlsx", vec!["template", "--lang", "sv", "-o", "sv.xlsx"]),
        (
            "ind.xlsx",
            vec!["template", "-c", eblom.to_str().unwrap(), "--lang", "sv", "-o", "ind.xlsx"],
        ),
    ];
    for (file, args) in cases {
        let out = run_in(dir.path(), &args);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let mut wb: Xlsx<_> = open_workbook(dir.path().join(file)).unwrap();
        let defined: Vec<String> = wb.defined_names().iter().map(|(n, _)| n.clone()).collect();
        let mut count = 0;
        for sheet in wb.sheet_names() {
            let formulas = wb.worksheet_formula(&sheet).unwrap();
            for (_, _, f) in formulas.used_cells() {
                count += 1;
                let (functions, names) = words(f);
                for func in functions {
                    assert!(PORTABLE.contains(&func.as_str()), "{file} {sheet}: {func} in {f}");
                }
                for name in names {
                    assert!(
                        defined.contains(&name),
                        "{file} {sheet}: {name} is no defined name, in {f}"
                    );
                }
            }
        }
        assert!(count > 64, "{file}: {count} formulas");
    }
}

/// The usage count of an area, which Gnumeric got wrong as an array formula.
#[test]
fn usage_is_counted_with_countifs_over_named_columns() {
    let dir = tempfile::tempdir().unwrap();
    run_in(dir.path(), &["template", "--lang", "en", "-o", "en.xlsx"]);
    let mut wb: Xlsx<_> = open_workbook(dir.path().join("en.xlsx")).unwrap();
    let names = wb.defined_names().to_vec();
    let target = |n: &str| names.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
    assert_eq!(target("introduced").as_deref(), Some("digiaste!$D$2"));
    let first_area = wb.sheet_names()[1].clone();
    assert_eq!(target("usage_asu"), Some(format!("'{first_area}'!$J$5:$J$15")));
    assert_eq!(target("gate_asu"), Some(format!("'{first_area}'!$C$5:$C$15")));
    assert_eq!(target("degree_asu"), Some(format!("'{first_area}'!$K$5:$K$15")));
    let summary = wb.worksheet_formula("Summary").unwrap();
    let cell = |c: u32| summary.get_value((3, c)).cloned();
    assert_eq!(cell(2).as_deref(), Some("COUNTIF(gate_asu,introduced)"));
    assert_eq!(cell(7).as_deref(), Some("COUNT(degree_asu)"));
    assert_eq!(
        cell(9).as_deref(),
        Some("SUMIFS(usage_asu,gate_asu,introduced,usage_asu,\">=0\",usage_asu,\"<=100\")")
    );
    assert_eq!(
        cell(10).as_deref(),
        Some("COUNTIFS(gate_asu,introduced,usage_asu,\">=0\",usage_asu,\"<=100\")")
    );
}
