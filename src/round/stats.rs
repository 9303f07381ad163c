//! The national statistics of a round: mean and median over municipalities. The summary
//! and the feedback workbooks both take their figures from here, so they cannot differ.

use crate::data_sheet::{DataRow, Entry, Measure, RoundData, ServiceRow};

/// The arithmetic mean; `None` for no values.
pub fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// The median (the mean of the middle two for an even count); `None` for no values.
pub fn median(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    Some(if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 })
}

/// Mean and median of each measure over a set of municipalities (the nation, a region, a
/// size class).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Figures {
    /// How many municipalities.
    pub count: usize,
    /// The mean over the counted municipalities.
    pub mean: DataRow,
    /// The median over them.
    pub median: DataRow,
}

/// The figures of municipalities' measures, each row one municipality.
pub fn figures<'a>(rows: impl IntoIterator<Item = &'a DataRow>) -> Figures {
    let rows: Vec<&DataRow> = rows.into_iter().collect();
    let values = |m: Measure| rows.iter().filter_map(|r| r.get(m)).collect::<Vec<f64>>();
    Figures {
        count: rows.len(),
        mean: DataRow::from_fn(|m| mean(&values(m))),
        median: DataRow::from_fn(|m| median(&values(m))),
    }
}

/// Per group (each area, then overall), the figures of the counted municipalities that
/// `member` accepts: the nation, a region, a size class.
pub fn group_figures(round: &RoundData, member: impl Fn(&Entry) -> bool) -> Vec<Figures> {
    let members: Vec<&Entry> = round.entries.iter().filter(|e| member(e)).collect();
    let n_groups = round.entries.first().map_or(0, |e| e.groups.len());
    (0..n_groups).map(|g| figures(members.iter().map(|e| &e.groups[g]))).collect()
}

/// The national figures of one service.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ServiceFigures {
    /// The share of municipalities that introduced it; `None` without municipalities.
    pub share_introduced: Option<f64>,
    /// The mean degree over the municipalities that introduced it.
    pub mean_degree: Option<f64>,
    /// The median of those degrees.
    pub median_degree: Option<f64>,
    /// The mean usage over those that reported it.
    pub mean_usage: Option<f64>,
}

/// The figures of a service from each municipality's answer.
pub fn service_figures<'a>(answers: impl IntoIterator<Item = &'a ServiceRow>) -> ServiceFigures {
    let answers: Vec<&ServiceRow> = answers.into_iter().collect();
    let n = answers.len();
    let introduced = answers.iter().filter(|a| a.introduced == Some(true)).count();
    let degrees: Vec<f64> = answers.iter().filter_map(|a| a.degree).collect();
    let usages: Vec<f64> = answers.iter().filter_map(|a| a.usage).collect();
    ServiceFigures {
        share_introduced: (n > 0).then(|| introduced as f64 / n as f64),
        mean_degree: mean(&degrees),
        median_degree: median(&degrees),
        mean_usage: mean(&usages),
    }
}

/// The rank of `value` among `values` (1 = highest; ties share the better rank).
pub fn rank(value: f64, values: &[f64]) -> usize {
    1 + values.iter().filter(|&&v| v > value).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(mean(&[]), None);
        assert_eq!(rank(0.5, &[0.9, 0.5, 0.5, 0.1]), 2);
        let rows = [
            DataRow { degree: Some(0.2), ..DataRow::default() },
            DataRow { degree: Some(0.6), coverage: Some(1.0), ..DataRow::default() },
        ];
        let f = figures(&rows);
        assert_eq!(
            (f.count, f.mean.degree, f.median.degree, f.mean.coverage, f.mean.usage),
            (2, Some(0.4), Some(0.4), Some(1.0), None)
        );
    }
}
