//! Parquet output for `steppe export KIND --format parquet`: the records the
//! JSONL export writes, as typed columns (dates as `Date32`, times as UTC
//! `Timestamp(ms)`, counts and offsets as `Int64`, scores as `Float64`, lists
//! of names as `List<Utf8>`, nested objects as JSON text).
//!
//! Records are appended to column builders and written as one row group every
//! [`ROW_GROUP_ROWS`] rows (or sooner when the text held passes
//! [`ROW_GROUP_BYTES`]), so a big store is never held in memory whole.

use std::io::Write;
use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, ListBuilder, StringBuilder,
    TimestampMillisecondBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};
use chrono::{DateTime, NaiveDate};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use serde_json::Value;

use crate::export::Kind;

/// Rows per row group.
pub const ROW_GROUP_ROWS: usize = 65_536;
/// Text bytes buffered before a row group is written early (long articles).
pub const ROW_GROUP_BYTES: usize = 64 << 20;

/// The type of a Parquet column, and how a JSON value becomes one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    Str,
    Int,
    Float,
    /// A Boolean: JSON `true`/`false`, or true when the text equals this word
    /// (`direct` in `direct`/`indirect`).
    Flag(&'static str),
    /// A day (`Date32`): an ISO date, or the first day of an ISO month or
    /// year (a precision column beside it tells which); other text is null.
    Day,
    /// A UTC time in milliseconds: RFC 3339, or the start of an ISO day,
    /// month or year (a precision column beside it tells which).
    Time,
    /// A list of strings (non-string items as JSON text).
    List,
    /// Any value as JSON text (objects, lists of objects).
    Json,
}

/// One column: its name in the file, the record field it is read from, its
/// type, and whether it may be null.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    pub field: &'static str,
    pub col: Col,
    pub nullable: bool,
}

/// Column types of each kind that are not text; columns not named are `Str`.
fn types(kind: Kind) -> &'static [(&'static str, Col)] {
    use Col::*;
    match kind {
        Kind::Articles => &[
            ("item", Int),
            ("lang_confidence", Float),
            ("published", Time),
            ("removed", Json),
            ("warnings", List),
            ("estimated_published", Day),
        ],
        Kind::Timex | Kind::Mentions | Kind::Framing => &[("start", Int), ("end", Int)],
        Kind::Quantities => &[("start", Int), ("end", Int), ("value", Float)],
        Kind::Actors => &[
            ("aliases", List),
            ("mentions", Int),
            ("articles", Int),
            ("metonyms", List),
            ("demonyms", List),
            ("names", Json),
            ("roles", Json),
        ],
        Kind::Events => &[
            ("article_ids", List),
            ("quad_class", Int),
            ("goldstein", Float),
            ("date_day", Day),
            ("quantities", List),
            ("evidence_start", Int),
            ("evidence_end", Int),
            ("trigger_start", Int),
            ("trigger_end", Int),
            ("confidence", Float),
            ("independent_sources", Int),
        ],
        Kind::Stories => &[
            ("article_ids", List),
            ("first_seen", Day),
            ("last_seen", Day),
            ("actors", List),
            ("estimated_date", Day),
            ("independent_sources", Int),
            ("sources", List),
            ("undated_estimates", Json),
        ],
        Kind::Duplicates => &[
            ("start", Int),
            ("end", Int),
            ("other_start", Int),
            ("other_end", Int),
            ("similarity", Float),
        ],
        Kind::Quotes => &[
            ("speaker_start", Int),
            ("speaker_end", Int),
            ("direct", Flag("direct")),
            ("start", Int),
            ("end", Int),
            ("sentence_start", Int),
            ("sentence_end", Int),
        ],
        Kind::Claims => &[
            ("article_ids", List),
            ("sources", List),
            ("independent_sources", Int),
            ("value", Float),
            ("evidence", Json),
        ],
    }
}

/// Columns the Parquet file has beyond the CSV ones: (name, record field).
/// An event's `date` stays text as written (`2023-W09` is a date too) and
/// `date_day` is its day when it has one.
fn extra_columns(kind: Kind) -> &'static [(&'static str, &'static str)] {
    match kind {
        Kind::Actors => &[
            ("metonyms", "metonyms"),
            ("demonyms", "demonyms"),
            ("names", "names"),
            ("roles", "roles"),
        ],
        Kind::Events => &[("date_day", "date")],
        _ => &[],
    }
}

/// Columns that every record of the kind has (its key).
fn required(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Articles | Kind::Actors | Kind::Events | Kind::Stories => &["id"],
        Kind::Claims => &["story_id", "kind"],
        Kind::Duplicates => &["article_id", "other_id"],
        _ => &["article_id"],
    }
}

/// The Parquet columns of a kind, in order: the CSV columns, then the extras.
pub fn columns(kind: Kind) -> Vec<Column> {
    let col_of = |name: &str| {
        types(kind)
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(Col::Str, |(_, c)| *c)
    };
    crate::export::columns(kind)
        .iter()
        .map(|n| (*n, *n))
        .chain(extra_columns(kind).iter().copied())
        .map(|(name, field)| Column {
            name,
            field,
            col: col_of(name),
            nullable: !required(kind).contains(&name),
        })
        .collect()
}

fn data_type(c: Col) -> DataType {
    match c {
        Col::Str | Col::Json => DataType::Utf8,
        Col::Int => DataType::Int64,
        Col::Float => DataType::Float64,
        Col::Flag(_) => DataType::Boolean,
        Col::Day => DataType::Date32,
        Col::Time => DataType::Timestamp(TimeUnit::Millisecond, Some("UTC".into())),
        Col::List => DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
    }
}

/// The Arrow schema of a kind's Parquet file.
pub fn schema(kind: Kind) -> SchemaRef {
    Arc::new(Schema::new(
        columns(kind)
            .iter()
            .map(|c| Field::new(c.name, data_type(c.col), c.nullable))
            .collect::<Vec<_>>(),
    ))
}

/// The day of an ISO date, month (its first day) or year (its first day), or
/// of an RFC 3339 time.
pub fn parse_day(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.date_naive());
    }
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let mut parts = s.split('-');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(y), None, None) if y.len() == 4 && digits(y) => {
            NaiveDate::from_ymd_opt(y.parse().ok()?, 1, 1)
        }
        (Some(y), Some(m), None) if y.len() == 4 && m.len() == 2 && digits(y) && digits(m) => {
            NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)
        }
        _ => None,
    }
}

/// Milliseconds since 1970 (UTC) of an RFC 3339 time, or of the start of an
/// ISO day, month or year.
pub fn parse_time_ms(s: &str) -> Option<i64> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s.trim()) {
        return Some(t.timestamp_millis());
    }
    parse_day(s).and_then(|d| {
        d.and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc().timestamp_millis())
    })
}

fn days_since_epoch(d: NaiveDate) -> i32 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    (d - epoch).num_days() as i32
}

/// A value as text: strings as they are, anything else as JSON.
fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

enum Builder {
    Str(StringBuilder),
    Int(Int64Builder),
    Float(Float64Builder),
    Bool(BooleanBuilder),
    Day(Date32Builder),
    Time(TimestampMillisecondBuilder),
    List(ListBuilder<StringBuilder>),
}

impl Builder {
    fn new(c: Col) -> Builder {
        match c {
            Col::Str | Col::Json => Builder::Str(StringBuilder::new()),
            Col::Int => Builder::Int(Int64Builder::new()),
            Col::Float => Builder::Float(Float64Builder::new()),
            Col::Flag(_) => Builder::Bool(BooleanBuilder::new()),
            Col::Day => Builder::Day(Date32Builder::new()),
            Col::Time => Builder::Time(TimestampMillisecondBuilder::new().with_timezone("UTC")),
            Col::List => Builder::List(ListBuilder::new(StringBuilder::new())),
        }
    }

    /// Appends `v`; returns the text bytes it added and whether the value was
    /// of the column's type (when not, a null is appended).
    fn append(&mut self, c: Col, v: &Value) -> (usize, bool) {
        let mut ok = true;
        let mut bytes = 0;
        match self {
            Builder::Str(b) => {
                let t = match c {
                    Col::Json if !v.is_null() => Some(v.to_string()),
                    _ => text_of(v),
                };
                bytes = t.as_ref().map_or(0, String::len);
                b.append_option(t);
            }
            Builder::Int(b) => {
                let n = v.as_i64().or_else(|| v.as_f64().map(|f| f.round() as i64));
                ok = n.is_some() || v.is_null();
                b.append_option(n);
            }
            Builder::Float(b) => {
                let n = v.as_f64();
                ok = n.is_some() || v.is_null();
                b.append_option(n);
            }
            Builder::Bool(b) => {
                let word = match c {
                    Col::Flag(w) => w,
                    _ => "true",
                };
                let x = match v {
                    Value::Bool(x) => Some(*x),
                    Value::String(s) => Some(s == word),
                    _ => None,
                };
                ok = x.is_some() || v.is_null();
                b.append_option(x);
            }
            Builder::Day(b) => {
                let d = v.as_str().and_then(parse_day).map(days_since_epoch);
                ok = d.is_some() || v.is_null();
                b.append_option(d);
            }
            Builder::Time(b) => {
                let t = v.as_str().and_then(parse_time_ms);
                ok = t.is_some() || v.is_null();
                b.append_option(t);
            }
            Builder::List(b) => match v {
                Value::Array(items) => {
                    for item in items {
                        let t = text_of(item);
                        bytes += t.as_ref().map_or(0, String::len);
                        b.values().append_option(t);
                    }
                    b.append(true);
                }
                Value::Null => b.append(false),
                other => {
                    let t = text_of(other).unwrap_or_default();
                    bytes += t.len();
                    b.values().append_value(t);
                    b.append(true);
                }
            },
        }
        (bytes, ok)
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Str(b) => Arc::new(b.finish()),
            Builder::Int(b) => Arc::new(b.finish()),
            Builder::Float(b) => Arc::new(b.finish()),
            Builder::Bool(b) => Arc::new(b.finish()),
            Builder::Day(b) => Arc::new(b.finish()),
            Builder::Time(b) => Arc::new(b.finish()),
            Builder::List(b) => Arc::new(b.finish()),
        }
    }
}

/// Writes records of one kind to a Parquet file, a row group at a time.
pub struct ParquetSink<'a> {
    kind: Kind,
    columns: Vec<Column>,
    schema: SchemaRef,
    builders: Vec<Builder>,
    rows: usize,
    bytes: usize,
    /// Values that were not of their column's type, written as null:
    /// (column, first such value, how many).
    unreadable: Vec<(&'static str, String, u64)>,
    writer: ArrowWriter<&'a mut (dyn Write + Send)>,
}

impl<'a> ParquetSink<'a> {
    pub fn new(kind: Kind, out: &'a mut (dyn Write + Send)) -> parquet::errors::Result<Self> {
        let columns = columns(kind);
        let schema = schema(kind);
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
            .set_created_by(format!("steppe {}", env!("CARGO_PKG_VERSION")))
            .build();
        let writer = ArrowWriter::try_new(out, schema.clone(), Some(props))?;
        Ok(ParquetSink {
            kind,
            builders: columns.iter().map(|c| Builder::new(c.col)).collect(),
            columns,
            schema,
            rows: 0,
            bytes: 0,
            unreadable: Vec::new(),
            writer,
        })
    }

    /// Appends one record (a JSONL export object); writes a row group when full.
    pub fn write(&mut self, rec: &Value) -> std::io::Result<()> {
        for (c, b) in self.columns.iter().zip(&mut self.builders) {
            let v = &rec[c.field];
            if v.is_null() && !c.nullable {
                return Err(std::io::Error::other(format!(
                    "{} record {}: column {} is empty",
                    crate::export::kind_name(self.kind),
                    self.rows + 1,
                    c.name
                )));
            }
            let (bytes, ok) = b.append(c.col, v);
            self.bytes += bytes;
            if !ok {
                match self.unreadable.iter_mut().find(|u| u.0 == c.name) {
                    Some(u) => u.2 += 1,
                    None => self.unreadable.push((c.name, v.to_string(), 1)),
                }
            }
        }
        self.rows += 1;
        if self.rows >= ROW_GROUP_ROWS || self.bytes >= ROW_GROUP_BYTES {
            self.flush_group()?;
        }
        Ok(())
    }

    fn flush_group(&mut self) -> std::io::Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> = self.builders.iter_mut().map(Builder::finish).collect();
        let batch = RecordBatch::try_new(self.schema.clone(), arrays)
            .map_err(|e| std::io::Error::other(format!("building a row group: {e}")))?;
        self.writer
            .write(&batch)
            .and_then(|()| self.writer.flush())
            .map_err(|e| std::io::Error::other(format!("writing a Parquet row group: {e}")))?;
        self.rows = 0;
        self.bytes = 0;
        Ok(())
    }

    /// Writes the last row group and the footer; returns the values written
    /// as null because they were not of their column's type.
    pub fn finish(mut self) -> std::io::Result<Vec<(&'static str, String, u64)>> {
        self.flush_group()?;
        let unreadable = std::mem::take(&mut self.unreadable);
        let out = self
            .writer
            .into_inner()
            .map_err(|e| std::io::Error::other(format!("closing the Parquet file: {e}")))?;
        out.flush()?;
        Ok(unreadable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_start_their_period_and_other_text_is_no_day() {
        let d = |s| parse_day(s).map(|d| d.to_string());
        assert_eq!(d("2023-02-28").as_deref(), Some("2023-02-28"));
        assert_eq!(d("2023-02").as_deref(), Some("2023-02-01"));
        assert_eq!(d("2023").as_deref(), Some("2023-01-01"));
        assert_eq!(d("2023-02-28T23:30:00Z").as_deref(), Some("2023-02-28"));
        assert_eq!(d("2023-W09"), None);
        assert_eq!(d("PRESENT_REF"), None);
        assert_eq!(parse_time_ms("1970-01-02T00:00:00Z"), Some(86_400_000));
        assert_eq!(parse_time_ms("1970-01"), Some(0));
    }

    #[test]
    fn every_kind_has_its_csv_columns_first_and_typed_numbers() {
        for kind in crate::export::ALL_KINDS {
            let cols = columns(*kind);
            let names: Vec<&str> = cols.iter().map(|c| c.name).collect();
            let csv = crate::export::columns(*kind);
            assert_eq!(&names[..csv.len()], csv, "{kind:?}");
            // Every typed column names a real column of the kind.
            for (n, _) in types(*kind) {
                assert!(names.contains(n), "{kind:?}: {n}");
            }
        }
        let ev = columns(Kind::Events);
        let col = |n: &str| ev.iter().find(|c| c.name == n).map(|c| c.col);
        assert_eq!(col("goldstein"), Some(Col::Float));
        assert_eq!(col("date"), Some(Col::Str));
        assert_eq!(col("date_day"), Some(Col::Day));
    }
}
