//! The SVG of a map into a PNG, with resvg and the one embedded font (Liberation Sans,
//! templates/fonts/, SIL Open Font License 1.1): no font of the machine is ever looked up,
//! so the same map gives the same bytes everywhere.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use super::{MapError, MapSpec, svg};

/// The narrowest PNG drawn, in pixels.
pub const MIN_WIDTH: u32 = 100;
/// The widest PNG drawn, in pixels (about 4000 × 7200 pixels, 115 MB while drawn).
pub const MAX_WIDTH: u32 = 4000;

/// The family name of [`FONT`].
const FAMILY: &str = "Liberation Sans";
const FONT: &[u8] = include_bytes!("../../templates/fonts/LiberationSans-Regular.ttf");

/// The fonts the renderer may use: the embedded one only, also for every generic family.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_font_data(FONT.to_vec());
            db.set_sans_serif_family(FAMILY);
            db.set_serif_family(FAMILY);
            db.set_monospace_family(FAMILY);
            db.set_cursive_family(FAMILY);
            db.set_fantasy_family(FAMILY);
            Arc::new(db)
        })
        .clone()
}

/// The map of `spec` as a PNG `width_px` wide (its height follows from Finland's shape and
/// the legend): [`svg`] rasterised.
pub fn png(spec: &MapSpec, width_px: u32) -> Result<Vec<u8>, MapError> {
    if !(MIN_WIDTH..=MAX_WIDTH).contains(&width_px) {
        return Err(MapError::Width { width: width_px });
    }
    let render = |detail: String| MapError::Render { detail };
    let options =
        usvg::Options { font_family: FAMILY.into(), fontdb: fonts(), ..usvg::Options::default() };
    let tree =
        usvg::Tree::from_str(&svg(spec, width_px), &options).map_err(|e| render(e.to_string()))?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| render(format!("no picture of {}×{}", size.width(), size.height())))?;
    resvg::render(&tree, tiny_skia::Transform::identity(), &mut pixmap.as_mut());
    encode(&pixmap).map_err(|e| render(e.to_string()))
}

/// The picture as an RGB PNG: the map is drawn on an opaque white ground, so no alpha
/// channel is needed (a quarter smaller, and quicker). `Fast` compression: a quarter the
/// time of `Balanced` for a file a quarter larger.
fn encode(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    // Premultiplied RGBA, but every pixel is opaque: the colour bytes are the colour.
    let rgb: Vec<u8> = pixmap.data().chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
    let mut out = Vec::with_capacity(rgb.len() / 8);
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.write_header()?.write_image_data(&rgb)?;
    Ok(out)
}
