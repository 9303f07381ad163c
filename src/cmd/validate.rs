//! `digiaste validate`: reads every return and reports what is wrong, where.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use digiaste::check::{Catalogs, Return, Status};
use digiaste::lang::Lang;
use digiaste::output;
use digiaste::register;
use digiaste::report::{FileReport, ValidateReport};

use super::console::{self, print};
use super::inputs::{Format, collect_inputs, load_catalogs, read_all, skip_own_outputs};

#[derive(clap::Args)]
pub struct Args {
    /// Returned workbooks, or folders to search for .xlsx/.xlsm/.xls/.ods files.
    #[arg(required = true, value_name = "FILE|DIR")]
    inputs: Vec<PathBuf>,
    /// A built-in catalog's id, or a catalog file (TOML) [default: the built-in catalog each
    /// return names].
    #[arg(short, long, value_name = "CATALOG")]
    catalog: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Language of the messages [default: from the locale: LC_ALL, LC_MESSAGES, LANG, else
    /// the system's — fi… Finnish, sv… Swedish, else English].
    #[arg(long, value_enum)]
    lang: Option<Lang>,
    /// Also write each file's own report to this folder (`<file name>.txt`), to send to
    /// the municipality that returned it: a letter in the municipality's own language (from
    /// the register) unless --feedback-lang is given.
    #[arg(long, value_name = "DIR")]
    report_dir: Option<PathBuf>,
    /// Language of every letter in --report-dir [default: each municipality's own, from the
    /// register; for a file that names none, its template's, else the messages'].
    #[arg(long, value_enum, value_name = "LANG", requires = "report_dir")]
    feedback_lang: Option<Lang>,
    /// Replace existing reports in --report-dir.
    #[arg(long, requires = "report_dir")]
    force: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let lang = console::use_lang(args.lang);
    let catalogs = load_catalogs(args.catalog.as_deref())?;
    let found = collect_inputs(&args.inputs)?;
    let files = &found.files;
    let report_paths = match &args.report_dir {
        Some(dir) => Some(report_paths(dir, files, args.force)?),
        None => None,
    };
    let read = read_all(files, &Catalogs::new(&catalogs), false);
    // The catalog each file was read with (the first when it named none), to name services.
    let catalog_of: std::collections::HashMap<PathBuf, usize> =
        read.iter().map(|c| (c.ret.path.clone(), c.catalog())).collect();
    let returns = skip_own_outputs(read.into_iter().map(|c| c.ret).collect(), &args.inputs)?;
    let report = ValidateReport::new(&returns, lang);
    if let Some(paths) = &report_paths {
        // A letter for each file read (own outputs were left out), in its own language.
        let by_input: std::collections::HashMap<&PathBuf, &PathBuf> =
            files.iter().zip(paths).collect();
        for ret in &returns {
            let Some(path) = by_input.get(&ret.path) else { continue };
            let own_lang = args.feedback_lang.unwrap_or_else(|| return_lang(ret, lang));
            let catalog = catalog_of.get(&ret.path).and_then(|&i| catalogs.get(i));
            let letter = FileReport::new(ret, own_lang).to_letter(own_lang, catalog);
            output::write_atomic(path, letter.as_bytes(), args.force)?;
        }
    }
    match args.format {
        Format::Json => print(&format!("{}\n", serde_json::to_string_pretty(&report)?))?,
        Format::Text => print(&report.to_text(lang))?,
    }
    Ok(if report.files.iter().all(|f| f.status == Status::Valid) && found.complete() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The language a return's letter is written in: the municipality's own from the register
/// (`register::language_of`), else the return's (its template's), else `fallback`.
fn return_lang(ret: &Return, fallback: Lang) -> Lang {
    ret.municipality
        .as_ref()
        .and_then(|m| register::language_of(&m.code))
        .or(ret.language)
        .unwrap_or(fallback)
}

/// One report file per input, `<file name>.txt` (shortened to the file system's 255 bytes,
/// `output::fitted_name`), unique even when two inputs in different folders share a name. Refuses before any work if one exists (without `--force`).
fn report_paths(dir: &Path, files: &[PathBuf], force: bool) -> Result<Vec<PathBuf>> {
    output::create_dir(dir)?;
    let mut seen = std::collections::HashSet::new();
    let mut paths = Vec::new();
    for f in files {
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "report".into());
        // Named after the file, shortened when that would pass the file system's limit.
        let mut candidate = output::fitted_name(&name, ".txt");
        let mut i = 2;
        while !seen.insert(candidate.clone()) {
            candidate = output::fitted_name(&format!("{name}-{i}"), ".txt");
            i += 1;
        }
        let path = dir.join(candidate);
        output::check_writable(&path, force)?;
        paths.push(path);
    }
    Ok(paths)
}
