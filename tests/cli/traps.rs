//! Small traps (issue 22): a summary given to `prefill`, a summary named `.csv`, a named
//! Office lock file, messages naming paths of the source tree, and the outputs of one run
//! replaced together, also when the run is interrupted at the end.

use std::time::{Duration, Instant};

use super::*;

#[test]
fn prefill_of_a_summary_says_it_is_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let out = digiaste()
        .current_dir(dir.path())
        .arg("aggregate")
        .arg(fixture("returns/091-helsinki.xlsx"))
        .args(["-o", "SUMMARY.xlsx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = run_in(dir.path(), &["prefill", "SUMMARY.xlsx", "--out-dir", "pf"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "digiaste: note: SUMMARY.xlsx is a summary written by digiaste, not a return; skipped\n\
         digiaste: error: no return found in SUMMARY.xlsx (1 summary file written by digiaste \
         skipped)\n"
    );
    assert!(
        !dir.path().join("pf").exists()
            || std::fs::read_dir(dir.path().join("pf")).unwrap().next().is_none()
    );

    // Beside a return, the summary is named and left out; the return is prefilled.
    let out = digiaste()
        .current_dir(dir.path())
        .args(["prefill", "SUMMARY.xlsx", "--out-dir", "pf"])
        .arg(fixture("returns/091-helsinki.xlsx"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("SUMMARY.xlsx is a summary written by digiaste"));
    assert!(!stderr(&out).contains("no municipality"), "{}", stderr(&out));
    assert!(dir.path().join("pf/091-helsinki.xlsx").exists());
}

#[test]
fn the_summary_must_be_named_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["summary.csv", "summary.json", "summary"] {
        let out = digiaste()
            .current_dir(dir.path())
            .arg("aggregate")
            .arg(fixture("returns/091-helsinki.xlsx"))
            .args(["-o", name])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert_eq!(
            stderr(&out),
            format!(
                "digiaste: error: -o {name}: the summary is an Excel workbook, so its file name \
                 must end .xlsx (the CSV table is written with --csv FILE, the JSON with --json \
                 FILE)\n"
            )
        );
        assert!(!dir.path().join(name).exists());
    }
    let out = digiaste()
        .current_dir(dir.path())
        .arg("aggregate")
        .arg(fixture("returns/091-helsinki.xlsx"))
        .args(["-o", "SUMMARY.XLSX"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "upper case is an .xlsx too: {}", stderr(&out));
}

#[test]
fn a_named_lock_file_is_called_a_lock_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("~$091-helsinki.xlsx"), b"\x0bMaija").unwrap();
    std::fs::write(dir.path().join(".~lock.091-helsinki.xlsx#"), "Maija,host,…").unwrap();
    std::fs::copy(fixture("returns/091-helsinki.xlsx"), dir.path().join("091-helsinki.xlsx"))
        .unwrap();
    let out = run_in(
        dir.path(),
        &["validate", "~$091-helsinki.xlsx", ".~lock.091-helsinki.xlsx#", "091-helsinki.xlsx"],
    );
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    assert_eq!(
        stderr(&out),
        "digiaste: skipped 2 Excel or LibreOffice lock files (not workbooks: they exist while a \
         workbook is open): .~lock.091-helsinki.xlsx#, ~$091-helsinki.xlsx\n"
    );
    assert!(!stdout(&out).contains("unreadable ·"), "{}", stdout(&out));
    assert!(stdout(&out).ends_with("1 valid, 0 invalid, 0 unreadable\n"), "{}", stdout(&out));

    let out = run_in(dir.path(), &["validate", "~$091-helsinki.xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "digiaste: skipped 1 Excel or LibreOffice lock file (not a workbook: it exists while the \
         workbook is open): ~$091-helsinki.xlsx\n\
         digiaste: error: no spreadsheet found in ~$091-helsinki.xlsx (1 other file skipped)\n"
    );
}

#[test]
fn no_text_names_a_path_of_the_source_tree() {
    let texts: toml::Table = toml::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/texts.toml"),
        )
        .unwrap(),
    )
    .unwrap();
    for (key, text) in &texts {
        for (lang, s) in text.as_table().unwrap() {
            let s = s.as_str().unwrap();
            for path in ["templates/", "src/", "fixtures/", "docs/", ".rs"] {
                assert!(!s.contains(path), "{key}.{lang} names {path}: {s}");
            }
        }
    }
    for args in [&["--help"][..], &["catalog", "list"], &["--version"]] {
        let out = digiaste().args(args).output().unwrap();
        assert!(!stdout(&out).contains("templates/"), "{args:?}: {}", stdout(&out));
    }
    for cmd in ["template", "validate", "score", "aggregate", "prefill", "feedback"] {
        let out = digiaste().args([cmd, "--help"]).output().unwrap();
        assert!(!stdout(&out).contains("templates/"), "{cmd} --help: {}", stdout(&out));
    }
}

/// Every file below `dir` (sorted, relative) with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().display().to_string();
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Whether a temporary output file of digiaste is in `dir`.
fn has_temporary(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries.flatten().any(|e| e.file_name().to_string_lossy().starts_with(".digiaste-"))
    })
}

#[test]
fn the_outputs_of_a_run_are_replaced_together_even_when_it_is_interrupted() {
    let dir = tempfile::tempdir().unwrap();
    let (few, all, out) = (dir.path().join("few"), fixture("returns"), dir.path().join("out"));
    std::fs::create_dir_all(&few).unwrap();
    std::fs::create_dir_all(&out).unwrap();
    for f in ["091-helsinki.xlsx", "478-mariehamn.xlsx", "564-oulu.xlsx"] {
        std::fs::copy(all.join(f), few.join(f)).unwrap();
    }
    let outputs = |inputs: &Path| {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("digiaste"));
        cmd.env("LANG", "C.UTF-8").current_dir(&out).arg("aggregate").arg(inputs).args([
            "-o",
            "s.xlsx",
            "--json",
            "s.json",
            "--csv",
            "s.csv",
            "--feedback-dir",
            "fb",
            "--force",
        ]);
        cmd.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
        cmd
    };
    // Last run's outputs: three municipalities.
    assert!(outputs(&few).status().unwrap().success());
    let before = files(&out);
    assert_eq!(before.len(), 7, "{:?}", before.iter().map(|f| &f.0).collect::<Vec<_>>());

    // This run, interrupted while the feedback workbooks are being written: by then the
    // summary, JSON and CSV are written too, but none may be in place yet.
    let mut interrupted = 0;
    for _ in 0..5 {
        let mut child = outputs(&all).spawn().unwrap();
        let start = Instant::now();
        while !has_temporary(&out.join("fb")) && start.elapsed() < Duration::from_secs(120) {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        // SAFETY: signals our own child process.
        unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
        let status = child.wait().unwrap();
        let now = files(&out);
        assert!(!has_temporary(&out) && !has_temporary(&out.join("fb")), "temporaries left");
        if status.code() == Some(128 + libc::SIGTERM) {
            // Interrupted before every output was in place: none is.
            assert!(now == before, "an interrupted run replaced some of the outputs");
            interrupted += 1;
        } else {
            // It ended first: every output is the new one (11 feedback workbooks).
            assert!(status.code().is_some(), "{status:?}");
            assert_eq!(now.len(), 4 + 11);
            for (name, bytes) in &before {
                let new = &now.iter().find(|(n, _)| n == name).unwrap().1;
                assert_ne!(new, bytes, "{name} is last run's beside new outputs");
            }
            // Back to last run's outputs for another try.
            std::fs::remove_dir_all(&out).unwrap();
            for (name, bytes) in &before {
                std::fs::create_dir_all(out.join(name).parent().unwrap()).unwrap();
                std::fs::write(out.join(name), bytes).unwrap();
            }
        }
        if interrupted > 0 {
            break;
        }
    }
    assert!(interrupted > 0, "the run was never caught while writing its outputs");
}
