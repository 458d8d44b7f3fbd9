//! `steppe demo`: the main job on the embedded default. Ingests the demo corpus
//! (written by the steppe authors, compiled into the binary) into a fresh store
//! and shows what came out. Each stage added to steppe adds its part here.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use steppe_store::{ArticleStore, Store};

use crate::pipeline::{self, Input};
use crate::report;

include!(concat!(env!("OUT_DIR"), "/demo_corpus.rs"));

pub fn inputs() -> Vec<Input> {
    DEMO_CORPUS
        .iter()
        .map(|(name, bytes)| Input::Memory {
            name: format!("demo/{name}"),
            bytes,
        })
        .collect()
}

/// A fresh store for the demo: the SQLite file (and its search index)
/// removed and created again, or a PostgreSQL store that must hold nothing
/// yet (a shared server's store is never emptied by a demo).
fn fresh_store(db: &Path) -> Result<Box<dyn ArticleStore>> {
    let name = db.to_string_lossy();
    if steppe_store::is_postgres_url(&name) {
        let store = steppe_store::open_backend(&name)?;
        let n = store.article_count()?;
        if n > 0 {
            anyhow::bail!(
                "the demo writes into an empty store, and this PostgreSQL store holds {n} article(s): \
                 use a schema of its own (?options=-csearch_path%3Dsteppe_demo)"
            );
        }
        return Ok(store);
    }
    for suffix in ["", "-wal", "-shm"] {
        let p = format!("{}{suffix}", db.display());
        match std::fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("removing old demo store {p}")),
        }
    }
    // The search index belongs to the old store: it goes with it.
    let index = steppe_serve::index::folder_for(db);
    match std::fs::remove_dir_all(&index) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e).with_context(|| format!("removing old index {}", index.display())),
    }
    Ok(Box::new(
        Store::open(db).with_context(|| format!("creating {}", db.display()))?,
    ))
}

pub fn run(db: &Path) -> Result<std::process::ExitCode> {
    let mut store = fresh_store(db)?;
    // A URL is shown without its password.
    let store_name = steppe_store::redact(&db.to_string_lossy());
    let store = store.as_mut();
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "steppe demo: {} embedded file(s) into {}",
        DEMO_CORPUS.len(),
        store_name
    )?;
    // The corpus holds deliberately broken files, to show that they are named and skipped.
    let summary = pipeline::run(store, inputs(), Vec::new(), pipeline::Options::default())?;
    writeln!(out, "\ningest: {summary}")?;
    let st = crate::stories::run(store)?;
    writeln!(
        out,
        "stories: {} article(s) in {} stories, {} thread(s); {} shared passage(s)\n",
        st.articles, st.stories, st.threads, st.duplicates
    )?;
    report::stats(store, &mut out)?;

    let mut by_kind: BTreeMap<String, u64> = BTreeMap::new();
    let mut timeline = Vec::new();
    store.for_each_article(&mut |a| {
        for r in &a.removed {
            *by_kind.entry(r.kind.clone()).or_default() += 1;
        }
        timeline.push(a);
        Ok(())
    })?;
    let kinds: Vec<(String, u64)> = by_kind.into_iter().collect();
    writeln!(out, "boilerplate removed, by kind")?;
    let max = kinds.iter().map(|k| k.1).max().unwrap_or(0);
    for (k, n) in &kinds {
        writeln!(out, "  {k:<11} │{:<30} {n}", report::bar(*n, max, 30))?;
    }
    writeln!(out, "\ntimeline")?;
    for a in &timeline {
        let date = a.published.map_or_else(
            || "(undated)".to_string(),
            |p| p.to_string().chars().take(10).collect(),
        );
        let title = a
            .title
            .clone()
            .unwrap_or_else(|| a.text.chars().take(60).collect::<String>() + "…");
        writeln!(
            out,
            "  {date:<10} {:<2} {:<24} {}",
            a.lang.as_deref().unwrap_or("?"),
            a.source
                .as_deref()
                .unwrap_or("-")
                .chars()
                .take(24)
                .collect::<String>(),
            title.chars().take(80).collect::<String>()
        )?;
    }
    // Actors, under one id whatever the spelling or language.
    let kb = steppe_actors::kb::Kb::builtin();
    let counts = store.actor_counts()?;
    writeln!(
        out,
        "\nactors most named (one id for every spelling, metonym and role)"
    )?;
    let max = counts.first().map_or(0, |c| c.1);
    for (id, mentions, articles, surface) in counts.iter().take(12) {
        let name = kb.get(id).map_or(surface.clone(), |a| a.name.clone());
        let forms = store.actor_surfaces(id)?;
        let shown: Vec<&str> = forms.iter().map(String::as_str).take(5).collect();
        writeln!(
            out,
            "  {name:<24} │{:<20} {mentions:>3} in {articles:>2} art.  {}",
            report::bar(*mentions, max, 20),
            shown.join(", ")
        )?;
    }

    // Relative dates resolved against each article's own date, and figures.
    let mut dates = Vec::new();
    store.for_each_timex(&mut |t| {
        dates.push(t);
        Ok(())
    })?;
    let titles: std::collections::HashMap<String, (String, String)> = timeline
        .iter()
        .map(|a| {
            let date = a.published.map_or_else(
                || "undated".to_string(),
                |p| p.to_string().chars().take(10).collect(),
            );
            (a.id.clone(), (date, a.lang.clone().unwrap_or_default()))
        })
        .collect();
    writeln!(
        out,
        "\nrelative dates, resolved against the article's date (a sample)"
    )?;
    let relative = |t: &&steppe_store::TimexRow| {
        let l = t.text.to_lowercase();
        [
            "dernier",
            "dernière",
            "prochain",
            "hier",
            "last",
            "next",
            "yesterday",
            "ago",
            "mardi",
            "lundi",
            "jeudi",
            "vendredi",
            "tuesday",
            "thursday",
            "monday",
        ]
        .iter()
        .any(|w| l.contains(w))
    };
    for t in dates.iter().filter(relative).take(12) {
        let (date, lang) = titles.get(&t.article_id).cloned().unwrap_or_default();
        writeln!(
            out,
            "  {lang} {date:<10}  {:<28} → {}",
            format!("\"{}\"", t.text),
            t.value
        )?;
    }
    let mut figures = Vec::new();
    store.for_each_quantity(&mut |q| {
        figures.push(q);
        Ok(())
    })?;
    writeln!(out, "\nfigures with units (a sample)")?;
    for q in figures.iter().filter(|q| !q.unit.is_empty()).take(10) {
        let value = if q.value.fract() == 0.0 {
            format!("{}", q.value as i64)
        } else {
            format!("{}", q.value)
        };
        writeln!(
            out,
            "  {:<32} → {value} {}{}",
            format!("\"{}\"", q.text),
            q.unit,
            q.counted
                .as_deref()
                .map(|c| format!(" ({c})"))
                .unwrap_or_default()
        )?;
    }
    // Stories with more than one article, drawn on a timeline by thread.
    let stories = store.stories()?;
    writeln!(out, "\nstories of several articles (by thread)")?;
    let mut multi: Vec<&steppe_store::StoryRow> =
        stories.iter().filter(|s| s.articles.len() > 1).collect();
    multi.sort_by(|a, b| {
        a.thread_id
            .cmp(&b.thread_id)
            .then(a.first_seen.cmp(&b.first_seen))
    });
    for s in multi.iter().take(12) {
        let title: String = s.title.chars().take(58).collect();
        writeln!(
            out,
            "  {} {} {:<10} {:<3} {} indep. │ {title}",
            s.thread_id.chars().take(7).collect::<String>(),
            s.first_seen.as_deref().unwrap_or("undated   "),
            "█".repeat(s.articles.len().min(10)),
            s.articles.len(),
            s.independent
        )?;
    }

    // Events: how many by CAMEO root, drawn, and a few of them with their proof.
    let mut events = Vec::new();
    store.for_each_event(&mut |e| {
        events.push(e);
        Ok(())
    })?;
    let mut by_root: BTreeMap<String, u64> = BTreeMap::new();
    for e in &events {
        *by_root.entry(e.event.root.clone()).or_default() += 1;
    }
    writeln!(out, "\nevents by CAMEO root ({} in all)", events.len())?;
    let max = by_root.values().copied().max().unwrap_or(1);
    for (root, n) in &by_root {
        let name = steppe_events::cameo::ROOTS
            .iter()
            .find(|(r, _)| r == root)
            .map_or("", |(_, n)| n);
        writeln!(
            out,
            "  {root} {name:<34} │{:<20} {n}",
            report::bar(*n, max, 20)
        )?;
    }
    writeln!(out, "\nevents (a sample, most confident first)")?;
    let mut sample: Vec<&steppe_store::EventRow> = events.iter().collect();
    sample.sort_by(|a, b| b.event.confidence.total_cmp(&a.event.confidence));
    for r in sample.iter().take(8) {
        let e = &r.event;
        writeln!(
            out,
            "  {} {:<9} {} → {}  {} [{}]",
            e.date.as_deref().unwrap_or("undated"),
            e.modality.as_str(),
            e.source.code,
            if e.target.code.is_empty() {
                "—"
            } else {
                &e.target.code
            },
            e.cameo,
            e.plover.to_lowercase()
        )?;
        let proof: String = e.evidence.chars().take(110).collect();
        writeln!(out, "      \"{proof}\"")?;
    }
    writeln!(
        out,
        "\nNext: `steppe export articles --db {} --format csv --out articles.csv` (also: timex, quantities, mentions, actors, events, stories, duplicates)",
        store_name
    )?;
    Ok(std::process::ExitCode::SUCCESS)
}
