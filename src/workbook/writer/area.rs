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

/// Writes the sheet of area `area`, already named; `in_use` added-service rows are filled
/// (by a prefill) and must print.
pub(super) fn write(
    ws: &mut Worksheet,
    tpl: &Template,
    area: usize,
    cols: &AreaColumns,
    in_use: u32,
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
    // Set, so every program breaks the printed pages where `printed_added_rows` counts.
    ws.set_row_height(layout::AREA_TITLE_ROW, TITLE_PT)?;
    ws.set_row_height(layout::AREA_TITLE_ROW + 1, sizing::LINE_PT)?;
    let headers = sheet.header_texts();
    let header_of =
        |c: u16| headers.iter().find(|(h, _)| *h == c).map(|(_, t)| t.clone()).unwrap_or_default();
    let widths = sizing::area_columns(ws, tpl.catalog, area, cols, &header_of)?;
    let legend_pt = sheet.legend(ws, &widths)?;
    let header_pt = sheet.headers(ws, &headers, &widths)?;
    let mut rows_pt = sheet.catalog_services(ws, &widths)?;
    let added = tpl.catalog.allows_added_items().then(|| sheet.added_services(ws, &widths));
    sheet.validations(ws)?;
    ws.set_freeze_panes(layout::FIRST_SERVICE_ROW, cols.name + 1)?;
    let titles =
        sizing::PrintTitles { rows: (0, layout::HEADER_ROW), cols: Some((cols.id, cols.name)) };
    let percent = match sizing::print_setup(ws, &widths, &titles)? {
        sizing::Scale::OnePageWide(p) | sizing::Scale::AcrossPages(p) => p,
    };
    // The printed form ends with the form: the catalog's rows, then as many blank rows
    // for added services as fit on the last page (the rest stay in the sheet to fill in).
    let n = tpl.catalog.areas[area].services.len();
    let mut last = layout::service_row(n.saturating_sub(1));
    if let Some(added_pt) = added.transpose()? {
        rows_pt.push(sizing::LINE_PT);
        let titles_pt = TITLE_ROWS_PT + legend_pt + header_pt;
        let printed = sizing::printed_added_rows(titles_pt, &rows_pt, added_pt, percent, in_use);
        last = layout::added_rows(n).start + printed - 1;
    }
    ws.set_print_area(0, 0, last, cols.comment)?;
    protect(ws);
    Ok(())
}

/// Height of the title row (15 pt text).
const TITLE_PT: f64 = 21.0;
/// Height of the title and subtitle rows above the legend.
const TITLE_ROWS_PT: f64 = TITLE_PT + sizing::LINE_PT;

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
    ) -> Result<f64, XlsxError> {
        let h = layout::HEADER_ROW;
        for (c, text) in headers {
            ws.write_string_with_format(h, *c, text, &self.tpl.f.header)?;
        }
        let height = sizing::header_height(widths, headers);
        ws.set_row_height(h, height)?;
        Ok(height)
    }

    /// Above each dropdown column's header, its options, one per line: the printed form
    /// shows on every page the options of the columns on it. Returns the row's height.
    fn legend(&self, ws: &mut Worksheet, widths: &sizing::Widths) -> Result<f64, XlsxError> {
        let (catalog, lang, cols, f) = (self.tpl.catalog, self.tpl.lang, self.cols, &self.tpl.f);
        let bullets = |labels: Vec<&str>| -> Vec<String> {
            labels.into_iter().map(|l| format!("• {l}")).collect()
        };
        let mut legends: Vec<(u16, Vec<String>)> = Vec::new();
        if let Some(c) = cols.adoption {
            legends
                .push((c, bullets(catalog.adoption.iter().map(|o| o.label.get(lang)).collect())));
        }
        for (k, stage) in catalog.stages.iter().enumerate() {
            let labels = stage.options.iter().map(|o| o.label.get(lang)).collect();
            legends.push((cols.stages[k], bullets(labels)));
        }
        let row = layout::LEGEND_ROW;
        ws.write_string_with_format(
            row,
            cols.name,
            t("area_options_legend", lang),
            &f.legend_label,
        )?;
        for (c, lines) in &legends {
            ws.write_string_with_format(row, *c, lines.join("\n"), &f.legend)?;
        }
        let height = sizing::legend_height(widths, &legends);
        ws.set_row_height(row, height)?;
        Ok(height)
    }

    /// The catalog's services: id and name fixed, a stage the service lacks marked "—".
    fn catalog_services(
        &self,
        ws: &mut Worksheet,
        widths: &sizing::Widths,
    ) -> Result<Vec<f64>, XlsxError> {
        let (catalog, lang, cols, f) = (self.tpl.catalog, self.tpl.lang, self.cols, &self.tpl.f);
        let mut heights = Vec::new();
        for (i, service) in catalog.areas[self.area].services.iter().enumerate() {
            let row = layout::service_row(i);
            let name = service.name.get(lang);
            ws.write_string_with_format(row, cols.id, &service.id, &f.id)?;
            ws.write_string_with_format(row, cols.name, name, &f.service_name)?;
            self.answer_cells(ws, row, service)?;
            let height = sizing::service_row_height(catalog, cols, widths, name, service, lang);
            ws.set_row_height(row, height)?;
            heights.push(height);
        }
        Ok(heights)
    }

    /// Blank rows, under their heading, for services the municipality adds; they have
    /// every stage. Returns the height of one blank row.
    fn added_services(
        &self,
        ws: &mut Worksheet,
        widths: &sizing::Widths,
    ) -> Result<f64, XlsxError> {
        let (catalog, cols, f) = (self.tpl.catalog, self.cols, &self.tpl.f);
        let n = catalog.areas[self.area].services.len();
        let heading = layout::added_heading_row(n);
        ws.write_string_with_format(
            heading,
            cols.name,
            t("added_rows_heading", self.tpl.lang),
            &f.bold,
        )?;
        ws.set_row_height(heading, sizing::LINE_PT)?;
        let all_stages = Service {
            id: String::new(),
            name: Default::default(),
            stages: (0..catalog.stages.len()).collect(),
        };
        let height =
            sizing::service_row_height(catalog, cols, widths, "", &all_stages, self.tpl.lang);
        for row in layout::added_rows(n) {
            ws.write_blank(row, cols.id, &f.id)?;
            ws.write_blank(row, cols.name, &f.input_wrap)?;
            self.answer_cells(ws, row, &all_stages)?;
            ws.set_row_height(row, height)?;
        }
        Ok(height)
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
