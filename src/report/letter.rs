//! The letter written for one municipality (`validate --report-dir`): plain text wrapped to
//! 72 columns for a mail program, addressed to the municipality by its register name and
//! code, in its language, saying what to correct (or, for an empty return, to fill in) and
//! where (sheet, cell, service) — never a cell of the hidden sheet —, naming the corrected
//! copy when one is written beside it, the deadline and where to send the workbook, and
//! signed by the round's contact (`--round`). It names the file, never a path of the
//! machine it was checked on.

use std::path::Path;

use crate::catalog::Catalog;
use crate::check::findings::{Code, Severity};
use crate::check::{Return, Status};
use crate::lang::Lang;
use crate::layout;
use crate::register::{Municipality, Register};
use crate::settings::RoundSettings;
use crate::texts::{escaped, t, tf, tn};

use super::wrap::{LETTER_WIDTH, wrap};
use super::{FileReport, FindingEntry};

/// What a letter says beyond the return itself.
#[derive(Clone, Copy)]
pub struct LetterContext<'a> {
    /// The letter's language ([`letter_lang`]).
    pub lang: Lang,
    /// The catalog the return was read with, to name services.
    pub catalog: Option<&'a Catalog>,
    /// The round (`--round`): the deadline, where to send, the contact who signs.
    pub round: Option<&'a RoundSettings>,
    /// The file name of the corrected copy written beside the letter, when one is.
    pub attachment: Option<&'a str>,
}

/// What a letter asks of the municipality.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LetterKind {
    /// Accepted, nothing to check.
    Valid,
    /// Accepted, with points to check.
    ValidWarnings,
    /// Errors to correct.
    Invalid,
    /// Nothing answered (`empty-return`): to fill in, not to correct.
    Empty,
    /// The file could not be read.
    Unreadable,
}

impl LetterKind {
    /// The kind of a return's letter.
    pub fn of(ret: &Return) -> LetterKind {
        match ret.status {
            Status::Unreadable => LetterKind::Unreadable,
            Status::Invalid if ret.findings.iter().any(|f| f.code == Code::EmptyReturn) => {
                LetterKind::Empty
            }
            Status::Invalid => LetterKind::Invalid,
            Status::Valid if ret.warnings().next().is_none() => LetterKind::Valid,
            Status::Valid => LetterKind::ValidWarnings,
        }
    }
}

/// The municipality a return's letter is addressed to: the one the workbook names, when it
/// is in the register; else (a file that could not be read, or names no municipality) the
/// one whose code begins the file's name as digiaste names files (`564-oulu-rikki.xlsx`:
/// Oulu).
pub fn addressee(ret: &Return) -> Option<&'static Municipality> {
    let register = Register::embedded();
    if let Some(m) = ret.municipality.as_ref().and_then(|m| register.get(&m.code)) {
        return Some(m);
    }
    let name = ret.path.file_name()?.to_string_lossy().into_owned();
    let (code, rest) = name.split_at_checked(3)?;
    let separated = rest.starts_with(['-', '_', ' ', '.']);
    (separated && code.bytes().all(|b| b.is_ascii_digit())).then(|| register.get(code))?
}

/// The language of a return's letter — the one place it is decided: `forced`
/// (`--feedback-lang`) when given, else the language of the municipality it is addressed to
/// ([`addressee`], the register's: Swedish for Mariehamn whatever template it filled in),
/// else the return's own language (its template's), else `fallback`.
pub fn letter_lang(ret: &Return, forced: Option<Lang>, fallback: Lang) -> Lang {
    forced
        .or_else(|| addressee(ret).map(Municipality::own_lang))
        .or(ret.language)
        .unwrap_or(fallback)
}

/// The letter for `ret`, wrapped to [`LETTER_WIDTH`] columns and ending in a line break.
pub fn letter(ret: &Return, cx: &LetterContext) -> String {
    let lang = cx.lang;
    let report = FileReport::new(ret, lang);
    let kind = LetterKind::of(ret);
    let file = Path::new(&report.path)
        .file_name()
        .map_or_else(|| report.path.clone(), |n| n.to_string_lossy().into_owned());
    let file = escaped(&file).into_owned();
    let mut out = Vec::new();
    let to = match addressee(ret) {
        Some(m) => {
            let named = format!("{} ({})", m.name(lang), m.code);
            tf("letter_to", lang, &[("municipality", &named)])
        }
        None => tf("letter_to_unknown", lang, &[("file", &file)]),
    };
    out.push(paragraph(&to));
    let subject = match cx.round.and_then(|r| r.name(lang)) {
        Some(round) => tf("letter_subject_round", lang, &[("round", round), ("file", &file)]),
        None => tf("letter_subject", lang, &[("file", &file)]),
    };
    out.push(format!("{}\n", paragraph(&subject)));
    out.push(format!("{}\n", paragraph(&opening(&report, kind, lang))));
    out.extend(sections(&report, kind, cx));
    out.push(format!("{}\n", paragraph(&next_steps(&report, kind, cx))));
    out.push(t("letter_closing", lang).to_string());
    if let Some(c) = cx.round.and_then(|r| r.contact.as_ref()) {
        out.push(paragraph(&c.name));
        out.push(paragraph(&c.email));
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// A paragraph wrapped to the letter's width.
fn paragraph(text: &str) -> String {
    wrap(text, LETTER_WIDTH, "", "")
}

/// What the letter says first: accepted, to correct, to fill in, or unreadable.
fn opening(report: &FileReport, kind: LetterKind, lang: Lang) -> String {
    match kind {
        LetterKind::Valid => t("letter_valid", lang).to_string(),
        LetterKind::ValidWarnings => t("letter_valid_warnings", lang).to_string(),
        LetterKind::Invalid => {
            tn("letter_invalid", report.errors.len() + report.left_out.errors, lang, &[])
        }
        LetterKind::Empty => t("letter_empty", lang).to_string(),
        LetterKind::Unreadable => t("letter_unreadable", lang).to_string(),
    }
}

/// The numbered lists: to correct, to check, for information. An empty return's own
/// finding is what the opening says, so it is not listed again.
fn sections(report: &FileReport, kind: LetterKind, cx: &LetterContext) -> Vec<String> {
    let lang = cx.lang;
    let listed = |f: &&FindingEntry| !(kind == LetterKind::Empty && f.code == "empty-return");
    let all = || report.errors.iter().chain(&report.warnings).filter(listed);
    let mut out = Vec::new();
    for (severity, heading) in [
        (Severity::Error, "letter_to_correct"),
        (Severity::Warning, "letter_to_check"),
        (Severity::Info, "letter_for_information"),
    ] {
        let list: Vec<&FindingEntry> = all().filter(|f| f.severity == severity).collect();
        if list.is_empty() {
            continue;
        }
        out.push(t(heading, lang).to_string());
        for (i, f) in list.iter().enumerate() {
            let number = format!("{:>3}. ", i + 1);
            out.push(wrap(&finding_line(f, cx), LETTER_WIDTH, &number, "     "));
        }
        let more = report.left_out.of(severity);
        if let Some(line) = crate::check::kept::left_out_line(severity, more, lang) {
            out.push(wrap(&line, LETTER_WIDTH, "     ", "     "));
        }
        out.push(String::new());
    }
    out
}

/// What happens next and what to do: with the corrected copy when one is attached, the
/// current template for a workbook of another catalog version, and the deadline and where
/// to send the workbook when the round gives them.
fn next_steps(report: &FileReport, kind: LetterKind, cx: &LetterContext) -> String {
    let lang = cx.lang;
    let outdated = report.errors.iter().any(|f| f.code == "catalog-mismatch");
    let next = match (kind, cx.attachment) {
        (LetterKind::Invalid, _) if outdated => t("letter_next_template", lang).to_string(),
        (LetterKind::Valid | LetterKind::ValidWarnings, _) => t("letter_next_valid", lang).into(),
        (LetterKind::Invalid, Some(file)) => {
            tf("letter_next_fix_copy", lang, &[("file", &escaped(file))])
        }
        (LetterKind::Invalid, None) => t("letter_next_fix", lang).to_string(),
        (LetterKind::Empty, Some(file)) => {
            tf("letter_next_fill_copy", lang, &[("file", &escaped(file))])
        }
        (LetterKind::Empty, None) => t("letter_next_fill", lang).to_string(),
        (LetterKind::Unreadable, _) => t("letter_next_unreadable", lang).to_string(),
    };
    let Some(how) = cx.round.and_then(|r| send_how(r, lang)) else { return next };
    let send = match kind {
        LetterKind::Valid | LetterKind::ValidWarnings => "letter_send_changes",
        _ => "letter_send",
    };
    format!("{next} {}", tf(send, lang, &[("how", &how)]))
}

/// "by 31 March 2026 to digiaste@vm.fi": the deadline and where to send, as far as the
/// round gives them.
fn send_how(round: &RoundSettings, lang: Lang) -> Option<String> {
    let by = round.deadline.map(|d| tf("letter_send_by", lang, &[("date", &d.display(lang))]));
    let to = round.return_to.as_ref().map(|r| tf("letter_send_to", lang, &[("to", r)]));
    let parts: Vec<String> = by.into_iter().chain(to).collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// "sheet Rakentaminen, cell D14, Rakennuslupa (asu.rakennuslupa): message [code]". A
/// finding on the hidden lists sheet is placed in words (the workbook's template
/// identity), never by a cell the municipality cannot see.
fn finding_line(f: &FindingEntry, cx: &LetterContext) -> String {
    let lang = cx.lang;
    let mut place = Vec::new();
    if f.sheet.as_deref() == Some(layout::LISTS_SHEET) {
        place.push(t("letter_place_identity", lang).to_string());
    } else {
        if let Some(s) = &f.sheet {
            place.push(format!("{} {}", t("letter_place_sheet", lang), escaped(s)));
        }
        if let Some(c) = &f.cell {
            place.push(format!("{} {}", t("letter_place_cell", lang), escaped(c)));
        }
    }
    if let Some(id) = &f.service {
        let named =
            cx.catalog.and_then(|c| c.areas.iter().flat_map(|a| &a.services).find(|s| &s.id == id));
        let id = escaped(id);
        place
            .push(named.map_or_else(|| id.to_string(), |s| format!("{} ({id})", s.name.get(lang))));
    }
    let place = if place.is_empty() { String::new() } else { format!("{}: ", place.join(", ")) };
    format!("{place}{} [{}]", escaped(&f.message), f.code)
}
