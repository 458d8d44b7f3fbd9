//! The story stage: stored articles, in date order (undated last), through the
//! online clusterer; stories, threads, estimated dates and duplicates written
//! back in one transaction, then each story's claims (`sources.rs`).
//! Re-running on the same store gives the same rows.

use std::collections::HashMap;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use steppe_model::Published;
use steppe_store::{DuplicateRow, Store, StoryRow};
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

pub fn doc_of(store: &Store, a: &steppe_model::Article) -> Result<Doc> {
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
pub fn run(store: &mut Store) -> Result<Summary> {
    let mut clusterer = Clusterer::new(Params::default());
    let mut members: HashMap<u64, Vec<(String, bool)>> = HashMap::new();
    let mut duplicates: Vec<DuplicateRow> = Vec::new();
    let mut summary = Summary::default();
    let mut err: Option<anyhow::Error> = None;
    store
        .for_each_article(|a| {
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
    store
        .replace_stories(&rows, &duplicates)
        .context("storing stories")?;
    group_events(store, &rows)?;
    let (claims, failed) = crate::sources::run(store, &rows)?;
    summary.claims = claims;
    summary.failed += failed;
    Ok(summary)
}

/// One real-world event reported by several articles of a story is one group:
/// same story, same sides, same CAMEO code, same month (or both undated).
fn group_events(store: &mut Store, stories: &[StoryRow]) -> Result<()> {
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
    store
        .for_each_event(|r| {
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
    store
        .replace_event_groups(&groups)
        .context("storing event groups")
}
