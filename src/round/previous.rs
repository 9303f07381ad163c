//! Reading back an earlier summary (`--previous`): its identity and the measures on its
//! hidden data sheet, located through `round::layout`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::read::{self, Sheet, Value};
use crate::round::layout::{
    DATA_AREA_COL, DATA_CODE_COL, DATA_HEADER_ROW, DATA_SHEET, DataRow, IDENTITY_KEY_COL,
    IDENTITY_VALUE_COL, Identity, SUMMARY_FORMAT,
};

/// Measures of the earlier round, by (municipality code, area id or "" for overall).
pub struct Previous {
    /// The file as given, shown on the changes sheet.
    pub path: PathBuf,
    /// The catalog the earlier round used, to warn when it differs.
    pub catalog_id: String,
    /// The catalog's version.
    pub catalog_version: String,
    /// The earlier measures.
    pub values: HashMap<(String, String), DataRow>,
}

/// Reads an earlier summary written by digiaste (or the same saved by a spreadsheet program).
pub fn read_previous(path: &Path) -> anyhow::Result<Previous> {
    let book = read::read_path(path)
        .map_err(|e| anyhow::anyhow!("cannot read the earlier summary {}: {e}", path.display()))?;
    let sheet = book.sheet(DATA_SHEET).ok_or_else(|| {
        anyhow::anyhow!(
            "{} is not a summary written by digiaste (no {DATA_SHEET} sheet)",
            path.display()
        )
    })?;
    let identity = |key: Identity| identity_value(sheet, key);
    if identity(Identity::Format) != SUMMARY_FORMAT {
        anyhow::bail!("{} is not a summary written by digiaste", path.display());
    }
    Ok(Previous {
        path: path.to_path_buf(),
        catalog_id: identity(Identity::CatalogId),
        catalog_version: identity(Identity::CatalogVersion),
        values: data_rows(sheet),
    })
}

fn text(sheet: &Sheet, row: u32, col: u16) -> String {
    sheet.get(row, col).map(|v| v.display()).unwrap_or_default()
}

/// The value of an identity key above the data header, found by its key; empty if absent.
fn identity_value(sheet: &Sheet, key: Identity) -> String {
    (0..DATA_HEADER_ROW)
        .find(|&row| text(sheet, row, IDENTITY_KEY_COL) == key.key())
        .map(|row| text(sheet, row, IDENTITY_VALUE_COL))
        .unwrap_or_default()
}

/// Every data row below the header; rows without a municipality code are skipped.
fn data_rows(sheet: &Sheet) -> HashMap<(String, String), DataRow> {
    let mut values = HashMap::new();
    let last = sheet.cells.keys().map(|(r, _)| *r).max().unwrap_or(0);
    for row in DATA_HEADER_ROW + 1..=last {
        let code = text(sheet, row, DATA_CODE_COL);
        if code.is_empty() {
            continue;
        }
        let data = DataRow::from_fn(|m| match sheet.get(row, m.data_col()) {
            Some(Value::Number(n)) | Some(Value::Percent(n)) => Some(*n),
            _ => None,
        });
        values.insert((code, text(sheet, row, DATA_AREA_COL)), data);
    }
    values
}
