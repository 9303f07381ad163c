//! Feedback workbooks (`aggregate --feedback-dir`, `digiaste feedback SUMMARY.xlsx`) over
//! the sample round, read back with calamine and compared with the summary.

use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use digiaste::register::{Register, SizeClass};

use super::*;

/// Counted municipalities of the sample round (fixtures/returns/EXPECTED.md).
const COUNTED: [&str; 11] =
    ["005", "049", "091", "297", "445", "478", "499", "564", "599", "837", "853"];
/// Measures per group on the summary's overview and the feedback's front sheet.
const MEASURES: u32 = 4;
/// Areas of the default catalog; groups are these and overall.
const GROUPS: u32 = 7;

/// Runs digiaste in a Finnish locale: the summary is in Finnish (the ministry's default),
/// each feedback workbook in its municipality's own language.
fn run_fi(dir: &Path, args: &[&str]) -> std::process::Output {
    digiaste().env("LANG", "fi_FI.UTF-8").current_dir(dir).args(args).output().unwrap()
}

/// Aggregates the sample round in a fresh folder with feedback into `fb/`.
fn sample_round(extra: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let (returns, broken) = (fixture("returns"), fixture("returns-broken"));
    let mut args = vec![
        "aggregate",
        returns.to_str().unwrap(),
        broken.to_str().unwrap(),
        "-o",
        "summary.xlsx",
        "--feedback-dir",
        "fb",
    ];
    args.extend_from_slice(extra);
    let out = run_fi(dir.path(), &args);
    assert_eq!(out.status.code(), Some(1), "rejected files give exit 1: {}", stderr(&out));
    assert!(stderr(&out).contains("fb: 11 palautetyökirjaa kirjoitettu"), "{}", stderr(&out));
    dir
}

fn book(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn sheet(path: &Path, name: &str) -> Range<Data> {
    book(path).worksheet_range(name).unwrap_or_else(|e| panic!("{name} in {}: {e}", path.display()))
}

fn num(range: &Range<Data>, row: u32, col: u32) -> Option<f64> {
    match range.get_value((row, col)) {
        Some(Data::Float(f)) => Some(*f),
        Some(Data::Empty) | None => None,
        other => panic!("({row}, {col}): {other:?} is not a number"),
    }
}

fn text(range: &Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        _ => String::new(),
    }
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn one_workbook_per_counted_municipality_in_its_own_language() {
    let dir = sample_round(&[]);
    let names = listing(&dir.path().join("fb"));
    assert_eq!(
        names,
        [
            "005-alajarvi.xlsx",
            "049-espoo.xlsx",
            "091-helsinki.xlsx",
            "297-kuopio.xlsx",
            "445-pargas.xlsx",
            "478-mariehamn.xlsx",
            "499-korsholm.xlsx",
            "564-oulu.xlsx",
            "599-pedersore.xlsx",
            "837-tampere.xlsx",
            "853-turku.xlsx"
        ],
        "none for 179 Jyväskylä (rejected) nor for the municipalities that did not answer"
    );
    for (file, lang_sheets) in [
        ("091-helsinki.xlsx", ["Tulokset", "Palvelut", "Kuittaus"]),
        ("499-korsholm.xlsx", ["Resultat", "Tjänster", "Kvitto"]),
        ("478-mariehamn.xlsx", ["Resultat", "Tjänster", "Kvitto"]),
        ("445-pargas.xlsx", ["Resultat", "Tjänster", "Kvitto"]),
    ] {
        let path = dir.path().join("fb").join(file);
        assert_eq!(book(&path).sheet_names(), lang_sheets, "{file}");
        for i in 1..=3 {
            assert!(
                !xlsx_part(&path, &format!("xl/worksheets/sheet{i}.xml")).contains("<f>"),
                "{file}: values, not formulas"
            );
        }
    }
    let front = sheet(&dir.path().join("fb/499-korsholm.xlsx"), "Resultat");
    assert!(text(&front, 0, 0).ends_with("Korsholm"), "the Swedish name: {}", text(&front, 0, 0));

    // The receipt: the file that counted, its date, what it replaced, its warnings.
    let receipt = sheet(&dir.path().join("fb/837-tampere.xlsx"), "Kuittaus");
    assert!(text(&receipt, 2, 1).ends_with("837-tampere-korjattu.ods"), "{}", text(&receipt, 2, 1));
    assert_eq!(text(&receipt, 3, 1), "2026-03-20");
    assert!(
        text(&receipt, 4, 1).ends_with("837-tampere.xlsx"),
        "the superseded file: {}",
        text(&receipt, 4, 1)
    );
    let receipt = sheet(&dir.path().join("fb/445-pargas.xlsx"), "Kvitto");
    let findings: Vec<String> = receipt.rows().map(|r| r[0].to_string()).collect();
    assert!(findings.iter().any(|f| f == "unanswered-service"), "{findings:?}");
    // Its own cells only: no other counted municipality is named anywhere.
    let others: Vec<String> = COUNTED
        .iter()
        .filter(|&&c| c != "445")
        .flat_map(|c| {
            let m = Register::embedded().get(c).unwrap();
            [m.name_fi.clone(), m.name_sv.clone()]
        })
        .collect();
    let path = dir.path().join("fb/445-pargas.xlsx");
    for name in book(&path).sheet_names() {
        for cell in sheet(&path, &name).used_cells() {
            let s = cell.2.to_string();
            assert!(
                !others.iter().any(|o| s.contains(o.as_str())),
                "{name}!{:?} names another municipality: {s}",
                (cell.0, cell.1)
            );
        }
    }

    // --feedback-lang wins over the municipality's own language.
    let args = ["feedback", "summary.xlsx", "--out-dir", "en", "--feedback-lang", "en"];
    let out = run_in(dir.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        book(&dir.path().join("en/499-korsholm.xlsx")).sheet_names(),
        ["Results", "Services", "Receipt"]
    );
}

#[test]
fn national_and_group_figures_equal_the_summary() {
    let dir = sample_round(&[]);
    let overview = sheet(&dir.path().join("summary.xlsx"), "Yleiskatsaus");
    let (first, n) = (5u32, COUNTED.len() as u32);
    let (mean_row, median_row) = (first + n + 1, first + n + 2);
    let overview_row = |code: &str| first + COUNTED.iter().position(|&c| c == code).unwrap() as u32;
    // Overview: code and name, then per group coverage, degree, realised, usage — overall
    // first, then the areas in catalog order.
    let fixed = digiaste::summary::layout::OverviewColumn::count() as u32;
    let summary_col = |g: u32, m: u32| fixed + (g + 1) % GROUPS * MEASURES + m;
    // Front sheet: from row 5 one row per group and measure; own 2, mean 3, median 4,
    // region 5, size class 6.
    let front_row = |g: u32, m: u32| 5 + g * MEASURES + m;
    let size_class =
        |code: &str| SizeClass::of(Register::embedded().get(code).unwrap().population.unwrap());

    for code in COUNTED {
        let file =
            listing(&dir.path().join("fb")).into_iter().find(|f| f.starts_with(code)).unwrap();
        let swedish = ["445", "478", "499", "599"].contains(&code);
        let front =
            sheet(&dir.path().join("fb").join(file), if swedish { "Resultat" } else { "Tulokset" });
        assert!(
            num(&front, front_row(GROUPS - 1, 1), 3).is_some_and(|d| d > 0.0),
            "{code}: the national overall degree is there"
        );
        for g in 0..GROUPS {
            for m in 0..MEASURES {
                let (r, c) = (front_row(g, m), summary_col(g, m));
                assert_eq!(
                    num(&front, r, 2),
                    num(&overview, overview_row(code), c),
                    "{code} own, group {g} measure {m}"
                );
                assert_eq!(
                    num(&front, r, 3),
                    num(&overview, mean_row, c),
                    "{code} national mean, group {g} measure {m}"
                );
                assert_eq!(
                    num(&front, r, 4),
                    num(&overview, median_row, c),
                    "{code} national median, group {g} measure {m}"
                );
                // The size class's mean, from the summary's rows of the same class.
                let peers: Vec<f64> = COUNTED
                    .iter()
                    .filter(|&&p| size_class(p) == size_class(code))
                    .filter_map(|p| num(&overview, overview_row(p), c))
                    .collect();
                let expected =
                    (peers.len() >= 3).then(|| peers.iter().sum::<f64>() / peers.len() as f64);
                let got = num(&front, r, 6);
                assert!(
                    got.zip(expected).is_some_and(|(a, b)| (a - b).abs() < 1e-12)
                        || got == expected,
                    "{code} size class mean, group {g} measure {m}: {got:?} vs {expected:?}"
                );
            }
        }
    }

    // The too-few-peers rule. Alajärvi is the only counted municipality under 10,000, and
    // no region has three counted municipalities: those columns stay empty, and say why.
    let alajarvi = sheet(&dir.path().join("fb/005-alajarvi.xlsx"), "Tulokset");
    assert!(
        text(&alajarvi, 4, 6).contains("(n = 1)")
            && text(&alajarvi, 4, 6).contains("liian vähän vertailuun"),
        "{}",
        text(&alajarvi, 4, 6)
    );
    let korsholm = sheet(&dir.path().join("fb/499-korsholm.xlsx"), "Resultat");
    assert!(
        text(&korsholm, 4, 5).contains("Österbotten") && text(&korsholm, 4, 5).contains("för få"),
        "{}",
        text(&korsholm, 4, 5)
    );
    assert!(
        text(&korsholm, 4, 6).contains("(n = 4)") && !text(&korsholm, 4, 6).contains("för få"),
        "{}",
        text(&korsholm, 4, 6)
    );
    for g in 0..GROUPS {
        for m in 0..MEASURES {
            assert_eq!(num(&alajarvi, front_row(g, m), 6), None, "no size class mean for Alajärvi");
            assert_eq!(num(&alajarvi, front_row(g, m), 5), None, "no region mean for Alajärvi");
            assert_eq!(num(&korsholm, front_row(g, m), 5), None, "no region mean for Korsholm");
            assert!(num(&korsholm, front_row(g, m), 6).is_some(), "a size class mean for Korsholm");
        }
    }

    // Per service: the national share that introduced it and the mean degree and usage,
    // as on the summary's services sheet (share 3, mean degree 4, mean usage 6; here 5, 6, 7).
    let services = sheet(&dir.path().join("summary.xlsx"), "Palvelut");
    let own = sheet(&dir.path().join("fb/091-helsinki.xlsx"), "Palvelut");
    let rows = services.rows().count() as u32 - 4;
    assert_eq!(rows, 64);
    for r in 4..4 + rows {
        assert_eq!(text(&own, r, 1), text(&services, r, 2), "the same service on row {r}");
        assert!(num(&own, r, 5).is_some(), "a national share on row {r}");
        for (mine, theirs) in [(5, 3), (6, 4), (7, 6)] {
            assert_eq!(num(&own, r, mine), num(&services, r, theirs), "row {r} column {mine}");
        }
    }
}

/// Every cell value of every sheet of two workbooks is the same.
fn assert_same_workbook(a: &Path, b: &Path) {
    let names = book(a).sheet_names();
    assert_eq!(names, book(b).sheet_names(), "{}", a.display());
    for name in names {
        assert_eq!(sheet(a, &name), sheet(b, &name), "{} sheet {name}", a.display());
    }
}

#[test]
fn feedback_from_the_summary_gives_the_same_workbooks() {
    // An earlier round with Tampere's first version, then the round with its correction.
    let dir = tempfile::tempdir().unwrap();
    for (round, files) in [
        ("r1", ["091-helsinki.xlsx", "837-tampere.xlsx", "499-korsholm.ods"]),
        ("r2", ["091-helsinki.xlsx", "837-tampere-korjattu.ods", "499-korsholm.ods"]),
    ] {
        std::fs::create_dir(dir.path().join(round)).unwrap();
        for f in files {
            std::fs::copy(fixture("returns").join(f), dir.path().join(round).join(f)).unwrap();
        }
    }
    let out = run_fi(dir.path(), &["aggregate", "r1", "-o", "r1.xlsx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = run_fi(
        dir.path(),
        &["aggregate", "r2", "-o", "r2.xlsx", "--previous", "r1.xlsx", "--feedback-dir", "fb"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // The change since the earlier round, as on the summary's changes sheet (overall degree:
    // its third group column pair; here column 8, the national change 9).
    let front = sheet(&dir.path().join("fb/837-tampere.xlsx"), "Tulokset");
    let changes = sheet(&dir.path().join("r2.xlsx"), "Muutokset");
    let overall_degree_row = 5 + 6 * MEASURES + 1;
    // The summary shows it in percentage points, the feedback as a share.
    let tampere_change = num(&changes, 7, 2 + 6 * 2 + 1).unwrap() / 100.0;
    let shown = num(&front, overall_degree_row, 8).unwrap();
    assert!((shown - tampere_change).abs() < 1e-15, "{shown} vs {tampere_change}");
    assert!((tampere_change - (0.7566 - 0.7558)).abs() < 1e-3, "{tampere_change}");
    // Helsinki and Korsholm did not change: the national change is a third of Tampere's.
    assert!((num(&front, overall_degree_row, 9).unwrap() - tampere_change / 3.0).abs() < 1e-12);

    let out = run_in(dir.path(), &["feedback", "r2.xlsx", "--out-dir", "again"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let names = listing(&dir.path().join("fb"));
    assert_eq!(names, listing(&dir.path().join("again")));
    assert_eq!(names.len(), 3);
    for name in names {
        assert_same_workbook(
            &dir.path().join("fb").join(&name),
            &dir.path().join("again").join(&name),
        );
    }

    // Nothing is overwritten without --force, and the message names the file.
    let before = std::fs::read(dir.path().join("again/091-helsinki.xlsx")).unwrap();
    let out = run_in(dir.path(), &["feedback", "r2.xlsx", "--out-dir", "again"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("091-helsinki.xlsx") && stderr(&out).contains("--force"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(dir.path().join("again/091-helsinki.xlsx")).unwrap(), before);
    // The earlier round's summary still serves as --previous: that is what r2 did above.
}

#[test]
fn feedback_refuses_what_is_not_a_current_summary() {
    let dir = tempfile::tempdir().unwrap();
    // A summary written before the feedback data existed (saved by LibreOffice).
    let old = fixture("summary-libreoffice/summary-before-feedback.ods");
    let out = run_in(dir.path(), &["feedback", old.to_str().unwrap(), "--out-dir", "fb"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("summary-before-feedback.ods")
            && stderr(&out).contains("aggregate the round again"),
        "{}",
        stderr(&out)
    );
    // A return is not a summary.
    let ret = fixture("returns/091-helsinki.xlsx");
    let out = run_in(dir.path(), &["feedback", ret.to_str().unwrap(), "--out-dir", "fb"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("091-helsinki.xlsx") && stderr(&out).contains("not a summary"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("fb").exists(), "nothing written");
    // A current summary opened and saved by LibreOffice still gives the feedback.
    let saved = fixture("summary-libreoffice/summary.ods");
    let out = run_in(dir.path(), &["feedback", saved.to_str().unwrap(), "--out-dir", "lo"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(std::fs::read_dir(dir.path().join("lo")).unwrap().count(), 11);
}
