//! The personalised workbooks of a round (`template --all-municipalities`): they differ
//! only in the municipality's name and code, so each language's workbook is built once with
//! placeholders in their place and every municipality's is a copy with its own values
//! (`xlsx::patch`), about a tenth of the cost of a build. A name the copy cannot carry as a
//! build would write it is built whole.

use rust_xlsxwriter::XlsxError;

use super::{Shared, build_shared};
use crate::catalog::Catalog;
use crate::lang::Lang;
use crate::register::Municipality;
use crate::settings::RoundSettings;
use crate::xlsx::patch::{Base, PatchError};

/// Texts no register holds, where the name and the code go in the base workbooks.
const NAME: &str = "\u{E000}digiaste-municipality-name\u{E000}";
const CODE: &str = "\u{E000}digiaste-municipality-code\u{E000}";

/// Why a personalised workbook could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PersonaliseError {
    /// Building a workbook failed.
    #[error(transparent)]
    Build(#[from] XlsxError),
    /// Copying the base workbook failed.
    #[error(transparent)]
    Patch(#[from] PatchError),
}

/// Builds the personalised workbooks of one catalog and round.
pub struct Personaliser<'a> {
    catalog: &'a Catalog,
    round: Option<&'a RoundSettings>,
    shared: Shared,
    /// One base workbook per language asked for.
    bases: Vec<(Lang, Base)>,
}

impl<'a> Personaliser<'a> {
    /// Builds the base workbook of each language in `langs`.
    pub fn new(
        catalog: &'a Catalog,
        round: Option<&'a RoundSettings>,
        langs: &[Lang],
    ) -> Result<Self, PersonaliseError> {
        let shared = Shared::new(catalog);
        let placeholder = Municipality {
            code: CODE.to_string(),
            name_fi: NAME.to_string(),
            name_sv: NAME.to_string(),
            region: None,
            region_code: None,
            population: None,
            language_status: 0,
        };
        let mut bases: Vec<(Lang, Base)> = Vec::new();
        for &lang in langs {
            if bases.iter().any(|(l, _)| *l == lang) {
                continue;
            }
            let bytes = build_shared(catalog, (lang, Some(&placeholder)), None, round, &shared)?;
            bases.push((lang, Base::new(bytes, &[NAME, CODE])?));
        }
        Ok(Personaliser { catalog, round, shared, bases })
    }

    /// `municipality`'s workbook in `lang`: a copy of the base with its name and code, or a
    /// build of its own when the language has no base or the copy cannot carry a value.
    pub fn build(
        &self,
        lang: Lang,
        municipality: &Municipality,
    ) -> Result<Vec<u8>, PersonaliseError> {
        if let Some((_, base)) = self.bases.iter().find(|(l, _)| *l == lang) {
            match base.with(&[municipality.name(lang), &municipality.code]) {
                Err(PatchError::Unsafe(_)) => {}
                copied => return Ok(copied?),
            }
        }
        let of = (lang, Some(municipality));
        Ok(build_shared(self.catalog, of, None, self.round, &self.shared)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::Register;
    use crate::xlsx::patch::parts;

    /// Every part of a copy is the part a build for the municipality writes (but the
    /// creation time), in each language, for names with letters beyond ASCII, hyphens and
    /// spaces, Swedish-speaking and bilingual municipalities, and a name with `&`.
    #[test]
    fn a_copy_is_the_workbook_a_build_writes() {
        let catalog = Catalog::default_catalog();
        let register = Register::embedded();
        let mut sample: Vec<Municipality> = ["091", "092", "508", "499", "035", "478", "284"]
            .iter()
            .filter_map(|c| register.municipalities.iter().find(|m| m.code == *c).cloned())
            .collect();
        let mut odd = sample[0].clone();
        odd.name_fi = "Ää & <Öö> \"Åå\" 'x'".to_string();
        sample.push(odd);
        let langs = [Lang::Fi, Lang::Sv, Lang::En];
        let p = Personaliser::new(&catalog, None, &langs).unwrap();
        for m in &sample {
            for lang in langs {
                let copy = parts(&p.build(lang, m).unwrap());
                let direct = build_shared(&catalog, (lang, Some(m)), None, None, &p.shared);
                let direct = parts(&direct.unwrap());
                let names =
                    |v: &[(String, Vec<u8>)]| v.iter().map(|p| p.0.clone()).collect::<Vec<_>>();
                assert_eq!(names(&copy), names(&direct));
                for ((name, c), (_, d)) in copy.iter().zip(&direct) {
                    if name != "docProps/core.xml" {
                        assert!(c == d, "{} {lang:?}: {name} differs", m.code);
                    }
                }
            }
        }
    }

    /// A value the copy cannot carry gets a workbook built whole.
    #[test]
    fn a_name_the_copy_cannot_carry_is_built() {
        let catalog = Catalog::default_catalog();
        let mut m = Register::embedded().municipalities[0].clone();
        m.name_fi = " leading space".to_string();
        let p = Personaliser::new(&catalog, None, &[Lang::Fi]).unwrap();
        let built = parts(&p.build(Lang::Fi, &m).unwrap());
        let strings = &built.iter().find(|(n, _)| n == "xl/sharedStrings.xml").unwrap().1;
        let strings = String::from_utf8_lossy(strings);
        assert!(strings.contains("> leading space<"), "{strings}");
        assert!(!strings.contains('\u{E000}'));
    }
}
