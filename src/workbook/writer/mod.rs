//! Writes the assessment workbook (docs/workbook.md) from a catalog, in one language, blank or
//! personalised for one municipality. Every position comes from `layout`, every formula
//! from `measures`, every word from the catalog or `texts`, every width and height from
//! `sizing`. One module per sheet: `instructions`, `area`, `summary_sheet`, `lists`.

mod area;
mod formats;
mod instructions;
mod lists;
mod personalised;
mod prefill;
mod savings;
pub(crate) mod sizing;
mod summary_sheet;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rust_xlsxwriter::{DocProperties, ProtectionOptions, Workbook, Worksheet, XlsxError};

use crate::catalog::Catalog;
use crate::lang::Lang;
use crate::layout::{self, AreaColumns, Respondent};
use crate::register::Municipality;
use crate::settings::RoundSettings;
use crate::texts::t;
use crate::workbook::fill::Prefill;
use formats::Formats;
pub use personalised::{PersonaliseError, Personaliser};

/// The version of this tool, written into every workbook it makes.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// What one workbook is written for, shared by the sheet writers.
struct Template<'a> {
    catalog: &'a Catalog,
    lang: Lang,
    /// The municipality a personalised workbook is for; `None` for the blank one.
    municipality: Option<&'a Municipality>,
    /// The fingerprint of the prefilled answers (`measures::answers_fingerprint`).
    prefilled: Option<String>,
    /// The round's settings (`--round`): its name, deadline, return address and contact on
    /// the instructions sheet; `None` says nothing of them.
    round: Option<&'a RoundSettings>,
    /// What the workbooks of this catalog share, per language.
    shared: &'a Shared,
    f: Formats,
}

/// What every workbook of one catalog has the same in a language — the area sheets' row
/// heights and formulas — computed by the first workbook that needs it and shared by the
/// others ([`build_shared`]: `template --all-municipalities` writes 308 workbooks).
pub struct Shared {
    /// The catalog it is for: with another, nothing is shared.
    catalog_hash: String,
    areas: Mutex<HashMap<(Lang, usize), Arc<area::AreaShared>>>,
    savings: Mutex<HashMap<Lang, Arc<savings::SavingsFormulas>>>,
}

impl Shared {
    /// Nothing computed yet, for workbooks of `catalog`.
    pub fn new(catalog: &Catalog) -> Shared {
        Shared {
            catalog_hash: catalog.hash.clone(),
            areas: Mutex::default(),
            savings: Mutex::default(),
        }
    }

    /// The shared part of area `area`'s sheet in `tpl`'s language, made by `make` once.
    fn area(
        &self,
        tpl: &Template,
        area: usize,
        make: impl FnOnce() -> area::AreaShared,
    ) -> Arc<area::AreaShared> {
        self.memo(tpl, &self.areas, (tpl.lang, area), make)
    }

    /// The savings sheet's formulas in `tpl`'s language, made by `make` once.
    fn savings(
        &self,
        tpl: &Template,
        make: impl FnOnce() -> savings::SavingsFormulas,
    ) -> Arc<savings::SavingsFormulas> {
        self.memo(tpl, &self.savings, tpl.lang, make)
    }

    fn memo<K: Eq + std::hash::Hash, V>(
        &self,
        tpl: &Template,
        map: &Mutex<HashMap<K, Arc<V>>>,
        key: K,
        make: impl FnOnce() -> V,
    ) -> Arc<V> {
        if tpl.catalog.hash != self.catalog_hash {
            return Arc::new(make());
        }
        let known = map.lock().unwrap_or_else(|e| e.into_inner()).get(&key).cloned();
        known.unwrap_or_else(|| {
            let made = Arc::new(make());
            map.lock().unwrap_or_else(|e| e.into_inner()).entry(key).or_insert(made).clone()
        })
    }
}

/// Builds the workbook and returns the xlsx bytes.
pub fn build(
    catalog: &Catalog,
    lang: Lang,
    municipality: Option<&Municipality>,
) -> Result<Vec<u8>, XlsxError> {
    build_in_round(catalog, lang, municipality, None, None)
}

/// Builds the workbook, prefilled with a return's answers when `prefill` is given (its
/// notes, highlights, removed services and the "To correct" sheet after the instructions).
pub fn build_with(
    catalog: &Catalog,
    lang: Lang,
    municipality: Option<&Municipality>,
    prefill: Option<&Prefill>,
) -> Result<Vec<u8>, XlsxError> {
    build_in_round(catalog, lang, municipality, prefill, None)
}

/// `build_with`, and with the round's name, deadline, return address and contact on the
/// instructions sheet when `round` is given (`--round`).
pub fn build_in_round(
    catalog: &Catalog,
    lang: Lang,
    municipality: Option<&Municipality>,
    prefill: Option<&Prefill>,
    round: Option<&RoundSettings>,
) -> Result<Vec<u8>, XlsxError> {
    build_shared(catalog, (lang, municipality), prefill, round, &Shared::new(catalog))
}

/// `build_in_round` for one of many workbooks of a catalog: what they have the same is
/// computed once, in `shared` (made with `Shared::new(catalog)`); `of` is the language and
/// the municipality.
pub fn build_shared(
    catalog: &Catalog,
    of: (Lang, Option<&Municipality>),
    prefill: Option<&Prefill>,
    round: Option<&RoundSettings>,
    shared: &Shared,
) -> Result<Vec<u8>, XlsxError> {
    let (lang, municipality) = of;
    let mut wb = Workbook::new();
    let prefilled = prefill.map(|p| crate::measures::answers_fingerprint(&p.answers));
    let f = Formats::new();
    let tpl = Template { catalog, lang, municipality, prefilled, round, shared, f };
    let cols = AreaColumns::new(catalog);

    let end = instructions::write(wb.add_worksheet(), &tpl)?;
    if let Some(p) = prefill {
        prefill::instructions(wb.worksheet_from_index(0)?, &tpl, p, end)?;
        if !p.corrections.is_empty() {
            prefill::to_correct(wb.add_worksheet(), &tpl, p)?;
        }
    }
    for a in 0..catalog.areas.len() {
        let ws = wb.add_worksheet();
        ws.set_name(layout::area_sheet_name(catalog, a, lang))?;
        let in_use = prefill.map_or(0, |p| p.added[a].len() as u32);
        area::write(ws, &tpl, a, &cols, in_use)?;
        if let Some(p) = prefill {
            prefill::area(ws, &tpl, p, a, &cols)?;
        }
    }
    savings::add(&mut wb, &tpl, prefill.and_then(|p| p.savings.as_ref()))?;
    summary_sheet::write(wb.add_worksheet(), &tpl)?;
    lists::write(wb.add_worksheet(), &tpl)?;

    define_respondent_names(&mut wb, lang)?;
    for (name, target) in layout::formula_names(catalog, lang) {
        wb.define_name(&name, &format!("={target}"))?;
    }
    wb.set_properties(&properties(&tpl));
    // The fastest deflate: 308 workbooks are written in a run, and level 1 makes each file
    // only slightly larger than the default 6 (BENCHMARKS.md).
    wb.set_zip_compression_level(1);
    wb.save_to_buffer()
}

/// Names the respondent's cells, so a reader finds them whatever moved around them.
fn define_respondent_names(wb: &mut Workbook, lang: Lang) -> Result<(), XlsxError> {
    let instructions_name = t("sheet_instructions", lang);
    for r in Respondent::ALL {
        let (row, col) = r.cell();
        wb.define_name(
            r.defined_name(),
            &format!("={}!{}", layout::quote_sheet(instructions_name), layout::abs_cell(row, col)),
        )?;
    }
    Ok(())
}

/// Document properties carry the workbook's identity too (also on the hidden lists sheet).
fn properties(tpl: &Template) -> DocProperties {
    let (catalog, lang) = (tpl.catalog, tpl.lang);
    DocProperties::new()
        .set_title(catalog.title.get(lang))
        .set_subject(catalog.title.get(lang))
        .set_author("digiaste")
        .set_custom_property("digiaste.format", layout::FORMAT)
        .set_custom_property("digiaste.catalog_id", catalog.id.as_str())
        .set_custom_property("digiaste.catalog_version", catalog.version.as_str())
        .set_custom_property("digiaste.catalog_hash", catalog.hash.as_str())
        .set_custom_property("digiaste.language", lang.code())
        .set_custom_property("digiaste.tool_version", TOOL_VERSION)
        .set_custom_property(
            "digiaste.municipality_code",
            tpl.municipality.map(|m| m.code.as_str()).unwrap_or(""),
        )
}

/// Protects a sheet so only the answer cells can be edited; resizing stays allowed so a
/// respondent can make long texts readable.
fn protect(ws: &mut Worksheet) {
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    };
    ws.protect_with_options(&options);
}
