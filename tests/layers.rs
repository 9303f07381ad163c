//! The layers of the library (docs/structure.md, "The layers"): a top-level module imports
//! only modules of lower layers, so no import circle can form. The allowed order is written
//! once, in the `layers` block of docs/structure.md; this test reads it from there, reads
//! every `crate::` path in `src/` (comments left out) and fails on an import that goes up or
//! sideways, or on a module the order does not place.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

mod common;
use common::rust_files;

/// The layers, lowest first: each line of the ```layers block names the modules of one layer.
fn layers(doc: &str) -> Vec<Vec<String>> {
    let block = doc
        .split("```layers\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("docs/structure.md has a ```layers block");
    block
        .lines()
        .map(|l| l.split('#').next().unwrap_or(""))
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().map(str::to_owned).collect())
        .collect()
}

/// The top-level modules a source names through `crate::` — `crate::a::B`, and each first
/// name of a group `crate::{a::B, b, c::{D, E}}`.
fn imports(src: &str) -> BTreeSet<String> {
    let code = common::lex(src).code;
    let mut found = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect()
    };
    for (at, _) in code.match_indices("crate::") {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // e.g. `digiaste_crate::`
        }
        let rest = code[at + "crate::".len()..].trim_start();
        if let Some(group) = rest.strip_prefix('{') {
            let (mut depth, mut start) = (1, true);
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 1 => break,
                    '}' => depth -= 1,
                    ',' if depth == 1 => start = true,
                    c if c.is_whitespace() => {}
                    _ if start && depth == 1 => {
                        found.insert(ident(&group[i..]));
                        start = false;
                    }
                    _ => {}
                }
            }
        } else {
            found.insert(ident(rest));
        }
    }
    found.retain(|m| !m.is_empty() && m != "self");
    found
}

/// Every import of each top-level library module (`src/NAME.rs` or `src/NAME/`): module →
/// (imported module → a file that imports it).
fn library_imports(src: &Path) -> BTreeMap<String, BTreeMap<String, PathBuf>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut graph: BTreeMap<String, BTreeMap<String, PathBuf>> = BTreeMap::new();
    for file in files {
        let rel = file.strip_prefix(src).unwrap();
        let first = rel.components().next().unwrap().as_os_str().to_string_lossy();
        let module = first.trim_end_matches(".rs").to_owned();
        if ["lib", "main", "cmd"].contains(&module.as_str()) {
            continue; // the crate root and the binary may use every module
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let entry = graph.entry(module.clone()).or_default();
        for used in imports(&text) {
            if used != module {
                entry.entry(used).or_insert_with(|| rel.to_path_buf());
            }
        }
    }
    graph
}

/// What breaks the order: each import of a module that is not in a lower layer, and each
/// module the layers do not place.
fn violations(
    layers: &[Vec<String>],
    graph: &BTreeMap<String, BTreeMap<String, PathBuf>>,
) -> Vec<String> {
    let rank: BTreeMap<&str, usize> = layers
        .iter()
        .enumerate()
        .flat_map(|(i, layer)| layer.iter().map(move |m| (m.as_str(), i)))
        .collect();
    let mut wrong = Vec::new();
    for (module, uses) in graph {
        let Some(&mine) = rank.get(module.as_str()) else {
            wrong.push(format!("module {module} is in no layer of docs/structure.md"));
            continue;
        };
        for (used, file) in uses {
            match rank.get(used.as_str()) {
                Some(&theirs) if theirs < mine => {}
                Some(_) => wrong.push(format!(
                    "{module} (layer {}) imports {used} (layer {}) in src/{}",
                    mine + 1,
                    rank[used.as_str()] + 1,
                    file.display()
                )),
                None => {} // not a module of ours (e.g. `crate::` in a macro of a crate)
            }
        }
    }
    wrong
}

#[test]
fn every_import_goes_down_the_layers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/structure.md")).unwrap();
    let layers = layers(&doc);
    let graph = library_imports(&root.join("src"));
    assert!(graph.len() >= 15, "the library's modules were found: {:?}", graph.keys());
    assert!(graph["check"].contains_key("catalog"), "imports were read: {:?}", graph["check"]);
    let wrong = violations(&layers, &graph);
    assert!(wrong.is_empty(), "imports against the layers:\n{}", wrong.join("\n"));
    let declared: BTreeSet<&str> = layers.iter().flatten().map(String::as_str).collect();
    let stale: Vec<&&str> = declared.iter().filter(|m| !graph.contains_key(**m)).collect();
    assert!(stale.is_empty(), "layers name modules that do not exist: {stale:?}");
}

#[test]
fn a_circle_or_a_sideways_import_is_found() {
    let layers = layers("```layers\nlang\ncatalog register # one layer\ncheck\n```\n");
    assert_eq!(layers, [vec!["lang"], vec!["catalog", "register"], vec!["check"]]);
    let graph = |edges: &[(&str, &str)]| {
        let mut g: BTreeMap<String, BTreeMap<String, PathBuf>> = BTreeMap::new();
        for (from, to) in edges {
            g.entry(from.to_string()).or_default().insert(to.to_string(), PathBuf::from("x.rs"));
            g.entry(to.to_string()).or_default();
        }
        g
    };
    let fine = graph(&[("check", "catalog"), ("catalog", "lang"), ("check", "lang")]);
    assert!(violations(&layers, &fine).is_empty());
    let up = violations(&layers, &graph(&[("catalog", "check")]));
    assert_eq!(up, ["catalog (layer 2) imports check (layer 3) in src/x.rs"]);
    let sideways = violations(&layers, &graph(&[("catalog", "register")]));
    assert_eq!(sideways, ["catalog (layer 2) imports register (layer 2) in src/x.rs"]);
    let unplaced = violations(&layers, &graph(&[("report", "lang")]));
    assert_eq!(unplaced, ["module report is in no layer of docs/structure.md"]);
}

#[test]
fn imports_are_read_from_paths_and_groups_but_not_comments() {
    let src = "//! see crate::report\n\
               use crate::{catalog::{Catalog, Lang}, lang, read::Book};\n\
               /* crate::summary */ fn f() { crate::texts::t(\"crate::feedback // x\"); }\n\
               use crate::measures::score; // crate::round\n\
               fn g(c: char) -> bool { c == '\"' || c == '\\'' } // crate::prefill\n\
               fn h<'a>(s: &'a str) -> &'a str { crate::output::x(s) }\n";
    let found: Vec<String> = imports(src).into_iter().collect();
    assert_eq!(found, ["catalog", "lang", "measures", "output", "read", "texts"]);
}
