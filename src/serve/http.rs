//! The HTTP server: axum on tokio. Routes, limits and headers; the work of a check or a
//! send is in [`super::intake`], the ministry's page in [`super::admin`].

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::Semaphore;

use super::error::ServeError;
use super::intake::{self, App, Upload};
use super::keys::Holder;
use super::page;
use crate::lang::Lang;

/// How the server is set up.
pub struct Options {
    /// The address to listen on.
    pub listen: String,
    /// The largest request body, in bytes (a larger one is answered 413).
    pub max_body: usize,
    /// How many checks and sends at once (more are answered 503 with Retry-After).
    pub max_concurrent: usize,
    /// How long a client may take to send its file (then 408).
    pub upload_timeout: Duration,
}

/// A server bound to its address, not yet serving.
pub struct Server {
    listener: tokio::net::TcpListener,
    router: Router,
}

const CSS: &str = include_str!("../../templates/web/style.css");
const JS: &str = include_str!("../../templates/web/app.js");

/// The security headers every answer carries.
const HEADERS: [(&str, &str); 6] = [
    (
        "content-security-policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; \
         form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
    ),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
    ("cache-control", "no-store"),
    ("cross-origin-opener-policy", "same-origin"),
];

impl Server {
    /// Binds `options.listen` for `app`.
    pub async fn bind(app: App, options: &Options) -> Result<Server, ServeError> {
        let listener = tokio::net::TcpListener::bind(&options.listen).await.map_err(|e| {
            ServeError::Listen { address: options.listen.clone(), detail: e.to_string() }
        })?;
        let shared = Arc::new(Shared {
            app,
            permits: Arc::new(Semaphore::new(options.max_concurrent.max(1))),
            upload_timeout: options.upload_timeout,
        });
        let router = Router::new()
            .route("/static/style.css", get(|| async { asset("text/css; charset=utf-8", CSS) }))
            .route("/static/app.js", get(|| async { asset("text/javascript; charset=utf-8", JS) }))
            .route("/m/{token}", get(municipality_page).post(municipality_post))
            .route("/m/{token}/workbook.xlsx", get(workbook))
            .route("/admin/{token}", get(admin_page))
            .route("/admin/{token}/summary.xlsx", get(admin_summary))
            .route("/admin/{token}/map.svg", get(admin_map))
            .fallback(|| async { not_found() })
            .with_state(shared)
            .layer(DefaultBodyLimit::disable())
            .layer(tower_http::limit::RequestBodyLimitLayer::new(options.max_body))
            .layer(tower_http::timeout::TimeoutLayer::with_status_code(
                StatusCode::REQUEST_TIMEOUT,
                options.upload_timeout + intake::WORK_TIMEOUT,
            ))
            .layer(axum::middleware::map_response(secure));
        Ok(Server { listener, router })
    }

    /// The address bound (the port chosen when it was 0).
    pub fn local_addr(&self) -> Option<SocketAddr> {
        self.listener.local_addr().ok()
    }

    /// Serves until SIGTERM or SIGINT, then finishes the requests in flight.
    pub async fn run(self) -> Result<(), ServeError> {
        let service = self.router.into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, service)
            .with_graceful_shutdown(shutdown())
            .await
            .map_err(|e| ServeError::Listen { address: "serve".into(), detail: e.to_string() })
    }
}

/// What every handler shares.
struct Shared {
    app: App,
    permits: Arc<Semaphore>,
    upload_timeout: Duration,
}

type St = State<Arc<Shared>>;

async fn shutdown() {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).ok();
    let term = async {
        match term.as_mut() {
            Some(t) => t.recv().await,
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        _ = term => {},
        _ = tokio::signal::ctrl_c() => {},
    }
}

async fn secure(mut res: Response) -> Response {
    let headers = res.headers_mut();
    for (k, v) in HEADERS {
        headers.insert(k, HeaderValue::from_static(v));
    }
    res
}

fn asset(kind: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, kind)], body).into_response()
}

/// 404 for every unknown path and token alike: it says nothing of what exists.
fn not_found() -> Response {
    status_page(StatusCode::NOT_FOUND, Lang::Fi, "web_not_found", &[])
}

fn status_page(
    code: StatusCode,
    lang: Lang,
    key: &'static str,
    extra: &[(&'static str, &'static str)],
) -> Response {
    let mut res = (code, html_type(), page::error_page(lang, key)).into_response();
    for (k, v) in extra {
        res.headers_mut().insert(*k, HeaderValue::from_static(v));
    }
    res
}

fn html_type() -> [(header::HeaderName, &'static str); 1] {
    [(header::CONTENT_TYPE, "text/html; charset=utf-8")]
}

/// The language a page is asked in (`?lang=`), else `default`.
#[derive(serde::Deserialize)]
struct LangQuery {
    lang: Option<String>,
}

fn lang_of(q: &LangQuery, default: Lang) -> Lang {
    q.lang.as_deref().and_then(Lang::from_code).unwrap_or(default)
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

/// Whether a POST comes from the page itself: a browser says where it comes from
/// (`Sec-Fetch-Site`, `Origin`); a request from another site is refused. A client that
/// says neither (a script) has only the secret link to go by.
fn same_site(headers: &HeaderMap) -> bool {
    let text = |h: &str| headers.get(h).and_then(|v| v.to_str().ok());
    if let Some(site) = text("sec-fetch-site") {
        return matches!(site, "same-origin" | "none");
    }
    match (text("origin"), text("host")) {
        (Some(origin), Some(host)) => {
            origin.split_once("://").is_some_and(|(_, rest)| rest.eq_ignore_ascii_case(host))
        }
        (Some(_), None) => false,
        (None, _) => true,
    }
}

fn municipality_of(s: &Shared, token: &str) -> Option<String> {
    match s.app.links.holder(token) {
        Some(Holder::Municipality(code)) => Some(code),
        _ => None,
    }
}

async fn municipality_page(
    State(s): St,
    Path(token): Path<String>,
    Query(q): Query<LangQuery>,
) -> Response {
    let Some(code) = municipality_of(&s, &token) else { return not_found() };
    let here = format!("/m/{token}");
    let shared = s.clone();
    let page = tokio::task::spawn_blocking(move || {
        let lang = lang_of(&q, intake::own_lang(&code));
        shared.app.page(&code, lang, &here, None)
    })
    .await;
    match page {
        Ok(Ok(html)) => (html_type(), html).into_response(),
        _ => status_page(StatusCode::INTERNAL_SERVER_ERROR, Lang::Fi, "web_failed", &[]),
    }
}

async fn workbook(State(s): St, Path(token): Path<String>, Query(q): Query<LangQuery>) -> Response {
    let Some(code) = municipality_of(&s, &token) else { return not_found() };
    let shared = s.clone();
    let lang = lang_of(&q, intake::own_lang(&code));
    let built = tokio::task::spawn_blocking(move || shared.app.workbook(&code, lang)).await;
    match built {
        Ok(Some((name, bytes))) => download(&name, bytes),
        _ => status_page(StatusCode::INTERNAL_SERVER_ERROR, lang, "web_failed", &[]),
    }
}

/// A file to save: its type from its extension, its name ASCII only.
pub(super) fn download(name: &str, bytes: Vec<u8>) -> Response {
    let kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    let disposition = format!("attachment; filename=\"{name}\"");
    let mut res = Response::new(Body::from(bytes));
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

async fn municipality_post(
    State(s): St,
    Path(token): Path<String>,
    Query(q): Query<LangQuery>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let Some(code) = municipality_of(&s, &token) else { return not_found() };
    let lang = lang_of(&q, intake::own_lang(&code));
    if !same_site(&headers) {
        return status_page(StatusCode::FORBIDDEN, lang, "web_cross_site", &[]);
    }
    let Ok(permit) = s.permits.clone().try_acquire_owned() else {
        return status_page(
            StatusCode::SERVICE_UNAVAILABLE,
            lang,
            "web_busy",
            &[("retry-after", "5")],
        );
    };
    let upload = match tokio::time::timeout(s.upload_timeout, read_upload(multipart)).await {
        Err(_) => return status_page(StatusCode::REQUEST_TIMEOUT, lang, "web_timeout", &[]),
        Ok(Err(code)) if code == StatusCode::PAYLOAD_TOO_LARGE => {
            return status_page(code, lang, "web_too_large", &[]);
        }
        Ok(Err(code)) => return status_page(code, lang, "web_bad_form", &[]),
        Ok(Ok(u)) => u,
    };
    let Some(upload) = upload else {
        return status_page(StatusCode::BAD_REQUEST, lang, "web_no_file", &[]);
    };
    let json = wants_json(&headers);
    let here = format!("/m/{token}");
    let shared = s.clone();
    let client = peer.ip().to_string();
    let answer = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        shared.app.take(&code, upload, &client, lang).map(|mut taken| {
            match (json, taken.copy.take()) {
                (_, Some(copy)) => Answer::Copy(copy),
                (true, None) => {
                    Answer::Json(serde_json::to_string_pretty(&taken.report).unwrap_or_default())
                }
                (false, None) => Answer::Page(
                    shared.app.page(&code, lang, &here, Some(&taken)).unwrap_or_default(),
                ),
            }
        })
    })
    .await;
    match answer {
        Ok(Ok(Answer::Copy((name, bytes)))) => download(&name, bytes),
        Ok(Ok(Answer::Json(body))) if !body.is_empty() => {
            ([(header::CONTENT_TYPE, "application/json")], body).into_response()
        }
        Ok(Ok(Answer::Page(body))) if !body.is_empty() => (html_type(), body).into_response(),
        _ => status_page(StatusCode::INTERNAL_SERVER_ERROR, lang, "web_failed", &[]),
    }
}

/// What a check or a send answers with.
enum Answer {
    /// The corrected copy, its name and bytes.
    Copy((String, Vec<u8>)),
    /// The JSON.
    Json(String),
    /// The page.
    Page(String),
}

/// The form's fields: `file` (its name and bytes) and `action`. `Ok(None)` without a
/// file; the status to answer when the body is too large or no form.
async fn read_upload(mut form: Multipart) -> Result<Option<Upload>, StatusCode> {
    let (mut file, mut action) = (None, String::from("check"));
    while let Some(field) = form.next_field().await.map_err(|e| e.status())? {
        match field.name() {
            Some("file") => {
                let name = field.file_name().unwrap_or("").to_string();
                let bytes = field.bytes().await.map_err(|e| e.status())?;
                file = Some((name, bytes.to_vec()));
            }
            Some("action") => action = field.text().await.map_err(|e| e.status())?,
            _ => {}
        }
    }
    Ok(file.filter(|(n, b)| !(n.is_empty() && b.is_empty())).map(|(name, bytes)| Upload {
        name,
        bytes,
        send: action.trim() == "send",
        copy: action.trim() == "copy",
    }))
}

async fn admin_page(
    State(s): St,
    Path(token): Path<String>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    if s.app.links.holder(&token) != Some(Holder::Admin) {
        return not_found();
    }
    let lang = lang_of(&q, Lang::Fi);
    let json = wants_json(&headers);
    let here = format!("/admin/{token}");
    let shared = s.clone();
    let answer = tokio::task::spawn_blocking(move || shared.app.admin(lang, &here, json)).await;
    match answer {
        Ok(Ok(body)) if json => {
            ([(header::CONTENT_TYPE, "application/json")], body).into_response()
        }
        Ok(Ok(body)) => (html_type(), body).into_response(),
        _ => status_page(StatusCode::INTERNAL_SERVER_ERROR, lang, "web_failed", &[]),
    }
}

async fn admin_summary(
    State(s): St,
    Path(token): Path<String>,
    Query(q): Query<LangQuery>,
) -> Response {
    if s.app.links.holder(&token) != Some(Holder::Admin) {
        return not_found();
    }
    let lang = lang_of(&q, Lang::Fi);
    let shared = s.clone();
    match tokio::task::spawn_blocking(move || shared.app.summary(lang)).await {
        Ok(Ok(bytes)) => download("summary.xlsx", bytes),
        _ => status_page(StatusCode::INTERNAL_SERVER_ERROR, lang, "web_failed", &[]),
    }
}

async fn admin_map(
    State(s): St,
    Path(token): Path<String>,
    Query(q): Query<LangQuery>,
) -> Response {
    if s.app.links.holder(&token) != Some(Holder::Admin) {
        return not_found();
    }
    let lang = lang_of(&q, Lang::Fi);
    let shared = s.clone();
    match tokio::task::spawn_blocking(move || shared.app.map(lang)).await {
        Ok(Ok(svg)) => ([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response(),
        _ => status_page(StatusCode::INTERNAL_SERVER_ERROR, lang, "web_failed", &[]),
    }
}
