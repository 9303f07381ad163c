//! The folder walk and the outputs (issue 15): symbolic-link loops, FIFOs, lock files and
//! other files, and outputs that would overwrite each other or an input.

use digiaste::report::AggregateReport;

use super::*;

fn good_round() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::copy(fixture("returns-known/fi-libreoffice.xlsx"), dir.path().join("in/good.xlsx"))
        .unwrap();
    dir
}

/// Two loops: `here -> .` leads inside and is walked once; `up -> ..` leads outside the
/// folder given and is skipped by name. The return is counted once.
#[test]
fn symlink_loops_are_walked_once() {
    let dir = good_round();
    std::os::unix::fs::symlink("..", dir.path().join("in/up")).unwrap();
    std::os::unix::fs::symlink(".", dir.path().join("in/here")).unwrap();
    let out =
        run_in(dir.path(), &["aggregate", "in", "-o", "summary.xlsx", "--json", "summary.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("outside the folders given or nowhere: in/up\n"),
        "{}",
        stderr(&out)
    );
    let json: AggregateReport = read_json(&dir.path().join("summary.json"));
    assert_eq!(json.municipalities.len(), 1);
    assert!(json.duplicates.is_empty(), "{:?}", json.duplicates);
}

/// A FIFO named like a spreadsheet is never opened: skipped in a folder, unreadable when
/// named; lock files and other files are counted and named.
#[test]
fn only_regular_spreadsheets_are_opened() {
    let dir = good_round();
    let fifo = dir.path().join("in/pipe.xlsx");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    std::fs::write(dir.path().join("in/~$good.xlsx"), "lock").unwrap();
    std::fs::write(dir.path().join("in/notes.txt"), "notes").unwrap();
    let out = run_in(dir.path(), &["validate", "in"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    let lock = "skipped 1 Excel or LibreOffice lock file (not a workbook: it exists while the \
                workbook is open): in/~$good.xlsx";
    assert!(err.contains(lock), "{err}");
    assert!(
        err.contains("skipped 2 files that are not spreadsheets: in/notes.txt, in/pipe.xlsx"),
        "{err}"
    );
    let out = run_in(dir.path(), &["validate", "in/pipe.xlsx"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("not a regular file"), "{}", stdout(&out));
}

/// Outputs are distinct files and none of them an input, even with --force.
#[test]
fn outputs_never_overwrite_each_other_or_an_input() {
    let dir = good_round();
    let out = run_in(dir.path(), &["aggregate", "in", "-o", "same.xlsx", "--json", "./same.xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("same.xlsx is given as two outputs"), "{}", stderr(&out));
    let before = std::fs::read(dir.path().join("in/good.xlsx")).unwrap();
    let out = run_in(dir.path(), &["aggregate", "in", "-o", "in/good.xlsx", "--force"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("in/good.xlsx is an input"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(dir.path().join("in/good.xlsx")).unwrap(),
        before,
        "the input is untouched"
    );
    assert!(!dir.path().join("same.xlsx").exists());
}
