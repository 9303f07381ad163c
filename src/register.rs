//! The municipality register (Statistics Finland, municipalities of 2025), embedded.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::catalog::Lang;

const REGISTER: &str = include_str!("../templates/municipalities-fi.csv");
/// Each municipality's region (maakunta / landskap), Statistics Finland 2026.
const REGIONS: &str = include_str!("../templates/regions-fi.csv");

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Municipality {
    /// Three-digit code, zero-padded ("005").
    pub code: String,
    pub name_fi: String,
    pub name_sv: String,
    /// The region (maakunta / landskap) in Finnish and Swedish, when known.
    pub region: Option<(String, String)>,
}

impl Municipality {
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Sv => &self.name_sv,
            _ => &self.name_fi,
        }
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

    pub fn get(&self, code: &str) -> Option<&Municipality> {
        let code = normalize_code(code)?;
        self.by_code.get(&code).map(|&i| &self.municipalities[i])
    }
}

/// Population per municipality (Statistics Finland, end of year; see
/// templates/population-fi.SOURCES.md), for figures per inhabitant.
const POPULATION: &str = include_str!("../templates/population-fi.csv");

/// The population of a municipality and the year it was counted, from the embedded
/// `code,population,year` table.
pub fn population(code: &str) -> Option<(u64, u16)> {
    static TABLE: OnceLock<HashMap<String, (u64, u16)>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        POPULATION
            .lines()
            .skip(1)
            .filter_map(|line| {
                let mut parts = line.trim_end_matches('\r').split(',');
                let code = normalize_code(parts.next()?)?;
                Some((code, (parts.next()?.trim().parse().ok()?, parts.next()?.trim().parse().ok()?)))
            })
            .collect()
    });
    table.get(&normalize_code(code)?).copied()
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
    fn every_municipality_has_a_population() {
        let r = Register::embedded();
        assert!(r.municipalities.iter().all(|m| population(&m.code).is_some()));
        assert_eq!(population("5"), Some((9078, 2024)));
        let total: u64 = r.municipalities.iter().filter_map(|m| population(&m.code)).map(|p| p.0).sum();
        assert!((5_500_000..5_700_000).contains(&total), "{total}");
    }
}
