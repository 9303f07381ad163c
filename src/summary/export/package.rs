//! `datapackage.json` beside the CSV: a Frictionless Data Package
//! (<https://specs.frictionlessdata.io/data-package/>) with one tabular resource, the CSV,
//! and its Table Schema made from the CSV's own column table (`schema`), so pandas, R,
//! Frictionless and open-data portals read codes as text, numbers as numbers in either
//! dialect, and know every field's unit.

use std::collections::BTreeMap;
use std::time::SystemTime;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::catalog::Catalog;

use super::Dialect;
use super::schema::{COLUMNS, FIELDS, Kind};

/// The file name of the data package, in the CSV's folder.
pub const FILE_NAME: &str = "datapackage.json";

/// The licence the ministry publishes its data under.
const LICENSE: License = License {
    name: "CC-BY-4.0",
    path: "https://creativecommons.org/licenses/by/4.0/",
    title: "Creative Commons Attribution 4.0 International",
};

#[derive(Serialize)]
struct Package {
    profile: &'static str,
    name: String,
    title: String,
    description: String,
    created: String,
    licenses: [License; 1],
    digiaste: Generator,
    resources: [Resource; 1],
}

#[derive(Serialize)]
struct License {
    name: &'static str,
    path: &'static str,
    title: &'static str,
}

/// Which program wrote the package, from which catalog.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Generator {
    version: &'static str,
    catalog_id: String,
    catalog_version: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Resource {
    profile: &'static str,
    name: String,
    path: String,
    title: String,
    format: &'static str,
    mediatype: &'static str,
    encoding: &'static str,
    bytes: usize,
    hash: String,
    dialect: CsvDialect,
    schema: TableSchema,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CsvDialect {
    delimiter: String,
    line_terminator: &'static str,
    quote_char: &'static str,
    double_quote: bool,
    header: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TableSchema {
    fields: Vec<SchemaField>,
    missing_values: [&'static str; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SchemaField {
    name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    description: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    decimal_char: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    constraints: Option<Constraints>,
    /// For `field`: each name with its description and unit (Table Schema 2 categories).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    categories: Vec<Category>,
    /// For `value`: the unit of each field.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    units: BTreeMap<&'static str, &'static str>,
}

#[derive(Serialize)]
struct Constraints {
    #[serde(rename = "enum", skip_serializing_if = "Vec::is_empty")]
    values: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pattern: Option<&'static str>,
}

#[derive(Serialize)]
struct Category {
    value: &'static str,
    label: String,
}

/// The Table Schema of the CSV's columns, numbers with `dialect`'s decimal separator.
fn schema(dialect: Dialect) -> TableSchema {
    let fields = COLUMNS
        .iter()
        .map(|c| {
            let mut field = SchemaField {
                name: c.name,
                kind: match c.kind {
                    Kind::String => "string",
                    Kind::Number => "number",
                    Kind::Date => "date",
                },
                description: c.description,
                decimal_char: (c.kind == Kind::Number).then(|| dialect.decimal().to_string()),
                constraints: (!c.values.is_empty() || c.pattern.is_some())
                    .then(|| Constraints { values: c.values.to_vec(), pattern: c.pattern }),
                categories: Vec::new(),
                units: BTreeMap::new(),
            };
            match c.name {
                "field" => {
                    field.constraints = Some(Constraints {
                        values: FIELDS.iter().map(|f| f.0).collect(),
                        pattern: None,
                    });
                    field.categories = FIELDS
                        .iter()
                        .map(|&(value, unit, text)| Category {
                            value,
                            label: if unit.is_empty() {
                                text.into()
                            } else {
                                format!("{text} Unit: {unit}.")
                            },
                        })
                        .collect();
                }
                "value" => {
                    field.units =
                        FIELDS.iter().filter(|f| !f.1.is_empty()).map(|f| (f.0, f.1)).collect();
                }
                _ => {}
            }
            field
        })
        .collect();
    TableSchema { fields, missing_values: [""] }
}

/// A name as Frictionless wants it (lower case letters, digits and `-`).
fn package_name(text: &str) -> String {
    let name = crate::output::safe_file_stem(text);
    if name.is_empty() { "round".into() } else { name }
}

/// The `datapackage.json` of a CSV `csv` named `file_name`, written in `dialect` from a
/// round of `catalog` at `created`.
pub fn datapackage(
    catalog: &Catalog,
    csv: &[u8],
    file_name: &str,
    dialect: Dialect,
    created: SystemTime,
) -> Vec<u8> {
    let stem = std::path::Path::new(file_name).file_stem().and_then(|s| s.to_str());
    let about = format!("catalog {} {}", catalog.id, catalog.version);
    let package = Package {
        profile: "tabular-data-package",
        name: package_name(&format!("digiaste-{}-{}", catalog.id, catalog.version)),
        title: format!("Digital maturity self-assessment of Finnish municipalities, {about}"),
        description: format!(
            "The counted returns of a round of the self-assessment ({about}, {}), as digiaste \
             aggregate --csv wrote them: per municipality its measures per service, per area \
             and overall; per region and for the whole country the mean and median of each \
             measure over the counted municipalities.",
            catalog.title.get(crate::lang::Lang::En)
        ),
        created: crate::read::utc_timestamp(created),
        licenses: [LICENSE],
        digiaste: Generator {
            version: env!("CARGO_PKG_VERSION"),
            catalog_id: catalog.id.clone(),
            catalog_version: catalog.version.clone(),
        },
        resources: [Resource {
            profile: "tabular-data-resource",
            name: package_name(stem.unwrap_or("round")),
            path: file_name.to_string(),
            title: format!("Measures of the round, {about}"),
            format: "csv",
            mediatype: "text/csv",
            encoding: "utf-8",
            bytes: csv.len(),
            hash: format!(
                "sha256:{}",
                Sha256::digest(csv).iter().map(|b| format!("{b:02x}")).collect::<String>()
            ),
            dialect: CsvDialect {
                delimiter: dialect.separator().to_string(),
                line_terminator: "\r\n",
                quote_char: "\"",
                double_quote: true,
                header: true,
            },
            schema: schema(dialect),
        }],
    };
    let mut json = serde_json::to_vec_pretty(&package).expect("a data package serialises");
    json.push(b'\n');
    json
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_times_as_frictionless_wants_them() {
        assert_eq!(package_name("digiaste-vm-digiaste-2025.1"), "digiaste-vm-digiaste-2025-1");
        assert_eq!(package_name("Yhteenveto 2026 (kopio)"), "yhteenveto-2026-kopio");
        assert_eq!(package_name("Åland"), "aland");
        assert_eq!(package_name("!!"), "round");
        let at = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_775_035_845);
        assert_eq!(crate::read::utc_timestamp(at), "2026-04-01T09:30:45Z");
    }
}
