//! `aggregate --maps DIR`: the round's maps of Finland as SVG and PNG, whose pixels carry
//! each municipality's class colour, with the legend and the attribution in the summary's
//! language; replaced only with `--force`, and together with the summary.

use std::path::Path;

use digiaste::lang::Lang;
use digiaste::map::{self, MISSING_COLOR, class_color, class_of};
use digiaste::report::AggregateReport;

use super::{fixture, read_json, run_in, stderr};

/// The PNG's width and its RGB pixels.
pub fn decode(path: &Path) -> (u32, Vec<u8>) {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut reader = png::Decoder::new(std::io::BufReader::new(file)).read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgb, "{}", path.display());
    (info.width, pixels)
}

pub fn pixel(width: u32, pixels: &[u8], code: &str) -> [u8; 3] {
    let (x, y) = map::pixel_inside(code, width).unwrap_or_else(|| panic!("{code} at {width}"));
    let at = ((y * width + x) * 3) as usize;
    [pixels[at], pixels[at + 1], pixels[at + 2]]
}

fn aggregate(dir: &Path, extra: &[&str]) -> std::process::Output {
    let returns = fixture("returns");
    let mut args = vec!["aggregate", returns.to_str().unwrap(), "-o", "s.xlsx", "--maps", "m"];
    args.extend_from_slice(extra);
    run_in(dir, &args)
}

#[test]
fn maps_show_each_municipality_in_the_colour_of_its_degree() {
    let dir = tempfile::tempdir().unwrap();
    let out = aggregate(dir.path(), &["--json", "s.json", "--lang", "sv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("m: 7 kartor skrivna (SVG och PNG)"), "{}", stderr(&out));
    let json: AggregateReport = read_json(&dir.path().join("s.json"));
    let helsinki = json.municipalities.iter().find(|m| m.code == "091").unwrap();
    let maps = dir.path().join("m");
    let mut names: Vec<String> = std::fs::read_dir(&maps)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let stems = ["asu", "kasvatus", "kulttuuri", "overall", "terveys", "tyo", "viestinta"];
    let expected: Vec<String> =
        stems.iter().flat_map(|s| [format!("{s}.png"), format!("{s}.svg")]).collect();
    assert_eq!(names, expected, "a pair per area and overall, no temporary file left");

    let (w, pixels) = decode(&maps.join("overall.png"));
    let degree = helsinki.overall.degree.unwrap();
    assert_eq!(class_of(degree), 4, "Helsinki's {degree} is in the highest class");
    assert_eq!(pixel(w, &pixels, "091"), class_color(class_of(degree)));
    assert_eq!(pixel(w, &pixels, "020"), MISSING_COLOR, "Akaa did not return");
    // Each area's map has the municipality's degree in the area: on every area's map each
    // counted municipality has its area class, which is not always its overall class.
    let mut differs = 0;
    for (a, stem) in
        ["asu", "kasvatus", "kulttuuri", "terveys", "tyo", "viestinta"].iter().enumerate()
    {
        let (w, pixels) = decode(&maps.join(format!("{stem}.png")));
        for m in &json.municipalities {
            assert_eq!(m.areas[a].id, *stem);
            let class = m.areas[a].measures.degree.map(class_of);
            // Counted, but no service introduced in the area: white, not "not returned".
            let color = class.map_or(digiaste::map::NO_FIGURE_COLOR, class_color);
            assert_eq!(pixel(w, &pixels, &m.code), color, "{} on {stem}.png", m.code);
            differs += usize::from(class != m.overall.degree.map(class_of));
        }
        assert_eq!(pixel(w, &pixels, "020"), MISSING_COLOR);
    }
    assert!(differs > 5, "the area maps are not the overall map: {differs}");

    let svg = std::fs::read_to_string(maps.join("overall.svg")).unwrap();
    assert!(svg.starts_with("<?xml") && svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(
        svg.contains(">Kartunderlag: Lantmäteriverket, Statistikcentralen (CC BY 4.0), bearbetad<")
    );
    assert!(svg.contains("<title>Kommunernas totala digitaliseringsgrad</title>"), "the title");
    assert!(svg.contains(">Digitaliseringsgrad</text>") && svg.contains(">inte returnerad</text>"));
    for label in ["0–20 %", "20–40 %", "40–60 %", "60–80 %", "80–100 %"] {
        assert!(svg.contains(&format!(">{label}</text>")), "{label}");
    }
    let kasvatus = std::fs::read_to_string(maps.join("kasvatus.svg")).unwrap();
    assert!(kasvatus.contains("<title>Småbarnspedagogik och skola</title>"), "the area's name");
    assert_eq!(
        map::attribution(Lang::Sv),
        "Kartunderlag: Lantmäteriverket, Statistikcentralen (CC BY 4.0), bearbetad"
    );
}

#[test]
fn existing_maps_are_replaced_only_with_force_and_with_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let maps = dir.path().join("m");
    std::fs::create_dir(&maps).unwrap();
    std::fs::write(maps.join("overall.png"), "last year's").unwrap();
    let out = aggregate(dir.path(), &["--lang", "en"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("m/overall.png"), "{}", stderr(&out));
    assert!(!dir.path().join("s.xlsx").exists(), "nothing is written when a map is refused");
    assert_eq!(std::fs::read_dir(&maps).unwrap().count(), 1);
    assert_eq!(std::fs::read(maps.join("overall.png")).unwrap(), b"last year's");

    let out = aggregate(dir.path(), &["--lang", "en", "--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("s.xlsx").exists());
    let (w, pixels) = decode(&maps.join("overall.png"));
    assert_eq!(w, 1000);
    assert_eq!(pixel(w, &pixels, "020"), MISSING_COLOR);
    let svg = std::fs::read_to_string(maps.join("overall.svg")).unwrap();
    assert!(svg.contains(
        ">Map data: National Land Survey of Finland, Statistics Finland (CC BY 4.0), modified<"
    ));

    // A file where the folder would be: refused before anything is read or written.
    let out = run_in(
        dir.path(),
        &["aggregate", fixture("returns").to_str().unwrap(), "-o", "t.xlsx", "--maps", "s.xlsx"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("s.xlsx"), "{}", stderr(&out));
    assert!(!dir.path().join("t.xlsx").exists());
}
