//! The round's data (the content of the hidden data sheet, and what the feedback workbooks
//! are made from), built once from a round.

use crate::check::Return;
use crate::check::findings::Severity;
use crate::data_sheet::{DataRow, Entry, Note, RoundData, ServiceRow};
use crate::lang::Lang;
use crate::measures::Group;
use crate::register::Register;
use crate::round::Round;

/// The round's data: its counted returns in code order.
pub fn data(round: &Round<'_>) -> RoundData {
    use rayon::prelude::*;
    let register = Register::embedded();
    let groups = Group::all(round.catalog);
    let superseded = round.superseded_by();
    // Each entry on its own (every message of a finding in three languages): on every core.
    let entries: Vec<Entry> = round
        .kept
        .par_iter()
        .map(|k| {
            let r = &round.returns[k.index];
            let m = register.get(&k.code);
            let region = m.and_then(|m| m.region.clone()).unwrap_or_default();
            let mut replaced: Vec<String> = superseded
                .iter()
                .filter(|&(_, &kept)| kept == k.index)
                .map(|(&s, _)| round.returns[s].path.display().to_string())
                .collect();
            replaced.sort();
            Entry {
                code: k.code.clone(),
                name: k.name.clone(),
                region_fi: region.0,
                region_sv: region.1,
                population: m.and_then(|m| m.population),
                language: r.language,
                file: r.path.display().to_string(),
                response_date: r.response_date.clone().unwrap_or_default(),
                superseded: replaced,
                groups: groups
                    .iter()
                    .map(|g| DataRow::from_measures(g.measures(&k.scores)))
                    .collect(),
                services: k
                    .scores
                    .areas
                    .iter()
                    .flat_map(|a| a.services.iter().map(ServiceRow::from_score))
                    .collect(),
                findings: notes(r),
                previous: groups
                    .iter()
                    .map(|g| {
                        let prev = round.latest_previous()?;
                        prev.values
                            .get(&(k.code.clone(), g.data_key(round.catalog).to_string()))
                            .copied()
                    })
                    .collect(),
            }
        })
        .collect();
    RoundData {
        catalog_id: round.catalog.id.clone(),
        catalog_version: round.catalog.version.clone(),
        previous: round.latest_previous().map(|p| p.path.display().to_string()),
        history: crate::round::trend::points(round, &entries),
        entries,
    }
}

/// The warnings and notes of a counted return, and when it kept only some of them one note
/// more, without a code, that counts the rest.
fn notes(r: &Return) -> Vec<Note> {
    let mut notes: Vec<Note> = r
        .warnings()
        .map(|f| Note {
            code: f.code.as_str().to_string(),
            sheet: f.sheet.clone().unwrap_or_default(),
            cell: f.cell.clone().unwrap_or_default(),
            messages: Lang::ALL.map(|l| f.message(l)),
        })
        .collect();
    let kinds = [Severity::Warning, Severity::Info];
    if r.left_out.line_of(&kinds, Lang::En).is_some() {
        notes.push(Note {
            code: String::new(),
            sheet: String::new(),
            cell: String::new(),
            messages: Lang::ALL.map(|l| r.left_out.line_of(&kinds, l).unwrap_or_default()),
        });
    }
    notes
}
