//! `digiaste aggregate`: every return of a round into one summary workbook, with JSON and
//! CSV exports for analysts.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

use digiaste::catalog::Lang;
use digiaste::output;
use digiaste::report::AggregateReport;
use digiaste::round::{self, Round, export, summary};

use super::inputs::{collect_inputs, load_catalog, read_all, say};

#[derive(clap::Args)]
pub struct Args {
    /// Returned workbooks, or folders to search for .xlsx/.xlsm/.xls/.ods files.
    #[arg(required = true, value_name = "FILE|DIR")]
    inputs: Vec<PathBuf>,
    /// The summary workbook to write.
    #[arg(short, long, value_name = "SUMMARY.xlsx")]
    output: PathBuf,
    /// Catalog file (TOML); the embedded default catalog when omitted.
    #[arg(short, long, value_name = "CATALOG")]
    catalog: Option<PathBuf>,
    /// Language of the summary.
    #[arg(long, value_enum, default_value_t = Lang::Fi)]
    lang: Lang,
    /// An earlier summary written by digiaste, to show what changed since.
    #[arg(long, value_name = "EARLIER_SUMMARY.xlsx")]
    previous: Option<PathBuf>,
    /// The municipalities expected to answer (CSV, codes in the first column)
    /// [default: all 308 of the register].
    #[arg(long, value_name = "CODES.csv")]
    expected: Option<PathBuf>,
    /// Also write the results as JSON.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// Also write a tidy CSV: one row per municipality × service × field.
    #[arg(long, value_name = "FILE")]
    csv: Option<PathBuf>,
    /// Replace existing output files.
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    // Everything that can fail for usage reasons fails before any file is read.
    let catalog = load_catalog(args.catalog.as_deref())?;
    for path in [Some(&args.output), args.json.as_ref(), args.csv.as_ref()].into_iter().flatten() {
        output::check_writable(path, args.force)?;
    }
    let expected = args.expected.as_deref().map(round::read_expected).transpose()?;
    let previous = args.previous.as_deref().map(round::read_previous).transpose()?;
    let files = collect_inputs(&args.inputs)?;
    let outputs: Vec<&Path> = [Some(&args.output), args.json.as_ref(), args.csv.as_ref()].into_iter().flatten().map(|p| p.as_path()).collect();
    let mut inputs = files.clone();
    inputs.extend(args.previous.iter().chain(args.expected.iter()).cloned());
    output::check_distinct(&outputs, &inputs)?;
    let returns = read_all(&files, &catalog, true);

    let mut round = Round::new(&catalog, args.lang, returns, expected);
    if let Some(prev) = &previous
        && (prev.catalog_id != catalog.id || prev.catalog_version != catalog.version) {
            say(&format!(
                "digiaste: warning: the earlier summary {} used catalog {} {}, this round {} {}; changes are not fully comparable",
                prev.path.display(),
                prev.catalog_id,
                prev.catalog_version,
                catalog.id,
                catalog.version
            ));
        }
    round.previous = previous;

    let today = today();
    let bytes = summary::build(&round, &today).context("cannot build the summary workbook")?;
    output::write_atomic(&args.output, &bytes, args.force)?;
    if let Some(path) = &args.json {
        let json = serde_json::to_vec_pretty(&AggregateReport::new(&round))?;
        output::write_atomic(path, &json, args.force)?;
    }
    if let Some(path) = &args.csv {
        output::write_atomic(path, export::tidy_csv(&round).as_bytes(), args.force)?;
    }

    say(&format!(
        "{}: {} municipalities, {} file(s) rejected, {} superseded, {} missing",
        args.output.display(),
        round.kept.len(),
        round.rejected.len(),
        round.duplicates.iter().map(|d| d.superseded.len()).sum::<usize>(),
        round.missing.len()
    ));
    for &i in &round.rejected {
        let r = &round.returns[i];
        let first = r.errors().next().map(|f| f.message(Lang::En)).unwrap_or_default();
        say(&format!("  rejected {} ({}): {first}", r.path.display(), r.status.as_str()));
    }
    Ok(if round.rejected.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Today's date as YYYY-MM-DD (UTC).
fn today() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    digiaste::read::serial_to_date((secs / 86_400) as f64 + 25_569.0, false)
}
