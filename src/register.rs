//! The municipality register (Statistics Finland, municipalities of 2025), embedded.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::catalog::Lang;

const REGISTER: &str = include_str!("../templates/municipalities-fi.csv");
/// Each municipality's region (maakunta / landskap), Statistics Finland 2026.
const REGIONS: &str = include_str!("../templates/regions-fi.csv");
/// Each municipality's official language status 2023–2032 (Statistics Finland's kielisuhde;
/// sources in templates/languages-fi.SOURCES.md).
const LANGUAGES: &str = include_str!("../templates/languages-fi.csv");

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Municipality {
    /// Three-digit code, zero-padded ("005").
    pub code: String,
    pub name_fi: String,
    pub name_sv: String,
    /// The region (maakunta / landskap) in Finnish and Swedish, when known.
    pub region: Option<(String, String)>,
    /// Official language status (kielisuhde): 0 Finnish, 1 bilingual with a Finnish
    /// majority, 2 Swedish, 3 bilingual with a Swedish majority (DESIGN §9).
    pub language_status: u8,
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

pub struct Register {
    pub municipalities: Vec<Municipality>,
    by_code: HashMap<String, usize>,
}

impl Register {
    pub fn embedded() -> &'static Register {
        static REG: OnceLock<Register> = OnceLock::new();
        REG.get_or_init(|| {
            let mut r = Register::parse(REGISTER).expect("embedded register is valid");
            r.add_regions(REGIONS);
            r.add_languages(LANGUAGES);
            r
        })
    }

    /// Parses `code,name_fi,name_sv` lines (header first).
    pub fn parse(text: &str) -> Result<Register, String> {
        let mut municipalities = Vec::new();
        for (i, line) in text.lines().enumerate().skip(1) {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() {
                continue;
            }
            let mut parts = line.split(',');
            let (Some(code), Some(fi), sv) = (parts.next(), parts.next(), parts.next()) else {
                return Err(format!("line {}: expected code,name_fi,name_sv", i + 1));
            };
            let code = normalize_code(code).ok_or_else(|| format!("line {}: bad code \"{code}\"", i + 1))?;
            municipalities.push(Municipality {
                code,
                name_fi: fi.trim().to_string(),
                name_sv: sv.unwrap_or(fi).trim().to_string(),
                region: None,
                language_status: 0,
            });
        }
        let by_code = municipalities.iter().enumerate().map(|(i, m)| (m.code.clone(), i)).collect();
        Ok(Register { municipalities, by_code })
    }

    /// Adds regions from `code,region_code,region_fi,region_sv` lines (header first).
    fn add_regions(&mut self, text: &str) {
        for line in text.lines().skip(1) {
            let parts: Vec<&str> = line.split(',').map(str::trim).collect();
            if let [code, _, fi, sv] = parts.as_slice()
                && let Some(&i) = normalize_code(code).and_then(|c| self.by_code.get(&c))
            {
                self.municipalities[i].region = Some((fi.to_string(), sv.to_string()));
            }
        }
    }

    /// Adds language status from `code,language_status,official_languages` lines (header
    /// first); a municipality not listed stays Finnish.
    fn add_languages(&mut self, text: &str) {
        for line in text.lines().skip(1) {
            let parts: Vec<&str> = line.split(',').map(str::trim).collect();
            if let [code, status, ..] = parts.as_slice()
                && let (Some(&i), Ok(status)) = (normalize_code(code).and_then(|c| self.by_code.get(&c)), status.parse())
            {
                self.municipalities[i].language_status = status;
            }
        }
    }

    pub fn get(&self, code: &str) -> Option<&Municipality> {
        let code = normalize_code(code)?;
        self.by_code.get(&code).map(|&i| &self.municipalities[i])
    }
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
    fn register_has_308_municipalities() {
        let r = Register::embedded();
        assert_eq!(r.municipalities.len(), 308);
        assert_eq!(r.get("5").unwrap().name_fi, "Alajärvi");
        assert_eq!(r.get("091").unwrap().name_sv, "Helsingfors");
        assert!(r.get("588").is_none(), "Pertunmaa merged into Mäntyharju in 2025");
        assert!(r.municipalities.iter().all(|m| m.region.is_some()), "every municipality has a region");
        assert_eq!(r.get("091").unwrap().region(Lang::Fi), "Uusimaa");
        assert_eq!(r.get("478").unwrap().region(Lang::Sv), "Åland");
    }

    #[test]
    fn language_classes_match_the_sources() {
        let r = Register::embedded();
        let count = |class: u8| r.municipalities.iter().filter(|m| m.language_status == class).count();
        assert_eq!((count(0), count(1), count(2), count(3)), (259, 18, 16, 15));
        let mariehamn = r.get("478").unwrap();
        assert_eq!((mariehamn.own_lang(), mariehamn.name(Lang::En)), (Lang::Sv, "Mariehamn"));
        let raseborg = r.get("710").unwrap();
        assert_eq!((raseborg.language_status, raseborg.own_lang()), (3, Lang::Sv));
        let helsinki = r.get("091").unwrap();
        assert_eq!((helsinki.language_status, helsinki.own_lang(), helsinki.name(Lang::En)), (1, Lang::Fi, "Helsinki"));
    }
}
