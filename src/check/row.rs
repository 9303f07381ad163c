//! One catalog service's row: its adoption answer, its stages and its usage, each matched
//! against the catalog's options in any language.

use crate::catalog::Service;
use crate::check::consistency;
use crate::check::findings::{Code, Finding};
use crate::check::parse::parse_usage;
use crate::check::{Return, ReturnChecker};
use crate::layout;
use crate::measures::ServiceAnswers;
use crate::read::{self, Sheet, Value};

/// Where a catalog service's answers were found, and which service they answer.
pub(super) struct ServiceRow<'b> {
    pub sheet: &'b Sheet,
    pub row: u32,
    pub service: &'b Service,
}

impl ServiceRow<'_> {
    /// A finding about this service at one of its cells.
    pub(super) fn finding(&self, code: Code, col: u16) -> Finding {
        Finding::new(code)
            .sheet(self.sheet.name.clone())
            .cell(layout::cell_name(self.row, col))
            .service(self.service.id.clone())
    }

    fn get(&self, col: u16) -> Option<&Value> {
        self.sheet.get(self.row, col)
    }
}

/// The answers of one row, with a finding for every answer that is no option, had to be
/// repaired, or does not fit the others.
pub(super) fn read_row(
    checker: &ReturnChecker,
    at: &ServiceRow,
    ret: &mut Return,
) -> ServiceAnswers {
    let mut answers = ServiceAnswers::blank(checker.catalog);
    read_adoption(checker, at, &mut answers, ret);
    let invalid = read_stages(checker, at, &mut answers, ret);
    read_usage(checker, at, &mut answers, ret);
    consistency::check_row(checker, at, &invalid, &mut answers, ret);
    answers
}

/// The gate: is the service introduced?
fn read_adoption(
    checker: &ReturnChecker,
    at: &ServiceRow,
    answers: &mut ServiceAnswers,
    ret: &mut Return,
) {
    let Some(c) = checker.columns.adoption else { return };
    let Some(value) = at.get(c) else { return };
    let found = match value {
        Value::Text(text) => checker.adoption.find(text),
        _ => None,
    };
    let Some((i, repaired)) = found else {
        ret.push(
            at.finding(Code::InvalidChoice, c)
                .arg("value", value.display())
                .arg_key("column", "col_adoption"),
        );
        return;
    };
    let option = &checker.catalog.adoption[i];
    answers.introduced = Some(option.introduced);
    if repaired {
        ret.push(
            at.finding(Code::NormalizedAnswer, c)
                .arg("value", value.display())
                .arg_texts("answer", vec![option.label.clone()]),
        );
    }
}

/// The stages the service has; returns those answered with something that is no option,
/// so they are reported as such and not again as unanswered.
fn read_stages(
    checker: &ReturnChecker,
    at: &ServiceRow,
    answers: &mut ServiceAnswers,
    ret: &mut Return,
) -> Vec<usize> {
    let mut invalid = Vec::new();
    for (k, stage) in checker.catalog.stages.iter().enumerate() {
        let c = checker.columns.stages[k];
        let Some(value) = at.get(c) else { continue };
        if !at.service.stages.contains(&k) {
            continue; // the "—" of a stage this service does not have
        }
        let found = match value {
            Value::Text(text) => checker.stages[k].find(text),
            _ => None,
        };
        let Some((i, repaired)) = found else {
            invalid.push(k);
            ret.push(
                at.finding(Code::InvalidChoice, c)
                    .arg("value", value.display())
                    .arg_texts("column", vec![stage.name.clone()]),
            );
            continue;
        };
        answers.stages[k] = Some(i);
        if repaired {
            ret.push(
                at.finding(Code::NormalizedAnswer, c)
                    .arg("value", value.display())
                    .arg_texts("answer", vec![stage.options[i].label.clone()]),
            );
        }
    }
    invalid
}

/// Usage, a percentage 0–100.
fn read_usage(
    checker: &ReturnChecker,
    at: &ServiceRow,
    answers: &mut ServiceAnswers,
    ret: &mut Return,
) {
    let Some(c) = checker.columns.usage else { return };
    let Some(value) = at.get(c) else { return };
    match parse_usage(value) {
        Ok((u, repaired)) if (0.0..=100.0).contains(&u) => {
            answers.usage = Some(u);
            if repaired {
                ret.push(
                    at.finding(Code::NormalizedAnswer, c)
                        .arg("value", value.display())
                        .arg("answer", read::format_number(u)),
                );
            }
        }
        Ok((u, _)) => {
            // A date typed into the cell is shown as the date, not as its serial number.
            let shown = if matches!(value, Value::Date { .. }) {
                value.display()
            } else {
                read::format_number(u)
            };
            ret.push(at.finding(Code::OutOfRange, c).arg("value", shown));
        }
        Err(raw) => ret.push(at.finding(Code::InvalidNumber, c).arg("value", raw)),
    }
}
