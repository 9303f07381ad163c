//! The cell formats of the assessment workbook: yellow unlocked cells are for answers,
//! grey cells are fixed, everything else is locked text.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

/// Every cell format the writer uses, built once per workbook.
pub(super) struct Formats {
    pub title: Format,
    pub subtitle: Format,
    pub header: Format,
    pub text: Format,
    /// A catalog service's name on its area sheet: wrapped text with a cell border.
    pub service_name: Format,
    pub id: Format,
    /// The answer options listed above a dropdown column's header.
    pub legend: Format,
    /// The word before those lists.
    pub legend_label: Format,
    pub input: Format,
    pub input_wrap: Format,
    pub input_number: Format,
    pub input_date: Format,
    pub fixed: Format,
    pub na: Format,
    pub degree: Format,
    pub percent: Format,
    pub number: Format,
    pub bold: Format,
    pub bold_percent: Format,
    pub bold_number: Format,
}

impl Formats {
    /// The formats, built from the palette: borders grey, inputs light yellow.
    pub fn new() -> Formats {
        let border =
            |f: Format| f.set_border(FormatBorder::Thin).set_border_color(Color::RGB(0xB0B7BF));
        let input_bg = Color::RGB(0xFFF8D6);
        let input = border(
            Format::new()
                .set_background_color(input_bg)
                .set_unlocked()
                .set_align(FormatAlign::VerticalCenter),
        );
        let text = Format::new().set_text_wrap().set_align(FormatAlign::Top);
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
            service_name: border(text.clone()),
            text,
            id: border(
                Format::new()
                    .set_font_color(Color::RGB(0x6E7781))
                    .set_font_size(10)
                    .set_align(FormatAlign::VerticalCenter),
            ),
            legend: Format::new()
                .set_font_size(10)
                .set_font_color(Color::RGB(0x3C4650))
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            legend_label: Format::new()
                .set_font_size(10)
                .set_italic()
                .set_font_color(Color::RGB(0x505A64))
                .set_align(FormatAlign::Right)
                .set_align(FormatAlign::Top),
            input: input.clone(),
            input_wrap: input.clone().set_text_wrap(),
            input_number: input.clone().set_num_format("0.0"),
            input_date: input.set_num_format("yyyy-mm-dd"),
            fixed: border(Format::new().set_background_color(Color::RGB(0xEEEEEE)).set_bold()),
            na: border(
                Format::new()
                    .set_background_color(Color::RGB(0xEEEEEE))
                    .set_align(FormatAlign::Center),
            ),
            degree: border(
                Format::new().set_num_format("0%").set_align(FormatAlign::VerticalCenter),
            ),
            percent: border(Format::new().set_num_format("0.0%")),
            number: border(Format::new().set_num_format("0.###")),
            bold: border(Format::new().set_bold()),
            bold_percent: border(Format::new().set_bold().set_num_format("0.0%")),
            bold_number: border(Format::new().set_bold().set_num_format("0.###")),
        }
    }
}
