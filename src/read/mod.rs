//! Reads any spreadsheet a municipality may return (xlsx, xlsm, xls, ods) into sparse
//! sheets: only the cells actually present are kept, so a single value typed far away
//! costs one cell, not the rectangle up to it (docs/findings.md).
//!
//! One module per format, behind one dispatch on the file's first bytes: `xlsx` through
//! calamine's streaming cell reader, `xls` through calamine (its sheets are at most
//! 65,536 × 256) after far cells are blanked out, `ods` through a streaming reader of
//! `content.xml` written here because calamine expands ods rows into full rectangles.
//! `guard` checks sizes before anything is decompressed and turns parser panics into
//! answers.

mod answer;
mod dates;
mod error;
mod guard;
mod ods;
mod sandbox;
mod worker;
mod xls;
mod xlsx;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, Read, Seek};
use std::path::Path;

pub use dates::{iso_to_serial, serial_to_date, utc_timestamp};
pub use error::{ReadError, Reason};
pub use guard::{
    MAX_CELLS, MAX_HELD_BYTES, MAX_HELD_PART_BYTES, MAX_PART_BYTES, MAX_RATIO, MAX_TOTAL_BYTES,
};
pub use ods::parse_ods_content;
pub use sandbox::{WORKER_MEMORY, WORKER_SECONDS};
pub use worker::{
    MAX_FILE_BYTES, WORKER_COMMAND, WORKER_WALL, readers, release_workers, serve as serve_worker,
    use_worker,
};

/// A cell value as the reader needs it. Dates are kept as `YYYY-MM-DD`.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A non-empty text.
    Text(String),
    /// A number in a cell not formatted as percent.
    Number(f64),
    /// A number in a percent-formatted cell: 0.45 shown as 45 %.
    Percent(f64),
    /// TRUE or FALSE.
    Bool(bool),
    /// A date: `text` as `YYYY-MM-DD` as the program shows it (in the workbook's date
    /// system, 1900 or 1904), and the number the cell holds. Programs attach date formats
    /// to plain numbers (Gnumeric's xls marks a usage of 16.4 as 1900-01-15), so a numeric
    /// field reads a date by that number; `None` only when a date text cannot be read back.
    Date {
        /// The date as ISO text, `YYYY-MM-DD`.
        text: String,
        /// The stored serial number, when the file stored one.
        serial: Option<f64>,
    },
    /// A formula error such as `#DIV/0!`.
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
            Value::Date { text, .. } => text.clone(),
            Value::Error(e) => e.clone(),
        }
    }
}

/// A number as a person writes it: whole numbers without a decimal point.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { format!("{n}") }
}

/// The sheets calamine found, in order, each with whether it is hidden or very hidden.
fn sheets_with_visibility(meta: &[calamine::Sheet]) -> Vec<(String, bool)> {
    meta.iter().map(|s| (s.name.clone(), s.visible != calamine::SheetVisible::Visible)).collect()
}

/// A number, or a percent if its cell is formatted so.
fn number(f: f64, percent: bool) -> Value {
    if percent { Value::Percent(f) } else { Value::Number(f) }
}

/// A number in a date-formatted cell: its date in the workbook's date system (`is_1904`:
/// days counted from 1904-01-01, as Excel for Mac once saved), keeping the number.
fn date_serial(serial: f64, is_1904: bool) -> Value {
    let days = if is_1904 { serial + dates::DAYS_1900_TO_1904 } else { serial };
    Value::Date { text: serial_to_date(days, false), serial: Some(serial) }
}

/// A date stored as ISO 8601 text (`2026-03-15`, `1900-01-16T09:36:00`).
fn date_iso(iso: &str) -> Value {
    Value::Date { text: iso.chars().take(10).collect(), serial: dates::iso_to_serial(iso) }
}

/// Empty strings are no value: several writers store blank cells as "".
fn text(s: &str) -> Option<Value> {
    if s.is_empty() { None } else { Some(Value::Text(s.to_string())) }
}

/// One sheet's filled cells.
#[derive(Debug, Default)]
pub struct Sheet {
    /// The sheet's name as the file states it.
    pub name: String,
    /// Hidden or very hidden: the program does not show it, so it never stands for an area.
    pub hidden: bool,
    /// (row, column) → value, 0-based; only cells with a value.
    pub cells: BTreeMap<(u32, u32), Value>,
}

impl Sheet {
    /// The value at (row, column), 0-based.
    pub fn get(&self, row: u32, col: u16) -> Option<&Value> {
        self.cells.get(&(row, col as u32))
    }

    /// Cells of one column, top to bottom.
    pub fn column(&self, col: u16) -> impl Iterator<Item = (u32, &Value)> {
        self.cells.iter().filter(move |((_, c), _)| *c == col as u32).map(|((r, _), v)| (*r, v))
    }
}

/// A workbook as read: its sheets in order and its defined names.
#[derive(Debug, Default)]
pub struct Book {
    /// Sheets in the workbook's order.
    pub sheets: Vec<Sheet>,
    /// Workbook defined names and what they refer to, as the file states them.
    pub defined_names: Vec<(String, String)>,
}

impl Book {
    /// The sheet named exactly `name`.
    pub fn sheet(&self, name: &str) -> Option<&Sheet> {
        self.sheets.iter().find(|s| s.name == name)
    }
}

/// The last row and column a spreadsheet program shows (0-based: 1,048,576 rows, XFD).
pub(crate) const MAX_ROW: u32 = 1_048_575;
/// The last column, XFD (0-based).
pub(crate) const MAX_COL: u32 = 16_383;

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The file extensions `validate` picks up in folders.
pub const EXTENSIONS: [&str; 4] = ["xlsx", "xlsm", "xls", "ods"];

/// Reads the spreadsheet at `path`, whatever its format. The file is parsed in a worker
/// process when the binary set one up ([`use_worker`]), otherwise here.
pub fn read_path(path: &Path) -> Result<Book, ReadError> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
    // A FIFO or device named like a spreadsheet would block or never end: never opened.
    let meta = std::fs::metadata(path).map_err(error::cannot_open)?;
    if !meta.is_file() {
        return Err(error::not_regular());
    }
    let file = File::open(path).map_err(error::cannot_open)?;
    // Room for the size the file had a moment ago (within the limit): read in one go,
    // without the buffer growing and being copied step by step. The limit still holds if
    // the file grew since.
    let mut data = Vec::with_capacity(meta.len().min(MAX_FILE_BYTES) as usize + 1);
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut data).map_err(error::cannot_open)?;
    if data.len() as u64 > MAX_FILE_BYTES {
        return Err(error::too_large(format!(
            "the file is larger than {} MB",
            MAX_FILE_BYTES >> 20
        )));
    }
    worker::parse(&data, &ext)
}

/// Reads a spreadsheet held in memory; `ext` is the file name's extension. Parsed in a
/// worker process as [`read_path`] is.
pub fn read_bytes(data: &[u8], ext: &str) -> Result<Book, ReadError> {
    if data.len() as u64 > MAX_FILE_BYTES {
        return Err(error::too_large(format!(
            "the file is larger than {} MB",
            MAX_FILE_BYTES >> 20
        )));
    }
    worker::parse(data, ext)
}

/// Decodes bytes as the parent decodes a worker's answer (`None`: no answer). Public for the
/// fuzz target of the decoder, the surface a compromised worker would reach.
#[doc(hidden)]
pub fn decode_answer(bytes: &[u8]) -> Option<Result<Book, ReadError>> {
    answer::decode(bytes)
}

/// Parses a spreadsheet here, in this process: what a worker does.
fn parse_here(data: &[u8], ext: &str) -> Result<Book, ReadError> {
    read_from(std::io::Cursor::new(data), data.len() as u64, ext)
}

/// The format is told by the content; the extension only words the answer when the
/// content is no spreadsheet.
fn read_from<R: Read + Seek>(mut file: R, len: u64, ext: &str) -> Result<Book, ReadError> {
    if len == 0 {
        return Err(error::empty());
    }
    let mut magic = [0u8; 8];
    let n = read_up_to(&mut file, &mut magic);
    file.rewind().map_err(error::cannot_open)?;
    let magic = &magic[..n];

    if magic.starts_with(ZIP_MAGIC) {
        read_zip(file)
    } else if magic.starts_with(CFB_MAGIC) {
        xls::read(file)
    } else if !EXTENSIONS.contains(&ext) {
        Err(ReadError::Unsupported(if ext.is_empty() {
            "(no extension)".into()
        } else {
            format!(".{ext}")
        }))
    } else {
        Err(error::not_spreadsheet(ext))
    }
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

/// A zip container (xlsx, xlsm, ods): the guard checks its parts, then the part that
/// names the workbook tells the format.
fn read_zip<R: Read + Seek>(file: R) -> Result<Book, ReadError> {
    let mut zip = zip::ZipArchive::new(BufReader::new(file))
        .map_err(|e| error::damaged(format!("zip container: {e}")))?;
    guard::check_zip_parts(&mut zip)?;
    let has = |part: &str| zip.file_names().any(|n| n.is_ok_and(|n| n == part));
    if has("xl/workbook.xml") {
        xlsx::read(zip.into_inner())
    } else if has("content.xml") {
        ods::read(&mut zip)
    } else {
        Err(error::damaged("a zip file without a workbook or content part"))
    }
}
