//! The round at a glance: the national figures and each region's, from the rows the data
//! sheet keeps (`RoundData`) and by `stats`, as the feedback workbooks compare with them —
//! so the front page, the regions sheet, the JSON and the feedback cannot differ.

use crate::data_sheet::RoundData;
use crate::register::{Region, Register};

use super::Round;
use super::stats::{Figures, group_figures};

/// The whole country: how the round stands and the figures per group.
#[derive(Clone, Debug, PartialEq)]
pub struct National {
    /// Municipalities expected in the round.
    pub expected: usize,
    /// Municipalities counted (a valid return).
    pub counted: usize,
    /// Files rejected (invalid or unreadable).
    pub rejected: usize,
    /// Expected municipalities without a counted return.
    pub missing: usize,
    /// Per group (each area, then overall), over the counted municipalities.
    pub groups: Vec<Figures>,
}

/// One region of the register.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionFigures {
    /// The region.
    pub region: Region,
    /// Its municipalities expected in the round.
    pub expected: usize,
    /// Its municipalities counted.
    pub counted: usize,
    /// Per group (each area, then overall), over its counted municipalities.
    pub groups: Vec<Figures>,
}

impl RegionFigures {
    /// The share of its expected municipalities counted; `None` when none was expected.
    pub fn share_counted(&self) -> Option<f64> {
        (self.expected > 0).then(|| self.counted as f64 / self.expected as f64)
    }
}

/// The national figures of `round`, whose data sheet model is `data`.
pub fn national(round: &Round<'_>, data: &RoundData) -> National {
    National {
        expected: round.expected.len(),
        counted: data.entries.len(),
        rejected: round.rejected.len(),
        missing: round.missing.len(),
        groups: group_figures(data, |_| true),
    }
}

/// Every region of the register (19, by code), with its expected municipalities among
/// `expected` and the figures of its counted ones.
pub fn regions(data: &RoundData, expected: &[String]) -> Vec<RegionFigures> {
    let register = Register::embedded();
    let region_of = |code: &str| register.get(code).and_then(|m| m.region_code.as_deref());
    register
        .regions()
        .into_iter()
        .map(|region| {
            let within = |code: &str| region_of(code) == Some(region.code.as_str());
            RegionFigures {
                expected: expected.iter().filter(|c| within(c)).count(),
                counted: data.entries.iter().filter(|e| within(&e.code)).count(),
                groups: group_figures(data, |e| within(&e.code)),
                region,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data_sheet::{DataRow, Entry};

    fn entry(code: &str, degree: f64) -> Entry {
        Entry {
            code: code.into(),
            name: code.into(),
            region_fi: String::new(),
            region_sv: String::new(),
            population: None,
            language: None,
            file: String::new(),
            response_date: String::new(),
            superseded: Vec::new(),
            groups: vec![DataRow { degree: Some(degree), ..DataRow::default() }],
            services: Vec::new(),
            findings: Vec::new(),
            previous: Vec::new(),
        }
    }

    #[test]
    fn regions_count_their_own_municipalities_only() {
        // Helsinki and Espoo in Uusimaa, Oulu in North Ostrobothnia.
        let data = RoundData {
            catalog_id: "c".into(),
            catalog_version: "1".into(),
            previous: None,
            history: Vec::new(),
            entries: vec![entry("049", 0.4), entry("091", 0.6), entry("564", 0.9)],
        };
        let expected: Vec<String> =
            Register::embedded().municipalities.iter().map(|m| m.code.clone()).collect();
        let regions = regions(&data, &expected);
        assert_eq!(regions.len(), 19);
        let uusimaa = &regions[0];
        assert_eq!((uusimaa.region.code.as_str(), uusimaa.counted), ("01", 2));
        assert_eq!(uusimaa.expected, 26);
        assert!((uusimaa.groups[0].mean.degree.unwrap() - 0.5).abs() < 1e-12);
        let north = regions.iter().find(|r| r.region.name_fi == "Pohjois-Pohjanmaa").unwrap();
        assert_eq!(north.counted, 1);
        assert_eq!(north.groups[0].median.degree, Some(0.9));
        assert_eq!(regions.iter().map(|r| r.expected).sum::<usize>(), 308);
        assert_eq!(regions.iter().map(|r| r.counted).sum::<usize>(), 3);
        let nation = group_figures(&data, |_| true);
        assert_eq!(nation[0].count, 3);
    }
}
