//! The measures of DESIGN §3, defined once: the Rust computation and the spreadsheet
//! formulas that the template shows live are written side by side here, from the same
//! tally, so that the two cannot drift apart. Tests recalculate a filled template in
//! LibreOffice and compare its cells with these numbers.

use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, Service};
use crate::workbook::layout::{self, AreaColumns, SummaryCol};

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
    pub fn blank(catalog: &Catalog) -> ServiceAnswers {
        ServiceAnswers { introduced: None, stages: vec![None; catalog.stages.len()], usage: None }
    }

    /// Whether the service counts as introduced. A catalog without an adoption gate
    /// (an indicator questionnaire) asks every item of every municipality.
    pub fn is_introduced(&self, catalog: &Catalog) -> bool {
        !catalog.has_adoption() || self.introduced == Some(true)
    }
}

/// The measures of one service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceScore {
    pub id: String,
    pub name: String,
    pub introduced: Option<bool>,
    /// Σ score ÷ applicable stages, for an introduced service; unanswered stages count 0.
    pub degree: Option<f64>,
    /// Fraction 0..1.
    pub usage: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<f64>,
    /// Savings figures (DESIGN §10), for catalogs with savings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub savings: Option<crate::savings::ServiceSavings>,
}

/// At most this many levels (options) on the level question of an indicator catalog.
pub const MAX_LEVELS: usize = 8;

/// The counts and sums every measure is computed from. Overall figures add up the
/// tallies of the areas (overall is not a mean of area means).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Tally {
    pub services: usize,
    pub introduced: usize,
    /// Introduced services that have a degree (at least one applicable stage).
    pub scored: usize,
    pub degree_sum: f64,
    pub usage_sum: f64,
    pub usage_count: usize,
    pub points: f64,
    pub max_points: f64,
    /// Items answered at each level of the level question, and items asked it.
    pub level_counts: [usize; MAX_LEVELS],
    pub level_items: usize,
}

/// The measures of an area or of a whole return. Ratios are fractions 0..1; `None` is
/// "unknown" (no introduced service, no usage reported) and is `null` in JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Measures {
    pub coverage: f64,
    pub degree: Option<f64>,
    pub realized: f64,
    pub usage: Option<f64>,
    pub points: Option<f64>,
    pub max_points: Option<f64>,
    /// Share of the items at each level, for catalogs whose answers carry points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub levels: Option<Vec<LevelShare>>,
    /// Savings sums (DESIGN §10), for catalogs with savings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub savings: Option<crate::savings::SavingsTotals>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LevelShare {
    pub key: String,
    pub points: Option<f64>,
    pub share: f64,
}

impl Tally {
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
                    .map(|(i, o)| LevelShare { key: o.key.clone(), points: o.points, share: self.level_share(i) })
                    .collect()
            }),
            savings: None,
        }
    }

    /// Share of the items answered at level `i`; unanswered items count in the
    /// denominator, so the shares add up to the share answered.
    pub fn level_share(&self, i: usize) -> f64 {
        if self.level_items == 0 { 0.0 } else { self.level_counts[i] as f64 / self.level_items as f64 }
    }
}

/// Scores one service and adds it to `tally`.
pub fn score_service(
    catalog: &Catalog,
    service: &Service,
    answers: &ServiceAnswers,
    lang: crate::catalog::Lang,
    tally: &mut Tally,
) -> ServiceScore {
    let introduced = answers.is_introduced(catalog);
    let mut sum = 0.0;
    let mut applicable = 0usize;
    let mut points = 0.0;
    for &k in &service.stages {
        let option = answers.stages.get(k).copied().flatten().and_then(|o| catalog.stages[k].options.get(o));
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
            && o < MAX_LEVELS {
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

// ---- the same measures as spreadsheet formulas -------------------------------------------

/// `digiaste!$D$2`: the label of the "introduced" adoption option on the lists sheet.
pub fn introduced_label_ref() -> String {
    format!("{}!{}", layout::LISTS_SHEET, layout::abs_cell(layout::LIST_FIRST_ROW, layout::ADOPTION_LIST_COL))
}

pub(crate) fn stage_table_ref(catalog: &Catalog, k: usize) -> String {
    let col = layout::stage_list_col(k);
    let last = layout::LIST_FIRST_ROW + catalog.stages[k].options.len() as u32 - 1;
    format!(
        "{}!{}:{}",
        layout::LISTS_SHEET,
        layout::abs_cell(layout::LIST_FIRST_ROW, col),
        layout::abs_cell(last, col + 3)
    )
}

/// The live degree formula of a service row: the same Σ score ÷ applicable stages.
pub fn degree_formula(catalog: &Catalog, service: &Service, cols: &AreaColumns, row: u32) -> String {
    let mut scores = Vec::new();
    let mut applicable = Vec::new();
    for &k in &service.stages {
        let cell = layout::cell_name(row, cols.stages[k]);
        let table = stage_table_ref(catalog, k);
        scores.push(format!("IFERROR(VLOOKUP({cell},{table},2,0),0)"));
        applicable.push(format!("IFERROR(VLOOKUP({cell},{table},3,0),1)"));
    }
    let app = applicable.join("+");
    let inner = format!("IF(({app})=0,\"\",({})/({app}))", scores.join("+"));
    gate(cols, row, &inner, "\"\"")
}

/// The live points formula of a service row (indicator questionnaires).
pub fn points_formula(catalog: &Catalog, service: &Service, cols: &AreaColumns, row: u32) -> String {
    let parts: Vec<String> = service
        .stages
        .iter()
        .map(|&k| {
            let cell = layout::cell_name(row, cols.stages[k]);
            format!("IFERROR(VLOOKUP({cell},{},4,0),0)", stage_table_ref(catalog, k))
        })
        .collect();
    gate(cols, row, &parts.join("+"), "\"\"")
}

fn gate(cols: &AreaColumns, row: u32, then: &str, otherwise: &str) -> String {
    match cols.adoption {
        Some(a) => format!(
            "IF(${}{}={},{then},{otherwise})",
            layout::col_name(a),
            row + 1,
            introduced_label_ref()
        ),
        None => then.to_string(),
    }
}

/// A summary cell: either a formula or a constant, with the value the Rust code computes.
pub enum SummaryCell {
    Formula(String),
    Number(f64),
}

/// The summary table's cell for area rows: `sheet` is the area sheet.
pub fn area_summary_cell(catalog: &Catalog, col: SummaryCol, row: u32, sheet: &str, area: usize) -> SummaryCell {
    let cols = AreaColumns::new(catalog);
    let services = &catalog.areas[area].services;
    let first = layout::FIRST_SERVICE_ROW;
    let last = layout::service_row(services.len() - 1);
    let range = |c: u16| layout::abs_range(sheet, first, c, last, c);
    let intro = introduced_label_ref();
    use SummaryCol::*;
    match col {
        Area => unreachable!("the area name is text"),
        Services => SummaryCell::Number(services.len() as f64),
        MaxPoints => SummaryCell::Number(services.iter().map(|s| catalog.max_points(s)).sum()),
        Introduced => match cols.adoption {
            Some(a) => SummaryCell::Formula(format!("COUNTIF({},{intro})", range(a))),
            None => SummaryCell::Number(services.len() as f64),
        },
        Scored => SummaryCell::Formula(format!("COUNT({})", range(cols.degree))),
        DegreeSum => SummaryCell::Formula(format!("SUM({})", range(cols.degree))),
        UsageSum => match (cols.usage, cols.adoption) {
            (Some(u), Some(a)) => SummaryCell::Formula(format!("SUMIFS({},{},{intro})", range(u), range(a))),
            (Some(u), None) => SummaryCell::Formula(format!("SUM({})", range(u))),
            (None, _) => SummaryCell::Number(0.0),
        },
        UsageCount => match (cols.usage, cols.adoption) {
            (Some(u), Some(a)) => SummaryCell::Formula(format!(
                "SUMPRODUCT(({}={intro})*ISNUMBER({}))",
                range(a),
                range(u)
            )),
            (Some(u), None) => SummaryCell::Formula(format!("COUNT({})", range(u))),
            (None, _) => SummaryCell::Number(0.0),
        },
        Points => match cols.points {
            Some(p) => SummaryCell::Formula(format!("SUM({})", range(p))),
            None => SummaryCell::Number(0.0),
        },
        Level(i) => SummaryCell::Formula(level_count_formula(catalog, sheet, area, i).map_or_else(
            || "0".to_string(),
            |count| format!("{count}/{}", level_items(catalog, area).max(1)),
        )),
        Coverage | Degree | Realized | Usage => SummaryCell::Formula(measure_formula(catalog, col, row)),
    }
}

/// Items of area `area` asked the level question.
fn level_items(catalog: &Catalog, area: usize) -> usize {
    let Some(k) = catalog.level_stage() else { return 0 };
    catalog.areas[area].services.iter().filter(|s| s.stages.contains(&k)).count()
}

/// `COUNTIF(<level column of the area>, <label of level i>)`.
fn level_count_formula(catalog: &Catalog, sheet: &str, area: usize, i: u8) -> Option<String> {
    let k = catalog.level_stage()?;
    let cols = AreaColumns::new(catalog);
    let services = &catalog.areas[area].services;
    let range = layout::abs_range(sheet, layout::FIRST_SERVICE_ROW, cols.stages[k], layout::service_row(services.len() - 1), cols.stages[k]);
    let label = format!(
        "{}!{}",
        layout::LISTS_SHEET,
        layout::abs_cell(layout::LIST_FIRST_ROW + i as u32, layout::stage_list_col(k))
    );
    Some(format!("COUNTIF({range},{label})"))
}

/// The overall row: tallies are the sums of the area rows; measures as for an area.
pub fn overall_summary_cell(catalog: &Catalog, col: SummaryCol, row: u32, sheets: &[String]) -> SummaryCell {
    use SummaryCol::*;
    let areas = catalog.areas.len();
    match col {
        Services | Introduced | Scored | DegreeSum | UsageSum | UsageCount | Points | MaxPoints => {
            let c = col.col(catalog);
            SummaryCell::Formula(format!(
                "SUM({}:{})",
                layout::cell_name(layout::summary_row(0), c),
                layout::cell_name(layout::summary_row(areas - 1), c)
            ))
        }
        Level(i) => {
            let counts: Vec<String> =
                (0..areas).filter_map(|a| level_count_formula(catalog, &sheets[a], a, i)).collect();
            let items: usize = (0..areas).map(|a| level_items(catalog, a)).sum();
            SummaryCell::Formula(format!("({})/{}", counts.join("+"), items.max(1)))
        }
        Area => unreachable!("the overall label is text"),
        Coverage | Degree | Realized | Usage => SummaryCell::Formula(measure_formula(catalog, col, row)),
    }
}

/// The measure formulas on a summary row, mirroring `Tally::measures`.
fn measure_formula(catalog: &Catalog, col: SummaryCol, row: u32) -> String {
    use SummaryCol::*;
    let c = |c: SummaryCol| layout::cell_name(row, c.col(catalog));
    match col {
        Coverage => format!("IF({s}=0,0,{i}/{s})", s = c(Services), i = c(Introduced)),
        Degree => format!("IF({n}=0,\"\",{d}/{n})", n = c(Scored), d = c(DegreeSum)),
        Realized => format!("IF({s}=0,0,{d}/{s})", s = c(Services), d = c(DegreeSum)),
        Usage => format!("IF({n}=0,\"\",{u}/{n}/100)", n = c(UsageCount), u = c(UsageSum)),
        _ => unreachable!("{col:?} is a tally, not a measure"),
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
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AreaScore {
    pub id: String,
    pub name: String,
    #[serde(flatten)]
    pub measures: Measures,
    pub services: Vec<ServiceScore>,
    #[serde(skip)]
    pub tally: Tally,
}

/// The measures of one return: per service, per area and overall.
#[derive(Clone, Debug, Serialize)]
pub struct Scores {
    pub overall: Measures,
    pub areas: Vec<AreaScore>,
    #[serde(skip)]
    pub tally: Tally,
}

/// Scores a whole return; `answers[a][s]` answers service `s` of area `a`.
pub fn score_all(catalog: &Catalog, answers: &[Vec<ServiceAnswers>], lang: crate::catalog::Lang) -> Scores {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Lang;

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
