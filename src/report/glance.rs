//! The round at a glance in the JSON of `aggregate` (docs/json.md): the whole country and
//! each region, the same figures as the summary's front page and regions sheet
//! (`round::glance`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use crate::data_sheet::{DataRow, Measure};
use crate::measures::Group;
use crate::register::SizeClass;
use crate::round::glance::{National, RegionFigures};
use crate::round::stats::{Figures, group_figures};

/// The whole country.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NationalEntry {
    /// Municipalities expected in the round.
    pub expected: usize,
    /// Municipalities counted (a valid return).
    pub counted: usize,
    /// Files rejected (invalid or unreadable).
    pub rejected: usize,
    /// Expected municipalities without a counted return.
    pub missing: usize,
    /// Per area (by id), then `overall`: the mean and median over the counted
    /// municipalities.
    pub groups: Vec<GroupFigures>,
    /// For a catalog with savings: the sums over the reporting municipalities and the
    /// estimate for the whole country with its basis, as on the summary's savings sheet.
    pub savings: Option<NationalSavings>,
}

/// The savings of the round: what the reporting municipalities sum to, and scaled to the
/// whole country by population when the basis is large enough (docs/measures.md).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NationalSavings {
    /// Counted municipalities that reported at least one annual volume.
    pub reporting: usize,
    /// Inhabitants of the reporting municipalities.
    pub reporting_population: u64,
    /// Inhabitants of the whole country (the register).
    pub population: u64,
    /// The year the population was counted (31 December).
    pub population_year: u16,
    /// `reporting_population` ÷ `population`, 0..1.
    pub population_share: Option<f64>,
    /// Sums over the reporting municipalities, € per year.
    pub sums: SavingsFigures,
    /// The least reporting municipalities an estimate needs.
    pub estimate_min_municipalities: usize,
    /// The least share of the population they must hold, 0..1.
    pub estimate_min_population_share: f64,
    /// The sums scaled to the whole country by population; `null` below the minimums.
    pub estimate: Option<SavingsFigures>,
}

/// Realised, potential and untapped savings, € per year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SavingsFigures {
    /// Realised savings.
    pub realized: f64,
    /// Potential savings.
    pub potential: f64,
    /// Untapped savings (potential − realised).
    pub untapped: f64,
}

impl NationalSavings {
    /// The JSON of the savings sheet's national figures.
    pub fn new(n: &crate::summary::savings::National) -> NationalSavings {
        let sums = SavingsFigures {
            realized: n.sums.realized,
            potential: n.sums.potential,
            untapped: n.sums.untapped,
        };
        let estimate = n.estimable().then(|| SavingsFigures {
            realized: n.estimate(sums.realized).unwrap_or_default(),
            potential: n.estimate(sums.potential).unwrap_or_default(),
            untapped: n.estimate(sums.untapped).unwrap_or_default(),
        });
        NationalSavings {
            reporting: n.reporting,
            reporting_population: n.reporting_population,
            population: n.population,
            population_year: n.population_year,
            population_share: n.population_share(),
            sums,
            estimate_min_municipalities: crate::summary::savings::ESTIMATE_MIN_MUNICIPALITIES,
            estimate_min_population_share: crate::summary::savings::ESTIMATE_MIN_POPULATION_SHARE,
            estimate,
        }
    }
}

/// One region (maakunta) of the register.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RegionEntry {
    /// Statistics Finland's two-digit region code ("01" Uusimaa).
    pub code: String,
    /// The name in Finnish.
    pub name_fi: String,
    /// The name in Swedish.
    pub name_sv: String,
    /// Its municipalities expected in the round.
    pub expected: usize,
    /// Its municipalities counted.
    pub counted: usize,
    /// Per area, then `overall`, over its counted municipalities.
    pub groups: Vec<GroupFigures>,
}

/// One size class of municipalities by population.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SizeClassEntry {
    /// `small` (under 10,000 inhabitants), `medium` (10,000–49,999) or `large`.
    pub size_class: String,
    /// Its municipalities counted.
    pub counted: usize,
    /// Per area, then `overall`, over its counted municipalities.
    pub groups: Vec<GroupFigures>,
}

impl SizeClassEntry {
    /// Every size class of the round, smallest first (`round::stats::group_figures`, as
    /// the feedback's size-class comparison).
    pub fn all(catalog: &Catalog, data: &crate::data_sheet::RoundData) -> Vec<SizeClassEntry> {
        SizeClass::ALL
            .into_iter()
            .map(|class| {
                let member = |e: &crate::data_sheet::Entry| e.size_class() == Some(class);
                SizeClassEntry {
                    size_class: class.id().to_string(),
                    counted: data.entries.iter().filter(|e| member(e)).count(),
                    groups: groups(catalog, &group_figures(data, member)),
                }
            })
            .collect()
    }
}

/// The figures of one group (an area or overall) over a set of municipalities.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GroupFigures {
    /// The area's id, or `overall`.
    pub group: String,
    /// How many municipalities the figures are over.
    pub count: usize,
    /// The mean of each measure (shares 0..1; `null` where no municipality has one).
    pub mean: MeasureValues,
    /// The median of each measure.
    pub median: MeasureValues,
}

/// One value per measure; `null` where it does not apply or no municipality has one.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MeasureValues {
    /// Coverage, 0..1.
    pub coverage: Option<f64>,
    /// Degree of digitalisation, 0..1.
    pub degree: Option<f64>,
    /// Realised potential, 0..1.
    pub realized: Option<f64>,
    /// Usage rate, 0..1.
    pub usage: Option<f64>,
    /// Points, for catalogs with points.
    pub points: Option<f64>,
}

impl MeasureValues {
    fn of(row: &DataRow) -> MeasureValues {
        MeasureValues {
            coverage: row.get(Measure::Coverage),
            degree: row.get(Measure::Degree),
            realized: row.get(Measure::Realized),
            usage: row.get(Measure::Usage),
            points: row.get(Measure::Points),
        }
    }
}

/// The groups' figures, named by area id and `overall`.
fn groups(catalog: &Catalog, figures: &[Figures]) -> Vec<GroupFigures> {
    Group::all(catalog)
        .into_iter()
        .zip(figures)
        .map(|(g, f)| GroupFigures {
            group: match g {
                Group::Area(a) => catalog.areas[a].id.clone(),
                Group::Overall => "overall".into(),
            },
            count: f.count,
            mean: MeasureValues::of(&f.mean),
            median: MeasureValues::of(&f.median),
        })
        .collect()
}

impl NationalEntry {
    /// The JSON of the national figures.
    pub fn new(
        catalog: &Catalog,
        n: &National,
        savings: Option<&crate::summary::savings::National>,
    ) -> NationalEntry {
        NationalEntry {
            expected: n.expected,
            counted: n.counted,
            rejected: n.rejected,
            missing: n.missing,
            groups: groups(catalog, &n.groups),
            savings: savings.map(NationalSavings::new),
        }
    }
}

impl RegionEntry {
    /// The JSON of one region's figures.
    pub fn new(catalog: &Catalog, r: &RegionFigures) -> RegionEntry {
        RegionEntry {
            code: r.region.code.clone(),
            name_fi: r.region.name_fi.clone(),
            name_sv: r.region.name_sv.clone(),
            expected: r.expected,
            counted: r.counted,
            groups: groups(catalog, &r.groups),
        }
    }
}
