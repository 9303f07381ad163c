//! digiaste — the municipal digital-maturity self-assessment, run through spreadsheets.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cmd;

/// Generates the assessment workbook from a catalog, validates and scores the workbooks
/// municipalities return, and writes the ministry's consolidated summary.
#[derive(Parser)]
#[command(name = "digiaste", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Show or check a catalog of services.
    #[command(subcommand)]
    Catalog(cmd::catalog::Args),
    /// Write the assessment workbook: blank, or one per municipality.
    Template(cmd::template::Args),
    /// Check returned workbooks: every answer, with its sheet and cell.
    Validate(cmd::validate::Args),
    /// The degrees of one returned workbook.
    Score(cmd::score::Args),
    /// Consolidate a round of returns into the ministry's summary workbook.
    Aggregate(cmd::aggregate::Args),
}

fn main() -> ExitCode {
    // The isolated xls reader (src/read/worker.rs): this same binary, run as a child.
    if std::env::args_os().nth(1).is_some_and(|a| a == digiaste::read::WORKER_COMMAND) {
        return ExitCode::from(digiaste::read::serve_xls_worker());
    }
    if let Ok(exe) = std::env::current_exe() {
        digiaste::read::use_worker(exe);
    }
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Catalog(args) => cmd::catalog::run(args),
        Command::Template(args) => cmd::template::run(args),
        Command::Validate(args) => cmd::validate::run(args),
        Command::Score(args) => cmd::score::run(args),
        Command::Aggregate(args) => cmd::aggregate::run(args),
    };
    match result {
        Ok(code) => code,
        // `digiaste … | head`: the reader has all it wanted; end quietly, as a success.
        Err(err) if err.is::<cmd::inputs::ClosedPipe>() => ExitCode::SUCCESS,
        Err(err) => {
            cmd::inputs::say(&format!("digiaste: error: {err:#}"));
            ExitCode::from(2)
        }
    }
}
