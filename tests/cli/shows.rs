//! What the spreadsheet program shows is what counts (issue 21): files changed at test time
//! from the LibreOffice- and Gnumeric-saved fixtures, one per class of difference between
//! what a program displays and what a careless reader would take — a hidden sheet standing
//! in for a visible one, a lookalike sheet name, a defined name pointing elsewhere, a cell
//! past XFD1048576, ods prefixes other than the usual, the 1904 date system, numbers with
//! date formats, absurd figures and a tampered earlier summary.

use std::io::{Read, Write};

use digiaste::report::{FileReport, ValidateReport};

use super::*;

/// The fixture at `rel` with each text part passed through `edit`, saved as `dir/name`.
fn edited(dir: &Path, rel: &str, name: &str, edit: impl Fn(&str, String) -> String) -> PathBuf {
    let parts: Vec<(String, Vec<u8>)> = zip_parts(&fixture(rel))
        .into_iter()
        .map(|(n, data)| match String::from_utf8(data) {
            Ok(text) if n.ends_with(".xml") || n.ends_with(".rels") => {
                let changed = edit(&n, text);
                (n, changed.into_bytes())
            }
            Ok(text) => (n, text.into_bytes()),
            Err(e) => (n, e.into_bytes()),
        })
        .collect();
    write_zip(dir, name, &parts)
}

/// `text` with `from` replaced once, asserting that it was there.
fn once(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "no {from:?} to replace");
    text.replacen(from, to, 1)
}

/// Adds a worksheet part named `sheet99.xml` to an xlsx's parts, as sheet `name` with
/// `state` (`visible`, `hidden`, `veryHidden`), holding `xml`.
fn add_sheet(parts: &mut Vec<(String, Vec<u8>)>, name: &str, state: &str, xml: Vec<u8>) {
    for (n, data) in parts.iter_mut() {
        let text = String::from_utf8(data.clone()).unwrap_or_default();
        let changed = match n.as_str() {
            "xl/workbook.xml" => once(
                &text,
                "</sheets>",
                &format!(
                    r#"<sheet name="{name}" sheetId="99" state="{state}" r:id="rId99"/></sheets>"#
                ),
            ),
            "xl/_rels/workbook.xml.rels" => once(
                &text,
                "</Relationships>",
                r#"<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet99.xml"/></Relationships>"#,
            ),
            "[Content_Types].xml" => once(
                &text,
                "</Types>",
                r#"<Override PartName="/xl/worksheets/sheet99.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
            ),
            _ => continue,
        };
        *data = changed.into_bytes();
    }
    parts.push(("xl/worksheets/sheet99.xml".into(), xml));
}

/// Every plain number of a worksheet (no formula) set to 0.
fn zero_numbers(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(i) = rest.find(r#"t="n"><v>"#) {
        let start = i + r#"t="n"><v>"#.len();
        out.push_str(&rest[..start]);
        out.push('0');
        rest = &rest[start + rest[start..].find('<').unwrap()..];
    }
    out.push_str(rest);
    out
}

fn validate_one(path: &Path) -> (Option<i32>, FileReport) {
    let out = digiaste().arg("validate").arg(path).args(["--format", "json"]).output().unwrap();
    let mut report: ValidateReport = parse(&out.stdout);
    (out.status.code(), report.files.remove(0))
}

fn codes(list: &[digiaste::report::FindingEntry]) -> Vec<&str> {
    list.iter().map(|f| f.code.as_str()).collect()
}

/// The score report of one file, as JSON.
fn score_json(path: &Path) -> serde_json::Value {
    let out = digiaste().arg("score").arg(path).args(["--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut v: serde_json::Value = parse(&out.stdout);
    v.as_object_mut().unwrap().remove("path");
    v
}

const XLSX: &str = "returns-known/fi-libreoffice.xlsx";
const AREA: &str = "Asuminen, ympäristö, liikenne";

#[test]
fn a_hidden_sheet_never_stands_for_the_visible_lookalike() {
    let dir = tempfile::tempdir().unwrap();
    // The visible sheet keeps the answers under a name with a zero-width space; a hidden
    // copy with every usage set to 0 takes the area's real name.
    let mut p = zip_parts(&fixture(XLSX));
    let original = p.iter().find(|(n, _)| n == "xl/worksheets/sheet2.xml").unwrap().1.clone();
    let hidden = zero_numbers(std::str::from_utf8(&original).unwrap());
    for (n, data) in p.iter_mut() {
        if n == "xl/workbook.xml" {
            let text = String::from_utf8(data.clone()).unwrap();
            let lookalike = AREA.replacen(", ", ",\u{200b} ", 1);
            *data = once(&text, &format!(r#"name="{AREA}""#), &format!(r#"name="{lookalike}""#))
                .into_bytes();
        }
    }
    add_sheet(&mut p, AREA, "hidden", hidden.into_bytes());
    let path = write_zip(dir.path(), "091-helsinki.xlsx", &p);
    let (code, report) = validate_one(&path);
    assert_eq!(code, Some(0), "{report:#?}");
    let warnings = codes(&report.warnings);
    assert!(warnings.contains(&"hidden-sheet"), "{warnings:?}");
    let look = report.warnings.iter().find(|w| w.code == "lookalike-sheet-name").unwrap();
    assert!(look.message.contains("U+200B (10)"), "{}", look.message);
    assert!(look.message.contains(&format!("\"{AREA}\"")), "{}", look.message);
    // Counted with the answers the program shows: the same as the original file.
    assert_eq!(score_json(&path), score_json(&fixture(XLSX)));
}

#[test]
fn a_hidden_area_sheet_is_missing_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let path = edited(dir.path(), XLSX, "hidden.xlsx", |n, t| match n {
        "xl/workbook.xml" => once(
            &t,
            &format!(r#"name="{AREA}" sheetId="2" state="visible""#),
            &format!(r#"name="{AREA}" sheetId="2" state="veryHidden""#),
        ),
        _ => t,
    });
    let (code, report) = validate_one(&path);
    assert_eq!(code, Some(1));
    assert_eq!(codes(&report.errors), vec!["missing-sheet"], "{report:#?}");
    let hidden = report.warnings.iter().find(|w| w.code == "hidden-sheet").unwrap();
    assert_eq!(hidden.sheet.as_deref(), Some(AREA));
}

#[test]
fn a_no_break_space_in_a_sheet_name_is_shown() {
    let dir = tempfile::tempdir().unwrap();
    let path = edited(dir.path(), XLSX, "nbsp.xlsx", |n, t| match n {
        "xl/workbook.xml" => once(&t, "Kulttuuri ja liikunta", "Kulttuuri\u{a0}ja liikunta"),
        _ => t,
    });
    let (code, report) = validate_one(&path);
    assert_eq!(code, Some(0));
    let look = report.warnings.iter().find(|w| w.code == "lookalike-sheet-name").unwrap();
    assert!(look.message.contains("U+00A0 (10)"), "{}", look.message);
    assert_eq!(score_json(&path), score_json(&fixture(XLSX)));
}

#[test]
fn an_empty_sheet_named_like_the_data_sheet_does_not_hide_a_return() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = zip_parts(&fixture(XLSX));
    let empty = br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>"#;
    add_sheet(&mut p, "digiaste-data", "visible", empty.to_vec());
    let returns = dir.path().join("returns");
    std::fs::create_dir(&returns).unwrap();
    let path = write_zip(&returns, "091-helsinki.xlsx", &p);
    let (code, report) = validate_one(&path);
    assert_eq!(code, Some(0));
    assert!(codes(&report.warnings).contains(&"extra-sheet"));
    let out = run_in(dir.path(), &["aggregate", "returns", "-o", "s.xlsx", "--json", "s.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = read_json(&dir.path().join("s.json"));
    let counted = json["municipalities"].as_array().unwrap();
    assert_eq!(counted.len(), 1, "{json:#}");
    assert_eq!(counted[0]["code"], "091");
}

#[test]
fn a_defined_name_pointing_elsewhere_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = edited(dir.path(), XLSX, "moved.xlsx", |n, t| match n {
        "xl/workbook.xml" => once(
            &t,
            r#"name="municipality_code" vbProcedure="false">Ohjeet!$B$5<"#,
            r#"name="municipality_code" vbProcedure="false">Ohjeet!$D$40<"#,
        ),
        _ => t,
    });
    let (code, report) = validate_one(&path);
    assert_eq!(code, Some(1));
    let e = report.errors.iter().find(|e| e.code == "defined-name-moved").unwrap();
    assert_eq!((e.sheet.as_deref(), e.cell.as_deref()), (Some("Ohjeet"), Some("B5")));
    assert!(e.message.contains("municipality_code") && e.message.contains("Ohjeet!$D$40"));
    // The code is still read where the template put it.
    assert_eq!(report.municipality.unwrap().code, "091");
}

#[test]
fn a_cell_past_xfd1048576_is_a_broken_file() {
    let dir = tempfile::tempdir().unwrap();
    // Past the last row, and a row number that wraps around 2^32 onto row 6.
    for (name, r) in [("far.xlsx", "J1048577"), ("wrapped.xlsx", "J4294967302")] {
        let path = edited(dir.path(), XLSX, name, |n, t| match n {
            "xl/worksheets/sheet2.xml" => once(&t, r#"<c r="J6" "#, &format!(r#"<c r="{r}" "#)),
            _ => t,
        });
        let (code, report) = validate_one(&path);
        assert_eq!(code, Some(1), "{name}");
        assert_eq!(codes(&report.errors), vec!["unreadable-file"], "{name}: {report:#?}");
    }
    let far = validate_one(&dir.path().join("far.xlsx")).1;
    assert!(far.errors[0].message.contains("XFD1048576"), "{}", far.errors[0].message);
}

#[test]
fn an_ods_cell_past_the_last_row_is_a_broken_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = edited(dir.path(), "returns-known/fi-libreoffice.ods", "far.ods", |n, t| {
        if n != "content.xml" {
            return t;
        }
        let far = r#"<table:table-row table:number-rows-repeated="1048576"><table:table-cell/></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table>"#;
        once(&t, "</table:table>", far)
    });
    let (code, report) = validate_one(&path);
    assert_eq!(code, Some(1));
    assert_eq!(codes(&report.errors), vec!["unreadable-file"], "{report:#?}");
    assert!(report.errors[0].message.contains("XFD1048576"));
}

#[test]
fn ods_elements_are_matched_by_namespace_not_prefix() {
    let dir = tempfile::tempdir().unwrap();
    let ods = "returns-known/fi-libreoffice.ods";
    let path = edited(dir.path(), ods, "prefixes.ods", |n, t| match n {
        "content.xml" => t
            .replace("xmlns:table=", "xmlns:tb=")
            .replace("<table:", "<tb:")
            .replace("</table:", "</tb:")
            .replace(" table:", " tb:")
            .replace("xmlns:office=", "xmlns:o=")
            .replace("<office:", "<o:")
            .replace("</office:", "</o:")
            .replace(" office:", " o:"),
        _ => t,
    });
    assert!(!xlsx_part(&path, "content.xml").contains("<table:table "));
    assert_eq!(score_json(&path), score_json(&fixture(ods)));
    // And a prefix bound to another namespace is not the table namespace.
    let foreign = edited(dir.path(), ods, "foreign.ods", |n, t| match n {
        "content.xml" => t.replacen(
            "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\"",
            "xmlns:table=\"urn:example:not-a-table\"",
            1,
        ),
        _ => t,
    });
    let (code, report) = validate_one(&foreign);
    assert_eq!(code, Some(1));
    assert_eq!(codes(&report.errors), vec!["unreadable-file"], "{report:#?}");
}

#[test]
fn an_ods_hidden_table_is_not_read_as_an_area() {
    let dir = tempfile::tempdir().unwrap();
    let path = edited(dir.path(), "returns-known/fi-libreoffice.ods", "hidden.ods", |n, t| {
        if n != "content.xml" {
            return t;
        }
        // The style the hidden lists table uses, given to the first area's table too.
        let at = t.find(r#"table:display="false""#).expect("a hidden table style");
        let style_at = t[..at].rfind("style:name=\"").unwrap() + "style:name=\"".len();
        let style = &t[style_at..style_at + t[style_at..].find('"').unwrap()];
        let table = format!(r#"<table:table table:name="{AREA}" table:style-name=""#);
        let i = t.find(&table).unwrap() + table.len();
        let j = i + t[i..].find('"').unwrap();
        format!("{}{style}{}", &t[..i], &t[j..])
    });
    let (code, report) = validate_one(&path);
    assert_eq!(code, Some(1));
    assert_eq!(codes(&report.errors), vec!["missing-sheet"], "{report:#?}");
    assert!(codes(&report.warnings).contains(&"hidden-sheet"));
}

#[test]
fn the_1904_date_system_moves_dates_as_the_program_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(score_json(&fixture(XLSX))["response_date"], "2026-03-15");
    // In the 1904 system the same day is stored as a number 1,462 smaller.
    let path = edited(dir.path(), XLSX, "1904.xlsx", |n, t| match n {
        "xl/workbook.xml" => once(&t, r#"date1904="false""#, r#"date1904="true""#),
        "xl/worksheets/sheet1.xml" => once(&t, "<v>46096</v>", "<v>44634</v>"),
        _ => t,
    });
    assert_eq!(score_json(&path)["response_date"], "2026-03-15");
    // The same in an xls: its DATEMODE record says 1904.
    let xls = fixture("returns-known/fi-libreoffice.xls");
    let mut cf = cfb::open(&xls).unwrap();
    let mut data = Vec::new();
    cf.open_stream("Workbook").unwrap().read_to_end(&mut data).unwrap();
    let mut pos = 0;
    let mut found = (false, false);
    while pos + 4 <= data.len() {
        let typ = u16::from_le_bytes([data[pos], data[pos + 1]]);
        let len = u16::from_le_bytes([data[pos + 2], data[pos + 3]]) as usize;
        let body = pos + 4;
        if typ == 0x0022 {
            data[body..body + 2].copy_from_slice(&1u16.to_le_bytes());
            found.0 = true;
        }
        // A NUMBER record (row, column, format, f64) or an RK record (an integer shifted
        // left by 2, flag 2) holding the response date's serial.
        if typ == 0x0203 && data[body + 6..body + 14] == 46096f64.to_le_bytes() {
            data[body + 6..body + 14].copy_from_slice(&44634f64.to_le_bytes());
            found.1 = true;
        }
        let rk = |n: u32| ((n << 2) | 2).to_le_bytes();
        if typ == 0x027E && data[body + 6..body + 10] == rk(46096) {
            data[body + 6..body + 10].copy_from_slice(&rk(44634));
            found.1 = true;
        }
        pos += 4 + len;
    }
    assert_eq!(found, (true, true), "a DATEMODE record and the date's NUMBER record");
    let mut out = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    out.create_stream("Workbook").unwrap().write_all(&data).unwrap();
    out.flush().unwrap();
    let path = dir.path().join("1904.xls");
    std::fs::write(&path, out.into_inner().into_inner()).unwrap();
    assert_eq!(score_json(&xls)["response_date"], "2026-03-15");
    assert_eq!(score_json(&path)["response_date"], "2026-03-15");
}

#[test]
fn gnumeric_xls_savings_inputs_are_read_by_their_value() {
    // Gnumeric attaches date formats to the volumes and minutes it saves in xls.
    let xls = fixture("savings/091-savings-gnumeric.xls");
    let (code, report) = validate_one(&xls);
    assert_eq!(code, Some(0), "{report:#?}");
    assert!(!codes(&report.errors).contains(&"invalid-number"));
    let lo = score_json(&fixture("savings/091-savings-libreoffice.xlsx"));
    let gn = score_json(&xls);
    assert_eq!(gn["overall"]["savings"], lo["overall"]["savings"]);
    assert!(gn["overall"]["savings"]["services_reported"].as_u64().unwrap() > 40);
}

/// The savings fixture's part for sheet Hyötykartoitus.
fn savings_part(path: &Path) -> String {
    let wb = xlsx_part(path, "xl/workbook.xml");
    let at = wb.find(r#"name="Hyötykartoitus""#).unwrap();
    let rid_at = at + wb[at..].find("r:id=\"").unwrap() + 6;
    let rid = &wb[rid_at..rid_at + wb[rid_at..].find('"').unwrap()];
    let rels = xlsx_part(path, "xl/_rels/workbook.xml.rels");
    let r = rels.find(&format!("Id=\"{rid}\"")).unwrap();
    let start = rels[..r].rfind('<').unwrap();
    let rel = &rels[start..start + rels[start..].find("/>").unwrap()];
    let t = rel.find("Target=\"").unwrap() + 8;
    format!("xl/{}", &rel[t..t + rel[t..].find('"').unwrap()])
}

#[test]
fn absurd_savings_figures_are_errors_and_no_sum_is_infinite() {
    let dir = tempfile::tempdir().unwrap();
    let rel = "savings/091-savings-libreoffice.xlsx";
    let part = savings_part(&fixture(rel));
    let path = edited(dir.path(), rel, "absurd.xlsx", |n, t| {
        if n != part {
            return t;
        }
        // The hourly cost (D4) becomes 1e308 and the first volume 500 million.
        let at = t.find(r#"<c r="D4""#).unwrap();
        let v = at + t[at..].find("<v>").unwrap() + 3;
        let e = v + t[v..].find('<').unwrap();
        let t = format!("{}1E+308{}", &t[..v], &t[e..]);
        let at = t.find(r#"<c r="D8""#).unwrap();
        let v = at + t[at..].find("<v>").unwrap() + 3;
        let e = v + t[v..].find('<').unwrap();
        format!("{}500000000{}", &t[..v], &t[e..])
    });
    let (code, report) = validate_one(&path);
    assert_eq!(code, Some(1));
    let bad: Vec<(&str, Option<&str>)> =
        report.errors.iter().map(|e| (e.code.as_str(), e.cell.as_deref())).collect();
    assert_eq!(
        bad,
        vec![("invalid-savings-input", Some("D4")), ("invalid-savings-input", Some("D8"))],
        "{report:#?}"
    );
    assert!(report.errors[1].message.contains("0–100 000 000"), "{}", report.errors[1].message);
    // The ministry's outputs never hold an infinity or NaN, even when asked to score it.
    let out = digiaste().arg("score").arg(&path).args(["--format", "json"]).output().unwrap();
    let text = stdout(&out).to_lowercase();
    assert!(!text.contains("inf") && !text.contains("nan"), "{text}");
}

#[test]
fn a_tampered_earlier_summary_is_refused_with_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let returns = fixture("returns");
    let out = run_in(dir.path(), &["aggregate", returns.to_str().unwrap(), "-o", "earlier.xlsx"]);
    assert!(out.status.code() == Some(0), "{}", stderr(&out));
    let earlier = dir.path().join("earlier.xlsx");
    let wb = xlsx_part(&earlier, "xl/workbook.xml");
    let names: Vec<&str> = wb.split("<sheet ").skip(1).collect();
    let index = names.iter().position(|s| s.contains("name=\"digiaste-data\"")).unwrap() + 1;
    let part = format!("xl/worksheets/sheet{index}.xml");
    // The first municipality's coverage (column C of the first data row) becomes 7.
    let row = digiaste::data_sheet::DATA_HEADER_ROW + 2;
    let cell = format!("C{row}");
    let p: Vec<(String, Vec<u8>)> = zip_parts(&earlier)
        .into_iter()
        .map(|(n, d)| {
            if n != part {
                return (n, d);
            }
            let t = String::from_utf8(d).unwrap();
            let at = t.find(&format!(r#"<c r="{cell}""#)).expect("a coverage cell");
            let v = at + t[at..].find("<v>").unwrap() + 3;
            let e = v + t[v..].find('<').unwrap();
            (n, format!("{}7{}", &t[..v], &t[e..]).into_bytes())
        })
        .collect();
    let tampered = write_zip(dir.path(), "tampered.xlsx", &p);
    let out = run_in(
        dir.path(),
        &[
            "aggregate",
            returns.to_str().unwrap(),
            "-o",
            "now.xlsx",
            "--previous",
            tampered.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains(&format!("digiaste-data!{cell}")) && err.contains(" 7 "), "{err}");
    assert!(!dir.path().join("now.xlsx").exists());
}
