//! The consistency of one row's answers with each other: a service not introduced has no
//! stages, an introduced one answers all of its stages.

use crate::check::findings::Code;
use crate::check::row::ServiceRow;
use crate::check::{Return, ReturnChecker};
use crate::lang::{Lang, Text};
use crate::measures::ServiceAnswers;
use crate::texts::t;

/// Checks a row read into `answers`; `invalid` are the stages whose answer was no option
/// (already reported). Stray answers of a service not introduced are set aside.
pub(super) fn check_row(
    checker: &ReturnChecker,
    at: &ServiceRow,
    invalid: &[usize],
    answers: &mut ServiceAnswers,
    ret: &mut Return,
) {
    let catalog = checker.catalog;
    let cols = &checker.columns;
    let gate_cell = cols.adoption.unwrap_or(cols.name);
    let service_stages = &at.service.stages;
    let answered: Vec<usize> =
        service_stages.iter().copied().filter(|&k| answers.stages[k].is_some()).collect();
    let unanswered = || {
        service_stages
            .iter()
            .copied()
            .filter(|&k| answers.stages[k].is_none() && !invalid.contains(&k))
    };
    match (catalog.has_adoption(), answers.introduced) {
        (true, Some(false)) => {
            let mut columns: Vec<Text> =
                answered.iter().map(|&k| catalog.stages[k].name.clone()).collect();
            if answers.usage.is_some() {
                columns.push(usage_column());
            }
            if !columns.is_empty() {
                ret.push(
                    at.finding(Code::InconsistentService, gate_cell).arg_texts("columns", columns),
                );
            }
            // A service not introduced has no degree.
            answers.stages.iter_mut().for_each(|o| *o = None);
            answers.usage = None;
        }
        (true, None) => {
            ret.push(at.finding(Code::UnansweredService, gate_cell));
            if answers.usage.is_some() && answered.is_empty() {
                ret.push(
                    at.finding(Code::UsageWithoutIntroduction, cols.usage.unwrap_or(gate_cell)),
                );
            }
        }
        (false, _) => {
            // An indicator questionnaire: each unanswered question at its own cell.
            let missing: Vec<usize> = unanswered().collect();
            for k in missing {
                ret.push(at.finding(Code::UnansweredItem, cols.stages[k]));
            }
        }
        (true, Some(true)) => {
            let missing: Vec<Text> = unanswered().map(|k| catalog.stages[k].name.clone()).collect();
            if !missing.is_empty() {
                ret.push(
                    at.finding(Code::IncompleteService, gate_cell).arg_texts("stages", missing),
                );
            }
        }
    }
}

/// The usage column's heading in every language, as a catalog text.
fn usage_column() -> Text {
    Text(Lang::ALL.iter().map(|&l| (l.code().to_string(), t("col_usage", l).to_string())).collect())
}
