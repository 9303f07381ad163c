//! Writes the assessment workbook (DESIGN §4) from a catalog, in one language, blank or
//! personalised for one municipality. Every position comes from `layout`, every formula
//! from `measures`, every word from the catalog or `texts`.

use rust_xlsxwriter::{
    Chart, ChartType, Color, DataValidation, DataValidationErrorStyle, DataValidationRule,
    DocProperties, Format, FormatAlign, FormatBorder, Formula, ProtectionOptions, Workbook,
    Worksheet, XlsxError,
};

use crate::catalog::{Catalog, Lang};
use crate::workbook::layout::{self, AreaColumns, Respondent, SummaryCol};
use crate::measures::{self, SummaryCell};
use crate::register::{Municipality, Register};
use crate::texts::t;

pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

struct Formats {
    title: Format,
    subtitle: Format,
    header: Format,
    text: Format,
    id: Format,
    input: Format,
    input_wrap: Format,
    input_number: Format,
    input_date: Format,
    fixed: Format,
    na: Format,
    degree: Format,
    percent: Format,
    number: Format,
    bold: Format,
    bold_percent: Format,
    bold_number: Format,
}

impl Formats {
    fn new() -> Formats {
        let border = |f: Format| f.set_border(FormatBorder::Thin).set_border_color(Color::RGB(0xB0B7BF));
        let input_bg = Color::RGB(0xFFF8D6);
        let input = border(Format::new().set_background_color(input_bg).set_unlocked().set_align(FormatAlign::VerticalCenter));
        Formats {
            title: Format::new().set_bold().set_font_size(15),
            subtitle: Format::new().set_italic().set_font_color(Color::RGB(0x505A64)),
            header: border(
                Format::new()
                    .set_bold()
                    .set_text_wrap()
                    .set_align(FormatAlign::Top)
                    .set_background_color(Color::RGB(0xDCE6F0)),
            ),
            text: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            id: border(Format::new().set_font_color(Color::RGB(0x6E7781)).set_font_size(9).set_align(FormatAlign::VerticalCenter)),
            input: input.clone(),
            input_wrap: input.clone().set_text_wrap(),
            input_number: input.clone().set_num_format("0.0"),
            input_date: input.set_num_format("yyyy-mm-dd"),
            fixed: border(Format::new().set_background_color(Color::RGB(0xEEEEEE)).set_bold()),
            na: border(Format::new().set_background_color(Color::RGB(0xEEEEEE)).set_align(FormatAlign::Center)),
            degree: border(Format::new().set_num_format("0%").set_align(FormatAlign::VerticalCenter)),
            percent: border(Format::new().set_num_format("0.0%")),
            number: border(Format::new().set_num_format("0.###")),
            bold: border(Format::new().set_bold()),
            bold_percent: border(Format::new().set_bold().set_num_format("0.0%")),
            bold_number: border(Format::new().set_bold().set_num_format("0.###")),
        }
    }
}

/// Builds the workbook and returns the xlsx bytes.
pub fn build(catalog: &Catalog, lang: Lang, municipality: Option<&Municipality>) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let f = Formats::new();
    let cols = AreaColumns::new(catalog);

    let instructions = wb.add_worksheet();
    write_instructions(instructions, catalog, lang, municipality, &f)?;

    for a in 0..catalog.areas.len() {
        let ws = wb.add_worksheet();
        ws.set_name(layout::area_sheet_name(catalog, a, lang))?;
        write_area(ws, catalog, a, lang, &cols, &f)?;
    }

    let summary = wb.add_worksheet();
    write_summary(summary, catalog, lang, &f)?;

    let lists = wb.add_worksheet();
    write_lists(lists, catalog, lang, municipality)?;

    let instructions_name = t("sheet_instructions", lang);
    for r in Respondent::ALL {
        let (row, col) = r.cell();
        wb.define_name(
            r.defined_name(),
            &format!("={}!{}", layout::quote_sheet(instructions_name), layout::abs_cell(row, col)),
        )?;
    }

    let props = DocProperties::new()
        .set_title(catalog.title.get(lang))
        .set_subject(catalog.title.get(lang))
        .set_author("digiaste")
        .set_custom_property("digiaste.format", layout::FORMAT)
        .set_custom_property("digiaste.catalog_id", catalog.id.as_str())
        .set_custom_property("digiaste.catalog_version", catalog.version.as_str())
        .set_custom_property("digiaste.catalog_hash", catalog.hash.as_str())
        .set_custom_property("digiaste.language", lang.code())
        .set_custom_property("digiaste.tool_version", TOOL_VERSION)
        .set_custom_property("digiaste.municipality_code", municipality.map(|m| m.code.as_str()).unwrap_or(""));
    wb.set_properties(&props);

    wb.save_to_buffer()
}

fn protect(ws: &mut Worksheet) {
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    };
    ws.protect_with_options(&options);
}

/// Rough row height for wrapped text in merged cells about `width_chars` wide.
fn text_height(text: &str, width_chars: usize) -> f64 {
    let lines: usize = text.lines().map(|l| l.chars().count() / width_chars + 1).sum();
    (lines.max(1) as f64) * 15.0 + 3.0
}

fn write_instructions(
    ws: &mut Worksheet,
    catalog: &Catalog,
    lang: Lang,
    municipality: Option<&Municipality>,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(t("sheet_instructions", lang))?;
    ws.set_column_width(0, 30)?;
    ws.set_column_width(1, 45)?;
    for c in 2..=5 {
        ws.set_column_width(c, 14)?;
    }
    ws.write_string_with_format(0, 0, catalog.title.get(lang), &f.title)?;
    ws.write_string_with_format(
        1,
        0,
        format!("{} {} · digiaste {}", catalog.id, catalog.version, TOOL_VERSION),
        &f.subtitle,
    )?;
    ws.write_string_with_format(layout::RESPONDENT_HEADING_ROW, 0, t("instr_respondent_heading", lang), &f.bold)?;
    for r in Respondent::ALL {
        let (row, col) = r.cell();
        ws.write_string_with_format(row, layout::RESPONDENT_LABEL_COL, r.label(lang), &f.header)?;
        let fixed = match (r, municipality) {
            (Respondent::MunicipalityName, Some(m)) => Some(m.name(lang).to_string()),
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
    if municipality.is_none() {
        // The code is picked from the register, so a return is always attributable.
        let codes = Register::embedded().municipalities.len() as u32;
        let list_col = layout::codes_list_col(catalog);
        let dv = DataValidation::new()
            .allow_list_formula(Formula::new(format!(
                "={}!{}:{}",
                layout::LISTS_SHEET,
                layout::abs_cell(layout::LIST_FIRST_ROW, list_col),
                layout::abs_cell(layout::LIST_FIRST_ROW + codes - 1, list_col)
            )))
            .set_input_title(t("label_municipality_code", lang))?
            .set_error_title(t("error_list_title", lang))?
            .set_error_message(t("error_list_msg", lang))?;
        let (row, col) = Respondent::MunicipalityCode.cell();
        ws.add_data_validation(row, col, row, col, &dv)?;
    }

    let mut row = layout::INSTRUCTIONS_TEXT_ROW;
    let para = |ws: &mut Worksheet, text: &str, fmt: &Format, row: &mut u32| -> Result<(), XlsxError> {
        ws.merge_range(*row, 0, *row, 5, text, fmt)?;
        ws.set_row_height(*row, text_height(text, 120))?;
        *row += 1;
        Ok(())
    };
    // An indicator questionnaire (no adoption gate) is explained in its own words.
    let items = !catalog.has_adoption();
    para(ws, t(if items { "instr_purpose_items" } else { "instr_purpose" }, lang), &f.text, &mut row)?;
    row += 1;
    ws.write_string_with_format(row, 0, t("instr_steps_heading", lang), &f.bold)?;
    row += 1;
    let steps: &[&'static str] =
        if items { &["instr_step_items1", "instr_step_items2"] } else { &["instr_step1", "instr_step2", "instr_step3", "instr_step4"] };
    for (i, key) in steps.iter().enumerate() {
        para(ws, &format!("{}. {}", i + 1, t(key, lang)), &f.text, &mut row)?;
    }
    if !items {
        para(ws, t("instr_added", lang), &f.text, &mut row)?;
    }
    para(ws, t("instr_return", lang), &f.text, &mut row)?;
    row += 1;
    ws.write_string_with_format(row, 0, t("instr_degrees_heading", lang), &f.bold)?;
    row += 1;
    let measure_keys: &[&str] = if catalog.has_points() {
        &["instr_points"]
    } else {
        &["instr_degree_service", "instr_coverage", "instr_degree_area", "instr_realized", "instr_usage"]
    };
    for key in measure_keys {
        para(ws, &format!("• {}", t(key, lang)), &f.text, &mut row)?;
    }
    // The answer options and their scores, so the computation can be followed by hand.
    row += 1;
    for stage in &catalog.stages {
        ws.write_string_with_format(row, 0, stage.name.get(lang), &f.bold)?;
        row += 1;
        for o in &stage.options {
            ws.merge_range(row, 0, row, 3, o.label.get(lang), &f.text)?;
            match (o.score, o.points) {
                (_, Some(p)) => ws.write_number(row, 4, p)?,
                (Some(s), None) => ws.write_number(row, 4, s)?,
                (None, None) => ws.write_string(row, 4, "–")?,
            };
            row += 1;
        }
    }

    ws.set_landscape().set_paper_size(9).set_print_fit_to_pages(1, 0);
    protect(ws);
    Ok(())
}

fn write_area(
    ws: &mut Worksheet,
    catalog: &Catalog,
    a: usize,
    lang: Lang,
    cols: &AreaColumns,
    f: &Formats,
) -> Result<(), XlsxError> {
    let area = &catalog.areas[a];
    // An empty cached result must be "" (an empty degree), not rust_xlsxwriter's 0.
    ws.set_formula_result_default("");
    ws.write_string_with_format(layout::AREA_TITLE_ROW, 0, area.name.get(lang), &f.title)?;
    ws.write_string_with_format(layout::AREA_TITLE_ROW + 1, 0, catalog.title.get(lang), &f.subtitle)?;

    // Headers.
    let h = layout::HEADER_ROW;
    ws.write_string_with_format(h, cols.id, t("col_id", lang), &f.header)?;
    let item_word = if catalog.has_adoption() { "col_service" } else { "col_item" };
    ws.write_string_with_format(h, cols.name, t(item_word, lang), &f.header)?;
    if let Some(c) = cols.adoption {
        ws.write_string_with_format(h, c, t("col_adoption", lang), &f.header)?;
    }
    for (k, stage) in catalog.stages.iter().enumerate() {
        ws.write_string_with_format(h, cols.stages[k], stage.name.get(lang), &f.header)?;
    }
    if let Some(c) = cols.usage {
        ws.write_string_with_format(h, c, t("col_usage", lang), &f.header)?;
    }
    ws.write_string_with_format(h, cols.degree, t("col_degree", lang), &f.header)?;
    if let Some(c) = cols.points {
        ws.write_string_with_format(h, c, t("col_points", lang), &f.header)?;
    }
    ws.write_string_with_format(h, cols.comment, t("col_comment", lang), &f.header)?;
    ws.set_row_height(h, 48)?;

    // Cached results of the blank rows: with an adoption gate nothing is introduced yet
    // (empty); without one every unanswered question counts 0 (DESIGN §3).
    let blank_result = if catalog.has_adoption() { "" } else { "0" };

    // Catalog services.
    for (i, service) in area.services.iter().enumerate() {
        let row = layout::service_row(i);
        ws.write_string_with_format(row, cols.id, &service.id, &f.id)?;
        ws.write_string_with_format(row, cols.name, service.name.get(lang), &f.text.clone().set_border(FormatBorder::Thin).set_border_color(Color::RGB(0xB0B7BF)))?;
        if let Some(c) = cols.adoption {
            ws.write_blank(row, c, &f.input)?;
        }
        for (k, &c) in cols.stages.iter().enumerate() {
            if service.stages.contains(&k) {
                ws.write_blank(row, c, &f.input)?;
            } else {
                ws.write_string_with_format(row, c, "—", &f.na)?;
            }
        }
        if let Some(c) = cols.usage {
            ws.write_blank(row, c, &f.input_number)?;
        }
        let formula = measures::degree_formula(catalog, service, cols, row);
        ws.write_formula_with_format(row, cols.degree, Formula::new(formula).set_result(blank_result), &f.degree)?;
        if let Some(c) = cols.points {
            let formula = measures::points_formula(catalog, service, cols, row);
            ws.write_formula_with_format(row, c, Formula::new(formula).set_result(blank_result), &f.number)?;
        }
        ws.write_blank(row, cols.comment, &f.input_wrap)?;
    }

    // Blank rows for services the municipality adds.
    let n = area.services.len();
    let heading = layout::added_heading_row(n);
    ws.write_string_with_format(heading, cols.name, t("added_rows_heading", lang), &f.bold)?;
    let all_stages = crate::catalog::Service {
        id: String::new(),
        name: Default::default(),
        stages: (0..catalog.stages.len()).collect(),
    };
    for row in layout::added_rows(n) {
        ws.write_blank(row, cols.id, &f.id)?;
        ws.write_blank(row, cols.name, &f.input_wrap)?;
        if let Some(c) = cols.adoption {
            ws.write_blank(row, c, &f.input)?;
        }
        for &c in &cols.stages {
            ws.write_blank(row, c, &f.input)?;
        }
        if let Some(c) = cols.usage {
            ws.write_blank(row, c, &f.input_number)?;
        }
        let formula = measures::degree_formula(catalog, &all_stages, cols, row);
        ws.write_formula_with_format(row, cols.degree, Formula::new(formula).set_result(blank_result), &f.degree)?;
        if let Some(c) = cols.points {
            let formula = measures::points_formula(catalog, &all_stages, cols, row);
            ws.write_formula_with_format(row, c, Formula::new(formula).set_result(blank_result), &f.number)?;
        }
        ws.write_blank(row, cols.comment, &f.input_wrap)?;
    }
    let first = layout::FIRST_SERVICE_ROW;
    let last = layout::added_rows(n).end - 1;
    let added = layout::added_rows(n);
    let name_dv = DataValidation::new()
        .allow_any_value()
        .set_input_message(t("added_row_hint", lang))?;
    ws.add_data_validation(added.start, cols.name, added.end - 1, cols.name, &name_dv)?;

    // Dropdowns from the hidden lists sheet; Stop on anything else.
    if let Some(c) = cols.adoption {
        let dv = list_validation(
            layout::ADOPTION_LIST_COL,
            catalog.adoption.len(),
            t("input_adoption_title", lang),
            t("input_adoption_msg", lang),
            lang,
        )?;
        ws.add_data_validation(first, c, last, c, &dv)?;
    }
    for (k, stage) in catalog.stages.iter().enumerate() {
        let dv = list_validation(
            layout::stage_list_col(k),
            stage.options.len(),
            stage.name.get(lang),
            t("input_stage_msg", lang),
            lang,
        )?;
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

    // Widths, frozen headers, printing, protection.
    ws.set_column_width(cols.id, 20)?;
    ws.set_column_width(cols.name, 42)?;
    if let Some(c) = cols.adoption {
        ws.set_column_width(c, 26)?;
    }
    for &c in &cols.stages {
        ws.set_column_width(c, 24)?;
    }
    if let Some(c) = cols.usage {
        ws.set_column_width(c, 12)?;
    }
    ws.set_column_width(cols.degree, 12)?;
    if let Some(c) = cols.points {
        ws.set_column_width(c, 10)?;
    }
    ws.set_column_width(cols.comment, 36)?;
    ws.set_freeze_panes(layout::FIRST_SERVICE_ROW, cols.name + 1)?;
    ws.set_landscape().set_paper_size(9).set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, layout::HEADER_ROW)?;
    protect(ws);
    Ok(())
}

fn list_validation(
    list_col: u16,
    options: usize,
    title: &str,
    message: &str,
    lang: Lang,
) -> Result<DataValidation, XlsxError> {
    let first = layout::LIST_FIRST_ROW;
    let last = first + options as u32 - 1;
    DataValidation::new()
        .allow_list_formula(Formula::new(format!(
            "={}!{}:{}",
            layout::LISTS_SHEET,
            layout::abs_cell(first, list_col),
            layout::abs_cell(last, list_col)
        )))
        .set_error_style(DataValidationErrorStyle::Stop)
        .set_input_title(truncate(title, 32))?
        .set_input_message(truncate(message, 255))?
        .set_error_title(truncate(t("error_list_title", lang), 32))?
        .set_error_message(truncate(t("error_list_msg", lang), 255))
}

fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

fn write_summary(ws: &mut Worksheet, catalog: &Catalog, lang: Lang, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(t("sheet_summary", lang))?;
    ws.set_formula_result_default("");
    ws.write_string_with_format(0, 0, t("summary_heading", lang), &f.title)?;
    ws.write_string_with_format(1, 0, catalog.title.get(lang), &f.subtitle)?;
    let columns = SummaryCol::all(catalog);
    for c in &columns {
        ws.write_string_with_format(layout::SUMMARY_HEADER_ROW, c.col(catalog), c.header(catalog, lang), &f.header)?;
    }
    ws.set_row_height(layout::SUMMARY_HEADER_ROW, 45)?;

    // Cached results are what the Rust code computes for the blank workbook.
    let blank = measures::score_all(catalog, &[], lang);
    let n = catalog.areas.len();
    let sheets: Vec<String> = (0..n).map(|a| layout::area_sheet_name(catalog, a, lang)).collect();
    for (a, area) in catalog.areas.iter().enumerate() {
        let row = layout::summary_row(a);
        let tally = &blank.areas[a].tally;
        ws.write_string_with_format(row, 0, area.name.get(lang), &f.bold)?;
        for &c in columns.iter().skip(1) {
            let cell = measures::area_summary_cell(catalog, c, row, &sheets[a], a);
            write_summary_cell(ws, row, c.col(catalog), c.is_ratio(), cell, measures::summary_value(c, tally, catalog), false, f)?;
        }
    }
    let overall = layout::summary_row(n);
    ws.write_string_with_format(overall, 0, t("sum_overall", lang), &f.bold)?;
    for &c in columns.iter().skip(1) {
        let cell = measures::overall_summary_cell(catalog, c, overall, &sheets);
        write_summary_cell(ws, overall, c.col(catalog), c.is_ratio(), cell, measures::summary_value(c, &blank.tally, catalog), true, f)?;
    }

    ws.set_column_width(0, 34)?;
    for &c in columns.iter().skip(1) {
        ws.set_column_width(c.col(catalog), 13)?;
    }

    // Charts: the measures per area; for indicator catalogs the share at each level
    // (red to green, the "flower box" at a glance) and the points against the maximum.
    let sheet = t("sheet_summary", lang);
    let first = layout::summary_row(0);
    let last = layout::summary_row(n - 1);
    let mut chart_row = overall + 3;
    if let Some(k) = catalog.level_stage() {
        let levels = catalog.stages[k].options.len();
        let mut shares = Chart::new(ChartType::BarPercentStacked);
        for i in 0..levels {
            let c = SummaryCol::Level(i as u8).col(catalog);
            let series = shares
                .add_series()
                .set_categories((sheet, first, 0, last, 0))
                .set_values((sheet, first, c, last, c))
                .set_name((sheet, layout::SUMMARY_HEADER_ROW, c));
            series.set_format(rust_xlsxwriter::ChartFormat::new().set_solid_fill(
                rust_xlsxwriter::ChartSolidFill::new().set_color(level_color(i, levels)),
            ));
        }
        shares.title().set_name(t("chart_levels_title", lang));
        shares.set_width(900).set_height(420);
        ws.insert_chart(chart_row, 0, &shares)?;
        chart_row += 23;

        let mut points = Chart::new(ChartType::Bar);
        for c in [SummaryCol::Points, SummaryCol::MaxPoints] {
            let col = c.col(catalog);
            points
                .add_series()
                .set_categories((sheet, first, 0, last, 0))
                .set_values((sheet, first, col, last, col))
                .set_name((sheet, layout::SUMMARY_HEADER_ROW, col));
        }
        points.title().set_name(t("chart_points_title", lang));
        points.set_width(900).set_height(420);
        ws.insert_chart(chart_row, 0, &points)?;
    } else {
        let mut chart = Chart::new(ChartType::Column);
        for c in columns.iter().filter(|c| matches!(c, SummaryCol::Coverage | SummaryCol::Degree | SummaryCol::Realized | SummaryCol::Usage)) {
            let col = c.col(catalog);
            chart
                .add_series()
                .set_categories((sheet, first, 0, last, 0))
                .set_values((sheet, first, col, last, col))
                .set_name((sheet, layout::SUMMARY_HEADER_ROW, col));
        }
        chart.title().set_name(t("chart_measures_title", lang));
        chart.y_axis().set_min(0).set_max(1).set_num_format("0%");
        chart.set_width(900).set_height(380);
        ws.insert_chart(chart_row, 0, &chart)?;
    }

    ws.set_landscape().set_paper_size(9).set_print_fit_to_pages(1, 0);
    protect(ws);
    Ok(())
}

/// Red for the lowest level, green for the highest, yellow between.
fn level_color(i: usize, levels: usize) -> Color {
    const RED: (f64, f64, f64) = (0xC0 as f64, 0x39 as f64, 0x2B as f64);
    const YELLOW: (f64, f64, f64) = (0xF1 as f64, 0xC4 as f64, 0x0F as f64);
    const GREEN: (f64, f64, f64) = (0x27 as f64, 0xAE as f64, 0x60 as f64);
    let x = if levels <= 1 { 1.0 } else { i as f64 / (levels - 1) as f64 };
    let (a, b, u) = if x <= 0.5 { (RED, YELLOW, x * 2.0) } else { (YELLOW, GREEN, (x - 0.5) * 2.0) };
    let mix = |p: f64, q: f64| (p + (q - p) * u).round() as u32;
    Color::RGB((mix(a.0, b.0) << 16) | (mix(a.1, b.1) << 8) | mix(a.2, b.2))
}

#[allow(clippy::too_many_arguments)]
fn write_summary_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    is_ratio: bool,
    cell: SummaryCell,
    value: Option<f64>,
    bold: bool,
    f: &Formats,
) -> Result<(), XlsxError> {
    let fmt = match (is_ratio, bold) {
        (true, false) => &f.percent,
        (true, true) => &f.bold_percent,
        (false, false) => &f.number,
        (false, true) => &f.bold_number,
    };
    match cell {
        SummaryCell::Number(v) => {
            ws.write_number_with_format(row, col, v, fmt)?;
        }
        SummaryCell::Formula(formula) => {
            let result = value.map(format_result).unwrap_or_default();
            ws.write_formula_with_format(row, col, Formula::new(formula).set_result(result), fmt)?;
        }
    }
    Ok(())
}

/// A cached formula result, as spreadsheet programs write numbers.
fn format_result(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") }
}

fn write_lists(
    ws: &mut Worksheet,
    catalog: &Catalog,
    lang: Lang,
    municipality: Option<&Municipality>,
) -> Result<(), XlsxError> {
    ws.set_name(layout::LISTS_SHEET)?;
    for key in layout::IDENTITY_KEYS {
        let value = match key {
            "format" => layout::FORMAT.to_string(),
            "catalog_id" => catalog.id.clone(),
            "catalog_version" => catalog.version.clone(),
            "catalog_hash" => catalog.hash.clone(),
            "language" => lang.code().to_string(),
            "tool_version" => TOOL_VERSION.to_string(),
            "municipality_code" => municipality.map(|m| m.code.clone()).unwrap_or_default(),
            _ => unreachable!(),
        };
        let row = layout::identity_row(key);
        ws.write_string(row, 0, key)?;
        ws.write_string(row, 1, value)?;
    }
    let first = layout::LIST_FIRST_ROW;
    ws.write_string(0, layout::ADOPTION_LIST_COL, "adoption")?;
    for (i, o) in catalog.adoption.iter().enumerate() {
        ws.write_string(first + i as u32, layout::ADOPTION_LIST_COL, o.label.get(lang))?;
        ws.write_number(first + i as u32, layout::ADOPTION_LIST_COL + 1, if o.introduced { 1 } else { 0 })?;
    }
    for (k, stage) in catalog.stages.iter().enumerate() {
        let c = layout::stage_list_col(k);
        ws.write_string(0, c, &stage.id)?;
        for (i, o) in stage.options.iter().enumerate() {
            let row = first + i as u32;
            ws.write_string(row, c, o.label.get(lang))?;
            ws.write_number(row, c + 1, o.score.unwrap_or(0.0))?;
            ws.write_number(row, c + 2, if o.score.is_some() { 1 } else { 0 })?;
            ws.write_number(row, c + 3, o.points.unwrap_or(0.0))?;
        }
    }
    let c = layout::codes_list_col(catalog);
    ws.write_string(0, c, "municipality_code")?;
    for (i, m) in Register::embedded().municipalities.iter().enumerate() {
        ws.write_string(first + i as u32, c, &m.code)?;
    }
    ws.set_hidden(true);
    protect(ws);
    Ok(())
}
