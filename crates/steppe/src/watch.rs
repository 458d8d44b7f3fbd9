//! `steppe watch FEEDS`: polls RSS/Atom feeds, fetches the pages their new
//! entries link to and runs the whole pipeline (ingest, analysis, index,
//! stories) on them.
//!
//! ```text
//!  every cycle: feeds due ─► GET (If-None-Match / If-Modified-Since) ─► new links
//!               pending links ─► GET page ─► pipeline::run ─► state saved
//! ```
//!
//! State (per feed: validators, back-off, links seen and links pending) is a
//! JSON file beside the store (`STORE.watch.json`; `--state FILE`, which a
//! PostgreSQL store needs, puts it elsewhere), written after the store
//! has committed the pages, so a restart re-fetches nothing it has ingested;
//! a kill between the two costs a re-fetch, which the store's input hashes
//! and content ids turn into no new article.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use steppe_store::ArticleStore;

use crate::pipeline::{self, Input};

/// Largest feed or page read; past it the response is an error for that URL.
const MAX_BODY_BYTES: u64 = 32 << 20;

/// How `watch` polls.
#[derive(Debug, Clone)]
pub struct Options {
    /// Seconds between two polls of a healthy feed (0: every cycle).
    pub interval: u64,
    /// Longest back-off after errors, in seconds.
    pub max_backoff: u64,
    /// Least time between two requests to one host.
    pub host_delay: Duration,
    /// Whole-request timeout (connect, headers and body).
    pub timeout: Duration,
    /// One cycle, then exit.
    pub once: bool,
    pub quiet: bool,
}

/// What is kept of one feed between polls and runs.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct FeedState {
    #[serde(default)]
    pub etag: Option<String>,
    #[serde(default)]
    pub last_modified: Option<String>,
    /// Errors in a row; the next poll waits `interval × 2^failures`, capped.
    #[serde(default)]
    pub failures: u32,
    /// Unix seconds before which the feed is not polled.
    #[serde(default)]
    pub next_poll: i64,
    #[serde(default)]
    pub last_error: Option<String>,
    /// Pages ingested (or refused for good, such as a 404).
    #[serde(default)]
    pub seen: BTreeSet<String>,
    /// Pages of new entries not fetched yet (their fetch failed): tried again
    /// at the next poll.
    #[serde(default)]
    pub pending: BTreeSet<String>,
}

/// Every feed's state, by address.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct State {
    #[serde(default)]
    pub feeds: BTreeMap<String, FeedState>,
}

/// The state file of a store: `steppe.db` → `steppe.db.watch.json`.
pub fn state_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(".watch.json");
    db.with_file_name(name)
}

impl State {
    /// The saved state, or an empty one when there is no file yet.
    pub fn load(path: &Path) -> Result<State> {
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).with_context(|| {
                format!(
                    "reading watch state {}: not valid; move it away to start afresh",
                    path.display()
                )
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(State::default()),
            Err(e) => Err(e).with_context(|| format!("reading watch state {}", path.display())),
        }
    }

    /// Writes the state whole (a temporary file renamed over the old one).
    pub fn save(&self, path: &Path) -> Result<()> {
        let mut tmp = path.as_os_str().to_os_string();
        tmp.push(".tmp");
        let tmp = PathBuf::from(tmp);
        let bytes = serde_json::to_vec_pretty(self).context("serialising watch state")?;
        std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
        std::fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))
    }
}

fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The wait after `failures` errors in a row: `interval × 2^failures`, at most `cap`.
pub fn backoff(interval: u64, failures: u32, cap: u64) -> u64 {
    let factor = 1u64.checked_shl(failures.min(40)).unwrap_or(u64::MAX);
    interval.max(1).saturating_mul(factor).min(cap.max(1))
}

/// The host (and port) of an address, for politeness.
fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#'])
        .next()
        .unwrap_or(rest)
        .to_string()
}

/// What one request gave.
enum Fetch {
    Body {
        bytes: Vec<u8>,
        etag: Option<String>,
        last_modified: Option<String>,
    },
    NotModified,
    /// A refusal that asking again will not mend (404, 410, …).
    Gone(String),
    /// An error worth trying again later (5xx, timeout, connection).
    Failed(String),
}

/// An HTTP client that waits between requests to one host.
struct Client {
    agent: ureq::Agent,
    host_delay: Duration,
    last: HashMap<String, Instant>,
}

impl Client {
    fn new(opts: &Options) -> Client {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(opts.timeout))
            .http_status_as_error(false)
            .user_agent(format!(
                "steppe/{} (feed watcher)",
                env!("CARGO_PKG_VERSION")
            ))
            .build();
        Client {
            agent: config.into(),
            host_delay: opts.host_delay,
            last: HashMap::new(),
        }
    }

    fn get(&mut self, url: &str, etag: Option<&str>, last_modified: Option<&str>) -> Fetch {
        let host = host_of(url);
        if let Some(t) = self.last.get(&host) {
            let since = t.elapsed();
            if since < self.host_delay {
                std::thread::sleep(self.host_delay - since);
            }
        }
        let mut req = self.agent.get(url);
        if let Some(e) = etag {
            req = req.header("If-None-Match", e);
        }
        if let Some(m) = last_modified {
            req = req.header("If-Modified-Since", m);
        }
        let result = req.call();
        self.last.insert(host, Instant::now());
        let mut resp = match result {
            Ok(r) => r,
            Err(e) => return Fetch::Failed(e.to_string()),
        };
        let status = resp.status().as_u16();
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let (etag, last_modified) = (header("etag"), header("last-modified"));
        match status {
            304 => Fetch::NotModified,
            200..=299 => {
                let mut bytes = Vec::new();
                let read = resp
                    .body_mut()
                    .as_reader()
                    .take(MAX_BODY_BYTES + 1)
                    .read_to_end(&mut bytes);
                match read {
                    Err(e) => Fetch::Failed(format!("reading the body: {e}")),
                    Ok(_) if bytes.len() as u64 > MAX_BODY_BYTES => {
                        Fetch::Gone(format!("larger than {} MiB", MAX_BODY_BYTES >> 20))
                    }
                    Ok(_) => Fetch::Body {
                        bytes,
                        etag,
                        last_modified,
                    },
                }
            }
            404 | 410 | 400 | 401 | 403 | 405 | 406 | 451 => Fetch::Gone(format!("HTTP {status}")),
            _ => Fetch::Failed(format!("HTTP {status}")),
        }
    }
}

/// What one cycle did, for its progress line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cycle {
    pub feeds: u64,
    pub polled: u64,
    pub unchanged: u64,
    /// Feeds not due yet (waiting out their interval or back-off).
    pub waiting: u64,
    pub new_entries: u64,
    pub pages: u64,
    pub ingested: u64,
    pub errors: u64,
    /// Seconds until the next feed is due.
    pub next_poll: i64,
}

impl std::fmt::Display for Cycle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "watch: {} of {} feed(s) polled ({} unchanged, {} waiting), {} new entr{}, \
             {} page(s) fetched, {} article(s) ingested, {} error(s); next poll in {} s",
            self.polled,
            self.feeds,
            self.unchanged,
            self.waiting,
            self.new_entries,
            if self.new_entries == 1 { "y" } else { "ies" },
            self.pages,
            self.ingested,
            self.errors,
            self.next_poll
        )
    }
}

/// The feeds to watch, from an OPML file or a list of addresses.
pub fn read_feed_list(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading feed list {}", path.display()))?;
    let feeds = steppe_ingest::readers::feed_list(&text);
    if feeds.is_empty() {
        anyhow::bail!(
            "{}: no feed address (an OPML file or one URL a line)",
            path.display()
        );
    }
    Ok(feeds)
}

/// One poll cycle over the due feeds; the state is saved at its end.
fn cycle(
    store: &mut dyn ArticleStore,
    db: &Path,
    feeds: &[String],
    state: &mut State,
    client: &mut Client,
    opts: &Options,
) -> Result<Cycle> {
    let say = |m: &str| {
        if !opts.quiet {
            eprintln!("{m}");
        }
    };
    let mut c = Cycle {
        feeds: feeds.len() as u64,
        ..Cycle::default()
    };
    let mut inputs: Vec<Input> = Vec::new();
    // Pages fetched this cycle: (feed, link), marked seen once stored.
    let mut fetched: Vec<(String, String)> = Vec::new();
    for url in feeds {
        let fs = state.feeds.entry(url.clone()).or_default();
        let now = now_secs();
        if fs.next_poll > now {
            c.waiting += 1;
            continue;
        }
        c.polled += 1;
        match client.get(url, fs.etag.as_deref(), fs.last_modified.as_deref()) {
            Fetch::NotModified => {
                c.unchanged += 1;
                fs.failures = 0;
                fs.last_error = None;
            }
            Fetch::Body {
                bytes,
                etag,
                last_modified,
            } => match steppe_ingest::readers::feed_links(&bytes) {
                Ok(links) => {
                    fs.etag = etag;
                    fs.last_modified = last_modified;
                    fs.failures = 0;
                    fs.last_error = None;
                    for l in links {
                        if !fs.seen.contains(&l) && fs.pending.insert(l) {
                            c.new_entries += 1;
                        }
                    }
                }
                Err(e) => {
                    fs.failures += 1;
                    fs.last_error = Some(e.clone());
                    c.errors += 1;
                    say(&format!("error: {url}: {e}"));
                }
            },
            Fetch::Gone(e) | Fetch::Failed(e) => {
                fs.failures += 1;
                fs.last_error = Some(e.clone());
                c.errors += 1;
                say(&format!(
                    "error: {url}: {e}; next try in {} s",
                    backoff(opts.interval, fs.failures, opts.max_backoff)
                ));
            }
        }
        let wait = if fs.failures == 0 {
            opts.interval
        } else {
            backoff(opts.interval, fs.failures, opts.max_backoff)
        };
        fs.next_poll = now_secs() + wait as i64;
        // The pages of new entries (and of those whose fetch failed before).
        let pending: Vec<String> = fs.pending.iter().cloned().collect();
        for link in pending {
            match client.get(&link, None, None) {
                Fetch::Body { bytes, .. } => {
                    c.pages += 1;
                    fetched.push((url.clone(), link.clone()));
                    inputs.push(Input::Fetched { name: link, bytes });
                }
                Fetch::NotModified => {}
                Fetch::Gone(e) => {
                    c.errors += 1;
                    say(&format!("error: {link}: {e}; not asked again"));
                    if let Some(fs) = state.feeds.get_mut(url) {
                        fs.pending.remove(&link);
                        fs.seen.insert(link);
                    }
                }
                Fetch::Failed(e) => {
                    c.errors += 1;
                    say(&format!("error: {link}: {e}; tried again at the next poll"));
                }
            }
        }
    }
    if !inputs.is_empty() {
        let popts = pipeline::Options {
            progress: false,
            quiet: opts.quiet,
            analyse: true,
        };
        let summary = pipeline::run(store, inputs, Vec::new(), popts)?;
        c.ingested = summary.ingested;
        c.errors += summary.failed;
        pipeline::after_ingest(store, db, summary.ingested, true)?;
    }
    // Stored: the pages are seen (a page that held no article is not asked again).
    for (feed, link) in fetched {
        if let Some(fs) = state.feeds.get_mut(&feed) {
            fs.pending.remove(&link);
            fs.seen.insert(link);
        }
    }
    let now = now_secs();
    c.next_poll = feeds
        .iter()
        .filter_map(|f| state.feeds.get(f))
        .map(|fs| (fs.next_poll - now).max(0))
        .min()
        .unwrap_or(0);
    Ok(c)
}

/// Watches the feeds until killed (or one cycle with `once`). Returns the
/// last cycle's figures.
pub fn run(
    store: &mut dyn ArticleStore,
    db: &Path,
    path: &Path,
    feeds_file: &Path,
    opts: &Options,
) -> Result<Cycle> {
    let feeds = read_feed_list(feeds_file)?;
    let mut state = State::load(path)?;
    let mut client = Client::new(opts);
    loop {
        let c = cycle(store, db, &feeds, &mut state, &mut client, opts)?;
        state.save(path)?;
        eprintln!("{c}");
        if opts.once {
            return Ok(c);
        }
        std::thread::sleep(Duration::from_secs(c.next_poll.max(1) as u64));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_the_interval_up_to_the_cap() {
        assert_eq!(backoff(60, 1, 3600), 120);
        assert_eq!(backoff(60, 2, 3600), 240);
        assert_eq!(backoff(60, 10, 3600), 3600);
        assert_eq!(backoff(60, 200, 3600), 3600);
    }

    #[test]
    fn hosts_keep_their_port_and_drop_the_path() {
        assert_eq!(host_of("http://127.0.0.1:8080/feed?x=1"), "127.0.0.1:8080");
        assert_eq!(host_of("https://exemple.test"), "exemple.test");
    }

    #[test]
    fn the_state_file_sits_beside_the_store_and_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let path = state_path(&dir.path().join("s.db"));
        assert_eq!(path.file_name().unwrap(), "s.db.watch.json");
        assert_eq!(State::load(&path).unwrap(), State::default());
        let mut st = State::default();
        let fs = st.feeds.entry("http://a.test/rss".into()).or_default();
        fs.etag = Some("\"v1\"".into());
        fs.seen.insert("http://a.test/1".into());
        st.save(&path).unwrap();
        assert_eq!(State::load(&path).unwrap(), st);
        std::fs::write(&path, "{ not json").unwrap();
        assert!(State::load(&path)
            .unwrap_err()
            .to_string()
            .contains("watch state"));
    }
}
