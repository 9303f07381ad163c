//! The reports rendered for people: the same structs as the JSON, in the reader's language.

use std::fmt::Write as _;

use crate::catalog::Lang;
use crate::check::Status;
use crate::check::findings::Severity;
use crate::texts::{t, tf};

use super::{FileReport, FindingEntry, ValidateReport};

fn status_word(s: Status, lang: Lang) -> &'static str {
    match s {
        Status::Valid => t("report_status_valid", lang),
        Status::Invalid => t("report_status_invalid", lang),
        Status::Unreadable => t("report_status_unreadable", lang),
    }
}

impl ValidateReport {
    /// The report a municipal official can act on: per file, errors then warnings, each
    /// grouped by sheet, with the cell, the service and a plain message.
    pub fn to_text(&self, lang: Lang) -> String {
        let mut out = String::new();
        for file in &self.files {
            file_text(&mut out, file, lang);
        }
        let count = |n: usize| n.to_string();
        let totals = self.totals;
        out.push_str(&tf(
            "report_totals",
            lang,
            &[("valid", &count(totals.valid)), ("invalid", &count(totals.invalid)), ("unreadable", &count(totals.unreadable))],
        ));
        out.push('\n');
        out
    }
}

fn file_text(out: &mut String, file: &FileReport, lang: Lang) {
    let who = file.municipality.as_ref().map(|m| format!(" · {} {}", m.code, m.name)).unwrap_or_default();
    let _ = writeln!(out, "{} — {}{who}", file.path, status_word(file.status, lang));
    if file.errors.is_empty() && file.warnings.is_empty() {
        let _ = writeln!(out, "  {}", t("report_no_findings", lang));
    }
    let all = || file.errors.iter().chain(&file.warnings);
    let of = |sev: Severity| all().filter(|f| f.severity == sev).collect::<Vec<_>>();
    for (title, list) in [
        (t("report_errors", lang), of(Severity::Error)),
        (t("report_warnings", lang), of(Severity::Warning)),
        (t("report_info", lang), of(Severity::Info)),
    ] {
        if !list.is_empty() {
            let _ = writeln!(out, "  {title} ({}):", list.len());
            findings_by_sheet(out, &list, lang);
        }
    }
    out.push('\n');
}

/// Findings grouped by sheet, sheets in the order they first occur.
fn findings_by_sheet(out: &mut String, list: &[&FindingEntry], lang: Lang) {
    let mut sheets: Vec<Option<&str>> = Vec::new();
    for f in list {
        if !sheets.contains(&f.sheet.as_deref()) {
            sheets.push(f.sheet.as_deref());
        }
    }
    for sheet in sheets {
        let indent = match sheet {
            Some(s) => {
                let _ = writeln!(out, "    {}: {s}", t("report_sheet", lang));
                "      "
            }
            None => "    ",
        };
        for f in list.iter().filter(|f| f.sheet.as_deref() == sheet) {
            let mut place = String::new();
            if let Some(c) = &f.cell {
                let _ = write!(place, "{c:<5} ");
            }
            if let Some(s) = &f.service {
                let _ = write!(place, "{s}: ");
            }
            let _ = writeln!(out, "{indent}{place}{} [{}]", f.message, f.code);
        }
    }
}
