//! User-interface texts in Finnish, Swedish and English (templates/texts.toml).
//!
//! Texts are data, like the catalog: the workbook writer, the validation report and the
//! summary all take their words from here.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::lang::{Lang, Text};

const TEXTS: &str = include_str!("../templates/texts.toml");

fn table() -> &'static HashMap<String, Text> {
    static TABLE: OnceLock<HashMap<String, Text>> = OnceLock::new();
    TABLE.get_or_init(|| toml::from_str(TEXTS).expect("templates/texts.toml is valid TOML"))
}

/// The text `key` in `lang`. A missing key is a programming error caught by the tests;
/// at run time it shows the key itself rather than failing.
pub fn t(key: &'static str, lang: Lang) -> &'static str {
    table().get(key).map(|t| t.get(lang)).unwrap_or(key)
}

/// The text `key` with `{name}` placeholders replaced.
pub fn tf(key: &'static str, lang: Lang, args: &[(&str, &str)]) -> String {
    let mut s = t(key, lang).to_string();
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

/// A message as a text key (templates/texts.toml) and the values of its placeholders, so
/// it can be told in any language later; `Display` gives the English. Library errors carry
/// one, and the commands tell it in the user's language.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// The text key, e.g. `reason_damaged`.
    pub key: &'static str,
    /// Values of the text's `{placeholders}`.
    pub args: Vec<(&'static str, String)>,
}

impl Message {
    /// The message `key` with its placeholder values.
    pub fn new(key: &'static str, args: &[(&'static str, String)]) -> Message {
        Message { key, args: args.to_vec() }
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let args: Vec<(&str, &str)> = self.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        tf(self.key, lang, &args)
    }
}

impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// An error that can be told in the user's language: every error type of the library has
/// one, and `Display` is its English.
pub trait Localized: std::error::Error {
    /// The message in `lang`.
    fn message(&self, lang: Lang) -> String;
}

/// A share (0.375) as a person of `lang` writes it, one decimal: "37,5 %" in Finnish and
/// Swedish, "37.5 %" in English.
pub fn percent(fraction: f64, lang: Lang) -> String {
    let text = format!("{:.1} %", fraction * 100.0);
    if lang == Lang::En { text } else { text.replace('.', ",") }
}

/// A count with its noun in the right number: the text `key` is "one|many", both with an
/// `{n}` ("{n} workbook|{n} workbooks").
pub fn counted(key: &'static str, n: usize, lang: Lang) -> String {
    let text = t(key, lang);
    let form = match text.split_once('|') {
        Some((one, _)) if n == 1 => one,
        Some((_, many)) => many,
        None => text,
    };
    form.replace("{n}", &n.to_string())
}

/// The language of console messages and of the summary when `--lang` is not given: the
/// locale of the environment (`LC_ALL`, then `LC_MESSAGES`, then `LANG`; the first one set
/// decides): fi… Finnish, sv… Swedish, anything else English (DESIGN §9). Every command
/// uses this one rule.
pub fn locale_lang() -> Lang {
    let var = |name: &str| std::env::var(name).ok();
    lang_of_locale([var("LC_ALL"), var("LC_MESSAGES"), var("LANG")])
}

/// `locale_lang` for given values of `LC_ALL`, `LC_MESSAGES` and `LANG`.
pub fn lang_of_locale(vars: [Option<String>; 3]) -> Lang {
    let locale = vars.into_iter().flatten().find(|v| !v.trim().is_empty()).unwrap_or_default();
    let locale = locale.trim().to_lowercase();
    if locale.starts_with("fi") {
        Lang::Fi
    } else if locale.starts_with("sv") {
        Lang::Sv
    } else {
        Lang::En
    }
}

// ---- text shown on a terminal ------------------------------------------------------------

/// Whether `c` is shown as an escape rather than applied on a terminal: control characters
/// (line breaks, carriage returns, tabs, ESC, BEL, C1 controls), the bidirectional
/// embeddings, overrides, isolates and marks (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
/// U+061C), zero-width and other invisible format characters (U+200B–U+200D, U+2060–U+2064,
/// U+206A–U+206F, U+FEFF, U+180E) and the line and paragraph separators (U+2028, U+2029).
pub fn is_hidden_control(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{206A}'..='\u{206F}'
                | '\u{FEFF}'
        )
}

/// Text from a return or a file name as a terminal shows it: every character of
/// [`is_hidden_control`] written as its escape (`\n`, `\r`, `\t`, `\u{1b}`, `\u{202e}`),
/// so a return can neither move the cursor, reorder what is shown nor forge lines. The one
/// escaping function of every console line and text report.
pub fn escaped(s: &str) -> std::borrow::Cow<'_, str> {
    escaped_but(s, &[])
}

/// [`escaped`] keeping line breaks and tabs: for a whole message of several lines whose
/// values were escaped already.
pub fn escaped_lines(s: &str) -> std::borrow::Cow<'_, str> {
    escaped_but(s, &['\n', '\t'])
}

fn escaped_but<'a>(s: &'a str, kept: &[char]) -> std::borrow::Cow<'a, str> {
    let hidden = |c: char| is_hidden_control(c) && !kept.contains(&c);
    if !s.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if hidden(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

// ---- text written into spreadsheet cells --------------------------------------------------

/// At most this many UTF-16 code units of text in one cell: Excel's limit is 32,767 and
/// rust_xlsxwriter counts in these units, so an emoji counts two.
pub const MAX_CELL_UNITS: usize = 32_000;
/// What ends a text that was cut to fit a cell.
pub const CUT_MARK: &str = "…(cut)";

/// Text cut to `MAX_CELL_UNITS` UTF-16 units, `CUT_MARK` included, at a character boundary.
pub fn cell_text(s: &str) -> String {
    if s.encode_utf16().count() <= MAX_CELL_UNITS {
        return s.to_string();
    }
    let room = MAX_CELL_UNITS - CUT_MARK.encode_utf16().count();
    let mut units = 0;
    let end = s
        .char_indices()
        .find(|(_, c)| {
            units += c.len_utf16();
            units > room
        })
        .map_or(s.len(), |(i, _)| i);
    format!("{}{CUT_MARK}", &s[..end])
}

/// Every key in every language, for tests.
#[cfg(test)]
pub fn keys() -> impl Iterator<Item = (&'static str, &'static Text)> {
    table().iter().map(|(k, v)| (k.as_str(), v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_controls_are_shown_as_escapes() {
        assert_eq!(escaped("Espoo"), "Espoo");
        assert!(matches!(escaped("Mänttä-Vilppula"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(escaped("a\u{1b}[2Jb\u{7}\nc\rd\te"), "a\\u{1b}[2Jb\\u{7}\\nc\\rd\\te");
        assert_eq!(escaped("x\u{202E}fdp.exe"), "x\\u{202e}fdp.exe");
        for c in
            ['\u{200B}', '\u{200F}', '\u{202A}', '\u{2066}', '\u{2069}', '\u{2028}', '\u{2029}']
        {
            assert_eq!(escaped(&c.to_string()), format!("\\u{{{:x}}}", c as u32), "{c:?}");
        }
        assert_eq!(escaped("\u{85}"), "\\u{85}", "a C1 control");
        assert_eq!(escaped_lines("one\ntwo\u{2028}\r"), "one\ntwo\\u{2028}\\r");
        assert_eq!(escaped(&escaped("a\nb")), escaped("a\nb"), "escaping twice changes nothing");
    }

    #[test]
    fn percent_is_written_as_in_the_language() {
        assert_eq!(percent(0.375, Lang::Fi), "37,5 %");
        assert_eq!(percent(0.375, Lang::Sv), "37,5 %");
        assert_eq!(percent(0.375, Lang::En), "37.5 %");
        assert_eq!(percent(1.0, Lang::Fi), "100,0 %");
    }

    #[test]
    fn every_text_has_all_languages() {
        for (key, text) in keys() {
            for lang in Lang::ALL {
                assert!(
                    text.0.get(lang.code()).is_some_and(|s| !s.trim().is_empty()),
                    "{key} lacks {lang}"
                );
            }
        }
        assert_eq!(t("sheet_summary", Lang::En), "Summary");
    }

    #[test]
    fn the_locale_decides_the_default_language() {
        let l = |a: Option<&str>, m: Option<&str>, g: Option<&str>| {
            lang_of_locale([a, m, g].map(|v| v.map(String::from)))
        };
        assert_eq!(l(None, None, Some("fi_FI.UTF-8")), Lang::Fi);
        assert_eq!(l(None, Some("sv_FI.UTF-8"), Some("fi_FI.UTF-8")), Lang::Sv);
        assert_eq!(l(Some("C"), Some("sv_FI"), Some("fi_FI")), Lang::En);
        assert_eq!(l(Some(""), None, Some("sv_SE")), Lang::Sv);
        assert_eq!(l(None, None, None), Lang::En);
    }
}
