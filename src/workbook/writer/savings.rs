//! The savings sheet (docs/measures.md): the hourly cost on top, one row per catalog service
//! grouped by area with its inputs and live formulas (from `crate::measures::savings`), a table of
//! the areas and the total, and a chart of realised against untapped savings per area.
//! Also the totals block of the summary sheet, which reads that table.

use rust_xlsxwriter::{
    Chart, ChartType, DataValidation, DataValidationErrorStyle, DataValidationRule, Format,
    Formula, Workbook, Worksheet, XlsxError,
};

use super::{Template, protect, sizing};
use crate::catalog::savings::{MAX_ANNUAL_COST, MAX_HOURLY_COST, MAX_MINUTES, MAX_VOLUME};
use crate::layout;
use crate::layout::savings::{self as sl, SavingsLayout};
use crate::measures::savings::{self, RowRefs, SavingsInputs, SavingsTotals};
use crate::texts::{t, tf};

/// Formats of the savings sheet: euros without decimals, inputs as on the area sheets.
struct Money {
    euros: Format,
    euros_bold: Format,
    input: Format,
}

impl Money {
    fn new(tpl: &Template) -> Money {
        Money {
            euros: tpl.f.number.clone().set_num_format("#,##0"),
            euros_bold: tpl.f.bold_number.clone().set_num_format("#,##0"),
            input: tpl.f.input.clone().set_num_format("#,##0.##"),
        }
    }
}

/// Adds the savings sheet and its `hourly_cost` name, when the catalog has savings;
/// `carried` are a return's inputs for a prefilled workbook.
pub(super) fn add(
    wb: &mut Workbook,
    tpl: &Template,
    carried: Option<&SavingsInputs>,
) -> Result<(), XlsxError> {
    let Some(l) = SavingsLayout::new(tpl.catalog) else { return Ok(()) };
    let name = sl::sheet_name(tpl.lang);
    write(wb.add_worksheet().set_name(name)?, tpl, &l, carried)?;
    wb.define_name(
        sl::HOURLY_COST_NAME,
        &format!(
            "={}!{}",
            layout::quote_sheet(name),
            layout::abs_cell(sl::HOURLY_ROW, sl::VOLUME_COL)
        ),
    )?;
    Ok(())
}

fn write(
    ws: &mut Worksheet,
    tpl: &Template,
    l: &SavingsLayout,
    carried: Option<&SavingsInputs>,
) -> Result<(), XlsxError> {
    let (lang, f) = (tpl.lang, &tpl.f);
    let money = Money::new(tpl);
    ws.set_formula_result_default("");
    ws.write_string_with_format(sl::TITLE_ROW, 0, t("savings_title", lang), &f.title)?;
    // The note wraps within the printed width instead of running off to a page of its own.
    let note = f.subtitle.clone().set_text_wrap().set_align(rust_xlsxwriter::FormatAlign::Top);
    ws.merge_range(sl::NOTE_ROW, 0, sl::NOTE_ROW, l.last_col(), t("savings_note", lang), &note)?;
    ws.set_row_height(sl::NOTE_ROW, sizing::lines_height(2, sizing::BODY_PT))?;
    ws.write_string_with_format(
        sl::HOURLY_ROW,
        sl::NAME_COL,
        t("savings_hourly_cost", lang),
        &f.bold,
    )?;
    number_or_blank(
        ws,
        sl::HOURLY_ROW,
        sl::VOLUME_COL,
        carried.and_then(|c| c.hourly_cost),
        &money.input,
    )?;
    headers(ws, tpl, l)?;
    service_rows(ws, tpl, l, &money, carried)?;
    area_table(ws, tpl, l, &money)?;
    validations(ws, tpl, l)?;
    chart(ws, tpl, l)?;
    let (widths, header_height) = column_widths(ws, tpl, l)?;
    ws.set_row_height(sl::HEADER_ROW, header_height)?;
    ws.set_freeze_panes(sl::HEADER_ROW + 1, sl::NAME_COL + 1)?;
    let titles =
        sizing::PrintTitles { rows: (0, sl::HEADER_ROW), cols: Some((sl::ID_COL, sl::NAME_COL)) };
    // Programs lay these narrow numeric columns out a little wider than the estimate: a
    // margin keeps the sheet one page wide (still at 7 pt or more).
    if let sizing::Scale::OnePageWide(p) = sizing::print_setup(ws, &widths, &titles)? {
        let scale =
            (f64::from(p) * 0.93).floor().max(sizing::MIN_PRINT_PT / sizing::SMALLEST_PT * 100.0);
        ws.set_print_scale(scale as u16);
    }
    fit_rows(ws, tpl, l, widths.get(sl::NAME_COL).unwrap_or(40.0))?;
    protect(ws);
    Ok(())
}

fn headers(ws: &mut Worksheet, tpl: &Template, l: &SavingsLayout) -> Result<(), XlsxError> {
    let (catalog, lang, f) = (tpl.catalog, tpl.lang, &tpl.f);
    let h = sl::HEADER_ROW;
    ws.write_string_with_format(h, sl::ID_COL, t("col_id", lang), &f.header)?;
    ws.write_string_with_format(h, sl::NAME_COL, t("col_service", lang), &f.header)?;
    ws.write_string_with_format(
        h,
        sl::INTRODUCED_COL,
        t("savings_col_introduced", lang),
        &f.header,
    )?;
    ws.write_string_with_format(h, sl::VOLUME_COL, t("savings_col_volume", lang), &f.header)?;
    let model = catalog.savings.as_ref().expect("a savings layout has a savings model");
    for (j, &k) in model.stages.iter().enumerate() {
        let header =
            tf("savings_col_minutes", lang, &[("stage", catalog.stages[k].name.get(lang))]);
        ws.write_string_with_format(h, l.minutes[j], header, &f.header)?;
    }
    ws.write_string_with_format(h, l.cost, t("savings_col_cost", lang), &f.header)?;
    ws.write_string_with_format(h, l.realized, t("savings_col_realized", lang), &f.header)?;
    ws.write_string_with_format(h, l.potential, t("savings_col_potential", lang), &f.header)?;
    ws.write_string_with_format(h, l.untapped, t("savings_col_untapped", lang), &f.header)?;
    Ok(())
}

/// Widths that keep every header word whole and the sheet one page wide at a legible size:
/// the numeric columns as narrow as their longest header word allows, the name column
/// taking what is left of a page (between 24 and 40 units).
fn column_widths(
    ws: &mut Worksheet,
    tpl: &Template,
    l: &SavingsLayout,
) -> Result<(sizing::Widths, f64), XlsxError> {
    // Width units that print one page wide with 10 pt text at 7 pt or more (sizing::scale_for).
    const PAGE_UNITS: f64 = 170.0;
    let (catalog, lang) = (tpl.catalog, tpl.lang);
    let model = catalog.savings.as_ref().expect("a savings layout has a savings model");
    let mut headers: Vec<(u16, String)> = vec![
        (sl::INTRODUCED_COL, t("savings_col_introduced", lang).to_string()),
        (sl::VOLUME_COL, t("savings_col_volume", lang).to_string()),
        (l.cost, t("savings_col_cost", lang).to_string()),
        (l.realized, t("savings_col_realized", lang).to_string()),
        (l.potential, t("savings_col_potential", lang).to_string()),
        (l.untapped, t("savings_col_untapped", lang).to_string()),
    ];
    for (j, &k) in model.stages.iter().enumerate() {
        headers.push((
            l.minutes[j],
            tf("savings_col_minutes", lang, &[("stage", catalog.stages[k].name.get(lang))]),
        ));
    }
    let mut widths = sizing::Widths::default();
    // The ids whole, in their smaller font (never cut by the name beside them).
    let ids = catalog.areas.iter().flat_map(|a| &a.services).map(|s| sizing::id_width(&s.id));
    let id = ids.fold(sizing::longest_word(t("col_id", lang), true), f64::max) + 1.0;
    widths.set(ws, sl::ID_COL, id)?;
    let mut used = id;
    for (col, text) in &headers {
        let w = (sizing::longest_word(text, true) + 1.5).max(10.0);
        widths.set(ws, *col, w)?;
        used += w;
    }
    widths.set(ws, sl::NAME_COL, (PAGE_UNITS - used).clamp(24.0, 40.0))?;
    let height = sizing::header_height(&widths, &headers);
    Ok((widths, height))
}

/// Service rows as high as their wrapped names.
fn fit_rows(
    ws: &mut Worksheet,
    tpl: &Template,
    l: &SavingsLayout,
    name_width: f64,
) -> Result<(), XlsxError> {
    for (a, area) in tpl.catalog.areas.iter().enumerate() {
        for (s, service) in area.services.iter().enumerate() {
            let lines = sizing::wrapped_lines(service.name.get(tpl.lang), name_width, false);
            if lines > 1 {
                ws.set_row_height(l.services[a][s], sizing::lines_height(lines, sizing::BODY_PT))?;
            }
        }
    }
    Ok(())
}

/// The formulas of each service row, `[area][service]`: introduced, realised, potential and
/// untapped savings; the same in every workbook of a catalog and language.
pub(super) type SavingsFormulas = Vec<Vec<[Formula; 4]>>;

fn formulas(tpl: &Template, l: &SavingsLayout) -> SavingsFormulas {
    let (catalog, lang) = (tpl.catalog, tpl.lang);
    let (yes, no) = (t("savings_yes", lang), t("savings_no", lang));
    let mut all = Vec::new();
    for (a, area) in catalog.areas.iter().enumerate() {
        let area_sheet = layout::area_sheet_name(catalog, a, lang);
        let rows = area.services.iter().enumerate().map(|(s, service)| {
            let refs = RowRefs {
                catalog,
                layout: l,
                service,
                area_sheet: &area_sheet,
                area_row: layout::service_row(s),
                row: l.services[a][s],
            };
            [
                Formula::new(refs.introduced_formula(yes, no)),
                Formula::new(refs.realized_formula()),
                Formula::new(refs.potential_formula()),
                Formula::new(refs.untapped_formula()),
            ]
        });
        all.push(rows.collect());
    }
    all
}

/// Per area a heading row, then per service its inputs (the minutes prefilled with the
/// catalog's starting estimates, "—" where the service has no such stage) and formulas.
/// Each column's format is set over an area's rows at once (rust_xlsxwriter hashes a format
/// at every write with one).
fn service_rows(
    ws: &mut Worksheet,
    tpl: &Template,
    l: &SavingsLayout,
    money: &Money,
    carried: Option<&SavingsInputs>,
) -> Result<(), XlsxError> {
    let (catalog, lang, f) = (tpl.catalog, tpl.lang, &tpl.f);
    let model = catalog.savings.as_ref().expect("a savings layout has a savings model");
    let shared = tpl.shared.savings(tpl, || formulas(tpl, l));
    for (a, area) in catalog.areas.iter().enumerate() {
        ws.write_string_with_format(l.area_heading[a], sl::NAME_COL, area.name.get(lang), &f.bold)?;
        let mut lacking = Vec::new();
        for (s, service) in area.services.iter().enumerate() {
            let row = l.services[a][s];
            let [introduced, realized, potential, untapped] = shared[a][s].clone();
            ws.write_string(row, sl::ID_COL, &service.id)?;
            ws.write_string(row, sl::NAME_COL, service.name.get(lang))?;
            ws.write_formula(row, sl::INTRODUCED_COL, introduced.set_result(""))?;
            let input = carried.and_then(|c| c.services.get(a)?.get(s));
            number_or_none(ws, row, sl::VOLUME_COL, input.and_then(|i| i.volume))?;
            let minutes = input.map_or_else(|| model.estimates(&service.id), |i| i.minutes.clone());
            for (j, &k) in model.stages.iter().enumerate() {
                if service.stages.contains(&k) {
                    number_or_none(ws, row, l.minutes[j], minutes.get(j).copied().flatten())?;
                } else {
                    lacking.push((row, l.minutes[j]));
                }
            }
            number_or_none(ws, row, l.cost, input.and_then(|i| i.annual_cost))?;
            for (col, formula) in
                [(l.realized, realized), (l.potential, potential), (l.untapped, untapped)]
            {
                ws.write_formula(row, col, formula.set_result(""))?;
            }
        }
        let (Some(&first), Some(&last)) = (l.services[a].first(), l.services[a].last()) else {
            continue;
        };
        let inputs = [sl::VOLUME_COL].into_iter().chain(l.minutes.iter().copied()).chain([l.cost]);
        let columns = [(sl::ID_COL, &f.id), (sl::NAME_COL, &f.service_name)]
            .into_iter()
            .chain([(sl::INTRODUCED_COL, &f.fixed)])
            .chain(inputs.map(|c| (c, &money.input)))
            .chain([l.realized, l.potential, l.untapped].map(|c| (c, &money.euros)));
        for (col, format) in columns {
            ws.set_range_format(first, col, last, col, format)?;
        }
        for (row, col) in lacking {
            ws.write_string_with_format(row, col, "—", &f.na)?;
        }
    }
    Ok(())
}

/// An input's number, when there is one (its format is set with its column's).
fn number_or_none(ws: &mut Worksheet, row: u32, col: u16, v: Option<f64>) -> Result<(), XlsxError> {
    if let Some(v) = v {
        ws.write_number(row, col, v)?;
    }
    Ok(())
}

/// One row per area (the subtotals), then the total; cached results are the blank state.
fn area_table(
    ws: &mut Worksheet,
    tpl: &Template,
    l: &SavingsLayout,
    money: &Money,
) -> Result<(), XlsxError> {
    let (catalog, lang, f) = (tpl.catalog, tpl.lang, &tpl.f);
    let h = l.table_header;
    ws.write_string_with_format(h, sl::NAME_COL, t("sum_area", lang), &f.header)?;
    ws.write_string_with_format(h, sl::VOLUME_COL, t("savings_col_reported", lang), &f.header)?;
    for (col, key) in [
        (l.realized, "savings_col_realized"),
        (l.potential, "savings_col_potential"),
        (l.untapped, "savings_col_untapped"),
    ] {
        ws.write_string_with_format(h, col, t(key, lang), &f.header)?;
    }
    ws.set_row_height(h, sizing::lines_height(4, sizing::BODY_PT))?;
    let blank = SavingsTotals::default();
    let cols = [sl::VOLUME_COL, l.realized, l.potential, l.untapped];
    for (a, area) in catalog.areas.iter().enumerate() {
        let row = l.table_row(a);
        ws.write_string_with_format(row, sl::NAME_COL, area.name.get(lang), &f.bold)?;
        for col in cols {
            let formula = Formula::new(savings::area_total_formula(l, a, col));
            let fmt = if col == sl::VOLUME_COL { &f.number } else { &money.euros };
            ws.write_formula_with_format(row, col, formula.set_result("0"), fmt)?;
        }
    }
    ws.write_string_with_format(l.total, sl::NAME_COL, t("sum_overall", lang), &f.bold)?;
    for col in cols {
        let value = savings::total_value(l, &blank, col);
        let formula = Formula::new(savings::total_formula(l, catalog.areas.len(), col))
            .set_result(value.to_string());
        let fmt = if col == sl::VOLUME_COL { &f.bold_number } else { &money.euros_bold };
        ws.write_formula_with_format(l.total, col, formula, fmt)?;
    }
    Ok(())
}

/// Numbers only (Stop), each input with its message.
fn validations(ws: &mut Worksheet, tpl: &Template, l: &SavingsLayout) -> Result<(), XlsxError> {
    let lang = tpl.lang;
    let dv = |rule: DataValidation, what: &str| -> Result<DataValidation, XlsxError> {
        rule.set_error_style(DataValidationErrorStyle::Stop)
            .set_input_title(truncate(t("savings_input_title", lang), 32))?
            .set_input_message(truncate(&tf("savings_input_msg", lang, &[("what", what)]), 255))?
            .set_error_title(truncate(t("error_usage_title", lang), 32))?
            .set_error_message(truncate(&tf("savings_error_msg", lang, &[("what", what)]), 255))
    };
    let hourly = dv(
        DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(0.01, MAX_HOURLY_COST)),
        t("savings_rule_hourly", lang),
    )?;
    ws.add_data_validation(
        sl::HOURLY_ROW,
        sl::VOLUME_COL,
        sl::HOURLY_ROW,
        sl::VOLUME_COL,
        &hourly,
    )?;
    let volume = dv(
        DataValidation::new().allow_whole_number(DataValidationRule::Between(0, MAX_VOLUME as i32)),
        t("savings_rule_volume", lang),
    )?;
    let minutes = dv(
        DataValidation::new().allow_decimal_number(DataValidationRule::Between(0.0, MAX_MINUTES)),
        t("savings_rule_minutes", lang),
    )?;
    let cost = dv(
        DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(0.0, MAX_ANNUAL_COST)),
        t("savings_rule_cost", lang),
    )?;
    for rows in &l.services {
        let (Some(&first), Some(&last)) = (rows.first(), rows.last()) else { continue };
        ws.add_data_validation(first, sl::VOLUME_COL, last, sl::VOLUME_COL, &volume)?;
        if let (Some(&c0), Some(&c1)) = (l.minutes.first(), l.minutes.last()) {
            ws.add_data_validation(first, c0, last, c1, &minutes)?;
        }
        ws.add_data_validation(first, l.cost, last, l.cost, &cost)?;
    }
    Ok(())
}

/// Realised against untapped savings per area, stacked: together they are the potential.
fn chart(ws: &mut Worksheet, tpl: &Template, l: &SavingsLayout) -> Result<(), XlsxError> {
    let sheet = sl::sheet_name(tpl.lang);
    let (first, last) = (l.table_first, l.table_first + tpl.catalog.areas.len() as u32 - 1);
    let mut chart = Chart::new(ChartType::ColumnStacked);
    for col in [l.realized, l.untapped] {
        chart
            .add_series()
            .set_categories((sheet, first, sl::NAME_COL, last, sl::NAME_COL))
            .set_values((sheet, first, col, last, col))
            .set_name((sheet, l.table_header, col));
    }
    chart.title().set_name(t("savings_chart_title", tpl.lang));
    chart.y_axis().set_num_format("#,##0");
    chart.set_width(sizing::CHART_WIDTH).set_height(sizing::MEASURES_CHART_HEIGHT);
    // The chart on a page of its own, never cut across two.
    ws.set_page_breaks(&[l.chart_row])?;
    ws.insert_chart(l.chart_row, sl::NAME_COL, &chart)?;
    Ok(())
}

/// The savings totals on the summary sheet, from row `top` in its first two columns, read
/// from the savings sheet; returns the first row below them (`top` without savings).
/// `widths` are the summary's, for the height of the block's header.
pub(super) fn summary_totals(
    ws: &mut Worksheet,
    tpl: &Template,
    top: u32,
    widths: &sizing::Widths,
) -> Result<u32, XlsxError> {
    let Some(l) = SavingsLayout::new(tpl.catalog) else { return Ok(top) };
    let (lang, f) = (tpl.lang, &tpl.f);
    let money = Money::new(tpl);
    let sheet = layout::quote_sheet(sl::sheet_name(lang));
    let headers = [
        (0, t("savings_summary_heading", lang).to_string()),
        (1, t("savings_summary_eur", lang).to_string()),
    ];
    for (c, text) in &headers {
        ws.write_string_with_format(top, *c, text, &f.header)?;
    }
    ws.set_row_height(top, sizing::header_height(widths, &headers))?;
    let rows = [
        ("savings_col_realized", l.realized),
        ("savings_col_potential", l.potential),
        ("savings_col_untapped", l.untapped),
        ("savings_col_reported", sl::VOLUME_COL),
    ];
    for (i, (key, source)) in rows.into_iter().enumerate() {
        let row = top + 1 + i as u32;
        ws.write_string_with_format(row, 0, t(key, lang), &f.bold)?;
        let formula =
            Formula::new(format!("{sheet}!{}", layout::abs_cell(l.total, source))).set_result("0");
        let fmt = if source == sl::VOLUME_COL { &f.number } else { &money.euros };
        ws.write_formula_with_format(row, 1, formula, fmt)?;
    }
    Ok(top + 1 + rows.len() as u32)
}

/// An input cell: the number when there is one, else blank, in the input format.
fn number_or_blank(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    v: Option<f64>,
    fmt: &Format,
) -> Result<(), XlsxError> {
    match v {
        Some(v) => ws.write_number_with_format(row, col, v, fmt)?,
        None => ws.write_blank(row, col, fmt)?,
    };
    Ok(())
}

fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}
