//! Files built to take a round down (issue 15), generated here at test time from the
//! LibreOffice-saved fixtures: each must become one `unreadable` file (or be read as what
//! it is), the run must go on and the summary must be written.

use std::io::{Read, Write};

use digiaste::check::Status;
use digiaste::report::{AggregateReport, ValidateReport};

use super::*;

/// The workbook stream of an xls fixture.
fn xls_stream(path: &Path) -> Vec<u8> {
    let mut cf = cfb::open(path).unwrap();
    let mut s = cf.open_stream("Workbook").unwrap();
    let mut data = Vec::new();
    s.read_to_end(&mut data).unwrap();
    data
}

/// A compound file holding `data` as its workbook stream.
fn xls_file(data: &[u8]) -> Vec<u8> {
    let mut cf = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    cf.create_stream("Workbook").unwrap().write_all(data).unwrap();
    cf.flush().unwrap();
    cf.into_inner().into_inner()
}

/// (offset, type, length) of each BIFF record met walking the stream from its start.
fn records(data: &[u8]) -> Vec<(usize, u16, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos + 4 <= data.len() {
        let typ = u16::from_le_bytes([data[pos], data[pos + 1]]);
        let len = u16::from_le_bytes([data[pos + 2], data[pos + 3]]) as usize;
        out.push((pos, typ, len));
        pos += 4 + len;
    }
    out
}

fn record(typ: u16, body: &[u8]) -> Vec<u8> {
    let mut r = typ.to_le_bytes().to_vec();
    r.extend_from_slice(&(body.len() as u16).to_le_bytes());
    r.extend_from_slice(body);
    r
}

/// The LibreOffice xls return with every DIMENSIONS record rewritten by `patch` (at most
/// 10 bytes or exactly as long as before).
fn xls_with_dimensions(patch: impl Fn(&[u8]) -> Vec<u8>) -> Vec<u8> {
    let data = xls_stream(&fixture("returns-known/fi-libreoffice.xls"));
    let mut out = Vec::new();
    for (pos, typ, len) in records(&data) {
        let body = &data[pos + 4..pos + 4 + len];
        if typ != 0x0200 {
            out.extend_from_slice(&data[pos..pos + 4 + len]);
            continue;
        }
        // Sheets are found by stream offset: a shorter record is padded with an unknown one.
        let new = patch(body);
        out.extend(record(typ, &new));
        if new.len() < len {
            out.extend(record(0x1234, &vec![0; len - new.len() - 4]));
        }
    }
    xls_file(&out)
}

/// The return with a sheet substream hidden inside an unknown record: its BOUNDSHEET
/// points into that record, where a DIMENSIONS record claims 4 billion rows. A walk of the
/// stream from its start never meets it; calamine, following the sheet's offset, asks for
/// terabytes and aborts.
fn xls_desynchronised() -> Vec<u8> {
    let mut data = xls_stream(&fixture("returns-known/fi-libreoffice.xls"));
    let hidden_at = data.len() + 4;
    let mut hidden = record(0x0809, &[0x00, 0x06, 0x10, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    let mut dims = 0u32.to_le_bytes().to_vec();
    dims.extend_from_slice(&u32::MAX.to_le_bytes());
    dims.extend_from_slice(&[0, 0, 0, 1, 0, 0]);
    hidden.extend(record(0x0200, &dims));
    hidden.extend(record(0x000A, &[]));
    let bound = records(&data).into_iter().find(|r| r.1 == 0x0085).unwrap();
    data[bound.0 + 4..bound.0 + 8].copy_from_slice(&(hidden_at as u32).to_le_bytes());
    data.extend(record(0x1234, &hidden));
    xls_file(&data)
}

fn validate_one(path: &Path) -> (Option<i32>, ValidateReport, String) {
    let out = digiaste().args(["validate", "--format", "json"]).arg(path).output().unwrap();
    (out.status.code(), parse(&out.stdout), stderr(&out))
}

/// A DIMENSIONS record is only a hint: wrapped, oversized or of the short form, it is
/// disregarded and the return is read as LibreOffice saved it.
#[test]
fn xls_dimensions_that_would_abort_are_disregarded() {
    let dir = tempfile::tempdir().unwrap();
    type Patch = fn(&[u8]) -> Vec<u8>;
    let cases: [(&str, Patch); 3] = [
        ("first-after-last.xls", |b| {
            let mut b = b.to_vec();
            b[0..4].copy_from_slice(&100u32.to_le_bytes());
            b[4..8].copy_from_slice(&10u32.to_le_bytes());
            b
        }),
        ("ten-byte.xls", |_| [0xFF, 0xFF, 0x01, 0x00, 0x00, 0x00, 0xFF, 0x00, 0, 0].to_vec()),
        ("odd-length.xls", |_| vec![0xFF; 7]),
    ];
    for (name, patch) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, xls_with_dimensions(patch)).unwrap();
        let (code, report, err) = validate_one(&path);
        assert_eq!(code, Some(0), "{name}: {err}");
        assert_eq!(report.files[0].status, Status::Valid, "{name}: {:?}", report.files[0]);
    }
}

/// The abort happens in the isolated reader: the file is unreadable, with the reason.
#[test]
fn xls_that_aborts_its_parser_is_unreadable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desync.xls");
    std::fs::write(&path, xls_desynchronised()).unwrap();
    let (code, report, err) = validate_one(&path);
    assert_eq!(code, Some(1), "{err}");
    let f = &report.files[0];
    assert_eq!(f.status, Status::Unreadable);
    assert_eq!(f.errors[0].code, "unreadable-file");
    assert!(
        f.errors[0].message.contains("needed more than 256 MB of memory"),
        "{}",
        f.errors[0].message
    );
}

/// One aborting file among good returns: the round goes on, the summary is written and
/// the good return is counted.
#[test]
fn aggregate_survives_an_aborting_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::write(dir.path().join("in/desync.xls"), xls_desynchronised()).unwrap();
    std::fs::copy(fixture("returns-known/fi-libreoffice.xlsx"), dir.path().join("in/good.xlsx"))
        .unwrap();
    let out =
        run_in(dir.path(), &["aggregate", "in", "-o", "summary.xlsx", "--json", "summary.json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(dir.path().join("summary.xlsx").exists());
    let json: AggregateReport = read_json(&dir.path().join("summary.json"));
    let text = serde_json::to_string(&json).unwrap();
    assert!(text.contains("desync.xls") && text.contains("needed more than 256 MB"), "{text}");
    assert_eq!(json.municipalities.len(), 1, "{text}");
    assert_eq!(json.rejected.len(), 1, "{text}");
}

/// A zip file of `parts`, stored (generating them stays quick in a debug build).
fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in parts {
        z.start_file(*name, opts).unwrap();
        z.write_all(data).unwrap();
    }
    z.finish().unwrap();
    buf.into_inner()
}

const WORKBOOK: &str = r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>"#;

const ROOT_RELS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

/// An xlsx whose one sheet has `cells` cells all showing shared string 0, `text`; the
/// shared strings part is at `strings_at`.
fn xlsx_sharing(text: &str, cells: usize, strings_at: &str) -> Vec<u8> {
    let rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/{strings_at}"/></Relationships>"#
    );
    let strings = format!(
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>{text}</t></si></sst>"#
    );
    let mut sheet = String::from(
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for r in 1..=cells {
        sheet.push_str(&format!(r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#));
    }
    sheet.push_str("</sheetData></worksheet>");
    let types = r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#;
    zip_of(&[
        ("[Content_Types].xml", types.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
        (strings_at, strings.as_bytes()),
    ])
}

/// An ods whose one cell holds `text`, repeated across `cols` columns and `rows` rows.
fn ods_repeating(text: &str, cols: u32, rows: u32) -> Vec<u8> {
    let content = format!(
        r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="A"><table:table-row table:number-rows-repeated="{rows}"><table:table-cell office:value-type="string" table:number-columns-repeated="{cols}"><text:p>{text}</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    zip_of(&[
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
        ("content.xml", content.as_bytes()),
    ])
}

/// `data` with the compression method of every zip entry set to `method`.
fn with_zip_method(mut data: Vec<u8>, method: u16) -> Vec<u8> {
    for i in 0..data.len().saturating_sub(12) {
        let at = match &data[i..i + 4] {
            b"PK\x03\x04" => i + 8,
            b"PK\x01\x02" => i + 10,
            _ => continue,
        };
        data[at..at + 2].copy_from_slice(&method.to_le_bytes());
    }
    data
}

/// Memory is bounded by the bytes kept, not by cells or by where a part lives: each file
/// is unreadable with its reason, and the run goes on to the good return after it.
#[test]
fn retained_bytes_and_parts_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let big = "x".repeat(1 << 20);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "shared-string.xlsx",
            xlsx_sharing(&big, 300, "xl/sharedStrings.xml"),
            "its cells would hold more than 100 MB",
        ),
        (
            "moved-strings.xlsx",
            xlsx_sharing(&"y".repeat(33 << 20), 1, "xl/worksheets/strings.xml"),
            "part xl/worksheets/strings.xml would be 33 MB",
        ),
        (
            "repeated-columns.ods",
            ods_repeating(&"z".repeat(900 << 10), 16_000, 1),
            "its cells would hold more than 100 MB",
        ),
        (
            "repeated-rows.ods",
            ods_repeating(&"z".repeat(100 << 10), 4, 100_000),
            "its cells would hold more than 100 MB",
        ),
        (
            "bzip2.xlsx",
            with_zip_method(xlsx_sharing("a", 1, "xl/sharedStrings.xml"), 12),
            "damaged or truncated",
        ),
    ];
    let mut paths = Vec::new();
    for (name, data, _) in &cases {
        let path = dir.path().join(name);
        std::fs::write(&path, data).unwrap();
        paths.push(path);
    }
    paths.push(fixture("returns-known/fi-libreoffice.xlsx"));
    let out = digiaste().args(["validate", "--format", "json"]).args(&paths).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report: ValidateReport = parse(&out.stdout);
    for (f, (name, _, words)) in report.files.iter().zip(&cases) {
        assert_eq!(f.status, Status::Unreadable, "{name}: {f:?}");
        assert!(f.errors[0].message.contains(words), "{name}: {}", f.errors[0].message);
    }
    assert_eq!(report.files[cases.len()].status, Status::Valid);
}

/// `fixtures/returns-known/fi-openpyxl.xlsx` with an added service (row 17 of the first
/// area) whose name and comment are `text`, written as inline strings.
fn return_adding_a_service(text: &str) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(
        std::fs::File::open(fixture("returns-known/fi-openpyxl.xlsx")).unwrap(),
    )
    .unwrap();
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        let name = entry.name().unwrap().to_string();
        if name == "xl/worksheets/sheet2.xml" {
            let xml = String::from_utf8(data).unwrap();
            let inline =
                |cell: &str| format!(r#"<c r="{cell}" t="inlineStr"><is><t>{text}</t></is></c>"#);
            let xml = xml.replacen(r#"<c r="B17" s="12" t="n" />"#, &inline("B17"), 1).replacen(
                r#"<c r="L17" s="12" t="n" />"#,
                &inline("L17"),
                1,
            );
            assert!(xml.contains(text), "the added row was written");
            data = xml.into_bytes();
        }
        parts.push((name, data));
    }
    let refs: Vec<(&str, &[u8])> = parts.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
    zip_of(&refs)
}

/// Issue 15, point 3: no content of a return keeps the summary from being written. 17,000
/// emoji are 34,000 UTF-16 units, past a cell's 32,767: the summary cuts the name and the
/// comment with a visible mark and is written, the return counted.
#[test]
fn an_added_service_of_17000_emoji_is_cut_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    let emoji = "😀".repeat(17_000);
    std::fs::write(dir.path().join("in/091-emoji.xlsx"), return_adding_a_service(&emoji)).unwrap();
    let out = run_in(
        dir.path(),
        &[
            "aggregate",
            "--lang",
            "fi",
            "in",
            "-o",
            "s.xlsx",
            "--json",
            "s.json",
            "--feedback-dir",
            "fb",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("fb/091-helsinki.xlsx").exists(), "the feedback workbook too");
    let out = run_in(dir.path(), &["feedback", "s.xlsx", "--out-dir", "again"]);
    assert_eq!(out.status.code(), Some(0), "and again from the summary: {}", stderr(&out));
    let out = run_in(dir.path(), &["prefill", "in/091-emoji.xlsx", "--out-dir", "p"]);
    assert_eq!(out.status.code(), Some(0), "and carried into a fresh workbook: {}", stderr(&out));
    let json: AggregateReport = read_json(&dir.path().join("s.json"));
    assert_eq!(json.municipalities.len(), 1);
    assert_eq!(json.added.len(), 1, "the JSON keeps the added service whole");
    assert_eq!(json.added[0].name.chars().count(), 17_000);
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(dir.path().join("s.xlsx")).unwrap();
    let added = calamine::Reader::worksheet_range(&mut wb, "Lisätyt palvelut").unwrap();
    let cut: Vec<String> = added
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .filter(|s| s.starts_with('😀'))
        .collect();
    assert_eq!(cut.len(), 2, "name and comment: {}", cut.len());
    for text in cut {
        assert!(text.ends_with("…(cut)"), "a visible mark");
        assert!(text.encode_utf16().count() <= 32_767, "within a cell");
        assert!(text.chars().count() > 16_000, "cut near the limit, not emptied");
    }
}

/// An xlsx of `sheets` sheets that all point at one worksheet part `sheet_xml`, with a
/// shared-strings part `strings_xml`.
fn xlsx_of_sheets(sheets: usize, sheet_xml: &str, strings_xml: &str) -> Vec<u8> {
    const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let names: String = (1..=sheets)
        .map(|i| format!(r#"<sheet name="S{i}" sheetId="{i}" r:id="rId{i}"/>"#))
        .collect();
    let workbook = format!(
        r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{R}"><sheets>{names}</sheets></workbook>"#
    );
    let mut rels: String = (1..=sheets)
        .map(|i| {
            format!(
                r#"<Relationship Id="rId{i}" Type="{R}/worksheet" Target="worksheets/sheet1.xml"/>"#
            )
        })
        .collect();
    rels.push_str(&format!(
        r#"<Relationship Id="rIdS" Type="{R}/sharedStrings" Target="sharedStrings.xml"/>"#
    ));
    let rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
    );
    let types = r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#;
    zip_of(&[
        ("[Content_Types].xml", types.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet_xml.as_bytes()),
        ("xl/sharedStrings.xml", strings_xml.as_bytes()),
    ])
}

const SHEET_A1_STRING: &str = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>"#;

/// A 2 KB xlsx whose shared-strings header claims two billion entries: calamine reserves
/// for them and the allocation fails, which aborts the process that parses. That process
/// is a worker: the file is unreadable, the round goes on, and an earlier summary given as
/// such a file is refused with the same reason.
#[test]
fn a_parser_that_aborts_on_an_xlsx_stops_only_its_worker() {
    let dir = tempfile::tempdir().unwrap();
    let strings = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2000000000" uniqueCount="2000000000"><si><t>x</t></si></sst>"#;
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::write(dir.path().join("in/claims.xlsx"), xlsx_of_sheets(1, SHEET_A1_STRING, strings))
        .unwrap();
    let (code, report, err) = validate_one(&dir.path().join("in/claims.xlsx"));
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(report.files[0].status, Status::Unreadable);
    let message = &report.files[0].errors[0].message;
    assert!(
        message.contains("needed more than 256 MB of memory, and the reader was stopped"),
        "{message}"
    );

    std::fs::copy(fixture("returns-known/fi-libreoffice.xlsx"), dir.path().join("in/good.xlsx"))
        .unwrap();
    let out =
        run_in(dir.path(), &["aggregate", "in", "-o", "summary.xlsx", "--json", "summary.json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: AggregateReport = read_json(&dir.path().join("summary.json"));
    assert_eq!((json.municipalities.len(), json.rejected.len()), (1, 1));

    let out = run_in(
        dir.path(),
        &["aggregate", "in/good.xlsx", "-o", "s2.xlsx", "--previous", "in/claims.xlsx"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("claims.xlsx"), "{}", stderr(&out));
    assert!(stderr(&out).contains("256 MB"), "{}", stderr(&out));
    assert!(!dir.path().join("s2.xlsx").exists());
}

/// 400 sheets pointing at one part of 800,000 empty rows keep a parser busy for minutes;
/// the worker's processor time (10 s) and wall time (20 s) are limited per file, so the file
/// is unreadable, with the limit it reached.
#[test]
fn a_file_that_keeps_the_parser_busy_is_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let mut sheet = String::from(
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for r in 1..800_000 {
        sheet.push_str(&format!(r#"<row r="{r}"/>"#));
    }
    sheet.push_str("</sheetData></worksheet>");
    let strings = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>x</t></si></sst>"#;
    let path = dir.path().join("busy.xlsx");
    std::fs::write(&path, xlsx_of_sheets(400, &sheet, strings)).unwrap();
    let (code, report, err) = validate_one(&path);
    assert_eq!(code, Some(1), "{err}");
    let message = &report.files[0].errors[0].message;
    // On a loaded machine the 20 s of wall time may come before the 10 s of processor time.
    assert!(
        message.contains("more than 10 s of processor time")
            || message.contains("took longer than 20 s"),
        "{message}"
    );
}

/// The worker runs in a sandbox: on Linux it may not open or create a file, use a socket,
/// start a program or a thread, or allocate past its limit.
#[test]
fn the_worker_may_not_open_connect_or_start_anything() {
    let out = digiaste().args(["__read-worker", "--probe"]).output().unwrap();
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 8, "{text}");
    if cfg!(target_os = "linux") {
        assert!(lines[0].starts_with("sandbox: Filtered"), "{text}");
    }
    for line in &lines[1..] {
        assert!(line.ends_with(": denied"), "{text}");
    }
}
