//! A fresh store per test on each backend: the same test body runs on a
//! SQLite file always and, when `STEPPE_TEST_PG` names a server (for
//! example `postgres://postgres@127.0.0.1:5432/test`), on a PostgreSQL
//! schema of its own, dropped after the test. Schemas are named by process,
//! counter and clock, so tests and test binaries run in parallel.

// Each test file uses a part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

static NEXT: AtomicU32 = AtomicU32::new(0);

/// One test's store: what `--db` is given, and a folder for its files.
pub struct TestDb {
    arg: String,
    schema: Option<(String, String)>,
    dir: tempfile::TempDir,
}

impl TestDb {
    fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let arg = dir.path().join("t.db").to_string_lossy().into_owned();
        TestDb {
            arg,
            schema: None,
            dir,
        }
    }

    fn postgres(base: &str) -> TestDb {
        let name = format!(
            "steppe_cli{}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos())
        );
        let sep = if base.contains('?') { '&' } else { '?' };
        TestDb {
            arg: format!("{base}{sep}options=-csearch_path%3D{name}"),
            schema: Some((base.to_string(), name)),
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    /// The `--db` value.
    pub fn arg(&self) -> &str {
        &self.arg
    }

    pub fn is_postgres(&self) -> bool {
        self.schema.is_some()
    }

    /// A folder that lives as long as the store, for inputs and outputs.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The SQLite file (None on PostgreSQL).
    pub fn file(&self) -> Option<PathBuf> {
        (!self.is_postgres()).then(|| PathBuf::from(&self.arg))
    }

    /// Rows in a table of the store (0 when the store does not exist yet).
    pub fn count(&self, table: &str) -> i64 {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        match &self.schema {
            None => {
                if !Path::new(&self.arg).exists() {
                    return 0;
                }
                rusqlite::Connection::open(&self.arg)
                    .and_then(|c| c.query_row(&sql, [], |r| r.get::<_, i64>(0)))
                    .unwrap_or(0)
            }
            Some(_) => postgres::Client::connect(&self.arg, postgres::NoTls)
                .and_then(|mut c| c.query_one(&sql, &[]))
                .map_or(0, |r| r.get::<_, i64>(0)),
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((base, name)) = &self.schema {
            if let Ok(mut c) = postgres::Client::connect(base, postgres::NoTls) {
                let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {name} CASCADE"));
            }
        }
    }
}

/// The test server's URL, when one is given.
pub fn pg_base() -> Option<String> {
    std::env::var("STEPPE_TEST_PG")
        .ok()
        .filter(|s| !s.is_empty())
}

/// Runs `test` on a fresh SQLite store, then on a fresh PostgreSQL one
/// when `STEPPE_TEST_PG` is set (saying so when it is not).
pub fn on_each_backend(test: impl Fn(&TestDb)) {
    eprintln!("backend: SQLite");
    test(&TestDb::sqlite());
    match pg_base() {
        Some(base) => {
            eprintln!("backend: PostgreSQL");
            test(&TestDb::postgres(&base));
        }
        None => eprintln!("PostgreSQL half skipped: STEPPE_TEST_PG is not set"),
    }
}
