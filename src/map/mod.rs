//! Choropleth maps of Finland from the embedded geometry (templates/map/, CC BY 4.0): each
//! municipality filled with the colour class of a degree, region borders over municipality
//! borders, a legend and the attribution in the map's language. [`svg`] writes a standalone
//! SVG 1.1; [`png`] rasterises the same SVG (resvg) with the one embedded font, so the
//! pixels do not depend on the machine's fonts, and the same input gives the same bytes.
//!
//! The projection is a transverse Mercator about 27° E (the central meridian of
//! ETRS-TM35FIN), on the sphere: Finland looks as on the National Land Survey's maps. The
//! geometry is read and projected once per process (`geometry.rs`).

mod borders;
mod draw;
mod geometry;
mod raster;

use std::collections::HashMap;

use crate::lang::Lang;
use crate::texts::{Localized, t, tf};

pub use draw::svg;
pub use raster::{MAX_WIDTH, MIN_WIDTH, png};

/// The colour classes of a degree 0..=1 (a fraction): five classes of 20 percentage points
/// (0–20 %, 20–40 %, 40–60 %, 60–80 %, 80–100 %) in the colours of viridis, which people
/// with every common kind of colour blindness tell apart and which also print in grey in
/// order of lightness; and [`MISSING_COLOR`] for a municipality with no figure.
pub struct Classes;

impl Classes {
    /// How many classes there are.
    pub const COUNT: usize = 5;

    /// The colour of each class, lowest first: viridis at 0, ¼, ½, ¾ and 1.
    pub const COLORS: [[u8; 3]; Classes::COUNT] = [
        [0x44, 0x01, 0x54],
        [0x3b, 0x52, 0x8b],
        [0x21, 0x91, 0x8c],
        [0x5e, 0xc9, 0x62],
        [0xfd, 0xe7, 0x25],
    ];

    /// The label of a class, as the legend shows it: "0–20 %" … "80–100 %" (the same in
    /// every language).
    pub fn label(class: usize) -> String {
        let step = 100 / Classes::COUNT;
        let class = class.min(Classes::COUNT - 1);
        format!("{}–{} %", class * step, class * step + step)
    }
}

/// The class 0..5 of a degree (a fraction 0..=1): `[0, 0.2)` is class 0, … `[0.8, 1]` is
/// class 4. The degree is first rounded to the tenth of a percent the workbooks show, so a
/// municipality whose figure reads "60,0 %" is in the class of 60–80 %; values outside
/// 0..=1 (and NaN) fall into the nearest end class.
pub fn class_of(value: f64) -> usize {
    let permille = (value * 1000.0).round();
    if permille.is_nan() || permille < 0.0 {
        return 0;
    }
    ((permille as usize) / (1000 / Classes::COUNT)).min(Classes::COUNT - 1)
}

/// The fill colour of a class (of [`class_of`]); a class past the last is the last's.
pub fn class_color(class: usize) -> [u8; 3] {
    Classes::COLORS[class.min(Classes::COUNT - 1)]
}

/// The fill of a municipality with no figure (not returned): a light grey, lighter than
/// every class colour but the highest and unlike any of them in hue.
pub const MISSING_COLOR: [u8; 3] = [0xd0, 0xd0, 0xd0];

/// The fill of a municipality that returned but has no figure in the map's group (it
/// introduced no service there): white, apart from every class and from "not returned".
pub const NO_FIGURE_COLOR: [u8; 3] = [0xff, 0xff, 0xff];

/// What to draw.
pub struct MapSpec<'a> {
    /// The degree (0..=1) of each counted municipality by code, `None` when it has none in
    /// the group (no service introduced); a municipality absent: not returned.
    pub values: &'a HashMap<String, Option<f64>>,
    /// The language of the legend, the attribution and the names in the SVG's tooltips.
    pub lang: Lang,
    /// A title drawn at the top, in the empty corner left of Lapland, when given.
    pub title: Option<&'a str>,
    /// A municipality code to mark (feedback): outlined strongly, and its region outlined
    /// too.
    pub highlight: Option<&'a str>,
    /// The legend and the attribution inside the picture. Without them the caller shows
    /// [`attribution`] under the map itself (CC BY 4.0 requires it wherever the map is
    /// shown).
    pub legend: bool,
}

/// The attribution the map data's licence (CC BY 4.0) requires wherever a map is shown, in
/// `lang` ("Karttapohja: Maanmittauslaitos, Tilastokeskus (CC BY 4.0), muokattu").
pub fn attribution(lang: Lang) -> &'static str {
    t("map_attribution", lang)
}

/// A pixel surely inside the fill of municipality `code` in [`png`] at `width_px` (and in
/// [`svg`] at that width): the pixel centre farthest from the lines on the municipality's
/// borders, whole pixels of the fill between (none of the title, the legend and the
/// attribution is over a municipality). `None` for a code with no shape, or a width at
/// which the municipality is too small for such a pixel. A highlighted municipality's thick
/// outline may cover it when the municipality is small.
pub fn pixel_inside(code: &str, width_px: u32) -> Option<(u32, u32)> {
    draw::pixel_inside(code, width_px)
}

/// Why a map could not be rasterised. `Display` is the English; [`Localized`] tells it in
/// any language.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message(Lang::En))]
pub enum MapError {
    /// The width is outside [`MIN_WIDTH`]..=[`MAX_WIDTH`].
    Width {
        /// The width asked for, in pixels.
        width: u32,
    },
    /// The renderer or the PNG encoder failed: `detail` is its own words.
    Render {
        /// What it said.
        detail: String,
    },
}

impl Localized for MapError {
    fn message(&self, lang: Lang) -> String {
        match self {
            MapError::Width { width } => tf(
                "err_map_width",
                lang,
                &[
                    ("width", &width.to_string()),
                    ("min", &MIN_WIDTH.to_string()),
                    ("max", &MAX_WIDTH.to_string()),
                ],
            ),
            MapError::Render { detail } => tf("err_map_render", lang, &[("detail", detail)]),
        }
    }
}

impl MapError {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        Localized::message(self, lang)
    }
}

#[cfg(test)]
mod tests;
