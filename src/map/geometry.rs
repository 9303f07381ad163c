//! The embedded geometry of the 308 municipalities and the 19 regions (templates/map/,
//! SOURCES.md there), read and projected once: rings in map units, the SVG path of every
//! shape, and which region each municipality belongs to.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::borders::{Borders, borders};
use crate::register::Register;

const MUNICIPALITIES: &str = include_str!("../../templates/map/kunnat-2025.geojson");
const REGIONS: &str = include_str!("../../templates/map/maakunnat-2025.geojson");

/// The width of the map in map units; its height follows from the projection. Paths are
/// written in whole units (at this width one unit is about 140 m, finer than the data).
pub const MAP_WIDTH: f64 = 4000.0;

/// The central meridian of the projection: that of ETRS-TM35FIN, Finland's own, so the
/// country looks as on the National Land Survey's maps.
const CENTRAL_MERIDIAN: f64 = 27.0;

/// A point in map units: x to the east, y downwards (as in SVG).
pub type Point = (f64, f64);

/// One municipality or region: its rings (outer rings and holes alike, filled even-odd) in
/// map units, and the same as an SVG path.
pub struct Shape {
    /// The municipality's three-digit or the region's two-digit code.
    pub code: String,
    /// Every ring of every polygon, closed implicitly.
    pub rings: Vec<Vec<Point>>,
    /// The rings as SVG path data in whole map units.
    pub path: String,
}

/// The map: every municipality and region, projected.
pub struct Geometry {
    /// The municipalities, in the order of the file (by code).
    pub municipalities: Vec<Shape>,
    /// The regions, by code.
    pub regions: Vec<Shape>,
    /// The municipality's index in `municipalities` by code.
    pub by_code: HashMap<String, usize>,
    /// The region's index in `regions` of each municipality code (from the register's
    /// region name), where the register names one.
    pub region_of: HashMap<String, usize>,
    /// The lines between the shapes, each once.
    pub borders: Borders,
    /// The height of the map in map units (its width is [`MAP_WIDTH`]).
    pub height: f64,
}

#[derive(Deserialize)]
struct Collection {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    properties: Properties,
    geometry: Geo,
}

#[derive(Deserialize)]
struct Properties {
    code: String,
    name_fi: String,
}

#[derive(Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum Geo {
    Polygon(Vec<Vec<[f64; 2]>>),
    MultiPolygon(Vec<Vec<Vec<[f64; 2]>>>),
}

impl Geo {
    fn rings(self) -> Vec<Vec<[f64; 2]>> {
        match self {
            Geo::Polygon(rings) => rings,
            Geo::MultiPolygon(polygons) => polygons.into_iter().flatten().collect(),
        }
    }
}

/// Transverse Mercator on the sphere, about [`CENTRAL_MERIDIAN`]: conformal, so shapes
/// keep their look over the whole length of Finland. Returns (east, north) in Earth radii.
fn project(lon: f64, lat: f64) -> (f64, f64) {
    let (phi, dl) = (lat.to_radians(), (lon - CENTRAL_MERIDIAN).to_radians());
    let b = phi.cos() * dl.sin();
    (b.atanh(), phi.tan().atan2(dl.cos()))
}

/// The embedded map, read and projected on first use.
pub fn geometry() -> &'static Geometry {
    static GEOMETRY: OnceLock<Geometry> = OnceLock::new();
    GEOMETRY.get_or_init(|| build(MUNICIPALITIES, REGIONS))
}

/// A feature as read: its properties and its rings, projected (not yet in map units).
type Projected = (Properties, Vec<Vec<(f64, f64)>>);

fn read(text: &str) -> Vec<Projected> {
    let collection: Collection =
        serde_json::from_str(text).expect("the embedded map (templates/map/) is valid GeoJSON");
    collection
        .features
        .into_iter()
        .map(|f| {
            let rings = f.geometry.rings();
            let projected =
                rings.iter().map(|r| r.iter().map(|p| project(p[0], p[1])).collect()).collect();
            (f.properties, projected)
        })
        .collect()
}

fn build(municipalities: &str, regions: &str) -> Geometry {
    let (municipalities, regions) = (read(municipalities), read(regions));
    let all = || municipalities.iter().flat_map(|(_, rings)| rings.iter().flatten());
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y) in all() {
        (x0, x1, y0, y1) = (x0.min(x), x1.max(x), y0.min(y), y1.max(y));
    }
    let k = MAP_WIDTH / (x1 - x0);
    let to_map = |rings: &[Vec<(f64, f64)>]| -> Vec<Vec<Point>> {
        rings
            .iter()
            .map(|r| r.iter().map(|&(x, y)| ((x - x0) * k, (y1 - y) * k)).collect())
            .collect()
    };
    let shape = |(p, rings): &Projected| {
        let rings = to_map(rings);
        Shape { code: p.code.clone(), path: path(&rings), rings }
    };
    let region_shapes: Vec<Shape> = regions.iter().map(shape).collect();
    let region_by_name: HashMap<&str, usize> =
        regions.iter().enumerate().map(|(i, (p, _))| (p.name_fi.as_str(), i)).collect();
    let shapes: Vec<Shape> = municipalities.iter().map(shape).collect();
    let by_code = shapes.iter().enumerate().map(|(i, s)| (s.code.clone(), i)).collect();
    let register = Register::embedded();
    let region: Vec<Option<usize>> = shapes
        .iter()
        .map(|s| {
            let (name_fi, _) = register.get(&s.code)?.region.as_ref()?;
            region_by_name.get(name_fi.as_str()).copied()
        })
        .collect();
    let region_of =
        shapes.iter().zip(&region).filter_map(|(s, r)| Some((s.code.clone(), (*r)?))).collect();
    Geometry {
        borders: borders(&shapes, &region, region_shapes.len()),
        municipalities: shapes,
        regions: region_shapes,
        by_code,
        region_of,
        height: (y1 - y0) * k,
    }
}

/// `rings` as they are drawn: each point in whole map units, a point equal to the one
/// before it or to its ring's first left out. The SVG's paths and the PNG's fills are both
/// made of these points.
pub fn whole_rings(rings: &[Vec<Point>]) -> Vec<Vec<(i64, i64)>> {
    rings
        .iter()
        .filter_map(|ring| {
            let mut points = ring.iter().map(|&(x, y)| (x.round() as i64, y.round() as i64));
            let first = points.next()?;
            let mut whole = vec![first];
            for p in points {
                if p != whole[whole.len() - 1] && p != first {
                    whole.push(p);
                }
            }
            Some(whole)
        })
        .collect()
}

/// SVG path data of `rings` in whole units ([`whole_rings`]), relative moves after the
/// first point of each ring (the shortest form).
fn path(rings: &[Vec<Point>]) -> String {
    use std::fmt::Write;
    let mut d = String::new();
    for ring in whole_rings(rings) {
        let (first, rest) = (ring[0], &ring[1..]);
        let _ = write!(d, "M{} {}", first.0, first.1);
        let mut prev = first;
        for (i, &p) in rest.iter().enumerate() {
            let _ =
                write!(d, "{}{} {}", if i == 0 { "l" } else { " " }, p.0 - prev.0, p.1 - prev.1);
            prev = p;
        }
        d.push('z');
    }
    d
}

impl Shape {
    /// Whether `p` lies inside the shape (even-odd over every ring).
    pub fn contains(&self, p: Point) -> bool {
        let mut inside = false;
        for ring in &self.rings {
            let n = ring.len();
            for i in 0..n {
                let (a, b) = (ring[i], ring[(i + 1) % n]);
                if (a.1 > p.1) != (b.1 > p.1) && p.0 < a.0 + (p.1 - a.1) / (b.1 - a.1) * (b.0 - a.0)
                {
                    inside = !inside;
                }
            }
        }
        inside
    }

    /// Every edge of every ring.
    pub fn edges(&self) -> impl Iterator<Item = (Point, Point)> + '_ {
        self.rings.iter().flat_map(|r| r.windows(2).map(|w| (w[0], w[1])))
    }

    /// The smallest box around the shape: (min x, min y, max x, max y).
    pub fn bounds(&self) -> (f64, f64, f64, f64) {
        let mut b = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for &(x, y) in self.rings.iter().flatten() {
            b = (b.0.min(x), b.1.min(y), b.2.max(x), b.3.max(y));
        }
        b
    }
}

/// The distance from `p` to the segment from `a` to `b`.
pub fn segment_distance(p: Point, a: Point, b: Point) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 { 0.0 } else { ((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2 };
    let t = t.clamp(0.0, 1.0);
    let (x, y) = (a.0 + t * dx, a.1 + t * dy);
    ((p.0 - x).powi(2) + (p.1 - y).powi(2)).sqrt()
}
