//! `digiaste prefill`: a municipality's return carried into a fresh personalised workbook
//! of the catalog, to correct and resend or for next year's round (docs/guide.md §7).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use digiaste::catalog::Catalog;
use digiaste::check::{Catalogs, Return, Status};
use digiaste::lang::Lang;
use digiaste::output::{self, OutputError};
use digiaste::prefill::{self, Carry};
use digiaste::register::{Municipality, Register};
use digiaste::round::select;
use digiaste::settings::RoundSettings;
use digiaste::texts::escaped;
use digiaste::workbook::writer;

use super::console::{self, count, counted_text, failure, print, tell};
use super::inputs::{
    collect_inputs, load_catalog, load_round, read_all, refuse_inputs_as_outputs,
    skip_own_outputs_of,
};

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
    /// Language of the workbooks and of the messages [default: each return's own language;
    /// the messages' from the locale: LC_ALL, LC_MESSAGES, LANG, else the system's].
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
    /// The round file (TOML, docs/round.md): its name, deadline, return address and contact
    /// are shown on the instructions sheet of every workbook.
    #[arg(long, value_name = "ROUND.toml")]
    round: Option<PathBuf>,
}

/// A workbook to write: for whom, in which language, and the return it carries.
struct Job<'a> {
    municipality: &'a Municipality,
    lang: Lang,
    from: Option<(&'a Return, &'a Catalog)>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let console = console::use_lang(args.lang);
    let target = load_catalog(args.catalog.as_deref())?;
    let round = load_round(args.round.as_deref())?;
    if let Some(l) = args.lang.filter(|l| !target.languages.contains(l)) {
        return Err(failure(
            "console_catalog_lacks_lang",
            &[("id", &target.id), ("lang", l.code())],
        ));
    }
    // The new catalog first: a return naming none of them is read with it.
    let mut catalogs = vec![target.clone(), Catalog::default_catalog()];
    for p in &args.from_catalog {
        catalogs.push(Catalog::load(p)?);
    }
    let found = collect_inputs(&args.inputs)?;
    let files = &found.files;
    let read = read_all(files, &Catalogs::new(&catalogs), false);
    // A summary digiaste wrote is no return: named as such and left out (a usage error when
    // nothing else is left), never "names no municipality".
    let read = skip_own_outputs_of(read, |c| &c.ret, &args.inputs)?;
    let mut failed = !found.complete();
    for c in &read {
        if c.ret.status == Status::Unreadable || c.ret.municipality.is_none() {
            failed = true;
            let why = c.ret.errors().next().map(|f| f.message(console)).unwrap_or_default();
            let file = c.ret.path.display().to_string();
            tell("prefill_cannot", &[("file", &file), ("why", &why)]);
        }
    }
    let returns: Vec<Return> = read.iter().map(|c| c.ret.clone()).collect();
    let carried = select::carried(&returns);
    let register = Register::embedded();
    let mut jobs = Vec::new();
    for (code, &i) in &carried {
        let (ret, catalog) = (&read[i].ret, &catalogs[read[i].catalog()]);
        let Some(m) = register.get(code) else { continue };
        let lang =
            args.lang.or(ret.language).filter(|l| target.languages.contains(l)).unwrap_or(Lang::Fi);
        jobs.push(Job { municipality: m, lang, from: Some((ret, catalog)) });
    }
    if args.all_municipalities {
        for m in register.municipalities.iter().filter(|m| !carried.contains_key(&m.code)) {
            jobs.push(Job { municipality: m, lang: args.lang.unwrap_or(Lang::Fi), from: None });
        }
    }
    let mut inputs = files.clone();
    inputs.extend(args.catalog.iter().chain(&args.from_catalog).filter(|p| p.is_file()).cloned());
    inputs.extend(args.round.iter().cloned());
    write_all(&target, &jobs, &args.out_dir, args.force, &inputs, round.as_ref())?;
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Builds and writes every workbook, named from the register (`Municipality::file_name`);
/// refuses before writing anything when a file exists and `--force` is not given, or when
/// one is an input, even with `--force`.
fn write_all(
    target: &Catalog,
    jobs: &[Job],
    out_dir: &Path,
    force: bool,
    inputs: &[PathBuf],
    round: Option<&RoundSettings>,
) -> Result<()> {
    output::create_dir(out_dir)?;
    let paths: Vec<PathBuf> =
        jobs.iter().map(|j| out_dir.join(j.municipality.file_name(j.lang))).collect();
    output::refuse_existing(paths.iter().map(PathBuf::as_path), force)?;
    refuse_inputs_as_outputs(&paths.iter().map(PathBuf::as_path).collect::<Vec<_>>(), inputs)?;
    use rayon::prelude::*;
    jobs.par_iter().zip(&paths).try_for_each(|(job, path)| {
        let carried = job
            .from
            .map(|(ret, source)| prefill::carry(ret, &Carry { source, target, lang: job.lang }));
        let bytes = writer::build_in_round(
            target,
            job.lang,
            Some(job.municipality),
            carried.as_ref(),
            round,
        )
        .map_err(|e| OutputError::Build {
            what: job.municipality.code.clone(),
            detail: e.to_string(),
        })?;
        output::write_atomic(path, &bytes, force)
    })?;
    let mut lines = String::new();
    for (job, path) in jobs.iter().zip(&paths) {
        if let Some((ret, _)) = job.from {
            let (to, from) = (path.display().to_string(), ret.path.display().to_string());
            lines.push_str(&format!("{} <- {}\n", escaped(&to), escaped(&from)));
        }
    }
    let prefilled = jobs.iter().filter(|j| j.from.is_some()).count();
    let dir = out_dir.display().to_string();
    let prefilled = count("count_prefilled", prefilled);
    lines.push_str(&counted_text(
        "count_prefill_written",
        paths.len(),
        &[("dir", &dir), ("prefilled", &prefilled)],
    ));
    lines.push('\n');
    print(&lines)
}
