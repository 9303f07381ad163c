//! TOML → catalog: the TOML shape with the spans that let every problem name its line,
//! reading a file, and the content hash written into every template.

use indexmap::IndexMap;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use toml::Spanned;

use super::check::Checker;
use super::{Catalog, CatalogError, Problem};

impl Catalog {
    /// Reads a catalog file; the error lists every problem found with its line. A file
    /// over [`MAX_CATALOG_BYTES`](super::MAX_CATALOG_BYTES) is refused before it is parsed.
    pub fn load(path: &std::path::Path) -> Result<Catalog, CatalogError> {
        use std::io::Read;
        let max = super::MAX_CATALOG_BYTES;
        let refused = |message: String| CatalogError {
            source_name: path.display().to_string(),
            problems: vec![Problem { line: None, message }],
        };
        let cannot = |e: std::io::Error| refused(format!("cannot read the file: {e}"));
        let file = std::fs::File::open(path).map_err(cannot)?;
        let too_big = |size: u64| {
            refused(format!(
                "the file is {size} bytes; a catalog is at most {max} bytes ({} MB)",
                max >> 20
            ))
        };
        match file.metadata() {
            Ok(m) if m.len() > max => return Err(too_big(m.len())),
            _ => {}
        }
        // Read no more than the limit, whatever the file claims (a pipe, a growing file).
        let mut text = Vec::new();
        file.take(max + 1).read_to_end(&mut text).map_err(cannot)?;
        if text.len() as u64 > max {
            return Err(too_big(text.len() as u64));
        }
        let text = String::from_utf8(text).map_err(|_| CatalogError {
            source_name: path.display().to_string(),
            problems: vec![Problem { line: None, message: "the file is not UTF-8 text".into() }],
        })?;
        Catalog::parse(&text, &path.display().to_string())
    }

    /// Parses catalog TOML; `source_name` names it in the error, which lists every problem
    /// found with its line.
    pub fn parse(text: &str, source_name: &str) -> Result<Catalog, CatalogError> {
        let raw: RawCatalog = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start));
            CatalogError {
                source_name: source_name.to_string(),
                problems: vec![Problem { line, message: e.message().trim().to_string() }],
            }
        })?;
        let mut checker = Checker::new(text);
        let catalog = checker.build(raw);
        if checker.problems.is_empty() {
            let mut catalog = catalog;
            catalog.hash = content_hash(&catalog);
            Ok(catalog)
        } else {
            Err(CatalogError { source_name: source_name.to_string(), problems: checker.problems })
        }
    }
}

fn content_hash(catalog: &Catalog) -> String {
    let canonical = serde_json::to_vec(catalog).expect("catalog serialises");
    let digest = Sha256::digest(&canonical);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The 1-based line of a byte offset, for problems found through a TOML span.
pub(super) fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].bytes().filter(|&b| b == b'\n').count() + 1
}

// ---- the TOML shape: as written, with the spans that name lines -----------------------

/// A catalog file as written; unknown fields are errors so a typo is not silently ignored.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCatalog {
    pub(super) id: Spanned<String>,
    pub(super) version: Spanned<String>,
    pub(super) languages: Spanned<Vec<String>>,
    pub(super) title: Spanned<IndexMap<String, String>>,
    #[serde(default)]
    pub(super) usage: bool,
    /// Whether the workbook offers blank rows for items the municipality adds; by default
    /// only a catalog with an adoption gate does.
    #[serde(default)]
    pub(super) added_items: Option<bool>,
    #[serde(default)]
    pub(super) adoption: Vec<Spanned<RawAdoption>>,
    pub(super) stages: Spanned<Vec<Spanned<RawStage>>>,
    pub(super) areas: Spanned<Vec<Spanned<RawArea>>>,
    #[serde(default)]
    pub(super) savings: Option<Spanned<super::savings::RawSavings>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAdoption {
    pub(super) key: String,
    pub(super) introduced: bool,
    pub(super) label: Spanned<IndexMap<String, String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStage {
    pub(super) id: Spanned<String>,
    pub(super) name: Spanned<IndexMap<String, String>>,
    pub(super) options: Vec<Spanned<RawOption>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOption {
    pub(super) key: String,
    pub(super) label: Spanned<IndexMap<String, String>>,
    pub(super) score: Option<Spanned<f64>>,
    pub(super) points: Option<Spanned<f64>>,
    #[serde(default)]
    pub(super) not_applicable: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawArea {
    pub(super) id: Spanned<String>,
    pub(super) name: Spanned<IndexMap<String, String>>,
    #[serde(default)]
    pub(super) services: Vec<Spanned<RawService>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawService {
    pub(super) id: Spanned<String>,
    pub(super) name: Spanned<IndexMap<String, String>>,
    pub(super) stages: Option<Spanned<Vec<String>>>,
}
