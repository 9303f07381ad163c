//! The instructions sheet: the respondent's details (named cells the reader finds), how to
//! answer, how the measures are computed, and every answer option with its score.

use rust_xlsxwriter::{DataValidation, Format, Formula, Worksheet, XlsxError};

use super::sizing::{self, INSTRUCTIONS_TEXT_CHARS};
use super::{TOOL_VERSION, Template, protect};
use crate::layout::{self, Respondent};
use crate::register::Register;
use crate::texts::{t, tf};

/// Writes the instructions sheet; returns the first row below its text.
pub(super) fn write(ws: &mut Worksheet, tpl: &Template) -> Result<u32, XlsxError> {
    let (catalog, lang, f) = (tpl.catalog, tpl.lang, &tpl.f);
    ws.set_name(t("sheet_instructions", lang))?;
    let widths = sizing::instructions_columns(ws)?;
    ws.write_string_with_format(0, 0, catalog.title.get(lang), &f.title)?;
    ws.write_string_with_format(
        1,
        0,
        format!("{} {} · digiaste {}", catalog.id, catalog.version, TOOL_VERSION),
        &f.subtitle,
    )?;
    respondent(ws, tpl)?;
    if tpl.municipality.is_none() {
        municipality_dropdown(ws, tpl)?;
    }
    let mut text = TextFlow { ws: &mut *ws, row: layout::INSTRUCTIONS_TEXT_ROW };
    round(&mut text, tpl)?;
    explanation(&mut text, tpl)?;
    options_and_scores(&mut text, tpl)?;
    let end = text.row;
    sizing::print_setup(ws, &widths, &sizing::PrintTitles { rows: (0, 0), cols: None })?;
    protect(ws);
    Ok(end)
}

/// The respondent's cells: inputs, or the municipality fixed in a personalised workbook.
fn respondent(ws: &mut Worksheet, tpl: &Template) -> Result<(), XlsxError> {
    let f = &tpl.f;
    ws.write_string_with_format(
        layout::RESPONDENT_HEADING_ROW,
        0,
        t("instr_respondent_heading", tpl.lang),
        &f.bold,
    )?;
    for r in Respondent::ALL {
        let (row, col) = r.cell();
        ws.write_string_with_format(
            row,
            layout::RESPONDENT_LABEL_COL,
            r.label(tpl.lang),
            &f.header,
        )?;
        let fixed = match (r, tpl.municipality) {
            (Respondent::MunicipalityName, Some(m)) => Some(m.name(tpl.lang).to_string()),
            (Respondent::MunicipalityCode, Some(m)) => Some(m.code.clone()),
            _ => None,
        };
        match fixed {
            Some(value) => {
                ws.write_string_with_format(row, col, value, &f.fixed)?;
            }
            None => {
                let fmt = if r == Respondent::ResponseDate { &f.input_date } else { &f.input };
                ws.write_blank(row, col, fmt)?;
            }
        }
    }
    Ok(())
}

/// In the blank workbook the municipality is picked from one dropdown of the register,
/// "Helsinki – 091", in the name cell; the code cell follows by formula (locked), so name
/// and code cannot disagree and a return is always attributable.
fn municipality_dropdown(ws: &mut Worksheet, tpl: &Template) -> Result<(), XlsxError> {
    let lang = tpl.lang;
    let codes = Register::embedded().municipalities.len() as u32;
    let list_col = layout::codes_list_col(tpl.catalog);
    let dv = DataValidation::new()
        .allow_list_formula(Formula::new(format!(
            "={}!{}:{}",
            layout::LISTS_SHEET,
            layout::abs_cell(layout::LIST_FIRST_ROW, list_col),
            layout::abs_cell(layout::LIST_FIRST_ROW + codes - 1, list_col)
        )))
        .set_input_title(t("label_municipality_name", lang))?
        .set_error_title(t("error_list_title", lang))?
        .set_error_message(t("error_list_msg", lang))?;
    let (row, col) = Respondent::MunicipalityName.cell();
    ws.add_data_validation(row, col, row, col, &dv)?;
    let name = layout::cell_name(row, col);
    let (crow, ccol) = Respondent::MunicipalityCode.cell();
    let formula =
        Formula::new(format!("=IF({name}=\"\",\"\",RIGHT(TRIM({name}),3))")).set_result("");
    ws.write_formula_with_format(crow, ccol, formula, &tpl.f.fixed)?;
    Ok(())
}

/// Text written down the sheet, one row after another.
struct TextFlow<'w> {
    ws: &'w mut Worksheet,
    row: u32,
}

impl TextFlow<'_> {
    /// A paragraph across the text block, as high as its wrapped lines need.
    fn paragraph(&mut self, text: &str, fmt: &Format) -> Result<(), XlsxError> {
        self.ws.merge_range(self.row, 0, self.row, 5, text, fmt)?;
        self.ws.set_row_height(self.row, sizing::text_height(text, INSTRUCTIONS_TEXT_CHARS))?;
        self.row += 1;
        Ok(())
    }

    /// A one-cell heading in the first column.
    fn heading(&mut self, text: &str, fmt: &Format) -> Result<(), XlsxError> {
        self.ws.write_string_with_format(self.row, 0, text, fmt)?;
        self.row += 1;
        Ok(())
    }

    /// An empty row between sections.
    fn gap(&mut self) {
        self.row += 1;
    }
}

/// The round (`--round`): its name as the heading, the deadline as the language writes
/// dates, where to return the file and whom to ask. Nothing without a round file, or for
/// a round file that gives none of them.
fn round(text: &mut TextFlow, tpl: &Template) -> Result<(), XlsxError> {
    let Some(round) = tpl.round else { return Ok(()) };
    let (lang, f) = (tpl.lang, &tpl.f);
    let mut lines = Vec::new();
    if let Some(d) = round.deadline {
        lines.push(tf("instr_round_deadline", lang, &[("date", &d.display(lang))]));
    }
    if let Some(to) = &round.return_to {
        lines.push(tf("instr_round_return", lang, &[("to", to)]));
    }
    if let Some(c) = &round.contact {
        lines.push(tf("round_contact", lang, &[("name", &c.name), ("email", &c.email)]));
    }
    let name = round.name(lang);
    if lines.is_empty() && name.is_none() {
        return Ok(());
    }
    // Across the text block, unboxed: a round's name is longer than a heading cell.
    let heading = f.text.clone().set_bold();
    text.paragraph(name.unwrap_or(t("instr_round_heading", lang)), &heading)?;
    for line in &lines {
        text.paragraph(line, &f.text)?;
    }
    text.gap();
    Ok(())
}

/// Purpose, steps and measures. An indicator questionnaire (no adoption gate) is explained
/// in its own words.
fn explanation(text: &mut TextFlow, tpl: &Template) -> Result<(), XlsxError> {
    let (lang, f) = (tpl.lang, &tpl.f);
    let items = !tpl.catalog.has_adoption();
    text.paragraph(t(if items { "instr_purpose_items" } else { "instr_purpose" }, lang), &f.text)?;
    text.gap();
    text.heading(t("instr_steps_heading", lang), &f.bold)?;
    let steps: &[&'static str] = if items {
        &["instr_step_items1", "instr_step_items2"]
    } else {
        &["instr_step1", "instr_step2", "instr_step3", "instr_step4"]
    };
    for (i, key) in steps.iter().enumerate() {
        text.paragraph(&format!("{}. {}", i + 1, t(key, lang)), &f.text)?;
    }
    if !items {
        text.paragraph(t("instr_added", lang), &f.text)?;
    }
    if tpl.catalog.savings.is_some() {
        let sheet = crate::layout::savings::sheet_name(lang);
        text.paragraph(&tf("instr_savings_optional", lang, &[("sheet", sheet)]), &f.text)?;
    }
    text.paragraph(t("instr_return", lang), &f.text)?;
    text.gap();
    text.heading(t("instr_degrees_heading", lang), &f.bold)?;
    let measure_keys: &[&str] = if tpl.catalog.has_points() {
        &["instr_points"]
    } else {
        &[
            "instr_degree_service",
            "instr_coverage",
            "instr_degree_area",
            "instr_realized",
            "instr_usage",
        ]
    };
    for key in measure_keys {
        text.paragraph(&format!("• {}", t(key, lang)), &f.text)?;
    }
    Ok(())
}

/// The answer options and their scores (or points), so the computation can be followed
/// by hand.
fn options_and_scores(text: &mut TextFlow, tpl: &Template) -> Result<(), XlsxError> {
    let (lang, f) = (tpl.lang, &tpl.f);
    text.gap();
    for stage in &tpl.catalog.stages {
        text.heading(stage.name.get(lang), &f.bold)?;
        for o in &stage.options {
            let (ws, row) = (&mut *text.ws, text.row);
            ws.merge_range(row, 0, row, 3, o.label.get(lang), &f.text)?;
            match (o.score, o.points) {
                (_, Some(p)) => ws.write_number(row, 4, p)?,
                (Some(s), None) => ws.write_number(row, 4, s)?,
                (None, None) => ws.write_string(row, 4, "–")?,
            };
            text.row += 1;
        }
    }
    Ok(())
}
