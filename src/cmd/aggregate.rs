//! `digiaste aggregate`: every return of a round into one summary workbook, with JSON and
//! CSV exports for analysts.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

use digiaste::catalog::Lang;
use digiaste::output;
use digiaste::check;
use digiaste::round::{self, Round};
use digiaste::round::summary;

#[derive(clap::Args)]
pub struct Args {
    /// Returned workbooks, or folders to search for .xlsx/.xlsm/.xls/.ods files.
    #[arg(required = true, value_name = "FILE|DIR")]
    inputs: Vec<PathBuf>,
    /// The summary workbook to write.
    #[arg(short, long, value_name = "SUMMARY.xlsx")]
    output: PathBuf,
    /// Catalog file (TOML); the embedded default catalog when omitted.
    #[arg(short, long, value_name = "CATALOG")]
    catalog: Option<PathBuf>,
    /// Language of the summary.
    #[arg(long, value_enum, default_value_t = Lang::Fi)]
    lang: Lang,
    /// An earlier summary written by digiaste, to show what changed since.
    #[arg(long, value_name = "EARLIER_SUMMARY.xlsx")]
    previous: Option<PathBuf>,
    /// The municipalities expected to answer (CSV, codes in the first column)
    /// [default: all 308 of the register].
    #[arg(long, value_name = "CODES.csv")]
    expected: Option<PathBuf>,
    /// Also write the results as JSON.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// Also write a tidy CSV: one row per municipality × service × field.
    #[arg(long, value_name = "FILE")]
    csv: Option<PathBuf>,
    /// Replace existing output files.
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    // Everything that can fail for usage reasons fails before any file is read.
    let catalog = super::load_catalog(args.catalog.as_deref())?;
    for path in [Some(&args.output), args.json.as_ref(), args.csv.as_ref()].into_iter().flatten() {
        output::check_writable(path, args.force)?;
    }
    let expected = args.expected.as_deref().map(round::read_expected).transpose()?;
    let previous = args.previous.as_deref().map(round::read_previous).transpose()?;
    let files = super::validate::collect_inputs(&args.inputs)?;

    let progress = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(files.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    progress.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}").unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let returns: Vec<check::Return> = {
        use rayon::prelude::*;
        let checker = check::ReturnChecker::new(&catalog);
        files
            .par_iter()
            .map(|p| {
                let r = checker.check_path(p);
                progress.inc(1);
                r
            })
            .collect()
    };
    progress.finish_and_clear();

    let mut round = Round::new(&catalog, args.lang, returns, expected);
    if let Some(prev) = &previous
        && (prev.catalog_id != catalog.id || prev.catalog_version != catalog.version) {
            eprintln!(
                "digiaste: warning: the earlier summary {} used catalog {} {}, this round {} {}; changes are not fully comparable",
                prev.path.display(),
                prev.catalog_id,
                prev.catalog_version,
                catalog.id,
                catalog.version
            );
        }
    round.previous = previous;

    let today = today();
    let bytes = summary::build(&round, &today).context("cannot build the summary workbook")?;
    output::write_atomic(&args.output, &bytes, args.force)?;
    if let Some(path) = &args.json {
        let json = serde_json::to_vec_pretty(&round_json(&round))?;
        output::write_atomic(path, &json, args.force)?;
    }
    if let Some(path) = &args.csv {
        output::write_atomic(path, tidy_csv(&round).as_bytes(), args.force)?;
    }

    eprintln!(
        "{}: {} municipalities, {} file(s) rejected, {} superseded, {} missing",
        args.output.display(),
        round.kept.len(),
        round.rejected.len(),
        round.duplicates.iter().map(|d| d.superseded.len()).sum::<usize>(),
        round.missing.len()
    );
    for &i in &round.rejected {
        let r = &round.returns[i];
        let first = r.errors().next().map(|f| f.message(Lang::En)).unwrap_or_default();
        eprintln!("  rejected {} ({}): {first}", r.path.display(), r.status.as_str());
    }
    Ok(if round.rejected.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Today's date as YYYY-MM-DD (UTC).
fn today() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    digiaste::read::serial_to_date((secs / 86_400) as f64 + 25_569.0, false)
}

/// The JSON of DESIGN §6.
pub fn round_json(round: &Round<'_>) -> serde_json::Value {
    let lang = round.lang;
    serde_json::json!({
        "catalog": {"id": round.catalog.id, "version": round.catalog.version},
        "municipalities": round.kept.iter().map(|k| {
            let r = &round.returns[k.index];
            serde_json::json!({
                "code": k.code,
                "name": k.name,
                "path": r.path.display().to_string(),
                "response_date": r.response_date,
                "overall": k.scores.overall,
                "areas": k.scores.areas,
            })
        }).collect::<Vec<_>>(),
        "missing": round.missing.iter().map(|(c, _, _)| c).collect::<Vec<_>>(),
        "duplicates": round.duplicates.iter().map(|d| serde_json::json!({
            "code": d.code,
            "kept": round.returns[d.kept].path.display().to_string(),
            "superseded": d.superseded.iter().map(|&i| round.returns[i].path.display().to_string()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "rejected": round.rejected.iter().map(|&i| {
            let r = &round.returns[i];
            serde_json::json!({
                "path": r.path.display().to_string(),
                "status": r.status,
                "errors": r.errors().map(|f| f.to_json(lang)).collect::<Vec<_>>(),
            })
        }).collect::<Vec<_>>(),
        "added": round.kept.iter().flat_map(|k| round.returns[k.index].added.iter().map(move |a| serde_json::json!({
            "code": k.code, "area": a.area, "name": a.name, "introduced": a.introduced, "usage": a.usage.map(|u| u / 100.0), "comment": a.comment,
        }))).collect::<Vec<_>>(),
    })
}

/// A CSV cell: quoted when needed, and neutralised when a spreadsheet would take it for
/// a formula (= + - @, tab, carriage return at the start).
pub fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s }
}

/// One row per municipality × service × field, UTF-8 with BOM for Excel.
pub fn tidy_csv(round: &Round<'_>) -> String {
    let mut out = String::from("\u{feff}municipality_code,municipality_name,response_date,area_id,service_id,field,value\r\n");
    let num = |v: Option<f64>| v.map(|x| format!("{x}")).unwrap_or_default();
    for k in &round.kept {
        let date = round.returns[k.index].response_date.clone().unwrap_or_default();
        for a in &k.scores.areas {
            for s in &a.services {
                let introduced = match s.introduced {
                    Some(true) => "true",
                    Some(false) => "false",
                    None => "",
                };
                for (field, value) in [("introduced", introduced.to_string()), ("degree", num(s.degree)), ("usage", num(s.usage))] {
                    let cells = [k.code.as_str(), k.name.as_str(), date.as_str(), a.id.as_str(), s.id.as_str(), field, value.as_str()];
                    out.push_str(&cells.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(","));
                    out.push_str("\r\n");
                }
            }
        }
        for added in &round.returns[k.index].added {
            let cells = [k.code.as_str(), k.name.as_str(), date.as_str(), added.area.as_str(), "", "added_service", added.name.as_str()];
            out.push_str(&cells.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(","));
            out.push_str("\r\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_neutralised_and_quoted() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("@SUM"), "'@SUM");
        assert_eq!(csv_cell("Helsinki"), "Helsinki");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
    }
}
