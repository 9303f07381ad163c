//! The return's findings, moved to the cells of the new workbook: each becomes a note on
//! its cell (highlighted) and a line of the "To correct" list.

use crate::check::Return;
use crate::check::findings::{Arg, Code, Finding, Severity};
use crate::layout::{self, AreaColumns, Respondent};

use super::{Carry, CellNote, Correction, Mark, Place, Prefill, Question, SheetRef, positions};

/// Every finding worth correcting (errors and warnings, not the notes that only tell),
/// as a note on its cell and a line of the list.
pub(super) fn mark(ret: &Return, how: &Carry, p: &mut Prefill) {
    let source_cols = AreaColumns::new(how.source);
    let target_cols = AreaColumns::new(how.target);
    let target = positions(how.target);
    for f in ret.findings.iter().filter(|f| f.severity() != Severity::Info) {
        let text = f.message(how.lang);
        let place = match &f.service {
            Some(id) => target.get(id.as_str()).map(|&(a, s)| Place {
                sheet: SheetRef::Area(a),
                row: layout::service_row(s),
                col: question(how, f, &source_cols).col(&target_cols),
            }),
            None => respondent_place(f),
        };
        if let Some(place) = place {
            p.notes.push(CellNote { place, text: text.clone(), mark: Mark::Finding });
            if let Some(value) = wrong_answer(how, f, &source_cols) {
                p.kept.push((place, value));
            }
        }
        p.corrections.push(Correction { place, text });
    }
    // What the return did not keep is counted on a line of its own.
    let kinds = [Severity::Error, Severity::Warning];
    if let Some(text) = ret.left_out.line_of(&kinds, how.lang) {
        p.corrections.push(Correction { place: None, text });
    }
}

/// The value as typed of a wrong answer on an area sheet (not an option, not a number, out
/// of range) that the same question of the target asks: it is written back, so the problem
/// stays where the municipality sees it.
fn wrong_answer(how: &Carry, f: &Finding, cols: &AreaColumns) -> Option<String> {
    if !matches!(f.code, Code::InvalidChoice | Code::InvalidNumber | Code::OutOfRange) {
        return None;
    }
    let on_savings = crate::lang::Lang::ALL
        .iter()
        .any(|&l| f.sheet.as_deref() == Some(layout::savings::sheet_name(l)));
    if on_savings
        || !matches!(
            question(how, f, cols),
            Question::Adoption | Question::Stage(_) | Question::Usage
        )
    {
        return None;
    }
    f.args.iter().find(|(k, _)| *k == "value").and_then(|(_, v)| match v {
        Arg::Plain(text) if !text.is_empty() => Some(text.clone()),
        _ => None,
    })
}

/// The question a finding's cell asked in the return, as a question of the target catalog
/// (the service's name when the target does not ask it).
fn question(how: &Carry, f: &Finding, cols: &AreaColumns) -> Question {
    let Some((_, col)) = f.cell.as_deref().and_then(layout::parse_cell) else {
        return Question::Name;
    };
    if col == cols.id {
        return Question::Id;
    }
    if Some(col) == cols.adoption {
        return if how.target.has_adoption() { Question::Adoption } else { Question::Name };
    }
    if Some(col) == cols.usage {
        return if how.target.usage { Question::Usage } else { Question::Name };
    }
    if col == cols.comment {
        return Question::Comment;
    }
    cols.stages
        .iter()
        .position(|&c| c == col)
        .and_then(|k| how.target.stages.iter().position(|s| s.id == how.source.stages[k].id))
        .map_or(Question::Name, Question::Stage)
}

/// A finding on a cell of the respondent block (not on the hidden lists sheet).
fn respondent_place(f: &Finding) -> Option<Place> {
    if f.sheet.as_deref() == Some(layout::LISTS_SHEET) {
        return None;
    }
    let (row, col) = layout::parse_cell(f.cell.as_deref()?)?;
    Respondent::ALL.iter().any(|r| r.cell() == (row, col)).then_some(Place {
        sheet: SheetRef::Instructions,
        row,
        col,
    })
}
