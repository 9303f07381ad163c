//! The front page, the summary's first sheet and one A4 landscape page: the round (catalog,
//! date, counted of expected, rejected, missing), the national mean and median of each
//! measure per area and overall with a chart, the map of the overall degree, the regions at
//! a glance and, with `--previous`, the largest changes. Its figures come from
//! `round::glance`, as the regions sheet's and the JSON's do.

use std::collections::HashMap;

use rust_xlsxwriter::{Chart, ChartType, Format, Image, Worksheet, XlsxError};

use super::{Formats, sheet_name, write_group_header, write_opt};
use crate::data_sheet::{Measure, RoundData};
use crate::lang::Lang;
use crate::map::{Classes, MISSING_COLOR, MapSpec};
use crate::measures::Group;
use crate::round::Round;
use crate::round::glance::{National, RegionFigures};
use crate::summary::layout::{
    FRONT_BAND_ROW, FRONT_BAND_WIDTHS, FRONT_CHANGES, FRONT_CHART_ROWS, FRONT_LABEL_WIDTH,
    FRONT_MAP_PX, FRONT_NATIONAL_ROW, FRONT_NUMBER_WIDTH, FRONT_REGIONS_AT, FRONT_ROUND_ROW,
    SUBTITLE_ROW, Sheet, TITLE_ROW, front_band_col, front_measures,
};
use crate::texts::{percent, t, tf};
use crate::xlsx::sizing::{
    self, BODY_PT, LINE_PT, Widths, lines_height, longest_word, wrapped_lines,
};

/// What the front page shows.
pub(super) struct Front<'a> {
    /// The round.
    pub round: &'a Round<'a>,
    /// The round's data (the previous figures for the largest changes).
    pub data: &'a RoundData,
    /// The nation.
    pub national: &'a National,
    /// The regions.
    pub regions: &'a [RegionFigures],
    /// The date the summary was made.
    pub today: &'a str,
    /// The map of the overall degree as PNG ([`map_png`]), without its legend: the legend
    /// and the attribution are cells beside and below it.
    pub map: Option<&'a [u8]>,
}

impl Front<'_> {
    pub(super) fn write(&self, ws: &mut Worksheet, f: &Formats) -> Result<(), XlsxError> {
        let lang = self.round.lang;
        let name = sheet_name(Sheet::Front, lang);
        ws.set_name(name)?;
        ws.write_string_with_format(TITLE_ROW, 0, t("agg_title", lang), &f.title)?;
        ws.write_string_with_format(SUBTITLE_ROW, 0, t("front_subtitle", lang), &f.subtitle)?;
        self.write_round(ws, f)?;
        let last = self.write_national(ws, f)?;
        let chart_row = last + 2;
        ws.insert_chart(chart_row, 0, &self.chart(name))?;
        let below = chart_row + FRONT_CHART_ROWS + 1;
        let end = self.write_changes(ws, below, f)?;
        let band = front_band_col(self.round.catalog);
        self.write_map(ws, band + 1, f)?;
        let regions_end = self.write_regions(ws, band + FRONT_REGIONS_AT, f)?;
        self.print(ws, band, end.max(regions_end))
    }

    /// The round: catalog, date, counted of expected, rejected and missing.
    fn write_round(&self, ws: &mut Worksheet, f: &Formats) -> Result<(), XlsxError> {
        let (lang, n) = (self.round.lang, self.national);
        let catalog = self.round.catalog;
        let counted = match n.expected {
            0 => n.counted.to_string(),
            e => format!("{} / {e} ({})", n.counted, percent(n.counted as f64 / e as f64, lang)),
        };
        let rows = [
            ("front_catalog", format!("{} {}", catalog.id, catalog.version)),
            ("front_date", self.today.to_string()),
            ("front_counted", counted),
            ("front_rejected", n.rejected.to_string()),
            ("front_missing", n.missing.to_string()),
        ];
        ws.write_string_with_format(FRONT_ROUND_ROW - 1, 0, t("front_round", lang), &f.bold)?;
        for (i, (key, value)) in rows.iter().enumerate() {
            let row = FRONT_ROUND_ROW + i as u32;
            ws.write_string(row, 0, t(key, lang))?;
            ws.write_string_with_format(row, 1, value, &f.bold)?;
        }
        Ok(())
    }

    /// The mean and median of each measure per area and overall; returns the last row.
    fn write_national(&self, ws: &mut Worksheet, f: &Formats) -> Result<u32, XlsxError> {
        let lang = self.round.lang;
        let catalog = self.round.catalog;
        let measures = front_measures(catalog);
        let heading = tf("front_national", lang, &[("n", &self.national.counted.to_string())]);
        ws.write_string_with_format(FRONT_NATIONAL_ROW, 0, heading, &f.bold)?;
        let (groups_row, header_row) = (FRONT_NATIONAL_ROW + 1, FRONT_NATIONAL_ROW + 2);
        ws.write_string_with_format(groups_row, 0, "", &f.header)?;
        ws.write_string_with_format(header_row, 0, t("agg_area", lang), &f.header)?;
        for (i, m) in measures.iter().enumerate() {
            let col = 1 + 2 * i as u16;
            write_group_header(ws, groups_row, col, 2, t(m.header_key(), lang), f)?;
            ws.write_string_with_format(header_row, col, t("front_mean", lang), &f.header)?;
            ws.write_string_with_format(header_row, col + 1, t("front_median", lang), &f.header)?;
        }
        let mut row = header_row;
        let note = Format::new().set_font_size(9).set_italic();
        for (g, group) in Group::all(catalog).into_iter().enumerate() {
            row += 1;
            let overall = group == Group::Overall;
            let (label, number) = if overall { (&f.bold, true) } else { (&f.number, false) };
            ws.write_string_with_format(row, 0, group.name(catalog, lang), label)?;
            let Some(figures) = self.national.groups.get(g) else { continue };
            for (i, &m) in measures.iter().enumerate() {
                let col = 1 + 2 * i as u16;
                let format = measure_format(m, number, f);
                write_opt(ws, row, col, figures.mean.get(m), format)?;
                write_opt(ws, row, col + 1, figures.median.get(m), format)?;
            }
        }
        row += 1;
        ws.write_string_with_format(row, 0, t("front_mean_note", lang), &note)?;
        Ok(row)
    }

    /// The national mean of coverage and degree (or points) per area, as columns.
    fn chart(&self, sheet: &str) -> Chart {
        let catalog = self.round.catalog;
        let measures = front_measures(catalog);
        let first = FRONT_NATIONAL_ROW + 3;
        let last = first + catalog.areas.len() as u32 - 1;
        let shares = !measures.contains(&Measure::Points);
        let charted: Vec<(usize, Measure)> = measures
            .iter()
            .copied()
            .enumerate()
            .filter(|(_, m)| matches!(m, Measure::Coverage | Measure::Degree | Measure::Points))
            .collect();
        // Bars, so the areas' names read across.
        let mut chart = Chart::new(ChartType::Bar);
        for (i, m) in charted {
            let col = 1 + 2 * i as u16;
            chart
                .add_series()
                .set_categories((sheet, first, 0, last, 0))
                .set_values((sheet, first, col, last, col))
                .set_name(t(m.header_key(), self.round.lang));
        }
        chart.title().set_name(t("front_chart", self.round.lang));
        if shares {
            chart.x_axis().set_min(0).set_max(1).set_num_format("0%");
        }
        chart.y_axis().set_reverse();
        let width = sizing::column_points(FRONT_LABEL_WIDTH)
            + 2.0 * measures.len() as f64 * sizing::column_points(number_width(self.round.lang));
        // Points to pixels at 96 dpi.
        let height = FRONT_CHART_ROWS as f64 * LINE_PT;
        chart.set_width((width * 4.0 / 3.0) as u32).set_height((height * 4.0 / 3.0) as u32);
        chart
    }

    /// The map of the overall degree, its legend (cells, legible at any scale) and the
    /// attribution under it.
    fn write_map(&self, ws: &mut Worksheet, col: u16, f: &Formats) -> Result<(), XlsxError> {
        let lang = self.round.lang;
        ws.write_string_with_format(FRONT_BAND_ROW, col, t("front_map", lang), &f.bold)?;
        let Some(png) = self.map else { return Ok(()) };
        let image = Image::new_from_buffer(png)?;
        let scale = FRONT_MAP_PX as f64 / image.width();
        let alt = tf("front_map_alt", lang, &[("n", &self.national.counted.to_string())]);
        let image = image.set_scale_width(scale).set_scale_height(scale).set_alt_text(alt);
        ws.insert_image(FRONT_BAND_ROW + 1, col, &image)?;
        let rows = (image.height() * scale * 0.75 / LINE_PT).ceil() as u32;
        let small = Format::new().set_font_size(9).set_italic();
        // On lines as wide as the map, whole words each.
        let mut lines = vec![String::new()];
        for word in crate::map::attribution(lang).split(' ') {
            let last = lines.last_mut().expect("one line at least");
            if !last.is_empty() && last.chars().count() + 1 + word.chars().count() > MAP_LINE {
                lines.push(word.to_string());
            } else {
                if !last.is_empty() {
                    last.push(' ');
                }
                last.push_str(word);
            }
        }
        for (i, line) in lines.iter().enumerate() {
            ws.write_string_with_format(FRONT_BAND_ROW + 2 + rows + i as u32, col, line, &small)?;
        }
        self.write_legend(ws, col + FRONT_REGIONS_AT - 1, f)
    }

    /// The map's classes from the highest down and "not returned", each a coloured cell
    /// beside its label, above the regions.
    fn write_legend(&self, ws: &mut Worksheet, col: u16, f: &Formats) -> Result<(), XlsxError> {
        let lang = self.round.lang;
        let top = FRONT_BAND_ROW + 1;
        ws.write_string_with_format(top, col, t("sum_degree", lang), &f.bold)?;
        let swatch = |[r, g, b]: [u8; 3]| {
            let rgb = (u32::from(r) << 16) | (u32::from(g) << 8) | u32::from(b);
            Format::new()
                .set_background_color(rust_xlsxwriter::Color::RGB(rgb))
                .set_border(rust_xlsxwriter::FormatBorder::Thin)
        };
        let classes = (0..Classes::COUNT).rev().map(|c| (Classes::label(c), Classes::COLORS[c]));
        let missing = (t("map_not_returned", lang).to_string(), MISSING_COLOR);
        for (i, (label, color)) in classes.chain([missing]).enumerate() {
            let row = top + 1 + i as u32;
            ws.write_blank(row, col + 1, &swatch(color))?;
            ws.write_string(row, col, label)?;
        }
        Ok(())
    }

    /// Each region's counted of expected and its mean overall degree; returns the last row.
    fn write_regions(&self, ws: &mut Worksheet, col: u16, f: &Formats) -> Result<u32, XlsxError> {
        let lang = self.round.lang;
        // Beside the national table's rows, so the rows keep the height of one line.
        let heading = FRONT_NATIONAL_ROW + 1;
        ws.write_string_with_format(heading, col, t("front_regions", lang), &f.bold)?;
        let header = heading + 1;
        for (i, key) in REGION_KEYS.iter().enumerate() {
            ws.write_string_with_format(header, col + i as u16, t(key, lang), &f.header)?;
        }
        let overall = self.national.groups.len().saturating_sub(1);
        let mut row = header;
        for r in self.regions {
            row += 1;
            ws.write_string(row, col, r.region.name(lang))?;
            ws.write_string(row, col + 1, format!("{} / {}", r.counted, r.expected))?;
            let degree = r.groups.get(overall).and_then(|g| g.mean.get(Measure::Degree));
            write_opt(ws, row, col + 2, degree, &f.percent)?;
        }
        row += 1;
        let n = self.national;
        ws.write_string_with_format(row, col, t("front_whole_country", lang), &f.bold)?;
        ws.write_string_with_format(
            row,
            col + 1,
            format!("{} / {}", n.counted, n.expected),
            &f.bold,
        )?;
        let degree = n.groups.get(overall).and_then(|g| g.mean.get(Measure::Degree));
        write_opt(ws, row, col + 2, degree, &f.bold_percent)?;
        Ok(row)
    }

    /// With `--previous`, the municipalities whose overall degree changed most, up and down;
    /// returns the last row written.
    fn write_changes(&self, ws: &mut Worksheet, top: u32, f: &Formats) -> Result<u32, XlsxError> {
        let lang = self.round.lang;
        if self.data.previous.is_none() {
            return Ok(top);
        }
        let changes = largest_changes(self.data);
        ws.write_string_with_format(top, 0, t("front_changes", lang), &f.bold)?;
        let keys = ["agg_municipality", "front_before", "front_now", "front_change"];
        for (i, key) in keys.iter().enumerate() {
            ws.write_string_with_format(top + 1, i as u16, t(key, lang), &f.header)?;
        }
        if changes.is_empty() {
            ws.write_string(top + 2, 0, t("front_no_changes", lang))?;
            return Ok(top + 2);
        }
        let points = points_format(lang);
        let mut row = top + 1;
        for c in &changes {
            row += 1;
            ws.write_string(row, 0, &c.name)?;
            ws.write_number_with_format(row, 1, c.before, &f.percent)?;
            ws.write_number_with_format(row, 2, c.now, &f.percent)?;
            ws.write_number_with_format(row, 3, (c.now - c.before) * 100.0, &points)?;
        }
        Ok(row)
    }

    /// Column widths (every header breaking only between words), header rows as high as
    /// their text, and one A4 landscape page at the scale that fits it all.
    fn print(&self, ws: &mut Worksheet, band: u16, last_row: u32) -> Result<(), XlsxError> {
        let lang = self.round.lang;
        let mut w = Widths::default();
        w.set(ws, 0, FRONT_LABEL_WIDTH)?;
        let number = number_width(lang);
        for c in 1..band {
            w.set(ws, c, number)?;
        }
        for (i, &width) in FRONT_BAND_WIDTHS.iter().enumerate() {
            let col = band + i as u16;
            let header =
                REGION_KEYS.get(i.wrapping_sub(FRONT_REGIONS_AT as usize)).map(|k| t(k, lang));
            w.set(ws, col, header.map_or(width, |h| width.max(longest_word(h, true) + 1.0)))?;
        }
        let names: Vec<&str> =
            front_measures(self.round.catalog).iter().map(|m| t(m.header_key(), lang)).collect();
        let lines = names.iter().map(|n| wrapped_lines(n, 2.0 * number, true)).max();
        ws.set_row_height(FRONT_NATIONAL_ROW + 1, lines_height(lines.unwrap_or(1), BODY_PT))?;
        let height = (last_row + 4) as f64 * LINE_PT;
        // LibreOffice lays this page out a few percent wider than the widths add up to.
        let fit = (sizing::PRINT_WIDTH_PT * 0.92 / w.total_points())
            .min(sizing::PRINT_HEIGHT_PT * 0.95 / height)
            .min(1.0);
        let (side, top) = (sizing::MARGIN_SIDE_IN, sizing::MARGIN_TOP_IN);
        ws.set_landscape()
            .set_paper_size(sizing::PAPER_A4)
            .set_margins(side, side, top, top, 0.3, 0.3)
            .set_print_scale((fit * 100.0).floor() as u16)
            .set_footer("&L&A&R&P / &N");
        let last_col = band + FRONT_BAND_WIDTHS.len() as u16 - 1;
        ws.set_print_area(0, 0, last_row + 1, last_col)?;
        // One page; the title rows are its print titles, as on every sheet.
        ws.set_repeat_rows(TITLE_ROW, SUBTITLE_ROW)?;
        Ok(())
    }
}

/// The headers of the regions at a glance.
const REGION_KEYS: [&str; 3] = ["agg_region", "front_returned_of", "front_mean"];

/// Width of a mean or median column: as declared, or wider for its header's word.
fn number_width(lang: Lang) -> f64 {
    ["front_mean", "front_median"]
        .iter()
        .map(|k| longest_word(t(k, lang), true) + 1.0)
        .fold(FRONT_NUMBER_WIDTH, f64::max)
}

/// How many characters of the 9 pt attribution fit under the map.
const MAP_LINE: usize = 44;

/// How many pixels wide the front page's map is drawn: twice as wide as it is shown, so it
/// prints sharp.
const MAP_DRAWN_PX: u32 = 2 * FRONT_MAP_PX;

/// The front page's map: each counted municipality's overall degree, the others grey; no
/// legend in the picture (it is written beside it).
pub(super) fn map_png(data: &RoundData, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let values: HashMap<String, Option<f64>> = data
        .entries
        .iter()
        .map(|e| (e.code.clone(), e.groups.last().and_then(|g| g.degree)))
        .collect();
    let spec = MapSpec { values: &values, lang, title: None, highlight: None, legend: false };
    crate::map::png(&spec, MAP_DRAWN_PX).map_err(|e| XlsxError::ParameterError(e.to_string()))
}

/// The format of a measure's figure: percent for shares, a number for points.
fn measure_format(m: Measure, bold: bool, f: &Formats) -> &Format {
    match (m, bold) {
        (Measure::Points, false) => &f.number,
        (Measure::Points, true) => &f.bold_number,
        (_, false) => &f.percent,
        (_, true) => &f.bold_percent,
    }
}

/// A change in percentage points, with the unit as the language writes it: "+1,5 %-yks.";
/// a change that rounds to 0.0 shows "0,0 %-yks.", never "-0,0".
pub(super) fn points_format(lang: Lang) -> Format {
    let unit = t("unit_points", lang);
    Format::new()
        .set_num_format(format!("[>=0.05]+0.0\" {unit}\";[<=-0.05]-0.0\" {unit}\";0.0\" {unit}\""))
}

/// One municipality's change of its overall degree since the earlier round.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// Its name.
    pub name: String,
    /// The earlier overall degree.
    pub before: f64,
    /// This round's.
    pub now: f64,
}

/// A change smaller than this (0.05 percentage points) shows as 0.0 and is no change.
const NO_CHANGE: f64 = 0.0005;

/// The [`FRONT_CHANGES`] largest rises of the overall degree, then the largest falls, of
/// the municipalities with an earlier figure (a change that shows as 0.0 is neither).
pub fn largest_changes(data: &RoundData) -> Vec<Change> {
    let mut all: Vec<Change> = data
        .entries
        .iter()
        .filter_map(|e| {
            let now = e.groups.last()?.degree?;
            let before = e.previous.last()?.as_ref()?.degree?;
            Some(Change { name: e.name.clone(), before, now })
        })
        .collect();
    all.sort_by(|a, b| (b.now - b.before).total_cmp(&(a.now - a.before)));
    let ups = all.iter().filter(|c| c.now - c.before >= NO_CHANGE).take(FRONT_CHANGES);
    let downs = all.iter().rev().filter(|c| c.before - c.now >= NO_CHANGE).take(FRONT_CHANGES);
    ups.chain(downs).cloned().collect()
}
