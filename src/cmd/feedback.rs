//! `digiaste feedback`: the feedback workbook of every counted municipality, made again
//! from a summary written by `aggregate`, without the returns.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use digiaste::data_sheet;
use digiaste::feedback::files;
use digiaste::lang::Lang;
use digiaste::output;

use super::console::{self, tell, tell_counted};
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
    /// Language of the messages [default: from the locale: LC_ALL, LC_MESSAGES, LANG, else
    /// the system's — fi… Finnish, sv… Swedish, else English].
    #[arg(long, value_enum)]
    lang: Option<Lang>,
    /// Language of every workbook [default: each municipality's own, from the register:
    /// Swedish for Mariehamn, Korsholm…, Finnish for Helsinki…].
    #[arg(long, value_enum, value_name = "LANG")]
    feedback_lang: Option<Lang>,
    /// The round file (TOML, docs/round.md): the round's name, deadline and contact are
    /// shown on the front sheet of every workbook.
    #[arg(long, value_name = "ROUND.toml")]
    round: Option<PathBuf>,
    /// Replace existing workbooks.
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    console::use_lang(args.lang);
    let catalog = load_catalog(args.catalog.as_deref())?;
    let settings = load_round(args.round.as_deref())?;
    let data = data_sheet::read_data(&args.summary, &catalog)?;
    let plan = files::plan(&data, &args.out_dir, args.feedback_lang);
    files::check(&plan.planned, &args.out_dir, args.force)?;
    let outputs: Vec<&Path> = plan.planned.iter().map(|p| p.path.as_path()).collect();
    let mut inputs = vec![args.summary.clone()];
    inputs.extend(args.catalog.iter().filter(|p| p.is_file()).cloned());
    inputs.extend(args.round.iter().cloned());
    refuse_inputs_as_outputs(&outputs, &inputs)?;
    let to = (args.out_dir.as_path(), args.force);
    output::commit(files::stage(&catalog, &data, &plan.planned, to, settings.as_ref())?)?;
    let summary = args.summary.display().to_string();
    for code in &plan.unknown {
        tell("feedback_unknown_code", &[("file", &summary), ("code", code)]);
    }
    let dir = args.out_dir.display().to_string();
    tell_counted("count_feedback_written", plan.planned.len(), &[("dir", &dir)]);
    Ok(if plan.unknown.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
