//! Read queries for serving the store (`steppe serve`): one story, pages of
//! events under filters, relations between two sides over time, actor
//! summaries. Every query is bounded by a caller's limit or by one key, so a
//! request costs index look-ups, not a scan of the store, except the volume
//! over time, which the server computes once and keeps.

use std::path::Path;

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OpenFlags, OptionalExtension};
use steppe_model::Article;

use super::{
    row_to_article, row_to_duplicate, row_to_event, Context, DuplicateRow, EventRow, Result, Store,
    StoreError, StoryRow, EVENT_COLUMNS, SCHEMA_VERSION,
};

/// The day an event happened as far as the store knows: its own date when
/// day-precise, else its article's publication day.
const EVENT_DAY: &str = "(CASE WHEN e.date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'
     THEN substr(e.date, 1, 10) ELSE a.published_day END)";

/// The month an event is counted in: its own when its date names one (a
/// month-precision date too), else its article's.
const EVENT_MONTH: &str = "(CASE WHEN e.date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*'
     THEN substr(e.date, 1, 7) ELSE substr(a.published_day, 1, 7) END)";

const ARTICLE_COLUMNS: &str =
    "a.id, a.path, a.item, a.format, a.url, s.name, a.title, a.author, a.lang, a.lang_confidence,
     a.published, a.date_origin, a.text, a.removed, a.warnings";

/// An event with the day it is placed on (see `EVENT_DAY`).
#[derive(Debug, Clone, PartialEq)]
pub struct DatedEvent {
    pub row: EventRow,
    pub day: Option<String>,
}

/// An event from a row of `EVENT_COLUMNS` then `EVENT_DAY`.
fn row_to_dated(r: &rusqlite::Row<'_>) -> Result<DatedEvent> {
    Ok(DatedEvent {
        row: row_to_event(r)?,
        day: r.get(28).ctx("event day")?,
    })
}

/// One side of a relation or an event filter: an actor id, or a country code
/// (the first three letters of an actor code, CAMEO style: `USA`, `RUSMIL`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Side {
    Actor(String),
    Country(String),
}

impl Side {
    /// The condition on an unaliased `events` row that reads this side's
    /// index (ids, or the country indexes of migration 11), and its value.
    fn key_condition(&self, src: bool) -> (&'static str, &String) {
        match (self, src) {
            (Side::Actor(a), true) => ("source_id = ?", a),
            (Side::Actor(a), false) => ("target_id = ?", a),
            (Side::Country(c), true) => ("substr(source_code, 1, 3) = ?", c),
            (Side::Country(c), false) => ("substr(target_code, 1, 3) = ?", c),
        }
    }
}

/// Which events a query wants; every field narrows it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventFilter {
    /// Events with this side as source or target.
    pub actor: Option<Side>,
    /// Events between these two, either way (or only first → second when `directed`).
    pub pair: Option<(Side, Side)>,
    pub directed: bool,
    /// A CAMEO code or a prefix of one (a root such as `04`).
    pub cameo: Option<String>,
    pub plover: Option<String>,
    pub quad_class: Option<u8>,
    pub modality: Option<String>,
    /// ISO days, inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Events of the articles of this story.
    pub story: Option<String>,
}

impl EventFilter {
    /// The FROM clause (`events e`, or the keys of an actor's or a pair's
    /// events joined to them) and the WHERE condition; `args` gets the
    /// values of both, in that order.
    ///
    /// With `page` (the cursor and size of a page) and no filter but the
    /// sides, each side index is read from the cursor for one page only, in
    /// key order, so a frequent actor costs a page, not all its events.
    fn sql(
        &self,
        args: &mut Vec<Value>,
        page: Option<(Option<&EventKey>, usize)>,
    ) -> (String, String) {
        let sides_only = self.cameo.is_none()
            && self.plover.is_none()
            && self.quad_class.is_none()
            && self.modality.is_none()
            && self.from.is_none()
            && self.to.is_none()
            && self.story.is_none();
        let page = page.filter(|_| sides_only);
        // One side index read, narrowed to the page when there is one.
        let key_select = |cond: &str, kargs: &mut Vec<Value>, values: &[&String]| -> String {
            kargs.extend(values.iter().map(|v| Value::Text((*v).clone())));
            match page {
                Some((after, limit)) => {
                    let mut sql = format!("SELECT article_id, id FROM events WHERE {cond}");
                    if let Some((a, id)) = after {
                        sql.push_str(" AND (article_id, id) > (?, ?)");
                        kargs.push(Value::Text(a.clone()));
                        kargs.push(Value::Text(id.clone()));
                    }
                    format!("SELECT * FROM ({sql} ORDER BY article_id, id LIMIT {limit})")
                }
                None => format!("SELECT article_id, id FROM events WHERE {cond}"),
            }
        };
        // Keys of the events of an actor, or of a pair of actors, come from
        // the side indexes (each holds the key): the rest of the filter then
        // reads only those rows. A condition on the sides instead lets
        // SQLite walk the whole table in key order.
        let mut keys: Vec<String> = Vec::new();
        let mut kargs: Vec<Value> = Vec::new();
        let mut parts: Vec<String> = Vec::new();
        let mut wargs: Vec<Value> = Vec::new();
        if let Some(side) = &self.actor {
            let (sc, sv) = side.key_condition(true);
            let (tc, tv) = side.key_condition(false);
            let s = key_select(sc, &mut kargs, &[sv]);
            let t = key_select(tc, &mut kargs, &[tv]);
            keys.push(format!("{s} UNION {t}"));
        }
        if let Some((x, y)) = &self.pair {
            // Source x and target y (and the other way unless directed): one
            // index gives the keys of x's side, the other side narrows them
            // (the pair index of migration 10 for two actors).
            let one_way = |x: &Side, y: &Side, kargs: &mut Vec<Value>| -> String {
                let (xc, xv) = x.key_condition(true);
                let (yc, yv) = y.key_condition(false);
                key_select(&format!("{xc} AND {yc}"), kargs, &[xv, yv])
            };
            let mut sql = one_way(x, y, &mut kargs);
            if !self.directed {
                let back = one_way(y, x, &mut kargs);
                sql = format!("{sql} UNION {back}");
            }
            keys.push(sql);
        }
        if let Some(c) = &self.cameo {
            wargs.push(Value::Text(c.clone()));
            parts.push(format!("substr(e.cameo, 1, {}) = ?", c.chars().count()));
        }
        if let Some(p) = &self.plover {
            wargs.push(Value::Text(p.clone()));
            parts.push("e.plover = ?".into());
        }
        if let Some(q) = self.quad_class {
            wargs.push(Value::Integer(i64::from(q)));
            parts.push("e.quad_class = ?".into());
        }
        if let Some(m) = &self.modality {
            wargs.push(Value::Text(m.clone()));
            parts.push("e.modality = ?".into());
        }
        if let Some(f) = &self.from {
            wargs.push(Value::Text(f.clone()));
            parts.push(format!("{EVENT_DAY} >= ?"));
        }
        if let Some(t) = &self.to {
            wargs.push(Value::Text(t.clone()));
            parts.push(format!("{EVENT_DAY} <= ?"));
        }
        if let Some(s) = &self.story {
            wargs.push(Value::Text(s.clone()));
            parts.push(
                "e.article_id IN (SELECT article_id FROM story_articles WHERE story_id = ?)".into(),
            );
        }
        let from = if keys.is_empty() {
            "events e".to_string()
        } else {
            let compound: Vec<String> = keys
                .iter()
                .map(|k| format!("SELECT article_id, id FROM ({k})"))
                .collect();
            format!(
                "({}) k JOIN events e ON e.article_id = k.article_id AND e.id = k.id",
                compound.join(" INTERSECT ")
            )
        };
        args.extend(kargs);
        args.extend(wargs);
        let cond = if parts.is_empty() {
            "1".into()
        } else {
            parts.join(" AND ")
        };
        (from, cond)
    }
}

/// Where a page of events starts: after this (article id, event id).
pub type EventKey = (String, String);

/// Relation between two sides for one period and QuadClass.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationCell {
    pub period: String,
    pub quad_class: u8,
    pub count: u64,
    pub goldstein_sum: f64,
    /// The first events behind the cell, at most the caller's cap.
    pub event_ids: Vec<String>,
}

/// Periods to count relations by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Month,
    Week,
}

/// A partner of an actor in coded events, either direction.
#[derive(Debug, Clone, PartialEq)]
pub struct Partner {
    pub id: String,
    pub surface: String,
    pub events: u64,
    /// QuadClass 1-2 (verbal and material cooperation) and 3-4 (conflict).
    pub cooperation: u64,
    pub conflict: u64,
    pub goldstein_sum: f64,
}

/// What the store knows of one actor.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorStats {
    pub id: String,
    /// Surface forms with how often each was written.
    pub surfaces: Vec<(String, u64)>,
    pub codes: Vec<(String, u64)>,
    pub mentions: u64,
    pub articles: u64,
    /// Month → (articles naming it, events it is a side of).
    pub by_month: Vec<(String, u64, u64)>,
}

/// A story with its size, for lists.
#[derive(Debug, Clone, PartialEq)]
pub struct StorySummary {
    pub id: String,
    pub title: String,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub articles: u64,
    pub independent: u64,
    pub sources: Vec<String>,
    pub actors: Vec<String>,
}

fn json_list(s: &str, what: &str) -> Result<Vec<String>> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

impl Store {
    /// Opens an existing store for reading only (what a server needs): never
    /// migrates, and refuses a store of another schema version.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .ctx(&format!("opening store {} for reading", path.display()))?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .ctx("setting busy timeout")?;
        conn.pragma_update(None, "cache_size", -65536)
            .ctx("setting cache size")?;
        // Without the query planner stability guarantee, SQLite marks a
        // statement whose plan a bound value might change (most joins on
        // `x = ?`), and clearing its bindings when a cached statement is
        // handed back expires it: every use of such a statement was parsed
        // and planned again (four times the cost of running it).
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )
        .ctx("setting the query planner stability guarantee")?;
        // Pages read straight from the file's mapping, shared by every
        // connection of the pool, rather than copied into each connection's
        // own cache (a story's random articles missed it most of the time).
        conn.pragma_update(None, "mmap_size", 1i64 << 31)
            .ctx("setting the memory map size")?;
        let store = Store { conn };
        let v = store.schema_version()?;
        if v != SCHEMA_VERSION {
            return Err(StoreError::Schema(format!(
                "store {} has schema version {v}, this steppe reads {SCHEMA_VERSION}; \
                 run `steppe stats --db {}` once to bring it up to date",
                path.display(),
                path.display()
            )));
        }
        Ok(store)
    }

    /// One story with its articles in order, or `None`.
    pub fn story(&self, id: &str) -> Result<Option<StoryRow>> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT id, thread_id, title, summary, first_seen, last_seen, estimated, actors, independent, sources
                 FROM stories WHERE id = ?1",
            )
            .ctx("preparing story look-up")?
            .query_row([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, i64>(8)?,
                    r.get::<_, String>(9)?,
                ))
            })
            .optional()
            .ctx("looking up story")?;
        let Some((id, thread_id, title, summary, first, last, est, actors, indep, sources)) = row
        else {
            return Ok(None);
        };
        let articles = self
            .conn
            .prepare_cached(
                "SELECT article_id, estimated_date FROM story_articles WHERE story_id = ?1 ORDER BY position",
            )
            .ctx("preparing story members")?
            .query_map([&id], |m| Ok((m.get(0)?, m.get(1)?)))
            .ctx("reading story members")?
            .collect::<std::result::Result<Vec<(String, Option<String>)>, _>>()
            .ctx("reading story members")?;
        Ok(Some(StoryRow {
            actors: json_list(&actors, "story actors")?,
            sources: json_list(&sources, "story sources")?,
            id,
            thread_id,
            title,
            summary,
            first_seen: first,
            last_seen: last,
            estimated: est,
            independent: indep as u64,
            articles,
        }))
    }

    /// Stories, latest first (by last date, then id), after the `(last_seen, id)`
    /// key of the previous page.
    pub fn stories_page(
        &self,
        after: Option<&(String, String)>,
        limit: usize,
    ) -> Result<Vec<StorySummary>> {
        let (cond, args): (&str, Vec<Value>) = match after {
            Some((last, id)) => (
                "WHERE (ifnull(s.last_seen, ''), s.id) < (?1, ?2)",
                vec![Value::Text(last.clone()), Value::Text(id.clone())],
            ),
            None => ("", Vec::new()),
        };
        let sql = format!(
            "SELECT s.id, s.title, s.first_seen, s.last_seen, s.independent, s.sources, s.actors,
                    (SELECT COUNT(*) FROM story_articles m WHERE m.story_id = s.id)
             FROM stories s {cond}
             ORDER BY ifnull(s.last_seen, '') DESC, s.id DESC LIMIT {limit}"
        );
        let mut st = self.conn.prepare_cached(&sql).ctx("preparing stories")?;
        let rows = st
            .query_map(params_from_iter(args), |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, i64>(7)?,
                ))
            })
            .ctx("reading stories")?;
        let mut out = Vec::new();
        for row in rows {
            let (id, title, first_seen, last_seen, indep, sources, actors, n) =
                row.ctx("reading story row")?;
            out.push(StorySummary {
                sources: json_list(&sources, "story sources")?,
                actors: json_list(&actors, "story actors")?,
                id,
                title,
                first_seen,
                last_seen,
                articles: n as u64,
                independent: indep as u64,
            });
        }
        Ok(out)
    }

    /// The story an article belongs to.
    pub fn story_of(&self, article_id: &str) -> Result<Option<String>> {
        self.conn
            .prepare_cached("SELECT story_id FROM story_articles WHERE article_id = ?1")
            .ctx("preparing story of article")?
            .query_row([article_id], |r| r.get(0))
            .optional()
            .ctx("looking up the story of an article")
    }

    /// Articles by id, in the order asked (unknown ids are left out).
    pub fn articles_by_ids(&self, ids: &[String]) -> Result<Vec<Article>> {
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "SELECT {ARTICLE_COLUMNS} FROM articles a LEFT JOIN sources s ON s.id = a.source_id
                 WHERE a.id = ?1"
            ))
            .ctx("preparing article look-up")?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let mut rows = st.query([id]).ctx("looking up article")?;
            if let Some(r) = rows.next().ctx("reading article row")? {
                out.push(row_to_article(r)?);
            }
        }
        Ok(out)
    }

    /// Calls `f` with each article ingested at or after `since` (RFC 3339, as
    /// stored), to bring a search index up to date.
    pub fn for_each_article_since(
        &self,
        since: &str,
        mut f: impl FnMut(Article) -> std::io::Result<()>,
    ) -> Result<u64> {
        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT {ARTICLE_COLUMNS} FROM articles a LEFT JOIN sources s ON s.id = a.source_id
                 WHERE a.ingested_at >= ?1"
            ))
            .ctx("preparing recent articles")?;
        let mut rows = st.query([since]).ctx("reading recent articles")?;
        let mut n = 0;
        while let Some(r) = rows.next().ctx("reading article row")? {
            f(row_to_article(r)?).map_err(StoreError::Output)?;
            n += 1;
        }
        Ok(n)
    }

    /// How many articles were ingested at or after `since` (RFC 3339, as stored).
    pub fn articles_ingested_since(&self, since: &str) -> Result<u64> {
        self.conn
            .query_row(
                "SELECT COUNT(*) FROM articles WHERE ingested_at >= ?1",
                [since],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n as u64)
            .ctx("counting recent articles")
    }

    /// The latest ingest time in the store (RFC 3339), if any article.
    pub fn last_ingested_at(&self) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT max(ingested_at) FROM articles", [], |r| r.get(0))
            .ctx("reading the last ingest time")
    }

    /// A page of events under a filter, in (article id, event id) order,
    /// after `after`; at most `limit`.
    pub fn events_page(
        &self,
        filter: &EventFilter,
        after: Option<&EventKey>,
        limit: usize,
    ) -> Result<Vec<DatedEvent>> {
        let mut args = Vec::new();
        let (from, mut cond) = filter.sql(&mut args, Some((after, limit)));
        if let Some((a, id)) = after {
            cond = format!("{cond} AND (e.article_id, e.id) > (?, ?)");
            args.push(Value::Text(a.clone()));
            args.push(Value::Text(id.clone()));
        }
        let sql = format!(
            "SELECT {EVENT_COLUMNS}, {EVENT_DAY}
             FROM {from} JOIN articles a ON a.id = e.article_id
             WHERE {cond} ORDER BY e.article_id, e.id LIMIT {limit}"
        );
        let mut st = self.conn.prepare_cached(&sql).ctx("preparing events")?;
        let mut rows = st.query(params_from_iter(args)).ctx("querying events")?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().ctx("reading event row")? {
            out.push(row_to_dated(r)?);
        }
        Ok(out)
    }

    /// Events between two sides (either way), counted by period and QuadClass,
    /// with at most `ids_per_cell` event ids behind each cell.
    pub fn relation(
        &self,
        a: &Side,
        b: &Side,
        by: Period,
        ids_per_cell: usize,
    ) -> Result<Vec<RelationCell>> {
        let filter = EventFilter {
            pair: Some((a.clone(), b.clone())),
            ..Default::default()
        };
        self.relation_cells(&filter, by, ids_per_cell)
    }

    /// Events under a filter, counted by period and QuadClass.
    pub fn relation_cells(
        &self,
        filter: &EventFilter,
        by: Period,
        ids_per_cell: usize,
    ) -> Result<Vec<RelationCell>> {
        let mut args = Vec::new();
        let (from, cond) = filter.sql(&mut args, None);
        let period = match by {
            Period::Month => EVENT_MONTH.to_string(),
            Period::Week => format!("strftime('%Y-W%W', {EVENT_DAY})"),
        };
        let sql = format!(
            "SELECT {period}, e.quad_class, e.goldstein, e.id
             FROM {from} JOIN articles a ON a.id = e.article_id
             WHERE {cond} AND {EVENT_DAY} IS NOT NULL
             ORDER BY 1, 2, e.id"
        );
        let mut st = self.conn.prepare_cached(&sql).ctx("preparing relation")?;
        let mut rows = st.query(params_from_iter(args)).ctx("querying relation")?;
        let mut out: Vec<RelationCell> = Vec::new();
        while let Some(r) = rows.next().ctx("reading relation row")? {
            let period: String = r.get(0).ctx("relation period")?;
            let quad = r.get::<_, i64>(1).ctx("relation quad class")? as u8;
            let g: f64 = r.get(2).ctx("relation goldstein")?;
            let id: String = r.get(3).ctx("relation event id")?;
            match out.last_mut() {
                Some(c) if c.period == period && c.quad_class == quad => {
                    c.count += 1;
                    c.goldstein_sum += g;
                    if c.event_ids.len() < ids_per_cell {
                        c.event_ids.push(id);
                    }
                }
                _ => out.push(RelationCell {
                    period,
                    quad_class: quad,
                    count: 1,
                    goldstein_sum: g,
                    event_ids: if ids_per_cell > 0 { vec![id] } else { vec![] },
                }),
            }
        }
        Ok(out)
    }

    /// Events by id (unknown ids left out), with their days.
    pub fn events_by_ids(&self, ids: &[String]) -> Result<Vec<DatedEvent>> {
        self.dated_events("e.id = ?1", "", ids)
    }

    /// The events matching `cond` for each key in turn (one prepared statement).
    fn dated_events(&self, cond: &str, order: &str, keys: &[String]) -> Result<Vec<DatedEvent>> {
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "SELECT {EVENT_COLUMNS}, {EVENT_DAY}
                 FROM events e JOIN articles a ON a.id = e.article_id WHERE {cond} {order}"
            ))
            .ctx("preparing event look-up")?;
        let mut out = Vec::new();
        for key in keys {
            let mut rows = st.query([key]).ctx("looking up events")?;
            while let Some(r) = rows.next().ctx("reading event row")? {
                out.push(row_to_dated(r)?);
            }
        }
        Ok(out)
    }

    /// An actor's partners in events, most events first.
    pub fn partners(&self, actor_id: &str, limit: usize) -> Result<Vec<Partner>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT p, max(surface), COUNT(*), SUM(q IN (1, 2)), SUM(q IN (3, 4)), SUM(g) FROM (
                   SELECT target_id p, target_surface surface, quad_class q, goldstein g FROM events
                   WHERE source_id = ?1 AND target_id <> ?1 AND target_id <> ''
                   UNION ALL
                   SELECT source_id, source_surface, quad_class, goldstein FROM events
                   WHERE target_id = ?1 AND source_id <> ?1 AND source_id <> '')
                 GROUP BY p ORDER BY COUNT(*) DESC, p LIMIT ?2",
            )
            .ctx("preparing partners")?;
        let rows = st
            .query_map(rusqlite::params![actor_id, limit as i64], |r| {
                Ok(Partner {
                    id: r.get(0)?,
                    surface: r.get(1)?,
                    events: r.get::<_, i64>(2)? as u64,
                    cooperation: r.get::<_, i64>(3)? as u64,
                    conflict: r.get::<_, i64>(4)? as u64,
                    goldstein_sum: r.get(5)?,
                })
            })
            .ctx("reading partners")?;
        rows.collect::<std::result::Result<_, _>>()
            .ctx("reading partners")
    }

    /// What the store knows of an actor, or `None` when no article names it
    /// and no event has it as a side.
    pub fn actor_stats(&self, actor_id: &str) -> Result<Option<ActorStats>> {
        let pairs = |sql: &str| -> Result<Vec<(String, u64)>> {
            let mut st = self.conn.prepare_cached(sql).ctx("preparing actor")?;
            let rows = st
                .query_map([actor_id], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
                })
                .ctx("reading actor")?;
            rows.collect::<std::result::Result<_, _>>()
                .ctx("reading actor")
        };
        let surfaces = pairs(
            "SELECT surface, COUNT(*) FROM mentions WHERE actor_id = ?1
             GROUP BY surface ORDER BY COUNT(*) DESC, surface",
        )?;
        let codes = pairs(
            "SELECT code, COUNT(*) FROM mentions WHERE actor_id = ?1
             GROUP BY code ORDER BY COUNT(*) DESC, code",
        )?;
        let articles_by_month = pairs(
            "SELECT ifnull(substr(a.published_day, 1, 7), ''), COUNT(DISTINCT m.article_id)
             FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.actor_id = ?1
             GROUP BY 1 ORDER BY 1",
        )?;
        let events_by_month = pairs(&format!(
            "SELECT ifnull({EVENT_MONTH}, ''), COUNT(*) FROM (
               SELECT * FROM events WHERE source_id = ?1
               UNION SELECT * FROM events WHERE target_id = ?1) e
             JOIN articles a ON a.id = e.article_id GROUP BY 1 ORDER BY 1"
        ))?;
        if surfaces.is_empty() && events_by_month.is_empty() {
            return Ok(None);
        }
        let mut by_month: Vec<(String, u64, u64)> = Vec::new();
        for (m, n) in articles_by_month {
            by_month.push((m, n, 0));
        }
        for (m, n) in events_by_month {
            match by_month.iter_mut().find(|(x, _, _)| *x == m) {
                Some(row) => row.2 = n,
                None => by_month.push((m, 0, n)),
            }
        }
        by_month.sort();
        let (mentions, articles): (i64, i64) = self
            .conn
            .prepare_cached(
                "SELECT COUNT(*), COUNT(DISTINCT article_id) FROM mentions WHERE actor_id = ?1",
            )
            .ctx("preparing actor counts")?
            .query_row([actor_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .ctx("counting actor mentions")?;
        Ok(Some(ActorStats {
            id: actor_id.to_string(),
            surfaces,
            codes,
            mentions: mentions as u64,
            articles: articles as u64,
            by_month,
        }))
    }

    /// Month → (articles published, events placed) over the whole store.
    pub fn volume_by_month(&self) -> Result<Vec<(String, u64, u64)>> {
        let mut out: Vec<(String, u64, u64)> = Vec::new();
        let mut st = self
            .conn
            .prepare(
                "SELECT substr(published_day, 1, 7), COUNT(*) FROM articles
                 WHERE published_day IS NOT NULL GROUP BY 1 ORDER BY 1",
            )
            .ctx("preparing volume")?;
        let rows = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .ctx("reading volume")?;
        for r in rows {
            let (m, n) = r.ctx("reading volume row")?;
            out.push((m, n as u64, 0));
        }
        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT {EVENT_MONTH}, COUNT(*) FROM events e
                 JOIN articles a ON a.id = e.article_id WHERE {EVENT_DAY} IS NOT NULL GROUP BY 1"
            ))
            .ctx("preparing event volume")?;
        let rows = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .ctx("reading event volume")?;
        for r in rows {
            let (m, n) = r.ctx("reading event volume row")?;
            match out.iter_mut().find(|(x, _, _)| *x == m) {
                Some(row) => row.2 = n as u64,
                None => out.push((m, 0, n as u64)),
            }
        }
        out.sort();
        Ok(out)
    }
}

/// The rows of one story's articles, one query per kind of row (its members
/// joined to each table by the story index), in story order: a story page
/// costs four look-ups, not four per article.
impl Store {
    /// Runs `f` inside one read transaction: the reads it makes see one
    /// state of the store (a writer committing meanwhile is not half seen),
    /// and take the read lock once rather than once a statement.
    pub fn snapshot<T>(&self, f: impl FnOnce(&Store) -> T) -> Result<T> {
        let tx = self
            .conn
            .unchecked_transaction()
            .ctx("starting a read transaction")?;
        let out = f(self);
        // Nothing was written: ending it either way releases the lock.
        tx.rollback().ctx("ending a read transaction")?;
        Ok(out)
    }

    /// The story's articles, in story order (ids the store lacks left out).
    pub fn story_articles(&self, story_id: &str) -> Result<Vec<Article>> {
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "SELECT {ARTICLE_COLUMNS} FROM story_articles m
                 JOIN articles a ON a.id = m.article_id LEFT JOIN sources s ON s.id = a.source_id
                 WHERE m.story_id = ?1 ORDER BY m.position"
            ))
            .ctx("preparing story articles")?;
        let mut rows = st.query([story_id]).ctx("reading story articles")?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().ctx("reading story article row")? {
            out.push(row_to_article(r)?);
        }
        Ok(out)
    }

    /// Copies and shared passages found for the story's articles (every
    /// copy or passage whose first side is one of them), in story order.
    pub fn story_duplicates(&self, story_id: &str) -> Result<Vec<DuplicateRow>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT d.article_id, d.other_id, d.kind, d.start, d.end, d.other_start, d.other_end,
                        d.similarity
                 FROM story_articles m JOIN duplicates d ON d.article_id = m.article_id
                 WHERE m.story_id = ?1 ORDER BY m.position, d.other_id, d.start",
            )
            .ctx("preparing story duplicates")?;
        let mut rows = st.query([story_id]).ctx("reading story duplicates")?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().ctx("reading story duplicate row")? {
            out.push(row_to_duplicate(r)?);
        }
        Ok(out)
    }

    /// The actor mentions of the story's articles, in story then text order.
    pub fn story_mentions(&self, story_id: &str) -> Result<Vec<super::MentionRow>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT x.article_id, x.start, x.end, x.surface, x.actor_id, x.code, x.how, x.ner
                 FROM story_articles m JOIN mentions x ON x.article_id = m.article_id
                 WHERE m.story_id = ?1 ORDER BY m.position, x.start",
            )
            .ctx("preparing story mentions")?;
        let mut rows = st.query([story_id]).ctx("reading story mentions")?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().ctx("reading story mention row")? {
            out.push(super::rows::mention(r)?);
        }
        Ok(out)
    }

    /// The events of the story's articles with their days, in story then
    /// text order.
    pub fn story_events(&self, story_id: &str) -> Result<Vec<DatedEvent>> {
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "SELECT {EVENT_COLUMNS}, {EVENT_DAY}
                 FROM story_articles m JOIN events e ON e.article_id = m.article_id
                 JOIN articles a ON a.id = e.article_id
                 WHERE m.story_id = ?1 ORDER BY m.position, e.start, e.id"
            ))
            .ctx("preparing story events")?;
        let mut rows = st.query([story_id]).ctx("reading story events")?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().ctx("reading story event row")? {
            out.push(row_to_dated(r)?);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_refuses_a_store_of_another_schema_and_names_it() {
        let dir = std::env::temp_dir().join(format!("steppe-read-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("old.db");
        let _ = std::fs::remove_file(&path);
        Connection::open(&path)
            .unwrap()
            .execute_batch("CREATE TABLE t (x INTEGER)")
            .unwrap();
        let msg = Store::open_read_only(&path).err().unwrap().to_string();
        assert!(
            msg.contains("schema version 0") && msg.contains("old.db"),
            "{msg}"
        );
        drop(Store::open(&path).unwrap());
        assert!(Store::open_read_only(&path).is_ok());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
