//! A municipality's return carried into a fresh workbook of a catalog (docs/guide.md §7): the
//! answers by service id and option key (never by row or label), what cannot be carried
//! kept as notes, the findings marked for correction, the services new in the catalog
//! marked for answering. [`carry`] works this out as a [`Prefill`], the plain input the
//! writer (`workbook::writer::build_with`) puts into the cells.

mod findings;
mod removed;
mod savings;

use std::collections::HashMap;

use crate::catalog::{Catalog, Service};
use crate::check::Return;
use crate::lang::Lang;
use crate::layout::{self, AreaColumns, Respondent};
use crate::measures::ServiceAnswers;
use crate::texts::{t, tf};

pub use crate::workbook::fill::{AddedRow, CellNote, Correction, Mark, Place, Prefill, SheetRef};

/// What the return was read with, and what it is carried into.
pub struct Carry<'a> {
    /// The return's own catalog (the one it was read with).
    pub source: &'a Catalog,
    /// The catalog of the new workbook.
    pub target: &'a Catalog,
    /// The language of the new workbook: notes are written in it.
    pub lang: Lang,
}

impl Carry<'_> {
    /// The language the return was written in (for the original texts of lost answers).
    fn source_lang(&self, ret: &Return) -> Lang {
        ret.language.filter(|l| self.source.languages.contains(l)).unwrap_or(self.lang)
    }
}

/// Service id → (area, service) of a catalog.
fn positions(catalog: &Catalog) -> HashMap<&str, (usize, usize)> {
    catalog
        .areas
        .iter()
        .enumerate()
        .flat_map(|(a, area)| {
            area.services.iter().enumerate().map(move |(s, svc)| (svc.id.as_str(), (a, s)))
        })
        .collect()
}

/// Works out what `ret` (read with `how.source`) carries into a workbook of `how.target`.
pub fn carry(ret: &Return, how: &Carry) -> Prefill {
    let target = how.target;
    let mut p = Prefill {
        respondent: respondent(ret),
        answers: target
            .areas
            .iter()
            .map(|a| vec![ServiceAnswers::blank(target); a.services.len()])
            .collect(),
        comments: target.areas.iter().map(|a| vec![None; a.services.len()]).collect(),
        added: vec![Vec::new(); target.areas.len()],
        notes: Vec::new(),
        corrections: Vec::new(),
        kept: Vec::new(),
        removed: Vec::new(),
        savings: savings::carry(ret, how),
    };
    let from = positions(how.source);
    let cols = AreaColumns::new(target);
    for (a, area) in target.areas.iter().enumerate() {
        for (s, service) in area.services.iter().enumerate() {
            let place = |col| Place { sheet: SheetRef::Area(a), row: layout::service_row(s), col };
            let Some(&(fa, fs)) = from.get(service.id.as_str()) else {
                p.notes.push(CellNote {
                    place: place(cols.name),
                    text: t("prefill_new_service", how.lang).into(),
                    mark: Mark::New,
                });
                continue;
            };
            let (answers, lost) =
                map_answers(how, how.source_lang(ret), &ret.answers[fa][fs], service);
            for (col, text) in lost.into_iter().map(|(q, original)| (q.col(&cols), original)) {
                let text = tf("prefill_lost_answer", how.lang, &[("answer", &text)]);
                p.notes.push(CellNote { place: place(col), text, mark: Mark::Lost });
            }
            p.answers[a][s] = answers;
            p.comments[a][s] = ret.comments[fa][fs].clone();
        }
    }
    p.added = removed::added_rows(ret, how);
    p.removed = removed::removed_services(ret, how);
    findings::mark(ret, how, &mut p);
    p
}

/// The respondent block as the return had it, but for the response date: it is entered
/// anew, so a workbook sent back untouched never carries last round's date.
fn respondent(ret: &Return) -> Vec<(Respondent, String)> {
    [
        (Respondent::RespondentName, &ret.respondent),
        (Respondent::RespondentEmail, &ret.respondent_email),
    ]
    .into_iter()
    .filter_map(|(r, v)| v.clone().filter(|v| !v.is_empty()).map(|v| (r, v)))
    .collect()
}

/// A question of an area sheet, named by its meaning rather than its column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Question {
    Id,
    Name,
    Adoption,
    /// A stage of the target catalog, by index.
    Stage(usize),
    Usage,
    Comment,
}

impl Question {
    /// Its column in a workbook with these columns (the name column for a question the
    /// catalog does not ask).
    fn col(self, cols: &AreaColumns) -> u16 {
        match self {
            Question::Id => cols.id,
            Question::Name => cols.name,
            Question::Adoption => cols.adoption.unwrap_or(cols.name),
            Question::Stage(k) => cols.stages[k],
            Question::Usage => cols.usage.unwrap_or(cols.name),
            Question::Comment => cols.comment,
        }
    }
}

/// A service's answers moved from the source catalog's options to the target's, by option
/// key; the answers that cannot move, with their original text, beside.
fn map_answers(
    how: &Carry,
    src_lang: Lang,
    answers: &ServiceAnswers,
    new: &Service,
) -> (ServiceAnswers, Vec<(Question, String)>) {
    let (source, target) = (how.source, how.target);
    let mut out = ServiceAnswers::blank(target);
    let mut lost = Vec::new();
    if target.has_adoption() {
        out.introduced = answers.introduced;
    }
    for (k, option) in answers.stages.iter().enumerate() {
        let (Some(i), Some(stage)) = (*option, source.stages.get(k)) else { continue };
        let old_option = &stage.options[i];
        let original = format!("{}: {}", stage.name.get(how.lang), old_option.label.get(src_lang));
        let Some(tk) = target.stages.iter().position(|s| s.id == stage.id) else {
            lost.push((Question::Name, original));
            continue;
        };
        match target.stages[tk].options.iter().position(|o| o.key == old_option.key) {
            Some(ti) if new.stages.contains(&tk) => out.stages[tk] = Some(ti),
            _ => lost.push((Question::Stage(tk), original)),
        }
    }
    if target.usage {
        out.usage = answers.usage;
    } else if let Some(u) = answers.usage {
        lost.push((
            Question::Name,
            format!("{}: {}", t("col_usage", how.lang), crate::read::format_number(u)),
        ));
    }
    (out, lost)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::ReturnChecker;

    /// A return without findings gets no "To correct" list (and no sheet for it).
    #[test]
    fn no_findings_no_list() {
        let catalog = Catalog::default_catalog();
        let path =
            concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/prefill/091-prefilled-libreoffice.xlsx");
        let mut ret = ReturnChecker::new(&catalog).check_path(std::path::Path::new(path));
        assert!(
            !carry(&ret, &Carry { source: &catalog, target: &catalog, lang: Lang::Fi })
                .corrections
                .is_empty()
        );
        ret.findings.clear();
        let p = carry(&ret, &Carry { source: &catalog, target: &catalog, lang: Lang::Fi });
        assert!(p.corrections.is_empty() && p.notes.is_empty() && p.removed.is_empty());
        let bytes =
            crate::workbook::writer::build_with(&catalog, Lang::Fi, None, Some(&p)).unwrap();
        let book = crate::read::read_bytes(&bytes, "xlsx").unwrap();
        assert!(book.sheet("Korjattavaa").is_none());
        assert_eq!(book.sheets[1].name, "Asuminen, ympäristö, liikenne");
    }
}
