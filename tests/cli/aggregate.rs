//! `digiaste aggregate` over real returns.

use calamine::{Data, Reader, Xlsx, open_workbook};
use digiaste::check::Status;
use digiaste::report::{AggregateReport, DuplicateEntry};

use super::validate::score_json;
use super::*;

/// A round in a temporary folder: copies of fixtures under the given names.
fn round(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    for (src, name) in files {
        std::fs::copy(fixture(src), dir.path().join("in").join(name)).unwrap();
    }
    dir
}

fn set_mtime(path: &Path, stamp: &str) {
    let ok = std::process::Command::new("touch").args(["-d", stamp]).arg(path).status().unwrap();
    assert!(ok.success());
}

const BASIC: [(&str, &str); 5] = [
    ("returns-known/fi-libreoffice.xlsx", "091-helsinki.xlsx"),
    ("returns-known/sv-libreoffice-499.ods", "499-korsholm.ods"),
    ("returns-special/injection-openpyxl.xlsx", "853-turku.xlsx"),
    ("returns-special/usage-percent-openpyxl.xlsx", "049-espoo.xlsx"),
    ("findings/invalid-choice.xlsx", "rikki.xlsx"),
];

fn aggregate(dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "aggregate",
        "--lang",
        "fi",
        "in",
        "-o",
        "summary.xlsx",
        "--json",
        "summary.json",
        "--csv",
        "summary.csv",
    ];
    args.extend_from_slice(extra);
    run_in(dir, &args)
}

#[test]
fn aggregate_agrees_with_score_and_lists_missing_and_rejected() {
    let dir = round(&BASIC);
    let out = aggregate(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1), "a rejected file gives exit 1: {}", stderr(&out));
    assert!(stderr(&out).contains("  hylätty in/rikki.xlsx (virheellinen): "), "{}", stderr(&out));
    let json: AggregateReport = read_json(&dir.path().join("summary.json"));

    let codes: Vec<&str> = json.municipalities.iter().map(|m| m.code.as_str()).collect();
    assert_eq!(codes, ["049", "091", "499", "853"]);
    for m in &json.municipalities {
        let s = score_json(&dir.path().join(&m.path), &["--lang", "fi"]);
        assert_eq!(m.overall, s.overall, "{}", m.code);
        assert_eq!(m.areas.len(), s.areas.len(), "{}", m.code);
        for (a, b) in m.areas.iter().zip(&s.areas) {
            assert_eq!(
                (&a.id, &a.name, &a.measures, &a.services),
                (&b.id, &b.name, &b.measures, &b.services),
                "{}",
                m.code
            );
        }
        assert_eq!(m.response_date, s.response_date, "{}", m.code);
        assert_eq!(s.municipality.as_ref().map(|r| (&r.code, &r.name)), Some((&m.code, &m.name)));
    }
    // Missing: the register minus the valid returns.
    let missing = &json.missing;
    assert_eq!(missing.len(), 308 - 4);
    let has = |code: &str| missing.iter().any(|m| m.code == code);
    assert!(!has("091") && has("005") && has("179"));
    // Rejected: the invalid file with its error.
    assert_eq!(json.rejected.len(), 1);
    assert_eq!(json.rejected[0].path, "in/rikki.xlsx");
    assert_eq!(json.rejected[0].status, Status::Invalid);
    assert_eq!(json.rejected[0].errors[0].code, "invalid-choice");

    // The workbook: overview sorted by code with the same numbers, written as values.
    let path = dir.path().join("summary.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let names = wb.sheet_names();
    assert_eq!(names[..3], ["Tilannekuva", "Yleiskatsaus", "Maakunnat"]);
    for needed in ["Palvelut", "Puuttuvat", "Lisätyt palvelut", "Tarkistus", "Kaaviot"] {
        assert!(names.iter().any(|n| n == needed), "{needed} in {names:?}");
    }
    let overview = wb.worksheet_range("Yleiskatsaus").unwrap();
    for (i, m) in json.municipalities.iter().enumerate() {
        let row = 5 + i as u32;
        assert_eq!(overview.get_value((row, 0)), Some(&Data::String(m.code.clone())));
        // Overall coverage and degree: the first group of four columns, after the code and
        // name, so the first printed page shows them.
        let first = digiaste::summary::layout::OverviewColumn::count() as u32;
        assert_eq!(first, 2);
        let cov = overview
            .get_value((row, first))
            .and_then(|v| if let Data::Float(f) = v { Some(*f) } else { None });
        assert_eq!(cov, Some(m.overall.coverage), "{}", m.code);
        let deg = overview
            .get_value((row, first + 1))
            .and_then(|v| if let Data::Float(f) = v { Some(*f) } else { None });
        assert_eq!(deg, m.overall.degree, "{}", m.code);
    }
    // The region, from Statistics Finland's classification, right of the figures.
    use digiaste::summary::layout::{OverviewDetail, overview_detail_col};
    let catalog = digiaste::catalog::Catalog::default_catalog();
    let region = overview_detail_col(&catalog, OverviewDetail::Region) as u32;
    assert_eq!(region, 2 + 7 * 4);
    assert_eq!(overview.get_value((3, region)), Some(&Data::String("Maakunta".into())));
    assert_eq!(overview.get_value((5, region)), Some(&Data::String("Uusimaa".into())), "049 Espoo");
    assert_eq!(
        overview.get_value((7, region)),
        Some(&Data::String("Pohjanmaa".into())),
        "499 Mustasaari"
    );
    // Mean row two rows below the data.
    assert_eq!(overview.get_value((5 + 4 + 1, 1)), Some(&Data::String("Keskiarvo".into())));
    let overall = digiaste::summary::layout::OverviewColumn::count() as u32;
    let mean_cov = overview.get_value((10, overall)).unwrap();
    let expected: f64 = json.municipalities.iter().map(|m| m.overall.coverage).sum::<f64>() / 4.0;
    assert_eq!(mean_cov, &Data::Float(expected));

    let missing_sheet = wb.worksheet_range("Puuttuvat").unwrap();
    assert_eq!(missing_sheet.get_value((3, 0)), Some(&Data::String("005".into())));
    assert_eq!(missing_sheet.get_value((3, 1)), Some(&Data::String("Alajärvi".into())));
    assert_eq!(missing_sheet.rows().count() as u32, 3 + 304);

    let validation = wb.worksheet_range("Tarkistus").unwrap();
    let rejected_rows: Vec<_> =
        validation.rows().filter(|r| r[0] == Data::String("in/rikki.xlsx".into())).collect();
    assert!(
        rejected_rows
            .iter()
            .any(|r| r[4] == Data::String("invalid-choice".into()) && r[6] != Data::Empty),
        "{rejected_rows:?}"
    );

    // No formulas anywhere: numbers are values, text from returns is text.
    for i in 1..=names.len() {
        let part = format!("xl/worksheets/sheet{i}.xml");
        assert!(!xlsx_part(&path, &part).contains("<f>"), "{part} has a formula");
    }
}

#[test]
fn injection_text_stays_text_and_is_neutralised_in_csv() {
    let dir = round(&BASIC);
    aggregate(dir.path(), &[]);
    let path = dir.path().join("summary.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let added = wb.worksheet_range("Lisätyt palvelut").unwrap();
    let row: Vec<&Data> =
        added.rows().find(|r| r[0] == Data::String("853".into())).unwrap().iter().collect();
    assert_eq!(row[3], &Data::String("=HYPERLINK(\"http://example.invalid\",\"klikkaa\")".into()));
    assert_eq!(row[6], &Data::String("+SUM(1,2)".into()));

    let csv = std::fs::read_to_string(dir.path().join("summary.csv")).unwrap();
    assert!(csv.starts_with('\u{feff}'), "BOM");
    assert!(csv.contains("service,02,Varsinais-Suomi,853,Turku,large,2026-03-15,asu,,,added_service,,\"'=HYPERLINK(\"\"http://example.invalid\"\",\"\"klikkaa\"\")\""), "{}", &csv[..300]);
    // Tidy: a header, 64 rows for the country and each of the 19 regions, per municipality
    // 4 measures overall and per area and 3 fields × 64 services, plus the added service.
    assert_eq!(csv.lines().count(), 1 + 20 * 64 + 4 * (7 * 4 + 3 * 64) + 1);
    assert!(
        csv.contains(
            "service,01,Uusimaa,049,Espoo,large,2026-03-20,asu,asu.rakennuslupa,,usage_share,0.455"
        ),
        "percent-formatted usage read as 45.5 %"
    );
}

#[test]
fn duplicates_latest_response_date_then_mtime_then_path() {
    let dir = round(&[
        ("returns-known/fi-libreoffice.xlsx", "a.xlsx"),
        ("returns-known/fi-libreoffice.ods", "b.ods"),
        ("returns-special/usage-percent-openpyxl.xlsx", "espoo-old.xlsx"),
        ("returns-known/fi-libreoffice.xlsx", "c.xlsx"),
    ]);
    // Same response date for a, b and c: the latest modification time wins.
    set_mtime(&dir.path().join("in/a.xlsx"), "2026-03-01 10:00");
    set_mtime(&dir.path().join("in/b.ods"), "2026-03-03 10:00");
    set_mtime(&dir.path().join("in/c.xlsx"), "2026-03-02 10:00");
    let out = aggregate(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: AggregateReport = read_json(&dir.path().join("summary.json"));
    let dup = DuplicateEntry {
        code: "091".into(),
        kept: "in/b.ods".into(),
        superseded: vec!["in/a.xlsx".into(), "in/c.xlsx".into()],
        identical: vec![],
    };
    assert_eq!(json.duplicates, [dup]);

    // Equal modification times: the path decides (the last one).
    set_mtime(&dir.path().join("in/b.ods"), "2026-03-02 10:00");
    let out = aggregate(dir.path(), &["--force"]);
    assert_eq!(out.status.code(), Some(0));
    let json: AggregateReport = read_json(&dir.path().join("summary.json"));
    assert_eq!(json.duplicates.len(), 1);
    assert_eq!(json.duplicates[0].kept, "in/c.xlsx");

    // Superseded files are listed in the validation sheet.
    let mut wb: Xlsx<_> = open_workbook(dir.path().join("summary.xlsx")).unwrap();
    let validation = wb.worksheet_range("Tarkistus").unwrap();
    let mut superseded: Vec<_> = validation
        .rows()
        .filter(|r| r[1] == Data::String("korvattu uudemmalla".into()))
        .map(|r| r[0].to_string())
        .collect();
    superseded.dedup();
    assert_eq!(superseded, ["in/b.ods"]);
    // a.xlsx holds the same bytes as c.xlsx, the one kept: an identical copy.
    assert_eq!(json.duplicates[0].identical, ["in/a.xlsx"]);
    let mut identical: Vec<_> = validation
        .rows()
        .filter(|r| r[1] == Data::String("identtinen kopio".into()))
        .map(|r| r[0].to_string())
        .collect();
    identical.dedup();
    assert_eq!(identical, ["in/a.xlsx"]);
}

#[test]
fn previous_summary_gives_changes() {
    let dir = round(&BASIC[..2]);
    assert_eq!(aggregate(dir.path(), &[]).status.code(), Some(0));
    std::fs::rename(dir.path().join("summary.xlsx"), dir.path().join("2025.xlsx")).unwrap();
    // This round Helsinki answered like Espoo did.
    std::fs::remove_file(dir.path().join("in/091-helsinki.xlsx")).unwrap();
    std::fs::copy(
        fixture("returns-special/injection-openpyxl.xlsx"),
        dir.path().join("in/853.xlsx"),
    )
    .unwrap();
    let out = run_in(
        dir.path(),
        &["aggregate", "--lang", "fi", "in", "-o", "2026.xlsx", "--previous", "2025.xlsx"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut wb: Xlsx<_> = open_workbook(dir.path().join("2026.xlsx")).unwrap();
    let changes = wb.worksheet_range("Muutokset").unwrap();
    // Korsholm answered the same both years: change 0 everywhere.
    let row: Vec<Data> =
        changes.rows().find(|r| r[0] == Data::String("499".into())).unwrap().to_vec();
    assert!(
        row[2..]
            .iter()
            .all(|v| matches!(v, Data::Float(f) if f.abs() < 1e-12) || *v == Data::Empty),
        "{row:?}"
    );
    assert!(row[2..].iter().any(|v| matches!(v, Data::Float(_))));
    // Turku has no earlier figures: marked new to the round, no change shown.
    let row: Vec<Data> =
        changes.rows().find(|r| r[0] == Data::String("853".into())).unwrap().to_vec();
    assert_eq!(row[2], Data::String("uusi tällä kierroksella".into()));
    assert!(row[3..].iter().all(|v| *v == Data::Empty), "{row:?}");
    // Espoo's changes are in percentage points, written as such.
    let styles = xlsx_part(&dir.path().join("2026.xlsx"), "xl/styles.xml");
    assert!(styles.contains("+0.0&quot; %-yks.&quot;"), "percentage points in Finnish");
}

#[test]
fn outputs_are_not_overwritten_without_force() {
    let dir = round(&BASIC[..1]);
    std::fs::write(dir.path().join("summary.csv"), "precious").unwrap();
    let out = aggregate(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("summary.csv on jo olemassa; korvaa se valitsimella --force"),
        "{}",
        stderr(&out)
    );
    assert!(
        !dir.path().join("summary.xlsx").exists(),
        "nothing written when one output is refused"
    );
    assert_eq!(std::fs::read_to_string(dir.path().join("summary.csv")).unwrap(), "precious");
    assert_eq!(aggregate(dir.path(), &["--force"]).status.code(), Some(0));
}

#[test]
fn expected_list_limits_the_missing_municipalities() {
    let dir = round(&BASIC[..1]);
    std::fs::write(dir.path().join("codes.csv"), "code,name\n091,Helsinki\n49,Espoo\n").unwrap();
    let out = aggregate(dir.path(), &["--expected", "codes.csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: AggregateReport = read_json(&dir.path().join("summary.json"));
    let missing: Vec<&str> = json.missing.iter().map(|m| m.code.as_str()).collect();
    assert_eq!(missing, ["049"]);
}

#[test]
fn previous_summary_of_another_catalog_version_is_warned_about() {
    let dir = round(&BASIC[..1]);
    assert_eq!(aggregate(dir.path(), &[]).status.code(), Some(0));
    std::fs::rename(dir.path().join("summary.xlsx"), dir.path().join("before.xlsx")).unwrap();
    let catalog = stdout(&run_in(dir.path(), &["catalog", "show"]))
        .replace("version = \"2025.1\"", "version = \"2026.1\"");
    std::fs::write(dir.path().join("c2026.toml"), catalog).unwrap();
    let out = run_in(
        dir.path(),
        &[
            "aggregate",
            "--lang",
            "fi",
            "in",
            "-c",
            "c2026.toml",
            "-o",
            "after.xlsx",
            "--previous",
            "before.xlsx",
        ],
    );
    // The 2025.1 return does not fit the 2026.1 catalog: rejected, exit 1.
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("before.xlsx on tehty luettelolla vm-digiaste 2025.1, tämä kierros luettelolla vm-digiaste 2026.1"),
        "{}",
        stderr(&out)
    );
    let mut wb: Xlsx<_> = open_workbook(dir.path().join("after.xlsx")).unwrap();
    let changes = wb.worksheet_range("Muutokset").unwrap();
    let note = changes.get_value((2, 0)).unwrap().to_string();
    assert!(note.contains("vm-digiaste 2025.1"), "{note}");
}

#[test]
fn previous_that_is_not_a_summary_is_a_usage_error() {
    let dir = round(&BASIC[..1]);
    let out = run_in(
        dir.path(),
        &["aggregate", "--lang", "fi", "in", "-o", "s.xlsx", "--previous", "in/091-helsinki.xlsx"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("in/091-helsinki.xlsx ei ole digiasteen kirjoittama yhteenveto"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("s.xlsx").exists());
}

/// The README's quick start: the sample round in fixtures/returns (see its EXPECTED.md).
#[test]
fn quick_start_sample_round() {
    let dir = tempfile::tempdir().unwrap();
    let returns = fixture("returns").display().to_string();
    let out = run_in(
        dir.path(),
        &["aggregate", "--lang", "fi", &returns, "-o", "summary.xlsx", "--force"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "the quick start's first command succeeds: {}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("11 kuntaa, 0 tiedostoa hylätty, 1 korvattu, 297 puuttuu"),
        "{}",
        stderr(&out)
    );
    // The second example: the same round with the broken files.
    let broken = fixture("returns-broken").display().to_string();
    let out = run_in(
        dir.path(),
        &[
            "aggregate",
            "--lang",
            "fi",
            &returns,
            &broken,
            "-o",
            "summary.xlsx",
            "--json",
            "s.json",
            "--force",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "three files are rejected: {}", stderr(&out));
    let json: AggregateReport = read_json(&dir.path().join("s.json"));
    let codes: Vec<&str> = json.municipalities.iter().map(|m| m.code.as_str()).collect();
    assert_eq!(
        codes,
        ["005", "049", "091", "297", "445", "478", "499", "564", "599", "837", "853"]
    );
    let dup = &json.duplicates[0];
    assert_eq!(dup.code, "837");
    assert!(dup.kept.ends_with("837-tampere-korjattu.ods"), "{dup:?}");
    assert!(dup.superseded[0].ends_with("837-tampere.xlsx"), "{dup:?}");
    let file_name = |p: &str| {
        Path::new(p).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    };
    let mut rejected: Vec<String> = json
        .rejected
        .iter()
        .map(|r| format!("{} {}", file_name(&r.path), r.status.as_str()))
        .collect();
    rejected.sort();
    assert_eq!(
        rejected,
        ["179-jyvaskyla.xlsx invalid", "564-oulu-rikki.xlsx unreadable", "saate.xlsx unreadable"]
    );
    assert_eq!(json.missing.len(), 308 - 11);
    // Every rejected file is named on stderr, with its reason.
    for name in ["179-jyvaskyla.xlsx", "564-oulu-rikki.xlsx", "saate.xlsx"] {
        assert!(stderr(&out).contains(name), "{}", stderr(&out));
    }
    // The injection attempt in Helsinki's added service stays text.
    let mut wb: Xlsx<_> = open_workbook(dir.path().join("summary.xlsx")).unwrap();
    let added = wb.worksheet_range("Lisätyt palvelut").unwrap();
    assert!(
        added
            .rows()
            .any(|r| r[6]
                == Data::String("=HYPERLINK(\"http://example.invalid\",\"klikkaa\")".into()))
    );
}

#[test]
fn unwritable_output_is_a_usage_error_before_any_work() {
    let dir = round(&BASIC[..1]);
    let out =
        run_in(dir.path(), &["aggregate", "--lang", "fi", "in", "-o", "no/such/folder/s.xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(
            "tiedostoa no/such/folder/s.xlsx ei voi kirjoittaa: kansiota no/such/folder ei ole"
        ),
        "{}",
        stderr(&out)
    );
}

/// fixtures/summary-libreoffice/summary.ods is the quick-start summary as LibreOffice
/// opened, recalculated and saved it (fixtures/make_summary_lo.py): no error cell, the
/// charts kept, and the same figures as a fresh aggregate.
#[test]
fn summary_opens_in_libreoffice() {
    let saved = fixture("summary-libreoffice/summary.ods");
    let dir = tempfile::tempdir().unwrap();
    // From the repository root with a relative path, as the script ran it: the file paths
    // written in the summary are the same wherever the repository is.
    let out = digiaste()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["aggregate", "--lang", "fi", "fixtures/returns", "-o"])
        .arg(dir.path().join("summary.xlsx"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let mut fresh: Xlsx<_> = open_workbook(dir.path().join("summary.xlsx")).unwrap();
    let mut lo = calamine::open_workbook_auto(&saved).unwrap();
    let today = digiaste::read::utc_timestamp(std::time::SystemTime::now())[..10].to_string();
    let is_date = |s: &str| digiaste::read::iso_to_serial(s).is_some() && s.len() == 10;
    let visible: Vec<String> =
        fresh.sheet_names().into_iter().filter(|n| n != "digiaste-data").collect();
    for name in &visible {
        let ours = fresh.worksheet_range(name).unwrap();
        let theirs = lo.worksheet_range(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        for (r, c, v) in theirs.used_cells() {
            assert!(!matches!(v, Data::Error(_)), "{name} ({r},{c}): {v:?}");
        }
        // Same figures (numbers to 1e-12: LibreOffice writes 15 significant digits).
        for (r, c, v) in ours.used_cells() {
            let (r, c) = (r as u32, c as u32);
            let other = theirs.get_value((r, c));
            match (v, other) {
                (Data::Float(a), Some(Data::Float(b))) => {
                    assert!((a - b).abs() < 1e-12, "{name} ({r},{c}): {a} vs {b}")
                }
                (Data::String(a), Some(Data::String(b))) if r == 1 && c == 0 => {
                    // The subtitle holds the date the summary was made.
                    assert_eq!(a.split('·').nth(1), b.split('·').nth(1), "{name} subtitle");
                }
                // The front page's date of the round is the day the summary was made: today
                // here, the fixture's day there.
                (Data::String(a), Some(Data::String(b))) if *a == today && is_date(b) => {}
                (a, b) => assert_eq!(Some(a), b, "{name} ({r},{c})"),
            }
        }
    }
    // The charts survived as chart objects.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&saved).unwrap()).unwrap();
    let charts = (0..zip.len())
        .filter(|&i| {
            let mut f = zip.by_index(i).unwrap();
            if !f.name().unwrap().ends_with("/content.xml") {
                return false;
            }
            let mut s = String::new();
            std::io::Read::read_to_string(&mut f, &mut s).unwrap();
            s.contains("<chart:chart")
        })
        .count();
    assert_eq!(charts, 4, "the front page, the regions and the two of the charts sheet");
}
