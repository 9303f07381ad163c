//! Limits that keep a hostile or broken file from exhausting memory or crashing the run:
//! zip parts are measured before anything is decompressed, filled cells are counted, and a
//! panic inside a third-party parser becomes an "unreadable" answer.

use std::io::{Read, Seek};

use super::error::{damaged, too_large};
use super::{ReadError, Value};

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

/// At most this many bytes may the cells read from one workbook hold: each cell is
/// charged `CELL_COST` plus its text, so a string shared by many cells (xlsx, xls) or a
/// repeated ods cell is charged for every copy the reader would keep.
pub const MAX_HELD_BYTES: usize = 100 << 20;
/// What one kept cell costs besides its text (map node, key and value).
const CELL_COST: usize = 64;

/// The answer when a workbook has more than `MAX_CELLS` filled cells.
pub(super) fn too_many_cells() -> ReadError {
    too_large(format!("more than {MAX_CELLS} filled cells"))
}

/// What the cells read so far from one workbook hold, against `MAX_CELLS` and
/// `MAX_HELD_BYTES`; charged before a cell is kept.
#[derive(Debug, Default)]
pub(super) struct Budget {
    cells: usize,
    bytes: usize,
}

impl Budget {
    /// Charges `times` copies of `v`; the answer when that goes over a limit.
    pub(super) fn charge(&mut self, v: &Value, times: usize) -> Result<(), ReadError> {
        let text = match v {
            Value::Text(s) | Value::Date { text: s, .. } | Value::Error(s) => s.len(),
            Value::Number(_) | Value::Percent(_) | Value::Bool(_) => 0,
        };
        self.cells = self.cells.saturating_add(times);
        self.bytes = self.bytes.saturating_add(times.saturating_mul(CELL_COST + text));
        if self.cells > MAX_CELLS {
            return Err(too_many_cells());
        }
        if self.bytes > MAX_HELD_BYTES {
            return Err(too_large(format!(
                "its cells would hold more than {} MB",
                MAX_HELD_BYTES >> 20
            )));
        }
        Ok(())
    }
}

/// Checks every part of a zip container from its declared sizes, before any part is
/// decompressed: encrypted parts, held parts over `MAX_HELD_PART_BYTES`, parts over
/// `MAX_PART_BYTES` or `MAX_RATIO`, and a total over `MAX_TOTAL_BYTES`. Only the parts the
/// workbook's relationships name as worksheets (and an ods `content.xml`) are streamed;
/// every other part, wherever it lives, is held whole and limited as such.
pub(super) fn check_zip_parts<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
) -> Result<(), ReadError> {
    let mut total = 0u64;
    let mut sizes = Vec::new();
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| damaged(format!("damaged zip entry ({e})")))?;
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        if entry.encrypted() {
            return Err(ReadError::Encrypted);
        }
        let size = entry.size();
        let compressed = entry.compressed_size().max(1);
        if size > MAX_PART_BYTES || size / compressed > MAX_RATIO && size > (1 << 20) {
            return Err(too_large(format!(
                "part {name} would decompress to {} MB from {} KB",
                size >> 20,
                compressed >> 10
            )));
        }
        check_method(&name, entry.compression())?;
        total += size;
        sizes.push((name, size));
    }
    if total > MAX_TOTAL_BYTES {
        return Err(too_large(format!("the parts would decompress to {} MB", total >> 20)));
    }
    let streamed = streamed_parts(zip)?;
    for (name, size) in sizes {
        if size > MAX_HELD_PART_BYTES && !streamed.contains(&name) {
            return Err(too_large(format!("part {name} would be {} MB", size >> 20)));
        }
    }
    Ok(())
}

/// Spreadsheets compress their parts with deflate or store them; any other method is
/// refused before a decoder for it is ever run.
fn check_method(name: &str, method: zip::CompressionMethod) -> Result<(), ReadError> {
    match method {
        zip::CompressionMethod::Stored | zip::CompressionMethod::Deflated => Ok(()),
        other => Err(damaged(format!(
            "part {name} is compressed with {other:?}, which spreadsheets do not use"
        ))),
    }
}

/// The parts a reader streams rather than holds: the targets of the worksheet
/// relationships of `xl/workbook.xml` that no other relationship names, and `content.xml`.
fn streamed_parts<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Result<Vec<String>, ReadError> {
    let mut streamed = vec!["content.xml".to_string()];
    let Ok(rels) = zip.by_name("xl/_rels/workbook.xml.rels") else { return Ok(streamed) };
    let mut text = String::new();
    rels.take(MAX_HELD_PART_BYTES)
        .read_to_string(&mut text)
        .map_err(|e| damaged(format!("workbook relationships ({e})")))?;
    let mut reader = quick_xml::Reader::from_str(&text);
    let mut held = Vec::new();
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                let get =
                    |k: &str| e.try_get_attribute(k).ok().flatten().map(|a| a.value.into_owned());
                if let (Some(typ), Some(target)) = (get("Type"), get("Target")) {
                    let part = resolve("xl", &target);
                    if typ.ends_with("/worksheet") { streamed.push(part) } else { held.push(part) }
                }
            }
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(damaged(format!("workbook relationships ({e})"))),
        }
    }
    streamed.retain(|p| !held.contains(p));
    Ok(streamed)
}

/// A relationship target as a part name: relative to `base`, or absolute with a `/`.
fn resolve(base: &str, target: &str) -> String {
    let mut parts: Vec<&str> =
        if target.starts_with('/') { Vec::new() } else { base.split('/').collect() };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

thread_local! {
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs a third-party parser so that a panic inside it (a malformed file that the parser
/// did not expect) becomes an "unreadable" answer instead of a crash, and prints nothing.
pub(super) fn guarded<T>(
    what: &str,
    f: impl FnOnce() -> Result<T, ReadError>,
) -> Result<T, ReadError> {
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

#[cfg(test)]
mod tests {
    use super::super::read_bytes;
    use super::*;

    /// Shared strings are held whole by the xlsx reader: a huge part is refused before it
    /// is decompressed, whatever its compression ratio.
    #[test]
    fn huge_shared_strings_are_refused_before_reading() {
        use std::io::Write;
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            let stored = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
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
            assert!(
                r.message(crate::lang::Lang::Fi).contains("zip-pommina"),
                "told in Finnish too"
            );
        }
        assert!(
            matches!(&err, ReadError::Unreadable(m) if m.to_string().contains("xl/sharedStrings.xml would be 40 MB")),
            "{err:?}"
        );
    }
}
