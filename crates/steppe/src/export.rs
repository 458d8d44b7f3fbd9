//! `steppe export KIND`: the store's records as JSONL, CSV or Parquet, for
//! analysts' own tools. Every kind follows the same shape: a fixed list of
//! columns, one record per line (JSONL) or row (CSV, with lists and objects as
//! JSON text; Parquet, with typed columns: see `export_parquet`).

use std::io::Write;

use anyhow::{Context, Result};
use serde_json::{json, Value};
use steppe_model::Article;
use steppe_store::{ArticleStore, EventRow, MentionRow, QuantityRow, TimexRow};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Jsonl,
    Csv,
    Parquet,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Articles,
    Timex,
    Quantities,
    Mentions,
    Actors,
    Events,
    Stories,
    Duplicates,
    Quotes,
    Framing,
    Claims,
}

/// Every kind, in the order of `Kind`.
#[cfg(test)]
pub const ALL_KINDS: &[Kind] = &[
    Kind::Articles,
    Kind::Timex,
    Kind::Quantities,
    Kind::Mentions,
    Kind::Actors,
    Kind::Events,
    Kind::Stories,
    Kind::Duplicates,
    Kind::Quotes,
    Kind::Framing,
    Kind::Claims,
];

/// The kind's name on the command line (`articles`, `events`, …).
pub fn kind_name(kind: Kind) -> String {
    clap::ValueEnum::to_possible_value(&kind)
        .map(|v| v.get_name().to_string())
        .unwrap_or_default()
}

/// The CSV columns of a kind, in order (Parquet adds a few: see `export_parquet`).
pub fn columns(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Articles => ARTICLE_COLUMNS,
        Kind::Timex => TIMEX_COLUMNS,
        Kind::Quantities => QUANTITY_COLUMNS,
        Kind::Mentions => MENTION_COLUMNS,
        Kind::Actors => ACTOR_COLUMNS,
        Kind::Events => EVENT_COLUMNS,
        Kind::Stories => STORY_COLUMNS,
        Kind::Duplicates => DUPLICATE_COLUMNS,
        Kind::Quotes => QUOTE_COLUMNS,
        Kind::Framing => FRAMING_COLUMNS,
        Kind::Claims => CLAIM_COLUMNS,
    }
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
    "story_id",
    "estimated_published",
];

/// Columns of `export timex`. Offsets count characters in the article text.
pub const TIMEX_COLUMNS: &[&str] = &[
    "article_id",
    "text",
    "start",
    "end",
    "type",
    "value",
    "granularity",
    "modifier",
];

/// Columns of `export quantities`. Offsets count characters in the article text.
pub const QUANTITY_COLUMNS: &[&str] = &[
    "article_id",
    "text",
    "start",
    "end",
    "value",
    "unit",
    "counted",
];

/// Columns of `export mentions`. Offsets count characters in the article text.
pub const MENTION_COLUMNS: &[&str] = &[
    "article_id",
    "actor_id",
    "surface",
    "start",
    "end",
    "how",
    "code",
    "ner",
];

/// Columns of `export actors`: the knowledge base and the new actors found.
pub const ACTOR_COLUMNS: &[&str] = &[
    "id", "qid", "kind", "name", "country", "code", "aliases", "mentions", "articles",
];

/// Columns of `export events`. Offsets count characters in the article text.
pub const EVENT_COLUMNS: &[&str] = &[
    "id",
    "article_ids",
    "source",
    "target",
    "source_code",
    "target_code",
    "source_text",
    "target_text",
    "cameo",
    "root",
    "plover",
    "plover_mode",
    "quad_class",
    "goldstein",
    "date",
    "date_precision",
    "place",
    "quantities",
    "modality",
    "claimed_by",
    "claimed_by_code",
    "claimed_by_text",
    "evidence",
    "evidence_start",
    "evidence_end",
    "trigger_start",
    "trigger_end",
    "confidence",
    "independent_sources",
];

/// Columns of `export stories`.
pub const STORY_COLUMNS: &[&str] = &[
    "id",
    "title",
    "summary",
    "article_ids",
    "first_seen",
    "last_seen",
    "actors",
    "thread_id",
    "estimated_date",
    "independent_sources",
    "sources",
    "undated_estimates",
];

/// Columns of `export duplicates`. Offsets count characters in each article's text.
pub const DUPLICATE_COLUMNS: &[&str] = &[
    "article_id",
    "other_id",
    "kind",
    "start",
    "end",
    "other_start",
    "other_end",
    "similarity",
];

/// Columns of `export quotes`. Offsets count characters in the article text.
pub const QUOTE_COLUMNS: &[&str] = &[
    "article_id",
    "speaker",
    "speaker_code",
    "speaker_text",
    "speaker_start",
    "speaker_end",
    "verb",
    "direct",
    "text",
    "start",
    "end",
    "sentence",
    "sentence_start",
    "sentence_end",
];

/// Columns of `export framing`: the contested terms each article uses.
/// Offsets count characters in the article text.
pub const FRAMING_COLUMNS: &[&str] = &[
    "article_id",
    "concept",
    "variant",
    "surface",
    "start",
    "end",
    "actor_id",
];

pub fn framing_record(f: &steppe_store::FramingRow) -> Value {
    let x = &f.framing;
    json!({
        "article_id": f.article_id, "concept": x.concept, "variant": x.variant,
        "surface": x.surface, "start": x.start, "end": x.end, "actor_id": x.actor,
    })
}

/// Columns of `export claims`. `evidence` lists `{article_id, start, end}`
/// (characters of each article's text).
pub const CLAIM_COLUMNS: &[&str] = &[
    "story_id",
    "kind",
    "article_ids",
    "sources",
    "independent_sources",
    "actor_id",
    "text",
    "value",
    "unit",
    "detail",
    "evidence",
    "key",
];

/// A quote with its sentence (cut from the article's text).
pub fn quote_record(q: &steppe_store::QuoteRow, sentence: &str) -> Value {
    let x = &q.quote;
    json!({
        "article_id": q.article_id, "speaker": x.speaker.id, "speaker_code": x.speaker.code,
        "speaker_text": x.speaker.surface, "speaker_start": x.speaker_start,
        "speaker_end": x.speaker_end, "verb": x.verb,
        "direct": if x.direct { "direct" } else { "indirect" }, "text": x.text, "start": x.start,
        "end": x.end, "sentence": sentence, "sentence_start": x.sentence_start,
        "sentence_end": x.sentence_end,
    })
}

pub fn claim_record(c: &steppe_model::Claim) -> Value {
    json!({
        "story_id": c.story_id, "kind": c.kind.as_str(), "article_ids": c.article_ids,
        "sources": c.sources, "independent_sources": c.independent_sources,
        "actor_id": c.actor_id, "text": c.text, "value": c.value, "unit": c.unit,
        "detail": c.detail, "evidence": c.evidence, "key": c.key,
    })
}

/// The characters `start..end` of `text`.
fn char_slice(text: &str, start: usize, end: usize) -> String {
    text.chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}

pub fn story_record(s: &steppe_store::StoryRow) -> Value {
    let estimates: serde_json::Map<String, Value> = s
        .articles
        .iter()
        .filter_map(|(a, e)| e.as_ref().map(|e| (a.clone(), Value::from(e.clone()))))
        .collect();
    json!({
        "id": s.id, "title": s.title, "summary": s.summary,
        "article_ids": s.articles.iter().map(|a| a.0.clone()).collect::<Vec<_>>(),
        "first_seen": s.first_seen, "last_seen": s.last_seen, "actors": s.actors,
        "thread_id": s.thread_id, "estimated_date": s.estimated,
        "independent_sources": s.independent, "sources": s.sources, "undated_estimates": estimates,
    })
}

pub fn duplicate_record(d: &steppe_store::DuplicateRow) -> Value {
    json!({
        "article_id": d.article_id, "other_id": d.other_id, "kind": d.kind, "start": d.start,
        "end": d.end, "other_start": d.other_start, "other_end": d.other_end, "similarity": d.similarity,
    })
}

/// Events with the reports of one real-world event merged: the first report
/// speaks for the group, `article_ids` lists every article that reports it and
/// `independent_sources` counts them with syndicated copies counted once.
fn event_records(store: &dyn ArticleStore) -> Result<Vec<Value>> {
    let groups = store.event_groups()?;
    let copies: std::collections::HashSet<(String, String)> = store
        .duplicates()?
        .into_iter()
        .filter(|d| d.kind == "copy")
        .flat_map(|d| {
            [
                (d.article_id.clone(), d.other_id.clone()),
                (d.other_id, d.article_id),
            ]
        })
        .collect();
    let mut order: Vec<String> = Vec::new();
    let mut by_group: std::collections::HashMap<String, (Value, Vec<String>)> =
        std::collections::HashMap::new();
    store.for_each_event(&mut |r| {
        let g = groups.get(&r.id).cloned().unwrap_or_else(|| r.id.clone());
        match by_group.get_mut(&g) {
            Some((rec, articles)) => {
                if !articles.contains(&r.article_id) {
                    articles.push(r.article_id.clone());
                }
                // A report of the event done speaks over one of it planned.
                let new = event_record(&r);
                if new["modality"] == "realised" && rec["modality"] != "realised" {
                    let (sc, tc) = (rec["source_code"].clone(), rec["target_code"].clone());
                    *rec = new.clone();
                    rec["source_code"] = sc;
                    rec["target_code"] = tc;
                    // The evidence's article comes first.
                    articles.retain(|a| *a != r.article_id);
                    articles.insert(0, r.article_id.clone());
                }
                // The most specific codes any report gives ("KAZGOV" over "KAZ").
                for k in ["source_code", "target_code"] {
                    let len = |v: &Value| v.as_str().map_or(0, str::len);
                    if len(&new[k]) > len(&rec[k]) {
                        rec[k] = new[k].clone();
                    }
                }
            }
            None => {
                order.push(g.clone());
                by_group.insert(g, (event_record(&r), vec![r.article_id.clone()]));
            }
        }
        Ok(())
    })?;
    let mut out = Vec::with_capacity(order.len());
    for g in order {
        let Some((mut rec, articles)) = by_group.remove(&g) else {
            continue;
        };
        let independent = articles
            .iter()
            .enumerate()
            .filter(|(i, a)| {
                !articles[..*i]
                    .iter()
                    .any(|b| copies.contains(&((*a).clone(), b.clone())))
            })
            .count();
        rec["article_ids"] = Value::from(articles);
        rec["independent_sources"] = Value::from(independent);
        out.push(rec);
    }
    Ok(out)
}

pub fn event_record(r: &EventRow) -> Value {
    let e = &r.event;
    let opt = |s: &str| {
        if s.is_empty() {
            Value::Null
        } else {
            Value::from(s)
        }
    };
    json!({
        "id": r.id, "article_ids": [r.article_id], "source": opt(&e.source.id), "target": opt(&e.target.id),
        "source_code": opt(&e.source.code), "target_code": opt(&e.target.code),
        "source_text": opt(&e.source.surface), "target_text": opt(&e.target.surface),
        "cameo": e.cameo, "root": e.root, "plover": opt(&e.plover), "plover_mode": opt(&e.plover_mode),
        "quad_class": e.quad_class, "goldstein": e.goldstein, "date": e.date,
        "date_precision": opt(&e.date_precision), "place": e.place, "quantities": e.quantities,
        "modality": e.modality.as_str(),
        "claimed_by": e.claimed_by.as_ref().map(|c| opt(&c.id)),
        "claimed_by_code": e.claimed_by.as_ref().map(|c| opt(&c.code)),
        "claimed_by_text": e.claimed_by.as_ref().map(|c| opt(&c.surface)),
        "evidence": e.evidence, "evidence_start": e.sentence_start,
        "evidence_end": e.sentence_end, "trigger_start": e.start, "trigger_end": e.end,
        "confidence": (f64::from(e.confidence) * 100.0).round() / 100.0,
    })
}

pub fn mention_record(m: &MentionRow) -> Value {
    json!({
        "article_id": m.article_id, "actor_id": m.actor_id, "surface": m.surface, "start": m.start,
        "end": m.end, "how": m.how, "code": m.code, "ner": m.ner,
    })
}

/// Every knowledge-base actor, then the new actors the store's mentions hold.
fn actor_records(store: &dyn ArticleStore) -> Result<Vec<Value>> {
    let merged = crate::kb_cmd::kb_for(store)?;
    let kb = merged
        .as_ref()
        .unwrap_or_else(|| steppe_actors::kb::Kb::builtin());
    let counts = store.actor_counts()?;
    let by_id: std::collections::HashMap<&str, (u64, u64)> =
        counts.iter().map(|c| (c.0.as_str(), (c.1, c.2))).collect();
    let mut out = Vec::new();
    for a in &kb.actors {
        let (mentions, articles) = by_id.get(a.id.as_str()).copied().unwrap_or((0, 0));
        let mut aliases: Vec<String> = Vec::new();
        for n in a.names.iter().map(|n| &n.1).chain(&a.aliases) {
            if !aliases.contains(n) {
                aliases.push(n.clone());
            }
        }
        let roles: Vec<Value> = a
            .roles
            .iter()
            .map(|r| json!({"office": r.office, "of": r.of, "from": r.from, "to": r.to}))
            .collect();
        out.push(json!({
            "id": a.id, "qid": a.qid, "kind": a.kind.as_str(), "name": a.name, "country": a.country,
            "code": a.code, "aliases": aliases, "metonyms": a.metonyms, "demonyms": a.demonyms,
            "names": a.names.iter().map(|(l, n)| (l.clone(), Value::from(n.clone()))).collect::<serde_json::Map<String, Value>>(),
            "roles": roles, "mentions": mentions, "articles": articles,
        }));
    }
    for (id, mentions, articles, surface) in counts.iter().filter(|c| c.0.starts_with("N:")) {
        out.push(json!({
            "id": id, "qid": null, "kind": "new", "name": surface, "country": null, "code": "",
            "aliases": store.actor_surfaces(id)?, "mentions": mentions, "articles": articles,
        }));
    }
    Ok(out)
}

pub fn timex_record(t: &TimexRow) -> Value {
    json!({
        "article_id": t.article_id, "text": t.text, "start": t.start, "end": t.end, "type": t.kind,
        "value": t.value, "granularity": t.granularity, "modifier": t.modifier,
    })
}

pub fn quantity_record(q: &QuantityRow) -> Value {
    json!({
        "article_id": q.article_id, "text": q.text, "start": q.start, "end": q.end,
        "value": q.value, "unit": q.unit, "counted": q.counted,
    })
}

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

/// Where an export goes (Parquet's writer wants a `Send` one).
pub type Out<'a> = &'a mut (dyn Write + Send);

/// Writes one record per line (JSONL) or row (CSV), or a row group of many (Parquet).
enum Sink<'a> {
    Jsonl(Out<'a>),
    Csv(Box<csv::Writer<Out<'a>>>, &'static [&'static str]),
    Parquet(Box<crate::export_parquet::ParquetSink<'a>>),
}

impl<'a> Sink<'a> {
    fn new(format: Format, kind: Kind, out: Out<'a>) -> Result<Sink<'a>> {
        let columns = columns(kind);
        Ok(match format {
            Format::Jsonl => Sink::Jsonl(out),
            Format::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(columns).context("writing CSV header")?;
                Sink::Csv(Box::new(w), columns)
            }
            Format::Parquet => Sink::Parquet(Box::new(
                crate::export_parquet::ParquetSink::new(kind, out)
                    .context("starting the Parquet file")?,
            )),
        })
    }

    fn write(&mut self, rec: &Value) -> std::io::Result<()> {
        match self {
            Sink::Jsonl(out) => {
                serde_json::to_writer(&mut **out, rec)?;
                out.write_all(b"\n")
            }
            Sink::Csv(w, columns) => {
                let row: Vec<String> = columns.iter().map(|c| csv_cell(&rec[*c])).collect();
                w.write_record(&row).map_err(std::io::Error::other)
            }
            Sink::Parquet(p) => p.write(rec),
        }
    }

    fn finish(self) -> Result<()> {
        match self {
            Sink::Jsonl(out) => out.flush().context("flushing output"),
            Sink::Csv(mut w, _) => w.flush().context("flushing CSV output"),
            Sink::Parquet(p) => {
                // A value not of its column's type is written as null, said once per column.
                for (column, first, n) in p.finish().context("finishing the Parquet file")? {
                    eprintln!(
                        "warning: {n} value(s) of column {column} are not of its type and were \
                         written as null (the first: {first})"
                    );
                }
                Ok(())
            }
        }
    }
}

/// Writes records already gathered (those that need a whole-store view).
fn write_all(format: Format, kind: Kind, out: Out<'_>, records: &[Value]) -> Result<u64> {
    let mut sink = Sink::new(format, kind, out)?;
    for r in records {
        sink.write(r).context("writing records")?;
    }
    sink.finish()?;
    Ok(records.len() as u64)
}

/// Writes records of `kind` to `out`; returns how many.
pub fn export(store: &dyn ArticleStore, kind: Kind, format: Format, out: Out<'_>) -> Result<u64> {
    let n = match kind {
        Kind::Articles => {
            let mut sink = Sink::new(format, kind, out)?;
            // Each article's story, and the date its story gives an undated one.
            let mut story_of: std::collections::HashMap<String, (String, Option<String>)> =
                std::collections::HashMap::new();
            for s in store.stories()? {
                for (a, est) in s.articles {
                    story_of.insert(a, (s.id.clone(), est));
                }
            }
            let n = store.for_each_article(&mut |a| {
                let mut rec = article_record(&a);
                if let Some((story, est)) = story_of.get(&a.id) {
                    rec["story_id"] = Value::from(story.clone());
                    rec["estimated_published"] = est.clone().map_or(Value::Null, Value::from);
                }
                sink.write(&rec)
            })?;
            sink.finish()?;
            n
        }
        Kind::Timex => {
            let mut sink = Sink::new(format, kind, out)?;
            let n = store.for_each_timex(&mut |t| sink.write(&timex_record(&t)))?;
            sink.finish()?;
            n
        }
        Kind::Mentions => {
            let mut sink = Sink::new(format, kind, out)?;
            let n = store.for_each_mention(&mut |m| sink.write(&mention_record(&m)))?;
            sink.finish()?;
            n
        }
        Kind::Actors => write_all(format, kind, out, &actor_records(store)?)?,
        Kind::Events => write_all(format, kind, out, &event_records(store)?)?,
        Kind::Stories => {
            let records: Vec<Value> = store.stories()?.iter().map(story_record).collect();
            write_all(format, kind, out, &records)?
        }
        Kind::Duplicates => {
            let records: Vec<Value> = store.duplicates()?.iter().map(duplicate_record).collect();
            write_all(format, kind, out, &records)?
        }
        Kind::Quotes => {
            let mut sink = Sink::new(format, kind, out)?;
            // One article's text at a time: quotes come in article order.
            let mut current: Option<(String, String)> = None;
            let mut failed: Option<steppe_store::StoreError> = None;
            let n = store.for_each_quote(&mut |q| {
                if current.as_ref().is_none_or(|(id, _)| *id != q.article_id) {
                    match store.article(&q.article_id) {
                        Ok(a) => {
                            current =
                                Some((q.article_id.clone(), a.map(|a| a.text).unwrap_or_default()))
                        }
                        Err(e) => {
                            failed.get_or_insert(e);
                            return Ok(());
                        }
                    }
                }
                let text = current.as_ref().map_or("", |(_, t)| t.as_str());
                let sentence = char_slice(text, q.quote.sentence_start, q.quote.sentence_end);
                sink.write(&quote_record(&q, &sentence))
            })?;
            if let Some(e) = failed {
                return Err(e).context("reading the articles of the quotes");
            }
            sink.finish()?;
            n
        }
        Kind::Framing => {
            let mut sink = Sink::new(format, kind, out)?;
            let n = store.for_each_framing(&mut |f| sink.write(&framing_record(&f)))?;
            sink.finish()?;
            n
        }
        Kind::Claims => {
            let records: Vec<Value> = store.claims(None)?.iter().map(claim_record).collect();
            write_all(format, kind, out, &records)?
        }
        Kind::Quantities => {
            let mut sink = Sink::new(format, kind, out)?;
            let n = store.for_each_quantity(&mut |q| sink.write(&quantity_record(&q)))?;
            sink.finish()?;
            n
        }
    };
    Ok(n)
}
