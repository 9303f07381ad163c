//! The errors of the intake server and of `links`, told in the user's language.

use crate::lang::Lang;
use crate::texts::{Localized, escaped, tf};

/// What keeps the server (or `links`) from starting or from keeping a record.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// A folder or file of the state or inbox could not be read, made or written.
    #[error("{path}: {detail}")]
    Io {
        /// The file or folder.
        path: String,
        /// What the system said.
        detail: String,
    },
    /// The secret key file is readable by others, or not a key.
    #[error("{path}: {detail}")]
    BadKey {
        /// The key file.
        path: String,
        /// What is wrong with it.
        detail: String,
    },
    /// The ledger (SQLite) refused.
    #[error("{path}: {detail}")]
    Ledger {
        /// The ledger file.
        path: String,
        /// What SQLite said.
        detail: String,
    },
    /// A code given is no municipality of the register.
    #[error("{code}: not a municipality of the register")]
    UnknownCode {
        /// The code as given.
        code: String,
    },
    /// The base URL is not an http(s) address.
    #[error("{url}: not an http:// or https:// address")]
    BadUrl {
        /// The URL as given.
        url: String,
    },
    /// The address to listen on could not be taken.
    #[error("{address}: {detail}")]
    Listen {
        /// The address.
        address: String,
        /// What the system said.
        detail: String,
    },
}

impl ServeError {
    /// The system's refusal about `path`.
    pub fn io(path: &std::path::Path, err: impl std::fmt::Display) -> ServeError {
        ServeError::Io { path: shown(path), detail: err.to_string() }
    }

    /// SQLite's refusal about the ledger at `path`.
    pub fn ledger(path: &std::path::Path, err: impl std::fmt::Display) -> ServeError {
        ServeError::Ledger { path: shown(path), detail: err.to_string() }
    }
}

/// A path as an error names it, escaped.
fn shown(path: &std::path::Path) -> String {
    escaped(&path.display().to_string()).into_owned()
}

impl Localized for ServeError {
    fn message(&self, lang: Lang) -> String {
        use ServeError::*;
        match self {
            Io { path, detail } => tf("err_serve_io", lang, &[("path", path), ("detail", detail)]),
            BadKey { path, detail } => {
                tf("err_serve_bad_key", lang, &[("path", path), ("detail", detail)])
            }
            Ledger { path, detail } => {
                tf("err_serve_ledger", lang, &[("path", path), ("detail", detail)])
            }
            UnknownCode { code } => tf("err_serve_unknown_code", lang, &[("code", &escaped(code))]),
            BadUrl { url } => tf("err_serve_bad_url", lang, &[("url", &escaped(url))]),
            Listen { address, detail } => {
                tf("err_serve_listen", lang, &[("address", address), ("detail", detail)])
            }
        }
    }
}
