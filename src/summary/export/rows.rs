//! The rows of the CSV: the whole country and each region (the mean and median of each
//! measure per area and overall, from `round::glance`, so they equal the summary's front
//! page, its regions sheet and the JSON), then per counted municipality its overall, area
//! and service rows and the services it added.

use crate::catalog::Catalog;
use crate::data_sheet::{DataRow, Measure, RoundData};
use crate::lang::Lang;
use crate::measures::savings::SavingsTotals;
use crate::measures::{Group, Measures, ServiceScore};
use crate::register::{Register, SizeClass};
use crate::round::stats::Figures;
use crate::round::{Kept, Round, glance};
use crate::summary::layout::MeasureColumn;

use super::schema::{Field, Level, STATISTICS};

/// Whom a row is about: its region and municipality columns (empty where they do not
/// apply).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Unit<'a> {
    pub region_code: &'a str,
    pub region_name: &'a str,
    pub code: &'a str,
    pub name: &'a str,
    pub size_class: &'a str,
    pub date: &'a str,
}

/// One row of the CSV.
#[derive(Clone, Copy, Debug)]
pub(super) struct Row<'a> {
    pub level: Level,
    pub unit: Unit<'a>,
    pub area: &'a str,
    pub service: &'a str,
    pub statistic: &'a str,
    pub field: Field,
    pub value: Option<f64>,
    pub text: &'a str,
}

impl<'a> Row<'a> {
    fn new(level: Level, unit: Unit<'a>, area: &'a str, field: Field, value: Option<f64>) -> Self {
        Row { level, unit, area, service: "", statistic: "", field, value, text: "" }
    }
}

/// Every row of the round, in order, given to `emit`.
pub(super) fn rows(round: &Round<'_>, data: &RoundData, emit: &mut dyn FnMut(&Row<'_>)) {
    let catalog = round.catalog;
    let shown: Vec<Measure> = MeasureColumn::for_catalog(catalog)
        .into_iter()
        .filter_map(MeasureColumn::measure)
        .collect();
    let national = glance::national(round, data);
    let unit = Unit::default();
    figures(catalog, Level::National, unit, &national.groups, national.expected, &shown, emit);
    for r in glance::regions(data, &round.expected) {
        let unit = Unit { region_code: &r.region.code, region_name: &r.region.name_fi, ..unit };
        figures(catalog, Level::Region, unit, &r.groups, r.expected, &shown, emit);
    }
    for k in &round.kept {
        municipality(round, k, &shown, emit);
    }
}

/// The rows of a set of municipalities: per group how many, and the mean and median of
/// each measure; over all areas also how many were expected.
fn figures(
    catalog: &Catalog,
    level: Level,
    unit: Unit<'_>,
    groups: &[Figures],
    expected: usize,
    shown: &[Measure],
    emit: &mut dyn FnMut(&Row<'_>),
) {
    for (g, f) in Group::all(catalog).into_iter().zip(groups) {
        let area = match g {
            Group::Area(a) => catalog.areas[a].id.as_str(),
            Group::Overall => "",
        };
        emit(&Row::new(level, unit, area, Field::Count, Some(f.count as f64)));
        if g == Group::Overall {
            emit(&Row::new(level, unit, area, Field::Expected, Some(expected as f64)));
        }
        for &m in shown {
            for (statistic, values) in STATISTICS.into_iter().zip([&f.mean, &f.median]) {
                let row = Row::new(level, unit, area, Field::of(m), values.get(m));
                emit(&Row { statistic, ..row });
            }
        }
    }
}

/// The rows of one counted municipality: overall, then each area with its services, then
/// the services it added.
fn municipality(round: &Round<'_>, k: &Kept, shown: &[Measure], emit: &mut dyn FnMut(&Row<'_>)) {
    let m = Register::embedded().get(&k.code);
    let r = &round.returns[k.index];
    let unit = Unit {
        region_code: m.and_then(|m| m.region_code.as_deref()).unwrap_or_default(),
        region_name: m.map(|m| m.region(Lang::Fi)).unwrap_or_default(),
        code: &k.code,
        name: &k.name,
        size_class: m.and_then(|m| m.population).map(|p| SizeClass::of(p).id()).unwrap_or_default(),
        date: r.response_date.as_deref().unwrap_or_default(),
    };
    measures(Level::Overall, unit, "", &k.scores.overall, shown, emit);
    for a in &k.scores.areas {
        measures(Level::Area, unit, &a.id, &a.measures, shown, emit);
        for s in &a.services {
            service(round.catalog, unit, &a.id, s, emit);
        }
    }
    for added in &r.added {
        let row = Row::new(Level::Service, unit, &added.area, Field::AddedService, None);
        emit(&Row { text: &added.name, ..row });
    }
}

/// A municipality's measures of an area or overall, with its savings sums when any of its
/// services reported a volume.
fn measures(
    level: Level,
    unit: Unit<'_>,
    area: &str,
    m: &Measures,
    shown: &[Measure],
    emit: &mut dyn FnMut(&Row<'_>),
) {
    let values = DataRow::from_measures(m);
    for &measure in shown {
        emit(&Row::new(level, unit, area, Field::of(measure), values.get(measure)));
    }
    if let Some(s) = m.savings.filter(|s| s.services_reported > 0) {
        for (field, value) in savings_totals(&s) {
            emit(&Row::new(level, unit, area, field, Some(value)));
        }
    }
}

fn savings_totals(s: &SavingsTotals) -> [(Field, f64); 4] {
    [
        (Field::SavingsRealizedEur, s.realized),
        (Field::SavingsPotentialEur, s.potential),
        (Field::SavingsUntappedEur, s.untapped),
        (Field::SavingsServicesReported, s.services_reported as f64),
    ]
}

/// One service's rows: introduced (with an adoption question), degree, usage (when the
/// catalog asks it), points (when options carry points), and its savings when it reported
/// a volume.
fn service(
    catalog: &Catalog,
    unit: Unit<'_>,
    area: &str,
    s: &ServiceScore,
    emit: &mut dyn FnMut(&Row<'_>),
) {
    let mut fields = Vec::new();
    if catalog.has_adoption() {
        fields.push((Field::Introduced, s.introduced.map(|i| f64::from(u8::from(i)))));
    }
    fields.push((Field::DegreeShare, s.degree));
    if catalog.usage {
        fields.push((Field::UsageShare, s.usage));
    }
    if catalog.has_points() {
        fields.push((Field::Points, s.points));
    }
    if let Some(f) = s.savings.as_ref().filter(|f| f.volume.is_some()) {
        fields.extend([
            (Field::SavingsVolume, f.volume),
            (Field::SavingsRealizedEur, f.realized),
            (Field::SavingsPotentialEur, f.potential),
            (Field::SavingsUntappedEur, f.untapped),
        ]);
    }
    for (field, value) in fields {
        emit(&Row { service: &s.id, ..Row::new(Level::Service, unit, area, field, value) });
    }
}
