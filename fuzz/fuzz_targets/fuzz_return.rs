//! Bytes → a return read and checked against the default catalog, through the worker pool
//! as every command reads (set `DIGIASTE_WORKER` to a release `digiaste`; without it the
//! bytes are parsed in this process, which guides coverage into the parsers but dies with
//! them on an allocation bomb). Whatever the bytes, the reader must answer with a status
//! and findings: no panic, no runaway memory, no measure out of range.
#![no_main]

use std::sync::OnceLock;

use digiaste::catalog::Catalog;
use digiaste::check::{ReturnChecker, Status};
use libfuzzer_sys::fuzz_target;

fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(Catalog::default_catalog)
}

fn checker() -> &'static ReturnChecker<'static> {
    static C: OnceLock<ReturnChecker<'static>> = OnceLock::new();
    C.get_or_init(|| {
        // As the binary does: every file parsed in a sandboxed worker.
        if let Some(exe) = std::env::var_os("DIGIASTE_WORKER") {
            digiaste::read::use_worker(exe.into());
        }
        ReturnChecker::new(catalog())
    })
}

fuzz_target!(|data: &[u8]| {
    // The first byte picks the extension the file would have had.
    let Some((&pick, body)) = data.split_first() else { return };
    let name = ["return.xlsx", "return.ods", "return.xls", "return.xlsm"][pick as usize % 4];
    let r = checker().check_bytes(name, body);
    if r.status == Status::Valid {
        assert!(r.municipality.is_some(), "a valid return is attributed to a municipality");
    }
    for f in &r.findings {
        let _ = f.message(digiaste::lang::Lang::Fi);
    }
    let scores = digiaste::measures::score_all(catalog(), &r.answers, digiaste::lang::Lang::Fi);
    for m in std::iter::once(&scores.overall).chain(scores.areas.iter().map(|a| &a.measures)) {
        assert!((0.0..=1.0).contains(&m.coverage) && (0.0..=1.0).contains(&m.realized));
        assert!(m.degree.is_none_or(|d| (0.0..=1.0).contains(&d)));
        assert!(m.usage.is_none_or(|u| (0.0..=1.0).contains(&u)));
    }
});
