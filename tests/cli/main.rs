//! One integration-test binary: every test runs the real `digiaste` binary in a
//! throw-away folder and reads back what it produced.

mod aggregate;
mod bounds;
mod catalog;
mod contract;
mod csv;
mod docs;
mod feedback;
mod findings;
mod glance;
mod gnumeric;
mod help;
mod hostile;
mod indicator;
mod integrity;
mod lang;
mod letters;
mod links;
mod maps;
mod portable;
mod prefill;
mod readable;
mod round;
mod savings;
mod schemas;
mod serve;
mod shows;
mod template;
mod traps;
mod trend;
mod trust;
mod validate;
mod walk;

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde::de::DeserializeOwned;

/// The binary, in an English locale whatever the machine's: the default language of
/// messages and summaries comes from the locale (docs/languages.md).
pub fn digiaste() -> Command {
    let mut cmd = Command::cargo_bin("digiaste").unwrap();
    cmd.env_remove("LC_ALL").env_remove("LC_MESSAGES").env("LANG", "C.UTF-8");
    cmd
}

/// Runs digiaste in `dir` with `args`.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    digiaste().current_dir(dir).args(args).output().unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The JSON a command printed, read into its report type (`digiaste::report`): a field
/// renamed or retyped on either side fails here, with the text that did not fit.
pub fn parse<T: DeserializeOwned>(json: &[u8]) -> T {
    serde_json::from_slice(json)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(json)))
}

/// A JSON file a command wrote (`aggregate --json`), read into its report type.
pub fn read_json<T: DeserializeOwned>(path: &Path) -> T {
    parse(&std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(rel)
}

/// The parts of a zip file, in order.
pub fn zip_parts(path: &Path) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().to_string(), data)
        })
        .collect()
}

/// A zip file of `parts`, written to `dir/name`.
pub fn write_zip(dir: &Path, name: &str, parts: &[(String, Vec<u8>)]) -> PathBuf {
    use std::io::Write;
    let path = dir.join(name);
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    for (n, data) in parts {
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file(n.as_str(), options).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap();
    path
}

/// The text of one part of an xlsx (zip) file.
pub fn xlsx_part(path: &Path, part: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut entry = zip.by_name(part).unwrap_or_else(|_| panic!("{part} in {}", path.display()));
    let mut s = String::new();
    std::io::Read::read_to_string(&mut entry, &mut s).unwrap();
    s
}
