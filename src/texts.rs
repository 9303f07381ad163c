//! User-interface texts in Finnish, Swedish and English (templates/texts.toml).
//!
//! Texts are data, like the catalog: the workbook writer, the validation report and the
//! summary all take their words from here.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::catalog::{Lang, Text};

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

/// Every key in every language, for tests.
#[cfg(test)]
pub fn keys() -> impl Iterator<Item = (&'static str, &'static Text)> {
    table().iter().map(|(k, v)| (k.as_str(), v))
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
