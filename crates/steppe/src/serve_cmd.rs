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
