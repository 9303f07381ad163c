//! The measures of docs/measures.md, defined once: the Rust computation and the spreadsheet
//! formulas that the template shows live are written side by side here, from the same
//! tally, so that the two cannot drift apart. The formulas use only functions every
//! spreadsheet program computes alike, over the defined names of `layout::formula_names`.
//! Tests recalculate filled templates in LibreOffice and in Gnumeric and compare their
//! cells with these numbers.

use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, Service};
use crate::lang::Lang;
use crate::layout::SummaryCol;
use crate::texts::t;

mod formulas;
pub mod savings;

pub(crate) use formulas::stage_table_ref;
pub use formulas::{
    SummaryCell, area_summary_cell, degree_formula, overall_summary_cell, points_formula,
};

/// What one municipality answered for one catalog service.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServiceAnswers {
    /// The adoption gate: introduced, not introduced, or unanswered.
    pub introduced: Option<bool>,
    /// Chosen option index per catalog stage (`None`: unanswered or not asked).
    pub stages: Vec<Option<usize>>,
    /// Usage as entered, a percentage 0–100.
    pub usage: Option<f64>,
}

impl ServiceAnswers {
    /// No answer at all, for every stage of the catalog.
    pub fn blank(catalog: &Catalog) -> ServiceAnswers {
        ServiceAnswers { introduced: None, stages: vec![None; catalog.stages.len()], usage: None }
    }

    /// Whether the service counts as introduced. A catalog without an adoption gate
    /// (an indicator questionnaire) asks every item of every municipality.
    pub fn is_introduced(&self, catalog: &Catalog) -> bool {
        !catalog.has_adoption() || self.introduced == Some(true)
    }
}

/// A short fingerprint of a return's answers (adoption, stages, usage of every catalog
/// service, usage to six decimals): a prefilled workbook keeps the one of the answers it
/// was filled with, so a return sent back with exactly those answers is told apart.
pub fn answers_fingerprint(answers: &[Vec<ServiceAnswers>]) -> String {
    use sha2::Digest;
    let mut text = String::new();
    for area in answers {
        for a in area {
            let intro = match a.introduced {
                Some(true) => "1",
                Some(false) => "0",
                None => "-",
            };
            let stages: Vec<String> =
                a.stages.iter().map(|o| o.map_or("-".into(), |i| i.to_string())).collect();
            let usage = a.usage.map_or("-".into(), |u| format!("{:.6}", u));
            text.push_str(&format!("{intro}|{}|{usage};", stages.join(",")));
        }
        text.push('/');
    }
    let digest = sha2::Sha256::digest(text.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// The measures of one service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ServiceScore {
    /// The catalog service id.
    pub id: String,
    /// Its name in the report's language.
    pub name: String,
    /// The adoption answer; `null` when unanswered; always `true` in a catalog without an
    /// adoption question.
    pub introduced: Option<bool>,
    /// Σ score ÷ applicable stages, for an introduced service; unanswered stages count 0.
    #[schemars(range(min = 0, max = 1))]
    pub degree: Option<f64>,
    /// Fraction 0..1.
    #[schemars(range(min = 0, max = 1))]
    pub usage: Option<f64>,
    /// Points of the chosen options, for catalogs whose options carry points (left out
    /// otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<f64>,
    /// Savings figures (docs/measures.md), for catalogs with savings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub savings: Option<crate::measures::savings::ServiceSavings>,
}

/// The counts and sums every measure is computed from. Overall figures add up the
/// tallies of the areas (overall is not a mean of area means).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Tally {
    /// Catalog services counted.
    pub services: usize,
    /// Services introduced.
    pub introduced: usize,
    /// Introduced services that have a degree (at least one applicable stage).
    pub scored: usize,
    /// Σ degree over the scored services.
    pub degree_sum: f64,
    /// Σ usage (percent) over those that reported it.
    pub usage_sum: f64,
    /// Services that reported a usage.
    pub usage_count: usize,
    /// Σ points of the chosen options.
    pub points: f64,
    /// Highest reachable points.
    pub max_points: f64,
    /// Items answered at each level of the level question, and items asked it.
    pub level_counts: [usize; crate::catalog::MAX_LEVELS],
    /// Items that ask the level question.
    pub level_items: usize,
}

/// The measures of an area or of a whole return. Ratios are fractions 0..1; `None` is
/// "unknown" (no introduced service, no usage reported) and is `null` in JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Measures {
    /// Introduced services ÷ catalog services.
    #[schemars(range(min = 0, max = 1))]
    pub coverage: f64,
    /// Mean degree over the introduced services that have one; `null` when none.
    #[schemars(range(min = 0, max = 1))]
    pub degree: Option<f64>,
    /// Σ degree over all catalog services (0 when not introduced) ÷ catalog services.
    #[schemars(range(min = 0, max = 1))]
    pub realized: f64,
    /// Mean usage over the introduced services that reported it; `null` when none did.
    #[schemars(range(min = 0, max = 1))]
    pub usage: Option<f64>,
    /// Sum of points, for catalogs with points; else `null`.
    pub points: Option<f64>,
    /// Highest reachable points, for catalogs with points; else `null`.
    pub max_points: Option<f64>,
    /// Share of the items at each level, for catalogs whose answers carry points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub levels: Option<Vec<LevelShare>>,
    /// Savings sums (docs/measures.md), for catalogs with savings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub savings: Option<crate::measures::savings::SavingsTotals>,
}

/// The share of the items answered at one level of the level question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LevelShare {
    /// The option's key in the catalog.
    pub key: String,
    /// The option's points.
    pub points: Option<f64>,
    /// Items answered at this level ÷ items asked (fraction 0..1).
    #[schemars(range(min = 0, max = 1))]
    pub share: f64,
}

impl Tally {
    /// Adds another tally (an area's to the overall).
    pub fn add(&mut self, other: &Tally) {
        self.services += other.services;
        self.introduced += other.introduced;
        self.scored += other.scored;
        self.degree_sum += other.degree_sum;
        self.usage_sum += other.usage_sum;
        self.usage_count += other.usage_count;
        self.points += other.points;
        self.max_points += other.max_points;
        for (a, b) in self.level_counts.iter_mut().zip(other.level_counts) {
            *a += b;
        }
        self.level_items += other.level_items;
    }

    /// The measures these counts give.
    pub fn measures(&self, catalog: &Catalog) -> Measures {
        let ratio = |a: f64, b: usize| if b == 0 { 0.0 } else { a / b as f64 };
        let with_points = catalog.has_points();
        Measures {
            coverage: ratio(self.introduced as f64, self.services),
            degree: (self.scored > 0).then(|| self.degree_sum / self.scored as f64),
            realized: ratio(self.degree_sum, self.services),
            usage: (self.usage_count > 0).then(|| self.usage_sum / self.usage_count as f64 / 100.0),
            points: with_points.then_some(self.points),
            max_points: with_points.then_some(self.max_points),
            levels: catalog.level_stage().map(|k| {
                catalog.stages[k]
                    .options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| LevelShare {
                        key: o.key.clone(),
                        points: o.points,
                        share: self.level_share(i),
                    })
                    .collect()
            }),
            savings: None,
        }
    }

    /// Share of the items answered at level `i`; unanswered items count in the
    /// denominator, so the shares add up to the share answered.
    pub fn level_share(&self, i: usize) -> f64 {
        if self.level_items == 0 {
            0.0
        } else {
            self.level_counts[i] as f64 / self.level_items as f64
        }
    }
}

/// Scores one service and adds it to `tally`.
pub fn score_service(
    catalog: &Catalog,
    service: &Service,
    answers: &ServiceAnswers,
    lang: crate::lang::Lang,
    tally: &mut Tally,
) -> ServiceScore {
    let introduced = answers.is_introduced(catalog);
    let mut sum = 0.0;
    let mut applicable = 0usize;
    let mut points = 0.0;
    for &k in &service.stages {
        let option =
            answers.stages.get(k).copied().flatten().and_then(|o| catalog.stages[k].options.get(o));
        match option {
            Some(o) => {
                if let Some(s) = o.score {
                    sum += s;
                    applicable += 1;
                }
                points += o.points.unwrap_or(0.0);
            }
            None => applicable += 1,
        }
    }
    let degree = (introduced && applicable > 0).then(|| sum / applicable as f64);
    let usage = if introduced { answers.usage } else { None };

    tally.services += 1;
    if introduced {
        tally.introduced += 1;
    }
    if let Some(d) = degree {
        tally.scored += 1;
        tally.degree_sum += d;
    }
    if let Some(u) = usage {
        tally.usage_sum += u;
        tally.usage_count += 1;
    }
    let with_points = catalog.has_points();
    if with_points {
        if introduced {
            tally.points += points;
        }
        tally.max_points += catalog.max_points(service);
    }
    if let Some(k) = catalog.level_stage().filter(|k| service.stages.contains(k)) {
        tally.level_items += 1;
        if let (true, Some(o)) = (introduced, answers.stages.get(k).copied().flatten())
            && o < crate::catalog::MAX_LEVELS
        {
            tally.level_counts[o] += 1;
        }
    }
    ServiceScore {
        id: service.id.clone(),
        name: service.name.get(lang).to_string(),
        introduced: if catalog.has_adoption() { answers.introduced } else { Some(true) },
        degree,
        usage: usage.map(|u| u / 100.0),
        points: (with_points && introduced).then_some(points),
        savings: None,
    }
}

/// The value the Rust code gives for a summary column, for cached formula results.
pub fn summary_value(col: SummaryCol, tally: &Tally, catalog: &Catalog) -> Option<f64> {
    let m = tally.measures(catalog);
    use SummaryCol::*;
    match col {
        Area => None,
        Services => Some(tally.services as f64),
        Introduced => Some(tally.introduced as f64),
        Coverage => Some(m.coverage),
        Degree => m.degree,
        Realized => Some(m.realized),
        Usage => m.usage,
        Scored => Some(tally.scored as f64),
        DegreeSum => Some(tally.degree_sum),
        UsageSum => Some(tally.usage_sum),
        UsageCount => Some(tally.usage_count as f64),
        Points => Some(tally.points),
        MaxPoints => Some(tally.max_points),
        Level(i) => Some(tally.level_share(i as usize)),
    }
}

/// The measures of one area.
#[derive(Clone, Debug, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AreaScore {
    /// The catalog area id.
    pub id: String,
    /// Its name in the report's language.
    pub name: String,
    /// The area's measures, as fields of the area itself.
    #[serde(flatten)]
    pub measures: Measures,
    /// The area's catalog services, in catalog order.
    pub services: Vec<ServiceScore>,
    #[serde(skip)]
    /// The counts and sums behind the measures.
    pub tally: Tally,
}

/// The measures of one return: per service, per area and overall.
#[derive(Clone, Debug, Serialize)]
pub struct Scores {
    /// The measures over all catalog services.
    pub overall: Measures,
    /// The measures per area, in catalog order.
    pub areas: Vec<AreaScore>,
    #[serde(skip)]
    /// The counts and sums behind the measures.
    pub tally: Tally,
}

/// Scores a whole return; `answers[a][s]` answers service `s` of area `a`.
pub fn score_all(
    catalog: &Catalog,
    answers: &[Vec<ServiceAnswers>],
    lang: crate::lang::Lang,
) -> Scores {
    let mut total = Tally::default();
    let blank = ServiceAnswers::blank(catalog);
    let areas = catalog
        .areas
        .iter()
        .enumerate()
        .map(|(a, area)| {
            let mut tally = Tally::default();
            let services = area
                .services
                .iter()
                .enumerate()
                .map(|(s, service)| {
                    let ans = answers.get(a).and_then(|v| v.get(s)).unwrap_or(&blank);
                    score_service(catalog, service, ans, lang, &mut tally)
                })
                .collect();
            total.add(&tally);
            AreaScore {
                id: area.id.clone(),
                name: area.name.get(lang).to_string(),
                measures: tally.measures(catalog),
                services,
                tally,
            }
        })
        .collect();
    Scores { overall: total.measures(catalog), areas, tally: total }
}

/// A group of measures: one catalog area, or the whole catalog. The summary's overview and
/// changes sheets show one block of columns per group, the data sheet one row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// The catalog area at this index.
    Area(usize),
    /// All areas together.
    Overall,
}

impl Group {
    /// Every group, left to right.
    pub fn all(catalog: &Catalog) -> Vec<Group> {
        (0..catalog.areas.len()).map(Group::Area).chain([Group::Overall]).collect()
    }

    /// The group header.
    pub fn name(self, catalog: &Catalog, lang: Lang) -> &str {
        match self {
            Group::Area(a) => catalog.areas[a].name.get(lang),
            Group::Overall => t("sum_overall", lang),
        }
    }

    /// The area column of the data sheet: the area id, or empty for overall.
    pub fn data_key(self, catalog: &Catalog) -> &str {
        match self {
            Group::Area(a) => &catalog.areas[a].id,
            Group::Overall => "",
        }
    }

    /// A municipality's measures for the group.
    pub fn measures(self, scores: &Scores) -> &Measures {
        match self {
            Group::Area(a) => &scores.areas[a].measures,
            Group::Overall => &scores.overall,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn blank_return_scores_zero() {
        let c = Catalog::default_catalog();
        let s = score_all(&c, &[], Lang::Fi);
        assert_eq!(s.overall.coverage, 0.0);
        assert_eq!(s.overall.degree, None);
        assert_eq!(s.overall.realized, 0.0);
        assert_eq!(s.overall.usage, None);
        assert_eq!(s.overall.points, None);
    }

    #[test]
    fn degree_skips_not_applicable_and_counts_unanswered_as_zero() {
        let c = Catalog::default_catalog();
        let svc = &c.areas[0].services[0];
        let mut ans = ServiceAnswers::blank(&c);
        ans.introduced = Some(true);
        // best option of the first stage, not-applicable where a stage offers it.
        let k0 = svc.stages[0];
        let best = c.stages[k0].options.iter().position(|o| o.score == Some(1.0)).unwrap();
        ans.stages[k0] = Some(best);
        let mut na_count = 0;
        for &k in &svc.stages[1..] {
            if let Some(na) = c.stages[k].options.iter().position(|o| o.score.is_none()) {
                ans.stages[k] = Some(na);
                na_count += 1;
            }
        }
        let mut t = Tally::default();
        let s = score_service(&c, svc, &ans, Lang::Fi, &mut t);
        let applicable = svc.stages.len() - na_count;
        assert_eq!(s.degree, Some(1.0 / applicable as f64));
        assert_eq!(t.introduced, 1);
    }
}
