//! Writing output files so nothing is lost (docs/exit-codes.md): a temporary file in the
//! target's folder, then a rename; the outputs of one run are renamed together once all are
//! written ([`stage`], [`commit`]); an existing file is replaced only with `--force`.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::lang::Lang;
use crate::texts::{Localized, tf, tn};

/// Why an output could not be written. `Display` is the English; [`Localized`] tells it in
/// any language. `path` is the file or folder as the user named it.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message(Lang::En))]
pub enum OutputError {
    /// The file exists and `--force` was not given.
    Exists {
        /// The file.
        path: String,
    },
    /// Several files exist (a few named, the rest counted) and `--force` was not given.
    ExistMany {
        /// The first few, comma-separated.
        shown: String,
        /// How many more.
        more: usize,
        /// How many exist in all.
        count: usize,
    },
    /// A symbolic link, a pipe, a device or anything else that is not a regular file stands
    /// where the file would go: never replaced, even with `--force`.
    NotRegular {
        /// The file.
        path: String,
    },
    /// A folder stands where the file would go.
    IsFolder {
        /// The file.
        path: String,
    },
    /// The folder of the file does not exist.
    NoFolder {
        /// The file.
        path: String,
        /// Its folder.
        dir: String,
    },
    /// The same file is given as two outputs.
    Twice {
        /// The file.
        path: String,
    },
    /// An output is one of the inputs.
    IsInput {
        /// The file.
        path: String,
    },
    /// The operating system refused: `detail` is its own words.
    Io {
        /// The file or folder.
        path: String,
        /// What the system said.
        detail: String,
    },
    /// A workbook could not be made (a limit of the xlsx format).
    Build {
        /// For whom or what, e.g. a municipality code.
        what: String,
        /// What the writer said.
        detail: String,
    },
}

impl Localized for OutputError {
    fn message(&self, lang: Lang) -> String {
        use OutputError::*;
        match self {
            Exists { path } => tf("err_output_exists", lang, &[("path", path)]),
            ExistMany { shown, more, count } => {
                let more =
                    if *more > 0 { tn("err_output_more", *more, lang, &[]) } else { String::new() };
                tn("err_output_exist_many", *count, lang, &[("shown", shown), ("more", &more)])
            }
            NotRegular { path } => tf("err_output_not_regular", lang, &[("path", path)]),
            IsFolder { path } => tf("err_output_is_folder", lang, &[("path", path)]),
            NoFolder { path, dir } => {
                tf("err_output_no_folder", lang, &[("path", path), ("dir", dir)])
            }
            Twice { path } => tf("err_output_twice", lang, &[("path", path)]),
            IsInput { path } => tf("err_output_is_input", lang, &[("path", path)]),
            Io { path, detail } => tf("err_output_io", lang, &[("path", path), ("detail", detail)]),
            Build { what, detail } => {
                tf("err_output_build", lang, &[("what", what), ("detail", detail)])
            }
        }
    }
}

impl OutputError {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        Localized::message(self, lang)
    }

    /// The system's refusal to write or create `path`.
    pub fn io(path: &Path, err: impl std::fmt::Display) -> OutputError {
        OutputError::Io { path: shown(path), detail: err.to_string() }
    }
}

type Result<T> = std::result::Result<T, OutputError>;

/// A path as an error names it, escaped: a file name may hold line breaks or controls.
fn shown(path: &Path) -> String {
    crate::texts::escaped(&path.display().to_string()).into_owned()
}

/// What stands at `path`, not following a symbolic link.
enum Existing {
    Nothing,
    File,
    Folder,
    Other,
}

fn existing(path: &Path) -> Existing {
    match std::fs::symlink_metadata(path) {
        Err(_) => Existing::Nothing,
        Ok(m) if m.file_type().is_file() => Existing::File,
        Ok(m) if m.file_type().is_dir() => Existing::Folder,
        Ok(_) => Existing::Other,
    }
}

/// Fails when a symbolic link (even a broken one), a pipe, a device or a socket stands at
/// `path`: `--force` replaces regular files only.
fn refuse_not_regular(path: &Path) -> Result<()> {
    match existing(path) {
        Existing::Other => Err(OutputError::NotRegular { path: shown(path) }),
        _ => Ok(()),
    }
}

/// Fails early, before any work, when `path` exists and `force` is off, or is anything but
/// a regular file.
pub fn check_writable(path: &Path, force: bool) -> Result<()> {
    match existing(path) {
        Existing::Folder => return Err(OutputError::IsFolder { path: shown(path) }),
        Existing::Other => return Err(OutputError::NotRegular { path: shown(path) }),
        Existing::File if !force => return Err(OutputError::Exists { path: shown(path) }),
        _ => {}
    }
    let dir = parent_dir(path);
    if !dir.is_dir() {
        return Err(OutputError::NoFolder { path: shown(path), dir: shown(&dir) });
    }
    Ok(())
}

/// Fails when two outputs are the same file, or an output is one of the inputs (even with
/// `--force`: a return or an earlier summary is never overwritten by a result).
pub fn check_distinct(outputs: &[&Path], inputs: &[PathBuf]) -> Result<()> {
    let inputs: Vec<PathBuf> = inputs.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let mut seen: Vec<PathBuf> = Vec::new();
    for out in outputs {
        let same = identity(out);
        if seen.contains(&same) {
            return Err(OutputError::Twice { path: shown(out) });
        }
        if inputs.contains(&same) {
            return Err(OutputError::IsInput { path: shown(out) });
        }
        seen.push(same);
    }
    Ok(())
}

/// Where `path` is or would be: its folder resolved, then its name (resolved if it exists).
fn identity(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let dir = parent_dir(path).canonicalize().unwrap_or_else(|_| parent_dir(path));
    dir.join(path.file_name().unwrap_or_default())
}

/// Refuses, naming them, when any of `paths` exists and `force` is off: a command that
/// writes many files checks them all before writing any, so a run never half-replaces a
/// folder.
pub fn refuse_existing<'a>(paths: impl IntoIterator<Item = &'a Path>, force: bool) -> Result<()> {
    let paths: Vec<&Path> = paths.into_iter().collect();
    for p in &paths {
        refuse_not_regular(p)?;
    }
    if force {
        return Ok(());
    }
    let existing: Vec<String> = paths
        .iter()
        .filter(|p| !matches!(existing(p), Existing::Nothing))
        .map(|p| shown(p))
        .collect();
    if !existing.is_empty() {
        let shown = existing.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
        let (more, count) = (existing.len().saturating_sub(3), existing.len());
        return Err(OutputError::ExistMany { shown, more, count });
    }
    Ok(())
}

/// Creates a folder for outputs (and its parents).
pub fn create_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| OutputError::io(dir, e))
}

/// Writes `bytes` to `path` atomically. Without `force` an existing file is never
/// replaced, even one that appeared while we were working; with it, only a regular file
/// is, never a symbolic link or anything else.
pub fn write_atomic(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    commit(vec![stage(path, bytes, force)?])
}

/// An output written whole into a temporary file in its target's folder, not yet in place:
/// [`commit`] puts it there. Dropped uncommitted (an error elsewhere), the temporary file is
/// removed; on an interruption (Ctrl-C, SIGTERM, SIGHUP) too.
pub struct Staged {
    tmp: tempfile::TempPath,
    path: PathBuf,
    force: bool,
    _cleanup: interrupt::Registered,
}

/// Writes `bytes` to a temporary file beside `path` (same folder, so the rename of
/// [`commit`] is atomic), synced to disk and closed: staging many outputs holds no file
/// open.
pub fn stage(path: &Path, bytes: &[u8], force: bool) -> Result<Staged> {
    let dir = parent_dir(path);
    // Created and registered for removal with an interruption held back, so that none can
    // come between the two and leave the file behind.
    let held = interrupt::Held::new();
    let mut tmp = tempfile::Builder::new()
        .prefix(".digiaste-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| OutputError::io(&dir, e))?;
    let cleanup = interrupt::Registered::new(tmp.path());
    drop(held);
    // Temporary files are private (0600); the output is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| OutputError::io(path, e))?;
    Ok(Staged { tmp: tmp.into_temp_path(), path: path.to_path_buf(), force, _cleanup: cleanup })
}

/// Puts every staged output in place together, once all of them are written: the outputs
/// of one run (a summary, its JSON and CSV, the feedback workbooks) are never left half
/// old, half new. Every target is checked first (a symbolic link or anything but a regular
/// file is never replaced; without `force` neither is an existing file, even one that
/// appeared while we were working), then all are renamed into place with an interruption
/// held back until the last rename is done.
pub fn commit(staged: Vec<Staged>) -> Result<()> {
    for s in &staged {
        refuse_not_regular(&s.path)?;
        if !s.force && !matches!(existing(&s.path), Existing::Nothing) {
            return Err(OutputError::Exists { path: shown(&s.path) });
        }
    }
    let _held = interrupt::Held::new();
    for s in staged {
        let Staged { tmp, path, force, _cleanup } = s;
        let renamed = if force { tmp.persist(&path) } else { tmp.persist_noclobber(&path) };
        renamed.map_err(|e| {
            if !force && path.exists() {
                OutputError::Exists { path: shown(&path) }
            } else {
                OutputError::io(&path, e.error)
            }
        })?;
    }
    Ok(())
}

/// Temporary files removed when the run is interrupted (Ctrl-C, SIGTERM, SIGHUP): their
/// paths are kept where a signal handler can read them without locks or allocation.
mod interrupt {
    use std::ffi::{CString, c_char, c_int};
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;
    use std::sync::atomic::{AtomicI32, AtomicPtr, AtomicUsize, Ordering};

    /// Temporary files registered at once: a round's outputs (the summary, its JSON and
    /// CSV, a feedback workbook for each of the 308 municipalities) with room to spare.
    const SLOTS: usize = 1024;
    static PATHS: [AtomicPtr<c_char>; SLOTS] =
        [const { AtomicPtr::new(std::ptr::null_mut()) }; SLOTS];

    /// A temporary file that the handler removes while this lives.
    pub struct Registered(Option<usize>);

    /// Installs the handler of SIGINT, SIGTERM and SIGHUP, once.
    fn install() {
        static INSTALL: std::sync::Once = std::sync::Once::new();
        INSTALL.call_once(|| {
            for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
                // SAFETY: the handler only loads and stores atomics, calls unlink and _exit,
                // all async-signal-safe.
                unsafe { libc::signal(sig, on_signal as *const () as libc::sighandler_t) };
            }
        });
    }

    impl Registered {
        pub fn new(path: &Path) -> Registered {
            install();
            // The path is leaked on purpose: the handler may read it at any moment.
            let Ok(c) = CString::new(path.as_os_str().as_bytes()) else { return Registered(None) };
            let ptr = c.into_raw();
            let slot = PATHS.iter().position(|p| {
                p.compare_exchange(std::ptr::null_mut(), ptr, Ordering::SeqCst, Ordering::SeqCst)
                    .is_ok()
            });
            Registered(slot)
        }
    }

    impl Drop for Registered {
        fn drop(&mut self) {
            if let Some(i) = self.0 {
                PATHS[i].store(std::ptr::null_mut(), Ordering::SeqCst);
            }
        }
    }

    /// How many threads are renaming outputs into place: a signal then waits for the end.
    static HOLDING: AtomicUsize = AtomicUsize::new(0);
    /// A signal that came while held (0: none).
    static PENDING: AtomicI32 = AtomicI32::new(0);

    /// Holds back the ending of the run by a signal while it lives: the signal is acted on
    /// when this is dropped, so a set of renames is never cut in the middle.
    pub struct Held;

    impl Held {
        pub fn new() -> Held {
            install();
            HOLDING.fetch_add(1, Ordering::SeqCst);
            Held
        }
    }

    impl Drop for Held {
        fn drop(&mut self) {
            // The last one to finish acts on a signal that came meanwhile.
            if HOLDING.fetch_sub(1, Ordering::SeqCst) == 1 {
                let sig = PENDING.swap(0, Ordering::SeqCst);
                if sig != 0 {
                    clean_up_and_exit(sig);
                }
            }
        }
    }

    extern "C" fn on_signal(sig: c_int) {
        if HOLDING.load(Ordering::SeqCst) > 0 {
            PENDING.store(sig, Ordering::SeqCst);
            return;
        }
        clean_up_and_exit(sig);
    }

    /// Removes every registered temporary file and ends the process as the signal would.
    fn clean_up_and_exit(sig: c_int) {
        for p in &PATHS {
            let path = p.load(Ordering::SeqCst);
            if !path.is_null() {
                // SAFETY: a NUL-terminated path that is never freed.
                unsafe { libc::unlink(path) };
            }
        }
        // SAFETY: ends the process at once, as the default action of these signals would.
        unsafe { libc::_exit(128 + sig) };
    }
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The longest file name most file systems take (ext4, APFS, NTFS), in bytes.
pub const MAX_NAME_BYTES: usize = 255;

/// The file name `name` + `ext` (`ext` such as ".txt"), shortened to fit
/// [`MAX_NAME_BYTES`] when it would not: the beginning of `name` cut at a character
/// boundary, `~` and eight hex digits of a hash of the whole name (so two long names that
/// differ only at their end stay two files), then `name`'s own extension (`.xlsx`, when it
/// has a short one) and `ext`. A name that fits is returned as it is.
pub fn fitted_name(name: &str, ext: &str) -> String {
    if name.len() + ext.len() <= MAX_NAME_BYTES {
        return format!("{name}{ext}");
    }
    let (stem, own_ext) = match name.rfind('.') {
        Some(i) if i > 0 && name.len() - i <= 10 => name.split_at(i),
        _ => (name, ""),
    };
    let hash = name
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    let tail = format!("~{:08x}{own_ext}{ext}", hash as u32);
    let room = MAX_NAME_BYTES.saturating_sub(tail.len());
    let mut end = room.min(stem.len());
    while !stem.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{tail}", &stem[..end])
}

/// A file name part that is safe on every file system: ASCII letters, digits and '-'.
/// Finnish and Swedish letters are folded (ä→a, ö→o, å→a), anything else becomes '-'.
pub fn safe_file_stem(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'ä' | 'å' | 'á' | 'à' | 'â' => 'a',
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' => 'o',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' | 'ú' => 'u',
            'š' => 's',
            'ž' => 'z',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    trimmed.chars().take(60).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_are_shortened_at_a_character_boundary_and_stay_distinct() {
        assert_eq!(fitted_name("091-helsinki.xlsx", ".txt"), "091-helsinki.xlsx.txt");
        let long = "ä".repeat(124) + ".xlsx";
        let other = "ä".repeat(123) + "ab.xlsx";
        let (a, b) = (fitted_name(&long, ".txt"), fitted_name(&other, ".txt"));
        for n in [&a, &b] {
            assert!(n.len() <= MAX_NAME_BYTES && n.len() >= MAX_NAME_BYTES - 1, "{}", n.len());
            assert!(n.starts_with(&"ä".repeat(100)) && n.ends_with(".xlsx.txt"), "{n}");
        }
        assert_ne!(a, b);
        let exact = "a".repeat(251);
        assert_eq!(fitted_name(&exact, ".txt").len(), 255, "fits as it is");
        assert_eq!(fitted_name(&("b".repeat(300)), ".txt").len(), 255, "no extension of its own");
    }

    #[test]
    fn staged_outputs_are_put_in_place_together_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.xlsx"), dir.path().join("b.json"));
        let staged = vec![stage(&a, b"new a", false).unwrap(), stage(&b, b"new b", false).unwrap()];
        assert!(!a.exists() && !b.exists(), "nothing is in place before the commit");
        // b appeared meanwhile, and --force was not given: neither is put in place.
        std::fs::write(&b, "someone else's").unwrap();
        let err = commit(staged).unwrap_err();
        assert!(matches!(err, OutputError::Exists { .. }), "{err}");
        assert!(!a.exists(), "a was not put in place alone");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "someone else's");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(left.len(), 1, "the temporary files are gone");

        let staged = vec![stage(&a, b"new a", true).unwrap(), stage(&b, b"new b", true).unwrap()];
        commit(staged).unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), b"new a");
        assert_eq!(std::fs::read(&b).unwrap(), b"new b");
    }

    #[test]
    fn file_stems_are_safe() {
        assert_eq!(safe_file_stem("Mänttä-Vilppula"), "mantta-vilppula");
        assert_eq!(safe_file_stem("Jakobstad / Pietarsaari"), "jakobstad-pietarsaari");
        assert_eq!(safe_file_stem("Koski Tl"), "koski-tl");
        assert_eq!(safe_file_stem("CON:*?"), "con");
    }
}
