//! digiaste — the municipal digital-maturity self-assessment, run through spreadsheets.

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

mod cmd;

/// Generates the assessment workbook from a catalog, validates and scores the workbooks
/// municipalities return, and writes the ministry's consolidated summary.
#[derive(Parser)]
#[command(name = "digiaste", about, long_about = None, after_help = cmd::help::TOP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Show or check a catalog of services.
    #[command(subcommand, after_help = cmd::help::CATALOG)]
    Catalog(cmd::catalog::Args),
    /// Write the assessment workbook: blank, or one per municipality.
    #[command(after_help = cmd::help::TEMPLATE)]
    Template(cmd::template::Args),
    /// Check returned workbooks: every answer, with its sheet and cell.
    #[command(after_help = cmd::help::VALIDATE)]
    Validate(cmd::validate::Args),
    /// The degrees of one returned workbook.
    #[command(after_help = cmd::help::SCORE)]
    Score(cmd::score::Args),
    /// Consolidate a round of returns into the ministry's summary workbook.
    #[command(after_help = cmd::help::AGGREGATE)]
    Aggregate(cmd::aggregate::Args),
    /// Carry returned answers into fresh personalised workbooks: to correct, or for next year.
    #[command(after_help = cmd::help::PREFILL)]
    Prefill(cmd::prefill::Args),
    /// Print shell completions (bash, zsh, fish, powershell, elvish) to standard output.
    #[command(after_help = cmd::help::COMPLETIONS)]
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Write each counted municipality's feedback workbook again from a summary.
    #[command(after_help = cmd::help::FEEDBACK)]
    Feedback(cmd::feedback::Args),
    /// Write each municipality's private link to the intake server (`serve`), or the ministry's.
    #[command(after_help = cmd::help::LINKS)]
    Links(cmd::links::Args),
    /// Serve the round's intake on the web: municipalities check and send, the ministry watches.
    #[command(after_help = cmd::help::SERVE)]
    Serve(cmd::serve::Args),
}

fn main() -> ExitCode {
    keep_heap_tops();
    // A reading worker (src/read/worker.rs): this same binary, run as a sandboxed child.
    if std::env::args_os().nth(1).is_some_and(|a| a == digiaste::read::WORKER_COMMAND) {
        return ExitCode::from(digiaste::read::serve_worker());
    }
    if let Ok(exe) = std::env::current_exe() {
        digiaste::read::use_worker(exe);
    }
    // The version names the built-in catalogs, which are read at run time: leaked once.
    let version: &'static str = Box::leak(cmd::help::version().into_boxed_str());
    let cli = Cli::command().version(version).get_matches();
    let cli = Cli::from_arg_matches(&cli).unwrap_or_else(|e| e.exit());
    let result = match cli.command {
        Command::Catalog(args) => cmd::catalog::run(args),
        Command::Template(args) => cmd::template::run(args),
        Command::Validate(args) => cmd::validate::run(args),
        Command::Score(args) => cmd::score::run(args),
        Command::Aggregate(args) => cmd::aggregate::run(args),
        Command::Prefill(args) => cmd::prefill::run(args),
        Command::Completions { shell } => completions(shell),
        Command::Feedback(args) => cmd::feedback::run(args),
        Command::Links(args) => cmd::links::run(args),
        Command::Serve(args) => cmd::serve::run(args),
    };
    match result {
        Ok(code) => code,
        // `digiaste … | head`: the reader has all it wanted; end quietly, as a success.
        Err(err) if err.is::<cmd::console::ClosedPipe>() => ExitCode::SUCCESS,
        Err(err) => {
            cmd::console::tell_error(&err);
            ExitCode::from(2)
        }
    }
}

/// glibc's malloc gives the free top of a heap back to the system, then asks for it again:
/// a return's cells are allocated and freed once per file, so every reading thread and every
/// worker paid system calls for each file (5,197 `mprotect` for 308 returns). Each heap now
/// keeps up to 16 MB free at its top: 293 calls, 2.5 % less processor time, and no more
/// memory at 3,000 returns (glibc then maps every large block on its own and gives it back
/// when it is freed). Called first, in the workers too (they run this `main`).
fn keep_heap_tops() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a parameter of the allocator; called before any thread.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, 16 << 20);
    }
}

/// `digiaste completions SHELL`: the completion script on standard output.
fn completions(shell: clap_complete::Shell) -> anyhow::Result<ExitCode> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "digiaste", &mut script);
    cmd::console::print(&String::from_utf8_lossy(&script))?;
    Ok(ExitCode::SUCCESS)
}
