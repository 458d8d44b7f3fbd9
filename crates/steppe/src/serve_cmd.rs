//! `steppe serve`, `steppe index rebuild`, and what the server needs from the
//! rest of steppe: actor profiles from the knowledge base, and an ingest for
//! posted files (only with `--token`).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
use steppe_actors::kb::Kb;
use steppe_serve::index::{folder_for, SearchIndex};
use steppe_serve::{Options, Profile, RoleInfo};
use steppe_store::Store;

/// Profiles from the built-in knowledge base plus the store's imported dictionaries.
pub struct KbProfiles {
    merged: Option<Kb>,
}

impl KbProfiles {
    pub fn for_store(store: &Store) -> Result<KbProfiles> {
        Ok(KbProfiles {
            merged: crate::kb_cmd::kb_for(store)?,
        })
    }

    fn kb(&self) -> &Kb {
        self.merged.as_ref().unwrap_or_else(|| Kb::builtin())
    }
}

impl steppe_serve::Profiles for KbProfiles {
    fn profile(&self, id: &str) -> Option<Profile> {
        let a = self.kb().get(id)?;
        let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
        Some(Profile {
            name: a.name.clone(),
            kind: a.kind.as_str().to_string(),
            code: a.code.clone(),
            country: a.country.clone(),
            names: a.names.clone(),
            aliases: a.aliases.clone(),
            roles: a
                .roles
                .iter()
                .map(|r| RoleInfo {
                    office: r.office.clone(),
                    of: r.of.clone(),
                    from: day(r.from),
                    to: day(r.to),
                })
                .collect(),
        })
    }
}

/// Posted files go through the same ingest as `steppe ingest`, stories included.
struct StoreIngest {
    db: PathBuf,
}

impl steppe_serve::Ingest for StoreIngest {
    fn ingest(&self, name: &str, bytes: &[u8]) -> Result<String, String> {
        let run = || -> Result<String> {
            let mut store = Store::open(&self.db)?;
            // Posted files are kept beside the store, as the articles' paths
            // name them; only the name's safe characters are kept (its
            // extension tells the format).
            let safe: String = name
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
                .collect();
            let mut dir = self.db.as_os_str().to_owned();
            dir.push(".posted");
            let dir = PathBuf::from(dir);
            std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
            let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3f");
            let path = dir.join(format!("{stamp}-{}", safe.trim_start_matches('.')));
            std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
            let input = crate::pipeline::Input::File(path);
            let opts = crate::pipeline::Options {
                quiet: true,
                ..Default::default()
            };
            let summary = crate::pipeline::run(&mut store, vec![input], Vec::new(), opts)?;
            if summary.ingested > 0 {
                crate::stories::run(&mut store)?;
            }
            Ok(summary.to_string())
        };
        run().map_err(|e| format!("{e:#}"))
    }
}

/// Keeps the search index beside a store in step after an ingest.
pub fn sync_index(store: &Store, db: &Path) -> Result<u64> {
    let dir = folder_for(db);
    let index = SearchIndex::open(&dir)?;
    Ok(index.sync(store)?)
}

pub fn rebuild_index(db: &Path) -> Result<()> {
    let store = Store::open(db)?;
    let dir = folder_for(db);
    let started = std::time::Instant::now();
    let n = SearchIndex::open(&dir)?.rebuild(&store)?;
    println!(
        "indexed {n} article(s) into {} in {:.1} s",
        dir.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

pub fn serve(db: &Path, addr: SocketAddr, token: Option<String>) -> Result<()> {
    if !db.exists() {
        anyhow::bail!(
            "no store at {} (make one with `steppe ingest PATH --db {}` or `steppe demo --serve`)",
            db.display(),
            db.display()
        );
    }
    // Brings an older store's schema up to date once; the server then reads only.
    let store = Store::open(db)?;
    let profiles = KbProfiles::for_store(&store)?;
    drop(store);
    if !addr.ip().is_loopback() {
        eprintln!("warning: serving on {addr}, reachable beyond this machine");
    }
    let mut o = Options::new(db);
    o.profiles = Arc::new(profiles);
    if token.is_some() {
        o.ingest = Some(Arc::new(StoreIngest {
            db: db.to_path_buf(),
        }));
    }
    o.token = token;
    steppe_serve::serve(o, addr)
        .map_err(anyhow::Error::msg)
        .with_context(|| format!("serving {}", db.display()))
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::{SocketAddr, TcpStream};
    use std::time::Duration;

    use super::*;

    /// One request on its own connection: status and JSON body.
    fn request(
        addr: SocketAddr,
        first: &str,
        headers: &[&str],
        body: &[u8],
    ) -> (u16, serde_json::Value) {
        let mut client = crate::bench_serve::Client::connect(addr).expect("connect");
        let (status, body) = client.send(first, headers, body).expect("an answer");
        let v = serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null);
        (status, v)
    }

    fn post(
        addr: SocketAddr,
        name: &str,
        token: Option<&str>,
        body: &[u8],
    ) -> (u16, serde_json::Value) {
        let auth = token.map(|t| format!("Authorization: Bearer {t}"));
        let headers: Vec<&str> = auth.iter().map(String::as_str).collect();
        request(
            addr,
            &format!("POST /api/ingest?name={name} HTTP/1.1"),
            &headers,
            body,
        )
    }

    fn search(addr: SocketAddr, q: &str) -> (u64, Vec<String>) {
        let (status, v) = request(addr, &format!("GET /api/search?q={q} HTTP/1.1"), &[], b"");
        assert_eq!(status, 200, "{v}");
        let ids = v["hits"]
            .as_array()
            .map(|h| {
                h.iter()
                    .filter_map(|h| h["id"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        (v["total"].as_u64().unwrap_or(0), ids)
    }

    #[test]
    fn posted_articles_are_stored_indexed_and_searchable_with_the_token_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("posted.db");
        drop(Store::open(&db).expect("store"));
        let mut o = Options::new(&db);
        o.token = Some("sesame-42".into());
        o.ingest = Some(Arc::new(StoreIngest { db: db.clone() }));
        o.body_timeout = Duration::from_secs(2);
        let addr = steppe_serve::spawn_local(o).expect("server");

        let jsonl = concat!(
            r#"{"title": "Caravanserai restored near Bukhara", "text": "Workers finished restoring an old caravanserai outside Bukhara on Monday. The building will host a museum of the silk road trade.", "date": "2024-05-06", "source": "Steppe Daily", "lang": "en"}"#,
            "\n",
            r#"{"title": "Un caravansérail rouvre", "text": "Le caravansérail restauré près de Boukhara a rouvert ses portes lundi. Il accueillera un musée du commerce caravanier.", "date": "2024-05-07", "source": "Le Courrier des steppes", "lang": "fr"}"#,
            "\n"
        );
        // No token, a wrong one: refused, nothing stored.
        let (status, v) = post(addr, "a.jsonl", None, jsonl.as_bytes());
        assert_eq!(status, 401, "{v}");
        assert_eq!(v["error"]["param"], "Authorization");
        let (status, _) = post(addr, "a.jsonl", Some("guess"), jsonl.as_bytes());
        assert_eq!(status, 401);
        assert_eq!(search(addr, "Bukhara").0, 0);

        let (status, v) = post(addr, "a.jsonl", Some("sesame-42"), jsonl.as_bytes());
        assert_eq!(status, 200, "{v}");
        assert_eq!(v["indexed"], 2, "{v}");
        // Stored, and found in both languages (the French one through its
        // accent folded: "musee" finds "musée").
        let store = Store::open_read_only(&db).expect("store");
        assert_eq!(store.article_count().expect("count"), 2);
        let (total, ids) = search(addr, "Bukhara");
        assert_eq!((total, ids.len()), (1, 1));
        assert_eq!(search(addr, "Boukhara").0, 1);
        assert_eq!(search(addr, "musee+caravanier").0, 1);

        // A plain text file.
        let text = "Herders in the Chuy valley moved their flocks to summer pastures a week early this year because of the warm spring.\n";
        let (status, v) = post(addr, "note.txt", Some("sesame-42"), text.as_bytes());
        assert_eq!(status, 200, "{v}");
        assert_eq!(store.article_count().expect("count"), 3);
        let (total, ids) = search(addr, "pastures");
        assert_eq!(total, 1);

        // The same file again changes nothing.
        let (status, v) = post(addr, "a.jsonl", Some("sesame-42"), jsonl.as_bytes());
        assert_eq!(status, 200, "{v}");
        assert_eq!(store.article_count().expect("count"), 3);
        assert_eq!(search(addr, "Bukhara").0, 1);
        assert_eq!(search(addr, "pastures"), (1, ids));

        // A body that stalls half way: 408, and the server goes on.
        let mut s = TcpStream::connect(addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(30)))
            .expect("timeout");
        write!(
            s,
            "POST /api/ingest?name=b.jsonl HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer sesame-42\r\nContent-Length: 1000\r\n\r\n{{\"title\": "
        )
        .expect("write");
        let mut buf = [0u8; 12];
        s.read_exact(&mut buf).expect("an answer");
        assert_eq!(&buf, b"HTTP/1.1 408");
        assert_eq!(search(addr, "pastures").0, 1);

        // A read-only server refuses writes.
        let addr = steppe_serve::spawn_local(Options::new(&db)).expect("server");
        let (status, v) = post(addr, "a.jsonl", Some("sesame-42"), jsonl.as_bytes());
        assert_eq!(status, 403, "{v}");
    }
}
