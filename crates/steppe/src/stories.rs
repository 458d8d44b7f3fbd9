//! The story stage: stored articles, in date order (undated last), through the
//! online clusterer; stories, threads, estimated dates and duplicates written
//! back in one transaction, then each story's claims (`sources.rs`).
//! Re-running on the same store gives the same rows.

use std::collections::HashMap;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use steppe_model::Published;
use steppe_store::{ArticleStore, DuplicateRow, StoryRow};
use steppe_stories::cluster::{Clusterer, Doc, Params, Story};

/// What the stage did.
#[derive(Debug, Default, Clone, Copy)]
pub struct Summary {
    pub articles: u64,
    pub stories: usize,
    pub threads: usize,
    pub duplicates: usize,
    /// Claims of the stories (events, figures, quotes, framing, conflicts).
    pub claims: usize,
    /// Articles the story stage failed on, each named on stderr and left
    /// out of the stories (they stay stored with their annotations).
    pub failed: u64,
}

/// A stable story id: from the article that started it.
fn story_id(first_article: &str) -> String {
    format!(
        "S{:012x}",
        steppe_stories::cluster::hash(first_article) >> 16
    )
}

pub fn doc_of(store: &dyn ArticleStore, a: &steppe_model::Article) -> Result<Doc> {
    let (actors, events, days) = store.article_signals(&a.id)?;
    Ok(Doc {
        id: a.id.clone(),
        lang: a.lang.clone().unwrap_or_default(),
        title: a.title.clone(),
        text: a.text.clone(),
        date: a.published.map(|p| p.first_day()),
        coarse_date: !matches!(a.published, Some(Published::Day(_) | Published::Time(_))),
        mentioned_days: days
            .iter()
            .filter_map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .collect(),
        actors,
        events,
        source: a.source.clone(),
    })
}

/// Clusters every stored article and replaces the store's stories.
pub fn run(store: &mut dyn ArticleStore) -> Result<Summary> {
    let (rows, duplicates, mut summary) = {
        let reader: &dyn ArticleStore = store;
        cluster(reader, &mut |f| reader.for_each_article(f))?
    };
    store
        .replace_stories(&rows, &duplicates)
        .context("storing stories")?;
    group_events(store, &rows)?;
    let (claims, failed) = crate::sources::run(store, &rows)?;
    summary.claims = claims;
    summary.failed += failed;
    Ok(summary)
}

/// The incremental story stage, for stores fed by many workers: only the
/// stories that new articles (those no story holds) can change are built
/// again. From the earliest new article's day less the clustering window,
/// extended back to the first day of every story still open then, the
/// dated articles go through the clusterer again (then the undated members
/// of those stories); the stories that start in that span are replaced,
/// the older ones are kept as they are. An undated new article, or a store
/// without stories, takes the whole run. The result can differ from a
/// whole run in copies found with articles older than the span and in the
/// word weights, which the clusterer learns from the articles it is given.
pub fn update(store: &mut dyn ArticleStore) -> Result<Summary> {
    let new = store.unclustered().context("reading new articles")?;
    if new.is_empty() {
        return Ok(Summary::default());
    }
    let stories = store.stories().context("reading stories")?;
    let first_new = new.iter().map(|(_, d)| d.clone()).min().flatten();
    let (Some(first_new), false) = (first_new, stories.is_empty()) else {
        // An undated new article may join any story: everything again.
        return run(store);
    };
    let window = Params::default().window_days;
    let Ok(day) = NaiveDate::parse_from_str(&first_new, "%Y-%m-%d") else {
        return run(store);
    };
    let mut from = (day - chrono::Duration::days(window)).to_string();
    loop {
        let back = stories
            .iter()
            .filter(|s| s.last_seen.as_deref().is_some_and(|l| l >= from.as_str()))
            .filter_map(|s| s.first_seen.clone())
            .filter(|f| *f < from)
            .min();
        match back {
            Some(b) => from = b,
            None => break,
        }
    }
    // The members of the stories that will be replaced: those the scan from
    // `from` does not give (undated ones) follow it.
    let members: Vec<String> = stories
        .iter()
        .filter(|s| s.first_seen.as_deref().is_some_and(|f| f >= from.as_str()))
        .flat_map(|s| s.articles.iter().map(|(a, _)| a.clone()))
        .collect();
    let (rows, duplicates, mut summary) = {
        let reader: &dyn ArticleStore = store;
        let from = from.as_str();
        cluster(reader, &mut |f| {
            let mut fed = std::collections::HashSet::new();
            let mut n = reader.for_each_article_from(from, &mut |a| {
                fed.insert(a.id.clone());
                f(a)
            })?;
            for id in members.iter().filter(|id| !fed.contains(*id)) {
                if let Some(a) = reader.article(id)? {
                    f(a).map_err(steppe_store::StoreError::Output)?;
                    n += 1;
                }
            }
            Ok(n)
        })?
    };
    store
        .replace_stories_from(&from, &rows, &duplicates)
        .context("storing stories")?;
    put_event_groups_of(store, &rows)?;
    let (claims, failed) = crate::sources::run_for(store, &rows)?;
    summary.claims = claims;
    summary.failed += failed;
    Ok(summary)
}

/// A source of articles for the clusterer: calls the sink with each.
type Feed<'a> = dyn FnMut(&mut dyn FnMut(steppe_model::Article) -> std::io::Result<()>) -> steppe_store::Result<u64>
    + 'a;

/// Runs the clusterer over the articles `feed` gives (in date order, undated
/// last): the stories and copies found.
fn cluster(
    store: &dyn ArticleStore,
    feed: &mut Feed<'_>,
) -> Result<(Vec<StoryRow>, Vec<DuplicateRow>, Summary)> {
    let mut clusterer = Clusterer::new(Params::default());
    let mut members: HashMap<u64, Vec<(String, bool)>> = HashMap::new();
    let mut duplicates: Vec<DuplicateRow> = Vec::new();
    let mut summary = Summary::default();
    let mut err: Option<anyhow::Error> = None;
    feed(&mut |a| {
        let doc = match doc_of(store, &a) {
            Ok(d) => d,
            Err(e) => {
                err.get_or_insert(e);
                return Ok(());
            }
        };
        // One article's failure costs its place in a story, not the run.
        let (story, dups) = match steppe_model::guard::catch(|| {
            steppe_model::guard::failpoint("stories", &a.text);
            clusterer.add(&doc)
        }) {
            Ok(x) => x,
            Err(e) => {
                eprintln!(
                    "error: {} ({}): stories stage failed: {e}; left out of the stories",
                    a.id, a.path
                );
                summary.failed += 1;
                return Ok(());
            }
        };
        members
            .entry(story)
            .or_default()
            .push((a.id.clone(), a.published.is_none()));
        for d in dups {
            for p in &d.passages {
                duplicates.push(DuplicateRow {
                    article_id: a.id.clone(),
                    other_id: d.other.clone(),
                    kind: if d.copy { "copy" } else { "passage" }.into(),
                    start: p.a.start as u64,
                    end: p.a.end as u64,
                    other_start: p.b.start as u64,
                    other_end: p.b.end as u64,
                    similarity: (d.similarity * 1000.0).round() / 1000.0,
                });
            }
        }
        summary.articles += 1;
        Ok(())
    })
    .context("reading articles for stories")?;
    if let Some(e) = err {
        return Err(e);
    }
    let stories: Vec<Story> = clusterer.finish();
    let ids: HashMap<u64, String> = stories
        .iter()
        .map(|s| {
            (
                s.id,
                story_id(s.articles.first().map_or("", String::as_str)),
            )
        })
        .collect();
    let rows: Vec<StoryRow> = stories
        .iter()
        .map(|s| {
            let estimated = s.estimated.map(|d| d.to_string());
            let articles = members
                .get(&s.id)
                .map(|m| {
                    m.iter()
                        .map(|(a, undated)| (a.clone(), estimated.clone().filter(|_| *undated)))
                        .collect()
                })
                .unwrap_or_default();
            StoryRow {
                id: ids[&s.id].clone(),
                thread_id: format!("T{}", &ids.get(&s.thread).unwrap_or(&ids[&s.id])[1..]),
                title: s.title.clone(),
                summary: s.summary.clone(),
                first_seen: s.first.map(|d| d.to_string()),
                last_seen: s.last.map(|d| d.to_string()),
                estimated,
                actors: s.actors.clone(),
                independent: s.independent as u64,
                sources: s.sources.clone(),
                articles,
            }
        })
        .collect();
    summary.stories = rows.len();
    let mut threads: Vec<&str> = rows.iter().map(|r| r.thread_id.as_str()).collect();
    threads.sort_unstable();
    threads.dedup();
    summary.threads = threads.len();
    summary.duplicates = duplicates.len();
    Ok((rows, duplicates, summary))
}

/// A source of stored events for the grouping: calls the sink with each.
type EventFeed<'a> = dyn FnMut(
        &mut dyn FnMut(steppe_store::EventRow) -> std::io::Result<()>,
    ) -> steppe_store::Result<u64>
    + 'a;

/// One real-world event reported by several articles of a story is one group:
/// same story, same sides, same CAMEO code, same month (or both undated).
fn group_events(store: &mut dyn ArticleStore, stories: &[StoryRow]) -> Result<()> {
    let groups = {
        let reader: &dyn ArticleStore = store;
        groups_of(stories, &mut |f| reader.for_each_event(f))?
    };
    store
        .replace_event_groups(&groups)
        .context("storing event groups")
}

/// The groups of the events of these stories only (the incremental stage):
/// each story's articles in order, as the whole run meets them.
fn put_event_groups_of(store: &mut dyn ArticleStore, stories: &[StoryRow]) -> Result<()> {
    let groups = {
        let reader: &dyn ArticleStore = store;
        groups_of(stories, &mut |f| {
            let mut n = 0;
            for (a, _) in stories.iter().flat_map(|s| &s.articles) {
                for event in reader.events_of(a)? {
                    let id = steppe_store::event_id(a, &event);
                    f(steppe_store::EventRow {
                        id,
                        article_id: a.clone(),
                        event,
                    })
                    .map_err(steppe_store::StoreError::Output)?;
                    n += 1;
                }
            }
            Ok(n)
        })?
    };
    store
        .put_event_groups(&groups)
        .context("storing event groups")
}

/// Event id → group id for the events `feed` gives, in the order it gives
/// them (the first report of a group names it).
fn groups_of(stories: &[StoryRow], feed: &mut EventFeed<'_>) -> Result<Vec<(String, String)>> {
    let story_of: HashMap<&str, &str> = stories
        .iter()
        .flat_map(|s| {
            s.articles
                .iter()
                .map(move |(a, _)| (a.as_str(), s.id.as_str()))
        })
        .collect();
    let estimate: HashMap<&str, String> = stories
        .iter()
        .flat_map(|s| s.articles.iter())
        .filter_map(|(a, e)| e.clone().map(|e| (a.as_str(), e)))
        .collect();
    let mut first: HashMap<(String, String, String, String, String), String> = HashMap::new();
    let mut groups: Vec<(String, String)> = Vec::new();
    feed(&mut |r| {
        let e = &r.event;
        let story = story_of.get(r.article_id.as_str()).copied().unwrap_or("");
        // An undated article's events take the date its story gives it.
        let date = e
            .date
            .clone()
            .or_else(|| estimate.get(r.article_id.as_str()).cloned())
            .unwrap_or_default();
        let month: String = date.chars().take(7).collect();
        let key = (
            story.to_string(),
            e.source.id.clone(),
            e.target.id.clone(),
            e.cameo.clone(),
            month,
        );
        let g = first.entry(key).or_insert_with(|| r.id.clone()).clone();
        groups.push((r.id, g));
        Ok(())
    })
    .context("reading events for grouping")?;
    Ok(groups)
}
