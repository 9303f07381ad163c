//! Property tests of the measures (docs/measures.md) over random answers to the default catalog.

use std::path::Path;

use digiaste::catalog::{Catalog, Service};
use digiaste::check::{self, Status};
use digiaste::lang::Lang;
use digiaste::layout::{self, AreaColumns, Respondent};
use digiaste::measures::{ServiceAnswers, score_all};
use digiaste::read::{Book, Sheet, Value};
use proptest::prelude::*;

fn catalog() -> &'static Catalog {
    static C: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    C.get_or_init(Catalog::default_catalog)
}

/// One service's answers: gate, an option index per stage (None = unanswered), usage.
fn service_answers(
    c: &'static Catalog,
    svc: &'static Service,
) -> impl Strategy<Value = ServiceAnswers> {
    let stages: Vec<BoxedStrategy<Option<usize>>> = (0..c.stages.len())
        .map(|k| {
            if svc.stages.contains(&k) {
                proptest::option::weighted(0.9, 0..c.stages[k].options.len()).boxed()
            } else {
                Just(None).boxed()
            }
        })
        .collect();
    (proptest::option::weighted(0.95, any::<bool>()), stages, proptest::option::of(0.0f64..=100.0))
        .prop_map(|(introduced, stages, usage)| {
            let stages = if introduced == Some(true) { stages } else { vec![None; stages.len()] };
            let usage = if introduced == Some(true) { usage } else { None };
            ServiceAnswers { introduced, stages, usage }
        })
}

fn all_answers() -> impl Strategy<Value = Vec<Vec<ServiceAnswers>>> {
    let c = catalog();
    c.areas
        .iter()
        .map(|a| a.services.iter().map(|s| service_answers(c, s)).collect::<Vec<_>>())
        .collect::<Vec<_>>()
}

/// A workbook as `template` lays it out, with the answers written as labels in `langs`
/// (one language per cell, chosen by the strategy).
fn book_with(answers: &[Vec<ServiceAnswers>], langs: &[Lang]) -> Book {
    let c = catalog();
    let cols = AreaColumns::new(c);
    let mut pick = langs.iter().cycle();
    let mut sheets = Vec::new();
    let mut instructions = Sheet { name: "Ohjeet".into(), ..Default::default() };
    let (r, col) = Respondent::MunicipalityCode.cell();
    instructions.cells.insert((r, col as u32), Value::Text("091".into()));
    let (r, col) = Respondent::RespondentName.cell();
    instructions.cells.insert((r, col as u32), Value::Text("Testi".into()));
    let (r, col) = Respondent::ResponseDate.cell();
    instructions
        .cells
        .insert((r, col as u32), Value::Date { text: "2026-03-15".into(), serial: Some(46096.0) });
    sheets.push(instructions);
    for (a, area) in c.areas.iter().enumerate() {
        let mut sheet = Sheet { name: area.name.get(Lang::Fi).into(), ..Default::default() };
        for (s, svc) in area.services.iter().enumerate() {
            let row = layout::service_row(s);
            let ans = &answers[a][s];
            sheet.cells.insert((row, cols.id as u32), Value::Text(svc.id.clone()));
            if let Some(i) = ans.introduced {
                let opt = c.adoption.iter().find(|o| o.introduced == i).unwrap();
                sheet.cells.insert(
                    (row, cols.adoption.unwrap() as u32),
                    Value::Text(opt.label.get(*pick.next().unwrap()).into()),
                );
            }
            for (k, o) in ans.stages.iter().enumerate() {
                if let Some(o) = o {
                    let label = c.stages[k].options[*o].label.get(*pick.next().unwrap());
                    sheet.cells.insert((row, cols.stages[k] as u32), Value::Text(label.into()));
                }
            }
            if let Some(u) = ans.usage {
                sheet.cells.insert((row, cols.usage.unwrap() as u32), Value::Number(u));
            }
        }
        sheets.push(sheet);
    }
    let mut lists = Sheet { name: layout::LISTS_SHEET.into(), ..Default::default() };
    for (key, value) in
        [("catalog_id", c.id.as_str()), ("catalog_version", c.version.as_str()), ("language", "fi")]
    {
        lists.cells.insert((layout::identity_row(key), 1), Value::Text(value.into()));
    }
    sheets.push(lists);
    Book { sheets, defined_names: Vec::new() }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_ratio_is_within_0_and_1(answers in all_answers()) {
        let s = score_all(catalog(), &answers, Lang::Fi);
        for m in std::iter::once(&s.overall).chain(s.areas.iter().map(|a| &a.measures)) {
            prop_assert!((0.0..=1.0).contains(&m.coverage));
            prop_assert!((0.0..=1.0).contains(&m.realized));
            prop_assert!(m.degree.is_none_or(|d| (0.0..=1.0).contains(&d)));
            prop_assert!(m.usage.is_none_or(|u| (0.0..=1.0).contains(&u)));
        }
        for svc in s.areas.iter().flat_map(|a| &a.services) {
            prop_assert!(svc.degree.is_none_or(|d| (0.0..=1.0).contains(&d)));
        }
    }

    /// realized = coverage × mean degree, whenever every introduced service has a degree
    /// (a service whose every stage is "not applicable" has none).
    #[test]
    fn realized_is_coverage_times_mean_degree(answers in all_answers()) {
        let s = score_all(catalog(), &answers, Lang::Fi);
        for (m, t) in std::iter::once((&s.overall, &s.tally)).chain(s.areas.iter().map(|a| (&a.measures, &a.tally))) {
            if t.scored == t.introduced {
                let expected = m.coverage * m.degree.unwrap_or(0.0);
                prop_assert!((m.realized - expected).abs() < 1e-12, "{} vs {}", m.realized, expected);
            }
        }
    }

    #[test]
    fn adding_a_not_introduced_service_never_raises_coverage(answers in all_answers(), area in 0usize..6) {
        let before = score_all(catalog(), &answers, Lang::Fi);
        let mut bigger = catalog().clone();
        bigger.areas[area].services.push(Service {
            id: "uusi.palvelu".into(),
            name: Default::default(),
            stages: (0..bigger.stages.len()).collect(),
        });
        let mut answers = answers.clone();
        answers[area].push(ServiceAnswers { introduced: Some(false), ..ServiceAnswers::blank(&bigger) });
        let after = score_all(&bigger, &answers, Lang::Fi);
        prop_assert!(after.overall.coverage <= before.overall.coverage);
        prop_assert!(after.areas[area].measures.coverage <= before.areas[area].measures.coverage);
        prop_assert!(after.overall.realized <= before.overall.realized);
        prop_assert_eq!(after.overall.degree, before.overall.degree);
    }

    /// The same answers written in Finnish, Swedish, English or a mix read the same.
    #[test]
    fn answers_in_any_catalog_language_give_identical_scores(
        answers in all_answers(),
        mix in proptest::collection::vec(prop_oneof![Just(Lang::Fi), Just(Lang::Sv), Just(Lang::En)], 1..7),
    ) {
        let c = catalog();
        let direct = score_all(c, &answers, Lang::Fi);
        for langs in [vec![Lang::Fi], vec![Lang::Sv], vec![Lang::En], mix] {
            let r = check::ReturnChecker::new(c).check_book(Path::new("p.xlsx"), Ok(book_with(&answers, &langs)));
            prop_assert_eq!(r.status, Status::Valid, "{:?}", r.findings);
            prop_assert_eq!(&r.answers, &answers);
            let read = score_all(c, &r.answers, Lang::Fi);
            prop_assert_eq!(&read.overall, &direct.overall);
        }
    }
}
