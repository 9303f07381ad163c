//! `digiaste score`: the measures of one return, per service, per area and overall.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use digiaste::catalog::{Catalog, Lang};
use digiaste::measures::{self, Measures, Scores};
use digiaste::check::{self, Return, Status};

#[derive(clap::Args)]
pub struct Args {
    /// The returned workbook.
    file: PathBuf,
    /// Catalog file (TOML); the embedded default catalog when omitted.
    #[arg(short, long, value_name = "CATALOG")]
    catalog: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = super::validate::Format::Text)]
    format: super::validate::Format,
    /// Language of names and messages [default: the workbook's language].
    #[arg(long, value_enum)]
    lang: Option<Lang>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let catalog = super::load_catalog(args.catalog.as_deref())?;
    if !args.file.exists() {
        anyhow::bail!("{}: no such file", args.file.display());
    }
    let ret = check::ReturnChecker::new(&catalog).check_path(&args.file);
    let lang = args.lang.or(ret.language).unwrap_or(Lang::En);
    if ret.status == Status::Unreadable {
        for f in &ret.findings {
            eprintln!("{}: {} [{}]", args.file.display(), f.message(lang), f.code.as_str());
        }
        return Ok(ExitCode::from(1));
    }
    let scores = measures::score_all(&catalog, &ret.answers, lang);
    match args.format {
        super::validate::Format::Json => {
            println!("{}", serde_json::to_string_pretty(&score_json(&catalog, &ret, &scores))?)
        }
        super::validate::Format::Text => print!("{}", score_text(&catalog, &ret, &scores, lang)),
    }
    if ret.status == Status::Invalid {
        eprintln!(
            "{}: the file is invalid ({} error(s)); the figures above use only the answers that could be read. Run `digiaste validate` for details.",
            args.file.display(),
            ret.errors().count()
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// The JSON of DESIGN §6.
pub fn score_json(catalog: &Catalog, ret: &Return, scores: &Scores) -> serde_json::Value {
    serde_json::json!({
        "municipality": ret.municipality,
        "catalog": {"id": catalog.id, "version": catalog.version},
        "language": ret.language.map(|l| l.code()),
        "overall": scores.overall,
        "areas": scores.areas,
        "response_date": ret.response_date,
        "path": ret.path.display().to_string(),
    })
}

fn pct(v: Option<f64>) -> String {
    match v {
        Some(v) => format!("{:.1} %", v * 100.0),
        None => "–".to_string(),
    }
}

fn measures_row(label: &str, m: &Measures, width: usize) -> String {
    let mut row = format!(
        "{label:<width$}  {:>9}  {:>9}  {:>9}  {:>9}",
        pct(Some(m.coverage)),
        pct(m.degree),
        pct(Some(m.realized)),
        pct(m.usage)
    );
    if let (Some(p), Some(max)) = (m.points, m.max_points) {
        row.push_str(&format!("  {:>5}/{:<5}", digiaste::read::format_number(p), digiaste::read::format_number(max)));
    }
    row.push('\n');
    row
}

pub fn score_text(catalog: &Catalog, ret: &Return, scores: &Scores, lang: Lang) -> String {
    use digiaste::texts::t;
    let mut out = String::new();
    let who = ret.municipality.as_ref().map(|m| format!("{} {}", m.code, m.name)).unwrap_or_else(|| "?".into());
    out.push_str(&format!("{} — {who} — {} {}\n\n", ret.path.display(), catalog.id, catalog.version));
    let width = scores.areas.iter().map(|a| a.name.chars().count()).max().unwrap_or(10).max(t("sum_overall", lang).chars().count());
    let mut header = format!(
        "{:<width$}  {:>9}  {:>9}  {:>9}  {:>9}",
        t("sum_area", lang),
        t("sum_coverage", lang).chars().take(9).collect::<String>(),
        t("sum_degree", lang).chars().take(9).collect::<String>(),
        t("sum_realized", lang).chars().take(9).collect::<String>(),
        t("sum_usage", lang).chars().take(9).collect::<String>()
    );
    if catalog.has_points() {
        header.push_str(&format!("  {:>11}", t("sum_points", lang)));
    }
    out.push_str(&header);
    out.push('\n');
    for a in &scores.areas {
        out.push_str(&measures_row(&a.name, &a.measures, width));
    }
    out.push_str(&measures_row(t("sum_overall", lang), &scores.overall, width));
    out.push('\n');
    for a in &scores.areas {
        out.push_str(&format!("{}\n", a.name));
        for s in &a.services {
            let state = match s.introduced {
                Some(true) => pct(s.degree),
                Some(false) => "–".into(),
                None => "?".into(),
            };
            out.push_str(&format!("  {:<28} {:>9}  {:>9}  {}\n", s.id, state, pct(s.usage), s.name));
        }
    }
    out
}
