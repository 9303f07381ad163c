//! What the commands share: the catalog to use, the input files found by walking folders,
//! reading them all in parallel (with a progress bar on a terminal) by the library's rules,
//! and the output format.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::Result;

use digiaste::catalog::Catalog;
use digiaste::check::{Catalogs, Checked, Return};
use digiaste::read::EXTENSIONS;
use digiaste::settings::RoundSettings;

use super::console::{count, counted_text, failure, tell};

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
        let ids: Vec<String> = Catalog::built_in_parsed().iter().map(|c| c.id.clone()).collect();
        return Err(failure(
            "console_no_catalog",
            &[("file", &p.display().to_string()), ("ids", &ids.join(", "))],
        ));
    }
    Ok(Catalog::load(p)?)
}

/// The round file given with `--round` (docs/round.md), read and checked before any work;
/// `None` without one.
pub fn load_round(arg: Option<&Path>) -> Result<Option<RoundSettings>> {
    Ok(arg.map(RoundSettings::load).transpose()?)
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

/// The spreadsheets found in the inputs, and the folders that could not be read.
pub struct Found {
    /// The spreadsheets, each folder's sorted by path.
    pub files: Vec<PathBuf>,
    /// Folders (or entries) that could not be read: named on standard error, and the
    /// command ends with exit code 1 — a return may be in them.
    pub unreadable: Vec<PathBuf>,
}

impl Found {
    /// Whether every folder was read.
    pub fn complete(&self) -> bool {
        self.unreadable.is_empty()
    }
}

/// Files named on the command line as they are; folders searched (recursively) for
/// spreadsheets, sorted by path. A folder or file reached twice (symbolic or hard links)
/// is taken once; only regular files are taken. A symbolic link is followed only when it leads inside one
/// of the folders given (compared as canonical paths); one leading outside them, or
/// nowhere, is skipped and named. A folder that cannot be read is skipped and named, and
/// the walk goes on. Office lock files (`~$x.xlsx`, `.~lock.x#`) and files that are no
/// spreadsheets are skipped, counted and named on standard error. Inputs that hold no
/// spreadsheet at all are a usage error naming what was skipped.
pub fn collect_inputs(inputs: &[PathBuf]) -> Result<Found> {
    let mut walk = Walk {
        roots: inputs.iter().filter(|p| p.is_dir()).filter_map(|p| p.canonicalize().ok()).collect(),
        ..Walk::default()
    };
    for input in inputs {
        if input.is_dir() {
            let mut found = Vec::new();
            walk.dir(input, &mut found);
            found.sort();
            walk.files.extend(found);
        } else if input.file_name().is_some_and(|n| is_lock_file(&n.to_string_lossy())) {
            // Named on the command line or found in a folder, a lock file is called one.
            walk.locks.push(input.clone());
        } else if input.exists() {
            walk.files.push(input.clone());
        } else {
            return Err(failure(
                "console_no_such_input",
                &[("path", &input.display().to_string())],
            ));
        }
    }
    // A file reached twice (a link to it inside the folders, a hard link) is read once,
    // under the first of its paths.
    let mut files_seen = std::collections::HashSet::new();
    walk.files.retain(|f| std::fs::metadata(f).map_or(true, |m| files_seen.insert(identity(&m))));
    walk.tell_skipped();
    if walk.files.is_empty() {
        let names = inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ");
        let skipped =
            walk.locks.len() + walk.others.len() + walk.links.len() + walk.unreadable.len();
        let message = counted_text("console_no_spreadsheet", skipped, &[("names", &names)]);
        return Err(anyhow::anyhow!(message));
    }
    Ok(Found { files: walk.files, unreadable: walk.unreadable })
}

/// A walk of the input folders: their canonical paths, folders seen (by device and inode),
/// files found and entries skipped.
#[derive(Default)]
struct Walk {
    roots: Vec<PathBuf>,
    seen: std::collections::HashSet<(u64, u64)>,
    files: Vec<PathBuf>,
    locks: Vec<PathBuf>,
    others: Vec<PathBuf>,
    links: Vec<PathBuf>,
    unreadable: Vec<PathBuf>,
}

impl Walk {
    fn dir(&mut self, dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(meta) = std::fs::metadata(dir) else {
            self.unreadable.push(dir.to_path_buf());
            return;
        };
        if !self.seen.insert(identity(&meta)) {
            return;
        }
        let Ok(entries) = std::fs::read_dir(dir) else {
            self.unreadable.push(dir.to_path_buf());
            return;
        };
        for entry in entries {
            let Ok(entry) = entry else {
                self.unreadable.push(dir.to_path_buf());
                break;
            };
            self.entry(&entry, out);
        }
    }

    /// One entry of a folder: a folder walked, a spreadsheet taken, anything else counted.
    fn entry(&mut self, entry: &std::fs::DirEntry, out: &mut Vec<PathBuf>) {
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_symlink()) && !self.inside(&path) {
            self.links.push(path);
            return;
        }
        let meta = match std::fs::metadata(&path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return self.others.push(path),
            Err(_) => return self.unreadable.push(path),
        };
        if meta.is_dir() {
            return self.dir(&path, out);
        }
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with(".digiaste-") {
            return;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
        if is_lock_file(&name) {
            self.locks.push(path);
        } else if meta.is_file() && EXTENSIONS.contains(&ext.as_str()) {
            out.push(path);
        } else {
            self.others.push(path);
        }
    }

    /// Whether a symbolic link leads inside one of the folders given.
    fn inside(&self, link: &Path) -> bool {
        link.canonicalize().is_ok_and(|to| self.roots.iter().any(|r| to.starts_with(r)))
    }

    /// One line on standard error for each kind of entry skipped, naming a few of them.
    fn tell_skipped(&self) {
        let names = |paths: &[PathBuf]| {
            let mut sorted: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            sorted.sort();
            let more = sorted.len().saturating_sub(5);
            let mut list = sorted.into_iter().take(5).collect::<Vec<_>>().join(", ");
            if more > 0 {
                list.push_str(&counted_text("console_and_more", more, &[]));
            }
            list
        };
        let kinds = [
            ("count_lock_files", &self.locks),
            ("count_not_spreadsheets", &self.others),
            ("count_links_outside", &self.links),
            ("count_unreadable_folders", &self.unreadable),
        ];
        for (key, paths) in kinds {
            if !paths.is_empty() {
                let what = count(key, paths.len());
                tell("console_skipped", &[("what", &what), ("names", &names(paths))]);
            }
        }
    }
}

/// Whether a file name is an Office lock file: Excel's `~$x.xlsx` (beside a workbook open in
/// Excel) or LibreOffice's `.~lock.x.xlsx#`. Never a return, whatever its extension.
fn is_lock_file(name: &str) -> bool {
    name.starts_with("~$") || name.starts_with(".~lock")
}

/// A file's identity: its device and inode.
fn identity(meta: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

/// Refuses, before anything is written, when an output is one of the inputs or two outputs
/// are the same file (`output::check_distinct`), even with `--force`: no command replaces
/// what it reads — a return, an earlier summary, a list of codes, a catalog — with what it
/// writes. `aggregate`, `prefill` and `feedback` call it once every output is known.
pub fn refuse_inputs_as_outputs(outputs: &[&Path], inputs: &[PathBuf]) -> Result<()> {
    Ok(digiaste::output::check_distinct(outputs, inputs)?)
}

/// Leaves out the files digiaste wrote itself (a summary found among the returns), each
/// with a note; a usage error when nothing else is left.
pub fn skip_own_outputs(returns: Vec<Return>, inputs: &[PathBuf]) -> Result<Vec<Return>> {
    skip_own_outputs_of(returns, |r| r, inputs)
}

/// [`skip_own_outputs`] of items that each hold a return (`ret` finds it).
pub fn skip_own_outputs_of<T>(
    items: Vec<T>,
    ret: impl Fn(&T) -> &Return,
    inputs: &[PathBuf],
) -> Result<Vec<T>> {
    let (own, rest): (Vec<T>, Vec<T>) = items.into_iter().partition(|i| ret(i).is_own_output());
    for r in own.iter().map(&ret) {
        tell("console_own_output_skipped", &[("file", &r.path.display().to_string())]);
    }
    if rest.is_empty() {
        let names = inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ");
        let message = counted_text("console_no_return", own.len(), &[("names", &names)]);
        return Err(anyhow::anyhow!(message));
    }
    Ok(rest)
}

/// A progress bar on standard error when `progress` is on and it is a terminal.
fn progress_bar(len: usize, progress: bool) -> indicatif::ProgressBar {
    let bar = if progress && std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(len as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

/// Reads and checks every file on every core, each with the catalog it names (the
/// library's rule, `check::Catalogs`), in the order of `files`.
pub fn read_all(files: &[PathBuf], catalogs: &Catalogs, progress: bool) -> Vec<Checked> {
    let bar = progress_bar(files.len(), progress);
    let checked = catalogs.check_all(files, &|| bar.inc(1));
    bar.finish_and_clear();
    checked
}

/// Reads a round's files with one catalog (`round::read_round`); returns the round's
/// catalog and the returns in the order of `files`.
pub fn read_round(
    files: &[PathBuf],
    catalogs: Vec<Catalog>,
    progress: bool,
) -> (Catalog, Vec<Return>) {
    let bar = progress_bar(files.len(), progress);
    let (chosen, returns) =
        digiaste::round::read_round(files, &Catalogs::new(&catalogs), &|| bar.inc(1));
    bar.finish_and_clear();
    (catalogs.into_iter().nth(chosen).expect("the chosen catalog is one of them"), returns)
}
