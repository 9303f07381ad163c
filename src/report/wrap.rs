//! Plain text wrapped for a mail program: lines of at most [`LETTER_WIDTH`] characters,
//! broken only between words. A word longer than the line (a long link, a path, a file
//! name) stands alone on its line, whole.

/// The widest line of a letter, in characters.
pub const LETTER_WIDTH: usize = 72;

/// `text` wrapped to `width` characters: the first line begins with `first`, the others
/// with `rest` (a hanging indent), words are separated by one space and never broken.
/// Line breaks in `text` are kept. No line ends in a space; the result has no final line
/// break.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    for (i, part) in text.split('\n').enumerate() {
        let mut line = String::from(if i == 0 { first } else { rest });
        let indent = line.chars().count();
        let mut len = indent;
        let mut empty = true;
        for word in part.split(' ').filter(|w| !w.is_empty()) {
            let n = word.chars().count();
            if !empty && len + 1 + n > width {
                lines.push(std::mem::take(&mut line));
                line.push_str(rest);
                len = rest.chars().count();
                empty = true;
            }
            if !empty {
                line.push(' ');
                len += 1;
            }
            line.push_str(word);
            len += n;
            empty = false;
        }
        lines.push(line.trim_end().to_string());
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_never_broken_and_long_ones_stand_alone() {
        let text = "Lähettäkää työkirja viimeistään 31.3.2026 osoitteeseen \
                    https://example.invalid/a/very/long/path/that/goes/on/and/on/and/on/for/ever.html \
                    kiitos.";
        let w = wrap(text, 40, "", "");
        for line in w.lines() {
            assert!(line.chars().count() <= 40 || !line.contains(' '), "{line:?}");
        }
        assert!(w.lines().any(|l| l.starts_with("https://") && !l.contains(' ')), "{w}");
        let words: Vec<&str> = w.split_whitespace().collect();
        assert_eq!(words, text.split_whitespace().collect::<Vec<_>>(), "nothing lost");
    }

    #[test]
    fn a_hanging_indent_follows_the_first_line() {
        let w = wrap("one two three four five six", 15, "  1. ", "     ");
        assert_eq!(w, "  1. one two\n     three four\n     five six");
        assert_eq!(wrap("", 72, "", ""), "");
        assert_eq!(wrap("a\nb", 72, "", "  "), "a\n  b");
    }
}
