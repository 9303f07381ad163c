//! Where everything lives on the savings sheet of the assessment workbook (docs/measures.md) —
//! the one source of truth for the writer, the formulas and the reader.
//!
//! Top: the title, the "starting estimates" note and the hourly cost input (defined name
//! `hourly_cost`). Then one row per catalog service, grouped by area under a heading row.
//! Then a table with one row per area (the subtotals) and the total, which the chart and
//! the summary sheet read.

use crate::catalog::Catalog;
use crate::lang::Lang;
use crate::texts::t;

/// The defined name of the hourly cost input.
pub const HOURLY_COST_NAME: &str = "hourly_cost";
/// Row of the sheet title.
pub const TITLE_ROW: u32 = 0;
/// Row of the note saying the minutes are starting estimates.
pub const NOTE_ROW: u32 = 1;
/// Row of the hourly cost: label in the name column, input in the volume column.
pub const HOURLY_ROW: u32 = 3;
/// Row of the column headers of the service rows.
pub const HEADER_ROW: u32 = 5;

/// Column of the service id.
pub const ID_COL: u16 = 0;
/// Column of the service (or area) name.
pub const NAME_COL: u16 = 1;
/// Column showing whether the service is introduced (follows the area sheet).
pub const INTRODUCED_COL: u16 = 2;
/// Column of the annual volume; on the area rows, the count of services reporting one.
pub const VOLUME_COL: u16 = 3;
/// Column of the minutes saved at the first savings stage; the others follow.
pub const FIRST_MINUTES_COL: u16 = 4;

/// The rows and the columns that depend on the catalog.
#[derive(Clone, Debug)]
pub struct SavingsLayout {
    /// Minutes column of each savings stage, in the order of `Savings::stages`.
    pub minutes: Vec<u16>,
    /// The annual cost column.
    pub cost: u16,
    /// The realised savings column.
    pub realized: u16,
    /// The potential savings column.
    pub potential: u16,
    /// The untapped savings column.
    pub untapped: u16,
    /// The heading row of each area.
    pub area_heading: Vec<u32>,
    /// `services[a][s]`: the row of service `s` of area `a`.
    pub services: Vec<Vec<u32>>,
    /// Header of the area table.
    pub table_header: u32,
    /// Row of area `a` in the area table is `table_first + a`; the total follows.
    pub table_first: u32,
    /// The total row.
    pub total: u32,
    /// Where the chart goes.
    pub chart_row: u32,
}

impl SavingsLayout {
    /// The layout for `catalog`; `None` when the catalog declares no savings.
    pub fn new(catalog: &Catalog) -> Option<SavingsLayout> {
        let stages = catalog.savings.as_ref()?.stages.len() as u16;
        let minutes: Vec<u16> = (0..stages).map(|j| FIRST_MINUTES_COL + j).collect();
        let cost = FIRST_MINUTES_COL + stages;
        let mut row = HEADER_ROW + 1;
        let mut area_heading = Vec::new();
        let mut services = Vec::new();
        for area in &catalog.areas {
            area_heading.push(row);
            services.push((0..area.services.len() as u32).map(|s| row + 1 + s).collect());
            row += 1 + area.services.len() as u32;
        }
        let table_header = row + 1;
        let table_first = table_header + 1;
        let total = table_first + catalog.areas.len() as u32;
        Some(SavingsLayout {
            minutes,
            cost,
            realized: cost + 1,
            potential: cost + 2,
            untapped: cost + 3,
            area_heading,
            services,
            table_header,
            table_first,
            total,
            chart_row: total + 2,
        })
    }

    /// The row of area `a` in the area table.
    pub fn table_row(&self, a: usize) -> u32 {
        self.table_first + a as u32
    }

    /// The last column of the sheet.
    pub fn last_col(&self) -> u16 {
        self.untapped
    }
}

/// The savings sheet's name in a language (the same in every catalog).
pub fn sheet_name(lang: Lang) -> &'static str {
    t("sheet_savings", lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_layout() {
        let c = Catalog::default_catalog();
        let l = SavingsLayout::new(&c).expect("the default catalog has savings");
        assert_eq!(l.minutes, vec![4, 5, 6, 7]);
        assert_eq!((l.cost, l.realized, l.potential, l.untapped), (8, 9, 10, 11));
        assert_eq!(l.area_heading[0], 6);
        assert_eq!(l.services[0][0], 7);
        assert_eq!(l.area_heading[1], 7 + c.areas[0].services.len() as u32);
        assert_eq!(l.total, l.table_first + 6);
    }
}
