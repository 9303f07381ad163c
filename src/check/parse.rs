//! Reading what people type: answers matched in any catalog language, usage percentages,
//! dates and cell references.

use std::collections::HashMap;

use crate::lang::fold;
use crate::read::Value;

/// The options of one question, matched in every catalog language.
pub(super) struct Matcher {
    exact: HashMap<String, usize>,
    folded: HashMap<String, usize>,
}

impl Matcher {
    /// From each option's index and its labels (every language and the key).
    pub(super) fn new(options: impl Iterator<Item = (usize, Vec<String>)>) -> Matcher {
        let mut exact = HashMap::new();
        let mut folded = HashMap::new();
        for (i, labels) in options {
            for l in labels {
                folded.entry(fold(&l)).or_insert(i);
                exact.entry(l).or_insert(i);
            }
        }
        Matcher { exact, folded }
    }

    /// `Some((index, repaired))`, or `None` when the text is not an option.
    pub(super) fn find(&self, text: &str) -> Option<(usize, bool)> {
        if let Some(&i) = self.exact.get(text) {
            return Some((i, false));
        }
        self.folded.get(&fold(text)).map(|&i| (i, true))
    }
}

/// A usage answer as a percentage: numbers as they are, whatever date format the saving
/// program attached (a date is read by its serial number, so one really typed is out of
/// range), a percent-formatted 0.45 as 45, text such as "45,5" or "45 %" read with a
/// warning (`true`).
pub(super) fn parse_usage(v: &Value) -> Result<(f64, bool), String> {
    match v {
        Value::Number(n) | Value::Date { serial: Some(n), .. } => Ok((*n, false)),
        Value::Percent(p) => Ok(((p * 100.0 * 1e9).round() / 1e9, false)),
        Value::Text(s) => {
            let cleaned: String = s
                .trim()
                .trim_end_matches('%')
                .trim()
                .replace(',', ".")
                .replace(['\u{a0}', ' '], "");
            cleaned
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .map(|f| (f, true))
                .ok_or_else(|| s.clone())
        }
        other => Err(other.display()),
    }
}

/// Dates typed as text: 2026-03-15, 15.3.2026, 15/3/2026.
pub(super) fn parse_date(s: &str) -> Option<String> {
    let s = s.trim();
    let parts: Vec<&str> = s.split(['-', '.', '/']).map(str::trim).collect();
    let nums: Vec<u32> = parts.iter().map(|p| p.parse().ok()).collect::<Option<Vec<_>>>()?;
    let (y, m, d) = match (parts.len(), nums.as_slice()) {
        (3, [y, m, d]) if parts[0].len() == 4 => (*y, *m, *d),
        (3, [d, m, y]) if parts[2].len() == 4 => (*y, *m, *d),
        _ => return None,
    };
    ((1..=12).contains(&m) && (1..=31).contains(&d) && (1900..=2200).contains(&y))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// A defined name's target: `Ohjeet!$B$5`, `'Sheet name'!$B$5` (xlsx) or `$Ohjeet.$B$5`
/// (ods) → (sheet, row, column).
pub(super) fn parse_reference(target: &str) -> Option<(String, u32, u16)> {
    let target = target.trim().trim_start_matches('=');
    let (sheet, cell) = match target.rfind('!') {
        Some(i) => (&target[..i], &target[i + 1..]),
        None => {
            let i = target.rfind('.')?;
            (&target[..i], &target[i + 1..])
        }
    };
    let sheet = sheet.trim_start_matches('$');
    let sheet = if sheet.starts_with('\'') && sheet.ends_with('\'') && sheet.len() >= 2 {
        sheet[1..sheet.len() - 1].replace("''", "'")
    } else {
        sheet.to_string()
    };
    let cell: String = cell.chars().filter(|&c| c != '$').collect();
    if cell.contains(':') {
        return None;
    }
    let letters: String = cell.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let digits = &cell[letters.len()..];
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let col =
        letters.to_ascii_uppercase().bytes().fold(0u32, |acc, b| acc * 26 + (b - b'A' + 1) as u32)
            - 1;
    let row: u32 = digits.parse().ok()?;
    Some((sheet, row.checked_sub(1)?, u16::try_from(col).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        assert_eq!(parse_reference("Ohjeet!$B$5"), Some(("Ohjeet".into(), 4, 1)));
        assert_eq!(parse_reference("'My sheet'!$B$5"), Some(("My sheet".into(), 4, 1)));
        assert_eq!(parse_reference("$Ohjeet.$B$5"), Some(("Ohjeet".into(), 4, 1)));
        assert_eq!(parse_reference("$'Ohj eet'.$AA$10"), Some(("Ohj eet".into(), 9, 26)));
    }

    #[test]
    fn usage_values() {
        assert_eq!(parse_usage(&Value::Number(45.0)), Ok((45.0, false)));
        assert_eq!(parse_usage(&Value::Percent(0.455)), Ok((45.5, false)));
        assert_eq!(parse_usage(&Value::Text(" 45,5 % ".into())), Ok((45.5, true)));
        assert!(parse_usage(&Value::Text("paljon".into())).is_err());
        // A number with a date format (Gnumeric's xls) is read by its value.
        let dated = Value::Date { text: "1900-01-15".into(), serial: Some(16.4) };
        assert_eq!(parse_usage(&dated), Ok((16.4, false)));
        let date = Value::Date { text: "2026-03-15".into(), serial: Some(46096.0) };
        assert_eq!(parse_usage(&date), Ok((46096.0, false)));
        assert_eq!(
            parse_usage(&Value::Date { text: "2026-03-15".into(), serial: None }),
            Err("2026-03-15".into())
        );
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("15.3.2026").as_deref(), Some("2026-03-15"));
        assert_eq!(parse_date("2026-03-15").as_deref(), Some("2026-03-15"));
        assert_eq!(parse_date("huomenna"), None);
    }

    #[test]
    fn folding() {
        assert_eq!(fold("  Verkkolomake   JA  tunnistus "), "verkkolomake ja tunnistus");
        assert_eq!(fold("A\u{0308}"), "ä");
    }
}
