//! `digiaste feedback`: the feedback workbook of every counted municipality, made again
//! from a summary written by `aggregate`, without the returns.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use digiaste::lang::Lang;
use digiaste::round::feedback::{files, source};

use super::inputs::{load_catalog, say};

#[derive(clap::Args)]
pub struct Args {
    /// A summary workbook written by `digiaste aggregate`.
    #[arg(value_name = "SUMMARY.xlsx")]
    summary: PathBuf,
    /// The folder to write the workbooks to (one per counted municipality, named like its
    /// template: 091-helsinki.xlsx).
    #[arg(long, value_name = "DIR")]
    out_dir: PathBuf,
    /// The summary's catalog (TOML); the embedded default catalog when omitted.
    #[arg(short, long, value_name = "CATALOG")]
    catalog: Option<PathBuf>,
    /// Language of every workbook [default: each municipality's own].
    #[arg(long, value_enum)]
    lang: Option<Lang>,
    /// Replace existing workbooks.
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let catalog = load_catalog(args.catalog.as_deref())?;
    let round = source::read_summary(&args.summary, &catalog)?;
    let planned = files::plan(&round, &args.out_dir, args.lang);
    files::check(&planned, &args.out_dir, args.force)?;
    files::write(&catalog, &round, &planned, &args.out_dir, args.force)?;
    say(&format!("{}: {} feedback workbook(s) written", args.out_dir.display(), planned.len()));
    Ok(ExitCode::SUCCESS)
}
