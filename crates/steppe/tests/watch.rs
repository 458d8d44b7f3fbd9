//! `steppe watch FEEDS` against a small HTTP server of the test's own: a feed
//! that grows between polls, answers 304 to conditional requests, fails with
//! 500 and hangs past the client's timeout. Each test runs on SQLite and,
//! with `STEPPE_TEST_PG`, on PostgreSQL (see `common`).

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Healthy,
    Fails,
    Hangs,
}

/// One request the server saw: its path and the If-None-Match it carried.
#[derive(Debug, Clone)]
struct Seen {
    path: String,
    if_none_match: Option<String>,
}

struct Site {
    /// How many entries the feed lists (1..=3).
    entries: usize,
    mode: Mode,
    seen: Vec<Seen>,
}

/// Articles of the feed, in words of our own: (title, body).
const PAGES: &[(&str, &str)] = &[
    (
        "Le Kazakhstan ouvre un nouveau corridor ferroviaire vers la Chine",
        "Le ministre kazakh des Transports a inauguré lundi une ligne de fret reliant Almaty à la frontière chinoise. \
         Selon le gouvernement, quarante trains par semaine emprunteront ce corridor d'ici la fin de l'année. \
         Les transporteurs de la région saluent un gain de deux jours sur le trajet vers l'Europe.",
    ),
    (
        "Sécheresse : l'Ouzbékistan rationne l'eau d'irrigation",
        "Les autorités ouzbèkes ont annoncé mardi une réduction de 15 % des volumes d'eau alloués aux exploitations cotonnières. \
         Le niveau du fleuve Amou-Daria est au plus bas depuis vingt ans, selon le service hydrométéorologique. \
         Des agriculteurs de la vallée de Ferghana craignent une récolte médiocre.",
    ),
    (
        "Le Kirghizstan et le Tadjikistan achèvent le tracé de leur frontière",
        "Les délégations kirghize et tadjike ont signé mercredi à Batken le protocole final sur le tracé de la frontière commune. \
         Les deux gouvernements promettent la réouverture de quatre postes de contrôle fermés depuis les heurts de 2022. \
         Les habitants des villages frontaliers espèrent la reprise des échanges sur les marchés locaux.",
    ),
];

fn etag(entries: usize) -> String {
    format!("\"v{entries}\"")
}

fn feed(base: &str, entries: usize) -> String {
    let items: String = PAGES
        .iter()
        .take(entries)
        .enumerate()
        .map(|(i, (title, body))| {
            format!(
                "<item><title>{title}</title><link>{base}/article/{n}</link>\
                 <pubDate>Mon, 0{n} Dec 2025 08:00:00 GMT</pubDate><description>{body}</description></item>",
                n = i + 1
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>\
         <title>Nouvelles des steppes</title><link>{base}/</link><language>fr</language>{items}</channel></rss>"
    )
}

fn page(n: usize) -> Option<String> {
    let (title, body) = PAGES.get(n.checked_sub(1)?)?;
    Some(format!(
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <meta property=\"article:published_time\" content=\"2025-12-0{n}T08:00:00Z\"></head>\
         <body><nav><a href=\"/\">Accueil</a></nav><article><h1>{title}</h1><p>{body}</p></article>\
         <footer>Tous droits réservés</footer></body></html>"
    ))
}

fn respond(mut s: TcpStream, status: &str, headers: &[(&str, String)], body: &str) {
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let _ = s.write_all(head.as_bytes());
    let _ = s.write_all(body.as_bytes());
}

fn serve(stream: TcpStream, site: Arc<Mutex<Site>>, base: String) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut if_none_match = None;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            if k.trim().eq_ignore_ascii_case("if-none-match") {
                if_none_match = Some(v.trim().to_string());
            }
        }
    }
    let (mode, entries) = {
        let mut s = site.lock().unwrap();
        s.seen.push(Seen {
            path: path.clone(),
            if_none_match: if_none_match.clone(),
        });
        (s.mode, s.entries)
    };
    match mode {
        Mode::Fails => return respond(stream, "500 Internal Server Error", &[], "panne"),
        Mode::Hangs => {
            std::thread::sleep(Duration::from_secs(3));
            return respond(stream, "200 OK", &[], "trop tard");
        }
        Mode::Healthy => {}
    }
    if path == "/feed.xml" {
        let tag = etag(entries);
        if if_none_match.as_deref() == Some(tag.as_str()) {
            return respond(stream, "304 Not Modified", &[("ETag", tag)], "");
        }
        let ct = ("Content-Type", "application/rss+xml".to_string());
        return respond(
            stream,
            "200 OK",
            &[("ETag", tag), ct],
            &feed(&base, entries),
        );
    }
    let n = path
        .strip_prefix("/article/")
        .and_then(|n| n.parse::<usize>().ok());
    match n.and_then(page) {
        Some(html) => respond(
            stream,
            "200 OK",
            &[("Content-Type", "text/html; charset=utf-8".to_string())],
            &html,
        ),
        None => respond(stream, "404 Not Found", &[], "absent"),
    }
}

/// Starts the server on a free port; returns its state and base address.
fn start(entries: usize, mode: Mode) -> (Arc<Mutex<Site>>, String) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let site = Arc::new(Mutex::new(Site {
        entries,
        mode,
        seen: Vec::new(),
    }));
    let (s, b) = (site.clone(), base.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (s, b) = (s.clone(), b.clone());
            std::thread::spawn(move || serve(stream, s, b));
        }
    });
    (site, base)
}

use common::{on_each_backend, TestDb};

/// The watch state file: beside a SQLite store (the default), in the
/// test's folder for a PostgreSQL one (which needs `--state`).
fn state_file(db: &TestDb) -> PathBuf {
    match db.file() {
        Some(f) => f.with_file_name("t.db.watch.json"),
        None => db.dir().join("watch.json"),
    }
}

fn watch(feeds: &Path, db: &TestDb, extra: &[&str]) -> (Output, String) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_steppe"));
    c.env_remove("STEPPE_DB")
        .arg("watch")
        .arg(feeds)
        .arg("--db")
        .arg(db.arg());
    if db.is_postgres() {
        c.arg("--state").arg(state_file(db));
    }
    let o = c
        .args(["--once", "--host-delay", "0"])
        .args(extra)
        .output()
        .expect("run steppe watch");
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    (o, err)
}

fn article_urls(db: &str) -> Vec<String> {
    let o = Command::new(env!("CARGO_BIN_EXE_steppe"))
        .env_remove("STEPPE_DB")
        .args(["export", "articles", "--db"])
        .arg(db)
        .output()
        .unwrap();
    assert!(o.status.success());
    let mut paths: Vec<String> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["path"].as_str().unwrap().to_string()
        })
        .collect();
    paths.sort();
    paths
}

fn take_seen(site: &Arc<Mutex<Site>>) -> Vec<Seen> {
    std::mem::take(&mut site.lock().unwrap().seen)
}

#[test]
fn new_entries_are_ingested_once_and_a_restart_asks_with_validators() {
    on_each_backend(ingested_once);
}

fn ingested_once(db: &TestDb) {
    let (site, base) = start(2, Mode::Healthy);
    let feeds = db.dir().join("feeds.txt");
    std::fs::write(&feeds, format!("# le flux de test\n{base}/feed.xml\n")).unwrap();
    if db.is_postgres() {
        // No file to put the state beside: the command asks for one.
        let o = Command::new(env!("CARGO_BIN_EXE_steppe"))
            .env_remove("STEPPE_DB")
            .args(["watch", feeds.to_str().unwrap(), "--db", db.arg(), "--once"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains("pass --state FILE"), "{err}");
    }
    let every_run = ["--interval", "0"];

    let (o, err) = watch(&feeds, db, &every_run);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("1 of 1 feed(s) polled") && err.contains("2 new entries"),
        "{err}"
    );
    assert!(err.contains("2 article(s) ingested"), "{err}");
    let one = format!("{base}/article/1");
    let two = format!("{base}/article/2");
    assert_eq!(article_urls(db.arg()), vec![one.clone(), two.clone()]);
    let seen = take_seen(&site);
    let paths: Vec<&str> = seen.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(paths, vec!["/feed.xml", "/article/1", "/article/2"]);
    assert_eq!(seen[0].if_none_match, None);

    // A new process: the feed is asked for with its ETag, answers 304, nothing is fetched.
    let (o, err) = watch(&feeds, db, &every_run);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("1 unchanged") && err.contains("0 article(s) ingested"),
        "{err}"
    );
    let seen = take_seen(&site);
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0].if_none_match.as_deref(), Some("\"v2\""));

    // The feed grows: only the new entry's page is fetched and stored.
    site.lock().unwrap().entries = 3;
    let (o, err) = watch(&feeds, db, &every_run);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("1 new entry") && err.contains("1 article(s) ingested"),
        "{err}"
    );
    let seen = take_seen(&site);
    let paths: Vec<&str> = seen.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(paths, vec!["/feed.xml", "/article/3"]);
    assert_eq!(seen[0].if_none_match.as_deref(), Some("\"v2\""));
    let three = format!("{base}/article/3");
    assert_eq!(article_urls(db.arg()), vec![one, two, three]);

    // Without the state file's validators (lost), the pages are known by the
    // store all the same: the feed is fetched whole, nothing new is stored.
    let state = state_file(db);
    let mut st: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
    let feed_state = &mut st["feeds"][format!("{base}/feed.xml")];
    feed_state["etag"] = serde_json::Value::Null;
    feed_state["seen"] = serde_json::json!([]);
    std::fs::write(&state, st.to_string()).unwrap();
    let (o, err) = watch(&feeds, db, &every_run);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("0 article(s) ingested"), "{err}");
    assert_eq!(article_urls(db.arg()).len(), 3);
}

#[test]
fn a_failing_or_hanging_feed_backs_off_and_recovers() {
    on_each_backend(backs_off);
}

fn backs_off(db: &TestDb) {
    let (site, base) = start(2, Mode::Fails);
    let feeds = db.dir().join("feeds.opml");
    std::fs::write(
        &feeds,
        format!(
            "<?xml version=\"1.0\"?><opml version=\"2.0\"><body>\
             <outline text=\"Steppes\" type=\"rss\" xmlUrl=\"{base}/feed.xml\"/></body></opml>"
        ),
    )
    .unwrap();
    let opts = ["--interval", "1", "--timeout", "0.5", "--max-backoff", "60"];

    // A 500: an error, the next poll in interval × 2 s.
    let (o, err) = watch(&feeds, db, &opts);
    assert!(!o.status.success());
    assert!(
        err.contains("HTTP 500") && err.contains("next try in 2 s"),
        "{err}"
    );
    assert_eq!(take_seen(&site).len(), 1);

    // Run at once again: the feed is waiting out its back-off, nobody asks the server.
    let (o, err) = watch(&feeds, db, &opts);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("0 of 1 feed(s) polled (0 unchanged, 1 waiting)"),
        "{err}"
    );
    assert!(take_seen(&site).is_empty());

    // After the wait the server hangs: the request times out, the back-off doubles.
    site.lock().unwrap().mode = Mode::Hangs;
    std::thread::sleep(Duration::from_millis(2100));
    let started = Instant::now();
    let (o, err) = watch(&feeds, db, &opts);
    assert!(!o.status.success());
    assert!(
        started.elapsed() < Duration::from_millis(2900),
        "the timeout cut the request"
    );
    assert!(
        err.contains("error:") && err.contains("next try in 4 s"),
        "{err}"
    );
    assert_eq!(take_seen(&site).len(), 1);

    // The server heals: after the wait the entries come in, the back-off is reset.
    site.lock().unwrap().mode = Mode::Healthy;
    std::thread::sleep(Duration::from_millis(4100));
    let (o, err) = watch(&feeds, db, &opts);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("2 article(s) ingested") && err.contains("0 error(s)"),
        "{err}"
    );
    assert_eq!(article_urls(db.arg()).len(), 2);
    let state: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(state_file(db)).unwrap()).unwrap();
    assert_eq!(state["feeds"][format!("{base}/feed.xml")]["failures"], 0);
}
