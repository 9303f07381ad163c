//! OpenDocument spreadsheets: a streaming reader of `content.xml`, written here because
//! calamine expands ods rows into full rectangles. A repeated empty row or cell costs
//! nothing; a repeated filled one is counted against `MAX_CELLS`.

use std::io::{BufRead, BufReader, Read, Seek};

use quick_xml::events::{BytesRef, BytesStart, Event};

use super::error::{damaged, too_large};
use super::guard::{Budget, MAX_PART_BYTES};
use super::{Book, ReadError, Sheet, Value};

const ODS_MAX_ROWS: u32 = 1 << 20;
const ODS_MAX_COLS: u32 = 1 << 14;

/// Reads an ods whose zip container the guard has checked.
pub(super) fn read<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Result<Book, ReadError> {
    if let Ok(mut manifest) = zip.by_name("META-INF/manifest.xml") {
        let mut text = String::new();
        let _ = manifest.by_ref().take(MAX_PART_BYTES).read_to_string(&mut text);
        if text.contains("encryption-data") {
            return Err(ReadError::Encrypted);
        }
    }
    let content =
        zip.by_name("content.xml").map_err(|e| damaged(format!("no content part ({e})")))?;
    parse_ods_content(BufReader::new(content.take(MAX_PART_BYTES)))
}

/// Reads the sheets and named ranges of an ods `content.xml`.
pub fn parse_ods_content<B: BufRead>(input: B) -> Result<Book, ReadError> {
    let mut reader = quick_xml::Reader::from_reader(input);
    let mut buf = Vec::new();
    let mut st = OdsState::default();
    loop {
        buf.clear();
        let event = reader.read_event_into(&mut buf).map_err(xml_error)?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.name().as_ref() {
                    "table:table" => st.start_table(e, empty),
                    "table:table-row" => st.start_row(e, empty),
                    "table:table-cell" | "table:covered-table-cell" => {
                        let text = if empty { None } else { Some(ods_cell_text(&mut reader)?) };
                        st.cell(e, ods_scalar(e, text))?;
                    }
                    "table:named-range" | "table:named-expression" => st.named_range(e),
                    _ => {}
                }
            }
            Event::End(ref e) => match e.name().as_ref() {
                "table:table-row" => st.end_row()?,
                "table:table" => st.end_table(),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if st.book.sheets.is_empty() {
        return Err(damaged("the spreadsheet has no sheets"));
    }
    Ok(st.book)
}

fn xml_error(e: quick_xml::Error) -> ReadError {
    damaged(format!("ods content: {e}"))
}

/// Where the streaming reader is: the book so far, the open sheet, the current row and
/// column, and the cells of the current row, to be repeated if the row is.
struct OdsState {
    book: Book,
    sheet: Option<Sheet>,
    row: u32,
    col: u32,
    /// What the filled cells so far hold, repeats included.
    budget: Budget,
    row_cells: Vec<(u32, Value)>,
    row_repeat: u32,
}

impl Default for OdsState {
    fn default() -> OdsState {
        OdsState {
            book: Book::default(),
            sheet: None,
            row: 0,
            col: 0,
            budget: Budget::default(),
            row_cells: Vec::new(),
            row_repeat: 1,
        }
    }
}

impl OdsState {
    fn start_table(&mut self, e: &BytesStart<'_>, empty: bool) {
        self.sheet =
            Some(Sheet { name: attr(e, "table:name").unwrap_or_default(), ..Sheet::default() });
        self.row = 0;
        if empty {
            self.end_table();
        }
    }

    fn start_row(&mut self, e: &BytesStart<'_>, empty: bool) {
        self.col = 0;
        self.row_cells.clear();
        self.row_repeat = repeat(e, "table:number-rows-repeated");
        if empty {
            self.row = self.row.saturating_add(self.row_repeat);
        }
    }

    /// A cell, repeated across `table:number-columns-repeated` columns.
    fn cell(&mut self, e: &BytesStart<'_>, value: Option<Value>) -> Result<(), ReadError> {
        let cols = repeat(e, "table:number-columns-repeated");
        if let Some(v) = value {
            let n = cols.min(ODS_MAX_COLS.saturating_sub(self.col));
            self.budget.charge(&v, n as usize)?;
            for i in 0..n {
                self.row_cells.push((self.col + i, v.clone()));
            }
        }
        self.col = self.col.saturating_add(cols);
        Ok(())
    }

    fn named_range(&mut self, e: &BytesStart<'_>) {
        if let (Some(n), Some(r)) = (
            attr(e, "table:name"),
            attr(e, "table:cell-range-address").or_else(|| attr(e, "table:expression")),
        ) {
            self.book.defined_names.push((n, r));
        }
    }

    /// Puts the row's cells into the sheet, once per repeat of the row.
    fn end_row(&mut self) -> Result<(), ReadError> {
        if let Some(sheet) = self.sheet.as_mut()
            && !self.row_cells.is_empty()
        {
            // A repeated row with values repeats them: charged before they are kept.
            let reps = self.row_repeat.min(ODS_MAX_ROWS.saturating_sub(self.row));
            for (_, v) in &self.row_cells {
                self.budget.charge(v, reps.saturating_sub(1) as usize)?;
            }
            for r in 0..reps {
                for (c, v) in &self.row_cells {
                    sheet.cells.insert((self.row + r, *c), v.clone());
                }
            }
        }
        self.row = self.row.saturating_add(self.row_repeat);
        self.row_cells.clear();
        Ok(())
    }

    fn end_table(&mut self) {
        if let Some(sheet) = self.sheet.take() {
            self.book.sheets.push(sheet);
        }
    }
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().and_then(|a| {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned())
    })
}

fn repeat(e: &BytesStart<'_>, name: &str) -> u32 {
    attr(e, name).and_then(|v| v.parse::<u32>().ok()).unwrap_or(1).max(1)
}

/// The text content of a cell: paragraphs joined by newlines, annotations skipped.
fn ods_cell_text<B: BufRead>(reader: &mut quick_xml::Reader<B>) -> Result<String, ReadError> {
    let mut buf = Vec::new();
    let mut out = String::new();
    let mut paragraphs = 0usize;
    let mut skip_depth = 0usize;
    let mut paragraph = |out: &mut String| {
        if paragraphs > 0 {
            out.push('\n');
        }
        paragraphs += 1;
    };
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf).map_err(xml_error)? {
            Event::Start(ref e) => match e.name().as_ref() {
                "office:annotation" => skip_depth += 1,
                "text:p" if skip_depth == 0 => paragraph(&mut out),
                _ => {}
            },
            Event::Empty(ref e) if skip_depth == 0 => match e.name().as_ref() {
                "text:s" => {
                    let n = repeat(e, "text:c").min(1000);
                    out.extend(std::iter::repeat_n(' ', n as usize));
                }
                "text:tab" => out.push('\t'),
                "text:line-break" => out.push('\n'),
                "text:p" => paragraph(&mut out),
                _ => {}
            },
            Event::Text(ref t) if skip_depth == 0 => out.push_str(&t.xml10_content()),
            Event::GeneralRef(ref r) if skip_depth == 0 => push_reference(&mut out, r),
            Event::End(ref e) => match e.name().as_ref() {
                "office:annotation" => skip_depth = skip_depth.saturating_sub(1),
                "table:table-cell" | "table:covered-table-cell" => break,
                _ => {}
            },
            Event::Eof => return Err(damaged("ods content ends inside a cell")),
            _ => {}
        }
        if out.len() > 1 << 20 {
            return Err(too_large("a cell holds more than 1 MB of text"));
        }
    }
    Ok(out)
}

/// A character reference or one of XML's five predefined entities; others are dropped.
fn push_reference(out: &mut String, r: &BytesRef<'_>) {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        out.push(c);
    } else {
        out.push_str(match r.as_ref() {
            "amp" => "&",
            "lt" => "<",
            "gt" => ">",
            "quot" => "\"",
            "apos" => "'",
            _ => "",
        });
    }
}

fn ods_scalar(e: &BytesStart<'_>, text: Option<String>) -> Option<Value> {
    let value_type = attr(e, "office:value-type");
    let is_error = attr(e, "calcext:value-type").as_deref() == Some("error");
    let num = || attr(e, "office:value").and_then(|v| v.parse::<f64>().ok());
    if is_error {
        return Some(Value::Error(text.unwrap_or_else(|| "#ERROR".into())));
    }
    match value_type.as_deref() {
        Some("float") | Some("currency") => num().map(Value::Number),
        Some("percentage") => num().map(Value::Percent),
        Some("date") => attr(e, "office:date-value").map(|d| super::date_iso(&d)),
        Some("boolean") => {
            attr(e, "office:boolean-value").map(|b| Value::Bool(b == "true" || b == "TRUE"))
        }
        Some("time") => attr(e, "office:time-value").map(Value::Text),
        Some("string") => attr(e, "office:string-value").or(text).and_then(|s| super::text(&s)),
        _ => text.and_then(|s| super::text(&s)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ods_far_cell_is_one_cell() {
        let xml = r#"<office:document-content><office:body><office:spreadsheet>
            <table:table table:name="A"><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
            <table:table-row><table:table-cell table:number-columns-repeated="16383"/><table:table-cell office:value-type="string"><text:p>x &amp; y</text:p></table:table-cell></table:table-row></table:table>
            </office:spreadsheet></office:body></office:document-content>"#;
        let book = parse_ods_content(xml.as_bytes()).unwrap();
        assert_eq!(book.sheets[0].cells.len(), 1);
        assert_eq!(book.sheets[0].cells.get(&(1048575, 16383)), Some(&Value::Text("x & y".into())));
    }
}
