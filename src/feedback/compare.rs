//! The figures a municipality is compared with: the nation, its region, its size class and
//! its rank — only ever over counted returns, a group shown only when it has at least
//! `MIN_PEERS` municipalities, and no other municipality named. All means and medians come
//! from `round::stats`, as the summary's do.

use crate::data_sheet::{DataRow, Measure};
use crate::register::SizeClass;
use crate::round::stats::{self, Figures, ServiceFigures, group_figures};

use crate::data_sheet::{Entry, RoundData};

/// The fewest municipalities a group may have for its mean to be shown: fewer would be too
/// few to compare, and would come too close to showing the others' answers.
pub const MIN_PEERS: usize = 3;

/// The national figures, the same for every municipality.
pub struct National {
    /// Per group (each area, then overall).
    pub groups: Vec<Figures>,
    /// Per catalog service, area by area.
    pub services: Vec<ServiceFigures>,
    /// Per group, the mean change since the earlier round over the municipalities that
    /// have earlier figures; `None` without any.
    pub change: Vec<Option<DataRow>>,
}

impl National {
    /// The national figures of a round.
    pub fn new(round: &RoundData) -> National {
        let n_groups = round.entries.first().map_or(0, |e| e.groups.len());
        let n_services = round.entries.first().map_or(0, |e| e.services.len());
        National {
            groups: group_figures(round, |_| true),
            services: (0..n_services)
                .map(|s| stats::service_figures(round.entries.iter().map(|e| &e.services[s])))
                .collect(),
            change: (0..n_groups).map(|g| mean_change(round, g)).collect(),
        }
    }
}

/// The figures of the municipality's region (itself included).
pub fn region_figures(round: &RoundData, entry: &Entry) -> Vec<Figures> {
    group_figures(round, |e| !entry.region_fi.is_empty() && e.region_fi == entry.region_fi)
}

/// The figures of the municipality's size class (itself included).
pub fn size_figures(round: &RoundData, entry: &Entry) -> Vec<Figures> {
    let class: Option<SizeClass> = entry.size_class();
    group_figures(round, |e| class.is_some() && e.size_class() == class)
}

/// A group's mean of a measure, when the group is large enough to show.
pub fn shown_mean(figures: &Figures, measure: Measure) -> Option<f64> {
    if figures.count < MIN_PEERS { None } else { figures.mean.get(measure) }
}

/// The municipality's rank in a group's measure among the counted returns (1 = highest)
/// and how many have the measure.
pub fn rank(
    round: &RoundData,
    entry: &Entry,
    group: usize,
    measure: Measure,
) -> Option<(usize, usize)> {
    let own = entry.groups[group].get(measure)?;
    let values: Vec<f64> =
        round.entries.iter().filter_map(|e| e.groups[group].get(measure)).collect();
    Some((stats::rank(own, &values), values.len()))
}

/// The municipality's change in a group since the earlier round.
pub fn change(entry: &Entry, group: usize) -> Option<DataRow> {
    let before = entry.previous[group]?;
    let now = entry.groups[group];
    Some(DataRow::from_fn(|m| now.get(m).zip(before.get(m)).map(|(a, b)| a - b)))
}

fn mean_change(round: &RoundData, group: usize) -> Option<DataRow> {
    let changes: Vec<DataRow> = round.entries.iter().filter_map(|e| change(e, group)).collect();
    (!changes.is_empty()).then(|| stats::figures(&changes).mean)
}
