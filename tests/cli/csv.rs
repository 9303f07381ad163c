//! `aggregate --csv` in both dialects, read back: the tidy one for pandas and R, and
//! `--csv-dialect excel` (semicolon, decimal comma, BOM) for Finnish and Swedish
//! spreadsheets; the same rows, the same values, no float noise, formulas neutralised; the
//! national, regional and municipal figures the JSON's; and the `datapackage.json` beside it
//! describing exactly its columns.

use digiaste::report::AggregateReport;
use serde_json::Value;
use sha2::{Digest, Sha256};

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

/// The header of the CSV, in order.
const HEADER: [&str; 13] = [
    "level",
    "region_code",
    "region_name",
    "municipality_code",
    "municipality_name",
    "size_class",
    "response_date",
    "area_id",
    "service_id",
    "statistic",
    "field",
    "value",
    "text",
];

/// A CSV read back as rows of named cells (the header's names).
struct Table {
    rows: Vec<Vec<String>>,
}

impl Table {
    fn read(path: &Path, sep: char) -> Table {
        let rows = read_csv(&std::fs::read_to_string(path).unwrap(), sep);
        assert_eq!(rows[0], HEADER);
        assert!(rows.iter().all(|r| r.len() == HEADER.len()), "a row of another width");
        Table { rows }
    }

    /// The rows whose columns have these values.
    fn filter(&self, want: &[(&str, &str)]) -> Vec<&Vec<String>> {
        let col = |name: &str| HEADER.iter().position(|h| *h == name).unwrap();
        let want: Vec<(usize, &str)> = want.iter().map(|&(c, v)| (col(c), v)).collect();
        self.rows[1..].iter().filter(|r| want.iter().all(|&(c, v)| r[c] == v)).collect()
    }

    /// The one row with these values.
    fn one(&self, want: &[(&str, &str)]) -> &Vec<String> {
        let found = self.filter(want);
        assert_eq!(found.len(), 1, "{want:?}: {found:?}");
        found[0]
    }

    /// The number in the value column of the one row with these values.
    fn value(&self, want: &[(&str, &str)]) -> f64 {
        let row = self.one(want);
        row[11].parse().unwrap_or_else(|e| panic!("{row:?}: {e}"))
    }
}

fn close(read: f64, exact: Option<f64>, what: &str) {
    let exact = exact.unwrap_or_else(|| panic!("{what}: no value in the JSON"));
    assert!((read - exact).abs() <= 1e-12 * exact.abs().max(1.0), "{what}: {read} vs {exact}");
}

fn significant_digits(number: &str) -> usize {
    number.chars().filter(char::is_ascii_digit).collect::<String>().trim_start_matches('0').len()
}

#[test]
fn excel_dialect_has_the_tidy_rows_with_semicolons_and_decimal_commas() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    // Each CSV in a folder of its own: its datapackage.json goes beside it.
    std::fs::create_dir(dir.path().join("x")).unwrap();
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
        &["aggregate", "in", "-o", "b.xlsx", "--csv", "x/excel.csv", "--csv-dialect", "excel"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let tidy = read_csv(&std::fs::read_to_string(dir.path().join("tidy.csv")).unwrap(), ',');
    let excel_text = std::fs::read_to_string(dir.path().join("x/excel.csv")).unwrap();
    assert!(excel_text.starts_with(&format!("\u{feff}{}\r\n", HEADER.join(";"))));
    let excel = read_csv(&excel_text, ';');
    // Per group (6 areas, overall) a count and the mean and median of 4 measures, and the
    // expected over all areas: 64 rows for the country and for each of the 19 regions. Per
    // municipality 4 measures overall and per area, 3 fields per service (64).
    assert_eq!(
        excel.len(),
        1 + 20 * (7 * (1 + 4 * 2) + 1) + 4 * (7 * 4 + 3 * 64) + 1,
        "a header, national and regional rows, 4 municipalities, the added service"
    );
    assert_eq!(tidy.len(), excel.len());

    let json: AggregateReport = read_json(&dir.path().join("a.json"));
    let mut numbers = 0;
    for (t, e) in tidy.iter().zip(&excel).skip(1) {
        assert_eq!((t.len(), e.len()), (13, 13), "{t:?} {e:?}");
        assert_eq!(t[..11], e[..11]);
        assert_eq!(e[11], t[11].replace('.', ","), "{t:?}");
        assert!(significant_digits(&t[11]) <= 12, "float noise: {t:?}");
        if t[0] == "service" && (t[10] == "degree_share" || t[10] == "usage_share") {
            if t[11].is_empty() {
                continue;
            }
            numbers += 1;
            // The value is the JSON's, to 12 significant digits.
            let m = json.municipalities.iter().find(|m| m.code == t[3]).unwrap();
            let s = m.areas.iter().flat_map(|a| &a.services).find(|s| s.id == t[8]).unwrap();
            let exact = if t[10] == "degree_share" { s.degree } else { s.usage };
            close(t[11].parse().unwrap(), exact, &format!("{t:?}"));
        }
    }
    assert!(numbers > 300, "only {numbers} numbers");
    let espoo = excel
        .iter()
        .find(|r| r[3] == "049" && r[8] == "asu.rakennuslupa" && r[10] == "usage_share")
        .unwrap();
    assert_eq!(espoo[11], "0,455");
    // The formula a municipality typed as an added service is text in both dialects.
    for table in [&excel, &tidy] {
        let added = table.iter().find(|r| r[10] == "added_service").unwrap();
        assert_eq!(
            added[..9],
            ["service", "02", "Varsinais-Suomi", "853", "Turku", "large"]
                .iter()
                .map(|s| s.to_string())
                .chain(["2026-03-15".into(), "asu".into(), String::new()])
                .collect::<Vec<_>>()
        );
        assert_eq!(
            (added[11].as_str(), added[12].as_str()),
            ("", "'=HYPERLINK(\"http://example.invalid\",\"klikkaa\")")
        );
    }
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

/// The sample round (11 municipalities) with its JSON and a CSV in `dialect`.
fn sample_round(dir: &Path, dialect: &str) -> (Table, AggregateReport) {
    let returns = fixture("returns").display().to_string();
    let args = ["aggregate", &returns, "-o", "s.xlsx", "--json", "s.json", "--csv", "s.csv"];
    let out = run_in(dir, &[&args[..], &["--csv-dialect", dialect]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let sep = if dialect == "excel" { ';' } else { ',' };
    (Table::read(&dir.join("s.csv"), sep), read_json(&dir.join("s.json")))
}

#[test]
fn national_regional_and_municipal_rows_are_the_jsons_figures() {
    let dir = tempfile::tempdir().unwrap();
    let (csv, json) = sample_round(dir.path(), "tidy");
    // The country over all areas: the JSON's last group, overall.
    let overall = json.national.groups.last().unwrap();
    assert_eq!(overall.group, "overall");
    let national = |stat, field| {
        let want = [("level", "national"), ("area_id", ""), ("statistic", stat), ("field", field)];
        csv.value(&want)
    };
    close(national("mean", "degree_share"), overall.mean.degree, "national mean degree");
    close(national("median", "degree_share"), overall.median.degree, "national median degree");
    close(national("mean", "usage_share"), overall.mean.usage, "national mean usage");
    assert_eq!(national("", "count"), 11.0);
    assert_eq!(national("", "expected"), 308.0);
    let row = csv.one(&[("level", "national"), ("area_id", ""), ("field", "count")]);
    assert!(row[1..7].iter().all(String::is_empty), "no region or municipality: {row:?}");
    // Every area of the country.
    for g in &json.national.groups[..6] {
        let want = [("level", "national"), ("area_id", &g.group), ("statistic", "mean")];
        let coverage = csv.value(&[&want[..], &[("field", "coverage_share")]].concat());
        close(coverage, g.mean.coverage, &g.group);
    }

    // Uusimaa: Helsinki and Espoo, of 26 expected.
    let uusimaa = json.regions.iter().find(|r| r.code == "01").unwrap();
    let region = |area: &str, stat, field| {
        let want = [
            ("level", "region"),
            ("region_code", "01"),
            ("region_name", "Uusimaa"),
            ("area_id", area),
            ("statistic", stat),
            ("field", field),
        ];
        csv.value(&want)
    };
    assert_eq!(region("", "", "count"), uusimaa.counted as f64);
    assert_eq!((region("", "", "count"), region("", "", "expected")), (2.0, 26.0));
    let last = uusimaa.groups.last().unwrap();
    close(region("", "mean", "degree_share"), last.mean.degree, "Uusimaa mean degree");
    close(region("", "median", "realized_share"), last.median.realized, "Uusimaa median");
    close(region("asu", "mean", "coverage_share"), uusimaa.groups[0].mean.coverage, "asu");
    // All 19 regions, those with no return too.
    assert_eq!(csv.filter(&[("level", "region"), ("field", "expected")]).len(), 19);

    // Each municipality's own figures overall and per area.
    for m in &json.municipalities {
        let code = m.code.as_str();
        let want = [("level", "overall"), ("municipality_code", code), ("field", "degree_share")];
        close(csv.value(&want), m.overall.degree, code);
        for a in &m.areas {
            let want = [("level", "area"), ("municipality_code", code), ("area_id", &a.id)];
            let realized = csv.value(&[&want[..], &[("field", "realized_share")]].concat());
            close(realized, Some(a.measures.realized), code);
        }
    }
    // Region and size class on every municipality row; "005" keeps its zeros.
    let alajarvi = csv.filter(&[("municipality_code", "005")]);
    assert!(alajarvi.len() > 200, "{}", alajarvi.len());
    for r in &alajarvi {
        assert_eq!(r[1..6], ["14", "Etelä-Pohjanmaa", "005", "Alajärvi", "small"], "{r:?}");
    }
    let helsinki = csv.filter(&[("municipality_code", "091")]);
    assert!(helsinki.iter().all(|r| r[1] == "01" && r[5] == "large"), "{:?}", helsinki[0]);
    assert!(csv.filter(&[("municipality_code", "837")]).iter().all(|r| r[5] == "large"));
    assert!(csv.filter(&[("municipality_code", "499")]).iter().all(|r| r[5] == "medium"));

    // `introduced` is 1 or 0 (empty when unanswered), as the JSON's answer.
    let introduced = csv.filter(&[("field", "introduced")]);
    assert_eq!(introduced.len(), 11 * 64);
    for r in &introduced {
        let m = json.municipalities.iter().find(|m| m.code == r[3]).unwrap();
        let s = m.areas.iter().flat_map(|a| &a.services).find(|s| s.id == r[8]).unwrap();
        let want = match s.introduced {
            Some(true) => "1",
            Some(false) => "0",
            None => "",
        };
        assert_eq!(r[11], want, "{r:?}");
    }
    assert!(introduced.iter().any(|r| r[11] == "1") && introduced.iter().any(|r| r[11] == "0"));
    // Nothing of the old names is left.
    for old in ["degree", "usage", "savings_realized", "true", "false"] {
        assert!(csv.filter(&[("field", old)]).is_empty(), "{old}");
    }
}

/// The data package beside `csv`, with its one resource.
fn package(dir: &Path) -> (Value, Value) {
    let text = std::fs::read_to_string(dir.join("datapackage.json")).unwrap();
    let package: Value = serde_json::from_str(&text).expect("datapackage.json is JSON");
    let resources = package["resources"].as_array().expect("resources");
    assert_eq!(resources.len(), 1);
    let resource = resources[0].clone();
    (package, resource)
}

#[test]
fn the_data_package_describes_the_csv_column_by_column() {
    for (dialect, sep, decimal) in [("tidy", ",", "."), ("excel", ";", ",")] {
        let dir = tempfile::tempdir().unwrap();
        let (csv, _) = sample_round(dir.path(), dialect);
        let (package, resource) = package(dir.path());
        assert_eq!(package["profile"], "tabular-data-package");
        assert_eq!(package["name"], "digiaste-vm-digiaste-2025-1");
        assert!(package["title"].as_str().unwrap().contains("vm-digiaste 2025.1"));
        assert_eq!(package["licenses"][0]["name"], "CC-BY-4.0");
        assert_eq!(package["digiaste"]["version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(package["digiaste"]["catalogId"], "vm-digiaste");
        assert_eq!(package["digiaste"]["catalogVersion"], "2025.1");
        let created = package["created"].as_str().unwrap();
        assert!(created.len() == 20 && created.ends_with('Z') && &created[10..11] == "T");

        // The resource is this very file.
        let bytes = std::fs::read(dir.path().join("s.csv")).unwrap();
        assert_eq!(
            (resource["path"].as_str(), resource["name"].as_str()),
            (Some("s.csv"), Some("s"))
        );
        assert_eq!(resource["bytes"], bytes.len());
        let hash: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(resource["hash"], format!("sha256:{hash}"));
        assert_eq!(
            (resource["format"].as_str(), resource["encoding"].as_str()),
            (Some("csv"), Some("utf-8"))
        );
        assert_eq!(resource["dialect"]["delimiter"], sep, "{dialect}");

        // Its fields are the header, in order, each typed and described.
        let fields = resource["schema"]["fields"].as_array().unwrap();
        let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
        assert_eq!(names, csv.rows[0]);
        let field = |name: &str| fields.iter().find(|f| f["name"] == name).unwrap();
        for f in fields {
            assert!(f["description"].as_str().is_some_and(|d| d.len() > 10), "{f}");
        }
        for code in ["municipality_code", "region_code", "area_id", "service_id"] {
            assert_eq!(field(code)["type"], "string", "{code}");
        }
        assert_eq!(field("municipality_code")["constraints"]["pattern"], "^[0-9]{3}$");
        assert_eq!(field("response_date")["type"], "date");
        assert_eq!(field("value")["type"], "number");
        assert_eq!(field("value")["decimalChar"], decimal, "{dialect}");
        assert_eq!(field("value")["units"]["degree_share"], "share 0..1");
        assert_eq!(field("value")["units"]["savings_realized_eur"], "EUR per year");
        assert_eq!(resource["schema"]["missingValues"], serde_json::json!([""]));
        // Every level and field the CSV holds is one its enum allows, and every level is
        // there.
        let allowed = |name: &str| -> Vec<String> {
            let values = field(name)["constraints"]["enum"].as_array().unwrap();
            values.iter().map(|v| v.as_str().unwrap().to_string()).collect()
        };
        let (levels, fields_allowed) = (allowed("level"), allowed("field"));
        assert_eq!(levels, ["service", "area", "overall", "region", "national"]);
        for r in &csv.rows[1..] {
            assert!(levels.contains(&r[0]) && fields_allowed.contains(&r[10]), "{r:?}");
            assert!(r[5].is_empty() || allowed("size_class").contains(&r[5]), "{r:?}");
            assert!(r[9].is_empty() || allowed("statistic").contains(&r[9]), "{r:?}");
        }
        for level in &levels {
            assert!(!csv.filter(&[("level", level)]).is_empty(), "no {level} row");
        }
        let categories = field("field")["categories"].as_array().unwrap();
        assert_eq!(categories.len(), fields_allowed.len());
    }
}

#[test]
fn the_data_package_is_refused_like_every_other_output() {
    let returns = fixture("returns").display().to_string();
    let dir = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        let args = ["aggregate", &returns, "-o", "s.xlsx", "--csv", "s.csv"];
        run_in(dir.path(), &[&args[..], extra].concat())
    };
    // An earlier datapackage.json is not replaced without --force, nor anything else.
    std::fs::write(dir.path().join("datapackage.json"), "precious").unwrap();
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("datapackage.json already exists; use --force to replace it"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("s.xlsx").exists() && !dir.path().join("s.csv").exists());
    assert_eq!(std::fs::read_to_string(dir.path().join("datapackage.json")).unwrap(), "precious");
    let out = run(&["--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (_, resource) = package(dir.path());
    assert_eq!(resource["path"], "s.csv");

    // The JSON or the CSV named datapackage.json in the CSV's folder would be overwritten by
    // it: refused before anything is read, even with --force.
    let before = std::fs::read(dir.path().join("s.xlsx")).unwrap();
    for args in [
        &["aggregate", &returns, "-o", "s.xlsx", "--csv", "s.csv", "--json", "datapackage.json"][..],
        &["aggregate", &returns, "-o", "s.xlsx", "--csv", "datapackage.json"][..],
    ] {
        let out = run_in(dir.path(), &[args, &["--force"]].concat());
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("datapackage.json is given as two outputs"),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(std::fs::read(dir.path().join("s.xlsx")).unwrap(), before, "nothing replaced");
}

#[test]
fn every_column_level_and_field_is_documented_in_the_guide() {
    use digiaste::summary::export::schema::{COLUMNS, FIELDS, LEVELS, SIZE_CLASSES, STATISTICS};
    let guide =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/guide.md"))
            .unwrap();
    let section = guide.split("### The CSV\n").nth(1).unwrap();
    let section = section.split("### The data package").next().unwrap();
    let names = COLUMNS.iter().map(|c| c.name).chain(FIELDS.iter().map(|f| f.0));
    for name in names.chain(LEVELS).chain(SIZE_CLASSES).chain(STATISTICS) {
        assert!(section.contains(&format!("`{name}`")), "docs/guide.md does not name `{name}`");
    }
    assert_eq!(COLUMNS.map(|c| c.name), HEADER);
}
