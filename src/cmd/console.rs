//! The console: its language (the command's `--lang`, else the locale's), standard output
//! and standard error, and errors told in that language.

use std::io::Write;
use std::sync::OnceLock;

use anyhow::Result;

use digiaste::lang::Lang;
use digiaste::texts::{Localized, counted, escaped, escaped_lines, locale_lang, tf, tn};

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

/// The text `key` in the console language. Every value is shown escaped
/// (`texts::escaped`): a value may come from a return or a file name, and none may break
/// the line, forge another or reorder what the terminal shows.
pub fn text(key: &'static str, args: &[(&str, &str)]) -> String {
    let shown: Vec<(&str, std::borrow::Cow<'_, str>)> =
        args.iter().map(|&(k, v)| (k, escaped(v))).collect();
    let shown: Vec<(&str, &str)> = shown.iter().map(|(k, v)| (*k, v.as_ref())).collect();
    tf(key, lang(), &shown)
}

/// The counted text `key` for the count `n` in the console language (`texts::tn`: the
/// form of `n`, "1 workbook written" or "3 workbooks written"), values escaped as by
/// [`text`].
pub fn counted_text(key: &'static str, n: usize, args: &[(&str, &str)]) -> String {
    let shown: Vec<(&str, std::borrow::Cow<'_, str>)> =
        args.iter().map(|&(k, v)| (k, escaped(v))).collect();
    let shown: Vec<(&str, &str)> = shown.iter().map(|(k, v)| (*k, v.as_ref())).collect();
    tn(key, n, lang(), &shown)
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
        digiaste::settings::SettingsError,
        digiaste::catalog::CatalogError,
        digiaste::map::MapError,
        digiaste::serve::ServeError
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

/// A line to standard error, control characters other than line breaks and tabs, and
/// bidirectional and zero-width characters, shown escaped (`texts::escaped_lines`): values
/// were escaped whole where the line was made, this keeps what is left from acting on the
/// terminal. Nothing more can be said if writing fails, so that is ignored rather than
/// allowed to panic.
pub fn say(line: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", escaped_lines(line));
}

/// The error that ends a command, on standard error in the console language: each line of
/// the message escaped on its own (a catalog's problems are one per line).
pub fn tell_error(err: &anyhow::Error) {
    let message: Vec<String> = told(err).lines().map(|l| escaped(l).into_owned()).collect();
    say(&tf("console_error", lang(), &[("message", &message.join("\n"))]));
}

/// `say` of the text `key` in the console language.
pub fn tell(key: &'static str, args: &[(&str, &str)]) {
    say(&text(key, args));
}

/// `say` of the counted text `key` for `n` in the console language.
pub fn tell_counted(key: &'static str, n: usize, args: &[(&str, &str)]) {
    say(&counted_text(key, n, args));
}
