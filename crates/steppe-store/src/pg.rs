//! The PostgreSQL backend: one server shared by many writers (`steppe
//! worker`, `steppe ingest --db postgres://…`) and readers.
//!
//! - Articles are upserted by content id (`INSERT … ON CONFLICT DO NOTHING
//!   RETURNING id`): two workers that meet the same article store it once,
//!   and only the one whose insert won writes its annotations.
//! - A batch is one transaction; rows are inserted in id order (sources by
//!   name, then articles by id) so concurrent batches take their row locks
//!   in the same order, and a batch that still meets a deadlock or a
//!   serialization failure is retried whole.
//! - Bulk inserts go as one `INSERT … SELECT FROM unnest(arrays)` per table
//!   and batch, not one round trip per row.
//! - The work queue (`steppe_queue`) hands out chunks with `FOR UPDATE SKIP
//!   LOCKED` under a lease; a worker killed mid-chunk leaves it leased until
//!   the lease runs out, then another takes it. Marking a chunk done happens
//!   in the transaction that stores its articles.
//!
//! The connection is plain TCP (`NoTls`): meant for loopback or a private
//! network; put a TLS tunnel in front for anything else.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

use postgres::types::ToSql;
use postgres::{Client, NoTls, Transaction};
use steppe_model::{Analysed, Article, CharOffsets, Claim, Event, Framing, Quantity, Quote};

use crate::backend::{ArticleStore, Backend, Sink};
use crate::pg_schema::{PG_MIGRATIONS, PG_SUPPORT};
use crate::rows::{self, Cols};
use crate::{
    event_id, BatchOutcome, DuplicateRow, EventRow, FramingRow, InputRecord, KbImportRow,
    MentionRow, QuantityRow, QuoteRow, Result, SourceProfile, Stats, StoreError, StoryRow,
    TimexRow, EVENT_COLUMNS, SCHEMA_VERSION,
};

mod analysis;

/// Articles read per page by the scans (their annotations follow per page).
const PAGE: i64 = 1000;
/// Batches retried after a deadlock or a serialization failure.
const RETRIES: usize = 5;
/// The advisory lock ids: migrations, and the story stage's writes.
const MIGRATION_LOCK: i64 = 0x5354_4550_0001;
const STORY_LOCK: i64 = 0x5354_4550_0002;

const ARTICLE_COLUMNS: &str =
    "a.id, a.path, a.item, a.format, a.url, s.name, a.title, a.author, a.lang, a.lang_confidence,
     a.published, a.date_origin, a.text, a.removed, a.warnings";

trait PgContext<T> {
    fn pg(self, what: &str) -> Result<T>;
}

impl<T> PgContext<T> for std::result::Result<T, postgres::Error> {
    fn pg(self, what: &str) -> Result<T> {
        self.map_err(|cause| StoreError::Pg {
            what: what.to_string(),
            cause,
        })
    }
}

/// Whether a failure is one that a retry of the whole transaction cures.
fn retryable(e: &StoreError) -> bool {
    match e {
        StoreError::Pg { cause, .. } => cause.code().is_some_and(|c| {
            *c == postgres::error::SqlState::T_R_DEADLOCK_DETECTED
                || *c == postgres::error::SqlState::T_R_SERIALIZATION_FAILURE
        }),
        _ => false,
    }
}

/// A value of one column of a bulk insert.
enum V {
    S(Option<String>),
    I(Option<i64>),
    F(Option<f64>),
}

fn s(v: impl Into<String>) -> V {
    V::S(Some(v.into()))
}
fn os(v: Option<impl Into<String>>) -> V {
    V::S(v.map(Into::into))
}
fn i(v: impl TryInto<i64>) -> V {
    V::I(v.try_into().ok())
}
fn f(v: f64) -> V {
    V::F(Some(v))
}

/// Rows for one `INSERT … SELECT * FROM unnest(…)`: each column travels as
/// one array parameter.
struct Bulk {
    table: &'static str,
    columns: &'static [&'static str],
    rows: Vec<Vec<V>>,
}

impl Bulk {
    fn new(table: &'static str, columns: &'static [&'static str]) -> Bulk {
        Bulk {
            table,
            columns,
            rows: Vec::new(),
        }
    }

    fn push(&mut self, row: Vec<V>) {
        self.rows.push(row);
    }

    /// Keeps the last row of each key (the columns at `key`), as SQLite's
    /// `INSERT OR REPLACE` would end up with: an `ON CONFLICT DO UPDATE`
    /// may not meet one key twice in a statement.
    fn keep_last(&mut self, key: &[usize]) {
        let key_of = |row: &[V]| -> Vec<String> {
            key.iter()
                .map(|&k| match row.get(k) {
                    Some(V::S(v)) => format!("s{v:?}"),
                    Some(V::I(v)) => format!("i{v:?}"),
                    Some(V::F(v)) => format!("f{v:?}"),
                    None => String::new(),
                })
                .collect()
        };
        let mut seen = std::collections::HashSet::new();
        let mut kept: Vec<Vec<V>> = Vec::with_capacity(self.rows.len());
        for row in std::mem::take(&mut self.rows).into_iter().rev() {
            if seen.insert(key_of(&row)) {
                kept.push(row);
            }
        }
        kept.reverse();
        self.rows = kept;
    }

    /// Inserts the rows (`tail` is the conflict clause and any RETURNING);
    /// returns the rows the statement returned.
    fn insert(&self, tx: &mut Transaction<'_>, tail: &str) -> Result<Vec<postgres::Row>> {
        if self.rows.is_empty() {
            return Ok(Vec::new());
        }
        enum Col {
            S(Vec<Option<String>>),
            I(Vec<Option<i64>>),
            F(Vec<Option<f64>>),
        }
        let mut cols: Vec<Col> = self.rows[0]
            .iter()
            .map(|v| match v {
                V::S(_) => Col::S(Vec::with_capacity(self.rows.len())),
                V::I(_) => Col::I(Vec::with_capacity(self.rows.len())),
                V::F(_) => Col::F(Vec::with_capacity(self.rows.len())),
            })
            .collect();
        for row in &self.rows {
            for (c, v) in cols.iter_mut().zip(row) {
                match (c, v) {
                    (Col::S(c), V::S(v)) => c.push(v.clone()),
                    (Col::I(c), V::I(v)) => c.push(*v),
                    (Col::F(c), V::F(v)) => c.push(*v),
                    _ => {
                        return Err(StoreError::Schema(format!(
                            "bulk insert into {}: a row's column types differ",
                            self.table
                        )))
                    }
                }
            }
        }
        let casts: Vec<String> = cols
            .iter()
            .enumerate()
            .map(|(n, c)| {
                let t = match c {
                    Col::S(_) => "text",
                    Col::I(_) => "bigint",
                    Col::F(_) => "float8",
                };
                format!("${}::{t}[]", n + 1)
            })
            .collect();
        let params: Vec<&(dyn ToSql + Sync)> = cols
            .iter()
            .map(|c| match c {
                Col::S(v) => v as &(dyn ToSql + Sync),
                Col::I(v) => v as &(dyn ToSql + Sync),
                Col::F(v) => v as &(dyn ToSql + Sync),
            })
            .collect();
        let sql = format!(
            "INSERT INTO {} ({}) SELECT * FROM unnest({}) {tail}",
            self.table,
            self.columns.join(", "),
            casts.join(", ")
        );
        tx.query(&sql, &params).pg(&format!(
            "storing {} row(s) in {}",
            self.rows.len(),
            self.table
        ))
    }
}

/// A chunk of an input handed to a worker: the bytes `byte_start..byte_end`
/// of `path` (the whole file when `byte_end` is negative), whose first item
/// is number `first_item + 1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueItem {
    pub id: i64,
    pub path: String,
    pub byte_start: i64,
    pub byte_end: i64,
    pub first_item: i64,
}

/// How many queue items are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueCounts {
    pub ready: u64,
    pub leased: u64,
    pub done: u64,
    pub failed: u64,
}

/// A store on a PostgreSQL server.
pub struct PgStore {
    client: RefCell<Client>,
}

impl PgStore {
    /// Connects (`postgres://user@host:port/db`, libpq URL form; an
    /// `options=-csearch_path%3DNAME` parameter puts the store in schema
    /// NAME, created when missing) and brings the schema up to date.
    pub fn connect(url: &str) -> Result<PgStore> {
        let mut client = Client::connect(url, NoTls)
            .pg(&format!("connecting to PostgreSQL at {}", redact(url)))?;
        let path: String = client
            .query_one("SHOW search_path", &[])
            .pg("reading the search path")?
            .get(0);
        if let Some(first) = path.split(',').next().map(str::trim) {
            if !first.is_empty() && !first.starts_with('$') {
                let name = first.trim_matches('"').replace('"', "\"\"");
                client
                    .batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS \"{name}\""))
                    .pg(&format!("creating schema {name}"))?;
            }
        }
        let store = PgStore {
            client: RefCell::new(client),
        };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&self) -> Result<()> {
        let mut c = self.client.borrow_mut();
        let mut tx = c.transaction().pg("starting migration")?;
        // One process migrates at a time; the others wait, then find it done.
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .pg("waiting for the migration lock")?;
        tx.batch_execute(PG_SUPPORT)
            .pg("creating the schema and queue tables")?;
        let current: i64 = tx
            .query_opt("SELECT version FROM steppe_schema", &[])
            .pg("reading schema version")?
            .map_or(0, |r| r.get(0));
        if current > i64::from(SCHEMA_VERSION) {
            return Err(StoreError::Schema(format!(
                "store has schema version {current}, newer than this steppe ({SCHEMA_VERSION}); upgrade steppe"
            )));
        }
        for (n, sql) in PG_MIGRATIONS.iter().enumerate().skip(current as usize) {
            tx.batch_execute(sql)
                .pg(&format!("applying migration {}", n + 1))?;
        }
        tx.execute("DELETE FROM steppe_schema", &[])
            .pg("recording schema version")?;
        tx.execute(
            "INSERT INTO steppe_schema (version) VALUES ($1)",
            &[&i64::from(SCHEMA_VERSION)],
        )
        .pg("recording schema version")?;
        tx.commit().pg("committing migrations")
    }

    /// Tables and their columns in this store's schema (for the test that
    /// both backends have the same ones), without the PostgreSQL-only tables.
    pub fn tables(&self) -> Result<Vec<(String, Vec<String>)>> {
        let rows = self
            .client
            .borrow_mut()
            .query(
                "SELECT table_name::text, column_name::text FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name NOT LIKE 'steppe\\_%'
                 ORDER BY table_name, ordinal_position",
                &[],
            )
            .pg("listing tables")?;
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for r in rows {
            let (t, c): (String, String) = (r.get(0), r.get(1));
            match out.last_mut() {
                Some((last, cols)) if *last == t => cols.push(c),
                _ => out.push((t, vec![c])),
            }
        }
        out.sort();
        Ok(out)
    }

    fn query(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
        what: &str,
    ) -> Result<Vec<postgres::Row>> {
        self.client.borrow_mut().query(sql, params).pg(what)
    }

    fn count(&self, sql: &str) -> Result<u64> {
        let rows = self.query(sql, &[], "counting")?;
        Ok(rows.first().map(|r| r.int(0)).transpose()?.unwrap_or(0) as u64)
    }

    /// Runs `body` in a transaction, again when it meets a deadlock.
    fn in_tx<T>(
        &self,
        what: &str,
        mut body: impl FnMut(&mut Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let mut c = self.client.borrow_mut();
        let mut attempt = 0;
        loop {
            let mut tx = c.transaction().pg(&format!("starting {what}"))?;
            let out = body(&mut tx)
                .and_then(|v| tx.commit().pg(&format!("committing {what}")).map(|_| v));
            match out {
                Err(e) if retryable(&e) && attempt < RETRIES => {
                    attempt += 1;
                    std::thread::sleep(std::time::Duration::from_millis(20 << attempt));
                }
                other => return other,
            }
        }
    }

    /// Writes a batch like `write_batch`, and marks the queue item `job`
    /// (leased by `worker`) done in the same transaction.
    pub fn write_batch_for(
        &mut self,
        records: &[Analysed],
        inputs: &[InputRecord],
        job: Option<(i64, &str)>,
    ) -> Result<BatchOutcome> {
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        // Lock order: sources by name, articles by id (see the module doc).
        let mut order: Vec<&Analysed> = records.iter().collect();
        order.sort_by(|a, b| a.article.id.cmp(&b.article.id));
        let names: Vec<String> = records
            .iter()
            .filter_map(|r| r.article.source.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        self.in_tx("batch", |tx| {
            let mut ids: HashMap<String, i64> = HashMap::new();
            if !names.is_empty() {
                tx.execute(
                    "INSERT INTO sources (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING",
                    &[&names],
                )
                .pg("adding sources")?;
                for r in tx
                    .query("SELECT name, id FROM sources WHERE name = ANY($1)", &[&names])
                    .pg("reading source ids")?
                {
                    ids.insert(r.get(0), r.get(1));
                }
            }
            let source_of = |a: &Article| a.source.as_ref().and_then(|n| ids.get(n).copied());
            let mut art = Bulk::new(
                "articles",
                &[
                    "id", "path", "item", "format", "url", "source_id", "title", "author", "lang",
                    "lang_confidence", "published", "published_precision", "published_day",
                    "date_origin", "text", "removed", "warnings", "ingested_at",
                ],
            );
            let mut seen = Bulk::new(
                "sightings",
                &["article_id", "path", "item", "url", "source_id", "seen_at"],
            );
            for rec in &order {
                let a = &rec.article;
                art.push(vec![
                    s(&a.id),
                    s(&a.path),
                    i(a.item),
                    s(a.format.as_str()),
                    os(a.url.as_deref()),
                    V::I(source_of(a)),
                    os(a.title.as_deref()),
                    os(a.author.as_deref()),
                    os(a.lang.as_deref()),
                    f(f64::from(a.lang_confidence)),
                    os(a.published.map(|p| p.to_string())),
                    s(a.published_precision().as_str()),
                    os(a.published.map(|p| p.first_day().format("%Y-%m-%d").to_string())),
                    s(a.date_origin.as_str()),
                    s(&a.text),
                    s(to_json(&a.removed)),
                    s(to_json(&a.warnings)),
                    s(&now),
                ]);
                seen.push(vec![
                    s(&a.id),
                    s(&a.path),
                    i(a.item),
                    os(a.url.as_deref()),
                    V::I(source_of(a)),
                    s(&now),
                ]);
            }
            let added: BTreeSet<String> = art
                .insert(tx, "ON CONFLICT (id) DO NOTHING RETURNING id")?
                .iter()
                .map(|r| r.get(0))
                .collect();
            // The first record of each new id carries its annotations.
            let mut fresh: Vec<&Analysed> = Vec::new();
            let mut taken = BTreeSet::new();
            for rec in &order {
                if added.contains(&rec.article.id) && taken.insert(rec.article.id.as_str()) {
                    fresh.push(rec);
                }
            }
            insert_annotations(tx, &fresh)?;
            seen.insert(tx, "ON CONFLICT DO NOTHING")?;
            let mut inp = Bulk::new("inputs", &["hash", "path", "items", "failed", "done_at"]);
            let mut hashes = BTreeSet::new();
            for r in inputs.iter().filter(|r| hashes.insert(r.hash.as_str())) {
                inp.push(vec![s(&r.hash), s(&r.path), i(r.items), i(r.failed), s(&now)]);
            }
            inp.insert(
                tx,
                "ON CONFLICT (hash) DO UPDATE SET path = excluded.path, items = excluded.items,
                 failed = excluded.failed, done_at = excluded.done_at",
            )?;
            if let Some((id, worker)) = job {
                tx.execute(
                    "UPDATE steppe_queue SET state = 'done', done_at = now(), error = NULL
                     WHERE id = $1 AND worker = $2",
                    &[&id, &worker],
                )
                .pg(&format!("marking queue item {id} done"))?;
            }
            Ok(BatchOutcome {
                added: added.len() as u64,
                duplicates: (records.len() - added.len()) as u64,
            })
        })
    }

    /// Takes the story stage for this connection if no other holds it
    /// (released with `unlock_stories` or when the connection ends).
    pub fn try_lock_stories(&mut self) -> Result<bool> {
        let rows = self.query(
            "SELECT pg_try_advisory_lock($1)",
            &[&STORY_LOCK],
            "taking the story stage",
        )?;
        Ok(rows.first().is_some_and(|r| r.get::<_, bool>(0)))
    }

    pub fn unlock_stories(&mut self) -> Result<()> {
        self.query(
            "SELECT pg_advisory_unlock($1)",
            &[&STORY_LOCK],
            "releasing the story stage",
        )?;
        Ok(())
    }

    /// Adds chunks to the work queue; a chunk already queued (same path and
    /// start) is left as it is, so enqueueing twice adds nothing. Returns how
    /// many were added.
    pub fn enqueue(&mut self, items: &[QueueItem]) -> Result<u64> {
        let mut q = Bulk::new(
            "steppe_queue",
            &["path", "byte_start", "byte_end", "first_item"],
        );
        for it in items {
            q.push(vec![
                s(&it.path),
                i(it.byte_start),
                i(it.byte_end),
                i(it.first_item),
            ]);
        }
        self.in_tx("enqueue", |tx| {
            Ok(
                q.insert(tx, "ON CONFLICT (path, byte_start) DO NOTHING RETURNING id")?
                    .len() as u64,
            )
        })
    }

    /// Leases the next chunk to `worker` for `lease_secs`: a ready one, or one
    /// whose lease ran out (its worker died), if it was tried fewer than
    /// `max_attempts` times. `None` when nothing is claimable now.
    pub fn claim(
        &mut self,
        worker: &str,
        lease_secs: i64,
        max_attempts: i64,
    ) -> Result<Option<QueueItem>> {
        let rows = self.query(
            "UPDATE steppe_queue SET state = 'leased', worker = $1,
                 lease_until = now() + make_interval(secs => $2::float8), attempts = attempts + 1
             WHERE id = (SELECT id FROM steppe_queue
                         WHERE (state = 'ready' OR (state = 'leased' AND lease_until < now()))
                           AND attempts < $3
                         ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
             RETURNING id, path, byte_start, byte_end, first_item",
            &[&worker, &(lease_secs as f64), &max_attempts],
            "claiming a queue item",
        )?;
        Ok(rows.first().map(|r| QueueItem {
            id: r.get(0),
            path: r.get(1),
            byte_start: r.get(2),
            byte_end: r.get(3),
            first_item: r.get(4),
        }))
    }

    /// Gives a chunk up after an error: failed for good after `max_attempts`
    /// tries, else ready for another worker.
    pub fn release(&mut self, id: i64, worker: &str, error: &str, max_attempts: i64) -> Result<()> {
        self.query(
            "UPDATE steppe_queue SET state = CASE WHEN attempts >= $4 THEN 'failed' ELSE 'ready' END,
                 error = $3, lease_until = NULL WHERE id = $1 AND worker = $2",
            &[&id, &worker, &error, &max_attempts],
            "releasing a queue item",
        )?;
        Ok(())
    }

    /// Counts of queue items by state; leased items whose lease ran out and
    /// that ran out of attempts count as failed.
    pub fn queue_counts(&self, max_attempts: i64) -> Result<QueueCounts> {
        let rows = self.query(
            "SELECT CASE WHEN state = 'leased' AND lease_until < now() AND attempts >= $1 THEN 'failed'
                         ELSE state END, COUNT(*)
             FROM steppe_queue GROUP BY 1",
            &[&max_attempts],
            "counting queue items",
        )?;
        let mut out = QueueCounts::default();
        for r in rows {
            let n = r.int(1)? as u64;
            match r.text(0)?.as_str() {
                "ready" => out.ready += n,
                "leased" => out.leased += n,
                "done" => out.done += n,
                _ => out.failed += n,
            }
        }
        Ok(out)
    }

    /// Article ids in scan order (publication day, undated last, then id),
    /// a page at a time: `page` gets each page's ids.
    /// With `from` (a day), only dated articles from that day on.
    fn scan_pages(
        &self,
        from: Option<&str>,
        mut page: impl FnMut(&[String]) -> Result<()>,
    ) -> Result<()> {
        let mut key: (bool, String, String) =
            (false, from.unwrap_or_default().to_string(), String::new());
        let dated = if from.is_some() {
            "AND a.published_day IS NOT NULL"
        } else {
            ""
        };
        loop {
            let rows = self.query(
                &format!(
                    "SELECT a.published_day IS NULL, COALESCE(a.published_day, ''), a.id FROM articles a
                     WHERE (a.published_day IS NULL, COALESCE(a.published_day, ''), a.id) > ($1, $2, $3)
                     {dated} ORDER BY 1, 2, 3 LIMIT $4"
                ),
                &[&key.0, &key.1, &key.2, &PAGE],
                "scanning articles",
            )?;
            let Some(last) = rows.last() else {
                return Ok(());
            };
            key = (last.get(0), last.get(1), last.get(2));
            let ids: Vec<String> = rows.iter().map(|r| r.get(2)).collect();
            page(&ids)?;
            if (rows.len() as i64) < PAGE {
                return Ok(());
            }
        }
    }

    /// Rows of `sql` (with `$1` the page's article ids and ordered within an
    /// article), decoded, handed to `f` in the scan's article order.
    fn scan_rows<T>(
        &self,
        from: Option<&str>,
        sql: &str,
        decode: impl Fn(&postgres::Row) -> Result<T>,
        article_of: impl Fn(&T) -> &str,
        f: Sink<'_, T>,
    ) -> Result<u64> {
        let mut n = 0;
        self.scan_pages(from, |ids| {
            let mut by_article: HashMap<String, Vec<T>> = HashMap::new();
            for r in self.query(sql, &[&ids], "reading a page of rows")? {
                let row = decode(&r)?;
                by_article
                    .entry(article_of(&row).to_string())
                    .or_default()
                    .push(row);
            }
            for id in ids {
                for row in by_article.remove(id).unwrap_or_default() {
                    f(row).map_err(StoreError::Output)?;
                    n += 1;
                }
            }
            Ok(())
        })?;
        Ok(n)
    }

    fn strings(&self, sql: &str, id: &str) -> Result<Vec<String>> {
        self.query(sql, &[&id], "reading article signals")?
            .iter()
            .map(|r| r.text(0))
            .collect()
    }
}

/// Hides a password in a URL for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(p), Some(at)) if at > p => {
            let creds = url.get(p + 3..at).unwrap_or("");
            match creds.find(':') {
                Some(c) => format!(
                    "{}{}:***{}",
                    url.get(..p + 3).unwrap_or(""),
                    creds.get(..c).unwrap_or(""),
                    url.get(at..).unwrap_or("")
                ),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// The annotations of new articles, one bulk insert per table.
fn insert_annotations(tx: &mut Transaction<'_>, recs: &[&Analysed]) -> Result<()> {
    let mut tx_b = Bulk::new(
        "timexes",
        &[
            "article_id",
            "start",
            "\"end\"",
            "text",
            "type",
            "value",
            "granularity",
            "modifier",
        ],
    );
    let mut q_b = Bulk::new(
        "quantities",
        &[
            "article_id",
            "start",
            "\"end\"",
            "text",
            "value",
            "unit",
            "counted",
        ],
    );
    let mut m_b = Bulk::new(
        "mentions",
        &[
            "article_id",
            "start",
            "\"end\"",
            "surface",
            "actor_id",
            "code",
            "how",
            "ner",
        ],
    );
    let mut e_b = Bulk::new(
        "events",
        &[
            "article_id",
            "id",
            "sentence_start",
            "sentence_end",
            "start",
            "\"end\"",
            "source_id",
            "source_code",
            "source_surface",
            "target_id",
            "target_code",
            "target_surface",
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
            "evidence",
            "confidence",
            "claimed_by_id",
            "claimed_by_code",
            "claimed_by_surface",
        ],
    );
    let mut quo_b = Bulk::new(
        "quotes",
        &[
            "article_id",
            "start",
            "\"end\"",
            "sentence_start",
            "sentence_end",
            "text",
            "speaker_id",
            "speaker_code",
            "speaker_surface",
            "speaker_start",
            "speaker_end",
            "verb",
            "direct",
        ],
    );
    let mut fr_b = Bulk::new(
        "framings",
        &[
            "article_id",
            "start",
            "\"end\"",
            "surface",
            "concept",
            "variant",
            "actor_id",
        ],
    );
    for rec in recs {
        let a = &rec.article;
        let chars = CharOffsets::new(&a.text);
        let c = |b: usize| i(chars.of(b) as i64);
        for t in &rec.timexes {
            tx_b.push(vec![
                s(&a.id),
                c(t.start),
                c(t.end),
                s(&t.text),
                s(t.kind.as_str()),
                s(&t.value),
                s(t.granularity.as_str()),
                os(t.modifier.as_deref()),
            ]);
        }
        for q in &rec.quantities {
            q_b.push(vec![
                s(&a.id),
                c(q.start),
                c(q.end),
                s(&q.text),
                f(q.value),
                s(&q.unit),
                os(q.counted.as_deref()),
            ]);
        }
        for m in &rec.mentions {
            m_b.push(vec![
                s(&a.id),
                c(m.start),
                c(m.end),
                s(&m.surface),
                s(&m.actor),
                s(&m.code),
                s(&m.how),
                os(m.ner.as_deref()),
            ]);
        }
        for e in &rec.events {
            let quantities = to_json(&e.quantities);
            e_b.push(vec![
                s(&a.id),
                s(event_id(&a.id, e)),
                c(e.sentence_start),
                c(e.sentence_end),
                c(e.start),
                c(e.end),
                s(&e.source.id),
                s(&e.source.code),
                s(&e.source.surface),
                s(&e.target.id),
                s(&e.target.code),
                s(&e.target.surface),
                s(&e.cameo),
                s(&e.root),
                s(&e.plover),
                s(&e.plover_mode),
                i(i64::from(e.quad_class)),
                f(f64::from(e.goldstein)),
                os(e.date.as_deref()),
                s(&e.date_precision),
                os(e.place.as_deref()),
                s(quantities),
                s(e.modality.as_str()),
                s(&e.evidence),
                f(f64::from(e.confidence)),
                os(e.claimed_by.as_ref().map(|c| c.id.as_str())),
                os(e.claimed_by.as_ref().map(|c| c.code.as_str())),
                os(e.claimed_by.as_ref().map(|c| c.surface.as_str())),
            ]);
        }
        for q in &rec.quotes {
            quo_b.push(vec![
                s(&a.id),
                c(q.start),
                c(q.end),
                c(q.sentence_start),
                c(q.sentence_end),
                s(&q.text),
                s(&q.speaker.id),
                s(&q.speaker.code),
                s(&q.speaker.surface),
                c(q.speaker_start),
                c(q.speaker_end),
                s(&q.verb),
                i(i64::from(q.direct)),
            ]);
        }
        for fr in &rec.framings {
            fr_b.push(vec![
                s(&a.id),
                c(fr.start),
                c(fr.end),
                s(&fr.surface),
                s(&fr.concept),
                s(&fr.variant),
                os(fr.actor.as_deref()),
            ]);
        }
    }
    for b in [&tx_b, &q_b, &m_b, &e_b, &quo_b, &fr_b] {
        b.insert(tx, "ON CONFLICT DO NOTHING")?;
    }
    Ok(())
}

fn prefixed(columns: &str, prefix: &str) -> String {
    columns
        .split(',')
        .map(|c| format!("{prefix}.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

const QUOTE_COLUMNS: &str =
    "article_id, start, \"end\", sentence_start, sentence_end, text, speaker_id,
    speaker_code, speaker_surface, speaker_start, speaker_end, verb, direct";

fn pg_event_columns() -> String {
    EVENT_COLUMNS.replace("e.end", "e.\"end\"")
}

impl ArticleStore for PgStore {
    fn backend(&self) -> Backend {
        Backend::Postgres
    }

    fn source_profiles(&self) -> Result<Vec<SourceProfile>> {
        self.source_profiles_pg()
    }

    fn replace_annotations(&mut self, records: &[Analysed]) -> Result<usize> {
        self.replace_annotations_pg(records)
    }

    fn schema_version(&self) -> Result<u32> {
        Ok(self.count("SELECT version FROM steppe_schema")? as u32)
    }

    fn input_done(&self, hash: &str) -> Result<Option<u64>> {
        let rows = self.query(
            "SELECT items FROM inputs WHERE hash = $1",
            &[&hash],
            "looking up input",
        )?;
        rows.first().map(|r| r.int(0).map(|n| n as u64)).transpose()
    }

    fn finished_inputs(&self) -> Result<HashMap<String, u64>> {
        self.query("SELECT hash, items FROM inputs", &[], "scanning inputs")?
            .iter()
            .map(|r| Ok((r.text(0)?, r.int(1)? as u64)))
            .collect()
    }

    fn write_batch(
        &mut self,
        records: &[Analysed],
        inputs: &[InputRecord],
    ) -> Result<BatchOutcome> {
        self.write_batch_for(records, inputs, None)
    }

    fn kb_imports(&self) -> Result<Vec<KbImportRow>> {
        self.query(
            "SELECT id, name, aliases, codes, source FROM kb_imports ORDER BY id",
            &[],
            "reading imports",
        )?
        .iter()
        .map(|r| {
            let id = r.text(0)?;
            Ok(KbImportRow {
                name: r.text(1)?,
                aliases: serde_json::from_str(&r.text(2)?)
                    .map_err(|_| StoreError::Corrupt(format!("import {id}: aliases")))?,
                codes: serde_json::from_str(&r.text(3)?)
                    .map_err(|_| StoreError::Corrupt(format!("import {id}: codes")))?,
                source: r.text(4)?,
                id,
            })
        })
        .collect()
    }

    fn put_kb_imports(&mut self, rows: &[KbImportRow]) -> Result<u64> {
        let mut b = Bulk::new("kb_imports", &["id", "name", "aliases", "codes", "source"]);
        let mut ids = BTreeSet::new();
        // The last row of an id wins, as INSERT OR REPLACE does.
        for r in rows.iter().rev().filter(|r| ids.insert(r.id.as_str())) {
            b.push(vec![
                s(&r.id),
                s(&r.name),
                s(to_json(&r.aliases)),
                s(to_json(&r.codes)),
                s(&r.source),
            ]);
        }
        self.in_tx("import", |tx| {
            b.insert(
                tx,
                "ON CONFLICT (id) DO UPDATE SET name = excluded.name, aliases = excluded.aliases,
                 codes = excluded.codes, source = excluded.source",
            )
        })?;
        Ok(rows.len() as u64)
    }

    fn article_count(&self) -> Result<u64> {
        self.count("SELECT COUNT(*) FROM articles")
    }

    fn article(&self, id: &str) -> Result<Option<Article>> {
        let rows = self.query(
            &format!(
                "SELECT {ARTICLE_COLUMNS} FROM articles a LEFT JOIN sources s ON s.id = a.source_id
                 WHERE a.id = $1"
            ),
            &[&id],
            "looking up article",
        )?;
        rows.first().map(rows::article).transpose()
    }

    fn articles_page(&self, after: &str, limit: usize) -> Result<Vec<Article>> {
        self.query(
            &format!(
                "SELECT {ARTICLE_COLUMNS} FROM articles a LEFT JOIN sources s ON s.id = a.source_id
                 WHERE a.id > $1 ORDER BY a.id LIMIT $2"
            ),
            &[&after, &(limit as i64)],
            "reading an article page",
        )?
        .iter()
        .map(rows::article)
        .collect()
    }

    fn for_each_article(&self, f: Sink<'_, Article>) -> Result<u64> {
        self.scan_rows(
            None,
            &format!(
                "SELECT {ARTICLE_COLUMNS} FROM articles a LEFT JOIN sources s ON s.id = a.source_id
                 WHERE a.id = ANY($1)"
            ),
            rows::article,
            |a| a.id.as_str(),
            f,
        )
    }

    fn for_each_timex(&self, f: Sink<'_, TimexRow>) -> Result<u64> {
        self.scan_rows(
            None,
            "SELECT article_id, start, \"end\", text, type, value, granularity, modifier FROM timexes
             WHERE article_id = ANY($1) ORDER BY article_id, start",
            |r| {
                Ok(TimexRow {
                    article_id: r.text(0)?,
                    start: r.int(1)? as u64,
                    end: r.int(2)? as u64,
                    text: r.text(3)?,
                    kind: r.text(4)?,
                    value: r.text(5)?,
                    granularity: r.text(6)?,
                    modifier: r.opt_text(7)?,
                })
            },
            |t| t.article_id.as_str(),
            f,
        )
    }

    fn for_each_quantity(&self, f: Sink<'_, QuantityRow>) -> Result<u64> {
        self.scan_rows(
            None,
            "SELECT article_id, start, \"end\", text, value, unit, counted FROM quantities
             WHERE article_id = ANY($1) ORDER BY article_id, start",
            |r| {
                Ok(QuantityRow {
                    article_id: r.text(0)?,
                    start: r.int(1)? as u64,
                    end: r.int(2)? as u64,
                    text: r.text(3)?,
                    value: r.real(4)?,
                    unit: r.text(5)?,
                    counted: r.opt_text(6)?,
                })
            },
            |q| q.article_id.as_str(),
            f,
        )
    }

    fn for_each_mention(&self, f: Sink<'_, MentionRow>) -> Result<u64> {
        self.scan_rows(
            None,
            "SELECT article_id, start, \"end\", surface, actor_id, code, how, ner FROM mentions
             WHERE article_id = ANY($1) ORDER BY article_id, start",
            rows::mention,
            |m| m.article_id.as_str(),
            f,
        )
    }

    fn for_each_event(&self, f: Sink<'_, EventRow>) -> Result<u64> {
        self.scan_rows(
            None,
            &format!(
                "SELECT {} FROM events e WHERE e.article_id = ANY($1) ORDER BY e.article_id, e.start, e.id",
                pg_event_columns()
            ),
            rows::event,
            |e| e.article_id.as_str(),
            f,
        )
    }

    fn for_each_quote(&self, f: Sink<'_, QuoteRow>) -> Result<u64> {
        self.scan_rows(
            None,
            &format!(
                "SELECT {} FROM quotes q WHERE q.article_id = ANY($1) ORDER BY q.article_id, q.start",
                prefixed(QUOTE_COLUMNS, "q")
            ),
            rows::quote,
            |q| q.article_id.as_str(),
            f,
        )
    }

    fn for_each_framing(&self, f: Sink<'_, FramingRow>) -> Result<u64> {
        self.scan_rows(
            None,
            "SELECT article_id, start, \"end\", surface, concept, variant, actor_id FROM framings
             WHERE article_id = ANY($1) ORDER BY article_id, start",
            |r| {
                Ok(FramingRow {
                    article_id: r.text(0)?,
                    framing: framing(r, 1)?,
                })
            },
            |fr| fr.article_id.as_str(),
            f,
        )
    }

    fn events_of(&self, article_id: &str) -> Result<Vec<Event>> {
        self.query(
            &format!(
                "SELECT {} FROM events e WHERE e.article_id = $1 ORDER BY e.start, e.id",
                pg_event_columns()
            ),
            &[&article_id],
            "reading events",
        )?
        .iter()
        .map(|r| rows::event(r).map(|e| e.event))
        .collect()
    }

    fn quantities_of(&self, article_id: &str) -> Result<Vec<Quantity>> {
        self.query(
            "SELECT start, \"end\", text, value, unit, counted FROM quantities
             WHERE article_id = $1 ORDER BY start",
            &[&article_id],
            "reading figures",
        )?
        .iter()
        .map(|r| {
            Ok(Quantity {
                start: r.int(0)? as usize,
                end: r.int(1)? as usize,
                text: r.text(2)?,
                value: r.real(3)?,
                unit: r.text(4)?,
                counted: r.opt_text(5)?,
            })
        })
        .collect()
    }

    fn quotes_of(&self, article_id: &str) -> Result<Vec<Quote>> {
        self.query(
            &format!("SELECT {QUOTE_COLUMNS} FROM quotes WHERE article_id = $1 ORDER BY start"),
            &[&article_id],
            "reading quotes",
        )?
        .iter()
        .map(|r| rows::quote(r).map(|q| q.quote))
        .collect()
    }

    fn framings_of(&self, article_id: &str) -> Result<Vec<Framing>> {
        self.query(
            "SELECT article_id, start, \"end\", surface, concept, variant, actor_id FROM framings
             WHERE article_id = $1 ORDER BY start",
            &[&article_id],
            "reading framing terms",
        )?
        .iter()
        .map(|r| framing(r, 1))
        .collect()
    }

    fn article_signals(&self, id: &str) -> Result<(Vec<String>, Vec<String>, Vec<String>)> {
        Ok((
            self.strings("SELECT actor_id FROM mentions WHERE article_id = $1 ORDER BY start", id)?,
            self.strings(
                "SELECT source_id || '|' || target_id || '|' || root FROM events WHERE article_id = $1
                 ORDER BY id",
                id,
            )?,
            self.strings(
                "SELECT value FROM timexes WHERE article_id = $1
                 AND value ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' ORDER BY start",
                id,
            )?,
        ))
    }

    fn actor_counts(&self) -> Result<Vec<(String, u64, u64, String)>> {
        self.query(
            "SELECT actor_id, COUNT(*), COUNT(DISTINCT article_id),
                    (SELECT surface FROM mentions m2 WHERE m2.actor_id = m.actor_id
                     GROUP BY surface ORDER BY COUNT(*) DESC, surface LIMIT 1)
             FROM mentions m GROUP BY actor_id ORDER BY COUNT(*) DESC, actor_id",
            &[],
            "counting actors",
        )?
        .iter()
        .map(|r| Ok((r.text(0)?, r.int(1)? as u64, r.int(2)? as u64, r.text(3)?)))
        .collect()
    }

    fn actor_surfaces(&self, actor_id: &str) -> Result<Vec<String>> {
        self.strings(
            "SELECT DISTINCT surface FROM mentions WHERE actor_id = $1 ORDER BY surface",
            actor_id,
        )
    }

    fn stats(&self) -> Result<Stats> {
        let groups = |sql: &str| -> Result<Vec<(String, u64)>> {
            self.query(sql, &[], "grouping")?
                .iter()
                .map(|r| {
                    Ok((
                        r.opt_text(0)?.unwrap_or_else(|| "?".into()),
                        r.int(1)? as u64,
                    ))
                })
                .collect()
        };
        Ok(Stats {
            articles: self.count("SELECT COUNT(*) FROM articles")?,
            sightings: self.count("SELECT COUNT(*) FROM sightings")?,
            sources: self.count("SELECT COUNT(*) FROM sources")?,
            removed_lines: self.count(
                "SELECT COALESCE(SUM(json_array_length(removed::json)), 0)::bigint FROM articles",
            )?,
            undated: self.count("SELECT COUNT(*) FROM articles WHERE published IS NULL")?,
            timexes: self.count("SELECT COUNT(*) FROM timexes")?,
            quantities: self.count("SELECT COUNT(*) FROM quantities")?,
            mentions: self.count("SELECT COUNT(*) FROM mentions")?,
            by_lang: groups(
                "SELECT lang, COUNT(*) FROM articles GROUP BY lang ORDER BY COUNT(*) DESC, lang NULLS FIRST",
            )?,
            by_month: groups(
                "SELECT substr(published_day, 1, 7), COUNT(*) FROM articles WHERE published_day IS NOT NULL
                 GROUP BY 1 ORDER BY 1",
            )?,
            by_source: groups(
                "SELECT s.name, COUNT(*) FROM articles a JOIN sources s ON s.id = a.source_id
                 GROUP BY s.name ORDER BY COUNT(*) DESC, s.name",
            )?,
        })
    }

    fn stories(&self) -> Result<Vec<StoryRow>> {
        let mut members: HashMap<String, Vec<(String, Option<String>)>> = HashMap::new();
        for r in self.query(
            "SELECT story_id, article_id, estimated_date FROM story_articles ORDER BY story_id, position",
            &[],
            "reading story members",
        )? {
            members.entry(r.text(0)?).or_default().push((r.text(1)?, r.opt_text(2)?));
        }
        self.query(
            "SELECT id, thread_id, title, summary, first_seen, last_seen, estimated, actors, independent, sources
             FROM stories ORDER BY first_seen IS NULL, first_seen, id",
            &[],
            "scanning stories",
        )?
        .iter()
        .map(|r| {
            let mut story = rows::story(r)?;
            story.articles = members.remove(&story.id).unwrap_or_default();
            Ok(story)
        })
        .collect()
    }

    fn duplicates(&self) -> Result<Vec<DuplicateRow>> {
        self.query(
            "SELECT article_id, other_id, kind, start, \"end\", other_start, other_end, similarity
             FROM duplicates ORDER BY article_id, other_id, start",
            &[],
            "scanning duplicates",
        )?
        .iter()
        .map(rows::duplicate)
        .collect()
    }

    fn event_groups(&self) -> Result<HashMap<String, String>> {
        self.query(
            "SELECT event_id, group_id FROM event_groups",
            &[],
            "reading event groups",
        )?
        .iter()
        .map(|r| Ok((r.text(0)?, r.text(1)?)))
        .collect()
    }

    fn claims(&self, story_id: Option<&str>) -> Result<Vec<Claim>> {
        self.query(
            "SELECT c.story_id, c.kind, c.key, c.article_ids, c.sources, c.independent_sources,
                    c.actor_id, c.text, c.value, c.unit, c.detail, c.evidence
             FROM claims c LEFT JOIN stories s ON s.id = c.story_id
             WHERE $1::text IS NULL OR c.story_id = $1
             ORDER BY s.first_seen IS NULL, s.first_seen, c.story_id, c.position",
            &[&story_id],
            "reading claims",
        )?
        .iter()
        .map(rows::claim)
        .collect()
    }

    fn replace_stories(&mut self, stories: &[StoryRow], duplicates: &[DuplicateRow]) -> Result<()> {
        self.write_stories(None, stories, duplicates)
    }

    fn replace_event_groups(&mut self, groups: &[(String, String)]) -> Result<()> {
        let mut b = Bulk::new("event_groups", &["event_id", "group_id"]);
        for (e, g) in groups {
            b.push(vec![s(e), s(g)]);
        }
        self.in_tx("event groups", |tx| {
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&STORY_LOCK])
                .pg("waiting for the story lock")?;
            tx.execute("DELETE FROM event_groups", &[])
                .pg("clearing event groups")?;
            b.insert(
                tx,
                "ON CONFLICT (event_id) DO UPDATE SET group_id = excluded.group_id",
            )?;
            Ok(())
        })
    }

    fn replace_claims(&mut self, claims: &[Claim]) -> Result<()> {
        self.write_claims(None, claims)
    }

    fn unclustered(&self) -> Result<Vec<(String, Option<String>)>> {
        self.query(
            "SELECT a.id, a.published_day FROM articles a
             LEFT JOIN story_articles m ON m.article_id = a.id
             WHERE m.article_id IS NULL ORDER BY a.id",
            &[],
            "reading unclustered articles",
        )?
        .iter()
        .map(|r| Ok((r.text(0)?, r.opt_text(1)?)))
        .collect()
    }

    fn for_each_article_from(&self, day: &str, f: Sink<'_, Article>) -> Result<u64> {
        self.scan_rows(
            Some(day),
            &format!(
                "SELECT {ARTICLE_COLUMNS} FROM articles a LEFT JOIN sources s ON s.id = a.source_id
                 WHERE a.id = ANY($1)"
            ),
            rows::article,
            |a| a.id.as_str(),
            f,
        )
    }

    fn replace_stories_from(
        &mut self,
        day: &str,
        stories: &[StoryRow],
        duplicates: &[DuplicateRow],
    ) -> Result<()> {
        self.write_stories(Some(day), stories, duplicates)
    }

    fn replace_claims_of(&mut self, story_ids: &[String], claims: &[Claim]) -> Result<()> {
        self.write_claims(Some(story_ids), claims)
    }

    fn put_event_groups(&mut self, groups: &[(String, String)]) -> Result<()> {
        let mut b = Bulk::new("event_groups", &["event_id", "group_id"]);
        let mut seen = BTreeSet::new();
        for (e, g) in groups.iter().rev().filter(|(e, _)| seen.insert(e.as_str())) {
            b.push(vec![s(e), s(g)]);
        }
        self.in_tx("event groups", |tx| {
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&STORY_LOCK])
                .pg("waiting for the story lock")?;
            b.insert(
                tx,
                "ON CONFLICT (event_id) DO UPDATE SET group_id = excluded.group_id",
            )?;
            Ok(())
        })
    }
}

/// A value as JSON text (`[]` if it cannot be written).
fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

/// A framing term from `start, end, surface, concept, variant, actor_id` at column `at`.
fn framing(r: &postgres::Row, at: usize) -> Result<Framing> {
    Ok(Framing {
        start: r.int(at)? as usize,
        end: r.int(at + 1)? as usize,
        surface: r.text(at + 2)?,
        concept: r.text(at + 3)?,
        variant: r.text(at + 4)?,
        actor: r.opt_text(at + 5)?,
    })
}

impl PgStore {
    /// Replaces every story (`from` None) or those that start on or after
    /// the day `from`, with their members, copies and claims.
    fn write_stories(
        &mut self,
        from: Option<&str>,
        stories: &[StoryRow],
        duplicates: &[DuplicateRow],
    ) -> Result<()> {
        let mut st = Bulk::new(
            "stories",
            &[
                "id",
                "thread_id",
                "title",
                "summary",
                "first_seen",
                "last_seen",
                "estimated",
                "actors",
                "independent",
                "sources",
            ],
        );
        let mut member = Bulk::new(
            "story_articles",
            &["article_id", "story_id", "estimated_date", "position"],
        );
        let placed: Vec<String> = stories
            .iter()
            .flat_map(|s_| s_.articles.iter().map(|(a, _)| a.clone()))
            .collect();
        for s_ in stories {
            st.push(vec![
                s(&s_.id),
                s(&s_.thread_id),
                s(&s_.title),
                s(&s_.summary),
                os(s_.first_seen.as_deref()),
                os(s_.last_seen.as_deref()),
                os(s_.estimated.as_deref()),
                s(to_json(&s_.actors)),
                i(s_.independent),
                s(to_json(&s_.sources)),
            ]);
            for (n, (a, est)) in s_.articles.iter().enumerate() {
                member.push(vec![s(a), s(&s_.id), os(est.as_deref()), i(n as i64)]);
            }
        }
        let mut dup = Bulk::new(
            "duplicates",
            &[
                "article_id",
                "other_id",
                "kind",
                "start",
                "\"end\"",
                "other_start",
                "other_end",
                "similarity",
            ],
        );
        for d in duplicates {
            dup.push(vec![
                s(&d.article_id),
                s(&d.other_id),
                s(&d.kind),
                i(d.start),
                i(d.end),
                i(d.other_start),
                i(d.other_end),
                f(d.similarity),
            ]);
        }
        st.keep_last(&[0]);
        member.keep_last(&[0]);
        dup.keep_last(&[0, 1, 3]);
        self.in_tx("story batch", |tx| {
            // One story stage writes at a time.
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&STORY_LOCK])
                .pg("waiting for the story lock")?;
            match from {
                None => tx
                    .batch_execute(
                        "DELETE FROM stories; DELETE FROM story_articles; DELETE FROM duplicates;",
                    )
                    .pg("clearing stories")?,
                Some(day) => {
                    let late = "SELECT id FROM stories WHERE first_seen IS NOT NULL AND first_seen >= $1";
                    for sql in [
                        format!(
                            "DELETE FROM duplicates WHERE article_id IN (SELECT article_id FROM story_articles
                             WHERE story_id IN ({late}))"
                        ),
                        format!("DELETE FROM claims WHERE story_id IN ({late})"),
                        format!("DELETE FROM story_articles WHERE story_id IN ({late})"),
                        format!("DELETE FROM stories WHERE id IN ({late})"),
                    ] {
                        tx.execute(&sql, &[&day])
                            .pg("clearing the stories from a day")?;
                    }
                    // Copies found for the articles placed again.
                    tx.execute("DELETE FROM duplicates WHERE article_id = ANY($1)", &[&placed])
                        .pg("clearing copies")?;
                }
            }
            // As SQLite's INSERT OR REPLACE: the last row of a key wins.
            st.insert(
                tx,
                "ON CONFLICT (id) DO UPDATE SET thread_id = excluded.thread_id, title = excluded.title,
                 summary = excluded.summary, first_seen = excluded.first_seen, last_seen = excluded.last_seen,
                 estimated = excluded.estimated, actors = excluded.actors,
                 independent = excluded.independent, sources = excluded.sources",
            )?;
            member.insert(
                tx,
                "ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id,
                 estimated_date = excluded.estimated_date, position = excluded.position",
            )?;
            dup.insert(
                tx,
                "ON CONFLICT (article_id, other_id, start) DO UPDATE SET kind = excluded.kind,
                 \"end\" = excluded.\"end\", other_start = excluded.other_start,
                 other_end = excluded.other_end, similarity = excluded.similarity",
            )?;
            Ok(())
        })
    }

    /// Replaces the claims of `only` these stories (every claim with None).
    fn write_claims(&mut self, only: Option<&[String]>, claims: &[Claim]) -> Result<()> {
        let mut b = Bulk::new(
            "claims",
            &[
                "story_id",
                "position",
                "kind",
                "key",
                "article_ids",
                "sources",
                "independent_sources",
                "actor_id",
                "text",
                "value",
                "unit",
                "detail",
                "evidence",
            ],
        );
        let mut position: HashMap<&str, i64> = HashMap::new();
        for c in claims {
            let p = position.entry(&c.story_id).or_insert(0);
            b.push(vec![
                s(&c.story_id),
                i(*p),
                s(c.kind.as_str()),
                s(&c.key),
                s(to_json(&c.article_ids)),
                s(to_json(&c.sources)),
                i(c.independent_sources as i64),
                s(&c.actor_id),
                s(&c.text),
                V::F(c.value),
                s(&c.unit),
                s(&c.detail),
                s(to_json(&c.evidence)),
            ]);
            *p += 1;
        }
        self.in_tx("claims", |tx| {
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&STORY_LOCK])
                .pg("waiting for the story lock")?;
            match only {
                None => tx.execute("DELETE FROM claims", &[]),
                Some(ids) => tx.execute("DELETE FROM claims WHERE story_id = ANY($1)", &[&ids]),
            }
            .pg("clearing claims")?;
            b.insert(tx, "")?;
            Ok(())
        })
    }
}
