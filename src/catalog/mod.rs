//! The catalog: areas, services, process stages and answer options (docs/catalog.md).
//!
//! A catalog is TOML data. It is checked on load and every problem names the TOML line,
//! so an analyst editing a catalog by hand finds the mistake at once. This module holds the
//! model; `load` turns TOML into it and `check` names the problems on the way.

use std::fmt;

use serde::Serialize;

use crate::lang::{Lang, Text};

mod check;
mod load;
pub mod savings;

pub use savings::Savings;

/// The catalog the ministry ships, embedded in the binary.
pub const DEFAULT_CATALOG: &str = include_str!("../../templates/default.toml");

/// The catalogs built into the binary, each as (the file it came from, its text); the
/// first is the default. A return made from any of them is read with it.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("templates/default.toml", DEFAULT_CATALOG),
    ("templates/eblomlada-2017.toml", include_str!("../../templates/eblomlada-2017.toml")),
];

/// A catalog file is at most this many bytes (4 MB; the built-in catalogs are under
/// 100 KB): a larger one is refused before it is parsed.
pub const MAX_CATALOG_BYTES: u64 = 4 << 20;

/// At most this many levels (options) on the level question of an indicator catalog: the
/// catalog check refuses more, and the measures count answers per level in an array this
/// long.
pub const MAX_LEVELS: usize = 8;

/// A whole catalog: what every municipality assesses, in every language.
#[derive(Clone, Debug, Serialize)]
pub struct Catalog {
    /// The stable id.
    pub id: String,
    /// The version, e.g. `2025.1`.
    pub version: String,
    /// The languages every text exists in.
    pub languages: Vec<Lang>,
    /// The title in each language.
    pub title: Text,
    /// Whether each service asks for its usage rate (percent of transactions done online).
    pub usage: bool,
    /// Whether area sheets offer blank rows for services the municipality adds (`added_items`
    /// in the TOML; by default only catalogs with an adoption gate do). Left out of the
    /// content hash: it changes what a workbook offers, not what its answers mean.
    #[serde(skip)]
    pub added_items: bool,
    /// The adoption gate, "introduced" first. Empty for a plain indicator questionnaire.
    pub adoption: Vec<AdoptionOption>,
    /// The process stages (questions), in column order.
    pub stages: Vec<Stage>,
    /// The areas, each a sheet.
    pub areas: Vec<Area>,
    /// The savings model (docs/measures.md), when the catalog declares one. Not hashed: its
    /// estimates are starting values and change nothing about how answers are read.
    #[serde(skip)]
    pub savings: Option<Savings>,
    /// Content hash of the catalog (hex), written into every template.
    #[serde(skip)]
    pub hash: String,
}

/// An answer to "is this service introduced?", asked before the stages.
#[derive(Clone, Debug, Serialize)]
pub struct AdoptionOption {
    /// The stable key, used in returns and JSON.
    pub key: String,
    /// Whether this option means "introduced".
    pub introduced: bool,
    /// The text shown, in each language.
    pub label: Text,
}

/// A process stage (a question), asked of every service that has it.
#[derive(Clone, Debug, Serialize)]
pub struct Stage {
    /// The stable id.
    pub id: String,
    /// The name in each language.
    pub name: Text,
    /// The answer options, in dropdown order.
    pub options: Vec<StageOption>,
}

/// One answer option of a stage.
#[derive(Clone, Debug, Serialize)]
pub struct StageOption {
    /// The stable key, used in returns and JSON.
    pub key: String,
    /// The text shown, in each language.
    pub label: Text,
    /// Ordinal score 0..1; `None` means "not applicable": the stage leaves the maximum.
    pub score: Option<f64>,
    /// Points for indicator questionnaires (e.g. 1–3).
    pub points: Option<f64>,
}

/// An area of municipal services; one sheet of the workbook.
#[derive(Clone, Debug, Serialize)]
pub struct Area {
    /// The stable id.
    pub id: String,
    /// The name in each language.
    pub name: Text,
    /// The services, in row order.
    pub services: Vec<Service>,
}

/// A service the municipality assesses, one row of its area sheet.
#[derive(Clone, Debug, Serialize)]
pub struct Service {
    /// The stable id.
    pub id: String,
    /// The name in each language.
    pub name: Text,
    /// Indices into `Catalog::stages` of the stages this service has, in catalog order.
    pub stages: Vec<usize>,
}

impl Catalog {
    /// The embedded default catalog.
    pub fn default_catalog() -> Catalog {
        Catalog::parse(DEFAULT_CATALOG, "default catalog").expect("the embedded catalog is valid")
    }

    /// Every built-in catalog, the default first.
    pub fn built_in() -> Vec<Catalog> {
        Catalog::built_in_parsed().to_vec()
    }

    /// Every built-in catalog, parsed once per process (`--version` names them at start,
    /// and a run reads them again to choose a file's catalog).
    pub fn built_in_parsed() -> &'static [Catalog] {
        static PARSED: std::sync::OnceLock<Vec<Catalog>> = std::sync::OnceLock::new();
        PARSED.get_or_init(|| {
            BUILT_IN
                .iter()
                .map(|(name, text)| {
                    Catalog::parse(text, name).expect("the built-in catalogs are valid")
                })
                .collect()
        })
    }

    /// The built-in catalog with this id (or "id version", or its file name).
    pub fn built_in_named(name: &str) -> Option<Catalog> {
        Catalog::built_in_parsed().iter().zip(BUILT_IN).find_map(|(c, (file, _))| {
            let named = name == c.id
                || name == format!("{} {}", c.id, c.version)
                || file.ends_with(&format!("/{name}"));
            named.then(|| c.clone())
        })
    }

    /// Number of services over all areas.
    pub fn service_count(&self) -> usize {
        self.areas.iter().map(|a| a.services.len()).sum()
    }

    /// Whether services are first asked whether they are introduced (docs/catalog.md).
    pub fn has_adoption(&self) -> bool {
        !self.adoption.is_empty()
    }

    /// Whether the municipality may add services of its own in blank rows.
    pub fn allows_added_items(&self) -> bool {
        self.added_items
    }

    /// Whether answers carry points (indicator questionnaires).
    pub fn has_points(&self) -> bool {
        self.stages.iter().any(|s| s.options.iter().any(|o| o.points.is_some()))
    }

    /// The question whose options are the levels of an indicator questionnaire: the first
    /// stage whose options carry points.
    pub fn level_stage(&self) -> Option<usize> {
        self.stages.iter().position(|s| s.options.iter().any(|o| o.points.is_some()))
    }

    /// Highest points a service can reach (sum over its stages of the best option).
    pub fn max_points(&self, service: &Service) -> f64 {
        service
            .stages
            .iter()
            .map(|&i| self.stages[i].options.iter().filter_map(|o| o.points).fold(0.0, f64::max))
            .sum()
    }
}

/// All problems of one catalog file.
#[derive(Debug)]
pub struct CatalogError {
    /// The file (or name) the catalog came from.
    pub source_name: String,
    /// Every problem found.
    pub problems: Vec<Problem>,
}

/// One problem of a catalog, with its TOML line when it has one.
#[derive(Debug)]
pub struct Problem {
    /// The TOML line, when known.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl crate::texts::Localized for CatalogError {
    /// The count of problems and every problem with its line, one a line; the problems
    /// themselves are told in English (they name TOML keys and ids).
    fn message(&self, lang: Lang) -> String {
        let file = [("file", self.source_name.as_str())];
        let mut out = crate::texts::tn("count_catalog_problems", self.problems.len(), lang, &file);
        out.push('\n');
        for p in &self.problems {
            let line = match p.line {
                Some(line) => {
                    let line = line.to_string();
                    let args = [("line", line.as_str()), ("message", p.message.as_str())];
                    crate::texts::tf("catalog_problem_line", lang, &args)
                }
                None => p.message.clone(),
            };
            out.push_str(&format!("  {line}\n"));
        }
        out
    }
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::texts::Localized::message(self, Lang::En))
    }
}

impl std::error::Error for CatalogError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_catalog_loads() {
        let c = Catalog::default_catalog();
        assert_eq!(c.areas.len(), 6);
        assert!(c.areas.iter().all(|a| a.services.len() >= 8));
        assert_eq!(c.hash.len(), 64);
    }
}
