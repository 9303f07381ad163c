use std::collections::{BTreeSet, HashMap};

use super::draw::Layout;
use super::geometry::geometry;
use super::*;
use crate::register::Register;

#[test]
fn classes_have_their_edges_where_the_legend_says() {
    assert_eq!(class_of(0.0), 0);
    assert_eq!(class_of(0.19949), 0, "shown as 19,9 %");
    assert_eq!(class_of(0.1999), 1, "shown as 20,0 %: in the class of 20–40 %");
    assert_eq!(class_of(0.2), 1);
    assert_eq!(class_of(0.4), 2);
    assert_eq!(class_of(0.6), 3);
    assert_eq!(class_of(0.8), 4);
    assert_eq!(class_of(0.999), 4);
    assert_eq!(class_of(1.0), 4);
    assert_eq!((class_of(-0.1), class_of(1.5), class_of(f64::NAN)), (0, 4, 0));
    let labels: Vec<String> = (0..Classes::COUNT).map(Classes::label).collect();
    assert_eq!(labels, ["0–20 %", "20–40 %", "40–60 %", "60–80 %", "80–100 %"]);
    assert_eq!(class_color(0), [0x44, 0x01, 0x54]);
    assert_eq!(class_color(9), class_color(4));
    let colors: BTreeSet<[u8; 3]> = Classes::COLORS.into_iter().chain([MISSING_COLOR]).collect();
    assert_eq!(colors.len(), Classes::COUNT + 1, "every class and the missing are distinct");
}

#[test]
fn every_municipality_of_the_register_has_a_shape_a_region_and_a_pixel_inside() {
    let g = geometry();
    let register = Register::embedded();
    let codes: BTreeSet<&str> = register.municipalities.iter().map(|m| m.code.as_str()).collect();
    let shapes: BTreeSet<&str> = g.municipalities.iter().map(|m| m.code.as_str()).collect();
    assert_eq!(codes.len(), 308);
    assert_eq!(shapes, codes, "the map's codes are the register's exactly");
    assert_eq!(g.regions.len(), 19);
    for code in &codes {
        let r = g.region_of.get(*code).unwrap_or_else(|| panic!("{code} has no region"));
        let (name_fi, _) = register.get(code).unwrap().region.as_ref().unwrap();
        assert!(!g.regions[*r].path.is_empty(), "{code} {name_fi}");
        assert!(pixel_inside(code, 1200).is_some(), "{code} has no pixel at 1200 px");
    }
    // At 800 px, Brändö's islands are narrower than the lines drawn around them.
    let none: Vec<&str> =
        codes.iter().copied().filter(|c| pixel_inside(c, 800).is_none()).collect();
    assert_eq!(none, ["035"]);
    assert_eq!(pixel_inside("999", 800), None);
    // Finland is about 1.76 times as tall as wide in its own projection (TM35FIN: 1160 km
    // north to south, 660 km from Åland to Ilomantsi's east).
    let ratio = g.height / geometry::MAP_WIDTH;
    assert!((1.70..1.82).contains(&ratio), "{ratio}");
}

#[test]
fn the_title_and_the_legend_stand_where_no_municipality_is() {
    let l = Layout::new(800);
    let g = geometry();
    for (what, (x, y, w, h)) in [("title", l.title_box()), ("legend", l.legend_box())] {
        for m in &g.municipalities {
            for &(px, py) in m.rings.iter().flatten() {
                let (px, py) = l.to_px((px, py));
                let inside = px >= x && px <= x + w && py >= y && py <= y + h;
                assert!(!inside, "{} reaches into the {what}'s box at ({px}, {py})", m.code);
            }
        }
    }
}

/// Every municipality a class by its code, one in nine not returned, one in nine returned
/// without a figure.
fn made_up() -> HashMap<String, Option<f64>> {
    Register::embedded()
        .municipalities
        .iter()
        .filter(|m| m.code.parse::<u32>().unwrap() % 9 != 4)
        .map(|m| {
            let n: u32 = m.code.parse().unwrap();
            (m.code.clone(), (n % 9 != 5).then(|| f64::from(n % 5) / 5.0 + 0.1))
        })
        .collect()
}

fn decode(png: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut reader = ::png::Decoder::new(std::io::Cursor::new(png)).read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, ::png::ColorType::Rgb);
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

#[test]
fn every_municipality_shows_its_class_colour_at_its_pixel() {
    let values = made_up();
    let spec = MapSpec {
        values: &values,
        lang: Lang::Sv,
        title: Some("Kommunernas totala digitaliseringsgrad"),
        highlight: None,
        legend: true,
    };
    let png = png(&spec, 800).unwrap();
    assert_eq!(png, super::png(&spec, 800).unwrap(), "the same map gives the same bytes");
    let (w, h, pixels) = decode(&png);
    assert_eq!(w, 800);
    assert!((1400..1500).contains(&h), "{h}");
    let (mut missing, mut no_figure) = (0, 0);
    for m in Register::embedded().municipalities.iter().filter(|m| m.code != "035") {
        let (x, y) = pixel_inside(&m.code, 800).unwrap();
        let at = ((y * w + x) * 3) as usize;
        let expected = match values.get(&m.code) {
            Some(Some(v)) => class_color(class_of(*v)),
            Some(None) => {
                no_figure += 1;
                super::NO_FIGURE_COLOR
            }
            None => {
                missing += 1;
                MISSING_COLOR
            }
        };
        assert_eq!(pixels[at..at + 3], expected, "{} {} at ({x}, {y})", m.code, m.name_fi);
    }
    assert!(missing > 20 && no_figure > 20, "{missing} {no_figure}");
    let svg = super::svg(&spec, 800);
    assert!(svg.contains("ingen tjänst införd"), "the legend names the white fill");
}

#[test]
fn a_highlighted_municipality_keeps_its_fill_and_is_outlined() {
    let values = made_up();
    let spec = |highlight| MapSpec {
        values: &values,
        lang: Lang::Fi,
        title: None,
        highlight,
        legend: false,
    };
    let (plain, marked) = (svg(&spec(None), 600), svg(&spec(Some("837")), 600));
    assert_eq!(marked.matches("stroke=\"#000000\"").count(), 2, "the municipality and region");
    assert_eq!(plain.matches("stroke=\"#000000\"").count(), 0);
    let (w, _, pixels) = decode(&png(&spec(Some("837")), 600).unwrap());
    let (x, y) = pixel_inside("837", 600).unwrap();
    let at = ((y * w + x) * 3) as usize;
    assert_eq!(pixels[at..at + 3], class_color(class_of(values["837"].unwrap())));
    // Åland has no border with another region: its whole outline is marked.
    assert!(svg(&spec(Some("478")), 600).contains(&geometry().regions[18].path));
}

#[test]
fn the_legend_and_the_attribution_are_in_the_maps_language() {
    let values = HashMap::from([("091".to_string(), Some(0.5))]);
    for lang in Lang::ALL {
        let spec =
            MapSpec { values: &values, lang, title: Some("A & B"), highlight: None, legend: true };
        let svg = svg(&spec, 800);
        assert!(svg.contains(attribution(lang)), "{lang}");
        assert!(svg.contains(t("map_not_returned", lang)), "{lang}");
        assert!(svg.contains(t("sum_degree", lang)), "{lang}");
        assert!(svg.contains(">A &amp; B</text>"), "{lang}: the title, escaped");
        assert!(svg.contains("<title>A &amp; B</title>"), "{lang}: the document's title");
        for class in 0..Classes::COUNT {
            assert!(svg.contains(&format!(">{}</text>", Classes::label(class))), "{lang}");
        }
        let bare = MapSpec { legend: false, title: None, ..spec };
        let bare = super::svg(&bare, 800);
        assert!(!bare.contains("<text"), "no text without the legend and the title");
        assert!(bare.contains("<title>091 Helsin"), "the names stay as tooltips");
    }
    assert_eq!(
        attribution(Lang::Fi),
        "Karttapohja: Maanmittauslaitos, Tilastokeskus (CC BY 4.0), muokattu"
    );
    let sources = include_str!("../../templates/map/SOURCES.md");
    for lang in Lang::ALL {
        let line = format!("- {lang}: \"{}\"", attribution(lang));
        assert!(sources.contains(&line), "SOURCES.md says {line}");
    }
}

#[test]
fn widths_outside_the_limits_are_refused() {
    let values = HashMap::new();
    let spec =
        MapSpec { values: &values, lang: Lang::En, title: None, highlight: None, legend: false };
    for width in [0, MIN_WIDTH - 1, MAX_WIDTH + 1] {
        let err = png(&spec, width).unwrap_err();
        assert!(matches!(err, MapError::Width { .. }), "{err}");
    }
    assert_eq!(
        png(&spec, 50).unwrap_err().to_string(),
        "a map 50 px wide cannot be drawn: the width must be 100–4000 px"
    );
    let (w, _, pixels) = decode(&png(&spec, MIN_WIDTH).unwrap());
    assert_eq!(w, MIN_WIDTH);
    assert!(pixels.chunks(3).any(|p| p == MISSING_COLOR), "nothing returned: all grey");
}

#[test]
fn a_long_title_is_made_smaller_then_cut_but_stays_whole_as_the_documents_title() {
    let values = HashMap::new();
    let long = "Asuminen, ympäristö, liikenne ja kaikki muu mitä kunta tekee asukkaidensa hyväksi \
                joka ikinen päivä vuoden ympäri";
    let spec = MapSpec {
        values: &values,
        lang: Lang::Fi,
        title: Some(long),
        highlight: None,
        legend: false,
    };
    let svg = svg(&spec, 800);
    assert!(svg.contains(&format!("<title>{long}</title>")));
    let lines: Vec<&str> = svg.lines().filter(|l| l.starts_with("<text")).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[1].ends_with("…</text>"), "{lines:?}");
    assert!(lines[0].contains("font-size=\"15\""), "the legend's size: {lines:?}");
}

/// The borders are drawn once per picture size and kept: the next map of that size shows
/// the same lines over its own fills, and the same map gives the same bytes from the kept
/// borders as from the first drawing.
#[test]
fn kept_borders_are_drawn_over_every_map_of_their_size() {
    // A width no other test draws, so this test makes the first drawing of its size.
    const WIDTH: u32 = 437;
    let values = made_up();
    let nothing = HashMap::new();
    let spec =
        |values| MapSpec { values, lang: Lang::Fi, title: None, highlight: None, legend: false };
    let first = png(&spec(&values), WIDTH).unwrap();
    let (w, h, grey) = decode(&png(&spec(&nothing), WIDTH).unwrap());
    assert_eq!(png(&spec(&values), WIDTH).unwrap(), first, "kept borders, the same bytes");
    // Nothing returned: every fill is the light grey, so every dark pixel is a line — the
    // region borders and the coast, thousands of pixels.
    let dark = grey.chunks(3).filter(|p| p.iter().all(|&c| c < 0x80)).count();
    assert!(dark > 1000, "{dark} dark pixels of {w}×{h}");
    for m in Register::embedded().municipalities.iter() {
        let Some((x, y)) = pixel_inside(&m.code, WIDTH) else { continue };
        let at = ((y * w + x) * 3) as usize;
        assert_eq!(grey[at..at + 3], MISSING_COLOR, "{} under the borders", m.code);
    }
    // The fills of the map with figures are its own, under the same lines.
    let (_, _, coloured) = decode(&first);
    let lines = |pixels: &[u8]| -> Vec<usize> {
        let dark = |p: &[u8]| p.iter().all(|&c| c < 0x30);
        pixels.chunks(3).enumerate().filter(|(_, p)| dark(p)).map(|(i, _)| i).collect()
    };
    let (on_grey, on_colour) = (lines(&grey), lines(&coloured));
    let shared = on_grey.iter().filter(|i| on_colour.binary_search(i).is_ok()).count();
    assert!(shared * 10 >= on_grey.len() * 9, "{shared} of {} line pixels", on_grey.len());
}
