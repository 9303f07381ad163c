//! The services that are not one-to-one in both catalogs: those the municipality added
//! (carried into the blank rows of their area) and those this catalog no longer has
//! (listed with their old answers).

use crate::catalog::Catalog;
use crate::check::Return;
use crate::lang::Lang;
use crate::measures::ServiceAnswers;
use crate::read::format_number;
use crate::texts::t;

use super::{AddedRow, Carry, positions};

/// The added services of each target area, their answers moved by option key; an option
/// the target lacks is left out (the old catalog's label goes to the comment).
pub(super) fn added_rows(ret: &Return, how: &Carry) -> Vec<Vec<AddedRow>> {
    let (source, target) = (how.source, how.target);
    let mut rows = vec![Vec::new(); target.areas.len()];
    for added in &ret.added {
        let Some(a) = target.areas.iter().position(|area| area.id == added.area) else { continue };
        let mut answers = ServiceAnswers::blank(target);
        answers.introduced = added.introduced.filter(|_| target.has_adoption());
        answers.usage = added.usage.filter(|_| target.usage);
        let mut lost = Vec::new();
        for (k, i) in added.stages.iter().enumerate() {
            let (Some(i), Some(stage)) = (*i, source.stages.get(k)) else { continue };
            let key = &stage.options[i].key;
            let found = target.stages.iter().position(|s| s.id == stage.id).and_then(|tk| {
                target.stages[tk].options.iter().position(|o| &o.key == key).map(|ti| (tk, ti))
            });
            match found {
                Some((tk, ti)) => answers.stages[tk] = Some(ti),
                None => lost.push(format!(
                    "{}: {}",
                    stage.name.get(how.lang),
                    stage.options[i].label.get(how.source_lang(ret))
                )),
            }
        }
        let comment = match (added.comment.clone(), lost.is_empty()) {
            (c, true) => c,
            (c, false) => Some(c.into_iter().chain(lost).collect::<Vec<_>>().join("\n")),
        };
        rows[a].push(AddedRow { name: added.name.clone(), answers, comment });
    }
    rows
}

/// One line per service of the return's catalog that the target lacks (and per added
/// service whose area it lacks): id, name and every answer given.
pub(super) fn removed_services(ret: &Return, how: &Carry) -> Vec<String> {
    let (source, target) = (how.source, how.target);
    let kept = positions(target);
    let lang = how.source_lang(ret);
    let mut lines = Vec::new();
    for (a, area) in source.areas.iter().enumerate() {
        for (s, service) in area.services.iter().enumerate() {
            if kept.contains_key(service.id.as_str()) {
                continue;
            }
            let answers =
                describe(source, &ret.answers[a][s], ret.comments[a][s].as_deref(), lang, how.lang);
            lines.push(format!("{} — {}: {}", service.id, service.name.get(lang), answers));
        }
    }
    for added in ret.added.iter().filter(|x| !target.areas.iter().any(|area| area.id == x.area)) {
        let mut answers = ServiceAnswers::blank(source);
        answers.introduced = added.introduced;
        answers.stages = added.stages.clone();
        answers.usage = added.usage;
        lines.push(format!(
            "{}: {}",
            added.name,
            describe(source, &answers, added.comment.as_deref(), lang, how.lang)
        ));
    }
    lines
}

/// A service's answers in words: the options in the return's language, the questions in
/// the workbook's.
fn describe(
    catalog: &Catalog,
    answers: &ServiceAnswers,
    comment: Option<&str>,
    src: Lang,
    lang: Lang,
) -> String {
    let mut parts = Vec::new();
    if let Some(introduced) = answers.introduced
        && let Some(o) = catalog.adoption.iter().find(|o| o.introduced == introduced)
    {
        parts.push(format!("{}: {}", t("col_adoption", lang), o.label.get(src)));
    }
    for (k, i) in answers.stages.iter().enumerate() {
        if let Some(i) = i {
            let stage = &catalog.stages[k];
            parts.push(format!("{}: {}", stage.name.get(lang), stage.options[*i].label.get(src)));
        }
    }
    if let Some(u) = answers.usage {
        parts.push(format!("{}: {}", t("col_usage", lang), format_number(u)));
    }
    if let Some(c) = comment {
        parts.push(format!("{}: {c}", t("col_comment", lang)));
    }
    if parts.is_empty() {
        return "–".into();
    }
    parts.join("; ")
}
