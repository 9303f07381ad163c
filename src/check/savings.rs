//! The savings pass (docs/measures.md): the hourly cost (at its place; its defined name must
//! agree) and each catalog service's row on the savings sheet, found by its id. Volumes are whole,
//! 0–100 million, minutes 0–600, costs 0–100 million €, the hourly cost above 0 and at most
//! 1 000 € (a warning outside 15–150 €/h), so every sum stays finite;
//! typed text such as "1 200" or "45 €/h" is read with a `normalized-answer` warning.
//! Inputs on a service not introduced are kept (they are its target); a volume on an
//! introduced service without usage is warned, for its realised savings cannot be computed.

use crate::catalog::savings::{MAX_ANNUAL_COST, MAX_HOURLY_COST, MAX_MINUTES, MAX_VOLUME};
use crate::check::findings::{Code, Finding};
use crate::check::{Return, ReturnChecker};
use crate::lang::fold;
use crate::layout::savings::{self as sl, HOURLY_COST_NAME, SavingsLayout};
use crate::measures::savings::{SavingsInputs, ServiceInputs};
use crate::read::{self, Book, Sheet, Value};

/// Folded names of the savings sheet in every language.
pub(super) fn sheet_names() -> Vec<String> {
    crate::lang::Lang::ALL.iter().map(|&l| fold(sl::sheet_name(l))).collect()
}

/// What a savings input must be.
#[derive(Clone, Copy)]
enum Rule {
    Hourly,
    Volume,
    Minutes,
    Cost,
}

impl Rule {
    fn accepts(self, x: f64) -> bool {
        match self {
            Rule::Hourly => x > 0.0 && x <= MAX_HOURLY_COST,
            Rule::Volume => (0.0..=MAX_VOLUME).contains(&x) && x.fract() == 0.0,
            Rule::Minutes => (0.0..=MAX_MINUTES).contains(&x),
            Rule::Cost => (0.0..=MAX_ANNUAL_COST).contains(&x),
        }
    }

    fn key(self) -> &'static str {
        match self {
            Rule::Hourly => "savings_rule_hourly",
            Rule::Volume => "savings_rule_volume",
            Rule::Minutes => "savings_rule_minutes",
            Rule::Cost => "savings_rule_cost",
        }
    }
}

/// Reads the savings sheet into `ret.savings`, when the catalog has savings and the
/// workbook the sheet (a workbook made before the sheet existed simply has no inputs).
pub(super) fn read_savings(checker: &ReturnChecker, book: &Book, ret: &mut Return) {
    let Some(l) = SavingsLayout::new(checker.catalog) else { return };
    let named = |s: &&Sheet| checker.savings_names.contains(&fold(&s.name));
    let Some(sheet) = book
        .sheets
        .iter()
        .filter(|s| !s.hidden)
        .find(named)
        .or_else(|| book.sheets.iter().find(named))
    else {
        return;
    };
    let (row, col) = (sl::HOURLY_ROW, sl::VOLUME_COL);
    super::respondent::check_name(book, HOURLY_COST_NAME, sheet, (row, col), ret);
    let hourly_cost = number(sheet, row, col, Rule::Hourly, None, ret);
    if let Some(h) = hourly_cost.filter(|h| !(15.0..=150.0).contains(h)) {
        ret.push(
            place(sheet, row, col, None, Code::UnusualHourlyCost)
                .arg("value", read::format_number(h)),
        );
    }
    let mut inputs = SavingsInputs {
        hourly_cost,
        services: checker
            .catalog
            .areas
            .iter()
            .map(|a| vec![ServiceInputs::default(); a.services.len()])
            .collect(),
    };
    for (row, v) in sheet.column(sl::ID_COL) {
        let Value::Text(id) = v else { continue };
        let Some(&(a, s)) = checker.services.get(id.trim()) else { continue };
        if row <= sl::HEADER_ROW || inputs.services[a][s] != ServiceInputs::default() {
            continue;
        }
        let service = &checker.catalog.areas[a].services[s];
        let id = Some(service.id.as_str());
        let model = checker.catalog.savings.as_ref().expect("a savings layout has a savings model");
        let minutes = model
            .stages
            .iter()
            .enumerate()
            .map(|(j, k)| {
                service
                    .stages
                    .contains(k)
                    .then(|| number(sheet, row, l.minutes[j], Rule::Minutes, id, ret))
                    .flatten()
            })
            .collect();
        let input = ServiceInputs {
            volume: number(sheet, row, sl::VOLUME_COL, Rule::Volume, id, ret),
            minutes,
            annual_cost: number(sheet, row, l.cost, Rule::Cost, id, ret),
        };
        let answers = &ret.answers[a][s];
        if input.volume.is_some() && answers.introduced == Some(true) && answers.usage.is_none() {
            ret.push(place(sheet, row, sl::VOLUME_COL, id, Code::VolumeWithoutUsage));
        }
        inputs.services[a][s] = input;
    }
    ret.savings = Some(inputs);
}

fn place(sheet: &Sheet, row: u32, col: u16, service: Option<&str>, code: Code) -> Finding {
    let f = Finding::new(code).sheet(sheet.name.clone()).cell(crate::layout::cell_name(row, col));
    match service {
        Some(id) => f.service(id),
        None => f,
    }
}

/// One numeric input, checked against its rule; a finding for anything else.
fn number(
    sheet: &Sheet,
    row: u32,
    col: u16,
    rule: Rule,
    service: Option<&str>,
    ret: &mut Return,
) -> Option<f64> {
    let value = sheet.get(row, col)?;
    let Some((x, repaired)) = parse_amount(value) else {
        ret.push(
            place(sheet, row, col, service, Code::InvalidNumber).arg("value", value.display()),
        );
        return None;
    };
    if !rule.accepts(x) {
        ret.push(
            place(sheet, row, col, service, Code::InvalidSavingsInput)
                .arg("value", value.display())
                .arg_key("rule", rule.key()),
        );
        return None;
    }
    if repaired {
        ret.push(
            place(sheet, row, col, service, Code::NormalizedAnswer)
                .arg("value", value.display())
                .arg("answer", read::format_number(x)),
        );
    }
    Some(x)
}

/// A number, whatever format the saving program attached (a date by its number, a percent
/// by its value), or text such as "1 200", "45 €/h", "12,5 min" read as one (`true`:
/// repaired). Never an infinity or NaN.
fn parse_amount(v: &Value) -> Option<(f64, bool)> {
    match v {
        Value::Number(n) | Value::Percent(n) | Value::Date { serial: Some(n), .. }
            if n.is_finite() =>
        {
            Some((*n, false))
        }
        Value::Text(s) => {
            let lower = s.trim().to_lowercase();
            let stripped = ["€/h", "e/h", "€/t", "€", "eur", "euroa", "min"]
                .iter()
                .fold(lower.as_str(), |acc, unit| acc.trim_end().strip_suffix(unit).unwrap_or(acc))
                .trim();
            let cleaned: String = stripped
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '\u{202f}')
                .collect::<String>()
                .replace(',', ".");
            cleaned.parse::<f64>().ok().filter(|f| f.is_finite()).map(|f| (f, true))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts() {
        assert_eq!(parse_amount(&Value::Number(45.0)), Some((45.0, false)));
        assert_eq!(parse_amount(&Value::Text("1 200".into())), Some((1200.0, true)));
        assert_eq!(parse_amount(&Value::Text("1\u{a0}200".into())), Some((1200.0, true)));
        assert_eq!(parse_amount(&Value::Text("45 €/h".into())), Some((45.0, true)));
        assert_eq!(parse_amount(&Value::Text("12,5 min".into())), Some((12.5, true)));
        assert_eq!(parse_amount(&Value::Text("paljon".into())), None);
        assert!(
            Rule::Volume.accepts(3.0) && !Rule::Volume.accepts(2.5) && !Rule::Volume.accepts(-1.0)
        );
        assert!(Rule::Minutes.accepts(600.0) && !Rule::Minutes.accepts(601.0));
        assert!(!Rule::Hourly.accepts(0.0) && !Rule::Hourly.accepts(1e308));
        assert!(!Rule::Volume.accepts(1e308) && !Rule::Cost.accepts(1e9));
        let dated = Value::Date { text: "1900-02-13".into(), serial: Some(44.0) };
        assert_eq!(parse_amount(&dated), Some((44.0, false)));
        assert_eq!(parse_amount(&Value::Number(f64::INFINITY)), None);
    }
}
