//! The JSON API. Each handler reads its parameters strictly (`Params`), does
//! its store and index work on the blocking pool, and answers JSON, or CSV
//! and NDJSON for the exports of events and search hits.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use steppe_store::{DatedEvent, EventFilter, Period, Side, Store};

use crate::index::{day_number, SearchRequest};
use crate::params::{check_id, encode_cursor, percent_decode, ApiError, ApiResult, Params};
use crate::{blocking, store_error, App};

/// The OpenAPI 3 document, kept by hand beside the code; a test checks that
/// it lists exactly the parameters each endpoint takes.
pub const OPENAPI: &str = include_str!("../assets/openapi.json");

pub const SEARCH_PARAMS: &[&str] = &[
    "q", "lang", "source", "month", "from", "to", "facets", "limit", "cursor", "format",
];
pub const STORIES_PARAMS: &[&str] = &["limit", "cursor"];
pub const EVENTS_PARAMS: &[&str] = &[
    "actor", "a", "b", "directed", "country", "cameo", "plover", "quad", "modality", "from", "to",
    "story", "limit", "cursor", "format",
];
pub const ACTORS_PARAMS: &[&str] = &["q", "limit"];
pub const RELATIONS_PARAMS: &[&str] = &["a", "b", "by", "ids"];
pub const TIMELINE_PARAMS: &[&str] = &["q", "actor"];
pub const INGEST_PARAMS: &[&str] = &["name"];

/// Page caps: a JSON page, and a streamed export.
pub const MAX_PAGE: usize = 500;
pub const MAX_EXPORT: usize = 100_000;
pub const MAX_SEARCH_PAGE: usize = 100;
/// Search pages reach at most this far into the ranking.
pub const MAX_SEARCH_OFFSET: usize = 10_000;

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/api/health", get(health))
        .route("/api/search", get(search))
        .route("/api/stories", get(stories))
        .route("/api/stories/{id}", get(story))
        .route("/api/events", get(events))
        .route("/api/actors", get(actors))
        .route("/api/actors/{id}", get(actor))
        .route("/api/relations", get(relations))
        .route("/api/timeline", get(timeline))
        .route("/api/ingest", post(ingest))
}

fn respond(r: ApiResult<Response>) -> Response {
    r.unwrap_or_else(IntoResponse::into_response)
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

async fn health(State(app): State<Arc<App>>) -> Response {
    Json(json!({"status": "ok", "indexed": app.index.documents()})).into_response()
}

/// The last path segment, percent-decoded and checked like an id parameter.
pub fn path_id(uri: &Uri, name: &str) -> ApiResult<String> {
    let raw = uri.path().rsplit('/').next().unwrap_or_default();
    let bytes =
        percent_decode(raw, false).ok_or_else(|| ApiError::bad(name, "broken percent-escape"))?;
    let s = String::from_utf8(bytes).map_err(|_| ApiError::bad(name, "not valid UTF-8"))?;
    check_id(name, &s)
}

/// `a`, `b`, `actor`: an actor id, or three capitals for a country (`USA`).
pub fn side(v: String) -> Side {
    if v.len() == 3 && v.bytes().all(|b| b.is_ascii_uppercase()) {
        Side::Country(v)
    } else {
        Side::Actor(v)
    }
}

#[derive(Clone, Copy, PartialEq)]
pub enum Format {
    Json,
    Csv,
    Ndjson,
}

fn format_of(p: &Params) -> ApiResult<Format> {
    Ok(match p.choice("format", &["json", "csv", "ndjson"])? {
        Some("csv") => Format::Csv,
        Some("ndjson") => Format::Ndjson,
        _ => Format::Json,
    })
}

pub fn event_json(e: &DatedEvent) -> Value {
    let mut v = serde_json::to_value(&e.row.event).unwrap_or(Value::Null);
    if let Value::Object(m) = &mut v {
        m.insert("id".into(), Value::from(e.row.id.clone()));
        m.insert("article_id".into(), Value::from(e.row.article_id.clone()));
        m.insert("day".into(), json!(e.day));
    }
    v
}

const EVENT_CSV: &[&str] = &[
    "id",
    "article_id",
    "day",
    "source",
    "target",
    "cameo",
    "plover",
    "quad_class",
    "goldstein",
    "modality",
    "evidence",
];

fn event_csv_row(e: &DatedEvent) -> Vec<String> {
    let ev = &e.row.event;
    vec![
        e.row.id.clone(),
        e.row.article_id.clone(),
        e.day.clone().unwrap_or_default(),
        ev.source.id.clone(),
        ev.target.id.clone(),
        ev.cameo.clone(),
        ev.plover.clone(),
        ev.quad_class.to_string(),
        ev.goldstein.to_string(),
        ev.modality.as_str().to_string(),
        ev.evidence.clone(),
    ]
}

fn csv_line(cells: &[String]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(cells);
    w.into_inner().unwrap_or_default()
}

/// Streams an export: `rows` is called on the blocking pool for page after
/// page of lines until it returns an empty page.
fn stream(
    app: Arc<App>,
    content_type: &'static str,
    header_line: Option<Vec<u8>>,
    mut page: impl FnMut(&App) -> ApiResult<Vec<Vec<u8>>> + Send + 'static,
) -> Response {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    tokio::task::spawn_blocking(move || {
        if let Some(h) = header_line {
            if tx.blocking_send(Ok(Bytes::from(h))).is_err() {
                return;
            }
        }
        loop {
            let lines = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| page(&app)))
            {
                Ok(Ok(lines)) => lines,
                Ok(Err(e)) => {
                    let _ = tx.blocking_send(Err(std::io::Error::other(e.to_string())));
                    return;
                }
                Err(_) => {
                    let _ = tx.blocking_send(Err(std::io::Error::other("export failed")));
                    return;
                }
            };
            if lines.is_empty() {
                return;
            }
            if tx.blocking_send(Ok(Bytes::from(lines.concat()))).is_err() {
                return; // the client went away
            }
        }
    });
    let body = Body::from_stream(futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    }));
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

// ---------------------------------------------------------------- search

pub struct SearchPage {
    pub total: usize,
    pub offset: usize,
    pub hits: Vec<Value>,
    pub facets: crate::index::Facets,
}

/// Reads the search parameters (without `format`).
pub fn search_request(p: &Params) -> ApiResult<SearchRequest> {
    let q = p.text("q")?.ok_or_else(|| ApiError::bad("q", "required"))?;
    let (from, to) = p.date_range()?;
    let lang = match p.id("lang")? {
        Some(l) if l.len() == 2 && l.bytes().all(|b| b.is_ascii_lowercase()) => Some(l),
        Some(_) => {
            return Err(ApiError::bad(
                "lang",
                "must be a two-letter language code such as fr",
            ))
        }
        None => None,
    };
    let month = match p.id("month")? {
        Some(m) => Some(
            p.date("month", false)?
                .filter(|_| m.len() == 7)
                .and_then(|d| d.get(..7).map(str::to_string))
                .ok_or_else(|| ApiError::bad("month", "must be YYYY-MM"))?,
        ),
        None => None,
    };
    let offset = match p.cursor(1)? {
        Some(parts) => parts
            .first()
            .and_then(|o| o.parse::<usize>().ok())
            .filter(|o| *o <= MAX_SEARCH_OFFSET)
            .ok_or_else(|| ApiError::bad("cursor", "not a cursor this endpoint gave out"))?,
        None => 0,
    };
    Ok(SearchRequest {
        q,
        lang,
        source: p.id("source")?,
        month,
        from: from.as_deref().and_then(day_number),
        to: to.as_deref().and_then(day_number),
        offset,
        limit: p.limit(20, MAX_SEARCH_PAGE)?,
        facets: p.choice("facets", &["true", "false"])? != Some("false"),
    })
}

/// Runs a search and fills each hit from the store, with its snippet; a page
/// (not an export) asked again on the same index comes from the cache.
pub fn run_search(app: &App, r: &SearchRequest) -> ApiResult<Arc<SearchPage>> {
    // A test hook (STEPPE_FAILPOINT=serve:NEEDLE): a panic on the blocking pool.
    steppe_model::guard::failpoint("serve", &r.q);
    if r.limit > MAX_SEARCH_PAGE {
        return search_page(app, r).map(Arc::new);
    }
    let key = format!("{r:?}");
    let generation = app.index.generation();
    if let Some(page) = app.searches.get(&key, generation) {
        return Ok(page);
    }
    let page = Arc::new(search_page(app, r)?);
    app.searches.put(key, generation, Arc::clone(&page));
    Ok(page)
}

fn search_page(app: &App, r: &SearchRequest) -> ApiResult<SearchPage> {
    let found = app
        .index
        .search(r)
        .map_err(|e| ApiError::internal(e.to_string()))?;
    let ids: Vec<String> = found.hits.iter().map(|h| h.id.clone()).collect();
    // One connection for the page: each hit's article and story, in rank
    // order (a hit the store no longer has is left out).
    let rows = app.with_store(|s| {
        let articles = s.articles_by_ids(&ids).map_err(store_error)?;
        let mut rows = Vec::with_capacity(articles.len());
        for h in &found.hits {
            if let Some(a) = articles.iter().find(|a| a.id == h.id) {
                rows.push((h, a.clone(), s.story_of(&h.id).map_err(store_error)?));
            }
        }
        Ok(rows)
    })?;
    let texts: Vec<(&str, &str)> = rows
        .iter()
        .map(|(h, a, _)| (h.lang.as_str(), a.text.as_str()))
        .collect();
    let snippets = app.index.snippets(&found, &texts);
    let mut hits = Vec::new();
    for ((h, a, story), snippet) in rows.iter().zip(snippets) {
        hits.push(json!({
            "id": a.id, "title": a.title, "source": a.source, "lang": a.lang,
            "published": a.published.map(|p| p.to_string()), "url": a.url,
            "score": (f64::from(h.score) * 1000.0).round() / 1000.0,
            "snippet_html": snippet,
            "story": story,
        }));
    }
    Ok(SearchPage {
        total: found.total,
        offset: r.offset,
        hits,
        facets: found.facets,
    })
}

async fn search(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Response {
    respond(
        async {
            let p = Params::parse(q.as_deref(), SEARCH_PARAMS)?;
            let format = format_of(&p)?;
            let mut r = search_request(&p)?;
            if format != Format::Json {
                // An export is every hit up to the reach of a page.
                r.offset = 0;
                r.limit = MAX_SEARCH_OFFSET;
                let page = blocking(&app, move |app| run_search(app, &r)).await?;
                let body: Vec<u8> = match format {
                    Format::Csv => {
                        let cols = ["id", "title", "source", "lang", "published", "url", "story"];
                        let mut out = csv_line(&cols.map(String::from));
                        for h in &page.hits {
                            let row: Vec<String> = cols
                                .iter()
                                .map(|c| match &h[*c] {
                                    Value::String(s) => s.clone(),
                                    Value::Null => String::new(),
                                    v => v.to_string(),
                                })
                                .collect();
                            out.extend(csv_line(&row));
                        }
                        out
                    }
                    _ => page
                        .hits
                        .iter()
                        .flat_map(|h| format!("{h}\n").into_bytes())
                        .collect(),
                };
                let ct = if format == Format::Csv {
                    "text/csv; charset=utf-8"
                } else {
                    "application/x-ndjson"
                };
                return Ok(([(header::CONTENT_TYPE, ct)], body).into_response());
            }
            let limit = r.limit;
            let page = blocking(&app, move |app| run_search(app, &r)).await?;
            let next = page.offset + page.hits.len();
            let cursor =
                (next < page.total && next <= MAX_SEARCH_OFFSET && page.hits.len() == limit)
                    .then(|| encode_cursor(&[&next.to_string()]));
            Ok(Json(json!({
            "total": page.total, "hits": &page.hits, "facets": &page.facets, "next_cursor": cursor,
        }))
        .into_response())
        }
        .await,
    )
}

// ---------------------------------------------------------------- stories

async fn stories(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Response {
    respond(async {
        let p = Params::parse(q.as_deref(), STORIES_PARAMS)?;
        let limit = p.limit(20, MAX_PAGE)?;
        let after = p.cursor(2)?.and_then(|c| match c.as_slice() {
            [a, b] => Some((a.clone(), b.clone())),
            _ => None,
        });
        let rows = blocking(&app, move |app| {
            app.with_store(|s| s.stories_page(after.as_ref(), limit).map_err(store_error))
        })
        .await?;
        let cursor = (rows.len() == limit)
            .then(|| rows.last())
            .flatten()
            .map(|s| encode_cursor(&[s.last_seen.as_deref().unwrap_or_default(), &s.id]));
        let list: Vec<Value> = rows
            .iter()
            .map(|s| {
                json!({"id": s.id, "title": s.title, "first_seen": s.first_seen, "last_seen": s.last_seen,
                       "articles": s.articles, "independent_sources": s.independent,
                       "sources": s.sources, "actors": s.actors})
            })
            .collect();
        Ok(Json(json!({"stories": list, "next_cursor": cursor})).into_response())
    }
    .await)
}

/// An actor in a story: mentions, spellings with their counts, articles.
type ActorTally<'a> = (u64, BTreeMap<&'a str, u64>, HashSet<&'a str>);

/// A story as the API and the story page show it.
pub fn story_view(app: &App, store: &Store, id: &str) -> ApiResult<Value> {
    let Some(st) = store.story(id).map_err(store_error)? else {
        return Err(ApiError::not_found("id", format!("no story {id}")));
    };
    let ids: Vec<String> = st.articles.iter().map(|(a, _)| a.clone()).collect();
    // One query per kind of row for the whole story.
    let articles = store.story_articles(&st.id).map_err(store_error)?;
    let dups = store.story_duplicates(&st.id).map_err(store_error)?;
    let mentions = store.story_mentions(&st.id).map_err(store_error)?;
    let events = store.story_events(&st.id).map_err(store_error)?;
    let in_story: HashSet<&str> = ids.iter().map(String::as_str).collect();

    // Copies fold into the first article of the story they copy.
    let mut copy_of: HashMap<String, String> = HashMap::new();
    let position: HashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, a)| (a.as_str(), i))
        .collect();
    for d in dups.iter().filter(|d| d.kind == "copy") {
        if !in_story.contains(d.other_id.as_str()) {
            continue;
        }
        let (pa, pb) = (
            position.get(d.article_id.as_str()),
            position.get(d.other_id.as_str()),
        );
        let (later, earlier) = if pa > pb {
            (&d.article_id, &d.other_id)
        } else {
            (&d.other_id, &d.article_id)
        };
        let root = copy_of
            .get(earlier)
            .cloned()
            .unwrap_or_else(|| earlier.clone());
        copy_of.entry(later.clone()).or_insert(root);
    }
    // Shared passages, marked on both sides.
    let mut shared: HashMap<&str, Vec<Value>> = HashMap::new();
    for d in &dups {
        shared.entry(d.article_id.as_str()).or_default().push(json!({
            "start": d.start, "end": d.end, "other": d.other_id, "kind": d.kind, "similarity": d.similarity}));
        if in_story.contains(d.other_id.as_str()) {
            shared.entry(d.other_id.as_str()).or_default().push(json!({
                "start": d.other_start, "end": d.other_end, "other": d.article_id, "kind": d.kind,
                "similarity": d.similarity}));
        }
    }
    let mut article_list = Vec::new();
    for a in &articles {
        let estimated = st
            .articles
            .iter()
            .find(|(x, _)| *x == a.id)
            .and_then(|(_, e)| e.clone());
        let copies: Vec<&String> = copy_of
            .iter()
            .filter(|(_, root)| **root == a.id)
            .map(|(c, _)| c)
            .collect();
        let mut copies: Vec<Value> = copies
            .into_iter()
            .filter_map(|c| articles.iter().find(|x| x.id == *c))
            .map(|c| {
                json!({"id": c.id, "source": c.source, "title": c.title, "url": c.url,
                            "published": c.published.map(|p| p.to_string())})
            })
            .collect();
        copies.sort_by_key(|c| c["id"].to_string());
        let mut passages = shared.remove(a.id.as_str()).unwrap_or_default();
        passages.sort_by_key(|p| p["start"].as_u64());
        article_list.push(json!({
            "id": a.id, "title": a.title, "source": a.source, "lang": a.lang, "url": a.url, "path": a.path,
            "published": a.published.map(|p| p.to_string()), "estimated_date": estimated,
            "text": a.text, "copy_of": copy_of.get(&a.id), "copies": copies, "shared": passages,
        }));
    }
    // Actors: one entry per actor id, whatever the spellings.
    let mut actors: BTreeMap<&str, ActorTally> = BTreeMap::new();
    for m in &mentions {
        let e = actors.entry(m.actor_id.as_str()).or_default();
        e.0 += 1;
        *e.1.entry(m.surface.as_str()).or_default() += 1;
        e.2.insert(m.article_id.as_str());
    }
    let mut actor_list: Vec<Value> = actors
        .iter()
        .map(|(id, (n, surfaces, arts))| {
            let name = app
                .profiles
                .profile(id)
                .map(|p| p.name)
                .filter(|n| !n.is_empty())
                .or_else(|| {
                    surfaces
                        .iter()
                        .max_by_key(|(s, c)| (**c, std::cmp::Reverse(**s)))
                        .map(|(s, _)| s.to_string())
                })
                .unwrap_or_else(|| id.to_string());
            json!({"id": id, "name": name, "mentions": n, "articles": arts.len(),
                   "surfaces": surfaces.keys().collect::<Vec<_>>()})
        })
        .collect();
    actor_list.sort_by_key(|a| std::cmp::Reverse(a["mentions"].as_u64()));
    // Sources compared: what each one reports.
    let mut by_source: BTreeMap<String, (Vec<&str>, u64, HashSet<&str>)> = BTreeMap::new();
    for a in &articles {
        let e = by_source
            .entry(a.source.clone().unwrap_or_else(|| "?".into()))
            .or_default();
        e.0.push(a.id.as_str());
    }
    let source_of: HashMap<&str, String> = articles
        .iter()
        .map(|a| {
            (
                a.id.as_str(),
                a.source.clone().unwrap_or_else(|| "?".into()),
            )
        })
        .collect();
    for ev in &events {
        if let Some(src) = source_of.get(ev.row.article_id.as_str()) {
            if let Some(e) = by_source.get_mut(src) {
                e.1 += 1;
            }
        }
    }
    for m in &mentions {
        if let Some(src) = source_of.get(m.article_id.as_str()) {
            if let Some(e) = by_source.get_mut(src) {
                e.2.insert(m.actor_id.as_str());
            }
        }
    }
    let comparison: Vec<Value> = by_source
        .iter()
        .map(|(s, (arts, n, act))| {
            let mut act: Vec<&&str> = act.iter().collect();
            act.sort();
            json!({"source": s, "articles": arts, "events": n, "actors": act})
        })
        .collect();
    Ok(json!({
        "id": st.id, "thread_id": st.thread_id, "title": st.title, "summary": st.summary,
        "first_seen": st.first_seen, "last_seen": st.last_seen, "estimated": st.estimated,
        "independent_sources": st.independent, "sources": st.sources,
        "articles": article_list, "actors": actor_list,
        "events": events.iter().map(|e| {
            let mut v = event_json(e);
            // An undated article's events sit on the date its story gives it.
            if e.day.is_none() {
                if let Some(Some(d)) = st.articles.iter().find(|(a, _)| *a == e.row.article_id).map(|(_, d)| d) {
                    v["day"] = Value::from(d.get(..10).unwrap_or(d));
                    v["day_estimated"] = Value::Bool(true);
                }
            }
            v
        }).collect::<Vec<_>>(),
        "comparison": if by_source.len() > 1 { Value::from(comparison) } else { Value::Null },
        // What the sources say, from the sources stage (#19): each claim with
        // the sources that report it, and the conflicts between them.
        "claims": serde_json::to_value(store.claims(Some(&st.id)).map_err(store_error)?)
            .unwrap_or(Value::Null),
    }))
}

async fn story(State(app): State<Arc<App>>, uri: Uri, RawQuery(q): RawQuery) -> Response {
    respond(
        async {
            Params::parse(q.as_deref(), &[])?;
            let id = path_id(&uri, "id")?;
            // A test hook: a panic in the handler itself, off the blocking pool.
            steppe_model::guard::failpoint("serve", &id);
            let v = blocking(&app, move |app| {
                app.with_store(|s| {
                    s.snapshot(|s| story_view(app, s, &id))
                        .map_err(store_error)?
                })
            })
            .await?;
            Ok(Json(v).into_response())
        }
        .await,
    )
}

// ---------------------------------------------------------------- events

/// Reads the event filter parameters.
pub fn event_filter(p: &Params) -> ApiResult<EventFilter> {
    let (from, to) = p.date_range()?;
    let a = p.id("a")?;
    let b = p.id("b")?;
    let pair = match (a, b) {
        (Some(a), Some(b)) => Some((side(a), side(b))),
        (Some(_), None) => return Err(ApiError::bad("b", "required with a")),
        (None, Some(_)) => return Err(ApiError::bad("a", "required with b")),
        (None, None) => None,
    };
    let cameo = match p.id("cameo")? {
        Some(c) if (2..=4).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_digit()) => Some(c),
        Some(_) => {
            return Err(ApiError::bad(
                "cameo",
                "must be a CAMEO root or code: 2 to 4 digits",
            ))
        }
        None => None,
    };
    let country = match p.id("country")? {
        Some(c) if c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()) => {
            Some(Side::Country(c))
        }
        Some(_) => {
            return Err(ApiError::bad(
                "country",
                "must be a three-letter code such as USA",
            ))
        }
        None => None,
    };
    let actor = p.id("actor")?.map(Side::Actor);
    if actor.is_some() && country.is_some() {
        return Err(ApiError::bad("country", "give actor or country, not both"));
    }
    let plover = match p.id("plover")? {
        Some(v) if v.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_') => {
            Some(v.to_uppercase())
        }
        Some(_) => {
            return Err(ApiError::bad(
                "plover",
                "must be a PLOVER category such as CONSULT",
            ))
        }
        None => None,
    };
    Ok(EventFilter {
        actor: actor.or(country),
        directed: p.choice("directed", &["true", "false"])? == Some("true"),
        pair,
        cameo,
        plover,
        quad_class: p.number("quad", 1, 4)?.map(|q| q as u8),
        modality: p
            .choice(
                "modality",
                &["realised", "planned", "hypothetical", "reported"],
            )?
            .map(str::to_string),
        from,
        to,
        story: p.id("story")?,
    })
}

async fn events(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Response {
    respond(
        async {
            let p = Params::parse(q.as_deref(), EVENTS_PARAMS)?;
            let format = format_of(&p)?;
            let filter = event_filter(&p)?;
            let max = if format == Format::Json {
                MAX_PAGE
            } else {
                MAX_EXPORT
            };
            let limit = p.limit(
                if format == Format::Json {
                    50
                } else {
                    MAX_EXPORT
                },
                max,
            )?;
            let after = p.cursor(2)?.and_then(|c| match c.as_slice() {
                [a, b] => Some((a.clone(), b.clone())),
                _ => None,
            });
            if format != Format::Json {
                let mut key = after;
                let mut left = limit;
                let csv = format == Format::Csv;
                let head = csv.then(|| {
                    csv_line(&EVENT_CSV.iter().map(|c| c.to_string()).collect::<Vec<_>>())
                });
                return Ok(stream(
                    Arc::clone(&app),
                    if csv {
                        "text/csv; charset=utf-8"
                    } else {
                        "application/x-ndjson"
                    },
                    head,
                    move |app| {
                        if left == 0 {
                            return Ok(Vec::new());
                        }
                        let page = app.with_store(|s| {
                            s.events_page(&filter, key.as_ref(), left.min(1000))
                                .map_err(store_error)
                        })?;
                        left -= page.len();
                        key = page
                            .last()
                            .map(|e| (e.row.article_id.clone(), e.row.id.clone()));
                        Ok(page
                            .iter()
                            .map(|e| {
                                if csv {
                                    csv_line(&event_csv_row(e))
                                } else {
                                    format!("{}\n", event_json(e)).into_bytes()
                                }
                            })
                            .collect())
                    },
                ));
            }
            let page = blocking(&app, move |app| {
                app.with_store(|s| {
                    s.events_page(&filter, after.as_ref(), limit)
                        .map_err(store_error)
                })
            })
            .await?;
            let cursor = (page.len() == limit)
                .then(|| page.last())
                .flatten()
                .map(|e| encode_cursor(&[&e.row.article_id, &e.row.id]));
            Ok(Json(json!({
                "events": page.iter().map(event_json).collect::<Vec<_>>(), "next_cursor": cursor,
            }))
            .into_response())
        }
        .await,
    )
}

// ---------------------------------------------------------------- actors

/// Actors whose id or usual name contains every word of `q` (folded to
/// lower case), most mentioned first.
pub fn find_actors(app: &App, q: &str, limit: usize) -> Vec<Value> {
    let words: Vec<String> = q.split_whitespace().map(str::to_lowercase).collect();
    app.cached()
        .actors
        .iter()
        .filter(|(id, _, _, surface)| {
            let hay = format!("{} {}", id.to_lowercase(), surface.to_lowercase());
            words.iter().all(|w| hay.contains(w.as_str()))
        })
        .take(limit)
        .map(|(id, m, a, surface)| {
            let name = app
                .profiles
                .profile(id)
                .map(|p| p.name)
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| surface.clone());
            json!({"id": id, "name": name, "mentions": m, "articles": a})
        })
        .collect()
}

async fn actors(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Response {
    respond(
        async {
            let p = Params::parse(q.as_deref(), ACTORS_PARAMS)?;
            let q = p.text("q")?.unwrap_or_default();
            let limit = p.limit(20, MAX_PAGE)?;
            let list = blocking(&app, move |app| Ok(find_actors(app, &q, limit))).await?;
            Ok(Json(json!({"actors": list})).into_response())
        }
        .await,
    )
}

/// An actor as the API and the actor page show it.
pub fn actor_view(app: &App, store: &Store, id: &str) -> ApiResult<Value> {
    let stats = store.actor_stats(id).map_err(store_error)?;
    let profile = app.profiles.profile(id);
    let Some(stats) = stats else {
        return Err(ApiError::not_found(
            "id",
            format!("no actor {id} in this store"),
        ));
    };
    let partners = store.partners(id, 8).map_err(store_error)?;
    // Cooperation and conflict with the main partners, month by month.
    let mut over_time = Vec::new();
    for p in partners.iter().take(5) {
        let cells = store
            .relation(
                &Side::Actor(id.to_string()),
                &Side::Actor(p.id.clone()),
                Period::Month,
                0,
            )
            .map_err(store_error)?;
        let mut months: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
        for c in &cells {
            let e = months.entry(c.period.as_str()).or_default();
            if c.quad_class <= 2 {
                e.0 += c.count;
            } else {
                e.1 += c.count;
            }
        }
        over_time.push(
            json!({"partner": p.id, "months": months.iter().map(|(m, (co, cf))|
            json!({"month": m, "cooperation": co, "conflict": cf})).collect::<Vec<_>>()}),
        );
    }
    Ok(json!({
        "id": stats.id,
        "name": profile.as_ref().map(|p| p.name.clone()).filter(|n| !n.is_empty())
            .or_else(|| stats.surfaces.first().map(|s| s.0.clone())),
        "profile": profile,
        "surfaces": stats.surfaces.iter().map(|(s, n)| json!({"text": s, "count": n})).collect::<Vec<_>>(),
        "codes": stats.codes.iter().map(|(s, n)| json!({"code": s, "count": n})).collect::<Vec<_>>(),
        "mentions": stats.mentions, "articles": stats.articles,
        "by_month": stats.by_month.iter().map(|(m, a, e)| json!({"month": m, "articles": a, "events": e})).collect::<Vec<_>>(),
        "partners": partners.iter().map(|p| json!({"id": p.id,
            "name": app.profiles.profile(&p.id).map(|x| x.name).filter(|n| !n.is_empty()).unwrap_or_else(|| p.surface.clone()),
            "events": p.events,
            "cooperation": p.cooperation, "conflict": p.conflict,
            "goldstein_mean": if p.events > 0 { p.goldstein_sum / p.events as f64 } else { 0.0 }})).collect::<Vec<_>>(),
        "partners_over_time": over_time,
    }))
}

async fn actor(State(app): State<Arc<App>>, uri: Uri, RawQuery(q): RawQuery) -> Response {
    respond(
        async {
            Params::parse(q.as_deref(), &[])?;
            let id = path_id(&uri, "id")?;
            let v = blocking(&app, move |app| app.with_store(|s| actor_view(app, s, &id))).await?;
            Ok(Json(v).into_response())
        }
        .await,
    )
}

// ---------------------------------------------------------------- relations

/// The relation between two sides, period by period.
pub fn relation_view(
    store: &Store,
    a: &Side,
    b: &Side,
    by: Period,
    ids: usize,
) -> ApiResult<Value> {
    let cells = store.relation(a, b, by, ids).map_err(store_error)?;
    let mut points: Vec<Value> = Vec::new();
    let mut i = 0;
    while i < cells.len() {
        let period = cells.get(i).map(|c| c.period.clone()).unwrap_or_default();
        let mut quad = [0u64; 4];
        let (mut sum, mut n) = (0.0, 0u64);
        let mut events: Vec<&String> = Vec::new();
        while let Some(c) = cells.get(i).filter(|c| c.period == period) {
            if let Some(q) = quad.get_mut(usize::from(c.quad_class.clamp(1, 4)) - 1) {
                *q += c.count;
            }
            sum += c.goldstein_sum;
            n += c.count;
            events.extend(&c.event_ids);
            i += 1;
        }
        points.push(json!({
            "period": period, "events": n,
            "quad_class": {"1": quad[0], "2": quad[1], "3": quad[2], "4": quad[3]},
            "goldstein_sum": (sum * 100.0).round() / 100.0,
            "goldstein_mean": if n > 0 { (sum / n as f64 * 100.0).round() / 100.0 } else { 0.0 },
            "event_ids": events,
        }));
    }
    let name = |s: &Side| match s {
        Side::Actor(x) | Side::Country(x) => x.clone(),
    };
    Ok(
        json!({"a": name(a), "b": name(b), "by": match by { Period::Month => "month", Period::Week => "week" },
              "points": points}),
    )
}

/// Reads `a`, `b`, `by` and `ids`.
pub fn relation_params(p: &Params) -> ApiResult<(Side, Side, Period, usize)> {
    let a = side(p.required_id("a")?);
    let b = side(p.required_id("b")?);
    let by = match p.choice("by", &["month", "week"])? {
        Some("week") => Period::Week,
        _ => Period::Month,
    };
    let ids = p.number("ids", 0, 100)?.unwrap_or(20) as usize;
    Ok((a, b, by, ids))
}

async fn relations(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Response {
    respond(
        async {
            let p = Params::parse(q.as_deref(), RELATIONS_PARAMS)?;
            let (a, b, by, ids) = relation_params(&p)?;
            let v = blocking(&app, move |app| {
                app.with_store(|s| relation_view(s, &a, &b, by, ids))
            })
            .await?;
            Ok(Json(v).into_response())
        }
        .await,
    )
}

// ---------------------------------------------------------------- timeline

/// Article and event volume by month: over the store, an actor, or a search.
pub fn timeline_view(app: &App, q: Option<&str>, actor: Option<&str>) -> ApiResult<Value> {
    let months: Vec<Value> = if let Some(id) = actor {
        let stats = app.with_store(|s| s.actor_stats(id).map_err(store_error))?;
        let Some(stats) = stats else {
            return Err(ApiError::not_found(
                "actor",
                format!("no actor {id} in this store"),
            ));
        };
        stats
            .by_month
            .iter()
            .map(|(m, a, e)| json!({"month": m, "articles": a, "events": e}))
            .collect()
    } else if let Some(q) = q {
        let found = app
            .index
            .search(&SearchRequest {
                q: q.to_string(),
                limit: 1,
                facets: true,
                ..Default::default()
            })
            .map_err(|e| ApiError::internal(e.to_string()))?;
        found
            .facets
            .month
            .iter()
            .map(|f| json!({"month": f.value, "articles": f.count}))
            .collect()
    } else {
        app.cached()
            .volume
            .iter()
            .map(|(m, a, e)| json!({"month": m, "articles": a, "events": e}))
            .collect()
    };
    Ok(json!({"by": "month", "points": months}))
}

async fn timeline(State(app): State<Arc<App>>, RawQuery(q): RawQuery) -> Response {
    respond(
        async {
            let p = Params::parse(q.as_deref(), TIMELINE_PARAMS)?;
            let q = p.text("q")?;
            let actor = p.id("actor")?;
            if q.is_some() && actor.is_some() {
                return Err(ApiError::bad("actor", "give q or actor, not both"));
            }
            let v = blocking(&app, move |app| {
                timeline_view(app, q.as_deref(), actor.as_deref())
            })
            .await?;
            Ok(Json(v).into_response())
        }
        .await,
    )
}

// ---------------------------------------------------------------- writes

/// The largest body `POST /api/ingest` reads.
const MAX_INGEST: usize = 32 * 1024 * 1024;

async fn ingest(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    body: Body,
) -> Response {
    respond(
        async {
            app.authorised(&headers)?;
            let p = Params::parse(q.as_deref(), INGEST_PARAMS)?;
            let name = p.id("name")?.unwrap_or_else(|| "posted.jsonl".into());
            // A client that stalls in its body gets a 408 and frees the connection.
            let body = match tokio::time::timeout(
                app.body_timeout,
                axum::body::to_bytes(body, MAX_INGEST),
            )
            .await
            {
                Ok(Ok(b)) => b,
                Ok(Err(_)) => {
                    return Err(ApiError {
                        status: StatusCode::PAYLOAD_TOO_LARGE,
                        param: Some("body".into()),
                        message: format!("larger than {MAX_INGEST} bytes, or cut short"),
                    })
                }
                Err(_) => {
                    return Err(ApiError {
                        status: StatusCode::REQUEST_TIMEOUT,
                        param: Some("body".into()),
                        message: format!(
                            "not received within {:.1} s",
                            app.body_timeout.as_secs_f64()
                        ),
                    })
                }
            };
            let summary = blocking(&app, move |app| {
                let Some(ing) = &app.ingest else {
                    return Err(ApiError::internal("this server has no ingest"));
                };
                let summary = ing
                    .ingest(&name, &body)
                    .map_err(|e| ApiError::bad("body", e))?;
                let indexed = app.with_store(|s| {
                    app.index
                        .sync(s)
                        .map_err(|e| ApiError::internal(e.to_string()))
                })?;
                app.refresh()?;
                Ok(json!({"summary": summary, "indexed": indexed}))
            })
            .await?;
            Ok(Json(summary).into_response())
        }
        .await,
    )
}
