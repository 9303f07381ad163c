//! Why a file could not be read, told in the reader's language (templates/texts.toml).

use crate::lang::Lang;

/// Why a file could not be read at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReadError {
    /// Damaged, empty, truncated, too large: the reason in one line.
    #[error("{0}")]
    Unreadable(Reason),
    /// Password-protected.
    #[error("{}", self.message(Lang::En))]
    Encrypted,
    /// Not a spreadsheet format we read (the extension or the content says so).
    #[error("{}", self.message(Lang::En))]
    Unsupported(String),
}

impl ReadError {
    /// The reason as one text key and its placeholders, whatever the variant.
    pub fn reason(&self) -> Reason {
        match self {
            ReadError::Unreadable(r) => r.clone(),
            ReadError::Encrypted => Reason::new("reason_encrypted", &[]),
            ReadError::Unsupported(ext) => {
                Reason::new("reason_unsupported", &[("ext", ext.clone())])
            }
        }
    }

    /// The plain reason in `lang`, e.g. "the file is empty (0 bytes)"; `Display` gives
    /// the English, so no caller renders a reason by hand.
    pub fn message(&self, lang: Lang) -> String {
        self.reason().message(lang)
    }
}

/// A reason, as a text key (templates/texts.toml) and its placeholders, so it can be told
/// in the reader's language; `Display` gives the English.
pub use crate::texts::Message as Reason;

impl crate::texts::Localized for ReadError {
    fn message(&self, lang: Lang) -> String {
        ReadError::message(self, lang)
    }
}

/// The file is empty.
pub(super) fn empty() -> ReadError {
    ReadError::Unreadable(Reason::new("reason_empty", &[]))
}

/// The file is damaged or truncated; `detail` is technical, in English, and kept out of
/// the message (a person reads it; docs/languages.md).
pub(super) fn damaged(detail: impl std::fmt::Display) -> ReadError {
    ReadError::Unreadable(Reason::new("reason_damaged", &[("detail", detail.to_string())]))
}

/// A limit of the guard was reached; `detail` (our own words: which limit) is shown.
pub(super) fn too_large(detail: impl std::fmt::Display) -> ReadError {
    ReadError::Unreadable(Reason::new("reason_too_large", &[("detail", detail.to_string())]))
}

/// A filled cell past XFD1048576 on `sheet`: no program shows it, so the file is broken.
pub(super) fn past_last_cell(sheet: &str) -> ReadError {
    ReadError::Unreadable(Reason::new("reason_past_last_cell", &[("sheet", sheet.to_string())]))
}

/// The worker reading the file was stopped: `key` is one of the `reason_stopped_*` texts.
pub(super) fn stopped(key: &'static str, args: &[(&'static str, String)]) -> ReadError {
    ReadError::Unreadable(Reason::new(key, args))
}

/// The operating system would not open the file.
pub(super) fn cannot_open(detail: impl std::fmt::Display) -> ReadError {
    ReadError::Unreadable(Reason::new("reason_cannot_open", &[("detail", detail.to_string())]))
}

/// A pipe, device or folder named like a spreadsheet: never opened.
pub(super) fn not_regular() -> ReadError {
    ReadError::Unreadable(Reason::new("reason_not_regular", &[]))
}

/// The extension is one we read but the content is no spreadsheet.
pub(super) fn not_spreadsheet(ext: &str) -> ReadError {
    ReadError::Unreadable(Reason::new("reason_not_spreadsheet", &[("ext", ext.to_string())]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The English `Display` is the text callers printed by hand before (aggregate's
    /// earlier summary), and every reason is told in every language.
    #[test]
    fn every_error_is_told_in_every_language() {
        assert_eq!(ReadError::Encrypted.to_string(), "it is password-protected");
        assert_eq!(
            ReadError::Unsupported(".csv".into()).to_string(),
            ".csv is not a spreadsheet format"
        );
        assert_eq!(empty().to_string(), "the file is empty (0 bytes)");
        assert_eq!(damaged("Could not find EOCD").to_string(), "the file is damaged or truncated");
        for e in [
            empty(),
            damaged("x"),
            too_large("x"),
            cannot_open("x"),
            not_regular(),
            not_spreadsheet("xls"),
            ReadError::Encrypted,
            ReadError::Unsupported(".csv".into()),
        ] {
            for lang in Lang::ALL {
                let m = e.message(lang);
                assert!(
                    !m.is_empty() && !m.starts_with("reason_") && !m.contains('{'),
                    "{e:?} in {lang}: {m}"
                );
                let shown = e.reason().key == "reason_too_large";
                assert_eq!(m.contains("(x)"), shown, "no library detail in the plain reason: {m}");
            }
        }
    }
}
