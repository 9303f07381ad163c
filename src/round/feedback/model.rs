//! What the feedback workbooks are made from: per counted municipality its measures, its
//! answers, its file and findings. Built from a `Round` (`aggregate --feedback-dir`) or
//! read back from a summary's data sheet (`digiaste feedback`, see `source`); the data
//! sheet is written from this same model, so the two cannot differ.

use crate::catalog::Catalog;
use crate::lang::Lang;
use crate::measures::Group;
use crate::register::{Register, SizeClass};
use crate::round::Round;
use crate::round::layout::{DataRow, ServiceRow};

/// The counted returns of a round, as the feedback sees them.
#[derive(Clone, Debug, PartialEq)]
pub struct FeedbackRound {
    /// The catalog's id.
    pub catalog_id: String,
    /// The catalog's version.
    pub catalog_version: String,
    /// The earlier summary compared with (`--previous`), if any.
    pub previous: Option<String>,
    /// One per counted municipality, sorted by code.
    pub entries: Vec<Entry>,
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

impl FeedbackRound {
    /// The feedback model of a round: its counted returns in code order.
    pub fn from_round(round: &Round<'_>) -> FeedbackRound {
        let register = Register::embedded();
        let groups = Group::all(round.catalog);
        let superseded = round.superseded_by();
        let entries = round
            .kept
            .iter()
            .map(|k| {
                let r = &round.returns[k.index];
                let m = register.get(&k.code);
                let region = m.and_then(|m| m.region.clone()).unwrap_or_default();
                let mut replaced: Vec<String> = superseded
                    .iter()
                    .filter(|&(_, &kept)| kept == k.index)
                    .map(|(&s, _)| round.returns[s].path.display().to_string())
                    .collect();
                replaced.sort();
                Entry {
                    code: k.code.clone(),
                    name: k.name.clone(),
                    region_fi: region.0,
                    region_sv: region.1,
                    population: m.and_then(|m| m.population),
                    language: r.language,
                    file: r.path.display().to_string(),
                    response_date: r.response_date.clone().unwrap_or_default(),
                    superseded: replaced,
                    groups: groups
                        .iter()
                        .map(|g| DataRow::from_measures(g.measures(&k.scores)))
                        .collect(),
                    services: k
                        .scores
                        .areas
                        .iter()
                        .flat_map(|a| a.services.iter().map(ServiceRow::from_score))
                        .collect(),
                    findings: r
                        .warnings()
                        .map(|f| Note {
                            code: f.code.as_str().to_string(),
                            sheet: f.sheet.clone().unwrap_or_default(),
                            cell: f.cell.clone().unwrap_or_default(),
                            messages: Lang::ALL.map(|l| f.message(l)),
                        })
                        .collect(),
                    previous: groups
                        .iter()
                        .map(|g| {
                            let prev = round.previous.as_ref()?;
                            prev.values
                                .get(&(k.code.clone(), g.data_key(round.catalog).to_string()))
                                .copied()
                        })
                        .collect(),
                }
            })
            .collect();
        FeedbackRound {
            catalog_id: round.catalog.id.clone(),
            catalog_version: round.catalog.version.clone(),
            previous: round.previous.as_ref().map(|p| p.path.display().to_string()),
            entries,
        }
    }

    /// Whether the model fits a catalog: its groups and services line up.
    pub fn fits(&self, catalog: &Catalog) -> bool {
        let groups = Group::all(catalog).len();
        let services: usize = catalog.areas.iter().map(|a| a.services.len()).sum();
        self.entries.iter().all(|e| {
            e.groups.len() == groups && e.services.len() == services && e.previous.len() == groups
        })
    }
}

/// The language of a municipality's feedback: `--lang` when given, else its own.
///
/// Its own language (DESIGN §9): `lang` (`--lang`) if given, else its return's own
/// language (the template's) when known, else the register's language class of the
/// municipality (Swedish for classes 2 and 3), else Finnish.
pub fn feedback_lang(entry: &Entry, lang: Option<Lang>) -> Lang {
    lang.or(entry.language)
        .or_else(|| crate::register::Register::embedded().get(&entry.code).map(|m| m.own_lang()))
        .unwrap_or(Lang::Fi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feedback_lang_is_lang_else_the_returns_else_the_registers() {
        let mut e = Entry {
            code: "499".into(),
            name: "Korsholm".into(),
            region_fi: "Pohjanmaa".into(),
            region_sv: "Österbotten".into(),
            population: Some(19_000),
            language: Some(Lang::Sv),
            file: String::new(),
            response_date: String::new(),
            superseded: vec![],
            groups: vec![],
            services: vec![],
            findings: vec![],
            previous: vec![],
        };
        assert_eq!(feedback_lang(&e, None), Lang::Sv);
        assert_eq!(feedback_lang(&e, Some(Lang::En)), Lang::En);
        assert_eq!(
            (e.display_name(Lang::Sv), e.display_name(Lang::Fi)),
            ("Korsholm".to_string(), "Mustasaari".to_string())
        );
        assert_eq!(e.size_class(), Some(SizeClass::Medium));
        e.language = Some(Lang::Fi);
        assert_eq!(feedback_lang(&e, None), Lang::Fi, "the return's own language wins");
        e.language = None;
        assert_eq!(
            feedback_lang(&e, None),
            Lang::Sv,
            "unknown: the register's class 3 (Swedish majority)"
        );
        assert_eq!(feedback_lang(&e, Some(Lang::Fi)), Lang::Fi);
        e.code = "091".into();
        assert_eq!(feedback_lang(&e, None), Lang::Fi, "Helsinki: class 1, Finnish majority");
        e.code = "999".into();
        assert_eq!(feedback_lang(&e, None), Lang::Fi, "not in the register");
    }
}
