//! The hidden data sheet that a later `--previous` (see `round::previous`) and `digiaste
//! feedback` (see `round::feedback::source`) read back.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::write_text;
use crate::measures::Group;
use crate::round::Round;
use crate::round::feedback::{self, FeedbackRound};
use crate::round::layout::{
    DATA_AREA_COL, DATA_CODE_COL, DATA_COLUMNS, DATA_HEADER_ROW, DATA_SHEET, DataRow,
    IDENTITY_KEY_COL, IDENTITY_VALUE_COL, Identity, Measure, SUMMARY_FORMAT,
};

pub(super) fn write(ws: &mut Worksheet, round: &Round<'_>) -> Result<(), XlsxError> {
    ws.set_name(DATA_SHEET)?;
    let previous =
        round.previous.as_ref().map(|p| p.path.display().to_string()).unwrap_or_default();
    for key in Identity::ALL {
        let value = match key {
            Identity::Format => SUMMARY_FORMAT,
            Identity::CatalogId => &round.catalog.id,
            Identity::CatalogVersion => &round.catalog.version,
            Identity::Language => round.lang.code(),
            Identity::Previous => &previous,
        };
        ws.write_string(key.row(), IDENTITY_KEY_COL, key.key())?;
        write_text(ws, key.row(), IDENTITY_VALUE_COL, value)?;
    }
    for (c, h) in DATA_COLUMNS.iter().enumerate() {
        ws.write_string(DATA_HEADER_ROW, c as u16, *h)?;
    }
    let mut row = DATA_HEADER_ROW + 1;
    for k in &round.kept {
        for group in Group::all(round.catalog) {
            ws.write_string(row, DATA_CODE_COL, &k.code)?;
            write_text(ws, row, DATA_AREA_COL, group.data_key(round.catalog))?;
            let data = DataRow::from_measures(group.measures(&k.scores));
            for measure in Measure::ALL {
                if let Some(v) = data.get(measure) {
                    ws.write_number(row, measure.data_col(), v)?;
                }
            }
            row += 1;
        }
    }
    feedback::source::write_tables(ws, &FeedbackRound::from_round(round), round.catalog)?;
    ws.set_hidden(true);
    Ok(())
}
