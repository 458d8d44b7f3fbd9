//! The command on a PostgreSQL store (when `STEPPE_TEST_PG` names a server,
//! e.g. `postgres://postgres@127.0.0.1:5432/test`; skipped otherwise): the
//! same inputs give the same counts and exports as on SQLite, and several
//! workers on one queue store each article once. Each test uses a schema
//! of its own, dropped at the end.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn steppe() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_steppe"));
    c.env_remove("STEPPE_DB");
    c
}

fn run(args: &[&str]) -> Output {
    steppe().args(args).output().expect("run steppe")
}

fn ok(args: &[&str]) -> String {
    let o = run(args);
    assert!(
        o.status.success(),
        "steppe {args:?}: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A schema of the test server for one test, dropped with the guard.
struct Schema {
    base: String,
    name: String,
}

impl Schema {
    fn new(tag: &str) -> Option<Schema> {
        let base = std::env::var("STEPPE_TEST_PG")
            .ok()
            .filter(|s| !s.is_empty())?;
        let name = format!("steppe_cli_{tag}_{}", std::process::id());
        let s = Schema { base, name };
        s.drop_it();
        Some(s)
    }

    fn url(&self) -> String {
        let sep = if self.base.contains('?') { '&' } else { '?' };
        format!("{}{sep}options=-csearch_path%3D{}", self.base, self.name)
    }

    fn drop_it(&self) {
        if let Ok(mut c) = postgres::Client::connect(&self.base, postgres::NoTls) {
            let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
        }
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        self.drop_it();
    }
}

/// Three articles of our own, one of them twice (a copy in another file).
fn fixtures(dir: &Path) -> PathBuf {
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    let a = "date: 2024-03-05\nsource: La Gazette du lac\nLe Kazakhstan et l'Ouzbékistan signent un accord sur l'eau\n\n\
Le président kazakh a reçu mardi à Astana son homologue ouzbek pour signer un accord sur le partage des eaux du Syr-Daria.\n\
Les deux pays prévoient 12 millions de dollars de travaux d'ici 2026.\n";
    let b = "date: 2024-03-07\nsource: Le Courrier des steppes\nAstana et Tachkent s'accordent sur le Syr-Daria\n\n\
Le président ouzbek s'est rendu mardi à Astana, où il a signé avec le président kazakh un accord sur l'eau du Syr-Daria.\n\
Le texte prévoit 12 millions de dollars de travaux, selon le ministère kazakh.\n";
    let c = "source: Le Courrier des steppes\nLa Russie annonce des manœuvres près de la frontière\n\n\
Le ministère russe de la Défense a annoncé jeudi des exercices militaires près de la frontière kazakhe, a rapporté l'agence officielle.\n";
    std::fs::write(input.join("a.txt"), a).unwrap();
    std::fs::write(input.join("b.txt"), b).unwrap();
    std::fs::write(input.join("c.txt"), c).unwrap();
    std::fs::create_dir_all(input.join("copies")).unwrap();
    std::fs::write(input.join("copies/a-again.txt"), a).unwrap();
    input
}

const KINDS: &[&str] = &[
    "articles",
    "timex",
    "quantities",
    "mentions",
    "actors",
    "events",
    "stories",
    "duplicates",
    "quotes",
    "framing",
    "claims",
];

/// An export with the articles' `path` left out: which of two files with
/// the same content is stored first depends on which one a parallel reader
/// finishes first, on either backend (both are kept as sightings).
fn export(kind: &str, db: &str) -> String {
    let text = ok(&["export", kind, "--db", db]);
    if kind != "articles" {
        return text;
    }
    text.lines()
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
            v.as_object_mut().unwrap().remove("path");
            v.to_string() + "\n"
        })
        .collect()
}

/// Exports of every kind, and the summary, as text.
fn exports(db: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = KINDS
        .iter()
        .map(|k| (k.to_string(), export(k, db)))
        .collect();
    out.push(("stats".into(), ok(&["stats", "--db", db])));
    out
}

fn same_as_sqlite(input: &Path, tag: &str) {
    let Some(schema) = Schema::new(tag) else {
        eprintln!("skipped: STEPPE_TEST_PG not set");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.db");
    let sqlite = file.to_str().unwrap();
    let pg = schema.url();
    let input = input.to_str().unwrap();
    ok(&["ingest", input, "--db", sqlite, "--quiet"]);
    ok(&["ingest", input, "--db", &pg, "--quiet"]);
    let (a, b) = (exports(sqlite), exports(&pg));
    for ((kind, x), (_, y)) in a.iter().zip(&b) {
        // Relative paths make the two outputs comparable line by line.
        assert_eq!(x, y, "export {kind} differs between SQLite and PostgreSQL");
    }
    assert!(a[0].1.lines().count() > 0, "no article stored");
    // A second ingest into PostgreSQL adds nothing.
    let o = run(&["ingest", input, "--db", &pg, "--quiet"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains(" 0 ingested"));
    assert_eq!(exports(&pg), b);
}

#[test]
fn fixtures_on_postgresql_give_the_same_exports_as_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    same_as_sqlite(&fixtures(dir.path()), "fixtures");
}

#[test]
fn seeds_on_postgresql_give_the_same_exports_as_on_sqlite() {
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    if !seeds.is_dir() {
        eprintln!("skipped: ../shared/seeds not found");
        return;
    }
    same_as_sqlite(&seeds, "seeds");
}

#[test]
fn workers_on_one_queue_store_each_article_once() {
    let Some(schema) = Schema::new("queue") else {
        eprintln!("skipped: STEPPE_TEST_PG not set");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // 60 lines, every tenth a copy of the line before it: 54 articles.
    let mut lines = String::new();
    let mut distinct = 0;
    for i in 0..60 {
        let n = if i % 10 == 9 { i - 1 } else { i };
        if n == i {
            distinct += 1;
        }
        lines.push_str(&format!(
            "{{\"title\": \"Dépêche {n}\", \"text\": \"Le conseil municipal numéro {n} a voté le budget de la ville pour l'année qui vient, après un long débat.\", \"date\": \"2023-05-{:02}\"}}\n",
            n % 28 + 1
        ));
    }
    let file = dir.path().join("c.jsonl");
    std::fs::write(&file, lines).unwrap();
    let url = schema.url();
    let f = file.to_str().unwrap();
    let out = ok(&["enqueue", f, "--db", &url, "--chunk", "7"]);
    assert!(out.contains("queued 9 new chunk(s) of 9"), "{out}");
    // Queueing again adds nothing.
    let out = ok(&["enqueue", f, "--db", &url, "--chunk", "7"]);
    assert!(out.contains("queued 0 new chunk(s)"), "{out}");
    let workers: Vec<_> = (0..3)
        .map(|w| {
            steppe()
                .args(["worker", "--db", &url, "--quiet", "--no-analysis"])
                .args(["--name", &format!("w{w}")])
                .output()
        })
        .collect();
    for w in workers {
        let w = w.unwrap();
        assert!(w.status.success(), "{}", String::from_utf8_lossy(&w.stderr));
    }
    let stats = ok(&["stats", "--db", &url]);
    assert!(
        stats.contains(&format!("{distinct} article")),
        "{distinct} articles expected: {stats}"
    );
    let o = ok(&["export", "articles", "--db", &url]);
    assert_eq!(o.lines().count(), distinct);
    // Item numbers count from the file's start, whichever chunk held them.
    assert!(o.contains("\"item\":58"), "{o}");
    // Nothing is left to do: another worker reads nothing.
    let w = run(&["worker", "--db", &url, "--name", "late"]);
    assert!(w.status.success());
    assert!(String::from_utf8_lossy(&w.stderr).contains("0 chunk(s)"));
    // The queue is for PostgreSQL stores.
    let o = run(&["worker", "--db", dir.path().join("x.db").to_str().unwrap()]);
    assert!(!o.status.success());
}

#[test]
fn incremental_stories_on_postgresql_match_a_whole_run_on_sqlite() {
    let Some(schema) = Schema::new("incremental") else {
        eprintln!("skipped: STEPPE_TEST_PG not set");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let first = fixtures(dir.path());
    let later = dir.path().join("later");
    std::fs::create_dir_all(&later).unwrap();
    std::fs::write(
        later.join("d.txt"),
        "date: 2024-03-08\nsource: La Gazette du lac\nAccord sur l'eau : Astana et Tachkent lancent les travaux\n\n\
Trois jours après l'accord signé à Astana par les présidents kazakh et ouzbek, les travaux sur le Syr-Daria ont commencé.\n\
Les 12 millions de dollars prévus financeront d'abord deux barrages.\n",
    )
    .unwrap();
    std::fs::write(
        later.join("e.txt"),
        "date: 2024-06-20\nsource: Le Courrier des steppes\nBichkek accueille un festival de cinéma\n\n\
Le festival du film d'Asie centrale a ouvert jeudi à Bichkek, avec quarante films venus de six pays.\n",
    )
    .unwrap();
    let file = dir.path().join("all.db");
    let sqlite = file.to_str().unwrap();
    let pg = schema.url();
    // SQLite: both sets, one whole story run after each ingest.
    for input in [&first, &later] {
        ok(&["ingest", input.to_str().unwrap(), "--db", sqlite, "--quiet"]);
    }
    // PostgreSQL: the second ingest updates only what its articles change.
    ok(&["ingest", first.to_str().unwrap(), "--db", &pg, "--quiet"]);
    let o = run(&["ingest", later.to_str().unwrap(), "--db", &pg, "--quiet"]);
    assert!(o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    // Placed again: the new articles and the story they join, not the undated one.
    assert!(stderr.contains("stories: 4 article(s)"), "{stderr}");
    for kind in ["stories", "duplicates", "claims", "events", "articles"] {
        assert_eq!(
            export(kind, &pg),
            export(kind, sqlite),
            "export {kind} after the incremental stage"
        );
    }
    // Nothing new: the incremental stage does nothing, the stories stay.
    let before = ok(&["export", "stories", "--db", &pg]);
    let out = ok(&["stories", "--incremental", "--db", &pg]);
    assert!(out.starts_with("0 article(s)"), "{out}");
    assert_eq!(ok(&["export", "stories", "--db", &pg]), before);
}
