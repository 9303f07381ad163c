//! `digiaste template`: the assessment workbook, blank or one per municipality.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use digiaste::catalog::Catalog;
use digiaste::lang::Lang;
use digiaste::output::{self, OutputError};
use digiaste::register::{Municipality, Register};
use digiaste::settings::RoundSettings;
use digiaste::workbook::writer;

use super::console::{self, counted_text, failure, print};
use super::inputs::{load_catalog, load_round};

#[derive(clap::Args)]
pub struct Args {
    /// A built-in catalog's id (`digiaste catalog list`), or a catalog file (TOML); the
    /// embedded default catalog when omitted.
    #[arg(short, long, value_name = "CATALOG")]
    catalog: Option<PathBuf>,
    /// Language of the workbook [default: Finnish for the blank workbook; for personalised
    /// ones the municipality's own language: Swedish for the Swedish and the bilingual
    /// Swedish-majority municipalities, Finnish otherwise]; also of the messages [default:
    /// from the locale, else the system's].
    #[arg(long, value_enum)]
    lang: Option<Lang>,
    /// Output file for the blank workbook [default: <catalog>-<version>-<lang>.xlsx].
    #[arg(short, long, value_name = "FILE", conflicts_with_all = ["municipality", "all_municipalities"])]
    output: Option<PathBuf>,
    /// Write a workbook personalised for this municipality code (repeatable).
    #[arg(long = "municipality", value_name = "CODE", requires = "out_dir")]
    municipality: Vec<String>,
    /// Write one personalised workbook for every municipality of the register.
    #[arg(long, requires = "out_dir", conflicts_with = "municipality")]
    all_municipalities: bool,
    /// Folder for the personalised workbooks (created if missing).
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// The round file (TOML, docs/round.md): its name, deadline, return address and contact
    /// are shown on the instructions sheet.
    #[arg(long, value_name = "ROUND.toml")]
    round: Option<PathBuf>,
    /// Replace existing files.
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    console::use_lang(args.lang);
    let catalog = load_catalog(args.catalog.as_deref())?;
    if let Some(lang) = args.lang
        && !catalog.languages.contains(&lang)
    {
        return Err(failure(
            "console_catalog_lacks_lang",
            &[("id", &catalog.id), ("lang", lang.code())],
        ));
    }
    let round = load_round(args.round.as_deref())?;
    let register = Register::embedded();

    let Some(out_dir) = args.out_dir.as_deref() else {
        let lang = args.lang.unwrap_or(Lang::Fi);
        let path = args.output.clone().unwrap_or_else(|| {
            PathBuf::from(format!("{}-{}-{}.xlsx", catalog.id, catalog.version, lang))
        });
        output::check_writable(&path, args.force)?;
        let bytes =
            writer::build_in_round(&catalog, lang, None, None, round.as_ref()).map_err(|e| {
                OutputError::Build { what: path.display().to_string(), detail: e.to_string() }
            })?;
        output::write_atomic(&path, &bytes, args.force)?;
        print(&format!("{}\n", path.display()))?;
        return Ok(ExitCode::SUCCESS);
    };

    let municipalities: Vec<&Municipality> = if args.all_municipalities {
        register.municipalities.iter().collect()
    } else if args.municipality.is_empty() {
        return Err(failure("template_out_dir_needs", &[]));
    } else {
        let mut list = Vec::new();
        let mut unknown = Vec::new();
        for code in &args.municipality {
            match register.get(code) {
                Some(m) if !list.contains(&m) => list.push(m),
                Some(_) => {}
                None => unknown.push(code.as_str()),
            }
        }
        if !unknown.is_empty() {
            return Err(failure("template_unknown_codes", &[("codes", &unknown.join(", "))]));
        }
        list
    };

    let to = Personalised { lang: args.lang, round: round.as_ref(), force: args.force };
    write_personalised(&catalog, &to, &municipalities, out_dir)?;
    Ok(ExitCode::SUCCESS)
}

/// The language of a municipality's workbook: `--lang`, else the municipality's own
/// language when the catalog has it, else the catalog's first language.
pub fn workbook_lang(catalog: &Catalog, m: &Municipality, asked: Option<Lang>) -> Lang {
    asked.unwrap_or_else(|| {
        let own = m.own_lang();
        if catalog.languages.contains(&own) {
            own
        } else {
            catalog.languages.first().copied().unwrap_or(Lang::Fi)
        }
    })
}

/// How the personalised workbooks are written: `--lang`, `--round`, `--force`.
struct Personalised<'a> {
    lang: Option<Lang>,
    round: Option<&'a RoundSettings>,
    force: bool,
}

fn write_personalised(
    catalog: &Catalog,
    to: &Personalised,
    municipalities: &[&Municipality],
    out_dir: &Path,
) -> Result<()> {
    let (lang, force) = (to.lang, to.force);
    output::create_dir(out_dir)?;
    let langs: Vec<Lang> = municipalities.iter().map(|m| workbook_lang(catalog, m, lang)).collect();
    let paths: Vec<PathBuf> =
        municipalities.iter().zip(&langs).map(|(m, &l)| out_dir.join(m.file_name(l))).collect();
    // Refuse before writing anything, so a run never half-replaces a folder.
    output::refuse_existing(paths.iter().map(PathBuf::as_path), force)?;
    // Workbooks are independent: build and write them on every core.
    use rayon::prelude::*;
    let personaliser = writer::Personaliser::new(catalog, to.round, &langs)
        .map_err(|e| OutputError::Build { what: "template".into(), detail: e.to_string() })?;
    municipalities.par_iter().zip(&paths).zip(&langs).try_for_each(|((m, path), &lang)| {
        let bytes = personaliser
            .build(lang, m)
            .map_err(|e| OutputError::Build { what: m.code.clone(), detail: e.to_string() })?;
        output::write_atomic(path, &bytes, force)
    })?;

    let dir = out_dir.display().to_string();
    print(&format!("{}\n", counted_text("count_template_written", paths.len(), &[("dir", &dir)])))?;
    Ok(())
}
