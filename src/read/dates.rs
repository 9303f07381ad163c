//! Spreadsheet serial dates as `YYYY-MM-DD`.

/// An Excel serial date (1900 system) as `YYYY-MM-DD`.
pub fn serial_to_date(serial: f64, _is_datetime: bool) -> String {
    // Days from 1899-12-30, the epoch that makes Excel's 1900 leap-year bug vanish
    // for every date after February 1900.
    let days = serial.floor() as i64;
    let (y, m, d) = civil_from_days(days - 25569); // 25569 = 1970-01-01
    format!("{y:04}-{m:02}-{d:02}")
}

/// Howard Hinnant's days-from-civil inverse: days since 1970-01-01 → (y, m, d).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = (z - era * 146_097) as u64;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe as i64 + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_dates() {
        assert_eq!(serial_to_date(46096.0, false), "2026-03-15");
        assert_eq!(serial_to_date(25569.0, false), "1970-01-01");
    }
}
