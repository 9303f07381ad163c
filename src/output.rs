//! Writing output files so nothing is lost (DESIGN §8): a temporary file in the target's
//! folder, then a rename; an existing file is replaced only with `--force`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// Fails early, before any work, when `path` exists and `force` is off.
pub fn check_writable(path: &Path, force: bool) -> Result<()> {
    if path.exists() && !force {
        bail!("{} already exists; use --force to replace it", path.display());
    }
    if path.is_dir() {
        bail!("{} is a folder, not a file", path.display());
    }
    let dir = parent_dir(path);
    if !dir.is_dir() {
        bail!("cannot write {}: folder {} does not exist", path.display(), dir.display());
    }
    Ok(())
}

/// Writes `bytes` to `path` atomically. Without `force` an existing file is never
/// replaced, even one that appeared while we were working.
pub fn write_atomic(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    let dir = parent_dir(path);
    let mut tmp = tempfile::Builder::new()
        .prefix(".digiaste-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .with_context(|| format!("cannot write in folder {}", dir.display()))?;
    // Temporary files are private (0600); the output is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    if force {
        tmp.persist(path).map_err(|e| e.error).with_context(|| format!("cannot write {}", path.display()))?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| {
            if path.exists() {
                anyhow::anyhow!("{} already exists; use --force to replace it", path.display())
            } else {
                anyhow::Error::new(e.error).context(format!("cannot write {}", path.display()))
            }
        })?;
    }
    Ok(())
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
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
    fn file_stems_are_safe() {
        assert_eq!(safe_file_stem("Mänttä-Vilppula"), "mantta-vilppula");
        assert_eq!(safe_file_stem("Jakobstad / Pietarsaari"), "jakobstad-pietarsaari");
        assert_eq!(safe_file_stem("Koski Tl"), "koski-tl");
        assert_eq!(safe_file_stem("CON:*?"), "con");
    }
}
