//! The embedded store: one SQLite file (bundled SQLite, no server), WAL mode,
//! versioned migrations. This is the only crate that knows SQL.
//!
//! Invariants:
//! - an article row is written once, keyed by its content id; seeing the same
//!   content again only adds a *sighting* (where it was seen), so re-running an
//!   ingest changes nothing and copies from other places are not lost;
//! - writes come in batches, one transaction each: a killed process leaves every
//!   committed batch whole and nothing of the one in flight;
//! - an input file is marked done in the same transaction as its last articles,
//!   so a re-run skips exactly the files that were finished.
//!
//! ```
//! let mut store = steppe_store::Store::open_in_memory().unwrap();
//! assert_eq!(store.article_count().unwrap(), 0);
//! assert_eq!(store.schema_version().unwrap(), steppe_store::SCHEMA_VERSION);
//! ```

use std::collections::HashMap;
use std::path::Path;

mod backend;
mod pg;
mod pg_schema;
mod rows;
mod sources;
mod tail;
pub use backend::{is_postgres_url, open_backend, ArticleStore, Backend, Sink};
pub use pg::{redact, PgStore, QueueCounts, QueueItem};

pub use sources::{FramingRow, QuoteRow, SourceProfile};
mod read;
pub use read::*;

use rusqlite::{params, Connection, OptionalExtension};
use steppe_model::{Analysed, Article, CharOffsets};
#[cfg(test)]
use steppe_model::{DateOrigin, Format, Published, RemovedLine};

/// Schema migrations, in order; never edit one that has shipped, add a new one.
const MIGRATIONS: &[&str] = &[
    // 1: sources, articles, sightings, finished inputs.
    r#"
    CREATE TABLE sources (
        id   INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE
    );
    CREATE TABLE articles (
        id                  TEXT PRIMARY KEY,
        path                TEXT NOT NULL,
        item                INTEGER NOT NULL,
        format              TEXT NOT NULL,
        url                 TEXT,
        source_id           INTEGER REFERENCES sources(id),
        title               TEXT,
        author              TEXT,
        lang                TEXT,
        lang_confidence     REAL NOT NULL,
        published           TEXT,
        published_precision TEXT NOT NULL,
        published_day       TEXT,
        date_origin         TEXT NOT NULL,
        text                TEXT NOT NULL,
        removed             TEXT NOT NULL,
        warnings            TEXT NOT NULL,
        ingested_at         TEXT NOT NULL
    );
    CREATE INDEX articles_by_day ON articles(published_day);
    CREATE TABLE sightings (
        article_id TEXT NOT NULL REFERENCES articles(id),
        path       TEXT NOT NULL,
        item       INTEGER NOT NULL,
        url        TEXT,
        source_id  INTEGER REFERENCES sources(id),
        seen_at    TEXT NOT NULL,
        PRIMARY KEY (path, item, article_id)
    );
    CREATE INDEX sightings_by_article ON sightings(article_id);
    CREATE TABLE inputs (
        hash    TEXT PRIMARY KEY,
        path    TEXT NOT NULL,
        items   INTEGER NOT NULL,
        failed  INTEGER NOT NULL,
        done_at TEXT NOT NULL
    );
    "#,
    // 2: temporal expressions and figures found in articles (character offsets).
    // WITHOUT ROWID: rows live in their primary key's tree, one tree to update per
    // insert, which matters at tens of rows per article.
    r#"
    CREATE TABLE timexes (
        article_id  TEXT NOT NULL REFERENCES articles(id),
        start       INTEGER NOT NULL,
        end         INTEGER NOT NULL,
        text        TEXT NOT NULL,
        type        TEXT NOT NULL,
        value       TEXT NOT NULL,
        granularity TEXT NOT NULL,
        modifier    TEXT,
        PRIMARY KEY (article_id, start)
    ) WITHOUT ROWID;
    CREATE TABLE quantities (
        article_id TEXT NOT NULL REFERENCES articles(id),
        start      INTEGER NOT NULL,
        end        INTEGER NOT NULL,
        text       TEXT NOT NULL,
        value      REAL NOT NULL,
        unit       TEXT NOT NULL,
        counted    TEXT,
        PRIMARY KEY (article_id, start)
    ) WITHOUT ROWID;
    "#,
    // 3: actors named in articles (character offsets).
    r#"
    CREATE TABLE mentions (
        article_id TEXT NOT NULL REFERENCES articles(id),
        start      INTEGER NOT NULL,
        end        INTEGER NOT NULL,
        surface    TEXT NOT NULL,
        actor_id   TEXT NOT NULL,
        code       TEXT NOT NULL,
        how        TEXT NOT NULL,
        ner        TEXT,
        PRIMARY KEY (article_id, start)
    ) WITHOUT ROWID;
    CREATE INDEX mentions_by_actor ON mentions(actor_id);
    "#,
    // 4: actor dictionaries imported by users (`steppe kb import`).
    r#"
    CREATE TABLE kb_imports (
        id      TEXT PRIMARY KEY,
        name    TEXT NOT NULL,
        aliases TEXT NOT NULL,
        codes   TEXT NOT NULL,
        source  TEXT NOT NULL
    );
    "#,
    // 5: coded events, character offsets into their article's text.
    r#"
    CREATE TABLE events (
        article_id     TEXT NOT NULL REFERENCES articles(id),
        id             TEXT NOT NULL,
        sentence_start INTEGER NOT NULL,
        sentence_end   INTEGER NOT NULL,
        start          INTEGER NOT NULL,
        end            INTEGER NOT NULL,
        source_id      TEXT NOT NULL,
        source_code    TEXT NOT NULL,
        source_surface TEXT NOT NULL,
        target_id      TEXT NOT NULL,
        target_code    TEXT NOT NULL,
        target_surface TEXT NOT NULL,
        cameo          TEXT NOT NULL,
        root           TEXT NOT NULL,
        plover         TEXT NOT NULL,
        plover_mode    TEXT NOT NULL,
        quad_class     INTEGER NOT NULL,
        goldstein      REAL NOT NULL,
        date           TEXT,
        date_precision TEXT NOT NULL,
        place          TEXT,
        quantities     TEXT NOT NULL,
        modality       TEXT NOT NULL,
        evidence       TEXT NOT NULL,
        confidence     REAL NOT NULL,
        PRIMARY KEY (article_id, id)
    ) WITHOUT ROWID;
    CREATE INDEX events_by_source ON events(source_id);
    CREATE INDEX events_by_target ON events(target_id);
    "#,
    // 6: stories, their articles, threads; copies and shared passages.
    r#"
    CREATE TABLE stories (
        id          TEXT PRIMARY KEY,
        thread_id   TEXT NOT NULL,
        title       TEXT NOT NULL,
        summary     TEXT NOT NULL,
        first_seen  TEXT,
        last_seen   TEXT,
        estimated   TEXT,
        actors      TEXT NOT NULL,
        independent INTEGER NOT NULL,
        sources     TEXT NOT NULL
    );
    CREATE TABLE story_articles (
        article_id     TEXT PRIMARY KEY REFERENCES articles(id),
        story_id       TEXT NOT NULL,
        estimated_date TEXT,
        position       INTEGER NOT NULL
    );
    CREATE INDEX story_articles_by_story ON story_articles(story_id, position);
    CREATE TABLE duplicates (
        article_id  TEXT NOT NULL,
        other_id    TEXT NOT NULL,
        kind        TEXT NOT NULL,
        start       INTEGER NOT NULL,
        end         INTEGER NOT NULL,
        other_start INTEGER NOT NULL,
        other_end   INTEGER NOT NULL,
        similarity  REAL NOT NULL,
        PRIMARY KEY (article_id, other_id, start)
    ) WITHOUT ROWID;
    "#,
    // 7: one real-world event reported by several articles of a story.
    r#"
    CREATE TABLE event_groups (
        event_id   TEXT PRIMARY KEY,
        group_id   TEXT NOT NULL
    );
    "#,
    // 8: who claims an event told in reported speech.
    r#"
    ALTER TABLE events ADD COLUMN claimed_by_id TEXT;
    ALTER TABLE events ADD COLUMN claimed_by_code TEXT;
    ALTER TABLE events ADD COLUMN claimed_by_surface TEXT;
    "#,
    // 9: quotes, framing terms, and the claims of each story.
    sources::MIGRATION,
    // 10: events between two actors (relations over time) read from one
    // index that holds both sides and the key.
    r#"
    CREATE INDEX events_by_pair ON events(source_id, target_id);
    "#,
    // 11: events of a country (the first three letters of a side's code)
    // read from an index, not a scan of every event.
    r#"
    CREATE INDEX events_by_source_country ON events(substr(source_code, 1, 3));
    CREATE INDEX events_by_target_country ON events(substr(target_code, 1, 3));
    "#,
];

/// A story as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryRow {
    pub id: String,
    pub thread_id: String,
    pub title: String,
    pub summary: String,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub estimated: Option<String>,
    pub actors: Vec<String>,
    pub independent: u64,
    pub sources: Vec<String>,
    /// Its articles in arrival order, each with its estimated date when undated.
    pub articles: Vec<(String, Option<String>)>,
}

/// A copy or shared passage between two stored articles (character offsets).
#[derive(Debug, Clone, PartialEq)]
pub struct DuplicateRow {
    pub article_id: String,
    pub other_id: String,
    pub kind: String,
    pub start: u64,
    pub end: u64,
    pub other_start: u64,
    pub other_end: u64,
    pub similarity: f64,
}

/// A stored event, offsets in characters.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub id: String,
    pub article_id: String,
    pub event: steppe_model::Event,
}

/// The columns `row_to_event` reads, in its order.
pub(crate) const EVENT_COLUMNS: &str = "e.article_id, e.id, e.sentence_start, e.sentence_end, e.start, e.end,
    e.source_id, e.source_code, e.source_surface, e.target_id, e.target_code, e.target_surface, e.cameo,
    e.root, e.plover, e.plover_mode, e.quad_class, e.goldstein, e.date, e.date_precision, e.place,
    e.quantities, e.modality, e.evidence, e.confidence, e.claimed_by_id, e.claimed_by_code,
    e.claimed_by_surface";

/// A stable id for an event: its article, place in the text, sides and code.
pub fn event_id(article_id: &str, e: &steppe_model::Event) -> String {
    // FNV-1a, 64 bits: stable across builds and platforms.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [
        article_id,
        &e.start.to_string(),
        &e.source.id,
        &e.target.id,
        &e.cameo,
    ] {
        for b in part.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("E{h:016x}")
}

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// A store failure, saying what was being done.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    // The cause is part of the message, not a `source`, so that error
    // chains print it once.
    #[error("{what}: {cause}")]
    Sql {
        what: String,
        cause: rusqlite::Error,
    },
    #[error("{what}: {cause}")]
    Pg {
        what: String,
        cause: postgres::Error,
    },
    #[error("{0}")]
    Schema(String),
    #[error("stored row is corrupt: {0}")]
    Corrupt(String),
    /// The caller's sink failed (a closed pipe, a full disk).
    #[error("writing output: {0}")]
    Output(#[source] std::io::Error),
}

pub type Result<T> = std::result::Result<T, StoreError>;

trait Context<T> {
    fn ctx(self, what: &str) -> Result<T>;
}

impl<T> Context<T> for std::result::Result<T, rusqlite::Error> {
    fn ctx(self, what: &str) -> Result<T> {
        self.map_err(|cause| StoreError::Sql {
            what: what.to_string(),
            cause,
        })
    }
}

/// A finished input file: its content hash and what it held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputRecord {
    pub hash: String,
    pub path: String,
    pub items: u64,
    pub failed: u64,
}

/// What one committed batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchOutcome {
    pub added: u64,
    pub duplicates: u64,
}

/// Counts for summaries.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    pub articles: u64,
    pub sightings: u64,
    pub sources: u64,
    pub removed_lines: u64,
    pub timexes: u64,
    pub quantities: u64,
    pub mentions: u64,
    pub by_lang: Vec<(String, u64)>,
    pub by_month: Vec<(String, u64)>,
    pub by_source: Vec<(String, u64)>,
    pub undated: u64,
}

/// A stored temporal expression; offsets count characters in the article text.
#[derive(Debug, Clone, PartialEq)]
pub struct TimexRow {
    pub article_id: String,
    pub start: u64,
    pub end: u64,
    pub text: String,
    pub kind: String,
    pub value: String,
    pub granularity: String,
    pub modifier: Option<String>,
}

/// An actor from a user's dictionary; codes are (code, from, to) with ISO dates.
#[derive(Debug, Clone, PartialEq)]
pub struct KbImportRow {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub codes: Vec<(String, Option<String>, Option<String>)>,
    pub source: String,
}

/// A stored actor mention; offsets count characters in the article text.
#[derive(Debug, Clone, PartialEq)]
pub struct MentionRow {
    pub article_id: String,
    pub start: u64,
    pub end: u64,
    pub surface: String,
    pub actor_id: String,
    pub code: String,
    pub how: String,
    pub ner: Option<String>,
}

/// A stored figure; offsets count characters in the article text.
#[derive(Debug, Clone, PartialEq)]
pub struct QuantityRow {
    pub article_id: String,
    pub start: u64,
    pub end: u64,
    pub text: String,
    pub value: f64,
    pub unit: String,
    pub counted: Option<String>,
}

/// Inserts the annotations of one stored article.
fn insert_annotations(tx: &rusqlite::Transaction, rec: &Analysed) -> Result<()> {
    let a = &rec.article;
    let chars = CharOffsets::new(&a.text);
    let mut tx_ins = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO timexes (article_id, start, end, text, type, value, granularity, modifier)
             VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
        )
        .ctx("preparing timex insert")?;
    for t in &rec.timexes {
        tx_ins
            .execute(params![
                a.id,
                chars.of(t.start) as i64,
                chars.of(t.end) as i64,
                t.text,
                t.kind.as_str(),
                t.value,
                t.granularity.as_str(),
                t.modifier
            ])
            .ctx("storing timex")?;
    }
    let mut q_ins = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO quantities (article_id, start, end, text, value, unit, counted)
             VALUES (?1,?2,?3,?4,?5,?6,?7)",
        )
        .ctx("preparing quantity insert")?;
    for q in &rec.quantities {
        q_ins
            .execute(params![
                a.id,
                chars.of(q.start) as i64,
                chars.of(q.end) as i64,
                q.text,
                q.value,
                q.unit,
                q.counted
            ])
            .ctx("storing quantity")?;
    }
    let mut m_ins = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO mentions (article_id, start, end, surface, actor_id, code, how, ner)
             VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
        )
        .ctx("preparing mention insert")?;
    for m in &rec.mentions {
        m_ins
            .execute(params![
                a.id,
                chars.of(m.start) as i64,
                chars.of(m.end) as i64,
                m.surface,
                m.actor,
                m.code,
                m.how,
                m.ner
            ])
            .ctx("storing mention")?;
    }
    let mut e_ins = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO events (article_id, id, sentence_start, sentence_end, start, end,
             source_id, source_code, source_surface, target_id, target_code, target_surface, cameo, root,
             plover, plover_mode, quad_class, goldstein, date, date_precision, place, quantities, modality,
             evidence, confidence, claimed_by_id, claimed_by_code, claimed_by_surface)
             VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,?27,?28)",
        )
        .ctx("preparing event insert")?;
    for e in &rec.events {
        let quantities = serde_json::to_string(&e.quantities).unwrap_or_else(|_| "[]".into());
        e_ins
            .execute(params![
                a.id,
                event_id(&a.id, e),
                chars.of(e.sentence_start) as i64,
                chars.of(e.sentence_end) as i64,
                chars.of(e.start) as i64,
                chars.of(e.end) as i64,
                e.source.id,
                e.source.code,
                e.source.surface,
                e.target.id,
                e.target.code,
                e.target.surface,
                e.cameo,
                e.root,
                e.plover,
                e.plover_mode,
                i64::from(e.quad_class),
                f64::from(e.goldstein),
                e.date,
                e.date_precision,
                e.place,
                quantities,
                e.modality.as_str(),
                e.evidence,
                f64::from(e.confidence),
                e.claimed_by.as_ref().map(|c| c.id.as_str()),
                e.claimed_by.as_ref().map(|c| c.code.as_str()),
                e.claimed_by.as_ref().map(|c| c.surface.as_str())
            ])
            .ctx("storing event")?;
    }
    sources::insert(tx, rec, &chars)
}

/// Writes stories, their members and copies (in the caller's transaction);
/// with `clear_copies`, the copies stored for each member go first (the
/// incremental stage places those articles again).
pub(crate) fn insert_stories(
    tx: &rusqlite::Transaction,
    stories: &[StoryRow],
    duplicates: &[DuplicateRow],
    clear_copies: bool,
) -> Result<()> {
    let mut clear = tx
        .prepare_cached("DELETE FROM duplicates WHERE article_id = ?1")
        .ctx("preparing copy clearing")?;
    let mut st = tx
        .prepare_cached(
            "INSERT OR REPLACE INTO stories (id, thread_id, title, summary, first_seen, last_seen, estimated,
             actors, independent, sources) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
        )
        .ctx("preparing story insert")?;
    let mut member = tx
        .prepare_cached(
            "INSERT OR REPLACE INTO story_articles (article_id, story_id, estimated_date, position)
                     VALUES (?1,?2,?3,?4)",
        )
        .ctx("preparing story member insert")?;
    for s in stories {
        let actors = serde_json::to_string(&s.actors).unwrap_or_else(|_| "[]".into());
        let sources = serde_json::to_string(&s.sources).unwrap_or_else(|_| "[]".into());
        st.execute(params![
            s.id,
            s.thread_id,
            s.title,
            s.summary,
            s.first_seen,
            s.last_seen,
            s.estimated,
            actors,
            s.independent as i64,
            sources
        ])
        .ctx(&format!("storing story {}", s.id))?;
        for (i, (a, est)) in s.articles.iter().enumerate() {
            member
                .execute(params![a, s.id, est, i as i64])
                .ctx("storing story member")?;
            if clear_copies {
                clear.execute([a]).ctx("clearing copies")?;
            }
        }
    }
    let mut dup = tx
        .prepare_cached(
            "INSERT OR REPLACE INTO duplicates (article_id, other_id, kind, start, end, other_start,
             other_end, similarity) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
        )
        .ctx("preparing duplicate insert")?;
    for d in duplicates {
        dup.execute(params![
            d.article_id,
            d.other_id,
            d.kind,
            d.start as i64,
            d.end as i64,
            d.other_start as i64,
            d.other_end as i64,
            d.similarity
        ])
        .ctx("storing duplicate")?;
    }
    Ok(())
}

/// A fingerprint of an article's stored annotations, to tell whether a
/// re-analysis changed anything.
fn annotation_digest(tx: &rusqlite::Transaction, id: &str) -> Result<String> {
    let mut out = String::new();
    for sql in [
        "SELECT group_concat(start || ':' || end || ':' || value, ';') FROM (SELECT * FROM timexes WHERE article_id = ?1 ORDER BY start, end)",
        "SELECT group_concat(start || ':' || end || ':' || value || unit, ';') FROM (SELECT * FROM quantities WHERE article_id = ?1 ORDER BY start, end)",
        "SELECT group_concat(start || ':' || end || ':' || actor_id || ':' || code || ':' || how, ';') FROM (SELECT * FROM mentions WHERE article_id = ?1 ORDER BY start, end)",
        "SELECT group_concat(id || ':' || modality || ':' || ifnull(date, '') || ':' || source_code || ':' || target_code || ':' || ifnull(claimed_by_id, ''), ';') FROM (SELECT * FROM events WHERE article_id = ?1 ORDER BY id)",
        "SELECT warnings FROM articles WHERE id = ?1",
    ]
    .into_iter()
    .chain(sources::DIGEST_SQL.iter().copied())
    {
        let part: Option<String> = tx
            .prepare_cached(sql)
            .ctx("preparing digest")?
            .query_row([id], |r| r.get(0))
            .ctx("reading annotations")?;
        out.push_str(&part.unwrap_or_default());
        out.push('|');
    }
    Ok(out)
}

/// The tables of an article's annotations, which a re-analysis replaces.
pub(crate) const ANNOTATION_TABLES: &[&str] = &[
    "timexes",
    "quantities",
    "mentions",
    "events",
    "quotes",
    "framings",
];

pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (or creates) a store file and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                StoreError::Schema(format!("creating the folder {}: {e}", dir.display()))
            })?;
        }
        let conn = Connection::open(path).ctx(&format!("opening store {}", path.display()))?;
        Store::init(conn)
    }

    pub fn open_in_memory() -> Result<Store> {
        Store::init(Connection::open_in_memory().ctx("opening in-memory store")?)
    }

    fn init(conn: Connection) -> Result<Store> {
        conn.pragma_update(None, "journal_mode", "WAL")
            .ctx("enabling WAL")?;
        // NORMAL is crash-safe with WAL: a killed process loses at most the open batch.
        conn.pragma_update(None, "synchronous", "NORMAL")
            .ctx("setting synchronous")?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .ctx("enabling foreign keys")?;
        // 64 MiB of page cache (the default is 2 MiB): batch inserts touch many pages.
        conn.pragma_update(None, "cache_size", -65536)
            .ctx("setting cache size")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .ctx("setting busy timeout")?;
        let mut store = Store { conn };
        store.migrate()?;
        Ok(store)
    }

    pub fn schema_version(&self) -> Result<u32> {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .ctx("reading schema version")
    }

    fn migrate(&mut self) -> Result<()> {
        let current = self.schema_version()?;
        if current > SCHEMA_VERSION {
            return Err(StoreError::Schema(format!(
                "store has schema version {current}, newer than this steppe ({SCHEMA_VERSION}); upgrade steppe"
            )));
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
            let version = i as u32 + 1;
            let tx = self.conn.transaction().ctx("starting migration")?;
            tx.execute_batch(sql)
                .ctx(&format!("applying migration {version}"))?;
            tx.pragma_update(None, "user_version", version)
                .ctx("recording schema version")?;
            tx.commit()
                .ctx(&format!("committing migration {version}"))?;
        }
        Ok(())
    }

    /// Tables and their columns, by table name (for the test that both
    /// backends have the same ones).
    pub fn tables(&self) -> Result<Vec<(String, Vec<String>)>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%' ORDER BY m.name, p.cid",
            )
            .ctx("listing tables")?;
        let mut rows = stmt.query([]).ctx("listing tables")?;
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        while let Some(r) = rows.next().ctx("listing tables")? {
            let (t, c): (String, String) = (r.get(0).ctx("table")?, r.get(1).ctx("column")?);
            match out.last_mut() {
                Some((last, cols)) if *last == t => cols.push(c),
                _ => out.push((t, vec![c])),
            }
        }
        out.sort();
        Ok(out)
    }

    /// Whether an input with this content hash was fully ingested before, and
    /// with how many items.
    pub fn input_done(&self, hash: &str) -> Result<Option<u64>> {
        self.conn
            .query_row("SELECT items FROM inputs WHERE hash = ?1", [hash], |r| {
                r.get::<_, i64>(0)
            })
            .optional()
            .map(|o| o.map(|n| n as u64))
            .ctx("looking up input")
    }

    /// Every finished input (content hash to item count), to skip them before reading.
    pub fn finished_inputs(&self) -> Result<std::collections::HashMap<String, u64>> {
        let mut stmt = self
            .conn
            .prepare("SELECT hash, items FROM inputs")
            .ctx("preparing input scan")?;
        let rows = stmt
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
            })
            .ctx("scanning inputs")?;
        rows.collect::<std::result::Result<_, _>>()
            .ctx("scanning inputs")
    }

    /// Writes articles (with their annotations) and finished inputs in one
    /// transaction. Annotations are written only with a new article.
    pub fn write_batch(
        &mut self,
        records: &[Analysed],
        inputs: &[InputRecord],
    ) -> Result<BatchOutcome> {
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let tx = self.conn.transaction().ctx("starting batch")?;
        let mut out = BatchOutcome::default();
        {
            let mut source_ins = tx
                .prepare_cached("INSERT OR IGNORE INTO sources(name) VALUES (?1)")
                .ctx("preparing")?;
            let mut source_get = tx
                .prepare_cached("SELECT id FROM sources WHERE name = ?1")
                .ctx("preparing")?;
            let mut art = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO articles (id, path, item, format, url, source_id, title, author, lang,
                     lang_confidence, published, published_precision, published_day, date_origin, text, removed,
                     warnings, ingested_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)",
                )
                .ctx("preparing article insert")?;
            let mut seen = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO sightings (article_id, path, item, url, source_id, seen_at)
                     VALUES (?1,?2,?3,?4,?5,?6)",
                )
                .ctx("preparing sighting insert")?;
            for rec in records {
                let a = &rec.article;
                let source_id: Option<i64> = match &a.source {
                    Some(name) => {
                        source_ins.execute([name]).ctx("adding source")?;
                        Some(
                            source_get
                                .query_row([name], |r| r.get(0))
                                .ctx("reading source id")?,
                        )
                    }
                    None => None,
                };
                let removed = serde_json::to_string(&a.removed).unwrap_or_else(|_| "[]".into());
                let warnings = serde_json::to_string(&a.warnings).unwrap_or_else(|_| "[]".into());
                let n = art
                    .execute(params![
                        a.id,
                        a.path,
                        a.item,
                        a.format.as_str(),
                        a.url,
                        source_id,
                        a.title,
                        a.author,
                        a.lang,
                        f64::from(a.lang_confidence),
                        a.published.map(|p| p.to_string()),
                        a.published_precision().as_str(),
                        a.published
                            .map(|p| p.first_day().format("%Y-%m-%d").to_string()),
                        a.date_origin.as_str(),
                        a.text,
                        removed,
                        warnings,
                        now,
                    ])
                    .ctx(&format!("storing article {} from {}", a.id, a.path))?;
                if n == 1 {
                    out.added += 1;
                    insert_annotations(&tx, rec)?;
                } else {
                    out.duplicates += 1;
                }
                seen.execute(params![a.id, a.path, a.item, a.url, source_id, now])
                    .ctx("storing sighting")?;
            }
            let mut inp = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO inputs (hash, path, items, failed, done_at) VALUES (?1,?2,?3,?4,?5)",
                )
                .ctx("preparing input insert")?;
            for i in inputs {
                inp.execute(params![
                    i.hash,
                    i.path,
                    i.items as i64,
                    i.failed as i64,
                    now
                ])
                .ctx("marking input done")?;
            }
        }
        tx.commit().ctx("committing batch")?;
        Ok(out)
    }

    pub fn article_count(&self) -> Result<u64> {
        self.conn
            .query_row("SELECT COUNT(*) FROM articles", [], |r| r.get::<_, i64>(0))
            .map(|n| n as u64)
            .ctx("counting")
    }

    /// Calls `f` with every article, in publication order (undated last), then id.
    pub fn for_each_article(
        &self,
        mut f: impl FnMut(Article) -> std::io::Result<()>,
    ) -> Result<u64> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT a.id, a.path, a.item, a.format, a.url, s.name, a.title, a.author, a.lang, a.lang_confidence,
                        a.published, a.date_origin, a.text, a.removed, a.warnings
                 FROM articles a LEFT JOIN sources s ON s.id = a.source_id
                 ORDER BY a.published_day IS NULL, a.published_day, a.id",
            )
            .ctx("preparing article scan")?;
        let mut rows = stmt.query([]).ctx("scanning articles")?;
        let mut n = 0;
        while let Some(r) = rows.next().ctx("reading article row")? {
            let article = row_to_article(r)?;
            f(article).map_err(StoreError::Output)?;
            n += 1;
        }
        Ok(n)
    }

    /// Up to `limit` articles with ids after `after`, in id order: a scan that
    /// lets the caller write between pages.
    pub fn articles_page(&self, after: &str, limit: usize) -> Result<Vec<Article>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT a.id, a.path, a.item, a.format, a.url, s.name, a.title, a.author, a.lang, a.lang_confidence,
                        a.published, a.date_origin, a.text, a.removed, a.warnings
                 FROM articles a LEFT JOIN sources s ON s.id = a.source_id
                 WHERE a.id > ?1 ORDER BY a.id LIMIT ?2",
            )
            .ctx("preparing article page")?;
        let mut rows = stmt
            .query(params![after, limit as i64])
            .ctx("reading an article page")?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().ctx("reading article row")? {
            out.push(row_to_article(r)?);
        }
        Ok(out)
    }

    /// Replaces the annotations (timexes, quantities, mentions) of stored
    /// articles with new ones, in one transaction; the articles themselves are
    /// untouched. Returns how many articles changed.
    pub fn replace_annotations(&mut self, records: &[Analysed]) -> Result<usize> {
        let tx = self.conn.transaction().ctx("starting re-analysis batch")?;
        let mut changed = 0;
        for rec in records {
            let id = &rec.article.id;
            let before = annotation_digest(&tx, id)?;
            for table in ANNOTATION_TABLES {
                tx.prepare_cached(&format!("DELETE FROM {table} WHERE article_id = ?1"))
                    .ctx("preparing delete")?
                    .execute([id])
                    .ctx(&format!("clearing {table} of {id}"))?;
            }
            insert_annotations(&tx, rec)?;
            // The article's warnings say which analysis stages failed, so
            // they change with the annotations.
            let warnings =
                serde_json::to_string(&rec.article.warnings).unwrap_or_else(|_| "[]".into());
            tx.prepare_cached("UPDATE articles SET warnings = ?2 WHERE id = ?1")
                .ctx("preparing warnings update")?
                .execute(params![id, warnings])
                .ctx(&format!("updating the warnings of {id}"))?;
            if annotation_digest(&tx, id)? != before {
                changed += 1;
            }
        }
        tx.commit().ctx("committing re-analysis batch")?;
        Ok(changed)
    }

    /// Replaces every story, membership and duplicate with a new clustering.
    pub fn replace_stories(
        &mut self,
        stories: &[StoryRow],
        duplicates: &[DuplicateRow],
    ) -> Result<()> {
        let tx = self.conn.transaction().ctx("starting story batch")?;
        for table in ["stories", "story_articles", "duplicates"] {
            tx.execute(&format!("DELETE FROM {table}"), [])
                .ctx(&format!("clearing {table}"))?;
        }
        insert_stories(&tx, stories, duplicates, false)?;
        tx.commit().ctx("committing stories")
    }

    /// Replaces the grouping of events across articles.
    pub fn replace_event_groups(&mut self, groups: &[(String, String)]) -> Result<()> {
        let tx = self.conn.transaction().ctx("starting event groups")?;
        tx.execute("DELETE FROM event_groups", [])
            .ctx("clearing event groups")?;
        insert_event_groups(&tx, groups)?;
        tx.commit().ctx("committing event groups")
    }

    /// Event id → the id of the group it belongs to (events of one real-world
    /// event across articles).
    pub fn event_groups(&self) -> Result<HashMap<String, String>> {
        let mut st = self
            .conn
            .prepare("SELECT event_id, group_id FROM event_groups")
            .ctx("preparing event groups")?;
        let rows = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .ctx("reading event groups")?;
        rows.collect::<std::result::Result<HashMap<_, _>, _>>()
            .ctx("reading event groups")
    }

    /// Every story with its articles, in order of first date.
    pub fn stories(&self) -> Result<Vec<StoryRow>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, thread_id, title, summary, first_seen, last_seen, estimated, actors, independent, sources
                 FROM stories ORDER BY first_seen IS NULL, first_seen, id",
            )
            .ctx("preparing story scan")?;
        let mut members = self
            .conn
            .prepare("SELECT article_id, estimated_date FROM story_articles WHERE story_id = ?1 ORDER BY position")
            .ctx("preparing story members")?;
        let mut rows = stmt.query([]).ctx("scanning stories")?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().ctx("reading story row")? {
            let mut story = rows::story(r)?;
            story.articles = members
                .query_map([&story.id], |m| Ok((m.get(0)?, m.get(1)?)))
                .ctx("reading story members")?
                .collect::<std::result::Result<Vec<(String, Option<String>)>, _>>()
                .ctx("reading story members")?;
            out.push(story);
        }
        Ok(out)
    }

    /// Every copy and shared passage.
    pub fn duplicates(&self) -> Result<Vec<DuplicateRow>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT article_id, other_id, kind, start, end, other_start, other_end, similarity
                 FROM duplicates ORDER BY article_id, other_id, start",
            )
            .ctx("preparing duplicate scan")?;
        let mut rows = stmt.query([]).ctx("scanning duplicates")?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().ctx("reading duplicate row")? {
            out.push(row_to_duplicate(r)?);
        }
        Ok(out)
    }

    /// What the story clusterer needs of one article: its actor ids (with
    /// repeats), event signatures and the day-precise dates it mentions.
    pub fn article_signals(&self, id: &str) -> Result<(Vec<String>, Vec<String>, Vec<String>)> {
        let list = |sql: &str| -> Result<Vec<String>> {
            let mut st = self
                .conn
                .prepare_cached(sql)
                .ctx("preparing article signals")?;
            let rows = st
                .query_map([id], |r| r.get::<_, String>(0))
                .ctx("reading article signals")?;
            rows.collect::<std::result::Result<Vec<_>, _>>()
                .ctx("reading article signals")
        };
        Ok((
            list("SELECT actor_id FROM mentions WHERE article_id = ?1")?,
            list("SELECT source_id || '|' || target_id || '|' || root FROM events WHERE article_id = ?1")?,
            list("SELECT value FROM timexes WHERE article_id = ?1 AND length(value) = 10 AND value GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'")?,
        ))
    }

    /// Calls `f` with every stored event, in article date order.
    pub fn for_each_event(
        &self,
        mut f: impl FnMut(EventRow) -> std::io::Result<()>,
    ) -> Result<u64> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {EVENT_COLUMNS} FROM events e JOIN articles a ON a.id = e.article_id
                     ORDER BY a.published_day IS NULL, a.published_day, a.id, e.start, e.id"
            ))
            .ctx("preparing event scan")?;
        let mut rows = stmt.query([]).ctx("scanning events")?;
        let mut n = 0;
        while let Some(r) = rows.next().ctx("reading event row")? {
            f(row_to_event(r)?).map_err(StoreError::Output)?;
            n += 1;
        }
        Ok(n)
    }

    /// One article by id.
    pub fn article(&self, id: &str) -> Result<Option<Article>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT a.id, a.path, a.item, a.format, a.url, s.name, a.title, a.author, a.lang, a.lang_confidence,
                        a.published, a.date_origin, a.text, a.removed, a.warnings
                 FROM articles a LEFT JOIN sources s ON s.id = a.source_id WHERE a.id = ?1",
            )
            .ctx("preparing article lookup")?;
        let mut rows = stmt.query([id]).ctx("looking up article")?;
        match rows.next().ctx("reading article row")? {
            Some(r) => row_to_article(r).map(Some),
            None => Ok(None),
        }
    }

    /// Calls `f` with each stored temporal expression as
    /// (article id, start, end, text, type, value, granularity, modifier), in article order.
    pub fn for_each_timex(
        &self,
        mut f: impl FnMut(TimexRow) -> std::io::Result<()>,
    ) -> Result<u64> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT t.article_id, t.start, t.end, t.text, t.type, t.value, t.granularity, t.modifier
                 FROM timexes t JOIN articles a ON a.id = t.article_id
                 ORDER BY a.published_day IS NULL, a.published_day, a.id, t.start",
            )
            .ctx("preparing timex scan")?;
        let mut rows = stmt.query([]).ctx("scanning timexes")?;
        let mut n = 0;
        while let Some(r) = rows.next().ctx("reading timex row")? {
            let row = TimexRow {
                article_id: r.get(0).ctx("timex row")?,
                start: r.get::<_, i64>(1).ctx("timex row")? as u64,
                end: r.get::<_, i64>(2).ctx("timex row")? as u64,
                text: r.get(3).ctx("timex row")?,
                kind: r.get(4).ctx("timex row")?,
                value: r.get(5).ctx("timex row")?,
                granularity: r.get(6).ctx("timex row")?,
                modifier: r.get(7).ctx("timex row")?,
            };
            f(row).map_err(StoreError::Output)?;
            n += 1;
        }
        Ok(n)
    }

    /// Calls `f` with each stored figure, in article order.
    pub fn for_each_quantity(
        &self,
        mut f: impl FnMut(QuantityRow) -> std::io::Result<()>,
    ) -> Result<u64> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT q.article_id, q.start, q.end, q.text, q.value, q.unit, q.counted
                 FROM quantities q JOIN articles a ON a.id = q.article_id
                 ORDER BY a.published_day IS NULL, a.published_day, a.id, q.start",
            )
            .ctx("preparing quantity scan")?;
        let mut rows = stmt.query([]).ctx("scanning quantities")?;
        let mut n = 0;
        while let Some(r) = rows.next().ctx("reading quantity row")? {
            let row = QuantityRow {
                article_id: r.get(0).ctx("quantity row")?,
                start: r.get::<_, i64>(1).ctx("quantity row")? as u64,
                end: r.get::<_, i64>(2).ctx("quantity row")? as u64,
                text: r.get(3).ctx("quantity row")?,
                value: r.get(4).ctx("quantity row")?,
                unit: r.get(5).ctx("quantity row")?,
                counted: r.get(6).ctx("quantity row")?,
            };
            f(row).map_err(StoreError::Output)?;
            n += 1;
        }
        Ok(n)
    }

    /// Adds or replaces imported dictionary actors (by id) in one transaction.
    pub fn put_kb_imports(&mut self, rows: &[KbImportRow]) -> Result<u64> {
        let tx = self.conn.transaction().ctx("starting import")?;
        {
            let mut ins = tx
                .prepare_cached("INSERT OR REPLACE INTO kb_imports (id, name, aliases, codes, source) VALUES (?1,?2,?3,?4,?5)")
                .ctx("preparing import insert")?;
            for r in rows {
                let aliases = serde_json::to_string(&r.aliases).unwrap_or_else(|_| "[]".into());
                let codes = serde_json::to_string(&r.codes).unwrap_or_else(|_| "[]".into());
                ins.execute(params![r.id, r.name, aliases, codes, r.source])
                    .ctx("storing imported actor")?;
            }
        }
        tx.commit().ctx("committing import")?;
        Ok(rows.len() as u64)
    }

    /// Every imported dictionary actor.
    pub fn kb_imports(&self) -> Result<Vec<KbImportRow>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, name, aliases, codes, source FROM kb_imports ORDER BY id")
            .ctx("preparing imports")?;
        let mut rows = stmt.query([]).ctx("reading imports")?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().ctx("reading import row")? {
            let id: String = r.get(0).ctx("import row")?;
            let aliases: String = r.get(2).ctx("import row")?;
            let codes: String = r.get(3).ctx("import row")?;
            out.push(KbImportRow {
                name: r.get(1).ctx("import row")?,
                aliases: serde_json::from_str(&aliases)
                    .map_err(|_| StoreError::Corrupt(format!("import {id}: aliases")))?,
                codes: serde_json::from_str(&codes)
                    .map_err(|_| StoreError::Corrupt(format!("import {id}: codes")))?,
                source: r.get(4).ctx("import row")?,
                id,
            });
        }
        Ok(out)
    }

    /// Calls `f` with each stored mention, in article order.
    pub fn for_each_mention(
        &self,
        mut f: impl FnMut(MentionRow) -> std::io::Result<()>,
    ) -> Result<u64> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT m.article_id, m.start, m.end, m.surface, m.actor_id, m.code, m.how, m.ner
                 FROM mentions m JOIN articles a ON a.id = m.article_id
                 ORDER BY a.published_day IS NULL, a.published_day, a.id, m.start",
            )
            .ctx("preparing mention scan")?;
        let mut rows = stmt.query([]).ctx("scanning mentions")?;
        let mut n = 0;
        while let Some(r) = rows.next().ctx("reading mention row")? {
            let row = rows::mention(r)?;
            f(row).map_err(StoreError::Output)?;
            n += 1;
        }
        Ok(n)
    }

    /// Per actor id: mentions, articles, and the most frequent surface form.
    pub fn actor_counts(&self) -> Result<Vec<(String, u64, u64, String)>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT actor_id, COUNT(*), COUNT(DISTINCT article_id),
                        (SELECT surface FROM mentions m2 WHERE m2.actor_id = m.actor_id
                         GROUP BY surface ORDER BY COUNT(*) DESC, surface LIMIT 1)
                 FROM mentions m GROUP BY actor_id ORDER BY COUNT(*) DESC, actor_id",
            )
            .ctx("preparing actor counts")?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get::<_, i64>(1)? as u64,
                    r.get::<_, i64>(2)? as u64,
                    r.get(3)?,
                ))
            })
            .ctx("counting actors")?;
        rows.collect::<std::result::Result<_, _>>()
            .ctx("counting actors")
    }

    /// The distinct surface forms of an actor's mentions.
    pub fn actor_surfaces(&self, actor_id: &str) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT surface FROM mentions WHERE actor_id = ?1 ORDER BY surface")
            .ctx("preparing surfaces")?;
        let rows = stmt
            .query_map([actor_id], |r| r.get(0))
            .ctx("reading surfaces")?;
        rows.collect::<std::result::Result<_, _>>()
            .ctx("reading surfaces")
    }

    pub fn stats(&self) -> Result<Stats> {
        let count = |sql: &str| -> Result<u64> {
            self.conn
                .query_row(sql, [], |r| r.get::<_, i64>(0))
                .map(|n| n as u64)
                .ctx("counting")
        };
        let groups = |sql: &str| -> Result<Vec<(String, u64)>> {
            let mut stmt = self.conn.prepare(sql).ctx("preparing stats")?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get::<_, Option<String>>(0)?.unwrap_or_else(|| "?".into()),
                        r.get::<_, i64>(1)? as u64,
                    ))
                })
                .ctx("grouping")?;
            rows.collect::<std::result::Result<Vec<_>, _>>()
                .ctx("grouping")
        };
        Ok(Stats {
            articles: count("SELECT COUNT(*) FROM articles")?,
            sightings: count("SELECT COUNT(*) FROM sightings")?,
            sources: count("SELECT COUNT(*) FROM sources")?,
            removed_lines: count("SELECT COALESCE(SUM(json_array_length(removed)), 0) FROM articles")?,
            undated: count("SELECT COUNT(*) FROM articles WHERE published IS NULL")?,
            timexes: count("SELECT COUNT(*) FROM timexes")?,
            quantities: count("SELECT COUNT(*) FROM quantities")?,
            mentions: count("SELECT COUNT(*) FROM mentions")?,
            by_lang: groups("SELECT lang, COUNT(*) FROM articles GROUP BY lang ORDER BY COUNT(*) DESC, lang")?,
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
}

/// A duplicate from `article_id, other_id, kind, start, end, other_start, other_end, similarity`.
pub(crate) fn row_to_duplicate(r: &rusqlite::Row<'_>) -> Result<DuplicateRow> {
    rows::duplicate(r)
}

/// The columns of `EVENT_COLUMNS`, in order, as an event row.
pub(crate) fn row_to_event(r: &rusqlite::Row<'_>) -> Result<EventRow> {
    rows::event(r)
}

pub(crate) fn row_to_article(r: &rusqlite::Row<'_>) -> Result<Article> {
    rows::article(r)
}

/// Stores event → group pairs inside `tx` (a replacement keeps the newest).
pub(crate) fn insert_event_groups(
    tx: &rusqlite::Transaction<'_>,
    groups: &[(String, String)],
) -> Result<()> {
    let mut st = tx
        .prepare_cached("INSERT OR REPLACE INTO event_groups (event_id, group_id) VALUES (?1, ?2)")
        .ctx("preparing event group insert")?;
    for (e, g) in groups {
        st.execute([e, g]).ctx("storing event group")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, text: &str, published: Option<&str>) -> Article {
        Article {
            id: id.into(),
            path: format!("corpus/{id}.txt"),
            item: 0,
            format: Format::Text,
            url: None,
            source: Some("Le Courrier des steppes".into()),
            title: Some("Visite à Astana".into()),
            author: None,
            lang: Some("fr".into()),
            lang_confidence: 0.9,
            published: published.and_then(Published::parse_iso),
            date_origin: DateOrigin::Header,
            text: text.into(),
            removed: vec![RemovedLine {
                kind: "share".into(),
                text: "Facebook".into(),
            }],
            warnings: vec![],
        }
    }

    #[test]
    fn articles_round_trip() {
        let mut s = Store::open_in_memory().unwrap();
        let a = article("a1", "Le ministre est arrivé.", Some("2023-02"));
        let out = s.write_batch(&[Analysed::bare(a.clone())], &[]).unwrap();
        assert_eq!(
            out,
            BatchOutcome {
                added: 1,
                duplicates: 0
            }
        );
        assert_eq!(s.article("a1").unwrap().unwrap(), a);
        assert!(s.article("zz").unwrap().is_none());
    }

    #[test]
    fn same_content_twice_adds_a_sighting_not_an_article() {
        let mut s = Store::open_in_memory().unwrap();
        let a = article("a1", "x", None);
        let mut copy = a.clone();
        copy.path = "elsewhere/copy.txt".into();
        s.write_batch(&[Analysed::bare(a.clone())], &[]).unwrap();
        let out = s
            .write_batch(&[Analysed::bare(a.clone()), Analysed::bare(copy)], &[])
            .unwrap();
        assert_eq!(
            out,
            BatchOutcome {
                added: 0,
                duplicates: 2
            }
        );
        let st = s.stats().unwrap();
        assert_eq!(
            (st.articles, st.sightings, st.sources, st.undated),
            (1, 2, 1, 1)
        );
    }

    #[test]
    fn inputs_are_remembered_and_export_is_in_date_order() {
        let dir = std::env::temp_dir().join(format!("steppe-store-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.db");
        let _ = std::fs::remove_file(&path);
        {
            let mut s = Store::open(&path).unwrap();
            let rec = InputRecord {
                hash: "h1".into(),
                path: "f.txt".into(),
                items: 2,
                failed: 0,
            };
            s.write_batch(
                &[
                    Analysed::bare(article("b", "B", Some("2023-09"))),
                    Analysed::bare(article("a", "A", Some("2023-02-28"))),
                ],
                &[rec],
            )
            .unwrap();
        }
        let s = Store::open(&path).unwrap();
        assert_eq!(s.input_done("h1").unwrap(), Some(2));
        assert_eq!(s.input_done("h2").unwrap(), None);
        let mut ids = Vec::new();
        s.for_each_article(|a| {
            ids.push(a.id);
            Ok(())
        })
        .unwrap();
        assert_eq!(ids, vec!["a", "b"]);
        assert_eq!(
            s.stats().unwrap().by_month,
            vec![("2023-02".to_string(), 1), ("2023-09".to_string(), 1)]
        );
        assert_eq!(s.stats().unwrap().removed_lines, 2);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn every_migration_has_its_postgresql_dialect() {
        assert_eq!(pg_schema::PG_MIGRATIONS.len(), MIGRATIONS.len());
    }

    #[test]
    fn newer_schema_is_refused() {
        let s = Store::open_in_memory().unwrap();
        s.conn
            .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        let mut s = s;
        assert!(matches!(s.migrate(), Err(StoreError::Schema(_))));
    }
}
