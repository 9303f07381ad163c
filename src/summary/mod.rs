//! Writes the consolidated summary workbook for the ministry (docs/guide.md §5). Numbers are
//! written as values, so every program shows them identically; text that came from a
//! return is always written as text, never as a formula. Where each thing goes is declared
//! in `round::layout`; each sheet has its own module here.

mod areas;
mod changes;
mod charts;
pub mod data;
pub mod export;
mod front;
pub mod layout;
mod lists;
mod maps;
mod overview;
mod regions;
pub mod savings;
mod services;
mod trend;

use rust_xlsxwriter::{DocProperties, Format, Workbook, Worksheet, XlsxError};

use crate::data_sheet::RoundData;
use crate::data_sheet::SUMMARY_FORMAT;
use crate::lang::Lang;
use crate::round::{Round, glance};
use crate::summary::layout::{Column, Sheet, TITLE_ROW, print};
use crate::texts::t;
use crate::xlsx::formats;
use crate::xlsx::sizing::Scale;

/// The cell formats shared by the sheets.
struct Formats {
    title: Format,
    subtitle: Format,
    header: Format,
    percent: Format,
    bold: Format,
    bold_percent: Format,
    number: Format,
    bold_number: Format,
    points_change: Format,
    /// A change of a share in percentage points, with the unit in the summary's language.
    pp_change: Format,
    /// A municipality new to the round.
    new: Format,
    warning: Format,
}

impl Formats {
    fn new(lang: Lang) -> Formats {
        Formats {
            title: formats::title(),
            subtitle: formats::subtitle(),
            header: formats::header(),
            percent: formats::percent(),
            bold: Format::new().set_bold(),
            bold_percent: Format::new().set_bold().set_num_format("0.0%"),
            number: formats::number(),
            bold_number: Format::new().set_bold().set_num_format("0.##"),
            points_change: Format::new().set_num_format("+0.0;-0.0;0"),
            pp_change: front::points_format(lang),
            new: Format::new().set_italic(),
            warning: formats::warning(),
        }
    }
}

/// The summary workbook of a round, as xlsx bytes; `data` is the round's data (see
/// [`data::data`]) kept on its hidden data sheet; `today` is shown on the overview.
pub fn build(round: &Round<'_>, data: &RoundData, today: &str) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let f = Formats::new(round.lang);
    let national = glance::national(round, data);
    let regions = glance::regions(data, &round.expected);
    let p = Parts { round, data, today, national: &national, regions: &regions, f: &f };
    std::thread::scope(|s| {
        // The maps take longest to make: they are drawn while the other sheets are written,
        // and the sheets that show them are filled last (a sheet's place is fixed when it
        // is added, so the order stays `Sheet::ORDER`).
        let drawing = s.spawn(|| {
            let (map, area_maps) = rayon::join(
                || front::map_png(data, round.lang),
                || maps::pngs(round.catalog, data, round.lang),
            );
            Ok::<_, XlsxError>((map?, area_maps?))
        });
        // The data sheet, the largest by far, is written beside the others too; it is the
        // last sheet, added when it is done.
        let data_sheet = s.spawn(|| {
            let mut ws = Worksheet::new();
            crate::data_sheet::write(&mut ws, data, round.catalog, round.lang)?;
            let cx = print::SheetContext { catalog: round.catalog, lang: round.lang };
            print::finish(&mut ws, Sheet::Data, None, &cx)?;
            Ok::<_, XlsxError>(ws)
        });
        let with_maps = write_sheets(&mut wb, &p)?;
        let data_sheet =
            data_sheet.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        wb.push_worksheet(data_sheet);
        let (map, area_maps) =
            drawing.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        for (index, sheet) in with_maps {
            let ws = wb.worksheet_from_index(index)?;
            if sheet == Sheet::Front {
                let front = front::Front {
                    round,
                    data,
                    national: &national,
                    regions: &regions,
                    today,
                    map: Some(&map),
                };
                front.write(ws, &f)?;
            } else {
                maps::write(ws, round.catalog, data, (round.lang, &area_maps), &f)?;
            }
        }
        Ok::<_, XlsxError>(())
    })?;
    wb.set_properties(&properties(round));
    // The fastest deflate: the file is a third larger than at the default level, the
    // summary written in half the time (BENCHMARKS.md).
    wb.set_zip_compression_level(1);
    let bytes = wb.save_to_buffer();
    // Freeing the workbook's cells takes a while: off the run's path, on a thread of its own
    // (freed here if none can be started).
    let _ = std::thread::Builder::new().spawn(move || drop(wb));
    bytes
}

/// What the sheets are written from.
struct Parts<'a> {
    round: &'a Round<'a>,
    data: &'a RoundData,
    today: &'a str,
    national: &'a glance::National,
    regions: &'a [glance::RegionFigures],
    f: &'a Formats,
}

/// Adds every sheet in `Sheet::ORDER` but the data sheet (written on its own) and writes
/// all but the two that show maps (the front page and the maps sheet), which are returned
/// with their places to be written when the maps are drawn.
fn write_sheets(wb: &mut Workbook, p: &Parts) -> Result<Vec<(usize, Sheet)>, XlsxError> {
    let Parts { round, data, today, national, regions, f } = *p;
    let cx = print::SheetContext { catalog: round.catalog, lang: round.lang };
    let mut with_maps = Vec::new();
    for sheet in Sheet::ORDER {
        match sheet {
            Sheet::Front | Sheet::Maps => {
                wb.add_worksheet();
                with_maps.push((wb.worksheets().len() - 1, sheet));
            }
            Sheet::Regions => {
                regions::write(wb.add_worksheet(), round, national, regions, f)?;
            }
            Sheet::Overview => {
                let ws = wb.add_worksheet();
                let titles = overview::write(ws, round, today, f)?;
                // Printed across pages, the title and the line below it stay within the
                // code and name repeated on every page, or they would be cut there.
                if let Some(Scale::AcrossPages(_)) = print::finish(ws, sheet, None, &cx)? {
                    overview::fit_titles(ws, &titles, round.lang, f)?;
                }
            }
            Sheet::Areas => {
                for a in 0..round.catalog.areas.len() {
                    let ws = wb.add_worksheet();
                    areas::write(ws, round, a, f)?;
                    print::finish(ws, sheet, Some(a), &cx)?;
                }
            }
            Sheet::Services => {
                let ws = wb.add_worksheet();
                services::write(ws, round, f)?;
                print::finish(ws, sheet, None, &cx)?;
                // The savings sheet follows the services, for a catalog with savings.
                savings::add(wb, round, f)?;
            }
            Sheet::Trend => {
                if !data.history.is_empty() {
                    let ws = wb.add_worksheet();
                    trend::write(ws, round, data, f)?;
                }
            }
            Sheet::Data => {}
            Sheet::Changes => {
                if let Some(previous) = round.latest_previous() {
                    let ws = wb.add_worksheet();
                    changes::write(ws, round, previous, f)?;
                    print::finish(ws, sheet, None, &cx)?;
                }
            }
            _ => {
                let ws = wb.add_worksheet();
                match sheet {
                    Sheet::Missing => lists::write_missing(ws, round, f)?,
                    Sheet::Added => lists::write_added(ws, round, f)?,
                    Sheet::Validation => lists::write_validation(ws, round, f)?,
                    // The charts sheet.
                    _ => charts::write(ws, round, f)?,
                }
                print::finish(ws, sheet, None, &cx)?;
            }
        }
    }
    Ok(with_maps)
}

/// Document properties: the title, and the identity for tools that look there.
fn properties(round: &Round<'_>) -> DocProperties {
    DocProperties::new()
        .set_title(t("agg_title", round.lang))
        .set_author("digiaste")
        .set_custom_property("digiaste.format", SUMMARY_FORMAT)
        .set_custom_property("digiaste.catalog_id", round.catalog.id.as_str())
        .set_custom_property("digiaste.catalog_version", round.catalog.version.as_str())
}

/// The name of a sheet with a fixed name, in the summary's language.
fn sheet_name(sheet: Sheet, lang: Lang) -> &'static str {
    t(sheet.name_key().expect("the area and data sheets are named elsewhere"), lang)
}

/// Names a sheet and writes the same as its title.
fn titled_sheet(ws: &mut Worksheet, name: &str, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    ws.write_string_with_format(TITLE_ROW, 0, name, &f.title)?;
    Ok(())
}

/// Headers of fixed columns spanning both header rows of a grouped table.
fn write_fixed_headers<C: Column>(
    ws: &mut Worksheet,
    rows: (u32, u32),
    columns: &[C],
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    for col in columns {
        ws.merge_range(rows.0, col.col(), rows.1, col.col(), t(col.key(), lang), &f.header)?;
    }
    Ok(())
}

/// Headers of fixed columns on one row.
fn write_headers<C: Column>(
    ws: &mut Worksheet,
    row: u32,
    columns: &[C],
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    for col in columns {
        ws.write_string_with_format(row, col.col(), t(col.key(), lang), &f.header)?;
    }
    Ok(())
}

/// The declared widths of fixed columns.
fn set_widths<C: Column>(ws: &mut Worksheet, columns: &[C]) -> Result<(), XlsxError> {
    for col in columns {
        ws.set_column_width(col.col(), col.width())?;
    }
    Ok(())
}

/// A group header over `width` columns from `first` (merged when wider than one).
fn write_group_header(
    ws: &mut Worksheet,
    row: u32,
    first: u16,
    width: u16,
    name: &str,
    f: &Formats,
) -> Result<(), XlsxError> {
    if width > 1 {
        ws.merge_range(row, first, row, first + width - 1, name, &f.header)?;
    } else {
        ws.write_string_with_format(row, first, name, &f.header)?;
    }
    Ok(())
}

// The cut to what one cell holds is shared by every workbook the tool writes.
pub use crate::texts::{CUT_MARK, MAX_CELL_UNITS, cell_text};

/// Text from a return or the catalog, always as text; an empty cell for empty text.
fn write_text(ws: &mut Worksheet, row: u32, col: u16, s: &str) -> Result<(), XlsxError> {
    if !s.is_empty() {
        ws.write_string(row, col, cell_text(s))?;
    }
    Ok(())
}

/// A number, or an empty cell when there is none.
fn write_opt(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    v: Option<f64>,
    f: &Format,
) -> Result<(), XlsxError> {
    if let Some(v) = v {
        ws.write_number_with_format(row, col, v, f)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 17,000 emoji are 34,000 UTF-16 units: cut to what the writer takes, visibly.
    #[test]
    fn text_is_cut_by_utf16_units() {
        let emoji = "😀".repeat(17_000);
        let cut = cell_text(&emoji);
        assert!(cut.ends_with(CUT_MARK));
        assert_eq!(cut.encode_utf16().count(), MAX_CELL_UNITS, "emoji pairs are never split here");
        let mut ws = Worksheet::new();
        assert!(ws.write_string(0, 0, &emoji).is_err(), "the writer refuses the whole text");
        ws.write_string(0, 0, &cut).unwrap();
        assert_eq!(cell_text("ääkköset"), "ääkköset");
        let exact = "a".repeat(MAX_CELL_UNITS);
        assert_eq!(cell_text(&exact), exact);
    }
}
