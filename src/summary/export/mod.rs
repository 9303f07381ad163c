//! Exports of a round for analysts: the CSV of `aggregate --csv`, in two dialects — tidy
//! for pandas and R, and one that Finnish and Swedish spreadsheets open in columns — and
//! its Frictionless `datapackage.json` (`package`). One row per figure (`rows`): the whole
//! country and each region (mean and median per area and overall), then per counted
//! municipality its overall, area and service figures; the columns, levels and fields are
//! declared in `schema`. The JSON export is the report model of `crate::report`.

mod package;
mod rows;
pub mod schema;

pub use package::{FILE_NAME as PACKAGE_FILE_NAME, datapackage};

use crate::data_sheet::RoundData;

use super::Round;
use schema::COLUMNS;

/// The CSV dialect of `aggregate --csv`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Dialect {
    /// Comma separator, decimal point (pandas, R).
    #[default]
    Tidy,
    /// Semicolon separator, decimal comma: what Finnish and Swedish Excel and LibreOffice
    /// expect.
    Excel,
}

impl Dialect {
    /// The separator of its cells.
    pub fn separator(self) -> char {
        match self {
            Dialect::Tidy => ',',
            Dialect::Excel => ';',
        }
    }

    /// The decimal separator of its numbers.
    pub fn decimal(self) -> char {
        match self {
            Dialect::Tidy => '.',
            Dialect::Excel => ',',
        }
    }
}

/// A CSV cell: quoted when needed, and neutralised when a spreadsheet would take it for
/// a formula (= + - @, tab, carriage return at the start).
pub fn csv_cell(s: &str) -> String {
    cell(s, Dialect::Tidy)
}

fn cell(s: &str, dialect: Dialect) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([dialect.separator(), '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// A number without float noise: rounded to 12 significant digits, then written in the
/// shortest form that reads back as that (`0.036`, not `0.036000000000000004`), with
/// the dialect's decimal separator.
pub fn number(x: f64, dialect: Dialect) -> String {
    // -0 (a usage typed as "-0") is 0, not "-0" (which the neutraliser would make "'-0").
    let x = x + 0.0;
    let rounded: f64 = format!("{x:.11e}").parse().unwrap_or(x);
    let text = format!("{}", if rounded == 0.0 { 0.0 } else { rounded });
    match dialect {
        Dialect::Tidy => text,
        Dialect::Excel => text.replace('.', ","),
    }
}

/// The CSV of a round (`data` its data sheet model, `summary::data::data`), UTF-8 with BOM,
/// in `dialect`: a header of `schema::COLUMNS`, then one row per figure.
pub fn csv(round: &Round<'_>, data: &RoundData, dialect: Dialect) -> String {
    let sep = dialect.separator().to_string();
    let header: Vec<&str> = COLUMNS.iter().map(|c| c.name).collect();
    let mut out = format!("\u{feff}{}\r\n", header.join(&sep));
    rows::rows(round, data, &mut |r| {
        let value = r.value.map(|x| number(x, dialect)).unwrap_or_default();
        let u = &r.unit;
        let cells: [&str; COLUMNS.len()] = [
            r.level.id(),
            u.region_code,
            u.region_name,
            u.code,
            u.name,
            u.size_class,
            u.date,
            r.area,
            r.service,
            r.statistic,
            r.field.name(),
            &value,
            r.text,
        ];
        out.push_str(&cells.iter().map(|c| cell(c, dialect)).collect::<Vec<_>>().join(&sep));
        out.push_str("\r\n");
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_neutralised_and_quoted() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("@SUM"), "'@SUM");
        assert_eq!(csv_cell("Helsinki"), "Helsinki");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(cell("a,b", Dialect::Excel), "a,b");
        assert_eq!(cell("a;b", Dialect::Excel), "\"a;b\"");
        assert_eq!(cell("=1;2", Dialect::Excel), "\"'=1;2\"");
    }

    #[test]
    fn numbers_have_no_float_noise() {
        assert_eq!(number(0.036000000000000004, Dialect::Tidy), "0.036");
        assert_eq!(number(0.1 + 0.2, Dialect::Tidy), "0.3");
        assert_eq!(number(2.0 / 3.0, Dialect::Tidy), "0.666666666667");
        assert_eq!(number(1.0, Dialect::Tidy), "1");
        assert_eq!(number(0.0, Dialect::Tidy), "0");
        assert_eq!(number(-0.0, Dialect::Tidy), "0");
        assert_eq!(number(0.036000000000000004, Dialect::Excel), "0,036");
        assert_eq!(number(45.5, Dialect::Excel), "45,5");
    }
}
