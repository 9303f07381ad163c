//! Findings: what is wrong with a returned workbook, each with a stable code, a severity
//! and a place (sheet, cell, service). Messages are rendered in the reader's language.

use serde::Serialize;

use crate::catalog::{Lang, Text};
use crate::texts::{t, tf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// Every finding the reader can report. The kebab-case names are the stable codes of
/// the JSON contract (DESIGN §5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Code {
    UnreadableFile,
    EncryptedFile,
    UnsupportedFormat,
    NotAnAssessment,
    CatalogMismatch,
    CatalogChanged,
    MissingSheet,
    RenamedSheet,
    ExtraSheet,
    MissingService,
    MovedService,
    DuplicateService,
    InvalidChoice,
    InvalidNumber,
    OutOfRange,
    IncompleteService,
    UnansweredService,
    UnansweredItem,
    InconsistentService,
    UsageWithoutIntroduction,
    MissingMunicipality,
    UnknownMunicipality,
    MunicipalityMismatch,
    MissingRespondent,
    InvalidDate,
    NormalizedAnswer,
    AddedService,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        use Code::*;
        match self {
            UnreadableFile => "unreadable-file",
            EncryptedFile => "encrypted-file",
            UnsupportedFormat => "unsupported-format",
            NotAnAssessment => "not-an-assessment",
            CatalogMismatch => "catalog-mismatch",
            CatalogChanged => "catalog-changed",
            MissingSheet => "missing-sheet",
            RenamedSheet => "renamed-sheet",
            ExtraSheet => "extra-sheet",
            MissingService => "missing-service",
            MovedService => "moved-service",
            DuplicateService => "duplicate-service",
            InvalidChoice => "invalid-choice",
            InvalidNumber => "invalid-number",
            OutOfRange => "out-of-range",
            IncompleteService => "incomplete-service",
            UnansweredService => "unanswered-service",
            UnansweredItem => "unanswered-item",
            InconsistentService => "inconsistent-service",
            UsageWithoutIntroduction => "usage-without-introduction",
            MissingMunicipality => "missing-municipality",
            UnknownMunicipality => "unknown-municipality",
            MunicipalityMismatch => "municipality-mismatch",
            MissingRespondent => "missing-respondent",
            InvalidDate => "invalid-date",
            NormalizedAnswer => "normalized-answer",
            AddedService => "added-service",
        }
    }

    pub fn severity(self) -> Severity {
        use Code::*;
        match self {
            UnreadableFile | EncryptedFile | UnsupportedFormat | NotAnAssessment | CatalogMismatch
            | MissingSheet | MissingService | DuplicateService | InvalidChoice | InvalidNumber
            | OutOfRange | MissingMunicipality | UnknownMunicipality | MunicipalityMismatch => Severity::Error,
            CatalogChanged | RenamedSheet | ExtraSheet | MovedService | IncompleteService | UnansweredService | UnansweredItem
            | InconsistentService | UsageWithoutIntroduction | MissingRespondent | InvalidDate
            | NormalizedAnswer => Severity::Warning,
            AddedService => Severity::Info,
        }
    }

    fn message_key(self) -> &'static str {
        use Code::*;
        match self {
            UnreadableFile => "msg_unreadable_file",
            EncryptedFile => "msg_encrypted_file",
            UnsupportedFormat => "msg_unsupported_format",
            NotAnAssessment => "msg_not_an_assessment",
            CatalogMismatch => "msg_catalog_mismatch",
            CatalogChanged => "msg_catalog_changed",
            MissingSheet => "msg_missing_sheet",
            RenamedSheet => "msg_renamed_sheet",
            ExtraSheet => "msg_extra_sheet",
            MissingService => "msg_missing_service",
            MovedService => "msg_moved_service",
            DuplicateService => "msg_duplicate_service",
            InvalidChoice => "msg_invalid_choice",
            InvalidNumber => "msg_invalid_number",
            OutOfRange => "msg_out_of_range",
            IncompleteService => "msg_incomplete_service",
            UnansweredService => "msg_unanswered_service",
            UnansweredItem => "msg_unanswered_item",
            InconsistentService => "msg_inconsistent_service",
            UsageWithoutIntroduction => "msg_usage_without_introduction",
            MissingMunicipality => "msg_missing_municipality",
            UnknownMunicipality => "msg_unknown_municipality",
            MunicipalityMismatch => "msg_municipality_mismatch",
            MissingRespondent => "msg_missing_respondent",
            InvalidDate => "msg_invalid_date",
            NormalizedAnswer => "msg_normalized_answer",
            AddedService => "msg_added_service",
        }
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub code: Code,
    pub sheet: Option<String>,
    pub cell: Option<String>,
    pub service: Option<String>,
    /// Values for the message's placeholders.
    pub args: Vec<(&'static str, Arg)>,
}

/// A placeholder value; texts are rendered in the report's language, not the workbook's.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Plain(String),
    /// A key of templates/texts.toml.
    Key(&'static str),
    /// Catalog texts (stage names and the like), joined by ", ".
    Catalog(Vec<Text>),
    /// Why a file could not be read, told in the report's language.
    Reason(crate::read::Reason),
}

impl Arg {
    fn render(&self, lang: Lang) -> String {
        match self {
            Arg::Plain(s) => s.clone(),
            Arg::Key(k) => t(k, lang).to_string(),
            Arg::Catalog(list) => list.iter().map(|x| x.get(lang)).collect::<Vec<_>>().join(", "),
            Arg::Reason(r) => r.message(lang),
        }
    }
}

impl Finding {
    pub fn new(code: Code) -> Finding {
        Finding { code, sheet: None, cell: None, service: None, args: Vec::new() }
    }

    pub fn sheet(mut self, sheet: impl Into<String>) -> Finding {
        self.sheet = Some(sheet.into());
        self
    }

    pub fn cell(mut self, cell: impl Into<String>) -> Finding {
        self.cell = Some(cell.into());
        self
    }

    pub fn service(mut self, id: impl Into<String>) -> Finding {
        self.service = Some(id.into());
        self
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<String>) -> Finding {
        self.args.push((name, Arg::Plain(value.into())));
        self
    }

    pub fn arg_key(mut self, name: &'static str, key: &'static str) -> Finding {
        self.args.push((name, Arg::Key(key)));
        self
    }

    pub fn arg_reason(mut self, name: &'static str, reason: crate::read::Reason) -> Finding {
        self.args.push((name, Arg::Reason(reason)));
        self
    }

    pub fn arg_texts(mut self, name: &'static str, texts: Vec<Text>) -> Finding {
        self.args.push((name, Arg::Catalog(texts)));
        self
    }

    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    pub fn message(&self, lang: Lang) -> String {
        let rendered: Vec<(&str, String)> = self.args.iter().map(|(k, v)| (*k, v.render(lang))).collect();
        let args: Vec<(&str, &str)> = rendered.iter().map(|(k, v)| (*k, v.as_str())).collect();
        tf(self.code.message_key(), lang, &args)
    }

    /// The JSON shape of DESIGN §6.
    pub fn to_json(&self, lang: Lang) -> serde_json::Value {
        serde_json::json!({
            "code": self.code,
            "severity": self.severity(),
            "sheet": self.sheet,
            "cell": self.cell,
            "service": self.service,
            "message": self.message(lang),
        })
    }
}
