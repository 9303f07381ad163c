//! The private links: one secret key kept in the state folder (created on first use from
//! the system's random source, readable by its owner only), and each link's token derived
//! from it — HMAC-SHA256 of the round and the municipality's code, the first 128 bits in
//! hex. Nothing else is stored; replacing the key revokes every link at once.

use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use super::error::ServeError;
use crate::catalog::Catalog;
use crate::register::Register;
use crate::settings::RoundSettings;

/// The key file's name in the state folder.
pub const KEY_FILE: &str = "link-key";
/// Bytes of the secret key.
const KEY_BYTES: usize = 32;
/// Bytes of the HMAC a token keeps (128 bits), written as twice as many hex digits.
const TOKEN_BYTES: usize = 16;
/// The "code" the ministry's link is derived from: no municipality's code (three digits).
const ADMIN: &str = "admin";

/// Whom a link is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Holder {
    /// The ministry (the admin page).
    Admin,
    /// A municipality, by code.
    Municipality(String),
}

/// The secret key and the round the links are for.
pub struct Links {
    key: [u8; KEY_BYTES],
    round: String,
    /// Every link's token with its holder, for [`Links::holder`].
    tokens: Vec<([u8; TOKEN_BYTES * 2], Holder)>,
}

/// The round a link is for: the round file's name and deadline when one is given, else the
/// catalog's id and version. A link of another round opens nothing.
pub fn round_id(round: Option<&RoundSettings>, catalog: &Catalog) -> String {
    let named = round.map(|r| {
        let names: Vec<&str> = r.name.0.values().map(String::as_str).collect();
        let deadline = r.deadline.map(|d| d.iso()).unwrap_or_default();
        format!("round {} {deadline}", names.join(" / "))
    });
    named
        .filter(|n| n.trim() != "round")
        .unwrap_or_else(|| format!("catalog {} {}", catalog.id, catalog.version))
}

impl Links {
    /// The links of `round` (see [`round_id`]) from the key in `state` (a folder, created
    /// if missing, readable by its owner only), the key made on first use.
    pub fn open(state: &Path, round: String) -> Result<Links, ServeError> {
        let key = load_or_create(state)?;
        let register = Register::embedded();
        let mut links = Links { key, round, tokens: Vec::new() };
        let holders = register
            .municipalities
            .iter()
            .map(|m| Holder::Municipality(m.code.clone()))
            .chain([Holder::Admin]);
        links.tokens = holders.map(|h| (links.token_bytes(&h), h)).collect();
        Ok(links)
    }

    /// The token of a holder's link.
    pub fn token(&self, holder: &Holder) -> String {
        String::from_utf8_lossy(&self.token_bytes(holder)).into_owned()
    }

    fn token_bytes(&self, holder: &Holder) -> [u8; TOKEN_BYTES * 2] {
        let code = match holder {
            Holder::Admin => ADMIN,
            Holder::Municipality(code) => code.as_str(),
        };
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("any key length");
        mac.update(b"digiaste link 1\n");
        mac.update(self.round.as_bytes());
        mac.update(b"\n");
        mac.update(code.as_bytes());
        let digest = mac.finalize().into_bytes();
        let mut hex = [0u8; TOKEN_BYTES * 2];
        for (i, b) in digest[..TOKEN_BYTES].iter().enumerate() {
            hex[2 * i] = HEX[(b >> 4) as usize];
            hex[2 * i + 1] = HEX[(b & 15) as usize];
        }
        hex
    }

    /// The holder of a token, compared with every link's in constant time (no early end, so
    /// the time taken tells nothing of how near a guess came); `None` for any other text.
    pub fn holder(&self, token: &str) -> Option<Holder> {
        let given = token.as_bytes();
        let mut found = None;
        for (t, holder) in &self.tokens {
            let same = if given.len() == t.len() { given.ct_eq(t) } else { 0u8.ct_eq(&1u8) };
            if bool::from(same) {
                found = Some(holder.clone());
            }
        }
        found
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// The key in `state`, made from the system's random source when there is none: written
/// with mode 0600 (never replaced: `create_new`), synced. A key file others may read, or of
/// another size, is refused.
fn load_or_create(state: &Path) -> Result<[u8; KEY_BYTES], ServeError> {
    make_private_dir(state)?;
    let path = state.join(KEY_FILE);
    if !path.exists() {
        let mut key = [0u8; KEY_BYTES];
        getrandom::fill(&mut key).map_err(|e| ServeError::io(&path, e))?;
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
            .and_then(|mut f| f.write_all(&key).and_then(|_| f.sync_all()));
        match written {
            Ok(()) => return Ok(key),
            // Another process made it first: read theirs.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(ServeError::io(&path, e)),
        }
    }
    read_key(&path)
}

fn read_key(path: &Path) -> Result<[u8; KEY_BYTES], ServeError> {
    let bad = |detail: &str| ServeError::BadKey {
        path: path.display().to_string(),
        detail: detail.to_string(),
    };
    let meta = std::fs::symlink_metadata(path).map_err(|e| ServeError::io(path, e))?;
    if !meta.is_file() {
        return Err(bad("not a regular file"));
    }
    if meta.permissions().mode() & 0o077 != 0 {
        return Err(bad("readable by others than its owner (chmod 600 it)"));
    }
    let bytes = std::fs::read(path).map_err(|e| ServeError::io(path, e))?;
    bytes.try_into().map_err(|_| bad("not a key of 32 bytes"))
}

/// Creates `dir` (and its parents) when missing, the folder itself with mode 0700.
pub fn make_private_dir(dir: &Path) -> Result<(), ServeError> {
    if dir.is_dir() {
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| ServeError::io(dir, e))
}

/// A link: `base` (its trailing slashes dropped) and the token's path.
pub fn link(base: &str, holder: &Holder, links: &Links) -> String {
    let base = base.trim_end_matches('/');
    match holder {
        Holder::Admin => format!("{base}/admin/{}", links.token(holder)),
        Holder::Municipality(_) => format!("{base}/m/{}", links.token(holder)),
    }
}

/// Checks a base URL: `http://` or `https://` and a host.
pub fn check_base_url(url: &str) -> Result<(), ServeError> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(r) if !r.is_empty() && !r.starts_with('/') && !r.contains(char::is_whitespace) => {
            Ok(())
        }
        _ => Err(ServeError::BadUrl { url: url.to_string() }),
    }
}

/// The path of the key file in `state`.
pub fn key_path(state: &Path) -> PathBuf {
    state.join(KEY_FILE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_differ_by_code_round_and_key_and_are_found() {
        let dir = tempfile::tempdir().unwrap();
        let a = Links::open(dir.path(), "r1".into()).unwrap();
        let again = Links::open(dir.path(), "r1".into()).unwrap();
        let other_round = Links::open(dir.path(), "r2".into()).unwrap();
        let helsinki = Holder::Municipality("091".into());
        let espoo = Holder::Municipality("049".into());
        let t = a.token(&helsinki);
        assert_eq!(t.len(), 32);
        assert!(t.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(t, again.token(&helsinki));
        assert_ne!(t, a.token(&espoo));
        assert_ne!(t, other_round.token(&helsinki));
        assert_eq!(a.holder(&t), Some(helsinki));
        assert_eq!(a.holder(&a.token(&Holder::Admin)), Some(Holder::Admin));
        assert_eq!(a.holder(&t[..31]), None);
        assert_eq!(other_round.holder(&t), None);
        let mode = std::fs::metadata(dir.path().join(KEY_FILE)).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let new_dir = tempfile::tempdir().unwrap();
        assert_ne!(
            Links::open(new_dir.path(), "r1".into()).unwrap().token(&Holder::Admin),
            a.token(&Holder::Admin)
        );
    }

    #[test]
    fn a_key_others_can_read_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        Links::open(dir.path(), "r".into()).unwrap();
        let path = dir.path().join(KEY_FILE);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(matches!(Links::open(dir.path(), "r".into()), Err(ServeError::BadKey { .. })));
    }
}
