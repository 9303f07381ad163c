//! Writes the consolidated summary workbook for the ministry (DESIGN §7). Numbers are
//! written as values, so every program shows them identically; text that came from a
//! return is always written as text, never as a formula.

use rust_xlsxwriter::{
    Chart, ChartType, Color, ConditionalFormat3ColorScale, DocProperties, Format, FormatAlign,
    FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::check::findings::Severity;
use crate::measures::Measures;
use crate::register::Register;
use crate::round::{self, Round, mean, median};
use crate::texts::{t, tf};

struct Formats {
    title: Format,
    subtitle: Format,
    header: Format,
    percent: Format,
    change: Format,
    bold: Format,
    bold_percent: Format,
    number: Format,
    bold_number: Format,
    points_change: Format,
    warning: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            subtitle: Format::new().set_italic().set_font_color(Color::RGB(0x505A64)),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xDCE6F0))
                .set_border(FormatBorder::Thin),
            percent: Format::new().set_num_format("0.0%"),
            change: Format::new().set_num_format("+0.0%;-0.0%;0.0%"),
            bold: Format::new().set_bold(),
            bold_percent: Format::new().set_bold().set_num_format("0.0%"),
            number: Format::new().set_num_format("0.##"),
            bold_number: Format::new().set_bold().set_num_format("0.##"),
            points_change: Format::new().set_num_format("+0.0;-0.0;0"),
            warning: Format::new().set_bold().set_font_color(Color::RGB(0xB00020)),
        }
    }
}

/// Excel's limit for one cell's text.
fn cell_text(s: &str) -> String {
    if s.chars().count() > 32_000 { s.chars().take(32_000).collect::<String>() + "…" } else { s.to_string() }
}

fn write_text(ws: &mut Worksheet, row: u32, col: u16, s: &str) -> Result<(), XlsxError> {
    if !s.is_empty() {
        ws.write_string(row, col, cell_text(s))?;
    }
    Ok(())
}

fn write_opt(ws: &mut Worksheet, row: u32, col: u16, v: Option<f64>, f: &Format) -> Result<(), XlsxError> {
    if let Some(v) = v {
        ws.write_number_with_format(row, col, v, f)?;
    }
    Ok(())
}

/// The columns shown per area on the overview, as the catalog asks: coverage and realised
/// potential need an adoption gate, usage a usage question, points answers with points
/// (then also the difference from the national mean).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Col {
    Coverage,
    Degree,
    Realized,
    Usage,
    Points,
    PointsVsMean,
}

impl Col {
    fn for_catalog(catalog: &crate::catalog::Catalog) -> Vec<Col> {
        let mut cols = Vec::new();
        if catalog.has_adoption() {
            cols.push(Col::Coverage);
        }
        cols.push(Col::Degree);
        if catalog.has_adoption() {
            cols.push(Col::Realized);
        }
        if catalog.usage {
            cols.push(Col::Usage);
        }
        if catalog.has_points() {
            cols.extend([Col::Points, Col::PointsVsMean]);
        }
        cols
    }

    fn value(self, m: &Measures, national_points: Option<f64>) -> Option<f64> {
        match self {
            Col::Coverage => Some(m.coverage),
            Col::Degree => m.degree,
            Col::Realized => Some(m.realized),
            Col::Usage => m.usage,
            Col::Points => m.points,
            Col::PointsVsMean => m.points.zip(national_points).map(|(p, n)| p - n),
        }
    }

    fn header_key(self) -> &'static str {
        match self {
            Col::Coverage => "sum_coverage",
            Col::Degree => "sum_degree",
            Col::Realized => "sum_realized",
            Col::Usage => "sum_usage",
            Col::Points => "sum_points",
            Col::PointsVsMean => "agg_vs_mean",
        }
    }

    fn format(self, f: &Formats, bold: bool) -> &Format {
        match (self, bold) {
            (Col::Points, false) => &f.number,
            (Col::Points, true) => &f.bold_number,
            (Col::PointsVsMean, _) => &f.points_change,
            (_, false) => &f.percent,
            (_, true) => &f.bold_percent,
        }
    }
}

/// Coverage, degree, realised, usage and points: what the hidden data sheet keeps.
fn data_values(m: &Measures) -> [Option<f64>; 5] {
    [Some(m.coverage), m.degree, Some(m.realized), m.usage, m.points]
}

pub fn build(round: &Round<'_>, today: &str) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let f = Formats::new();
    let lang = round.lang;

    let overview = wb.add_worksheet();
    write_overview(overview, round, today, &f)?;
    for a in 0..round.catalog.areas.len() {
        let ws = wb.add_worksheet();
        write_area_matrix(ws, round, a, &f)?;
    }
    let ws = wb.add_worksheet();
    write_services(ws, round, &f)?;
    if round.previous.is_some() {
        let ws = wb.add_worksheet();
        write_changes(ws, round, &f)?;
    }
    let ws = wb.add_worksheet();
    write_missing(ws, round, &f)?;
    let ws = wb.add_worksheet();
    write_added(ws, round, &f)?;
    let ws = wb.add_worksheet();
    write_validation(ws, round, &f)?;
    let ws = wb.add_worksheet();
    write_charts(ws, round, &f)?;
    let ws = wb.add_worksheet();
    write_data(ws, round)?;

    let props = DocProperties::new()
        .set_title(t("agg_title", lang))
        .set_author("digiaste")
        .set_custom_property("digiaste.format", round::SUMMARY_FORMAT)
        .set_custom_property("digiaste.catalog_id", round.catalog.id.as_str())
        .set_custom_property("digiaste.catalog_version", round.catalog.version.as_str());
    wb.set_properties(&props);
    wb.save_to_buffer()
}

fn write_overview(ws: &mut Worksheet, round: &Round<'_>, today: &str, f: &Formats) -> Result<(), XlsxError> {
    let lang = round.lang;
    let catalog = round.catalog;
    ws.set_name(t("agg_sheet_overview", lang))?;
    ws.write_string_with_format(0, 0, t("agg_title", lang), &f.title)?;
    ws.write_string_with_format(
        1,
        0,
        tf(
            "agg_generated",
            lang,
            &[
                ("date", today),
                ("catalog", &format!("{} {}", catalog.id, catalog.version)),
                ("valid", &round.kept.len().to_string()),
                ("rejected", &round.rejected.len().to_string()),
                ("missing", &round.missing.len().to_string()),
            ],
        ),
        &f.subtitle,
    )?;
    let group_row = 3u32;
    let header_row = 4u32;
    let first = 5u32;
    let fixed = ["agg_code", "agg_name", "agg_region", "agg_file", "agg_date", "agg_status"];
    for (c, key) in fixed.iter().enumerate() {
        ws.merge_range(group_row, c as u16, header_row, c as u16, t(key, lang), &f.header)?;
    }
    let base = fixed.len() as u16;
    let groups: Vec<String> = catalog
        .areas
        .iter()
        .map(|a| a.name.get(lang).to_string())
        .chain([t("sum_overall", lang).to_string()])
        .collect();
    let cols = Col::for_catalog(catalog);
    let width = cols.len() as u16;
    for (g, name) in groups.iter().enumerate() {
        let c0 = base + width * g as u16;
        if width > 1 {
            ws.merge_range(group_row, c0, group_row, c0 + width - 1, name, &f.header)?;
        } else {
            ws.write_string_with_format(group_row, c0, name, &f.header)?;
        }
        for (i, col) in cols.iter().enumerate() {
            ws.write_string_with_format(header_row, c0 + i as u16, t(col.header_key(), lang), &f.header)?;
        }
    }
    let last_col = base + width * groups.len() as u16 - 1;
    // National mean points per group, for the "difference from the mean" columns.
    let group_measures = |k: &crate::round::Kept, g: usize| -> Measures {
        if g < catalog.areas.len() { k.scores.areas[g].measures.clone() } else { k.scores.overall.clone() }
    };
    let national_points: Vec<Option<f64>> = (0..groups.len())
        .map(|g| mean(&round.kept.iter().filter_map(|k| group_measures(k, g).points).collect::<Vec<_>>()))
        .collect();
    let status_valid = t("report_status_valid", lang);
    for (i, k) in round.kept.iter().enumerate() {
        let row = first + i as u32;
        let r = &round.returns[k.index];
        ws.write_string(row, 0, &k.code)?;
        write_text(ws, row, 1, &k.name)?;
        let region = Register::embedded().get(&k.code).map(|m| m.region(lang)).unwrap_or("");
        write_text(ws, row, 2, region)?;
        write_text(ws, row, 3, &r.path.display().to_string())?;
        write_text(ws, row, 4, r.response_date.as_deref().unwrap_or(""))?;
        ws.write_string(row, 5, status_valid)?;
        for g in 0..groups.len() {
            let m = group_measures(k, g);
            for (i, col) in cols.iter().enumerate() {
                write_opt(ws, row, base + width * g as u16 + i as u16, col.value(&m, national_points[g]), col.format(f, false))?;
            }
        }
    }
    let n = round.kept.len() as u32;
    if n > 0 {
        let last = first + n - 1;
        // National mean and median rows, below the filtered table.
        let mean_row = last + 2;
        ws.write_string_with_format(mean_row, 1, t("agg_mean", lang), &f.bold)?;
        ws.write_string_with_format(mean_row + 1, 1, t("agg_median", lang), &f.bold)?;
        for g in 0..groups.len() {
            for (i, col) in cols.iter().enumerate() {
                let values: Vec<f64> =
                    round.kept.iter().filter_map(|k| col.value(&group_measures(k, g), national_points[g])).collect();
                let c = base + width * g as u16 + i as u16;
                write_opt(ws, mean_row, c, mean(&values), col.format(f, true))?;
                write_opt(ws, mean_row + 1, c, median(&values), col.format(f, true))?;
            }
        }
        for col in base..=last_col {
            ws.add_conditional_format(first, col, last, col, &ConditionalFormat3ColorScale::new())?;
        }
        ws.autofilter(header_row, 0, last, last_col)?;
    }
    ws.set_freeze_panes(first, 2)?;
    ws.set_column_width(0, 11)?;
    ws.set_column_width(1, 20)?;
    ws.set_column_width(2, 16)?;
    ws.set_column_width(3, 28)?;
    ws.set_column_width(4, 12)?;
    ws.set_column_width(5, 10)?;
    for c in base..=last_col {
        ws.set_column_width(c, 11)?;
    }
    ws.set_row_height(header_row, 30)?;
    ws.set_landscape().set_paper_size(9).set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, header_row)?;
    Ok(())
}

fn write_area_matrix(ws: &mut Worksheet, round: &Round<'_>, a: usize, f: &Formats) -> Result<(), XlsxError> {
    let lang = round.lang;
    let area = &round.catalog.areas[a];
    ws.set_name(area.name.get(lang))?;
    ws.write_string_with_format(0, 0, area.name.get(lang), &f.title)?;
    // Indicator catalogs show each item's points, the others each service's degree.
    let points = round.catalog.has_points();
    ws.write_string_with_format(1, 0, t(if points { "col_points" } else { "col_degree" }, lang), &f.subtitle)?;
    let (name_row, id_row, first) = (2u32, 3u32, 4u32);
    ws.write_string_with_format(name_row, 0, t("agg_code", lang), &f.header)?;
    ws.write_string_with_format(name_row, 1, t("agg_name", lang), &f.header)?;
    ws.write_string_with_format(id_row, 0, "", &f.header)?;
    ws.write_string_with_format(id_row, 1, "", &f.header)?;
    for (s, svc) in area.services.iter().enumerate() {
        ws.write_string_with_format(name_row, 2 + s as u16, svc.name.get(lang), &f.header)?;
        ws.write_string_with_format(id_row, 2 + s as u16, &svc.id, &f.header)?;
        ws.set_column_width(2 + s as u16, 14)?;
    }
    for (i, k) in round.kept.iter().enumerate() {
        let row = first + i as u32;
        ws.write_string(row, 0, &k.code)?;
        write_text(ws, row, 1, &k.name)?;
        for (s, svc) in k.scores.areas[a].services.iter().enumerate() {
            // Empty = not introduced (or not answered).
            if points {
                write_opt(ws, row, 2 + s as u16, svc.points, &f.number)?;
            } else {
                write_opt(ws, row, 2 + s as u16, svc.degree, &f.percent)?;
            }
        }
    }
    let n = round.kept.len() as u32;
    if n > 0 && !area.services.is_empty() {
        let last_col = 1 + area.services.len() as u16;
        ws.add_conditional_format(first, 2, first + n - 1, last_col, &ConditionalFormat3ColorScale::new())?;
        ws.autofilter(id_row, 0, first + n - 1, last_col)?;
    }
    ws.set_row_height(name_row, 60)?;
    ws.set_column_width(0, 11)?;
    ws.set_column_width(1, 20)?;
    ws.set_freeze_panes(first, 2)?;
    Ok(())
}

fn write_services(ws: &mut Worksheet, round: &Round<'_>, f: &Formats) -> Result<(), XlsxError> {
    let lang = round.lang;
    let catalog = round.catalog;
    ws.set_name(t("agg_sheet_services", lang))?;
    ws.write_string_with_format(0, 0, t("agg_sheet_services", lang), &f.title)?;
    ws.write_string_with_format(1, 0, t("agg_stage_shares", lang), &f.subtitle)?;
    let (group_row, header_row, first) = (2u32, 3u32, 4u32);
    let fixed = [
        "agg_area",
        "agg_service_id",
        "agg_service",
        "agg_share_introduced",
        "agg_mean_degree",
        "agg_median_degree",
        "agg_mean_usage",
    ];
    for (c, key) in fixed.iter().enumerate() {
        ws.merge_range(group_row, c as u16, header_row, c as u16, t(key, lang), &f.header)?;
    }
    // One column per stage option.
    let mut col = fixed.len() as u16;
    let mut option_cols: Vec<Vec<u16>> = Vec::new();
    for stage in &catalog.stages {
        let c0 = col;
        let mut cols = Vec::new();
        for o in &stage.options {
            ws.write_string_with_format(header_row, col, o.label.get(lang), &f.header)?;
            ws.set_column_width(col, 14)?;
            cols.push(col);
            col += 1;
        }
        if col - 1 > c0 {
            ws.merge_range(group_row, c0, group_row, col - 1, stage.name.get(lang), &f.header)?;
        } else {
            ws.write_string_with_format(group_row, c0, stage.name.get(lang), &f.header)?;
        }
        option_cols.push(cols);
    }
    let n = round.kept.len();
    let mut row = first;
    for (a, area) in catalog.areas.iter().enumerate() {
        for (s, svc) in area.services.iter().enumerate() {
            ws.write_string(row, 0, area.name.get(lang))?;
            ws.write_string(row, 1, &svc.id)?;
            ws.write_string(row, 2, svc.name.get(lang))?;
            let scored: Vec<&crate::measures::ServiceScore> = round.kept.iter().map(|k| &k.scores.areas[a].services[s]).collect();
            let intro: Vec<usize> = (0..n).filter(|&i| scored[i].introduced == Some(true)).collect();
            if n > 0 {
                ws.write_number_with_format(row, 3, intro.len() as f64 / n as f64, &f.percent)?;
            }
            let degrees: Vec<f64> = scored.iter().filter_map(|x| x.degree).collect();
            let usages: Vec<f64> = scored.iter().filter_map(|x| x.usage).collect();
            write_opt(ws, row, 4, mean(&degrees), &f.percent)?;
            write_opt(ws, row, 5, median(&degrees), &f.percent)?;
            write_opt(ws, row, 6, mean(&usages), &f.percent)?;
            if !intro.is_empty() {
                for &k in &svc.stages {
                    for (o, &c) in option_cols[k].iter().enumerate() {
                        let count = intro
                            .iter()
                            .filter(|&&i| round.returns[round.kept[i].index].answers[a][s].stages[k] == Some(o))
                            .count();
                        ws.write_number_with_format(row, c, count as f64 / intro.len() as f64, &f.percent)?;
                    }
                }
            }
            row += 1;
        }
    }
    ws.set_column_width(0, 24)?;
    ws.set_column_width(1, 26)?;
    ws.set_column_width(2, 36)?;
    for c in 3..7 {
        ws.set_column_width(c, 13)?;
    }
    ws.set_row_height(header_row, 75)?;
    ws.set_freeze_panes(first, 3)?;
    if row > first {
        ws.autofilter(header_row, 0, row - 1, col - 1)?;
    }
    Ok(())
}

fn write_changes(ws: &mut Worksheet, round: &Round<'_>, f: &Formats) -> Result<(), XlsxError> {
    let lang = round.lang;
    let catalog = round.catalog;
    let prev = round.previous.as_ref().expect("changes need the earlier summary");
    ws.set_name(t("agg_sheet_changes", lang))?;
    ws.write_string_with_format(0, 0, t("agg_sheet_changes", lang), &f.title)?;
    ws.write_string_with_format(
        1,
        0,
        tf(
            "agg_previous",
            lang,
            &[("file", &prev.path.display().to_string()), ("catalog", &format!("{} {}", prev.catalog_id, prev.catalog_version))],
        ),
        &f.subtitle,
    )?;
    if prev.catalog_id != catalog.id || prev.catalog_version != catalog.version {
        ws.write_string_with_format(
            2,
            0,
            tf("agg_previous_version_warning", lang, &[("previous", &format!("{} {}", prev.catalog_id, prev.catalog_version))]),
            &f.warning,
        )?;
    }
    let (group_row, header_row, first) = (3u32, 4u32, 5u32);
    ws.merge_range(group_row, 0, header_row, 0, t("agg_code", lang), &f.header)?;
    ws.merge_range(group_row, 1, header_row, 1, t("agg_name", lang), &f.header)?;
    let groups: Vec<(String, String)> = catalog
        .areas
        .iter()
        .map(|a| (a.id.clone(), a.name.get(lang).to_string()))
        .chain([(String::new(), t("sum_overall", lang).to_string())])
        .collect();
    // Change in coverage (with an adoption gate), degree and points (with points).
    let mut shown: Vec<(usize, &str)> = Vec::new(); // index into data_values, header key
    if catalog.has_adoption() {
        shown.push((0, "sum_coverage"));
    }
    shown.push((1, "sum_degree"));
    if catalog.has_points() {
        shown.push((4, "sum_points"));
    }
    let width = shown.len() as u16;
    for (g, (_, name)) in groups.iter().enumerate() {
        let c0 = 2 + width * g as u16;
        if width > 1 {
            ws.merge_range(group_row, c0, group_row, c0 + width - 1, name, &f.header)?;
        } else {
            ws.write_string_with_format(group_row, c0, name, &f.header)?;
        }
        for (i, (_, key)) in shown.iter().enumerate() {
            ws.write_string_with_format(header_row, c0 + i as u16, t(key, lang), &f.header)?;
        }
    }
    for (i, k) in round.kept.iter().enumerate() {
        let row = first + i as u32;
        ws.write_string(row, 0, &k.code)?;
        write_text(ws, row, 1, &k.name)?;
        for (g, (area_id, _)) in groups.iter().enumerate() {
            let now = if area_id.is_empty() {
                &k.scores.overall
            } else {
                &k.scores.areas.iter().find(|a| &a.id == area_id).unwrap().measures
            };
            let Some(before) = prev.values.get(&(k.code.clone(), area_id.clone())) else { continue };
            let now = data_values(now);
            for (j, &(v, _)) in shown.iter().enumerate() {
                let delta = now[v].zip(before[v]).map(|(a, b)| a - b);
                let fmt = if v == 4 { &f.points_change } else { &f.change };
                write_opt(ws, row, 2 + width * g as u16 + j as u16, delta, fmt)?;
            }
        }
    }
    ws.set_column_width(0, 11)?;
    ws.set_column_width(1, 20)?;
    ws.set_freeze_panes(first, 2)?;
    Ok(())
}

/// A list sheet: its name as title and one header row (row 2) of text keys.
fn list_sheet(ws: &mut Worksheet, name_key: &'static str, headers: &[&'static str], lang: crate::catalog::Lang, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(t(name_key, lang))?;
    ws.write_string_with_format(0, 0, t(name_key, lang), &f.title)?;
    for (c, key) in headers.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, t(key, lang), &f.header)?;
    }
    Ok(())
}

fn write_missing(ws: &mut Worksheet, round: &Round<'_>, f: &Formats) -> Result<(), XlsxError> {
    let lang = round.lang;
    list_sheet(ws, "agg_sheet_missing", &["agg_code", "agg_name", "agg_name_sv", "agg_region"], lang, f)?;
    for (i, (code, fi, sv)) in round.missing.iter().enumerate() {
        let row = 3 + i as u32;
        ws.write_string(row, 0, code)?;
        write_text(ws, row, 1, fi)?;
        write_text(ws, row, 2, sv)?;
        let region = Register::embedded().get(code).map(|m| m.region(lang)).unwrap_or("");
        write_text(ws, row, 3, region)?;
    }
    ws.set_column_width(0, 11)?;
    ws.set_column_width(1, 24)?;
    ws.set_column_width(2, 24)?;
    ws.set_column_width(3, 20)?;
    ws.set_freeze_panes(3, 0)?;
    if !round.missing.is_empty() {
        ws.autofilter(2, 0, 2 + round.missing.len() as u32, 3)?;
    }
    Ok(())
}

fn write_added(ws: &mut Worksheet, round: &Round<'_>, f: &Formats) -> Result<(), XlsxError> {
    let lang = round.lang;
    let headers = ["agg_code", "agg_name", "agg_area", "agg_service", "agg_introduced", "sum_usage", "agg_comment", "agg_file", "agg_cell"];
    list_sheet(ws, "agg_sheet_added", &headers, lang, f)?;
    let mut row = 3u32;
    for k in &round.kept {
        let r = &round.returns[k.index];
        for added in &r.added {
            let area = round.catalog.areas.iter().find(|a| a.id == added.area).map(|a| a.name.get(lang)).unwrap_or("");
            ws.write_string(row, 0, &k.code)?;
            write_text(ws, row, 1, &k.name)?;
            write_text(ws, row, 2, area)?;
            write_text(ws, row, 3, &added.name)?;
            if let Some(i) = added.introduced {
                let label = round.catalog.adoption.iter().find(|o| o.introduced == i).map(|o| o.label.get(lang)).unwrap_or("");
                write_text(ws, row, 4, label)?;
            }
            write_opt(ws, row, 5, added.usage.map(|u| u / 100.0), &f.percent)?;
            write_text(ws, row, 6, added.comment.as_deref().unwrap_or(""))?;
            write_text(ws, row, 7, &r.path.display().to_string())?;
            write_text(ws, row, 8, &format!("{}!{}", added.sheet, crate::workbook::layout::cell_name(added.row, 1)))?;
            row += 1;
        }
    }
    for (c, w) in [11, 20, 24, 36, 14, 10, 30, 28, 20].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(3, 0)?;
    Ok(())
}

fn write_validation(ws: &mut Worksheet, round: &Round<'_>, f: &Formats) -> Result<(), XlsxError> {
    let lang = round.lang;
    let headers = ["agg_file", "agg_status", "agg_code", "agg_severity", "agg_finding", "agg_sheet", "agg_cell", "agg_service", "agg_message"];
    list_sheet(ws, "agg_sheet_validation", &headers, lang, f)?;
    let superseded = round.superseded_by();
    let mut row = 3u32;
    for (i, r) in round.returns.iter().enumerate() {
        let path = r.path.display().to_string();
        let status = match superseded.get(&i) {
            Some(_) => t("agg_status_superseded", lang),
            None => match r.status {
                crate::check::Status::Valid => t("report_status_valid", lang),
                crate::check::Status::Invalid => t("report_status_invalid", lang),
                crate::check::Status::Unreadable => t("report_status_unreadable", lang),
            },
        };
        let code = r.municipality.as_ref().map(|m| m.code.as_str()).unwrap_or("");
        let base = |ws: &mut Worksheet, row: u32| -> Result<(), XlsxError> {
            write_text(ws, row, 0, &path)?;
            ws.write_string(row, 1, status)?;
            write_text(ws, row, 2, code)?;
            Ok(())
        };
        if let Some(&kept) = superseded.get(&i) {
            base(ws, row)?;
            write_text(ws, row, 8, &round.returns[kept].path.display().to_string())?;
            row += 1;
        }
        if r.findings.is_empty() && !superseded.contains_key(&i) {
            base(ws, row)?;
            row += 1;
        }
        for finding in &r.findings {
            base(ws, row)?;
            let sev = match finding.severity() {
                Severity::Error => "agg_severity_error",
                Severity::Warning => "agg_severity_warning",
                Severity::Info => "agg_severity_info",
            };
            ws.write_string(row, 3, t(sev, lang))?;
            ws.write_string(row, 4, finding.code.as_str())?;
            write_text(ws, row, 5, finding.sheet.as_deref().unwrap_or(""))?;
            write_text(ws, row, 6, finding.cell.as_deref().unwrap_or(""))?;
            write_text(ws, row, 7, finding.service.as_deref().unwrap_or(""))?;
            write_text(ws, row, 8, &finding.message(lang))?;
            row += 1;
        }
    }
    for (c, w) in [34, 12, 11, 10, 22, 26, 7, 26, 80].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(3, 1)?;
    if row > 3 {
        ws.autofilter(2, 0, row - 1, 8)?;
    }
    Ok(())
}

fn write_charts(ws: &mut Worksheet, round: &Round<'_>, f: &Formats) -> Result<(), XlsxError> {
    let lang = round.lang;
    let catalog = round.catalog;
    let name = t("agg_sheet_charts", lang);
    ws.set_name(name)?;
    ws.write_string_with_format(0, 0, name, &f.title)?;
    // National figures per area: the mean over municipalities.
    // Indicator catalogs: mean points against the maximum; others: coverage and degree.
    let points = catalog.has_points();
    let (h1, h2) = if points { ("sum_points", "sum_max_points") } else { ("sum_coverage", "sum_degree") };
    ws.write_string_with_format(2, 0, t("agg_area", lang), &f.header)?;
    ws.write_string_with_format(2, 1, t(h1, lang), &f.header)?;
    ws.write_string_with_format(2, 2, t(h2, lang), &f.header)?;
    for (a, area) in catalog.areas.iter().enumerate() {
        let row = 3 + a as u32;
        ws.write_string(row, 0, area.name.get(lang))?;
        let m = |k: &crate::round::Kept| k.scores.areas[a].measures.clone();
        if points {
            let p: Vec<f64> = round.kept.iter().filter_map(|k| m(k).points).collect();
            write_opt(ws, row, 1, mean(&p), &f.number)?;
            write_opt(ws, row, 2, Some(area.services.iter().map(|s| catalog.max_points(s)).sum()), &f.number)?;
        } else {
            let cov: Vec<f64> = round.kept.iter().map(|k| m(k).coverage).collect();
            let deg: Vec<f64> = round.kept.iter().filter_map(|k| m(k).degree).collect();
            write_opt(ws, row, 1, mean(&cov), &f.percent)?;
            write_opt(ws, row, 2, mean(&deg), &f.percent)?;
        }
    }
    let last = 2 + catalog.areas.len() as u32;
    let mut chart = Chart::new(ChartType::Column);
    for col in [1u16, 2] {
        chart.add_series().set_categories((name, 3, 0, last, 0)).set_values((name, 3, col, last, col)).set_name((name, 2, col));
    }
    chart.title().set_name(t(if points { "agg_chart_national_points" } else { "agg_chart_national" }, lang));
    if !points {
        chart.y_axis().set_min(0).set_max(1).set_num_format("0%");
    }
    chart.set_width(820).set_height(360);
    ws.insert_chart(2, 4, &chart)?;

    // Distribution of the overall degree in tenths.
    let top = last + 3;
    ws.write_string_with_format(top, 0, t("agg_bin", lang), &f.header)?;
    ws.write_string_with_format(top, 1, t("agg_municipalities_count", lang), &f.header)?;
    let mut bins = [0u32; 10];
    for k in &round.kept {
        if let Some(d) = k.scores.overall.degree {
            bins[((d * 10.0).floor() as usize).min(9)] += 1;
        }
    }
    for (i, count) in bins.iter().enumerate() {
        let row = top + 1 + i as u32;
        ws.write_string(row, 0, format!("{}–{} %", i * 10, i * 10 + 10))?;
        ws.write_number(row, 1, *count)?;
    }
    let mut hist = Chart::new(ChartType::Column);
    hist.add_series()
        .set_categories((name, top + 1, 0, top + 10, 0))
        .set_values((name, top + 1, 1, top + 10, 1))
        .set_name((name, top, 1));
    hist.title().set_name(t("agg_chart_distribution", lang));
    hist.set_width(820).set_height(360);
    // Below the first chart (360 px is about 18 rows).
    ws.insert_chart(top.max(2 + 20), 4, &hist)?;
    ws.set_column_width(0, 30)?;
    ws.set_column_width(1, 13)?;
    ws.set_column_width(2, 13)?;
    Ok(())
}

/// The hidden data sheet that a later `--previous` reads back.
fn write_data(ws: &mut Worksheet, round: &Round<'_>) -> Result<(), XlsxError> {
    ws.set_name(round::DATA_SHEET)?;
    let identity = [
        ("format", round::SUMMARY_FORMAT.to_string()),
        ("catalog_id", round.catalog.id.clone()),
        ("catalog_version", round.catalog.version.clone()),
        ("language", round.lang.code().to_string()),
    ];
    for (i, (k, v)) in identity.iter().enumerate() {
        ws.write_string(i as u32, 0, *k)?;
        ws.write_string(i as u32, 1, v)?;
    }
    for (c, h) in round::DATA_COLUMNS.iter().enumerate() {
        ws.write_string(round::DATA_HEADER_ROW, c as u16, *h)?;
    }
    let mut row = round::DATA_HEADER_ROW + 1;
    for k in &round.kept {
        let all = k.scores.areas.iter().map(|a| (a.id.as_str(), &a.measures)).chain([("", &k.scores.overall)]);
        for (area, m) in all {
            ws.write_string(row, 0, &k.code)?;
            write_text(ws, row, 1, area)?;
            for (i, v) in data_values(m).into_iter().enumerate() {
                if let Some(v) = v {
                    ws.write_number(row, 2 + i as u16, v)?;
                }
            }
            row += 1;
        }
    }
    ws.set_hidden(true);
    Ok(())
}
