//! A check or a send: the file read and checked exactly as `validate` reads one (through
//! the sandboxed workers, with the catalog `check::Catalogs` chooses), reported as
//! `validate --format json` reports it, its letter as `validate --report-dir` writes it;
//! an accepted send put in the inbox before its receipt, every attempt in the ledger.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use super::error::ServeError;
use super::inbox;
use super::keys::{self, Links};
use super::ledger::{Attempt, Ledger};
use super::page::{self, MunicipalityPage};
use crate::catalog::Catalog;
use crate::check::{Catalogs, Return, Status};
use crate::lang::Lang;
use crate::read::EXTENSIONS;
use crate::register::Register;
use crate::report::FileReport;
use crate::report::letter::{LetterContext, letter};
use crate::report::letters;
use crate::report::receipt::{IntakeReport, Receipt};
use crate::settings::RoundSettings;
use crate::texts::{t, tf};

/// The longest the reading and checking of one file may take once it is received (the
/// workers' own limit is 20 s; this bounds the wait for a free one too).
pub const WORK_TIMEOUT: Duration = Duration::from_secs(60);

/// A file as the form sent it.
pub struct Upload {
    /// Its name as sent (shown escaped; never a path).
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// `action=send` (else a check).
    pub send: bool,
    /// `action=copy`: a check that answers with the corrected copy of an invalid return.
    pub copy: bool,
}

/// What a check or a send came to.
pub struct Taken {
    /// The answer, as the JSON gives it.
    pub report: IntakeReport,
    /// The letter's text for the file.
    pub letter: String,
    /// For `action=copy`, when the file is the municipality's own invalid return: the
    /// corrected copy (its answers in a fresh workbook, every problem marked) and its name.
    pub copy: Option<(String, Vec<u8>)>,
}

/// The server's round: its links, catalogs, inbox and ledger.
pub struct App {
    pub(super) links: Links,
    pub(super) catalogs: Catalogs<'static>,
    pub(super) round: Option<RoundSettings>,
    pub(super) inbox: PathBuf,
    pub(super) ledger: Ledger,
    /// Counts the sends accepted, so that the admin's summary is rebuilt when it changed.
    pub(super) generation: AtomicU64,
    pub(super) cache: Mutex<Option<(u64, Lang, super::admin::Aggregated)>>,
    /// Last round's return of each municipality (`--last-round`, the winner rule's choice)
    /// with the index of the catalog that read it: its workbook comes prefilled from it.
    pub(super) last: HashMap<String, (Return, usize)>,
}

/// What starting found in the inbox: files recovered into the ledger, rows whose file is
/// gone.
pub struct Reconciled {
    /// Inbox files that had no row (a crash between the file and its row).
    pub recovered: Vec<String>,
    /// Rows whose file is no longer in the inbox.
    pub gone: Vec<String>,
}

impl App {
    /// The round served from `inbox` and `state` (both created when missing), its links
    /// for `round` (or the first catalog's id and version), the inbox reconciled with the
    /// ledger.
    pub fn open(
        inbox: &Path,
        state: &Path,
        round: Option<RoundSettings>,
        catalogs: Vec<Catalog>,
    ) -> Result<(App, Reconciled), ServeError> {
        keys::make_private_dir(state)?;
        std::fs::create_dir_all(inbox).map_err(|e| ServeError::io(inbox, e))?;
        let catalogs: &'static [Catalog] = Box::leak(catalogs.into_boxed_slice());
        let links = Links::open(state, keys::round_id(round.as_ref(), &catalogs[0]))?;
        let ledger = Ledger::open(state)?;
        let (recovered, gone) = ledger.reconcile(inbox)?;
        let app = App {
            links,
            catalogs: Catalogs::new(catalogs),
            round,
            inbox: inbox.to_path_buf(),
            ledger,
            generation: AtomicU64::new(0),
            cache: Mutex::new(None),
            last: HashMap::new(),
        };
        Ok((app, Reconciled { recovered, gone }))
    }

    /// Reads last round's returns in `dir` (its spreadsheet files, through the workers):
    /// each municipality's workbook comes prefilled from the one the winner rule chooses
    /// (`round::select::carried`). Returns how many municipalities have one.
    pub fn with_last_round(&mut self, dir: &Path) -> Result<usize, ServeError> {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(|e| ServeError::io(dir, e))? {
            let path = entry.map_err(|e| ServeError::io(dir, e))?.path();
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
            if path.is_file() && EXTENSIONS.contains(&ext.as_str()) {
                files.push(path);
            }
        }
        files.sort();
        let checked = self.catalogs.check_all(&files, &|| {});
        let returns: Vec<Return> = checked.iter().map(|c| c.ret.clone()).collect();
        for (code, i) in crate::round::select::carried(&returns) {
            self.last.insert(code, (returns[i].clone(), checked[i].catalog()));
        }
        Ok(self.last.len())
    }

    /// Checks an upload for municipality `code` and, for an accepted send, puts it in the
    /// inbox (synced) and then records it; every attempt is recorded.
    pub fn take(
        &self,
        code: &str,
        upload: Upload,
        client: &str,
        lang: Lang,
    ) -> Result<Taken, ServeError> {
        let register = Register::embedded();
        let m = register.get(code).ok_or_else(|| ServeError::UnknownCode { code: code.into() })?;
        // Only the last part of the name the client gave: it names the file in findings.
        let sent = upload.name.rsplit(['/', '\\']).next().unwrap_or("").to_string();
        let ext = sent.rsplit_once('.').map(|(_, e)| e.to_lowercase()).unwrap_or_default();
        let checked = self.catalogs.check_bytes(Path::new(&sent), &upload.bytes, &ext);
        let catalog = &self.catalogs.all()[checked.catalog()];
        let ret = checked.ret;
        let file = FileReport::new(&ret, lang);
        let own = ret.municipality.as_ref().map(|r| r.code.as_str());
        let name = m.name(lang);
        let refusal = match () {
            _ if ret.status != Status::Valid => Some(t("web_refused_invalid", lang).to_string()),
            _ if own != Some(code) => {
                Some(tf("web_refused_other", lang, &[("municipality", name)]))
            }
            _ if !EXTENSIONS.contains(&ext.as_str()) => {
                Some(t("web_refused_extension", lang).to_string())
            }
            _ => None,
        };
        let sha256 = inbox::sha256_hex(&upload.bytes);
        let (stamp, time) = inbox::utc(SystemTime::now());
        let receipt = match (upload.send, &refusal) {
            (true, None) => {
                Some(self.store(m, &ret, (&sent, &ext), (&stamp, &time), &upload.bytes, &sha256)?)
            }
            _ => None,
        };
        let status = match (&refusal, ret.status) {
            (Some(_), Status::Valid) => "refused",
            (_, s) => s.as_str(),
        };
        self.ledger.record(&Attempt {
            time,
            municipality: code.to_string(),
            action: upload.action().into(),
            file_name: sent,
            size: upload.bytes.len() as u64,
            sha256,
            status: status.to_string(),
            findings: serde_json::to_string(&file).ok(),
            client: client.to_string(),
            stored: receipt.as_ref().map(|r| r.stored_as.clone()),
        })?;
        if receipt.is_some() {
            self.generation.fetch_add(1, Ordering::SeqCst);
        }
        let cx = LetterContext {
            lang,
            catalog: Some(catalog),
            round: self.round.as_ref(),
            attachment: None,
        };
        let letter = letter(&ret, &cx);
        let copy = (upload.copy && own == Some(code) && letters::wants_copy(&ret))
            .then(|| letters::corrected_copy(&ret, catalog, lang, self.round.as_ref()).ok())
            .flatten()
            .map(|bytes| (copy_name(m, lang), bytes));
        let report = IntakeReport::new(file, upload.action(), refusal, receipt);
        Ok(Taken { report, letter, copy })
    }

    /// Puts an accepted send in the inbox; its receipt.
    fn store(
        &self,
        m: &crate::register::Municipality,
        ret: &Return,
        (sent, ext): (&str, &str),
        (stamp, time): (&str, &str),
        bytes: &[u8],
        sha256: &str,
    ) -> Result<Receipt, ServeError> {
        let name = inbox::file_name(m, stamp, sha256, ext);
        inbox::store(&self.inbox, &name, bytes)?;
        Ok(Receipt {
            number: sha256[..12].to_string(),
            time: time.to_string(),
            file: sent.to_string(),
            stored_as: name,
            bytes: bytes.len() as u64,
            sha256: sha256.to_string(),
            municipality: m.code.clone(),
            answered: ret.answered,
            services: ret.services,
        })
    }

    /// The municipality's page, with the answer to what it just did.
    pub fn page(
        &self,
        code: &str,
        lang: Lang,
        here: &str,
        taken: Option<&Taken>,
    ) -> Result<String, ServeError> {
        let m = Register::embedded()
            .get(code)
            .ok_or_else(|| ServeError::UnknownCode { code: code.into() })?;
        let sends = self.ledger.sends_of(code)?;
        let round = self.round.as_ref().map(|r| {
            let name = r.name(lang).unwrap_or_else(|| t("web_round_unnamed", lang));
            match r.deadline {
                Some(d) => tf(
                    "web_round_deadline",
                    lang,
                    &[("round", name), ("deadline", &d.display(lang))],
                ),
                None => name.to_string(),
            }
        });
        Ok(page::municipality(&MunicipalityPage {
            lang,
            name: m.name(lang),
            prefilled: self.last.contains_key(code),
            code,
            here,
            round,
            result: taken.map(|t| (&t.report, t.letter.as_str())),
            sends: &sends,
        }))
    }

    /// The municipality's personalised workbook in `lang` (the catalog's first language
    /// when it has not that one), prefilled from last round's return when there is one
    /// (`--last-round`), with its file name.
    pub fn workbook(&self, code: &str, lang: Lang) -> Option<(String, Vec<u8>)> {
        let m = Register::embedded().get(code)?;
        let catalog = &self.catalogs.all()[0];
        let lang =
            if catalog.languages.contains(&lang) { lang } else { *catalog.languages.first()? };
        let carried = self.last.get(code).map(|(ret, source)| {
            let source = &self.catalogs.all()[*source];
            crate::prefill::carry(ret, &crate::prefill::Carry { source, target: catalog, lang })
        });
        let bytes = crate::workbook::writer::build_in_round(
            catalog,
            lang,
            Some(m),
            carried.as_ref(),
            self.round.as_ref(),
        )
        .ok()?;
        Some((m.file_name(lang), bytes))
    }
}

impl Upload {
    /// The action as the ledger and the JSON name it.
    pub fn action(&self) -> &'static str {
        match (self.send, self.copy) {
            (true, _) => "send",
            (false, true) => "copy",
            _ => "check",
        }
    }
}

/// The file name of a municipality's corrected copy, from the register (never from the
/// file): `091-helsinki-korjattava.xlsx`.
fn copy_name(m: &crate::register::Municipality, lang: Lang) -> String {
    let own = m.file_name(lang);
    let stem = own.strip_suffix(".xlsx").unwrap_or(&own);
    format!("{stem}-{}.xlsx", t("web_copy_suffix", lang))
}

/// A municipality's own language (the register's), Finnish for a code it has not.
pub fn own_lang(code: &str) -> Lang {
    Register::embedded().get(code).map_or(Lang::Fi, |m| m.own_lang())
}
