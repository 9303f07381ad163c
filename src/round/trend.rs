//! The trend over rounds (`--previous` given any number of times): each round named and
//! ordered, the nation's figures per round and each municipality's own line. The summary's
//! trend sheet and the feedback workbooks both take their figures from here.

use crate::data_sheet::{DataRow, Entry, Previous, RoundPoint};
use crate::lang::Lang;
use crate::round::Round;
use crate::round::stats::{Figures, figures};
use crate::texts::t;

/// Orders the earlier summaries oldest first, by the latest response date each keeps;
/// summaries that keep no dates come first, in the order given.
pub fn order(previous: &mut [Previous]) {
    previous.sort_by(|a, b| a.date.cmp(&b.date));
}

/// The rounds of the trend: every earlier summary, oldest first, and this round last, each
/// with its counted municipalities' overall measures; empty without an earlier summary.
pub fn points(round: &Round<'_>, entries: &[Entry]) -> Vec<RoundPoint> {
    if round.previous.is_empty() {
        return Vec::new();
    }
    let this_date = entries.iter().map(|e| e.response_date.as_str()).filter(|d| d.len() >= 4).max();
    let mut names: Vec<(Option<&str>, String)> = round
        .previous
        .iter()
        .map(|p| {
            let stem = p.path.file_stem().map(|s| s.to_string_lossy().into_owned());
            (p.date.as_deref(), stem.unwrap_or_default())
        })
        .collect();
    // Named by a file, this round has no name to give: it is told as "this round" in the
    // language of each document (`label`).
    names.push((this_date, String::new()));
    let labels = labels(&names);
    let mut overall: Vec<Vec<(String, DataRow)>> =
        round.previous.iter().map(Previous::overall).collect();
    overall.push(
        entries
            .iter()
            .map(|e| (e.code.clone(), e.groups.last().copied().unwrap_or_default()))
            .collect(),
    );
    labels.into_iter().zip(overall).map(|(label, overall)| RoundPoint { label, overall }).collect()
}

/// The names of the rounds: the year of each one's date when the years differ, else the
/// date when the dates differ, else the names given (the summaries' file names), numbered
/// where two are the same.
fn labels(rounds: &[(Option<&str>, String)]) -> Vec<String> {
    let distinct = |names: &[String]| {
        let mut sorted = names.to_vec();
        sorted.sort();
        sorted.dedup();
        sorted.len() == names.len()
    };
    let dates: Option<Vec<&str>> = rounds.iter().map(|(d, _)| *d).collect();
    if let Some(dates) = dates {
        let years: Vec<String> = dates.iter().map(|d| d.chars().take(4).collect()).collect();
        if distinct(&years) {
            return years;
        }
        let dates: Vec<String> = dates.iter().map(|d| d.to_string()).collect();
        if distinct(&dates) {
            return dates;
        }
    }
    let mut labels: Vec<String> = Vec::new();
    for (_, name) in rounds {
        let same = labels.iter().filter(|l| l.split(" (").next() == Some(name)).count();
        labels.push(if same == 0 { name.clone() } else { format!("{name} ({})", same + 1) });
    }
    labels
}

/// How a document in `lang` names a round: its label, or "this round" for the round of the
/// summary when the rounds are named by their files.
pub fn label(label: &str, lang: Lang) -> &str {
    if label.is_empty() { t("trend_this_round", lang) } else { label }
}

/// The nation in one round: the mean and median of each overall measure over the
/// municipalities that round counted.
#[derive(Clone, Debug, PartialEq)]
pub struct NationalPoint {
    /// The round's label.
    pub label: String,
    /// The figures of its counted municipalities' overall measures.
    pub figures: Figures,
}

/// The nation's figures per round, in the trend's order.
pub fn national(history: &[RoundPoint]) -> Vec<NationalPoint> {
    history
        .iter()
        .map(|p| NationalPoint {
            label: p.label.clone(),
            figures: figures(p.overall.iter().map(|(_, row)| row)),
        })
        .collect()
}

/// A municipality's overall measures per round, in the trend's order; `None` in a round
/// that did not count it.
pub fn own(history: &[RoundPoint], code: &str) -> Vec<Option<DataRow>> {
    history.iter().map(|p| p.overall.iter().find(|(c, _)| c == code).map(|(_, row)| *row)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(rounds: &[(Option<&str>, &str)]) -> Vec<String> {
        let rounds: Vec<(Option<&str>, String)> =
            rounds.iter().map(|(d, n)| (*d, n.to_string())).collect();
        labels(&rounds)
    }

    #[test]
    fn rounds_are_named_by_year_else_date_else_file() {
        let years = [(Some("2024-11-30"), "a"), (Some("2025-12-01"), "b")];
        assert_eq!(named(&years), ["2024", "2025"]);
        let dates = [(Some("2025-03-01"), "a"), (Some("2025-11-30"), "b")];
        assert_eq!(named(&dates), ["2025-03-01", "2025-11-30"]);
        let same = [(Some("2025-03-01"), "kevät"), (Some("2025-03-01"), "kevät"), (None, "")];
        assert_eq!(named(&same), ["kevät", "kevät (2)", ""]);
        assert_eq!(label("", Lang::Sv), "Denna omgång");
        assert_eq!(label("2025", Lang::Sv), "2025");
    }

    #[test]
    fn the_nation_per_round_and_a_municipality_s_own_line() {
        let row = |degree: f64| DataRow { degree: Some(degree), ..DataRow::default() };
        let history = vec![
            RoundPoint {
                label: "2024".into(),
                overall: vec![("091".into(), row(0.2)), ("049".into(), row(0.4))],
            },
            RoundPoint {
                label: "2025".into(),
                overall: vec![("049".into(), row(0.5)), ("564".into(), row(0.8))],
            },
        ];
        let nation = national(&history);
        assert_eq!(nation[0].figures.count, 2);
        assert!((nation[0].figures.mean.degree.unwrap() - 0.3).abs() < 1e-15);
        assert!((nation[1].figures.median.degree.unwrap() - 0.65).abs() < 1e-15);
        assert_eq!(own(&history, "091"), [Some(row(0.2)), None]);
        assert_eq!(own(&history, "049"), [Some(row(0.4)), Some(row(0.5))]);
    }
}
