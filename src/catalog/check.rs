//! The checks made while a catalog is built from its TOML shape. Every problem is collected
//! with its TOML line, so one run of `catalog check` reports them all; each check is a short
//! function named after what it guards.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use toml::Spanned;

use super::load::{RawAdoption, RawArea, RawCatalog, RawOption, RawService, RawStage, line_of};
use super::{AdoptionOption, Area, Catalog, Lang, Problem, Service, Stage, StageOption, Text};
use crate::lang::fold;

/// Characters a spreadsheet does not allow in sheet names.
const SHEET_NAME_FORBIDDEN: &[char] = &['[', ']', ':', '*', '?', '/', '\\'];

/// Builds a catalog from its TOML shape and collects the problems found on the way.
pub(super) struct Checker<'a> {
    text: &'a str,
    /// The catalog's languages, once read: every text must exist in each of them.
    languages: Vec<Lang>,
    pub(super) problems: Vec<Problem>,
}

/// What one stage's options have used so far: keys and labels must be unique in a stage.
struct StageOptionsSeen {
    keys: HashSet<String>,
    labels: LabelsSeen,
}

/// The texts an answer is matched by (every label in every language, and the key), folded
/// as answers are (`lang::fold`: case, spacing, Unicode form), each with the option that
/// claimed it and how: no folded text may name two options of one question.
#[derive(Default)]
struct LabelsSeen(HashMap<String, (String, String)>);

impl LabelsSeen {
    /// Claims `text` (described as `how`, e.g. `sv label "Ja"`) for the option `key`;
    /// the option and description that claimed it before, when that was another option.
    fn claim(&mut self, text: &str, key: &str, how: String) -> Option<(String, String)> {
        match self.0.entry(fold(text)) {
            std::collections::hash_map::Entry::Occupied(e) if e.get().0 != key => {
                Some(e.get().clone())
            }
            std::collections::hash_map::Entry::Occupied(_) => None,
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert((key.to_string(), how));
                None
            }
        }
    }
}

/// Ids used so far across the areas: area ids and service ids are unique in a catalog.
#[derive(Default)]
struct AreaIdsSeen {
    areas: HashSet<String>,
    services: HashSet<String>,
}

impl<'a> Checker<'a> {
    /// A checker for the catalog TOML `text`, whose lines the problems name.
    pub(super) fn new(text: &'a str) -> Checker<'a> {
        Checker { text, languages: Vec::new(), problems: Vec::new() }
    }

    /// The catalog; meaningful only when no problem was found.
    pub(super) fn build(&mut self, raw: RawCatalog) -> Catalog {
        self.languages = self.languages(&raw.languages);
        self.identity(&raw.id, &raw.version);
        let title = self.text(&raw.title, "title");
        let adoption = self.adoption(&raw.adoption);
        let added_items = raw.added_items.unwrap_or(!adoption.is_empty());
        let stages = self.stages(&raw.stages);
        let areas = self.areas(&raw.areas, &stages);
        self.distinct_sheet_names(&areas, raw.areas.get_ref());
        let savings = self.savings(raw.savings.as_ref(), &stages, &areas);
        Catalog {
            id: raw.id.into_inner().trim().to_string(),
            version: raw.version.into_inner().trim().to_string(),
            languages: std::mem::take(&mut self.languages),
            title,
            usage: raw.usage,
            added_items,
            adoption,
            stages,
            areas,
            savings,
            hash: String::new(),
        }
    }

    /// A problem at a byte offset of the TOML text.
    pub(super) fn problem(&mut self, offset: usize, message: String) {
        let line = line_of(self.text, offset);
        self.problems.push(Problem { line: Some(line), message });
    }

    // ---- the catalog as a whole ---------------------------------------------------------

    /// The listed languages, each known and listed once; at least one.
    fn languages(&mut self, raw: &Spanned<Vec<String>>) -> Vec<Lang> {
        let at = raw.span().start;
        let mut languages = Vec::new();
        for code in raw.get_ref() {
            match Lang::from_code(code) {
                Some(l) if !languages.contains(&l) => languages.push(l),
                Some(_) => self.problem(at, format!("language \"{code}\" listed twice")),
                None => self.problem(at, format!("unknown language \"{code}\" (use fi, sv, en)")),
            }
        }
        if languages.is_empty() {
            self.problem(at, "the catalog lists no language".into());
        }
        languages
    }

    /// The catalog id and version, written into every template, are not empty.
    fn identity(&mut self, id: &Spanned<String>, version: &Spanned<String>) {
        if id.get_ref().trim().is_empty() {
            self.problem(id.span().start, "the catalog id is empty".into());
        }
        if version.get_ref().trim().is_empty() {
            self.problem(version.span().start, "the catalog version is empty".into());
        }
    }

    /// A text with a translation in every catalog language and no unknown language.
    fn text(&mut self, raw: &Spanned<IndexMap<String, String>>, what: &str) -> Text {
        let at = raw.span().start;
        let missing: Vec<Lang> = self
            .languages
            .iter()
            .copied()
            .filter(
                |lang| !matches!(raw.get_ref().get(lang.code()), Some(t) if !t.trim().is_empty()),
            )
            .collect();
        for lang in missing {
            self.problem(at, format!("{what}: missing {} translation", lang.code()));
        }
        for key in raw.get_ref().keys() {
            if Lang::from_code(key).is_none() {
                self.problem(at, format!("{what}: unknown language \"{key}\""));
            }
        }
        Text(raw.get_ref().iter().map(|(k, v)| (k.clone(), v.trim().to_string())).collect())
    }

    /// An id made of safe characters and not used before by the same kind of thing.
    fn id(&mut self, seen: &mut HashSet<String>, id: &str, offset: usize, what: &str) {
        let valid = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-._".contains(c));
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

    // ---- the adoption gate --------------------------------------------------------------

    /// The adoption options: unique keys, "introduced" first and only once, another after it.
    fn adoption(&mut self, raw: &[Spanned<RawAdoption>]) -> Vec<AdoptionOption> {
        let mut adoption = Vec::new();
        let mut keys = HashSet::new();
        let mut labels = LabelsSeen::default();
        for (i, a) in raw.iter().enumerate() {
            let at = a.span().start;
            let a = a.get_ref();
            if !keys.insert(a.key.clone()) {
                self.problem(at, format!("duplicate adoption option \"{}\"", a.key));
            }
            if i == 0 && !a.introduced {
                self.problem(at, "the first adoption option must be the \"introduced\" one".into());
            }
            let what = format!("adoption option \"{}\"", a.key);
            let label = self.text(&a.label, &what);
            self.distinct_labels(&a.key, &a.label, at, &what, &mut labels);
            adoption.push(AdoptionOption { key: a.key.clone(), introduced: a.introduced, label });
        }
        if !raw.is_empty() {
            let yes = adoption.iter().filter(|a| a.introduced).count();
            if yes != 1 || adoption.len() < 2 {
                self.problem(
                    raw[0].span().start,
                    "the adoption gate needs exactly one \"introduced\" option and at least one other"
                        .into(),
                );
            }
        }
        adoption
    }

    // ---- stages and their options -------------------------------------------------------

    /// The stages (questions): at least one, each with a unique id.
    fn stages(&mut self, raw: &Spanned<Vec<Spanned<RawStage>>>) -> Vec<Stage> {
        if raw.get_ref().is_empty() {
            self.problem(raw.span().start, "the catalog has no stages (questions)".into());
        }
        let mut ids = HashSet::new();
        raw.get_ref().iter().map(|s| self.stage(s, &mut ids)).collect()
    }

    fn stage(&mut self, raw: &Spanned<RawStage>, ids: &mut HashSet<String>) -> Stage {
        let at = raw.span().start;
        let s = raw.get_ref();
        self.id(ids, s.id.get_ref(), s.id.span().start, "stage");
        let id = s.id.get_ref().clone();
        let name = self.text(&s.name, &format!("stage \"{id}\""));
        let mut seen = StageOptionsSeen { keys: HashSet::new(), labels: LabelsSeen::default() };
        let options: Vec<StageOption> =
            s.options.iter().map(|o| self.option(&id, o, &mut seen)).collect();
        self.stage_scoring(at, &id, &options);
        Stage { id, name, options }
    }

    /// A stage can be scored: at least two scored options, and no more levels with points
    /// than the summary has columns for.
    fn stage_scoring(&mut self, at: usize, id: &str, options: &[StageOption]) {
        let max_levels = super::MAX_LEVELS;
        if options.iter().any(|o| o.points.is_some()) && options.len() > max_levels {
            self.problem(
                at,
                format!("stage \"{id}\" has points on more than {max_levels} options"),
            );
        }
        if options.iter().filter(|o| o.score.is_some()).count() < 2 {
            self.problem(at, format!("stage \"{id}\" needs at least two scored options"));
        }
    }

    fn option(
        &mut self,
        stage_id: &str,
        raw: &Spanned<RawOption>,
        seen: &mut StageOptionsSeen,
    ) -> StageOption {
        let at = raw.span().start;
        let o = raw.get_ref();
        let what = format!("stage \"{stage_id}\" option \"{}\"", o.key);
        if !seen.keys.insert(o.key.clone()) {
            self.problem(at, format!("duplicate option key in {what}"));
        }
        let label = self.text(&o.label, &what);
        self.option_labels(o, at, &what, &mut seen.labels);
        let score = self.option_score(o, at, &what);
        let points = self.option_points(o, &what);
        StageOption { key: o.key.clone(), label, score, points }
    }

    /// Labels are what the dropdowns offer and lookups match: no wildcard characters, and
    /// no label or key of another option of the question the same once folded, in any of
    /// the catalog's languages (a Swedish label equal to another option's Finnish one
    /// would score an answer as the wrong option).
    fn option_labels(&mut self, o: &RawOption, at: usize, what: &str, seen: &mut LabelsSeen) {
        for (code, l) in o.label.get_ref() {
            // Spreadsheet lookups treat these as wildcards.
            if l.contains(['*', '?', '~']) {
                self.problem(at, format!("{what}: {code} label \"{l}\" contains * ? or ~, which spreadsheets read as wildcards"));
            }
        }
        self.distinct_labels(&o.key, &o.label, at, what, seen);
    }

    /// The labels and the key of the option `key` claimed in `seen`, each clash a problem.
    fn distinct_labels(
        &mut self,
        key: &str,
        label: &Spanned<IndexMap<String, String>>,
        at: usize,
        what: &str,
        seen: &mut LabelsSeen,
    ) {
        let texts = label
            .get_ref()
            .iter()
            .map(|(code, l)| (l.as_str(), format!("{code} label \"{}\"", l.trim())))
            .chain([(key, format!("key \"{key}\""))]);
        for (text, how) in texts {
            if let Some((other, other_how)) = seen.claim(text, key, how.clone()) {
                self.problem(
                    at,
                    format!(
                        "{what}: {how} reads the same as option \"{other}\"'s {other_how} once case, spacing and Unicode form are folded: an answer could be scored as the wrong option"
                    ),
                );
            }
        }
    }

    /// A score in 0..1, or none for a not-applicable option (which leaves the maximum).
    fn option_score(&mut self, o: &RawOption, at: usize, what: &str) -> Option<f64> {
        match (&o.score, o.not_applicable) {
            (Some(_), true) => {
                self.problem(at, format!("{what}: a not-applicable option has no score"));
                None
            }
            (None, true) => None,
            (None, false) => {
                self.problem(
                    at,
                    format!("{what}: score missing (0..1), or set not_applicable = true"),
                );
                None
            }
            (Some(sc), false) => {
                let v = *sc.get_ref();
                if !(0.0..=1.0).contains(&v) || v.is_nan() {
                    self.problem(sc.span().start, format!("{what}: score {v} is outside 0..1"));
                }
                Some(v)
            }
        }
    }

    /// Points, when given, are a finite number, 0 or more.
    fn option_points(&mut self, o: &RawOption, what: &str) -> Option<f64> {
        let p = o.points.as_ref()?;
        let v = *p.get_ref();
        if !v.is_finite() || v < 0.0 {
            self.problem(p.span().start, format!("{what}: points {v} must be 0 or more"));
        }
        Some(v)
    }

    // ---- areas and their services -------------------------------------------------------

    /// The areas: at least one; area and service ids unique across the catalog.
    fn areas(&mut self, raw: &Spanned<Vec<Spanned<RawArea>>>, stages: &[Stage]) -> Vec<Area> {
        let mut ids = AreaIdsSeen::default();
        if raw.get_ref().is_empty() {
            self.problem(raw.span().start, "the catalog has no areas".into());
        }
        raw.get_ref().iter().map(|a| self.area(a, stages, &mut ids)).collect()
    }

    fn area(&mut self, raw: &Spanned<RawArea>, stages: &[Stage], ids: &mut AreaIdsSeen) -> Area {
        let at = raw.span().start;
        let a = raw.get_ref();
        self.id(&mut ids.areas, a.id.get_ref(), a.id.span().start, "area");
        let id = a.id.get_ref().clone();
        let name = self.text(&a.name, &format!("area \"{id}\""));
        self.sheet_name(&id, &name, a.name.span().start);
        if a.services.is_empty() {
            self.problem(at, format!("area \"{id}\" has no services"));
        }
        let services = a
            .services
            .iter()
            .map(|s| self.service(s.get_ref(), stages, &mut ids.services))
            .collect();
        Area { id, name, services }
    }

    /// Area names become sheet names, which spreadsheets limit in length and characters.
    fn sheet_name(&mut self, area_id: &str, name: &Text, at: usize) {
        for lang in self.languages.clone() {
            let n = name.get(lang);
            if n.chars().count() > 31 || n.contains(SHEET_NAME_FORBIDDEN) || n.starts_with('\'') {
                self.problem(
                    at,
                    format!(
                        "area \"{area_id}\": {} name \"{n}\" cannot be a sheet name (at most 31 characters, none of [ ] : * ? / \\)",
                        lang.code()
                    ),
                );
            }
        }
    }

    fn service(&mut self, s: &RawService, stages: &[Stage], ids: &mut HashSet<String>) -> Service {
        self.id(ids, s.id.get_ref(), s.id.span().start, "service");
        let id = s.id.get_ref().clone();
        let name = self.text(&s.name, &format!("service \"{id}\""));
        let stage_refs = match &s.stages {
            None => (0..stages.len()).collect(),
            Some(list) => self.service_stages(&id, list, stages),
        };
        Service { id, name, stages: stage_refs }
    }

    /// A service's own stage list: known stages, each once, at least one; kept in catalog
    /// order whatever the order listed.
    fn service_stages(
        &mut self,
        service_id: &str,
        list: &Spanned<Vec<String>>,
        stages: &[Stage],
    ) -> Vec<usize> {
        let at = list.span().start;
        let mut refs = Vec::new();
        for id in list.get_ref() {
            match stages.iter().position(|st| &st.id == id) {
                Some(i) if !refs.contains(&i) => refs.push(i),
                Some(_) => self
                    .problem(at, format!("service \"{service_id}\": stage \"{id}\" listed twice")),
                None => {
                    self.problem(at, format!("service \"{service_id}\": unknown stage \"{id}\""))
                }
            }
        }
        if refs.is_empty() && list.get_ref().is_empty() {
            self.problem(at, format!("service \"{service_id}\" has no stages"));
        }
        refs.sort_unstable();
        refs
    }

    /// Area names become sheet names: they must differ in every language, also from each
    /// other across languages, so a sheet name tells its area unambiguously.
    fn distinct_sheet_names(&mut self, areas: &[Area], raw: &[Spanned<RawArea>]) {
        let mut sheet_names: HashMap<String, &str> = HashMap::new();
        for (a, raw_a) in areas.iter().zip(raw) {
            for lang in &self.languages {
                let key = a.name.get(*lang).to_lowercase();
                match sheet_names.get(&key) {
                    Some(other) if *other != a.id => {
                        let message =
                            format!("area \"{}\" has the same name as area \"{other}\"", a.id);
                        self.problems.push(Problem {
                            line: Some(line_of(self.text, raw_a.span().start)),
                            message,
                        });
                    }
                    Some(_) => {}
                    None => {
                        sheet_names.insert(key, &a.id);
                    }
                }
            }
        }
    }
}
