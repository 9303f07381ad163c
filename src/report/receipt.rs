//! The intake server's answer to a check or a send with `Accept: application/json`:
//! `validate --format json` of the one file, the action, and for an accepted send its
//! receipt (docs/json.md, docs/schemas/intake.schema.json).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{FileReport, Totals, ValidateReport};

/// The answer to one check or send.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct IntakeReport {
    /// The one file, as `validate --format json` reports it (its `path` is the file's name
    /// as sent).
    pub files: Vec<FileReport>,
    /// Its status counted, as in `validate`.
    pub totals: Totals,
    /// `check` (nothing saved), `send`, or `copy` (a check whose answer is the corrected copy
    /// of an invalid return; the JSON when there is none to give).
    pub action: String,
    /// Why a send was not accepted, in the page's language: the errors, or the return of
    /// another municipality; `null` for a check and for an accepted send.
    pub refusal: Option<String>,
    /// The receipt of an accepted send; `null` otherwise.
    pub receipt: Option<Receipt>,
}

/// What a municipality keeps of an accepted send.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Receipt {
    /// The receipt number: the first 12 hex digits of the file's sha256.
    pub number: String,
    /// When it was received, ISO 8601 UTC (`2026-12-04T03:15:02Z`).
    pub time: String,
    /// The file's name as sent.
    pub file: String,
    /// Its name in the ministry's inbox (`091-helsinki-20261204T031502Z-1a2b3c4d.xlsx`).
    pub stored_as: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// The sha256 of its bytes, hex.
    pub sha256: String,
    /// The municipality it counts for (the link's, which the workbook names).
    pub municipality: String,
    /// How many of the catalog's services carry an answer.
    pub answered: usize,
    /// How many services the catalog has.
    pub services: usize,
}

impl IntakeReport {
    /// The answer for one file's report.
    pub fn new(
        file: FileReport,
        action: &str,
        refusal: Option<String>,
        receipt: Option<Receipt>,
    ) -> IntakeReport {
        let ValidateReport { files, totals } = ValidateReport::from_files(vec![file]);
        IntakeReport { files, totals, action: action.to_string(), refusal, receipt }
    }
}
