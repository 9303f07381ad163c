//! `digiaste validate`: reads every return and reports what is wrong, where.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use digiaste::catalog::Catalog;
use digiaste::check::{Catalogs, Return, Status};
use digiaste::lang::Lang;
use digiaste::output;
use digiaste::report::ValidateReport;
use digiaste::report::letters::{self, LetterFiles, LetterOptions};

use super::console::{self, count, print, tell};
use super::inputs::{
    Format, collect_inputs, load_catalogs, load_round, read_all, refuse_inputs_as_outputs,
    skip_own_outputs,
};

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
    /// Also write a letter for each file to this folder (`<file name>.txt`, wrapped to 72
    /// columns), to send to the municipality: in the municipality's own language (from the
    /// register) unless --feedback-lang is given; beside them `letters.csv`, a mail-merge
    /// table (code, municipality, respondent, e-mail, status, letter, attachment).
    #[arg(long, value_name = "DIR")]
    report_dir: Option<PathBuf>,
    /// Language of every letter in --report-dir [default: each municipality's own, from the
    /// register; for a file that names none, its template's, else the messages'].
    #[arg(long, value_enum, value_name = "LANG", requires = "report_dir")]
    feedback_lang: Option<Lang>,
    /// Also write, beside each letter that asks for corrections (or to fill in an empty
    /// return), the corrected copy: the return carried into a fresh personalised workbook
    /// with every cell to correct marked (`<file stem>.xlsx`), named in the letter.
    #[arg(long, requires = "report_dir")]
    annotate: bool,
    /// The round file (TOML, docs/round.md): the letters give its deadline and where to
    /// send the workbook, and are signed by its contact.
    #[arg(long, value_name = "ROUND.toml", requires = "report_dir")]
    round: Option<PathBuf>,
    /// Replace existing letters (and copies) in --report-dir.
    #[arg(long, requires = "report_dir")]
    force: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let lang = console::use_lang(args.lang);
    let catalogs = load_catalogs(args.catalog.as_deref())?;
    let round = load_round(args.round.as_deref())?;
    let found = collect_inputs(&args.inputs)?;
    let files = &found.files;
    let planned = match &args.report_dir {
        Some(dir) => Some(LetterFiles::plan(dir, files, args.force)?),
        None => None,
    };
    let chosen = Catalogs::new(&catalogs);
    let read = read_all(files, &chosen, false);
    // Files of a catalog the analyst has and did not give: told once, and no letter.
    let not_built_in = match args.catalog {
        None => chosen.not_built_in(&read),
        Some(_) => Vec::new(),
    };
    let analysts: HashSet<&PathBuf> = not_built_in.iter().flat_map(|n| &n.paths).collect();
    // The catalog each file was read with (the first when it named none), to name services.
    let catalog_of: HashMap<PathBuf, usize> =
        read.iter().map(|c| (c.ret.path.clone(), c.catalog())).collect();
    let returns = skip_own_outputs(read.into_iter().map(|c| c.ret).collect(), &args.inputs)?;
    let report = ValidateReport::new(&returns, lang);
    if let Some(planned) = &planned {
        let options =
            LetterOptions { forced: args.feedback_lang, fallback: lang, round: round.as_ref() };
        let to_write: Vec<&Return> =
            returns.iter().filter(|r| !analysts.contains(&r.path)).collect();
        let letters = Letters { files, planned, catalogs: &catalogs, catalog_of: &catalog_of };
        letters.write(&to_write, &options, (args.annotate, args.force))?;
    }
    for n in &not_built_in {
        let files = count("count_returns", n.paths.len());
        let key = match planned {
            Some(_) => "validate_catalog_not_built_in_letters",
            None => "validate_catalog_not_built_in",
        };
        tell(key, &[("files", &files), ("catalog", &n.catalog)]);
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

/// The letters of a run: the inputs, where each one's letter and copy go, and the catalog
/// each return was read with.
struct Letters<'a> {
    files: &'a [PathBuf],
    planned: &'a LetterFiles,
    catalogs: &'a [Catalog],
    catalog_of: &'a HashMap<PathBuf, usize>,
}

impl Letters<'_> {
    /// Drafts every letter (and copy, with `--annotate`), refuses existing copies before
    /// writing anything, then writes the letters, the copies and last the mail-merge table.
    /// `flags` are `--annotate` and `--force`.
    fn write(
        &self,
        returns: &[&Return],
        options: &LetterOptions,
        flags: (bool, bool),
    ) -> Result<()> {
        let (annotate, force) = flags;
        let index: HashMap<&PathBuf, usize> =
            self.files.iter().enumerate().map(|(i, f)| (f, i)).collect();
        // Drafted on every core (a copy is a whole workbook), kept in input order.
        use rayon::prelude::*;
        let drafted: Vec<(usize, letters::Drafted)> = returns
            .par_iter()
            .filter_map(|ret| index.get(&ret.path).map(|&i| (i, ret)))
            .map(|(i, ret)| {
                let catalog = self.catalog_of.get(&ret.path).and_then(|&c| self.catalogs.get(c));
                let copy = (annotate && letters::wants_copy(ret))
                    .then(|| self.planned.copies[i].as_path());
                let letter = self.planned.letters[i].as_path();
                letters::draft(ret, catalog, (letter, copy), options).map(|d| (i, d))
            })
            .collect::<Result<_, _>>()?;
        let copies: Vec<&Path> = drafted
            .iter()
            .filter(|(_, d)| d.copy.is_some())
            .map(|(i, _)| self.planned.copies[*i].as_path())
            .collect();
        output::refuse_existing(copies.iter().copied(), force)?;
        refuse_inputs_as_outputs(&copies, self.files)?;
        for (i, d) in &drafted {
            output::write_atomic(&self.planned.letters[*i], d.text.as_bytes(), force)?;
            if let Some(bytes) = &d.copy {
                output::write_atomic(&self.planned.copies[*i], bytes, force)?;
            }
        }
        let rows: Vec<[String; 7]> = drafted.into_iter().map(|(_, d)| d.row).collect();
        output::write_atomic(&self.planned.table, letters::mail_merge(&rows).as_bytes(), force)?;
        Ok(())
    }
}
