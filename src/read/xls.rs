//! xls (BIFF8 in a compound file) through calamine, after far cells are blanked out of
//! the workbook stream. Compound files are also how an encrypted xlsx arrives.

use std::io::{BufReader, Read, Seek};

use calamine::{Data, Reader, Xls};

use super::error::{damaged, too_large};
use super::guard::{Budget, MAX_PART_BYTES, guarded};
use super::{Book, ReadError, Sheet, Value, date_iso, date_serial, text};

/// Rows and columns beyond these hold nothing of an assessment (the widest sheet, the
/// hidden lists, has about 40 columns and 320 rows).
const XLS_MAX_ROW: u32 = 4096;
const XLS_MAX_COL: u32 = 128;
/// A BIFF record type no reader knows; a record given this type is skipped.
const BIFF_IGNORED: u16 = 0x0000;

/// The largest compound file read; an xls return is a few hundred kilobytes.
const MAX_XLS_BYTES: u64 = 64 << 20;

/// Reads a compound file: an xls workbook, or the answer that it is encrypted.
pub(super) fn read<R: Read>(file: R) -> Result<Book, ReadError> {
    let mut data = Vec::new();
    file.take(MAX_XLS_BYTES + 1).read_to_end(&mut data).map_err(damaged)?;
    if data.len() as u64 > MAX_XLS_BYTES {
        return Err(too_large(format!(
            "the compound (xls) file is larger than {} MB",
            MAX_XLS_BYTES >> 20
        )));
    }
    read_cfb(std::io::Cursor::new(data))
}

/// Reads a compound file here, in this process.
pub(super) fn read_cfb<R: Read + Seek>(file: R) -> Result<Book, ReadError> {
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
    let mut data = read_stream(&mut cf, name)?;
    // calamine builds each xls sheet as a full rectangle up to its farthest cell (and
    // reserves what the DIMENSIONS record claims): cells far outside any assessment are
    // blanked out of the stream first, so one stray value costs nothing.
    tame_xls_stream(&mut data);
    let bytes = rebuild(name, &data)?;
    guarded("xls", || read_workbook(bytes))
}

/// The whole workbook stream, at most `MAX_PART_BYTES`.
fn read_stream<F: Read + Seek>(
    cf: &mut cfb::CompoundFile<F>,
    name: &str,
) -> Result<Vec<u8>, ReadError> {
    let mut stream = cf.open_stream(name).map_err(damaged)?;
    let mut data = Vec::new();
    stream.by_ref().take(MAX_PART_BYTES + 1).read_to_end(&mut data).map_err(damaged)?;
    if data.len() as u64 > MAX_PART_BYTES {
        return Err(too_large("the workbook stream is larger than 256 MB"));
    }
    Ok(data)
}

/// A compound file in memory holding only the (tamed) workbook stream, for calamine.
fn rebuild(name: &str, data: &[u8]) -> Result<std::io::Cursor<Vec<u8>>, ReadError> {
    let mut rebuilt =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, std::io::Cursor::new(Vec::new()))
            .map_err(damaged)?;
    {
        let mut out = rebuilt.create_stream(name).map_err(damaged)?;
        std::io::Write::write_all(&mut out, data).map_err(damaged)?;
    }
    rebuilt.flush().map_err(damaged)?;
    let mut bytes = rebuilt.into_inner();
    bytes.rewind().map_err(damaged)?;
    Ok(bytes)
}

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
        let neutralise = match typ {
            // Formula, Blank, Number, Label, BoolErr, Rk, MulRk, MulBlank, LabelSst, RString.
            0x0006 | 0x0201 | 0x0203 | 0x0204 | 0x0205 | 0x027E | 0x00BD | 0x00BE | 0x00FD
            | 0x00D6 => {
                let far = is_far_cell(rec);
                if typ == 0x0006 {
                    dropped_formula = far;
                }
                far
            }
            // The string result of the formula just before it.
            0x0207 => dropped_formula,
            0x0200 => is_oversized_dimensions(rec),
            _ => false,
        };
        // A formula's string result may follow it, after CONTINUE records only.
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

/// A cell record (row u16, column u16 first) beyond the assessment's area.
fn is_far_cell(rec: &[u8]) -> bool {
    rec.len() >= 4 && {
        let row = u16::from_le_bytes([rec[0], rec[1]]) as u32;
        let col = u16::from_le_bytes([rec[2], rec[3]]) as u32;
        row >= XLS_MAX_ROW || col >= XLS_MAX_COL
    }
}

/// A DIMENSIONS record (BIFF8: first row, last row + 1 as u32; first col, last col + 1
/// as u16; the older 10-byte form: all u16) claiming more than the assessment's area, or
/// an area whose first row or column is after its last (calamine would compute a wrapped
/// size and reserve terabytes), or of a length neither form has.
fn is_oversized_dimensions(rec: &[u8]) -> bool {
    let u16_at = |i: usize| u16::from_le_bytes([rec[i], rec[i + 1]]) as u32;
    let (first_row, last_row, first_col, last_col) = match rec.len() {
        14 | 12 => (
            u32::from_le_bytes([rec[0], rec[1], rec[2], rec[3]]),
            u32::from_le_bytes([rec[4], rec[5], rec[6], rec[7]]),
            u16_at(8),
            u16_at(10),
        ),
        10 | 8 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
        _ => return true,
    };
    last_row > XLS_MAX_ROW || last_col > XLS_MAX_COL || first_row > last_row || first_col > last_col
}

fn read_workbook<RS: Read + Seek>(reader: RS) -> Result<Book, ReadError> {
    let mut xls: Xls<_> = Xls::new(reader).map_err(|e| match e {
        calamine::XlsError::Password => ReadError::Encrypted,
        e => damaged(format!("xls: {e}")),
    })?;
    let mut book = Book { defined_names: xls.defined_names().to_vec(), ..Book::default() };
    let mut budget = Budget::default();
    let is_1904 = xls.has_1904_epoch();
    let sheets = super::sheets_with_visibility(xls.sheets_metadata());
    for (name, hidden) in sheets {
        let range = xls
            .worksheet_range(&name)
            .map_err(|e| damaged(format!("damaged sheet \"{name}\" ({e})")))?;
        let mut sheet = Sheet { name: name.clone(), hidden, ..Sheet::default() };
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, v) in range.used_cells() {
            if let Some(v) = from_data(v, is_1904) {
                budget.charge(&v, 1)?;
                sheet.cells.insert((r0 + r as u32, c0 + c as u32), v);
            }
        }
        book.sheets.push(sheet);
    }
    Ok(book)
}

fn from_data(v: &Data, is_1904: bool) -> Option<Value> {
    Some(match v {
        Data::Empty => return None,
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::String(s) => text(s)?,
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(d) => date_serial(d.as_f64(), is_1904),
        Data::DateTimeIso(s) => date_iso(s),
        Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
    })
}
