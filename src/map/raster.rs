//! The map as a PNG, drawn in three layers: the white ground and the municipalities' fills
//! straight from the geometry (tiny-skia), the borders over them — the same for every map of
//! a size, so rasterised once per size and kept — and what is over the borders (the
//! highlight, the title, the legend, the attribution) rasterised from its SVG by resvg with
//! the one embedded font (Liberation Sans, templates/fonts/, SIL Open Font License 1.1): no
//! font of the machine is ever looked up, so the same map gives the same bytes everywhere.
//! The layers are the SVG's own elements in the SVG's order (`draw.rs`), so the PNG shows
//! what the SVG does.

use std::sync::{Arc, Mutex, OnceLock};

use resvg::tiny_skia::{self, FillRule, Paint, PathBuilder, Pixmap, Transform};
use resvg::usvg;

use super::draw::{self, Layers};
use super::geometry::{geometry, whole_rings};
use super::{MapError, MapSpec};

/// The narrowest PNG drawn, in pixels.
pub const MIN_WIDTH: u32 = 100;
/// The widest PNG drawn, in pixels (about 4000 × 7200 pixels, 115 MB while drawn).
pub const MAX_WIDTH: u32 = 4000;

/// The family name of [`FONT`].
const FAMILY: &str = "Liberation Sans";
const FONT: &[u8] = include_bytes!("../../templates/fonts/LiberationSans-Regular.ttf");

/// The borders of maps at most this wide are kept once drawn (a few megabytes at most);
/// wider maps are rare (one `--maps` run) and their borders large.
const KEPT_MAX_WIDTH: u32 = 1000;
/// How many sizes of borders are kept: the summary draws two, the feedback one.
const KEPT_SIZES: usize = 4;

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
/// the legend): what [`super::svg`] shows, in pixels.
pub fn png(spec: &MapSpec, width_px: u32) -> Result<Vec<u8>, MapError> {
    if !(MIN_WIDTH..=MAX_WIDTH).contains(&width_px) {
        return Err(MapError::Width { width: width_px });
    }
    let size = draw::size(spec, width_px);
    let mut pixmap = picture(size)?;
    pixmap.fill(tiny_skia::Color::WHITE);
    fill(&mut pixmap, spec, width_px);
    let borders = borders(spec, width_px, size)?;
    draw_over(&mut pixmap, &borders);
    if draw::has_over(spec) {
        rasterise(&draw::document(spec, width_px, Layers::Over), &mut pixmap)?;
    }
    encode(&pixmap).map_err(|e| MapError::Render { detail: e.to_string() })
}

/// A transparent picture of `(width, height)` pixels.
fn picture((width, height): (u32, u32)) -> Result<Pixmap, MapError> {
    Pixmap::new(width, height)
        .ok_or_else(|| MapError::Render { detail: format!("no picture of {width}×{height}") })
}

/// The municipalities' fills, as the SVG's paths are filled (even-odd, anti-aliased), with
/// the transform of the SVG's map group. The municipalities of one colour are filled as one
/// path: they do not overlap, so even-odd fills each as it would alone, in one pass instead
/// of one per municipality (and with no seam of half-covered pixels between two of them).
fn fill(pixmap: &mut Pixmap, spec: &MapSpec, width_px: u32) {
    let (margin, scale) = draw::Layout::new(width_px).placement();
    let transform =
        Transform::from_row(scale as f32, 0.0, 0.0, scale as f32, margin as f32, margin as f32);
    let rings = whole_rings_of_all();
    let mut paint = Paint { anti_alias: true, ..Paint::default() };
    for ([r, g, b], members) in draw::fill_groups(spec) {
        let mut pb = PathBuilder::new();
        for ring in members.into_iter().flat_map(|i| &rings[i]) {
            pb.move_to(ring[0].0, ring[0].1);
            for &(x, y) in &ring[1..] {
                pb.line_to(x, y);
            }
            pb.close();
        }
        if let Some(path) = pb.finish() {
            paint.set_color_rgba8(r, g, b, 255);
            pixmap.fill_path(&path, &paint, FillRule::EvenOdd, transform, None);
        }
    }
}

/// One shape's rings as points.
type Rings = Vec<Vec<(f32, f32)>>;

/// Every municipality's rings in whole map units, the SVG's points ([`whole_rings`]);
/// made once.
fn whole_rings_of_all() -> &'static [Rings] {
    static RINGS: OnceLock<Vec<Rings>> = OnceLock::new();
    RINGS.get_or_init(|| {
        let to_f32 = |ring: Vec<(i64, i64)>| ring.into_iter().map(|(x, y)| (x as f32, y as f32));
        let shape = |rings| whole_rings(rings).into_iter().map(|r| to_f32(r).collect()).collect();
        geometry().municipalities.iter().map(|m| shape(&m.rings)).collect()
    })
}

/// `over` drawn over `under` (both premultiplied, of one size): source-over, pixel by pixel.
fn draw_over(under: &mut Pixmap, over: &Pixmap) {
    for (d, s) in under.data_mut().chunks_exact_mut(4).zip(over.data().chunks_exact(4)) {
        let keep = 255 - u16::from(s[3]);
        if keep == 255 {
            continue;
        }
        for c in 0..4 {
            // d·(255 − αs)/255, rounded, plus the source's premultiplied value.
            let kept = (u16::from(d[c]) * keep + 127) / 255;
            d[c] = (kept + u16::from(s[c])).min(255) as u8;
        }
    }
}

/// The borders of a map of `spec`, `width_px` wide and of `size`, on a transparent ground:
/// drawn once per size and kept when the map is small.
fn borders(spec: &MapSpec, width_px: u32, size: (u32, u32)) -> Result<Arc<Pixmap>, MapError> {
    /// The borders drawn, by picture size.
    type Kept = Vec<((u32, u32), Arc<Pixmap>)>;
    static KEPT: Mutex<Kept> = Mutex::new(Vec::new());
    let kept = |k: &Kept| k.iter().find(|(s, _)| *s == size).map(|(_, p)| p.clone());
    if let Some(p) = kept(&KEPT.lock().unwrap_or_else(|e| e.into_inner())) {
        return Ok(p);
    }
    let mut pixmap = picture(size)?;
    rasterise(&draw::document(spec, width_px, Layers::Borders), &mut pixmap)?;
    let pixmap = Arc::new(pixmap);
    if width_px <= KEPT_MAX_WIDTH {
        let mut k = KEPT.lock().unwrap_or_else(|e| e.into_inner());
        if kept(&k).is_none() {
            if k.len() == KEPT_SIZES {
                k.remove(0);
            }
            k.push((size, pixmap.clone()));
        }
    }
    Ok(pixmap)
}

/// Draws an SVG document over `pixmap` (of the document's size).
fn rasterise(svg: &str, pixmap: &mut Pixmap) -> Result<(), MapError> {
    let options =
        usvg::Options { font_family: FAMILY.into(), fontdb: fonts(), ..usvg::Options::default() };
    let tree = usvg::Tree::from_str(svg, &options)
        .map_err(|e| MapError::Render { detail: e.to_string() })?;
    resvg::render(&tree, Transform::identity(), &mut pixmap.as_mut());
    Ok(())
}

/// The picture as an RGB PNG: the map is drawn on an opaque white ground, so no alpha
/// channel is needed (a quarter smaller, and quicker). `Fast` compression: a quarter the
/// time of `Balanced` for a file a quarter larger.
fn encode(pixmap: &Pixmap) -> Result<Vec<u8>, png::EncodingError> {
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
