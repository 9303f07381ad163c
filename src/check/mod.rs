//! Interprets a returned workbook against the catalog: finds the sheets and services by
//! their names and ids (never by row number alone), reads and checks every answer, and
//! reports each problem with its place (DESIGN §5).

pub mod findings;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use crate::catalog::{Catalog, Lang};
use crate::check::findings::{Code, Finding, Severity};
use crate::workbook::layout::{self, AreaColumns, Respondent};
use crate::measures::ServiceAnswers;
use crate::read::{self, Book, ReadError, Sheet, Value};
use crate::register::{self, Register};
use crate::texts::t;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Valid,
    Invalid,
    Unreadable,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Valid => "valid",
            Status::Invalid => "invalid",
            Status::Unreadable => "unreadable",
        }
    }
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MunicipalityRef {
    pub code: String,
    pub name: String,
}

/// A service a municipality typed into the blank rows.
#[derive(Clone, Debug, PartialEq)]
pub struct AddedService {
    pub area: String,
    pub sheet: String,
    pub row: u32,
    pub name: String,
    pub introduced: Option<bool>,
    pub usage: Option<f64>,
    pub comment: Option<String>,
}

/// One returned workbook, read and checked.
#[derive(Clone, Debug)]
pub struct Return {
    pub path: PathBuf,
    pub status: Status,
    pub municipality: Option<MunicipalityRef>,
    pub response_date: Option<String>,
    pub respondent: Option<String>,
    pub language: Option<Lang>,
    pub findings: Vec<Finding>,
    /// `answers[area][service]`, in catalog order.
    pub answers: Vec<Vec<ServiceAnswers>>,
    pub added: Vec<AddedService>,
}

impl Return {
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.severity() == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.severity() != Severity::Error)
    }
}

/// Reads and checks one file. Never fails: an unreadable file is a `Return` with status
/// `unreadable` and a finding that says why.
pub fn read_return(path: &Path, catalog: &Catalog) -> Return {
    from_book(path, read::read_path(path), catalog)
}

/// Reads and checks a workbook held in memory (fuzzing, tests); `name` gives the
/// extension and the path shown in findings.
pub fn read_return_bytes(name: &str, data: &[u8], catalog: &Catalog) -> Return {
    let path = Path::new(name);
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
    from_book(path, read::read_bytes(data, &ext), catalog)
}

/// Checks a workbook already read (or the reason it could not be).
pub fn from_book(path: &Path, book: Result<Book, ReadError>, catalog: &Catalog) -> Return {
    let mut ret = Return {
        path: path.to_path_buf(),
        status: Status::Valid,
        municipality: None,
        response_date: None,
        respondent: None,
        language: None,
        findings: Vec::new(),
        answers: catalog.areas.iter().map(|a| vec![ServiceAnswers::blank(catalog); a.services.len()]).collect(),
        added: Vec::new(),
    };
    match book {
        Err(e) => {
            let f = match e {
                ReadError::Unreadable(reason) => Finding::new(Code::UnreadableFile).arg_reason("reason", reason),
                ReadError::Encrypted => Finding::new(Code::EncryptedFile),
                ReadError::Unsupported(ext) => Finding::new(Code::UnsupportedFormat).arg("ext", ext),
            };
            ret.findings.push(f);
            ret.status = Status::Unreadable;
        }
        Ok(book) => {
            Interpreter { catalog, book: &book, ret: &mut ret }.run();
            if ret.errors().next().is_some() {
                ret.status = Status::Invalid;
            }
        }
    }
    ret
}

/// Text as compared when matching answers: Unicode NFC, trimmed, inner whitespace
/// collapsed, case folded.
pub fn fold(s: &str) -> String {
    let nfc: String = s.nfkc().collect();
    nfc.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The options of one question, matched in every catalog language.
struct Matcher {
    exact: HashMap<String, usize>,
    folded: HashMap<String, usize>,
}

impl Matcher {
    fn new(options: impl Iterator<Item = (usize, Vec<String>)>) -> Matcher {
        let mut exact = HashMap::new();
        let mut folded = HashMap::new();
        for (i, labels) in options {
            for l in labels {
                folded.entry(fold(&l)).or_insert(i);
                exact.entry(l).or_insert(i);
            }
        }
        Matcher { exact, folded }
    }

    /// `Some((index, repaired))`, or `None` when the text is not an option.
    fn find(&self, text: &str) -> Option<(usize, bool)> {
        if let Some(&i) = self.exact.get(text) {
            return Some((i, false));
        }
        self.folded.get(&fold(text)).map(|&i| (i, true))
    }
}

/// The matchers of every question of a catalog. Built once per catalog and shared by all
/// the files of a run (folding every label of every language is not free).
struct Matchers {
    adoption: Matcher,
    stages: Vec<Matcher>,
}

impl Matchers {
    fn for_catalog(catalog: &Catalog) -> std::sync::Arc<Matchers> {
        use std::sync::{Arc, Mutex};
        static CACHE: Mutex<Option<(String, Arc<Matchers>)>> = Mutex::new(None);
        let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((hash, m)) = cache.as_ref()
            && *hash == catalog.hash {
                return m.clone();
            }
        let labels = |o: &crate::catalog::Text, key: &str| -> Vec<String> {
            o.all().map(str::to_string).chain([key.to_string()]).collect()
        };
        let m = Arc::new(Matchers {
            adoption: Matcher::new(catalog.adoption.iter().enumerate().map(|(i, o)| (i, labels(&o.label, &o.key)))),
            stages: catalog
                .stages
                .iter()
                .map(|st| Matcher::new(st.options.iter().enumerate().map(|(i, o)| (i, labels(&o.label, &o.key)))))
                .collect(),
        });
        *cache = Some((catalog.hash.clone(), m.clone()));
        m
    }
}

struct Interpreter<'a> {
    catalog: &'a Catalog,
    book: &'a Book,
    ret: &'a mut Return,
}

impl Interpreter<'_> {
    fn push(&mut self, f: Finding) {
        self.ret.findings.push(f);
    }

    fn run(&mut self) {
        let catalog = self.catalog;
        let book = self.book;
        let lists = book.sheet(layout::LISTS_SHEET);
        let area_names: Vec<Vec<String>> = catalog
            .areas
            .iter()
            .map(|a| Lang::ALL.iter().map(|&l| a.name.get(l).to_string()).collect())
            .collect();

        // Is this an assessment at all, and of which catalog?
        match lists {
            Some(lists) => {
                let id = identity(lists, "catalog_id");
                let version = identity(lists, "catalog_version");
                if id.as_deref() != Some(catalog.id.as_str()) || version.as_deref() != Some(catalog.version.as_str()) {
                    let found = format!("{} {}", id.unwrap_or_default(), version.unwrap_or_default());
                    self.push(
                        Finding::new(Code::CatalogMismatch)
                            .sheet(layout::LISTS_SHEET)
                            .cell(layout::cell_name(layout::identity_row("catalog_version"), 1))
                            .arg("found", found.trim().to_string())
                            .arg("expected", format!("{} {}", catalog.id, catalog.version)),
                    );
                    return;
                }
                self.ret.language = identity(lists, "language").and_then(|l| Lang::from_code(&l));
                // Same id and version but other content: a catalog edited without a new
                // version. The answers are still read by their labels.
                if identity(lists, "catalog_hash").is_some_and(|h| !h.is_empty() && h != catalog.hash) {
                    self.push(
                        Finding::new(Code::CatalogChanged)
                            .sheet(layout::LISTS_SHEET)
                            .cell(layout::cell_name(layout::identity_row("catalog_hash"), 1))
                            .arg("catalog", format!("{} {}", catalog.id, catalog.version)),
                    );
                }
            }
            None => {
                let any_area = book.sheets.iter().any(|s| area_names.iter().flatten().any(|n| fold(n) == fold(&s.name)));
                if !any_area {
                    self.push(Finding::new(Code::NotAnAssessment));
                    return;
                }
                // The hidden sheet was deleted but the areas are there: read on, by the
                // catalog we were given.
            }
        }

        let instructions = self.read_respondent(lists);

        // Area sheets: by name in any language, else by the service ids they hold.
        let mut used: Vec<bool> = vec![false; book.sheets.len()];
        if let Some(i) = instructions {
            used[i] = true;
        }
        for (i, s) in book.sheets.iter().enumerate() {
            let summary = Lang::ALL.iter().any(|&l| fold(t("sheet_summary", l)) == fold(&s.name));
            if s.name == layout::LISTS_SHEET || summary {
                used[i] = true;
            }
        }
        let mut area_sheet: Vec<Option<usize>> = vec![None; catalog.areas.len()];
        for (a, names) in area_names.iter().enumerate() {
            let pos = book
                .sheets
                .iter()
                .enumerate()
                .position(|(i, s)| !used[i] && names.contains(&s.name))
                .or_else(|| {
                    book.sheets.iter().enumerate().position(|(i, s)| !used[i] && names.iter().any(|n| fold(n) == fold(&s.name)))
                });
            if let Some(p) = pos {
                used[p] = true;
                area_sheet[a] = Some(p);
            }
        }
        let cols = AreaColumns::new(catalog);
        for (a, area) in catalog.areas.iter().enumerate() {
            if area_sheet[a].is_some() {
                continue;
            }
            let expected = self.area_display_name(a);
            let ids: Vec<&str> = area.services.iter().map(|s| s.id.as_str()).collect();
            let pos = book.sheets.iter().enumerate().position(|(i, s)| {
                !used[i] && s.column(cols.id).any(|(_, v)| matches!(v, Value::Text(t) if ids.contains(&t.trim())))
            });
            match pos {
                Some(p) => {
                    used[p] = true;
                    area_sheet[a] = Some(p);
                    self.push(
                        Finding::new(Code::RenamedSheet)
                            .sheet(book.sheets[p].name.clone())
                            .arg("sheet", book.sheets[p].name.clone())
                            .arg("expected", expected),
                    );
                }
                None => self.push(Finding::new(Code::MissingSheet).sheet(expected.clone()).arg("sheet", expected)),
            }
        }
        for (i, s) in book.sheets.iter().enumerate() {
            if !used[i] {
                self.push(Finding::new(Code::ExtraSheet).sheet(s.name.clone()).arg("sheet", s.name.clone()));
            }
        }

        self.read_services(&area_sheet, &cols);
    }

    fn area_display_name(&self, a: usize) -> String {
        self.catalog.areas[a].name.get(self.ret.language.unwrap_or(Lang::Fi)).to_string()
    }

    /// Reads the respondent block; returns the index of the instructions sheet.
    fn read_respondent(&mut self, lists: Option<&Sheet>) -> Option<usize> {
        let book = self.book;
        let sheet_index = book
            .sheets
            .iter()
            .position(|s| Lang::ALL.iter().any(|&l| fold(t("sheet_instructions", l)) == fold(&s.name)))
            .or(if book.sheets.is_empty() { None } else { Some(0) })?;
        let sheet = &book.sheets[sheet_index];
        let cell_of = |r: Respondent| -> (&Sheet, u32, u16) {
            // The defined name wins, so a block moved by inserting rows is still found.
            book.defined_names
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(r.defined_name()))
                .and_then(|(_, target)| parse_reference(target))
                .and_then(|(s, row, col)| book.sheet(&s).map(|sh| (sh, row, col)))
                .unwrap_or_else(|| {
                    let (row, col) = r.cell();
                    (sheet, row, col)
                })
        };
        let lang = self.ret.language.unwrap_or(Lang::Fi);

        // Municipality code.
        let (sh, row, col) = cell_of(Respondent::MunicipalityCode);
        let code_cell = layout::cell_name(row, col);
        let personal = lists.and_then(|l| identity(l, "municipality_code")).filter(|c| !c.is_empty());
        let code = match sh.get(row, col) {
            None => None,
            Some(Value::Text(s)) => match register::normalize_code(s) {
                Some(c) => {
                    if c != s.as_str() {
                        self.push(
                            Finding::new(Code::NormalizedAnswer)
                                .sheet(sh.name.clone())
                                .cell(code_cell.clone())
                                .arg("value", s.clone())
                                .arg("answer", c.clone()),
                        );
                    }
                    Some(Ok(c))
                }
                None => Some(Err(s.clone())),
            },
            Some(Value::Number(n)) if n.fract() == 0.0 && *n >= 0.0 && *n < 1000.0 => {
                let c = format!("{:03}", *n as u32);
                self.push(
                    Finding::new(Code::NormalizedAnswer)
                        .sheet(sh.name.clone())
                        .cell(code_cell.clone())
                        .arg("value", read::format_number(*n))
                        .arg("answer", c.clone()),
                );
                Some(Ok(c))
            }
            Some(other) => Some(Err(other.display())),
        };
        match code {
            None => self.push(Finding::new(Code::MissingMunicipality).sheet(sh.name.clone()).cell(code_cell)),
            Some(Err(raw)) => self.push(
                Finding::new(Code::UnknownMunicipality).sheet(sh.name.clone()).cell(code_cell).arg("code", raw),
            ),
            Some(Ok(c)) => match Register::embedded().get(&c) {
                None => self.push(
                    Finding::new(Code::UnknownMunicipality).sheet(sh.name.clone()).cell(code_cell).arg("code", c),
                ),
                Some(m) => {
                    if let Some(p) = personal.as_deref().and_then(register::normalize_code)
                        && p != m.code {
                            self.push(
                                Finding::new(Code::MunicipalityMismatch)
                                    .sheet(sh.name.clone())
                                    .cell(code_cell)
                                    .arg("code", m.code.clone())
                                    .arg("expected", p),
                            );
                        }
                    self.ret.municipality = Some(MunicipalityRef { code: m.code.clone(), name: m.name(lang).to_string() });
                }
            },
        }

        // Respondent and date: warnings only; the answers stand without them.
        let (sh, row, col) = cell_of(Respondent::RespondentName);
        match sh.get(row, col) {
            Some(v) => self.ret.respondent = Some(v.display().trim().to_string()),
            None => self.push(
                Finding::new(Code::MissingRespondent)
                    .sheet(sh.name.clone())
                    .cell(layout::cell_name(row, col))
                    .arg_key("field", Respondent::RespondentName.label_key()),
            ),
        }
        let (sh, row, col) = cell_of(Respondent::ResponseDate);
        let cell = layout::cell_name(row, col);
        match sh.get(row, col) {
            None => self.push(
                Finding::new(Code::MissingRespondent)
                    .sheet(sh.name.clone())
                    .cell(cell)
                    .arg_key("field", Respondent::ResponseDate.label_key()),
            ),
            Some(Value::Date(d)) => self.ret.response_date = Some(d.clone()),
            Some(Value::Number(n)) if *n > 20000.0 && *n < 80000.0 => {
                self.ret.response_date = Some(read::serial_to_date(*n, false))
            }
            Some(Value::Text(s)) => match parse_date(s) {
                Some(d) => self.ret.response_date = Some(d),
                None => self.push(
                    Finding::new(Code::InvalidDate).sheet(sh.name.clone()).cell(cell).arg("value", s.clone()),
                ),
            },
            Some(other) => self.push(
                Finding::new(Code::InvalidDate).sheet(sh.name.clone()).cell(cell).arg("value", other.display()),
            ),
        }
        Some(sheet_index)
    }

    fn read_services(&mut self, area_sheet: &[Option<usize>], cols: &AreaColumns) {
        let catalog = self.catalog;
        let book = self.book;
        // Where each catalog service id appears, over all area sheets.
        let mut where_: HashMap<&str, Vec<(usize, u32)>> = HashMap::new();
        let known: HashMap<&str, (usize, usize)> = catalog
            .areas
            .iter()
            .enumerate()
            .flat_map(|(a, area)| area.services.iter().enumerate().map(move |(s, svc)| (svc.id.as_str(), (a, s))))
            .collect();
        for &p in area_sheet.iter().flatten() {
            for (row, v) in book.sheets[p].column(cols.id) {
                if row < layout::FIRST_SERVICE_ROW {
                    continue;
                }
                if let Value::Text(t) = v
                    && let Some((id, _)) = known.get_key_value(t.trim()) {
                        where_.entry(id).or_default().push((p, row));
                    }
            }
        }

        let matchers = Matchers::for_catalog(catalog);
        let (adoption, stage_matchers) = (&matchers.adoption, &matchers.stages);
        for (a, area) in catalog.areas.iter().enumerate() {
            let Some(home) = area_sheet[a] else { continue };
            let mut found_rows: Vec<Option<(usize, u32)>> = Vec::new();
            for service in &area.services {
                let places = where_.get(service.id.as_str()).cloned().unwrap_or_default();
                let Some(&first) = places.first() else {
                    self.push(
                        Finding::new(Code::MissingService)
                            .sheet(book.sheets[home].name.clone())
                            .service(service.id.clone())
                            .arg("service", service.id.clone()),
                    );
                    found_rows.push(None);
                    continue;
                };
                for &(p, row) in &places[1..] {
                    self.push(
                        Finding::new(Code::DuplicateService)
                            .sheet(book.sheets[p].name.clone())
                            .cell(layout::cell_name(row, cols.id))
                            .service(service.id.clone())
                            .arg("service", service.id.clone())
                            .arg("row", (row + 1).to_string()),
                    );
                }
                found_rows.push(Some(first));
            }
            // A service is moved when it left its sheet or its order among its
            // neighbours; rows shifted by a deleted row above are not moved.
            for (s, service) in area.services.iter().enumerate() {
                let Some((p, row)) = found_rows[s] else { continue };
                let prev = found_rows[..s].iter().rev().flatten().find(|(pp, _)| *pp == p);
                let next = found_rows[s + 1..].iter().flatten().find(|(pp, _)| *pp == p);
                let out_of_order = prev.is_some_and(|&(_, r)| r > row) || next.is_some_and(|&(_, r)| r < row);
                if p != home || out_of_order {
                    self.push(
                        Finding::new(Code::MovedService)
                            .sheet(book.sheets[p].name.clone())
                            .cell(layout::cell_name(row, cols.id))
                            .service(service.id.clone())
                            .arg("service", service.id.clone())
                            .arg("row", (row + 1).to_string())
                            .arg("expected", (layout::service_row(s) + 1).to_string()),
                    );
                }
                let answers = self.read_row(&book.sheets[p], row, cols, a, s, adoption, stage_matchers);
                self.ret.answers[a][s] = answers;
            }

            // Services typed into the blank rows (or anywhere below the list).
            let sheet = &book.sheets[home];
            let headings: Vec<String> = Lang::ALL.iter().map(|&l| fold(t("added_rows_heading", l))).collect();
            let catalog_rows: Vec<u32> = found_rows.iter().flatten().filter(|(p, _)| *p == home).map(|(_, r)| *r).collect();
            for (row, v) in sheet.column(cols.name) {
                if row < layout::FIRST_SERVICE_ROW || catalog_rows.contains(&row) {
                    continue;
                }
                let is_catalog_id = matches!(sheet.get(row, cols.id), Some(Value::Text(t)) if known.contains_key(t.trim()));
                let name = v.display().trim().to_string();
                if is_catalog_id || name.is_empty() || headings.contains(&fold(&name)) {
                    continue;
                }
                let introduced = cols.adoption.and_then(|c| sheet.get(row, c)).and_then(|v| match v {
                    Value::Text(t) => adoption.find(t).map(|(i, _)| catalog.adoption[i].introduced),
                    _ => None,
                });
                let usage = cols.usage.and_then(|c| sheet.get(row, c)).and_then(|v| parse_usage(v).ok()).map(|(u, _)| u);
                let comment = sheet.get(row, cols.comment).map(|v| v.display());
                self.push(
                    Finding::new(Code::AddedService)
                        .sheet(sheet.name.clone())
                        .cell(layout::cell_name(row, cols.name))
                        .arg("name", name.clone()),
                );
                self.ret.added.push(AddedService {
                    area: area.id.clone(),
                    sheet: sheet.name.clone(),
                    row,
                    name,
                    introduced,
                    usage,
                    comment,
                });
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn read_row(
        &mut self,
        sheet: &Sheet,
        row: u32,
        cols: &AreaColumns,
        a: usize,
        s: usize,
        adoption: &Matcher,
        stages: &[Matcher],
    ) -> ServiceAnswers {
        let catalog = self.catalog;
        let service = &catalog.areas[a].services[s];
        let mut ans = ServiceAnswers::blank(catalog);
        let place = |col: u16| {
            Finding::new(Code::InvalidChoice) // code replaced by callers via `with`
                .sheet(sheet.name.clone())
                .cell(layout::cell_name(row, col))
                .service(service.id.clone())
        };
        let with = |f: Finding, code: Code| Finding { code, ..f };

        // The gate.
        if let Some(c) = cols.adoption {
            match sheet.get(row, c) {
                None => {}
                Some(Value::Text(text)) => match adoption.find(text) {
                    Some((i, repaired)) => {
                        ans.introduced = Some(catalog.adoption[i].introduced);
                        if repaired {
                            self.push(
                                with(place(c), Code::NormalizedAnswer)
                                    .arg("value", text.clone())
                                    .arg_texts("answer", vec![catalog.adoption[i].label.clone()]),
                            );
                        }
                    }
                    None => self.push(place(c).arg("value", text.clone()).arg_key("column", "col_adoption")),
                },
                Some(v) => self.push(place(c).arg("value", v.display()).arg_key("column", "col_adoption")),
            }
        }

        // The stages. A stage with an invalid answer is reported as such, not again as
        // unanswered.
        let mut invalid = Vec::new();
        for (k, stage) in catalog.stages.iter().enumerate() {
            let c = cols.stages[k];
            let Some(v) = sheet.get(row, c) else { continue };
            if !service.stages.contains(&k) {
                continue; // the "—" of a stage this service does not have
            }
            match v {
                Value::Text(text) => match stages[k].find(text) {
                    Some((i, repaired)) => {
                        ans.stages[k] = Some(i);
                        if repaired {
                            self.push(
                                with(place(c), Code::NormalizedAnswer)
                                    .arg("value", text.clone())
                                    .arg_texts("answer", vec![stage.options[i].label.clone()]),
                            );
                        }
                    }
                    None => {
                        invalid.push(k);
                        self.push(place(c).arg("value", text.clone()).arg_texts("column", vec![stage.name.clone()]))
                    }
                },
                other => {
                    invalid.push(k);
                    self.push(place(c).arg("value", other.display()).arg_texts("column", vec![stage.name.clone()]))
                }
            }
        }

        // Usage, a percentage 0–100.
        if let Some(c) = cols.usage
            && let Some(v) = sheet.get(row, c) {
                match parse_usage(v) {
                    Ok((u, repaired)) if (0.0..=100.0).contains(&u) => {
                        ans.usage = Some(u);
                        if repaired {
                            self.push(
                                with(place(c), Code::NormalizedAnswer)
                                    .arg("value", v.display())
                                    .arg("answer", read::format_number(u)),
                            );
                        }
                    }
                    Ok((u, _)) => self.push(with(place(c), Code::OutOfRange).arg("value", read::format_number(u))),
                    Err(raw) => self.push(with(place(c), Code::InvalidNumber).arg("value", raw)),
                }
            }

        // Consistency of the row.
        let gate_cell = cols.adoption.unwrap_or(cols.name);
        let answered: Vec<usize> = service.stages.iter().copied().filter(|&k| ans.stages[k].is_some()).collect();
        match (catalog.has_adoption(), ans.introduced) {
            (true, Some(false)) => {
                let mut columns: Vec<crate::catalog::Text> = answered.iter().map(|&k| catalog.stages[k].name.clone()).collect();
                if ans.usage.is_some() {
                    columns.push(crate::catalog::Text(Lang::ALL.iter().map(|&l| (l.code().to_string(), t("col_usage", l).to_string())).collect()));
                }
                if !columns.is_empty() {
                    self.push(with(place(gate_cell), Code::InconsistentService).arg_texts("columns", columns));
                }
                // A service not introduced has no degree; its stray answers are set aside.
                ans.stages.iter_mut().for_each(|o| *o = None);
                ans.usage = None;
            }
            (true, None) => {
                self.push(with(place(gate_cell), Code::UnansweredService));
                if ans.usage.is_some() && answered.is_empty() {
                    self.push(with(place(cols.usage.unwrap_or(gate_cell)), Code::UsageWithoutIntroduction));
                }
            }
            (false, _) => {
                // An indicator questionnaire: each unanswered question at its own cell.
                for &k in &service.stages {
                    if ans.stages[k].is_none() && !invalid.contains(&k) {
                        self.push(with(place(cols.stages[k]), Code::UnansweredItem));
                    }
                }
            }
            (true, Some(true)) => {
                let missing: Vec<crate::catalog::Text> = service
                    .stages
                    .iter()
                    .filter(|&&k| ans.stages[k].is_none() && !invalid.contains(&k))
                    .map(|&k| catalog.stages[k].name.clone())
                    .collect();
                if !missing.is_empty() {
                    self.push(with(place(gate_cell), Code::IncompleteService).arg_texts("stages", missing));
                }
            }
        }
        ans
    }
}

/// A usage answer as a percentage: numbers as they are, a percent-formatted 0.45 as 45,
/// text such as "45,5" or "45 %" read with a warning (`true`).
fn parse_usage(v: &Value) -> Result<(f64, bool), String> {
    match v {
        Value::Number(n) => Ok((*n, false)),
        Value::Percent(p) => Ok(((p * 100.0 * 1e9).round() / 1e9, false)),
        Value::Text(s) => {
            let cleaned: String = s.trim().trim_end_matches('%').trim().replace(',', ".").replace(['\u{a0}', ' '], "");
            cleaned.parse::<f64>().ok().filter(|f| f.is_finite()).map(|f| (f, true)).ok_or_else(|| s.clone())
        }
        other => Err(other.display()),
    }
}

/// Dates typed as text: 2026-03-15, 15.3.2026, 15/3/2026.
fn parse_date(s: &str) -> Option<String> {
    let s = s.trim();
    let parts: Vec<&str> = s.split(['-', '.', '/']).map(str::trim).collect();
    let nums: Vec<u32> = parts.iter().map(|p| p.parse().ok()).collect::<Option<Vec<_>>>()?;
    let (y, m, d) = match (parts.len(), nums.as_slice()) {
        (3, [y, m, d]) if parts[0].len() == 4 => (*y, *m, *d),
        (3, [d, m, y]) if parts[2].len() == 4 => (*y, *m, *d),
        _ => return None,
    };
    ((1..=12).contains(&m) && (1..=31).contains(&d) && (1900..=2200).contains(&y)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// A value of the identity block on the lists sheet.
fn identity(lists: &Sheet, key: &str) -> Option<String> {
    let row = layout::identity_row(key);
    match lists.get(row, 1) {
        Some(Value::Text(s)) => Some(s.trim().to_string()),
        Some(v) => Some(v.display()),
        None => None,
    }
}

/// A defined name's target: `Ohjeet!$B$5`, `'Sheet name'!$B$5` (xlsx) or `$Ohjeet.$B$5`
/// (ods) → (sheet, row, column).
fn parse_reference(target: &str) -> Option<(String, u32, u16)> {
    let target = target.trim().trim_start_matches('=');
    let (sheet, cell) = match target.rfind('!') {
        Some(i) => (&target[..i], &target[i + 1..]),
        None => {
            let i = target.rfind('.')?;
            (&target[..i], &target[i + 1..])
        }
    };
    let sheet = sheet.trim_start_matches('$');
    let sheet = if sheet.starts_with('\'') && sheet.ends_with('\'') && sheet.len() >= 2 {
        sheet[1..sheet.len() - 1].replace("''", "'")
    } else {
        sheet.to_string()
    };
    let cell: String = cell.chars().filter(|&c| c != '$').collect();
    if cell.contains(':') {
        return None;
    }
    let letters: String = cell.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let digits = &cell[letters.len()..];
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let col = letters.to_ascii_uppercase().bytes().fold(0u32, |acc, b| acc * 26 + (b - b'A' + 1) as u32) - 1;
    let row: u32 = digits.parse().ok()?;
    Some((sheet, row.checked_sub(1)?, u16::try_from(col).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        assert_eq!(parse_reference("Ohjeet!$B$5"), Some(("Ohjeet".into(), 4, 1)));
        assert_eq!(parse_reference("'My sheet'!$B$5"), Some(("My sheet".into(), 4, 1)));
        assert_eq!(parse_reference("$Ohjeet.$B$5"), Some(("Ohjeet".into(), 4, 1)));
        assert_eq!(parse_reference("$'Ohj eet'.$AA$10"), Some(("Ohj eet".into(), 9, 26)));
    }

    #[test]
    fn usage_values() {
        assert_eq!(parse_usage(&Value::Number(45.0)), Ok((45.0, false)));
        assert_eq!(parse_usage(&Value::Percent(0.455)), Ok((45.5, false)));
        assert_eq!(parse_usage(&Value::Text(" 45,5 % ".into())), Ok((45.5, true)));
        assert!(parse_usage(&Value::Text("paljon".into())).is_err());
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("15.3.2026").as_deref(), Some("2026-03-15"));
        assert_eq!(parse_date("2026-03-15").as_deref(), Some("2026-03-15"));
        assert_eq!(parse_date("huomenna"), None);
    }

    #[test]
    fn folding() {
        assert_eq!(fold("  Verkkolomake   JA  tunnistus "), "verkkolomake ja tunnistus");
        assert_eq!(fold("A\u{0308}"), "ä");
    }
}
