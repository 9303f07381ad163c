//! `digiaste feedback`: the feedback workbook of every counted municipality, made again
//! from a summary written by `aggregate`, without the returns.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use digiaste::data_sheet;
use digiaste::feedback::files;
use digiaste::lang::Lang;

use super::console::{count, tell};
use super::inputs::{load_catalog, load_round, refuse_inputs_as_outputs};

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
    /// The round file (TOML, docs/round.md): the round's name, deadline and contact are
    /// shown on the front sheet of every workbook.
    #[arg(long, value_name = "ROUND.toml")]
    round: Option<PathBuf>,
    /// Replace existing workbooks.
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let catalog = load_catalog(args.catalog.as_deref())?;
    let settings = load_round(args.round.as_deref())?;
    let data = data_sheet::read_data(&args.summary, &catalog)?;
    let plan = files::plan(&data, &args.out_dir, args.lang);
    files::check(&plan.planned, &args.out_dir, args.force)?;
    let outputs: Vec<&Path> = plan.planned.iter().map(|p| p.path.as_path()).collect();
    let mut inputs = vec![args.summary.clone()];
    inputs.extend(args.catalog.iter().filter(|p| p.is_file()).cloned());
    inputs.extend(args.round.iter().cloned());
    refuse_inputs_as_outputs(&outputs, &inputs)?;
    let to = (args.out_dir.as_path(), args.force);
    files::write_in_round(&catalog, &data, &plan.planned, to, settings.as_ref())?;
    let summary = args.summary.display().to_string();
    for code in &plan.unknown {
        tell("feedback_unknown_code", &[("file", &summary), ("code", code)]);
    }
    let written = count("count_feedback_workbooks", plan.planned.len());
    tell(
        "feedback_written",
        &[("dir", &args.out_dir.display().to_string()), ("workbooks", &written)],
    );
    Ok(if plan.unknown.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
