//! The round at a glance (issue 23): the front page is the summary's first sheet and one
//! page, its national figures and the regions sheet's are the JSON's, and with an earlier
//! summary it lists the largest changes.

use calamine::{Data, Reader, Xlsx, open_workbook};
use digiaste::report::AggregateReport;
use digiaste::report::glance::MeasureValues;

use super::*;

fn cell(range: &calamine::Range<Data>, r: usize, c: usize) -> Data {
    range.get((r, c)).cloned().unwrap_or(Data::Empty)
}

fn row_of(range: &calamine::Range<Data>, col: usize, label: &str) -> usize {
    (0..range.height())
        .find(|&r| cell(range, r, col) == Data::String(label.into()))
        .unwrap_or_else(|| panic!("no row {label}"))
}

fn close(a: &Data, b: Option<f64>, what: &str) {
    match (a, b) {
        (Data::Float(x), Some(y)) => assert!((x - y).abs() < 1e-12, "{what}: {x} vs {y}"),
        (Data::Empty, None) => {}
        other => panic!("{what}: {other:?}"),
    }
}

/// The values in the order the front page shows them (the default catalog: coverage,
/// degree, realised potential, usage).
fn shown(v: &MeasureValues) -> [Option<f64>; 4] {
    [v.coverage, v.degree, v.realized, v.usage]
}

#[test]
fn the_front_page_and_the_regions_sheet_show_the_jsons_figures() {
    let dir = tempfile::tempdir().unwrap();
    let returns = fixture("returns").display().to_string();
    let args = ["aggregate", &returns, "-o", "s.xlsx", "--json", "s.json", "--lang", "fi"];
    let out = run_in(dir.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: AggregateReport = read_json(&dir.path().join("s.json"));
    let n = &report.national;
    assert_eq!((n.expected, n.counted, n.rejected, n.missing), (308, 11, 0, 297));
    assert_eq!(n.groups.len(), 7);
    assert_eq!(n.groups[6].group, "overall");
    assert_eq!(n.groups[6].count, 11);
    // The overall mean degree is the mean of the municipalities' own.
    let degrees: Vec<f64> = report.municipalities.iter().filter_map(|m| m.overall.degree).collect();
    let mean = degrees.iter().sum::<f64>() / degrees.len() as f64;
    assert!((n.groups[6].mean.degree.unwrap() - mean).abs() < 1e-12);
    // Each municipality with its region, population and size class; the size classes'
    // figures over their own municipalities.
    let helsinki = report.municipalities.iter().find(|m| m.code == "091").unwrap();
    assert_eq!(helsinki.region.as_deref(), Some("01"));
    assert_eq!(helsinki.size_class.as_deref(), Some("large"));
    assert!(helsinki.population.unwrap() > 600_000);
    let classes: Vec<(&str, usize)> =
        report.size_classes.iter().map(|c| (c.size_class.as_str(), c.counted)).collect();
    let count = |class: &str| {
        report.municipalities.iter().filter(|m| m.size_class.as_deref() == Some(class)).count()
    };
    assert_eq!(
        classes,
        [("small", count("small")), ("medium", count("medium")), ("large", count("large"))]
    );
    assert_eq!(classes.iter().map(|c| c.1).sum::<usize>(), 11);
    let large: Vec<f64> = report
        .municipalities
        .iter()
        .filter(|m| m.size_class.as_deref() == Some("large"))
        .filter_map(|m| m.overall.degree)
        .collect();
    let large_mean = large.iter().sum::<f64>() / large.len() as f64;
    assert!((report.size_classes[2].groups[6].mean.degree.unwrap() - large_mean).abs() < 1e-12);

    let mut wb: Xlsx<_> = open_workbook(dir.path().join("s.xlsx")).unwrap();
    assert_eq!(wb.sheet_names()[..3], ["Tilannekuva", "Yleiskatsaus", "Maakunnat"]);
    let front = wb.worksheet_range("Tilannekuva").unwrap();
    let counted = row_of(&front, 0, "Vastanneet / odotetut kunnat");
    assert_eq!(cell(&front, counted, 1), Data::String("11 / 308 (3,6 %)".into()));
    let rejected = row_of(&front, 0, "Hylätyt tiedostot");
    assert_eq!(cell(&front, rejected, 1), Data::String("0".into()));
    // Per area and overall: mean and median of each measure, as in the JSON.
    let catalog = digiaste::catalog::Catalog::default_catalog();
    let names = catalog.areas.iter().map(|a| a.name.get(digiaste::lang::Lang::Fi).to_string());
    for (g, name) in names.chain(["Kaikki yhteensä".to_string()]).enumerate() {
        let row = row_of(&front, 0, &name);
        let figures = &n.groups[g];
        for (i, (mean, median)) in
            shown(&figures.mean).into_iter().zip(shown(&figures.median)).enumerate()
        {
            close(&cell(&front, row, 1 + 2 * i), mean, &format!("{name} mean {i}"));
            close(&cell(&front, row, 2 + 2 * i), median, &format!("{name} median {i}"));
        }
    }
    // The regions at a glance on the front page and on their own sheet.
    let band = 1 + 2 * 4 + 5;
    let uusimaa = report.regions.iter().find(|r| r.code == "01").unwrap();
    assert_eq!((uusimaa.name_fi.as_str(), uusimaa.expected), ("Uusimaa", 26));
    assert_eq!(uusimaa.counted, 2, "Helsinki and Espoo");
    let row = row_of(&front, band, "Uusimaa");
    assert_eq!(cell(&front, row, band + 1), Data::String("2 / 26".into()));
    close(&cell(&front, row, band + 2), uusimaa.groups[6].mean.degree, "Uusimaa on the front");
    let regions = wb.worksheet_range("Maakunnat").unwrap();
    assert_eq!(report.regions.len(), 19);
    for r in &report.regions {
        let row = row_of(&regions, 0, &r.name_fi);
        assert_eq!(cell(&regions, row, 1), Data::Float(r.expected as f64), "{}", r.name_fi);
        assert_eq!(cell(&regions, row, 2), Data::Float(r.counted as f64), "{}", r.name_fi);
        for (i, v) in shown(&r.groups[6].mean).into_iter().enumerate() {
            close(&cell(&regions, row, 4 + i), v, &format!("{} measure {i}", r.name_fi));
        }
    }
    let all: usize = report.regions.iter().map(|r| r.counted).sum();
    assert_eq!(all, 11);
    let whole = row_of(&regions, 0, "Koko maa");
    assert_eq!(cell(&regions, whole, 2), Data::Float(11.0));

    // One page: landscape A4 at a legible scale, the print area the page.
    let sheet = xlsx_part(&dir.path().join("s.xlsx"), "xl/worksheets/sheet1.xml");
    let scale: u32 =
        sheet.split("scale=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
    assert!((70..=100).contains(&scale), "front page printed at {scale} %");
    let wbxml = xlsx_part(&dir.path().join("s.xlsx"), "xl/workbook.xml");
    assert!(wbxml.contains("Tilannekuva!$A$1:$Q$"), "print area: {wbxml}");

    // The map on the front page: Helsinki in the colour of its overall degree's class,
    // Akaa (no return) grey; the legend and the attribution are cells beside and below.
    let parts = zip_parts(&dir.path().join("s.xlsx"));
    let (_, png) = parts.iter().find(|(n, _)| n == "xl/media/image1.png").expect("a map");
    std::fs::write(dir.path().join("map.png"), png).unwrap();
    let (width, pixels) = super::maps::decode(&dir.path().join("map.png"));
    let helsinki = report.municipalities.iter().find(|m| m.code == "091").unwrap();
    let class = digiaste::map::class_of(helsinki.overall.degree.unwrap());
    assert_eq!(super::maps::pixel(width, &pixels, "091"), digiaste::map::class_color(class));
    assert_eq!(super::maps::pixel(width, &pixels, "020"), digiaste::map::MISSING_COLOR);
    let legend = row_of(&front, band, "80–100 %");
    assert_eq!(cell(&front, legend + 5, band), Data::String("ei palautettu".into()));
    let attribution = (0..front.height())
        .map(|r| cell(&front, r, band - 4).to_string())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        attribution.contains("Karttapohja: Maanmittauslaitos, Tilastokeskus (CC BY 4.0), muokattu"),
        "{attribution}"
    );
}

#[test]
fn with_an_earlier_summary_the_front_page_lists_the_largest_changes() {
    let dir = tempfile::tempdir().unwrap();
    // Last round Tampere sent its first workbook; this round the corrected one counts.
    std::fs::create_dir(dir.path().join("last")).unwrap();
    std::fs::copy(fixture("returns/837-tampere.xlsx"), dir.path().join("last/837.xlsx")).unwrap();
    let out = run_in(dir.path(), &["aggregate", "last", "-o", "last.xlsx", "--json", "last.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let returns = fixture("returns").display().to_string();
    let args =
        ["aggregate", &returns, "-o", "s.xlsx", "--json", "s.json", "--previous", "last.xlsx"];
    let out = run_in(dir.path(), &[&args[..], &["--lang", "en"]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let before: AggregateReport = read_json(&dir.path().join("last.json"));
    let now: AggregateReport = read_json(&dir.path().join("s.json"));
    let degree = |r: &AggregateReport| {
        r.municipalities.iter().find(|m| m.code == "837").unwrap().overall.degree.unwrap()
    };
    let (was, is) = (degree(&before), degree(&now));
    assert!((was - is).abs() >= 0.0005, "the corrected workbook changed Tampere: {was} {is}");

    let mut wb: Xlsx<_> = open_workbook(dir.path().join("s.xlsx")).unwrap();
    let front = wb.worksheet_range("At a glance").unwrap();
    let heading = row_of(
        &front,
        0,
        "Largest changes since the previous round (degree of digitalisation, overall)",
    );
    assert_eq!(cell(&front, heading + 1, 0), Data::String("Municipality".into()));
    // Only Tampere was in the earlier round: the one change listed.
    assert_eq!(cell(&front, heading + 2, 0), Data::String("Tampere".into()));
    close(&cell(&front, heading + 2, 1), Some(was), "before");
    close(&cell(&front, heading + 2, 2), Some(is), "now");
    close(&cell(&front, heading + 2, 3), Some((is - was) * 100.0), "change in points");
    assert_eq!(cell(&front, heading + 3, 0), Data::Empty);
    let sheet = xlsx_part(&dir.path().join("s.xlsx"), "xl/styles.xml");
    assert!(sheet.contains("+0.0&quot; pp&quot;"), "percentage points in English");
    // A change that rounds to 0.0 falls in the last section: never "-0.0".
    assert!(sheet.contains("[&lt;=-0.05]-0.0&quot; pp&quot;;0.0&quot; pp&quot;"), "no -0.0");
}

#[test]
fn a_list_with_nothing_in_it_says_so_and_prints_that_alone() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("expected.csv"), "091\n").unwrap();
    let helsinki = fixture("returns/091-helsinki.xlsx").display().to_string();
    let args =
        ["aggregate", &helsinki, "--expected", "expected.csv", "-o", "s.xlsx", "--lang", "fi"];
    let out = run_in(dir.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut wb: Xlsx<_> = open_workbook(dir.path().join("s.xlsx")).unwrap();
    let missing = wb.worksheet_range("Puuttuvat").unwrap();
    assert_eq!(
        cell(&missing, 3, 0),
        Data::String("Kaikki odotetut kunnat palauttivat hyväksytyn vastauksen.".into())
    );
    let wbxml = xlsx_part(&dir.path().join("s.xlsx"), "xl/workbook.xml");
    assert!(wbxml.contains("Puuttuvat!$A$1:$D$4"), "one short page: {wbxml}");
    // The distribution of one municipality counts in whole numbers.
    let charts = (1..30)
        .filter_map(|i| {
            let part = format!("xl/charts/chart{i}.xml");
            let zip = zip_parts(&dir.path().join("s.xlsx"));
            zip.into_iter().find(|(n, _)| *n == part).map(|(_, b)| String::from_utf8(b).unwrap())
        })
        .collect::<Vec<_>>();
    assert!(charts.iter().any(|c| c.contains("<c:majorUnit val=\"1\"/>")), "whole steps");
}

#[test]
fn each_feedback_workbook_shows_the_country_with_its_municipality_marked() {
    let dir = tempfile::tempdir().unwrap();
    let returns = fixture("returns").display().to_string();
    let args = ["aggregate", &returns, "-o", "s.xlsx", "--feedback-dir", "fb", "--lang", "fi"];
    let out = run_in(dir.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for (file, heading) in [
        ("fb/091-helsinki.xlsx", "Helsinki ja sen maakunta kartalla"),
        ("fb/478-mariehamn.xlsx", "Mariehamn och dess landskap på kartan"),
    ] {
        let path = dir.path().join(file);
        let parts = zip_parts(&path);
        let (_, png) = parts.iter().find(|(n, _)| n == "xl/media/image1.png").expect(file);
        std::fs::write(dir.path().join("map.png"), png).unwrap();
        let (width, pixels) = super::maps::decode(&dir.path().join("map.png"));
        assert_eq!(width, 360, "{file}");
        // Akaa did not return: grey wherever it is drawn.
        assert_eq!(super::maps::pixel(width, &pixels, "020"), digiaste::map::MISSING_COLOR);
        let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
        let first = wb.sheet_names()[0].clone();
        let front = wb.worksheet_range(&first).unwrap();
        row_of(&front, 0, heading);
    }
}

#[test]
fn the_maps_sheet_shows_one_map_per_area_in_its_classes_on_one_page() {
    let dir = tempfile::tempdir().unwrap();
    let returns = fixture("returns").display().to_string();
    let args = ["aggregate", &returns, "-o", "s.xlsx", "--json", "s.json", "--lang", "sv"];
    let out = run_in(dir.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: AggregateReport = read_json(&dir.path().join("s.json"));
    let path = dir.path().join("s.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(wb.sheet_names()[..4], ["Lägesbild", "Översikt", "Landskap", "Kartor"]);
    let sheet = wb.worksheet_range("Kartor").unwrap();
    let names: Vec<String> = (0..6).map(|i| cell(&sheet, 3, 2 * i + 1).to_string()).collect();
    assert_eq!(names[0], "Boende, miljö och trafik");
    assert_eq!(names[5], "Kommunikation och delaktighet");
    let legend = row_of(&sheet, 1, "80–100 %");
    assert_eq!(cell(&sheet, legend + 1, 1), Data::String("inte returnerad".into()));
    assert_eq!(cell(&sheet, legend, 11), Data::String("ingen tjänst införd".into()));
    assert!(cell(&sheet, legend + 3, 1).to_string().starts_with("Kartunderlag: Lantmäteriverket"));
    // One page, the maps side by side.
    let xml = xlsx_part(&path, "xl/worksheets/sheet4.xml");
    assert!(xml.contains(r#"<pageSetUpPr fitToPage="1"/>"#), "{xml}");
    // The six maps in the order of the areas: each municipality in its class for the area,
    // white where it introduced no service there (Alajärvi, culture and sports), grey where
    // it did not return.
    let rels = xlsx_part(&path, "xl/worksheets/_rels/sheet4.xml.rels");
    let drawing = rels.split("Target=\"../drawings/").nth(1).unwrap().split('"').next().unwrap();
    let images = xlsx_part(&path, &format!("xl/drawings/_rels/{drawing}.rels"));
    let media: Vec<&str> =
        images.split("Target=\"../media/").skip(1).map(|s| &s[..s.find('"').unwrap()]).collect();
    assert_eq!(media.len(), 6, "{images}");
    let parts = zip_parts(&path);
    let mut white = 0;
    for (a, file) in media.iter().enumerate() {
        let (_, png) = parts.iter().find(|(n, _)| *n == format!("xl/media/{file}")).unwrap();
        let png_path = dir.path().join(file);
        std::fs::write(&png_path, png).unwrap();
        let (width, pixels) = super::maps::decode(&png_path);
        for code in ["005", "297", "564"] {
            let m = report.municipalities.iter().find(|m| m.code == code).unwrap();
            let expected = match m.areas[a].measures.degree {
                Some(d) => digiaste::map::class_color(digiaste::map::class_of(d)),
                None => {
                    white += 1;
                    digiaste::map::NO_FIGURE_COLOR
                }
            };
            assert_eq!(super::maps::pixel(width, &pixels, code), expected, "{code} area {a}");
        }
        assert_eq!(super::maps::pixel(width, &pixels, "020"), digiaste::map::MISSING_COLOR);
    }
    assert!(white > 0, "Alajärvi introduced no culture and sports service");
}
