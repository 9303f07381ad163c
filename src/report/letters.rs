//! The letters of `validate --report-dir`: one per return, named after the file
//! (`<file name>.txt`), the corrected copy beside it with `--annotate` (the return carried
//! into a fresh personalised workbook, every cell with a finding marked, as `prefill`
//! makes it) and the mail-merge table `letters.csv` (code, municipality, respondent,
//! e-mail, status, letter file, attachment file; UTF-8 with BOM, RFC 4180 quoting) to send
//! them from a mail program.

use std::path::{Path, PathBuf};

use crate::catalog::Catalog;
use crate::check::Return;
use crate::check::findings::Code;
use crate::lang::Lang;
use crate::output::{self, OutputError};
use crate::prefill::{self, Carry};
use crate::register::Register;
use crate::settings::RoundSettings;
use crate::summary::export::csv_cell;
use crate::workbook::writer;

use super::letter::{LetterContext, LetterKind, addressee, letter, letter_lang};

/// The name of the mail-merge table in the letters' folder.
pub const MAIL_MERGE_FILE: &str = "letters.csv";

/// The columns of the mail-merge table, in order.
pub const MAIL_MERGE_COLUMNS: [&str; 7] =
    ["code", "municipality", "respondent", "email", "status", "letter_file", "attachment_file"];

/// Where the letters of a run go, named before any file is read.
pub struct LetterFiles {
    /// Per input file: its letter.
    pub letters: Vec<PathBuf>,
    /// Per input file: where its corrected copy goes, when one is written.
    pub copies: Vec<PathBuf>,
    /// The mail-merge table.
    pub table: PathBuf,
}

impl LetterFiles {
    /// Names the outputs for `inputs` in `dir` (created if missing): each letter
    /// `<file name>.txt` and each copy `<file stem>.xlsx` (shortened to the file system's
    /// 255 bytes, `output::fitted_name`), unique even when two inputs in different folders
    /// share a name. Refuses before any work a letter or the table that exists (without
    /// `force`); a copy is checked once it is known to be written.
    pub fn plan(dir: &Path, inputs: &[PathBuf], force: bool) -> Result<LetterFiles, OutputError> {
        output::create_dir(dir)?;
        let mut seen = std::collections::HashSet::new();
        let mut unique = |base: &str, ext: &str| {
            let mut candidate = output::fitted_name(base, ext);
            let mut i = 2;
            while !seen.insert(candidate.clone()) {
                candidate = output::fitted_name(&format!("{base}-{i}"), ext);
                i += 1;
            }
            dir.join(candidate)
        };
        let (mut letters, mut copies) = (Vec::new(), Vec::new());
        for f in inputs {
            let name = f.file_name().map_or_else(|| "report".into(), |n| n.to_string_lossy());
            letters.push(unique(&name, ".txt"));
            let stem = f.file_stem().map_or_else(|| "report".into(), |n| n.to_string_lossy());
            copies.push(unique(&stem, ".xlsx"));
        }
        let table = dir.join(MAIL_MERGE_FILE);
        for path in letters.iter().chain([&table]) {
            output::check_writable(path, force)?;
        }
        Ok(LetterFiles { letters, copies, table })
    }
}

/// How a run's letters are written.
#[derive(Clone, Copy)]
pub struct LetterOptions<'a> {
    /// `--feedback-lang`: every letter in it.
    pub forced: Option<Lang>,
    /// The language of a letter whose return and municipality say none (the console's).
    pub fallback: Lang,
    /// `--round`.
    pub round: Option<&'a RoundSettings>,
}

/// One return's letter, drafted: its text, its corrected copy and its row of the table.
pub struct Drafted {
    /// The letter.
    pub text: String,
    /// The corrected copy (xlsx bytes), when one is written.
    pub copy: Option<Vec<u8>>,
    /// Its row of the mail-merge table.
    pub row: [String; 7],
}

/// Whether a return gets a corrected copy: it has errors to correct or is empty, and it
/// names a municipality of the register without any doubt on which one (a copy is
/// personalised for it).
pub fn wants_copy(ret: &Return) -> bool {
    let doubt = [Code::MissingMunicipality, Code::UnknownMunicipality, Code::MunicipalityMismatch];
    matches!(LetterKind::of(ret), LetterKind::Invalid | LetterKind::Empty)
        && ret.municipality.as_ref().and_then(|m| Register::embedded().get(&m.code)).is_some()
        && !ret.findings.iter().any(|f| doubt.contains(&f.code))
}

/// Drafts the letter of `ret` (read with `catalog`); `paths` are where the letter and its
/// copy go (the copy is built only when its path is given).
pub fn draft(
    ret: &Return,
    catalog: Option<&Catalog>,
    paths: (&Path, Option<&Path>),
    options: &LetterOptions,
) -> Result<Drafted, OutputError> {
    let (letter_path, copy_path) = paths;
    let lang = letter_lang(ret, options.forced, options.fallback);
    let copy = match (copy_path, catalog) {
        (Some(_), Some(catalog)) => Some(corrected_copy(ret, catalog, lang, options.round)?),
        _ => None,
    };
    let name_of = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
    let attachment = copy.as_ref().and(copy_path).and_then(name_of);
    let cx =
        LetterContext { lang, catalog, round: options.round, attachment: attachment.as_deref() };
    let text = letter(ret, &cx);
    let to = addressee(ret);
    let row = [
        to.map(|m| m.code.clone()).unwrap_or_default(),
        to.map(|m| m.name(lang).to_string()).unwrap_or_default(),
        ret.respondent.clone().unwrap_or_default(),
        ret.respondent_email.clone().unwrap_or_default(),
        ret.status.as_str().to_string(),
        name_of(letter_path).unwrap_or_default(),
        attachment.unwrap_or_default(),
    ];
    Ok(Drafted { text, copy, row })
}

/// The return carried into a fresh personalised workbook of its own catalog, in the
/// letter's language when the catalog has it: its answers in place, every finding marked
/// on its cell and listed on the "To correct" sheet (as `prefill` writes it).
pub fn corrected_copy(
    ret: &Return,
    catalog: &Catalog,
    lang: Lang,
    round: Option<&RoundSettings>,
) -> Result<Vec<u8>, OutputError> {
    let lang = [Some(lang), ret.language]
        .into_iter()
        .flatten()
        .find(|l| catalog.languages.contains(l))
        .or(catalog.languages.first().copied())
        .unwrap_or(Lang::Fi);
    let code = ret.municipality.as_ref().map(|m| m.code.clone()).unwrap_or_default();
    let build = |detail: String| OutputError::Build { what: code.clone(), detail };
    let m = Register::embedded().get(&code).ok_or_else(|| build("not in the register".into()))?;
    let carried = prefill::carry(ret, &Carry { source: catalog, target: catalog, lang });
    writer::build_in_round(catalog, lang, Some(m), Some(&carried), round)
        .map_err(|e| build(e.to_string()))
}

/// The mail-merge table: a header row and one row per letter, RFC 4180 (commas, quoted
/// when needed, CRLF line ends), UTF-8 with a BOM so that Excel opens it as such; a cell a
/// spreadsheet would take for a formula is neutralised with a leading apostrophe.
pub fn mail_merge(rows: &[[String; 7]]) -> String {
    let mut out = format!("\u{feff}{}\r\n", MAIL_MERGE_COLUMNS.join(","));
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_rfc_4180_with_a_bom() {
        let row = [
            "091".to_string(),
            "Helsinki".into(),
            "Virtanen, \"Maija\"".into(),
            "=cmd|x".into(),
            "invalid".into(),
            "a.xlsx.txt".into(),
            String::new(),
        ];
        let csv = mail_merge(&[row]);
        assert!(csv.starts_with("\u{feff}code,municipality,respondent,email,status,"));
        assert!(
            csv.ends_with(
                "091,Helsinki,\"Virtanen, \"\"Maija\"\"\",'=cmd|x,invalid,a.xlsx.txt,\r\n"
            ),
            "{csv}"
        );
    }
}
