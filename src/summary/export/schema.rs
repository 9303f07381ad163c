//! What the CSV of `aggregate --csv` holds, declared once: its columns, the levels of its
//! rows and the names in its `field` column, each with its type, unit and English
//! description. The CSV header and the Table Schema of its `datapackage.json` are both made
//! from these tables, so the two cannot differ.

use crate::data_sheet::Measure;
use crate::register::SizeClass;

/// The type of a column in the Table Schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Text (codes included, so "005" keeps its zeros).
    String,
    /// A number, written with the dialect's decimal separator.
    Number,
    /// A date, YYYY-MM-DD.
    Date,
}

/// One column of the CSV.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    /// Its name in the header.
    pub name: &'static str,
    /// Its type.
    pub kind: Kind,
    /// What it holds, in English.
    pub description: &'static str,
    /// The values it may hold (besides empty), when they are a closed set.
    pub values: &'static [&'static str],
    /// A regular expression every non-empty value matches, when there is one.
    pub pattern: Option<&'static str>,
}

const fn column(name: &'static str, kind: Kind, description: &'static str) -> Column {
    Column { name, kind, description, values: &[], pattern: None }
}

/// The level of a row: what it is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// One service of one municipality.
    Service,
    /// One area of one municipality.
    Area,
    /// One municipality over all areas.
    Overall,
    /// The counted municipalities of one region.
    Region,
    /// Every counted municipality.
    National,
}

/// The levels' names, in `Level` order.
pub const LEVELS: [&str; 5] = ["service", "area", "overall", "region", "national"];

impl Level {
    /// Its name in the `level` column.
    pub fn id(self) -> &'static str {
        LEVELS[self as usize]
    }
}

/// The statistics of region and national rows.
pub const STATISTICS: [&str; 2] = ["mean", "median"];

/// The size classes' names (`register::SizeClass` order).
pub const SIZE_CLASSES: [&str; 3] =
    [SizeClass::Small.id(), SizeClass::Medium.id(), SizeClass::Large.id()];

/// The columns, in header order.
pub const COLUMNS: [Column; 13] = [
    Column {
        values: &LEVELS,
        ..column(
            "level",
            Kind::String,
            "What the row is about: service (one service of a municipality), area (one area \
             of a municipality), overall (a municipality over all areas), region (the counted \
             municipalities of a region), national (every counted municipality).",
        )
    },
    Column {
        pattern: Some("^[0-9]{2}$"),
        ..column(
            "region_code",
            Kind::String,
            "Statistics Finland's two-digit region (maakunta) code, e.g. 01 Uusimaa; the \
             municipality's region on municipality rows; empty on national rows.",
        )
    },
    column("region_name", Kind::String, "The region's name in Finnish."),
    Column {
        pattern: Some("^[0-9]{3}$"),
        ..column(
            "municipality_code",
            Kind::String,
            "Statistics Finland's three-digit municipality code, e.g. 005 Alajärvi; empty on \
             region and national rows.",
        )
    },
    column("municipality_name", Kind::String, "The municipality's name as its return gave it."),
    Column {
        values: &SIZE_CLASSES,
        ..column(
            "size_class",
            Kind::String,
            "The municipality's size by population on 31.12.2024: small (under 10,000), \
             medium (10,000-49,999), large (50,000 or more).",
        )
    },
    column("response_date", Kind::Date, "The response date its return gave."),
    column(
        "area_id",
        Kind::String,
        "The catalog area's id; empty on overall rows and on region and national rows over \
         all areas.",
    ),
    column("service_id", Kind::String, "The catalog service's id, on service rows."),
    Column {
        values: &STATISTICS,
        ..column(
            "statistic",
            Kind::String,
            "On region and national rows, the statistic over the municipalities: mean or \
             median; empty for counts and on municipality rows.",
        )
    },
    column(
        "field",
        Kind::String,
        "What the value is; its categories describe each field with its unit.",
    ),
    column(
        "value",
        Kind::Number,
        "The figure named by field, in that field's unit (units gives each); empty when it \
         does not apply or was not answered.",
    ),
    column(
        "text",
        Kind::String,
        "The text of a text field: the name of a service a municipality added (added_service).",
    ),
];

/// A name in the `field` column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// Whether the service is introduced.
    Introduced,
    /// Coverage.
    CoverageShare,
    /// Degree of digitalisation.
    DegreeShare,
    /// Realised potential.
    RealizedShare,
    /// Usage rate.
    UsageShare,
    /// Points.
    Points,
    /// Annual volume of transactions.
    SavingsVolume,
    /// Realised savings.
    SavingsRealizedEur,
    /// Potential savings.
    SavingsPotentialEur,
    /// Untapped savings.
    SavingsUntappedEur,
    /// Services that reported a volume.
    SavingsServicesReported,
    /// Municipalities the figures are over.
    Count,
    /// Municipalities expected.
    Expected,
    /// A service the municipality added.
    AddedService,
}

/// Every field: name, unit and description, in `Field` order.
pub const FIELDS: [(&str, &str, &str); 14] = [
    ("introduced", "1 or 0", "The service is introduced (1) or not (0); empty when unanswered."),
    ("coverage_share", "share 0..1", "Coverage: introduced services / catalog services."),
    (
        "degree_share",
        "share 0..1",
        "Degree of digitalisation: of a service, the sum of its stage scores / its applicable \
         stages; of an area or overall, the mean over the introduced services.",
    ),
    (
        "realized_share",
        "share 0..1",
        "Realised potential: the sum of degrees (0 for a service not introduced) / catalog \
         services.",
    ),
    ("usage_share", "share 0..1", "Usage rate: the share of transactions done electronically."),
    ("points", "points", "Points of the chosen options, for catalogs whose options carry points."),
    ("savings_volume", "transactions per year", "The annual volume the municipality reported."),
    ("savings_realized_eur", "EUR per year", "Realised savings (docs/measures.md)."),
    (
        "savings_potential_eur",
        "EUR per year",
        "Potential savings, if every transaction went through a fully digital service.",
    ),
    ("savings_untapped_eur", "EUR per year", "Untapped savings: potential minus realised."),
    (
        "savings_services_reported",
        "services",
        "Services that reported an annual volume (the savings sums are over them).",
    ),
    ("count", "municipalities", "How many counted municipalities the statistics are over."),
    ("expected", "municipalities", "How many municipalities were expected to answer."),
    ("added_service", "", "A service the municipality added; its name is in text."),
];

impl Field {
    /// Its name in the `field` column.
    pub fn name(self) -> &'static str {
        FIELDS[self as usize].0
    }

    /// The field of a measure.
    pub fn of(measure: Measure) -> Field {
        match measure {
            Measure::Coverage => Field::CoverageShare,
            Measure::Degree => Field::DegreeShare,
            Measure::Realized => Field::RealizedShare,
            Measure::Usage => Field::UsageShare,
            Measure::Points => Field::Points,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_line_up_with_their_enums() {
        assert_eq!(Level::National.id(), "national");
        assert_eq!(Field::AddedService.name(), "added_service");
        assert_eq!(Field::of(Measure::Points).name(), "points");
        assert_eq!(Field::SavingsServicesReported.name(), "savings_services_reported");
        let sizes = [crate::register::SizeClass::Small, crate::register::SizeClass::Large];
        assert_eq!(sizes.map(|s| SIZE_CLASSES[s as usize]), ["small", "large"]);
    }
}
