//! `steppe bench serve`: a synthetic store (articles with actors, events and
//! stories written straight to the store, no analysis), its search index, a
//! server on a loopback port, and a load of keep-alive HTTP/1.1 clients per
//! endpoint for a bounded time: requests/s and latency percentiles.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use steppe_model::{
    ActorMention, Analysed, Article, DateOrigin, Event, EventActor, Format, Modality, Published,
};
use steppe_store::{Store, StoryRow};

use crate::bench::{article, Rng};

#[derive(clap::Args)]
pub struct ServeArgs {
    /// Number of synthetic articles in the store.
    #[arg(long, default_value_t = 100_000)]
    articles: usize,
    /// Seconds of load per endpoint.
    #[arg(long, default_value_t = 5)]
    seconds: u64,
    /// Client connections per endpoint.
    #[arg(long, default_value_t = 8)]
    clients: usize,
    /// Folder for the store (default: a temporary folder, removed after).
    #[arg(long)]
    dir: Option<PathBuf>,
    #[arg(long)]
    json: bool,
}

/// Synthetic actors: a few hundred, with a skew so some are frequent.
const ACTORS: usize = 400;
const CAMEO: &[(&str, u8, f32)] = &[
    ("042", 1, 1.9),
    ("036", 1, 4.0),
    ("057", 2, 8.0),
    ("071", 2, 7.4),
    ("112", 3, -2.0),
    ("138", 3, -7.0),
    ("163", 4, -8.0),
    ("190", 4, -10.0),
];

/// The country of a synthetic actor (its code's first three letters).
fn country_of(id: &str) -> &'static str {
    const COUNTRIES: [&str; 8] = ["KAZ", "UZB", "KGZ", "TJK", "TKM", "RUS", "CHN", "USA"];
    let n: usize = id.get(1..).and_then(|n| n.parse().ok()).unwrap_or(0);
    COUNTRIES[n % COUNTRIES.len()]
}

fn actor_id(i: u64) -> String {
    format!("A{:04}", i % ACTORS as u64)
}

/// Writes `n` synthetic articles, 5 to a story, each with 3 mentions and 2 events.
fn fill(store: &mut Store, n: usize) -> Result<()> {
    let mut rng = Rng(0x5E4E_5E4E_u64.wrapping_add(n as u64));
    let mut batch = Vec::with_capacity(2000);
    let mut stories: Vec<StoryRow> = Vec::new();
    for i in 0..n {
        let (title, date, body) = article(&mut rng, i);
        let skewed = |rng: &mut Rng| {
            let x = rng.next() % (ACTORS as u64);
            x * x / ACTORS as u64
        };
        let ids: Vec<String> = (0..3).map(|_| actor_id(skewed(&mut rng))).collect();
        let mentions = ids
            .iter()
            .enumerate()
            .map(|(k, id)| ActorMention {
                start: k * 10,
                end: k * 10 + 5,
                surface: format!("Actor {id}"),
                actor: id.clone(),
                code: format!("X{:02}GOV", id.len()),
                how: "alias".into(),
                ner: None,
            })
            .collect();
        let events = (0..2)
            .map(|k| {
                let (cameo, quad, g) = CAMEO[(rng.next() % CAMEO.len() as u64) as usize];
                let side = |id: &str| EventActor {
                    id: id.to_string(),
                    code: format!("{}GOV", country_of(id)),
                    surface: format!("Actor {id}"),
                };
                Event {
                    sentence_start: k * 40,
                    sentence_end: k * 40 + 40,
                    start: k * 40 + 5,
                    end: k * 40 + 10,
                    source: side(&ids[k]),
                    target: side(&ids[k + 1]),
                    cameo: cameo.into(),
                    root: cameo.get(..2).unwrap_or_default().into(),
                    plover: "CONSULT".into(),
                    plover_mode: String::new(),
                    quad_class: quad,
                    goldstein: g,
                    date: Some(date.clone()),
                    date_precision: "day".into(),
                    place: None,
                    quantities: Vec::new(),
                    modality: Modality::Realised,
                    claimed_by: None,
                    evidence: body.chars().take(120).collect(),
                    confidence: 0.8,
                }
            })
            .collect();
        let id = format!("b{i:08x}");
        let a = Article {
            id: id.clone(),
            path: format!("bench/{i}.txt"),
            item: 0,
            format: Format::Text,
            url: None,
            source: Some(format!("Source {}", i % 40)),
            title: Some(title.clone()),
            author: None,
            lang: Some(
                if body.contains(" le ") || body.contains(" la ") {
                    "fr"
                } else {
                    "en"
                }
                .into(),
            ),
            lang_confidence: 0.9,
            published: Published::parse_iso(&date),
            date_origin: DateOrigin::Header,
            text: body,
            removed: Vec::new(),
            warnings: Vec::new(),
        };
        if i % 5 == 0 {
            stories.push(StoryRow {
                id: format!("S{:06}", i / 5),
                thread_id: format!("T{:06}", i / 50),
                title,
                summary: String::new(),
                first_seen: Some(date.clone()),
                last_seen: Some(date.clone()),
                estimated: None,
                actors: ids.clone(),
                independent: 1,
                sources: vec![a.source.clone().unwrap_or_default()],
                articles: Vec::new(),
            });
        }
        if let Some(s) = stories.last_mut() {
            s.articles.push((id, None));
        }
        batch.push(Analysed {
            article: a,
            timexes: Vec::new(),
            quantities: Vec::new(),
            mentions,
            events,
            quotes: Vec::new(),
            framings: Vec::new(),
        });
        if batch.len() == 2000 {
            store.write_batch(&batch, &[])?;
            batch.clear();
        }
    }
    store.write_batch(&batch, &[])?;
    store.replace_stories(&stories, &[])?;
    Ok(())
}

/// One keep-alive connection: sends requests, reads each whole answer.
pub(crate) struct Client {
    reader: BufReader<TcpStream>,
}

impl Client {
    pub(crate) fn connect(addr: SocketAddr) -> std::io::Result<Client> {
        let s = TcpStream::connect(addr)?;
        s.set_nodelay(true)?;
        s.set_read_timeout(Some(Duration::from_secs(120)))?;
        Ok(Client {
            reader: BufReader::new(s),
        })
    }

    /// The status of a GET, after reading its body (Content-Length answers only).
    fn get(&mut self, path: &str) -> std::io::Result<u16> {
        self.send(&format!("GET {path} HTTP/1.1"), &[], b"")
            .map(|(status, _)| status)
    }

    /// Sends a request (its first line, more header lines, a body) and
    /// reads the answer: status and body (Content-Length answers only).
    pub(crate) fn send(
        &mut self,
        first: &str,
        headers: &[&str],
        body: &[u8],
    ) -> std::io::Result<(u16, Vec<u8>)> {
        let mut head = format!("{first}\r\nHost: bench\r\n");
        for h in headers {
            head.push_str(h);
            head.push_str("\r\n");
        }
        if !body.is_empty() {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("\r\n");
        let stream = self.reader.get_mut();
        stream.write_all(head.as_bytes())?;
        stream.write_all(body)?;
        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let mut length = 0usize;
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            if line == "\r\n" || line.is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body)?;
        Ok((status, body))
    }
}

struct Figures {
    requests: usize,
    errors: usize,
    per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
}

/// Runs `clients` connections over `paths` for `seconds`.
fn load(addr: SocketAddr, paths: &[String], clients: usize, seconds: u64) -> Result<Figures> {
    let started = Instant::now();
    let until = started + Duration::from_secs(seconds);
    let results: Vec<std::io::Result<(Vec<f64>, usize)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..clients)
            .map(|c| {
                scope.spawn(move || -> std::io::Result<(Vec<f64>, usize)> {
                    let mut client = Client::connect(addr)?;
                    let mut times = Vec::new();
                    let mut errors = 0;
                    let mut i = c * 7919;
                    // Bounded in time and in count.
                    while Instant::now() < until && times.len() < 2_000_000 {
                        let path = &paths[i % paths.len()];
                        i += 1;
                        let t = Instant::now();
                        let status = client.get(path)?;
                        times.push(t.elapsed().as_secs_f64() * 1000.0);
                        if status != 200 {
                            errors += 1;
                        }
                    }
                    Ok((times, errors))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(std::io::Error::other("client panicked")))
            })
            .collect()
    });
    let elapsed = started.elapsed().as_secs_f64();
    let mut all = Vec::new();
    let mut errors = 0;
    for r in results {
        let (t, e) = r.context("a bench client failed")?;
        all.extend(t);
        errors += e;
    }
    all.sort_by(f64::total_cmp);
    let pct = |p: f64| {
        all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0.0)
    };
    Ok(Figures {
        requests: all.len(),
        errors,
        per_second: all.len() as f64 / elapsed,
        p50_ms: pct(0.50),
        p99_ms: pct(0.99),
    })
}

/// Words an analyst would type on this corpus (both languages: actors,
/// places, acts, topics), most asked first.
const QUERY_WORDS: &[&str] = &[
    "sanctions",
    "Kremlin",
    "Astana",
    "Ukraine",
    "summit",
    "sommet",
    "Moscou",
    "Moscow",
    "accord",
    "deal",
    "ministre",
    "minister",
    "Tashkent",
    "Tachkent",
    "aide",
    "aid",
    "Bruxelles",
    "Brussels",
    "Samarkand",
    "Samarcande",
    "Pékin",
    "Beijing",
    "Ankara",
    "tension",
    "visite",
    "visit",
    "condamné",
    "condemned",
    "Commission",
    "délégation",
    "delegation",
    "guerre",
    "war",
    "communiqué",
    "statement",
    "millions",
    "euros",
    "gouvernement",
    "government",
    "diplomatie",
    "diplomat",
    "kirghize",
    "Kyrgyz",
    "turkmène",
    "Turkmen",
    "ouzbèke",
    "Uzbekistan",
    "tadjik",
    "Tajikistan",
    "porte-parole",
    "spokesman",
    "présidente",
    "president",
    "rencontré",
    "met",
    "menacé",
    "threatened",
    "salué",
    "welcomed",
    "accusé",
    "accused",
    "critiqué",
    "criticised",
    "signé",
    "signed",
    "promis",
    "pledged",
    "entretenu",
    "talks",
    "réserves",
    "misgivings",
    "marge",
    "sidelines",
    "éclair",
    "brief",
];
/// Several words, and phrases.
const QUERY_PHRASES: &[&str] = &[
    "sanctions Moscou",
    "Kremlin spokesman",
    "aide Ukraine",
    "foreign minister",
    "accord Ankara",
    "Kazakh minister",
    "sommet Samarcande",
    "deal Beijing",
    "\"prime minister\"",
    "\"Premier ministre\"",
    "\"porte-parole du Kremlin\"",
    "Tashkent next week",
    "visite éclair",
    "war in Ukraine",
    "40 millions",
    "official statement",
];

/// Search requests as a stream of visitors would make them: words and
/// phrases drawn with a Zipf law over their rank (a few asked often, most
/// seldom), a third with a filter the UI offers (language, month, source,
/// dates), one in ten facets off (the API), one in ten a page further on,
/// and one in five a look-up of a rare term (an article's number: a new
/// query every time). Facets on, as the search page asks them.
fn search_paths(rng: &mut Rng, articles: usize, n: usize) -> Vec<String> {
    let queries: Vec<&str> = QUERY_WORDS.iter().chain(QUERY_PHRASES).copied().collect();
    // Zipf (s = 1) over ranks: cumulative weights 1/1, 1/2, ...
    let cumulative: Vec<f64> = queries
        .iter()
        .enumerate()
        .scan(0.0, |acc, (r, _)| {
            *acc += 1.0 / (r as f64 + 1.0);
            Some(*acc)
        })
        .collect();
    let sum = cumulative.last().copied().unwrap_or(1.0);
    let enc = |q: &str| {
        q.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' => (b as char).to_string(),
                b' ' => "+".to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    (0..n)
        .map(|_| {
            if rng.below(5) == 0 {
                return format!("/api/search?q={}&limit=10", rng.below(articles.max(1)));
            }
            let x = rng.below(1_000_000) as f64 / 1_000_000.0 * sum;
            let q = queries[cumulative
                .partition_point(|c| *c < x)
                .min(queries.len() - 1)];
            let mut path = format!("/api/search?q={}&limit=10", enc(q));
            match rng.below(12) {
                0 => path.push_str("&lang=fr"),
                1 => path.push_str("&lang=en"),
                2 => path.push_str(&format!(
                    "&month=20{}-{:02}",
                    15 + rng.below(10),
                    1 + rng.below(12)
                )),
                3 => path.push_str(&format!("&source=Source+{}", rng.below(40))),
                _ => {}
            }
            match rng.below(10) {
                0 => path.push_str("&facets=false"),
                1 => path.push_str(&format!(
                    "&cursor={}",
                    steppe_serve::params::encode_cursor(&["10"])
                )),
                _ => {}
            }
            path
        })
        .collect()
}

pub fn run(a: ServeArgs) -> Result<ExitCode> {
    let temp = a.dir.is_none();
    let dir = a.dir.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("steppe-bench-serve-{}", std::process::id()))
    });
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let db = dir.join("serve.db");
    let fresh = !db.exists();
    let t = Instant::now();
    if fresh {
        let mut store = Store::open(&db)?;
        fill(&mut store, a.articles)?;
    }
    let store = Store::open(&db)?;
    let n = store.article_count()?;
    let made = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let index = steppe_serve::index::SearchIndex::open(&steppe_serve::index::folder_for(&db))?;
    let indexed = index.sync(&store)?;
    drop(index);
    println!(
        "store: {n} synthetic articles ({made:.1} s{}); index: {indexed} added in {:.1} s",
        if fresh { "" } else { ", reused" },
        t.elapsed().as_secs_f64()
    );
    let addr =
        steppe_serve::spawn_local(steppe_serve::Options::new(&db)).map_err(anyhow::Error::msg)?;
    // The same store served with no search cache: every search computed.
    let uncached = steppe_serve::spawn_local(steppe_serve::Options {
        search_cache: 0,
        ..steppe_serve::Options::new(&db)
    })
    .map_err(anyhow::Error::msg)?;
    let stories = (n as usize / 5).max(1);
    let mut rng = Rng(42);
    let searches = search_paths(&mut rng, n as usize, 40_000);
    let endpoints: Vec<(&str, SocketAddr, Vec<String>)> = vec![
        ("search", addr, searches.clone()),
        ("search, no cache", uncached, searches.clone()),
        (
            "  its rare words",
            uncached,
            searches
                .iter()
                .filter(|p| {
                    p.split('&')
                        .next()
                        .is_some_and(|q| q.bytes().skip(15).all(|b| b.is_ascii_digit()))
                })
                .cloned()
                .collect(),
        ),
        (
            "  its other words",
            uncached,
            searches
                .iter()
                .filter(|p| {
                    !p.split('&')
                        .next()
                        .is_some_and(|q| q.bytes().skip(15).all(|b| b.is_ascii_digit()))
                })
                .cloned()
                .collect(),
        ),
        (
            "story",
            addr,
            (0..500)
                .map(|_| format!("/api/stories/S{:06}", rng.below(stories)))
                .collect(),
        ),
        (
            "events",
            addr,
            (0..500)
                .map(|_| {
                    format!(
                        "/api/events?actor={}&limit=50",
                        actor_id(rng.below(ACTORS) as u64)
                    )
                })
                .collect(),
        ),
        (
            "events, country",
            addr,
            (0..500)
                .map(|i| format!("/api/events?country={}&limit=50", country_of(&actor_id(i))))
                .collect(),
        ),
        (
            "relations",
            addr,
            (0..500)
                .map(|_| {
                    format!(
                        "/api/relations?a={}&b={}",
                        actor_id(rng.below(40) as u64),
                        actor_id(rng.below(40) as u64)
                    )
                })
                .collect(),
        ),
    ];
    println!(
        "load: {} connection(s) per endpoint for {} s each, keep-alive HTTP/1.1 on {addr}",
        a.clients, a.seconds
    );
    let mut json = serde_json::Map::new();
    for (name, addr, paths) in &endpoints {
        let f = load(*addr, paths, a.clients, a.seconds)?;
        println!(
            "  {name:<18} {:>8.0} requests/s  p50 {:>6.2} ms  p99 {:>6.2} ms  ({} requests, {} not 200)",
            f.per_second, f.p50_ms, f.p99_ms, f.requests, f.errors
        );
        json.insert(
            name.to_string(),
            serde_json::json!({"requests_per_second": f.per_second, "p50_ms": f.p50_ms, "p99_ms": f.p99_ms,
                               "requests": f.requests, "errors": f.errors}),
        );
    }
    if a.json {
        println!(
            "{}",
            serde_json::json!({"kind": "bench-serve", "articles": n, "clients": a.clients, "endpoints": json})
        );
    }
    if temp {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(ExitCode::SUCCESS)
}
