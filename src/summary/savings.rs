//! The savings sheet of the summary workbook (docs/measures.md): per municipality its realised,
//! potential and untapped savings and the same per inhabitant; a national estimate scaled
//! by population from the reporting municipalities, labelled with its basis. Beside it the
//! savings per service, on a sheet of its own under its own headers: the ten services with
//! the largest untapped savings, then every service's national sums and how many
//! municipalities reported. Written only for a catalog with savings.

use crate::xlsx::sizing::{BODY_PT, PrintTitles, Widths, header_height, lines_height, print_setup};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::{Formats, titled_sheet, write_opt};
use crate::measures::savings::SavingsTotals;
use crate::register::{self, Register};
use crate::round::{Kept, Round};
use crate::texts::{t, tf, tn};

/// Row of the basis line under the title; the line saying how the estimate is made, or
/// why there is none, follows it.
const BASIS_ROW: u32 = 1;
/// Header row of the municipality table; its rows follow.
const MUNICIPALITY_HEADER_ROW: u32 = 3;
/// How many services the top list shows.
const TOP: usize = 10;
/// The least basis for an estimate for the whole country (docs/measures.md): at least this
/// many reporting municipalities…
pub const ESTIMATE_MIN_MUNICIPALITIES: usize = 10;
/// …and at least this share of the country's population living in them. Below either, only
/// the sums and their basis are shown: one large city's figures times fifty is no estimate.
pub const ESTIMATE_MIN_POPULATION_SHARE: f64 = 0.20;

/// A municipality reports savings when at least one service has a figure (a volume and an
/// hourly cost).
pub fn reports(k: &Kept) -> bool {
    k.scores
        .areas
        .iter()
        .flat_map(|a| &a.services)
        .any(|s| s.savings.as_ref().is_some_and(|f| f.potential.is_some()))
}

/// The national picture: sums over the reporting municipalities and the population basis.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct National {
    /// Reporting municipalities, and the counted ones.
    pub reporting: usize,
    /// Municipalities counted in the round.
    pub counted: usize,
    /// Population of the reporting municipalities and of the whole country (the register).
    pub reporting_population: u64,
    /// Inhabitants of the reporting municipalities.
    pub population: u64,
    /// The year the population was counted.
    pub population_year: u16,
    /// Sums over the reporting municipalities.
    pub sums: SavingsTotals,
}

impl National {
    /// The national figures of a round.
    pub fn of(round: &Round<'_>) -> National {
        let mut n = National { counted: round.kept.len(), ..National::default() };
        for m in &Register::embedded().municipalities {
            if let Some((p, year)) = register::population(&m.code) {
                n.population += p;
                n.population_year = year;
            }
        }
        for k in round.kept.iter().filter(|k| reports(k)) {
            n.reporting += 1;
            n.reporting_population += register::population(&k.code).map_or(0, |p| p.0);
            n.sums.add(&k.scores.overall.savings.unwrap_or_default());
        }
        n
    }

    /// Share of the country's population living in the reporting municipalities.
    pub fn population_share(&self) -> Option<f64> {
        (self.population > 0).then(|| self.reporting_population as f64 / self.population as f64)
    }

    /// Whether the reporting municipalities are basis enough for an estimate for the whole
    /// country: [`ESTIMATE_MIN_MUNICIPALITIES`] and [`ESTIMATE_MIN_POPULATION_SHARE`].
    pub fn estimable(&self) -> bool {
        self.reporting >= ESTIMATE_MIN_MUNICIPALITIES
            && self.population_share().is_some_and(|s| s >= ESTIMATE_MIN_POPULATION_SHARE)
    }

    /// A sum scaled from the reporting municipalities to the whole country by population;
    /// `None` when the basis is too small ([`National::estimable`]).
    pub fn estimate(&self, sum: f64) -> Option<f64> {
        (self.estimable() && self.reporting_population > 0)
            .then(|| sum * self.population as f64 / self.reporting_population as f64)
    }
}

/// Adds the sheet when the catalog has savings.
pub(super) fn add(wb: &mut Workbook, round: &Round<'_>, f: &Formats) -> Result<(), XlsxError> {
    if round.catalog.savings.is_none() {
        return Ok(());
    }
    let ws = wb.add_worksheet();
    titled_sheet(ws, t("agg_savings_sheet", round.lang), f)?;
    let national = National::of(round);
    let euros = Format::new().set_num_format("#,##0");
    let per_inhabitant = Format::new().set_num_format("#,##0.00");
    let cx = Cx { round, f, euros: &euros, per_inhabitant: &per_inhabitant };
    let share = national
        .population_share()
        .map(|s| crate::texts::percent(s, round.lang))
        .unwrap_or_default();
    let basis = tn(
        "agg_savings_basis",
        national.reporting,
        round.lang,
        &[
            ("counted", &national.counted.to_string()),
            ("share", &share),
            ("year", &national.population_year.to_string()),
        ],
    );
    let estimate = if national.estimable() {
        t("agg_savings_basis_estimated", round.lang).to_string()
    } else {
        estimate_rule(round.lang)
    };
    ws.write_string_with_format(BASIS_ROW, 0, basis, &f.subtitle)?;
    ws.write_string_with_format(BASIS_ROW + 1, 0, estimate, &f.subtitle)?;
    let row = cx.municipalities(ws, MUNICIPALITY_HEADER_ROW)?;
    cx.national(ws, row + 1, &national)?;
    // Printed like the other sheets: landscape A4, titles repeated, legible or across pages.
    let mut widths = Widths::default();
    widths.set(ws, 0, 24.0)?;
    widths.set(ws, 1, 40.0)?;
    for col in 2..=9 {
        widths.set(ws, col, 15.0)?;
    }
    let titles = PrintTitles { rows: (0, MUNICIPALITY_HEADER_ROW), cols: Some((0, 1)) };
    print_setup(ws, &widths, &titles)?;
    add_services(wb, &cx)
}

/// The savings per service: the ten largest untapped, then every service, both under the
/// one header row repeated on every printed page.
fn add_services(wb: &mut Workbook, cx: &Cx<'_>) -> Result<(), XlsxError> {
    let lang = cx.round.lang;
    let ws = wb.add_worksheet();
    titled_sheet(ws, t("agg_savings_services_sheet", lang), cx.f)?;
    ws.write_string_with_format(
        BASIS_ROW,
        0,
        t("agg_savings_services_note", lang),
        &cx.f.subtitle,
    )?;
    cx.headers(ws, SERVICES_HEADER_ROW, &SERVICE_HEADERS)?;
    let sums = cx.service_sums();
    let mut row = cx.top(ws, SERVICES_HEADER_ROW + 1, &sums)?;
    row += 1;
    ws.write_string_with_format(row, 0, t("agg_savings_all_services", lang), &cx.f.bold)?;
    cx.services(ws, row + 1, &sums)?;
    // Ids and names whole: each column as wide as its longest entry.
    let ids = sums.iter().map(|s| s.0.chars().count()).max().unwrap_or(0) as f64;
    let names = sums.iter().map(|s| s.1.chars().count()).max().unwrap_or(0) as f64;
    let mut widths = Widths::default();
    // Ids are lower-case letters and dots, names mostly lower case: narrower than digits.
    widths.set(ws, 0, (ids * 0.9 + 1.0).clamp(14.0, 36.0))?;
    widths.set(ws, 1, (names * 0.9 + 1.0).clamp(30.0, 50.0))?;
    for col in 2..SERVICE_HEADERS.len() as u16 {
        widths.set(ws, col, 15.0)?;
    }
    // The header band as high as its wrapped headers, no higher.
    let headers: Vec<(u16, String)> = SERVICE_HEADERS
        .iter()
        .enumerate()
        .map(|(c, k)| (c as u16, t(k, lang).to_string()))
        .collect();
    ws.set_row_height(SERVICES_HEADER_ROW, header_height(&widths, &headers))?;
    let titles = PrintTitles { rows: (0, SERVICES_HEADER_ROW), cols: None };
    print_setup(ws, &widths, &titles)?;
    Ok(())
}

/// Header row of the savings per service.
const SERVICES_HEADER_ROW: u32 = 3;

/// The columns of the savings per service, the top list's and the full list's.
const SERVICE_HEADERS: [&str; 6] = [
    "agg_savings_service_id",
    "agg_savings_service",
    "savings_col_realized",
    "savings_col_potential",
    "savings_col_untapped",
    "agg_savings_municipalities",
];

/// "No estimate for the whole country is shown below 10 reporting municipalities and 20 %
/// of the population."
fn estimate_rule(lang: crate::lang::Lang) -> String {
    tf(
        "agg_savings_estimate_rule",
        lang,
        &[("n", &ESTIMATE_MIN_MUNICIPALITIES.to_string()), ("share", &min_share())],
    )
}

/// "20 %": the least share of the population, as the rule is written.
fn min_share() -> String {
    format!("{:.0} %", ESTIMATE_MIN_POPULATION_SHARE * 100.0)
}

/// A service's id, name and sums over the counted municipalities (`services_reported`
/// counts the municipalities that reported its volume).
type ServiceSums<'a> = (&'a str, &'a str, SavingsTotals);

/// What the sections share.
struct Cx<'a> {
    round: &'a Round<'a>,
    f: &'a Formats,
    euros: &'a Format,
    per_inhabitant: &'a Format,
}

impl Cx<'_> {
    fn headers(
        &self,
        ws: &mut Worksheet,
        row: u32,
        keys: &[&'static str],
    ) -> Result<(), XlsxError> {
        for (c, key) in keys.iter().enumerate() {
            ws.write_string_with_format(row, c as u16, t(key, self.round.lang), &self.f.header)?;
        }
        // Headers wrap between words in these 15-wide columns: room for three lines.
        ws.set_row_height(row, lines_height(3, BODY_PT))?;
        Ok(())
    }

    /// One row per counted municipality; returns the row after the table.
    fn municipalities(&self, ws: &mut Worksheet, header: u32) -> Result<u32, XlsxError> {
        self.headers(
            ws,
            header,
            &[
                "agg_savings_code",
                "agg_savings_name",
                "agg_savings_population",
                "savings_col_realized",
                "savings_col_potential",
                "savings_col_untapped",
                "savings_col_reported",
                "agg_savings_realized_per_inhabitant",
                "agg_savings_untapped_per_inhabitant",
            ],
        )?;
        let mut row = header + 1;
        for k in &self.round.kept {
            let s = k.scores.overall.savings.unwrap_or_default();
            let population = register::population(&k.code).map(|p| p.0 as f64);
            ws.write_string(row, 0, &k.code)?;
            ws.write_string(row, 1, k.name_in(self.round.lang))?;
            write_opt(ws, row, 2, population, &self.f.number)?;
            if reports(k) {
                for (c, v) in [(3, s.realized), (4, s.potential), (5, s.untapped)] {
                    ws.write_number_with_format(row, c, v, self.euros)?;
                }
                let per = |v: f64| population.filter(|p| *p > 0.0).map(|p| v / p);
                write_opt(ws, row, 7, per(s.realized), self.per_inhabitant)?;
                write_opt(ws, row, 8, per(s.untapped), self.per_inhabitant)?;
            }
            ws.write_number(row, 6, s.services_reported as f64)?;
            row += 1;
        }
        Ok(row)
    }

    /// The sums over the reporting municipalities and the estimate for the whole country.
    fn national(&self, ws: &mut Worksheet, header: u32, n: &National) -> Result<u32, XlsxError> {
        let lang = self.round.lang;
        self.headers(
            ws,
            header,
            &[
                "agg_savings_national",
                "agg_savings_figure",
                "savings_col_realized",
                "savings_col_potential",
                "savings_col_untapped",
            ],
        )?;
        let sums = [n.sums.realized, n.sums.potential, n.sums.untapped];
        ws.write_string_with_format(
            header + 1,
            0,
            t("agg_savings_sum_reporting", lang),
            &self.f.bold,
        )?;
        for (i, v) in sums.into_iter().enumerate() {
            ws.write_number_with_format(header + 1, 2 + i as u16, v, self.euros)?;
        }
        if n.estimable() {
            ws.write_string_with_format(
                header + 2,
                0,
                t("agg_savings_estimate", lang),
                &self.f.bold,
            )?;
            ws.write_string(header + 2, 1, t("agg_savings_estimate_note", lang))?;
            for (i, v) in sums.into_iter().enumerate() {
                write_opt(ws, header + 2, 2 + i as u16, n.estimate(v), self.euros)?;
            }
        } else {
            let share = n.population_share().map(|s| crate::texts::percent(s, lang));
            let needs = tf(
                "agg_savings_no_estimate_note",
                lang,
                &[
                    ("n", &n.reporting.to_string()),
                    ("min", &ESTIMATE_MIN_MUNICIPALITIES.to_string()),
                    ("share", &share.unwrap_or_default()),
                    ("min_share", &min_share()),
                ],
            );
            ws.write_string_with_format(
                header + 2,
                0,
                t("agg_savings_no_estimate", lang),
                &self.f.bold,
            )?;
            ws.write_string(header + 2, 1, needs)?;
        }
        Ok(header + 3)
    }

    /// Per service from `first` down: national sums and how many municipalities reported a
    /// volume; returns the row after.
    fn services(
        &self,
        ws: &mut Worksheet,
        first: u32,
        sums: &[ServiceSums],
    ) -> Result<u32, XlsxError> {
        let mut row = first;
        for s in sums {
            self.service_row(ws, row, s)?;
            row += 1;
        }
        Ok(row)
    }

    /// One service's row of the savings per service.
    fn service_row(&self, ws: &mut Worksheet, row: u32, s: &ServiceSums) -> Result<(), XlsxError> {
        let (id, name, sums) = s;
        ws.write_string(row, 0, *id)?;
        ws.write_string(row, 1, *name)?;
        for (c, v) in [(2, sums.realized), (3, sums.potential), (4, sums.untapped)] {
            ws.write_number_with_format(row, c, v, self.euros)?;
        }
        ws.write_number(row, 5, sums.services_reported as f64)?;
        Ok(())
    }

    /// (id, name, sums over the counted municipalities) per catalog service; in the sums,
    /// `services_reported` counts the municipalities that reported the service's volume.
    fn service_sums(&self) -> Vec<ServiceSums<'_>> {
        let lang = self.round.lang;
        let mut out = Vec::new();
        for (a, area) in self.round.catalog.areas.iter().enumerate() {
            for (s, service) in area.services.iter().enumerate() {
                let mut sums = SavingsTotals::default();
                for k in &self.round.kept {
                    if let Some(fig) = &k.scores.areas[a].services[s].savings {
                        sums.add_service(fig);
                    }
                }
                out.push((service.id.as_str(), service.name.get(lang), sums));
            }
        }
        out
    }

    /// From `first` down, the services with the largest untapped savings nationally, at
    /// most [`TOP`], under a line that says so — or a line saying no municipality reported a
    /// volume; returns the row after.
    fn top(&self, ws: &mut Worksheet, first: u32, sums: &[ServiceSums]) -> Result<u32, XlsxError> {
        let lang = self.round.lang;
        let mut top: Vec<&ServiceSums> =
            sums.iter().filter(|(_, _, s)| s.services_reported > 0).collect();
        top.sort_by(|a, b| b.2.untapped.total_cmp(&a.2.untapped).then_with(|| a.0.cmp(b.0)));
        top.truncate(TOP);
        let title = if top.is_empty() {
            t("agg_savings_top_none", lang).to_string()
        } else {
            tn("agg_savings_top", top.len(), lang, &[])
        };
        ws.write_string_with_format(first, 0, title, &self.f.bold)?;
        let mut row = first + 1;
        for s in top {
            self.service_row(ws, row, s)?;
            row += 1;
        }
        Ok(row)
    }
}
