//! Exports of a round for analysts: the tidy CSV (one row per municipality × service ×
//! field; the savings fields for the services that reported a volume). The JSON export is the report model of `crate::report`.

use super::Round;

/// A CSV cell: quoted when needed, and neutralised when a spreadsheet would take it for
/// a formula (= + - @, tab, carriage return at the start).
pub fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s }
}

/// One row per municipality × service × field, UTF-8 with BOM for Excel.
pub fn tidy_csv(round: &Round<'_>) -> String {
    let mut out = String::from("\u{feff}municipality_code,municipality_name,response_date,area_id,service_id,field,value\r\n");
    let num = |v: Option<f64>| v.map(|x| format!("{x}")).unwrap_or_default();
    for k in &round.kept {
        let date = round.returns[k.index].response_date.clone().unwrap_or_default();
        for a in &k.scores.areas {
            for s in &a.services {
                let introduced = match s.introduced {
                    Some(true) => "true",
                    Some(false) => "false",
                    None => "",
                };
                let mut fields = vec![("introduced", introduced.to_string()), ("degree", num(s.degree)), ("usage", num(s.usage))];
                fields.extend(crate::savings::csv_fields(s.savings.as_ref()).into_iter().map(|(f, v)| (f, num(v))));
                for (field, value) in fields {
                    let cells = [k.code.as_str(), k.name.as_str(), date.as_str(), a.id.as_str(), s.id.as_str(), field, value.as_str()];
                    out.push_str(&cells.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(","));
                    out.push_str("\r\n");
                }
            }
        }
        for added in &round.returns[k.index].added {
            let cells = [k.code.as_str(), k.name.as_str(), date.as_str(), added.area.as_str(), "", "added_service", added.name.as_str()];
            out.push_str(&cells.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(","));
            out.push_str("\r\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_neutralised_and_quoted() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("@SUM"), "'@SUM");
        assert_eq!(csv_cell("Helsinki"), "Helsinki");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
    }
}
