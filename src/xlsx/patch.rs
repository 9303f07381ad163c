//! One workbook written many times with a few texts changed: the workbook is built once with
//! placeholders where those texts go ([`Base::new`]), then each copy re-compresses only the
//! parts that hold a placeholder and copies every other part's compressed bytes as they are
//! ([`Base::with`]). 308 personalised workbooks differ only in the municipality's name and
//! code (the shared strings and the custom properties), so each costs a fraction of a build.
//!
//! A placeholder must be a text the workbook holds in XML character data (a cell text, a
//! property value), where rust_xlsxwriter escapes `&`, `<` and `>` and nothing else; a value
//! that would need more (control characters, leading or trailing spaces) is refused with
//! [`PatchError::Unsafe`], and the caller builds that workbook whole instead.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// Why a copy could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PatchError {
    /// The base is not a zip this module can read (a bug: it was built by the tool).
    #[error("the base workbook cannot be read again: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// Reading or writing a part failed.
    #[error("a part of the base workbook: {0}")]
    Io(#[from] std::io::Error),
    /// A placeholder is missing from every part, so its value would be lost.
    #[error("placeholder {0} is in no part of the base workbook")]
    Unused(usize),
    /// A value the plain escape cannot carry as it would be written directly.
    #[error("value {0:?} needs more than &, < and > escaped")]
    Unsafe(String),
    /// The number of values differs from the number of placeholders.
    #[error("{given} values for {expected} placeholders")]
    Count { given: usize, expected: usize },
}

/// A built workbook with placeholders, ready to be copied with values in their place.
pub struct Base {
    bytes: Vec<u8>,
    placeholders: Vec<String>,
    /// Index of each part that holds a placeholder, with its uncompressed text.
    patched: Vec<(usize, String)>,
}

impl Base {
    /// Reads the parts of `bytes` (an xlsx) once and keeps those that hold a placeholder.
    pub fn new(bytes: Vec<u8>, placeholders: &[&str]) -> Result<Self, PatchError> {
        let mut zip = ZipArchive::new(Cursor::new(bytes.as_slice()))?;
        let mut patched = Vec::new();
        let mut used = vec![false; placeholders.len()];
        for i in 0..zip.len() {
            let mut part = zip.by_index(i)?;
            let mut text = Vec::with_capacity(part.size() as usize);
            part.read_to_end(&mut text)?;
            let Ok(text) = String::from_utf8(text) else { continue };
            let mut holds = false;
            for (p, u) in placeholders.iter().zip(&mut used) {
                if text.contains(p) {
                    (*u, holds) = (true, true);
                }
            }
            if holds {
                patched.push((i, text));
            }
        }
        if let Some(p) = used.iter().position(|u| !u) {
            return Err(PatchError::Unused(p));
        }
        let placeholders = placeholders.iter().map(|p| p.to_string()).collect();
        Ok(Base { bytes, placeholders, patched })
    }

    /// The workbook with `values[i]` in place of placeholder `i`.
    pub fn with(&self, values: &[&str]) -> Result<Vec<u8>, PatchError> {
        if values.len() != self.placeholders.len() {
            let (given, expected) = (values.len(), self.placeholders.len());
            return Err(PatchError::Count { given, expected });
        }
        let escaped = values.iter().map(|v| escape(v)).collect::<Result<Vec<_>, _>>()?;
        let mut zip = ZipArchive::new(Cursor::new(self.bytes.as_slice()))?;
        let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(self.bytes.len() + 1024)));
        // The options rust_xlsxwriter writes its parts with, at its fastest level.
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(1))
            .unix_permissions(0o600)
            .last_modified_time(DateTime::default());
        let mut patched = self.patched.iter().peekable();
        for i in 0..zip.len() {
            match patched.next_if(|(p, _)| *p == i) {
                Some((_, text)) => {
                    let name = zip.by_index_raw(i)?.name()?.to_string();
                    let mut text = text.clone();
                    for (p, v) in self.placeholders.iter().zip(&escaped) {
                        text = text.replace(p.as_str(), v);
                    }
                    out.start_file(name, options)?;
                    out.write_all(text.as_bytes())?;
                }
                None => out.raw_copy_file(zip.by_index_raw(i)?)?,
            }
        }
        Ok(out.finish()?.into_inner())
    }
}

/// `value` as rust_xlsxwriter writes it in character data, or `Unsafe` when it would write
/// it otherwise.
fn escape(value: &str) -> Result<String, PatchError> {
    let plain =
        value.chars().all(|c| !c.is_control()) && value.trim() == value && !value.contains("_x");
    if !plain || value.is_empty() {
        return Err(PatchError::Unsafe(value.to_string()));
    }
    Ok(value.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;"))
}

/// The parts of a zip, by name, uncompressed (for tests that compare workbooks).
#[cfg(test)]
pub(crate) fn parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            (f.name().unwrap().to_string(), b)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book(a: &str, b: &str) -> Vec<u8> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, a).unwrap();
        ws.write_string(1, 0, "same").unwrap();
        ws.write_number(2, 0, 1.5).unwrap();
        wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_custom_property("b", b));
        wb.set_zip_compression_level(1);
        wb.save_to_buffer().unwrap()
    }

    #[test]
    fn a_copy_equals_the_workbook_built_with_its_values() {
        let base = Base::new(
            book("\u{E000}A\u{E000}", "\u{E000}B\u{E000}"),
            &["\u{E000}A\u{E000}", "\u{E000}B\u{E000}"],
        )
        .unwrap();
        let copy = base.with(&["Mänttä-Vilppula & <Co>", "091"]).unwrap();
        let direct = book("Mänttä-Vilppula & <Co>", "091");
        let (copy, direct) = (parts(&copy), parts(&direct));
        assert_eq!(copy.len(), direct.len());
        for ((cn, cb), (dn, db)) in copy.iter().zip(&direct) {
            assert_eq!(cn, dn);
            // The creation time of docProps/core.xml is the second each was built.
            if cn != "docProps/core.xml" {
                assert_eq!(cb, db, "{cn}");
            }
        }
    }

    #[test]
    fn values_it_cannot_carry_are_refused() {
        let base = Base::new(book("\u{E000}A\u{E000}", "x"), &["\u{E000}A\u{E000}"]).unwrap();
        for bad in ["", " lead", "tab\there", "_x0041_"] {
            assert!(matches!(base.with(&[bad]), Err(PatchError::Unsafe(_))), "{bad:?}");
        }
        assert!(matches!(base.with(&["a", "b"]), Err(PatchError::Count { .. })));
        assert!(matches!(
            Base::new(book("a", "b"), &["\u{E000}missing"]),
            Err(PatchError::Unused(0))
        ));
    }
}
