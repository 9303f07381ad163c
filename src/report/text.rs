//! The reports rendered for people: the same structs as the JSON, in the reader's language.

use std::fmt::Write as _;

use crate::check::Status;
use crate::check::findings::Severity;
use crate::lang::Lang;
use crate::texts::{counted, escaped, t, tf};

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
        let count = |key, n| counted(key, n, lang);
        let totals = self.totals;
        out.push_str(&tf(
            "report_totals",
            lang,
            &[
                ("valid", &count("count_valid", totals.valid)),
                ("invalid", &count("count_invalid", totals.invalid)),
                ("unreadable", &count("count_unreadable", totals.unreadable)),
            ],
        ));
        out.push('\n');
        out
    }
}

fn file_text(out: &mut String, file: &FileReport, lang: Lang) {
    let who = file
        .municipality
        .as_ref()
        .map(|m| format!(" · {} {}", escaped(&m.code), escaped(&m.name)))
        .unwrap_or_default();
    let _ = writeln!(out, "{} — {}{who}", escaped(&file.path), status_word(file.status, lang));
    if file.errors.is_empty() && file.warnings.is_empty() {
        let _ = writeln!(out, "  {}", t("report_no_findings", lang));
    }
    let all = || file.errors.iter().chain(&file.warnings);
    let of = |sev: Severity| all().filter(|f| f.severity == sev).collect::<Vec<_>>();
    for (title, severity) in [
        (t("report_errors", lang), Severity::Error),
        (t("report_warnings", lang), Severity::Warning),
        (t("report_info", lang), Severity::Info),
    ] {
        let list = of(severity);
        if !list.is_empty() {
            let more = file.left_out.of(severity);
            let _ = writeln!(out, "  {title} ({}):", list.len() + more);
            findings_by_sheet(out, &list, lang);
            if let Some(line) = crate::check::kept::left_out_line(severity, more, lang) {
                let _ = writeln!(out, "    {line}");
            }
        }
    }
    out.push('\n');
}

/// Findings grouped by sheet, sheets in the order they first occur (one pass, so a
/// workbook of many sheets costs no more than its findings).
fn findings_by_sheet(out: &mut String, list: &[&FindingEntry], lang: Lang) {
    let mut sheets: indexmap::IndexMap<Option<&str>, Vec<&FindingEntry>> =
        indexmap::IndexMap::new();
    for f in list {
        sheets.entry(f.sheet.as_deref()).or_default().push(f);
    }
    for (sheet, findings) in sheets {
        let indent = match sheet {
            Some(s) => {
                let _ = writeln!(out, "    {}: {}", t("report_sheet", lang), escaped(s));
                "      "
            }
            None => "    ",
        };
        for run in runs(&findings) {
            let f = run[0];
            let mut place = String::new();
            if run.len() > 1 {
                // The same warning down a blank area: one line listing its cells.
                let cells: Vec<String> = run
                    .iter()
                    .filter_map(|f| f.cell.as_deref())
                    .map(|c| escaped(c).into_owned())
                    .collect();
                let _ = write!(place, "{} ({}): ", cells.join(", "), run.len());
            } else {
                if let Some(c) = &f.cell {
                    let _ = write!(place, "{:<5} ", escaped(c));
                }
                if let Some(s) = &f.service {
                    let _ = write!(place, "{}: ", escaped(s));
                }
            }
            let _ = writeln!(out, "{indent}{place}{} [{}]", escaped(&f.message), f.code);
        }
    }
}

/// Consecutive findings split into runs: a run is a warning repeated with the same code and
/// message at several cells; anything else stands alone.
fn runs<'a>(list: &[&'a FindingEntry]) -> Vec<Vec<&'a FindingEntry>> {
    let mut runs: Vec<Vec<&FindingEntry>> = Vec::new();
    for &f in list {
        let joins = runs.last().is_some_and(|run| {
            let last = run[run.len() - 1];
            f.severity == Severity::Warning
                && f.cell.is_some()
                && last.code == f.code
                && last.message == f.message
                && last.cell.is_some()
        });
        match runs.last_mut() {
            Some(run) if joins => run.push(f),
            _ => runs.push(vec![f]),
        }
    }
    runs
}
