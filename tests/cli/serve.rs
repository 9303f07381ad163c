//! `digiaste serve` over real HTTP: the binary started on an ephemeral loopback port, spoken
//! to with plain sockets; what it stored read back from the inbox and the ledger.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::Duration;

use digiaste::report::receipt::IntakeReport;

use super::{fixture, parse, run_in, stderr};

/// A running server: its process, address and folders.
pub struct Server {
    child: Child,
    pub addr: String,
    pub dir: PathBuf,
    log: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Server {
    /// Starts `digiaste serve` in `dir` (inbox `dir/inbox`, state `dir/state`) with `extra`
    /// arguments, and waits for the address it names.
    pub fn start(dir: &Path, extra: &[&str]) -> Server {
        #[allow(deprecated)]
        let exe = assert_cmd::cargo::cargo_bin("digiaste");
        let mut child = std::process::Command::new(exe)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C.UTF-8")
            .current_dir(dir)
            .args(["serve", "--inbox", "inbox", "--state", "state", "--listen", "127.0.0.1:0"])
            .args(extra)
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap());
        let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let mut addr = None;
        let mut line = String::new();
        while lines.read_line(&mut line).unwrap() > 0 {
            log.lock().unwrap().push_str(&line);
            if let Some(a) = line.split("http://").nth(1) {
                addr = Some(a.split_whitespace().next().unwrap().to_string());
                break;
            }
            line.clear();
        }
        let addr = addr.unwrap_or_else(|| panic!("no address: {}", log.lock().unwrap()));
        let sink = log.clone();
        std::thread::spawn(move || {
            let mut rest = String::new();
            while lines.read_line(&mut rest).is_ok_and(|n| n > 0) {
                sink.lock().unwrap().push_str(&rest);
                rest.clear();
            }
        });
        Server { child, addr, dir: dir.to_path_buf(), log }
    }

    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    pub fn inbox(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.join("inbox"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Sends SIGTERM and waits: the exit status.
    pub fn stop(mut self) -> std::process::ExitStatus {
        unsafe { libc::kill(self.child.id() as i32, libc::SIGTERM) };
        self.child.wait().unwrap()
    }

    /// SIGKILL, no time to finish anything.
    pub fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An answer: status, headers (names in lower case), body.
pub struct Answer {
    pub status: u16,
    pub headers: HashMap<String, String>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Reads a whole answer (the request said `Connection: close`).
pub fn read_answer(mut stream: TcpStream) -> Answer {
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or_else(|| {
        panic!("no answer: {:?}", String::from_utf8_lossy(&raw));
    });
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: HashMap<String, String> = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.to_lowercase(), v.to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    if headers.get("transfer-encoding").is_some_and(|v| v == "chunked") {
        body = dechunk(&body);
    }
    Answer { status, headers, body }
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = raw.windows(2).position(|w| w == b"\r\n") else { return out };
        let size =
            usize::from_str_radix(std::str::from_utf8(&raw[..eol]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&raw[eol + 2..eol + 2 + size]);
        raw = &raw[eol + 4 + size..];
    }
}

/// The head of a request.
pub fn head(
    method: &str,
    path: &str,
    addr: &str,
    headers: &[(&str, &str)],
    length: usize,
) -> String {
    let mut h = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        h.push_str(&format!("{k}: {v}\r\n"));
    }
    if method == "POST" {
        h.push_str(&format!("Content-Length: {length}\r\n"));
    }
    h.push_str("\r\n");
    h
}

pub fn request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Answer {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    stream.write_all(head(method, path, addr, headers, body.len()).as_bytes()).unwrap();
    let _ = stream.write_all(body);
    read_answer(stream)
}

pub const BOUNDARY: &str = "digiaste-test-boundary-7f3a";

/// A multipart form with the file `name` of `bytes` and `action`.
pub fn form(name: &str, bytes: &[u8], action: &str) -> Vec<u8> {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\n{action}\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

pub fn multipart_type() -> String {
    format!("multipart/form-data; boundary={BOUNDARY}")
}

/// POSTs a file to a link, asking for JSON.
pub fn post(addr: &str, path: &str, name: &str, bytes: &[u8], action: &str) -> Answer {
    let kind = multipart_type();
    let headers = [("Content-Type", kind.as_str()), ("Accept", "application/json")];
    request(addr, "POST", path, &headers, &form(name, bytes, action))
}

/// The link paths (`/m/TOKEN`) of `codes`, from `digiaste links` on the state in `dir`.
pub fn links(dir: &Path, codes: &[&str]) -> HashMap<String, String> {
    let mut args = vec![
        "links",
        "--state",
        "state",
        "--base-url",
        "http://x",
        "-o",
        "links.csv",
        "--force",
        "--municipality",
    ];
    args.extend_from_slice(codes);
    let o = run_in(dir, &args);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(dir.join("links.csv")).unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let cells: Vec<&str> = l.trim().split(',').collect();
            (cells[0].to_string(), cells[2].trim_start_matches("http://x").to_string())
        })
        .collect()
}

pub fn admin_path(dir: &Path) -> String {
    let o = run_in(dir, &["links", "--state", "state", "--base-url", "http://x", "--admin"]);
    String::from_utf8_lossy(&o.stdout).trim().trim_start_matches("http://x").to_string()
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The ledger's rows: (municipality, action, status, stored).
pub fn ledger(dir: &Path) -> Vec<(String, String, String, Option<String>)> {
    let conn = rusqlite::Connection::open(dir.join("state/ledger.sqlite")).unwrap();
    let mut stmt = conn
        .prepare("SELECT municipality, action, status, stored FROM attempts ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn started(codes: &[&str], extra: &[&str]) -> (tempfile::TempDir, HashMap<String, String>, Server) {
    let dir = tempfile::tempdir().unwrap();
    let links = links(dir.path(), codes);
    let server = Server::start(dir.path(), extra);
    (dir, links, server)
}

#[test]
fn libreoffice_saved_returns_are_checked_then_sent_and_stored_whole() {
    let (dir, links, server) = started(&["091", "049", "005", "478"], &[]);
    let addr = server.addr.clone();
    // The page, in the municipality's language, with the others to switch to.
    let page = request(&addr, "GET", &links["478"], &[], b"");
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("<html lang=\"sv\">"), "{html}");
    assert!(html.contains("Mariehamn (478)"));
    assert!(
        html.contains("name=\"file\"")
            && html.contains("value=\"check\"")
            && html.contains("value=\"send\"")
    );
    assert!(!html.contains("<script>"), "no inline script");
    let csp = &page.headers["content-security-policy"];
    assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(page.headers["x-content-type-options"], "nosniff");
    assert_eq!(page.headers["referrer-policy"], "no-referrer");
    let en = request(&addr, "GET", &format!("{}?lang=en", links["478"]), &[], b"");
    assert!(en.text().contains("<html lang=\"en\">"));
    let workbook = request(&addr, "GET", &format!("{}/workbook.xlsx", links["091"]), &[], b"");
    assert_eq!(workbook.status, 200);
    assert!(workbook.body.starts_with(b"PK\x03\x04"));
    assert!(workbook.headers["content-disposition"].contains("091-helsinki.xlsx"));

    // A check saves nothing.
    let ods = std::fs::read(fixture("returns/049-espoo.ods")).unwrap();
    let checked = post(&addr, &links["049"], "049-espoo.ods", &ods, "check");
    assert_eq!(checked.status, 200, "{}", checked.text());
    let report: IntakeReport = parse(&checked.body);
    let value: serde_json::Value = serde_json::from_slice(&checked.body).unwrap();
    super::schemas::assert_valid("intake.schema.json", &value);
    assert_eq!(report.files[0].status, digiaste::check::Status::Valid);
    assert_eq!((report.action.as_str(), &report.receipt, &report.refusal), ("check", &None, &None));
    assert!(server.inbox().is_empty());

    // Sends of xlsx, ods and xls: each in the inbox as it came, before its receipt.
    let mut stored = Vec::new();
    for (code, file) in
        [("091", "091-helsinki.xlsx"), ("049", "049-espoo.ods"), ("005", "005-alajarvi.xls")]
    {
        let bytes = std::fs::read(fixture(&format!("returns/{file}"))).unwrap();
        let sent = post(&addr, &links[code], file, &bytes, "send");
        let value: serde_json::Value = serde_json::from_slice(&sent.body).unwrap();
        super::schemas::assert_valid("intake.schema.json", &value);
        let report: IntakeReport = parse(&sent.body);
        let receipt = report.receipt.unwrap_or_else(|| panic!("{file}: {}", sent.text()));
        assert_eq!(receipt.sha256, sha256(&bytes));
        assert_eq!(receipt.number, receipt.sha256[..12]);
        assert_eq!((receipt.file.as_str(), receipt.municipality.as_str()), (file, code));
        assert_eq!(receipt.answered, receipt.services);
        let ext = file.rsplit('.').next().unwrap();
        let pattern = format!("{code}-{}-", &file[4..file.len() - ext.len() - 1]);
        assert!(receipt.stored_as.starts_with(&pattern), "{}", receipt.stored_as);
        assert!(receipt.stored_as.ends_with(&format!("Z-{}.{ext}", &receipt.sha256[..8])));
        let on_disk = std::fs::read(dir.path().join("inbox").join(&receipt.stored_as)).unwrap();
        assert_eq!(on_disk, bytes, "stored whole");
        stored.push(receipt.stored_as);
    }
    stored.sort();
    assert_eq!(server.inbox(), stored);

    // The page as a browser gets it: the receipt, announced; the sends listed.
    let xlsx = std::fs::read(fixture("returns/478-mariehamn.xlsx")).unwrap();
    let kind = multipart_type();
    let sent = request(
        &addr,
        "POST",
        &links["478"],
        &[("Content-Type", &kind)],
        &form("478-mariehamn.xlsx", &xlsx, "send"),
    );
    let html = sent.text();
    assert!(html.contains("role=\"status\""), "{html}");
    assert!(html.contains(&sha256(&xlsx)[..12]), "the receipt number");
    assert!(html.contains("Kvitto"), "in Swedish");
    let again = request(&addr, "GET", &links["091"], &[], b"").text();
    assert!(again.contains(&stored.iter().find(|s| s.starts_with("091")).unwrap()[..3]));
    let rows = ledger(dir.path());
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[0], ("049".into(), "check".into(), "valid".into(), None));
    assert_eq!(rows.iter().filter(|r| r.3.is_some()).count(), 4);

    // The admin page counts them; the inbox aggregates like any folder.
    let admin = admin_path(dir.path());
    let json = request(&addr, "GET", &admin, &[("Accept", "application/json")], b"");
    let v: serde_json::Value = serde_json::from_slice(&json.body).unwrap();
    assert_eq!((v["returned"].as_u64(), v["expected"].as_u64()), (Some(4), Some(308)));
    assert_eq!(v["latest"].as_array().unwrap().len(), 4);
    let map = request(&addr, "GET", &format!("{admin}/map.svg"), &[], b"");
    assert!(map.text().starts_with("<svg") || map.text().contains("<svg"), "the map");
    assert_eq!(map.headers["content-type"], "image/svg+xml");
    let html = request(&addr, "GET", &admin, &[], b"").text();
    assert!(html.contains("Uusimaa") && html.contains("map.svg"), "{html}");
    let summary = request(&addr, "GET", &format!("{admin}/summary.xlsx"), &[], b"");
    assert!(summary.body.starts_with(b"PK\x03\x04"));
    assert_eq!(server.stop().code(), Some(0));
    let o = run_in(dir.path(), &["aggregate", "inbox", "-o", "s.xlsx", "--json", "s.json"]);
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("s.json")).unwrap()).unwrap();
    assert_eq!(report["municipalities"].as_array().map(Vec::len), Some(4), "{}", stderr(&o));
}

#[test]
fn invalid_hostile_and_other_municipalities_files_never_reach_the_inbox() {
    let (dir, links, server) = started(&["091", "049", "179"], &[]);
    let addr = server.addr.clone();
    let files = [
        ("179", "returns-broken/179-jyvaskyla.xlsx", "invalid"),
        ("091", "returns-broken/saate.xlsx", "unreadable"),
        ("091", "hostile/zip-bomb.xlsx", "unreadable"),
        ("091", "hostile/not-a-zip.xlsx", "unreadable"),
        ("091", "hostile/encrypted.xls", "unreadable"),
        ("091", "hostile/encrypted.ods", "unreadable"),
        ("091", "hostile/renamed-csv.xls", "unreadable"),
        ("091", "hostile/empty.xlsx", "unreadable"),
        ("091", "hostile/truncated.xlsx", "unreadable"),
    ];
    for (code, file, status) in files {
        let bytes = std::fs::read(fixture(file)).unwrap();
        let name = file.rsplit('/').next().unwrap();
        let sent = post(&addr, &links[code], name, &bytes, "send");
        assert_eq!(sent.status, 200, "{file}");
        let report: IntakeReport = parse(&sent.body);
        assert_eq!(report.files[0].status.as_str(), status, "{file}");
        assert!(report.receipt.is_none() && report.refusal.is_some(), "{file}");
    }
    // Helsinki's valid return through Espoo's link: refused, named.
    let helsinki = std::fs::read(fixture("returns/091-helsinki.xlsx")).unwrap();
    let sent = post(&addr, &links["049"], "091-helsinki.xlsx", &helsinki, "send");
    let report: IntakeReport = parse(&sent.body);
    assert_eq!(report.files[0].status.as_str(), "valid");
    assert!(report.receipt.is_none());
    assert!(report.refusal.as_deref().unwrap().contains("Espoo"), "{:?}", report.refusal);
    assert!(server.inbox().is_empty(), "{:?}", server.inbox());
    let rows = ledger(dir.path());
    assert_eq!(rows.len(), files.len() + 1, "every attempt recorded");
    assert_eq!(rows.last().unwrap().2, "refused");

    // A hostile file name is only a label: shown escaped, never a path.
    let kind = multipart_type();
    let name = "../..\\<img src=x onerror=alert(1)>.xlsx";
    let sent = request(
        &addr,
        "POST",
        &links["091"],
        &[("Content-Type", &kind)],
        &form(name, &helsinki, "check"),
    );
    let html = sent.text();
    assert!(!html.contains("<img"), "escaped");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;.xlsx"), "{html}");
    assert!(!html.contains(".."), "only the name's last part");
    assert!(server.inbox().is_empty());

    // Wrong, near and cross-purpose tokens: one 404, the same for all, telling nothing.
    let unknown = request(&addr, "GET", "/m/00000000000000000000000000000000", &[], b"");
    assert_eq!(unknown.status, 404);
    let token = links["091"].trim_start_matches("/m/");
    let mut near = token.to_string();
    near.replace_range(31.., if token.ends_with('0') { "1" } else { "0" });
    let admin = admin_path(dir.path());
    let admin_token = admin.trim_start_matches("/admin/");
    for path in [
        format!("/m/{near}"),
        format!("/m/{}", &token[..31]),
        format!("/m/{admin_token}"),
        format!("/admin/{token}"),
        format!("/admin/{token}/summary.xlsx"),
        "/".to_string(),
        "/m/".to_string(),
    ] {
        let a = request(&addr, "GET", &path, &[], b"");
        assert_eq!((a.status, &a.body), (404, &unknown.body), "{path}");
    }
    let refused = post(&addr, &format!("/m/{near}"), "091-helsinki.xlsx", &helsinki, "send");
    assert_eq!(refused.status, 404);

    // A POST from another site is refused before it is read.
    for cross in [[("Sec-Fetch-Site", "cross-site")], [("Origin", "https://evil.example")]] {
        let mut headers = vec![("Content-Type", kind.as_str())];
        headers.extend(cross);
        let a = request(
            &addr,
            "POST",
            &links["091"],
            &headers,
            &form("091-helsinki.xlsx", &helsinki, "send"),
        );
        assert_eq!(a.status, 403, "{cross:?}");
    }
    let origin = format!("http://{addr}");
    let same =
        [("Content-Type", kind.as_str()), ("Origin", &origin), ("Accept", "application/json")];
    let a =
        request(&addr, "POST", &links["091"], &same, &form("091-helsinki.xlsx", &helsinki, "send"));
    assert!(parse::<IntakeReport>(&a.body).receipt.is_some(), "the page's own origin is let in");
    assert_eq!(server.inbox().len(), 1);
    assert!(!server.log().contains(token), "tokens are never logged");
}

#[test]
fn oversize_slow_and_too_many_uploads_are_answered_and_bounded() {
    let (_dir, links, server) = started(
        &["091"],
        &["--max-body-mb", "1", "--upload-timeout", "1", "--max-concurrent", "1"],
    );
    let addr = server.addr.clone();
    let kind = multipart_type();
    let big = form("big.xlsx", &vec![b'x'; 2 << 20], "send");
    let a = request(&addr, "POST", &links["091"], &[("Content-Type", &kind)], &big);
    assert_eq!(a.status, 413, "{}", a.text());

    // A slow upload holds the one permit: another is told to come back, then it times out.
    let mut slow = TcpStream::connect(&addr).unwrap();
    let body = form(
        "091-helsinki.xlsx",
        &std::fs::read(fixture("returns/091-helsinki.xlsx")).unwrap(),
        "send",
    );
    let h = head("POST", &links["091"], &addr, &[("Content-Type", &kind)], body.len());
    slow.write_all(h.as_bytes()).unwrap();
    slow.write_all(&body[..100]).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let busy = request(&addr, "POST", &links["091"], &[("Content-Type", &kind)], &body);
    assert_eq!(busy.status, 503);
    assert_eq!(busy.headers.get("retry-after").map(String::as_str), Some("5"));
    let started = std::time::Instant::now();
    slow.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let timed_out = read_answer(slow);
    assert_eq!(timed_out.status, 408);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(server.inbox().is_empty());
    // The permit is back.
    let ok = post(&addr, &links["091"], "091-helsinki.xlsx", &body_file(), "check");
    assert_eq!(ok.status, 200);
}

fn body_file() -> Vec<u8> {
    std::fs::read(fixture("returns/091-helsinki.xlsx")).unwrap()
}

#[test]
fn many_concurrent_sends_are_all_acknowledged_and_present() {
    let codes = ["091", "049", "005", "478"];
    let (dir, links, server) = started(&codes, &[]);
    let files = ["091-helsinki.xlsx", "049-espoo.ods", "005-alajarvi.xls", "478-mariehamn.xlsx"];
    let bytes: Vec<Vec<u8>> =
        files.iter().map(|f| std::fs::read(fixture(&format!("returns/{f}"))).unwrap()).collect();
    let (sends, threads) = (48, 16);
    let receipts = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for t in 0..threads {
            let (addr, links, bytes, files, receipts) =
                (&server.addr, &links, &bytes, &files, &receipts);
            s.spawn(move || {
                for i in (t..sends).step_by(threads) {
                    let k = i % files.len();
                    let a = post(addr, &links[codes[k]], files[k], &bytes[k], "send");
                    assert_eq!(a.status, 200, "{}", a.text());
                    let r = parse::<IntakeReport>(&a.body).receipt.expect("valid");
                    receipts.lock().unwrap().push((k, r));
                }
            });
        }
    });
    let receipts = receipts.into_inner().unwrap();
    assert_eq!(receipts.len(), sends);
    for (k, r) in &receipts {
        let on_disk = std::fs::read(dir.path().join("inbox").join(&r.stored_as)).unwrap();
        assert_eq!(on_disk, bytes[*k], "{}", r.stored_as);
    }
    assert!(server.inbox().iter().all(|n| !n.starts_with('.')), "no temporary file left");
    let rows = ledger(dir.path());
    assert_eq!(rows.iter().filter(|r| r.1 == "send" && r.2 == "valid").count(), sends);
    assert_eq!(server.stop().code(), Some(0));
}

#[test]
fn a_killed_server_leaves_no_partial_file_and_a_restart_reconciles() {
    let (dir, links, server) = started(&["091", "049"], &[]);
    let addr = server.addr.clone();
    let helsinki = body_file();
    let sent = post(&addr, &links["091"], "091-helsinki.xlsx", &helsinki, "send");
    let kept = parse::<IntakeReport>(&sent.body).receipt.unwrap().stored_as;
    // kill -9 in the middle of an upload.
    let espoo = std::fs::read(fixture("returns/049-espoo.ods")).unwrap();
    let body = form("049-espoo.ods", &espoo, "send");
    let kind = multipart_type();
    let mut half = TcpStream::connect(&addr).unwrap();
    half.write_all(
        head("POST", &links["049"], &addr, &[("Content-Type", &kind)], body.len()).as_bytes(),
    )
    .unwrap();
    half.write_all(&body[..body.len() / 2]).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    server.kill();
    assert_eq!(std::fs::read_dir(dir.path().join("inbox")).unwrap().count(), 1);

    // As after a crash between the file and its row, and in the middle of writing one.
    let orphan = "049-espoo-20261204T031502Z-0123abcd.ods";
    std::fs::write(dir.path().join("inbox").join(orphan), &espoo).unwrap();
    std::fs::write(dir.path().join("inbox/.digiaste-upload-abc123"), &espoo[..10]).unwrap();
    let server = Server::start(dir.path(), &[]);
    assert!(server.log().contains("1 file without its row"), "{}", server.log());
    let mut expected = vec![kept.clone(), orphan.to_string()];
    expected.sort();
    assert_eq!(server.inbox(), expected, "the partial one removed, the acknowledged kept");
    let rows = ledger(dir.path());
    assert!(rows.contains(&("049".into(), "send".into(), "recovered".into(), Some(orphan.into()))));
    let page = request(&server.addr, "GET", &links["049"], &[], b"").text();
    assert!(page.contains("049-espoo-20261204T031502Z-0123abcd.ods"), "listed among its sends");
    // Once only.
    drop(server);
    let server = Server::start(dir.path(), &[]);
    assert!(!server.log().contains("without its row"), "{}", server.log());
    assert_eq!(ledger(dir.path()).iter().filter(|r| r.2 == "recovered").count(), 1);
}

#[test]
fn sigterm_finishes_the_send_in_flight_then_exits_0() {
    let (dir, links, server) = started(&["091"], &[]);
    let addr = server.addr.clone();
    let body = form("091-helsinki.xlsx", &body_file(), "send");
    let kind = multipart_type();
    let mut stream = TcpStream::connect(&addr).unwrap();
    let h = head(
        "POST",
        &links["091"],
        &addr,
        &[("Content-Type", &kind), ("Accept", "application/json")],
        body.len(),
    );
    stream.write_all(h.as_bytes()).unwrap();
    stream.write_all(&body[..body.len() / 2]).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let pid = server.child.id() as i32;
    unsafe { libc::kill(pid, libc::SIGTERM) };
    std::thread::sleep(Duration::from_millis(200));
    stream.write_all(&body[body.len() / 2..]).unwrap();
    let answer = read_answer(stream);
    let receipt = parse::<IntakeReport>(&answer.body).receipt.expect("finished");
    assert!(dir.path().join("inbox").join(&receipt.stored_as).exists());
    assert_eq!(server.stop().code(), Some(0));
}

#[test]
fn an_invalid_return_gets_its_corrected_copy_to_download() {
    let (dir, links, server) = started(&["179", "091"], &[]);
    let addr = server.addr.clone();
    let broken = std::fs::read(fixture("returns-broken/179-jyvaskyla.xlsx")).unwrap();
    let kind = multipart_type();
    // The page after a check of an invalid return offers its corrected copy…
    let body = form("179-jyvaskyla.xlsx", &broken, "check");
    let page = request(&addr, "POST", &links["179"], &[("Content-Type", kind.as_str())], &body);
    assert_eq!(page.status, 200);
    assert!(page.text().contains(r#"name="action" value="copy""#), "{}", page.text());
    assert!(page.text().contains("Lataa korjattava kopio"), "{}", page.text());
    // …which comes as a workbook to save, named from the register: the answers in place,
    // the problems listed on the "To correct" sheet.
    let copy = post(&addr, &links["179"], "oma nimi.xlsx", &broken, "copy");
    assert_eq!(copy.status, 200, "{}", copy.text());
    assert_eq!(
        copy.headers["content-disposition"],
        "attachment; filename=\"179-jyvaskyla-korjattava.xlsx\""
    );
    assert!(copy.headers["content-type"].contains("spreadsheetml"));
    let saved = dir.path().join("copy.xlsx");
    std::fs::write(&saved, &copy.body).unwrap();
    let out = run_in(dir.path(), &["validate", "copy.xlsx", "--format", "json"]);
    let report: digiaste::report::ValidateReport = parse(&out.stdout);
    assert_eq!(report.files[0].status.as_str(), "invalid", "still to be corrected");
    let wb: calamine::Xlsx<_> = calamine::open_workbook(&saved).unwrap();
    use calamine::Reader;
    assert!(wb.sheet_names().iter().any(|s| s == "Korjattavaa"), "{:?}", wb.sheet_names());
    // A valid return has nothing to correct: the answer is the check's JSON.
    let helsinki = std::fs::read(fixture("returns/091-helsinki.xlsx")).unwrap();
    let valid = post(&addr, &links["091"], "091-helsinki.xlsx", &helsinki, "copy");
    let report: IntakeReport = parse(&valid.body);
    assert_eq!((report.action.as_str(), report.receipt.is_none()), ("copy", true));
    // Nothing of it is in the inbox; each attempt is a row.
    assert!(server.inbox().is_empty(), "{:?}", server.inbox());
    let actions: Vec<String> = ledger(dir.path()).into_iter().map(|r| r.1).collect();
    assert_eq!(actions, ["check", "copy", "copy"]);
}

#[test]
fn last_rounds_return_prefills_the_workbook_on_the_page() {
    let last = fixture("returns").display().to_string();
    let (dir, links, server) = started(&["091", "179"], &["--last-round", &last]);
    let addr = server.addr.clone();
    let page = request(&addr, "GET", &links["091"], &[], b"");
    assert_eq!(page.status, 200);
    assert!(
        page.text().contains("esitäytetty edellisen kierroksen vastauksillanne"),
        "{}",
        page.text()
    );
    let get =
        |code: &str| request(&addr, "GET", &format!("{}/workbook.xlsx", links[code]), &[], b"");
    let prefilled = get("091");
    assert_eq!(prefilled.status, 200);
    let path = dir.path().join("091.xlsx");
    std::fs::write(&path, &prefilled.body).unwrap();
    // Helsinki's answers carried, the response date left for this round: its check finds
    // the answers, not a blank form.
    // (`validate` tells a prefilled workbook sent back as it came: `unchanged-prefill`.)
    let checked = |file: &str| {
        let out = run_in(dir.path(), &["validate", file, "--format", "json"]);
        let json: serde_json::Value = parse(&out.stdout);
        let f = &json["files"][0];
        let codes: Vec<String> = f["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["code"].as_str().unwrap_or("").to_string())
            .collect();
        (f["status"].as_str().unwrap_or("").to_string(), codes)
    };
    let (status, codes) = checked("091.xlsx");
    assert_eq!(status, "valid");
    assert!(codes.iter().any(|c| c == "unchanged-prefill"), "{codes:?}");
    // Jyväskylä sent nothing last round: its workbook is the blank one.
    let page = request(&addr, "GET", &links["179"], &[], b"");
    assert!(!page.text().contains("esitäytetty"), "{}", page.text());
    let blank = dir.path().join("179.xlsx");
    std::fs::write(&blank, get("179").body).unwrap();
    let (status, codes) = checked("179.xlsx");
    assert_ne!(status, "valid");
    assert!(!codes.iter().any(|c| c == "unchanged-prefill"), "{codes:?}");
}
