//! How long a map of Finland takes: the embedded geometry read and projected (once per
//! process), then the SVG and the PNG of a 308-municipality map, each the median of runs.
//! Writes the map it timed (degrees made up from the codes, every tenth municipality not
//! returned, Helsinki highlighted) as map.svg and map.png into DIR, to look at.
//!
//!     cargo run --release --example map -- DIR [WIDTH]

use std::collections::HashMap;
use std::time::Instant;

use digiaste::lang::Lang;
use digiaste::map::{self, MapSpec};
use digiaste::register::Register;

fn median_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[runs / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("usage: map DIR [WIDTH]"));
    let width: u32 = args.next().map_or(800, |w| w.parse().expect("WIDTH is a number"));
    let values: HashMap<String, Option<f64>> = Register::embedded()
        .municipalities
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let code: u32 = m.code.parse().unwrap_or(0);
            (m.code.clone(), (i % 10 != 3).then(|| f64::from((code * 37) % 101) / 100.0))
        })
        .collect();
    let lang = Lang::Fi;
    let spec = MapSpec {
        values: &values,
        lang,
        title: Some("Kuntien kokonaisdigitalisaatioaste"),
        highlight: Some("091"),
        legend: true,
    };
    let start = Instant::now();
    let first = map::png(&spec, width).expect("the map is drawn");
    let first_ms = start.elapsed().as_secs_f64() * 1000.0;
    let svg_ms = median_ms(21, || drop(map::svg(&spec, width)));
    let png_ms = median_ms(21, || drop(map::png(&spec, width).expect("the map is drawn")));
    let svg = map::svg(&spec, width);
    std::fs::write(dir.join("map.svg"), &svg).expect("map.svg is written");
    std::fs::write(dir.join("map.png"), &first).expect("map.png is written");
    println!(
        "width {width} px: first PNG (with the geometry read) {first_ms:.1} ms; then SVG \
         {svg_ms:.1} ms, PNG {png_ms:.1} ms (medians of 21); SVG {} KB, PNG {} KB",
        svg.len() / 1024,
        first.len() / 1024
    );
}
