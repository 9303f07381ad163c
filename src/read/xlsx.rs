//! xlsx and xlsm through calamine's streaming cell reader, so only filled cells are kept.
//! What the program shows decides: hidden sheets are marked, dates follow the workbook's
//! date system, and a cell reference past XFD1048576 (which calamine would wrap onto
//! another row) is a damaged file.

use std::io::{Read, Seek};

use calamine::{DataRef, Reader, Xlsx};

use super::error::damaged;
use super::guard::{Budget, guarded};
use super::{Book, MAX_COL, MAX_ROW, ReadError, Sheet, Value, date_iso, date_serial, number, text};

/// Reads an xlsx whose zip container the guard has checked.
pub(super) fn read<RS: Read + Seek>(file: RS) -> Result<Book, ReadError> {
    guarded("xlsx", || read_workbook(file))
}

fn read_workbook<RS: Read + Seek>(file: RS) -> Result<Book, ReadError> {
    let mut xl: Xlsx<RS> = Xlsx::new(file).map_err(|e| match e {
        calamine::XlsxError::Password => ReadError::Encrypted,
        e => damaged(format!("xlsx: {e}")),
    })?;
    let mut book = Book { defined_names: xl.defined_names().to_vec(), ..Book::default() };
    let mut budget = Budget::default();
    let is_1904 = xl.has_1904_epoch();
    let sheets = super::sheets_with_visibility(xl.sheets_metadata());
    for (name, hidden) in sheets {
        let mut sheet = read_sheet(&mut xl, name, is_1904, &mut budget)?;
        sheet.hidden = hidden;
        book.sheets.push(sheet);
    }
    Ok(book)
}

/// One sheet's filled cells; `budget` is the workbook's.
fn read_sheet<RS: Read + Seek>(
    xl: &mut Xlsx<RS>,
    name: String,
    is_1904: bool,
    budget: &mut Budget,
) -> Result<Sheet, ReadError> {
    let mut reader = match xl.worksheet_cells_reader(&name) {
        Ok(r) => r,
        // Chart sheets and the like have no cells.
        Err(calamine::XlsxError::WorksheetNotFound(_)) => {
            return Ok(Sheet { name, ..Sheet::default() });
        }
        Err(e) => return Err(damaged(format!("damaged sheet \"{name}\" ({e})"))),
    };
    let percent_styles: Vec<bool> = reader
        .styles()
        .iter()
        .map(|s| s.number_format.as_ref().is_some_and(|f| is_percent_format(&f.format_code)))
        .collect();
    let mut cells = Vec::new();
    loop {
        let next = reader
            .next_cell_with_style_id()
            .map_err(|e| damaged(format!("damaged sheet \"{name}\" ({e})")))?;
        let Some((cell, style)) = next else { break };
        let (row, col) = cell.get_position();
        if row > MAX_ROW || col > MAX_COL {
            return Err(super::error::past_last_cell(&name));
        }
        let percent = percent_styles.get(style).copied().unwrap_or(false);
        if let Some(v) = from_data_ref(cell.get_value(), percent, is_1904) {
            budget.charge(&v, 1)?;
            cells.push(((row, col), v));
        }
    }
    // Collected, then built at once (cells come row by row, so this is quick; a cell given
    // twice keeps its last value, as one insertion each would).
    Ok(Sheet { name, hidden: false, cells: cells.into_iter().collect() })
}

fn is_percent_format(code: &str) -> bool {
    // A '%' outside quotes and escapes.
    let mut quoted = false;
    let mut prev = ' ';
    for c in code.chars() {
        match c {
            '"' => quoted = !quoted,
            '%' if !quoted && prev != '\\' => return true,
            _ => {}
        }
        prev = c;
    }
    false
}

fn from_data_ref(v: &DataRef<'_>, percent: bool, is_1904: bool) -> Option<Value> {
    Some(match v {
        DataRef::Empty => return None,
        DataRef::Int(i) => number(*i as f64, percent),
        DataRef::Float(f) => number(*f, percent),
        DataRef::String(s) => text(s)?,
        DataRef::SharedString(s) => text(s)?,
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(d) => date_serial(d.as_f64(), is_1904),
        DataRef::DateTimeIso(s) => date_iso(s),
        DataRef::DurationIso(s) => Value::Text(s.clone()),
        DataRef::Error(e) => Value::Error(e.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_formats() {
        assert!(is_percent_format("0%"));
        assert!(is_percent_format("0.0 %"));
        assert!(!is_percent_format("0.0"));
        assert!(!is_percent_format("\"%\"0"));
    }
}
