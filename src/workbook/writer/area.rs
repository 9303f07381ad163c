//! An area sheet: one row per catalog service with a dropdown per stage and the degree
//! formula, then blank rows for services the municipality adds.

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Formula, Worksheet, XlsxError,
};

use super::{Template, protect, sizing};
use crate::catalog::Service;
use crate::lang::Lang;
use crate::layout::{self, AreaColumns};
use crate::measures;
use crate::texts::t;

/// One area sheet being written.
struct AreaSheet<'a> {
    tpl: &'a Template<'a>,
    cols: &'a AreaColumns,
    area: usize,
    /// Cached result of the formulas of an unanswered row: empty.
    blank_result: &'static str,
}

/// Writes the sheet of area `area`, already named.
pub(super) fn write(
    ws: &mut Worksheet,
    tpl: &Template,
    area: usize,
    cols: &AreaColumns,
) -> Result<(), XlsxError> {
    // Nothing is answered yet: every row's degree and points cells are empty.
    let blank_result = "";
    let sheet = AreaSheet { tpl, cols, area, blank_result };
    let (f, lang) = (&tpl.f, tpl.lang);
    // An empty cached result must be "" (an empty degree), not rust_xlsxwriter's 0.
    ws.set_formula_result_default("");
    ws.write_string_with_format(
        layout::AREA_TITLE_ROW,
        0,
        tpl.catalog.areas[area].name.get(lang),
        &f.title,
    )?;
    ws.write_string_with_format(
        layout::AREA_TITLE_ROW + 1,
        0,
        tpl.catalog.title.get(lang),
        &f.subtitle,
    )?;
    let headers = sheet.header_texts();
    let header_of =
        |c: u16| headers.iter().find(|(h, _)| *h == c).map(|(_, t)| t.clone()).unwrap_or_default();
    let widths = sizing::area_columns(ws, tpl.catalog, cols, &header_of)?;
    sheet.headers(ws, &headers, &widths)?;
    sheet.catalog_services(ws, &widths)?;
    if tpl.catalog.allows_added_items() {
        sheet.added_services(ws, &widths)?;
    }
    sheet.validations(ws)?;
    ws.set_freeze_panes(layout::FIRST_SERVICE_ROW, cols.name + 1)?;
    let titles =
        sizing::PrintTitles { rows: (0, layout::HEADER_ROW), cols: Some((cols.id, cols.name)) };
    sizing::print_setup(ws, &widths, &titles)?;
    protect(ws);
    Ok(())
}

impl AreaSheet<'_> {
    /// Each column's header, in the sheet's language.
    fn header_texts(&self) -> Vec<(u16, String)> {
        let (catalog, lang, cols) = (self.tpl.catalog, self.tpl.lang, self.cols);
        let item_word = if catalog.has_adoption() { "col_service" } else { "col_item" };
        let mut headers = vec![
            (cols.id, t("col_id", lang).to_string()),
            (cols.name, t(item_word, lang).to_string()),
        ];
        if let Some(c) = cols.adoption {
            headers.push((c, t("col_adoption", lang).to_string()));
        }
        for (k, stage) in catalog.stages.iter().enumerate() {
            headers.push((cols.stages[k], stage.name.get(lang).to_string()));
        }
        if let Some(c) = cols.usage {
            headers.push((c, t("col_usage", lang).to_string()));
        }
        headers.push((cols.degree, t("col_degree", lang).to_string()));
        if let Some(c) = cols.points {
            headers.push((c, t("col_points", lang).to_string()));
        }
        headers.push((cols.comment, t("col_comment", lang).to_string()));
        headers
    }

    /// The header row, as high as its longest header wrapped between words.
    fn headers(
        &self,
        ws: &mut Worksheet,
        headers: &[(u16, String)],
        widths: &sizing::Widths,
    ) -> Result<(), XlsxError> {
        let h = layout::HEADER_ROW;
        for (c, text) in headers {
            ws.write_string_with_format(h, *c, text, &self.tpl.f.header)?;
        }
        ws.set_row_height(h, sizing::header_height(widths, headers))?;
        Ok(())
    }

    /// The catalog's services: id and name fixed, a stage the service lacks marked "—".
    fn catalog_services(
        &self,
        ws: &mut Worksheet,
        widths: &sizing::Widths,
    ) -> Result<(), XlsxError> {
        let (catalog, lang, cols, f) = (self.tpl.catalog, self.tpl.lang, self.cols, &self.tpl.f);
        for (i, service) in catalog.areas[self.area].services.iter().enumerate() {
            let row = layout::service_row(i);
            let name = service.name.get(lang);
            ws.write_string_with_format(row, cols.id, &service.id, &f.id)?;
            ws.write_string_with_format(row, cols.name, name, &f.service_name)?;
            self.answer_cells(ws, row, service)?;
            ws.set_row_height(
                row,
                sizing::service_row_height(catalog, cols, widths, name, service, lang),
            )?;
        }
        Ok(())
    }

    /// Blank rows, under their heading, for services the municipality adds; they have
    /// every stage.
    fn added_services(&self, ws: &mut Worksheet, widths: &sizing::Widths) -> Result<(), XlsxError> {
        let (catalog, cols, f) = (self.tpl.catalog, self.cols, &self.tpl.f);
        let n = catalog.areas[self.area].services.len();
        let heading = layout::added_heading_row(n);
        ws.write_string_with_format(
            heading,
            cols.name,
            t("added_rows_heading", self.tpl.lang),
            &f.bold,
        )?;
        let all_stages = Service {
            id: String::new(),
            name: Default::default(),
            stages: (0..catalog.stages.len()).collect(),
        };
        for row in layout::added_rows(n) {
            ws.write_blank(row, cols.id, &f.id)?;
            ws.write_blank(row, cols.name, &f.input_wrap)?;
            self.answer_cells(ws, row, &all_stages)?;
            ws.set_row_height(
                row,
                sizing::service_row_height(catalog, cols, widths, "", &all_stages, self.tpl.lang),
            )?;
        }
        Ok(())
    }

    /// The cells right of the name: answers, the degree and points formulas, the comment.
    fn answer_cells(
        &self,
        ws: &mut Worksheet,
        row: u32,
        service: &Service,
    ) -> Result<(), XlsxError> {
        let (catalog, cols, f) = (self.tpl.catalog, self.cols, &self.tpl.f);
        if let Some(c) = cols.adoption {
            ws.write_blank(row, c, &f.input_wrap)?;
        }
        for (k, &c) in cols.stages.iter().enumerate() {
            if service.stages.contains(&k) {
                ws.write_blank(row, c, &f.input_wrap)?;
            } else {
                ws.write_string_with_format(row, c, "—", &f.na)?;
            }
        }
        if let Some(c) = cols.usage {
            ws.write_blank(row, c, &f.input_number)?;
        }
        let formula = measures::degree_formula(catalog, service, cols, row);
        ws.write_formula_with_format(
            row,
            cols.degree,
            Formula::new(formula).set_result(self.blank_result),
            &f.degree,
        )?;
        if let Some(c) = cols.points {
            let formula = measures::points_formula(catalog, service, cols, row);
            ws.write_formula_with_format(
                row,
                c,
                Formula::new(formula).set_result(self.blank_result),
                &f.number,
            )?;
        }
        ws.write_blank(row, cols.comment, &f.input_wrap)?;
        Ok(())
    }

    /// Dropdowns from the hidden lists sheet (Stop on anything else), the usage range, and
    /// a hint on the names of added rows.
    fn validations(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        let (catalog, lang, cols) = (self.tpl.catalog, self.tpl.lang, self.cols);
        let added = layout::added_rows(catalog.areas[self.area].services.len());
        let (first, last) = (layout::FIRST_SERVICE_ROW, added.end - 1);
        let name_dv =
            DataValidation::new().allow_any_value().set_input_message(t("added_row_hint", lang))?;
        ws.add_data_validation(added.start, cols.name, added.end - 1, cols.name, &name_dv)?;
        if let Some(c) = cols.adoption {
            let list =
                OptionList { col: layout::ADOPTION_LIST_COL, options: catalog.adoption.len() };
            let dv = list.validation(
                t("input_adoption_title", lang),
                t("input_adoption_msg", lang),
                lang,
            )?;
            ws.add_data_validation(first, c, last, c, &dv)?;
        }
        for (k, stage) in catalog.stages.iter().enumerate() {
            let list = OptionList { col: layout::stage_list_col(k), options: stage.options.len() };
            let dv = list.validation(stage.name.get(lang), t("input_stage_msg", lang), lang)?;
            ws.add_data_validation(first, cols.stages[k], last, cols.stages[k], &dv)?;
        }
        if let Some(c) = cols.usage {
            let dv = DataValidation::new()
                .allow_decimal_number(DataValidationRule::Between(0.0, 100.0))
                .set_error_style(DataValidationErrorStyle::Stop)
                .set_input_title(t("input_usage_title", lang))?
                .set_input_message(t("input_usage_msg", lang))?
                .set_error_title(t("error_usage_title", lang))?
                .set_error_message(t("error_usage_msg", lang))?;
            ws.add_data_validation(first, c, last, c, &dv)?;
        }
        Ok(())
    }
}

/// A column of options on the hidden lists sheet.
struct OptionList {
    col: u16,
    options: usize,
}

impl OptionList {
    /// A dropdown offering exactly these options; spreadsheets limit the title to 32
    /// characters and the message to 255.
    fn validation(
        &self,
        title: &str,
        message: &str,
        lang: Lang,
    ) -> Result<DataValidation, XlsxError> {
        let first = layout::LIST_FIRST_ROW;
        let last = first + self.options as u32 - 1;
        DataValidation::new()
            .allow_list_formula(Formula::new(format!(
                "={}!{}:{}",
                layout::LISTS_SHEET,
                layout::abs_cell(first, self.col),
                layout::abs_cell(last, self.col)
            )))
            .set_error_style(DataValidationErrorStyle::Stop)
            .set_input_title(truncate(title, 32))?
            .set_input_message(truncate(message, 255))?
            .set_error_title(truncate(t("error_list_title", lang), 32))?
            .set_error_message(truncate(t("error_list_msg", lang), 255))
    }
}

fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}
