//! The ledger: every attempt (a check or a send) as one row of an SQLite database in the
//! state folder (`ledger.sqlite`, write-ahead log): when, which municipality, what was
//! done, the file's name as sent, its size and sha256, the status, the findings as JSON,
//! the client's address, and for an accepted send the inbox file. At start the inbox and
//! the ledger are reconciled: a file without a row (a crash between the file and its row)
//! gets a row marked `recovered`.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{Connection, params};

use super::error::ServeError;
use super::inbox;

/// The ledger's file name in the state folder.
pub const LEDGER_FILE: &str = "ledger.sqlite";

/// One attempt, as recorded.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Attempt {
    /// When, ISO 8601 UTC.
    pub time: String,
    /// The municipality's code (the link's).
    pub municipality: String,
    /// `check` or `send`.
    pub action: String,
    /// The file's name as the client sent it (shown escaped, never used as a path).
    pub file_name: String,
    /// Bytes.
    pub size: u64,
    /// The sha256 of the bytes, hex.
    pub sha256: String,
    /// `valid`, `invalid`, `unreadable`, `refused` (another municipality's return) or
    /// `recovered`.
    pub status: String,
    /// The findings (validate's one-file JSON), when the file was read.
    pub findings: Option<String>,
    /// The client's address.
    pub client: String,
    /// The inbox file of an accepted send.
    pub stored: Option<String>,
}

/// The ledger, one connection shared under a lock.
pub struct Ledger {
    conn: Mutex<Connection>,
    path: PathBuf,
}

const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY,
    time TEXT NOT NULL,
    municipality TEXT NOT NULL,
    action TEXT NOT NULL,
    file_name TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    status TEXT NOT NULL,
    findings TEXT,
    client TEXT NOT NULL,
    stored TEXT
);
CREATE INDEX IF NOT EXISTS attempts_municipality ON attempts (municipality, id);
CREATE INDEX IF NOT EXISTS attempts_stored ON attempts (stored);";

const COLUMNS: &str =
    "time, municipality, action, file_name, size, sha256, status, findings, client, stored";

impl Ledger {
    /// Opens (or creates) the ledger in `state`, in WAL mode with full sync.
    pub fn open(state: &Path) -> Result<Ledger, ServeError> {
        let path = state.join(LEDGER_FILE);
        let fail = |e: rusqlite::Error| ServeError::ledger(&path, e);
        let conn = Connection::open(&path).map_err(fail)?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(fail)?;
        conn.pragma_update(None, "synchronous", "FULL").map_err(fail)?;
        conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(fail)?;
        conn.execute_batch(SCHEMA).map_err(fail)?;
        Ok(Ledger { conn: Mutex::new(conn), path })
    }

    fn fail(&self, e: rusqlite::Error) -> ServeError {
        ServeError::ledger(&self.path, e)
    }

    /// Records an attempt.
    pub fn record(&self, a: &Attempt) -> Result<(), ServeError> {
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        conn.execute(
            &format!(
                "INSERT INTO attempts ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
            ),
            params![
                a.time,
                a.municipality,
                a.action,
                a.file_name,
                a.size as i64,
                a.sha256,
                a.status,
                a.findings,
                a.client,
                a.stored
            ],
        )
        .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// The attempts matching an SQL condition, newest first, at most `limit`.
    fn select(
        &self,
        condition: &str,
        args: &[&dyn rusqlite::ToSql],
        limit: usize,
    ) -> Result<Vec<Attempt>, ServeError> {
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        let sql = format!(
            "SELECT {COLUMNS} FROM attempts WHERE {condition} ORDER BY id DESC LIMIT {limit}"
        );
        let mut stmt = conn.prepare(&sql).map_err(|e| self.fail(e))?;
        let rows = stmt
            .query_map(args, |r| {
                Ok(Attempt {
                    time: r.get(0)?,
                    municipality: r.get(1)?,
                    action: r.get(2)?,
                    file_name: r.get(3)?,
                    size: r.get::<_, i64>(4)? as u64,
                    sha256: r.get(5)?,
                    status: r.get(6)?,
                    findings: r.get(7)?,
                    client: r.get(8)?,
                    stored: r.get(9)?,
                })
            })
            .map_err(|e| self.fail(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.fail(e))
    }

    /// A municipality's sends, newest first (at most 50).
    pub fn sends_of(&self, code: &str) -> Result<Vec<Attempt>, ServeError> {
        self.select("municipality = ?1 AND action = 'send'", &[&code], 50)
    }

    /// The sends refused (invalid, unreadable, another municipality's), newest first.
    pub fn rejected(&self, limit: usize) -> Result<Vec<Attempt>, ServeError> {
        self.select("action = 'send' AND stored IS NULL", &[], limit)
    }

    /// The latest accepted send of each municipality, by code.
    pub fn latest_sends(&self) -> Result<Vec<Attempt>, ServeError> {
        self.select(
            "id IN (SELECT MAX(id) FROM attempts WHERE stored IS NOT NULL GROUP BY municipality)",
            &[],
            10_000,
        )
        .map(|mut v| {
            v.sort_by(|a, b| a.municipality.cmp(&b.municipality));
            v
        })
    }

    /// The latest attempt of each municipality, whatever it was (for its contact).
    pub fn latest_attempts(&self) -> Result<Vec<Attempt>, ServeError> {
        self.select("id IN (SELECT MAX(id) FROM attempts GROUP BY municipality)", &[], 10_000)
    }

    /// The inbox files the ledger knows.
    fn stored(&self) -> Result<std::collections::HashSet<String>, ServeError> {
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        let mut stmt = conn
            .prepare("SELECT stored FROM attempts WHERE stored IS NOT NULL")
            .map_err(|e| self.fail(e))?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).map_err(|e| self.fail(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.fail(e))
    }

    /// Reconciles the inbox with the ledger: each inbox file without a row gets one marked
    /// `recovered` (its time from its name, its hash from its bytes); returns the names
    /// recovered and the rows whose file is no longer in the inbox.
    pub fn reconcile(&self, inbox_dir: &Path) -> Result<(Vec<String>, Vec<String>), ServeError> {
        let files = inbox::list(inbox_dir)?;
        let known = self.stored()?;
        let mut recovered = Vec::new();
        for name in files.iter().filter(|n| !known.contains(*n)) {
            let Some((code, stamp, _)) = inbox::parse_name(name) else { continue };
            let path = inbox_dir.join(name);
            let bytes = std::fs::read(&path).map_err(|e| ServeError::io(&path, e))?;
            let time = format!(
                "{}-{}-{}T{}:{}:{}Z",
                &stamp[0..4],
                &stamp[4..6],
                &stamp[6..8],
                &stamp[9..11],
                &stamp[11..13],
                &stamp[13..15]
            );
            self.record(&Attempt {
                time,
                municipality: code,
                action: "send".into(),
                file_name: name.clone(),
                size: bytes.len() as u64,
                sha256: inbox::sha256_hex(&bytes),
                status: "recovered".into(),
                findings: None,
                client: String::new(),
                stored: Some(name.clone()),
            })?;
            recovered.push(name.clone());
        }
        let present: std::collections::HashSet<&String> = files.iter().collect();
        let mut gone: Vec<String> = known.into_iter().filter(|k| !present.contains(k)).collect();
        gone.sort();
        Ok((recovered, gone))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_without_its_row_is_recovered_once() {
        let state = tempfile::tempdir().unwrap();
        let inbox_dir = tempfile::tempdir().unwrap();
        let ledger = Ledger::open(state.path()).unwrap();
        let name = "091-helsinki-20261204T031502Z-ba7816bf.xlsx";
        inbox::store(inbox_dir.path(), name, b"abc").unwrap();
        let (recovered, gone) = ledger.reconcile(inbox_dir.path()).unwrap();
        assert_eq!((recovered, gone), (vec![name.to_string()], vec![]));
        let sends = ledger.sends_of("091").unwrap();
        assert_eq!(sends.len(), 1);
        assert_eq!(sends[0].status, "recovered");
        assert_eq!(sends[0].time, "2026-12-04T03:15:02Z");
        assert_eq!(sends[0].sha256, inbox::sha256_hex(b"abc"));
        let again = Ledger::open(state.path()).unwrap();
        assert_eq!(again.reconcile(inbox_dir.path()).unwrap(), (vec![], vec![]));
        std::fs::remove_file(inbox_dir.path().join(name)).unwrap();
        assert_eq!(again.reconcile(inbox_dir.path()).unwrap(), (vec![], vec![name.to_string()]));
    }
}
