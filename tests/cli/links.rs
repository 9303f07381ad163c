//! `digiaste links`: one private link per municipality from a key kept in the state folder.

use std::os::unix::fs::PermissionsExt;

use super::{run_in, stderr, stdout};

fn rows(path: &std::path::Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a BOM for Excel");
    text.split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

#[test]
fn links_are_stable_private_and_per_round() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let args = ["links", "--state", "st", "--base-url", "https://intake.example.fi/"];
    let o = run_in(d, &[&args[..], &["--municipality", "91", "478", "-o", "l.csv"]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("2 links written"), "{}", stderr(&o));
    let table = rows(&d.join("l.csv"));
    assert_eq!(table[0], ["code", "name", "url"]);
    assert_eq!(table[1][..2], ["091", "Helsinki"]);
    assert_eq!(table[2][..2], ["478", "Mariehamn"], "the name in the municipality's language");
    let url = &table[1][2];
    let token = url.strip_prefix("https://intake.example.fi/m/").expect(url);
    assert_eq!(token.len(), 32);
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_ne!(table[1][2], table[2][2]);
    let mode = std::fs::metadata(d.join("st/link-key")).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "the key is its owner's only");

    // Refused without --force; the same key gives the same links; another round others.
    let again = run_in(d, &[&args[..], &["--municipality", "091", "-o", "l.csv"]].concat());
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("l.csv"), "{}", stderr(&again));
    let all = run_in(d, &[&args[..], &["--all-municipalities", "-o", "all.csv"]].concat());
    assert!(all.status.success(), "{}", stderr(&all));
    let all = rows(&d.join("all.csv"));
    assert_eq!(all.len(), 309);
    assert!(all.iter().any(|r| r[2] == *url));
    std::fs::write(d.join("round.toml"), "name = \"Kierros 2027\"\ndeadline = 2027-03-31\n")
        .unwrap();
    let other = run_in(
        d,
        &[&args[..], &["--round", "round.toml", "--municipality", "091", "-o", "r.csv"]].concat(),
    );
    assert!(other.status.success(), "{}", stderr(&other));
    assert_ne!(rows(&d.join("r.csv"))[1][2], *url);

    let admin = run_in(d, &[&args[..], &["--admin"]].concat());
    assert!(admin.status.success());
    let admin = stdout(&admin);
    assert!(admin.trim().starts_with("https://intake.example.fi/admin/"), "{admin}");
    assert!(!all[1..].iter().any(|r| admin.contains(&r[2][r[2].len() - 32..])));

    // A new key revokes every link.
    std::fs::remove_file(d.join("st/link-key")).unwrap();
    let o = run_in(d, &[&args[..], &["--municipality", "091", "-o", "new.csv"]].concat());
    assert!(o.status.success());
    assert_ne!(rows(&d.join("new.csv"))[1][2], *url);
}

#[test]
fn unknown_codes_bad_urls_and_open_keys_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = run_in(
        d,
        &[
            "links",
            "--state",
            "st",
            "--base-url",
            "ftp://x",
            "--municipality",
            "091",
            "-o",
            "l.csv",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("ftp://x"), "{}", stderr(&o));
    let o = run_in(
        d,
        &[
            "links",
            "--state",
            "st",
            "--base-url",
            "http://x",
            "--municipality",
            "999",
            "-o",
            "l.csv",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("999: not a municipality"), "{}", stderr(&o));
    assert!(!d.join("l.csv").exists());
    std::fs::set_permissions(d.join("st/link-key"), std::fs::Permissions::from_mode(0o644))
        .unwrap();
    let o = run_in(d, &["links", "--state", "st", "--base-url", "http://x", "--admin"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("readable by others"), "{}", stderr(&o));
}
