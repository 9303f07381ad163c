//! The savings section of a catalog (docs/measures.md): which process stages save work when they
//! are digital, and per service a starting estimate of the minutes saved per transaction at
//! each — labelled in the workbook as starting estimates for the municipality to replace.
//!
//! ```toml
//! [savings]
//! stages = ["process", "decision", "payment", "archive"]
//! [savings.minutes]
//! "asu.rakennuslupa" = { process = 60, decision = 30, payment = 5, archive = 10 }
//! ```
//!
//! The section is optional: a catalog without it (the indicator questionnaire) has no
//! savings sheet and no savings fields. It does not enter the content hash: estimates are
//! starting values, they change nothing about how answers are read.

use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;

use super::check::Checker;
use super::{Area, Stage};

/// Minutes per transaction above this are a typing error, in the catalog and in returns.
pub const MAX_MINUTES: f64 = 600.0;
/// Transactions per year above this are no municipality's (Finland has 5.6 million
/// people): a typing error, and the bound that keeps every sum finite.
pub const MAX_VOLUME: f64 = 100_000_000.0;
/// An e-service's annual cost above this many euros is a typing error.
pub const MAX_ANNUAL_COST: f64 = 100_000_000.0;
/// A person-hour above this many euros is a typing error (a warning already outside
/// 15–150 €).
pub const MAX_HOURLY_COST: f64 = 1_000.0;

/// The savings model of a catalog.
#[derive(Clone, Debug, PartialEq)]
pub struct Savings {
    /// Indices into `Catalog::stages` of the savings stages, in the order listed.
    pub stages: Vec<usize>,
    /// Per service id, the starting estimate of minutes saved per savings stage (same order
    /// as `stages`); `None` where the service has no such stage or no estimate.
    pub minutes: IndexMap<String, Vec<Option<f64>>>,
}

impl Savings {
    /// The starting estimates of a service, one per savings stage.
    pub fn estimates(&self, service_id: &str) -> Vec<Option<f64>> {
        self.minutes.get(service_id).cloned().unwrap_or_else(|| vec![None; self.stages.len()])
    }
}

/// The `[savings]` section as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSavings {
    pub(super) stages: Spanned<Vec<String>>,
    #[serde(default)]
    pub(super) minutes: IndexMap<String, Spanned<IndexMap<String, Spanned<f64>>>>,
}

impl Checker<'_> {
    /// The savings model: stages that exist, services that exist, minutes 0–600 on stages
    /// the service has.
    pub(super) fn savings(
        &mut self,
        raw: Option<&Spanned<RawSavings>>,
        stages: &[Stage],
        areas: &[Area],
    ) -> Option<Savings> {
        let raw = raw?;
        let at = raw.get_ref().stages.span().start;
        let mut indices = Vec::new();
        for id in raw.get_ref().stages.get_ref() {
            match stages.iter().position(|s| s.id == *id) {
                Some(k) if !indices.contains(&k) => indices.push(k),
                Some(_) => self.problem(at, format!("savings stage \"{id}\" is listed twice")),
                None => self
                    .problem(at, format!("savings stage \"{id}\" is not a stage of the catalog")),
            }
        }
        if indices.is_empty() {
            self.problem(at, "the savings section lists no savings stage".into());
        }
        let mut minutes = IndexMap::new();
        for (service_id, table) in &raw.get_ref().minutes {
            let Some(service) =
                areas.iter().flat_map(|a| &a.services).find(|s| s.id == *service_id)
            else {
                self.problem(
                    table.span().start,
                    format!(
                        "savings estimate for \"{service_id}\", which is no service of the catalog"
                    ),
                );
                continue;
            };
            let mut row = vec![None; indices.len()];
            for (stage_id, value) in table.get_ref() {
                let at = value.span().start;
                let Some(j) = indices.iter().position(|&k| stages[k].id == *stage_id) else {
                    self.problem(
                        at,
                        format!("\"{service_id}\": \"{stage_id}\" is not a savings stage"),
                    );
                    continue;
                };
                let m = *value.get_ref();
                if !service.stages.contains(&indices[j]) {
                    self.problem(at, format!("\"{service_id}\" has no stage \"{stage_id}\", so it saves nothing there"));
                } else if !(0.0..=MAX_MINUTES).contains(&m) || !m.is_finite() {
                    self.problem(
                        at,
                        format!("\"{service_id}\" {stage_id}: {m} minutes is outside 0–600"),
                    );
                } else {
                    row[j] = Some(m);
                }
            }
            minutes.insert(service_id.clone(), row);
        }
        Some(Savings { stages: indices, minutes })
    }
}
