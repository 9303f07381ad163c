//! The feedback workbook of each counted municipality (docs/guide.md §6): where it stands,
//! beside the nation, its region and its size class; its answer per service beside the
//! national figures; and a receipt of what counted. Numbers are values, never formulas, the
//! same as the summary's (both take them from `round::stats`); text from returns is written
//! as text. Where each thing goes is declared in `round::layout` (`FeedbackSheet`,
//! `FrontColumn`, …); each sheet has its own module here.
//!
//! Made from a `RoundData`, built from a `Round` or read back from a summary (`source`).
//! Savings (docs/measures.md) are not part of a round yet: when they are, their figures join
//! `Entry` and the data sheet, and a savings sheet joins `FeedbackSheet::ORDER`.

pub mod compare;
pub mod files;
mod front;
mod receipt;
mod services;
mod trend;

pub mod layout;

use crate::data_sheet::{Entry, RoundData};

use rust_xlsxwriter::{DocProperties, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use self::layout::{Column, TITLE_ROW};
use crate::catalog::Catalog;
use crate::feedback::layout::{FEEDBACK_PAPER, FeedbackSheet};
use crate::lang::Lang;
use crate::settings::RoundSettings;
use crate::texts::{t, tf};
use crate::xlsx::{formats, sizing};

use compare::National;

/// The cell formats of a feedback workbook.
struct Formats {
    title: Format,
    subtitle: Format,
    header: Format,
    percent: Format,
    bold_percent: Format,
    number: Format,
    change: Format,
    bold: Format,
    wrap: Format,
    plain: Format,
    center: Format,
    mark: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            title: formats::title(),
            subtitle: formats::subtitle(),
            header: formats::header(),
            percent: formats::percent(),
            bold_percent: Format::new().set_bold().set_num_format("0.0%"),
            number: formats::number(),
            change: formats::change(),
            bold: Format::new().set_bold(),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            plain: Format::new(),
            center: Format::new().set_align(FormatAlign::Center),
            mark: formats::warning(),
        }
    }
}

/// What every sheet of one municipality's workbook is written from.
struct Context<'a> {
    catalog: &'a Catalog,
    round: &'a RoundData,
    national: &'a National,
    entry: &'a Entry,
    lang: Lang,
    /// The round's settings (`--round`): the deadline and contact on the front sheet.
    settings: Option<&'a RoundSettings>,
}

/// The national figures every workbook of a round is compared with; compute once and give
/// to each `build`.
pub fn national(round: &RoundData) -> National {
    National::new(round)
}

/// The feedback workbook of the `index`-th municipality of `round`, in `lang`, as xlsx bytes.
pub fn build(
    catalog: &Catalog,
    round: &RoundData,
    national: &National,
    index: usize,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    build_in_round(catalog, round, national, (index, lang), None)
}

/// `build`, with the round's deadline and contact (`--round`) on the front sheet when
/// `settings` gives them; `of` is the municipality's index in `round` and the language.
pub fn build_in_round(
    catalog: &Catalog,
    round: &RoundData,
    national: &National,
    of: (usize, Lang),
    settings: Option<&RoundSettings>,
) -> Result<Vec<u8>, XlsxError> {
    let (index, lang) = of;
    let entry = &round.entries[index];
    let cx = Context { catalog, round, national, entry, lang, settings };
    let f = Formats::new();
    let mut wb = Workbook::new();
    for sheet in FeedbackSheet::ORDER {
        if sheet == FeedbackSheet::Trend && round.history.is_empty() {
            continue;
        }
        let ws = wb.add_worksheet();
        ws.set_name(t(sheet.name_key(), lang))?;
        match sheet {
            FeedbackSheet::Front => front::write(ws, &cx, &f)?,
            FeedbackSheet::Services => services::write(ws, &cx, &f)?,
            FeedbackSheet::Trend => trend::write(ws, &cx, &f)?,
            FeedbackSheet::Receipt => receipt::write(ws, &cx, &f)?,
        }
    }
    let title = tf("fb_title", lang, &[("name", &entry.display_name(lang))]);
    wb.set_properties(&DocProperties::new().set_title(title).set_author("digiaste"));
    wb.save_to_buffer()
}

/// The title of a sheet: the sheet's purpose and the municipality's name.
fn write_title(
    ws: &mut Worksheet,
    cx: &Context<'_>,
    key: &'static str,
    f: &Formats,
) -> Result<(), XlsxError> {
    let title =
        tf(key, cx.lang, &[("name", &cx.entry.display_name(cx.lang)), ("code", &cx.entry.code)]);
    ws.write_string_with_format(TITLE_ROW, 0, title, &f.title)?;
    Ok(())
}

/// Headers and widths of fixed columns on one row, each header's text from `text`: every
/// column at least as wide as the longest word of its header (headers break only between
/// words, in every language), the row as high as the tallest header wrapped.
fn write_headers<C: Column>(
    ws: &mut Worksheet,
    row: u32,
    columns: &[C],
    text: &dyn Fn(C) -> String,
    f: &Formats,
) -> Result<sizing::Widths, XlsxError> {
    let mut widths = sizing::Widths::default();
    let mut headers = Vec::new();
    for &col in columns {
        let header = text(col);
        ws.write_string_with_format(row, col.col(), &header, &f.header)?;
        widths.set(ws, col.col(), sizing::header_width(&header, col.width()))?;
        headers.push((col.col(), header));
    }
    ws.set_row_height(row, sizing::header_height(&widths, &headers))?;
    Ok(widths)
}

/// The header text of a fixed column in a language.
fn header_text<C: Column>(lang: Lang) -> impl Fn(C) -> String {
    move |c: C| t(c.key(), lang).to_string()
}

/// A change, or an empty cell: a fall that shows as zero at the format's `decimals` is
/// written as zero, so it never shows as "-0.0 %" (a ratio: decimals 3) or "-0".
fn write_change(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    v: Option<f64>,
    (f, decimals): (&Format, i32),
) -> Result<(), XlsxError> {
    let shown_zero = |v: f64| v < 0.0 && (v * 10f64.powi(decimals)).round() == 0.0;
    write_opt(ws, row, col, v.map(|v| if shown_zero(v) { 0.0 } else { v }), f)
}

/// Printing: landscape A4, one page wide, the rows down to `header_row` on every page.
fn set_print(ws: &mut Worksheet, header_row: u32) -> Result<(), XlsxError> {
    ws.set_landscape().set_paper_size(FEEDBACK_PAPER).set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, header_row)?;
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

/// Text from a return, always as text, cut (with a visible mark) to the UTF-16 units a
/// cell holds, as in the summary; an empty cell for empty text.
fn write_text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    s: &str,
    f: &Format,
) -> Result<(), XlsxError> {
    if !s.is_empty() {
        ws.write_string_with_format(row, col, crate::texts::cell_text(s), f)?;
    }
    Ok(())
}

/// The language of a municipality's feedback: `lang` (`--feedback-lang`) when given, else
/// the municipality's own from the register (`register::language_of`, docs/languages.md),
/// never the language of the run; for a code the register lacks, its return's template
/// language, else Finnish.
pub fn feedback_lang(entry: &Entry, lang: Option<Lang>) -> Lang {
    lang.or_else(|| crate::register::language_of(&entry.code))
        .or(entry.language)
        .unwrap_or(Lang::Fi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::SizeClass;

    #[test]
    fn feedback_lang_is_the_asked_one_else_the_registers() {
        let mut e = Entry {
            code: "499".into(),
            name: "Korsholm".into(),
            region_fi: "Pohjanmaa".into(),
            region_sv: "Österbotten".into(),
            population: Some(19_000),
            language: Some(Lang::Sv),
            file: String::new(),
            response_date: String::new(),
            superseded: vec![],
            groups: vec![],
            services: vec![],
            findings: vec![],
            previous: vec![],
        };
        assert_eq!(feedback_lang(&e, None), Lang::Sv);
        assert_eq!(feedback_lang(&e, Some(Lang::En)), Lang::En);
        assert_eq!(
            (e.display_name(Lang::Sv), e.display_name(Lang::Fi)),
            ("Korsholm".to_string(), "Mustasaari".to_string())
        );
        assert_eq!(e.size_class(), Some(SizeClass::Medium));
        e.language = Some(Lang::Fi);
        assert_eq!(feedback_lang(&e, None), Lang::Sv, "a Finnish template of Korsholm: Swedish");
        e.language = None;
        assert_eq!(
            feedback_lang(&e, None),
            Lang::Sv,
            "unknown: the register's class 3 (Swedish majority)"
        );
        assert_eq!(feedback_lang(&e, Some(Lang::Fi)), Lang::Fi);
        e.code = "091".into();
        assert_eq!(feedback_lang(&e, None), Lang::Fi, "Helsinki: class 1, Finnish majority");
        e.language = Some(Lang::Sv);
        assert_eq!(feedback_lang(&e, None), Lang::Fi, "a Swedish template of Helsinki: Finnish");
        e.code = "999".into();
        assert_eq!(feedback_lang(&e, None), Lang::Sv, "not in the register: the template's");
        e.language = None;
        assert_eq!(feedback_lang(&e, None), Lang::Fi, "not in the register");
    }
}
