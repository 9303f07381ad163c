//! The pages, as HTML: every value escaped ([`html`]), every text from
//! templates/texts.toml in the page's language, `lang` set, the style sheet and the one
//! script served by the binary (no inline script, no request elsewhere).

use crate::check::Status;
use crate::check::findings::Severity;
use crate::lang::Lang;
use crate::report::receipt::IntakeReport;
use crate::report::{FileReport, FindingEntry};
use crate::texts::{t, tf};

use super::ledger::Attempt;

/// `s` with `& < > " '` escaped, for text and attribute values.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// A whole page: `title`, the language switch to `here` (the page's path) and `body`.
pub fn document(lang: Lang, title: &str, here: &str, body: &str) -> String {
    let switch: Vec<String> = Lang::ALL
        .iter()
        .map(|&l| {
            let name = t("web_lang_name", l);
            match l == lang {
                true => format!("<li><span aria-current=\"true\">{}</span></li>", html(name)),
                false => format!(
                    "<li><a href=\"{}?lang={}\" lang=\"{}\" hreflang=\"{}\">{}</a></li>",
                    html(here),
                    l.code(),
                    l.code(),
                    l.code(),
                    html(name)
                ),
            }
        })
        .collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<link rel=\"stylesheet\" href=\"/static/style.css\">\n\
         <script src=\"/static/app.js\" defer></script>\n</head>\n<body>\n\
         <a class=\"skip\" href=\"#main\">{skip}</a>\n<header><div class=\"bar\">\
         <span class=\"service\">{service}</span>\n<nav aria-label=\"{langs}\"><ul>{switch}</ul></nav>\
         </div></header>\n<main id=\"main\">\n{body}\n</main>\n<footer>{footer}</footer>\n</body>\n</html>\n",
        code = lang.code(),
        title = html(title),
        skip = html(t("web_skip", lang)),
        service = html(t("web_service", lang)),
        langs = html(t("web_languages", lang)),
        switch = switch.join(""),
        footer = html(t("web_footer", lang)),
    )
}

/// A short page for an error status (`key` its text).
pub fn error_page(lang: Lang, key: &'static str) -> String {
    let body = format!(
        "<h1>{}</h1>\n<p role=\"alert\">{}</p>",
        html(t("web_error_title", lang)),
        html(t(key, lang))
    );
    document(lang, t("web_error_title", lang), "/", &body)
}

/// What the municipality's page shows.
pub struct MunicipalityPage<'a> {
    /// The page's language.
    pub lang: Lang,
    /// The municipality's name and code.
    pub name: &'a str,
    /// Its code.
    pub code: &'a str,
    /// Whether its workbook comes prefilled with last round's answers.
    pub prefilled: bool,
    /// The link's path (`/m/TOKEN`).
    pub here: &'a str,
    /// The round's name and deadline, as the page says them.
    pub round: Option<String>,
    /// The answer to a check or a send, with the letter's text.
    pub result: Option<(&'a IntakeReport, &'a str)>,
    /// The municipality's own earlier sends, newest first.
    pub sends: &'a [Attempt],
}

/// The municipality's page: the round, its workbook, the form, the answer, its sends.
pub fn municipality(p: &MunicipalityPage) -> String {
    let lang = p.lang;
    let mut body = format!(
        "<h1>{}</h1>\n",
        html(&tf("web_heading", lang, &[("municipality", p.name), ("code", p.code)]))
    );
    if let Some(round) = &p.round {
        body.push_str(&format!("<p>{}</p>\n", html(round)));
    }
    body.push_str(&format!(
        "<p>{} <a href=\"{}/workbook.xlsx?lang={}\">{}</a></p>\n",
        html(t(if p.prefilled { "web_workbook_prefilled" } else { "web_workbook_intro" }, lang)),
        html(p.here),
        lang.code(),
        html(t("web_workbook_download", lang))
    ));
    if let Some((report, letter)) = p.result {
        body.push_str(&result(report, letter, lang));
    }
    // After a check of an invalid return, the form also offers its corrected copy.
    let invalid = p.result.is_some_and(|(r, _)| {
        r.files.first().is_some_and(|f| f.status == crate::check::Status::Invalid)
    });
    body.push_str(&form(p.here, lang, invalid));
    body.push_str(&sends(p.sends, lang));
    document(
        lang,
        &tf("web_heading", lang, &[("municipality", p.name), ("code", p.code)]),
        p.here,
        &body,
    )
}

fn form(here: &str, lang: Lang, offer_copy: bool) -> String {
    let copy = if offer_copy {
        format!(
            "<button type=\"submit\" class=\"secondary\" name=\"action\" value=\"copy\" \
             aria-describedby=\"copy-hint\">{}</button>\n",
            html(t("web_copy", lang))
        )
    } else {
        String::new()
    };
    let copy_hint = if offer_copy {
        format!("<p class=\"hint\" id=\"copy-hint\">{}</p>\n", html(t("web_copy_explain", lang)))
    } else {
        String::new()
    };
    format!(
        "<h2 id=\"form-heading\">{heading}</h2>\n\
         <form id=\"upload\" class=\"panel\" method=\"post\" enctype=\"multipart/form-data\" \
         action=\"{here}?lang={code}\" aria-labelledby=\"form-heading\">\n\
         <div id=\"drop\" class=\"drop\">\n<label for=\"file\">{label}</label>\n\
         <p class=\"hint\" id=\"file-hint\">{hint}</p>\n\
         <input type=\"file\" id=\"file\" name=\"file\" required aria-describedby=\"file-hint\" \
         accept=\".xlsx,.xlsm,.xls,.ods\">\n</div>\n\
         <progress id=\"progress\" max=\"100\" value=\"0\" hidden aria-label=\"{progress}\"></progress>\n\
         <div class=\"actions\">\n\
         <button type=\"submit\" class=\"secondary\" name=\"action\" value=\"check\">{check}</button>\n\
         <button type=\"submit\" class=\"primary\" name=\"action\" value=\"send\">{send}</button>\n\
         {copy}</div>\n<p class=\"hint\">{explain}</p>\n{copy_hint}</form>\n",
        heading = html(t("web_form_heading", lang)),
        here = html(here),
        code = lang.code(),
        label = html(t("web_file_label", lang)),
        hint = html(t("web_file_hint", lang)),
        progress = html(t("web_progress", lang)),
        check = html(t("web_check", lang)),
        send = html(t("web_send", lang)),
        explain = html(t("web_form_explain", lang)),
    )
}

/// The answer: the status (announced), the receipt or why nothing was sent, the findings
/// by sheet and cell, the letter.
fn result(report: &IntakeReport, letter: &str, lang: Lang) -> String {
    let Some(file) = report.files.first() else { return String::new() };
    let (class, key) = match (file.status, file.warnings.is_empty()) {
        (Status::Valid, true) => ("ok", "web_status_valid"),
        (Status::Valid, false) => ("warn", "web_status_valid_warnings"),
        (Status::Invalid, _) => ("error", "web_status_invalid"),
        (Status::Unreadable, _) => ("error", "web_status_unreadable"),
    };
    let role = if class == "error" || report.refusal.is_some() { "alert" } else { "status" };
    let mut out = format!(
        "<section aria-labelledby=\"result-heading\">\n<h2 id=\"result-heading\">{}</h2>\n\
         <div class=\"status {class}\" role=\"{role}\">\n<p><strong>{}</strong></p>\n",
        html(t("web_result_heading", lang)),
        html(&tf(key, lang, &[("file", &file.path)])),
    );
    let then = match (&report.refusal, &report.receipt, report.action.as_str()) {
        (Some(why), _, _) => why.clone(),
        (None, Some(_), _) => t("web_sent", lang).to_string(),
        (None, None, _) => t("web_checked_only", lang).to_string(),
    };
    out.push_str(&format!("<p>{}</p>\n</div>\n", html(&then)));
    if let Some(r) = &report.receipt {
        out.push_str(&receipt(r, lang));
    }
    out.push_str(&findings(file, lang));
    if !letter.is_empty() {
        out.push_str(&format!(
            "<details>\n<summary>{}</summary>\n<pre>{}</pre>\n</details>\n",
            html(t("web_letter", lang)),
            html(letter)
        ));
    }
    out.push_str("</section>\n");
    out
}

fn receipt(r: &crate::report::receipt::Receipt, lang: Lang) -> String {
    let counted = tf(
        "web_receipt_counted_value",
        lang,
        &[("answered", &r.answered.to_string()), ("services", &r.services.to_string())],
    );
    let rows = [
        ("web_receipt_number", r.number.as_str()),
        ("web_receipt_time", r.time.as_str()),
        ("web_receipt_file", r.file.as_str()),
        ("web_receipt_stored", r.stored_as.as_str()),
        ("web_receipt_counted", counted.as_str()),
    ];
    let items: String = rows
        .iter()
        .map(|(k, v)| format!("<dt>{}</dt><dd>{}</dd>\n", html(t(k, lang)), html(v)))
        .collect();
    format!(
        "<h3>{}</h3>\n<dl class=\"receipt\">\n{items}</dl>\n",
        html(t("web_receipt_heading", lang))
    )
}

fn findings(file: &FileReport, lang: Lang) -> String {
    if file.errors.is_empty() && file.warnings.is_empty() {
        return format!("<p>{}</p>\n", html(t("web_no_findings", lang)));
    }
    let mut out = String::new();
    for (key, list) in [("web_errors", &file.errors), ("web_warnings", &file.warnings)] {
        if !list.is_empty() {
            out.push_str(&format!(
                "<h3>{}</h3>\n",
                html(&tf(key, lang, &[("n", &list.len().to_string())]))
            ));
            out.push_str(&findings_table(list, lang));
        }
    }
    out
}

fn findings_table(list: &[FindingEntry], lang: Lang) -> String {
    let head: String = ["web_col_sheet", "web_col_cell", "web_col_service", "web_col_message"]
        .iter()
        .map(|k| format!("<th scope=\"col\">{}</th>", html(t(k, lang))))
        .collect();
    let rows: String = list
        .iter()
        .map(|f| {
            let note = if f.severity == Severity::Info { t("web_note", lang) } else { "" };
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td></tr>\n",
                html(f.sheet.as_deref().unwrap_or("")),
                html(f.cell.as_deref().unwrap_or("")),
                html(f.service.as_deref().unwrap_or("")),
                html(note),
                html(&f.message)
            )
        })
        .collect();
    format!("<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n")
}

/// A table of attempts (sends of one municipality, or the admin's lists).
pub fn attempts_table(list: &[Attempt], lang: Lang, with_code: bool) -> String {
    let mut cols = vec!["web_col_time", "web_col_file", "web_col_status", "web_col_receipt"];
    if with_code {
        cols.insert(1, "web_col_municipality");
    }
    let head: String =
        cols.iter().map(|k| format!("<th scope=\"col\">{}</th>", html(t(k, lang)))).collect();
    let rows: String = list
        .iter()
        .map(|a| {
            let code = if with_code {
                format!("<td>{}</td>", html(&a.municipality))
            } else {
                String::new()
            };
            let number = if a.stored.is_some() { &a.sha256[..12.min(a.sha256.len())] } else { "" };
            format!(
                "<tr><td>{}</td>{code}<td>{}</td><td>{}</td><td>{}</td></tr>\n",
                html(&a.time),
                html(&a.file_name),
                html(status_text(&a.status, lang)),
                html(number)
            )
        })
        .collect();
    format!("<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n")
}

/// An attempt's status as the page says it.
pub fn status_text(status: &str, lang: Lang) -> &'static str {
    match status {
        "valid" => t("web_attempt_valid", lang),
        "invalid" => t("web_attempt_invalid", lang),
        "unreadable" => t("web_attempt_unreadable", lang),
        "refused" => t("web_attempt_refused", lang),
        _ => t("web_attempt_recovered", lang),
    }
}

fn sends(list: &[Attempt], lang: Lang) -> String {
    let mut out = format!("<h2>{}</h2>\n", html(t("web_sends_heading", lang)));
    if list.is_empty() {
        out.push_str(&format!("<p>{}</p>\n", html(t("web_no_sends", lang))));
    } else {
        out.push_str(&attempts_table(list, lang, false));
    }
    out
}
