//! Where everything lives in the assessment workbook — the one source of truth used by
//! the template writer and by the reader of returns.
//!
//! Rows and columns are 0-based as in rust_xlsxwriter and calamine; `cell_name` turns
//! them into the `D14` a person sees.

use crate::catalog::Catalog;
use crate::lang::Lang;
use crate::texts::t;

pub mod savings;

/// The hidden sheet, placed last, holding the dropdown lists and the template identity.
/// Its name is the same in every language so a return is recognised whatever its language.
pub const LISTS_SHEET: &str = "digiaste";

/// Marker of the workbook format; changes when the layout changes incompatibly.
pub const FORMAT: &str = "digiaste-assessment-1";

// ---- area sheets -------------------------------------------------------------------------

/// Row of the area title.
pub const AREA_TITLE_ROW: u32 = 0;
/// Row of the answer options legend: each dropdown column lists its options above its
/// header, so every printed page shows the options of the columns on it (print titles).
pub const LEGEND_ROW: u32 = 2;
/// Row of the column headers (frozen above the services).
pub const HEADER_ROW: u32 = 3;
/// Row of the first service.
pub const FIRST_SERVICE_ROW: u32 = 4;
/// Blank rows offered for services a municipality adds.
pub const ADDED_ROWS: u32 = 10;
/// Of those, how many the printed form shows when none fits on the page the catalog's rows
/// end on (otherwise as many as fit there).
pub const MIN_PRINTED_ADDED_ROWS: u32 = 3;

/// Columns of an area sheet. Built from the catalog: a catalog without an adoption gate
/// or without usage simply has no such column.
#[derive(Clone, Debug)]
pub struct AreaColumns {
    /// The service id column.
    pub id: u16,
    /// The service name column.
    pub name: u16,
    /// The adoption column, when the catalog asks it.
    pub adoption: Option<u16>,
    /// One column per catalog stage, in catalog order.
    pub stages: Vec<u16>,
    /// The usage column, when the catalog asks usage.
    pub usage: Option<u16>,
    /// The live degree formula of the row.
    pub degree: u16,
    /// Live points formula, for catalogs whose options carry points.
    pub points: Option<u16>,
    /// The comment column.
    pub comment: u16,
}

impl AreaColumns {
    /// The columns of an area sheet of this catalog.
    pub fn new(catalog: &Catalog) -> AreaColumns {
        let mut next = 2u16;
        let mut take = || {
            next += 1;
            next - 1
        };
        let adoption = catalog.has_adoption().then(&mut take);
        let stages = catalog.stages.iter().map(|_| take()).collect();
        let usage = catalog.usage.then(&mut take);
        let degree = take();
        let points = catalog.has_points().then(&mut take);
        let comment = take();
        AreaColumns { id: 0, name: 1, adoption, stages, usage, degree, points, comment }
    }
}

/// The columns of an area sheet that formulas refer to by a workbook defined name, over
/// the area's catalog service rows (the rows for added services are not measured).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AreaRange {
    /// The adoption column: introduced or not.
    Gate,
    /// The usage column.
    Usage,
    /// The degree column.
    Degree,
    /// The points column.
    Points,
    /// The column of the level question (indicator catalogs).
    Level,
}

impl AreaRange {
    fn prefix(self) -> &'static str {
        match self {
            AreaRange::Gate => "gate",
            AreaRange::Usage => "usage",
            AreaRange::Degree => "degree",
            AreaRange::Points => "points",
            AreaRange::Level => "level",
        }
    }

    /// The column on an area sheet, if the catalog has it.
    pub fn col(self, catalog: &Catalog, cols: &AreaColumns) -> Option<u16> {
        match self {
            AreaRange::Gate => cols.adoption,
            AreaRange::Usage => cols.usage,
            AreaRange::Degree => Some(cols.degree),
            AreaRange::Points => cols.points,
            AreaRange::Level => catalog.level_stage().map(|k| cols.stages[k]),
        }
    }
}

/// Defined name of the label that marks a service introduced (on the lists sheet).
pub const INTRODUCED_NAME: &str = "introduced";

/// Defined name of one column of area `area`: `usage_asu`, from the area id with every
/// character a name cannot hold turned into `_`; `usage_area3` if two ids would meet.
pub fn area_range_name(catalog: &Catalog, area: usize, what: AreaRange) -> String {
    let key = |id: &str| -> String {
        id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect()
    };
    let keys: Vec<String> = catalog.areas.iter().map(|a| key(&a.id)).collect();
    let unique = keys.iter().enumerate().all(|(i, k)| !keys[..i].contains(k));
    if unique {
        format!("{}_{}", what.prefix(), keys[area])
    } else {
        format!("{}_area{}", what.prefix(), area + 1)
    }
}

/// Every defined name the formulas use, with what it refers to (`'Sheet'!$J$5:$J$15`).
pub fn formula_names(catalog: &Catalog, lang: Lang) -> Vec<(String, String)> {
    let cols = AreaColumns::new(catalog);
    let mut names = Vec::new();
    if catalog.has_adoption() {
        names.push((
            INTRODUCED_NAME.to_string(),
            format!("{LISTS_SHEET}!{}", abs_cell(LIST_FIRST_ROW, ADOPTION_LIST_COL)),
        ));
    }
    let all =
        [AreaRange::Gate, AreaRange::Usage, AreaRange::Degree, AreaRange::Points, AreaRange::Level];
    for (a, area) in catalog.areas.iter().enumerate() {
        let sheet = area_sheet_name(catalog, a, lang);
        let last = service_row(area.services.len().saturating_sub(1));
        for what in all {
            if let Some(c) = what.col(catalog, &cols) {
                names.push((
                    area_range_name(catalog, a, what),
                    abs_range(&sheet, FIRST_SERVICE_ROW, c, last, c),
                ));
            }
        }
    }
    names
}

/// Row of the `index`-th service of an area.
pub fn service_row(index: usize) -> u32 {
    FIRST_SERVICE_ROW + index as u32
}

/// Row of the heading above the blank rows of an area with `services` services.
pub fn added_heading_row(services: usize) -> u32 {
    FIRST_SERVICE_ROW + services as u32
}

/// Rows a municipality may fill with services of its own.
pub fn added_rows(services: usize) -> std::ops::Range<u32> {
    let first = added_heading_row(services) + 1;
    first..first + ADDED_ROWS
}

/// The sheet name of an area in a language.
pub fn area_sheet_name(catalog: &Catalog, area: usize, lang: Lang) -> String {
    catalog.areas[area].name.get(lang).to_string()
}

// ---- instructions sheet: the respondent block -------------------------------------------

/// The respondent block's input cells, each with its workbook defined name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Respondent {
    /// The municipality's name.
    MunicipalityName,
    /// Its three-digit code.
    MunicipalityCode,
    /// Who answered.
    RespondentName,
    /// Their e-mail.
    RespondentEmail,
    /// The date of the answers.
    ResponseDate,
}

/// Row of the respondent block's heading on the instructions sheet.
pub const RESPONDENT_HEADING_ROW: u32 = 2;
/// Column of the respondent block's labels.
pub const RESPONDENT_LABEL_COL: u16 = 0;
/// Column of its input cells.
pub const RESPONDENT_INPUT_COL: u16 = 1;
/// First row of the explanatory text, below the respondent block.
pub const INSTRUCTIONS_TEXT_ROW: u32 = 9;

impl Respondent {
    /// Every field, in the order of the block.
    pub const ALL: [Respondent; 5] = [
        Respondent::MunicipalityName,
        Respondent::MunicipalityCode,
        Respondent::RespondentName,
        Respondent::RespondentEmail,
        Respondent::ResponseDate,
    ];

    /// The workbook defined name of the field's cell.
    pub fn defined_name(self) -> &'static str {
        match self {
            Respondent::MunicipalityName => "municipality_name",
            Respondent::MunicipalityCode => "municipality_code",
            Respondent::RespondentName => "respondent_name",
            Respondent::RespondentEmail => "respondent_email",
            Respondent::ResponseDate => "response_date",
        }
    }

    /// The texts key of its label.
    pub fn label_key(self) -> &'static str {
        match self {
            Respondent::MunicipalityName => "label_municipality_name",
            Respondent::MunicipalityCode => "label_municipality_code",
            Respondent::RespondentName => "label_respondent_name",
            Respondent::RespondentEmail => "label_respondent_email",
            Respondent::ResponseDate => "label_response_date",
        }
    }

    /// Its label in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        t(self.label_key(), lang)
    }

    /// (row, column) of the input cell on the instructions sheet.
    pub fn cell(self) -> (u32, u16) {
        let i = Respondent::ALL.iter().position(|&r| r == self).unwrap() as u32;
        (RESPONDENT_HEADING_ROW + 1 + i, RESPONDENT_INPUT_COL)
    }
}

// ---- the hidden lists sheet -------------------------------------------------------------

/// Template identity, as key/value rows in columns A:B of the lists sheet.
pub const IDENTITY_KEYS: [&str; 8] = [
    "format",
    "catalog_id",
    "catalog_version",
    "catalog_hash",
    "language",
    "tool_version",
    "municipality_code",
    // The fingerprint of the answers a prefilled workbook was filled with (empty otherwise).
    "prefilled_answers",
];

/// Row of an identity key on the lists sheet.
pub fn identity_row(key: &str) -> u32 {
    IDENTITY_KEYS.iter().position(|k| *k == key).expect("known identity key") as u32
}

/// First data row of the lists (row 0 holds their headers).
pub const LIST_FIRST_ROW: u32 = 1;
/// Adoption labels in column D, their introduced flag (1/0) in E.
pub const ADOPTION_LIST_COL: u16 = 3;
/// Stage `k`'s list: label, score, applicable (1/0), points in four columns from here.
pub fn stage_list_col(k: usize) -> u16 {
    6 + 5 * k as u16
}

/// The register's municipalities ("Helsinki – 091"), for the dropdown of a blank template.
pub fn codes_list_col(catalog: &Catalog) -> u16 {
    stage_list_col(catalog.stages.len())
}

// ---- summary sheet ----------------------------------------------------------------------

/// Header row of the template's summary table.
pub const SUMMARY_HEADER_ROW: u32 = 2;
/// First area row of that table.
pub const SUMMARY_FIRST_ROW: u32 = 3;

/// Columns of the summary table, in the order they appear. What people read comes first;
/// then the counts and sums the overall row is computed from (overall is not a mean of
/// area means). A catalog without an adoption gate has no coverage, one without usage no
/// usage, one whose answers carry points has points and the share at each level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SummaryCol {
    /// The area's name.
    Area,
    /// Catalog services in the area.
    Services,
    /// Services introduced.
    Introduced,
    /// Coverage.
    Coverage,
    /// The points column.
    Points,
    /// Highest reachable points.
    MaxPoints,
    /// Share of the items answered at level `i` (an option of the level question).
    Level(u8),
    /// The degree column.
    Degree,
    /// Realised potential.
    Realized,
    /// The usage column.
    Usage,
    /// Helper: introduced services with a degree.
    Scored,
    /// Helper: Σ degree.
    DegreeSum,
    /// Helper: Σ usage.
    UsageSum,
    /// Helper: services that reported usage.
    UsageCount,
}

impl SummaryCol {
    /// The summary columns of a catalog, in order.
    pub fn all(catalog: &Catalog) -> Vec<SummaryCol> {
        use SummaryCol::*;
        let mut cols = vec![Area, Services];
        if catalog.has_adoption() {
            cols.extend([Introduced, Coverage]);
        }
        if let Some(k) = catalog.level_stage() {
            cols.extend([Points, MaxPoints]);
            cols.extend((0..catalog.stages[k].options.len() as u8).map(Level));
        }
        cols.push(Degree);
        if catalog.has_adoption() {
            cols.push(Realized);
        }
        if catalog.usage {
            cols.push(Usage);
        }
        cols.extend([Scored, DegreeSum]);
        if catalog.usage {
            cols.extend([UsageSum, UsageCount]);
        }
        cols
    }

    /// The column index of this column for `catalog`.
    pub fn col(self, catalog: &Catalog) -> u16 {
        SummaryCol::all(catalog)
            .iter()
            .position(|&c| c == self)
            .unwrap_or_else(|| panic!("{self:?} not in this summary")) as u16
    }

    /// A tally the measure formulas use; hidden on the template's summary sheet.
    pub fn is_helper(self) -> bool {
        matches!(
            self,
            SummaryCol::Scored
                | SummaryCol::DegreeSum
                | SummaryCol::UsageSum
                | SummaryCol::UsageCount
        )
    }

    /// Whether the column holds a ratio (shown as a percentage).
    pub fn is_ratio(self) -> bool {
        matches!(
            self,
            SummaryCol::Coverage
                | SummaryCol::Degree
                | SummaryCol::Realized
                | SummaryCol::Usage
                | SummaryCol::Level(_)
        )
    }

    /// The column's header in a language.
    pub fn header(self, catalog: &Catalog, lang: Lang) -> String {
        use SummaryCol::*;
        let key = match self {
            Area => "sum_area",
            Services if !catalog.has_adoption() => "sum_items",
            Services => "sum_services",
            Introduced => "sum_introduced",
            Coverage => "sum_coverage",
            Degree => "sum_degree",
            Realized => "sum_realized",
            Usage => "sum_usage",
            Scored => "sum_scored",
            DegreeSum => "sum_degree_total",
            UsageSum => "sum_usage_total",
            UsageCount => "sum_usage_count",
            Points => "sum_points",
            MaxPoints => "sum_max_points",
            Level(i) => {
                let k = catalog.level_stage().expect("levels need a level question");
                let label = catalog.stages[k].options[i as usize].label.get(lang);
                return crate::texts::tf("sum_share_level", lang, &[("level", label)]);
            }
        };
        t(key, lang).to_string()
    }
}

/// Summary row of area `i`; the overall row follows the last area.
pub fn summary_row(area: usize) -> u32 {
    SUMMARY_FIRST_ROW + area as u32
}

// ---- cell names -------------------------------------------------------------------------

/// A column's letters: 0 → `A`, 27 → `AB`.
pub fn col_name(col: u16) -> String {
    let mut n = col as u32 + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = ((n - 1) % 26) as u8;
        s.push(b'A' + r);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

/// `D14` for row 13, column 3.
pub fn cell_name(row: u32, col: u16) -> String {
    format!("{}{}", col_name(col), row + 1)
}

/// `D14` → (13, 3): the inverse of [`cell_name`]; `None` for anything else.
pub fn parse_cell(name: &str) -> Option<(u32, u16)> {
    let letters: String = name.chars().take_while(|c| c.is_ascii_uppercase()).collect();
    let row: u32 = name[letters.len()..].parse().ok()?;
    if letters.is_empty() || letters.len() > 3 || row == 0 {
        return None;
    }
    let col = letters.bytes().fold(0u32, |acc, b| acc * 26 + (b - b'A' + 1) as u32) - 1;
    Some((row - 1, u16::try_from(col).ok()?))
}

/// `$D$14`.
pub fn abs_cell(row: u32, col: u16) -> String {
    format!("${}${}", col_name(col), row + 1)
}

/// A sheet name as it must appear in a formula: `'Name with spaces'`.
pub fn quote_sheet(name: &str) -> String {
    format!("'{}'", name.replace('\'', "''"))
}

/// `'Sheet'!$D$5:$D$14`.
pub fn abs_range(sheet: &str, first_row: u32, col: u16, last_row: u32, last_col: u16) -> String {
    format!("{}!{}:{}", quote_sheet(sheet), abs_cell(first_row, col), abs_cell(last_row, last_col))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names() {
        assert_eq!(cell_name(13, 3), "D14");
        assert_eq!(col_name(25), "Z");
        assert_eq!(col_name(26), "AA");
        assert_eq!(parse_cell("D14"), Some((13, 3)));
        assert_eq!(parse_cell("AA1"), Some((0, 26)));
        assert_eq!(parse_cell("D0"), None);
        assert_eq!(parse_cell("14"), None);
        assert_eq!(abs_range("A'b", 4, 2, 9, 2), "'A''b'!$C$5:$C$10");
    }

    #[test]
    fn area_names_are_valid_and_unique() {
        let mut c = Catalog::default_catalog();
        assert_eq!(area_range_name(&c, 0, AreaRange::Usage), "usage_asu");
        c.areas[0].id = "a-b".into();
        assert_eq!(area_range_name(&c, 0, AreaRange::Gate), "gate_a_b");
        c.areas[1].id = "a.b".into();
        assert_eq!(area_range_name(&c, 0, AreaRange::Gate), "gate_area1");
        assert_eq!(area_range_name(&c, 1, AreaRange::Gate), "gate_area2");
        let names = formula_names(&c, Lang::Fi);
        assert_eq!(names[0], ("introduced".to_string(), "digiaste!$D$2".to_string()));
        assert_eq!(names[2].0, "usage_area1");
    }

    #[test]
    fn default_columns() {
        let c = Catalog::default_catalog();
        let cols = AreaColumns::new(&c);
        assert_eq!(cols.adoption, Some(2));
        assert_eq!(cols.stages, vec![3, 4, 5, 6, 7, 8]);
        assert_eq!(cols.usage, Some(9));
        assert_eq!(cols.degree, 10);
        assert_eq!(cols.comment, 11);
    }
}
