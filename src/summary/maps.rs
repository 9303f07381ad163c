//! The maps sheet: one small map of Finland per catalog area, side by side on one printed
//! page, each municipality in the colour class of its degree in the area (white when it
//! introduced no service there, grey when it did not return), with the legend as coloured
//! cells and the map data's attribution under them.

use std::collections::HashMap;

use rayon::prelude::*;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Image, Worksheet, XlsxError};

use super::{Formats, sheet_name, titled_sheet};
use crate::catalog::Catalog;
use crate::data_sheet::RoundData;
use crate::lang::Lang;
use crate::map::{Classes, MISSING_COLOR, MapSpec, NO_FIGURE_COLOR};
use crate::summary::layout::{SUBTITLE_ROW, Sheet};
use crate::texts::t;
use crate::xlsx::sizing::{self, LINE_PT, PrintTitles, Widths, lines_height, wrapped_lines};

/// Width of a map's column, in character units; a gap column of `GAP` before each.
const MAP_COL: f64 = 24.0;
/// Width of the gap columns, which also hold the legend's swatches.
const GAP: f64 = 2.5;
/// Row of the areas' names; the maps follow.
const NAMES_ROW: u32 = 3;

/// The shown width of a map, in pixels: its column's.
fn shown_px() -> u32 {
    (MAP_COL * 7.0 + 5.0) as u32
}

/// The drawn width of a map: one and a half times as wide as shown.
fn drawn_px() -> u32 {
    shown_px() * 3 / 2
}

/// Each area's map as PNG, drawn one and a half times as wide as shown — about 290 dpi on
/// paper, sharp — in parallel (they are independent; one after the other saved 3 MB of
/// peak memory at 3,000 returns for 7 % more time, BENCHMARKS.md).
pub(super) fn pngs(
    catalog: &Catalog,
    data: &RoundData,
    lang: Lang,
) -> Result<Vec<Vec<u8>>, XlsxError> {
    (0..catalog.areas.len())
        .into_par_iter()
        .map(|a| {
            let values: HashMap<String, Option<f64>> = data
                .entries
                .iter()
                .map(|e| (e.code.clone(), e.groups.get(a).and_then(|g| g.degree)))
                .collect();
            let spec =
                MapSpec { values: &values, lang, title: None, highlight: None, legend: false };
            crate::map::png(&spec, drawn_px()).map_err(|e| XlsxError::ParameterError(e.to_string()))
        })
        .collect()
}

pub(super) fn write(
    ws: &mut Worksheet,
    catalog: &Catalog,
    data: &RoundData,
    (lang, pngs): (Lang, &[Vec<u8>]),
    f: &Formats,
) -> Result<(), XlsxError> {
    titled_sheet(ws, sheet_name(Sheet::Maps, lang), f)?;
    ws.write_string_with_format(SUBTITLE_ROW, 0, t("maps_subtitle", lang), &f.subtitle)?;
    let mut w = Widths::default();
    let name_format = f.bold.clone().set_text_wrap().set_align(FormatAlign::Bottom);
    let mut name_lines = 1;
    let mut map_rows = 0;
    for (a, png) in pngs.iter().enumerate() {
        let (gap, col) = (2 * a as u16, 2 * a as u16 + 1);
        w.set(ws, gap, GAP)?;
        w.set(ws, col, MAP_COL)?;
        let name = catalog.areas[a].name.get(lang);
        ws.write_string_with_format(NAMES_ROW, col, name, &name_format)?;
        name_lines = name_lines.max(wrapped_lines(name, MAP_COL, true));
        let image = Image::new_from_buffer(png)?;
        let scale = shown_px() as f64 / image.width();
        let image = image.set_scale_width(scale).set_scale_height(scale).set_alt_text(name);
        ws.insert_image(NAMES_ROW + 1, col, &image)?;
        map_rows = map_rows.max((image.height() * scale * 0.75 / LINE_PT).ceil() as u32);
    }
    ws.set_row_height(NAMES_ROW, lines_height(name_lines, sizing::BODY_PT))?;
    let legend_row = NAMES_ROW + 1 + map_rows + 1;
    let rows = legend(ws, legend_row, data, (lang, pngs.len().max(1)))?;
    let small = Format::new().set_font_size(9).set_italic();
    let below = legend_row + rows + 1;
    ws.write_string_with_format(below, 1, crate::map::attribution(lang), &small)?;
    ws.set_print_area(0, 0, below, 2 * pngs.len().max(1) as u16 - 1)?;
    let titles = PrintTitles { rows: (0, SUBTITLE_ROW), cols: None };
    sizing::print_setup(ws, &w, &titles)?;
    // One page, whatever the program's own column widths: the maps side by side.
    ws.set_print_fit_to_pages(1, 1);
    Ok(())
}

/// The legend from `row` down, as many items a row as there are maps: each class from the
/// highest down, "no service introduced" when a map has such a municipality, and "not
/// returned", each a swatch in a gap column with its label beside it. Returns the rows used.
fn legend(
    ws: &mut Worksheet,
    row: u32,
    data: &RoundData,
    (lang, per_row): (Lang, usize),
) -> Result<u32, XlsxError> {
    let swatch = |[r, g, b]: [u8; 3]| {
        let rgb = (u32::from(r) << 16) | (u32::from(g) << 8) | u32::from(b);
        Format::new().set_background_color(Color::RGB(rgb)).set_border(FormatBorder::Thin)
    };
    let no_figure =
        data.entries.iter().any(|e| e.groups.iter().rev().skip(1).any(|g| g.degree.is_none()));
    let items = (0..Classes::COUNT)
        .rev()
        .map(|c| (Classes::label(c), Classes::COLORS[c]))
        .chain(no_figure.then(|| (t("map_no_figure", lang).to_string(), NO_FIGURE_COLOR)))
        .chain([(t("map_not_returned", lang).to_string(), MISSING_COLOR)]);
    let mut rows = 0;
    for (i, (label, color)) in items.enumerate() {
        let (r, slot) = (row + (i / per_row) as u32, (i % per_row) as u16);
        ws.write_blank(r, 2 * slot, &swatch(color))?;
        ws.write_string(r, 2 * slot + 1, label)?;
        rows = r - row + 1;
    }
    Ok(rows)
}
