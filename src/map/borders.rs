//! The lines of the map, each drawn once: the outline of the country (coast and land
//! borders), the borders between regions, and the other borders between municipalities.
//! Neighbouring municipalities share their border's points exactly (the regions are
//! dissolved from them), so a border is the edge two municipalities' rings have in common;
//! an edge of one ring only is the outline. Drawn once each instead of once per shape, the
//! lines take half the time to draw, and only the few region borders are drawn thick.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use super::geometry::{Point, Shape};

/// SVG path data of the three kinds of line, in whole map units.
pub struct Borders {
    /// The coast and the borders with Sweden, Norway and Russia.
    pub outline: String,
    /// Borders between municipalities of different regions.
    pub regional: String,
    /// Borders between municipalities of the same region.
    pub municipal: String,
    /// The borders of each region with the other regions (`regional` by region).
    pub of_region: Vec<String>,
    /// The edges of `regional`.
    regional_edges: HashSet<(Key, Key)>,
}

impl Borders {
    /// Whether the edge from `a` to `b` (of a municipality's ring) is a region border.
    pub fn is_regional(&self, a: Point, b: Point) -> bool {
        self.regional_edges.contains(&undirected(a, b))
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Outline,
    /// Between these two regions.
    Regional(usize, usize),
    Municipal,
}

type Key = (u64, u64);

fn key(p: Point) -> Key {
    (p.0.to_bits(), p.1.to_bits())
}

/// An edge in either direction.
fn undirected(a: Point, b: Point) -> (Key, Key) {
    let (a, b) = (key(a), key(b));
    if a < b { (a, b) } else { (b, a) }
}

/// The borders of `municipalities`, `region[i]` the region of municipality `i` (of
/// `regions` regions).
pub fn borders(municipalities: &[Shape], region: &[Option<usize>], regions: usize) -> Borders {
    let edges = |ring: &[Point]| {
        ring.windows(2).map(|w| (w[0], w[1])).filter(|(a, b)| a != b).collect::<Vec<_>>()
    };
    let mut owners: HashMap<(Key, Key), Vec<usize>> = HashMap::new();
    for (i, m) in municipalities.iter().enumerate() {
        for ring in &m.rings {
            for (a, b) in edges(ring) {
                owners.entry(undirected(a, b)).or_default().push(i);
            }
        }
    }
    let mut out = Borders {
        outline: String::new(),
        regional: String::new(),
        municipal: String::new(),
        of_region: vec![String::new(); regions],
        regional_edges: HashSet::new(),
    };
    for (i, m) in municipalities.iter().enumerate() {
        for ring in &m.rings {
            let mut run: Option<(Kind, Vec<Point>)> = None;
            for (a, b) in edges(ring) {
                // A shared edge is drawn from the side of the first of its municipalities.
                let kind = match owners[&undirected(a, b)].iter().find(|&&j| j != i) {
                    None => Some(Kind::Outline),
                    Some(&j) if j < i => None,
                    Some(&j) => match (region[i], region[j]) {
                        (Some(r), Some(o)) if r != o => Some(Kind::Regional(r, o)),
                        (r, o) if r != o => Some(Kind::Outline),
                        _ => Some(Kind::Municipal),
                    },
                };
                if let Some(Kind::Regional(..)) = kind {
                    out.regional_edges.insert(undirected(a, b));
                }
                match (&mut run, kind) {
                    (Some((k, points)), Some(kind)) if *k == kind => points.push(b),
                    _ => {
                        if let Some(done) = run.take() {
                            push(&mut out, done);
                        }
                        run = kind.map(|k| (k, vec![a, b]));
                    }
                }
            }
            if let Some(done) = run {
                push(&mut out, done);
            }
        }
    }
    out
}

/// Appends a line of points to the paths of its kind.
fn push(out: &mut Borders, (kind, points): (Kind, Vec<Point>)) {
    match kind {
        Kind::Outline => line(&mut out.outline, &points),
        Kind::Municipal => line(&mut out.municipal, &points),
        Kind::Regional(r, o) => {
            line(&mut out.regional, &points);
            line(&mut out.of_region[r], &points);
            line(&mut out.of_region[o], &points);
        }
    }
}

/// Appends `points` as a line to the path data `d`, in whole units, moves relative.
fn line(d: &mut String, points: &[Point]) {
    let mut points = points.iter().map(|&(x, y)| (x.round() as i64, y.round() as i64));
    let Some(mut prev) = points.next() else { return };
    let _ = write!(d, "M{} {}l", prev.0, prev.1);
    let mut first = true;
    for p in points {
        if p == prev {
            continue;
        }
        let _ = write!(d, "{}{} {}", if first { "" } else { " " }, p.0 - prev.0, p.1 - prev.1);
        (prev, first) = (p, false);
    }
    if first {
        d.push_str("0 0");
    }
}
