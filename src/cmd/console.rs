//! The console: its language (the command's `--lang`, else the locale's), standard output
//! and standard error, and errors told in that language.

use std::io::Write;
use std::sync::OnceLock;

use anyhow::Result;

use digiaste::lang::Lang;
use digiaste::texts::{Localized, counted, locale_lang, tf};

static LANG: OnceLock<Lang> = OnceLock::new();

/// The language of console messages: what [`use_lang`] set, else the locale's.
pub fn lang() -> Lang {
    *LANG.get().unwrap_or(&locale_lang())
}

/// Sets the console language once for the run: `asked` (a command's `--lang`), else the
/// locale's. Returns it.
pub fn use_lang(asked: Option<Lang>) -> Lang {
    let _ = LANG.set(asked.unwrap_or_else(locale_lang));
    lang()
}

/// The text `key` in the console language.
pub fn text(key: &'static str, args: &[(&str, &str)]) -> String {
    tf(key, lang(), args)
}

/// A count with its noun in the console language ("1 file", "3 files").
pub fn count(key: &'static str, n: usize) -> String {
    counted(key, n, lang())
}

/// An error whose message is the text `key` in the console language.
pub fn failure(key: &'static str, args: &[(&str, &str)]) -> anyhow::Error {
    anyhow::anyhow!(text(key, args))
}

/// An error as the user reads it: a library error in the console language, anything else
/// as it is.
pub fn told(err: &anyhow::Error) -> String {
    let lang = lang();
    macro_rules! localized {
        ($($t:ty),+) => {
            $(if let Some(e) = err.downcast_ref::<$t>() {
                return Localized::message(e, lang);
            })+
        };
    }
    localized!(
        digiaste::output::OutputError,
        digiaste::data_sheet::SummaryError,
        digiaste::read::ReadError,
        digiaste::round::ExpectedError,
        digiaste::register::RegisterError,
        digiaste::settings::SettingsError
    );
    format!("{err:#}")
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
        Err(e) => Err(failure("console_stdout_failed", &[("detail", &e.to_string())])),
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

/// `say` of the text `key` in the console language.
pub fn tell(key: &'static str, args: &[(&str, &str)]) {
    say(&text(key, args));
}
