//! Where everything lives in a feedback workbook (docs/guide.md §6), used by its writer
//! (`crate::feedback`). Rows and columns are 0-based; widths in Excel's character units.

pub use crate::summary::layout::{SUBTITLE_ROW, TITLE_ROW};
pub use crate::xlsx::Column;
use crate::xlsx::columns;
use crate::xlsx::sizing::PAPER_A4;

/// The sheets of a feedback workbook, in workbook order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeedbackSheet {
    /// Its measures per area and overall beside the nation, its region and its size class,
    /// with a chart of its degree per area.
    Front,
    /// Per service its answer beside the national figures.
    Services,
    /// Its overall degree per round beside the nation's; only when the summary has
    /// earlier rounds.
    Trend,
    /// Which file counted, its date, the files it replaced and its remaining findings.
    Receipt,
}

impl FeedbackSheet {
    /// Every sheet, in workbook order. Savings (docs/measures.md) will come after `Services`.
    pub const ORDER: [FeedbackSheet; 4] = [
        FeedbackSheet::Front,
        FeedbackSheet::Services,
        FeedbackSheet::Trend,
        FeedbackSheet::Receipt,
    ];

    /// The texts key of the sheet's name.
    pub fn name_key(self) -> &'static str {
        match self {
            FeedbackSheet::Front => "fb_sheet_front",
            FeedbackSheet::Services => "fb_sheet_services",
            FeedbackSheet::Trend => "fb_sheet_trend",
            FeedbackSheet::Receipt => "fb_sheet_receipt",
        }
    }
}

/// Paper of every printed feedback sheet (printed landscape, one page wide).
pub const FEEDBACK_PAPER: u8 = PAPER_A4;

// ---- front -------------------------------------------------------------------------------

/// Row of the note on how comparisons are made.
pub const FRONT_NOTE_ROW: u32 = 2;
/// Row of the round's line (`--round`: name, deadline, contact), when there is one.
pub const FRONT_ROUND_ROW: u32 = 3;
/// Row of the column headers of the front table.
pub const FRONT_HEADER_ROW: u32 = 4;
/// Row of the first measure.
pub const FRONT_FIRST_ROW: u32 = 5;
/// Blank rows between the front table and the chart's table, plus one.
pub const FRONT_CHART_GAP: u32 = 2;
/// Size of the chart in pixels.
pub const FRONT_CHART_SIZE: (u32, u32) = (640, 360);
/// Column where the chart goes, right of its table.
pub const FRONT_CHART_COL: u16 = 4;

columns! {
    /// The columns of the front table: one row per group and measure.
    FrontColumn {
        Group => ("sum_area", 30),
        Measure => ("fb_measure", 22),
        Own => ("fb_own", 11),
        NationalMean => ("fb_national_mean", 11),
        NationalMedian => ("fb_national_median", 11),
        /// The region's mean; the header names the region and its count.
        RegionMean => ("fb_region_mean", 18),
        /// The size class's mean; the header names the class and its count.
        SizeMean => ("fb_size_mean", 18),
        Rank => ("fb_rank", 11),
        /// Only with an earlier round.
        Change => ("fb_change", 11),
        /// Only with an earlier round.
        NationalChange => ("fb_national_change", 11),
    }
}

// ---- services ----------------------------------------------------------------------------

/// Row of the column headers of the services sheet.
pub const FB_SERVICES_HEADER_ROW: u32 = 3;
/// Row of the first service.
pub const FB_SERVICES_FIRST_ROW: u32 = 4;
/// A service not introduced here is marked when at least this share of municipalities
/// introduced it.
pub const COMMON_ELSEWHERE: f64 = 0.5;

columns! {
    /// The columns of the services sheet.
    FbServicesColumn {
        Area => ("agg_area", 28),
        Service => ("agg_service", 44),
        Introduced => ("fb_own_introduced", 10),
        Degree => ("fb_own_degree", 13),
        Usage => ("fb_own_usage", 13),
        ShareIntroduced => ("fb_national_share", 13),
        MeanDegree => ("fb_national_mean_degree", 13),
        MeanUsage => ("fb_national_mean_usage", 13),
        Note => ("fb_remark", 34),
    }
}

// ---- receipt -----------------------------------------------------------------------------

/// Row of the first key/value line of the receipt (file, date, superseded files).
pub const RECEIPT_FIRST_ROW: u32 = 2;

columns! {
    /// The columns of the receipt's findings table.
    ReceiptColumn {
        Finding => ("agg_finding", 22),
        Sheet => ("agg_sheet", 26),
        Cell => ("agg_cell", 8),
        Message => ("agg_message", 70),
    }
}
