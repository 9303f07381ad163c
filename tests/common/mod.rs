//! What the source-reading tests (layers.rs, texts.rs) share: one lexer of Rust source that
//! tells code from comments and literals, and the walk over `src/`.

use std::path::{Path, PathBuf};

/// A Rust source split by the lexer.
// Each test reads one of the two halves.
#[allow(dead_code)]
pub struct Lexed {
    /// The code without comments (`//…` to the end of the line, its line break kept;
    /// `/* … */`), char literals ('"', '\'', '\u{a0}') dropped and each string literal left
    /// as `""`; lifetimes ('a) kept.
    pub code: String,
    /// The contents of every string literal outside comments, escapes dropped with the
    /// character they escape.
    pub literals: Vec<String>,
}

/// Lexes `src`.
pub fn lex(src: &str) -> Lexed {
    let (mut code, mut literals) = (String::new(), Vec::new());
    let mut chars = src.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                code.push_str("\"\"");
                let mut lit = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        c => lit.push(c),
                    }
                }
                literals.push(lit);
            }
            '\'' => {
                let mut ahead = chars.clone();
                match (ahead.next(), ahead.next()) {
                    (Some('\\'), _) => {
                        chars.next();
                        chars.next();
                        for c in chars.by_ref() {
                            if c == '\'' {
                                break;
                            }
                        }
                    }
                    (Some(_), Some('\'')) => {
                        chars.next();
                        chars.next();
                    }
                    _ => code.push(c),
                }
            }
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        code.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
            }
            _ => code.push(c),
        }
    }
    Lexed { code, literals }
}

/// Every `.rs` file under `dir`, depth first.
pub fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
}
