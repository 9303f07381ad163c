//! The worker's answer, a compact serialisation of a [`Book`] or of the reason it could not
//! be read. The parent decodes it as hostile bytes: every length is checked against what
//! is left, nothing is reserved from a length the bytes claim, and an answer that does not
//! decode whole is no answer.

use super::error::{damaged, too_large};
use super::{Book, MAX_COL, MAX_ROW, ReadError, Sheet, Value};

// The answer's encoding: a tag byte, then for a book its defined names and sheets; strings
// are a u32 length and UTF-8 bytes, numbers little-endian.

fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

pub(super) fn encode(answer: &Result<Book, ReadError>, out: &mut Vec<u8>) {
    let book = match answer {
        Ok(book) => book,
        Err(ReadError::Encrypted) => return out.push(1),
        Err(ReadError::Unsupported(ext)) => {
            out.push(2);
            return put_str(out, ext);
        }
        Err(ReadError::Unreadable(r)) => {
            out.push(3);
            put_str(out, r.key);
            out.extend_from_slice(&(r.args.len() as u32).to_le_bytes());
            for (k, v) in &r.args {
                put_str(out, k);
                put_str(out, v);
            }
            return;
        }
    };
    out.push(0);
    out.extend_from_slice(&(book.defined_names.len() as u32).to_le_bytes());
    for (k, v) in &book.defined_names {
        put_str(out, k);
        put_str(out, v);
    }
    out.extend_from_slice(&(book.sheets.len() as u32).to_le_bytes());
    for sheet in &book.sheets {
        put_str(out, &sheet.name);
        out.push(sheet.hidden as u8);
        out.extend_from_slice(&(sheet.cells.len() as u32).to_le_bytes());
        for ((r, c), v) in &sheet.cells {
            out.extend_from_slice(&r.to_le_bytes());
            out.extend_from_slice(&c.to_le_bytes());
            let (tag, num, text) = match v {
                Value::Text(s) => (0, 0.0, s.as_str()),
                Value::Number(n) => (1, *n, ""),
                Value::Percent(n) => (2, *n, ""),
                Value::Bool(b) => (3, if *b { 1.0 } else { 0.0 }, ""),
                // A date carries its text and, when it has one, its stored serial.
                Value::Date { text, serial: Some(n) } => (4, *n, text.as_str()),
                Value::Date { text, serial: None } => (6, 0.0, text.as_str()),
                Value::Error(e) => (5, 0.0, e.as_str()),
            };
            out.push(tag);
            if matches!(tag, 1..=4) {
                out.extend_from_slice(&num.to_le_bytes());
            }
            if !matches!(tag, 1..=3) {
                put_str(out, text);
            }
        }
    }
}

/// Reads what [`encode`] wrote; `None` if the bytes are not such an answer.
struct Decoder<'a>(&'a [u8]);

impl Decoder<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    fn u32(&mut self) -> Option<u32> {
        self.take(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn f64(&mut self) -> Option<f64> {
        self.take(8).and_then(|b| b.try_into().ok()).map(f64::from_le_bytes)
    }
    fn str(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
}

pub(super) fn decode(bytes: &[u8]) -> Option<Result<Book, ReadError>> {
    let mut d = Decoder(bytes);
    match d.u8()? {
        0 => {}
        1 => return Some(Err(ReadError::Encrypted)),
        2 => return Some(Err(ReadError::Unsupported(d.str()?))),
        3 => return decode_reason(&mut d).map(Err),
        _ => return None,
    }
    let mut book = Book::default();
    for _ in 0..d.u32()? {
        book.defined_names.push((d.str()?, d.str()?));
    }
    for _ in 0..d.u32()? {
        let name = d.str()?;
        let hidden = match d.u8()? {
            0 => false,
            1 => true,
            _ => return None,
        };
        // Cells come in order: collected, then built into the map at once (much quicker
        // than one insertion each). No more are reserved than the bytes left could hold.
        let count = d.u32()? as usize;
        let mut cells = Vec::with_capacity(count.min(d.0.len() / 9));
        for _ in 0..count {
            let (r, c) = (d.u32()?, d.u32()?);
            // Beyond XFD1048576 no program shows a cell: such an answer is no answer.
            if r > MAX_ROW || c > MAX_COL {
                return None;
            }
            let v = match d.u8()? {
                0 => Value::Text(d.str()?),
                1 => Value::Number(d.f64()?),
                2 => Value::Percent(d.f64()?),
                3 => Value::Bool(d.f64()? != 0.0),
                4 => {
                    let serial = d.f64()?;
                    Value::Date { text: d.str()?, serial: Some(serial) }
                }
                6 => Value::Date { text: d.str()?, serial: None },
                5 => Value::Error(d.str()?),
                _ => return None,
            };
            cells.push(((r, c), v));
        }
        book.sheets.push(Sheet { name, hidden, cells: cells.into_iter().collect() });
    }
    d.0.is_empty().then_some(Ok(book))
}

/// A reason sent by the child; only the keys the reader uses are accepted.
fn decode_reason(d: &mut Decoder<'_>) -> Option<ReadError> {
    let key = d.str()?;
    let mut args = Vec::new();
    for _ in 0..d.u32()? {
        let (k, v) = (d.str()?, d.str()?);
        args.push((k, v));
    }
    let arg = |name: &str| {
        args.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
    };
    Some(match key.as_str() {
        "reason_too_large" => too_large(arg("detail")),
        "reason_damaged" => damaged(arg("detail")),
        "reason_cannot_open" => super::error::cannot_open(arg("detail")),
        "reason_not_spreadsheet" => super::error::not_spreadsheet(&arg("ext")),
        "reason_empty" => super::error::empty(),
        "reason_past_last_cell" => super::error::past_last_cell(&arg("sheet")),
        "reason_not_regular" => super::error::not_regular(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind of value and answer comes back as it was sent.
    #[test]
    fn answers_round_trip() {
        let mut book =
            Book { defined_names: vec![("n".into(), "Sheet1!$A$1".into())], ..Book::default() };
        let mut sheet = Sheet { name: "Vastaukset ✓".into(), hidden: true, ..Sheet::default() };
        for (i, v) in [
            Value::Text("ääkköset".into()),
            Value::Number(-0.5),
            Value::Percent(0.45),
            Value::Bool(true),
            Value::Date { text: "2026-03-20".into(), serial: Some(46101.0) },
            Value::Date { text: "2026-03-21".into(), serial: None },
            Value::Error("#DIV/0!".into()),
        ]
        .into_iter()
        .enumerate()
        {
            sheet.cells.insert((i as u32, 16_000 + i as u32), v);
        }
        book.sheets.push(sheet);
        let mut out = Vec::new();
        encode(&Ok(book), &mut out);
        let back = decode(&out).unwrap().unwrap();
        assert_eq!(back.defined_names, vec![("n".to_string(), "Sheet1!$A$1".to_string())]);
        assert_eq!(back.sheets[0].name, "Vastaukset ✓");
        assert!(back.sheets[0].hidden);
        assert_eq!(back.sheets[0].get(1, 1).map(|v| v.display()), None);
        assert_eq!(back.sheets[0].cells.get(&(2, 16_002)), Some(&Value::Percent(0.45)));
        assert_eq!(back.sheets[0].cells.len(), 7);
        let date = Value::Date { text: "2026-03-20".into(), serial: Some(46101.0) };
        assert_eq!(back.sheets[0].cells.get(&(4, 16_004)), Some(&date));
        assert_eq!(
            back.sheets[0].cells.get(&(5, 16_005)),
            Some(&Value::Date { text: "2026-03-21".into(), serial: None })
        );
        for e in [
            ReadError::Encrypted,
            ReadError::Unsupported(".csv".into()),
            too_large("x y"),
            damaged("z"),
        ] {
            let mut out = Vec::new();
            encode(&Err(e.clone()), &mut out);
            assert_eq!(decode(&out).unwrap().unwrap_err(), e);
        }
        assert!(decode(&out[..out.len() - 1]).is_none(), "a cut answer is no answer");
    }
}
