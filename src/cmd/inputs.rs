//! What the commands share: the catalog to use, the input files found by walking folders,
//! reading them all in parallel (with a progress bar on a terminal), the output format and
//! writing to standard output.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use digiaste::catalog::Catalog;
use digiaste::check::{Return, ReturnChecker};
use digiaste::read::EXTENSIONS;

/// The catalog given with `-c`, or the embedded default.
pub fn load_catalog(path: Option<&Path>) -> Result<Catalog> {
    match path {
        Some(p) => Ok(Catalog::load(p)?),
        None => Ok(Catalog::default_catalog()),
    }
}

/// How a command prints its result.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Files named on the command line as they are; folders searched (recursively) for
/// spreadsheets, sorted by path. Office lock files (`~$x.xlsx`, `.~lock.x#`) are skipped.
/// Inputs that hold no spreadsheet at all are a usage error naming what was skipped.
pub fn collect_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut others = 0;
    for input in inputs {
        if input.is_dir() {
            let mut found = Vec::new();
            walk(input, &mut found, &mut others)?;
            found.sort();
            files.extend(found);
        } else if input.exists() {
            files.push(input.clone());
        } else {
            bail!("{}: no such file or folder", input.display());
        }
    }
    if files.is_empty() {
        let names = inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ");
        bail!("no spreadsheet found in {names} ({others} other file(s) skipped)");
    }
    Ok(files)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, others: &mut usize) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| anyhow::anyhow!("cannot read folder {}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out, others)?;
            continue;
        }
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with("~$") || name.starts_with(".~lock") || name.starts_with(".digiaste-") {
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
        if EXTENSIONS.contains(&ext.as_str()) {
            out.push(path);
        } else {
            *others += 1;
        }
    }
    Ok(())
}

/// Leaves out the files digiaste wrote itself (a summary found among the returns), each
/// with a note; a usage error when nothing else is left.
pub fn skip_own_outputs(returns: Vec<Return>, inputs: &[PathBuf]) -> Result<Vec<Return>> {
    let (own, rest): (Vec<Return>, Vec<Return>) = returns.into_iter().partition(Return::is_own_output);
    for r in &own {
        say(&format!("digiaste: note: {} is a summary written by digiaste, not a return; skipped", r.path.display()));
    }
    if rest.is_empty() {
        let names = inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ");
        bail!("no return found in {names} ({} summary file(s) written by digiaste skipped)", own.len());
    }
    Ok(rest)
}

/// Reads and checks every file on every core; the result is in the order of `files`.
/// A progress bar is shown when `progress` is on and standard error is a terminal.
pub fn read_all(files: &[PathBuf], catalog: &Catalog, progress: bool) -> Vec<Return> {
    use rayon::prelude::*;
    let bar = if progress && std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(files.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}").unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let checker = ReturnChecker::new(catalog);
    let returns = files
        .par_iter()
        .map(|p| {
            let r = checker.check_path(p);
            bar.inc(1);
            r
        })
        .collect();
    bar.finish_and_clear();
    returns
}

/// Standard output was closed by its reader (`| head`): the command ends quietly.
#[derive(Debug, thiserror::Error)]
#[error("standard output closed")]
pub struct ClosedPipe;

/// Writes `text` to standard output. A closed pipe becomes [`ClosedPipe`], any other
/// failure (a full disk) an error that names standard output.
pub fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(ClosedPipe.into()),
        Err(e) => Err(anyhow::anyhow!("cannot write to standard output: {e}")),
    }
}

/// A line to standard error. Nothing more can be said if that fails, so it is ignored
/// rather than allowed to panic.
pub fn say(line: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{line}");
}
