//! The inbox: every accepted send as a file of its own, `CODE-name-UTCTIMESTAMP-HASH8.ext`
//! (the code and name from the register, never from the client), written whole to a
//! temporary file in the inbox, synced, put in place without replacing anything, the folder
//! synced — all before the receipt is sent. `aggregate INBOX` reads it like any folder of
//! returns; the temporary files start with `.digiaste-`, which every command's walk skips.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use sha2::{Digest, Sha256};

use super::error::ServeError;
use crate::output::safe_file_stem;
use crate::register::Municipality;

/// The prefix of the temporary files of sends being written.
pub const TEMP_PREFIX: &str = ".digiaste-upload-";

/// The sha256 of `bytes`, in hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// A moment as UTC: compact for file names (`20261204T031502Z`) and ISO 8601
/// (`2026-12-04T03:15:02Z`).
pub fn utc(time: SystemTime) -> (String, String) {
    let secs = time.duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rest) = ((secs / 86_400) as i64, secs % 86_400);
    let (h, m, s) = (rest / 3600, rest / 60 % 60, rest % 60);
    // Howard Hinnant's days_from_civil, inverted.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        format!("{year:04}{month:02}{day:02}T{h:02}{m:02}{s:02}Z"),
        format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}Z"),
    )
}

/// The inbox name of a send: `091-helsinki-20261204T031502Z-1a2b3c4d.xlsx`.
pub fn file_name(m: &Municipality, stamp: &str, sha256: &str, ext: &str) -> String {
    let name = safe_file_stem(m.name(m.own_lang()));
    format!("{}-{name}-{stamp}-{}.{ext}", m.code, &sha256[..8])
}

/// The code, the time stamp and the hash prefix an inbox name carries; `None` for a
/// name the inbox does not give.
pub fn parse_name(name: &str) -> Option<(String, String, String)> {
    let (stem, ext) = name.rsplit_once('.')?;
    if !crate::read::EXTENSIONS.contains(&ext) {
        return None;
    }
    let mut parts = stem.rsplitn(3, '-');
    let hash = parts.next()?;
    let stamp = parts.next()?;
    let head = parts.next()?;
    let code = head.get(..3)?;
    let ok = hash.len() == 8
        && hash.bytes().all(|b| b.is_ascii_hexdigit())
        && stamp.len() == 16
        && stamp.ends_with('Z')
        && code.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| (code.to_string(), stamp.to_string(), hash.to_string()))
}

/// Writes `bytes` into `inbox` as `name`: a temporary file synced, linked into place (never
/// replacing a file: the same name is the same content, taken as already there), the
/// temporary name removed and the folder synced. When this returns `Ok`, the file is on
/// disk under its name.
pub fn store(inbox: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, ServeError> {
    let target = inbox.join(name);
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(inbox)
        .map_err(|e| ServeError::io(inbox, e))?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| ServeError::io(tmp.path(), e))?;
    match std::fs::hard_link(tmp.path(), &target) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(ServeError::io(&target, e)),
    }
    drop(tmp);
    sync_dir(inbox)?;
    Ok(target)
}

/// Syncs a folder, so that the names in it are on disk.
pub fn sync_dir(dir: &Path) -> Result<(), ServeError> {
    std::fs::File::open(dir).and_then(|d| d.sync_all()).map_err(|e| ServeError::io(dir, e))
}

/// The names of the inbox's files that the inbox gave, sorted; temporary files left by a
/// crash are removed (they were never acknowledged).
pub fn list(inbox: &Path) -> Result<Vec<String>, ServeError> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(inbox).map_err(|e| ServeError::io(inbox, e))? {
        let entry = entry.map_err(|e| ServeError::io(inbox, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(TEMP_PREFIX) {
            let _ = std::fs::remove_file(entry.path());
        } else if parse_name(&name).is_some() && entry.file_type().is_ok_and(|t| t.is_file()) {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_made_and_read_back() {
        let m = crate::register::Register::embedded().get("478").unwrap();
        let (stamp, iso) =
            utc(SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_796_354_102));
        assert_eq!(iso, "2026-12-04T03:15:02Z");
        assert_eq!(stamp, "20261204T031502Z");
        let name = file_name(m, &stamp, &sha256_hex(b"x"), "xlsx");
        assert_eq!(name, "478-mariehamn-20261204T031502Z-2d711642.xlsx");
        assert_eq!(parse_name(&name), Some(("478".into(), stamp, "2d711642".into())));
        assert_eq!(parse_name("478-x.xlsx"), None);
        assert_eq!(parse_name(".digiaste-upload-abc"), None);
    }

    #[test]
    fn stored_once_and_temporaries_removed() {
        let dir = tempfile::tempdir().unwrap();
        let m = crate::register::Register::embedded().get("091").unwrap();
        let name = file_name(m, "20261204T031502Z", &sha256_hex(b"abc"), "xlsx");
        store(dir.path(), &name, b"abc").unwrap();
        store(dir.path(), &name, b"abc").unwrap();
        std::fs::write(dir.path().join(format!("{TEMP_PREFIX}x")), b"partial").unwrap();
        assert_eq!(list(dir.path()).unwrap(), vec![name.clone()]);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        assert_eq!(std::fs::read(dir.path().join(name)).unwrap(), b"abc");
    }
}
