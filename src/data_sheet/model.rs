//! The round's data as the data sheet keeps it: per counted municipality its measures, its
//! answers, its file and findings. Built once from a round by the summary writer
//! (`summary::data`), written to the data sheet and made into feedback workbooks from the
//! same value; read back from a summary by `digiaste feedback`.

use super::{DataRow, ServiceRow};
use crate::catalog::Catalog;
use crate::lang::Lang;
use crate::measures::Group;
use crate::register::{Register, SizeClass};

/// The counted returns of a round, as the data sheet keeps them.
#[derive(Clone, Debug, PartialEq)]
pub struct RoundData {
    /// The catalog's id.
    pub catalog_id: String,
    /// The catalog's version.
    pub catalog_version: String,
    /// The earlier summary compared with (`--previous`), if any.
    pub previous: Option<String>,
    /// One per counted municipality, sorted by code.
    pub entries: Vec<Entry>,
    /// The rounds of the trend, oldest first and this round last; empty without an earlier
    /// summary.
    pub history: Vec<RoundPoint>,
}

/// One round of the trend: its label and every municipality it counted, with the overall
/// measures.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RoundPoint {
    /// How the trend names the round ("2025", or a date, or the summary's file name).
    pub label: String,
    /// Per counted municipality (code) its overall measures, by code.
    pub overall: Vec<(String, DataRow)>,
}

/// One counted municipality.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The municipality code.
    pub code: String,
    /// The name as its return gave it.
    pub name: String,
    /// Its region in Finnish and Swedish; empty when unknown.
    pub region_fi: String,
    /// The region in Swedish.
    pub region_sv: String,
    /// Inhabitants, when known.
    pub population: Option<u32>,
    /// The language of its return's template.
    pub language: Option<Lang>,
    /// The file that counted, as named on the command line.
    pub file: String,
    /// The response date, YYYY-MM-DD.
    pub response_date: String,
    /// Files of the same municipality that the counted one replaced.
    pub superseded: Vec<String>,
    /// Measures per group (`Group::all` order: each area, then overall).
    pub groups: Vec<DataRow>,
    /// Answers per catalog service, area by area in catalog order.
    pub services: Vec<ServiceRow>,
    /// The warnings and notes left in the counted return.
    pub findings: Vec<Note>,
    /// The earlier round's measures per group, when the earlier summary had them.
    pub previous: Vec<Option<DataRow>>,
}

/// A finding of a counted return, with its message in every language.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    /// The finding code (`unanswered-service`).
    pub code: String,
    /// The sheet.
    pub sheet: String,
    /// The cell, e.g. `E7`.
    pub cell: String,
    /// The message in each of `Lang::ALL`.
    pub messages: [String; 3],
}

impl Note {
    /// The message in a language.
    pub fn message(&self, lang: Lang) -> &str {
        let i = Lang::ALL.iter().position(|&l| l == lang).unwrap_or(0);
        &self.messages[i]
    }
}

impl Entry {
    /// Its name in a language: the register's, or as the return gave it.
    pub fn display_name(&self, lang: Lang) -> String {
        Register::embedded()
            .get(&self.code)
            .map(|m| m.name(lang).to_string())
            .unwrap_or_else(|| self.name.clone())
    }

    /// Its region in a language (Swedish in Swedish, Finnish otherwise).
    pub fn region(&self, lang: Lang) -> &str {
        if lang == Lang::Sv { &self.region_sv } else { &self.region_fi }
    }

    /// Its size class, when its population is known.
    pub fn size_class(&self) -> Option<SizeClass> {
        self.population.map(SizeClass::of)
    }
}

impl RoundData {
    /// Whether the model fits a catalog: its groups and services line up.
    pub fn fits(&self, catalog: &Catalog) -> bool {
        let groups = Group::all(catalog).len();
        let services: usize = catalog.areas.iter().map(|a| a.services.len()).sum();
        self.entries.iter().all(|e| {
            e.groups.len() == groups && e.services.len() == services && e.previous.len() == groups
        })
    }
}
