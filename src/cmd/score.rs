//! `digiaste score`: the measures of one return, per service, per area and overall.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use digiaste::catalog::Lang;
use digiaste::check::Status;
use digiaste::measures;
use digiaste::report::ScoreReport;

use digiaste::texts::{counted, locale_lang, tf};

use super::inputs::{Format, load_catalog, print, read_all, say};

#[derive(clap::Args)]
pub struct Args {
    /// The returned workbook.
    file: PathBuf,
    /// Catalog file (TOML); the embedded default catalog when omitted.
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
    let catalog = load_catalog(args.catalog.as_deref())?;
    if !args.file.exists() {
        anyhow::bail!("{}: no such file", args.file.display());
    }
    let ret = read_all(std::slice::from_ref(&args.file), &catalog, false).remove(0);
    let lang = args.lang.unwrap_or_else(locale_lang);
    if ret.status == Status::Unreadable {
        for f in &ret.findings {
            say(&format!("{}: {} [{}]", args.file.display(), f.message(lang), f.code.as_str()));
        }
        return Ok(ExitCode::from(1));
    }
    let scores = measures::score_all(&catalog, &ret.answers, lang);
    let report = ScoreReport::new(&catalog, &ret, scores);
    match args.format {
        Format::Json => print(&format!("{}\n", serde_json::to_string_pretty(&report)?))?,
        Format::Text => print(&report.to_text(lang, &catalog))?,
    }
    if ret.status == Status::Invalid {
        let errors = counted("count_errors", ret.errors().count(), lang);
        say(&tf("score_invalid", lang, &[("file", &args.file.display().to_string()), ("errors", &errors)]));
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
