//! What a prefilled workbook carries, in the target catalog's terms: the plain input of
//! the writer (`writer::build_with`), worked out from a return by `crate::prefill`.

use crate::layout::Respondent;
use crate::measures::ServiceAnswers;

/// A sheet of the prefilled workbook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SheetRef {
    /// The instructions sheet (the respondent block).
    Instructions,
    /// The sheet of the target catalog's area at this index.
    Area(usize),
}

/// A cell of the prefilled workbook: sheet, row and column (0-based, as in `layout`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    /// The sheet.
    pub sheet: SheetRef,
    /// The row (0-based).
    pub row: u32,
    /// The column (0-based).
    pub col: u16,
}

/// Why a cell carries a note.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// A finding of the return: highlighted, and listed under "To correct".
    Finding,
    /// A service new in this catalog version: highlighted for answering.
    New,
    /// An answer that could not be carried: kept in the note, the cell left empty.
    Lost,
}

/// A note (cell comment) on a cell of the prefilled workbook.
#[derive(Clone, Debug, PartialEq)]
pub struct CellNote {
    /// Where it goes.
    pub place: Place,
    /// The text.
    pub text: String,
    /// How the cell is marked.
    pub mark: Mark,
}

/// One line of the "To correct" list: the finding, and the cell it links to when the
/// finding has one in the new workbook.
#[derive(Clone, Debug, PartialEq)]
pub struct Correction {
    /// Where it goes.
    pub place: Option<Place>,
    /// The text.
    pub text: String,
}

/// A service the municipality added, carried into the blank rows of its area.
#[derive(Clone, Debug, PartialEq)]
pub struct AddedRow {
    /// The service's name, as typed.
    pub name: String,
    /// Answers as option indices of the target catalog (every stage is asked).
    pub answers: ServiceAnswers,
    /// The comment, as typed.
    pub comment: Option<String>,
}

/// Everything a prefilled workbook carries, in the target catalog's terms.
#[derive(Clone, Debug, PartialEq)]
pub struct Prefill {
    /// Respondent name, e-mail and response date (YYYY-MM-DD), when the return had them.
    pub respondent: Vec<(Respondent, String)>,
    /// `answers[area][service]` of the target catalog.
    pub answers: Vec<Vec<ServiceAnswers>>,
    /// `comments[area][service]` of the target catalog.
    pub comments: Vec<Vec<Option<String>>>,
    /// Added services per target area.
    pub added: Vec<Vec<AddedRow>>,
    /// Notes, in the order they were made; several on one cell are joined.
    pub notes: Vec<CellNote>,
    /// The "To correct" list; empty for a return without findings.
    pub corrections: Vec<Correction>,
    /// Answers that could not be carried because they were wrong (not an option, not a
    /// number, out of range), written back as typed: the same problem is reported until it
    /// is corrected, and a correction workbook sent back unchanged is never valid.
    pub kept: Vec<(Place, String)>,
    /// Services of the return's catalog that this catalog no longer has, one line each
    /// with the old answers, for the instructions sheet.
    pub removed: Vec<String>,
    /// The savings inputs carried by service id (docs/measures.md); `None`: the estimates.
    pub savings: Option<crate::measures::savings::SavingsInputs>,
}
