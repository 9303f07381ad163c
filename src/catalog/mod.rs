//! The catalog: areas, services, process stages and answer options (DESIGN §2).
//!
//! A catalog is TOML data. It is checked on load and every problem names the TOML line,
//! so an analyst editing a catalog by hand finds the mistake at once.

use std::collections::HashSet;
use std::fmt;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use toml::Spanned;

/// The catalog the ministry ships, embedded in the binary.
pub const DEFAULT_CATALOG: &str = include_str!("../../templates/default.toml");

/// A user-interface language. Every text a municipality sees exists in all three.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Fi,
    Sv,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Fi, Lang::Sv, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fi => "fi",
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code.trim().to_lowercase())
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A text in every language of the catalog.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Text(pub IndexMap<String, String>);

impl Text {
    /// The text in `lang`, falling back to Finnish, then to any language.
    pub fn get(&self, lang: Lang) -> &str {
        self.0
            .get(lang.code())
            .or_else(|| self.0.get("fi"))
            .or_else(|| self.0.values().next())
            .map(String::as_str)
            .unwrap_or("")
    }

    /// All translations, for matching answers typed in any language.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        self.0.values().map(String::as_str)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Catalog {
    pub id: String,
    pub version: String,
    pub languages: Vec<Lang>,
    pub title: Text,
    /// Whether each service asks for its usage rate (percent of transactions done online).
    pub usage: bool,
    /// The adoption gate, "introduced" first. Empty for a plain indicator questionnaire.
    pub adoption: Vec<AdoptionOption>,
    pub stages: Vec<Stage>,
    pub areas: Vec<Area>,
    /// Content hash of the catalog (hex), written into every template.
    #[serde(skip)]
    pub hash: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct AdoptionOption {
    pub key: String,
    pub introduced: bool,
    pub label: Text,
}

#[derive(Clone, Debug, Serialize)]
pub struct Stage {
    pub id: String,
    pub name: Text,
    pub options: Vec<StageOption>,
}

#[derive(Clone, Debug, Serialize)]
pub struct StageOption {
    pub key: String,
    pub label: Text,
    /// Ordinal score 0..1; `None` means "not applicable": the stage leaves the maximum.
    pub score: Option<f64>,
    /// Points for indicator questionnaires (e.g. 1–3).
    pub points: Option<f64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Area {
    pub id: String,
    pub name: Text,
    pub services: Vec<Service>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Service {
    pub id: String,
    pub name: Text,
    /// Indices into `Catalog::stages` of the stages this service has, in catalog order.
    pub stages: Vec<usize>,
}

impl Catalog {
    pub fn default_catalog() -> Catalog {
        Catalog::parse(DEFAULT_CATALOG, "default catalog").expect("the embedded catalog is valid")
    }

    /// Reads a catalog file; the error lists every problem found with its line.
    pub fn load(path: &std::path::Path) -> Result<Catalog, CatalogError> {
        let text = std::fs::read(path).map_err(|e| CatalogError {
            source_name: path.display().to_string(),
            problems: vec![Problem { line: None, message: format!("cannot read the file: {e}") }],
        })?;
        let text = String::from_utf8(text).map_err(|_| CatalogError {
            source_name: path.display().to_string(),
            problems: vec![Problem { line: None, message: "the file is not UTF-8 text".into() }],
        })?;
        Catalog::parse(&text, &path.display().to_string())
    }

    pub fn parse(text: &str, source_name: &str) -> Result<Catalog, CatalogError> {
        let raw: RawCatalog = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start));
            CatalogError {
                source_name: source_name.to_string(),
                problems: vec![Problem { line, message: e.message().trim().to_string() }],
            }
        })?;
        let mut checker = Checker { text, problems: Vec::new() };
        let catalog = checker.build(raw);
        if checker.problems.is_empty() {
            let mut catalog = catalog;
            catalog.hash = content_hash(&catalog);
            Ok(catalog)
        } else {
            Err(CatalogError { source_name: source_name.to_string(), problems: checker.problems })
        }
    }

    pub fn service_count(&self) -> usize {
        self.areas.iter().map(|a| a.services.len()).sum()
    }

    pub fn has_adoption(&self) -> bool {
        !self.adoption.is_empty()
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
            .map(|&i| {
                self.stages[i].options.iter().filter_map(|o| o.points).fold(0.0, f64::max)
            })
            .sum()
    }
}

fn content_hash(catalog: &Catalog) -> String {
    let canonical = serde_json::to_vec(catalog).expect("catalog serialises");
    let digest = Sha256::digest(&canonical);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// All problems of one catalog file.
#[derive(Debug)]
pub struct CatalogError {
    pub source_name: String,
    pub problems: Vec<Problem>,
}

#[derive(Debug)]
pub struct Problem {
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}: the catalog has {} problem(s):", self.source_name, self.problems.len())?;
        for p in &self.problems {
            match p.line {
                Some(line) => writeln!(f, "  line {line}: {}", p.message)?,
                None => writeln!(f, "  {}", p.message)?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for CatalogError {}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].bytes().filter(|&b| b == b'\n').count() + 1
}

// ---- the TOML shape -------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    id: Spanned<String>,
    version: Spanned<String>,
    languages: Spanned<Vec<String>>,
    title: Spanned<IndexMap<String, String>>,
    #[serde(default)]
    usage: bool,
    #[serde(default)]
    adoption: Vec<Spanned<RawAdoption>>,
    stages: Spanned<Vec<Spanned<RawStage>>>,
    areas: Spanned<Vec<Spanned<RawArea>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAdoption {
    key: String,
    introduced: bool,
    label: Spanned<IndexMap<String, String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStage {
    id: Spanned<String>,
    name: Spanned<IndexMap<String, String>>,
    options: Vec<Spanned<RawOption>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOption {
    key: String,
    label: Spanned<IndexMap<String, String>>,
    score: Option<Spanned<f64>>,
    points: Option<Spanned<f64>>,
    #[serde(default)]
    not_applicable: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArea {
    id: Spanned<String>,
    name: Spanned<IndexMap<String, String>>,
    #[serde(default)]
    services: Vec<Spanned<RawService>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawService {
    id: Spanned<String>,
    name: Spanned<IndexMap<String, String>>,
    stages: Option<Spanned<Vec<String>>>,
}

/// Characters a spreadsheet does not allow in sheet names.
const SHEET_NAME_FORBIDDEN: &[char] = &['[', ']', ':', '*', '?', '/', '\\'];

struct Checker<'a> {
    text: &'a str,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn problem(&mut self, offset: usize, message: String) {
        let line = line_of(self.text, offset);
        self.problems.push(Problem { line: Some(line), message });
    }

    fn text(&mut self, raw: &Spanned<IndexMap<String, String>>, langs: &[Lang], what: &str) -> Text {
        for lang in langs {
            match raw.get_ref().get(lang.code()) {
                Some(t) if !t.trim().is_empty() => {}
                _ => self.problem(
                    raw.span().start,
                    format!("{what}: missing {} translation", lang.code()),
                ),
            }
        }
        for key in raw.get_ref().keys() {
            if Lang::from_code(key).is_none() {
                self.problem(raw.span().start, format!("{what}: unknown language \"{key}\""));
            }
        }
        Text(raw.get_ref().iter().map(|(k, v)| (k.clone(), v.trim().to_string())).collect())
    }

    fn id(&mut self, seen: &mut HashSet<String>, id: &str, offset: usize, what: &str) {
        let valid = !id.is_empty()
            && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-._".contains(c));
        if !valid {
            self.problem(
                offset,
                format!("{what} id \"{id}\" must be lowercase letters, digits, '-', '.' or '_'"),
            );
        }
        if !seen.insert(id.to_string()) {
            self.problem(offset, format!("duplicate {what} id \"{id}\""));
        }
    }

    fn build(&mut self, raw: RawCatalog) -> Catalog {
        let mut languages = Vec::new();
        for code in raw.languages.get_ref() {
            match Lang::from_code(code) {
                Some(l) if !languages.contains(&l) => languages.push(l),
                Some(_) => self.problem(raw.languages.span().start, format!("language \"{code}\" listed twice")),
                None => self.problem(
                    raw.languages.span().start,
                    format!("unknown language \"{code}\" (use fi, sv, en)"),
                ),
            }
        }
        if languages.is_empty() {
            self.problem(raw.languages.span().start, "the catalog lists no language".into());
        }
        if raw.id.get_ref().trim().is_empty() {
            self.problem(raw.id.span().start, "the catalog id is empty".into());
        }
        if raw.version.get_ref().trim().is_empty() {
            self.problem(raw.version.span().start, "the catalog version is empty".into());
        }
        let title = self.text(&raw.title, &languages, "title");

        let mut adoption = Vec::new();
        let mut keys = HashSet::new();
        for (i, a) in raw.adoption.iter().enumerate() {
            let at = a.span().start;
            let a = a.get_ref();
            if !keys.insert(a.key.clone()) {
                self.problem(at, format!("duplicate adoption option \"{}\"", a.key));
            }
            if i == 0 && !a.introduced {
                self.problem(at, "the first adoption option must be the \"introduced\" one".into());
            }
            let label = self.text(&a.label, &languages, &format!("adoption option \"{}\"", a.key));
            adoption.push(AdoptionOption { key: a.key.clone(), introduced: a.introduced, label });
        }
        if !raw.adoption.is_empty() {
            let yes = adoption.iter().filter(|a| a.introduced).count();
            if yes != 1 || adoption.len() < 2 {
                self.problem(
                    raw.adoption[0].span().start,
                    "the adoption gate needs exactly one \"introduced\" option and at least one other"
                        .into(),
                );
            }
        }

        let mut stages = Vec::new();
        let mut stage_ids = HashSet::new();
        if raw.stages.get_ref().is_empty() {
            self.problem(raw.stages.span().start, "the catalog has no stages (questions)".into());
        }
        for s in raw.stages.get_ref() {
            let at = s.span().start;
            let s = s.get_ref();
            self.id(&mut stage_ids, s.id.get_ref(), s.id.span().start, "stage");
            let s_id = s.id.get_ref().clone();
            let name = self.text(&s.name, &languages, &format!("stage \"{}\"", s_id));
            let mut options = Vec::new();
            let mut option_keys = HashSet::new();
            let mut labels: Vec<HashSet<String>> = vec![HashSet::new(); Lang::ALL.len()];
            for o in &s.options {
                let oat = o.span().start;
                let o = o.get_ref();
                let what = format!("stage \"{}\" option \"{}\"", s_id, o.key);
                if !option_keys.insert(o.key.clone()) {
                    self.problem(oat, format!("duplicate option key in {what}"));
                }
                let label = self.text(&o.label, &languages, &what);
                for (li, lang) in Lang::ALL.iter().enumerate() {
                    if let Some(l) = o.label.get_ref().get(lang.code()) {
                        // Spreadsheet lookups treat these as wildcards.
                        if l.contains(['*', '?', '~']) {
                            self.problem(oat, format!("{what}: {} label \"{l}\" contains * ? or ~, which spreadsheets read as wildcards", lang.code()));
                        }
                        if !labels[li].insert(l.trim().to_lowercase()) {
                            self.problem(oat, format!("{what}: {} label \"{l}\" is used twice in this stage", lang.code()));
                        }
                    }
                }
                let score = match (&o.score, o.not_applicable) {
                    (Some(_), true) => {
                        self.problem(oat, format!("{what}: a not-applicable option has no score"));
                        None
                    }
                    (None, true) => None,
                    (None, false) => {
                        self.problem(oat, format!("{what}: score missing (0..1), or set not_applicable = true"));
                        None
                    }
                    (Some(sc), false) => {
                        let v = *sc.get_ref();
                        if !(0.0..=1.0).contains(&v) || v.is_nan() {
                            self.problem(sc.span().start, format!("{what}: score {v} is outside 0..1"));
                        }
                        Some(v)
                    }
                };
                let points = o.points.as_ref().map(|p| {
                    let v = *p.get_ref();
                    if !v.is_finite() || v < 0.0 {
                        self.problem(p.span().start, format!("{what}: points {v} must be 0 or more"));
                    }
                    v
                });
                options.push(StageOption { key: o.key.clone(), label, score, points });
            }
            if options.iter().any(|o| o.points.is_some()) && options.len() > crate::measures::MAX_LEVELS {
                self.problem(at, format!("stage \"{}\" has points on more than {} options", s_id, crate::measures::MAX_LEVELS));
            }
            if options.iter().filter(|o| o.score.is_some()).count() < 2 {
                self.problem(at, format!("stage \"{}\" needs at least two scored options", s_id));
            }
            stages.push(Stage { id: s_id.clone(), name, options });
        }

        let mut areas = Vec::new();
        let mut area_ids = HashSet::new();
        let mut service_ids = HashSet::new();
        if raw.areas.get_ref().is_empty() {
            self.problem(raw.areas.span().start, "the catalog has no areas".into());
        }
        for a in raw.areas.get_ref() {
            let at = a.span().start;
            let a = a.get_ref();
            self.id(&mut area_ids, a.id.get_ref(), a.id.span().start, "area");
            let a_id = a.id.get_ref().clone();
            let name = self.text(&a.name, &languages, &format!("area \"{}\"", a_id));
            for lang in &languages {
                let n = name.get(*lang);
                if n.chars().count() > 31 || n.contains(SHEET_NAME_FORBIDDEN) || n.starts_with('\'') {
                    self.problem(
                        a.name.span().start,
                        format!(
                            "area \"{}\": {} name \"{n}\" cannot be a sheet name (at most 31 characters, none of [ ] : * ? / \\)",
                            a_id,
                            lang.code()
                        ),
                    );
                }
            }
            if a.services.is_empty() {
                self.problem(at, format!("area \"{}\" has no services", a_id));
            }
            let mut services = Vec::new();
            for s in &a.services {
                let s = s.get_ref();
                self.id(&mut service_ids, s.id.get_ref(), s.id.span().start, "service");
                let s_id = s.id.get_ref().clone();
                let name = self.text(&s.name, &languages, &format!("service \"{}\"", s_id));
                let stage_refs = match &s.stages {
                    None => (0..stages.len()).collect(),
                    Some(list) => {
                        let mut refs = Vec::new();
                        for id in list.get_ref() {
                            match stages.iter().position(|st| &st.id == id) {
                                Some(i) if !refs.contains(&i) => refs.push(i),
                                Some(_) => self.problem(
                                    list.span().start,
                                    format!("service \"{}\": stage \"{id}\" listed twice", s_id),
                                ),
                                None => self.problem(
                                    list.span().start,
                                    format!("service \"{}\": unknown stage \"{id}\"", s_id),
                                ),
                            }
                        }
                        if refs.is_empty() && list.get_ref().is_empty() {
                            self.problem(list.span().start, format!("service \"{}\" has no stages", s_id));
                        }
                        refs.sort_unstable();
                        refs
                    }
                };
                services.push(Service { id: s_id.clone(), name, stages: stage_refs });
            }
            areas.push(Area { id: a_id.clone(), name, services });
        }
        // Area names become sheet names: they must differ in every language, also from
        // each other across languages, so a sheet name tells its area unambiguously.
        let mut sheet_names: std::collections::HashMap<String, &str> = Default::default();
        for (a, raw_a) in areas.iter().zip(raw.areas.get_ref()) {
            for lang in &languages {
                let key = a.name.get(*lang).to_lowercase();
                if let Some(other) = sheet_names.get(&key) {
                    if *other != a.id {
                        self.problem(
                            raw_a.span().start,
                            format!("area \"{}\" has the same name as area \"{other}\"", a.id),
                        );
                    }
                } else {
                    sheet_names.insert(key, &a.id);
                }
            }
        }

        Catalog {
            id: raw.id.into_inner().trim().to_string(),
            version: raw.version.into_inner().trim().to_string(),
            languages,
            title,
            usage: raw.usage,
            adoption,
            stages,
            areas,
            hash: String::new(),
        }
    }
}

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
