//! The search index on its own, on a store small enough to count by hand
//! (our own sentences): totals and facets exact over several segments, with
//! and without filters and after documents were indexed again, and a sync
//! with nothing new that adds nothing.

use steppe_model::{Analysed, Article, DateOrigin, Format, Published};
use steppe_serve::index::{FacetCount, SearchIndex, SearchRequest};
use steppe_store::Store;

fn record(id: &str, source: &str, lang: &str, day: &str, text: &str) -> Analysed {
    Analysed {
        article: Article {
            id: id.into(),
            path: format!("fixtures/{id}.txt"),
            item: 0,
            format: Format::Text,
            url: None,
            source: Some(source.into()),
            title: Some(format!("Dispatch {id}")),
            author: None,
            lang: Some(lang.into()),
            lang_confidence: 0.9,
            published: Published::parse_iso(day),
            date_origin: DateOrigin::Header,
            text: text.into(),
            removed: vec![],
            warnings: vec![],
        },
        timexes: vec![],
        quantities: vec![],
        mentions: vec![],
        events: vec![],
        quotes: vec![],
        framings: vec![],
    }
}

/// What a search found, facets as (value, count).
struct Answer {
    total: usize,
    hits: Vec<String>,
    lang: Vec<(String, u64)>,
    source: Vec<(String, u64)>,
    month: Vec<(String, u64)>,
}

fn ask(index: &SearchIndex, q: &str, lang: Option<&str>) -> Answer {
    let found = index
        .search(&SearchRequest {
            q: q.into(),
            lang: lang.map(str::to_string),
            limit: 2,
            facets: true,
            ..Default::default()
        })
        .expect("search");
    let own = |v: &[FacetCount]| v.iter().map(|f| (f.value.clone(), f.count)).collect();
    Answer {
        total: found.total,
        hits: found.hits.iter().map(|h| h.id.clone()).collect(),
        lang: own(&found.facets.lang),
        source: own(&found.facets.source),
        month: own(&found.facets.month),
    }
}

fn pairs(v: &[(&str, u64)]) -> Vec<(String, u64)> {
    v.iter().map(|(s, n)| (s.to_string(), *n)).collect()
}

#[test]
fn totals_and_facets_are_exact_over_segments_filters_and_reindexing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("s.db");
    let mut store = Store::open(&db).expect("store");
    store
        .write_batch(
            &[
                record(
                    "r1",
                    "North Post",
                    "en",
                    "2024-05-02",
                    "The river barge reached the harbour.",
                ),
                record(
                    "r2",
                    "North Post",
                    "en",
                    "2024-06-11",
                    "A second barge left the river port.",
                ),
                record(
                    "r3",
                    "Gazette du Sud",
                    "fr",
                    "2024-06-20",
                    "La barge a quitté le port fluvial.",
                ),
            ],
            &[],
        )
        .expect("batch");
    let index = SearchIndex::open(&dir.path().join("s.db.index")).expect("index");
    assert_eq!(index.sync(&store).expect("sync"), 3);
    // Nothing new: nothing indexed again (no extra segment, no deletes).
    assert_eq!(index.sync(&store).expect("sync"), 0);
    // A second segment, and the first one's documents of the same ingest
    // second indexed again (deleted there).
    store
        .write_batch(
            &[
                record(
                    "r4",
                    "Gazette du Sud",
                    "fr",
                    "2024-06-21",
                    "Une autre barge attend au port.",
                ),
                record(
                    "r5",
                    "Steppe Wire",
                    "en",
                    "2024-07-01",
                    "No vessel on the steppe today.",
                ),
            ],
            &[],
        )
        .expect("batch");
    assert!(index.sync(&store).expect("sync") >= 2);
    assert_eq!(index.sync(&store).expect("sync"), 0);

    // "barge" is in r1 to r4: the English stem and the French field alike.
    let a = ask(&index, "barge", None);
    assert_eq!(a.total, 4);
    assert_eq!(a.hits.len(), 2);
    assert_eq!(a.lang, pairs(&[("en", 2), ("fr", 2)]));
    assert_eq!(a.source, pairs(&[("Gazette du Sud", 2), ("North Post", 2)]));
    assert_eq!(a.month, pairs(&[("2024-05", 1), ("2024-06", 3)]));

    // Filtered (one pass for hits and facets): the same counts, narrowed.
    let mut a = ask(&index, "barge", Some("fr"));
    assert_eq!(a.total, 2);
    a.hits.sort();
    assert_eq!(a.hits, vec!["r3".to_string(), "r4".to_string()]);
    assert_eq!(a.lang, pairs(&[("fr", 2)]));
    assert_eq!(a.source, pairs(&[("Gazette du Sud", 2)]));
    assert_eq!(a.month, pairs(&[("2024-06", 2)]));

    // A word of one document only.
    let a = ask(&index, "steppe", None);
    assert_eq!((a.total, a.hits), (1, vec!["r5".to_string()]));
    assert_eq!(a.source, pairs(&[("Steppe Wire", 1)]));
}
