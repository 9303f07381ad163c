//! `digiaste score`: the measures of one return, per service, per area and overall.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use digiaste::check::Status;
use digiaste::lang::Lang;
use digiaste::report::ScoreReport;
use digiaste::texts::locale_lang;

use super::inputs::{Format, collect_inputs, load_catalogs, print, read_all, say};

#[derive(clap::Args)]
pub struct Args {
    /// The returned workbook.
    file: PathBuf,
    /// A built-in catalog's id, or a catalog file (TOML) [default: the built-in catalog the
    /// return names].
    #[arg(short, long, value_name = "CATALOG")]
    catalog: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Language of names and messages [default: from the locale: LC_ALL, LC_MESSAGES, LANG].
    #[arg(long, value_enum)]
    lang: Option<Lang>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let catalogs = load_catalogs(args.catalog.as_deref())?;
    if !args.file.exists() {
        anyhow::bail!("{}: no such file", args.file.display());
    }
    if args.file.is_dir() {
        // Says "no spreadsheet found" when there is none; else score takes one file.
        collect_inputs(std::slice::from_ref(&args.file))?;
        anyhow::bail!("{} is a folder; score takes one returned workbook", args.file.display());
    }
    let (named, ret) = read_all(std::slice::from_ref(&args.file), &catalogs, false).remove(0);
    let catalog = &catalogs[named.unwrap_or(0)];
    let lang = args.lang.unwrap_or_else(locale_lang);
    if ret.is_own_output() {
        anyhow::bail!("{} is a summary written by digiaste, not a return", args.file.display());
    }
    if ret.status != Status::Valid {
        // No table of figures from a file that cannot be trusted: its errors instead.
        say(&format!(
            "{}: the file is {}; nothing to score:",
            args.file.display(),
            ret.status.as_str()
        ));
        for f in ret.errors() {
            let place = [f.sheet.as_deref(), f.cell.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("!");
            let place = if place.is_empty() { String::new() } else { format!("{place}: ") };
            say(&format!("  {place}{} [{}]", f.message(lang), f.code.as_str()));
        }
        return Ok(ExitCode::from(1));
    }
    let scores = digiaste::round::scored(catalog, &ret, lang);
    let report = ScoreReport::new(catalog, &ret, scores);
    match args.format {
        Format::Json => print(&format!("{}\n", serde_json::to_string_pretty(&report)?))?,
        Format::Text => print(&report.to_text(lang, catalog))?,
    }
    Ok(ExitCode::SUCCESS)
}
