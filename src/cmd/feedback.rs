//! `digiaste feedback`: the feedback workbook of every counted municipality, made again
//! from a summary written by `aggregate`, without the returns.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use digiaste::data_sheet;
use digiaste::feedback::files;
use digiaste::lang::Lang;

use super::console::{count, tell};
use super::inputs::load_catalog;

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
    let data = data_sheet::read_data(&args.summary, &catalog)?;
    let planned = files::plan(&data, &args.out_dir, args.lang);
    files::check(&planned, &args.out_dir, args.force)?;
    files::write(&catalog, &data, &planned, &args.out_dir, args.force)?;
    let written = count("count_feedback_workbooks", planned.len());
    tell(
        "feedback_written",
        &[("dir", &args.out_dir.display().to_string()), ("workbooks", &written)],
    );
    Ok(ExitCode::SUCCESS)
}
