//! Where everything lives in the summary workbook — the one place its sheets, header rows
//! and columns are declared, used by the writer (`summary`) and by the reader of an
//! earlier summary (`previous`), as `workbook::layout` is for the assessment workbook. The
//! hidden data sheet, the part read back, is declared in `data`.
//!
//! Rows and columns are 0-based as in rust_xlsxwriter and calamine. Column widths are in
//! Excel's character units.

use crate::catalog::Catalog;
use crate::data_sheet::Measure;
use crate::lang::Lang;
use crate::measures::Group;
use crate::measures::Measures;
pub use crate::xlsx::Column;
use crate::xlsx::columns;
pub use crate::xlsx::sizing::PAPER_A4;

pub mod print;

// ---- sheets ------------------------------------------------------------------------------

/// The sheets of the summary, in workbook order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sheet {
    /// The round at a glance on one page: the round, the national figures, the map, the
    /// regions and the largest changes.
    Front,
    /// One row per municipality with its measures per area and overall.
    Overview,
    /// One matrix per catalog area (municipality × service), named after the area.
    Areas,
    /// Per region: returned of expected and the mean of each measure, with a chart.
    Regions,
    /// One small map of Finland per catalog area.
    Maps,
    /// National figures per service.
    Services,
    /// Change since the earlier summary; only with `--previous`.
    Changes,
    /// The nation and each municipality per round; only with `--previous`.
    Trend,
    /// Expected municipalities without a valid return.
    Missing,
    /// Services the municipalities added themselves.
    Added,
    /// Every file with its status and findings.
    Validation,
    /// National figures per area and the distribution of the overall degree, with charts.
    Charts,
    /// The hidden data sheet read back by `--previous`.
    Data,
}

impl Sheet {
    /// Every sheet, in workbook order.
    pub const ORDER: [Sheet; 13] = [
        Sheet::Front,
        Sheet::Overview,
        Sheet::Regions,
        Sheet::Maps,
        Sheet::Areas,
        Sheet::Services,
        Sheet::Changes,
        Sheet::Trend,
        Sheet::Missing,
        Sheet::Added,
        Sheet::Validation,
        Sheet::Charts,
        Sheet::Data,
    ];

    /// The texts key of the sheet's name (also its title); the area sheets are named after
    /// their area and the data sheet has the language-independent `DATA_SHEET`.
    pub fn name_key(self) -> Option<&'static str> {
        match self {
            Sheet::Front => Some("agg_sheet_front"),
            Sheet::Overview => Some("agg_sheet_overview"),
            Sheet::Regions => Some("agg_sheet_regions"),
            Sheet::Maps => Some("agg_sheet_maps"),
            Sheet::Services => Some("agg_sheet_services"),
            Sheet::Changes => Some("agg_sheet_changes"),
            Sheet::Trend => Some("agg_sheet_trend"),
            Sheet::Missing => Some("agg_sheet_missing"),
            Sheet::Added => Some("agg_sheet_added"),
            Sheet::Validation => Some("agg_sheet_validation"),
            Sheet::Charts => Some("agg_sheet_charts"),
            Sheet::Areas | Sheet::Data => None,
        }
    }
}

/// The sheet name of an area's matrix in a language.
pub fn area_sheet_name(catalog: &Catalog, area: usize, lang: Lang) -> &str {
    catalog.areas[area].name.get(lang)
}

/// Row of a sheet's title.
pub const TITLE_ROW: u32 = 0;
/// Row of the line below the title: when and from what the sheet was made.
pub const SUBTITLE_ROW: u32 = 1;
/// Row of the header of the trend sheet's table of the nation per round.
pub const TREND_HEADER_ROW: u32 = 3;

/// Fixed columns followed by one block of columns per group.
#[derive(Clone, Debug)]
pub struct GroupedColumns<C> {
    /// Column of the first group's first column.
    pub first: u16,
    /// The columns of each group, in order.
    pub per_group: Vec<C>,
    /// The groups, left to right.
    pub groups: Vec<Group>,
}

impl<C> GroupedColumns<C> {
    /// Columns in a group.
    pub fn width(&self) -> u16 {
        self.per_group.len() as u16
    }

    /// The first column of the `g`-th group.
    pub fn group_start(&self, g: usize) -> u16 {
        self.first + self.width() * g as u16
    }

    /// The column of the `i`-th measure of the `g`-th group.
    pub fn col(&self, g: usize, i: usize) -> u16 {
        self.group_start(g) + i as u16
    }

    /// The last column of the last group.
    pub fn last(&self) -> u16 {
        self.group_start(self.groups.len()) - 1
    }
}

// ---- overview ----------------------------------------------------------------------------

/// Row of the group headers (area names) of the overview.
pub const OVERVIEW_GROUP_ROW: u32 = 3;
/// Row of the column headers of the overview; the autofilter sits on it.
pub const OVERVIEW_HEADER_ROW: u32 = 4;
/// Row of the first municipality on the overview.
pub const OVERVIEW_FIRST_ROW: u32 = 5;
/// Columns kept in view when scrolling right: code and name.
pub const OVERVIEW_FROZEN_COLS: u16 = 2;
/// Width of each measure column of the overview.
pub const MEASURE_COLUMN_WIDTH: f64 = 11.0;
/// Height of the overview's header row, for wrapped headers.
pub const OVERVIEW_HEADER_HEIGHT: f64 = 30.0;

columns! {
    /// The columns of the overview left of the measures: who, kept in view when scrolling.
    OverviewColumn {
        Code => ("agg_code", 11),
        Name => ("agg_name", 20),
    }
}

columns! {
    /// The columns of the overview right of the measures (`col()` counts from the first of
    /// them; `overview_details` places them): where the return came from. The figures come
    /// first, so the first printed page shows them.
    OverviewDetail {
        Region => ("agg_region", 16),
        File => ("agg_file", 28),
        Date => ("agg_date", 12),
        Status => ("agg_status", 10),
        Respondent => ("agg_respondent", 20),
        Email => ("agg_email", 24),
        Completeness => ("agg_completeness", 12),
        Confirmed => ("agg_confirmed", 12),
    }
}

/// An overview detail column where the catalog's measures leave it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlacedDetail {
    /// Which column.
    pub detail: OverviewDetail,
    /// Its column on the sheet.
    pub at: u16,
}

impl Column for PlacedDetail {
    fn col(self) -> u16 {
        self.at
    }
    fn key(self) -> &'static str {
        self.detail.key()
    }
    fn width(self) -> f64 {
        self.detail.width()
    }
}

/// The detail columns of the overview, right of the last measure column.
pub fn overview_details(catalog: &Catalog) -> Vec<PlacedDetail> {
    let first = overview_columns(catalog).last() + 1;
    OverviewDetail::ALL
        .iter()
        .map(|&detail| PlacedDetail { detail, at: first + detail.col() })
        .collect()
}

/// The column of one detail on the overview.
pub fn overview_detail_col(catalog: &Catalog, detail: OverviewDetail) -> u16 {
    overview_columns(catalog).last() + 1 + detail.col()
}

/// The columns shown per group on the overview, as the catalog asks: coverage and realised
/// potential need an adoption gate, usage a usage question, points answers with points
/// (then also the difference from the national mean).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MeasureColumn {
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
    /// A municipality's points less the national mean.
    PointsVsMean,
}

impl MeasureColumn {
    /// The measure columns of a group for this catalog.
    pub fn for_catalog(catalog: &Catalog) -> Vec<MeasureColumn> {
        let mut cols = Vec::new();
        if catalog.has_adoption() {
            cols.push(MeasureColumn::Coverage);
        }
        cols.push(MeasureColumn::Degree);
        if catalog.has_adoption() {
            cols.push(MeasureColumn::Realized);
        }
        if catalog.usage {
            cols.push(MeasureColumn::Usage);
        }
        if catalog.has_points() {
            cols.extend([MeasureColumn::Points, MeasureColumn::PointsVsMean]);
        }
        cols
    }

    /// The value shown, given the national mean points of the group.
    pub fn value(self, m: &Measures, national_points: Option<f64>) -> Option<f64> {
        match self {
            MeasureColumn::Coverage => Some(m.coverage),
            MeasureColumn::Degree => m.degree,
            MeasureColumn::Realized => Some(m.realized),
            MeasureColumn::Usage => m.usage,
            MeasureColumn::Points => m.points,
            MeasureColumn::PointsVsMean => m.points.zip(national_points).map(|(p, n)| p - n),
        }
    }

    /// The measure the column shows as it is; `None` for the difference from the mean.
    pub fn measure(self) -> Option<Measure> {
        match self {
            MeasureColumn::Coverage => Some(Measure::Coverage),
            MeasureColumn::Degree => Some(Measure::Degree),
            MeasureColumn::Realized => Some(Measure::Realized),
            MeasureColumn::Usage => Some(Measure::Usage),
            MeasureColumn::Points => Some(Measure::Points),
            MeasureColumn::PointsVsMean => None,
        }
    }

    /// The texts key of the column header.
    pub fn header_key(self) -> &'static str {
        match self {
            MeasureColumn::Coverage => "sum_coverage",
            MeasureColumn::Degree => "sum_degree",
            MeasureColumn::Realized => "sum_realized",
            MeasureColumn::Usage => "sum_usage",
            MeasureColumn::Points => "sum_points",
            MeasureColumn::PointsVsMean => "agg_vs_mean",
        }
    }
}

/// The measure columns of the overview for this catalog: overall first, then each area.
pub fn overview_columns(catalog: &Catalog) -> GroupedColumns<MeasureColumn> {
    let mut groups = Group::all(catalog);
    groups.rotate_right(1);
    GroupedColumns {
        first: OverviewColumn::count(),
        per_group: MeasureColumn::for_catalog(catalog),
        groups,
    }
}

// ---- the front page ----------------------------------------------------------------------

/// Row of the headings of the map and the regions; the regions' header row and the top of
/// the map follow.
pub const FRONT_BAND_ROW: u32 = 2;
/// First row of the round's figures (label in column A, value in B), below its heading.
pub const FRONT_ROUND_ROW: u32 = 4;
/// Row of the national table's heading; its group and measure headers follow, then one
/// row per area and overall.
pub const FRONT_NATIONAL_ROW: u32 = 10;
/// Width of the front page's label column (areas, the round's figures).
pub const FRONT_LABEL_WIDTH: f64 = 28.0;
/// Width of each mean and median column of the national table.
pub const FRONT_NUMBER_WIDTH: f64 = 8.0;
/// Rows the national chart takes, below the national table.
pub const FRONT_CHART_ROWS: u32 = 13;
/// Columns of the right-hand band (the map, then the regions) after the national table:
/// a gap, the map's four columns, the regions' name, returned and degree columns.
pub const FRONT_BAND_WIDTHS: [f64; 8] = [2.0, 9.0, 9.0, 9.0, 9.0, 20.0, 10.0, 10.0];
/// Where in the band the regions begin.
pub const FRONT_REGIONS_AT: u16 = 5;
/// Width in pixels the map takes on the front page (over its four columns).
pub const FRONT_MAP_PX: u32 = 260;
/// How many municipalities the largest changes list, up and down each.
pub const FRONT_CHANGES: usize = 5;

/// The measures of the front page's national table: those the overview shows as they are.
pub fn front_measures(catalog: &Catalog) -> Vec<Measure> {
    MeasureColumn::for_catalog(catalog).into_iter().filter_map(MeasureColumn::measure).collect()
}

/// The first column of the front page's right-hand band (its gap column), after the label
/// and the mean and median of each measure.
pub fn front_band_col(catalog: &Catalog) -> u16 {
    1 + 2 * front_measures(catalog).len() as u16
}

// ---- the regions sheet -------------------------------------------------------------------

/// Row of the regions sheet's column headers; one row per region follows, then the
/// whole country.
pub const REGIONS_HEADER_ROW: u32 = 2;

// ---- area matrices -----------------------------------------------------------------------

/// Row of the service names of an area matrix.
pub const AREA_NAME_ROW: u32 = 2;
/// Row of the service ids of an area matrix; the autofilter sits on it.
pub const AREA_ID_ROW: u32 = 3;
/// Row of the first municipality of an area matrix.
pub const AREA_FIRST_ROW: u32 = 4;
/// Width of each service column of an area matrix.
pub const AREA_SERVICE_WIDTH: f64 = 14.0;
/// Height of the service-name row, for long names.
pub const AREA_NAME_HEIGHT: f64 = 60.0;

columns! {
    /// The columns of an area matrix left of the services.
    AreaColumn {
        Code => ("agg_code", 11),
        Name => ("agg_name", 20),
    }
}

/// The column of the `service`-th service of an area matrix.
pub fn area_service_col(service: usize) -> u16 {
    AreaColumn::count() + service as u16
}

// ---- services ----------------------------------------------------------------------------

/// Row of the stage names above the option columns of the services sheet.
pub const SERVICES_GROUP_ROW: u32 = 2;
/// Row of the column headers of the services sheet.
pub const SERVICES_HEADER_ROW: u32 = 3;
/// Row of the first service.
pub const SERVICES_FIRST_ROW: u32 = 4;
/// Columns kept in view when scrolling right: area, id and name.
pub const SERVICES_FROZEN_COLS: u16 = 3;
/// Width of each stage-option column.
pub const OPTION_COLUMN_WIDTH: f64 = 14.0;
/// Height of the header row, for option labels.
pub const SERVICES_HEADER_HEIGHT: f64 = 75.0;

columns! {
    /// The columns of the services sheet left of the stage options.
    ServicesColumn {
        Area => ("agg_area", 24),
        ServiceId => ("agg_service_id", 26),
        Service => ("agg_service", 36),
        ShareIntroduced => ("agg_share_introduced", 13),
        MeanDegree => ("agg_mean_degree", 13),
        MedianDegree => ("agg_median_degree", 13),
        MeanUsage => ("agg_mean_usage", 13),
    }
}

/// The column of each option of each stage, stages in catalog order: the share of
/// municipalities that chose it.
pub fn option_columns(catalog: &Catalog) -> Vec<Vec<u16>> {
    let mut next = ServicesColumn::count();
    catalog
        .stages
        .iter()
        .map(|stage| {
            let first = next;
            next += stage.options.len() as u16;
            (first..next).collect()
        })
        .collect()
}

// ---- changes -----------------------------------------------------------------------------

/// Row of the warning when the earlier summary used another catalog version.
pub const CHANGES_WARNING_ROW: u32 = 2;
/// Row of the group headers of the changes sheet.
pub const CHANGES_GROUP_ROW: u32 = 3;
/// Row of the column headers of the changes sheet.
pub const CHANGES_HEADER_ROW: u32 = 4;
/// Row of the first municipality of the changes sheet.
pub const CHANGES_FIRST_ROW: u32 = 5;

columns! {
    /// The columns of the changes sheet left of the changes.
    ChangesColumn {
        Code => ("agg_code", 11),
        Name => ("agg_name", 20),
    }
}

/// The change columns for this catalog: coverage (with an adoption gate), degree, and
/// points (with points) per group.
pub fn changes_columns(catalog: &Catalog) -> GroupedColumns<Measure> {
    let mut shown = Vec::new();
    if catalog.has_adoption() {
        shown.push(Measure::Coverage);
    }
    shown.push(Measure::Degree);
    if catalog.has_points() {
        shown.push(Measure::Points);
    }
    GroupedColumns { first: ChangesColumn::count(), per_group: shown, groups: Group::all(catalog) }
}

// ---- lists: missing, added, validation ---------------------------------------------------

/// Row of the column headers of a list sheet.
pub const LIST_HEADER_ROW: u32 = 2;
/// Row of the first entry of a list sheet.
pub const LIST_FIRST_ROW: u32 = 3;

columns! {
    /// The columns of the missing-municipalities sheet.
    MissingColumn {
        Code => ("agg_code", 11),
        Name => ("agg_name", 24),
        NameSv => ("agg_name_sv", 24),
        Region => ("agg_region", 20),
        Reason => ("agg_reason", 18),
        File => ("agg_file", 28),
        Error => ("agg_first_error", 40),
        Respondent => ("agg_respondent", 20),
        Email => ("agg_email", 24),
    }
}

columns! {
    /// Returned and expected municipalities per region, right of the missing list.
    RegionColumn {
        Region => ("agg_region", 20),
        Returned => ("agg_returned", 11),
        Expected => ("agg_expected", 11),
    }
}

/// First column of the per-region counts on the missing sheet (one empty column after the
/// list).
pub const REGION_FIRST_COL: u16 = MissingColumn::Email as u16 + 2;

columns! {
    /// The columns of the sheet of services the municipalities added.
    AddedColumn {
        Code => ("agg_code", 11),
        Name => ("agg_name", 20),
        Area => ("agg_area", 24),
        Service => ("agg_service", 36),
        Introduced => ("agg_introduced", 14),
        Usage => ("sum_usage", 10),
        Comment => ("agg_comment", 30),
        File => ("agg_file", 28),
        Cell => ("agg_cell", 20),
    }
}

columns! {
    /// The columns of the validation sheet: one row per file and finding.
    ValidationColumn {
        File => ("agg_file", 34),
        Status => ("agg_status", 12),
        Code => ("agg_code", 11),
        Severity => ("agg_severity", 10),
        Finding => ("agg_finding", 22),
        Sheet => ("agg_sheet", 26),
        Cell => ("agg_cell", 7),
        Service => ("agg_service", 26),
        /// The finding's message, or for a superseded file the file that replaced it.
        Message => ("agg_message", 80),
    }
}

// ---- charts ------------------------------------------------------------------------------

/// Row of the header of the national figures per area.
pub const CHARTS_HEADER_ROW: u32 = 2;
/// Row of the first area.
pub const CHARTS_FIRST_ROW: u32 = 3;
/// Blank rows between the table of areas and the distribution table, plus one.
pub const DISTRIBUTION_GAP: u32 = 3;
/// Bins of the distribution of the overall degree: tenths.
pub const DISTRIBUTION_BINS: usize = 10;
/// Column where the charts are placed, right of the tables.
pub const CHART_COL: u16 = 4;
/// Size of each chart in pixels.
pub const CHART_SIZE: (u32, u32) = (820, 360);
/// Rows a chart covers (360 px is about 18 rows), so the second one goes below the first.
pub const CHART_ROWS: u32 = 20;
/// Widths of the chart tables' columns: label, first figure, second figure.
pub const CHARTS_WIDTHS: [f64; 3] = [30.0, 13.0, 13.0];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_columns_follow_the_fixed_ones() {
        let cols = GroupedColumns {
            first: OverviewColumn::count(),
            per_group: vec![1, 2, 3],
            groups: vec![Group::Area(0), Group::Overall],
        };
        assert_eq!(cols.col(0, 0), 2);
        assert_eq!(cols.col(1, 2), 7);
        assert_eq!(cols.last(), 7);
        assert_eq!(ValidationColumn::Message.col(), 8);
        assert_eq!(area_service_col(0), 2);
    }
}
