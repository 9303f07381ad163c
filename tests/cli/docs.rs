//! The documentation in docs/ kept true where a test can: every finding code documented,
//! every catalog key documented and the format page's example a valid catalog, the layout
//! page naming the workbook's names, every crate's licence listed, and links that resolve.

use digiaste::check::findings::Code;
use digiaste::layout;

use super::*;

fn doc(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A TOML file of the repository as a table.
fn table(rel: &str) -> toml::Table {
    toml::from_str(&doc(rel)).unwrap_or_else(|e| panic!("{rel}: {}", e.message()))
}

#[test]
fn every_finding_code_is_documented() {
    let findings = doc("docs/findings.md");
    let documented: Vec<&str> = findings
        .lines()
        .filter_map(|l| l.strip_prefix("### `"))
        .map(|l| l.trim_end_matches('`'))
        .collect();
    for code in Code::ALL {
        assert!(
            documented.contains(&code.as_str()),
            "docs/findings.md has no section for `{}`",
            code.as_str()
        );
        let section = findings.split(&format!("### `{}`\n", code.as_str())).nth(1).unwrap();
        let severity =
            format!("**{}.**", serde_json::to_value(code.severity()).unwrap().as_str().unwrap());
        assert!(
            section.starts_with(&severity),
            "`{}` is documented with another severity than {severity}",
            code.as_str()
        );
    }
    for name in documented {
        assert!(
            Code::ALL.iter().any(|c| c.as_str() == name),
            "docs/findings.md documents `{name}`, which is no code"
        );
    }
}

/// Every key used in a built-in catalog, with the tables it is in.
fn keys(value: &toml::Value, out: &mut std::collections::BTreeSet<String>) {
    match value {
        toml::Value::Table(t) => t.iter().for_each(|(k, v)| {
            out.insert(k.clone());
            // `[savings.minutes]` is keyed by service and stage ids: data, not keys.
            if k != "minutes" {
                keys(v, out);
            }
        }),
        toml::Value::Array(a) => a.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

#[test]
fn catalog_page_documents_every_key_and_its_example_is_valid() {
    let page = doc("docs/catalog.md");
    let mut all = std::collections::BTreeSet::new();
    for catalog in ["templates/default.toml", "templates/eblomlada-2017.toml"] {
        keys(&toml::Value::Table(table(catalog)), &mut all);
    }
    for key in all.iter().filter(|k| !["fi", "sv", "en"].contains(&k.as_str())) {
        assert!(page.contains(&format!("| `{key}` |")), "docs/catalog.md has no row for `{key}`");
    }
    let example = page.split("```toml\n").nth(1).and_then(|s| s.split("```").next()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pieni.toml"), example).unwrap();
    let out = run_in(dir.path(), &["catalog", "check", "pieni.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out)
            .contains("catalog pieni version 2026.1 is valid: 1 area, 2 services, 2 stages"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn workbook_page_names_the_layout() {
    let page = doc("docs/workbook.md");
    for r in layout::Respondent::ALL {
        let (row, col) = r.cell();
        assert!(
            page.contains(&format!("| {} | `{}` |", layout::cell_name(row, col), r.defined_name())),
            "{}",
            r.defined_name()
        );
    }
    for key in layout::IDENTITY_KEYS {
        assert!(
            page.contains(&format!("| {} | `{key}` |", layout::identity_row(key) + 1)),
            "identity {key}"
        );
    }
    assert!(page.contains(layout::FORMAT));
    assert!(page.contains(&format!(
        "row {} the column headers, and services start on row {}",
        layout::HEADER_ROW + 1,
        layout::FIRST_SERVICE_ROW + 1
    )));
    assert!(page.contains(&format!("**{} blank rows**", layout::ADDED_ROWS)));
}

#[test]
fn every_locked_crate_has_its_licence_listed() {
    let listing = doc("docs/licences.md");
    let lock = table("Cargo.lock");
    let packages = lock["package"].as_array().unwrap();
    for p in packages.iter().filter(|p| p["name"].as_str() != Some("digiaste")) {
        let (name, version) = (p["name"].as_str().unwrap(), p["version"].as_str().unwrap());
        assert!(
            listing.contains(&format!("| {name} | {version} |")),
            "{name} {version} is not in docs/licences.md: run python3 docs/licences.py > docs/licences.md"
        );
    }
    assert!(!listing.contains("not accepted"), "a dependency's licence is not accepted");
    assert_eq!(doc("LICENSE").lines().next(), Some("EUROPEAN UNION PUBLIC LICENCE v. 1.2"));
    assert!(doc("Cargo.toml").contains("license = \"EUPL-1.2\""));
}

#[test]
fn links_stay_inside_the_repository_and_resolve() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pages = vec![root.join("README.md"), root.join("CHANGELOG.md")];
    pages.extend(
        std::fs::read_dir(root.join("docs"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md")),
    );
    let mut checked = 0;
    for page in pages {
        let text = std::fs::read_to_string(&page).unwrap();
        assert!(!text.contains("../shared"), "{} links outside the repository", page.display());
        for target in text.split("](").skip(1).filter_map(|s| s.split(')').next()) {
            if target.starts_with("http") || target.starts_with('#') {
                continue;
            }
            let path = page.parent().unwrap().join(target.split('#').next().unwrap());
            assert!(path.exists(), "{}: link to {target} does not resolve", page.display());
            checked += 1;
        }
    }
    assert!(checked > 20, "only {checked} links");
}

/// The commands `digiaste --help` lists (without `help`).
fn commands() -> Vec<String> {
    let out = digiaste().arg("--help").output().unwrap();
    let text = stdout(&out);
    let list = text.split("Commands:\n").nth(1).and_then(|s| s.split("\n\n").next()).unwrap();
    let names: Vec<String> = list
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(String::from)
        .collect();
    assert!(names.len() >= 8, "{names:?}");
    names
}

#[test]
fn every_command_is_in_the_readme_and_the_guide_with_an_example() {
    let (readme, guide) = (doc("README.md"), doc("docs/guide.md"));
    for c in commands() {
        let example = format!("digiaste {c} ");
        assert!(readme.contains(&format!("### `{c}")), "README.md has no section for `{c}`");
        assert!(readme.contains(&example), "README.md has no example of `{c}`");
        if c != "completions" {
            assert!(guide.contains(&example), "docs/guide.md has no example of `{c}`");
        }
    }
    for sub in ["list", "show", "check"] {
        assert!(readme.contains(&format!("digiaste catalog {sub}")), "README.md: catalog {sub}");
    }
    for page in ["docs/guide.md", "README.md"] {
        assert!(
            !doc(page).to_lowercase().contains("planned"),
            "{page} still marks something as planned"
        );
    }
}

/// A version "1.89" or "1.89.0" as numbers: [1, 89, 0].
fn version(v: &str) -> Vec<u32> {
    let mut parts: Vec<u32> =
        v.trim().split('.').map(|p| p.parse().unwrap_or_else(|_| panic!("version {v}"))).collect();
    parts.resize(3, 0);
    parts
}

#[test]
fn the_minimum_rust_version_is_stated_once_and_holds_for_the_locked_dependencies() {
    let manifest = table("Cargo.toml");
    let stated = manifest["package"]["rust-version"].as_str().expect("rust-version in Cargo.toml");
    let readme = doc("README.md");
    assert!(
        readme.contains(&format!("with Rust {stated} or newer")),
        "README.md must say \"with Rust {stated} or newer\", as Cargo.toml's rust-version does"
    );
    for mention in readme.split("Rust 1.").skip(1) {
        let minor: String = mention.chars().take_while(char::is_ascii_digit).collect();
        assert_eq!(format!("1.{minor}"), stated, "README.md names another Rust version");
    }
    // Edition 2024 needs 1.85, `if let … &&` chains 1.88.
    assert_eq!(manifest["package"]["edition"].as_str(), Some("2024"));
    assert!(version(stated) >= version("1.88"), "let chains need Rust 1.88");
    // Every locked dependency builds with it, and one needs exactly it: it is the minimum.
    // Only this platform's packages: the others (Windows' anstyle-wincon…) need not be
    // downloaded on a machine that never built for them.
    let rustc = std::process::Command::new("rustc").arg("-vV").output().unwrap();
    let host = String::from_utf8_lossy(&rustc.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
        .expect("rustc -vV names the host");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .args(["--filter-platform", &host])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let needs: Vec<(String, Vec<u32>)> = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["name"] != "digiaste")
        .filter_map(|p| {
            let v = p["rust_version"].as_str()?;
            Some((format!("{} {}", p["name"].as_str()?, p["version"].as_str()?), version(v)))
        })
        .collect();
    assert!(needs.len() > 20, "{needs:?}");
    for (package, needed) in &needs {
        assert!(needed <= &version(stated), "{package} needs Rust {needed:?}, above {stated}");
    }
    let highest = needs.iter().map(|(_, v)| v.clone()).max().unwrap();
    assert!(
        highest == version(stated) || version(stated) == version("1.88"),
        "no dependency needs {stated}: the minimum is {highest:?} (or 1.88 for let chains)"
    );
}

#[test]
fn no_file_refers_to_a_design_document_the_repository_lacks() {
    // Spelt in two pieces so that this file does not say it.
    let needle = ["DESIGN", " §"].concat();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let skipped = ["target", ".git", "corpus", "artifacts"];
    let (mut stack, mut read, mut saying) = (vec![root.to_path_buf()], 0, Vec::new());
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                if !skipped.contains(&name.as_str()) {
                    stack.push(path);
                }
            } else if name != "CHANGELOG.md" {
                let bytes = std::fs::read(&path).unwrap();
                read += 1;
                if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
                    saying.push(path.strip_prefix(root).unwrap().display().to_string());
                }
            }
        }
    }
    assert!(read > 200, "only {read} files read");
    assert!(saying.is_empty(), "refer to docs/ instead (docs/languages.md, …): {saying:?}");
}
