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
/// spreadsheets, sorted by path. A folder reached twice (symbolic links) is searched once;
/// only regular files are taken. Office lock files (`~$x.xlsx`, `.~lock.x#`) and files
/// that are no spreadsheets are skipped, counted and named on standard error.
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
        let meta = std::fs::metadata(dir).map_err(|e| anyhow::anyhow!("cannot read folder {}: {e}", dir.display()))?;
        if !self.seen.insert(identity(&meta)) {
            return Ok(());
        }
        let entries = std::fs::read_dir(dir).map_err(|e| anyhow::anyhow!("cannot read folder {}: {e}", dir.display()))?;
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
            say(&format!("digiaste: skipped {} lock file(s): {}", self.locks.len(), names(&self.locks)));
        }
        if !self.others.is_empty() {
            say(&format!("digiaste: skipped {} file(s) that are not spreadsheets: {}", self.others.len(), names(&self.others)));
        }
    }
}

/// A file's identity: its device and inode.
fn identity(meta: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
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

/// A line to standard error, control characters other than line breaks and tabs shown
/// escaped (a return's text may hold ESC or BEL). Nothing more can be said if writing
/// fails, so that is ignored rather than allowed to panic.
pub fn say(line: &str) {
    let shown: String = line
        .chars()
        .map(|c| if c.is_control() && c != '\n' && c != '\t' { c.escape_default().to_string() } else { c.to_string() })
        .collect();
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{shown}");
}
