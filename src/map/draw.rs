//! The map as SVG: where everything goes at a width ([`Layout`]), the fills, the borders,
//! the highlight, the title, the legend and the attribution.

use std::fmt::Write;

use super::geometry::{Geometry, MAP_WIDTH, Point, geometry, segment_distance};
use super::{Classes, MISSING_COLOR, MapSpec, NO_FIGURE_COLOR, attribution, class_color, class_of};
use crate::register::Register;
use crate::texts::{percent, t};

/// The borders between municipalities: thin, white.
const MUNICIPALITY_BORDER: &str = "#ffffff";
/// The borders of the regions (and the coast): thicker, dark.
const REGION_BORDER: &str = "#2b2b2b";
/// The coast and the land borders.
const OUTLINE: &str = "#4d4d4d";
/// The widths of the lines in pixels at 800 px (wider maps scale them). Those under one
/// pixel the renderer draws as hairlines, its quickest path: the many short edges of the
/// coast are drawn so; the few region borders are thick, over a white halo that shows
/// them on the darkest class too.
const MUNICIPALITY_WIDTH: f64 = 0.55;
const OUTLINE_WIDTH: f64 = 0.7;
const REGION_HALO: f64 = 2.8;
const REGION_WIDTH: f64 = 1.4;
/// The outline of a highlighted municipality and its region, over a white halo.
const HIGHLIGHT: &str = "#000000";
/// The font of every text: the one embedded for the PNG, then what a viewer of the SVG has.
const FONT_FAMILY: &str = "'Liberation Sans', Arial, Helvetica, sans-serif";

/// Where everything goes at a width, in pixels. The map's place depends on the width only
/// (not on the title or the legend), so [`pixel_inside`] holds for every map of a width.
pub(super) struct Layout {
    width: f64,
    margin: f64,
    /// Pixels per map unit.
    scale: f64,
    /// The map's height in pixels.
    map_height: f64,
    /// The legend's text size; the others follow from it.
    font: f64,
}

/// A box: left, top, width, height, in pixels.
pub(super) type Rect = (f64, f64, f64, f64);

impl Layout {
    pub(super) fn new(width: u32) -> Layout {
        let width = f64::from(width.max(1));
        let margin = (width * 0.02).round();
        let scale = (width - 2.0 * margin) / MAP_WIDTH;
        Layout {
            width,
            margin,
            scale,
            map_height: geometry().height * scale,
            font: width / 800.0 * 15.0,
        }
    }

    /// Where the map's units go: the margin (pixels left and above) and the pixels per unit.
    pub(super) fn placement(&self) -> (f64, f64) {
        (self.margin, self.scale)
    }

    pub(super) fn to_px(&self, (x, y): Point) -> (f64, f64) {
        (self.margin + x * self.scale, self.margin + y * self.scale)
    }

    fn map_width(&self) -> f64 {
        self.width - 2.0 * self.margin
    }

    /// The empty corner of the Norwegian Sea left of northern Lapland, for the title.
    pub(super) fn title_box(&self) -> Rect {
        (self.margin, self.margin, 0.47 * self.map_width(), 0.055 * self.map_height)
    }

    /// The Gulf of Bothnia and Sweden left of the map, for the legend.
    pub(super) fn legend_box(&self) -> Rect {
        let top = self.margin + 0.21 * self.map_height;
        (self.margin, top, 0.34 * self.map_width(), 0.29 * self.map_height)
    }

    fn attribution_size(&self) -> f64 {
        self.font * 0.85
    }

    /// The attribution's lines: one, or two when the width is too small for it.
    fn attribution_lines(&self, text: &str) -> Vec<String> {
        wrap(text, self.map_width(), self.attribution_size())
    }

    /// The picture's height: the map, and below it the attribution when `legend`.
    fn height(&self, legend: Option<usize>) -> f64 {
        let below = match legend {
            Some(lines) => self.attribution_size() * (0.6 + 1.3 * lines as f64),
            None => 0.0,
        };
        (2.0 * self.margin + self.map_height + below).ceil()
    }
}

/// About how wide `text` is in Liberation Sans, in ems: its advances rounded up by kind of
/// character (for wrapping; a line measured so is never wider than measured).
fn ems(text: &str) -> f64 {
    text.chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | 'I' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' => 0.28,
            'f' | 'r' | 't' | ' ' | '-' | '(' | ')' | '[' | ']' | '/' => 0.34,
            'm' | 'w' | 'M' | 'W' | '%' => 0.89,
            c if c.is_uppercase() => 0.78,
            _ => 0.56,
        })
        .sum()
}

/// `text` in lines no wider than `width` pixels at font size `size`; a word longer than
/// a line stands alone on its line.
fn wrap(text: &str, width: f64, size: f64) -> Vec<String> {
    let room = width / size;
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if ems(line) + ems(" ") + ems(word) <= room => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// A number for SVG: at most two decimals, no trailing zeros.
fn num(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

fn hex([r, g, b]: [u8; 3]) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// `s` with the five characters XML gives a meaning escaped.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The map of `spec`, `width_px` wide, as a standalone SVG 1.1 document. Each municipality
/// is a path with its name and figure as a tooltip (`<title>`).
pub fn svg(spec: &MapSpec, width_px: u32) -> String {
    document(spec, width_px, Layers::All)
}

/// What of the map a document holds: all of it (the SVG), or one of the layers the PNG is
/// drawn in (`raster.rs`): under them the ground and the fills, drawn there directly.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Layers {
    /// Everything, on a white ground.
    All,
    /// The lines between the shapes only, on a transparent ground: the same for every map
    /// of a width and a height.
    Borders,
    /// What is over the borders: the highlight, the title, the legend and the attribution.
    Over,
}

/// Whether a map of `spec` has anything in the layer [`Layers::Over`].
pub(super) fn has_over(spec: &MapSpec) -> bool {
    spec.highlight.is_some() || spec.title.is_some() || spec.legend
}

/// The map's size in whole pixels at `width_px`: as wide as asked, as high as the map and,
/// with the legend, the attribution under it.
pub(super) fn size(spec: &MapSpec, width_px: u32) -> (u32, u32) {
    let l = Layout::new(width_px);
    let lines = l.attribution_lines(attribution(spec.lang)).len();
    (width_px, l.height(spec.legend.then_some(lines)) as u32)
}

/// `layers` of the map of `spec` as an SVG document `width_px` wide.
pub(super) fn document(spec: &MapSpec, width_px: u32, layers: Layers) -> String {
    let l = Layout::new(width_px);
    let attribution_lines = l.attribution_lines(attribution(spec.lang));
    let height = l.height(spec.legend.then_some(attribution_lines.len()));
    let (all, over) = (layers == Layers::All, layers == Layers::Over);
    let mut s = String::with_capacity(if all { 400_000 } else { 4_000 });
    let _ = write!(
        s,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" \
         version=\"1.1\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
         font-family=\"{FONT_FAMILY}\">\n",
        w = num(l.width),
        h = num(height),
    );
    if all {
        let _ = writeln!(
            s,
            "<rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>",
            w = num(l.width),
            h = num(height)
        );
    }
    let g = geometry();
    let unit = |px: f64| num(px / l.scale);
    let _ = writeln!(
        s,
        "<g transform=\"translate({m} {m}) scale({k})\" stroke-linejoin=\"round\">",
        m = num(l.margin),
        k = l.scale,
    );
    let unit = |px_at_800: f64| unit(px_at_800 * l.width / 800.0);
    if all {
        fills(&mut s, g, spec);
    }
    if !over {
        let b = &g.borders;
        let lines = [
            (b.municipal.as_str(), MUNICIPALITY_BORDER, MUNICIPALITY_WIDTH),
            (&b.outline, OUTLINE, OUTLINE_WIDTH),
            (&b.regional, "#ffffff", REGION_HALO),
            (&b.regional, REGION_BORDER, REGION_WIDTH),
        ];
        for (d, color, width) in lines {
            let _ = writeln!(
                s,
                "<path fill=\"none\" stroke=\"{color}\" stroke-width=\"{}\" \
                 stroke-linecap=\"round\" d=\"{d}\"/>",
                unit(width)
            );
        }
    }
    if let Some(code) = spec.highlight.filter(|_| all || over) {
        highlight(&mut s, g, code, &unit);
    }
    s.push_str("</g>\n");
    if all || over {
        if let Some(title) = spec.title {
            title_text(&mut s, &l, title);
        }
        if spec.legend {
            legend(&mut s, &l, spec);
            let size = l.attribution_size();
            for (i, line) in attribution_lines.iter().enumerate() {
                let y = l.margin + l.map_height + size * (0.4 + 1.3 * (i + 1) as f64);
                let _ = writeln!(
                    s,
                    "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"#333333\">{}</text>",
                    num(l.margin),
                    num(y),
                    num(size),
                    xml(line)
                );
            }
        }
    }
    s.push_str("</svg>\n");
    s
}

/// How a municipality is filled: its class, counted with no figure (no service introduced
/// in the group), or not returned.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fill {
    Class(usize),
    NoFigure,
    Missing,
}

impl Fill {
    fn of(spec: &MapSpec, code: &str) -> Fill {
        match spec.values.get(code) {
            Some(Some(v)) => Fill::Class(class_of(*v)),
            Some(None) => Fill::NoFigure,
            None => Fill::Missing,
        }
    }

    fn color(self) -> [u8; 3] {
        match self {
            Fill::Class(c) => class_color(c),
            Fill::NoFigure => NO_FIGURE_COLOR,
            Fill::Missing => MISSING_COLOR,
        }
    }
}

/// The fills in the order they are drawn: a group per colour, the classes first, then
/// "no figure" and "not returned" (every group, empty or not), each with the indices of
/// its municipalities. The borders are drawn over them after. The SVG and the PNG fill in
/// this order.
pub(super) fn fill_groups(spec: &MapSpec) -> Vec<([u8; 3], Vec<usize>)> {
    let g = geometry();
    let fills: Vec<Fill> = g.municipalities.iter().map(|m| Fill::of(spec, &m.code)).collect();
    (0..Classes::COUNT)
        .map(Fill::Class)
        .chain([Fill::NoFigure, Fill::Missing])
        .map(|group| {
            let members = (0..fills.len()).filter(|&i| fills[i] == group).collect();
            (group.color(), members)
        })
        .collect()
}

/// Every municipality filled with its class's colour, grouped by colour ([`fill_groups`]).
fn fills(s: &mut String, g: &Geometry, spec: &MapSpec) {
    let register = Register::embedded();
    let lang = spec.lang;
    s.push_str("<g fill-rule=\"evenodd\">\n");
    for (color, members) in fill_groups(spec) {
        let _ = writeln!(s, "<g fill=\"{}\">", hex(color));
        for m in members.into_iter().map(|i| &g.municipalities[i]) {
            let name = register.get(&m.code).map_or(m.code.as_str(), |r| r.name(lang));
            let figure = match spec.values.get(&m.code) {
                Some(Some(v)) => percent(*v, lang),
                Some(None) => t("map_no_figure", lang).to_string(),
                None => t("map_not_returned", lang).to_string(),
            };
            let _ = writeln!(
                s,
                "<path id=\"m{}\" d=\"{}\"><title>{} {}: {}</title></path>",
                m.code,
                m.path,
                m.code,
                xml(name),
                xml(&figure)
            );
        }
        s.push_str("</g>\n");
    }
    s.push_str("</g>\n");
}

/// The outline of municipality `code`, and the borders of its region with the other
/// regions (its whole outline for a region of islands, Åland), each over a white halo so
/// it shows on every colour. `unit` turns a width in pixels at 800 px into map units.
fn highlight(s: &mut String, g: &Geometry, code: &str, unit: &dyn Fn(f64) -> String) {
    let Some(&i) = g.by_code.get(code) else { return };
    let region = g.region_of.get(code).map(|&r| match g.borders.of_region[r].as_str() {
        "" => g.regions[r].path.as_str(),
        borders => borders,
    });
    let outlines = [(region, 2.0), (Some(g.municipalities[i].path.as_str()), 3.0)];
    for (path, width) in outlines.into_iter().filter_map(|(p, w)| Some((p?, w))) {
        for (color, w) in [("#ffffff", width * 2.0), (HIGHLIGHT, width)] {
            let _ = writeln!(
                s,
                "<path fill=\"none\" stroke=\"{color}\" stroke-width=\"{}\" \
                 stroke-linecap=\"round\" d=\"{path}\"/>",
                unit(w)
            );
        }
    }
}

/// The title in its corner: in two lines at most, smaller when it needs more (down to the
/// legend's size), the end of the second line cut with "…" when even that is not enough.
/// The whole title is also the document's `<title>`.
fn title_text(s: &mut String, l: &Layout, title: &str) {
    let (x, y, w, _) = l.title_box();
    let mut size = l.font * 1.6;
    while size > l.font && wrap(title, w, size).len() > 2 {
        size = (size * 0.9).max(l.font);
    }
    let mut lines = wrap(title, w, size);
    if lines.len() > 2 {
        lines.truncate(2);
        while !lines[1].is_empty() && ems(&lines[1]) + ems("…") > w / size {
            lines[1].pop();
        }
        lines[1].push('…');
    }
    let _ = writeln!(s, "<title>{}</title>", xml(title));
    for (i, line) in lines.iter().enumerate() {
        let y = y + size * (0.9 + 1.2 * i as f64);
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"#000000\">{}</text>",
            num(x),
            num(y),
            num(size),
            xml(line)
        );
    }
}

/// The legend: its heading, the classes highest first, then "not returned".
fn legend(s: &mut String, l: &Layout, spec: &MapSpec) {
    let (x, mut y, w, _) = l.legend_box();
    let size = l.font;
    let heading = l.font * 1.15;
    for line in wrap(t("sum_degree", spec.lang), w, heading) {
        y += heading * 1.25;
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"#000000\">{}</text>",
            num(x),
            num(y),
            num(heading),
            xml(&line)
        );
    }
    y += size * 0.6;
    let items = (0..Classes::COUNT)
        .rev()
        .map(|c| (class_color(c), Classes::label(c)))
        .chain(
            spec.values
                .values()
                .any(Option::is_none)
                .then(|| (NO_FIGURE_COLOR, t("map_no_figure", spec.lang).to_string())),
        )
        .chain([(MISSING_COLOR, t("map_not_returned", spec.lang).to_string())]);
    let swatch = size * 1.2;
    for (color, label) in items {
        let _ = writeln!(
            s,
            "<rect x=\"{}\" y=\"{}\" width=\"{sw}\" height=\"{sw}\" fill=\"{}\" \
             stroke=\"#808080\" stroke-width=\"{}\"/>\n<text x=\"{}\" y=\"{}\" font-size=\"{}\" \
             fill=\"#000000\">{}</text>",
            num(x),
            num(y),
            hex(color),
            num(size / 15.0),
            num(x + swatch + size * 0.5),
            num(y + swatch * 0.8),
            num(size),
            xml(&label),
            sw = num(swatch),
        );
        y += swatch * 1.35;
    }
}

/// See [`super::pixel_inside`]: the pixel centre farthest from every border, searched on a
/// grid of pixel centres over the municipality's box and then pixel by pixel around the
/// best.
pub(super) fn pixel_inside(code: &str, width_px: u32) -> Option<(u32, u32)> {
    let g = geometry();
    let shape = &g.municipalities[*g.by_code.get(code)?];
    let l = Layout::new(width_px);
    let (x0, y0, x1, y1) = shape.bounds();
    let ((px0, py0), (px1, py1)) = (l.to_px((x0, y0)), l.to_px((x1, y1)));
    let (px0, py0, px1, py1) =
        (px0.floor() as i64, py0.floor() as i64, px1.ceil() as i64, py1.ceil() as i64);
    let step = ((px1 - px0).max(py1 - py0) / 40).max(1);
    // The half width of the line on an edge and a pixel's half diagonal, in map units.
    let at = l.width / 800.0;
    let thin = (MUNICIPALITY_WIDTH.max(OUTLINE_WIDTH) / 2.0 * at + 0.75) / l.scale;
    let thick = (REGION_HALO / 2.0 * at + 0.75) / l.scale;
    let edges: Vec<(Point, Point, f64)> = shape
        .edges()
        .map(|(a, b)| (a, b, if g.borders.is_regional(a, b) { thick } else { thin }))
        .collect();
    // How far a pixel's centre is from the nearest line, less that line's margin.
    let score = |px: i64, py: i64| -> Option<f64> {
        let centre = (px as f64 + 0.5, py as f64 + 0.5);
        let p = ((centre.0 - l.margin) / l.scale, (centre.1 - l.margin) / l.scale);
        let room = |(a, b, margin): &(Point, Point, f64)| segment_distance(p, *a, *b) - margin;
        shape.contains(p).then(|| edges.iter().map(room).fold(f64::MAX, f64::min))
    };
    let grid = (px0..=px1)
        .step_by(step as usize)
        .flat_map(|px| (py0..=py1).step_by(step as usize).map(move |py| (px, py)));
    let (_, bx, by) = farthest(grid, &score)?;
    let near =
        (bx - step..=bx + step).flat_map(|px| (by - step..=by + step).map(move |py| (px, py)));
    let best = farthest(near, &score);
    let (room, px, py) = best?;
    (room > 0.0 && px >= 0 && py >= 0).then_some((px as u32, py as u32))
}

/// The candidate with the highest score, first of equals.
fn farthest(
    candidates: impl Iterator<Item = (i64, i64)>,
    score: &dyn Fn(i64, i64) -> Option<f64>,
) -> Option<(f64, i64, i64)> {
    let mut best: Option<(f64, i64, i64)> = None;
    for (px, py) in candidates {
        if let Some(d) = score(px, py)
            && best.is_none_or(|(b, _, _)| d > b)
        {
            best = Some((d, px, py));
        }
    }
    best
}
