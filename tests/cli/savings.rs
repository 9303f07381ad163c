//! The savings potential (docs/measures.md, issue 13): LibreOffice's live formulas, `score`,
//! `aggregate` and the Python oracle agree to the cent; every bad savings input is
//! reported at its cell; catalog estimates are checked; catalogs without savings have none.

use digiaste::catalog::Catalog;
use digiaste::layout::savings::{self as sl, SavingsLayout};
use digiaste::measures::savings::{SavingsTotals, ServiceSavings};
use digiaste::read::{self, Value};
use digiaste::report::{AggregateReport, ScoreReport, ValidateReport};

use super::*;

const FI: &str = "savings/091-savings-libreoffice.xlsx";
const SV: &str = "savings/445-savings-libreoffice.ods";

fn score(rel: &str) -> ScoreReport {
    let out = digiaste().args(["score", "--format", "json"]).arg(fixture(rel)).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    parse(&out.stdout)
}

fn validate(rel: &str) -> (Option<i32>, ValidateReport) {
    let out = digiaste().args(["validate", "--format", "json"]).arg(fixture(rel)).output().unwrap();
    (out.status.code(), parse(&out.stdout))
}

/// A cell LibreOffice computed: a number, or `None` for its empty text result.
fn lo_cell(sheet: &read::Sheet, row: u32, col: u16) -> Option<f64> {
    match sheet.get(row, col) {
        Some(Value::Number(n)) => Some(*n),
        None => None,
        Some(other) => {
            panic!("{}: unexpected {other:?}", digiaste::layout::cell_name(row, col))
        }
    }
}

fn cent(a: Option<f64>, b: Option<f64>, what: &str) {
    match (a, b) {
        (None, None) => {}
        (Some(x), Some(y)) => assert!((x - y).abs() < 0.005, "{what}: {x} vs {y}"),
        _ => panic!("{what}: {a:?} vs {b:?}"),
    }
}

fn totals_equal(sheet: &read::Sheet, l: &SavingsLayout, row: u32, t: &SavingsTotals, what: &str) {
    cent(lo_cell(sheet, row, l.realized), Some(t.realized), &format!("{what} realized"));
    cent(lo_cell(sheet, row, l.potential), Some(t.potential), &format!("{what} potential"));
    cent(lo_cell(sheet, row, l.untapped), Some(t.untapped), &format!("{what} untapped"));
    assert_eq!(
        lo_cell(sheet, row, sl::VOLUME_COL),
        Some(t.services_reported as f64),
        "{what} reported"
    );
}

/// Every savings cell LibreOffice recalculated equals `score`'s figure to the cent.
fn score_equals_libreoffice(rel: &str, sheet_name: &str) -> ScoreReport {
    let catalog = Catalog::default_catalog();
    let l = SavingsLayout::new(&catalog).unwrap();
    let report = score(rel);
    let book = read::read_path(&fixture(rel)).unwrap();
    let sheet = book.sheet(sheet_name).unwrap_or_else(|| panic!("no sheet {sheet_name}"));
    let mut figures = 0;
    for (a, area) in report.areas.iter().enumerate() {
        for (s, svc) in area.services.iter().enumerate() {
            let row = l.services[a][s];
            let ours = svc.savings.clone().expect("savings per service");
            cent(lo_cell(sheet, row, l.realized), ours.realized, &format!("{} realized", svc.id));
            cent(
                lo_cell(sheet, row, l.potential),
                ours.potential,
                &format!("{} potential", svc.id),
            );
            cent(lo_cell(sheet, row, l.untapped), ours.untapped, &format!("{} untapped", svc.id));
            figures += usize::from(ours.potential.is_some());
        }
        totals_equal(sheet, &l, l.table_row(a), &area.measures.savings.unwrap(), &area.id);
    }
    totals_equal(sheet, &l, l.total, &report.overall.savings.unwrap(), "total");
    assert!(figures > 40, "only {figures} services with figures");
    report
}

#[test]
fn score_equals_libreoffice_and_the_oracle_to_the_cent() {
    let report = score_equals_libreoffice(FI, "Hyötykartoitus");
    let oracle: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture("savings/expected.json")).unwrap()).unwrap();
    for svc in report.areas.iter().flat_map(|a| &a.services) {
        let want = &oracle["services"][&svc.id];
        let ours = svc.savings.as_ref().unwrap();
        cent(ours.realized, want["realized"].as_f64(), &svc.id);
        cent(ours.potential, want["potential"].as_f64(), &svc.id);
        cent(ours.untapped, want["untapped"].as_f64(), &svc.id);
    }
    let overall = report.overall.savings.unwrap();
    cent(Some(overall.untapped), oracle["overall"]["untapped"].as_f64(), "overall untapped");
    assert_eq!(
        overall.services_reported as u64,
        oracle["overall"]["services_reported"].as_u64().unwrap()
    );
    assert!(overall.realized > 0.0 && overall.untapped > overall.realized, "{overall:?}");
}

#[test]
fn swedish_ods_return_scores_as_libreoffice_computed() {
    let sv = score_equals_libreoffice(SV, "Nyttokartläggning");
    let fi = score(FI);
    assert_eq!(sv.overall.savings, fi.overall.savings);
}

#[test]
fn not_introduced_service_keeps_its_inputs_as_the_target() {
    let report = score(FI);
    let inputs: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture("savings/inputs.json")).unwrap()).unwrap();
    let targets: Vec<&ServiceSavings> = report
        .areas
        .iter()
        .flat_map(|a| &a.services)
        .filter(|s| s.introduced == Some(false) && inputs["services"].get(&s.id).is_some())
        .map(|s| s.savings.as_ref().unwrap())
        .collect();
    assert!(targets.len() >= 5, "{}", targets.len());
    for t in targets {
        assert_eq!(t.realized, Some(0.0));
        assert!(t.potential.is_some() && t.untapped == t.potential, "{t:?}");
    }
}

#[test]
fn volume_without_usage_on_an_introduced_service_is_warned() {
    let (code, report) = validate(FI);
    assert_eq!(code, Some(0));
    let file = &report.files[0];
    let warned: Vec<&str> = file
        .warnings
        .iter()
        .filter(|w| w.code == "volume-without-usage")
        .map(|w| w.service.as_deref().unwrap())
        .collect();
    assert_eq!(
        warned,
        [
            "kasvatus.koulukuljetus",
            "terveys.liikuntaneuvonta",
            "tyo.tyollisyyspalvelut",
            "tyo.elintarvikehuoneisto",
            "tyo.toripaikat"
        ]
    );
    let score = score(FI);
    let svc = score
        .areas
        .iter()
        .flat_map(|a| &a.services)
        .find(|s| s.id == "kasvatus.koulukuljetus")
        .unwrap();
    let fig = svc.savings.as_ref().unwrap();
    assert_eq!((fig.realized, fig.untapped), (None, None));
    assert!(fig.potential.is_some());
}

#[test]
fn every_bad_savings_input_is_an_error_at_its_cell() {
    let (code, report) = validate("savings/bad-inputs.xlsx");
    assert_eq!(code, Some(1));
    let cells: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture("savings/bad-inputs.json")).unwrap())
            .unwrap();
    let errors = &report.files[0].errors;
    for (what, place) in cells.as_object().unwrap() {
        let cell = place["cell"].as_str().unwrap();
        let e = errors
            .iter()
            .find(|e| e.cell.as_deref() == Some(cell))
            .unwrap_or_else(|| panic!("{what}: no error at {cell}"));
        let want = if what == "volume-text" { "invalid-number" } else { "invalid-savings-input" };
        assert_eq!(e.code, want, "{what}");
        assert_eq!(e.sheet.as_deref(), Some("Hyötykartoitus"));
        let value = match &place["value"] {
            serde_json::Value::String(s) => s.clone(),
            v => v.to_string(),
        };
        assert!(e.message.contains(&format!("\"{value}\"")), "{what}: {}", e.message);
    }
    assert_eq!(errors.len(), cells.as_object().unwrap().len(), "{errors:#?}");
    let hourly = errors.iter().find(|e| e.cell.as_deref() == Some("D4")).unwrap();
    assert!(hourly.message.contains("above 0 and at most 1 000"), "{}", hourly.message);
    assert!(errors.iter().any(|e| e.message.contains("0–600")));
}

#[test]
fn typed_numbers_are_read_with_a_warning() {
    let (code, report) = validate("savings/typed-inputs.xlsx");
    assert_eq!(code, Some(0));
    let normalized: Vec<(&str, &str)> = report.files[0]
        .warnings
        .iter()
        .filter(|w| w.code == "normalized-answer" && w.sheet.as_deref() == Some("Hyötykartoitus"))
        .map(|w| (w.cell.as_deref().unwrap(), w.message.as_str()))
        .collect();
    assert_eq!(
        normalized,
        [("D4", "\"45 €/h\" was read as \"45\"."), ("D8", "\"1 200\" was read as \"1200\".")]
    );
    // asu.rakennuslupa: 1200 transactions at 45 €/h, its minutes as filled.
    let inputs: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture("savings/inputs.json")).unwrap()).unwrap();
    let i = &inputs["services"]["asu.rakennuslupa"];
    let minutes: f64 = i["minutes"].as_array().unwrap().iter().filter_map(|m| m.as_f64()).sum();
    let cost = i["cost"].as_f64().unwrap_or(0.0);
    let report = score("savings/typed-inputs.xlsx");
    let fig = report.areas[0].services[0].savings.clone().unwrap();
    assert_eq!(fig.volume, Some(1200.0));
    cent(fig.potential, Some(1200.0 * minutes / 60.0 * 45.0 - cost), "potential");
}

#[test]
fn unusual_hourly_cost_is_a_warning() {
    let (code, report) = validate("savings/unusual-hourly.xlsx");
    assert_eq!(code, Some(0));
    let w =
        report.files[0].warnings.iter().find(|w| w.code == "unusual-hourly-cost").expect("warned");
    assert_eq!((w.sheet.as_deref(), w.cell.as_deref()), (Some("Hyötykartoitus"), Some("D4")));
    assert!(w.message.contains("200 €") && w.message.contains("15–150"), "{}", w.message);
}

#[test]
fn aggregate_json_carries_the_same_savings_as_score() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::copy(fixture(FI), dir.path().join("in/091.xlsx")).unwrap();
    std::fs::copy(fixture(SV), dir.path().join("in/445.ods")).unwrap();
    let out = run_in(dir.path(), &["aggregate", "in", "-o", "s.xlsx", "--json", "s.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let agg: AggregateReport = read_json(&dir.path().join("s.json"));
    let fi = score(FI);
    assert_eq!(agg.municipalities.len(), 2);
    for m in &agg.municipalities {
        assert_eq!(m.overall.savings, fi.overall.savings, "{}", m.code);
        for (a, b) in m.areas.iter().zip(&fi.areas) {
            assert_eq!(a.measures.savings, b.measures.savings);
        }
    }
}

#[test]
fn a_return_without_inputs_has_zero_sums_and_no_savings_table() {
    let out = digiaste()
        .args(["score", "--format", "json"])
        .arg(fixture("returns-known/fi-libreoffice.xlsx"))
        .output()
        .unwrap();
    let report: ScoreReport = parse(&out.stdout);
    assert_eq!(report.overall.savings, Some(SavingsTotals::default()));
    let text = stdout(
        &digiaste()
            .args(["score"])
            .arg(fixture("returns-known/fi-libreoffice.xlsx"))
            .output()
            .unwrap(),
    );
    assert!(!text.contains("Savings"), "{text}");
    let text =
        stdout(&digiaste().args(["score", "--lang", "en"]).arg(fixture(FI)).output().unwrap());
    assert!(text.contains("Savings, € per year (n = services with a volume)"), "{text}");
}

#[test]
fn template_has_the_savings_sheet_with_estimates_inputs_and_live_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["template", "--lang", "en", "-o", "t.xlsx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let path = dir.path().join("t.xlsx");
    let workbook = xlsx_part(&path, "xl/workbook.xml");
    assert!(
        workbook.contains(r#"<definedName name="hourly_cost">'Savings'!$D$4</definedName>"#),
        "{workbook}"
    );
    let book = read::read_path(&path).unwrap();
    let sheet = book.sheet("Savings").expect("a savings sheet");
    let l = SavingsLayout::new(&Catalog::default_catalog()).unwrap();
    let row = l.services[0][0];
    assert_eq!(sheet.get(row, sl::ID_COL), Some(&Value::Text("asu.rakennuslupa".into())));
    // Starting estimates prefilled (process 45 min for a building permit); "—" where the
    // service has no such stage (sludge emptying: no decision, no payment).
    assert_eq!(sheet.get(row, l.minutes[0]), Some(&Value::Number(45.0)));
    let sludge = l.services[0][6];
    assert_eq!(sheet.get(sludge, sl::ID_COL), Some(&Value::Text("asu.lietetyhjennys".into())));
    assert_eq!(sheet.get(sludge, l.minutes[1]), Some(&Value::Text("—".into())));
    // Header of a minutes column names its stage; the note says these are estimates.
    assert_eq!(
        sheet.get(sl::HEADER_ROW, l.minutes[0]),
        Some(&Value::Text("Processing: minutes saved / transaction".into()))
    );
    assert!(
        matches!(sheet.get(sl::NOTE_ROW, 0), Some(Value::Text(t)) if t.contains("starting estimates"))
    );
    // Live formulas read the area sheet and the hourly cost; blank results are empty.
    let part = xlsx_part(&path, "xl/worksheets/sheet8.xml");
    assert!(part.contains("<sheetProtection"), "protected");
    assert!(
        part.contains(r#"type="whole" operator="greaterThanOrEqual" errorStyle="stop""#)
            || part.contains(r#"type="whole""#)
    );
    assert!(part.contains("ISNUMBER(hourly_cost)"), "potential formula");
    assert!(part.contains("'Housing, environment, transport'!$J$5"), "usage from the area sheet");
    assert!(!part.contains("SUMPRODUCT"), "portable formulas only");
    assert!(part.contains("showInputMessage=\"1\""), "input messages");
    // The summary sheet shows the totals from the savings sheet.
    let summary = xlsx_part(&path, "xl/worksheets/sheet9.xml");
    assert!(
        summary.contains(&format!(
            "'Savings'!${}${}",
            digiaste::layout::col_name(l.realized),
            l.total + 1
        )),
        "{summary}"
    );
}

#[test]
fn indicator_catalog_has_no_savings_sheet_and_no_savings_fields() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/eblomlada-2017.toml");
    let out = run_in(
        dir.path(),
        &["template", "-c", catalog.to_str().unwrap(), "--lang", "sv", "-o", "t.xlsx"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let workbook = xlsx_part(&dir.path().join("t.xlsx"), "xl/workbook.xml");
    assert!(
        !workbook.contains("hourly_cost") && !workbook.contains("Nyttokartläggning"),
        "{workbook}"
    );
    let out = digiaste()
        .args(["score", "--format", "json", "-c"])
        .arg(&catalog)
        .arg(fixture("indicator/2017/445-pargas.ods"))
        .output()
        .unwrap();
    assert!(!stdout(&out).contains("savings"));
}

/// `catalog check` of the default catalog with one edit.
fn check_edited(edit: impl Fn(&str) -> String) -> (Option<i32>, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let text = stdout(&run_in(dir.path(), &["catalog", "show"]));
    let edited = edit(&text);
    assert_ne!(edited, text, "the edit changed nothing");
    std::fs::write(dir.path().join("c.toml"), &edited).unwrap();
    let out = run_in(dir.path(), &["catalog", "check", "c.toml"]);
    (out.status.code(), stderr(&out), edited)
}

fn line(text: &str, needle: &str) -> usize {
    text[..text.find(needle).unwrap_or_else(|| panic!("{needle}"))].matches('\n').count() + 1
}

#[test]
fn catalog_check_rejects_bad_savings_estimates_with_their_lines() {
    // (text replaced, replacement, what the problem says, starting at the replacement's line)
    let cases: [(&str, &str, &str); 5] = [
        (
            "\"asu.rakennuslupa\" = { process = 45",
            "\"asu.rakennuslupa\" = { process = -5",
            "\"asu.rakennuslupa\" process: -5 minutes is outside 0–600",
        ),
        (
            "\"asu.kartat\" = { process = 10",
            "\"asu.kartat\" = { process = 700",
            "\"asu.kartat\" process: 700 minutes is outside 0–600",
        ),
        (
            "\"asu.lietetyhjennys\" = { process = 5",
            "\"asu.lietetyhjennys\" = { decision = 3, process = 5",
            "\"asu.lietetyhjennys\" has no stage \"decision\"",
        ),
        (
            "\"asu.katulupa\" = { process = 20",
            "\"asu.katulupa\" = { info = 2, process = 20",
            "\"asu.katulupa\": \"info\" is not a savings stage",
        ),
        (
            "\"asu.jatehuolto\" = {",
            "\"asu.nosuch\" = { process = 1 }\n\"asu.jatehuolto\" = {",
            "savings estimate for \"asu.nosuch\", which is no service of the catalog",
        ),
    ];
    for (from, to, message) in cases {
        let (code, err, edited) = check_edited(|t| t.replacen(from, to, 1));
        assert_eq!(code, Some(1), "{message}: {err}");
        assert!(
            err.contains(&format!("line {}: {message}", line(&edited, to))),
            "{message}: {err}"
        );
    }
    let (code, err, _) = check_edited(|t| {
        t.replacen("stages = [\"process\", \"decision\"", "stages = [\"process\", \"decisions\"", 1)
    });
    assert_eq!(code, Some(1));
    assert!(err.contains("savings stage \"decisions\" is not a stage of the catalog"), "{err}");
}

/// The population of the embedded table, read here independently of the binary.
/// The Helsinki savings return relabelled as municipality `code` (its code and name in
/// the shared strings, as LibreOffice saved them), for a round of many reporting
/// municipalities.
fn relabelled(dir: &Path, code: &str) -> PathBuf {
    let name = digiaste::register::Register::embedded()
        .get(code)
        .unwrap()
        .name(digiaste::lang::Lang::Fi)
        .to_string();
    let mut parts = zip_parts(&fixture(FI));
    let (_, strings) = parts.iter_mut().find(|(n, _)| n == "xl/sharedStrings.xml").unwrap();
    let text = String::from_utf8(std::mem::take(strings)).unwrap();
    assert_eq!(text.matches(">091<").count(), 1);
    assert_eq!(text.matches(">Helsinki<").count(), 1);
    *strings = text
        .replace(">091<", &format!(">{code}<"))
        .replace(">Helsinki<", &format!(">{name}<"))
        .into_bytes();
    write_zip(dir, &format!("{code}.xlsx"), &parts)
}

#[test]
fn the_estimate_for_the_whole_country_needs_ten_municipalities_and_a_fifth_of_the_people() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    // Helsinki and the next ten largest cities: 11 municipalities, over a third of Finland.
    let codes = ["091", "049", "837", "092", "564", "853", "179", "297", "398", "609", "286"];
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("in");
    std::fs::create_dir(&inbox).unwrap();
    for code in codes {
        relabelled(&inbox, code);
    }
    let out = run_in(
        dir.path(),
        &["aggregate", "in", "-o", "s.xlsx", "--lang", "fi", "--json", "s.json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("s.xlsx: 11 kuntaa"), "{}", stderr(&out));
    let json: serde_json::Value = read_json(&dir.path().join("s.json"));
    let savings = &json["national"]["savings"];
    let mut wb: Xlsx<_> = open_workbook(dir.path().join("s.xlsx")).unwrap();
    let range = wb.worksheet_range("Hyötykartoitus").unwrap();
    let text = |r: usize, c: usize| range.get((r, c)).map(|d| d.to_string()).unwrap_or_default();
    let num = |r: usize, c: usize| match range.get((r, c)) {
        Some(Data::Float(f)) => *f,
        other => panic!("({r},{c}): {other:?}"),
    };
    let row_of = |label: &str| (0..range.height()).find(|&r| text(r, 0) == label);
    let people: f64 = codes.iter().map(|c| population(c)).sum();
    let share = people / population("all");
    assert!(share > 0.2, "{share}");
    let basis = text(1, 0);
    assert!(basis.contains("Säästöluvut antoi 11 kuntaa 11 hyväksytystä vastauksesta"), "{basis}");
    assert!(
        text(2, 0).starts_with("Koko maan arvio on skaalattu väestön mukaan"),
        "{}",
        text(2, 0)
    );
    assert!(row_of("Ei koko maan arviota").is_none());
    let overall = score(FI).overall.savings.unwrap();
    let sum = row_of("Summa, raportoineet kunnat").expect("the sums");
    let estimate = row_of("Arvio koko maalle").expect("the estimate");
    for (col, figure) in [(2, overall.realized), (3, overall.potential), (4, overall.untapped)] {
        cent(Some(num(sum, col)), Some(11.0 * figure), "national sum");
        let want = 11.0 * figure / share;
        assert!((num(estimate, col) / want - 1.0).abs() < 1e-9, "{} vs {want}", num(estimate, col));
        // The JSON carries the sheet's figures, and the basis they stand on.
        let key = ["realized", "potential", "untapped"][col - 2];
        assert_eq!(savings["sums"][key].as_f64(), Some(num(sum, col)), "{key}");
        assert_eq!(savings["estimate"][key].as_f64(), Some(num(estimate, col)), "{key}");
    }
    assert_eq!(savings["reporting"], 11);
    assert!((savings["population_share"].as_f64().unwrap() - share).abs() < 1e-12);
    assert_eq!(savings["estimate_min_municipalities"], 10);
    assert_eq!(savings["estimate_min_population_share"], 0.2);
    assert_eq!(json["tool"]["name"], "digiaste");
    assert_eq!(json["tool"]["version"], env!("CARGO_PKG_VERSION"));
    let at = json["generated_at"].as_str().unwrap();
    assert!(at.len() == 20 && at.ends_with('Z') && at.as_bytes()[10] == b'T', "{at}");

    // Ten small municipalities are ten, but hold far less than a fifth: no estimate.
    let small = ["005", "009", "010", "016", "018", "019", "035", "043", "046", "047"];
    let inbox = dir.path().join("small");
    std::fs::create_dir(&inbox).unwrap();
    for code in small {
        relabelled(&inbox, code);
    }
    let out = run_in(
        dir.path(),
        &["aggregate", "small", "-o", "t.xlsx", "--lang", "fi", "--json", "t.json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = read_json(&dir.path().join("t.json"));
    assert_eq!(json["national"]["savings"]["reporting"], 10);
    assert!(json["national"]["savings"]["estimate"].is_null());
    let mut wb: Xlsx<_> = open_workbook(dir.path().join("t.xlsx")).unwrap();
    let range = wb.worksheet_range("Hyötykartoitus").unwrap();
    let text = |r: usize, c: usize| range.get((r, c)).map(|d| d.to_string()).unwrap_or_default();
    let none = (0..range.height()).find(|&r| text(r, 0) == "Ei koko maan arviota");
    let none = none.expect("no estimate below a fifth of the population");
    let people: f64 = small.iter().map(|c| population(c)).sum();
    let share = digiaste::texts::percent(people / population("all"), digiaste::lang::Lang::Fi);
    assert_eq!(
        text(none, 1),
        format!(
            "peruste liian pieni: kuntia 10 (vähintään 10), väestöstä {share} (vähintään 20 %)"
        )
    );
    assert!((0..range.height()).all(|r| text(r, 0) != "Arvio koko maalle"));
}

fn population(code: &str) -> f64 {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/population-fi.csv"),
    )
    .unwrap();
    let total: f64 =
        text.lines().skip(1).map(|l| l.split(',').nth(1).unwrap().parse::<f64>().unwrap()).sum();
    if code == "all" {
        return total;
    }
    text.lines()
        .find(|l| l.starts_with(&format!("{code},")))
        .unwrap()
        .split(',')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn summary_savings_sheet_sums_per_inhabitant_and_the_estimate_with_its_basis() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::copy(fixture(FI), dir.path().join("in/091.xlsx")).unwrap();
    std::fs::copy(fixture(SV), dir.path().join("in/445.ods")).unwrap();
    std::fs::copy(fixture("returns-known/sv-libreoffice-499.ods"), dir.path().join("in/499.ods"))
        .unwrap();
    let out =
        run_in(dir.path(), &["aggregate", "in", "-o", "s.xlsx", "--lang", "en", "--csv", "s.csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut wb: Xlsx<_> = open_workbook(dir.path().join("s.xlsx")).unwrap();
    let names = wb.sheet_names();
    let at = names.iter().position(|n| n == "Savings").expect("a savings sheet");
    assert_eq!(names[at - 1], "Services", "{names:?}");
    let range = wb.worksheet_range("Savings").unwrap();
    let text = |r: usize, c: usize| range.get((r, c)).map(|d| d.to_string()).unwrap_or_default();
    let num = |r: usize, c: usize| match range.get((r, c)) {
        Some(Data::Float(f)) => *f,
        other => panic!("({r},{c}): {other:?}"),
    };
    let row_of = |label: &str| {
        (0..range.height())
            .find(|&r| text(r, 0) == label)
            .unwrap_or_else(|| panic!("no row {label}"))
    };
    let overall = score(FI).overall.savings.unwrap();
    // Per municipality: the return's totals and the same per inhabitant.
    for code in ["091", "445"] {
        let r = row_of(code);
        assert_eq!(num(r, 2), population(code));
        cent(Some(num(r, 3)), Some(overall.realized), "realized");
        cent(Some(num(r, 5)), Some(overall.untapped), "untapped");
        assert!((num(r, 7) - overall.realized / population(code)).abs() < 1e-6);
        assert!((num(r, 8) - overall.untapped / population(code)).abs() < 1e-6);
    }
    // Korsholm returned the older workbook without savings: counted, not reporting.
    let r = row_of("499");
    assert!(range.get((r, 3)).is_none_or(|d| *d == Data::Empty) && num(r, 6) == 0.0);
    // The basis: 2 of 3 municipalities, their share of the population.
    let share = (population("091") + population("445")) / population("all") * 100.0;
    let basis = text(1, 0);
    assert!(
        basis.contains(&format!(
            "2 of 3 counted municipalities reported savings; {share:.1} % of the population"
        )),
        "{basis}"
    );
    // National sums; two municipalities with an eighth of the population are no basis for
    // an estimate for the whole country (docs/measures.md): the row says why, no figure.
    let sum = row_of("Sum, reporting municipalities");
    cent(Some(num(sum, 3)), Some(2.0 * overall.potential), "national potential");
    assert!(text(2, 0).starts_with("No estimate for the whole country is shown until at least 10"));
    let none = row_of("No estimate for the whole country");
    assert_eq!(
        text(none, 1),
        format!(
            "too small a basis: municipalities 2 (at least 10), population {share:.1} % (at least 20 %)"
        )
    );
    for col in 2..=4 {
        assert!(range.get((none, col)).is_none_or(|d| *d == Data::Empty), "col {col}");
    }
    assert!((0..range.height()).all(|r| text(r, 0) != "Estimate for the whole country"));
    // The savings per service on a sheet of their own, under their own headers (ids whole):
    // the ten largest untapped, in order, each the national sum of its service.
    assert_eq!(names[at + 1], "Savings per service", "{names:?}");
    assert!((0..range.height()).all(|r| !text(r, 0).starts_with("The 10 services")));
    let range = wb.worksheet_range("Savings per service").unwrap();
    let text = |r: usize, c: usize| range.get((r, c)).map(|d| d.to_string()).unwrap_or_default();
    let num = |r: usize, c: usize| match range.get((r, c)) {
        Some(Data::Float(f)) => *f,
        other => panic!("({r},{c}): {other:?}"),
    };
    let headers: Vec<String> = (0..6).map(|c| text(3, c)).collect();
    assert_eq!(
        headers,
        [
            "Service id",
            "Service",
            "Realised savings, € / year",
            "Potential savings, € / year",
            "Untapped savings, € / year",
            "Municipalities with a volume"
        ]
    );
    assert_eq!(text(4, 0), "The 10 services with the largest untapped savings");
    let top = 5;
    let untapped: Vec<f64> = (top..top + 10).map(|r| num(r, 4)).collect();
    assert!(untapped.windows(2).all(|w| w[0] >= w[1]), "{untapped:?}");
    let report = score(FI);
    let best = report.areas.iter().flat_map(|a| &a.services).max_by(|a, b| {
        a.savings
            .as_ref()
            .unwrap()
            .untapped
            .unwrap_or(0.0)
            .total_cmp(&b.savings.as_ref().unwrap().untapped.unwrap_or(0.0))
    });
    let best = best.unwrap();
    assert_eq!(text(top, 0), best.id);
    cent(
        Some(untapped[0]),
        best.savings.as_ref().unwrap().untapped.map(|u| 2.0 * u),
        "top untapped",
    );
    assert_eq!(num(top, 5), 2.0);
    // Below, every service in catalog order.
    let all = (0..range.height()).find(|&r| text(r, 0) == "Every service, in catalog order");
    let first = report.areas[0].services[0].id.clone();
    assert_eq!(text(all.expect("the full list") + 1, 0), first);
    // Tidy CSV: the savings fields of the services with a volume, none for Korsholm; the
    // sums per area and overall of the municipalities that reported.
    let csv = std::fs::read_to_string(dir.path().join("s.csv")).unwrap();
    let value = |line: &str| -> f64 { line.split(',').nth(11).unwrap().parse().unwrap() };
    let savings = |level: &str| -> Vec<String> {
        let start = format!("{level},");
        csv.lines()
            .filter(|l| l.starts_with(&start) && l.contains(",savings_"))
            .map(String::from)
            .collect()
    };
    let rows = savings("service");
    assert_eq!(rows.len(), 2 * 4 * overall.services_reported, "4 fields per service with a volume");
    assert!(!rows.iter().any(|l| l.contains(",499,")));
    let id = &report.areas[0].services[0].id;
    let want = report.areas[0].services[0].savings.as_ref().unwrap().potential.unwrap();
    let line = rows
        .iter()
        .find(|l| l.contains(",091,") && l.contains(&format!(",{id},,savings_potential_eur,")))
        .unwrap();
    let got = value(line);
    let totals = savings("overall");
    assert_eq!(totals.len(), 2 * 4, "realised, potential, untapped, services reported");
    let untapped =
        totals.iter().find(|l| l.contains(",091,") && l.contains(",savings_untapped_eur,"));
    cent(untapped.map(|l| value(l)), Some(overall.untapped), "CSV overall untapped");
    let reported =
        totals.iter().find(|l| l.contains(",445,") && l.contains(",savings_services_reported,"));
    assert_eq!(reported.map(|l| value(l)), Some(overall.services_reported as f64));
    assert!(!savings("area").iter().any(|l| l.contains(",499,")));
    assert!((got - want).abs() < 1e-6, "{got} vs {want}");
}

#[test]
fn prefill_carries_the_savings_inputs_and_scores_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["prefill", fixture(FI).to_str().unwrap(), "--out-dir", "out"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let made: Vec<_> =
        std::fs::read_dir(dir.path().join("out")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(made.len(), 1, "{made:?}");
    let score_of = |p: &Path| -> ScoreReport {
        let out = digiaste().args(["score", "--format", "json"]).arg(p).output().unwrap();
        parse(&out.stdout)
    };
    let (before, after) = (score_of(&fixture(FI)), score_of(&made[0]));
    assert_eq!(after.overall.savings, before.overall.savings);
    for (a, b) in after
        .areas
        .iter()
        .flat_map(|a| &a.services)
        .zip(before.areas.iter().flat_map(|a| &a.services))
    {
        assert_eq!(a.savings, b.savings, "{}", a.id);
    }
    // A cleared minutes cell stays cleared, not replaced by the starting estimate.
    let inputs: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture("savings/inputs.json")).unwrap()).unwrap();
    let (id, j) = inputs["services"]
        .as_object()
        .unwrap()
        .iter()
        .find_map(|(id, i)| {
            let m = i["minutes"].as_array()?;
            m.iter().position(|x| x.is_null()).map(|j| (id.clone(), j))
        })
        .unwrap();
    let book = read::read_path(&made[0]).unwrap();
    let sheet = book.sheet("Hyötykartoitus").unwrap();
    let l = SavingsLayout::new(&Catalog::default_catalog()).unwrap();
    let row = sheet.column(sl::ID_COL).find(|(_, v)| **v == Value::Text(id.clone())).unwrap().0;
    assert!(
        matches!(sheet.get(row, l.minutes[j]), None | Some(Value::Text(_))),
        "{id}: {:?}",
        sheet.get(row, l.minutes[j])
    );
}
