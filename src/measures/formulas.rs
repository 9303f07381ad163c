//! The measures as spreadsheet formulas: the same definitions as the Rust computation in
//! the parent module, written as the live formulas of the assessment workbook (service rows
//! and the summary sheet) over the defined names of `layout::formula_names`.

use crate::catalog::{Catalog, Service};
use crate::layout::{self, AreaColumns, AreaRange, SummaryCol};

pub(crate) fn stage_table_ref(catalog: &Catalog, k: usize) -> String {
    let col = layout::stage_list_col(k);
    let last = layout::LIST_FIRST_ROW + catalog.stages[k].options.len() as u32 - 1;
    format!(
        "{}!{}:{}",
        layout::LISTS_SHEET,
        layout::abs_cell(layout::LIST_FIRST_ROW, col),
        layout::abs_cell(last, col + 3)
    )
}

/// The live degree formula of a service row: the same Σ score ÷ applicable stages.
pub fn degree_formula(
    catalog: &Catalog,
    service: &Service,
    cols: &AreaColumns,
    row: u32,
) -> String {
    let mut scores = Vec::new();
    let mut applicable = Vec::new();
    for &k in &service.stages {
        let cell = layout::cell_name(row, cols.stages[k]);
        let table = stage_table_ref(catalog, k);
        scores.push(format!("IFERROR(VLOOKUP({cell},{table},2,0),0)"));
        applicable.push(format!("IFERROR(VLOOKUP({cell},{table},3,0),1)"));
    }
    let app = applicable.join("+");
    let inner = format!("IF(({app})=0,\"\",({})/({app}))", scores.join("+"));
    gate(cols, row, &unanswered_blank(service, cols, row, &inner), "\"\"")
}

/// Without an adoption gate, a row nobody answered shows empty cells rather than 0 (it
/// still counts 0 in the area's degree: see `unanswered_rows`).
fn unanswered_blank(service: &Service, cols: &AreaColumns, row: u32, then: &str) -> String {
    if cols.adoption.is_some() || service.stages.is_empty() {
        return then.to_string();
    }
    let cells: Vec<String> =
        service.stages.iter().map(|&k| layout::cell_name(row, cols.stages[k])).collect();
    format!("IF({}=\"\",\"\",{then})", cells.join("&"))
}

/// Without an adoption gate an unanswered item shows an empty degree but counts 0 in the
/// area's degree, as in the Rust tally: the summary adds the items whose level is
/// unanswered, `+ROWS(level)-COUNTA(level)` (portable: no array evaluation). A catalog
/// without a level question adds nothing.
fn unanswered_rows(catalog: &Catalog, area: usize) -> String {
    let cols = AreaColumns::new(catalog);
    match AreaRange::Level.col(catalog, &cols) {
        Some(_) => {
            let level = layout::area_range_name(catalog, area, AreaRange::Level);
            format!("+ROWS({level})-COUNTA({level})")
        }
        None => String::new(),
    }
}

/// The live points formula of a service row (indicator questionnaires).
pub fn points_formula(
    catalog: &Catalog,
    service: &Service,
    cols: &AreaColumns,
    row: u32,
) -> String {
    let parts: Vec<String> = service
        .stages
        .iter()
        .map(|&k| {
            let cell = layout::cell_name(row, cols.stages[k]);
            format!("IFERROR(VLOOKUP({cell},{},4,0),0)", stage_table_ref(catalog, k))
        })
        .collect();
    gate(cols, row, &unanswered_blank(service, cols, row, &parts.join("+")), "\"\"")
}

fn gate(cols: &AreaColumns, row: u32, then: &str, otherwise: &str) -> String {
    match cols.adoption {
        Some(a) => format!(
            "IF(${}{}={},{then},{otherwise})",
            layout::col_name(a),
            row + 1,
            layout::INTRODUCED_NAME
        ),
        None => then.to_string(),
    }
}

/// A summary cell: either a formula or a constant, with the value the Rust code computes.
pub enum SummaryCell {
    /// A live formula (without `=`).
    Formula(String),
    /// A constant.
    Number(f64),
}

/// The summary table's cell for area rows. Every formula is one that Excel, LibreOffice,
/// Gnumeric and Google Sheets compute alike: plain COUNT/SUM and the *IFS functions over
/// the area's named columns (`layout::formula_names`), nothing that needs array
/// evaluation, nothing volatile, no text that depends on the locale.
pub fn area_summary_cell(catalog: &Catalog, col: SummaryCol, row: u32, area: usize) -> SummaryCell {
    let cols = AreaColumns::new(catalog);
    let services = &catalog.areas[area].services;
    let name = |what: AreaRange| layout::area_range_name(catalog, area, what);
    let intro = layout::INTRODUCED_NAME;
    use SummaryCol::*;
    match col {
        Area => unreachable!("the area name is text"),
        Services => SummaryCell::Number(services.len() as f64),
        MaxPoints => SummaryCell::Number(services.iter().map(|s| catalog.max_points(s)).sum()),
        Introduced => match cols.adoption {
            Some(_) => SummaryCell::Formula(format!("COUNTIF({},{intro})", name(AreaRange::Gate))),
            None => SummaryCell::Number(services.len() as f64),
        },
        Scored if cols.adoption.is_none() => SummaryCell::Formula(format!(
            "COUNT({}){}",
            name(AreaRange::Degree),
            unanswered_rows(catalog, area)
        )),
        Scored => SummaryCell::Formula(format!("COUNT({})", name(AreaRange::Degree))),
        DegreeSum => SummaryCell::Formula(format!("SUM({})", name(AreaRange::Degree))),
        UsageSum | UsageCount if cols.usage.is_none() => SummaryCell::Number(0.0),
        UsageSum => SummaryCell::Formula(format!(
            "SUMIFS({},{})",
            name(AreaRange::Usage),
            usage_criteria(catalog, area)
        )),
        UsageCount => SummaryCell::Formula(format!("COUNTIFS({})", usage_criteria(catalog, area))),
        Points => match cols.points {
            Some(_) => SummaryCell::Formula(format!("SUM({})", name(AreaRange::Points))),
            None => SummaryCell::Number(0.0),
        },
        Level(i) => SummaryCell::Formula(level_count_formula(catalog, area, i).map_or_else(
            || "0".to_string(),
            |count| format!("{count}/{}", level_items(catalog, area).max(1)),
        )),
        Coverage | Degree | Realized | Usage => {
            SummaryCell::Formula(measure_formula(catalog, col, row))
        }
    }
}

/// The usages that count, as *IFS criteria: of introduced services (with an adoption
/// gate), numbers within 0–100 (what `check` accepts; text and anything else is left out).
fn usage_criteria(catalog: &Catalog, area: usize) -> String {
    let usage = layout::area_range_name(catalog, area, AreaRange::Usage);
    let range = format!("{usage},\">=0\",{usage},\"<=100\"");
    if catalog.has_adoption() {
        format!(
            "{},{},{range}",
            layout::area_range_name(catalog, area, AreaRange::Gate),
            layout::INTRODUCED_NAME
        )
    } else {
        range
    }
}

/// Items of area `area` asked the level question.
fn level_items(catalog: &Catalog, area: usize) -> usize {
    let Some(k) = catalog.level_stage() else { return 0 };
    catalog.areas[area].services.iter().filter(|s| s.stages.contains(&k)).count()
}

/// `COUNTIF(<level column of the area>, <label of level i>)`.
fn level_count_formula(catalog: &Catalog, area: usize, i: u8) -> Option<String> {
    let k = catalog.level_stage()?;
    let label = format!(
        "{}!{}",
        layout::LISTS_SHEET,
        layout::abs_cell(layout::LIST_FIRST_ROW + i as u32, layout::stage_list_col(k))
    );
    Some(format!("COUNTIF({},{label})", layout::area_range_name(catalog, area, AreaRange::Level)))
}

/// The overall row: tallies are the sums of the area rows; measures as for an area.
pub fn overall_summary_cell(catalog: &Catalog, col: SummaryCol, row: u32) -> SummaryCell {
    use SummaryCol::*;
    let areas = catalog.areas.len();
    match col {
        Services | Introduced | Scored | DegreeSum | UsageSum | UsageCount | Points | MaxPoints => {
            let c = col.col(catalog);
            SummaryCell::Formula(format!(
                "SUM({}:{})",
                layout::cell_name(layout::summary_row(0), c),
                layout::cell_name(layout::summary_row(areas - 1), c)
            ))
        }
        Level(i) => {
            let counts: Vec<String> =
                (0..areas).filter_map(|a| level_count_formula(catalog, a, i)).collect();
            let items: usize = (0..areas).map(|a| level_items(catalog, a)).sum();
            SummaryCell::Formula(format!("({})/{}", counts.join("+"), items.max(1)))
        }
        Area => unreachable!("the overall label is text"),
        Coverage | Degree | Realized | Usage => {
            SummaryCell::Formula(measure_formula(catalog, col, row))
        }
    }
}

/// The measure formulas on a summary row, mirroring `Tally::measures`.
fn measure_formula(catalog: &Catalog, col: SummaryCol, row: u32) -> String {
    use SummaryCol::*;
    let c = |c: SummaryCol| layout::cell_name(row, c.col(catalog));
    match col {
        Coverage => format!("IF({s}=0,0,{i}/{s})", s = c(Services), i = c(Introduced)),
        Degree => format!("IF({n}=0,\"\",{d}/{n})", n = c(Scored), d = c(DegreeSum)),
        Realized => format!("IF({s}=0,0,{d}/{s})", s = c(Services), d = c(DegreeSum)),
        Usage => format!("IF({n}=0,\"\",{u}/{n}/100)", n = c(UsageCount), u = c(UsageSum)),
        _ => unreachable!("{col:?} is a tally, not a measure"),
    }
}
