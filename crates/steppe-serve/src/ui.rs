//! The web UI: pages drawn on the server from the same views as the API
//! (`api::story_view` and the others), charts as hand-written SVG, each with
//! its table one click away (`<details>`) and a CSV link. Interface words
//! come from `assets/i18n.tsv`; every page lives under `/en/` or `/fr/`, so
//! its URL says its language and can be shared.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::sync::{Arc, OnceLock};

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use serde_json::Value;
use steppe_store::Side;

use crate::api::{self, path_id};
use crate::index::html_escape as esc;
use crate::params::{encode_cursor, percent_encode as enc, ApiError, ApiResult, Params};
use crate::{blocking, App};

const I18N: &str = include_str!("../assets/i18n.tsv");
const CSS: &str = include_str!("../assets/style.css");

/// Interface languages, in the columns' order of `i18n.tsv`.
const UI_LANGS: [&str; 2] = ["en", "fr"];

fn words() -> &'static HashMap<&'static str, [&'static str; 2]> {
    static W: OnceLock<HashMap<&'static str, [&'static str; 2]>> = OnceLock::new();
    W.get_or_init(|| {
        I18N.lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut it = l.split('\t');
                Some((it.next()?, [it.next()?, it.next()?]))
            })
            .collect()
    })
}

#[derive(Clone, Copy)]
pub struct Ui {
    lang: usize,
}

impl Ui {
    fn code(self) -> &'static str {
        UI_LANGS.get(self.lang).copied().unwrap_or("en")
    }

    /// An interface word; a missing key shows itself (and a test checks none is).
    fn t(self, key: &'static str) -> &'static str {
        words()
            .get(key)
            .and_then(|w| w.get(self.lang).copied())
            .unwrap_or(key)
    }

    /// The word of a count: `key` itself, or its singular (`key_one`) for
    /// one, and for zero in French ("1 event", "0 événement").
    fn word(self, n: u64, key: &'static str) -> &'static str {
        let one = if self.code() == "fr" { n <= 1 } else { n == 1 };
        one.then(|| words().get(format!("{key}_one").as_str()))
            .flatten()
            .and_then(|w| w.get(self.lang).copied())
            .unwrap_or_else(|| self.t(key))
    }

    fn other(self) -> Ui {
        Ui {
            lang: 1 - self.lang.min(1),
        }
    }
}

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/", get(root))
        .route("/static/style.css", get(css))
        .route("/{ui}/", get(home))
        .route("/{ui}/search", get(search))
        .route("/{ui}/story/{id}", get(story))
        .route("/{ui}/actor/{id}", get(actor))
        .route("/{ui}/relation", get(relation))
}

async fn css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        CSS,
    )
        .into_response()
}

/// `/` sends French readers to `/fr/`, everyone else to `/en/`.
async fn root(headers: HeaderMap) -> Redirect {
    let fr = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("fr"));
    Redirect::to(if fr { "/fr/" } else { "/en/" })
}

fn ui_of(uri: &Uri) -> Option<Ui> {
    let first = uri.path().trim_start_matches('/').split('/').next()?;
    UI_LANGS
        .iter()
        .position(|l| *l == first)
        .map(|lang| Ui { lang })
}

/// The page around a body: header with search and the other language.
fn page(ui: Ui, uri: &Uri, title: &str, body: &str) -> String {
    let other = ui.other();
    let rest = uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/")
        .get(4..)
        .unwrap_or("");
    format!(
        r#"<!doctype html><html lang="{l}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{title} · steppe</title><link rel="stylesheet" href="/static/style.css"></head><body>
<header><a class="brand" href="/{l}/">steppe</a><form action="/{l}/search"><input type="search" name="q" placeholder="{ph}" aria-label="{s}"> <button>{s}</button></form>
<a href="/{o}/{rest}" hreflang="{o}">{lname}</a></header><main>{body}</main></body></html>"#,
        l = ui.code(),
        o = other.code(),
        title = esc(title),
        ph = ui.t("search_placeholder"),
        s = ui.t("search"),
        lname = ui.t("language"),
        rest = esc(rest),
    )
}

fn error_page(ui: Ui, uri: &Uri, e: &ApiError) -> Response {
    let head = if e.status == StatusCode::NOT_FOUND {
        ui.t("not_found")
    } else {
        ui.t("bad_request")
    };
    let body = format!(
        "<h1>{head}</h1><p class=\"error\">{}</p>",
        esc(&e.to_string())
    );
    (e.status, Html(page(ui, uri, head, &body))).into_response()
}

/// Anything no route took: JSON under `/api/`, a page elsewhere.
pub async fn not_found(uri: Uri) -> Response {
    let e = ApiError::not_found("path", format!("no such page: {}", uri.path()));
    if uri.path().starts_with("/api/") {
        return e.into_response();
    }
    error_page(ui_of(&uri).unwrap_or(Ui { lang: 0 }), &uri, &e)
}

async fn render(
    app: Arc<App>,
    uri: Uri,
    f: impl FnOnce(&App, Ui) -> ApiResult<(String, String)> + Send + 'static,
) -> Response {
    let Some(ui) = ui_of(&uri) else {
        return not_found(uri).await;
    };
    match blocking(&app, move |app| f(app, ui)).await {
        Ok((title, body)) => Html(page(ui, &uri, &title, &body)).into_response(),
        Err(e) => error_page(ui, &uri, &e),
    }
}

// ---------------------------------------------------------------- charts

/// A CSV file as a one-click download link.
fn csv_link(ui: Ui, name: &str, header: &[&str], rows: &[Vec<String>]) -> String {
    let mut csv = header.join(",");
    csv.push('\n');
    for r in rows {
        let cells: Vec<String> = r
            .iter()
            .map(|c| {
                if c.contains([',', '"', '\n']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.clone()
                }
            })
            .collect();
        csv.push_str(&cells.join(","));
        csv.push('\n');
    }
    format!(
        r#"<a class="csv" download="{name}.csv" href="data:text/csv;charset=utf-8,{}">{}</a>"#,
        enc(&csv),
        ui.t("csv")
    )
}

fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut s = String::from("<table><tr>");
    for h in header {
        let _ = write!(s, "<th>{}</th>", esc(h));
    }
    s.push_str("</tr>");
    for r in rows {
        s.push_str("<tr>");
        for c in r {
            let _ = write!(s, "<td>{}</td>", esc(c));
        }
        s.push_str("</tr>");
    }
    s.push_str("</table>");
    s
}

/// A chart with its table and CSV one click away.
fn chart_block(ui: Ui, name: &str, svg: String, header: &[&str], rows: &[Vec<String>]) -> String {
    format!(
        r#"<div class="chart" data-chart="{name}">{svg}<details><summary>{} · {}</summary>{}</details>{}</div>"#,
        ui.t("table"),
        rows.len(),
        table(header, rows),
        csv_link(ui, name, header, rows)
    )
}

const QUAD_COLOURS: [&str; 4] = ["#9dc3e6", "#2e75b6", "#f4b183", "#c00000"];

/// Stacked bars: one bar per label, one colour per series.
fn stacked_bars(labels: &[String], series: &[(&str, &str, Vec<f64>)]) -> String {
    let (w, h, pad) = (760.0, 220.0, 30.0);
    let n = labels.len().max(1) as f64;
    let max = (0..labels.len())
        .map(|i| {
            series
                .iter()
                .map(|s| s.2.get(i).copied().unwrap_or(0.0))
                .sum::<f64>()
        })
        .fold(0.0, f64::max)
        .max(1.0);
    let bw = ((w - pad) / n).min(60.0);
    let mut s = format!(
        r#"<svg viewBox="0 0 {w} {h2}" width="100%" role="img"><line x1="{pad}" y1="{h}" x2="{w}" y2="{h}" stroke='#889'/><text x="2" y="12" font-size="10">{max}</text>"#,
        h2 = h + 40.0
    );
    for (i, label) in labels.iter().enumerate() {
        let x = pad + i as f64 * bw;
        let mut y = h;
        for (name, colour, values) in series {
            let v = values.get(i).copied().unwrap_or(0.0);
            if v <= 0.0 {
                continue;
            }
            let bh = v / max * (h - 20.0);
            y -= bh;
            let _ = write!(
                s,
                r#"<rect class="bar" x="{x:.1}" y="{y:.1}" width="{:.1}" height="{bh:.1}" fill="{colour}"><title>{} {}: {v}</title></rect>"#,
                (bw - 2.0).max(1.0),
                esc(label),
                esc(name)
            );
        }
        if labels.len() <= 24 || i % (labels.len() / 12).max(1) == 0 {
            let _ = write!(
                s,
                r#"<text x="{:.1}" y="{:.1}" font-size="9" transform="rotate(45 {:.1} {:.1})">{}</text>"#,
                x + 2.0,
                h + 12.0,
                x + 2.0,
                h + 12.0,
                esc(label)
            );
        }
    }
    let mut lx = pad;
    for (name, colour, _) in series {
        let _ = write!(
            s,
            r#"<rect x="{lx}" y="2" width="10" height="10" fill="{colour}"/><text x="{}" y="11" font-size="10">{}</text>"#,
            lx + 13.0,
            esc(name)
        );
        lx += 14.0 + 7.0 * name.chars().count() as f64;
    }
    s.push_str("</svg>");
    s
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or(0.0)
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn volume_chart(ui: Ui, name: &str, points: &[Value]) -> String {
    let month = |p: &Value| match text(&p["month"]) {
        m if m.is_empty() => ui.t("undated").to_string(),
        m => m,
    };
    let labels: Vec<String> = points.iter().map(month).collect();
    let arts: Vec<f64> = points.iter().map(|p| num(&p["articles"])).collect();
    let evs: Vec<f64> = points.iter().map(|p| num(&p["events"])).collect();
    let svg = stacked_bars(
        &labels,
        &[
            (ui.t("articles"), "#5b9bd5", arts),
            (ui.t("events"), "#f4b183", evs),
        ],
    );
    let rows: Vec<Vec<String>> = points
        .iter()
        .map(|p| vec![month(p), text(&p["articles"]), text(&p["events"])])
        .collect();
    chart_block(
        ui,
        name,
        svg,
        &[ui.t("month"), ui.t("articles"), ui.t("events")],
        &rows,
    )
}

// ---------------------------------------------------------------- pages

async fn home(State(app): State<Arc<App>>, uri: Uri, RawQuery(q): RawQuery) -> Response {
    render(app, uri, move |app, ui| {
        Params::parse(q.as_deref(), &[])?;
        let stories = app.with_store(|s| s.stories_page(None, 15).map_err(crate::store_error))?;
        let timeline = api::timeline_view(app, None, None)?;
        let points = timeline["points"].as_array().cloned().unwrap_or_default();
        let mut b = format!(
            r#"<h1>{}</h1><form action="/{l}/search"><input type="search" name="q" size="50" placeholder="{}"> <button>{}</button></form><h2>{}</h2><ul class="stories">"#,
            ui.t("tagline"),
            ui.t("search_placeholder"),
            ui.t("search"),
            ui.t("recent_stories"),
            l = ui.code()
        );
        for s in &stories {
            let _ = write!(
                b,
                r#"<li><a href="/{l}/story/{id}">{t}</a> <span class="muted small">{d} · {n} {a} · {src}</span></li>"#,
                l = ui.code(),
                id = enc(&s.id),
                t = esc(&s.title),
                d = esc(s.last_seen.as_deref().unwrap_or(ui.t("undated"))),
                n = s.articles,
                a = ui.word(s.articles, "articles"),
                src = esc(&s.sources.join(", ")),
            );
        }
        let _ = write!(b, "</ul><h2>{}</h2>{}", ui.t("volume"), volume_chart(ui, "volume", &points));
        Ok((ui.t("title").to_string(), b))
    })
    .await
}

async fn search(State(app): State<Arc<App>>, uri: Uri, RawQuery(q): RawQuery) -> Response {
    render(app, uri, move |app, ui| {
        let p = Params::parse(q.as_deref(), api::SEARCH_PARAMS)?;
        let r = api::search_request(&p)?;
        let page = api::run_search(app, &r)?;
        let l = ui.code();
        // A link to this search with one filter changed.
        let link = |key: &str, value: Option<&str>| -> String {
            let mut parts = vec![format!("q={}", enc(&r.q))];
            let keep = [("lang", r.lang.as_deref()), ("source", r.source.as_deref()), ("month", r.month.as_deref())];
            for (k, v) in keep {
                let v = if k == key { value } else { v };
                if let Some(v) = v {
                    parts.push(format!("{k}={}", enc(v)));
                }
            }
            format!("/{l}/search?{}", parts.join("&"))
        };
        let mut b = String::from(r#"<aside class="facets">"#);
        for (key, label, list) in [
            ("lang", ui.t("facet_lang"), &page.facets.lang),
            ("source", ui.t("facet_source"), &page.facets.source),
            ("month", ui.t("facet_month"), &page.facets.month),
        ] {
            let _ = write!(b, r#"<h3>{label}</h3><ul data-facet="{key}"><li><a href="{}">{}</a></li>"#, esc(&link(key, None)), ui.t("all"));
            for f in list {
                let _ = write!(
                    b,
                    r#"<li><a href="{}">{}</a> ({})</li>"#,
                    esc(&link(key, Some(&f.value))),
                    esc(&f.value),
                    f.count
                );
            }
            b.push_str("</ul>");
        }
        let _ = write!(
            b,
            r#"</aside><h1>{} “{}”</h1><p class="count"><span id="total">{}</span> {}</p>"#,
            ui.t("search"),
            esc(&r.q),
            page.total,
            ui.t("results")
        );
        if page.hits.is_empty() {
            let _ = write!(b, "<p>{}</p>", ui.t("no_results"));
        }
        for h in &page.hits {
            let target = match h["story"].as_str() {
                Some(s) => format!("/{l}/story/{}", enc(s)),
                None => "#".into(),
            };
            let _ = write!(
                b,
                r#"<div class="hit"><a href="{}">{}</a> <span class="muted small">{} · {} · {}</span><div class="snippet">{}</div></div>"#,
                esc(&target),
                esc(&text(&h["title"])),
                esc(&text(&h["source"])),
                esc(&text(&h["published"])),
                esc(&text(&h["lang"])),
                h["snippet_html"].as_str().unwrap_or_default(),
            );
        }
        let next = r.offset + page.hits.len();
        if next < page.total && page.hits.len() == r.limit {
            let _ = write!(
                b,
                r#"<p><a rel="next" href="{}&cursor={}">{}</a></p>"#,
                esc(&link("", None)),
                encode_cursor(&[&next.to_string()]),
                ui.t("next_page")
            );
        }
        let timeline = api::timeline_view(app, Some(&r.q), None)?;
        let points = timeline["points"].as_array().cloned().unwrap_or_default();
        let _ = write!(b, "<h2>{}</h2>{}", ui.t("volume"), volume_chart(ui, "search-volume", &points));
        Ok((format!("{} {}", ui.t("search"), r.q), b))
    })
    .await
}

fn actor_link(ui: Ui, id: &str, name: &str) -> String {
    if id.is_empty() {
        return "—".into();
    }
    format!(
        r#"<a href="/{}/actor/{}">{}</a>"#,
        ui.code(),
        enc(id),
        esc(if name.is_empty() { id } else { name })
    )
}

/// The text of an article with its shared passages marked (character offsets).
fn marked_text(text_: &str, shared: &[Value]) -> String {
    let mut spans: Vec<(usize, usize, bool)> = shared
        .iter()
        .filter_map(|p| {
            Some((
                p["start"].as_u64()? as usize,
                p["end"].as_u64()? as usize,
                p["kind"].as_str() == Some("copy"),
            ))
        })
        .filter(|(s, e, _)| s < e)
        .collect();
    spans.sort();
    let chars: Vec<char> = text_.chars().collect();
    let mut out = String::new();
    let mut at = 0;
    for (s, e, copy) in spans {
        let s = s.max(at).min(chars.len());
        let e = e.min(chars.len());
        if s >= e {
            continue;
        }
        out.push_str(&esc(&chars
            .get(at..s)
            .unwrap_or_default()
            .iter()
            .collect::<String>()));
        let _ = write!(
            out,
            r#"<mark{}>{}</mark>"#,
            if copy { r#" class="copy""# } else { "" },
            esc(&chars
                .get(s..e)
                .unwrap_or_default()
                .iter()
                .collect::<String>())
        );
        at = e;
    }
    out.push_str(&esc(&chars
        .get(at..)
        .unwrap_or_default()
        .iter()
        .collect::<String>()));
    out
}

/// An article's date, or the one its story estimates for it.
fn date_of(ui: Ui, a: &Value) -> String {
    match (a["published"].as_str(), a["estimated_date"].as_str()) {
        (Some(p), _) => esc(p),
        (None, Some(e)) => format!("{} ({})", esc(e), ui.t("estimated")),
        (None, None) => ui.t("undated").to_string(),
    }
}

fn event_block(ui: Ui, e: &Value, names: &HashMap<String, String>) -> String {
    let side = |k: &str| {
        let id = text(&e[k]["id"]);
        let name = names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| text(&e[k]["surface"]));
        actor_link(ui, &id, &name)
    };
    let rel = match (e["source"]["id"].as_str(), e["target"]["id"].as_str()) {
        (Some(a), Some(b)) if !a.is_empty() && !b.is_empty() => format!(
            r#" · <a href="/{}/relation?a={}&amp;b={}">{}</a>"#,
            ui.code(),
            enc(a),
            enc(b),
            ui.t("open_relation")
        ),
        _ => String::new(),
    };
    format!(
        r#"<div class="event q{q}" data-event="{id}"><b>{day}</b> {src} → {tgt} · <span title="CAMEO">{cameo}</span> {plover} · {modality}{rel}<div class="evidence">{ev}</div></div>"#,
        q = text(&e["quad_class"]),
        id = esc(&text(&e["id"])),
        day = if e["day_estimated"] == Value::Bool(true) {
            format!(
                "{} <span class=\"muted small\">({})</span>",
                esc(&text(&e["day"])),
                ui.t("estimated")
            )
        } else {
            esc(&text(&e["day"]))
        },
        src = side("source"),
        tgt = side("target"),
        cameo = esc(&text(&e["cameo"])),
        plover = esc(&text(&e["plover"])),
        modality = esc(&text(&e["modality"])),
        ev = esc(&text(&e["evidence"])),
    )
}

/// Events placed on a line of days.
fn event_timeline(ui: Ui, events: &[Value]) -> String {
    let days: BTreeSet<String> = events
        .iter()
        .map(|e| text(&e["day"]))
        .filter(|d| !d.is_empty())
        .collect();
    let days: Vec<&String> = days.iter().collect();
    let (w, h) = (760.0, 90.0);
    let step = if days.len() > 1 {
        (w - 80.0) / (days.len() - 1) as f64
    } else {
        0.0
    };
    let mut s = format!(
        r#"<svg viewBox="0 0 {w} {h}" width="100%" role="img"><line x1="40" y1="45" x2="{}" y2="45" stroke='#889'/>"#,
        w - 40.0
    );
    let mut per_day: HashMap<String, usize> = HashMap::new();
    for e in events {
        *per_day.entry(text(&e["day"])).or_default() += 1;
    }
    let mut stacked: HashMap<&str, usize> = HashMap::new();
    for e in events {
        let day = text(&e["day"]);
        let Some(i) = days.iter().position(|d| **d == day) else {
            continue;
        };
        let x = 40.0 + i as f64 * step;
        let k = stacked
            .entry(days.get(i).map_or("", |d| d.as_str()))
            .or_default();
        // Dots of one day stack upwards within the chart.
        let gap = (40.0 / per_day.get(&day).copied().unwrap_or(1) as f64).min(8.0);
        let y = 45.0 - gap * *k as f64;
        *k += 1;
        let q = (num(&e["quad_class"]) as usize).clamp(1, 4);
        let _ = write!(
            s,
            r#"<circle class="event-dot" data-day="{}" data-date="{}" cx="{x:.1}" cy="{y:.1}" r="5" fill="{}"><title>{} {} {}</title></circle>"#,
            esc(&day),
            esc(&text(&e["date"])),
            QUAD_COLOURS.get(q - 1).copied().unwrap_or("#888"),
            esc(&day),
            esc(&text(&e["cameo"])),
            esc(&text(&e["evidence"]))
        );
    }
    for (i, d) in days.iter().enumerate() {
        let x = 40.0 + i as f64 * step;
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="65" font-size="10">{}</text>"#,
            x - 25.0,
            esc(d)
        );
    }
    s.push_str("</svg>");
    let rows: Vec<Vec<String>> = events
        .iter()
        .map(|e| {
            vec![
                text(&e["day"]),
                text(&e["source"]["id"]),
                text(&e["target"]["id"]),
                text(&e["cameo"]),
                text(&e["quad_class"]),
                text(&e["evidence"]),
            ]
        })
        .collect();
    chart_block(
        ui,
        "story-events",
        s,
        &[
            ui.t("date"),
            ui.t("source"),
            ui.t("target"),
            ui.t("code"),
            ui.t("quad"),
            ui.t("evidence"),
        ],
        &rows,
    )
}

/// Actors on a circle, an edge per pair that has events.
fn actor_graph(ui: Ui, actors: &[Value], events: &[Value]) -> String {
    let ids: Vec<String> = actors.iter().take(12).map(|a| text(&a["id"])).collect();
    let (w, h, r) = (520.0, 360.0, 140.0);
    let pos = |i: usize| {
        let a = i as f64 / ids.len().max(1) as f64 * std::f64::consts::TAU;
        (w / 2.0 + r * a.cos(), h / 2.0 + r * a.sin())
    };
    let mut edges: BTreeMap<(usize, usize), (u64, u8)> = BTreeMap::new();
    for e in events {
        let s = ids.iter().position(|x| *x == text(&e["source"]["id"]));
        let t = ids.iter().position(|x| *x == text(&e["target"]["id"]));
        if let (Some(s), Some(t)) = (s, t) {
            if s != t {
                let k = (s.min(t), s.max(t));
                let entry = edges.entry(k).or_insert((0, 0));
                entry.0 += 1;
                entry.1 = entry.1.max(num(&e["quad_class"]) as u8);
            }
        }
    }
    let mut s = format!(r#"<svg viewBox="0 0 {w} {h}" width="{w}" role="img">"#);
    let mut rows = Vec::new();
    for ((a, b), (n, q)) in &edges {
        let (x1, y1) = pos(*a);
        let (x2, y2) = pos(*b);
        let colour = QUAD_COLOURS
            .get(usize::from((*q).clamp(1, 4)) - 1)
            .copied()
            .unwrap_or("#888");
        let _ = write!(
            s,
            r#"<line class="edge" x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="{colour}" stroke-width="{}"><title>{n}</title></line>"#,
            1 + n.min(&6)
        );
        rows.push(vec![
            ids.get(*a).cloned().unwrap_or_default(),
            ids.get(*b).cloned().unwrap_or_default(),
            n.to_string(),
        ]);
    }
    for (i, a) in actors.iter().take(12).enumerate() {
        let (x, y) = pos(i);
        let _ = write!(
            s,
            r#"<a href="/{}/actor/{}"><circle cx="{x:.1}" cy="{y:.1}" r="6" fill='#23395d'/><text x="{:.1}" y="{:.1}" font-size="11">{}</text></a>"#,
            ui.code(),
            enc(&text(&a["id"])),
            x + 8.0,
            y + 4.0,
            esc(&text(&a["name"]))
        );
    }
    s.push_str("</svg>");
    chart_block(
        ui,
        "story-graph",
        s,
        &[ui.t("source"), ui.t("target"), ui.t("events")],
        &rows,
    )
}

/// The comparison of a story's sources (its claims, #19): what several
/// sources report alike, where they differ, and what one source alone says,
/// each with the sources named. Nothing when the story has no claims.
fn claims_block(ui: Ui, claims: &[Value], names: &HashMap<String, String>) -> String {
    if claims.is_empty() {
        return String::new();
    }
    let kind = |c: &Value| match c["kind"].as_str() {
        Some("event") => ui.t("kind_event"),
        Some("figure") => ui.t("kind_figure"),
        Some("quote") => ui.t("kind_quote"),
        Some("framing") => ui.t("kind_framing"),
        _ => ui.t("kind_conflict"),
    };
    let item = |c: &Value| {
        let sources: Vec<String> = c["sources"]
            .as_array()
            .map(|s| s.iter().map(text).collect())
            .unwrap_or_default();
        let actor = text(&c["actor_id"]);
        let who = names.get(&actor).cloned().unwrap_or(actor);
        // A claim's text names actors by id ("P-BLINKEN consult KAZ"): their names stand in.
        let said: Vec<String> = text(&c["text"])
            .split(' ')
            .map(|w| names.get(w).cloned().unwrap_or_else(|| w.to_string()))
            .collect();
        let said = said.join(" ");
        let who = if said.contains(&who) {
            String::new()
        } else {
            who
        };
        let detail = text(&c["detail"]);
        format!(
            r#"<li data-kind="{}"><span class="tag">{}</span> {}{}{} <span class="muted small">— {} ({} {})</span></li>"#,
            esc(&text(&c["kind"])),
            kind(c),
            if who.is_empty() {
                String::new()
            } else {
                format!("<b>{}</b>: ", esc(&who))
            },
            esc(&said),
            if detail.is_empty() {
                String::new()
            } else {
                format!(" <i>{}</i>", esc(&detail))
            },
            esc(&sources.join(", ")),
            c["independent_sources"].as_u64().unwrap_or(0),
            ui.t("independent"),
        )
    };
    let conflicts: Vec<&Value> = claims.iter().filter(|c| c["kind"] == "conflict").collect();
    let (agreed, single): (Vec<&Value>, Vec<&Value>) = claims
        .iter()
        .filter(|c| c["kind"] != "conflict")
        .partition(|c| c["independent_sources"].as_u64().unwrap_or(0) > 1);
    let mut b = format!(r#"<h2>{}</h2><div id="claims">"#, ui.t("compare_h"));
    for (id, title, list, open) in [
        ("claims-agreed", ui.t("claims_agreed"), &agreed, true),
        (
            "claims-conflicts",
            ui.t("claims_conflicts"),
            &conflicts,
            true,
        ),
        ("claims-single", ui.t("claims_single"), &single, false),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = write!(
            b,
            r#"<details id="{id}"{}><summary>{} ({})</summary><ul class="claims">"#,
            if open { " open" } else { "" },
            title,
            list.len()
        );
        for c in list.iter().take(200) {
            b.push_str(&item(c));
        }
        b.push_str("</ul></details>");
    }
    b.push_str("</div>");
    b
}

async fn story(State(app): State<Arc<App>>, uri: Uri, RawQuery(q): RawQuery) -> Response {
    let id = path_id(&uri, "id");
    render(app, uri, move |app, ui| {
        Params::parse(q.as_deref(), &[])?;
        let id = id?;
        let v = app.with_store(|s| {
            s.snapshot(|s| api::story_view(app, s, &id))
                .map_err(crate::store_error)?
        })?;
        let l = ui.code();
        let actors = v["actors"].as_array().cloned().unwrap_or_default();
        let events = v["events"].as_array().cloned().unwrap_or_default();
        let articles = v["articles"].as_array().cloned().unwrap_or_default();
        let names: HashMap<String, String> = actors
            .iter()
            .map(|a| (text(&a["id"]), text(&a["name"])))
            .collect();
        let shown: Vec<&Value> = articles.iter().filter(|a| a["copy_of"].is_null()).collect();
        let mut b = format!(
            r#"<h1>{}</h1><p class="muted">{} – {} · <span id="article-count">{}</span> {} · {} {}</p><p>{}</p>"#,
            esc(&text(&v["title"])),
            esc(&text(&v["first_seen"])),
            esc(&text(&v["last_seen"])),
            articles.len(),
            ui.word(articles.len() as u64, "articles"),
            text(&v["independent_sources"]),
            ui.word(v["independent_sources"].as_u64().unwrap_or(0), "independent"),
            esc(&text(&v["summary"])),
        );
        let _ = write!(b, r#"<h2>{}</h2><ul class="actors" id="actors">"#, ui.t("actors"));
        for (i, a) in actors.iter().enumerate() {
            if i == 12 {
                // The rest of the actors, one click away.
                let _ = write!(b, "</ul><details><summary>{} {}</summary><ul class=\"actors\">", actors.len() - 12, ui.t("actors"));
            }
            let surfaces: Vec<String> = a["surfaces"].as_array().map(|s| s.iter().map(text).collect()).unwrap_or_default();
            let _ = write!(
                b,
                r#"<li data-actor="{}">{} <span class="muted small">{} {} · {}</span></li>"#,
                esc(&text(&a["id"])),
                actor_link(ui, &text(&a["id"]), &text(&a["name"])),
                text(&a["mentions"]),
                ui.t("mentions"),
                esc(&surfaces.join(" / ")),
            );
        }
        let _ = write!(b, "</ul>{}<h2>{}</h2>", if actors.len() > 12 { "</details>" } else { "" }, ui.t("timeline"));
        if events.is_empty() {
            let _ = write!(b, "<p>{}</p>", ui.t("no_events"));
        } else {
            b.push_str(&event_timeline(ui, &events));
        }
        let mut in_order: Vec<&Value> = events.iter().collect();
        in_order.sort_by_key(|e| text(&e["day"]));
        for e in in_order {
            b.push_str(&event_block(ui, e, &names));
        }
        if !events.is_empty() {
            let _ = write!(b, "<h2>{}</h2>{}", ui.t("graph"), actor_graph(ui, &actors, &events));
        }
        // Sources side by side: each source's articles and what it reports.
        // An article of unknown source stands alone, under its file name.
        let mut by_source: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
        for a in &articles {
            let key = match a["source"].as_str() {
                Some(s) => s.to_string(),
                None => format!("({})", text(&a["path"]).rsplit('/').next().unwrap_or_default()),
            };
            by_source.entry(key).or_default().push(a);
        }
        let _ = write!(b, r#"<h2>{}</h2><div class="cols" id="sources">"#, ui.t("sources_side"));
        for (src, arts) in &by_source {
            let _ = write!(b, r#"<div class="col"><h3>{}</h3><ul>"#, esc(if src.is_empty() { "?" } else { src }));
            for a in arts {
                let n_events = events.iter().filter(|e| e["article_id"] == a["id"]).count();
                let _ = write!(
                    b,
                    r##"<li><a href="#a-{}">{}</a> <span class="muted small">{} · {} {}</span></li>"##,
                    esc(&text(&a["id"])),
                    esc(&text(&a["title"])),
                    date_of(ui, a),
                    n_events,
                    ui.word(n_events as u64, "events")
                );
            }
            b.push_str("</ul></div>");
        }
        b.push_str("</div>");
        b.push_str(&claims_block(ui, v["claims"].as_array().map_or(&[][..], Vec::as_slice), &names));
        let _ = write!(
            b,
            r#"<h2>{} <span class="muted small">({})</span></h2>"#,
            ui.t("articles_h"),
            ui.t("shared_passages")
        );
        for a in &shown {
            let copies = a["copies"].as_array().cloned().unwrap_or_default();
            let _ = write!(
                b,
                r#"<div class="article" id="a-{id}" data-article="{id}"><h3>{}</h3><p class="muted small">{} · {} · {}</p>"#,
                esc(&text(&a["title"])),
                esc(&text(&a["source"])),
                date_of(ui, a),
                esc(&text(&a["lang"])),
                id = esc(&text(&a["id"])),
            );
            if !copies.is_empty() {
                let _ = write!(b, r#"<details class="copies"><summary>{} ({})</summary><ul>"#, ui.t("copies"), copies.len());
                for c in &copies {
                    let _ = write!(
                        b,
                        r#"<li id="a-{}">{} · {} <span class="muted small">{}</span></li>"#,
                        esc(&text(&c["id"])),
                        esc(&text(&c["source"])),
                        esc(&text(&c["title"])),
                        esc(&text(&c["published"]))
                    );
                }
                b.push_str("</ul></details>");
            }
            let shared = a["shared"].as_array().cloned().unwrap_or_default();
            let _ = write!(
                b,
                r#"<div class="text">{}</div></div>"#,
                marked_text(a["text"].as_str().unwrap_or_default(), &shared)
            );
        }
        let _ = write!(b, r#"<p class="small"><a href="/api/stories/{}">JSON</a> · <a href="/api/events?story={}&amp;format=csv">{} CSV</a></p>"#, enc(&id), enc(&id), ui.t("events"));
        let _ = l;
        Ok((text(&v["title"]), b))
    })
    .await
}

async fn actor(State(app): State<Arc<App>>, uri: Uri, RawQuery(q): RawQuery) -> Response {
    let id = path_id(&uri, "id");
    render(app, uri, move |app, ui| {
        Params::parse(q.as_deref(), &[])?;
        let id = id?;
        let v = app.with_store(|s| api::actor_view(app, s, &id))?;
        let l = ui.code();
        let name = text(&v["name"]);
        let mut b = format!(
            r#"<h1 id="actor-name">{}</h1><p class="muted">{} · {} {} · {} {}</p>"#,
            esc(&name),
            esc(&id),
            text(&v["mentions"]),
            ui.word(v["mentions"].as_u64().unwrap_or(0), "mentions"),
            text(&v["articles"]),
            ui.word(v["articles"].as_u64().unwrap_or(0), "articles")
        );
        let profile = &v["profile"];
        let _ = write!(b, "<h2>{}</h2><ul>", ui.t("names"));
        if let Some(names) = profile["names"].as_array() {
            for n in names {
                let _ = write!(b, "<li>{} <span class=\"muted\">({})</span></li>", esc(&text(&n[1])), esc(&text(&n[0])));
            }
        }
        for s in v["surfaces"].as_array().cloned().unwrap_or_default() {
            let _ = write!(b, "<li>“{}” <span class=\"muted\">×{}</span></li>", esc(&text(&s["text"])), text(&s["count"]));
        }
        b.push_str("</ul>");
        if let Some(roles) = profile["roles"].as_array().filter(|r| !r.is_empty()) {
            let _ = write!(b, "<h2>{}</h2><ul>", ui.t("roles"));
            for r in roles {
                let _ = write!(
                    b,
                    "<li>{} · {} <span class=\"muted\">{} – {}</span></li>",
                    esc(&text(&r["office"])),
                    actor_link(ui, &text(&r["of"]), &text(&r["of"])),
                    esc(&text(&r["from"])),
                    esc(&text(&r["to"]))
                );
            }
            b.push_str("</ul>");
        }
        let months = v["by_month"].as_array().cloned().unwrap_or_default();
        let _ = write!(b, "<h2>{}</h2>{}", ui.t("volume"), volume_chart(ui, "actor-volume", &months));
        let partners = v["partners"].as_array().cloned().unwrap_or_default();
        if !partners.is_empty() {
            let _ = write!(b, r#"<h2>{}</h2><table id="partners"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th></th></tr>"#,
                ui.t("partners"), ui.t("actor"), ui.t("events"), ui.t("cooperation"), ui.t("conflict"));
            for p in &partners {
                let _ = write!(
                    b,
                    r#"<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><a href="/{l}/relation?a={}&amp;b={}">{}</a></td></tr>"#,
                    actor_link(ui, &text(&p["id"]), &text(&p["name"])),
                    text(&p["events"]),
                    text(&p["cooperation"]),
                    text(&p["conflict"]),
                    enc(&id),
                    enc(&text(&p["id"])),
                    ui.t("open_relation")
                );
            }
            b.push_str("</table>");
            let _ = write!(b, "<h2>{}</h2>", ui.t("coop_conflict"));
            for p in v["partners_over_time"].as_array().cloned().unwrap_or_default() {
                let pid = text(&p["partner"]);
                let pname = partners.iter().find(|x| text(&x["id"]) == pid).map(|x| text(&x["name"])).unwrap_or_else(|| pid.clone());
                let months = p["months"].as_array().cloned().unwrap_or_default();
                let labels: Vec<String> = months.iter().map(|m| text(&m["month"])).collect();
                let svg = stacked_bars(&labels, &[
                    (ui.t("cooperation"), "#2e75b6", months.iter().map(|m| num(&m["cooperation"])).collect()),
                    (ui.t("conflict"), "#c00000", months.iter().map(|m| num(&m["conflict"])).collect()),
                ]);
                let rows: Vec<Vec<String>> = months.iter().map(|m| vec![text(&m["month"]), text(&m["cooperation"]), text(&m["conflict"])]).collect();
                let _ = write!(b, "<h3>{}</h3>{}", esc(&pname), chart_block(ui, &format!("partner-{pid}"), svg, &[ui.t("month"), ui.t("cooperation"), ui.t("conflict")], &rows));
            }
        }
        let _ = write!(b, r#"<p class="small"><a href="/api/actors/{}">JSON</a> · <a href="/api/events?actor={}&amp;format=csv">{} CSV</a></p>"#, enc(&id), enc(&id), ui.t("events"));
        Ok((name, b))
    })
    .await
}

async fn relation(State(app): State<Arc<App>>, uri: Uri, RawQuery(q): RawQuery) -> Response {
    render(app, uri, move |app, ui| {
        let p = Params::parse(q.as_deref(), api::RELATIONS_PARAMS)?;
        let (a, b_side, by, ids) = api::relation_params(&p)?;
        let v = app.with_store(|s| api::relation_view(s, &a, &b_side, by, ids.max(50)))?;
        let name = |s: &Side| match s {
            Side::Actor(x) | Side::Country(x) => {
                app.profiles.profile(x).map(|p| p.name).filter(|n| !n.is_empty()).unwrap_or_else(|| x.clone())
            }
        };
        let raw = |s: &Side| match s {
            Side::Actor(x) | Side::Country(x) => x.clone(),
        };
        let (na, nb) = (name(&a), name(&b_side));
        let l = ui.code();
        let points = v["points"].as_array().cloned().unwrap_or_default();
        let labels: Vec<String> = points.iter().map(|p| text(&p["period"])).collect();
        let quad = |k: &str| points.iter().map(|p| num(&p["quad_class"][k])).collect::<Vec<f64>>();
        let svg = stacked_bars(&labels, &[
            (ui.t("verbal_coop"), QUAD_COLOURS[0], quad("1")),
            (ui.t("material_coop"), QUAD_COLOURS[1], quad("2")),
            (ui.t("verbal_conflict"), QUAD_COLOURS[2], quad("3")),
            (ui.t("material_conflict"), QUAD_COLOURS[3], quad("4")),
        ]);
        let rows: Vec<Vec<String>> = points.iter().map(|p| vec![
            text(&p["period"]), text(&p["events"]), text(&p["quad_class"]["1"]), text(&p["quad_class"]["2"]),
            text(&p["quad_class"]["3"]), text(&p["quad_class"]["4"]), text(&p["goldstein_mean"]),
        ]).collect();
        let mut b = format!(
            r#"<h1>{} {} {} {}</h1><p><a href="/{l}/relation?a={ea}&amp;b={eb}&amp;by=month">{}</a> · <a href="/{l}/relation?a={ea}&amp;b={eb}&amp;by=week">{}</a></p>"#,
            ui.t("relation_between"),
            actor_link(ui, &raw(&a), &na),
            ui.t("and"),
            actor_link(ui, &raw(&b_side), &nb),
            ui.t("by_month"),
            ui.t("by_week"),
            ea = enc(&raw(&a)),
            eb = enc(&raw(&b_side)),
        );
        let total: u64 = points.iter().map(|p| p["events"].as_u64().unwrap_or(0)).sum();
        let _ = write!(b, r#"<p><span id="relation-events">{total}</span> {}</p>"#, ui.word(total, "events"));
        b.push_str(&chart_block(ui, "relation", svg, &[ui.t("period"), ui.t("events"), "1", "2", "3", "4", ui.t("goldstein_mean")], &rows));
        let _ = write!(b, "<h2>{}</h2>", ui.t("events_behind"));
        let all_ids: Vec<String> = points
            .iter()
            .flat_map(|p| p["event_ids"].as_array().cloned().unwrap_or_default())
            .map(|v| text(&v))
            .collect();
        let evs = app.with_store(|s| s.events_by_ids(&all_ids).map_err(crate::store_error))?;
        let names = HashMap::new();
        for p in &points {
            let _ = write!(b, r#"<h3 id="p-{0}">{0} <span class="muted small">({1} {2})</span></h3>"#, esc(&text(&p["period"])), text(&p["events"]), ui.word(p["events"].as_u64().unwrap_or(0), "events"));
            let ids: Vec<String> = p["event_ids"].as_array().map(|x| x.iter().map(text).collect()).unwrap_or_default();
            for e in evs.iter().filter(|e| ids.contains(&e.row.id)) {
                b.push_str(&event_block(ui, &api::event_json(e), &names));
            }
        }
        let _ = write!(b, r#"<p class="small"><a href="/api/relations?a={}&amp;b={}">JSON</a></p>"#, enc(&raw(&a)), enc(&raw(&b_side)));
        Ok((format!("{na} – {nb}"), b))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_interface_word_has_both_languages_and_every_key_used_exists() {
        for line in I18N
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            assert_eq!(line.split('\t').count(), 3, "{line}");
        }
        let src = include_str!("ui.rs");
        let mut rest = src;
        let mut n = 0;
        while let Some(i) = rest.find("ui.t(\"") {
            let after = rest.get(i + 6..).unwrap_or_default();
            let key = after.split('"').next().unwrap_or_default();
            assert!(
                words().contains_key(key),
                "interface word {key} is not in i18n.tsv"
            );
            n += 1;
            rest = after;
        }
        assert!(n > 40, "found only {n} interface words");
        // Counted words have their singular too.
        let mut rest = src;
        let mut counted = 0;
        while let Some(i) = rest.find("ui.word(") {
            let after = rest.get(i + 8..).unwrap_or_default();
            // The key is the last argument of the call, in quotes.
            let call = after.split("\")").next().unwrap_or_default();
            let key = call.rsplit('"').next().unwrap_or_default();
            let is_key =
                !key.is_empty() && key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
            if is_key && call.contains('"') {
                assert!(words().contains_key(key), "{key} is not in i18n.tsv");
                let one = format!("{key}_one");
                assert!(
                    words().contains_key(one.as_str()),
                    "{one} is not in i18n.tsv"
                );
                counted += 1;
            }
            rest = after;
        }
        assert!(counted >= 6, "found only {counted} counted words");
        let en = Ui { lang: 0 };
        let fr = Ui { lang: 1 };
        assert_eq!(en.word(1, "events"), "event");
        assert_eq!(en.word(0, "events"), "events");
        assert_eq!(en.word(2, "events"), "events");
        assert_eq!(fr.word(0, "events"), "événement");
        assert_eq!(fr.word(3, "events"), "événements");
    }

    #[test]
    fn shared_passages_are_marked_on_character_offsets() {
        let shared = vec![serde_json::json!({"start": 8, "end": 15, "kind": "passage"})];
        assert_eq!(
            marked_text("Le chef rencontre l'émir.", &shared),
            "Le chef <mark>rencont</mark>re l&#39;émir."
        );
        let shared = vec![serde_json::json!({"start": 3, "end": 99, "kind": "copy"})];
        assert_eq!(
            marked_text("À Astana", &shared),
            "À A<mark class=\"copy\">stana</mark>"
        );
    }
}
