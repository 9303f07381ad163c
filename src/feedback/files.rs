//! Writing a round's feedback workbooks into a folder: every name decided and checked
//! before anything is written, so a run never half-replaces a folder.

use std::path::{Path, PathBuf};

use crate::catalog::Catalog;
use crate::lang::Lang;
use crate::output::{self, OutputError};
use crate::register::Register;
use crate::settings::RoundSettings;

use super::feedback_lang;
use crate::data_sheet::RoundData;

/// One workbook to write: the municipality's index in the round, its file and language.
pub struct Planned {
    /// Index of the municipality in the feedback model.
    pub index: usize,
    /// The file to write.
    pub path: PathBuf,
    /// The workbook's language.
    pub lang: Lang,
}

/// The workbooks of a round: one per counted municipality, and the codes that got none.
pub struct Plan {
    /// The workbooks to write.
    pub planned: Vec<Planned>,
    /// Codes of the round's data that are no municipality of the register (a summary edited
    /// by hand): no workbook, since its name would come from the file's content.
    pub unknown: Vec<String>,
}

/// The workbook of every counted municipality in `dir`, each in its own language unless
/// `lang` is given. The file name comes from the register, code and name
/// (`091-helsinki.xlsx`, as `Municipality::file_name`), never from the summary's text: a
/// code that is not in the register gets no workbook and is listed in `unknown`.
pub fn plan(round: &RoundData, dir: &Path, lang: Option<Lang>) -> Plan {
    let register = Register::embedded();
    let mut plan = Plan { planned: Vec::new(), unknown: Vec::new() };
    for (index, e) in round.entries.iter().enumerate() {
        let Some(m) = register.get(&e.code).filter(|m| m.code == e.code) else {
            plan.unknown.push(e.code.clone());
            continue;
        };
        let lang = feedback_lang(e, lang);
        plan.planned.push(Planned { index, path: dir.join(m.file_name(lang)), lang });
    }
    plan
}

/// Fails, naming them, when any of the files exists and `force` is off.
pub fn check(planned: &[Planned], dir: &Path, force: bool) -> Result<(), OutputError> {
    if dir.exists() && !dir.is_dir() {
        return Err(OutputError::io(dir, "not a folder"));
    }
    output::refuse_existing(planned.iter().map(|p| p.path.as_path()), force)
}

/// Builds and writes every planned workbook (in parallel; they are independent).
pub fn write(
    catalog: &Catalog,
    round: &RoundData,
    planned: &[Planned],
    dir: &Path,
    force: bool,
) -> Result<(), OutputError> {
    write_in_round(catalog, round, planned, (dir, force), None)
}

/// `write`, with the round's deadline and contact when `settings` (`--round`) gives them;
/// `to` is the folder and whether existing workbooks are replaced.
pub fn write_in_round(
    catalog: &Catalog,
    round: &RoundData,
    planned: &[Planned],
    to: (&Path, bool),
    settings: Option<&RoundSettings>,
) -> Result<(), OutputError> {
    let (dir, force) = to;
    use rayon::prelude::*;
    output::create_dir(dir)?;
    let national = super::national(round);
    planned.par_iter().try_for_each(|p| {
        let of = (p.index, p.lang);
        let bytes =
            super::build_in_round(catalog, round, &national, of, settings).map_err(|e| {
                OutputError::Build {
                    what: round.entries[p.index].code.clone(),
                    detail: e.to_string(),
                }
            })?;
        output::write_atomic(&p.path, &bytes, force)
    })
}
