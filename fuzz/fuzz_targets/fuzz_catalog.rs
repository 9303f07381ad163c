//! Bytes → the catalog loader: any text gets a catalog or a list of problems with lines.
#![no_main]

use digiaste::catalog::Catalog;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match Catalog::parse(text, "fuzz.toml") {
        Ok(c) => {
            assert!(!c.areas.is_empty() && c.areas.iter().all(|a| !a.services.is_empty()));
            // A loaded catalog must be writable as a template in each of its languages.
            if c.service_count() < 200 {
                for lang in &c.languages {
                    digiaste::workbook::writer::build(&c, *lang, None).expect("a checked catalog builds");
                }
            }
        }
        Err(e) => assert!(!e.problems.is_empty()),
    }
});
