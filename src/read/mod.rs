//! Reads any spreadsheet a municipality may return (xlsx, xlsm, xls, ods) into sparse
//! sheets: only the cells actually present are kept, so a single value typed far away
//! costs one cell, not the rectangle up to it (DESIGN §5).
//!
//! xlsx goes through calamine's streaming cell reader, xls through calamine (its sheets
//! are at most 65,536 × 256), ods through a streaming reader of `content.xml` written
//! here because calamine expands ods rows into full rectangles. Sizes are checked before
//! anything is decompressed.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek};
use std::path::Path;

use calamine::{Data, DataRef, Reader, Xls, Xlsx};
use quick_xml::events::{BytesStart, Event};

/// At most this many filled cells per workbook; an assessment has about a thousand.
pub const MAX_CELLS: usize = 1_000_000;
/// At most this many bytes in one decompressed part of a zip (xlsx, ods).
pub const MAX_PART_BYTES: u64 = 256 << 20;
/// At most this many decompressed bytes in all parts together.
pub const MAX_TOTAL_BYTES: u64 = 512 << 20;
/// At most this much larger than its compressed size may a part be (zip bombs).
pub const MAX_RATIO: u64 = 1000;
/// Parts a reader holds whole in memory (shared strings, styles, workbook, ods manifest)
/// may be at most this large; sheets are streamed and may be larger. An assessment's are a
/// few kilobytes.
pub const MAX_HELD_PART_BYTES: u64 = 32 << 20;

/// A cell value as the reader needs it. Dates are kept as `YYYY-MM-DD`.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    /// A number in a percent-formatted cell: 0.45 shown as 45 %.
    Percent(f64),
    Bool(bool),
    Date(String),
    Error(String),
}

impl Value {
    /// The value as a person sees it, for messages.
    pub fn display(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Number(n) => format_number(*n),
            Value::Percent(n) => format!("{} %", format_number(n * 100.0)),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Value::Date(d) => d.clone(),
            Value::Error(e) => e.clone(),
        }
    }
}

pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { format!("{n}") }
}

#[derive(Debug, Default)]
pub struct Sheet {
    pub name: String,
    /// (row, column) → value, 0-based; only cells with a value.
    pub cells: BTreeMap<(u32, u32), Value>,
}

impl Sheet {
    pub fn get(&self, row: u32, col: u16) -> Option<&Value> {
        self.cells.get(&(row, col as u32))
    }

    /// Cells of one column, top to bottom.
    pub fn column(&self, col: u16) -> impl Iterator<Item = (u32, &Value)> {
        self.cells.iter().filter(move |((_, c), _)| *c == col as u32).map(|((r, _), v)| (*r, v))
    }
}

#[derive(Debug, Default)]
pub struct Book {
    pub sheets: Vec<Sheet>,
    /// Workbook defined names and what they refer to, as the file states them.
    pub defined_names: Vec<(String, String)>,
}

impl Book {
    pub fn sheet(&self, name: &str) -> Option<&Sheet> {
        self.sheets.iter().find(|s| s.name == name)
    }
}

/// Why a file could not be read at all.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadError {
    /// Damaged, empty, truncated, too large: the reason in one line.
    Unreadable(Reason),
    /// Password-protected.
    Encrypted,
    /// Not a spreadsheet format we read (the extension or the content says so).
    Unsupported(String),
}

/// A reason, as a text key (templates/texts.toml) and its placeholders, so it can be told
/// in the reader's language; `Display` gives the English.
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Reason {
    fn new(key: &'static str, args: &[(&'static str, String)]) -> Reason {
        Reason { key, args: args.to_vec() }
    }

    pub fn message(&self, lang: crate::catalog::Lang) -> String {
        let args: Vec<(&str, &str)> = self.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        crate::texts::tf(self.key, lang, &args)
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(crate::catalog::Lang::En))
    }
}

fn damaged(detail: impl std::fmt::Display) -> ReadError {
    ReadError::Unreadable(Reason::new("reason_damaged", &[("detail", detail.to_string())]))
}

fn too_large(detail: impl std::fmt::Display) -> ReadError {
    ReadError::Unreadable(Reason::new("reason_too_large", &[("detail", detail.to_string())]))
}

fn cannot_open(detail: impl std::fmt::Display) -> ReadError {
    ReadError::Unreadable(Reason::new("reason_cannot_open", &[("detail", detail.to_string())]))
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The file extensions `validate` picks up in folders.
pub const EXTENSIONS: [&str; 4] = ["xlsx", "xlsm", "xls", "ods"];

pub fn read_path(path: &Path) -> Result<Book, ReadError> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
    let file = File::open(path).map_err(cannot_open)?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    read_from(file, len, &ext)
}

/// Reads a spreadsheet held in memory; `ext` is the file name's extension.
pub fn read_bytes(data: &[u8], ext: &str) -> Result<Book, ReadError> {
    read_from(std::io::Cursor::new(data), data.len() as u64, ext)
}

fn read_from<R: Read + Seek>(mut file: R, len: u64, ext: &str) -> Result<Book, ReadError> {
    if len == 0 {
        return Err(ReadError::Unreadable(Reason::new("reason_empty", &[])));
    }
    let mut magic = [0u8; 8];
    let n = read_up_to(&mut file, &mut magic);
    file.rewind().map_err(cannot_open)?;
    let magic = &magic[..n];

    if magic.starts_with(ZIP_MAGIC) {
        read_zip(file)
    } else if magic.starts_with(CFB_MAGIC) {
        read_cfb(file)
    } else if !EXTENSIONS.contains(&ext) {
        Err(ReadError::Unsupported(if ext.is_empty() { "(no extension)".into() } else { format!(".{ext}") }))
    } else {
        Err(ReadError::Unreadable(Reason::new("reason_not_spreadsheet", &[("ext", ext.to_string())])))
    }
}

thread_local! {
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs a third-party parser so that a panic inside it (a malformed file that the parser
/// did not expect) becomes an "unreadable" answer instead of a crash, and prints nothing.
fn guarded<T>(what: &str, f: impl FnOnce() -> Result<T, ReadError>) -> Result<T, ReadError> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(|g| g.get()) {
                previous(info);
            }
        }));
    });
    GUARDED.with(|g| g.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(false));
    result.unwrap_or_else(|_| Err(damaged(format!("the {what} structure is inconsistent"))))
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> usize {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) | Err(_) => break,
            Ok(k) => n += k,
        }
    }
    n
}

fn unreadable(e: impl std::fmt::Display) -> ReadError {
    damaged(e)
}

// ---- zip containers: xlsx, xlsm, ods ----------------------------------------------------

enum ZipKind {
    Xlsx,
    Ods,
}

fn read_zip<R: Read + Seek>(file: R) -> Result<Book, ReadError> {
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| {
        damaged(format!("zip container: {e}"))
    })?;
    let mut total = 0u64;
    let mut kind = None;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| unreadable(format!("damaged zip entry ({e})")))?;
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        if entry.encrypted() {
            return Err(ReadError::Encrypted);
        }
        let size = entry.size();
        let compressed = entry.compressed_size().max(1);
        let held = !(name.starts_with("xl/worksheets/") || name == "content.xml");
        if held && size > MAX_HELD_PART_BYTES && name.ends_with(".xml") {
            return Err(too_large(format!("part {name} would be {} MB", size >> 20)));
        }
        if size > MAX_PART_BYTES || size / compressed > MAX_RATIO && size > (1 << 20) {
            return Err(too_large(format!(
                "part {name} would decompress to {} MB from {} KB",
                size >> 20,
                compressed >> 10
            )));
        }
        total += size;
        if name == "xl/workbook.xml" {
            kind = Some(ZipKind::Xlsx);
        } else if name == "content.xml" && kind.is_none() {
            kind = Some(ZipKind::Ods);
        }
    }
    if total > MAX_TOTAL_BYTES {
        return Err(too_large(format!("the parts would decompress to {} MB", total >> 20)));
    }
    match kind {
        Some(ZipKind::Xlsx) => {
            let file = zip.into_inner();
            guarded("xlsx", || read_xlsx(file))
        }
        Some(ZipKind::Ods) => read_ods(&mut zip),
        None => Err(damaged("a zip file without a workbook or content part")),
    }
}

fn read_xlsx<RS: Read + Seek>(file: RS) -> Result<Book, ReadError> {
    let mut xl: Xlsx<RS> = Xlsx::new(file).map_err(|e| match e {
        calamine::XlsxError::Password => ReadError::Encrypted,
        e => damaged(format!("xlsx: {e}")),
    })?;
    let mut book = Book { defined_names: xl.defined_names().to_vec(), ..Book::default() };
    let names: Vec<String> = xl.sheet_names();
    let mut count = 0usize;
    for name in names {
        let mut sheet = Sheet { name: name.clone(), ..Sheet::default() };
        let mut reader = match xl.worksheet_cells_reader(&name) {
            Ok(r) => r,
            // Chart sheets and the like have no cells.
            Err(calamine::XlsxError::WorksheetNotFound(_)) => {
                book.sheets.push(sheet);
                continue;
            }
            Err(e) => return Err(unreadable(format!("damaged sheet \"{name}\" ({e})"))),
        };
        let percent_styles: Vec<bool> = reader
            .styles()
            .iter()
            .map(|s| s.number_format.as_ref().is_some_and(|f| is_percent_format(&f.format_code)))
            .collect();
        loop {
            let next = reader
                .next_cell_with_style_id()
                .map_err(|e| unreadable(format!("damaged sheet \"{name}\" ({e})")))?;
            let Some((cell, style)) = next else { break };
            let (row, col) = cell.get_position();
            let percent = percent_styles.get(style).copied().unwrap_or(false);
            if let Some(v) = from_data_ref(cell.get_value(), percent) {
                count += 1;
                if count > MAX_CELLS {
                    return Err(too_many_cells());
                }
                sheet.cells.insert((row, col), v);
            }
        }
        book.sheets.push(sheet);
    }
    Ok(book)
}

fn too_many_cells() -> ReadError {
    too_large(format!("more than {MAX_CELLS} filled cells"))
}

fn is_percent_format(code: &str) -> bool {
    // A '%' outside quotes and escapes.
    let mut quoted = false;
    let mut prev = ' ';
    for c in code.chars() {
        match c {
            '"' => quoted = !quoted,
            '%' if !quoted && prev != '\\' => return true,
            _ => {}
        }
        prev = c;
    }
    false
}

fn from_data_ref(v: &DataRef<'_>, percent: bool) -> Option<Value> {
    Some(match v {
        DataRef::Empty => return None,
        DataRef::Int(i) => number(*i as f64, percent),
        DataRef::Float(f) => number(*f, percent),
        DataRef::String(s) => text(s)?,
        DataRef::SharedString(s) => text(s)?,
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(d) => Value::Date(serial_to_date(d.as_f64(), d.is_datetime())),
        DataRef::DateTimeIso(s) => Value::Date(s.chars().take(10).collect()),
        DataRef::DurationIso(s) => Value::Text(s.clone()),
        DataRef::Error(e) => Value::Error(e.to_string()),
    })
}

fn from_data(v: &Data) -> Option<Value> {
    Some(match v {
        Data::Empty => return None,
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::String(s) => text(s)?,
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(d) => Value::Date(serial_to_date(d.as_f64(), d.is_datetime())),
        Data::DateTimeIso(s) => Value::Date(s.chars().take(10).collect()),
        Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
    })
}

fn number(f: f64, percent: bool) -> Value {
    if percent { Value::Percent(f) } else { Value::Number(f) }
}

/// Empty strings are no value: several writers store blank cells as "".
fn text(s: &str) -> Option<Value> {
    if s.is_empty() { None } else { Some(Value::Text(s.to_string())) }
}

/// An Excel serial date (1900 system) as `YYYY-MM-DD`.
pub fn serial_to_date(serial: f64, _is_datetime: bool) -> String {
    // Days from 1899-12-30, the epoch that makes Excel's 1900 leap-year bug vanish
    // for every date after February 1900.
    let days = serial.floor() as i64;
    let (y, m, d) = civil_from_days(days - 25569); // 25569 = 1970-01-01
    format!("{y:04}-{m:02}-{d:02}")
}

/// Howard Hinnant's days-from-civil inverse: days since 1970-01-01 → (y, m, d).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = (z - era * 146_097) as u64;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe as i64 + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

// ---- compound files: xls, and encrypted xlsx --------------------------------------------

fn read_cfb<R: Read + Seek>(file: R) -> Result<Book, ReadError> {
    let mut cf = cfb::CompoundFile::open(BufReader::new(file))
        .map_err(|e| damaged(format!("compound (xls) file: {e}")))?;
    // An encrypted xlsx is a compound file holding an "EncryptedPackage" stream.
    if cf.exists("EncryptedPackage") || cf.exists("EncryptionInfo") {
        return Err(ReadError::Encrypted);
    }
    let name = ["Workbook", "Book", "WORKBOOK", "BOOK"]
        .into_iter()
        .find(|n| cf.exists(n))
        .ok_or_else(|| damaged("a compound file without a workbook, perhaps a Word document"))?;
    let mut stream = cf.open_stream(name).map_err(unreadable)?;
    let mut data = Vec::new();
    stream.by_ref().take(MAX_PART_BYTES + 1).read_to_end(&mut data).map_err(unreadable)?;
    if data.len() as u64 > MAX_PART_BYTES {
        return Err(too_large("the workbook stream is larger than 256 MB"));
    }
    drop(stream);
    // calamine builds each xls sheet as a full rectangle up to its farthest cell (and
    // reserves what the DIMENSIONS record claims): cells far outside any assessment are
    // blanked out of the stream first, so one stray value costs nothing.
    tame_xls_stream(&mut data);
    let mut rebuilt = cfb::CompoundFile::create_with_version(cfb::Version::V3, std::io::Cursor::new(Vec::new())).map_err(unreadable)?;
    {
        let mut out = rebuilt.create_stream(name).map_err(unreadable)?;
        std::io::Write::write_all(&mut out, &data).map_err(unreadable)?;
    }
    rebuilt.flush().map_err(unreadable)?;
    let mut bytes = rebuilt.into_inner();
    bytes.rewind().map_err(unreadable)?;
    guarded("xls", || read_xls(bytes))
}

/// Rows and columns beyond these hold nothing of an assessment (the widest sheet, the
/// hidden lists, has about 40 columns and 320 rows).
const XLS_MAX_ROW: u32 = 4096;
const XLS_MAX_COL: u32 = 128;
/// A BIFF record type no reader knows; a record given this type is skipped.
const BIFF_IGNORED: u16 = 0x0000;

/// Turns cell records beyond `XLS_MAX_ROW`/`XLS_MAX_COL` and oversized DIMENSIONS
/// records into ignored records, in place (record lengths and stream offsets unchanged).
/// Returns how many records were changed.
fn tame_xls_stream(data: &mut [u8]) -> usize {
    let mut pos = 0usize;
    let mut changed = 0;
    let mut dropped_formula = false;
    while pos + 4 <= data.len() {
        let typ = u16::from_le_bytes([data[pos], data[pos + 1]]);
        let len = u16::from_le_bytes([data[pos + 2], data[pos + 3]]) as usize;
        let body = pos + 4;
        let end = (body + len).min(data.len());
        let rec = &data[body..end];
        let far_cell = |rec: &[u8]| {
            rec.len() >= 4 && {
                let row = u16::from_le_bytes([rec[0], rec[1]]) as u32;
                let col = u16::from_le_bytes([rec[2], rec[3]]) as u32;
                row >= XLS_MAX_ROW || col >= XLS_MAX_COL
            }
        };
        let neutralise = match typ {
            // Formula, Blank, Number, Label, BoolErr, Rk, MulRk, MulBlank, LabelSst, RString.
            0x0006 | 0x0201 | 0x0203 | 0x0204 | 0x0205 | 0x027E | 0x00BD | 0x00BE | 0x00FD | 0x00D6 => {
                let far = far_cell(rec);
                if typ == 0x0006 {
                    dropped_formula = far;
                }
                far
            }
            // The string result of the formula just before it.
            0x0207 => dropped_formula,
            // Dimensions: first row, last row + 1 (u32 each), first col, last col + 1.
            0x0200 => {
                rec.len() >= 12 && {
                    let last_row = u32::from_le_bytes([rec[4], rec[5], rec[6], rec[7]]);
                    let last_col = u16::from_le_bytes([rec[10], rec[11]]) as u32;
                    last_row > XLS_MAX_ROW || last_col > XLS_MAX_COL
                }
            }
            _ => false,
        };
        if typ != 0x0006 && typ != 0x0207 && typ != 0x003C {
            dropped_formula = false;
        }
        if neutralise {
            data[pos..pos + 2].copy_from_slice(&BIFF_IGNORED.to_le_bytes());
            changed += 1;
        }
        pos = body + len;
    }
    changed
}

fn read_xls<RS: Read + Seek>(reader: RS) -> Result<Book, ReadError> {
    let mut xls: Xls<_> = Xls::new(reader).map_err(|e| match e {
        calamine::XlsError::Password => ReadError::Encrypted,
        e => damaged(format!("xls: {e}")),
    })?;
    let mut book = Book { defined_names: xls.defined_names().to_vec(), ..Book::default() };
    let mut count = 0usize;
    for name in xls.sheet_names() {
        let range = xls
            .worksheet_range(&name)
            .map_err(|e| unreadable(format!("damaged sheet \"{name}\" ({e})")))?;
        let mut sheet = Sheet { name: name.clone(), ..Sheet::default() };
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, v) in range.used_cells() {
            if let Some(v) = from_data(v) {
                count += 1;
                if count > MAX_CELLS {
                    return Err(too_many_cells());
                }
                sheet.cells.insert((r0 + r as u32, c0 + c as u32), v);
            }
        }
        book.sheets.push(sheet);
    }
    Ok(book)
}

// ---- OpenDocument spreadsheets ----------------------------------------------------------

fn read_ods<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Result<Book, ReadError> {
    if let Ok(mut manifest) = zip.by_name("META-INF/manifest.xml") {
        let mut text = String::new();
        let _ = manifest.by_ref().take(MAX_PART_BYTES).read_to_string(&mut text);
        if text.contains("encryption-data") {
            return Err(ReadError::Encrypted);
        }
    }
    let content = zip.by_name("content.xml").map_err(|e| unreadable(format!("no content part ({e})")))?;
    parse_ods_content(BufReader::new(content.take(MAX_PART_BYTES)))
}

struct OdsState {
    book: Book,
    sheet: Option<Sheet>,
    row: u32,
    col: u32,
    count: usize,
}

const ODS_MAX_ROWS: u32 = 1 << 20;
const ODS_MAX_COLS: u32 = 1 << 14;

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

fn repeat(e: &BytesStart<'_>, name: &str) -> u32 {
    attr(e, name).and_then(|v| v.parse::<u32>().ok()).unwrap_or(1).max(1)
}

pub fn parse_ods_content<B: BufRead>(input: B) -> Result<Book, ReadError> {
    let mut reader = quick_xml::Reader::from_reader(input);
    let mut buf = Vec::new();
    let mut st = OdsState { book: Book::default(), sheet: None, row: 0, col: 0, count: 0 };
    // Cells of the current row, to be repeated if the row is.
    let mut row_cells: Vec<(u32, Value)> = Vec::new();
    let mut row_repeat = 1u32;
    let xml_err = |e: quick_xml::Error| damaged(format!("ods content: {e}"));
    loop {
        buf.clear();
        let event = reader.read_event_into(&mut buf).map_err(xml_err)?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.name().as_ref() {
                    "table:table" => {
                        st.sheet = Some(Sheet { name: attr(e, "table:name").unwrap_or_default(), ..Sheet::default() });
                        st.row = 0;
                        if empty {
                            st.book.sheets.push(st.sheet.take().unwrap());
                        }
                    }
                    "table:table-row" => {
                        st.col = 0;
                        row_cells.clear();
                        row_repeat = repeat(e, "table:number-rows-repeated");
                        if empty {
                            st.row = st.row.saturating_add(row_repeat);
                        }
                    }
                    "table:table-cell" | "table:covered-table-cell" => {
                        let cols = repeat(e, "table:number-columns-repeated");
                        let value = if empty { ods_scalar(e, None) } else {
                            let text = ods_cell_text(&mut reader)?;
                            ods_scalar(e, Some(text))
                        };
                        if let Some(v) = value {
                            for i in 0..cols.min(ODS_MAX_COLS.saturating_sub(st.col)) {
                                row_cells.push((st.col + i, v.clone()));
                                st.count += 1;
                                if st.count > MAX_CELLS {
                                    return Err(too_many_cells());
                                }
                            }
                        }
                        st.col = st.col.saturating_add(cols);
                    }
                    "table:named-range" | "table:named-expression" => {
                        if let (Some(n), Some(r)) = (
                            attr(e, "table:name"),
                            attr(e, "table:cell-range-address").or_else(|| attr(e, "table:expression")),
                        ) {
                            st.book.defined_names.push((n, r));
                        }
                    }
                    _ => {}
                }
            }
            Event::End(ref e) => match e.name().as_ref() {
                "table:table-row" => {
                    if let Some(sheet) = st.sheet.as_mut()
                        && !row_cells.is_empty() {
                            // A repeated row with values repeats them; cap by the cell limit.
                            let reps = row_repeat.min(ODS_MAX_ROWS.saturating_sub(st.row));
                            if (reps as usize).saturating_mul(row_cells.len()) > MAX_CELLS {
                                return Err(too_many_cells());
                            }
                            for r in 0..reps {
                                for (c, v) in &row_cells {
                                    sheet.cells.insert((st.row + r, *c), v.clone());
                                }
                            }
                            st.count += row_cells.len() * (reps as usize - 1).min(MAX_CELLS);
                            if st.count > MAX_CELLS {
                                return Err(too_many_cells());
                            }
                        }
                    st.row = st.row.saturating_add(row_repeat);
                    row_cells.clear();
                }
                "table:table" => {
                    if let Some(sheet) = st.sheet.take() {
                        st.book.sheets.push(sheet);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if st.book.sheets.is_empty() {
        return Err(damaged("the spreadsheet has no sheets"));
    }
    Ok(st.book)
}

/// The text content of a cell: paragraphs joined by newlines, annotations skipped.
fn ods_cell_text<B: BufRead>(reader: &mut quick_xml::Reader<B>) -> Result<String, ReadError> {
    let mut buf = Vec::new();
    let mut out = String::new();
    let mut paragraphs = 0usize;
    let mut skip_depth = 0usize;
    loop {
        buf.clear();
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| damaged(format!("ods content: {e}")))?;
        match event {
            Event::Start(ref e) => match e.name().as_ref() {
                "office:annotation" => skip_depth += 1,
                "text:p" if skip_depth == 0 => {
                    if paragraphs > 0 {
                        out.push('\n');
                    }
                    paragraphs += 1;
                }
                _ => {}
            },
            Event::Empty(ref e) if skip_depth == 0 => match e.name().as_ref() {
                "text:s" => {
                    let n = repeat(e, "text:c").min(1000);
                    out.extend(std::iter::repeat_n(' ', n as usize));
                }
                "text:tab" => out.push('\t'),
                "text:line-break" => out.push('\n'),
                "text:p" => {
                    if paragraphs > 0 {
                        out.push('\n');
                    }
                    paragraphs += 1;
                }
                _ => {}
            },
            Event::Text(ref t) if skip_depth == 0 => out.push_str(&t.xml10_content()),
            Event::GeneralRef(ref r) if skip_depth == 0 => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    out.push(c);
                } else {
                    out.push_str(match r.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    });
                }
            }
            Event::End(ref e) => match e.name().as_ref() {
                "office:annotation" => skip_depth = skip_depth.saturating_sub(1),
                "table:table-cell" | "table:covered-table-cell" => break,
                _ => {}
            },
            Event::Eof => return Err(damaged("ods content ends inside a cell")),
            _ => {}
        }
        if out.len() > 1 << 20 {
            return Err(too_large("a cell holds more than 1 MB of text"));
        }
    }
    Ok(out)
}

fn ods_scalar(e: &BytesStart<'_>, text: Option<String>) -> Option<Value> {
    let value_type = attr(e, "office:value-type");
    let is_error = attr(e, "calcext:value-type").as_deref() == Some("error");
    let num = || attr(e, "office:value").and_then(|v| v.parse::<f64>().ok());
    if is_error {
        return Some(Value::Error(text.unwrap_or_else(|| "#ERROR".into())));
    }
    match value_type.as_deref() {
        Some("float") | Some("currency") => num().map(Value::Number),
        Some("percentage") => num().map(Value::Percent),
        Some("date") => attr(e, "office:date-value").map(|d| Value::Date(d.chars().take(10).collect())),
        Some("boolean") => attr(e, "office:boolean-value").map(|b| Value::Bool(b == "true" || b == "TRUE")),
        Some("time") => attr(e, "office:time-value").map(Value::Text),
        Some("string") => attr(e, "office:string-value").or(text).and_then(|s| self::text(&s)),
        _ => text.and_then(|s| self::text(&s)),
    }
}

/// The extensions and the tests share the date conversion check.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_dates() {
        assert_eq!(serial_to_date(46096.0, false), "2026-03-15");
        assert_eq!(serial_to_date(25569.0, false), "1970-01-01");
    }

    #[test]
    fn percent_formats() {
        assert!(is_percent_format("0%"));
        assert!(is_percent_format("0.0 %"));
        assert!(!is_percent_format("0.0"));
        assert!(!is_percent_format("\"%\"0"));
    }

    /// Shared strings are held whole by the xlsx reader: a huge part is refused before it
    /// is decompressed, whatever its compression ratio.
    #[test]
    fn huge_shared_strings_are_refused_before_reading() {
        use std::io::Write;
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
            z.start_file("xl/workbook.xml", stored).unwrap();
            z.write_all(b"<workbook/>").unwrap();
            z.start_file("xl/sharedStrings.xml", stored).unwrap();
            let chunk = vec![b'a'; 1 << 20];
            for _ in 0..40 {
                z.write_all(&chunk).unwrap();
            }
            z.finish().unwrap();
        }
        let err = read_bytes(buf.get_ref(), "xlsx").unwrap_err();
        if let ReadError::Unreadable(r) = &err {
            assert!(r.message(crate::catalog::Lang::Fi).contains("zip-pommina"), "told in Finnish too");
        }
        assert!(matches!(&err, ReadError::Unreadable(m) if m.to_string().contains("xl/sharedStrings.xml would be 40 MB")), "{err:?}");
    }

    #[test]
    fn ods_far_cell_is_one_cell() {
        let xml = r#"<office:document-content><office:body><office:spreadsheet>
            <table:table table:name="A"><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
            <table:table-row><table:table-cell table:number-columns-repeated="16383"/><table:table-cell office:value-type="string"><text:p>x &amp; y</text:p></table:table-cell></table:table-row></table:table>
            </office:spreadsheet></office:body></office:document-content>"#;
        let book = parse_ods_content(xml.as_bytes()).unwrap();
        assert_eq!(book.sheets[0].cells.len(), 1);
        assert_eq!(book.sheets[0].cells.get(&(1048575, 16383)), Some(&Value::Text("x & y".into())));
    }
}
