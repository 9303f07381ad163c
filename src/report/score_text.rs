//! `score` as text: a table of the measures per area and overall, then every service with
//! a header row and a legend. Headers are never cut: each column is as wide as its header
//! or its widest value. An indicator questionnaire shows points out of the maximum and the
//! share at each level instead of coverage and usage.

use std::fmt::Write as _;

use crate::catalog::Catalog;
use crate::lang::Lang;
use crate::measures::Measures;
use crate::read::format_number;
use crate::texts::{escaped, percent, t};

use super::ScoreReport;

fn pct(v: Option<f64>, lang: Lang) -> String {
    v.map_or_else(|| "–".to_string(), |v| percent(v, lang))
}

/// A plain-text table: the first column left-aligned (and the last one too when
/// `text_last`), the others right-aligned, every column as wide as its widest cell, the
/// header included. A row of one cell is a heading across the table.
pub(crate) fn table(rows: &[Vec<String>], text_last: bool) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let width = |c: usize| {
        rows.iter()
            .filter(|r| r.len() > 1)
            .filter_map(|r| r.get(c))
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..cols).map(width).collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let w = widths[c];
            if c == 0 && row.len() == 1 {
                line.push_str(cell);
            } else if c == 0 {
                let _ = write!(line, "{cell:<w$}");
            } else if c == cols - 1 && text_last {
                let _ = write!(line, "  {cell}");
            } else {
                let _ = write!(line, "  {cell:>w$}");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The measure columns of this catalog, header and value.
fn measure_cells(catalog: &Catalog, m: &Measures, lang: Lang) -> Vec<String> {
    if catalog.has_points() {
        let mut cells = vec![format!(
            "{} / {}",
            m.points.map_or("–".into(), format_number),
            m.max_points.map_or("–".into(), format_number)
        )];
        cells.extend(m.levels.iter().flatten().map(|l| pct(Some(l.share), lang)));
        cells.push(pct(m.degree, lang));
        return cells;
    }
    let mut cells = Vec::new();
    if catalog.has_adoption() {
        cells.push(pct(Some(m.coverage), lang));
    }
    cells.push(pct(m.degree, lang));
    if catalog.has_adoption() {
        cells.push(pct(Some(m.realized), lang));
    }
    if catalog.usage {
        cells.push(pct(m.usage, lang));
    }
    cells
}

fn measure_headers(catalog: &Catalog, lang: Lang) -> Vec<String> {
    let mut h = vec![t("sum_area", lang).to_string()];
    if let Some(k) = catalog.level_stage() {
        h.push(t("score_points", lang).to_string());
        h.extend(catalog.stages[k].options.iter().map(|o| o.label.get(lang).to_string()));
        h.push(t("sum_degree", lang).to_string());
        return h;
    }
    if catalog.has_adoption() {
        h.push(t("sum_coverage", lang).to_string());
    }
    h.push(t("sum_degree", lang).to_string());
    if catalog.has_adoption() {
        h.push(t("sum_realized", lang).to_string());
    }
    if catalog.usage {
        h.push(t("sum_usage", lang).to_string());
    }
    h
}

impl ScoreReport {
    /// The measures per area and overall, then per service, in `lang`.
    pub fn to_text(&self, lang: Lang, catalog: &Catalog) -> String {
        let mut out = String::new();
        let who = self
            .municipality
            .as_ref()
            .map(|m| format!("{} {}", escaped(&m.code), escaped(&m.name)))
            .unwrap_or_else(|| "?".into());
        let _ = writeln!(
            out,
            "{} — {who} — {} {}\n",
            escaped(&self.path),
            self.catalog.id,
            self.catalog.version
        );
        let mut rows = vec![measure_headers(catalog, lang)];
        for a in &self.areas {
            rows.push(
                [vec![escaped(&a.name).into_owned()], measure_cells(catalog, &a.measures, lang)]
                    .concat(),
            );
        }
        rows.push(
            [vec![t("sum_overall", lang).to_string()], measure_cells(catalog, &self.overall, lang)]
                .concat(),
        );
        out.push_str(&table(&rows, false));
        out.push('\n');
        out.push_str(
            &crate::measures::savings::text_table(&self.areas, &self.overall, lang)
                .unwrap_or_default(),
        );
        out.push_str(&self.services_text(lang, catalog));
        out
    }

    /// Every service under its area, with a header row, then the legend of "–".
    fn services_text(&self, lang: Lang, catalog: &Catalog) -> String {
        let points = catalog.has_points();
        let item = if catalog.has_adoption() { "col_service" } else { "col_item" };
        let mut header = vec![t("col_id", lang).to_string()];
        header.push(t(if points { "col_points" } else { "col_degree" }, lang).to_string());
        if catalog.usage {
            header.push(t("col_usage", lang).to_string());
        }
        header.push(t(item, lang).to_string());
        let mut rows = vec![header];
        for a in &self.areas {
            rows.push(vec![escaped(&a.name).into_owned()]);
            for s in &a.services {
                let state = match (points, s.introduced) {
                    (true, _) => s.points.filter(|&p| p > 0.0).map_or("–".into(), format_number),
                    (false, Some(true)) => pct(s.degree, lang),
                    (false, Some(false)) => "–".into(),
                    (false, None) => "?".into(),
                };
                let mut row = vec![format!("  {}", escaped(&s.id)), state];
                if catalog.usage {
                    row.push(pct(s.usage, lang));
                }
                row.push(escaped(&s.name).into_owned());
                rows.push(row);
            }
        }
        let mut out = table(&rows, true);
        let legend = if points { "score_level_legend" } else { "score_legend" };
        let _ = writeln!(out, "\n{}", t(legend, lang));
        out
    }
}
