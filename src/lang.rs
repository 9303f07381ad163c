//! The languages of the tool and texts in them, and how typed text is compared: the bottom
//! of the library, used by every layer.

use std::fmt;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// A user-interface language. Every text a municipality sees exists in all three.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Finnish.
    Fi,
    /// Swedish.
    Sv,
    /// English.
    En,
}

impl Lang {
    /// Every language, in the order the catalog and texts list them.
    pub const ALL: [Lang; 3] = [Lang::Fi, Lang::Sv, Lang::En];

    /// The ISO 639-1 code, as written in catalogs and workbooks.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fi => "fi",
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    /// The language of a code, in any letter case and with spaces around.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code.trim().to_lowercase())
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A text in every language of the catalog.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Text(pub IndexMap<String, String>);

impl Text {
    /// The text in `lang`, falling back to Finnish, then to any language.
    pub fn get(&self, lang: Lang) -> &str {
        self.0
            .get(lang.code())
            .or_else(|| self.0.get("fi"))
            .or_else(|| self.0.values().next())
            .map(String::as_str)
            .unwrap_or("")
    }

    /// All translations, for matching answers typed in any language.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        self.0.values().map(String::as_str)
    }
}

/// Text as compared when matching answers: Unicode NFC, trimmed, inner whitespace
/// collapsed, case folded.
pub fn fold(s: &str) -> String {
    let nfc: String = s.nfkc().collect();
    nfc.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}
