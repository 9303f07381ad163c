//! The indicator questionnaire (templates/eblomlada-2017.toml) through template → return
//! filled and recalculated by LibreOffice → validate → score → aggregate.

use calamine::{Data, Reader, Xlsx, open_workbook, open_workbook_auto};
use digiaste::check::findings::Severity;
use digiaste::measures::{LevelShare, Measures};
use digiaste::report::{AggregateReport, ScoreReport, ValidateReport};
use serde_json::Value;

use super::*;

fn catalog_arg() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("templates/eblomlada-2017.toml")
        .display()
        .to_string()
}

#[test]
fn indicator_template_has_levels_points_and_a_flower_box_summary() {
    let dir = tempfile::tempdir().unwrap();
    let c = catalog_arg();
    let out = run_in(dir.path(), &["template", "-c", &c, "--lang", "sv", "-o", "b.xlsx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let path = dir.path().join("b.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let names = wb.sheet_names();
    assert_eq!(names.len(), 1 + 8 + 1 + 1, "instructions, eight areas, summary, lists");
    assert_eq!(names[9], "Sammanfattning");
    // One three-level dropdown per indicator: the list has three labels with 1–3 points.
    let lists = wb.worksheet_range("digiaste").unwrap();
    assert_eq!(lists.get_value((1, 6)), Some(&Data::String("Uppfyller inte alls".into())));
    assert_eq!(lists.get_value((3, 6)), Some(&Data::String("Uppfyller helt".into())));
    assert_eq!(lists.get_value((3, 9)), Some(&Data::Float(3.0)));
    let area = wb.worksheet_range(&names[1]).unwrap();
    assert_eq!(area.get_value((4, 0)), Some(&Data::String("aldre.01".into())));
    let sheet2 = xlsx_part(&path, "xl/worksheets/sheet2.xml");
    assert!(sheet2.contains("<formula1>digiaste!$G$2:$G$4</formula1>"), "level dropdown");
    // Summary: points, max points, the share at each level; 88 items, at most 264 points.
    let summary = wb.worksheet_range("Sammanfattning").unwrap();
    assert_eq!(summary.get_value((2, 2)), Some(&Data::String("Poäng".into())));
    assert_eq!(summary.get_value((11, 0)), Some(&Data::String("Totalt".into())));
    assert_eq!(summary.get_value((11, 1)), Some(&Data::Float(88.0)));
    assert_eq!(summary.get_value((11, 3)), Some(&Data::Float(264.0)));
    assert_eq!(summary.get_value((11, 2)), Some(&Data::Float(0.0)), "blank: no points yet");
    let share = summary.get_value((2, 6)).unwrap().to_string();
    assert!(share.contains("Uppfyller helt"), "{share}");
    // The level chart is a percent-stacked bar, red to green.
    let chart = xlsx_part(&path, "xl/charts/chart1.xml");
    assert!(chart.contains("<c:grouping val=\"percentStacked\"/>"), "{chart}");
    assert!(chart.contains("C0392B") && chart.contains("27AE60"), "red and green levels");
}

#[test]
fn default_catalog_return_is_a_catalog_mismatch_for_the_indicator_catalog() {
    let c = catalog_arg();
    let out = digiaste()
        .args(["validate", "--format", "json", "-c", &c])
        .arg(fixture("returns-known/fi-libreoffice.xlsx"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: ValidateReport = parse(&out.stdout);
    assert_eq!(report.files[0].errors[0].code, "catalog-mismatch", "{report:?}");
}

/// Returns saved by LibreOffice from the indicator template (fixtures/indicator): score
/// equals the points LibreOffice computed with the workbook's own formulas.
#[test]
fn indicator_returns_score_as_their_own_formulas() {
    let expected_path = fixture("indicator/expected.json");
    let expected: Value = read_json(&expected_path);
    let c = catalog_arg();
    let files: Vec<PathBuf> = ["2017", "2018"]
        .iter()
        .flat_map(|y| {
            std::fs::read_dir(fixture(&format!("indicator/{y}")))
                .unwrap()
                .map(|e| e.unwrap().path())
        })
        .collect();
    assert_eq!(files.len(), 6);
    for path in files {
        let out =
            digiaste().args(["score", "--format", "json", "-c", &c]).arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}: {}", path.display(), stderr(&out));
        let s: ScoreReport = parse(&out.stdout);
        let rel = path.strip_prefix(fixture("indicator")).unwrap().display().to_string();
        let exp = expected_for(&expected, &rel);
        assert_eq!(s.overall.max_points, Some(264.0));
        assert_eq!(s.overall.points, exp["total_points"].as_f64(), "{rel}");
        // Against the summary sheet LibreOffice recalculated in the file itself.
        let mut wb = open_workbook_auto(&path).unwrap();
        let summary_name = wb.sheet_names()[9].clone();
        let summary = wb.worksheet_range(&summary_name).unwrap();
        let num = |r: u32, col: u32| match summary.get_value((r, col)) {
            Some(Data::Float(f)) => *f,
            Some(Data::Int(i)) => *i as f64,
            other => panic!("{rel} ({r},{col}): {other:?}"),
        };
        for (i, area) in s.areas.iter().enumerate() {
            let row = 3 + i as u32;
            assert_eq!(area.measures.points, Some(num(row, 2)), "{rel} {}", area.id);
            assert_eq!(area.measures.max_points, Some(num(row, 3)), "{rel} {}", area.id);
            for (l, level) in levels(&area.measures).iter().enumerate() {
                assert!(
                    (level.share - num(row, 4 + l as u32)).abs() < 1e-12,
                    "{rel} {} level {l}",
                    area.id
                );
            }
        }
        assert_eq!(s.overall.points, Some(num(11, 2)), "{rel}");
        for (l, level) in levels(&s.overall).iter().enumerate() {
            assert!((level.share - num(11, 4 + l as u32)).abs() < 1e-12, "{rel} overall level {l}");
        }
    }
}

/// The three levels of the indicator catalog, 1 to 3 points each; they must be there.
fn levels(m: &Measures) -> &[LevelShare] {
    let levels = m.levels.as_deref().unwrap_or_else(|| panic!("no levels: {m:?}"));
    let points: Vec<Option<f64>> = levels.iter().map(|l| l.points).collect();
    assert_eq!(points, [Some(1.0), Some(2.0), Some(3.0)], "{levels:?}");
    levels
}

fn expected_for<'a>(expected: &'a Value, rel: &str) -> &'a Value {
    let files = &expected["files"];
    if let Some(v) = files.get(rel) {
        return v;
    }
    files
        .as_array()
        .and_then(|a| a.iter().find(|f| f["file"].as_str().is_some_and(|p| p.ends_with(rel))))
        .unwrap_or_else(|| panic!("{rel} not in expected.json"))
}

#[test]
fn indicator_round_aggregates_with_national_shares_and_changes() {
    let dir = tempfile::tempdir().unwrap();
    let c = catalog_arg();
    let y2017 = fixture("indicator/2017").display().to_string();
    let y2018 = fixture("indicator/2018").display().to_string();
    let out = run_in(
        dir.path(),
        &[
            "aggregate",
            &y2017,
            "-c",
            &c,
            "--lang",
            "sv",
            "-o",
            "2017.xlsx",
            "--expected",
            "codes.csv",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "missing --expected file is a usage error");
    std::fs::write(dir.path().join("codes.csv"), "code\n091\n445\n499\n").unwrap();
    let out = run_in(
        dir.path(),
        &[
            "aggregate",
            &y2017,
            "-c",
            &c,
            "--lang",
            "sv",
            "-o",
            "2017.xlsx",
            "--expected",
            "codes.csv",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = run_in(
        dir.path(),
        &[
            "aggregate",
            &y2018,
            "-c",
            &c,
            "--lang",
            "sv",
            "-o",
            "2018.xlsx",
            "--previous",
            "2017.xlsx",
            "--json",
            "2018.json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: AggregateReport = read_json(&dir.path().join("2018.json"));
    let m = &json.municipalities;
    assert_eq!(m.len(), 3);
    assert!(m.iter().all(|x| x.overall.max_points == Some(264.0)), "{m:?}");

    let mut wb: Xlsx<_> = open_workbook(dir.path().join("2018.xlsx")).unwrap();
    // Per indicator the national share of municipalities at each level.
    let services = wb.worksheet_range("Tjänster").unwrap();
    assert_eq!(services.get_value((3, 7)), Some(&Data::String("Uppfyller inte alls".into())));
    for row in services.rows().skip(4).take(88) {
        let shares: f64 =
            row[7..10].iter().map(|v| if let Data::Float(f) = v { *f } else { 0.0 }).sum();
        assert!((2.0 / 3.0 - 1e-12..=1.0 + 1e-12).contains(&shares), "{row:?}");
    }
    // Points against the national mean, per area.
    let overview = wb.worksheet_range("Översikt").unwrap();
    let fixed = digiaste::summary::layout::OverviewColumn::count() as u32;
    assert_eq!(overview.get_value((4, fixed + 1)), Some(&Data::String("Poäng".into())));
    assert_eq!(
        overview.get_value((4, fixed + 2)),
        Some(&Data::String("Skillnad mot riksgenomsnittet".into()))
    );
    let diffs: f64 =
        (5..8)
            .map(|r| {
                if let Some(Data::Float(f)) = overview.get_value((r, fixed + 2)) { *f } else { 0.0 }
            })
            .sum();
    assert!(diffs.abs() < 1e-9, "differences from the mean add up to zero: {diffs}");
    // The change in points since 2017.
    let changes = wb.worksheet_range("Förändringar").unwrap();
    let total_change: f64 = changes
        .rows()
        .skip(5)
        .filter_map(|r| r.last().and_then(|v| if let Data::Float(f) = v { Some(*f) } else { None }))
        .sum();
    assert!(total_change > 0.0, "the 2018 answers improved");
}

#[test]
fn unanswered_indicators_are_reported_at_their_level_cell() {
    let c = catalog_arg();
    let out = digiaste()
        .args(["validate", "--format", "json", "-c", &c])
        .arg(fixture("indicator/2017/445-pargas.ods"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "warnings only");
    let report: ValidateReport = parse(&out.stdout);
    let warnings = &report.files[0].warnings;
    let found: Vec<(&str, Option<&str>, Option<&str>)> = warnings
        .iter()
        .map(|w| (w.code.as_str(), w.service.as_deref(), w.cell.as_deref()))
        .collect();
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!(found[2], ("incomplete-return", None, None), "{found:?}");
    assert_eq!(warnings[2].message, "2 of 88 services unanswered.");
    let found = &found[..2];
    assert!(
        found.iter().all(|(code, _, cell)| *code == "unanswered-item"
            && cell.is_some_and(|c| c.starts_with('C'))),
        "{found:?}"
    );
    assert!(warnings.iter().all(|w| w.severity == Severity::Warning), "{warnings:?}");
    let ids: Vec<Option<&str>> = found.iter().map(|f| f.1).collect();
    assert_eq!(ids, [Some("boende.09"), Some("teknik.01")]);
    assert_eq!(warnings[0].message, "The indicator is not answered.");
}
