//! The languages of the tool and texts in them, and how typed text is compared: the bottom
//! of the library, used by every layer.

use std::fmt;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

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

/// Text as compared when matching answers: Unicode NFKC, trimmed, inner whitespace
/// collapsed, case folded.
pub fn fold(s: &str) -> String {
    // Most texts are already in NFKC (a quick check says so for them): not copied for it.
    let nfkc: std::borrow::Cow<str> = match is_nfkc_quick(s.chars()) {
        IsNormalized::Yes => s.into(),
        _ => s.nfkc().collect::<String>().into(),
    };
    let mut collapsed = String::with_capacity(nfkc.len());
    for word in nfkc.split_whitespace() {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(word);
    }
    collapsed.to_lowercase()
}

/// Characters a program shows as nothing: zero-width spaces and joiners, bidirectional
/// controls, the soft hyphen, word joiners and the byte-order mark.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{61c}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// [`fold`] of the text as a person sees it: invisible characters dropped, so a name
/// with a zero-width space matches the name it looks like.
pub fn fold_visible(s: &str) -> String {
    fold(&s.chars().filter(|&c| !is_invisible(c)).collect::<String>())
}

/// The characters that make a text only look like another: invisible ones, spaces other
/// than the plain space (a no-break space) and compatibility forms (fullwidth letters),
/// each as `U+00A0 (9)` with its 1-based position. Empty for plain text.
pub fn lookalike_chars(s: &str) -> Vec<String> {
    s.chars()
        .enumerate()
        .filter(|&(_, c)| {
            c != ' ' && (is_invisible(c) || c.is_whitespace() || c.to_string().nfkc().ne([c]))
        })
        .map(|(i, c)| format!("U+{:04X} ({})", c as u32, i + 1))
        .collect()
}
