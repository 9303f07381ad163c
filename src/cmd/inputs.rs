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
        bail!(
            "{}: no such catalog file, and no built-in catalog of that id (built in: {})",
            p.display(),
            ids.join(", ")
        );
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
/// spreadsheets, sorted by path. A folder reached twice (symbolic links) is searched once;
/// only regular files are taken. Office lock files (`~$x.xlsx`, `.~lock.x#`) and files
/// that are no spreadsheets are skipped, counted and named on standard error. Inputs that
/// hold no spreadsheet at all are a usage error naming what was skipped.
pub fn collect_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut walk = Walk::default();
    for input in inputs {
        if input.is_dir() {
            let mut found = Vec::new();
            walk.dir(input, &mut found)?;
            found.sort();
            walk.files.extend(found);
        } else if input.exists() {
            walk.files.push(input.clone());
        } else {
            bail!("{}: no such file or folder", input.display());
        }
    }
    walk.tell_skipped();
    if walk.files.is_empty() {
        let names = inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ");
        let others = walk.others.len();
        let files = if others == 1 { "file" } else { "files" };
        bail!("no spreadsheet found in {names} ({others} other {files} skipped)");
    }
    Ok(walk.files)
}

/// A walk of the input folders: folders seen (by device and inode), files found and
/// files skipped.
#[derive(Default)]
struct Walk {
    seen: std::collections::HashSet<(u64, u64)>,
    files: Vec<PathBuf>,
    locks: Vec<PathBuf>,
    others: Vec<PathBuf>,
}

impl Walk {
    fn dir(&mut self, dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
        let meta = std::fs::metadata(dir)
            .map_err(|e| anyhow::anyhow!("cannot read folder {}: {e}", dir.display()))?;
        if !self.seen.insert(identity(&meta)) {
            return Ok(());
        }
        let entries = std::fs::read_dir(dir)
            .map_err(|e| anyhow::anyhow!("cannot read folder {}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            // Symbolic links are followed; a broken one is skipped like any non-file.
            let Ok(meta) = std::fs::metadata(&path) else {
                self.others.push(path);
                continue;
            };
            if meta.is_dir() {
                self.dir(&path, out)?;
                continue;
            }
            let name = entry.file_name().to_string_lossy().to_string();
            if name.starts_with(".digiaste-") {
                continue;
            }
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
            if name.starts_with("~$") || name.starts_with(".~lock") {
                self.locks.push(path);
            } else if meta.is_file() && EXTENSIONS.contains(&ext.as_str()) {
                out.push(path);
            } else {
                self.others.push(path);
            }
        }
        Ok(())
    }

    /// One line on standard error for each kind of file skipped, naming a few of them.
    fn tell_skipped(&self) {
        let names = |paths: &[PathBuf]| {
            let mut sorted: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            sorted.sort();
            let more = sorted.len().saturating_sub(5);
            let mut list = sorted.into_iter().take(5).collect::<Vec<_>>().join(", ");
            if more > 0 {
                list.push_str(&format!(" and {more} more"));
            }
            list
        };
        if !self.locks.is_empty() {
            let what = if self.locks.len() == 1 { "lock file" } else { "lock files" };
            say(&format!("digiaste: skipped {} {what}: {}", self.locks.len(), names(&self.locks)));
        }
        if !self.others.is_empty() {
            let what = if self.others.len() == 1 {
                "file that is not a spreadsheet"
            } else {
                "files that are not spreadsheets"
            };
            say(&format!(
                "digiaste: skipped {} {what}: {}",
                self.others.len(),
                names(&self.others)
            ));
        }
    }
}

/// A file's identity: its device and inode.
fn identity(meta: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

/// Leaves out the files digiaste wrote itself (a summary found among the returns), each
/// with a note; a usage error when nothing else is left.
pub fn skip_own_outputs(returns: Vec<Return>, inputs: &[PathBuf]) -> Result<Vec<Return>> {
    let (own, rest): (Vec<Return>, Vec<Return>) =
        returns.into_iter().partition(Return::is_own_output);
    for r in &own {
        say(&format!(
            "digiaste: note: {} is a summary written by digiaste, not a return; skipped",
            r.path.display()
        ));
    }
    if rest.is_empty() {
        let names = inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ");
        bail!(
            "no return found in {names} ({} summary file(s) written by digiaste skipped)",
            own.len()
        );
    }
    Ok(rest)
}

/// Reads and checks every file on every core, each with the catalog of `catalogs` it
/// names (the first when it names none of them); the result is in the order of `files`,
/// each with the index of the catalog it named (`None`: read with the first). A progress
/// bar is shown when `progress` is on and standard error is a terminal.
pub fn read_all(
    files: &[PathBuf],
    catalogs: &[Catalog],
    progress: bool,
) -> Vec<(Option<usize>, Return)> {
    use rayon::prelude::*;
    let bar = if progress && std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(files.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
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
pub fn read_round(
    files: &[PathBuf],
    catalogs: Vec<Catalog>,
    progress: bool,
) -> (Catalog, Vec<Return>) {
    let read = read_all(files, &catalogs, progress);
    let mut votes = vec![0usize; catalogs.len()];
    read.iter().filter_map(|(named, _)| *named).for_each(|i| votes[i] += 1);
    let chosen = (0..catalogs.len()).max_by_key(|&i| (votes[i], std::cmp::Reverse(i))).unwrap_or(0);
    let others: Vec<PathBuf> = read
        .iter()
        .filter(|(n, _)| n.is_some_and(|i| i != chosen))
        .map(|(_, r)| r.path.clone())
        .collect();
    let mut returns: Vec<Return> = read.into_iter().map(|(_, r)| r).collect();
    let Some(catalog) = catalogs.into_iter().nth(chosen) else {
        return (Catalog::default_catalog(), returns);
    };
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

/// A line to standard error, control characters other than line breaks and tabs shown
/// escaped (a return's text may hold ESC or BEL). Nothing more can be said if writing
/// fails, so that is ignored rather than allowed to panic.
pub fn say(line: &str) {
    let shown: String = line
        .chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect();
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{shown}");
}
