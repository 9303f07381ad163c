//! Limits that keep a hostile or broken file from exhausting memory or crashing the run:
//! zip parts are measured before anything is decompressed, filled cells are counted, and a
//! panic inside a third-party parser becomes an "unreadable" answer.

use std::io::{Read, Seek};

use super::error::{damaged, too_large};
use super::ReadError;

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

/// The answer when a workbook has more than `MAX_CELLS` filled cells.
pub(super) fn too_many_cells() -> ReadError {
    too_large(format!("more than {MAX_CELLS} filled cells"))
}

/// Checks every part of a zip container from its declared sizes, before any part is
/// decompressed: encrypted parts, held parts over `MAX_HELD_PART_BYTES`, parts over
/// `MAX_PART_BYTES` or `MAX_RATIO`, and a total over `MAX_TOTAL_BYTES`.
pub(super) fn check_zip_parts<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Result<(), ReadError> {
    let mut total = 0u64;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| damaged(format!("damaged zip entry ({e})")))?;
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        if entry.encrypted() {
            return Err(ReadError::Encrypted);
        }
        let size = entry.size();
        let compressed = entry.compressed_size().max(1);
        // Sheets are streamed; every other part is read whole by the parser.
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
    }
    if total > MAX_TOTAL_BYTES {
        return Err(too_large(format!("the parts would decompress to {} MB", total >> 20)));
    }
    Ok(())
}

thread_local! {
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs a third-party parser so that a panic inside it (a malformed file that the parser
/// did not expect) becomes an "unreadable" answer instead of a crash, and prints nothing.
pub(super) fn guarded<T>(what: &str, f: impl FnOnce() -> Result<T, ReadError>) -> Result<T, ReadError> {
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
}
