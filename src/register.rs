//! The municipality register (Statistics Finland, municipalities of 2025), embedded.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::lang::Lang;

const REGISTER: &str = include_str!("../templates/municipalities-fi.csv");
/// Each municipality's region (maakunta / landskap), Statistics Finland 2026.
const REGIONS: &str = include_str!("../templates/regions-fi.csv");
/// Each municipality's population on 31.12.2024, Statistics Finland (population-fi.SOURCES.md).
const POPULATION: &str = include_str!("../templates/population-fi.csv");
/// The year `population-fi.csv` counts (end of year).
const POPULATION_YEAR: u16 = 2024;
/// Each municipality's official language status 2023–2032 (Statistics Finland's kielisuhde;
/// sources in templates/languages-fi.SOURCES.md).
const LANGUAGES: &str = include_str!("../templates/languages-fi.csv");

#[derive(Clone, Debug, PartialEq, Eq)]
/// A municipality of the register.
pub struct Municipality {
    /// Three-digit code, zero-padded ("005").
    pub code: String,
    /// The name in Finnish.
    pub name_fi: String,
    /// The name in Swedish.
    pub name_sv: String,
    /// The region (maakunta / landskap) in Finnish and Swedish, when known.
    pub region: Option<(String, String)>,
    /// The region's two-digit code (Statistics Finland, "01" Uusimaa), when known.
    pub region_code: Option<String>,
    /// Inhabitants on 31.12.2024, when known.
    pub population: Option<u32>,
    /// Official language status (kielisuhde): 0 Finnish, 1 bilingual with a Finnish
    /// majority, 2 Swedish, 3 bilingual with a Swedish majority (docs/languages.md).
    pub language_status: u8,
}

/// A region (maakunta / landskap) of the register.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Region {
    /// The two-digit code ("01").
    pub code: String,
    /// The name in Finnish.
    pub name_fi: String,
    /// The name in Swedish.
    pub name_sv: String,
}

impl Region {
    /// The name in a document of language `lang`: Swedish in Swedish, Finnish otherwise.
    pub fn name(&self, lang: Lang) -> &str {
        if lang == Lang::Sv { &self.name_sv } else { &self.name_fi }
    }
}

/// A size class of municipalities by population, as Kuntaliitto reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SizeClass {
    /// Under 10,000 inhabitants.
    Small,
    /// 10,000–49,999 inhabitants.
    Medium,
    /// 50,000 inhabitants or more.
    Large,
}

impl SizeClass {
    /// The class of a population.
    pub fn of(population: u32) -> SizeClass {
        match population {
            0..10_000 => SizeClass::Small,
            10_000..50_000 => SizeClass::Medium,
            _ => SizeClass::Large,
        }
    }

    /// Every class, smallest first.
    pub const ALL: [SizeClass; 3] = [SizeClass::Small, SizeClass::Medium, SizeClass::Large];

    /// The class's language-independent id in the JSON and the CSV: `small`, `medium`,
    /// `large`.
    pub const fn id(self) -> &'static str {
        match self {
            SizeClass::Small => "small",
            SizeClass::Medium => "medium",
            SizeClass::Large => "large",
        }
    }

    /// The texts key of the class's name.
    pub fn name_key(self) -> &'static str {
        match self {
            SizeClass::Small => "fb_size_small",
            SizeClass::Medium => "fb_size_medium",
            SizeClass::Large => "fb_size_large",
        }
    }
}

impl Municipality {
    /// The name in a document of language `lang`: Swedish in Swedish, Finnish in Finnish, and
    /// in English the name in the municipality's own language ("Mariehamn", "Raseborg").
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Sv => &self.name_sv,
            Lang::Fi => &self.name_fi,
            Lang::En if self.own_lang() == Lang::Sv => &self.name_sv,
            Lang::En => &self.name_fi,
        }
    }

    /// The municipality's own language: Swedish for classes 2 and 3, Finnish otherwise.
    pub fn own_lang(&self) -> Lang {
        if matches!(self.language_status, 2 | 3) { Lang::Sv } else { Lang::Fi }
    }

    /// The region's name (Swedish in Swedish, Finnish otherwise), or "".
    pub fn region(&self, lang: Lang) -> &str {
        match (&self.region, lang) {
            (Some((_, sv)), Lang::Sv) => sv,
            (Some((fi, _)), _) => fi,
            (None, _) => "",
        }
    }
}

/// The municipality register (Statistics Finland 2025), with regions, population and language status.
pub struct Register {
    /// Every municipality, by code.
    pub municipalities: Vec<Municipality>,
    by_code: HashMap<String, usize>,
    /// Every Finnish and Swedish name as a file name writes it, with its municipality's
    /// index: made once, on the first [`Register::named_by_file`].
    file_stems: OnceLock<Vec<(String, usize)>>,
}

/// Why a register text could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", crate::texts::Localized::message(self, Lang::En))]
pub enum RegisterError {
    /// A line lacks its fields.
    Fields {
        /// The 1-based line.
        line: usize,
    },
    /// A code is no municipality code.
    Code {
        /// The 1-based line.
        line: usize,
        /// The code as written.
        code: String,
    },
}

impl crate::texts::Localized for RegisterError {
    fn message(&self, lang: Lang) -> String {
        use crate::texts::tf;
        match self {
            RegisterError::Fields { line } => {
                tf("err_register_fields", lang, &[("line", &line.to_string())])
            }
            RegisterError::Code { line, code } => {
                tf("err_register_code", lang, &[("line", &line.to_string()), ("code", code)])
            }
        }
    }
}

impl Register {
    /// The register embedded in the binary (templates/), parsed once.
    pub fn embedded() -> &'static Register {
        static REG: OnceLock<Register> = OnceLock::new();
        REG.get_or_init(|| {
            let mut r = Register::parse(REGISTER).expect("embedded register is valid");
            r.add_regions(REGIONS);
            r.add_population(POPULATION);
            r.add_languages(LANGUAGES);
            r
        })
    }

    /// The regions of the register's municipalities, by code ("01" Uusimaa first).
    pub fn regions(&self) -> Vec<Region> {
        let mut regions: Vec<Region> = Vec::new();
        for m in &self.municipalities {
            if let (Some(code), Some((fi, sv))) = (&m.region_code, &m.region)
                && !regions.iter().any(|r| &r.code == code)
            {
                regions.push(Region {
                    code: code.clone(),
                    name_fi: fi.clone(),
                    name_sv: sv.clone(),
                });
            }
        }
        regions.sort_by(|a, b| a.code.cmp(&b.code));
        regions
    }

    /// Parses `code,name_fi,name_sv` lines (header first).
    pub fn parse(text: &str) -> Result<Register, RegisterError> {
        let mut municipalities = Vec::new();
        for (i, line) in text.lines().enumerate().skip(1) {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() {
                continue;
            }
            let mut parts = line.split(',');
            let (Some(code), Some(fi), sv) = (parts.next(), parts.next(), parts.next()) else {
                return Err(RegisterError::Fields { line: i + 1 });
            };
            let code = normalize_code(code)
                .ok_or_else(|| RegisterError::Code { line: i + 1, code: code.to_string() })?;
            municipalities.push(Municipality {
                code,
                name_fi: fi.trim().to_string(),
                name_sv: sv.unwrap_or(fi).trim().to_string(),
                region: None,
                region_code: None,
                population: None,
                language_status: 0,
            });
        }
        let by_code = municipalities.iter().enumerate().map(|(i, m)| (m.code.clone(), i)).collect();
        Ok(Register { municipalities, by_code, file_stems: OnceLock::new() })
    }

    /// Adds regions from `code,region_code,region_fi,region_sv` lines (header first).
    fn add_regions(&mut self, text: &str) {
        for line in text.lines().skip(1) {
            let parts: Vec<&str> = line.split(',').map(str::trim).collect();
            if let [code, region, fi, sv] = parts.as_slice()
                && let Some(&i) = normalize_code(code).and_then(|c| self.by_code.get(&c))
            {
                self.municipalities[i].region = Some((fi.to_string(), sv.to_string()));
                self.municipalities[i].region_code = Some(region.to_string());
            }
        }
    }

    /// Adds populations from `code,population,year` lines (header first).
    fn add_population(&mut self, text: &str) {
        for line in text.lines().skip(1) {
            let mut parts = line.split(',').map(str::trim);
            if let (Some(code), Some(population)) = (parts.next(), parts.next())
                && let Some(&i) = normalize_code(code).and_then(|c| self.by_code.get(&c))
            {
                self.municipalities[i].population = population.parse().ok();
            }
        }
    }

    /// Adds language status from `code,language_status,official_languages` lines (header
    /// first); a municipality not listed stays Finnish.
    fn add_languages(&mut self, text: &str) {
        for line in text.lines().skip(1) {
            let parts: Vec<&str> = line.split(',').map(str::trim).collect();
            if let [code, status, ..] = parts.as_slice()
                && let (Some(&i), Ok(status)) =
                    (normalize_code(code).and_then(|c| self.by_code.get(&c)), status.parse())
            {
                self.municipalities[i].language_status = status;
            }
        }
    }

    /// The municipality a file's name names, if any: a three-digit register code standing
    /// alone in it (`245-kerava.xlsx`, `palautus_091.ods`), else the longest register name
    /// (Finnish or Swedish) it holds as whole words, case and accents folded
    /// (`Kerava vastaus.xlsx`, `pedersore.ods`).
    pub fn named_by_file(&self, file_name: &str) -> Option<&Municipality> {
        let stem = file_name.rsplit_once('.').map_or(file_name, |(s, _)| s);
        let words = crate::output::safe_file_stem(stem);
        let by_code = stem
            .split(|c: char| !c.is_ascii_digit())
            .filter(|t| t.len() == 3)
            .find_map(|t| self.by_code.get(t).map(|&i| &self.municipalities[i]));
        if by_code.is_some() {
            return by_code;
        }
        let padded = format!("-{}-", words);
        let stems = self.file_stems.get_or_init(|| {
            self.municipalities
                .iter()
                .enumerate()
                .flat_map(|(i, m)| [(&m.name_fi, i), (&m.name_sv, i)])
                .map(|(n, i)| (format!("-{}-", crate::output::safe_file_stem(n)), i))
                .filter(|(n, _)| n != "--")
                .collect()
        });
        stems
            .iter()
            .filter(|(n, _)| padded.contains(n.as_str()))
            .max_by_key(|(n, _)| n.len())
            .map(|&(_, i)| &self.municipalities[i])
    }

    /// The municipality of a code.
    pub fn get(&self, code: &str) -> Option<&Municipality> {
        let code = normalize_code(code)?;
        self.by_code.get(&code).map(|&i| &self.municipalities[i])
    }
}

/// The separator between name and code in the blank template's municipality dropdown.
pub const CHOICE_SEPARATOR: &str = " – ";

impl Municipality {
    /// The file name of the municipality's workbooks (templates, prefilled, feedback):
    /// code and name in `lang`, safe on every file system (`091-helsinki.xlsx`).
    pub fn file_name(&self, lang: Lang) -> String {
        format!("{}-{}.xlsx", self.code, crate::output::safe_file_stem(self.name(lang)))
    }

    /// The blank template's dropdown entry: "Helsinki – 091".
    pub fn choice_label(&self, lang: Lang) -> String {
        format!("{}{CHOICE_SEPARATOR}{}", self.name(lang), self.code)
    }

    /// Whether `name` is this municipality's name in one of its languages, case, spacing
    /// and Unicode form folded.
    pub fn has_name(&self, name: &str) -> bool {
        let folded = crate::lang::fold(name);
        folded == crate::lang::fold(&self.name_fi) || folded == crate::lang::fold(&self.name_sv)
    }
}

/// A dropdown entry "Helsinki – 091" (any dash, any spacing) as its name and code.
pub fn split_choice(entry: &str) -> Option<(&str, String)> {
    let entry = entry.trim();
    let (name, code) = entry.rsplit_once(['–', '-', '—'])?;
    let code = code.trim();
    if code.len() != 3 || name.trim().is_empty() {
        return None;
    }
    Some((name.trim(), normalize_code(code)?))
}

/// The population of a municipality and the year it was counted (the register's
/// `population-fi.csv`, end of 2024), for figures per inhabitant.
pub fn population(code: &str) -> Option<(u64, u16)> {
    Register::embedded()
        .get(code)
        .and_then(|m| m.population)
        .map(|p| (u64::from(p), POPULATION_YEAR))
}

/// The language digiaste writes to a municipality in — its feedback workbook, its letter —
/// when no `--feedback-lang` is given: its own language from the register
/// ([`Municipality::own_lang`]: Swedish for the Åland municipalities and the bilingual ones
/// with a Swedish majority, Finnish otherwise), whatever the language of the template it
/// returned or of the run (docs/languages.md). `None` for a code not in the register.
pub fn language_of(code: &str) -> Option<Lang> {
    Register::embedded().get(code).map(Municipality::own_lang)
}

/// A municipality code as three digits: " 5 " and "005" both give "005".
pub fn normalize_code(raw: &str) -> Option<String> {
    let t = raw.trim();
    let t = t.strip_suffix(".0").unwrap_or(t);
    if t.is_empty() || t.len() > 3 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(format!("{:0>3}", t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_register_has_19_regions_and_every_municipality_one() {
        let r = Register::embedded();
        let regions = r.regions();
        assert_eq!(regions.len(), 19);
        assert_eq!((regions[0].code.as_str(), regions[0].name_fi.as_str()), ("01", "Uusimaa"));
        assert_eq!(regions.last().map(|r| r.name(Lang::Sv)), Some("Åland"));
        assert!(r.municipalities.iter().all(|m| m.region_code.is_some()));
        let helsinki = r.get("091").unwrap();
        assert_eq!(helsinki.region_code.as_deref(), Some("01"));
    }

    #[test]
    fn file_names_name_municipalities() {
        let r = Register::embedded();
        let named = |f: &str| r.named_by_file(f).map(|m| m.code.as_str());
        assert_eq!(named("245-kerava.xlsx"), Some("245"));
        assert_eq!(named("palautus_091 (1).ods"), Some("091"));
        assert_eq!(named("Kerava vastaus 2026.xlsx"), Some("245"));
        assert_eq!(named("599-pedersore.xlsx"), Some("599"));
        assert_eq!(named("Pedersören kunta.xlsx"), Some("599"));
        assert_eq!(named("Mänttä-Vilppula.xlsx"), Some("508"));
        assert_eq!(named("return.xlsx"), None);
        assert_eq!(named("digiaste-2026.xlsx"), None);
    }

    #[test]
    fn a_dropdown_entry_splits_into_name_and_code() {
        let m = Register::embedded().get("091").expect("Helsinki");
        assert_eq!(m.choice_label(Lang::Sv), "Helsingfors – 091");
        assert_eq!(split_choice("Helsingfors – 091"), Some(("Helsingfors", "091".to_string())));
        assert_eq!(
            split_choice(" Pedersören kunta -599 "),
            Some(("Pedersören kunta", "599".to_string()))
        );
        assert_eq!(split_choice("Helsinki"), None);
        assert_eq!(split_choice("Mänttä-Vilppula"), None);
        assert!(m.has_name("  HELSINGFORS ") && m.has_name("helsinki") && !m.has_name("Espoo"));
    }

    #[test]
    fn register_has_308_municipalities() {
        let r = Register::embedded();
        assert_eq!(r.municipalities.len(), 308);
        assert_eq!(r.get("5").unwrap().name_fi, "Alajärvi");
        assert_eq!(r.get("091").unwrap().name_sv, "Helsingfors");
        assert!(r.get("588").is_none(), "Pertunmaa merged into Mäntyharju in 2025");
        assert!(
            r.municipalities.iter().all(|m| m.region.is_some()),
            "every municipality has a region"
        );
        assert_eq!(r.get("091").unwrap().region(Lang::Fi), "Uusimaa");
        assert_eq!(r.get("478").unwrap().region(Lang::Sv), "Åland");
        assert!(
            r.municipalities.iter().all(|m| m.population.is_some()),
            "every municipality has a population"
        );
        assert_eq!(r.get("091").unwrap().population, Some(684_018));
        assert_eq!(r.get("049").unwrap().population, Some(320_931));
        let total: u64 = r.municipalities.iter().filter_map(|m| m.population).map(u64::from).sum();
        assert_eq!(total, 5_635_971);
    }

    #[test]
    fn size_classes_follow_kuntaliitto() {
        assert_eq!(SizeClass::of(9_999), SizeClass::Small);
        assert_eq!(SizeClass::of(10_000), SizeClass::Medium);
        assert_eq!(SizeClass::of(49_999), SizeClass::Medium);
        assert_eq!(SizeClass::of(50_000), SizeClass::Large);
    }

    #[test]
    fn language_classes_match_the_sources() {
        let r = Register::embedded();
        let count =
            |class: u8| r.municipalities.iter().filter(|m| m.language_status == class).count();
        assert_eq!((count(0), count(1), count(2), count(3)), (259, 18, 16, 15));
        let mariehamn = r.get("478").unwrap();
        assert_eq!((mariehamn.own_lang(), mariehamn.name(Lang::En)), (Lang::Sv, "Mariehamn"));
        let raseborg = r.get("710").unwrap();
        assert_eq!((raseborg.language_status, raseborg.own_lang()), (3, Lang::Sv));
        let helsinki = r.get("091").unwrap();
        assert_eq!(
            (helsinki.language_status, helsinki.own_lang(), helsinki.name(Lang::En)),
            (1, Lang::Fi, "Helsinki")
        );
    }

    #[test]
    fn every_municipality_has_a_population() {
        let r = Register::embedded();
        assert!(r.municipalities.iter().all(|m| population(&m.code).is_some()));
        assert_eq!(population("5"), Some((9078, 2024)));
        let total: u64 =
            r.municipalities.iter().filter_map(|m| population(&m.code)).map(|p| p.0).sum();
        assert!((5_500_000..5_700_000).contains(&total), "{total}");
    }
}
