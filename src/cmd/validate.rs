//! `digiaste validate`: reads every return and reports what is wrong, where.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, bail};

use digiaste::catalog::{Catalog, Lang};
use digiaste::check::findings::{Finding, Severity};
use digiaste::read::EXTENSIONS;
use digiaste::check::{self, Return, Status};
use digiaste::texts::{t, tf};

#[derive(clap::Args)]
pub struct Args {
    /// Returned workbooks, or folders to search for .xlsx/.xlsm/.xls/.ods files.
    #[arg(required = true, value_name = "FILE|DIR")]
    inputs: Vec<PathBuf>,
    /// Catalog file (TOML); the embedded default catalog when omitted.
    #[arg(short, long, value_name = "CATALOG")]
    catalog: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Language of the messages.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    lang: Lang,
    /// Also write each file's own report to this folder (`<file name>.txt`), to send to
    /// the municipality that returned it.
    #[arg(long, value_name = "DIR")]
    report_dir: Option<PathBuf>,
    /// Replace existing reports in --report-dir.
    #[arg(long, requires = "report_dir")]
    force: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let catalog = super::load_catalog(args.catalog.as_deref())?;
    let files = collect_inputs(&args.inputs)?;
    let report_paths = match &args.report_dir {
        Some(dir) => Some(report_paths(dir, &files, args.force)?),
        None => None,
    };
    let returns = read_all(&files, &catalog);
    if let Some(paths) = &report_paths {
        for (r, path) in returns.iter().zip(paths) {
            digiaste::output::write_atomic(path, report_text(std::slice::from_ref(r), args.lang).as_bytes(), args.force)?;
        }
    }
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&report_json(&returns, args.lang))?),
        Format::Text => print!("{}", report_text(&returns, args.lang)),
    }
    Ok(exit_code(&returns))
}

/// One report file per input, `<file name>.txt`, unique even when two inputs in different
/// folders share a name. Refuses before any work if one exists (without `--force`).
fn report_paths(dir: &Path, files: &[PathBuf], force: bool) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| anyhow::anyhow!("cannot create folder {}: {e}", dir.display()))?;
    let mut seen = std::collections::HashSet::new();
    let mut paths = Vec::new();
    for f in files {
        let name = f.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "report".into());
        let mut candidate = format!("{name}.txt");
        let mut i = 2;
        while !seen.insert(candidate.clone()) {
            candidate = format!("{name}-{i}.txt");
            i += 1;
        }
        let path = dir.join(candidate);
        digiaste::output::check_writable(&path, force)?;
        paths.push(path);
    }
    Ok(paths)
}

/// 0 when every file is valid (warnings allowed), 1 otherwise.
pub fn exit_code(returns: &[Return]) -> ExitCode {
    if returns.iter().all(|r| r.status == Status::Valid) { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

/// Reads every file, in parallel; the order of the result is the order of `files`.
pub fn read_all(files: &[PathBuf], catalog: &Catalog) -> Vec<Return> {
    use rayon::prelude::*;
    let checker = check::ReturnChecker::new(catalog);
    files.par_iter().map(|p| checker.check_path(p)).collect()
}

/// Files named on the command line as they are; folders searched (recursively) for
/// spreadsheets, sorted by path. Office lock files (`~$x.xlsx`, `.~lock.x#`) are skipped.
pub fn collect_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found = Vec::new();
            walk(input, &mut found)?;
            found.sort();
            files.extend(found);
        } else if input.exists() {
            files.push(input.clone());
        } else {
            bail!("{}: no such file or folder", input.display());
        }
    }
    Ok(files)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| anyhow::anyhow!("cannot read folder {}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out)?;
            continue;
        }
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with("~$") || name.starts_with(".~lock") || name.starts_with(".digiaste-") {
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
        if EXTENSIONS.contains(&ext.as_str()) {
            out.push(path);
        }
    }
    Ok(())
}

pub fn findings_json(findings: &mut dyn Iterator<Item = &Finding>, lang: Lang) -> Vec<serde_json::Value> {
    findings.map(|f| f.to_json(lang)).collect()
}

pub fn file_json(r: &Return, lang: Lang) -> serde_json::Value {
    serde_json::json!({
        "path": r.path.display().to_string(),
        "status": r.status,
        "municipality": r.municipality,
        "errors": findings_json(&mut r.errors(), lang),
        "warnings": findings_json(&mut r.warnings(), lang),
    })
}

pub fn report_json(returns: &[Return], lang: Lang) -> serde_json::Value {
    let count = |s: Status| returns.iter().filter(|r| r.status == s).count();
    serde_json::json!({
        "files": returns.iter().map(|r| file_json(r, lang)).collect::<Vec<_>>(),
        "totals": {
            "valid": count(Status::Valid),
            "invalid": count(Status::Invalid),
            "unreadable": count(Status::Unreadable),
        }
    })
}

fn status_word(s: Status, lang: Lang) -> &'static str {
    match s {
        Status::Valid => t("report_status_valid", lang),
        Status::Invalid => t("report_status_invalid", lang),
        Status::Unreadable => t("report_status_unreadable", lang),
    }
}

/// The report a municipal official can act on: per file, errors then warnings, each
/// grouped by sheet, with the cell, the service and a plain message.
pub fn report_text(returns: &[Return], lang: Lang) -> String {
    let mut out = String::new();
    for r in returns {
        let who = r.municipality.as_ref().map(|m| format!(" · {} {}", m.code, m.name)).unwrap_or_default();
        out.push_str(&format!("{} — {}{who}\n", r.path.display(), status_word(r.status, lang)));
        if r.findings.is_empty() {
            out.push_str(&format!("  {}\n", t("report_no_findings", lang)));
        }
        let of = |sev: Severity| r.findings.iter().filter(|f| f.severity() == sev).collect::<Vec<_>>();
        for (title, list) in [
            (t("report_errors", lang), of(Severity::Error)),
            (t("report_warnings", lang), of(Severity::Warning)),
            (t("report_info", lang), of(Severity::Info)),
        ] {
            if list.is_empty() {
                continue;
            }
            out.push_str(&format!("  {title} ({}):\n", list.len()));
            let mut sheets: Vec<Option<&str>> = Vec::new();
            for f in &list {
                if !sheets.contains(&f.sheet.as_deref()) {
                    sheets.push(f.sheet.as_deref());
                }
            }
            for sheet in sheets {
                let indent = if let Some(s) = sheet {
                    out.push_str(&format!("    {}: {s}\n", t("report_sheet", lang)));
                    "      "
                } else {
                    "    "
                };
                for f in list.iter().filter(|f| f.sheet.as_deref() == sheet) {
                    let mut place = String::new();
                    if let Some(c) = &f.cell {
                        place.push_str(&format!("{c:<5} "));
                    }
                    if let Some(s) = &f.service {
                        place.push_str(&format!("{s}: "));
                    }
                    out.push_str(&format!("{indent}{place}{} [{}]\n", f.message(lang), f.code.as_str()));
                }
            }
        }
        out.push('\n');
    }
    let count = |s: Status| returns.iter().filter(|r| r.status == s).count().to_string();
    out.push_str(&tf(
        "report_totals",
        lang,
        &[("valid", &count(Status::Valid)), ("invalid", &count(Status::Invalid)), ("unreadable", &count(Status::Unreadable))],
    ));
    out.push('\n');
    out
}
