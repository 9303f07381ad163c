//! The receipt: which file counted, its response date, the files it replaced, and the
//! warnings and notes that remain in it.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::layout::{RECEIPT_FIRST_ROW, ReceiptColumn};
use super::{Context, Formats, header_text, set_print, write_headers, write_text};
use crate::check::findings::Severity;
use crate::texts::t;

pub(super) fn write(ws: &mut Worksheet, cx: &Context<'_>, f: &Formats) -> Result<(), XlsxError> {
    let lang = cx.lang;
    let e = cx.entry;
    super::write_title(ws, cx, "fb_receipt_title", f)?;
    let mut row = RECEIPT_FIRST_ROW;
    let lines = [("fb_counted_file", e.file.as_str()), ("agg_date", e.response_date.as_str())];
    for (key, value) in lines {
        ws.write_string_with_format(row, 0, t(key, lang), &f.bold)?;
        // Unwrapped, so a long path runs on over the empty cells to its right.
        write_text(ws, row, 1, value, &f.plain)?;
        row += 1;
    }
    ws.write_string_with_format(row, 0, t("fb_superseded", lang), &f.bold)?;
    if e.superseded.is_empty() {
        ws.write_string(row, 1, t("fb_none", lang))?;
        row += 1;
    }
    for file in &e.superseded {
        write_text(ws, row, 1, file, &f.plain)?;
        row += 1;
    }
    row += 1;
    ws.write_string_with_format(row, 0, t("fb_remaining_findings", lang), &f.bold)?;
    row += 1;
    let header_row = row;
    write_headers(ws, header_row, ReceiptColumn::ALL, &header_text(lang), f)?;
    row += 1;
    if e.findings.is_empty() {
        ws.write_string(row, 0, t("fb_none", lang))?;
    }
    // A summary aggregate wrote keeps at most this many per municipality; one edited by
    // hand may hold more, which are counted on a row of their own.
    let most = 2 * crate::check::kept::MAX_KEPT + 1;
    for note in e.findings.iter().take(most) {
        write_text(ws, row, ReceiptColumn::Finding.col(), &note.code, &f.plain)?;
        write_text(ws, row, ReceiptColumn::Sheet.col(), &note.sheet, &f.plain)?;
        write_text(ws, row, ReceiptColumn::Cell.col(), &note.cell, &f.plain)?;
        let message = note.message(lang);
        write_text(ws, row, ReceiptColumn::Message.col(), message, &f.wrap)?;
        // Rows are not fitted to wrapped text when printed: give each line of the message room.
        let lines =
            message.chars().count().div_ceil(ReceiptColumn::Message.width() as usize).max(1);
        ws.set_row_height(row, 15.0 * lines as f64)?;
        row += 1;
    }
    let kinds = [Severity::Warning, Severity::Info];
    let more = e.findings.len().saturating_sub(most);
    if let Some(line) = crate::check::kept::left_out_of(&kinds, more, lang) {
        write_text(ws, row, ReceiptColumn::Message.col(), &line, &f.plain)?;
    }
    set_print(ws, header_row)
}
