#![allow(clippy::string_slice)] // fixed fixture strings, sliced at offsets found in them
//! The server on a small store written here (our own sentences): search with
//! stemming and accents, a story with a copy folded, one actor for two
//! spellings, paged events, relations, strict parameters, a panic that costs
//! one request, and the OpenAPI document against what the handlers take.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::OnceLock;

use serde_json::Value;
use steppe_model::{
    ActorMention, Analysed, Article, Claim, ClaimKind, DateOrigin, Event, EventActor, Evidence,
    Format, Modality, Published,
};
use steppe_store::{DuplicateRow, Store, StoryRow};

const A_TEXT: &str = "Les négociations entre le Kazakhstan et l'Ouzbékistan sur le partage de l'eau du Syr-Daria ont repris mardi à Astana. Le ministre Mourat Nourtleou a rencontré son homologue ouzbek pendant trois heures.";
const C_TEXT: &str = "Talks between Kazakhstan and Uzbekistan over sharing the water of the Syr Darya resumed in Astana. Foreign minister Murat Nurtleu met his Uzbek counterpart. Tashkent later accused Astana of holding back the spring flow.";

fn article(id: &str, source: &str, lang: &str, day: &str, title: &str, text: &str) -> Article {
    Article {
        id: id.into(),
        path: format!("fixtures/{id}.txt"),
        item: 0,
        format: Format::Text,
        url: Some(format!("https://example.invalid/{id}")),
        source: Some(source.into()),
        title: Some(title.into()),
        author: None,
        lang: Some(lang.into()),
        lang_confidence: 0.95,
        published: Published::parse_iso(day),
        date_origin: DateOrigin::Header,
        text: text.into(),
        removed: vec![],
        warnings: vec![],
    }
}

fn mention(text: &str, surface: &str, actor: &str, code: &str) -> ActorMention {
    let start = text.find(surface).expect("fixture surface in its text");
    ActorMention {
        start,
        end: start + surface.len(),
        surface: surface.into(),
        actor: actor.into(),
        code: code.into(),
        how: "alias".into(),
        ner: None,
    }
}

/// An event of `text` on `trigger`, `(source, target)`, `(cameo, quad class, Goldstein)`.
fn event(
    text: &str,
    trigger: &str,
    (src, tgt): (&str, &str),
    (cameo, quad, g): (&str, u8, f32),
    day: &str,
) -> Event {
    let start = text.find(trigger).expect("fixture trigger in its text");
    let side = |id: &str| EventActor {
        id: id.into(),
        code: id.into(),
        surface: id.into(),
    };
    let sentence_end = text[start..]
        .find('.')
        .map_or(text.len(), |i| start + i + 1);
    let sentence_start = text[..start].rfind(". ").map_or(0, |i| i + 2);
    Event {
        sentence_start,
        sentence_end,
        start,
        end: start + trigger.len(),
        source: side(src),
        target: side(tgt),
        cameo: cameo.into(),
        root: cameo[..2].into(),
        plover: if quad <= 2 { "CONSULT" } else { "ACCUSE" }.into(),
        plover_mode: String::new(),
        quad_class: quad,
        goldstein: g,
        date: Some(day.into()),
        date_precision: "day".into(),
        place: None,
        quantities: vec![],
        modality: Modality::Realised,
        claimed_by: None,
        evidence: text[sentence_start..sentence_end].into(),
        confidence: 0.9,
    }
}

struct Fixture {
    addr: SocketAddr,
    _dir: tempfile::TempDir,
}

fn server() -> SocketAddr {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        // Read once by the failpoint hook, before any request.
        std::env::set_var("STEPPE_FAILPOINT", "serve:boom-now");
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("t.db");
        let mut s = Store::open(&db).expect("store");
        let a = article(
            "a1",
            "Le Courrier d'Asie centrale",
            "fr",
            "2023-03-01",
            "Reprise des négociations sur l'eau",
            A_TEXT,
        );
        let b = article(
            "b1",
            "Agence des steppes",
            "fr",
            "2023-03-02",
            "Reprise des négociations sur l'eau",
            A_TEXT,
        );
        let c = article(
            "c1",
            "Steppe Wire",
            "en",
            "2023-03-15",
            "Water talks resume in Astana",
            C_TEXT,
        );
        let rec = |a: Article, mentions, events| Analysed {
            article: a,
            timexes: vec![],
            quantities: vec![],
            mentions,
            events,
            quotes: vec![],
            framings: vec![],
        };
        let recs = vec![
            rec(
                a,
                vec![
                    mention(A_TEXT, "Kazakhstan", "KAZ", "KAZ"),
                    mention(A_TEXT, "Mourat Nourtleou", "P:nurtleu", "KAZGOV"),
                ],
                vec![event(
                    A_TEXT,
                    "négociations",
                    ("KAZ", "UZB"),
                    ("043", 1, 2.8),
                    "2023-02-28",
                )],
            ),
            rec(b, vec![mention(A_TEXT, "Kazakhstan", "KAZ", "KAZ")], vec![]),
            rec(
                c,
                vec![
                    mention(C_TEXT, "Kazakhstan", "KAZ", "KAZ"),
                    mention(C_TEXT, "Murat Nurtleu", "P:nurtleu", "KAZGOV"),
                ],
                vec![
                    event(C_TEXT, "met", ("KAZ", "UZB"), ("036", 1, 4.0), "2023-03-14"),
                    event(
                        C_TEXT,
                        "accused",
                        ("UZB", "KAZ"),
                        ("112", 3, -2.0),
                        "2023-04-02",
                    ),
                ],
            ),
        ];
        s.write_batch(&recs, &[]).expect("batch");
        let story = StoryRow {
            id: "S1".into(),
            thread_id: "T1".into(),
            title: "Water talks between Kazakhstan and Uzbekistan".into(),
            summary: String::new(),
            first_seen: Some("2023-03-01".into()),
            last_seen: Some("2023-03-15".into()),
            estimated: None,
            actors: vec!["KAZ".into(), "P:nurtleu".into()],
            independent: 2,
            sources: vec!["Le Courrier d'Asie centrale".into(), "Steppe Wire".into()],
            articles: vec![
                ("a1".into(), None),
                ("b1".into(), None),
                ("c1".into(), None),
            ],
        };
        let copy = DuplicateRow {
            article_id: "b1".into(),
            other_id: "a1".into(),
            kind: "copy".into(),
            start: 0,
            end: 120,
            other_start: 0,
            other_end: 120,
            similarity: 1.0,
        };
        s.replace_stories(&[story], &[copy]).expect("stories");
        let claim = |kind: ClaimKind, text: &str, sources: &[&str], detail: &str| Claim {
            story_id: "S1".into(),
            kind,
            key: format!("{}:{text}", kind.as_str()),
            article_ids: vec!["a1".into(), "c1".into()],
            sources: sources.iter().map(|s| s.to_string()).collect(),
            independent_sources: sources.len(),
            actor_id: "KAZ".into(),
            text: text.into(),
            value: None,
            unit: String::new(),
            detail: detail.into(),
            evidence: vec![Evidence {
                article_id: "c1".into(),
                start: 0,
                end: 20,
            }],
        };
        s.replace_claims(&[
            claim(
                ClaimKind::Event,
                "KAZ consult UZB",
                &["Le Courrier d'Asie centrale", "Steppe Wire"],
                "",
            ),
            claim(
                ClaimKind::Conflict,
                "when the talks resumed",
                &["Le Courrier d'Asie centrale", "Steppe Wire"],
                "Tuesday / Monday",
            ),
            claim(
                ClaimKind::Quote,
                "KAZ said talks went well",
                &["Steppe Wire"],
                "",
            ),
        ])
        .expect("claims");
        drop(s);
        let addr = steppe_serve::spawn_local(steppe_serve::Options {
            header_timeout: std::time::Duration::from_secs(1),
            idle_timeout: std::time::Duration::from_millis(2500),
            ..steppe_serve::Options::new(&db)
        })
        .expect("server");
        Fixture { addr, _dir: dir }
    })
    .addr
}

/// A raw GET (the path is sent as given, bytes and all): status, body.
fn get_raw(path: &[u8]) -> (u16, String, String) {
    let mut s = TcpStream::connect(server()).expect("connect");
    s.write_all(b"GET ").expect("write");
    s.write_all(path).expect("write");
    s.write_all(b" HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        .expect("write");
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).expect("read");
    let text = String::from_utf8_lossy(&buf).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let ctype = head
        .lines()
        .find_map(|l| l.strip_prefix("content-type: "))
        .unwrap_or_default()
        .to_string();
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_string()
    };
    (status, ctype, body)
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        s = &rest[n + 2..];
    }
    out
}

fn get(path: &str) -> (u16, Value) {
    let (status, _, body) = get_raw(path.as_bytes());
    let v =
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {body}"));
    (status, v)
}

fn error_param(path: &str) -> (u16, String) {
    let (status, v) = get(path);
    (
        status,
        v["error"]["param"].as_str().unwrap_or_default().to_string(),
    )
}

#[test]
fn search_stems_and_folds_accents_with_snippets_and_facets() {
    // "negociation" (no accent, singular) finds the French "négociations".
    let (status, v) = get("/api/search?q=negociation");
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["total"], 2, "{v}");
    let snippet = v["hits"][0]["snippet_html"].as_str().unwrap();
    assert!(snippet.contains("<b>négociations</b>"), "{snippet}");
    assert_eq!(v["facets"]["lang"][0]["value"], "fr");
    // English stemming: "resuming" meets "resumed"; a language filter narrows.
    let (_, v) = get("/api/search?q=resuming&lang=en");
    assert_eq!(v["total"], 1, "{v}");
    assert_eq!(v["hits"][0]["story"], "S1");
    let (_, v) = get("/api/search?q=Astana&from=2023-03-10");
    assert_eq!(v["total"], 1, "{v}");
    // Paging: one hit a page, a cursor to the next.
    let (_, v) = get("/api/search?q=Astana&limit=1");
    assert_eq!(v["hits"].as_array().unwrap().len(), 1);
    let cursor = v["next_cursor"].as_str().unwrap().to_string();
    let (_, w) = get(&format!("/api/search?q=Astana&limit=1&cursor={cursor}"));
    assert_ne!(v["hits"][0]["id"], w["hits"][0]["id"]);
}

#[test]
fn a_story_folds_its_copy_and_has_one_actor_for_two_spellings() {
    let (status, v) = get("/api/stories/S1");
    assert_eq!(status, 200, "{v}");
    let arts = v["articles"].as_array().unwrap();
    assert_eq!(arts.len(), 3);
    let a1 = arts.iter().find(|a| a["id"] == "a1").unwrap();
    assert_eq!(a1["copies"][0]["id"], "b1");
    assert_eq!(
        arts.iter().find(|a| a["id"] == "b1").unwrap()["copy_of"],
        "a1"
    );
    assert!(a1["shared"][0]["end"].as_u64().unwrap() > 0);
    let nurtleu: Vec<&Value> = v["actors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["id"] == "P:nurtleu")
        .collect();
    assert_eq!(nurtleu.len(), 1);
    assert_eq!(
        nurtleu[0]["surfaces"],
        serde_json::json!(["Mourat Nourtleou", "Murat Nurtleu"])
    );
    assert_eq!(v["events"].as_array().unwrap().len(), 3);
    assert_eq!(v["comparison"].as_array().unwrap().len(), 3);
    let (status, v) = get("/api/stories/S404");
    assert_eq!((status, v["error"]["param"].as_str()), (404, Some("id")));
}

#[test]
fn events_page_with_cursors_and_filters() {
    let (_, v) = get("/api/events?actor=KAZ&limit=2");
    assert_eq!(v["events"].as_array().unwrap().len(), 2);
    let cursor = v["next_cursor"].as_str().unwrap().to_string();
    let (_, w) = get(&format!("/api/events?actor=KAZ&limit=2&cursor={cursor}"));
    assert_eq!(w["events"].as_array().unwrap().len(), 1);
    assert!(w["next_cursor"].is_null());
    let (_, v) = get("/api/events?a=UZB&b=KAZ&directed=true");
    assert_eq!(v["events"].as_array().unwrap().len(), 1);
    assert_eq!(v["events"][0]["cameo"], "112");
    let (_, v) = get("/api/events?quad=1&from=2023-03");
    assert_eq!(v["events"].as_array().unwrap().len(), 1);
    let (_, v) = get("/api/events?cameo=04&story=S1");
    assert_eq!(v["events"][0]["cameo"], "043");
    let (_, v) = get("/api/events?country=KAZ");
    assert_eq!(v["events"].as_array().unwrap().len(), 3);
    let (status, ctype, body) = get_raw(b"/api/events?actor=KAZ&format=csv");
    assert_eq!((status, ctype.as_str()), (200, "text/csv; charset=utf-8"));
    assert_eq!(body.lines().count(), 4, "{body}");
    assert!(body.starts_with("id,article_id,day,"));
    let (_, _, body) = get_raw(b"/api/events?actor=KAZ&format=ndjson&limit=2");
    assert_eq!(body.lines().count(), 2, "{body}");
}

#[test]
fn relations_count_both_directions_by_month() {
    let (status, v) = get("/api/relations?a=KAZ&b=UZB");
    assert_eq!(status, 200, "{v}");
    let points = v["points"].as_array().unwrap();
    let periods: Vec<&str> = points
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    assert_eq!(periods, vec!["2023-02", "2023-03", "2023-04"]);
    assert_eq!(points[2]["quad_class"]["3"], 1);
    assert_eq!(points[2]["goldstein_mean"], -2.0);
    assert_eq!(points[2]["event_ids"].as_array().unwrap().len(), 1);
    let (_, v) = get("/api/actors/P:nurtleu");
    assert_eq!(v["mentions"], 2);
    assert_eq!(v["surfaces"].as_array().unwrap().len(), 2);
    let (_, v) = get("/api/actors/KAZ");
    assert_eq!(v["partners"][0]["id"], "UZB");
    assert_eq!(
        (
            v["partners"][0]["cooperation"].as_u64(),
            v["partners"][0]["conflict"].as_u64()
        ),
        (Some(2), Some(1))
    );
    let (_, v) = get("/api/actors?q=nurtleu");
    assert_eq!(v["actors"][0]["id"], "P:nurtleu");
    let (_, v) = get("/api/timeline?actor=KAZ");
    assert_eq!(v["points"][0]["month"], "2023-02");
}

#[test]
fn bad_requests_are_4xx_json_naming_the_parameter() {
    for (path, want) in [
        ("/api/events?limit=0", "limit"),
        ("/api/events?limit=-3", "limit"),
        ("/api/events?limit=100000000000000000000", "limit"),
        ("/api/events?from=2023-02-30", "from"),
        ("/api/events?from=2024&to=2023", "to"),
        ("/api/events?quad=5", "quad"),
        ("/api/events?cameo=04%27%20OR%201=1--", "cameo"),
        ("/api/events?a=KAZ", "b"),
        ("/api/events?cursor=00zz", "cursor"),
        ("/api/events?sort=date", "sort"),
        ("/api/search", "q"),
        ("/api/search?q=a&q=b", "q"),
        ("/api/search?q=x&lang=french", "lang"),
        ("/api/relations?a=KAZ&b=UZB&by=year", "by"),
        ("/api/stories/S1?x=1", "x"),
        ("/api/timeline?q=a&actor=KAZ", "actor"),
    ] {
        let (status, param) = error_param(path);
        assert_eq!((status, param.as_str()), (400, want), "{path}");
    }
    // Non-UTF-8 bytes, raw and escaped, in a value and in a path.
    let (status, _, body) = get_raw(b"/api/search?q=%FF%FE");
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("\"param\":\"q\""), "{body}");
    let (status, _, body) = get_raw(b"/api/actors/%C3%28");
    assert!(status == 400 && body.contains("\"param\":\"id\""), "{body}");
    let long = format!("/api/search?q={}", "a".repeat(9000));
    let (status, param) = error_param(&long);
    assert_eq!((status, param.as_str()), (414, "query"));
    // An injection attempt is just words: no error, nothing found.
    let (status, v) = get("/api/search?q=%27%3B%20DROP%20TABLE%20articles%3B--");
    assert_eq!((status, v["total"].as_u64()), (200, Some(0)));
    let (status, v) = get("/api/nothing-here");
    assert_eq!((status, v["error"]["param"].as_str()), (404, Some("path")));
    // Writes are refused on a read-only server.
    let mut s = TcpStream::connect(server()).unwrap();
    s.write_all(
        b"POST /api/ingest HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
    )
    .unwrap();
    let mut buf = String::new();
    s.read_to_string(&mut buf).unwrap();
    assert!(buf.starts_with("HTTP/1.1 403"), "{buf}");
}

#[test]
fn a_panic_costs_its_request_only() {
    let (status, v) = get("/api/search?q=boom-now");
    assert_eq!(status, 500, "{v}");
    let (status, v) = get("/api/stories/boom-now");
    assert_eq!(status, 500, "{v}");
    assert!(v["error"]["message"].as_str().unwrap().contains("panic"));
    let (status, _) = get("/api/search?q=Astana");
    assert_eq!(status, 200);
}

#[test]
fn the_openapi_document_lists_what_each_endpoint_takes() {
    let (status, doc) = get("/openapi.json");
    assert_eq!(status, 200);
    use steppe_serve::api::*;
    for (path, known) in [
        ("/api/search", SEARCH_PARAMS),
        ("/api/stories", STORIES_PARAMS),
        ("/api/events", EVENTS_PARAMS),
        ("/api/actors", ACTORS_PARAMS),
        ("/api/relations", RELATIONS_PARAMS),
        ("/api/timeline", TIMELINE_PARAMS),
    ] {
        let listed: Vec<&str> = doc["paths"][path]["get"]["parameters"]
            .as_array()
            .unwrap_or_else(|| panic!("{path} missing"))
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(listed, known, "{path}");
    }
}

#[test]
fn pages_show_the_story_in_both_languages() {
    let (status, _, html) = get_raw(b"/en/story/S1");
    assert_eq!(status, 200);
    assert!(
        html.contains("<span id=\"article-count\">3</span>"),
        "{html}"
    );
    assert_eq!(html.matches("data-actor=\"P:nurtleu\"").count(), 1);
    assert_eq!(html.matches("class=\"event-dot\"").count(), 3);
    assert!(html.contains("Syndicated copies (1)"));
    assert!(html.contains("<mark class=\"copy\">"));
    // The comparison of sources: agreed, differing, and one source's claims,
    // actors named, sources listed.
    let compared = html
        .split("id=\"claims\"")
        .nth(1)
        .and_then(|rest| rest.split("</div>").next())
        .unwrap_or_default();
    assert!(
        compared.contains("id=\"claims-agreed\" open><summary>Reported by several sources (1)"),
        "{compared}"
    );
    assert!(compared.contains("Kazakhstan consult UZB"), "{compared}");
    assert!(
        compared.contains("Le Courrier d&#39;Asie centrale, Steppe Wire (2 independent sources)"),
        "{compared}"
    );
    assert!(compared.contains("<i>Tuesday / Monday</i>"), "{compared}");
    assert!(
        compared.contains("id=\"claims-single\"><summary>Reported by one source only (1)"),
        "{compared}"
    );
    let (_, v) = get("/api/stories/S1");
    assert_eq!(v["claims"].as_array().map(Vec::len), Some(3));
    assert!(
        html.contains("href=\"/fr/story/S1\" hreflang=\"fr\""),
        "the same page in French"
    );
    let (_, _, html) = get_raw(b"/fr/story/S1");
    assert!(html.contains("Chronologie des événements") && html.contains("Copies reprises (1)"));
    let (status, _, html) = get_raw(b"/fr/relation?a=KAZ&b=UZB");
    assert_eq!(status, 200);
    assert!(
        html.contains("<span id=\"relation-events\">3</span>"),
        "{html}"
    );
    let (status, _, html) = get_raw(b"/en/story/nope");
    assert!(status == 404 && html.contains("Not found"));
    let (status, _, html) = get_raw(b"/en/search?q=eau&lang=fr");
    assert_eq!(status, 200);
    assert!(html.contains("<span id=\"total\">2</span>"), "{html}");
}

/// A client that sends half a request head and stalls loses its connection
/// after the header read timeout; one that stalls in a posted body gets a
/// 408; others are served meanwhile.
#[test]
fn a_stalled_client_is_dropped_and_others_are_served() {
    use std::time::{Duration, Instant};
    let addr = server();
    let mut stalled = TcpStream::connect(addr).expect("connect");
    stalled
        .write_all(b"GET /api/health HTTP/1.1\r\nHost: t\r\nX-Half: ")
        .expect("write");
    stalled
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let started = Instant::now();
    // Served while the other waits.
    let (status, v) = get("/api/health");
    assert_eq!(status, 200);
    assert_eq!(v["status"], "ok");
    let mut buf = Vec::new();
    // The server closes it (possibly after a 408 line): the read ends.
    let _ = stalled.read_to_end(&mut buf);
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(20),
        "closed after {waited:?}"
    );
    let answer = String::from_utf8_lossy(&buf);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
    let (status, _) = get("/api/health");
    assert_eq!(status, 200);
}

/// One request on a keep-alive connection: the status, after reading the
/// whole answer (Content-Length).
fn ask_on(s: &mut TcpStream, path: &str) -> u16 {
    use std::io::BufRead;
    s.write_all(format!("GET {path} HTTP/1.1\r\nHost: t\r\n\r\n").as_bytes())
        .expect("write");
    let mut r = std::io::BufReader::new(s.try_clone().expect("clone"));
    let mut line = String::new();
    r.read_line(&mut line).expect("status line");
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let mut length = 0;
    loop {
        line.clear();
        r.read_line(&mut line).expect("header");
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    r.read_exact(&mut body).expect("body");
    status
}

/// A reader who pauses between two pages longer than the head timeout keeps
/// its keep-alive connection (the head timer counts from a head's first
/// byte); a connection idle past the idle timeout is closed.
#[test]
fn an_idle_keep_alive_connection_outlives_the_head_timeout() {
    use std::time::Duration;
    let mut s = TcpStream::connect(server()).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    assert_eq!(ask_on(&mut s, "/api/health"), 200);
    // Past the fixture's 1 s head timeout, within its 2.5 s idle timeout.
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(ask_on(&mut s, "/api/health"), 200);
    std::thread::sleep(Duration::from_millis(3000));
    // Closed by the server: the read ends (a read timeout would be an error).
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut buf = Vec::new();
    assert!(
        s.read_to_end(&mut buf).is_ok(),
        "the idle connection stayed open"
    );
    assert!(
        buf.is_empty() || String::from_utf8_lossy(&buf).starts_with("HTTP/1.1 408"),
        "{}",
        String::from_utf8_lossy(&buf)
    );
}
