//! The cell formats the summary and the feedback workbooks share, defined once so the
//! ministry's summary and what a municipality receives look alike.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

/// A sheet's title.
pub fn title() -> Format {
    Format::new().set_bold().set_font_size(14)
}

/// The line under a title.
pub fn subtitle() -> Format {
    Format::new().set_italic().set_font_color(Color::RGB(0x505A64))
}

/// A table's header cells: bold, wrapped at words, shaded and boxed.
pub fn header() -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xDCE6F0))
        .set_border(FormatBorder::Thin)
}

/// A ratio shown as a percentage with one decimal.
pub fn percent() -> Format {
    Format::new().set_num_format("0.0%")
}

/// A change of a ratio, signed.
pub fn change() -> Format {
    Format::new().set_num_format("+0.0%;-0.0%;0.0%")
}

/// A plain number without trailing zeros.
pub fn number() -> Format {
    Format::new().set_num_format("0.##")
}

/// Text that stands out as a warning.
pub fn warning() -> Format {
    Format::new().set_bold().set_font_color(Color::RGB(0xB00020))
}
