//! The respondent pass: the municipality code, the respondent and the response date of the
//! instructions sheet.

use crate::check::findings::{Code, Finding};
use crate::check::identify::identity;
use crate::check::parse::{parse_date, parse_reference};
use crate::check::{MunicipalityRef, Return, ReturnChecker};
use crate::lang::Lang;
use crate::layout::{self, Respondent};
use crate::read::{self, Book, Sheet, Value};
use crate::register;

/// Reads the respondent block; returns the index of the instructions sheet (`None` for a
/// workbook without sheets).
pub(super) fn read_respondent(
    checker: &ReturnChecker,
    book: &Book,
    lists: Option<&Sheet>,
    ret: &mut Return,
) -> Option<usize> {
    let index = instructions_sheet(checker, book)?;
    let block = Block { instructions: &book.sheets[index] };
    for field in Respondent::ALL {
        let (row, col) = field.cell();
        check_name(book, field.defined_name(), block.instructions, (row, col), ret);
    }
    read_municipality(checker, &block, lists, ret);
    read_respondent_name(&block, ret);
    ret.respondent_email = text_of(&block, Respondent::RespondentEmail);
    read_response_date(&block, catalog_year(&checker.catalog.version), ret);
    Some(index)
}

/// The instructions sheet by its name in any language, else the first sheet; a hidden
/// sheet only when no visible one is named so.
fn instructions_sheet(checker: &ReturnChecker, book: &Book) -> Option<usize> {
    let named = |s: &Sheet| checker.instructions_names.contains(&crate::lang::fold(&s.name));
    book.sheets
        .iter()
        .position(|s| !s.hidden && named(s))
        .or_else(|| book.sheets.iter().position(named))
        .or(if book.sheets.is_empty() { None } else { Some(0) })
}

/// A warning when the file's name names another register municipality than the
/// workbook's identity (Kerava's answers on Helsinki's forwarded template): the identity
/// still decides whose return it is.
pub(super) fn file_name_agrees(checker: &ReturnChecker, ret: &mut Return) {
    let Some(named) = ret.named_other() else { return };
    let Some(m) = checker.register.get(&named) else { return };
    let own = ret.municipality.as_ref().map(|o| o.code.clone()).unwrap_or_default();
    let lang = ret.language.unwrap_or(Lang::Fi);
    let own_name = checker.register.get(&own).map_or(String::new(), |o| o.name(lang).to_string());
    let file = ret.path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    ret.push(
        Finding::new(Code::FileNamesOther)
            .arg("file", file)
            .arg("named", format!("{} {}", m.code, m.name(lang)))
            .arg("municipality", format!("{own} {own_name}")),
    );
}

/// A field is read where the template put it. A defined name of the field that points
/// anywhere else (another cell or sheet, or nowhere a program can follow) is an error
/// that says where each is, for the program may show the value elsewhere.
pub(super) fn check_name(
    book: &Book,
    name: &str,
    sheet: &Sheet,
    (row, col): (u32, u16),
    ret: &mut Return,
) {
    let Some((_, target)) = book.defined_names.iter().find(|(n, _)| n.eq_ignore_ascii_case(name))
    else {
        return;
    };
    if parse_reference(target).is_some_and(|(s, r, c)| s == sheet.name && r == row && c == col) {
        return;
    }
    let expected = layout::cell_name(row, col);
    ret.push(
        Finding::new(Code::DefinedNameMoved)
            .sheet(sheet.name.clone())
            .cell(expected.clone())
            .arg("name", name.to_string())
            .arg("target", target.trim_start_matches('=').to_string())
            .arg("expected", format!("{}!{expected}", sheet.name)),
    );
}

/// Where the respondent block is.
struct Block<'b> {
    instructions: &'b Sheet,
}

/// A place in the block: the sheet, row and column of one field.
type Place<'b> = (&'b Sheet, u32, u16);

impl<'b> Block<'b> {
    /// The cell of a field: where the template put it on the instructions sheet
    /// ([`check_name`] tells when a defined name says otherwise).
    fn cell(&self, field: Respondent) -> Place<'b> {
        let (row, col) = field.cell();
        (self.instructions, row, col)
    }
}

/// A finding at a field's cell.
fn at((sheet, row, col): Place, code: Code) -> Finding {
    Finding::new(code).sheet(sheet.name.clone()).cell(layout::cell_name(row, col))
}

/// The municipality: its code known to the register, the one the template was made for
/// when it was made for one, and agreeing with the name typed or chosen. The blank
/// template's dropdown puts "Helsinki – 091" in the name cell and the code follows by
/// formula; a file saved without formula results (openpyxl) still has the entry.
fn read_municipality(
    checker: &ReturnChecker,
    block: &Block,
    lists: Option<&Sheet>,
    ret: &mut Return,
) {
    let name_place @ (nsh, nrow, ncol) = block.cell(Respondent::MunicipalityName);
    let typed_name =
        nsh.get(nrow, ncol).map(|v| v.display().trim().to_string()).filter(|s| !s.is_empty());
    let choice = typed_name.as_deref().and_then(register::split_choice);
    let name = choice.as_ref().map(|(n, _)| n.to_string()).or(typed_name.clone());
    let place @ (sh, row, col) = block.cell(Respondent::MunicipalityCode);
    let personal = lists.and_then(|l| identity(l, "municipality_code")).filter(|c| !c.is_empty());
    let typed = sh.get(row, col).filter(|v| !matches!(v, Value::Text(s) if s.trim().is_empty()));
    let code = match (typed, &choice) {
        (Some(value), _) => match typed_code(value, place, ret) {
            Ok(code) => code,
            Err(raw) => {
                ret.push(at(place, Code::UnknownMunicipality).arg("code", raw));
                return;
            }
        },
        (None, Some((_, code))) => code.clone(),
        (None, None) => {
            ret.push(at(place, Code::MissingMunicipality));
            return;
        }
    };
    let Some(m) = checker.register.get(&code) else {
        ret.push(at(place, Code::UnknownMunicipality).arg("code", code));
        return;
    };
    let lang = ret.language.unwrap_or(Lang::Fi);
    if let Some(p) = personal.as_deref().and_then(register::normalize_code)
        && p != m.code
    {
        let detail = vec![("code", m.code.clone()), ("expected", p)];
        ret.push(at(place, Code::MunicipalityMismatch).arg_keyed(
            "detail",
            "mismatch_template",
            detail,
        ));
    } else if let Some(name) = name.filter(|n| !m.has_name(n)) {
        let detail = vec![
            ("name", name),
            ("code", m.code.clone()),
            ("registered", m.name(lang).to_string()),
        ];
        ret.push(at(name_place, Code::MunicipalityMismatch).arg_keyed(
            "detail",
            "mismatch_name",
            detail,
        ));
    }
    ret.municipality =
        Some(MunicipalityRef { code: m.code.clone(), name: m.name(lang).to_string() });
}

/// The code as three digits, with a finding when it had to be repaired; `Err` with the
/// value as typed when it is no code.
fn typed_code(value: &Value, place: Place, ret: &mut Return) -> Result<String, String> {
    let (typed, code) = match value {
        Value::Text(s) => (s.clone(), register::normalize_code(s).ok_or_else(|| s.clone())?),
        // A number by its value, whatever (date) format the saving program attached.
        Value::Number(n) | Value::Date { serial: Some(n), .. }
            if n.fract() == 0.0 && *n >= 0.0 && *n < 1000.0 =>
        {
            (read::format_number(*n), format!("{:03}", *n as u32))
        }
        other => return Err(other.display()),
    };
    // A number is always repaired (it lost its leading zeros); text only when it changed.
    if !matches!(value, Value::Text(s) if *s == code) {
        ret.push(at(place, Code::NormalizedAnswer).arg("value", typed).arg("answer", code.clone()));
    }
    Ok(code)
}

/// The respondent: a warning only when missing; the answers stand without it.
fn read_respondent_name(block: &Block, ret: &mut Return) {
    let place @ (sh, row, col) = block.cell(Respondent::RespondentName);
    match sh.get(row, col) {
        Some(v) => ret.respondent = Some(v.display().trim().to_string()),
        None => ret.push(missing(place, Respondent::RespondentName)),
    }
}

/// A field's text, trimmed; `None` when empty.
fn text_of(block: &Block, field: Respondent) -> Option<String> {
    let (sh, row, col) = block.cell(field);
    sh.get(row, col).map(|v| v.display().trim().to_string()).filter(|s| !s.is_empty())
}

/// The response date, as a date cell, a date serial or text in a common format; kept only
/// when it is a real calendar date, not before the catalog's year and not in the future, so
/// that a mistyped date never decides between two returns.
fn read_response_date(block: &Block, min_year: u32, ret: &mut Return) {
    let place @ (sh, row, col) = block.cell(Respondent::ResponseDate);
    let (shown, date) = match sh.get(row, col) {
        None => return ret.push(missing(place, Respondent::ResponseDate)),
        Some(Value::Date { text, .. }) => (text.clone(), Some(text.clone())),
        Some(Value::Number(n)) if *n > 20000.0 && *n < 80000.0 => {
            (read::format_number(*n), Some(read::serial_to_date(*n, false)))
        }
        Some(Value::Text(s)) => (s.clone(), parse_date(s)),
        Some(other) => (other.display(), None),
    };
    match date.filter(|d| plausible_date(d, min_year, &latest_date())) {
        Some(d) => ret.response_date = Some(d),
        None => ret.push(at(place, Code::InvalidDate).arg("value", shown)),
    }
}

/// The year a catalog's version starts with (`2025.1` → 2025); 2000 if it names none.
fn catalog_year(version: &str) -> u32 {
    version.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2000)
}

/// The latest response date believed: tomorrow (UTC), so no time zone makes today's date
/// look like the future.
fn latest_date() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    read::serial_to_date((secs / 86_400) as f64 + 25_569.0 + 1.0, false)
}

/// `YYYY-MM-DD` naming a day that exists, in `min_year` or later and not after `latest`.
/// Such strings compare as the dates they name.
pub(super) fn plausible_date(d: &str, min_year: u32, latest: &str) -> bool {
    let b = d.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .filter(|s| s.iter().all(u8::is_ascii_digit))
            .and_then(|_| d[r].parse::<u32>().ok())
    };
    let (Some(y), Some(m), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day) && y >= min_year && d <= latest
}

/// A respondent field left empty.
fn missing(place: Place, field: Respondent) -> Finding {
    at(place, Code::MissingRespondent).arg_key("field", field.label_key())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_dates_must_be_real_and_plausible() {
        let ok = |d| plausible_date(d, 2025, "2026-11-26");
        assert!(ok("2026-03-20") && ok("2025-01-01") && ok("2026-11-26"));
        assert!(!ok("2062-03-15"), "in the future");
        assert!(!ok("2024-12-31"), "before the catalog's year");
        assert!(!ok("2026-02-29") && ok("2026-02-28"));
        assert!(
            plausible_date("2028-02-29", 2025, "2030-01-01")
                && !plausible_date("2100-02-29", 2025, "2200-01-01")
        );
        assert!(
            !ok("2026-04-31")
                && !ok("2026-13-01")
                && !ok("2026-00-10")
                && !ok("2026-3-5")
                && !ok("2026-03-20T")
        );
        assert_eq!(catalog_year("2025.1"), 2025);
        assert_eq!(catalog_year("v1"), 2000);
    }
}
