//! `steppe export KIND`: the store's records as JSONL or CSV, for analysts'
//! own tools. Every kind follows the same shape: a fixed list of columns, one
//! record per line (JSONL) or row (CSV, with lists and objects as JSON text).

use std::io::Write;

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use steppe_model::Article;
use steppe_store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Jsonl,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Articles,
}

/// Columns of `export articles`, in order.
pub const ARTICLE_COLUMNS: &[&str] = &[
    "id",
    "path",
    "item",
    "format",
    "url",
    "source",
    "title",
    "author",
    "lang",
    "lang_confidence",
    "published",
    "published_precision",
    "date_origin",
    "text",
    "removed",
    "warnings",
];

pub fn article_record(a: &Article) -> Value {
    json!({
        "id": a.id,
        "path": a.path,
        "item": a.item,
        "format": a.format.as_str(),
        "url": a.url,
        "source": a.source,
        "title": a.title,
        "author": a.author,
        "lang": a.lang,
        "lang_confidence": (f64::from(a.lang_confidence) * 1000.0).round() / 1000.0,
        "published": a.published.map(|p| p.to_string()),
        "published_precision": a.published_precision().as_str(),
        "date_origin": a.date_origin.as_str(),
        "text": a.text,
        "removed": a.removed,
        "warnings": a.warnings,
    })
}

fn csv_cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Turns a stored value into the record `export` writes.
type RecordFn = fn(&Article) -> Value;

/// Writes records of `kind` to `out`; returns how many.
pub fn export(store: &Store, kind: Kind, format: Format, out: &mut dyn Write) -> Result<u64> {
    let (columns, records): (&[&str], RecordFn) = match kind {
        Kind::Articles => (ARTICLE_COLUMNS, article_record),
    };
    let n = match format {
        Format::Jsonl => store.for_each_article(|a| {
            serde_json::to_writer(&mut *out, &records(&a))?;
            out.write_all(b"\n")
        })?,
        Format::Csv => {
            let mut w = csv::Writer::from_writer(&mut *out);
            w.write_record(columns).context("writing CSV header")?;
            let mut failure = None;
            let n = store.for_each_article(|a| {
                let rec = records(&a);
                let row: Vec<String> = columns.iter().map(|c| csv_cell(&rec[*c])).collect();
                w.write_record(&row).map_err(|e| {
                    let msg = e.to_string();
                    failure = Some(msg.clone());
                    std::io::Error::other(msg)
                })
            })?;
            if let Some(f) = failure {
                bail!("writing CSV: {f}");
            }
            w.flush().context("writing CSV")?;
            n
        }
    };
    out.flush().context("flushing output")?;
    Ok(n)
}
