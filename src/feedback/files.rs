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

/// Builds every planned workbook (in parallel; they are independent) into a temporary file
/// beside its target (`output::stage`), for the caller to put in place with the run's other
/// outputs. `to` is the folder and whether existing workbooks are replaced; `settings`
/// (`--round`) adds the round's deadline and contact.
pub fn stage(
    catalog: &Catalog,
    round: &RoundData,
    planned: &[Planned],
    to: (&Path, bool),
    settings: Option<&RoundSettings>,
) -> Result<Vec<output::Staged>, OutputError> {
    use rayon::prelude::*;
    let (dir, force) = to;
    output::create_dir(dir)?;
    let national = super::national(round);
    planned
        .par_iter()
        .map(|p| {
            let of = (p.index, p.lang);
            let bytes =
                super::build_in_round(catalog, round, &national, of, settings).map_err(|e| {
                    let what = round.entries[p.index].code.clone();
                    OutputError::Build { what, detail: e.to_string() }
                })?;
            output::stage(&p.path, &bytes, force)
        })
        .collect()
}
