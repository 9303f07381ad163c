//! `aggregate --csv` in both dialects, read back: the tidy one for pandas and R, and
//! `--csv-dialect excel` (semicolon, decimal comma, BOM) for Finnish and Swedish
//! spreadsheets; the same rows, the same values, no float noise, formulas neutralised.

use digiaste::report::AggregateReport;

use super::*;

const ROUND: [(&str, &str); 4] = [
    ("returns-known/fi-libreoffice.xlsx", "091-helsinki.xlsx"),
    ("returns-known/sv-libreoffice-499.ods", "499-korsholm.ods"),
    ("returns-special/injection-openpyxl.xlsx", "853-turku.xlsx"),
    ("returns-special/usage-percent-openpyxl.xlsx", "049-espoo.xlsx"),
];

/// Reads a CSV written with `sep`: records of cells, quotes and doubled quotes undone.
fn read_csv(text: &str, sep: char) -> Vec<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or_else(|| panic!("no BOM: {}", &text[..40]));
    let (mut rows, mut row, mut cell, mut quoted, mut chars) =
        (vec![], vec![], String::new(), false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == sep && !quoted => row.push(std::mem::take(&mut cell)),
            '\r' if !quoted => {}
            '\n' if !quoted => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            c => cell.push(c),
        }
    }
    assert!(cell.is_empty() && row.is_empty() && !quoted, "the CSV does not end with a line end");
    rows
}

fn significant_digits(number: &str) -> usize {
    number.chars().filter(char::is_ascii_digit).collect::<String>().trim_start_matches('0').len()
}

#[test]
fn excel_dialect_has_the_tidy_rows_with_semicolons_and_decimal_commas() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    for (src, name) in ROUND {
        std::fs::copy(fixture(src), dir.path().join("in").join(name)).unwrap();
    }
    let out = run_in(
        dir.path(),
        &["aggregate", "in", "-o", "a.xlsx", "--json", "a.json", "--csv", "tidy.csv"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = run_in(
        dir.path(),
        &["aggregate", "in", "-o", "b.xlsx", "--csv", "excel.csv", "--csv-dialect", "excel"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let tidy = read_csv(&std::fs::read_to_string(dir.path().join("tidy.csv")).unwrap(), ',');
    let excel_text = std::fs::read_to_string(dir.path().join("excel.csv")).unwrap();
    assert!(excel_text.starts_with("\u{feff}municipality_code;municipality_name;response_date;area_id;service_id;field;value\r\n"));
    let excel = read_csv(&excel_text, ';');
    assert_eq!(
        excel.len(),
        1 + 3 * 64 * 4 + 1,
        "a header, 3 fields × 64 services × 4 municipalities, the added service"
    );
    assert_eq!(tidy.len(), excel.len());

    let json: AggregateReport = read_json(&dir.path().join("a.json"));
    let mut numbers = 0;
    for (t, e) in tidy.iter().zip(&excel).skip(1) {
        assert_eq!((t.len(), e.len()), (7, 7), "{t:?} {e:?}");
        assert_eq!(t[..6], e[..6]);
        if t[5] == "degree" || t[5] == "usage" {
            assert_eq!(e[6], t[6].replace('.', ","), "{t:?}");
            if t[6].is_empty() {
                continue;
            }
            numbers += 1;
            assert!(significant_digits(&t[6]) <= 12, "float noise: {t:?}");
            // The value is the JSON's, to 12 significant digits.
            let m = json.municipalities.iter().find(|m| m.code == t[0]).unwrap();
            let s = m.areas.iter().flat_map(|a| &a.services).find(|s| s.id == t[4]).unwrap();
            let exact = if t[5] == "degree" { s.degree } else { s.usage }.unwrap();
            let read: f64 = t[6].parse().unwrap();
            assert!((read - exact).abs() <= 1e-12 * exact.abs().max(1.0), "{t:?} vs {exact}");
        }
    }
    assert!(numbers > 300, "only {numbers} numbers");
    let espoo = excel
        .iter()
        .find(|r| r[0] == "049" && r[4] == "asu.rakennuslupa" && r[5] == "usage")
        .unwrap();
    assert_eq!(espoo[6], "0,455");
    // The formula a municipality typed as an added service is text in both dialects.
    let added = excel.iter().find(|r| r[5] == "added_service").unwrap();
    assert_eq!(added[6], "'=HYPERLINK(\"http://example.invalid\",\"klikkaa\")");
    let added = tidy.iter().find(|r| r[5] == "added_service").unwrap();
    assert_eq!(added[6], "'=HYPERLINK(\"http://example.invalid\",\"klikkaa\")");
}

#[test]
fn csv_dialect_needs_a_csv_and_a_known_dialect() {
    let returns = fixture("returns").display().to_string();
    let dir = tempfile::tempdir().unwrap();
    let out =
        run_in(dir.path(), &["aggregate", &returns, "-o", "s.xlsx", "--csv-dialect", "excel"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--csv"), "{}", stderr(&out));
    let out = run_in(
        dir.path(),
        &["aggregate", &returns, "-o", "s.xlsx", "--csv", "s.csv", "--csv-dialect", "libreoffice"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("tidy, excel"), "{}", stderr(&out));
    assert!(!dir.path().join("s.xlsx").exists(), "nothing written on a usage error");
}
