//! `digiaste prefill`: a municipality's return carried into a fresh personalised workbook
//! of the catalog, to correct and resend or for next year's round (DESIGN §11).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use digiaste::catalog::Catalog;
use digiaste::check::findings::Code;
use digiaste::check::{Return, ReturnChecker, Status};
use digiaste::lang::Lang;
use digiaste::output;
use digiaste::prefill::{self, Carry};
use digiaste::register::{Municipality, Register};
use digiaste::round::order_by_recency;
use digiaste::workbook::writer;

use super::inputs::{collect_inputs, load_catalog, print, say};

#[derive(clap::Args)]
pub struct Args {
    /// Returned workbooks, or folders searched for them.
    #[arg(required = true, value_name = "RETURN|DIR")]
    inputs: Vec<PathBuf>,
    /// Catalog of the new workbooks (TOML); the embedded default catalog when omitted.
    #[arg(short, long, value_name = "CATALOG")]
    catalog: Option<PathBuf>,
    /// Catalog the returns were made from, when it is neither the new one nor the
    /// embedded default (repeatable).
    #[arg(long, value_name = "CATALOG")]
    from_catalog: Vec<PathBuf>,
    /// Language of the workbooks [default: each return's own language].
    #[arg(long, value_enum)]
    lang: Option<Lang>,
    /// Folder for the workbooks (created if missing).
    #[arg(long, value_name = "DIR", default_value = ".")]
    out_dir: PathBuf,
    /// Replace existing files.
    #[arg(long)]
    force: bool,
    /// Also write a blank personalised workbook for every municipality without a return.
    #[arg(long)]
    all_municipalities: bool,
}

/// A workbook to write: for whom, in which language, and the return it carries.
struct Job<'a> {
    municipality: &'a Municipality,
    lang: Lang,
    from: Option<(&'a Return, &'a Catalog)>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let target = load_catalog(args.catalog.as_deref())?;
    if let Some(l) = args.lang.filter(|l| !target.languages.contains(l)) {
        bail!("catalog {} has no {} texts", target.id, l);
    }
    let mut sources = vec![Catalog::default_catalog()];
    for p in &args.from_catalog {
        sources.push(Catalog::load(p)?);
    }
    let files = collect_inputs(&args.inputs)?;
    let read = read_returns(&files, &target, &sources);
    let mut failed = false;
    let mut by_code: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, (ret, _)) in read.iter().enumerate() {
        match (ret.status, &ret.municipality) {
            (Status::Unreadable, _) | (_, None) => {
                failed = true;
                let why = ret.errors().next().map(|f| f.message(Lang::En)).unwrap_or_default();
                say(&format!(
                    "{}: cannot prefill: no municipality can be read from it. {why}",
                    ret.path.display()
                ));
            }
            (_, Some(m)) => by_code.entry(m.code.clone()).or_default().push(i),
        }
    }
    let register = Register::embedded();
    let mut jobs = Vec::new();
    for (code, list) in &by_code {
        let winner = winner(&read, list);
        let (ret, catalog) = &read[winner];
        let Some(m) = register.get(code) else { continue };
        let lang =
            args.lang.or(ret.language).filter(|l| target.languages.contains(l)).unwrap_or(Lang::Fi);
        jobs.push(Job { municipality: m, lang, from: Some((ret, catalog)) });
    }
    if args.all_municipalities {
        for m in register.municipalities.iter().filter(|m| !by_code.contains_key(&m.code)) {
            jobs.push(Job { municipality: m, lang: args.lang.unwrap_or(Lang::Fi), from: None });
        }
    }
    write_all(&target, &jobs, &args.out_dir, args.force)?;
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Each file read with the catalog it was made from: the new catalog, else the first of
/// the others whose identity it carries (a return of none of them is read with the new
/// one and reported as it reads).
fn read_returns<'c>(
    files: &[PathBuf],
    target: &'c Catalog,
    sources: &'c [Catalog],
) -> Vec<(Return, &'c Catalog)> {
    use rayon::prelude::*;
    let checkers: Vec<ReturnChecker> =
        std::iter::once(target).chain(sources).map(ReturnChecker::new).collect();
    let catalogs: Vec<&Catalog> = std::iter::once(target).chain(sources).collect();
    files
        .par_iter()
        .map(|p| {
            let first = checkers[0].check_path(p);
            if !first.findings.iter().any(|f| f.code == Code::CatalogMismatch) {
                return (first, target);
            }
            checkers[1..]
                .iter()
                .zip(&catalogs[1..])
                .map(|(c, &cat)| (c.check_path(p), cat))
                .find(|(r, _)| !r.findings.iter().any(|f| f.code == Code::CatalogMismatch))
                .unwrap_or((first, target))
        })
        .collect()
}

/// Of several returns of one municipality, the one `aggregate` keeps: among the valid
/// ones (else among all), the latest.
fn winner(read: &[(Return, &Catalog)], list: &[usize]) -> usize {
    let returns: Vec<Return> = list.iter().map(|&i| read[i].0.clone()).collect();
    let valid: Vec<usize> =
        (0..returns.len()).filter(|&i| returns[i].status == Status::Valid).collect();
    let mut pool = if valid.is_empty() { (0..returns.len()).collect() } else { valid };
    order_by_recency(&returns, &mut pool);
    list[*pool.last().unwrap_or(&0)]
}

/// Builds and writes every workbook; refuses before writing anything when a file exists
/// and `--force` is not given.
fn write_all(target: &Catalog, jobs: &[Job], out_dir: &Path, force: bool) -> Result<()> {
    std::fs::create_dir_all(out_dir)
        .with_context(|| format!("cannot create folder {}", out_dir.display()))?;
    let paths: Vec<PathBuf> =
        jobs.iter().map(|j| out_dir.join(j.municipality.file_name(j.lang))).collect();
    output::refuse_existing(paths.iter().map(PathBuf::as_path), force)?;
    use rayon::prelude::*;
    jobs.par_iter().zip(&paths).try_for_each(|(job, path)| -> Result<()> {
        let carried = job
            .from
            .map(|(ret, source)| prefill::carry(ret, &Carry { source, target, lang: job.lang }));
        let bytes = writer::build_with(target, job.lang, Some(job.municipality), carried.as_ref())
            .with_context(|| format!("cannot build the workbook for {}", job.municipality.code))?;
        output::write_atomic(path, &bytes, force)
    })?;
    let mut text = String::new();
    for (job, path) in jobs.iter().zip(&paths) {
        if let Some((ret, _)) = job.from {
            text.push_str(&format!("{} <- {}\n", path.display(), ret.path.display()));
        }
    }
    let prefilled = jobs.iter().filter(|j| j.from.is_some()).count();
    text.push_str(&format!(
        "{} workbooks written to {} ({prefilled} prefilled)\n",
        paths.len(),
        out_dir.display()
    ));
    print(&text)
}
