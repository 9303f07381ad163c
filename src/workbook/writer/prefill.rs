//! A prefilled workbook (docs/guide.md §7): the answers of a [`Prefill`] written into the input
//! cells the template just wrote, notes (cell comments) on the cells that carry one,
//! highlights, the services removed from the catalog on the instructions sheet and the
//! "To correct" sheet with a link to each cell. Positions come from `layout` through the
//! `Prefill`; this module only writes.

use std::collections::BTreeMap;

use rust_xlsxwriter::{Color, ExcelDateTime, Format, Note, Url, Worksheet, XlsxError};

use super::Template;
use crate::lang::Lang;
use crate::layout::{self, AreaColumns, Respondent};
use crate::measures::ServiceAnswers;
use crate::texts::t;
use crate::workbook::fill::{CellNote, Mark, Place, Prefill, SheetRef};

/// A cell's content before its format is chosen.
enum Content {
    Text(String),
    Number(f64),
    Date(ExcelDateTime),
    Blank,
}

/// The cells of one sheet to (re)write: content and the template's format for it.
type Cells = BTreeMap<(u32, u16), (Content, Format)>;

/// The name of a sheet of the prefilled workbook, as the template names it.
pub(crate) fn sheet_name(
    tpl_catalog: &crate::catalog::Catalog,
    sheet: SheetRef,
    lang: Lang,
) -> String {
    match sheet {
        SheetRef::Instructions => t("sheet_instructions", lang).to_string(),
        SheetRef::Area(a) => layout::area_sheet_name(tpl_catalog, a, lang),
    }
}

/// The respondent's answers, notes on the block, and the services removed from the
/// catalog listed from `row` down.
pub(super) fn instructions(
    ws: &mut Worksheet,
    tpl: &Template,
    p: &Prefill,
    row: u32,
) -> Result<(), XlsxError> {
    let f = &tpl.f;
    let mut cells = Cells::new();
    for (r, value) in &p.respondent {
        let content = match r {
            Respondent::ResponseDate => ExcelDateTime::parse_from_str(value)
                .map_or(Content::Text(value.clone()), Content::Date),
            _ => Content::Text(value.clone()),
        };
        let fmt = if *r == Respondent::ResponseDate { &f.input_date } else { &f.input };
        cells.insert(r.cell(), (content, fmt.clone()));
    }
    let date_col = Respondent::ResponseDate.cell();
    let blank =
        |cell: (u32, u16)| if cell == date_col { f.input_date.clone() } else { f.input.clone() };
    write_cells(ws, cells, &notes_on(p, SheetRef::Instructions), blank)?;
    if !p.removed.is_empty() {
        let row = row + 1;
        ws.write_string_with_format(row, 0, t("prefill_removed_heading", tpl.lang), &f.bold)?;
        for (i, line) in p.removed.iter().enumerate() {
            let r = row + 1 + i as u32;
            ws.merge_range(r, 0, r, 5, &crate::texts::cell_text(line), &f.text)?;
        }
    }
    Ok(())
}

/// The answers of area `a`'s services and added services, with their notes.
pub(super) fn area(
    ws: &mut Worksheet,
    tpl: &Template,
    p: &Prefill,
    a: usize,
    cols: &AreaColumns,
) -> Result<(), XlsxError> {
    let (catalog, f) = (tpl.catalog, &tpl.f);
    let notes = notes_on(p, SheetRef::Area(a));
    let services = &catalog.areas[a].services;
    let mut cells = Cells::new();
    for (s, service) in services.iter().enumerate() {
        let row = layout::service_row(s);
        answer_cells(&mut cells, tpl, cols, row, &p.answers[a][s], p.comments[a][s].as_deref());
        if notes.contains_key(&(row, cols.name)) {
            cells.insert(
                (row, cols.name),
                (Content::Text(service.name.get(tpl.lang).into()), f.service_name.clone()),
            );
        }
        if notes.contains_key(&(row, cols.id)) {
            cells.insert((row, cols.id), (Content::Text(service.id.clone()), f.id.clone()));
        }
    }
    for (place, value) in p.kept.iter().filter(|(pl, _)| pl.sheet == SheetRef::Area(a)) {
        let format = if Some(place.col) == cols.usage { &f.input_number } else { &f.input };
        cells.insert((place.row, place.col), (Content::Text(value.clone()), format.clone()));
    }
    let first = layout::added_rows(services.len()).start;
    for (i, added) in p.added[a].iter().enumerate() {
        let row = first + i as u32;
        cells.insert((row, cols.name), (Content::Text(added.name.clone()), f.input_wrap.clone()));
        answer_cells(&mut cells, tpl, cols, row, &added.answers, added.comment.as_deref());
    }
    let blank = |(_, col): (u32, u16)| match col {
        c if Some(c) == cols.usage => f.input_number.clone(),
        c if c == cols.comment || c == cols.name => f.input_wrap.clone(),
        c if c == cols.id => f.id.clone(),
        _ => f.input.clone(),
    };
    write_cells(ws, cells, &notes, blank)
}

/// The input cells of one row: adoption, stages, usage and comment as answered.
fn answer_cells(
    cells: &mut Cells,
    tpl: &Template,
    cols: &AreaColumns,
    row: u32,
    answers: &ServiceAnswers,
    comment: Option<&str>,
) {
    let (catalog, lang, f) = (tpl.catalog, tpl.lang, &tpl.f);
    if let (Some(c), Some(introduced)) = (cols.adoption, answers.introduced)
        && let Some(o) = catalog.adoption.iter().find(|o| o.introduced == introduced)
    {
        cells.insert((row, c), (Content::Text(o.label.get(lang).into()), f.input.clone()));
    }
    for (k, option) in answers.stages.iter().enumerate() {
        if let Some(i) = option {
            let label = catalog.stages[k].options[*i].label.get(lang);
            cells.insert((row, cols.stages[k]), (Content::Text(label.into()), f.input.clone()));
        }
    }
    if let (Some(c), Some(u)) = (cols.usage, answers.usage) {
        cells.insert((row, c), (Content::Number(u), f.input_number.clone()));
    }
    if let Some(text) = comment {
        cells.insert((row, cols.comment), (Content::Text(text.into()), f.input_wrap.clone()));
    }
}

/// The notes of one sheet by cell, joined, with the strongest mark of each cell.
fn notes_on(p: &Prefill, sheet: SheetRef) -> BTreeMap<(u32, u16), (String, Mark)> {
    let mut by_cell: BTreeMap<(u32, u16), (String, Mark)> = BTreeMap::new();
    for CellNote { place: Place { row, col, .. }, text, mark } in
        p.notes.iter().filter(|n| n.place.sheet == sheet)
    {
        let entry = by_cell.entry((*row, *col)).or_insert_with(|| (String::new(), *mark));
        if !entry.0.is_empty() {
            entry.0.push_str("\n\n");
        }
        entry.0.push_str(text);
        if rank(*mark) > rank(entry.1) {
            entry.1 = *mark;
        }
    }
    by_cell
}

fn rank(mark: Mark) -> u8 {
    match mark {
        Mark::New => 0,
        Mark::Lost => 1,
        Mark::Finding => 2,
    }
}

/// The highlight of a marked cell: orange to correct, light orange for an answer left
/// out, green for a new service.
fn highlight(fmt: &Format, mark: Mark) -> Format {
    let color = match mark {
        Mark::Finding => 0xF8CBAD,
        Mark::Lost => 0xFCE4D6,
        Mark::New => 0xC6EFCE,
    };
    fmt.clone().set_background_color(Color::RGB(color))
}

/// Writes the cells, highlighted where marked, then the notes; a marked cell without
/// content is written blank in the format `blank` gives for its cell.
fn write_cells(
    ws: &mut Worksheet,
    mut cells: Cells,
    notes: &BTreeMap<(u32, u16), (String, Mark)>,
    blank: impl Fn((u32, u16)) -> Format,
) -> Result<(), XlsxError> {
    for &cell in notes.keys() {
        cells.entry(cell).or_insert_with(|| (Content::Blank, blank(cell)));
    }
    for ((row, col), (content, fmt)) in cells {
        let fmt = match notes.get(&(row, col)) {
            Some((_, mark)) => highlight(&fmt, *mark),
            None => fmt,
        };
        match content {
            // Text carried from a return is cut, with a visible mark, to what a cell holds.
            Content::Text(s) => {
                ws.write_string_with_format(row, col, crate::texts::cell_text(&s), &fmt)?
            }
            Content::Number(n) => ws.write_number_with_format(row, col, n, &fmt)?,
            Content::Date(d) => ws.write_datetime_with_format(row, col, &d, &fmt)?,
            Content::Blank => ws.write_blank(row, col, &fmt)?,
        };
    }
    for (&(row, col), (text, _)) in notes {
        let note = Note::new(crate::texts::cell_text(text))
            .set_author("digiaste")
            .add_author_prefix(false)
            .set_width(320)
            .set_height(120);
        ws.insert_note(row, col, &note)?;
    }
    Ok(())
}

/// The "To correct" sheet: one line per finding, linked to its cell.
pub(super) fn to_correct(ws: &mut Worksheet, tpl: &Template, p: &Prefill) -> Result<(), XlsxError> {
    let (lang, f) = (tpl.lang, &tpl.f);
    ws.set_name(t("sheet_to_correct", lang))?;
    ws.write_string_with_format(0, 0, t("sheet_to_correct", lang), &f.title)?;
    ws.write_string_with_format(1, 0, t("prefill_to_correct_intro", lang), &f.subtitle)?;
    ws.write_string_with_format(3, 0, t("prefill_col_place", lang), &f.header)?;
    ws.write_string_with_format(3, 1, t("prefill_col_finding", lang), &f.header)?;
    ws.set_column_width(0, 28)?;
    ws.set_column_width(1, 90)?;
    for (i, c) in p.corrections.iter().enumerate() {
        let row = 4 + i as u32;
        match c.place {
            Some(place) => {
                let sheet = sheet_name(tpl.catalog, place.sheet, lang);
                let cell = layout::cell_name(place.row, place.col);
                let url = Url::new(format!("internal:{}!{cell}", layout::quote_sheet(&sheet)))
                    .set_text(format!("{sheet}!{cell}"));
                ws.write_url(row, 0, url)?
            }
            None => ws.write_string(row, 0, t("prefill_whole_workbook", lang))?,
        };
        ws.write_string_with_format(row, 1, crate::texts::cell_text(&c.text), &f.text)?;
    }
    Ok(())
}
