//! The round's settings (`--round kierros-2026.toml`): what the instructions, the letters
//! and the intake pages tell municipalities about this round — its name, the deadline,
//! whom to contact and where to return the file. Every field is optional; a command given
//! no round file says nothing of them. The format is documented in docs/round.md.

use std::path::Path;

use serde::Deserialize;

use crate::lang::{Lang, Text};

/// At most this many bytes of round file are read: it is a few lines of TOML.
pub const MAX_ROUND_FILE_BYTES: u64 = 64 * 1024;

/// The settings of one round.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RoundSettings {
    /// The round's name per language ("Digitaalisuuden itsearviointi 2026"); empty if not
    /// given.
    pub name: Text,
    /// The last day to return the workbook.
    pub deadline: Option<Date>,
    /// Whom to contact with questions (the letters are signed with it).
    pub contact: Option<Contact>,
    /// Where the file is returned: an e-mail address or a link.
    pub return_to: Option<String>,
}

/// The round's contact person.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Name, e.g. "Maija Virtanen, valtiovarainministeriö".
    pub name: String,
    /// E-mail address.
    pub email: String,
}

/// A calendar day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Year, e.g. 2026.
    pub year: u16,
    /// Month 1–12.
    pub month: u8,
    /// Day of the month 1–31.
    pub day: u8,
}

impl Date {
    /// The date as ISO 8601, `2026-03-31`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// The date as people of `lang` write it: "31.3.2026" (fi, sv), "31 March 2026" (en).
    pub fn display(&self, lang: Lang) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        match lang {
            Lang::En => format!("{} {} {}", self.day, MONTHS[self.month as usize - 1], self.year),
            Lang::Fi | Lang::Sv => format!("{}.{}.{}", self.day, self.month, self.year),
        }
    }
}

/// Why a round file could not be used. `line` is 1-based when known.
#[derive(Debug, thiserror::Error)]
#[error("{file}{}: {message}", line.map(|l| format!(", line {l}")).unwrap_or_default())]
pub struct SettingsError {
    /// The file, as given.
    pub file: String,
    /// The line of the problem, when known.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl crate::texts::Localized for SettingsError {
    fn message(&self, lang: Lang) -> String {
        let line = self.line.map(|l| l.to_string()).unwrap_or_default();
        let key = if self.line.is_some() { "err_round_file_line" } else { "err_round_file" };
        crate::texts::tf(
            key,
            lang,
            &[("file", &self.file), ("line", &line), ("message", &self.message)],
        )
    }
}

/// The TOML shape of a round file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    name: Option<RawName>,
    deadline: Option<toml::value::Datetime>,
    contact: Option<Contact>,
    #[serde(rename = "return")]
    return_to: Option<String>,
}

/// A name in one language for all, or one per language.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawName {
    One(String),
    PerLanguage(indexmap::IndexMap<String, String>),
}

impl RoundSettings {
    /// Reads a round file; refuses one over `MAX_ROUND_FILE_BYTES` before parsing.
    pub fn load(path: &Path) -> Result<RoundSettings, SettingsError> {
        let file = path.display().to_string();
        let fail = |message: String| SettingsError { file: file.clone(), line: None, message };
        let meta = std::fs::metadata(path).map_err(|e| fail(format!("cannot read it: {e}")))?;
        if !meta.is_file() {
            return Err(fail("not a file".into()));
        }
        if meta.len() > MAX_ROUND_FILE_BYTES {
            return Err(fail(format!(
                "{} bytes; a round file is at most {MAX_ROUND_FILE_BYTES}",
                meta.len()
            )));
        }
        let bytes = std::fs::read(path).map_err(|e| fail(format!("cannot read it: {e}")))?;
        let text = String::from_utf8(bytes).map_err(|_| fail("not UTF-8 text".into()))?;
        RoundSettings::parse(&text, &file)
    }

    /// Parses round-file TOML; `file` names it in the error.
    pub fn parse(text: &str, file: &str) -> Result<RoundSettings, SettingsError> {
        let error = |line: Option<usize>, message: String| SettingsError {
            file: file.to_string(),
            line,
            message,
        };
        let raw: RawSettings = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            error(line, e.message().trim().to_string())
        })?;
        let name = match raw.name {
            None => Text::default(),
            Some(RawName::One(s)) => {
                Text(Lang::ALL.iter().map(|l| (l.code().to_string(), s.clone())).collect())
            }
            Some(RawName::PerLanguage(map)) => {
                if let Some(other) = map.keys().find(|k| Lang::from_code(k).is_none()) {
                    return Err(error(None, format!("name: \"{other}\" is not fi, sv or en")));
                }
                Text(map)
            }
        };
        let deadline = raw.deadline.map(|d| date_of(&d)).transpose().map_err(|m| error(None, m))?;
        if let Some(c) = &raw.contact
            && (c.name.trim().is_empty() || !c.email.contains('@'))
        {
            return Err(error(None, "contact: needs a name and an e-mail address".into()));
        }
        Ok(RoundSettings { name, deadline, contact: raw.contact, return_to: raw.return_to })
    }

    /// The round's name in `lang`, when one was given.
    pub fn name(&self, lang: Lang) -> Option<&str> {
        Some(self.name.get(lang)).filter(|s| !s.is_empty())
    }
}

/// A TOML date (`deadline = 2026-03-31`) as a calendar day; a time of day is refused.
fn date_of(d: &toml::value::Datetime) -> Result<Date, String> {
    match (d.date, d.time) {
        (Some(date), None) => Ok(Date { year: date.year, month: date.month, day: date.day }),
        _ => Err(format!("deadline: {d} is not a date like 2026-03-31")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FULL: &str = r#"
name = { fi = "Digitaalisuuden itsearviointi 2026", sv = "Självbedömning av digitaliseringen 2026" }
deadline = 2026-03-31
return = "digiaste@vm.fi"

[contact]
name = "Maija Virtanen"
email = "maija.virtanen@gov.fi"
"#;

    #[test]
    fn a_full_round_file_reads() {
        let s = RoundSettings::parse(FULL, "kierros.toml").unwrap();
        assert_eq!(s.name(Lang::Sv), Some("Självbedömning av digitaliseringen 2026"));
        // English falls back to Finnish.
        assert_eq!(s.name(Lang::En), Some("Digitaalisuuden itsearviointi 2026"));
        assert_eq!(s.deadline.unwrap().iso(), "2026-03-31");
        assert_eq!(s.deadline.unwrap().display(Lang::Fi), "31.3.2026");
        assert_eq!(s.deadline.unwrap().display(Lang::En), "31 March 2026");
        assert_eq!(s.contact.unwrap().email, "maija.virtanen@gov.fi");
        assert_eq!(s.return_to.as_deref(), Some("digiaste@vm.fi"));
    }

    #[test]
    fn an_empty_round_file_says_nothing() {
        let s = RoundSettings::parse("", "k.toml").unwrap();
        assert_eq!(s, RoundSettings::default());
        assert_eq!(s.name(Lang::Fi), None);
    }

    #[test]
    fn mistakes_name_the_file_and_line() {
        let e = RoundSettings::parse("name = \"x\"\ndeadlin = 2026-03-31\n", "k.toml").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.to_string().starts_with("k.toml, line 2: "), "{e}");
        let e = RoundSettings::parse("deadline = 2026-03-31T12:00:00\n", "k.toml").unwrap_err();
        assert!(e.message.contains("is not a date"), "{e}");
        let e = RoundSettings::parse("[contact]\nname = \"M\"\nemail = \"x\"\n", "k.toml");
        assert!(e.unwrap_err().message.contains("e-mail"));
        let e = RoundSettings::parse("name = { de = \"x\" }\n", "k.toml").unwrap_err();
        assert!(e.message.contains("\"de\""), "{e}");
    }
}
