//! `digiaste score`: the measures of one return, per service, per area and overall.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use digiaste::catalog::Lang;
use digiaste::check::Status;
use digiaste::measures;
use digiaste::report::ScoreReport;

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
    /// Language of names and messages [default: the workbook's language].
    #[arg(long, value_enum)]
    lang: Option<Lang>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let catalog = load_catalog(args.catalog.as_deref())?;
    if !args.file.exists() {
        anyhow::bail!("{}: no such file", args.file.display());
    }
    let ret = read_all(std::slice::from_ref(&args.file), &catalog, false).remove(0);
    let lang = args.lang.or(ret.language).unwrap_or(Lang::En);
    if ret.status == Status::Unreadable {
        for f in &ret.findings {
            say(&format!("{}: {} [{}]", args.file.display(), f.message(lang), f.code.as_str()));
        }
        return Ok(ExitCode::from(1));
    }
    let mut scores = measures::score_all(&catalog, &ret.answers, lang);
    digiaste::savings::apply(&catalog, ret.savings.as_ref(), &ret.answers, &mut scores);
    let report = ScoreReport::new(&catalog, &ret, scores);
    match args.format {
        Format::Json => print(&format!("{}\n", serde_json::to_string_pretty(&report)?))?,
        Format::Text => print(&report.to_text(lang))?,
    }
    if ret.status == Status::Invalid {
        say(&format!(
            "{}: the file is invalid ({} error(s)); the figures above use only the answers that could be read. Run `digiaste validate` for details.",
            args.file.display(),
            ret.errors().count()
        ));
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
