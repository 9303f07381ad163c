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
    pub fn new(catalog: &Catalog, n: &National) -> NationalEntry {
        NationalEntry {
            expected: n.expected,
            counted: n.counted,
            rejected: n.rejected,
            missing: n.missing,
            groups: groups(catalog, &n.groups),
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
