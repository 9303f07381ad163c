//! Bounded and contained outputs (issue 21): what a return holds never makes an output
//! unbounded, a file name or a link never takes an output or the walk outside the folders
//! given, and no text of a return acts on the terminal. Every input is generated here.

use std::io::{Read, Write};

use calamine::{Data, Reader, Xlsx, open_workbook};
use digiaste::report::{AggregateReport, ValidateReport};

use super::*;

/// The findings and added services a return keeps: `check::kept::MAX_KEPT`.
const KEPT: usize = 200;

type Edit<'a> = (&'a str, &'a dyn Fn(String) -> String);

/// `fixtures/returns-known/fi-openpyxl.xlsx` (Helsinki, valid) with each part of `edits`
/// passed through its function.
fn edited_return(edits: &[Edit]) -> Vec<u8> {
    edited_zip(&fixture("returns-known/fi-openpyxl.xlsx"), edits)
}

/// The xlsx `path` with each part of `edits` passed through its function.
fn edited_zip(path: &Path, edits: &[Edit]) -> Vec<u8> {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut out = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if let Some((_, edit)) = edits.iter().find(|(part, _)| *part == name) {
            data = edit(String::from_utf8(data).unwrap()).into_bytes();
        }
        out.start_file(name, opts).unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap();
    buf.into_inner()
}

/// The return with `n` rows appended below its first area sheet (rows 27…), each made by
/// `cells` from its row number.
fn return_with_rows(n: u32, cells: impl Fn(u32) -> String) -> Vec<u8> {
    let append = move |xml: String| {
        let mut rows = String::new();
        for r in 27..27 + n {
            rows.push_str(&format!(r#"<row r="{r}">{}</row>"#, cells(r)));
        }
        let xml = xml.replacen(r#"<dimension ref="A1:L26" />"#, "", 1);
        xml.replacen("</sheetData>", &format!("{rows}</sheetData>"), 1)
    };
    edited_return(&[("xl/worksheets/sheet2.xml", &append)])
}

fn inline(cell: &str, text: &str) -> String {
    format!(r#"<c r="{cell}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// Rows of a sheet of an xlsx, as text.
fn sheet_rows(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let range = wb.worksheet_range(sheet).unwrap_or_else(|e| panic!("{sheet}: {e}"));
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    c => c.to_string(),
                })
                .collect()
        })
        .collect()
}

fn cells_containing(rows: &[Vec<String>], needle: &str) -> usize {
    rows.iter().flatten().filter(|c| c.contains(needle)).count()
}

/// 5,000 duplicate ids (the issue's 990,000 cost 1.1 GB in `validate`, 3.4 GB in
/// `prefill` and an 82 MB letter): every output keeps the first 200 errors and counts the
/// rest on a line of its own — the text report, the JSON, the letter, the summary's
/// validation sheet, the aggregate JSON and the prefilled workbook's "To correct" list.
#[test]
fn a_return_of_thousands_of_duplicate_ids_keeps_200_errors_in_every_output() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    let dup = return_with_rows(5_000, |r| inline(&format!("A{r}"), "asu.rakennuslupa"));
    std::fs::write(dir.path().join("in/091-dup.xlsx"), dup).unwrap();
    let more = "… and 4800 more errors, not listed (only the first 200 of each kind are kept)";

    let out = run_in(dir.path(), &["validate", "in", "--report-dir", "letters"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("  Errors (5000):\n"), "{text}");
    assert_eq!(text.matches("[duplicate-service]").count(), KEPT);
    assert!(text.contains(&format!("\n    {more}\n  Warnings (")), "{text}");
    let letter = std::fs::read_to_string(dir.path().join("letters/091-dup.xlsx.txt")).unwrap();
    assert_eq!(letter.matches("[duplicate-service]").count(), KEPT);
    assert!(letter.contains("200. ") && !letter.contains("201. "), "{letter}");
    let muuta = "… ja 4800 muuta virhettä, joita ei luetella (kustakin lajista säilytetään vain 200 ensimmäistä)";
    let flat = letter.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(&format!("[duplicate-service] {muuta} ")),
        "Helsinki's Finnish: {letter}"
    );
    assert!(
        letter.contains("\n     … ja 4800 muuta virhettä"),
        "indented under the list: {letter}"
    );
    assert!(letter.contains("5000 virhettä"), "the opening counts them all: {letter}");
    assert!(letter.len() < 60_000, "{} bytes", letter.len());

    let out = run_in(dir.path(), &["validate", "in", "--format", "json"]);
    let report: ValidateReport = parse(&out.stdout);
    let file = &report.files[0];
    assert_eq!((file.errors.len(), file.left_out.errors), (KEPT, 4_800));
    assert_eq!((file.left_out.warnings, file.left_out.info), (0, 0));

    let out = run_in(dir.path(), &["aggregate", "in", "-o", "s.xlsx", "--json", "s.json"]);
    assert_eq!(out.status.code(), Some(1), "rejected, and the summary written: {}", stderr(&out));
    let json: AggregateReport = read_json(&dir.path().join("s.json"));
    assert_eq!((json.rejected[0].errors.len(), json.rejected[0].errors_left_out), (KEPT, 4_800));
    let rows = sheet_rows(&dir.path().join("s.xlsx"), "Validation");
    assert_eq!(cells_containing(&rows, "duplicate-service"), KEPT);
    assert_eq!(cells_containing(&rows, "… and 4800 more findings, not listed"), 1);

    let out = run_in(dir.path(), &["prefill", "in", "--out-dir", "p"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = sheet_rows(&dir.path().join("p/091-helsinki.xlsx"), "Korjattavaa");
    assert_eq!(cells_containing(&rows, "useammin kuin kerran"), KEPT, "{:?}", &rows[..6]);
    let last = rows.iter().rev().find(|r| r.iter().any(|c| !c.is_empty())).unwrap();
    assert_eq!(
        last[1],
        "… ja 4800 muuta huomautusta, joita ei luetella (kustakin lajista säilytetään vain 200 ensimmäistä)"
    );
}

/// 5,000 added services (the issue's 990,000 made `aggregate` fail at 3 GB, "Row or column
/// exceeds Excel's allowed limits"): the return counts, 200 are kept and the rest counted
/// on the added-services sheet, in the JSON, on the data sheet and in the feedback
/// workbook, which `feedback` makes again from the summary.
#[test]
fn a_return_of_thousands_of_added_services_counts_with_200_kept() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    let added = return_with_rows(5_000, |r| inline(&format!("B{r}"), &format!("oma {r}")));
    std::fs::write(dir.path().join("in/091-added.xlsx"), added).unwrap();
    let out = run_in(
        dir.path(),
        &["aggregate", "in", "-o", "s.xlsx", "--json", "s.json", "--feedback-dir", "fb"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: AggregateReport = read_json(&dir.path().join("s.json"));
    assert_eq!(json.added.len(), KEPT);
    assert_eq!(json.municipalities[0].added_left_out, 4_800);
    let rows = sheet_rows(&dir.path().join("s.xlsx"), "Added services");
    assert_eq!(cells_containing(&rows, "oma "), KEPT);
    let line =
        "… and 4800 more added services, not listed (only the first 200 of each kind are kept)";
    assert_eq!(cells_containing(&rows, line), 1, "{:?}", rows.last());

    let catalog = digiaste::catalog::Catalog::default_catalog();
    let data = digiaste::data_sheet::read_data(&dir.path().join("s.xlsx"), &catalog).unwrap();
    let notes = &data.entries[0].findings;
    assert_eq!(notes.iter().filter(|n| n.code == "added-service").count(), KEPT);
    let counted = notes.last().unwrap();
    assert_eq!(counted.code, "");
    assert!(counted.message(digiaste::lang::Lang::En).starts_with("… and 4800 more findings"));

    let out = run_in(dir.path(), &["feedback", "s.xlsx", "--out-dir", "again"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for fb in ["fb/091-helsinki.xlsx", "again/091-helsinki.xlsx"] {
        let rows = sheet_rows(&dir.path().join(fb), "Kuittaus");
        assert_eq!(cells_containing(&rows, "added-service"), KEPT, "{fb}");
        assert_eq!(cells_containing(&rows, "… ja 4800 muuta huomautusta"), 1, "{fb}");
    }
}

/// `xml` with the cell `cell` holding the inline text `text` (XML-escaped as given).
fn set_cell(xml: String, cell: &str, text: &str) -> String {
    let start = xml.find(&format!(r#"<c r="{cell}""#)).unwrap_or_else(|| panic!("{cell}"));
    let open_end = start + xml[start..].find('>').unwrap();
    let end = if xml[..open_end].ends_with('/') {
        open_end + 1
    } else {
        open_end + xml[open_end..].find("</c>").unwrap() + 4
    };
    let new =
        format!(r#"<c r="{cell}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>"#);
    format!("{}{new}{}", &xml[..start], &xml[end..])
}

/// What every line of a command's output must be: no character that moves the cursor,
/// reorders the text or breaks the line where the return says.
fn assert_inert(what: &str, text: &str) {
    for c in ['\r', '\u{1b}', '\u{202E}', '\u{2066}', '\u{200B}', '\u{2028}'] {
        assert!(!text.contains(c), "{what} shows {c:?} raw: {text:?}");
    }
    assert!(!text.lines().any(|l| l.starts_with("forged")), "{what} has a forged line: {text}");
}

/// A cell holding a line break, a carriage return, ESC and bidirectional and zero-width
/// characters, in a file whose name holds them too (issue 21: in `aggregate` a newline in
/// a cell forged whole summary lines): every command shows them as escapes.
#[test]
fn no_text_of_a_return_or_file_name_acts_on_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    let hostile =
        "x\nforged.xlsx: 308 municipalities&#13;\u{1b}[2J\u{202E}cba\u{2066}\u{200B}\u{2028}";
    let edit = |xml: String| set_cell(xml, "D5", hostile);
    let name = "091-\u{202E}xslx\nforged.xlsx";
    std::fs::write(
        dir.path().join("in").join(name),
        edited_return(&[("xl/worksheets/sheet2.xml", &edit)]),
    )
    .unwrap();
    let shown_value = r#""x\nforged.xlsx: 308 municipalities\r\u{1b}[2J\u{202e}cba\u{2066}\u{200b}\u{2028}" is not one of the options"#;
    let shown_name = r"in/091-\u{202e}xslx\nforged.xlsx";

    let out = run_in(dir.path(), &["validate", "in"]);
    assert_eq!(out.status.code(), Some(1));
    assert_inert("validate", &stdout(&out));
    assert!(
        stdout(&out).starts_with(&format!("{shown_name} — invalid · 091 Helsinki\n")),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains(shown_value), "{}", stdout(&out));

    let path = format!("in/{name}");
    let out = run_in(dir.path(), &["score", &path]);
    assert_eq!(out.status.code(), Some(1));
    assert_inert("score", &stderr(&out));
    assert!(
        stderr(&out).contains(shown_name) && stderr(&out).contains(shown_value),
        "{}",
        stderr(&out)
    );

    let out = run_in(dir.path(), &["aggregate", "in", "-o", "s.xlsx"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_inert("aggregate", &err);
    assert_eq!(err.lines().filter(|l| l.starts_with("s.xlsx: ")).count(), 1, "{err}");
    assert!(err.contains(&format!("  rejected {shown_name} (invalid): {shown_value}")), "{err}");

    let out = run_in(dir.path(), &["prefill", "in", "--out-dir", "p"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_inert("prefill", &stdout(&out));
    assert!(
        stdout(&out).contains(&format!("p/091-helsinki.xlsx <- {shown_name}\n")),
        "{}",
        stdout(&out)
    );

    // The JSON is escaped by the serialiser, and keeps the text exactly.
    let out = run_in(dir.path(), &["validate", "in", "--format", "json"]);
    let report: ValidateReport = parse(&out.stdout);
    assert_eq!(report.files[0].path, path);
}

/// The xlsx files below `dir`, relative to it, sorted.
fn xlsx_below(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if e.file_type().unwrap().is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "xlsx") {
                found.push(p.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    found.sort();
    found
}

/// A summary whose data sheet names the municipality `../../esc` (its shared string
/// edited): `feedback` names workbooks from the register only, so that entry gets none,
/// said by name, exit 1, and nothing is written outside `--out-dir`.
#[test]
fn feedback_names_workbooks_from_the_register_never_from_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("in")).unwrap();
    std::fs::create_dir_all(dir.path().join("deep/er")).unwrap();
    std::fs::copy(fixture("returns-known/fi-openpyxl.xlsx"), dir.path().join("in/r.xlsx")).unwrap();
    let out = run_in(dir.path(), &["aggregate", "in", "-o", "s.xlsx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let tamper = |xml: String| {
        assert!(xml.contains("<t>091</t>"));
        xml.replace("<t>091</t>", "<t>../../esc</t>")
    };
    let tampered = edited_zip(&dir.path().join("s.xlsx"), &[("xl/sharedStrings.xml", &tamper)]);
    std::fs::write(dir.path().join("t.xlsx"), tampered).unwrap();
    let out = run_in(&dir.path().join("deep/er"), &["feedback", "../../t.xlsx", "--out-dir", "fb"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("../../t.xlsx: municipality code \"../../esc\" is not in the register; no feedback workbook was written for it"),
        "{err}"
    );
    assert!(err.contains("fb: 0 feedback workbooks written"), "{err}");
    assert_eq!(xlsx_below(dir.path()), ["in/r.xlsx", "s.xlsx", "t.xlsx"]);
}

/// An output that is one of the inputs is refused even with `--force`, by `prefill`
/// (`prefill R --out-dir R --force` replaced the returns), `feedback` and `aggregate
/// --feedback-dir`, before anything is written.
#[test]
fn no_command_replaces_one_of_its_inputs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    let ret = dir.path().join("in/091-helsinki.xlsx");
    std::fs::copy(fixture("returns-known/fi-openpyxl.xlsx"), &ret).unwrap();
    let before = std::fs::read(&ret).unwrap();
    let refused = |args: &[&str]| {
        let out = run_in(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("091-helsinki.xlsx is an input; an output may not replace it"),
            "{args:?}: {}",
            stderr(&out)
        );
        assert_eq!(std::fs::read(&ret).unwrap(), before, "{args:?}: the return is untouched");
    };
    refused(&["prefill", "in", "--out-dir", "in", "--force"]);
    refused(&["prefill", "in/091-helsinki.xlsx", "--out-dir", "./in/", "--force"]);
    refused(&["aggregate", "in", "-o", "s.xlsx", "--feedback-dir", "in", "--force"]);
    assert!(!dir.path().join("s.xlsx").exists(), "nothing written");
    let out = run_in(dir.path(), &["aggregate", "in", "-o", "s.xlsx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    std::fs::rename(dir.path().join("s.xlsx"), &ret).unwrap();
    let before = std::fs::read(&ret).unwrap();
    let out =
        run_in(dir.path(), &["feedback", "in/091-helsinki.xlsx", "--out-dir", "in", "--force"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("091-helsinki.xlsx is an input"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&ret).unwrap(), before, "the summary is untouched");
}

/// `--force` replaces regular files only: a symbolic link (to a file, or broken), a FIFO
/// or a folder where an output would go is refused by name before any work, for every
/// kind of output, and what the link points to is untouched.
#[test]
fn force_never_replaces_a_link_or_what_is_not_a_regular_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("in")).unwrap();
    std::fs::create_dir_all(dir.path().join("p")).unwrap();
    std::fs::create_dir_all(dir.path().join("letters")).unwrap();
    std::fs::copy(fixture("returns-known/fi-openpyxl.xlsx"), dir.path().join("in/r.xlsx")).unwrap();
    std::fs::write(dir.path().join("precious"), "keep me").unwrap();
    let link =
        |name: &str, to: &str| std::os::unix::fs::symlink(to, dir.path().join(name)).unwrap();
    link("s.xlsx", "precious");
    link("broken.xlsx", "nowhere");
    link("p/091-helsinki.xlsx", "../precious");
    link("letters/r.xlsx.txt", "../precious");
    let fifo = dir.path().join("pipe.json");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let cases: [&[&str]; 6] = [
        &["aggregate", "in", "-o", "s.xlsx", "--force"],
        &["aggregate", "in", "-o", "broken.xlsx", "--force"],
        &["aggregate", "in", "-o", "out.xlsx", "--json", "pipe.json", "--force"],
        &["prefill", "in", "--out-dir", "p", "--force"],
        &["validate", "in", "--report-dir", "letters", "--force"],
        &["aggregate", "in", "-o", "broken.xlsx"],
    ];
    for args in cases {
        let out = run_in(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(
                "is a symbolic link or not a regular file; digiaste does not replace it, even with --force"
            ),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert_eq!(std::fs::read_to_string(dir.path().join("precious")).unwrap(), "keep me");
    for name in ["s.xlsx", "broken.xlsx", "p/091-helsinki.xlsx", "letters/r.xlsx.txt"] {
        let meta = std::fs::symlink_metadata(dir.path().join(name)).unwrap();
        assert!(meta.file_type().is_symlink(), "{name} is still the link");
    }
    assert!(!dir.path().join("out.xlsx").exists(), "refused before any work");
}

/// A letter named after a return whose name is near the file system's 255 bytes would
/// pass it with ".txt": it is shortened at a character boundary, keeping the extensions
/// and a distinguishing part, and two such returns get two letters.
#[test]
fn a_letter_whose_name_would_be_too_long_is_shortened() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    let names = ["ä".repeat(124) + ".xlsx", "ä".repeat(123) + "ab.xlsx"];
    for n in &names {
        assert!(n.len() + ".txt".len() > 255, "{}", n.len());
        std::fs::copy(fixture("returns-known/fi-openpyxl.xlsx"), dir.path().join("in").join(n))
            .unwrap();
    }
    let out = run_in(dir.path(), &["validate", "in", "--report-dir", "letters"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut letters: Vec<String> = std::fs::read_dir(dir.path().join("letters"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n != "letters.csv")
        .collect();
    letters.sort();
    assert_eq!(letters.len(), 2, "{letters:?}");
    let mut named = Vec::new();
    for l in &letters {
        assert!(l.len() <= 255 && l.starts_with(&"ä".repeat(100)), "{l}");
        assert!(l.ends_with(".xlsx.txt") && l.contains('~'), "{l}");
        let text = std::fs::read_to_string(dir.path().join("letters").join(l)).unwrap();
        named.extend(names.iter().filter(|n| text.contains(&format!("{n}\n"))));
    }
    let mut expected: Vec<&String> = names.iter().collect();
    named.sort();
    expected.sort();
    assert_eq!(named, expected, "each letter names its file whole");
}

/// The walk never leaves the folders given: `up -> ..` pulled in the parent folder's
/// returns; now a link leading outside them (or nowhere) is skipped and named, and one
/// leading inside them is followed, its file read once.
#[test]
fn symbolic_links_never_take_the_walk_outside_the_folders_given() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("in/sub")).unwrap();
    std::fs::copy(fixture("returns/091-helsinki.xlsx"), dir.path().join("in/sub/091.xlsx"))
        .unwrap();
    std::fs::copy(fixture("returns/297-kuopio.xlsx"), dir.path().join("outside.xlsx")).unwrap();
    let link =
        |to: &str, name: &str| std::os::unix::fs::symlink(to, dir.path().join(name)).unwrap();
    link("..", "in/up");
    link("../outside.xlsx", "in/outside.xlsx");
    link("nowhere.xlsx", "in/broken.xlsx");
    link("sub/091.xlsx", "in/alias.xlsx");
    link(".", "in/sub/here");
    let out = run_in(dir.path(), &["aggregate", "in", "-o", "s.xlsx", "--json", "s.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "digiaste: skipped 3 symbolic links that lead outside the folders given or nowhere: in/broken.xlsx, in/outside.xlsx, in/up\n"
        ),
        "{}",
        stderr(&out)
    );
    let json: AggregateReport = read_json(&dir.path().join("s.json"));
    let counted: Vec<(&str, &str)> =
        json.municipalities.iter().map(|m| (m.code.as_str(), m.path.as_str())).collect();
    assert_eq!(counted, [("091", "in/alias.xlsx")], "Kuopio's return outside is not read");
    assert!(json.duplicates.is_empty(), "the linked file is read once: {:?}", json.duplicates);
    // Given as a folder of its own, the parent is walked, its links inside it followed.
    let out = run_in(dir.path(), &["validate", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("./in/outside.xlsx — valid · 297 Kuopio"), "{text}");
    assert_eq!(text.matches("297 Kuopio").count(), 1, "read once, under its first path: {text}");
    assert_eq!(text.matches("091 Helsinki").count(), 1, "{text}");
}

/// Runs digiaste in `dir` as an unprivileged user when the tests run as root (for whom a
/// folder's permissions deny nothing), else as the user running them.
fn run_unprivileged(dir: &Path, args: &[&str]) -> Output {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    use std::os::unix::process::CommandExt;
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("digiaste"));
    cmd.current_dir(dir).args(args).env_remove("LC_ALL").env_remove("LC_MESSAGES");
    cmd.env("LANG", "C.UTF-8");
    if std::fs::metadata("/proc/self").unwrap().uid() == 0 {
        // `nobody` may enter the folder and write the outputs there.
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o777)).unwrap();
        cmd.uid(65_534).gid(65_534);
    }
    cmd.output().unwrap()
}

/// A sub-folder that cannot be read is a named skipped entry: the other returns are
/// counted, the summary is written, and the command ends with exit code 1.
#[test]
fn an_unreadable_folder_is_skipped_by_name_with_exit_1() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("in/locked")).unwrap();
    std::fs::copy(fixture("returns/091-helsinki.xlsx"), dir.path().join("in/091.xlsx")).unwrap();
    std::fs::copy(fixture("returns/297-kuopio.xlsx"), dir.path().join("in/locked/297.xlsx"))
        .unwrap();
    let mode = |p: &str, m: u32| {
        std::fs::set_permissions(dir.path().join(p), std::fs::Permissions::from_mode(m)).unwrap()
    };
    mode("in", 0o755);
    mode("in/locked", 0o000);
    let skipped =
        "digiaste: skipped 1 folder that cannot be read (returns may be missing): in/locked\n";
    let out =
        run_unprivileged(dir.path(), &["aggregate", "in", "-o", "s.xlsx", "--json", "s.json"]);
    mode("in/locked", 0o755);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains(skipped), "{}", stderr(&out));
    let json: AggregateReport = read_json(&dir.path().join("s.json"));
    assert_eq!(json.municipalities.len(), 1, "the readable return counts");
    assert!(dir.path().join("s.xlsx").exists(), "the summary is written");
    mode("in/locked", 0o000);
    let out = run_unprivileged(dir.path(), &["validate", "in"]);
    let prefill = run_unprivileged(dir.path(), &["prefill", "in", "--out-dir", "p"]);
    mode("in/locked", 0o755);
    for (what, out) in [("validate", out), ("prefill", prefill)] {
        assert_eq!(out.status.code(), Some(1), "{what}: {}", stderr(&out));
        assert!(stderr(&out).contains(skipped), "{what}: {}", stderr(&out));
    }
}

/// The default catalog with one edit, written to `c.toml` in `dir`.
fn catalog_edited(dir: &Path, edit: impl Fn(&str) -> String) -> String {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/default.toml"),
    )
    .unwrap();
    let edited = edit(&text);
    assert_ne!(edited, text, "the edit applies");
    std::fs::write(dir.join("c.toml"), &edited).unwrap();
    edited
}

fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).unwrap()].matches('\n').count() + 1
}

/// Option labels must differ once folded, across all the catalog's languages and keys: a
/// Swedish label equal (in another case and spacing) to another option's Finnish label
/// scored an answer as the wrong option. `catalog check` names the option and its TOML
/// line, and a command given the catalog refuses it before reading any return.
#[test]
fn option_labels_that_fold_alike_across_languages_are_refused_with_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let clashing_sv = r#"sv = "perustiedot  KUNNAN verkkosivuilla", en = "Detailed online"#;
    let text = catalog_edited(dir.path(), |t| {
        t.replacen(r#"sv = "Utförliga anvisningar och rådgivning på nätet, t.ex. chatt", en = "Detailed online"#, clashing_sv, 1)
    });
    // The option's table starts on the line above its key.
    let line = line_of(&text, "key = \"online-advice\"") - 1;
    let out = run_in(dir.path(), &["catalog", "check", "c.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let expected = format!(
        "  line {line}: stage \"info\" option \"online-advice\": sv label \"perustiedot  KUNNAN verkkosivuilla\" reads the same as option \"web-page\"'s fi label \"Perustiedot kunnan verkkosivuilla\" once case, spacing and Unicode form are folded: an answer could be scored as the wrong option\n"
    );
    assert!(stderr(&out).contains(&expected), "{}", stderr(&out));
    let out = run_in(
        dir.path(),
        &["validate", "-c", "c.toml", fixture("returns/091-helsinki.xlsx").to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("line {line}: stage \"info\" option \"online-advice\""))
    );
    assert!(stdout(&out).is_empty(), "no return read");

    // A key is matched too, and the adoption question is a question like the others; the
    // full-width letters of NFKC fold to plain ones.
    let text = catalog_edited(dir.path(), |t| {
        t.replacen(
            r#"key = "not-introduced""#,
            r#"key = "ＹＥＳ, introduced or will be introduced""#,
            1,
        )
    });
    let line = line_of(&text, "key = \"ＹＥＳ") - 1;
    let out = run_in(dir.path(), &["catalog", "check", "c.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!("  line {line}: adoption option \"ＹＥＳ, introduced or will be introduced\": key \"ＹＥＳ, introduced or will be introduced\" reads the same as option \"introduced\"'s en label \"Yes, introduced or will be introduced\"")),
        "{}",
        stderr(&out)
    );
}

/// A catalog file over 4 MB is refused before it is parsed, by `catalog check` and by
/// any command given it.
#[test]
fn a_catalog_over_4_mb_is_refused_before_parsing() {
    let dir = tempfile::tempdir().unwrap();
    let size = catalog_edited(dir.path(), |t| format!("{t}\n#{}\n", "x".repeat(4 << 20))).len();
    let said = format!(
        "c.toml: the catalog has 1 problem:\n  the file is {size} bytes; a catalog is at most 4194304 bytes (4 MB)"
    );
    let out = run_in(dir.path(), &["catalog", "check", "c.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(&said), "{}", stderr(&out));
    let out = run_in(dir.path(), &["template", "-c", "c.toml", "-o", "t.xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains(&said), "{}", stderr(&out));
    assert!(!dir.path().join("t.xlsx").exists());
}
