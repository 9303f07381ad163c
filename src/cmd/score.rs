//! `digiaste score`: the measures of one return, per service, per area and overall.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use digiaste::catalog::Catalog;
use digiaste::check::findings::Severity;
use digiaste::check::{Catalogs, Status};
use digiaste::lang::Lang;
use digiaste::report::ScoreReport;
use digiaste::texts::{escaped, t};

use super::console::{self, failure, print, say, tell};
use super::inputs::{Format, collect_inputs, load_catalogs, read_all};

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
    let lang = console::use_lang(args.lang);
    let catalogs: Vec<Catalog> = load_catalogs(args.catalog.as_deref())?;
    let file = args.file.display().to_string();
    if !args.file.exists() {
        return Err(failure("console_no_such_input", &[("path", &file)]));
    }
    if args.file.is_dir() {
        // Says "no spreadsheet found" when there is none; else score takes one file.
        collect_inputs(std::slice::from_ref(&args.file))?;
        return Err(failure("score_folder", &[("file", &file)]));
    }
    let checked =
        read_all(std::slice::from_ref(&args.file), &Catalogs::new(&catalogs), false).remove(0);
    let catalog = &catalogs[checked.catalog()];
    let ret = checked.ret;
    if ret.is_own_output() {
        return Err(failure("score_own_output", &[("file", &file)]));
    }
    if ret.status != Status::Valid {
        // No table of figures from a file that cannot be trusted: its errors instead.
        let status = t(
            if ret.status == Status::Unreadable {
                "report_status_unreadable"
            } else {
                "report_status_invalid"
            },
            lang,
        );
        tell("score_not_valid", &[("file", &file), ("status", status)]);
        for f in ret.errors() {
            let place = [f.sheet.as_deref(), f.cell.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("!");
            let place = if place.is_empty() { String::new() } else { format!("{place}: ") };
            say(&format!(
                "  {}{} [{}]",
                escaped(&place),
                escaped(&f.message(lang)),
                f.code.as_str()
            ));
        }
        if let Some(line) = ret.left_out.line(Severity::Error, lang) {
            say(&format!("  {line}"));
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
