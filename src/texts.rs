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
/// at run time it shows the key itself rather than failing. A counted text (two forms,
/// see [`tn`]) is never asked for with `t`: that would show both forms.
pub fn t(key: &'static str, lang: Lang) -> &'static str {
    let text = table().get(key).map(|t| t.get(lang)).unwrap_or(key);
    debug_assert!(!text.contains(FORMS), "{key} is a counted text: use texts::tn");
    text
}

/// What separates the two forms of a counted text: "{n} workbook|{n} workbooks".
const FORMS: char = '|';

/// Which form of a counted text a count `n` takes in `lang`. Finnish, Swedish and English
/// have the same two plural categories (CLDR's `one` and `other`): one for 1, the other
/// form for every other count, 0 included ("0 kuntaa", "0 kommuner", "0 municipalities").
fn takes_singular(n: usize, lang: Lang) -> bool {
    match lang {
        Lang::Fi | Lang::Sv | Lang::En => n == 1,
    }
}

/// The counted text `key` for the count `n`: a counted text holds two forms, the singular
/// first, separated by `|` ("{n} workbook|{n} workbooks", or a whole sentence when words
/// around the count agree with it: "… on {n} virhe, joka …|… on {n} virhettä, jotka …"),
/// in every language. The form `n` takes is chosen, `{n}` is replaced by the count and the
/// other placeholders by `args`. Every count shown to a person goes through here.
pub fn tn(key: &'static str, n: usize, lang: Lang, args: &[(&str, &str)]) -> String {
    let text = table().get(key).map(|t| t.get(lang)).unwrap_or(key);
    let form = match text.split_once(FORMS) {
        Some((one, _)) if takes_singular(n, lang) => one,
        Some((_, other)) => other,
        None => text,
    };
    let mut s = form.replace("{n}", &n.to_string());
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
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

/// A count with its noun in the right number: [`tn`] without other placeholders
/// ("1 workbook", "3 workbooks").
pub fn counted(key: &'static str, n: usize, lang: Lang) -> String {
    tn(key, n, lang, &[])
}

/// The language of console messages and of the summary when `--lang` is not given: the
/// locale of the environment (`LC_ALL`, then `LC_MESSAGES`, then `LANG`; the first one set
/// decides), and when none is set (Windows, a macOS application) the locale the operating
/// system reports (`sys-locale`): fi… Finnish, sv… Swedish, anything else English
/// (docs/languages.md). Every command uses this one rule.
pub fn locale_lang() -> Lang {
    let var = |name: &str| std::env::var(name).ok();
    lang_of_locale_or([var("LC_ALL"), var("LC_MESSAGES"), var("LANG")], sys_locale::get_locale)
}

/// `locale_lang` for given values of `LC_ALL`, `LC_MESSAGES` and `LANG`, and the system's
/// locale `system` (asked only when none of the three is set, e.g. `fi-FI` on Windows).
pub fn lang_of_locale_or(
    vars: [Option<String>; 3],
    system: impl FnOnce() -> Option<String>,
) -> Lang {
    let set = vars.into_iter().flatten().find(|v| !v.trim().is_empty());
    let locale = set.or_else(system).unwrap_or_default();
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
            let vars = [a, m, g].map(|v| v.map(String::from));
            lang_of_locale_or(vars, || panic!("the system is not asked when a variable is set"))
        };
        assert_eq!(l(None, None, Some("fi_FI.UTF-8")), Lang::Fi);
        assert_eq!(l(None, Some("sv_FI.UTF-8"), Some("fi_FI.UTF-8")), Lang::Sv);
        assert_eq!(l(Some("C"), Some("sv_FI"), Some("fi_FI")), Lang::En);
        assert_eq!(l(Some(""), None, Some("sv_SE")), Lang::Sv);
    }

    #[test]
    fn without_locale_variables_the_system_locale_decides() {
        let count = std::cell::Cell::new(0);
        let asked = &count;
        let system = |locale: Option<&'static str>| {
            move || {
                asked.set(asked.get() + 1);
                locale.map(String::from)
            }
        };
        // Windows reports "fi-FI", macOS "sv-FI" or "en-US": BCP 47 tags.
        assert_eq!(lang_of_locale_or([None, None, None], system(Some("fi-FI"))), Lang::Fi);
        assert_eq!(lang_of_locale_or([None, None, None], system(Some("sv-FI"))), Lang::Sv);
        let blank = [Some(" ".to_string()), Some(String::new()), None];
        assert_eq!(lang_of_locale_or(blank, system(Some("sv-SE"))), Lang::Sv, "blank = unset");
        assert_eq!(lang_of_locale_or([None, None, None], system(Some("de-DE"))), Lang::En);
        assert_eq!(lang_of_locale_or([None, None, None], system(None)), Lang::En);
        assert_eq!(count.get(), 5, "the system's locale was asked each time");
    }

    #[test]
    fn counted_texts_take_the_form_of_their_count() {
        assert_eq!(counted("count_municipalities", 1, Lang::Fi), "1 kunta");
        assert_eq!(counted("count_municipalities", 0, Lang::Fi), "0 kuntaa");
        assert_eq!(counted("count_municipalities", 11, Lang::Sv), "11 kommuner");
        assert_eq!(counted("count_municipalities", 1, Lang::En), "1 municipality");
        let dir = [("dir", "palaute")];
        assert_eq!(
            tn("count_feedback_written", 1, Lang::Sv, &dir),
            "palaute: 1 responsarbetsbok skriven"
        );
        assert_eq!(
            tn("count_feedback_written", 2, Lang::Sv, &dir),
            "palaute: 2 responsarbetsböcker skrivna"
        );
    }

    #[test]
    fn a_counted_text_has_two_forms_in_every_language_or_none() {
        let mut counted = 0;
        for (key, text) in keys() {
            let forms: Vec<usize> =
                Lang::ALL.iter().map(|&l| text.get(l).matches(FORMS).count()).collect();
            assert!(forms == [0, 0, 0] || forms == [1, 1, 1], "{key}: forms {forms:?}");
            if forms == [1, 1, 1] {
                counted += 1;
                for l in Lang::ALL {
                    let (one, other) = text.get(l).split_once(FORMS).unwrap();
                    // The count itself, or a counted phrase ("{more}": "3 more errors").
                    let shows_count = other.contains("{n}") || other.contains("{more}");
                    assert!(shows_count && !one.trim().is_empty(), "{key} in {l}");
                }
            }
        }
        assert!(counted > 30, "{counted} counted texts");
    }
}
