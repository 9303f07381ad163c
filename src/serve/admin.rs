//! The ministry's page: the round aggregated over the inbox by the library's own functions
//! (`round::read_round`, `Round::new` and its winner rule, `round::glance::regions`,
//! `summary::build`), rebuilt when a send was accepted; returned and expected per region,
//! the missing with the contact their latest file gave, the rejected sends, the latest
//! send of each municipality and the summary workbook to download.

use std::path::PathBuf;
use std::sync::atomic::Ordering;

use serde::Serialize;

use super::error::ServeError;
use super::inbox;
use super::intake::App;
use super::ledger::Attempt;
use super::page::{attempts_table, document, html};
use crate::lang::Lang;
use crate::register::Register;
use crate::round::{self, Round};
use crate::texts::{percent, t};

/// The round as the inbox holds it, aggregated once per change.
#[derive(Clone)]
pub struct Aggregated {
    /// The summary workbook.
    pub summary: Vec<u8>,
    /// The map of Finland: each counted municipality's overall degree, the others grey,
    /// with its legend and the attribution its licence requires.
    pub map: String,
    /// Each region's expected and counted municipalities.
    pub regions: Vec<RegionRow>,
    /// The expected municipalities without a counted return.
    pub missing: Vec<MissingRow>,
    /// How many are expected and counted in all.
    pub expected: usize,
    /// Counted municipalities.
    pub counted: usize,
}

/// One region on the admin page.
#[derive(Clone, Debug, Serialize)]
pub struct RegionRow {
    /// The region's code ("01").
    pub code: String,
    /// Its name in the page's language.
    pub name: String,
    /// Its municipalities expected.
    pub expected: usize,
    /// Its municipalities with a counted return.
    pub returned: usize,
}

/// One missing municipality, with whom its last attempt named.
#[derive(Clone, Debug, Serialize)]
pub struct MissingRow {
    /// Its code.
    pub code: String,
    /// Its name in its own language.
    pub name: String,
    /// Why it is missing (`missing_not_received`, …), in the page's language.
    pub reason: String,
    /// The respondent and e-mail its latest (rejected) file named, when one did.
    pub contact: Option<String>,
}

/// The admin JSON.
#[derive(Serialize)]
struct AdminReport<'a> {
    expected: usize,
    returned: usize,
    regions: &'a [RegionRow],
    missing: &'a [MissingRow],
    rejected: &'a [Attempt],
    latest: &'a [Attempt],
}

/// Today as YYYY-MM-DD (UTC).
fn today() -> String {
    inbox::utc(std::time::SystemTime::now()).1[..10].to_string()
}

impl App {
    /// The round aggregated over the inbox in `lang`, from the cache when no send was
    /// accepted since.
    fn aggregated(&self, lang: Lang) -> Result<Aggregated, ServeError> {
        let generation = self.generation.load(Ordering::SeqCst);
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((g, l, a)) = cache.as_ref()
            && *g == generation
            && *l == lang
        {
            return Ok(a.clone());
        }
        let files: Vec<PathBuf> =
            inbox::list(&self.inbox)?.iter().map(|n| self.inbox.join(n)).collect();
        let (chosen, returns) = round::read_round(&files, &self.catalogs, &|| {});
        let catalog = &self.catalogs.all()[chosen];
        let round = Round::new(catalog, lang, returns, None);
        let data = crate::summary::data::data(&round);
        let summary = crate::summary::build(&round, &data, &today())
            .map_err(|e| ServeError::io(&self.inbox, e))?;
        let regions = round::glance::regions(&data, &round.expected)
            .into_iter()
            .map(|r| RegionRow {
                code: r.region.code.clone(),
                name: r.region.name(lang).to_string(),
                expected: r.expected,
                returned: r.counted,
            })
            .collect();
        let register = Register::embedded();
        let missing = round
            .missing
            .iter()
            .map(|m| MissingRow {
                code: m.code.clone(),
                name: register
                    .get(&m.code)
                    .map_or(m.name_fi.clone(), |r| r.name(r.own_lang()).to_string()),
                reason: t(m.reason.label_key(), lang).to_string(),
                contact: m.file.and_then(|i| contact(&round.returns[i])),
            })
            .collect();
        let map = map_svg(&round, lang);
        let a = Aggregated {
            summary,
            map,
            regions,
            missing,
            expected: round.expected.len(),
            counted: round.kept.len(),
        };
        *cache = Some((generation, lang, a.clone()));
        Ok(a)
    }

    /// The map of the inbox's round (SVG).
    pub fn map(&self, lang: Lang) -> Result<String, ServeError> {
        Ok(self.aggregated(lang)?.map)
    }

    /// The summary workbook of the inbox.
    pub fn summary(&self, lang: Lang) -> Result<Vec<u8>, ServeError> {
        Ok(self.aggregated(lang)?.summary)
    }

    /// The admin page (HTML), or its JSON.
    pub fn admin(&self, lang: Lang, here: &str, json: bool) -> Result<String, ServeError> {
        let a = self.aggregated(lang)?;
        let rejected = self.ledger.rejected(200)?;
        let latest = self.ledger.latest_sends()?;
        if json {
            let report = AdminReport {
                expected: a.expected,
                returned: a.counted,
                regions: &a.regions,
                missing: &a.missing,
                rejected: &rejected,
                latest: &latest,
            };
            return Ok(serde_json::to_string_pretty(&report).unwrap_or_default());
        }
        let mut body = format!("<h1>{}</h1>\n", html(t("web_admin_title", lang)));
        body.push_str(&format!(
            "<p>{} <a href=\"{}/summary.xlsx?lang={}\">{}</a></p>\n",
            html(&crate::texts::tf(
                "web_admin_counts",
                lang,
                &[("returned", &a.counted.to_string()), ("expected", &a.expected.to_string())]
            )),
            html(here),
            lang.code(),
            html(t("web_admin_summary", lang))
        ));
        body.push_str(&format!(
            "<figure><img src=\"{}/map.svg?lang={}\" width=\"500\" alt=\"{}\"></figure>\n",
            html(here),
            lang.code(),
            html(t("web_admin_map_alt", lang)),
        ));
        body.push_str(&regions_table(&a.regions, lang));
        body.push_str(&format!("<h2>{}</h2>\n", html(t("web_admin_missing", lang))));
        body.push_str(&missing_table(&a.missing, lang));
        body.push_str(&format!("<h2>{}</h2>\n", html(t("web_admin_rejected", lang))));
        body.push_str(&attempts_table(&rejected, lang, true));
        body.push_str(&format!("<h2>{}</h2>\n", html(t("web_admin_latest", lang))));
        body.push_str(&attempts_table(&latest, lang, true));
        Ok(document(lang, t("web_admin_title", lang), here, &body))
    }
}

/// The map of the round: the overall degree of each counted municipality, as
/// `aggregate --maps` draws it, the missing grey.
fn map_svg(round: &Round<'_>, lang: Lang) -> String {
    let values = round
        .kept
        .iter()
        .map(|k| (k.code.clone(), crate::measures::Group::Overall.measures(&k.scores).degree))
        .collect();
    let spec = crate::map::MapSpec {
        values: &values,
        lang,
        title: Some(t("map_title_overall", lang)),
        highlight: None,
        legend: true,
    };
    crate::map::svg(&spec, 500)
}

/// The respondent and e-mail a return names, when it names either.
fn contact(r: &crate::check::Return) -> Option<String> {
    let parts: Vec<&str> =
        [r.respondent.as_deref(), r.respondent_email.as_deref()].into_iter().flatten().collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

fn regions_table(rows: &[RegionRow], lang: Lang) -> String {
    let mut out = format!(
        "<h2>{}</h2>\n<table>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\" class=\"num\">{}</th>\
         <th scope=\"col\" class=\"num\">{}</th><th scope=\"col\" class=\"num\">{}</th></tr></thead>\n<tbody>\n",
        html(t("web_admin_regions", lang)),
        html(t("web_col_region", lang)),
        html(t("web_col_returned", lang)),
        html(t("web_col_expected", lang)),
        html(t("web_col_share", lang)),
    );
    for r in rows {
        let share = if r.expected > 0 {
            percent(r.returned as f64 / r.expected as f64, lang)
        } else {
            String::new()
        };
        out.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
            html(&r.name), r.returned, r.expected, html(&share)
        ));
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

fn missing_table(rows: &[MissingRow], lang: Lang) -> String {
    let mut out = format!(
        "<table>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
        html(t("web_col_municipality", lang)),
        html(t("web_col_reason", lang)),
        html(t("web_col_contact", lang)),
    );
    for m in rows {
        out.push_str(&format!(
            "<tr><td>{} {}</td><td>{}</td><td>{}</td></tr>\n",
            html(&m.code),
            html(&m.name),
            html(&m.reason),
            html(m.contact.as_deref().unwrap_or(""))
        ));
    }
    out.push_str("</tbody>\n</table>\n");
    out
}
