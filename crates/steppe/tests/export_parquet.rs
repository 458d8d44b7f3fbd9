//! `steppe export KIND --format parquet`: a small store written as Parquet and
//! read back with the parquet crate's own reader, on SQLite and, with
//! `STEPPE_TEST_PG`, on PostgreSQL (see `common`).

mod common;

use std::fs::File;
use std::path::Path;
use std::process::Command;

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, Int64Type, TimestampMillisecondType};
use arrow_array::{Array, RecordBatch, RecordBatchReader};
use arrow_schema::{DataType, TimeUnit};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

fn steppe(args: &[&str]) -> std::process::Output {
    let o = Command::new(env!("CARGO_BIN_EXE_steppe"))
        .env_remove("STEPPE_DB")
        .args(args)
        .output()
        .expect("run steppe");
    assert!(
        o.status.success(),
        "steppe {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// Two reports of one meeting and an undated one, in words of our own.
const ARTICLES: &[(&str, &str)] = &[
    (
        "a.txt",
        "date: 2024-03-05\nsource: La Gazette d'Almaty\nLe Kazakhstan et l'Ouzbékistan signent un accord sur l'eau\n\n\
Le président kazakh Kassym-Jomart Tokaïev a rencontré mardi à Astana le président ouzbek Chavkat Mirzioïev.\n\
Les deux dirigeants ont signé un accord sur le partage des eaux du Syr-Daria, qui concerne 12 millions d'habitants.\n\
« Cet accord protège nos agriculteurs », a déclaré Tokaïev devant la presse.\n",
    ),
    (
        "b.txt",
        "date: 2024-03\nsource: Le Courrier de Tachkent\nAccord sur l'eau entre Astana et Tachkent\n\n\
Chavkat Mirzioïev s'est rendu au Kazakhstan, où il a signé avec Kassym-Jomart Tokaïev un accord sur le Syr-Daria.\n\
Selon le ministère ouzbek de l'Eau, 12 millions d'habitants vivent dans le bassin du fleuve.\n",
    ),
    (
        "c.txt",
        "Le Kirghizstan critique l'accord\n\n\
Le gouvernement kirghiz a critiqué l'accord signé à Astana, estimant qu'il ignore les pays situés en amont.\n",
    ),
];

fn read_parquet(path: &Path) -> (arrow_schema::SchemaRef, Vec<RecordBatch>) {
    let f = File::open(path).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(f)
        .unwrap()
        .build()
        .unwrap();
    let schema = reader.schema();
    let batches = reader.collect::<Result<Vec<_>, _>>().unwrap();
    (schema, batches)
}

fn export_parquet(db: &str, kind: &str, out: &Path) {
    steppe(&[
        "export",
        kind,
        "--format",
        "parquet",
        "--db",
        db,
        "--out",
        out.to_str().unwrap(),
    ]);
}

fn jsonl(db: &str, kind: &str) -> Vec<serde_json::Value> {
    let o = steppe(&["export", kind, "--db", db]);
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn every_kind_round_trips_through_parquet_with_typed_columns() {
    common::on_each_backend(round_trip);
}

fn round_trip(store: &common::TestDb) {
    let dir = store.dir();
    let input = dir.join("in");
    std::fs::create_dir(&input).unwrap();
    for (name, text) in ARTICLES {
        std::fs::write(input.join(name), text).unwrap();
    }
    let db = store.arg();
    steppe(&["ingest", input.to_str().unwrap(), "--db", db, "--quiet"]);
    let kinds = [
        "articles",
        "timex",
        "quantities",
        "mentions",
        "actors",
        "events",
        "stories",
        "duplicates",
        "quotes",
        "framing",
        "claims",
    ];
    for kind in kinds {
        let out = dir.join(format!("{kind}.parquet"));
        export_parquet(db, kind, &out);
        let (schema, batches) = read_parquet(&out);
        let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
        let records = jsonl(db, kind);
        assert_eq!(rows, records.len(), "{kind}: parquet rows vs JSONL lines");
        // Exporting again gives the same bytes.
        let again = dir.join(format!("{kind}.again.parquet"));
        export_parquet(db, kind, &again);
        assert_eq!(
            std::fs::read(&out).unwrap(),
            std::fs::read(&again).unwrap(),
            "{kind}: a second export differs"
        );
        let ty = |n: &str| schema.field_with_name(n).unwrap().data_type().clone();
        match kind {
            "articles" => {
                assert_eq!(rows, 3);
                assert_eq!(
                    ty("published"),
                    DataType::Timestamp(TimeUnit::Millisecond, Some("UTC".into()))
                );
                assert_eq!(ty("item"), DataType::Int64);
                assert_eq!(ty("lang_confidence"), DataType::Float64);
                assert!(matches!(ty("warnings"), DataType::List(_)));
                assert_eq!(ty("estimated_published"), DataType::Date32);
                assert!(!schema.field_with_name("id").unwrap().is_nullable());
                // Values: ids and days as the JSONL export gives them.
                let b = &batches[0];
                let ids = b.column_by_name("id").unwrap().as_string::<i32>();
                let published = b
                    .column_by_name("published")
                    .unwrap()
                    .as_primitive::<TimestampMillisecondType>();
                for (i, rec) in records.iter().enumerate() {
                    assert_eq!(ids.value(i), rec["id"].as_str().unwrap());
                    match rec["published"].as_str() {
                        // 2024-03-05 and 2024-03 (its first day; the precision column says month).
                        Some("2024-03-05") => assert_eq!(published.value(i), 1_709_596_800_000),
                        Some("2024-03") => assert_eq!(published.value(i), 1_709_251_200_000),
                        Some(other) => panic!("unexpected date {other}"),
                        None => assert!(published.is_null(i)),
                    }
                }
            }
            "events" => {
                assert!(rows > 0, "the meeting and the signing are events");
                assert_eq!(ty("goldstein"), DataType::Float64);
                assert_eq!(ty("quad_class"), DataType::Int64);
                assert_eq!(ty("date"), DataType::Utf8);
                assert_eq!(ty("date_day"), DataType::Date32);
                assert!(matches!(ty("article_ids"), DataType::List(_)));
                let b = &batches[0];
                let g = b
                    .column_by_name("goldstein")
                    .unwrap()
                    .as_primitive::<Float64Type>();
                let q = b
                    .column_by_name("quad_class")
                    .unwrap()
                    .as_primitive::<Int64Type>();
                let ids = b.column_by_name("article_ids").unwrap().as_list::<i32>();
                for (i, rec) in records.iter().enumerate() {
                    assert!((g.value(i) - rec["goldstein"].as_f64().unwrap()).abs() < 1e-9);
                    assert_eq!(q.value(i), rec["quad_class"].as_i64().unwrap());
                    assert_eq!(
                        ids.value(i).len(),
                        rec["article_ids"].as_array().unwrap().len()
                    );
                }
            }
            "stories" => {
                assert_eq!(ty("first_seen"), DataType::Date32);
                assert_eq!(ty("independent_sources"), DataType::Int64);
                let b = &batches[0];
                let first = b
                    .column_by_name("first_seen")
                    .unwrap()
                    .as_primitive::<Date32Type>();
                for (i, rec) in records.iter().enumerate() {
                    if let Some(d) = rec["first_seen"].as_str().filter(|d| d.len() == 10) {
                        let day = chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
                        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
                        assert_eq!(first.value(i), (day - epoch).num_days() as i32);
                    }
                }
            }
            "quotes" => {
                assert_eq!(ty("direct"), DataType::Boolean);
                let b = batches.first();
                if let Some(b) = b {
                    let direct = b.column_by_name("direct").unwrap().as_boolean();
                    for (i, rec) in records.iter().enumerate() {
                        assert_eq!(direct.value(i), rec["direct"] == "direct");
                    }
                }
            }
            "actors" => {
                assert!(rows > 100, "the knowledge base's actors");
                assert!(matches!(ty("aliases"), DataType::List(_)));
                assert_eq!(ty("mentions"), DataType::Int64);
                assert_eq!(ty("roles"), DataType::Utf8);
            }
            _ => {}
        }
    }
}
