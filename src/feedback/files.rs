//! Writing a round's feedback workbooks into a folder: every name decided and checked
//! before anything is written, so a run never half-replaces a folder.

use std::path::{Path, PathBuf};

use crate::catalog::Catalog;
use crate::lang::Lang;
use crate::output::{self, OutputError};

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

/// The workbook of every counted municipality in `dir`, each in its own language unless
/// `lang` is given.
pub fn plan(round: &RoundData, dir: &Path, lang: Option<Lang>) -> Vec<Planned> {
    round
        .entries
        .iter()
        .enumerate()
        .map(|(index, e)| {
            let lang = feedback_lang(e, lang);
            Planned { index, path: dir.join(super::file_name(e, lang)), lang }
        })
        .collect()
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
    use rayon::prelude::*;
    output::create_dir(dir)?;
    let national = super::national(round);
    planned.par_iter().try_for_each(|p| {
        let bytes = super::build(catalog, round, &national, p.index, p.lang).map_err(|e| {
            OutputError::Build { what: round.entries[p.index].code.clone(), detail: e.to_string() }
        })?;
        output::write_atomic(&p.path, &bytes, force)
    })
}
