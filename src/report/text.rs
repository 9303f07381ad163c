//! The reports rendered for people: the same structs as the JSON, in the reader's language.

use std::fmt::Write as _;

use crate::catalog::Lang;
use crate::check::Status;
use crate::check::findings::Severity;
use crate::measures::Measures;
use crate::read::format_number;
use crate::texts::{t, tf};

use super::{FileReport, FindingEntry, ScoreReport, ValidateReport};

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

fn pct(v: Option<f64>) -> String {
    match v {
        Some(v) => format!("{:.1} %", v * 100.0),
        None => "–".to_string(),
    }
}

fn measures_row(label: &str, m: &Measures, width: usize) -> String {
    let mut row = format!(
        "{label:<width$}  {:>9}  {:>9}  {:>9}  {:>9}",
        pct(Some(m.coverage)),
        pct(m.degree),
        pct(Some(m.realized)),
        pct(m.usage)
    );
    if let (Some(p), Some(max)) = (m.points, m.max_points) {
        let _ = write!(row, "  {:>5}/{:<5}", format_number(p), format_number(max));
    }
    row.push('\n');
    row
}

impl ScoreReport {
    /// The measures per area and overall, then per service.
    pub fn to_text(&self, lang: Lang) -> String {
        let mut out = String::new();
        let who = self.municipality.as_ref().map(|m| format!("{} {}", m.code, m.name)).unwrap_or_else(|| "?".into());
        let _ = writeln!(out, "{} — {who} — {} {}\n", self.path, self.catalog.id, self.catalog.version);
        let width = self.areas.iter().map(|a| a.name.chars().count()).max().unwrap_or(10).max(t("sum_overall", lang).chars().count());
        out.push_str(&self.header(lang, width));
        for a in &self.areas {
            out.push_str(&measures_row(&a.name, &a.measures, width));
        }
        out.push_str(&measures_row(t("sum_overall", lang), &self.overall, width));
        out.push('\n');
        out.push_str(&crate::savings::text_table(&self.areas, &self.overall, lang).unwrap_or_default());
        for a in &self.areas {
            let _ = writeln!(out, "{}", a.name);
            for s in &a.services {
                let state = match s.introduced {
                    Some(true) => pct(s.degree),
                    Some(false) => "–".into(),
                    None => "?".into(),
                };
                let _ = writeln!(out, "  {:<28} {:>9}  {:>9}  {}", s.id, state, pct(s.usage), s.name);
            }
        }
        out
    }

    fn header(&self, lang: Lang, width: usize) -> String {
        let cut = |key| t(key, lang).chars().take(9).collect::<String>();
        let mut header = format!(
            "{:<width$}  {:>9}  {:>9}  {:>9}  {:>9}",
            t("sum_area", lang),
            cut("sum_coverage"),
            cut("sum_degree"),
            cut("sum_realized"),
            cut("sum_usage")
        );
        if self.overall.max_points.is_some() {
            let _ = write!(header, "  {:>11}", t("sum_points", lang));
        }
        header.push('\n');
        header
    }
}
