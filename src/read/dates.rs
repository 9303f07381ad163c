//! Spreadsheet serial dates as `YYYY-MM-DD`.

/// Days from the 1900 system's day 0 (1899-12-30) to the 1904 system's (1904-01-01).
pub(super) const DAYS_1900_TO_1904: f64 = 1462.0;

/// An Excel serial date (1900 system) as `YYYY-MM-DD`.
pub fn serial_to_date(serial: f64, _is_datetime: bool) -> String {
    // Days from 1899-12-30, the epoch that makes Excel's 1900 leap-year bug vanish
    // for every date after February 1900.
    let days = serial.floor() as i64;
    let (y, m, d) = civil_from_days(days - 25569); // 25569 = 1970-01-01
    format!("{y:04}-{m:02}-{d:02}")
}

/// A moment as ISO 8601 in UTC, to the second (`2026-04-01T09:30:00Z`): the time stamp of
/// every output that says when it was made.
pub fn utc_timestamp(at: std::time::SystemTime) -> String {
    let secs = at.duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let date = serial_to_date((secs / 86_400) as f64 + 25_569.0, false);
    let s = secs % 86_400;
    format!("{date}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
}

/// The serial number of an ISO 8601 date or date-time (`1900-01-16T09:36:00`), as the
/// 1900 date system counts it (days since 1899-12-30, time as a fraction); `None` if
/// the text is no such date.
pub fn iso_to_serial(iso: &str) -> Option<f64> {
    let (date, time) = iso.split_once('T').unwrap_or((iso, ""));
    let mut ymd = date.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (ymd.next()??, ymd.next()??, ymd.next()??);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let mut day_fraction = 0.0;
    if !time.is_empty() {
        let hms: Vec<f64> =
            time.trim_end_matches('Z').split(':').map(|p| p.parse().ok()).collect::<Option<_>>()?;
        let scale = [3600.0, 60.0, 1.0];
        day_fraction = hms.iter().zip(scale).map(|(v, s)| v * s).sum::<f64>() / 86_400.0;
    }
    Some((days_from_civil(y, m as u32, d as u32) + 25_569) as f64 + day_fraction)
}

/// Howard Hinnant's days from civil: (y, m, d) → days since 1970-01-01.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = (y - era * 400) as u64;
    let mp = if m > 2 { m - 3 } else { m + 9 } as u64;
    let doy = (153 * mp + 2) / 5 + d as u64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe as i64 - 719_468
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
        assert_eq!(serial_to_date(16.4, true), "1900-01-15");
    }

    #[test]
    fn iso_dates_give_their_serial() {
        assert_eq!(iso_to_serial("2026-03-15"), Some(46096.0));
        assert_eq!(iso_to_serial("1970-01-01T00:00:00"), Some(25569.0));
        let t = iso_to_serial("1900-01-15T09:36:00").unwrap();
        assert!((t - 16.4).abs() < 1e-9, "{t}");
        assert_eq!(iso_to_serial("huomenna"), None);
        assert_eq!(iso_to_serial("2026-13-01"), None);
    }
}
