//! Issue 10: workbooks that read, fill and print well, in each municipality's own language.
//! The xlsx parts are read back and checked against the texts they hold.

use std::collections::HashMap;
use std::path::Path;

use crate::{digiaste, fixture, run_in, stderr, stdout, xlsx_part};
use digiaste::catalog::Catalog;
use digiaste::lang::Lang;

/// Every `<tag …>` opening of an xml text, as its attribute text.
fn tags<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag} ");
    xml.match_indices(&open).map(|(i, _)| &xml[i..i + xml[i..].find('>').unwrap_or(0)]).collect()
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    Some(&tag[start..start + tag[start..].find('"')?])
}

/// Column widths of a sheet, by 0-based column.
fn widths(sheet: &str) -> HashMap<u16, f64> {
    let mut out = HashMap::new();
    for c in tags(sheet, "col") {
        let (min, max): (u16, u16) =
            (attr(c, "min").unwrap().parse().unwrap(), attr(c, "max").unwrap().parse().unwrap());
        let w: f64 = attr(c, "width").unwrap().parse().unwrap();
        for col in min..=max {
            out.insert(col - 1, w);
        }
    }
    out
}

/// Row heights of a sheet, by 0-based row.
fn heights(sheet: &str) -> HashMap<u32, f64> {
    tags(sheet, "row")
        .into_iter()
        .filter_map(|r| {
            Some((attr(r, "r")?.parse::<u32>().ok()? - 1, attr(r, "ht")?.parse().ok()?))
        })
        .collect()
}

/// The worksheets of an xlsx: (name, part, hidden, 0-based index).
fn sheets(path: &Path) -> Vec<(String, String, bool, usize)> {
    let wb = xlsx_part(path, "xl/workbook.xml");
    tags(&wb, "sheet")
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let name = attr(s, "name").unwrap().replace("&amp;", "&");
            (
                name,
                format!("xl/worksheets/sheet{}.xml", i + 1),
                attr(s, "state") == Some("hidden"),
                i,
            )
        })
        .collect()
}

/// Every visible sheet: landscape A4, print titles, and a scale that keeps 10 pt text at
/// 7 pt or more.
fn assert_prints_legibly(path: &Path) {
    let wb = xlsx_part(path, "xl/workbook.xml");
    for (name, part, hidden, i) in sheets(path) {
        if hidden {
            continue;
        }
        let sheet = xlsx_part(path, &part);
        let setup = tags(&sheet, "pageSetup");
        let setup = setup.first().unwrap_or_else(|| panic!("{name}: no page setup"));
        assert_eq!(attr(setup, "orientation"), Some("landscape"), "{name}");
        assert_eq!(attr(setup, "paperSize"), Some("9"), "{name}: A4");
        let scale: f64 = attr(setup, "scale").map_or(100.0, |s| s.parse().unwrap());
        assert!(10.0 * scale / 100.0 >= 7.0, "{name}: printed at {scale} %");
        assert!(
            attr(setup, "fitToWidth").is_none() || scale == 100.0,
            "{name}: fitted below the scale rule"
        );
        let titles = format!("name=\"_xlnm.Print_Titles\" localSheetId=\"{i}\"");
        assert!(wb.contains(&titles), "{name}: no print titles");
    }
}

#[test]
fn area_columns_fit_every_option_and_rows_fit_wrapped_texts() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["template", "--lang", "fi", "-o", "t.xlsx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let path = dir.path().join("t.xlsx");
    let catalog = Catalog::default_catalog();
    let sheet = xlsx_part(&path, "xl/worksheets/sheet2.xml");
    let (w, h) = (widths(&sheet), heights(&sheet));
    // Columns C (adoption) and D.. (stages), header row 4, services from row 5.
    let adoption: Vec<&str> = catalog.adoption.iter().map(|o| o.label.get(Lang::Fi)).collect();
    let mut dropdowns = vec![(2u16, adoption)];
    for (k, stage) in catalog.stages.iter().enumerate() {
        dropdowns
            .push((3 + k as u16, stage.options.iter().map(|o| o.label.get(Lang::Fi)).collect()));
    }
    for (col, labels) in &dropdowns {
        let width = w[col];
        for (i, service) in catalog.areas[0].services.iter().enumerate() {
            let row = 4 + i as u32;
            // A label of n characters needs n ÷ (width − 1) lines of 15 pt at least.
            for label in labels {
                let lines = (label.chars().count() as f64 / (width - 1.0)).ceil();
                let has = *col == 2 || service.stages.contains(&(*col as usize - 3));
                assert!(
                    !has || h[&row] >= lines * 15.0,
                    "row {} too low for \"{label}\" in a {width} wide column",
                    row + 1
                );
            }
            let name = service.name.get(Lang::Fi).chars().count() as f64;
            assert!(h[&row] >= (name / (w[&1] - 1.0)).ceil() * 15.0, "row {}: name", row + 1);
        }
    }
    // Headers break between words: every word fits its column.
    let header_words = ["Tunnus", "Palvelu", "Käyttöönotto", "Kommentti"]
        .into_iter()
        .chain(catalog.stages.iter().flat_map(|s| s.name.get(Lang::Fi).split_whitespace()));
    let widest = w.values().fold(0.0, |a: f64, &b| a.max(b));
    for word in header_words {
        assert!(word.chars().count() as f64 <= widest, "{word}");
    }
    for (k, stage) in catalog.stages.iter().enumerate() {
        for word in stage.name.get(Lang::Fi).split_whitespace() {
            assert!(
                word.chars().count() as f64 * 1.1 < w[&(3 + k as u16)],
                "{word} is broken inside its column"
            );
        }
    }
    assert!(h[&3] >= 15.0 * 2.0, "the header row has room for wrapped stage names");
}

#[test]
fn template_and_indicator_workbook_print_legibly_and_hide_the_helper_columns() {
    let dir = tempfile::tempdir().unwrap();
    let c = fixture("../templates/eblomlada-2017.toml").display().to_string();
    assert!(run_in(dir.path(), &["template", "--lang", "fi", "-o", "t.xlsx"]).status.success());
    assert!(
        run_in(dir.path(), &["template", "-c", &c, "--lang", "sv", "-o", "i.xlsx"])
            .status
            .success()
    );
    for file in ["t.xlsx", "i.xlsx"] {
        let path = dir.path().join(file);
        assert_prints_legibly(&path);
        // The summary sheet sits before the hidden lists sheet; its tallies are hidden.
        let all = sheets(&path);
        let summary = xlsx_part(&path, &all[all.len() - 2].1);
        assert!(
            tags(&summary, "col").iter().any(|c| attr(c, "hidden") == Some("1")),
            "{file}: helper columns shown"
        );
        assert!(summary.contains("<rowBreaks"), "{file}: charts start on a page of their own");
    }
}

#[test]
fn indicator_rows_are_blank_until_answered_and_offer_no_added_rows() {
    let dir = tempfile::tempdir().unwrap();
    let c = fixture("../templates/eblomlada-2017.toml").display().to_string();
    assert!(
        run_in(dir.path(), &["template", "-c", &c, "--lang", "en", "-o", "i.xlsx"])
            .status
            .success()
    );
    let path = dir.path().join("i.xlsx");
    let sheet = xlsx_part(&path, "xl/worksheets/sheet2.xml");
    // Degree (D) and points (E) of the first item: empty until C5 is answered.
    assert!(sheet.contains("<f>IF(C5=\"\",\"\","), "{sheet}");
    let d5 = &sheet[sheet.find("<c r=\"D5\"").unwrap()..];
    assert!(d5[..d5.find("</c>").unwrap()].ends_with("<v></v>"), "cached result is empty, not 0");
    let strings = xlsx_part(&path, "xl/sharedStrings.xml");
    // The default catalog keeps its blank rows.
    assert!(run_in(dir.path(), &["template", "--lang", "en", "-o", "t.xlsx"]).status.success());
    let heading = digiaste::texts::t("added_rows_heading", Lang::En);
    assert!(xlsx_part(&dir.path().join("t.xlsx"), "xl/sharedStrings.xml").contains(heading));
    assert!(!strings.contains(heading));
}

#[test]
fn aland_and_swedish_majority_municipalities_get_swedish_workbooks() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "template",
        "--municipality",
        "478",
        "--municipality",
        "710",
        "--municipality",
        "091",
        "--out-dir",
        "d",
    ];
    let out = run_in(dir.path(), &args);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().next().unwrap(), "3 workbooks written to d");
    let language = |f: &str| {
        let props = xlsx_part(&dir.path().join("d").join(f), "docProps/custom.xml");
        let at = props.find("digiaste.language").unwrap();
        props[at..].split("<vt:lpwstr>").nth(1).unwrap()[..2].to_string()
    };
    assert_eq!(language("478-mariehamn.xlsx"), "sv", "Åland: Swedish");
    assert_eq!(language("710-raseborg.xlsx"), "sv", "bilingual, Swedish majority");
    assert_eq!(language("091-helsinki.xlsx"), "fi", "bilingual, Finnish majority");
    let strings = xlsx_part(&dir.path().join("d/478-mariehamn.xlsx"), "xl/sharedStrings.xml");
    assert!(
        strings.contains("Mariehamn") && !strings.contains("Maarianhamina"),
        "the name follows the document"
    );
    // --lang wins (for the console too), and one workbook is one.
    let out = run_in(
        dir.path(),
        &["template", "--municipality", "478", "--lang", "fi", "--out-dir", "e"],
    );
    assert_eq!(stdout(&out).trim(), "1 työkirja kirjoitettu kansioon e");
    assert!(dir.path().join("e/478-maarianhamina-mariehamn.xlsx").exists());
}

#[test]
fn reports_for_municipalities_are_letters_in_their_own_language() {
    let dir = tempfile::tempdir().unwrap();
    let out = digiaste()
        .current_dir(dir.path())
        .args(["validate", "--report-dir", "r"])
        .arg(fixture("returns/478-mariehamn.xlsx"))
        .arg(fixture("findings/invalid-choice.xlsx"))
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains("valid"),
        "console in the locale's language (English): {}",
        stdout(&out)
    );
    let mariehamn = std::fs::read_to_string(dir.path().join("r/478-mariehamn.xlsx.txt")).unwrap();
    assert!(mariehamn.starts_with("Till: Mariehamn (478)"), "{mariehamn}");
    assert!(mariehamn.contains("Vad händer härnäst"), "{mariehamn}");
    let invalid = std::fs::read_to_string(dir.path().join("r/invalid-choice.xlsx.txt")).unwrap();
    assert!(
        invalid.contains("Korjattavat kohdat:") && invalid.contains("solu D5"),
        "a Finnish return gets Finnish: {invalid}"
    );
    // Wrapped to 72 columns: the words are read whatever the line breaks.
    let flat = invalid.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(
            "välilehti Asuminen, ympäristö, liikenne, solu D5, Rakennuslupa (asu.rakennuslupa): "
        ),
        "sheet, cell and the service's name in the letter's language: {invalid}"
    );
    let here = fixture("").display().to_string();
    assert!(!mariehamn.contains(&here) && !invalid.contains(&here), "no path of this machine");
    // The locale decides the console language when --lang is not given.
    let out = digiaste()
        .env("LC_ALL", "sv_FI.UTF-8")
        .args(["validate"])
        .arg(fixture("returns/091-helsinki.xlsx"))
        .output()
        .unwrap();
    assert!(stdout(&out).contains("giltig"), "{}", stdout(&out));
}

#[test]
fn score_of_an_indicator_catalog_shows_points_and_levels_with_whole_headers() {
    let c = fixture("../templates/eblomlada-2017.toml");
    let out = digiaste()
        .arg("score")
        .arg("-c")
        .arg(&c)
        .arg(fixture("indicator/2017/445-pargas.ods"))
        .output()
        .unwrap();
    let text = stdout(&out);
    let header =
        text.lines().find(|l| l.starts_with("Service area")).unwrap_or_else(|| panic!("{text}"));
    for word in [
        "Points / maximum",
        "Not met at all",
        "Partly met",
        "Fully met",
        "Degree of digitalisation",
    ] {
        assert!(header.contains(word), "{header}");
    }
    assert!(!header.contains("Coverage") && !header.contains("Usage"), "{header}");
    assert!(text.contains("141 / 264"), "{text}");
    assert!(text.contains("– = the item was not answered."), "{text}");
    let out = digiaste().arg("score").arg(fixture("returns/091-helsinki.xlsx")).output().unwrap();
    let text = stdout(&out);
    assert!(
        text.lines().any(|l| l.starts_with("ID ") && l.ends_with("Service")),
        "per-service header row: {text}"
    );
    assert!(
        text.contains("Degree of digitalisation") && text.contains("Usage rate"),
        "headers are whole: {text}"
    );
}

#[test]
fn every_summary_sheet_prints_legibly_with_whole_header_words() {
    let dir = tempfile::tempdir().unwrap();
    let returns = fixture("returns").display().to_string();
    let out = run_in(dir.path(), &["aggregate", "--lang", "fi", &returns, "-o", "s.xlsx"]);
    assert!(dir.path().join("s.xlsx").exists(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("kuntaa"),
        "messages in the summary's language: {}",
        stderr(&out)
    );
    let path = dir.path().join("s.xlsx");
    assert_prints_legibly(&path);
    // The overview's measure headers ("Digitalisaatioaste") fit their columns whole.
    let all = sheets(&path);
    assert_eq!(all[0].0, "Tilannekuva", "the front page first");
    let overview = xlsx_part(&path, &all.iter().find(|s| s.0 == "Yleiskatsaus").unwrap().1);
    let w = widths(&overview);
    let word = digiaste::texts::t("sum_degree", Lang::Fi).chars().count() as f64;
    // (Column 6 is a measure column: code and name, then the overall measures.) Widths are
    // measured in Carlito's glyphs, narrower than a digit each for most letters.
    assert!(w[&6] >= word, "measure column {} for a word of {word}: {w:?}", w[&6]);
    // A wide sheet repeats its name columns on every page across.
    let wb = xlsx_part(&path, "xl/workbook.xml");
    assert!(wb.contains("!$A:$B,"), "overview: code and name repeated across pages");
    // …and its title and the line below it wrapped within them, never cut on the pages to
    // the right, which repeat the headers (not the title) under a page header naming the sheet.
    assert!(overview.contains(r#"<mergeCell ref="A1:B1"/>"#), "{overview}");
    assert!(overview.contains(r#"<mergeCell ref="A2:B2"/>"#), "{overview}");
    assert!(overview.contains("<oddHeader>&amp;L&amp;A</oddHeader>"), "{overview}");
    assert!(wb.contains("Yleiskatsaus!$3:$5"), "{wb}");
    let charts = &all.iter().find(|s| s.0 == "Kaaviot").unwrap().1;
    assert!(xlsx_part(&path, charts).contains("<rowBreaks"), "each chart on its own page");
}

/// Percentages are written as the reader writes them: "82,8 %" in Finnish and Swedish,
/// "82.8 %" in English (overall coverage of Helsinki's return, 0.828125).
#[test]
fn percentages_follow_the_language() {
    let overall = |lang: &str| {
        let out = digiaste()
            .args(["score", "--lang", lang])
            .arg(fixture("returns/091-helsinki.xlsx"))
            .output()
            .unwrap();
        let text = stdout(&out);
        let total =
            digiaste::texts::t("sum_overall", digiaste::lang::Lang::from_code(lang).unwrap());
        text.lines()
            .find(|l| l.starts_with(total))
            .unwrap_or_else(|| panic!("{text}"))
            .split_whitespace()
            .skip_while(|w| !w.ends_with(|c: char| c.is_ascii_digit()))
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(overall("fi"), "82,8 % 87,0 % 72,0 % 80,6 %");
    assert_eq!(overall("sv"), "82,8 % 87,0 % 72,0 % 80,6 %");
    assert_eq!(overall("en"), "82.8 % 87.0 % 72.0 % 80.6 %");
}

/// The console lines about rejected and superseded files are in the console's language.
#[test]
fn aggregate_tells_rejected_and_superseded_files_in_its_language() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("s.xlsx").display().to_string();
    let lines = |lang: &str| {
        let out = digiaste()
            .current_dir(fixture(""))
            .args([
                "aggregate",
                "--lang",
                lang,
                "returns",
                "returns-broken",
                "--force",
                "-o",
                &out_path,
            ])
            .output()
            .unwrap();
        stderr(&out).lines().filter(|l| l.starts_with("  ")).map(str::to_string).collect::<Vec<_>>()
    };
    let fi = lines("fi");
    assert!(fi.contains(&"  hylätty returns-broken/564-oulu-rikki.xlsx (ei luettavissa): Tiedostoa ei voi lukea: tiedosto on vioittunut tai katkennut".to_string()), "{fi:?}");
    assert!(fi.contains(&"  korvattu returns/837-tampere.xlsx (837): returns/837-tampere-korjattu.ods on uudempi".to_string()), "{fi:?}");
    let sv = lines("sv");
    assert!(
        sv.contains(
            &"  ersatt returns/837-tampere.xlsx (837): returns/837-tampere-korjattu.ods är nyare"
                .to_string()
        ),
        "{sv:?}"
    );
    assert!(
        sv.iter().any(|l| l.starts_with("  avvisad returns-broken/saate.xlsx (oläslig): ")),
        "{sv:?}"
    );
}

/// Municipality names follow the summary's language (docs/languages.md), whatever the return
/// called itself: Pargas returned a Swedish workbook, Helsinki a Finnish one.
#[test]
fn summary_names_municipalities_in_its_language() {
    use calamine::Reader as _;
    let dir = tempfile::tempdir().unwrap();
    for lang in ["fi", "sv"] {
        let out = run_in(
            dir.path(),
            &[
                "aggregate",
                "--lang",
                lang,
                &fixture("returns").display().to_string(),
                "-o",
                &format!("{lang}.xlsx"),
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook(dir.path().join(format!("{lang}.xlsx"))).unwrap();
        // The overview follows the front page.
        let first = book.sheet_names()[1].clone();
        let overview = book.worksheet_range(&first).unwrap();
        let name_of = |code: &str| {
            let row = overview
                .rows()
                .find(|r| r.first().is_some_and(|c| *c == calamine::Data::String(code.to_string())))
                .unwrap_or_else(|| panic!("{code} in {lang}"));
            row[1].to_string()
        };
        let expected = if lang == "fi" {
            [("091", "Helsinki"), ("445", "Parainen"), ("499", "Mustasaari")]
        } else {
            [("091", "Helsingfors"), ("445", "Pargas"), ("499", "Korsholm")]
        };
        for (code, name) in expected {
            assert_eq!(name_of(code), name, "{code} in the {lang} summary");
        }
    }
}

/// Issue 23: the printed form shows the answer options on every page (above each dropdown
/// column, in the repeated rows), ends with the form (the catalog's rows and a few of the
/// blank rows for added services) and names no internal identifier; ids are never cut.
#[test]
fn area_sheets_print_their_options_and_end_with_the_form() {
    use calamine::Reader as _;
    let dir = tempfile::tempdir().unwrap();
    let catalog = Catalog::default_catalog();
    for (lang, code) in [(Lang::Fi, "fi"), (Lang::Sv, "sv"), (Lang::En, "en")] {
        let file = format!("{code}.xlsx");
        let out = run_in(dir.path(), &["template", "--lang", code, "-o", &file]);
        assert!(out.status.success(), "{}", stderr(&out));
        let path = dir.path().join(&file);
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
        let area = catalog.areas[0].name.get(lang);
        let range = book.worksheet_range(area).unwrap();
        let cell =
            |r: u32, c: u32| range.get_value((r, c)).map(|d| d.to_string()).unwrap_or_default();
        // Row 3: each dropdown column lists its options, one per line.
        let adoption = cell(2, 2);
        for o in &catalog.adoption {
            assert!(adoption.lines().any(|l| l.ends_with(o.label.get(lang))), "{code}: {adoption}");
        }
        for (k, stage) in catalog.stages.iter().enumerate() {
            let legend = cell(2, 3 + k as u32);
            assert_eq!(legend.lines().count(), stage.options.len(), "{code}: {legend}");
            for o in &stage.options {
                assert!(legend.contains(o.label.get(lang)), "{code}: {legend}");
            }
        }
        // Printed: rows 1–4 on every page, the form down to a few blank added rows.
        let wb = xlsx_part(&path, "xl/workbook.xml");
        let quoted = format!("'{area}'");
        let titles = wb
            .split("<definedName ")
            .find(|d| d.contains("_xlnm.Print_Titles") && d.contains(&quoted))
            .unwrap_or_else(|| panic!("{code}: no print titles"));
        assert!(titles.contains("!$1:$4"), "{code}: {titles}");
        let print_area = wb
            .split("<definedName ")
            .find(|d| d.contains("_xlnm.Print_Area") && d.contains(&quoted))
            .unwrap_or_else(|| panic!("{code}: no print area"));
        let last_row: u32 =
            print_area.rsplit('$').next().unwrap().split('<').next().unwrap().parse().unwrap();
        let services = catalog.areas[0].services.len() as u32;
        let heading = 5 + services; // 1-based row of the heading above the blank rows
        assert!(print_area.contains("!$A$1:$L$"), "{code}: {print_area}");
        assert!(last_row > heading && last_row < heading + 10, "{code}: printed to row {last_row}");
        // No internal name in a label.
        let strings = xlsx_part(&path, "xl/sharedStrings.xml");
        assert!(!strings.contains("(hourly_cost)"), "{code}: an internal name in a label");
        // The savings sheet's ids whole: the id column at least as wide as the longest id
        // (10 pt, lower-case: more than 0.8 of a character unit each, even in Calibri).
        let savings = sheets(&path).into_iter().find(|s| s.0 == t_savings(lang)).unwrap();
        let w = widths(&xlsx_part(&path, &savings.1));
        let longest = catalog
            .areas
            .iter()
            .flat_map(|a| &a.services)
            .map(|s| s.id.chars().count())
            .max()
            .unwrap();
        assert!(
            w[&0] >= longest as f64 * 10.0 / 11.0 * 0.8,
            "{code}: id column {} for {longest}",
            w[&0]
        );
    }
}

fn t_savings(lang: Lang) -> &'static str {
    digiaste::texts::t("sheet_savings", lang)
}

/// Issue 23: the feedback workbook's headers break only between words in every language
/// (Swedish "digitaliseringsgrad" broke as "digitaliseringsgr|ad"): every column is wider
/// than the longest word of its header in bold (more than 0.85 of a unit a character).
#[test]
fn feedback_headers_keep_their_words_whole() {
    let dir = tempfile::tempdir().unwrap();
    let returns = fixture("returns").display().to_string();
    let out = run_in(dir.path(), &["aggregate", &returns, "-o", "s.xlsx", "--feedback-dir", "fb"]);
    assert!(dir.path().join("s.xlsx").exists(), "{}", stderr(&out));
    for file in ["499-korsholm.xlsx", "091-helsinki.xlsx"] {
        let path = dir.path().join("fb").join(file);
        let mut checked = 0;
        for (name, part, _, _) in sheets(&path) {
            let sheet = xlsx_part(&path, &part);
            let w = widths(&sheet);
            let strings = xlsx_part(&path, "xl/sharedStrings.xml");
            let texts: Vec<String> = strings
                .split("<t")
                .skip(1)
                .filter_map(|s| {
                    s.split_once('>')
                        .map(|(_, rest)| rest.split("</t>").next().unwrap_or("").to_string())
                })
                .collect();
            // The measure headers, found by their text wherever the sheet holds them.
            for header in
                ["fb_own_degree", "fb_national_mean_degree", "fb_own_usage", "fb_national_share"]
            {
                let lang = if file.starts_with("499") { Lang::Sv } else { Lang::Fi };
                let text = digiaste::texts::t(header, lang);
                let Some(col) = column_of(&sheet, &texts, text) else { continue };
                for word in text.split_whitespace() {
                    let need = word.chars().count() as f64 * 0.85;
                    assert!(
                        w[&col] > need,
                        "{file} {name}: \"{word}\" in a column {} wide",
                        w[&col]
                    );
                }
                checked += 1;
            }
        }
        assert!(checked >= 4, "{file}: only {checked} headers found");
    }
}

/// The column of the cell holding shared string `text`, if any.
fn column_of(sheet: &str, strings: &[String], text: &str) -> Option<u16> {
    let index = strings.iter().position(|s| s == text)?;
    let cell = sheet
        .split("<c ")
        .find(|c| c.contains("t=\"s\"") && c.contains(&format!("<v>{index}</v>")))?;
    let cell = format!(" {cell}");
    let r = attr(&cell, "r")?;
    let letters: String = r.chars().take_while(|c| c.is_ascii_uppercase()).collect();
    digiaste::layout::parse_cell(&format!("{letters}1")).map(|(_, c)| c)
}
