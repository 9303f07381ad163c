//! `digiaste aggregate`: every return of a round into one summary workbook, with JSON and
//! CSV exports for analysts.

mod maps;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use digiaste::check::Status;
use digiaste::data_sheet;
use digiaste::feedback::files;
use digiaste::lang::Lang;
use digiaste::output::{self, OutputError};
use digiaste::report::AggregateReport;
use digiaste::round::{self, Round};
use digiaste::summary::{self, export};
use digiaste::texts::t;

use super::console::{self, count, tell, tell_counted};
use super::inputs::{
    collect_inputs, load_catalogs, read_round, refuse_inputs_as_outputs, skip_own_outputs,
};

#[derive(clap::Args)]
pub struct Args {
    /// Returned workbooks, or folders to search for .xlsx/.xlsm/.xls/.ods files.
    #[arg(required = true, value_name = "FILE|DIR")]
    inputs: Vec<PathBuf>,
    /// The summary workbook to write.
    #[arg(short, long, value_name = "SUMMARY.xlsx")]
    output: PathBuf,
    /// A built-in catalog's id, or a catalog file (TOML) [default: the built-in catalog the
    /// returns name].
    #[arg(short, long, value_name = "CATALOG")]
    catalog: Option<PathBuf>,
    /// Language of the summary and of the messages [default: from the locale: LC_ALL,
    /// LC_MESSAGES, LANG, else the system's — fi… Finnish, sv… Swedish, else English].
    #[arg(long, value_enum)]
    lang: Option<Lang>,
    /// Language of every feedback workbook [default: each municipality's own, from the
    /// register: Swedish for Mariehamn, Korsholm…, Finnish for Helsinki…].
    #[arg(long, value_enum, value_name = "LANG", requires = "feedback_dir")]
    feedback_lang: Option<Lang>,
    /// An earlier summary written by digiaste, to show what changed since; give it once per
    /// earlier round (any number) for the trend sheet. The changes are since the latest.
    #[arg(long, value_name = "EARLIER_SUMMARY.xlsx")]
    previous: Vec<PathBuf>,
    /// The municipalities expected to answer (CSV, codes in the first column)
    /// [default: all 308 of the register].
    #[arg(long, value_name = "CODES.csv")]
    expected: Option<PathBuf>,
    /// Also write the results as JSON.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// Also write a tidy CSV (one row per figure: national, regional, per municipality,
    /// area and service) and its datapackage.json (Frictionless) in the same folder.
    #[arg(long, value_name = "FILE")]
    csv: Option<PathBuf>,
    /// The CSV's dialect: `tidy` (comma, decimal point; pandas, R) or `excel` (semicolon,
    /// decimal comma; Finnish and Swedish Excel and LibreOffice open it in columns).
    #[arg(long, value_enum, default_value_t = export::Dialect::Tidy, requires = "csv")]
    csv_dialect: export::Dialect,
    /// Also write each counted municipality's feedback workbook into this folder.
    #[arg(long, value_name = "DIR")]
    feedback_dir: Option<PathBuf>,
    /// Also write the maps of Finland into this folder, as SVG and PNG: overall.svg and
    /// overall.png (the overall degree), and a pair per area named by the area id.
    #[arg(long, value_name = "DIR")]
    maps: Option<PathBuf>,
    /// Replace existing output files.
    #[arg(long)]
    force: bool,
    /// The CSV's datapackage.json, beside it.
    #[arg(skip)]
    package: Option<PathBuf>,
}

impl Args {
    /// The outputs of one file each: the summary, and the JSON, the CSV and its data
    /// package when asked for.
    fn files(&self) -> Vec<&Path> {
        [Some(&self.output), self.json.as_ref(), self.csv.as_ref(), self.package.as_ref()]
            .into_iter()
            .flatten()
            .map(PathBuf::as_path)
            .collect()
    }
}

/// The codes of `--expected`, each line left out told on the console.
fn read_expected(path: &Path) -> Result<Vec<String>> {
    let (codes, left_out) = round::read_expected(path)?;
    for l in left_out {
        let (file, line) = (path.display().to_string(), l.line.to_string());
        tell("expected_left_out", &[("file", &file), ("line", &line), ("text", &l.text)]);
    }
    Ok(codes)
}

pub fn run(mut args: Args) -> Result<ExitCode> {
    let lang = console::use_lang(args.lang);
    args.package = args.csv.as_ref().map(|c| c.with_file_name(export::PACKAGE_FILE_NAME));
    // Everything that can fail for usage reasons fails before any file is read.
    if !args.output.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) {
        let file = args.output.display().to_string();
        return Err(console::failure("aggregate_output_not_xlsx", &[("file", &file)]));
    }
    let catalogs = load_catalogs(args.catalog.as_deref())?;
    for path in args.files() {
        output::check_writable(path, args.force)?;
    }
    let expected = args.expected.as_deref().map(read_expected).transpose()?;
    let mut previous = args
        .previous
        .iter()
        .map(|p| data_sheet::read_previous(p))
        .collect::<Result<Vec<_>, _>>()?;
    round::trend::order(&mut previous);
    let found = collect_inputs(&args.inputs)?;
    let (catalog, returns) = read_round(&found.files, catalogs, true);
    // A summary digiaste wrote into the returns folder is no input: rewriting it with
    // `--force` is allowed (the same run twice gives the same result). Every other input,
    // `--previous` and `--expected` are never overwritten.
    let returns = skip_own_outputs(returns, &args.inputs)?;
    // Every file is read: the workers' memory is given back before the summary is written.
    digiaste::read::release_workers();
    let mut inputs: Vec<PathBuf> = returns.iter().map(|r| r.path.clone()).collect();
    inputs.extend(args.previous.iter().chain(args.expected.iter()).cloned());
    inputs.extend(args.catalog.iter().filter(|p| p.is_file()).cloned());

    let mut round = Round::new(&catalog, lang, returns, expected);
    for prev in &previous {
        warn_other_catalog(prev, &catalog);
    }
    round.previous = previous;

    // The round's data is built once: for the summary's data sheet and the feedback.
    let data = summary::data::data(&round);
    // The feedback files are known only now; check them before writing anything.
    let feedback = args
        .feedback_dir
        .as_ref()
        .map(|dir| (dir, files::plan(&data, dir, args.feedback_lang).planned));
    let mut outputs = args.files();
    if let Some((dir, planned)) = &feedback {
        files::check(planned, dir, args.force)?;
        outputs.extend(planned.iter().map(|p| p.path.as_path()));
    }
    let maps = args.maps.as_deref().map(|d| maps::plan(d, &catalog, args.force)).transpose()?;
    outputs.extend(maps.iter().flat_map(maps::Plan::paths));
    refuse_inputs_as_outputs(&outputs, &inputs)?;

    let staged = stage_outputs(&args, (&round, &data), feedback.as_ref(), maps.as_ref())?;
    output::commit(staged)?;
    if let Some((dir, planned)) = &feedback {
        let dir = dir.display().to_string();
        tell_counted("count_feedback_written", planned.len(), &[("dir", &dir)]);
    }
    if let Some(plan) = &maps {
        tell_counted("count_maps_written", plan.len(), &[("dir", &plan.dir())]);
    }

    tell_round(&args.output.display().to_string(), &round, lang);
    Ok(if round.rejected.is_empty() && round.conflicts.is_empty() && found.complete() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Every output of the run written whole beside its place (`output::stage`): the summary,
/// the JSON, the CSV and its data package, the feedback workbooks and the maps, for
/// `output::commit` to put in place together — an interruption or a failure leaves the
/// last run's outputs as they were, all of them.
fn stage_outputs(
    args: &Args,
    (round, data): (&Round<'_>, &digiaste::data_sheet::RoundData),
    feedback: Option<&(&PathBuf, Vec<files::Planned>)>,
    maps: Option<&maps::Plan>,
) -> Result<Vec<output::Staged>> {
    let catalog = round.catalog;
    // One moment for every output: the summary's date, the JSON's and the package's time.
    let now = std::time::SystemTime::now();
    let bytes = summary::build(round, data, &today(now)).map_err(|e| OutputError::Build {
        what: args.output.display().to_string(),
        detail: e.to_string(),
    })?;
    let mut staged = vec![output::stage(&args.output, &bytes, args.force)?];
    if let Some(path) = &args.json {
        let json = serde_json::to_vec_pretty(&AggregateReport::new(round, data, now))?;
        staged.push(output::stage(path, &json, args.force)?);
    }
    if let (Some(path), Some(package_path)) = (&args.csv, &args.package) {
        let csv = export::csv(round, data, args.csv_dialect);
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let package = export::datapackage(catalog, csv.as_bytes(), &name, args.csv_dialect, now);
        staged.push(output::stage(path, csv.as_bytes(), args.force)?);
        staged.push(output::stage(package_path, &package, args.force)?);
    }
    if let Some((dir, planned)) = feedback {
        staged.extend(files::stage(catalog, data, planned, (dir, args.force), None)?);
    }
    if let Some(plan) = maps {
        staged.extend(maps::stage(plan, round, args.force)?);
    }
    Ok(staged)
}

/// A warning when the earlier summary was made with another catalog or version.
fn warn_other_catalog(prev: &data_sheet::Previous, catalog: &digiaste::catalog::Catalog) {
    if prev.catalog_id != catalog.id || prev.catalog_version != catalog.version {
        tell(
            "aggregate_previous_other_catalog",
            &[
                ("file", &prev.path.display().to_string()),
                ("before", &format!("{} {}", prev.catalog_id, prev.catalog_version)),
                ("now", &format!("{} {}", catalog.id, catalog.version)),
            ],
        );
    }
}

/// What the round came to, on the console: the counts, then every rejected and every
/// superseded file by name.
fn tell_round(output: &str, round: &Round<'_>, lang: Lang) {
    let count_of = |key, r: round::MissingReason| {
        count(key, round.missing.iter().filter(|m| m.reason == r).count())
    };
    let superseded: usize = round.duplicates.iter().map(|d| d.superseded.len()).sum();
    tell(
        "aggregate_done",
        &[
            ("file", output),
            ("municipalities", &count("count_municipalities", round.kept.len())),
            ("rejected", &count("count_files_rejected", round.rejected.len())),
            ("superseded", &count("count_superseded", superseded)),
            ("missing", &count("count_missing", round.missing.len())),
            ("not_received", &count_of("count_not_received", round::MissingReason::NotReceived)),
            ("missing_rejected", &count_of("count_rejected", round::MissingReason::Rejected)),
            ("empty", &count_of("count_empty", round::MissingReason::Empty)),
        ],
    );
    for &i in &round.rejected {
        let r = &round.returns[i];
        let first = r.errors().next().map(|f| f.message(lang)).unwrap_or_default();
        let status = t(
            if r.status == Status::Unreadable {
                "report_status_unreadable"
            } else {
                "report_status_invalid"
            },
            lang,
        );
        let file = r.path.display().to_string();
        tell("aggregate_rejected_line", &[("file", &file), ("status", status), ("reason", &first)]);
    }
    let path = |i: usize| round.returns[i].path.display().to_string();
    for d in &round.duplicates {
        for &s in &d.superseded {
            let key = if d.identical.contains(&s) {
                "aggregate_identical_line"
            } else {
                "aggregate_superseded_line"
            };
            tell(key, &[("file", &path(s)), ("code", &d.code), ("kept", &path(d.kept))]);
        }
    }
    for c in &round.conflicts {
        for (i, named) in &c.others {
            tell(
                "aggregate_conflict_line",
                &[
                    ("file", &path(*i)),
                    ("code", &c.code),
                    ("named", named),
                    ("kept", &path(c.kept)),
                ],
            );
        }
    }
}

/// The date of a moment as YYYY-MM-DD (UTC).
fn today(now: std::time::SystemTime) -> String {
    digiaste::read::utc_timestamp(now)[..10].to_string()
}
