//! What the commands share: the catalog to use, the input files found by walking folders,
//! reading them all in parallel (with a progress bar on a terminal), the output format and
//! writing to standard output.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use digiaste::catalog::Catalog;
use digiaste::check::{Return, ReturnChecker, catalog_named};
use digiaste::read::{self, EXTENSIONS};

/// The catalog given with `-c` (a built-in catalog's id, or a file), or the embedded
/// default.
pub fn load_catalog(arg: Option<&Path>) -> Result<Catalog> {
    let Some(p) = arg else { return Ok(Catalog::default_catalog()) };
    if !p.exists()
        && let Some(c) = p.to_str().and_then(Catalog::built_in_named)
    {
        return Ok(c);
    }
    if !p.exists() {
        let ids: Vec<String> = Catalog::built_in().iter().map(|c| c.id.clone()).collect();
        bail!("{}: no such catalog file, and no built-in catalog of that id (built in: {})", p.display(), ids.join(", "));
    }
    Ok(Catalog::load(p)?)
}

/// The catalogs returns are read with: the one given with `-c`, or every built-in one (a
/// return is read with the catalog it names).
pub fn load_catalogs(arg: Option<&Path>) -> Result<Vec<Catalog>> {
    match arg {
        Some(_) => Ok(vec![load_catalog(arg)?]),
        None => Ok(Catalog::built_in()),
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
        let files = if others == 1 { "file" } else { "files" };
        bail!("no spreadsheet found in {names} ({others} other {files} skipped)");
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

/// Reads and checks every file on every core, each with the catalog of `catalogs` it
/// names (the first when it names none of them); the result is in the order of `files`,
/// each with the index of the catalog it named (`None`: read with the first). A progress
/// bar is shown when `progress` is on and standard error is a terminal.
pub fn read_all(files: &[PathBuf], catalogs: &[Catalog], progress: bool) -> Vec<(Option<usize>, Return)> {
    use rayon::prelude::*;
    let bar = if progress && std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(files.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}").unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let checkers: Vec<ReturnChecker> = catalogs.iter().map(ReturnChecker::new).collect();
    let returns = files
        .par_iter()
        .map(|p| {
            let book = read::read_path(p);
            let named = book.as_ref().ok().and_then(catalog_named).and_then(|(id, version)| {
                let same = |c: &&Catalog| c.id == id;
                let exact = catalogs.iter().position(|c| c.id == id && c.version == version);
                exact.or_else(|| catalogs.iter().position(|c| same(&c)))
            });
            let r = checkers[named.unwrap_or(0)].check_book(p, book);
            bar.inc(1);
            (named, r)
        })
        .collect();
    bar.finish_and_clear();
    returns
}

/// Reads every file with one catalog: the one given, or the built-in catalog most of the
/// returns name; files made from another catalog are then read with it too, and so get
/// `catalog-mismatch`.
pub fn read_round(files: &[PathBuf], catalogs: Vec<Catalog>, progress: bool) -> (Catalog, Vec<Return>) {
    let read = read_all(files, &catalogs, progress);
    let mut votes = vec![0usize; catalogs.len()];
    read.iter().filter_map(|(named, _)| *named).for_each(|i| votes[i] += 1);
    let chosen = (0..catalogs.len()).max_by_key(|&i| (votes[i], std::cmp::Reverse(i))).unwrap_or(0);
    let others: Vec<PathBuf> = read.iter().filter(|(n, _)| n.is_some_and(|i| i != chosen)).map(|(_, r)| r.path.clone()).collect();
    let mut returns: Vec<Return> = read.into_iter().map(|(_, r)| r).collect();
    let Some(catalog) = catalogs.into_iter().nth(chosen) else { return (Catalog::default_catalog(), returns) };
    if !others.is_empty() {
        let checker = ReturnChecker::new(&catalog);
        for r in returns.iter_mut().filter(|r| others.contains(&r.path)) {
            *r = checker.check_path(&r.path.clone());
        }
    }
    (catalog, returns)
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
