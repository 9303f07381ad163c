//! How much of a return is kept: at most [`MAX_KEPT`] findings of each severity and
//! [`MAX_KEPT`] added services, the rest counted. A return of a million rows thus costs a
//! few hundred findings in every report, letter, data sheet and prefilled workbook, and no
//! number of returns can fill a sheet: a summary holds one counted return per municipality.

use crate::check::findings::{Code, Finding, Severity};
use crate::check::{AddedService, Return};
use crate::lang::Lang;
use crate::texts::{counted, tn};

/// At most this many findings of each severity (error, warning, information) are kept per
/// return, and at most this many services added in the blank rows; what follows is only
/// counted, and every list says how many were left out. A return as the template makes it
/// has well under 200 services, so only a broken or hostile one reaches the bound.
pub const MAX_KEPT: usize = 200;

/// The findings of one return beyond [`MAX_KEPT`]: how many were left out, by code.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LeftOut {
    /// Findings kept, per severity (`Severity` order: error, warning, information).
    kept: [usize; 3],
    /// Findings left out, by code, in the order first met.
    counts: Vec<(Code, usize)>,
}

fn slot(severity: Severity) -> usize {
    match severity {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

impl LeftOut {
    /// Whether `finding` is kept in `findings`; if not, it is counted here.
    pub(super) fn keep(&mut self, finding: &Finding) -> bool {
        let s = slot(finding.severity());
        if self.kept[s] < MAX_KEPT {
            self.kept[s] += 1;
            return true;
        }
        match self.counts.iter_mut().find(|(c, _)| *c == finding.code) {
            Some((_, n)) => *n += 1,
            None => self.counts.push((finding.code, 1)),
        }
        false
    }

    /// How many findings of `severity` were left out.
    pub fn of(&self, severity: Severity) -> usize {
        self.counts.iter().filter(|(c, _)| c.severity() == severity).map(|(_, n)| n).sum()
    }

    /// How many findings were left out in all.
    pub fn total(&self) -> usize {
        self.counts.iter().map(|(_, n)| n).sum()
    }

    /// The line that ends a list of the findings of `severity` when some were left out.
    pub fn line(&self, severity: Severity, lang: Lang) -> Option<String> {
        left_out_line(severity, self.of(severity), lang)
    }

    /// The line that ends one list of all the findings of `severities`, when some of them
    /// were left out.
    pub fn line_of(&self, severities: &[Severity], lang: Lang) -> Option<String> {
        left_out_of(severities, severities.iter().map(|&s| self.of(s)).sum(), lang)
    }
}

impl Return {
    /// Removes the findings of `codes`, kept and counted alike.
    pub(super) fn drop_codes(&mut self, codes: &[Code]) {
        for f in self.findings.iter().filter(|f| codes.contains(&f.code)) {
            let s = slot(f.severity());
            self.left_out.kept[s] = self.left_out.kept[s].saturating_sub(1);
        }
        self.findings.retain(|f| !codes.contains(&f.code));
        self.left_out.counts.retain(|(c, _)| !codes.contains(c));
    }

    /// Keeps the service made by `added`, or only counts it when [`MAX_KEPT`] are kept.
    pub(super) fn add_service(&mut self, added: impl FnOnce() -> AddedService) {
        if self.added.len() < MAX_KEPT {
            self.added.push(added());
        } else {
            self.added_left_out += 1;
        }
    }
}

/// The line that ends a list of findings of `severity` when `n` of them were left out:
/// "… and 989800 more errors, not listed (only the first 200 of each kind are kept)".
pub fn left_out_line(severity: Severity, n: usize, lang: Lang) -> Option<String> {
    let key = match severity {
        Severity::Error => "count_more_errors",
        Severity::Warning => "count_more_warnings",
        Severity::Info => "count_more_notes",
    };
    left_out(n, key, lang)
}

/// The line that ends one list of findings of several `severities` when `n` of them were
/// left out: "… and 50 more findings, not listed …"; one severity is named as such.
pub fn left_out_of(severities: &[Severity], n: usize, lang: Lang) -> Option<String> {
    match severities {
        [one] => left_out_line(*one, n, lang),
        _ => left_out(n, "count_more_findings", lang),
    }
}

/// The line that ends a return's list of added services when `n` more were left out.
pub fn added_left_out_line(n: usize, lang: Lang) -> Option<String> {
    left_out(n, "count_more_added", lang)
}

/// "… and {n} more …, not listed", or nothing for none.
fn left_out(n: usize, key: &'static str, lang: Lang) -> Option<String> {
    (n > 0).then(|| {
        let more = counted(key, n, lang);
        tn("findings_left_out", n, lang, &[("more", &more), ("max", &MAX_KEPT.to_string())])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(code: Code) -> Finding {
        Finding::new(code)
    }

    /// The bound is per severity: errors after many warnings are still kept, so a return
    /// keeps its status; the rest is counted by code.
    #[test]
    fn at_most_max_kept_findings_of_each_severity_are_kept() {
        let mut left = LeftOut::default();
        let warnings = (0..MAX_KEPT + 50).filter(|_| left.keep(&finding(Code::MovedService)));
        assert_eq!(warnings.count(), MAX_KEPT);
        let errors = (0..990_000).filter(|_| left.keep(&finding(Code::DuplicateService)));
        assert_eq!(errors.count(), MAX_KEPT);
        assert!(!left.keep(&finding(Code::InvalidChoice)));
        assert!(left.keep(&finding(Code::AddedService)), "another severity has room");
        assert_eq!(left.of(Severity::Error), 990_000 - MAX_KEPT + 1);
        assert_eq!(left.of(Severity::Warning), 50);
        assert_eq!(left.of(Severity::Info), 0);
        assert_eq!(left.total(), 989_851);
        assert_eq!(
            left.line(Severity::Error, Lang::En).unwrap(),
            "… and 989801 more errors, not listed (only the first 200 of each kind are kept)"
        );
        assert_eq!(left.line(Severity::Info, Lang::En), None);
        assert_eq!(
            left.line_of(&[Severity::Warning, Severity::Info], Lang::En).unwrap(),
            "… and 50 more findings, not listed (only the first 200 of each kind are kept)"
        );
    }

    /// Dropping a code (the unanswered services of an empty return) drops its count too
    /// and makes room again.
    #[test]
    fn dropped_codes_are_forgotten_kept_and_counted() {
        let catalog = crate::catalog::Catalog::default_catalog();
        let checker = crate::check::ReturnChecker::new(&catalog);
        let mut ret = checker
            .check_book(std::path::Path::new("x.xlsx"), Err(crate::read::ReadError::Encrypted));
        for _ in 0..MAX_KEPT + 7 {
            ret.push(finding(Code::UnansweredService));
        }
        ret.push(finding(Code::MovedService));
        assert_eq!((ret.warnings().count(), ret.left_out.of(Severity::Warning)), (MAX_KEPT, 8));
        ret.drop_codes(&[Code::UnansweredService]);
        assert_eq!((ret.warnings().count(), ret.left_out.of(Severity::Warning)), (0, 1));
        ret.push(finding(Code::MovedService));
        assert_eq!(ret.warnings().count(), 1);
    }

    /// However many returns a summary counts (one per municipality of the register), its
    /// lists of findings and added services stay within a sheet's 1,048,576 rows.
    #[test]
    fn a_summary_of_every_municipality_at_the_bound_fits_a_sheet() {
        let municipalities = crate::register::Register::embedded().municipalities.len();
        // Per counted return: every severity at the bound, and one line counting the rest.
        let findings_rows = municipalities * (3 * MAX_KEPT + 1);
        let added_rows = municipalities * (MAX_KEPT + 1);
        assert!(findings_rows < 1_048_576 && added_rows < 1_048_576);
    }
}
