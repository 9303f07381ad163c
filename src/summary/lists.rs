//! The list sheets: municipalities missing, services the municipalities added, and every
//! file with its status and findings.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::{Formats, set_widths, sheet_name, titled_sheet, write_headers, write_opt, write_text};
use crate::check::Status;
use crate::check::findings::{Finding, Severity};
use crate::lang::Lang;
use crate::layout::cell_name;
use crate::register::Register;
use crate::round::{Kept, Round};
use crate::summary::layout::{
    AddedColumn, Column, LIST_FIRST_ROW, LIST_HEADER_ROW, MissingColumn, REGION_FIRST_COL,
    RegionColumn, Sheet, ValidationColumn,
};
use crate::texts::t;

/// A list sheet: its name as title and one header row.
fn list_sheet<C: Column>(
    ws: &mut Worksheet,
    sheet: Sheet,
    columns: &[C],
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    titled_sheet(ws, sheet_name(sheet, lang), f)?;
    write_headers(ws, LIST_HEADER_ROW, columns, lang, f)
}

/// A list with nothing in it says so on one line, and prints as that line alone: the
/// title and the sentence, not pages of empty headers.
fn nothing_to_list(ws: &mut Worksheet, key: &'static str, lang: Lang) -> Result<(), XlsxError> {
    ws.write_string(LIST_FIRST_ROW, 0, t(key, lang))?;
    ws.set_print_area(0, 0, LIST_FIRST_ROW, 3)?;
    Ok(())
}

/// Expected municipalities without a valid return, each with its reason, the file that
/// named it and its first error and contact; right of the list the returned and expected
/// counts per region.
pub(super) fn write_missing(
    ws: &mut Worksheet,
    round: &Round<'_>,
    f: &Formats,
) -> Result<(), XlsxError> {
    let lang = round.lang;
    list_sheet(ws, Sheet::Missing, MissingColumn::ALL, lang, f)?;
    if round.missing.is_empty() {
        nothing_to_list(ws, "agg_none_missing", lang)?;
    }
    for (i, m) in round.missing.iter().enumerate() {
        let row = LIST_FIRST_ROW + i as u32;
        ws.write_string(row, MissingColumn::Code.col(), &m.code)?;
        write_text(ws, row, MissingColumn::Name.col(), &m.name_fi)?;
        write_text(ws, row, MissingColumn::NameSv.col(), &m.name_sv)?;
        let region = Register::embedded().get(&m.code).map(|m| m.region(lang)).unwrap_or("");
        write_text(ws, row, MissingColumn::Region.col(), region)?;
        ws.write_string(row, MissingColumn::Reason.col(), t(m.reason.label_key(), lang))?;
        if let Some(r) = m.file.map(|i| &round.returns[i]) {
            write_text(ws, row, MissingColumn::File.col(), &r.path.display().to_string())?;
            let first = r.errors().next().map(|e| e.message(lang)).unwrap_or_default();
            write_text(ws, row, MissingColumn::Error.col(), &first)?;
            write_text(
                ws,
                row,
                MissingColumn::Respondent.col(),
                r.respondent.as_deref().unwrap_or(""),
            )?;
            write_text(
                ws,
                row,
                MissingColumn::Email.col(),
                r.respondent_email.as_deref().unwrap_or(""),
            )?;
        }
    }
    set_widths(ws, MissingColumn::ALL)?;
    ws.set_freeze_panes(LIST_FIRST_ROW, 0)?;
    if !round.missing.is_empty() {
        let last = LIST_FIRST_ROW + round.missing.len() as u32 - 1;
        ws.autofilter(LIST_HEADER_ROW, 0, last, MissingColumn::count() - 1)?;
    }
    write_region_counts(ws, round, f)
}

/// Returned (counted) and expected municipalities per region, and the total.
fn write_region_counts(
    ws: &mut Worksheet,
    round: &Round<'_>,
    f: &Formats,
) -> Result<(), XlsxError> {
    let lang = round.lang;
    let register = Register::embedded();
    let counted: std::collections::HashSet<&str> =
        round.kept.iter().map(|k| k.code.as_str()).collect();
    let mut regions: Vec<(String, u32, u32)> = Vec::new();
    for code in &round.expected {
        let region = register.get(code).map(|m| m.region(lang)).unwrap_or("").to_string();
        let i = regions.iter().position(|r| r.0 == region).unwrap_or_else(|| {
            regions.push((region, 0, 0));
            regions.len() - 1
        });
        regions[i].1 += u32::from(counted.contains(code.as_str()));
        regions[i].2 += 1;
    }
    regions.sort();
    let total = (
        t("agg_region_total", lang).to_string(),
        regions.iter().map(|r| r.1).sum(),
        regions.iter().map(|r| r.2).sum(),
    );
    for (c, col) in RegionColumn::ALL.iter().enumerate() {
        let c = REGION_FIRST_COL + c as u16;
        ws.write_string_with_format(LIST_HEADER_ROW, c, t(col.key(), lang), &f.header)?;
        ws.set_column_width(c, col.width())?;
    }
    for (i, (region, returned, expected)) in regions.iter().chain([&total]).enumerate() {
        let row = LIST_FIRST_ROW + i as u32;
        write_text(ws, row, REGION_FIRST_COL, region)?;
        ws.write_number(row, REGION_FIRST_COL + 1, *returned)?;
        ws.write_number(row, REGION_FIRST_COL + 2, *expected)?;
    }
    Ok(())
}

/// The rows a list sheet may use at most (a sheet has 1,048,576), keeping one for the count
/// of what was left out. A return keeps at most `check::kept::MAX_KEPT` findings of each
/// severity and added services, and a summary counts one return per municipality, so only
/// a round of thousands of rejected files could reach it; the sheet is written anyway.
const MAX_LIST_ROW: u32 = 1_048_000;

/// The rows of a list sheet from `LIST_FIRST_ROW` down: the next one free, and how many
/// found no room below `MAX_LIST_ROW`.
struct ListRows {
    next: u32,
    cut: usize,
}

impl ListRows {
    fn new() -> ListRows {
        ListRows { next: LIST_FIRST_ROW, cut: 0 }
    }

    /// The row to write on, or `None` (counted) when the sheet is full.
    fn take(&mut self) -> Option<u32> {
        if self.next < MAX_LIST_ROW {
            self.next += 1;
            Some(self.next - 1)
        } else {
            self.cut += 1;
            None
        }
    }

    /// Ends the list: the count of the rows that found no room, in column `col` of a row of
    /// its own. Returns the first row after the list.
    fn finish(mut self, ws: &mut Worksheet, col: u16, lang: Lang) -> Result<u32, XlsxError> {
        if self.cut > 0 {
            let text = crate::texts::tn("agg_rows_cut", self.cut, lang, &[]);
            write_text(ws, self.next, col, &text)?;
            self.next += 1;
        }
        Ok(self.next)
    }
}

/// Services the municipalities added in the blank rows, one row each; a return's services
/// beyond those it kept are counted on a row of their own.
pub(super) fn write_added(
    ws: &mut Worksheet,
    round: &Round<'_>,
    f: &Formats,
) -> Result<(), XlsxError> {
    list_sheet(ws, Sheet::Added, AddedColumn::ALL, round.lang, f)?;
    if round.kept.iter().all(|k| round.returns[k.index].added.is_empty()) {
        nothing_to_list(ws, "agg_none_added", round.lang)?;
    }
    let mut rows = ListRows::new();
    for k in &round.kept {
        let r = &round.returns[k.index];
        for i in 0..r.added.len() {
            if let Some(row) = rows.take() {
                write_added_service(ws, row, round, k, i, f)?;
            }
        }
        if let Some(line) = crate::check::kept::added_left_out_line(r.added_left_out, round.lang)
            && let Some(row) = rows.take()
        {
            ws.write_string(row, AddedColumn::Code.col(), &k.code)?;
            write_text(ws, row, AddedColumn::Name.col(), k.name_in(round.lang))?;
            write_text(ws, row, AddedColumn::Service.col(), &line)?;
            write_text(ws, row, AddedColumn::File.col(), &r.path.display().to_string())?;
        }
    }
    rows.finish(ws, AddedColumn::Service.col(), round.lang)?;
    set_widths(ws, AddedColumn::ALL)?;
    ws.set_freeze_panes(LIST_FIRST_ROW, 0)?;
    Ok(())
}

/// The `i`-th added service of a kept return.
fn write_added_service(
    ws: &mut Worksheet,
    row: u32,
    round: &Round<'_>,
    k: &Kept,
    i: usize,
    f: &Formats,
) -> Result<(), XlsxError> {
    let lang = round.lang;
    let catalog = round.catalog;
    let r = &round.returns[k.index];
    let added = &r.added[i];
    let area =
        catalog.areas.iter().find(|a| a.id == added.area).map(|a| a.name.get(lang)).unwrap_or("");
    ws.write_string(row, AddedColumn::Code.col(), &k.code)?;
    write_text(ws, row, AddedColumn::Name.col(), k.name_in(lang))?;
    write_text(ws, row, AddedColumn::Area.col(), area)?;
    write_text(ws, row, AddedColumn::Service.col(), &added.name)?;
    if let Some(i) = added.introduced {
        let label = catalog
            .adoption
            .iter()
            .find(|o| o.introduced == i)
            .map(|o| o.label.get(lang))
            .unwrap_or("");
        write_text(ws, row, AddedColumn::Introduced.col(), label)?;
    }
    // Usage is read as a percentage number; the sheet shows it formatted as a percentage.
    write_opt(ws, row, AddedColumn::Usage.col(), added.usage.map(|u| u / 100.0), &f.percent)?;
    write_text(ws, row, AddedColumn::Comment.col(), added.comment.as_deref().unwrap_or(""))?;
    write_text(ws, row, AddedColumn::File.col(), &r.path.display().to_string())?;
    write_text(
        ws,
        row,
        AddedColumn::Cell.col(),
        &format!("{}!{}", added.sheet, cell_name(added.row, 1)),
    )?;
    Ok(())
}

/// Every file: a superseded file names the file kept instead, a file without findings gets
/// one row, each finding a row of its own, and the findings a return did not keep one row
/// that counts them.
pub(super) fn write_validation(
    ws: &mut Worksheet,
    round: &Round<'_>,
    f: &Formats,
) -> Result<(), XlsxError> {
    let lang = round.lang;
    list_sheet(ws, Sheet::Validation, ValidationColumn::ALL, lang, f)?;
    let superseded = round.superseded_by();
    let identical: std::collections::HashSet<usize> =
        round.duplicates.iter().flat_map(|d| d.identical.iter().copied()).collect();
    let conflicting: std::collections::HashSet<usize> =
        round.conflicts.iter().flat_map(|c| c.others.iter().map(|(i, _)| *i)).collect();
    let mut rows = ListRows::new();
    let message = ValidationColumn::Message.col();
    for (i, r) in round.returns.iter().enumerate() {
        let file = FileColumns {
            path: r.path.display().to_string(),
            status: if identical.contains(&i) {
                t("agg_status_identical", lang)
            } else if superseded.contains_key(&i) {
                t("agg_status_superseded", lang)
            } else if conflicting.contains(&i) {
                t("agg_status_conflict", lang)
            } else {
                status_text(r.status, lang)
            },
            code: r.municipality.as_ref().map(|m| m.code.as_str()).unwrap_or(""),
        };
        if let Some(&kept) = superseded.get(&i)
            && let Some(row) = rows.take()
        {
            file.write(ws, row)?;
            write_text(ws, row, message, &round.returns[kept].path.display().to_string())?;
        }
        if r.findings.is_empty()
            && !superseded.contains_key(&i)
            && let Some(row) = rows.take()
        {
            file.write(ws, row)?;
        }
        for finding in &r.findings {
            if let Some(row) = rows.take() {
                file.write(ws, row)?;
                write_finding(ws, row, finding, lang)?;
            }
        }
        let more = r.left_out.line_of(&[Severity::Error, Severity::Warning, Severity::Info], lang);
        if let Some(line) = more
            && let Some(row) = rows.take()
        {
            file.write(ws, row)?;
            write_text(ws, row, message, &line)?;
        }
    }
    let end = rows.finish(ws, message, lang)?;
    set_widths(ws, ValidationColumn::ALL)?;
    ws.set_freeze_panes(LIST_FIRST_ROW, 1)?;
    if end > LIST_FIRST_ROW {
        ws.autofilter(LIST_HEADER_ROW, 0, end - 1, ValidationColumn::count() - 1)?;
    }
    Ok(())
}

fn status_text(status: Status, lang: Lang) -> &'static str {
    match status {
        Status::Valid => t("report_status_valid", lang),
        Status::Invalid => t("report_status_invalid", lang),
        Status::Unreadable => t("report_status_unreadable", lang),
    }
}

/// What every validation row of a file repeats, so each row filters on its own.
struct FileColumns<'a> {
    path: String,
    status: &'static str,
    code: &'a str,
}

impl FileColumns<'_> {
    fn write(&self, ws: &mut Worksheet, row: u32) -> Result<(), XlsxError> {
        write_text(ws, row, ValidationColumn::File.col(), &self.path)?;
        ws.write_string(row, ValidationColumn::Status.col(), self.status)?;
        write_text(ws, row, ValidationColumn::Code.col(), self.code)?;
        Ok(())
    }
}

fn write_finding(
    ws: &mut Worksheet,
    row: u32,
    finding: &Finding,
    lang: Lang,
) -> Result<(), XlsxError> {
    let severity = match finding.severity() {
        Severity::Error => "agg_severity_error",
        Severity::Warning => "agg_severity_warning",
        Severity::Info => "agg_severity_info",
    };
    ws.write_string(row, ValidationColumn::Severity.col(), t(severity, lang))?;
    ws.write_string(row, ValidationColumn::Finding.col(), finding.code.as_str())?;
    write_text(ws, row, ValidationColumn::Sheet.col(), finding.sheet.as_deref().unwrap_or(""))?;
    write_text(ws, row, ValidationColumn::Cell.col(), finding.cell.as_deref().unwrap_or(""))?;
    write_text(ws, row, ValidationColumn::Service.col(), finding.service.as_deref().unwrap_or(""))?;
    write_text(ws, row, ValidationColumn::Message.col(), &finding.message(lang))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sheet is capped whatever the round holds: what finds no room is counted.
    #[test]
    fn list_rows_stop_at_the_sheet_limit_and_count_the_rest() {
        let mut rows = ListRows { next: MAX_LIST_ROW - 2, cut: 0 };
        assert_eq!(rows.take(), Some(MAX_LIST_ROW - 2));
        assert_eq!(rows.take(), Some(MAX_LIST_ROW - 1));
        assert!((0..600_000).all(|_| rows.take().is_none()));
        assert_eq!((rows.next, rows.cut), (MAX_LIST_ROW, 600_000));
        let mut ws = Worksheet::new();
        assert_eq!(rows.finish(&mut ws, 0, Lang::En).unwrap(), MAX_LIST_ROW + 1);
        const { assert!(MAX_LIST_ROW < 1_048_575, "the count's own row is within the sheet") };
    }
}
