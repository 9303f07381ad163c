//! OpenDocument spreadsheets: a streaming reader of `content.xml`, written here because
//! calamine expands ods rows into full rectangles. A repeated empty row or cell costs
//! nothing; a repeated filled one is counted against `MAX_CELLS`. Elements and attributes
//! are matched by their namespace URI, never by the prefix a file chose; a table whose
//! style says `table:display="false"` is hidden; dates count from the file's null date.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Seek};

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::{NsReader, XmlVersion};

use super::error::{damaged, too_large};
use super::guard::{Budget, MAX_PART_BYTES};
use super::{Book, MAX_COL, MAX_ROW, ReadError, Sheet, Value};

/// The OpenDocument namespaces the reader knows, by URI.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Ns {
    Office,
    Table,
    Text,
    Style,
    Calcext,
    Other,
}

fn ns_of(r: &ResolveResult<'_>) -> Ns {
    match r {
        ResolveResult::Bound(Namespace(uri)) => match *uri {
            "urn:oasis:names:tc:opendocument:xmlns:office:1.0" => Ns::Office,
            "urn:oasis:names:tc:opendocument:xmlns:table:1.0" => Ns::Table,
            "urn:oasis:names:tc:opendocument:xmlns:text:1.0" => Ns::Text,
            "urn:oasis:names:tc:opendocument:xmlns:style:1.0" => Ns::Style,
            "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" => Ns::Calcext,
            _ => Ns::Other,
        },
        _ => Ns::Other,
    }
}

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
    let mut reader = NsReader::from_reader(input);
    let mut buf = Vec::new();
    let mut st = OdsState::default();
    loop {
        buf.clear();
        let (ns, event) = reader.read_resolved_event_into(&mut buf).map_err(xml_error)?;
        let ns = ns_of(&ns);
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let attrs = Attrs::of(&reader, e);
                match (ns, e.local_name().as_ref()) {
                    (Ns::Table, "table") => st.start_table(&attrs, empty),
                    (Ns::Table, "table-row") => st.start_row(&attrs, empty),
                    (Ns::Table, "table-cell" | "covered-table-cell") => {
                        let text = if empty { None } else { Some(ods_cell_text(&mut reader)?) };
                        let value = ods_scalar(&attrs, text, st.null_date);
                        st.cell(&attrs, value)?;
                    }
                    (Ns::Table, "named-range" | "named-expression") => st.named_range(&attrs),
                    (Ns::Table, "null-date") => st.null_date(&attrs),
                    (Ns::Style, "style") => st.style = attrs.get(Ns::Style, "name"),
                    (Ns::Style, "table-properties") => st.table_properties(&attrs),
                    _ => {}
                }
            }
            Event::End(ref e) => match (ns, e.local_name().as_ref()) {
                (Ns::Table, "table-row") => st.end_row()?,
                (Ns::Table, "table") => st.end_table(),
                (Ns::Style, "style") => st.style = None,
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

/// An element's attributes by namespace and local name, resolved while the element's
/// namespace declarations are in scope.
struct Attrs(Vec<(Ns, String, String)>);

impl Attrs {
    fn of<B>(reader: &NsReader<B>, e: &BytesStart<'_>) -> Attrs {
        let items = e
            .attributes()
            .with_checks(false)
            .flatten()
            .filter(|a| !a.key.as_ref().starts_with("xmlns"))
            .filter_map(|a| {
                let (ns, local) = reader.resolver().resolve_attribute(a.key);
                let value = a.normalized_value(XmlVersion::Implicit1_0).ok()?.into_owned();
                Some((ns_of(&ns), local.as_ref().to_string(), value))
            })
            .collect();
        Attrs(items)
    }

    fn get(&self, ns: Ns, local: &str) -> Option<String> {
        self.0.iter().find(|(n, l, _)| *n == ns && l == local).map(|(_, _, v)| v.clone())
    }

    fn repeat(&self, ns: Ns, local: &str) -> u32 {
        self.get(ns, local).and_then(|v| v.parse::<u32>().ok()).unwrap_or(1).max(1)
    }
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
    /// The style being read, and the table styles that hide their table.
    style: Option<String>,
    hidden_styles: HashSet<String>,
    /// The serial number of the file's null date in the 1900 system (0: 1899-12-30).
    null_date: f64,
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
            style: None,
            hidden_styles: HashSet::new(),
            null_date: 0.0,
        }
    }
}

impl OdsState {
    fn start_table(&mut self, a: &Attrs, empty: bool) {
        let hidden =
            a.get(Ns::Table, "style-name").is_some_and(|s| self.hidden_styles.contains(&s));
        self.sheet = Some(Sheet {
            name: a.get(Ns::Table, "name").unwrap_or_default(),
            hidden,
            ..Sheet::default()
        });
        self.row = 0;
        if empty {
            self.end_table();
        }
    }

    fn table_properties(&mut self, a: &Attrs) {
        if let Some(style) = &self.style
            && a.get(Ns::Table, "display").as_deref() == Some("false")
        {
            self.hidden_styles.insert(style.clone());
        }
    }

    fn null_date(&mut self, a: &Attrs) {
        if let Some(serial) = a.get(Ns::Table, "date-value").and_then(|d| super::iso_to_serial(&d))
        {
            self.null_date = serial;
        }
    }

    fn start_row(&mut self, a: &Attrs, empty: bool) {
        self.col = 0;
        self.row_cells.clear();
        self.row_repeat = a.repeat(Ns::Table, "number-rows-repeated");
        if empty {
            self.row = self.row.saturating_add(self.row_repeat);
        }
    }

    /// A cell, repeated across `table:number-columns-repeated` columns. A filled cell past
    /// the last column a program shows makes the file damaged, never wraps or vanishes.
    fn cell(&mut self, a: &Attrs, value: Option<Value>) -> Result<(), ReadError> {
        let cols = a.repeat(Ns::Table, "number-columns-repeated");
        if let Some(v) = value {
            if self.col as u64 + cols as u64 > MAX_COL as u64 + 1 {
                return Err(self.past_limits());
            }
            self.budget.charge(&v, cols as usize)?;
            for i in 0..cols {
                self.row_cells.push((self.col + i, v.clone()));
            }
        }
        self.col = self.col.saturating_add(cols);
        Ok(())
    }

    fn past_limits(&self) -> ReadError {
        past_limits(self.sheet.as_ref().map_or("", |s| s.name.as_str()))
    }

    fn named_range(&mut self, a: &Attrs) {
        if let (Some(n), Some(r)) = (
            a.get(Ns::Table, "name"),
            a.get(Ns::Table, "cell-range-address").or_else(|| a.get(Ns::Table, "expression")),
        ) {
            self.book.defined_names.push((n, r));
        }
    }

    /// Puts the row's cells into the sheet, once per repeat of the row.
    fn end_row(&mut self) -> Result<(), ReadError> {
        if !self.row_cells.is_empty()
            && let Some(sheet) = self.sheet.as_mut()
        {
            if self.row as u64 + self.row_repeat as u64 > MAX_ROW as u64 + 1 {
                return Err(past_limits(&sheet.name));
            }
            // A repeated row with values repeats them: charged before they are kept.
            let reps = self.row_repeat;
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

/// A filled cell past XFD1048576 on sheet `name`.
fn past_limits(name: &str) -> ReadError {
    super::error::past_last_cell(name)
}

/// The text content of a cell: paragraphs joined by newlines, annotations skipped.
fn ods_cell_text<B: BufRead>(reader: &mut NsReader<B>) -> Result<String, ReadError> {
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
        let (ns, event) = reader.read_resolved_event_into(&mut buf).map_err(xml_error)?;
        let ns = ns_of(&ns);
        match event {
            Event::Start(ref e) => match (ns, e.local_name().as_ref()) {
                (Ns::Office, "annotation") => skip_depth += 1,
                (Ns::Text, "p") if skip_depth == 0 => paragraph(&mut out),
                _ => {}
            },
            Event::Empty(ref e) if skip_depth == 0 => match (ns, e.local_name().as_ref()) {
                (Ns::Text, "s") => {
                    let n = Attrs::of(reader, e).repeat(Ns::Text, "c").min(1000);
                    out.extend(std::iter::repeat_n(' ', n as usize));
                }
                (Ns::Text, "tab") => out.push('\t'),
                (Ns::Text, "line-break") => out.push('\n'),
                (Ns::Text, "p") => paragraph(&mut out),
                _ => {}
            },
            Event::Text(ref t) if skip_depth == 0 => out.push_str(&t.xml10_content()),
            Event::GeneralRef(ref r) if skip_depth == 0 => push_reference(&mut out, r),
            Event::End(ref e) => match (ns, e.local_name().as_ref()) {
                (Ns::Office, "annotation") => skip_depth = skip_depth.saturating_sub(1),
                (Ns::Table, "table-cell" | "covered-table-cell") => break,
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

/// A cell's value by its type; a date's number counts days from the file's null date.
fn ods_scalar(a: &Attrs, text: Option<String>, null_date: f64) -> Option<Value> {
    let value_type = a.get(Ns::Office, "value-type");
    let is_error = a.get(Ns::Calcext, "value-type").as_deref() == Some("error");
    let num = || a.get(Ns::Office, "value").and_then(|v| v.parse::<f64>().ok());
    if is_error {
        return Some(Value::Error(text.unwrap_or_else(|| "#ERROR".into())));
    }
    match value_type.as_deref() {
        Some("float") | Some("currency") => num().map(Value::Number),
        Some("percentage") => num().map(Value::Percent),
        Some("date") => a.get(Ns::Office, "date-value").map(|d| match super::date_iso(&d) {
            Value::Date { text, serial } => {
                Value::Date { text, serial: serial.map(|s| s - null_date) }
            }
            other => other,
        }),
        Some("boolean") => {
            a.get(Ns::Office, "boolean-value").map(|b| Value::Bool(b == "true" || b == "TRUE"))
        }
        Some("time") => a.get(Ns::Office, "time-value").map(Value::Text),
        Some("string") => a.get(Ns::Office, "string-value").or(text).and_then(|s| super::text(&s)),
        _ => text.and_then(|s| super::text(&s)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ods_far_cell_is_one_cell() {
        let xml = r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>
            <table:table table:name="A"><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
            <table:table-row><table:table-cell table:number-columns-repeated="16383"/><table:table-cell office:value-type="string"><text:p>x &amp; y</text:p></table:table-cell></table:table-row></table:table>
            </office:spreadsheet></office:body></office:document-content>"#;
        let book = parse_ods_content(xml.as_bytes()).unwrap();
        assert_eq!(book.sheets[0].cells.len(), 1);
        assert_eq!(book.sheets[0].cells.get(&(1048575, 16383)), Some(&Value::Text("x & y".into())));
    }

    /// Dates count from the file's null date; a table with a hidden style is hidden.
    #[test]
    fn null_date_and_hidden_tables() {
        let xml = r#"<o:document-content xmlns:o="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:t="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:s="urn:oasis:names:tc:opendocument:xmlns:style:1.0">
            <o:automatic-styles><s:style s:name="ta9" s:family="table"><s:table-properties t:display="false"/></s:style></o:automatic-styles>
            <o:body><o:spreadsheet><t:calculation-settings><t:null-date t:date-value="1904-01-01"/></t:calculation-settings>
            <t:table t:name="A" t:style-name="ta9"><t:table-row><t:table-cell o:value-type="date" o:date-value="1904-01-02"/></t:table-row></t:table>
            <t:table t:name="B"/></o:spreadsheet></o:body></o:document-content>"#;
        let book = parse_ods_content(xml.as_bytes()).unwrap();
        assert!(book.sheets[0].hidden && !book.sheets[1].hidden);
        let date = Value::Date { text: "1904-01-02".into(), serial: Some(1.0) };
        assert_eq!(book.sheets[0].cells.get(&(0, 0)), Some(&date));
    }
}
