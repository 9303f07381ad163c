//! The savings inputs of a return carried into a fresh workbook (docs/measures.md;
//! docs/guide.md §7): the hourly cost, and per service (by id) its volume, annual cost and the minutes of each
//! savings stage (by stage id). A service new in the catalog gets the catalog's starting
//! estimates, as in a blank workbook.

use crate::check::Return;
use crate::measures::savings::{SavingsInputs, ServiceInputs};

use super::{Carry, positions};

/// The savings inputs for the new workbook; `None` when the target catalog has no savings
/// or the return had no savings sheet (the workbook then shows the estimates).
pub(super) fn carry(ret: &Return, how: &Carry) -> Option<SavingsInputs> {
    let target = how.target.savings.as_ref()?;
    let from = ret.savings.as_ref()?;
    let source_stages: Vec<&str> = how
        .source
        .savings
        .as_ref()
        .map(|m| m.stages.iter().map(|&k| how.source.stages[k].id.as_str()).collect())
        .unwrap_or_default();
    let at = positions(how.source);
    let services = how
        .target
        .areas
        .iter()
        .map(|area| {
            area.services
                .iter()
                .map(|svc| {
                    let Some(old) =
                        at.get(svc.id.as_str()).and_then(|&(a, s)| from.services.get(a)?.get(s))
                    else {
                        return ServiceInputs {
                            minutes: target.estimates(&svc.id),
                            ..ServiceInputs::default()
                        };
                    };
                    let minutes = target
                        .stages
                        .iter()
                        .map(|&k| {
                            let id = how.target.stages[k].id.as_str();
                            let j = source_stages.iter().position(|s| *s == id)?;
                            if svc.stages.contains(&k) {
                                old.minutes.get(j).copied().flatten()
                            } else {
                                None
                            }
                        })
                        .collect();
                    ServiceInputs { volume: old.volume, minutes, annual_cost: old.annual_cost }
                })
                .collect()
        })
        .collect();
    Some(SavingsInputs { hourly_cost: from.hourly_cost, services })
}
