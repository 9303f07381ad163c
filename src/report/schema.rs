//! JSON Schemas of the reports, derived from the report types themselves, so that the
//! schema files under `docs/schemas/` and the code are one source of truth. The schemas
//! are strict: every object lists its fields and allows no others, and a field that is
//! always written (possibly as `null`) is required.
//!
//! The committed files are compared with these by the tests; to regenerate them after
//! changing a report type: `UPDATE_SCHEMAS=1 cargo test --test cli schemas`.

use schemars::generate::SchemaSettings;
use schemars::transform::{Transform, transform_subschemas};
use schemars::{JsonSchema, Schema};

use super::receipt::IntakeReport;
use super::{AggregateReport, ScoreReport, ValidateReport};

/// Adds `additionalProperties: false` to every object schema that lists properties.
#[derive(Clone)]
struct Strict;

impl Transform for Strict {
    fn transform(&mut self, schema: &mut Schema) {
        if let Some(obj) = schema.as_object_mut()
            && obj.contains_key("properties")
        {
            obj.entry("additionalProperties").or_insert(false.into());
        }
        transform_subschemas(self, schema);
    }
}

fn schema_for<T: JsonSchema>() -> serde_json::Value {
    let generator =
        SchemaSettings::draft2020_12().for_serialize().with_transform(Strict).into_generator();
    generator.into_root_schema_for::<T>().to_value()
}

/// Every report's schema with the file name it is kept under in `docs/schemas/`.
pub fn all() -> Vec<(&'static str, serde_json::Value)> {
    vec![
        ("validate.schema.json", schema_for::<ValidateReport>()),
        ("score.schema.json", schema_for::<ScoreReport>()),
        ("aggregate.schema.json", schema_for::<AggregateReport>()),
        ("intake.schema.json", schema_for::<IntakeReport>()),
    ]
}
