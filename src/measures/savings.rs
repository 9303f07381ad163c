//! The savings potential (docs/measures.md), defined once: the Rust computation and the
//! spreadsheet formulas of the savings sheet are written side by side here, so the two
//! cannot drift apart. Tests recalculate a filled workbook in LibreOffice and compare its
//! cells with these numbers to the cent.
//!
//! For service s with chosen stage scores d_k (0..1; not applicable and unanswered = 0),
//! minutes m_k at the savings stages, usage u (%), volume V, annual cost C, hourly cost h:
//!
//! - realised  = V × u/100 × Σ d_k·m_k ÷ 60 × h − C (introduced; empty without usage;
//!   0 for a service not introduced)
//! - potential = V × Σ m_k ÷ 60 × h − C
//! - untapped  = potential − realised
//!
//! All three are empty without a volume or an hourly cost. Area and overall figures are
//! sums over the services with a figure, with the count of services that reported a volume.

use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, Service};
use crate::layout::savings::{HOURLY_COST_NAME, SavingsLayout};
use crate::layout::{self, AreaColumns};
use crate::measures::{Scores, ServiceAnswers};

/// What a municipality entered on its savings sheet.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SavingsInputs {
    /// Cost of one person-hour, €.
    pub hourly_cost: Option<f64>,
    /// `services[area][service]`, in catalog order.
    pub services: Vec<Vec<ServiceInputs>>,
}

/// The savings inputs of one service.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServiceInputs {
    /// Transactions per year.
    pub volume: Option<f64>,
    /// Minutes saved per transaction, per savings stage (`None`: empty or no such stage).
    pub minutes: Vec<Option<f64>>,
    /// Annual cost of the e-service, €.
    pub annual_cost: Option<f64>,
}

/// The savings of one service, € per year (`null` when not computable).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ServiceSavings {
    /// The annual volume of transactions the municipality reported.
    pub volume: Option<f64>,
    /// Realised savings, € per year (docs/measures.md).
    pub realized: Option<f64>,
    /// Potential savings if every transaction went through a fully digital service.
    pub potential: Option<f64>,
    /// Potential minus realised.
    pub untapped: Option<f64>,
}

/// The savings of an area or a whole return, € per year.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SavingsTotals {
    /// Σ realised over the services that reported a volume, € per year.
    pub realized: f64,
    /// Σ potential over those services, € per year.
    pub potential: f64,
    /// Σ untapped over those services, € per year.
    pub untapped: f64,
    /// Services that reported an annual volume.
    pub services_reported: usize,
}

impl SavingsTotals {
    /// Adds a service's figures (empty ones count nothing).
    pub fn add_service(&mut self, s: &ServiceSavings) {
        self.realized += s.realized.unwrap_or(0.0);
        self.potential += s.potential.unwrap_or(0.0);
        self.untapped += s.untapped.unwrap_or(0.0);
        self.services_reported += usize::from(s.volume.is_some());
    }

    /// Adds another total (areas into overall, municipalities into national).
    pub fn add(&mut self, o: &SavingsTotals) {
        self.realized += o.realized;
        self.potential += o.potential;
        self.untapped += o.untapped;
        self.services_reported += o.services_reported;
    }
}

/// The savings of one service from its answers and its savings inputs.
pub fn service_savings(
    catalog: &Catalog,
    service: &Service,
    answers: &ServiceAnswers,
    input: &ServiceInputs,
    hourly_cost: Option<f64>,
) -> ServiceSavings {
    let Some(model) = &catalog.savings else { return ServiceSavings::default() };
    let (Some(volume), Some(h)) = (input.volume, hourly_cost) else {
        return ServiceSavings { volume: input.volume, ..ServiceSavings::default() };
    };
    let cost = input.annual_cost.unwrap_or(0.0);
    let mut all = 0.0;
    let mut done = 0.0;
    for (j, &k) in model.stages.iter().enumerate() {
        if !service.stages.contains(&k) {
            continue;
        }
        let m = input.minutes.get(j).copied().flatten().unwrap_or(0.0);
        let d = answers
            .stages
            .get(k)
            .copied()
            .flatten()
            .and_then(|o| catalog.stages[k].options.get(o))
            .and_then(|o| o.score);
        all += m;
        done += m * d.unwrap_or(0.0);
    }
    let potential = volume * all / 60.0 * h - cost;
    let realized = if answers.introduced == Some(true) {
        answers.usage.map(|u| volume * u / 100.0 * done / 60.0 * h - cost)
    } else {
        Some(0.0)
    };
    ServiceSavings {
        volume: Some(volume),
        realized,
        potential: Some(potential),
        untapped: realized.map(|r| potential - r),
    }
}

/// Fills the `savings` fields of `scores` (per service, area and overall) for a catalog
/// with savings; a return without a savings sheet has every figure empty.
pub fn apply(
    catalog: &Catalog,
    inputs: Option<&SavingsInputs>,
    answers: &[Vec<ServiceAnswers>],
    scores: &mut Scores,
) {
    if catalog.savings.is_none() {
        return;
    }
    let blank_in = ServiceInputs::default();
    let blank_ans = ServiceAnswers::blank(catalog);
    let hourly = inputs.and_then(|i| i.hourly_cost);
    let mut overall = SavingsTotals::default();
    for (a, (area, score)) in catalog.areas.iter().zip(scores.areas.iter_mut()).enumerate() {
        let mut total = SavingsTotals::default();
        for (s, (service, ss)) in area.services.iter().zip(score.services.iter_mut()).enumerate() {
            let input =
                inputs.and_then(|i| i.services.get(a)).and_then(|v| v.get(s)).unwrap_or(&blank_in);
            let ans = answers.get(a).and_then(|v| v.get(s)).unwrap_or(&blank_ans);
            let figures = service_savings(catalog, service, ans, input, hourly);
            total.add_service(&figures);
            ss.savings = Some(figures);
        }
        overall.add(&total);
        score.measures.savings = Some(total);
    }
    scores.overall.savings = Some(overall);
}

// ---- the same figures as spreadsheet formulas --------------------------------------------

/// The cells of one service row the formulas read: its own row on the savings sheet and
/// its row on its area sheet.
pub struct RowRefs<'a> {
    /// The catalog used.
    pub catalog: &'a Catalog,
    /// The savings sheet's layout.
    pub layout: &'a SavingsLayout,
    /// The catalog service.
    pub service: &'a Service,
    /// The area sheet's name (unquoted).
    pub area_sheet: &'a str,
    /// The service's row on the area sheet.
    pub area_row: u32,
    /// The service's row on the savings sheet.
    pub row: u32,
}

impl RowRefs<'_> {
    fn own(&self, col: u16) -> String {
        layout::cell_name(self.row, col)
    }

    fn area(&self, col: u16) -> String {
        format!("{}!{}", layout::quote_sheet(self.area_sheet), layout::abs_cell(self.area_row, col))
    }

    /// The savings stages this service has: (index in the savings model, catalog stage).
    fn stages(&self) -> Vec<(usize, usize)> {
        let model = self.catalog.savings.as_ref().map(|s| s.stages.as_slice()).unwrap_or_default();
        model.iter().copied().enumerate().filter(|(_, k)| self.service.stages.contains(k)).collect()
    }

    fn guard(&self, then: &str) -> String {
        format!(
            "IF(AND(ISNUMBER({}),ISNUMBER({HOURLY_COST_NAME})),{then},\"\")",
            self.own(crate::layout::savings::VOLUME_COL)
        )
    }

    /// Whether the service is introduced, as text: follows the adoption cell of the area sheet.
    pub fn introduced_formula(&self, yes: &str, no: &str) -> String {
        let cols = AreaColumns::new(self.catalog);
        let gate = self.area(cols.adoption.unwrap_or(cols.id));
        format!(
            "IF({gate}=\"\",\"\",IF({gate}={},\"{yes}\",\"{no}\"))",
            crate::layout::INTRODUCED_NAME
        )
    }

    /// Realised savings, mirroring `service_savings`.
    pub fn realized_formula(&self) -> String {
        let cols = AreaColumns::new(self.catalog);
        let terms: Vec<String> = self
            .stages()
            .iter()
            .map(|&(j, k)| {
                let table = crate::measures::stage_table_ref(self.catalog, k);
                format!(
                    "N({})*IFERROR(VLOOKUP({},{table},2,0),0)",
                    self.own(self.layout.minutes[j]),
                    self.area(cols.stages[k])
                )
            })
            .collect();
        let done = if terms.is_empty() { "0".to_string() } else { terms.join("+") };
        let usage = self.area(cols.usage.unwrap_or(cols.degree));
        let volume = self.own(crate::layout::savings::VOLUME_COL);
        let cost = self.own(self.layout.cost);
        let gate = self.area(cols.adoption.unwrap_or(cols.id));
        self.guard(&format!(
            "IF({gate}={},IF(ISNUMBER({usage}),{volume}*{usage}/100*({done})/60*{HOURLY_COST_NAME}-N({cost}),\"\"),0)",
            crate::layout::INTRODUCED_NAME
        ))
    }

    /// Potential savings, mirroring `service_savings`.
    pub fn potential_formula(&self) -> String {
        let minutes: Vec<String> = self
            .stages()
            .iter()
            .map(|&(j, _)| format!("N({})", self.own(self.layout.minutes[j])))
            .collect();
        let all = if minutes.is_empty() { "0".to_string() } else { minutes.join("+") };
        let volume = self.own(crate::layout::savings::VOLUME_COL);
        self.guard(&format!(
            "{volume}*({all})/60*{HOURLY_COST_NAME}-N({})",
            self.own(self.layout.cost)
        ))
    }

    /// Untapped savings: potential − realised, empty when realised is.
    pub fn untapped_formula(&self) -> String {
        let (r, p) = (self.own(self.layout.realized), self.own(self.layout.potential));
        format!("IF(ISNUMBER({r}),{p}-{r},\"\")")
    }
}

/// An area-table cell: the sum (or, in the volume column, the count of volumes) over the
/// area's service rows.
pub fn area_total_formula(layout: &SavingsLayout, area: usize, col: u16) -> String {
    let rows = &layout.services[area];
    let (Some(&first), Some(&last)) = (rows.first(), rows.last()) else { return "0".into() };
    let range = format!("{}:{}", layout::cell_name(first, col), layout::cell_name(last, col));
    if col == crate::layout::savings::VOLUME_COL {
        format!("COUNT({range})")
    } else {
        format!("SUM({range})")
    }
}

/// The total row: the sum of the area rows.
pub fn total_formula(layout: &SavingsLayout, areas: usize, col: u16) -> String {
    format!(
        "SUM({}:{})",
        layout::cell_name(layout.table_first, col),
        layout::cell_name(layout.table_first + areas as u32 - 1, col)
    )
}

/// The value the Rust code gives for an area-table column.
pub fn total_value(layout: &SavingsLayout, totals: &SavingsTotals, col: u16) -> f64 {
    match col {
        c if c == layout.realized => totals.realized,
        c if c == layout.potential => totals.potential,
        c if c == layout.untapped => totals.untapped,
        _ => totals.services_reported as f64,
    }
}

// ---- the savings table of `score`'s text output ------------------------------------------

/// Euros as people read them: whole, thousands separated by a space; "–" when empty.
fn euros(v: Option<f64>) -> String {
    let Some(v) = v else { return "–".into() };
    let digits = format!("{:.0}", v.abs());
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(' ');
        }
        grouped.push(c);
    }
    if v < -0.5 { format!("-{grouped}") } else { grouped }
}

/// The savings per area, overall and per service that reported a volume; `None` when no
/// service reported one (nothing to show).
pub fn text_table(
    areas: &[crate::measures::AreaScore],
    overall: &crate::measures::Measures,
    lang: crate::lang::Lang,
) -> Option<String> {
    use crate::texts::t;
    use std::fmt::Write as _;
    let total = overall.savings.filter(|s| s.services_reported > 0)?;
    let width = areas.iter().map(|a| a.name.chars().count()).max().unwrap_or(10).max(28);
    let mut out = format!("{}\n", t("savings_text_heading", lang));
    let cut = |key| t(key, lang).chars().take(14).collect::<String>();
    let _ = writeln!(
        out,
        "{:<width$}  {:>14}  {:>14}  {:>14}  {:>5}",
        t("sum_area", lang),
        cut("savings_text_realized"),
        cut("savings_text_potential"),
        cut("savings_text_untapped"),
        "n"
    );
    let row = |out: &mut String, label: &str, s: &SavingsTotals| {
        let (r, p, u) =
            (euros(Some(s.realized)), euros(Some(s.potential)), euros(Some(s.untapped)));
        let _ =
            writeln!(out, "{label:<width$}  {r:>14}  {p:>14}  {u:>14}  {:>5}", s.services_reported);
    };
    for a in areas {
        row(&mut out, &a.name, &a.measures.savings.unwrap_or_default());
    }
    row(&mut out, t("sum_overall", lang), &total);
    out.push('\n');
    for s in areas.iter().flat_map(|a| &a.services) {
        let Some(f) = s.savings.as_ref().filter(|f| f.volume.is_some()) else { continue };
        let (r, p, u) = (euros(f.realized), euros(f.potential), euros(f.untapped));
        let _ = writeln!(out, "  {:<width$}{r:>14}  {p:>14}  {u:>14}", s.id);
    }
    out.push('\n');
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A building permit, every savings stage at its best option but one unanswered:
    /// the definitions of docs/measures.md worked by hand.
    #[test]
    fn service_figures_follow_the_definitions() {
        let c = Catalog::default_catalog();
        let svc = &c.areas[0].services[0];
        let model = c.savings.as_ref().unwrap();
        let mut ans = ServiceAnswers::blank(&c);
        ans.introduced = Some(true);
        ans.usage = Some(50.0);
        for &k in &model.stages[1..] {
            ans.stages[k] = c.stages[k].options.iter().position(|o| o.score == Some(1.0));
        }
        let input = ServiceInputs {
            volume: Some(1000.0),
            minutes: vec![Some(60.0), Some(30.0), Some(6.0), Some(0.0)],
            annual_cost: Some(500.0),
        };
        let f = service_savings(&c, svc, &ans, &input, Some(40.0));
        // potential = 1000 × 96 min ÷ 60 × 40 € − 500; realised = 1000 × 0.5 × 36 ÷ 60 × 40 − 500
        assert_eq!(f.potential, Some(1000.0 * 96.0 / 60.0 * 40.0 - 500.0));
        assert_eq!(f.realized, Some(1000.0 * 50.0 / 100.0 * 36.0 / 60.0 * 40.0 - 500.0));
        assert_eq!(f.untapped, Some(f.potential.unwrap() - f.realized.unwrap()));
        // Without usage nothing is realised yet; not introduced realises 0; no hourly cost, no figures.
        ans.usage = None;
        assert_eq!(service_savings(&c, svc, &ans, &input, Some(40.0)).realized, None);
        ans.introduced = Some(false);
        assert_eq!(service_savings(&c, svc, &ans, &input, Some(40.0)).realized, Some(0.0));
        assert_eq!(
            service_savings(&c, svc, &ans, &input, None),
            ServiceSavings { volume: Some(1000.0), ..Default::default() }
        );
    }

    #[test]
    fn euros_are_grouped() {
        assert_eq!(euros(Some(1234567.4)), "1 234 567");
        assert_eq!(euros(Some(-1500.0)), "-1 500");
        assert_eq!(euros(None), "–");
    }
}
