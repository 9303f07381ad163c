//! An area sheet: one row per catalog service with a dropdown per stage and the degree
//! formula, then blank rows for services the municipality adds.

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Formula, Worksheet, XlsxError,
};

use std::sync::Arc;

use super::{Template, protect, sizing};
use crate::catalog::{Catalog, Service};
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
    /// Its row heights and formulas, the same in every workbook of the catalog and language.
    shared: Arc<AreaShared>,
}

/// What an area sheet has the same in every workbook of a catalog and language: the row
/// heights (the texts measured once) and the formulas (escaped once by rust_xlsxwriter),
/// shared by the workbooks of a run through [`super::Shared`].
pub(super) struct AreaShared {
    /// Height of each catalog service's row.
    heights: Vec<f64>,
    /// Height of each blank row for an added service.
    added_height: f64,
    /// Height of the options legend row.
    legend_height: f64,
    /// Degree and points formulas by row (from `FIRST_SERVICE_ROW`; none on the heading).
    formulas: Vec<Option<(Formula, Option<Formula>)>>,
}

impl AreaShared {
    fn new(tpl: &Template, area: usize, cols: &AreaColumns, widths: &sizing::Widths) -> Self {
        let (catalog, lang) = (tpl.catalog, tpl.lang);
        let services = &catalog.areas[area].services;
        let heights = services
            .iter()
            .map(|s| sizing::service_row_height(catalog, cols, widths, s.name.get(lang), s, lang))
            .collect();
        let all = all_stages(catalog);
        let added_height = sizing::service_row_height(catalog, cols, widths, "", &all, lang);
        let legend_height = sizing::legend_height(widths, &legends(catalog, cols, lang));
        let formulas_of = |service: &Service, row: u32| {
            let degree = Formula::new(measures::degree_formula(catalog, service, cols, row));
            let points = cols
                .points
                .map(|_| Formula::new(measures::points_formula(catalog, service, cols, row)));
            Some((degree, points))
        };
        let mut formulas: Vec<_> = services
            .iter()
            .enumerate()
            .map(|(i, s)| formulas_of(s, layout::service_row(i)))
            .collect();
        if catalog.allows_added_items() {
            formulas.push(None);
            formulas.extend(layout::added_rows(services.len()).map(|row| formulas_of(&all, row)));
        }
        AreaShared { heights, added_height, legend_height, formulas }
    }
}

/// A service with every stage: what a blank row for an added service offers.
fn all_stages(catalog: &Catalog) -> Service {
    Service {
        id: String::new(),
        name: Default::default(),
        stages: (0..catalog.stages.len()).collect(),
    }
}

/// Each dropdown column's options, bulleted, for the legend row.
fn legends(catalog: &Catalog, cols: &AreaColumns, lang: Lang) -> Vec<(u16, Vec<String>)> {
    let bullets = |labels: Vec<&str>| -> Vec<String> {
        labels.into_iter().map(|l| format!("• {l}")).collect()
    };
    let mut legends: Vec<(u16, Vec<String>)> = Vec::new();
    if let Some(c) = cols.adoption {
        legends.push((c, bullets(catalog.adoption.iter().map(|o| o.label.get(lang)).collect())));
    }
    for (k, stage) in catalog.stages.iter().enumerate() {
        let labels = stage.options.iter().map(|o| o.label.get(lang)).collect();
        legends.push((cols.stages[k], bullets(labels)));
    }
    legends
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
    let headers = header_texts(tpl, cols);
    let header_of =
        |c: u16| headers.iter().find(|(h, _)| *h == c).map(|(_, t)| t.clone()).unwrap_or_default();
    let widths = sizing::area_columns(ws, tpl.catalog, area, cols, &header_of)?;
    let shared = tpl.shared.area(tpl, area, || AreaShared::new(tpl, area, cols, &widths));
    // Nothing is answered yet: every row's degree and points cells are empty.
    let sheet = AreaSheet { tpl, cols, area, blank_result: "", shared };
    let legend_pt = sheet.legend(ws)?;
    let header_pt = sheet.headers(ws, &headers, &widths)?;
    let mut rows_pt = sheet.catalog_services(ws)?;
    let added = tpl.catalog.allows_added_items().then(|| sheet.added_services(ws));
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

/// Each column's header, in the sheet's language.
fn header_texts(tpl: &Template, cols: &AreaColumns) -> Vec<(u16, String)> {
    let (catalog, lang) = (tpl.catalog, tpl.lang);
    let item_word = if catalog.has_adoption() { "col_service" } else { "col_item" };
    let mut headers =
        vec![(cols.id, t("col_id", lang).to_string()), (cols.name, t(item_word, lang).to_string())];
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

impl AreaSheet<'_> {
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
    fn legend(&self, ws: &mut Worksheet) -> Result<f64, XlsxError> {
        let (catalog, lang, cols, f) = (self.tpl.catalog, self.tpl.lang, self.cols, &self.tpl.f);
        let row = layout::LEGEND_ROW;
        ws.write_string_with_format(
            row,
            cols.name,
            t("area_options_legend", lang),
            &f.legend_label,
        )?;
        for (c, lines) in legends(catalog, cols, lang) {
            ws.write_string_with_format(row, c, lines.join("\n"), &f.legend)?;
        }
        ws.set_row_height(row, self.shared.legend_height)?;
        Ok(self.shared.legend_height)
    }

    /// The catalog's services: id and name fixed, a stage the service lacks marked "—".
    fn catalog_services(&self, ws: &mut Worksheet) -> Result<Vec<f64>, XlsxError> {
        let (catalog, lang, cols, f) = (self.tpl.catalog, self.tpl.lang, self.cols, &self.tpl.f);
        let services: Vec<&Service> = catalog.areas[self.area].services.iter().collect();
        if services.is_empty() {
            return Ok(Vec::new());
        }
        let first = layout::service_row(0);
        for (i, service) in services.iter().enumerate() {
            let row = layout::service_row(i);
            ws.write_string(row, cols.id, &service.id)?;
            ws.write_string(row, cols.name, service.name.get(lang))?;
            ws.set_row_height(row, self.shared.heights[i])?;
        }
        let last = first + services.len() as u32 - 1;
        ws.set_range_format(first, cols.id, last, cols.id, &f.id)?;
        ws.set_range_format(first, cols.name, last, cols.name, &f.service_name)?;
        self.answer_block(ws, first, &services)?;
        Ok(self.shared.heights.clone())
    }

    /// Blank rows, under their heading, for services the municipality adds; they have
    /// every stage. Returns the height of one blank row.
    fn added_services(&self, ws: &mut Worksheet) -> Result<f64, XlsxError> {
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
        let all_stages = all_stages(catalog);
        let height = self.shared.added_height;
        let rows = layout::added_rows(n);
        for row in rows.clone() {
            ws.set_row_height(row, height)?;
        }
        let last = rows.end - 1;
        ws.set_range_format(rows.start, cols.id, last, cols.id, &f.id)?;
        ws.set_range_format(rows.start, cols.name, last, cols.name, &f.input_wrap)?;
        let services = vec![&all_stages; rows.len()];
        self.answer_block(ws, rows.start, &services)?;
        Ok(height)
    }

    /// The cells right of the names of the rows from `first`, one per service: the answers,
    /// the degree and points formulas, the comment. Each column's format is set over the
    /// whole block at once (rust_xlsxwriter hashes a format at every write with one), then
    /// a stage a service lacks gets its "—".
    fn answer_block(
        &self,
        ws: &mut Worksheet,
        first: u32,
        services: &[&Service],
    ) -> Result<(), XlsxError> {
        let (cols, f) = (self.cols, &self.tpl.f);
        let last = first + services.len() as u32 - 1;
        for (i, service) in services.iter().enumerate() {
            let row = first + i as u32;
            let (degree, points) = self.formulas(row, service);
            ws.write_formula(row, cols.degree, degree.set_result(self.blank_result))?;
            if let (Some(c), Some(points)) = (cols.points, points) {
                ws.write_formula(row, c, points.set_result(self.blank_result))?;
            }
        }
        let inputs = cols.adoption.into_iter().chain(cols.stages.iter().copied());
        for c in inputs.chain([cols.comment]) {
            ws.set_range_format(first, c, last, c, &f.input_wrap)?;
        }
        if let Some(c) = cols.usage {
            ws.set_range_format(first, c, last, c, &f.input_number)?;
        }
        ws.set_range_format(first, cols.degree, last, cols.degree, &f.degree)?;
        if let Some(c) = cols.points {
            ws.set_range_format(first, c, last, c, &f.number)?;
        }
        for (i, service) in services.iter().enumerate() {
            for (k, &c) in cols.stages.iter().enumerate() {
                if !service.stages.contains(&k) {
                    ws.write_string_with_format(first + i as u32, c, "—", &f.na)?;
                }
            }
        }
        Ok(())
    }

    /// The degree and points formulas of a row: shared, or for a row outside the form its
    /// own.
    fn formulas(&self, row: u32, service: &Service) -> (Formula, Option<Formula>) {
        let (catalog, cols) = (self.tpl.catalog, self.cols);
        match self.shared.formulas.get((row - layout::FIRST_SERVICE_ROW) as usize) {
            Some(Some((degree, points))) => (degree.clone(), points.clone()),
            _ => (
                Formula::new(measures::degree_formula(catalog, service, cols, row)),
                cols.points
                    .map(|_| Formula::new(measures::points_formula(catalog, service, cols, row))),
            ),
        }
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
