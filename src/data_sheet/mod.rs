//! The hidden data sheet of a summary: the contract between the writer and its readers,
//! `--previous` and `digiaste feedback`. Identity key/values on top, then one row per
//! municipality and area (and overall) with the measures; to the right of it, side by
//! side from the same header row, the tables the feedback workbooks are made from (one row
//! per municipality, per municipality × service, per remaining finding, the earlier
//! round's measures, and per round of the trend and municipality its overall measures).
//! Summaries written before these tables existed still serve as
//! `--previous`: its reader looks only at the first table.
//!
//! This module owns the sheet: its declaration (here), its content ([`RoundData`]), the
//! writer ([`write()`]) and the readers ([`read_previous`], [`read_data`], [`is_summary`]).

mod model;
mod read;
mod write;

pub use model::{Entry, Note, RoundData, RoundPoint};
pub use read::{Previous, SummaryError, is_summary, read_data, read_previous};
pub use write::write;

use crate::measures::{Measures, ServiceScore};

/// The hidden data sheet of a summary, read back by `--previous`. Its name is the same in
/// every language.
pub const DATA_SHEET: &str = "digiaste-data";
/// Marker of the summary format; changes when the data sheet changes incompatibly.
pub const SUMMARY_FORMAT: &str = "digiaste-summary-1";
/// Row of the data header on the data sheet; identity key/values are above it.
pub const DATA_HEADER_ROW: u32 = 5;
/// The data header: municipality code, area id (empty for overall), then each `Measure`.
pub const DATA_COLUMNS: [&str; 7] =
    ["code", "area", "coverage", "degree", "realized", "usage", "points"];
/// Column of the municipality code on the data sheet.
pub const DATA_CODE_COL: u16 = 0;
/// Column of the area id on the data sheet.
pub const DATA_AREA_COL: u16 = 1;
/// Column of the identity keys above the data header.
pub const IDENTITY_KEY_COL: u16 = 0;
/// Column of the identity values.
pub const IDENTITY_VALUE_COL: u16 = 1;

/// The identity of a summary, as key/value rows at the top of the data sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Identity {
    /// `SUMMARY_FORMAT`.
    Format,
    /// The catalog's id.
    CatalogId,
    /// The catalog's version.
    CatalogVersion,
    /// The language code of the summary.
    Language,
    /// The earlier summary the round was compared with (`--previous`), or empty.
    Previous,
}

impl Identity {
    /// Every identity row, top to bottom.
    pub const ALL: [Identity; 5] = [
        Identity::Format,
        Identity::CatalogId,
        Identity::CatalogVersion,
        Identity::Language,
        Identity::Previous,
    ];

    /// The key written in the key column.
    pub fn key(self) -> &'static str {
        match self {
            Identity::Format => "format",
            Identity::CatalogId => "catalog_id",
            Identity::CatalogVersion => "catalog_version",
            Identity::Language => "language",
            Identity::Previous => "previous",
        }
    }

    /// The row of the key/value pair.
    pub fn row(self) -> u32 {
        self as u32
    }
}

/// A measure kept on the data sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// Coverage.
    Coverage,
    /// Degree.
    Degree,
    /// Realised potential.
    Realized,
    /// Usage.
    Usage,
    /// Points.
    Points,
}

impl Measure {
    /// Every measure, in data sheet order.
    pub const ALL: [Measure; 5] =
        [Measure::Coverage, Measure::Degree, Measure::Realized, Measure::Usage, Measure::Points];

    /// The column on the data sheet.
    pub fn data_col(self) -> u16 {
        DATA_AREA_COL + 1 + self as u16
    }

    /// The texts key of a header naming the measure.
    pub fn header_key(self) -> &'static str {
        match self {
            Measure::Coverage => "sum_coverage",
            Measure::Degree => "sum_degree",
            Measure::Realized => "sum_realized",
            Measure::Usage => "sum_usage",
            Measure::Points => "sum_points",
        }
    }
}

/// One row of the data sheet: a municipality's measures for one area or overall.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DataRow {
    /// Introduced ÷ catalog services.
    pub coverage: Option<f64>,
    /// The digitalisation degree.
    pub degree: Option<f64>,
    /// Realised potential (or savings).
    pub realized: Option<f64>,
    /// The usage share, 0..1.
    pub usage: Option<f64>,
    /// Points, for catalogs with points.
    pub points: Option<f64>,
}

impl DataRow {
    /// What the data sheet keeps of a municipality's measures.
    pub fn from_measures(m: &Measures) -> DataRow {
        DataRow {
            coverage: Some(m.coverage),
            degree: m.degree,
            realized: Some(m.realized),
            usage: m.usage,
            points: m.points,
        }
    }

    /// A row from each measure's value.
    pub fn from_fn(mut value: impl FnMut(Measure) -> Option<f64>) -> DataRow {
        DataRow {
            coverage: value(Measure::Coverage),
            degree: value(Measure::Degree),
            realized: value(Measure::Realized),
            usage: value(Measure::Usage),
            points: value(Measure::Points),
        }
    }

    /// The value of one measure.
    pub fn get(&self, measure: Measure) -> Option<f64> {
        match measure {
            Measure::Coverage => self.coverage,
            Measure::Degree => self.degree,
            Measure::Realized => self.realized,
            Measure::Usage => self.usage,
            Measure::Points => self.points,
        }
    }
}

/// Declares a table of the data sheet beside the measures: its first column and, per
/// column, the key written in the header row.
macro_rules! data_table {
    ($(#[$doc:meta])* $name:ident at $first:literal { $($(#[$vdoc:meta])* $variant:ident => $key:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name {
            // Each column is documented by the key of its header (and any doc given).
            $($(#[$vdoc])* #[doc = concat!("The column `", $key, "`.")] $variant),+
        }

        impl $name {
            /// Every column, left to right.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The column on the data sheet.
            pub fn col(self) -> u16 {
                $first + self as u16
            }

            /// The key in the header row.
            pub fn key(self) -> &'static str {
                match self {
                    $($name::$variant => $key),+
                }
            }
        }
    };
}

data_table! {
    /// One row per counted municipality: who it is and which file counted.
    MunicipalityField at 8 {
        Code => "m_code",
        /// The name as the return gave it.
        Name => "m_name",
        RegionFi => "m_region_fi",
        RegionSv => "m_region_sv",
        Population => "m_population",
        /// The language code of the return's template.
        Language => "m_language",
        File => "m_file",
        ResponseDate => "m_response_date",
        /// The files it replaced, one per line.
        Superseded => "m_superseded",
    }
}

data_table! {
    /// One row per counted municipality and catalog service, in catalog order.
    ServiceField at 18 {
        Code => "s_code",
        Service => "s_service",
        /// 1 introduced, 0 not, empty unanswered.
        Introduced => "s_introduced",
        Degree => "s_degree",
        Usage => "s_usage",
        Points => "s_points",
    }
}

data_table! {
    /// One row per warning or note left in a counted return, with its message in every
    /// language.
    FindingField at 25 {
        Code => "f_code",
        Finding => "f_finding",
        Sheet => "f_sheet",
        Cell => "f_cell",
        MessageFi => "f_message_fi",
        MessageSv => "f_message_sv",
        MessageEn => "f_message_en",
    }
}

data_table! {
    /// The earlier round's measures of the counted municipalities (with `--previous`), as
    /// in the first table.
    PreviousField at 33 {
        Code => "p_code",
        Area => "p_area",
    }
}

data_table! {
    /// The rounds of the trend (with `--previous`, each earlier summary given and this
    /// round last): per round and municipality its overall measures, as in the first table.
    HistoryField at 41 {
        /// The round's label, as the trend shows it.
        Round => "h_round",
        Code => "h_code",
    }
}

/// The column of a measure in the table of the rounds.
pub fn history_measure_col(measure: Measure) -> u16 {
    HistoryField::Code.col() + 1 + measure as u16
}

/// The column of a measure in the table of earlier measures.
pub fn previous_measure_col(measure: Measure) -> u16 {
    PreviousField::Area.col() + 1 + measure as u16
}

/// A municipality's answer to one service, as the feedback shows it and the data sheet keeps
/// it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ServiceRow {
    /// The adoption answer; `None` when unanswered.
    pub introduced: Option<bool>,
    /// The digitalisation degree.
    pub degree: Option<f64>,
    /// Fraction 0..1.
    pub usage: Option<f64>,
    /// Points, for catalogs with points.
    pub points: Option<f64>,
}

impl ServiceRow {
    /// What the data sheet keeps of a scored service.
    pub fn from_score(s: &ServiceScore) -> ServiceRow {
        ServiceRow { introduced: s.introduced, degree: s.degree, usage: s.usage, points: s.points }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_columns_match_the_measures() {
        assert_eq!(DATA_COLUMNS[DATA_CODE_COL as usize], "code");
        assert_eq!(DATA_COLUMNS[DATA_AREA_COL as usize], "area");
        let keys: Vec<&str> =
            Measure::ALL.iter().map(|m| DATA_COLUMNS[m.data_col() as usize]).collect();
        assert_eq!(keys, ["coverage", "degree", "realized", "usage", "points"]);
        assert_eq!(Measure::Points.data_col() as usize, DATA_COLUMNS.len() - 1);
    }

    #[test]
    fn tables_sit_side_by_side() {
        let spans = [
            (0, DATA_COLUMNS.len() as u16 - 1),
            (MunicipalityField::Code.col(), MunicipalityField::Superseded.col()),
            (ServiceField::Code.col(), ServiceField::Points.col()),
            (FindingField::Code.col(), FindingField::MessageEn.col()),
            (PreviousField::Code.col(), previous_measure_col(Measure::Points)),
            (HistoryField::Round.col(), history_measure_col(Measure::Points)),
        ];
        for pair in spans.windows(2) {
            assert!(pair[0].1 < pair[1].0, "{spans:?}");
        }
    }

    #[test]
    fn identity_sits_above_the_data_header() {
        assert!(Identity::ALL.iter().all(|i| i.row() < DATA_HEADER_ROW));
        assert_eq!(Identity::ALL.iter().map(|i| i.row()).collect::<Vec<_>>(), [0, 1, 2, 3, 4]);
    }
}
