//! The report written for one municipality (`validate --report-dir`): a letter in its
//! language saying whom it is for, what to correct and where (sheet, cell, service), and
//! what happens next. It names the file, never a path of the machine it was checked on.

use std::fmt::Write as _;
use std::path::Path;

use crate::catalog::Catalog;
use crate::check::Status;
use crate::check::findings::Severity;
use crate::lang::Lang;
use crate::register::Register;
use crate::texts::{escaped, t, tf, tn};

use super::{FileReport, FindingEntry};

impl FileReport {
    /// The letter to the municipality that returned this file, in `lang`; services are
    /// named from `catalog` (the one the return was read with) when given.
    pub fn to_letter(&self, lang: Lang, catalog: Option<&Catalog>) -> String {
        let mut out = String::new();
        let municipality = match &self.municipality {
            Some(m) => {
                let name =
                    Register::embedded().get(&m.code).map_or(m.name.as_str(), |r| r.name(lang));
                format!("{} ({})", escaped(name), escaped(&m.code))
            }
            None => t("letter_unknown_municipality", lang).to_string(),
        };
        let file = Path::new(&self.path)
            .file_name()
            .map_or_else(|| self.path.clone(), |n| n.to_string_lossy().into_owned());
        let _ = writeln!(out, "{}", tf("letter_to", lang, &[("municipality", &municipality)]));
        let _ = writeln!(out, "{}\n", tf("letter_subject", lang, &[("file", &escaped(&file))]));
        let errors = self.errors.len() + self.left_out.errors;
        let opening = match self.status {
            Status::Valid if self.warnings.is_empty() => t("letter_valid", lang).to_string(),
            Status::Valid => t("letter_valid_warnings", lang).to_string(),
            Status::Invalid => tn("letter_invalid", errors, lang, &[]),
            Status::Unreadable => t("letter_unreadable", lang).to_string(),
        };
        let _ = writeln!(out, "{opening}\n");
        let all = || self.errors.iter().chain(&self.warnings);
        for (severity, heading) in [
            (Severity::Error, "letter_to_correct"),
            (Severity::Warning, "letter_to_check"),
            (Severity::Info, "letter_for_information"),
        ] {
            let list: Vec<&FindingEntry> = all().filter(|f| f.severity == severity).collect();
            if !list.is_empty() {
                let _ = writeln!(out, "{}", t(heading, lang));
                for (i, f) in list.iter().enumerate() {
                    let _ = writeln!(out, "{:>3}. {}", i + 1, finding_line(f, lang, catalog));
                }
                let more = self.left_out.of(severity);
                if let Some(line) = crate::check::kept::left_out_line(severity, more, lang) {
                    let _ = writeln!(out, "     {line}");
                }
                out.push('\n');
            }
        }
        let next = match self.status {
            Status::Valid => "letter_next_valid",
            Status::Invalid => "letter_next_fix",
            Status::Unreadable => "letter_next_unreadable",
        };
        let _ = writeln!(out, "{}", t(next, lang));
        out
    }
}

/// "sheet Rakentaminen, cell D14, Rakennuslupa (asu.rakennuslupa): message [code]".
fn finding_line(f: &FindingEntry, lang: Lang, catalog: Option<&Catalog>) -> String {
    let mut place = Vec::new();
    if let Some(s) = &f.sheet {
        place.push(format!("{} {}", t("letter_place_sheet", lang), escaped(s)));
    }
    if let Some(c) = &f.cell {
        place.push(format!("{} {}", t("letter_place_cell", lang), escaped(c)));
    }
    if let Some(id) = &f.service {
        let named =
            catalog.and_then(|c| c.areas.iter().flat_map(|a| &a.services).find(|s| &s.id == id));
        let id = escaped(id);
        place
            .push(named.map_or_else(|| id.to_string(), |s| format!("{} ({id})", s.name.get(lang))));
    }
    let place = if place.is_empty() { String::new() } else { format!("{}: ", place.join(", ")) };
    format!("{place}{} [{}]", escaped(&f.message), f.code)
}
