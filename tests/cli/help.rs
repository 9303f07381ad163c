//! Help that teaches: every command's `--help` ends with real examples, and they run;
//! `completions` prints a script for each shell; `--version` names the built-in catalogs.

use super::*;

const COMMANDS: [&[&str]; 11] = [
    &[],
    &["catalog"],
    &["catalog", "show"],
    &["catalog", "check"],
    &["template"],
    &["validate"],
    &["score"],
    &["aggregate"],
    &["prefill"],
    &["feedback"],
    &["completions"],
];

/// The example command lines at the end of a help text (continuations joined).
fn examples(help: &str) -> Vec<String> {
    let (_, tail) =
        help.split_once("\nExamples:\n").unwrap_or_else(|| panic!("no examples: {help}"));
    let mut lines: Vec<String> = vec![];
    for line in tail.lines().take_while(|l| l.starts_with("  ")) {
        match lines.last_mut() {
            Some(last) if last.ends_with('\\') => {
                last.pop();
                last.push_str(line.trim());
            }
            _ => lines.push(line.trim().to_string()),
        }
    }
    lines
}

#[test]
fn every_help_ends_with_two_or_three_examples() {
    for cmd in COMMANDS {
        for flag in ["-h", "--help"] {
            let out = digiaste().args(cmd).arg(flag).output().unwrap();
            assert_eq!(out.status.code(), Some(0), "{cmd:?}");
            let help = stdout(&out);
            let examples = examples(&help);
            assert!((2..=3).contains(&examples.len()), "{cmd:?}: {examples:?}");
            for e in &examples {
                let prefix =
                    ["digiaste"].iter().chain(cmd.iter()).copied().collect::<Vec<_>>().join(" ");
                assert!(
                    e.starts_with(&prefix) || cmd.is_empty() || e.starts_with("digiaste catalog"),
                    "{cmd:?}: {e}"
                );
            }
        }
    }
}

/// A folder where the examples find what they name: returns, a catalog, an earlier
/// summary, a list of expected municipalities.
fn example_folder(with_summary: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let returns = dir.path().join("palautukset");
    std::fs::create_dir(&returns).unwrap();
    for entry in std::fs::read_dir(fixture("returns")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, returns.join(path.file_name().unwrap())).unwrap();
    }
    std::fs::copy(fixture("returns/091-helsinki.xlsx"), dir.path().join("091-helsinki.xlsx"))
        .unwrap();
    std::fs::write(dir.path().join("kohdekunnat.csv"), "code\n091\n179\n").unwrap();
    let out = run_in(dir.path(), &["catalog", "show"]);
    std::fs::write(dir.path().join("my-catalog.toml"), &out.stdout).unwrap();
    if with_summary {
        // The sample round is clean (the broken files are in fixtures/returns-broken/).
        let out = run_in(dir.path(), &["aggregate", "palautukset", "-o", "yhteenveto-2025.xlsx"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    dir
}

#[test]
fn the_examples_run() {
    let bin = assert_cmd::cargo::cargo_bin("digiaste");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut ran = 0;
    for cmd in COMMANDS {
        let out = digiaste().args(cmd).arg("--help").output().unwrap();
        // One folder per command: its examples run in order, as a user would type them.
        let dir = example_folder(cmd == ["aggregate"] || cmd == ["feedback"]);
        for example in examples(&stdout(&out)) {
            // 308 workbooks, or files outside the folder: not here.
            if example.contains("--all-municipalities")
                || example.contains("/etc/")
                || example.contains('~')
                || example.contains("$PROFILE")
            {
                continue;
            }
            let out = std::process::Command::new("sh")
                .args(["-c", &example])
                .env("PATH", &path)
                .current_dir(dir.path())
                .output()
                .unwrap();
            // 1 is fine: the sample round has broken files, as a real one may.
            assert!(
                matches!(out.status.code(), Some(0 | 1)),
                "{example}: {:?} {}",
                out.status,
                stderr(&out)
            );
            assert!(!stderr(&out).contains("error:"), "{example}: {}", stderr(&out));
            ran += 1;
        }
    }
    assert!(ran >= 14, "only {ran} examples ran");
}

#[test]
fn completions_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef digiaste"),
        ("fish", "complete -c digiaste"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = digiaste().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        assert!(script.contains(marker), "{shell}: {}", &script[..script.len().min(300)]);
        for sub in ["aggregate", "validate", "template", "csv-dialect"] {
            assert!(script.contains(sub), "{shell} script lacks {sub}");
        }
    }
    // The bash script loads in bash and registers the completion.
    let script = stdout(&digiaste().args(["completions", "bash"]).output().unwrap());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.bash"), script).unwrap();
    let out = std::process::Command::new("bash")
        .args(["-c", "source ./c.bash && complete -p digiaste"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(stdout(&out).contains("digiaste"), "{} {}", stdout(&out), stderr(&out));
    let out = digiaste().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn version_names_the_tool_and_the_built_in_catalogs() {
    let out = digiaste().arg("--version").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let version = format!(
        "digiaste {}\nbuilt-in catalog: vm-digiaste 2025.1\nbuilt-in catalog: eblomlada 2017\n",
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(stdout(&out), version);
    assert_eq!(stdout(&digiaste().arg("-V").output().unwrap()), version);
}
