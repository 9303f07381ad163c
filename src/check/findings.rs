//! Findings: what is wrong with a returned workbook, each with a stable code, a severity
//! and a place (sheet, cell, service). Messages are rendered in the reader's language.

use serde::Serialize;

use crate::lang::{Lang, Text};
use crate::texts::{t, tf, tn};

/// How much a finding weighs: an error makes the return invalid, the others only tell.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The answers cannot be trusted as they are.
    Error,
    /// Read with a repair or a gap the municipality should know about.
    Warning,
    /// Worth telling, nothing wrong.
    Info,
}

/// Declares every finding code once — variant, stable kebab-case name, severity and the
/// key of its message in templates/texts.toml — and derives the lookups from that table,
/// so adding a code is one line.
macro_rules! codes {
    ($($variant:ident, $name:literal, $severity:ident, $key:literal;)*) => {
        /// Every finding the reader can report. The kebab-case names are the stable codes
        /// of the JSON contract (docs/findings.md).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code {
            $(#[doc = $name] $variant,)*
        }

        impl Code {
            /// Every code, in the order of the table.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable kebab-case code of the JSON contract.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// Whether the finding makes a return invalid (error) or only tells (warning, info).
            pub fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }

            /// The key of the message template in templates/texts.toml.
            fn message_key(self) -> &'static str {
                match self {
                    $(Code::$variant => $key,)*
                }
            }
        }
    };
}

codes! {
    UnreadableFile, "unreadable-file", Error, "msg_unreadable_file";
    EncryptedFile, "encrypted-file", Error, "msg_encrypted_file";
    UnsupportedFormat, "unsupported-format", Error, "msg_unsupported_format";
    NotAnAssessment, "not-an-assessment", Error, "msg_not_an_assessment";
    CatalogMismatch, "catalog-mismatch", Error, "msg_catalog_mismatch";
    CatalogChanged, "catalog-changed", Warning, "msg_catalog_changed";
    MissingSheet, "missing-sheet", Error, "msg_missing_sheet";
    RenamedSheet, "renamed-sheet", Warning, "msg_renamed_sheet";
    ExtraSheet, "extra-sheet", Warning, "msg_extra_sheet";
    HiddenSheet, "hidden-sheet", Warning, "msg_hidden_sheet";
    LookalikeSheet, "lookalike-sheet-name", Warning, "msg_lookalike_sheet";
    MissingService, "missing-service", Error, "msg_missing_service";
    MovedService, "moved-service", Warning, "msg_moved_service";
    DuplicateService, "duplicate-service", Error, "msg_duplicate_service";
    InvalidChoice, "invalid-choice", Error, "msg_invalid_choice";
    InvalidNumber, "invalid-number", Error, "msg_invalid_number";
    OutOfRange, "out-of-range", Error, "msg_out_of_range";
    IncompleteService, "incomplete-service", Warning, "msg_incomplete_service";
    UnansweredService, "unanswered-service", Warning, "msg_unanswered_service";
    UnansweredItem, "unanswered-item", Warning, "msg_unanswered_item";
    InconsistentService, "inconsistent-service", Warning, "msg_inconsistent_service";
    UsageWithoutIntroduction, "usage-without-introduction", Warning, "msg_usage_without_introduction";
    MissingMunicipality, "missing-municipality", Error, "msg_missing_municipality";
    UnknownMunicipality, "unknown-municipality", Error, "msg_unknown_municipality";
    MunicipalityMismatch, "municipality-mismatch", Error, "msg_municipality_mismatch";
    DefinedNameMoved, "defined-name-moved", Error, "msg_defined_name_moved";
    FileNamesOther, "file-names-other-municipality", Warning, "msg_file_names_other";
    MissingRespondent, "missing-respondent", Warning, "msg_missing_respondent";
    InvalidDate, "invalid-date", Warning, "msg_invalid_date";
    NormalizedAnswer, "normalized-answer", Warning, "msg_normalized_answer";
    AddedService, "added-service", Info, "msg_added_service";
    EmptyReturn, "empty-return", Error, "msg_empty_return";
    IncompleteReturn, "incomplete-return", Warning, "msg_incomplete_return";
    UnchangedPrefill, "unchanged-prefill", Warning, "msg_unchanged_prefill";
    OwnOutput, "own-output", Info, "msg_own_output";
    InvalidSavingsInput, "invalid-savings-input", Error, "msg_invalid_savings_input";
    UnusualHourlyCost, "unusual-hourly-cost", Warning, "msg_unusual_hourly_cost";
    VolumeWithoutUsage, "volume-without-usage", Warning, "msg_volume_without_usage";
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One problem found in a return, with its place.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// What is wrong.
    pub code: Code,
    /// The sheet, as named in the file.
    pub sheet: Option<String>,
    /// The cell, such as `D7`.
    pub cell: Option<String>,
    /// The id of the catalog service concerned.
    pub service: Option<String>,
    /// Values for the message's placeholders.
    pub args: Vec<(&'static str, Arg)>,
}

/// A placeholder value; texts are rendered in the report's language, not the workbook's.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// Text as it is.
    Plain(String),
    /// A key of templates/texts.toml.
    Key(&'static str),
    /// Catalog texts (stage names and the like), joined by ", ".
    Catalog(Vec<Text>),
    /// Why a file could not be read, told in the report's language.
    Reason(crate::read::Reason),
    /// A text of templates/texts.toml with its own placeholders filled.
    Keyed(&'static str, Vec<(&'static str, String)>),
    /// The count `{n}` of a counted message: it picks the message's form (`texts::tn`).
    Count(usize),
}

impl Arg {
    fn render(&self, lang: Lang) -> String {
        match self {
            Arg::Plain(s) => s.clone(),
            Arg::Key(k) => t(k, lang).to_string(),
            Arg::Catalog(list) => list.iter().map(|x| x.get(lang)).collect::<Vec<_>>().join(", "),
            Arg::Reason(r) => r.message(lang),
            Arg::Keyed(k, args) => {
                let args: Vec<(&str, &str)> = args.iter().map(|(n, v)| (*n, v.as_str())).collect();
                tf(k, lang, &args)
            }
            Arg::Count(n) => n.to_string(),
        }
    }
}

impl Finding {
    /// A finding with no place yet.
    pub fn new(code: Code) -> Finding {
        Finding { code, sheet: None, cell: None, service: None, args: Vec::new() }
    }

    /// Placed on a sheet.
    pub fn sheet(mut self, sheet: impl Into<String>) -> Finding {
        self.sheet = Some(sheet.into());
        self
    }

    /// Placed at a cell.
    pub fn cell(mut self, cell: impl Into<String>) -> Finding {
        self.cell = Some(cell.into());
        self
    }

    /// About a catalog service.
    pub fn service(mut self, id: impl Into<String>) -> Finding {
        self.service = Some(id.into());
        self
    }

    /// A placeholder filled with text as it is.
    pub fn arg(mut self, name: &'static str, value: impl Into<String>) -> Finding {
        self.args.push((name, Arg::Plain(value.into())));
        self
    }

    /// A placeholder filled with a text of templates/texts.toml, in the report's language.
    pub fn arg_key(mut self, name: &'static str, key: &'static str) -> Finding {
        self.args.push((name, Arg::Key(key)));
        self
    }

    /// A placeholder filled with a text of templates/texts.toml whose own placeholders are
    /// filled with `args`, in the report's language.
    pub fn arg_keyed(
        mut self,
        name: &'static str,
        key: &'static str,
        args: Vec<(&'static str, String)>,
    ) -> Finding {
        self.args.push((name, Arg::Keyed(key, args)));
        self
    }

    /// The count `{n}` of a counted message ("1 of 64 services" or "41 of 64 services"),
    /// which picks the message's form in every language.
    pub fn count(mut self, n: usize) -> Finding {
        self.args.push(("n", Arg::Count(n)));
        self
    }

    /// A placeholder filled with why a file could not be read.
    pub fn arg_reason(mut self, name: &'static str, reason: crate::read::Reason) -> Finding {
        self.args.push((name, Arg::Reason(reason)));
        self
    }

    /// A placeholder filled with catalog texts, in the report's language.
    pub fn arg_texts(mut self, name: &'static str, texts: Vec<Text>) -> Finding {
        self.args.push((name, Arg::Catalog(texts)));
        self
    }

    /// The severity of the finding's code.
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    /// The message in `lang`, placeholders filled.
    pub fn message(&self, lang: Lang) -> String {
        let rendered: Vec<(&str, String)> =
            self.args.iter().map(|(k, v)| (*k, v.render(lang))).collect();
        let args: Vec<(&str, &str)> = rendered.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let count = self.args.iter().find_map(|(_, v)| match v {
            Arg::Count(n) => Some(*n),
            _ => None,
        });
        match count {
            Some(n) => tn(self.code.message_key(), n, lang, &args),
            None => tf(self.code.message_key(), lang, &args),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_unique_name_and_a_message_in_every_language() {
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
        for code in Code::ALL {
            for lang in Lang::ALL {
                let message = tn(code.message_key(), 2, lang, &[]);
                assert_ne!(message, code.message_key(), "{}", code.as_str());
            }
        }
    }
}
