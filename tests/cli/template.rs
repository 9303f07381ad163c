//! `digiaste template`: the workbook as a person and a spreadsheet program see it.

use calamine::{Data, DataType, Reader, SheetVisible, Xlsx, open_workbook};

use super::*;

const AREAS_FI: [&str; 6] = [
    "Asuminen, ympäristö, liikenne",
    "Varhaiskasvatus ja koulutus",
    "Kulttuuri ja liikunta",
    "Terveyden edistäminen",
    "Työ ja yrittäminen",
    "Viestintä ja osallisuus",
];

fn sheet_names(path: &Path) -> Vec<String> {
    let wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.sheet_names()
}

#[test]
fn blank_finnish_template_has_the_designed_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["template"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let path = dir.path().join("vm-digiaste-2025.1-fi.xlsx");
    let names = sheet_names(&path);
    let mut expected = vec!["Ohjeet".to_string()];
    expected.extend(names[1..7].iter().cloned());
    expected.extend([
        "Hyötykartoitus".to_string(),
        "Yhteenveto".to_string(),
        "digiaste".to_string(),
    ]);
    assert_eq!(names, expected);
    // The area sheets are the six areas of the mission, in catalog order.
    for (name, area) in names[1..7].iter().zip(AREAS_FI) {
        assert_eq!(name.split(',').next(), area.split(',').next(), "{name} vs {area}");
    }

    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let hidden: Vec<_> = wb
        .sheets_metadata()
        .iter()
        .filter(|s| s.visible != SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect();
    assert_eq!(hidden, vec!["digiaste"]);

    // Each service row shows its id in column A; the adoption dropdown is column C.
    let area = wb.worksheet_range(&names[1]).unwrap();
    assert_eq!(area.get_value((3, 0)), Some(&Data::String("Tunnus".into())));
    assert_eq!(area.get_value((4, 0)), Some(&Data::String("asu.rakennuslupa".into())));
    // Identity on the hidden sheet.
    let lists = wb.worksheet_range("digiaste").unwrap();
    assert_eq!(lists.get_value((1, 1)), Some(&Data::String("vm-digiaste".into())));
    assert_eq!(lists.get_value((2, 1)), Some(&Data::String("2025.1".into())));
    assert_eq!(lists.get_value((4, 1)), Some(&Data::String("fi".into())));
    // The adoption list starts with "introduced".
    let introduced = lists.get_value((1, 3)).unwrap().to_string();
    assert!(introduced.starts_with("Kyllä"), "{introduced}");

    // Defined names of the respondent block.
    let workbook_xml = xlsx_part(&path, "xl/workbook.xml");
    for (name, cell) in [
        ("municipality_name", "$B$4"),
        ("municipality_code", "$B$5"),
        ("respondent_name", "$B$6"),
        ("respondent_email", "$B$7"),
        ("response_date", "$B$8"),
    ] {
        assert!(
            workbook_xml
                .contains(&format!("<definedName name=\"{name}\">'Ohjeet'!{cell}</definedName>")),
            "{name}: {workbook_xml}"
        );
    }
    // Template identity in custom document properties.
    let custom = xlsx_part(&path, "docProps/custom.xml");
    assert!(custom.contains("digiaste.catalog_id") && custom.contains("vm-digiaste"), "{custom}");
    assert!(custom.contains("digiaste.catalog_hash"));
}

#[test]
fn area_sheet_has_dropdowns_protection_and_blank_cached_degrees() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["template", "-o", "t.xlsx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let path = dir.path().join("t.xlsx");
    let sheet = xlsx_part(&path, "xl/worksheets/sheet2.xml");
    // Protected, with the input cells unlocked by their style.
    assert!(sheet.contains("<sheetProtection"), "area sheet is protected");
    // Adoption dropdown: a list read from the hidden sheet, Stop style (the default).
    assert!(sheet.contains("<dataValidation type=\"list\""), "list validations");
    assert!(sheet.contains("<formula1>digiaste!$D$2:$D$3</formula1>"), "adoption list range");
    assert!(
        !sheet.contains("errorStyle=\"warning\"") && !sheet.contains("errorStyle=\"information\"")
    );
    assert!(sheet.contains("promptTitle="), "input messages");
    // Usage: decimal 0..100.
    assert!(sheet.contains("type=\"decimal\""), "usage validation");
    assert!(sheet.contains("<formula1>0</formula1><formula2>100</formula2>"));
    // Frozen headers.
    assert!(sheet.contains("state=\"frozen\""));
    // The live degree formula with an empty cached result in the blank state.
    assert!(sheet.contains("<c r=\"K5\" s=\""), "degree cell");
    let k5 = sheet.split("<c r=\"K5\"").nth(1).unwrap();
    let k5 = &k5[..k5.find("</c>").unwrap()];
    assert!(k5.contains("t=\"str\"") && k5.contains("<v></v>"), "{k5}");
    assert!(k5.contains("VLOOKUP(D5,digiaste!"), "{k5}");
    // Every sheet is protected.
    for i in 1..=9 {
        let s = xlsx_part(&path, &format!("xl/worksheets/sheet{i}.xml"));
        assert!(s.contains("<sheetProtection"), "sheet{i}");
    }
    // The summary has a chart.
    assert!(xlsx_part(&path, "xl/charts/chart1.xml").contains("<c:barChart>"));
}

#[test]
fn summary_cached_results_are_the_blank_measures() {
    let dir = tempfile::tempdir().unwrap();
    run_in(dir.path(), &["template", "--lang", "en", "-o", "en.xlsx"]);
    let mut wb: Xlsx<_> = open_workbook(dir.path().join("en.xlsx")).unwrap();
    let summary = wb.worksheet_range("Summary").unwrap();
    // Row 4 (index 3) is the first area: services, introduced 0, coverage 0, degree "".
    assert_eq!(summary.get_value((2, 0)), Some(&Data::String("Service area".into())));
    assert!(matches!(summary.get_value((3, 1)), Some(Data::Float(n)) if *n >= 8.0));
    assert_eq!(summary.get_value((3, 2)), Some(&Data::Float(0.0)));
    assert_eq!(summary.get_value((3, 3)), Some(&Data::Float(0.0)));
    assert!(
        matches!(summary.get_value((3, 4)), Some(Data::String(s)) if s.is_empty())
            || summary.get_value((3, 4)).is_none()
    );
    // Overall row after the six areas: services = 64 in the default catalog.
    assert_eq!(summary.get_value((9, 0)), Some(&Data::String("Overall".into())));
    let total: f64 = (3..9).map(|r| summary.get_value((r, 1)).unwrap().as_f64().unwrap()).sum();
    assert_eq!(summary.get_value((9, 1)).unwrap().as_f64(), Some(total));
    let formulas = wb.worksheet_formula("Summary").unwrap();
    assert_eq!(formulas.get_value((9, 3)).map(String::as_str), Some("IF(B10=0,0,C10/B10)"));
}

#[test]
fn swedish_and_english_templates_use_their_language() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        run_in(dir.path(), &["template", "--lang", "sv", "-o", "sv.xlsx"]).status.code(),
        Some(0)
    );
    assert_eq!(
        run_in(dir.path(), &["template", "--lang", "en", "-o", "en.xlsx"]).status.code(),
        Some(0)
    );
    let sv = sheet_names(&dir.path().join("sv.xlsx"));
    assert_eq!(sv[0], "Anvisningar");
    assert_eq!(sv[7], "Nyttokartläggning");
    assert_eq!(sv[8], "Sammanfattning");
    let en = sheet_names(&dir.path().join("en.xlsx"));
    assert_eq!(en[0], "Instructions");
    assert_eq!(en[7], "Savings");
    assert_eq!(en[8], "Summary");
    assert_ne!(sv[1], en[1]);
    let wb = xlsx_part(&dir.path().join("sv.xlsx"), "xl/workbook.xml");
    assert!(
        wb.contains("<definedName name=\"municipality_code\">'Anvisningar'!$B$5</definedName>"),
        "{wb}"
    );
}

#[test]
fn personalised_templates_for_every_municipality() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["template", "--all-municipalities", "--out-dir", "kunnat"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let files: Vec<_> = std::fs::read_dir(dir.path().join("kunnat"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(files.len(), 308);
    assert!(files.contains(&"091-helsinki.xlsx".to_string()));
    assert!(files.contains(&"005-alajarvi.xlsx".to_string()));
    assert!(
        files.iter().all(|f| f.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')),
        "safe names"
    );

    let path = dir.path().join("kunnat/091-helsinki.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let ins = wb.worksheet_range("Ohjeet").unwrap();
    assert_eq!(ins.get_value((3, 1)), Some(&Data::String("Helsinki".into())));
    assert_eq!(ins.get_value((4, 1)), Some(&Data::String("091".into())));
    let lists = wb.worksheet_range("digiaste").unwrap();
    assert_eq!(lists.get_value((6, 1)), Some(&Data::String("091".into())));
    // Name and code are locked: their style is not one of the unlocked input styles.
    let styles = xlsx_part(&path, "xl/styles.xml");
    let sheet = xlsx_part(&path, "xl/worksheets/sheet1.xml");
    let b5 = sheet.split("<c r=\"B5\" s=\"").nth(1).unwrap();
    let xf: usize = b5[..b5.find('"').unwrap()].parse().unwrap();
    let cell_xfs = styles.split("<cellXfs").nth(1).unwrap();
    let xf_xml = cell_xfs.split("<xf ").nth(xf + 1).unwrap();
    assert!(
        !xf_xml.split("</xf>").next().unwrap().contains("locked=\"0\""),
        "B5 must stay locked: {xf_xml}"
    );
}

#[test]
fn swedish_personalised_names_use_swedish_names() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(
        dir.path(),
        &[
            "template",
            "--lang",
            "sv",
            "--municipality",
            "499",
            "--municipality",
            "91",
            "--out-dir",
            ".",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("499-korsholm.xlsx").exists());
    assert!(dir.path().join("091-helsingfors.xlsx").exists());
}

#[test]
fn existing_output_is_not_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t.xlsx"), b"precious").unwrap();
    let out = run_in(dir.path(), &["template", "-o", "t.xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert_eq!(std::fs::read(dir.path().join("t.xlsx")).unwrap(), b"precious");

    let out = run_in(dir.path(), &["template", "-o", "t.xlsx", "--force"]);
    assert_eq!(out.status.code(), Some(0));
    assert_ne!(std::fs::read(dir.path().join("t.xlsx")).unwrap(), b"precious");

    // The personalised run refuses before writing any file.
    std::fs::create_dir(dir.path().join("k")).unwrap();
    std::fs::write(dir.path().join("k/091-helsinki.xlsx"), b"precious").unwrap();
    let out = run_in(
        dir.path(),
        &["template", "--municipality", "005", "--municipality", "091", "--out-dir", "k"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.path().join("k/005-alajarvi.xlsx").exists(), "nothing written");
    assert_eq!(std::fs::read(dir.path().join("k/091-helsinki.xlsx")).unwrap(), b"precious");
    // No temporary files are left behind.
    let left: Vec<_> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(left.iter().all(|n| !n.to_string_lossy().ends_with(".tmp")), "{left:?}");
}

#[test]
fn unknown_codes_unwritable_paths_and_bad_catalogs_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["template", "--municipality", "999", "--out-dir", "k"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown municipality code(s): 999"), "{}", stderr(&out));

    let out = run_in(dir.path(), &["template", "-o", "no/such/folder/t.xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));

    std::fs::write(dir.path().join("bad.toml"), "id = \"x\"\nversion = 1\n").unwrap();
    let out = run_in(dir.path(), &["template", "-c", "bad.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("bad.toml") && stderr(&out).contains("line 2"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("x-1-fi.xlsx").exists());
}
