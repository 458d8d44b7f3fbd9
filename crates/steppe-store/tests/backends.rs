//! The store's behaviour through its interface, on each backend: SQLite
//! always, PostgreSQL too when `STEPPE_TEST_PG` names a server (for example
//! `postgres://postgres@127.0.0.1:5432/test`). Each PostgreSQL test works in
//! a schema of its own, dropped at the end, so tests run in parallel and
//! leave nothing behind.

use std::sync::atomic::{AtomicU32, Ordering};

use steppe_model::{
    ActorMention, Analysed, Article, Claim, ClaimKind, DateOrigin, Event, EventActor, Format,
    Framing, Modality, Published, Quantity, Quote, RemovedLine, Timex, TimexType,
};
use steppe_store::{
    ArticleStore, Backend, DuplicateRow, InputRecord, KbImportRow, PgStore, QueueItem, Store,
    StoryRow,
};

static NEXT: AtomicU32 = AtomicU32::new(0);

/// A PostgreSQL schema for one test, dropped when the guard goes.
struct PgSchema {
    base: String,
    name: String,
}

impl PgSchema {
    fn new(base: &str) -> PgSchema {
        let name = format!(
            "steppe_t{}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos())
        );
        PgSchema {
            base: base.to_string(),
            name,
        }
    }

    fn url(&self) -> String {
        let sep = if self.base.contains('?') { '&' } else { '?' };
        format!("{}{sep}options=-csearch_path%3D{}", self.base, self.name)
    }
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.base, postgres::NoTls) {
            let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
        }
    }
}

fn pg_base() -> Option<String> {
    std::env::var("STEPPE_TEST_PG")
        .ok()
        .filter(|s| !s.is_empty())
}

/// Runs `test` on a fresh store of each backend.
fn on_each_backend(test: impl Fn(&mut dyn ArticleStore)) {
    let mut sqlite = Store::open_in_memory().unwrap();
    test(&mut sqlite);
    if let Some(base) = pg_base() {
        let schema = PgSchema::new(&base);
        let mut pg = PgStore::connect(&schema.url()).unwrap();
        test(&mut pg);
    }
}

fn article(id: &str, text: &str, published: Option<&str>) -> Article {
    Article {
        id: id.into(),
        path: format!("corpus/{id}.txt"),
        item: 0,
        format: Format::Text,
        url: None,
        source: Some("Le Courrier des steppes".into()),
        title: Some("Visite à Astana".into()),
        author: None,
        lang: Some("fr".into()),
        lang_confidence: 0.9,
        published: published.and_then(Published::parse_iso),
        date_origin: DateOrigin::Header,
        text: text.into(),
        removed: vec![RemovedLine {
            kind: "share".into(),
            text: "Facebook".into(),
        }],
        warnings: vec![],
    }
}

fn side(id: &str, code: &str, surface: &str) -> EventActor {
    EventActor {
        id: id.into(),
        code: code.into(),
        surface: surface.into(),
    }
}

/// An article with one annotation of each kind; offsets are bytes of a
/// text with an accent before them, so the stored character offsets differ.
fn annotated(id: &str) -> Analysed {
    let text = "Déjà le 3 mars 2023, le ministre a reçu 40 délégués à Astana.";
    let at = |w: &str| text.find(w).unwrap();
    let mut rec = Analysed::bare(article(id, text, Some("2023-03-04")));
    rec.timexes.push(Timex {
        start: at("3 mars"),
        end: at("3 mars") + "3 mars 2023".len(),
        text: "3 mars 2023".into(),
        kind: TimexType::Date,
        value: "2023-03-03".into(),
        granularity: steppe_model::Granularity::Day,
        modifier: None,
    });
    rec.quantities.push(Quantity {
        start: at("40"),
        end: at("40") + 2,
        text: "40 délégués".into(),
        value: 40.0,
        unit: "".into(),
        counted: Some("délégués".into()),
    });
    rec.mentions.push(ActorMention {
        start: at("ministre"),
        end: at("ministre") + "ministre".len(),
        surface: "ministre".into(),
        actor: "P-MIN".into(),
        code: "KAZGOV".into(),
        how: "rule".into(),
        ner: Some("PER".into()),
    });
    rec.events.push(Event {
        sentence_start: 0,
        sentence_end: text.len(),
        start: at("a reçu"),
        end: at("a reçu") + "a reçu".len(),
        source: side("P-MIN", "KAZGOV", "le ministre"),
        target: side("G-DEL", "KAZ", "délégués"),
        cameo: "042".into(),
        root: "04".into(),
        plover: "CONSULT".into(),
        plover_mode: "visit".into(),
        quad_class: 1,
        goldstein: 1.9,
        date: Some("2023-03-03".into()),
        date_precision: "day".into(),
        place: Some("Astana".into()),
        quantities: vec!["40".into()],
        modality: Modality::Realised,
        claimed_by: Some(side("P-X", "KAZ", "un porte-parole")),
        evidence: "a reçu".into(),
        confidence: 0.75,
    });
    rec.quotes.push(Quote {
        start: at("le ministre"),
        end: at("délégués"),
        sentence_start: 0,
        sentence_end: text.len(),
        text: "le ministre a reçu 40".into(),
        speaker: side("P-MIN", "KAZGOV", "le ministre"),
        speaker_start: at("ministre"),
        speaker_end: at("ministre") + "ministre".len(),
        verb: "recevoir".into(),
        direct: true,
    });
    rec.framings.push(Framing {
        start: at("délégués"),
        end: at("délégués") + "délégués".len(),
        surface: "délégués".into(),
        concept: "envoy".into(),
        variant: "délégué".into(),
        actor: None,
    });
    rec
}

#[test]
fn articles_round_trip_and_copies_add_sightings() {
    on_each_backend(|s| {
        let a = article("a1", "Le ministre est arrivé.", Some("2023-02"));
        let out = s.write_batch(&[Analysed::bare(a.clone())], &[]).unwrap();
        assert_eq!((out.added, out.duplicates), (1, 0), "{:?}", s.backend());
        assert_eq!(s.article("a1").unwrap().unwrap(), a);
        assert!(s.article("zz").unwrap().is_none());
        let mut copy = a.clone();
        copy.path = "elsewhere/copy.txt".into();
        let out = s
            .write_batch(&[Analysed::bare(a.clone()), Analysed::bare(copy)], &[])
            .unwrap();
        assert_eq!((out.added, out.duplicates), (0, 2));
        let st = s.stats().unwrap();
        assert_eq!(
            (
                st.articles,
                st.sightings,
                st.sources,
                st.undated,
                st.removed_lines
            ),
            (1, 2, 1, 0, 1)
        );
        // The same content twice in one batch is one article too.
        let b = article("b1", "Autre chose.", None);
        let out = s
            .write_batch(&[Analysed::bare(b.clone()), Analysed::bare(b)], &[])
            .unwrap();
        assert_eq!((out.added, out.duplicates), (1, 1));
        assert_eq!(s.article_count().unwrap(), 2);
    });
}

#[test]
fn inputs_are_remembered_and_scans_are_in_date_order() {
    on_each_backend(|s| {
        let rec = InputRecord {
            hash: "h1".into(),
            path: "f.txt".into(),
            items: 2,
            failed: 0,
        };
        s.write_batch(
            &[
                Analysed::bare(article("c", "C", None)),
                Analysed::bare(article("b", "B", Some("2023-09"))),
                Analysed::bare(article("a", "A", Some("2023-02-28"))),
            ],
            &[rec],
        )
        .unwrap();
        assert_eq!(s.input_done("h1").unwrap(), Some(2));
        assert_eq!(s.input_done("h2").unwrap(), None);
        assert_eq!(s.finished_inputs().unwrap().get("h1"), Some(&2));
        let mut ids = Vec::new();
        s.for_each_article(&mut |a| {
            ids.push(a.id);
            Ok(())
        })
        .unwrap();
        assert_eq!(ids, vec!["a", "b", "c"]);
        let st = s.stats().unwrap();
        assert_eq!(
            st.by_month,
            vec![("2023-02".to_string(), 1), ("2023-09".to_string(), 1)]
        );
        assert_eq!(st.by_lang, vec![("fr".to_string(), 3)]);
        assert_eq!(st.undated, 1);
        let page: Vec<String> = s
            .articles_page("a", 5)
            .unwrap()
            .into_iter()
            .map(|a| a.id)
            .collect();
        assert_eq!(page, vec!["b", "c"]);
    });
}

#[test]
fn annotations_come_back_as_written_in_characters() {
    on_each_backend(|s| {
        let rec = annotated("x1");
        s.write_batch(std::slice::from_ref(&rec), &[]).unwrap();
        let mut timexes = Vec::new();
        s.for_each_timex(&mut |t| {
            timexes.push(t);
            Ok(())
        })
        .unwrap();
        assert_eq!(timexes.len(), 1);
        // "Déjà le " is 8 characters and 10 bytes.
        assert_eq!(timexes[0].start, 8);
        assert_eq!(timexes[0].value, "2023-03-03");
        let mut mentions = Vec::new();
        s.for_each_mention(&mut |m| {
            mentions.push(m);
            Ok(())
        })
        .unwrap();
        assert_eq!(mentions[0].actor_id, "P-MIN");
        assert_eq!(mentions[0].ner.as_deref(), Some("PER"));
        let mut events = Vec::new();
        s.for_each_event(&mut |e| {
            events.push(e);
            Ok(())
        })
        .unwrap();
        assert_eq!(events.len(), 1);
        let e = &events[0].event;
        assert_eq!((e.cameo.as_str(), e.quad_class), ("042", 1));
        assert_eq!(e.claimed_by.as_ref().map(|c| c.id.as_str()), Some("P-X"));
        assert_eq!(e.quantities, vec!["40".to_string()]);
        assert_eq!(s.events_of("x1").unwrap(), vec![e.clone()]);
        let q = s.quantities_of("x1").unwrap();
        assert_eq!(
            (q[0].value, q[0].counted.as_deref()),
            (40.0, Some("délégués"))
        );
        let quotes = s.quotes_of("x1").unwrap();
        assert!(quotes[0].direct);
        assert_eq!(quotes[0].verb, "recevoir");
        let mut n_quotes = 0;
        s.for_each_quote(&mut |_| {
            n_quotes += 1;
            Ok(())
        })
        .unwrap();
        assert_eq!(n_quotes, 1);
        let framings = s.framings_of("x1").unwrap();
        assert_eq!(framings[0].concept, "envoy");
        let mut n_fr = 0;
        s.for_each_framing(&mut |f| {
            assert_eq!(f.article_id, "x1");
            n_fr += 1;
            Ok(())
        })
        .unwrap();
        assert_eq!(n_fr, 1);
        let mut n_q = 0;
        s.for_each_quantity(&mut |_| {
            n_q += 1;
            Ok(())
        })
        .unwrap();
        assert_eq!(n_q, 1);
        let (actors, evs, days) = s.article_signals("x1").unwrap();
        assert_eq!(actors, vec!["P-MIN".to_string()]);
        assert_eq!(evs, vec!["P-MIN|G-DEL|04".to_string()]);
        assert_eq!(days, vec!["2023-03-03".to_string()]);
        let counts = s.actor_counts().unwrap();
        assert_eq!(counts, vec![("P-MIN".into(), 1, 1, "ministre".into())]);
        assert_eq!(
            s.actor_surfaces("P-MIN").unwrap(),
            vec!["ministre".to_string()]
        );
        // A copy of an annotated article adds no second set of annotations.
        let mut copy = annotated("x1");
        copy.article.path = "b/copy.txt".into();
        s.write_batch(&[copy], &[]).unwrap();
        assert_eq!(s.stats().unwrap().timexes, 1);
    });
}

#[test]
fn stories_groups_and_claims_are_replaced_whole() {
    on_each_backend(|s| {
        s.write_batch(
            &[
                Analysed::bare(article("a", "A", Some("2023-01-02"))),
                Analysed::bare(article("b", "B", None)),
            ],
            &[],
        )
        .unwrap();
        let story = StoryRow {
            id: "S1".into(),
            thread_id: "T1".into(),
            title: "Visite".into(),
            summary: "Le ministre".into(),
            first_seen: Some("2023-01-02".into()),
            last_seen: Some("2023-01-02".into()),
            estimated: Some("2023-01-02".into()),
            actors: vec!["P-MIN".into()],
            independent: 1,
            sources: vec!["Le Courrier des steppes".into()],
            articles: vec![("a".into(), None), ("b".into(), Some("2023-01-02".into()))],
        };
        let dup = DuplicateRow {
            article_id: "b".into(),
            other_id: "a".into(),
            kind: "copy".into(),
            start: 0,
            end: 1,
            other_start: 0,
            other_end: 1,
            similarity: 0.95,
        };
        s.replace_stories(std::slice::from_ref(&story), std::slice::from_ref(&dup))
            .unwrap();
        assert_eq!(s.stories().unwrap(), vec![story.clone()]);
        assert_eq!(s.duplicates().unwrap(), vec![dup]);
        s.replace_event_groups(&[("E1".into(), "E1".into()), ("E2".into(), "E1".into())])
            .unwrap();
        assert_eq!(
            s.event_groups().unwrap().get("E2").map(String::as_str),
            Some("E1")
        );
        let claim = Claim {
            story_id: "S1".into(),
            kind: ClaimKind::parse("figure").unwrap(),
            key: "figure:::40".into(),
            article_ids: vec!["a".into()],
            sources: vec!["Le Courrier des steppes".into()],
            independent_sources: 1,
            actor_id: "".into(),
            text: "40 délégués".into(),
            value: Some(40.0),
            unit: "".into(),
            detail: "".into(),
            evidence: vec![],
        };
        s.replace_claims(std::slice::from_ref(&claim)).unwrap();
        assert_eq!(s.claims(None).unwrap(), vec![claim.clone()]);
        assert_eq!(s.claims(Some("S1")).unwrap(), vec![claim]);
        assert!(s.claims(Some("S2")).unwrap().is_empty());
        // A second clustering replaces the first.
        s.replace_stories(&[], &[]).unwrap();
        assert!(s.stories().unwrap().is_empty());
        assert!(s.duplicates().unwrap().is_empty());
    });
}

#[test]
fn reanalysis_replaces_annotations_and_counts_what_changed() {
    on_each_backend(|s| {
        let first = annotated("r1");
        let other = annotated("r2");
        s.write_batch(&[first.clone(), other.clone()], &[]).unwrap();
        // The same annotations again: nothing changed, nothing doubled.
        assert_eq!(
            s.replace_annotations(&[first.clone(), other.clone()])
                .unwrap(),
            0,
            "{:?}",
            s.backend()
        );
        assert_eq!(s.stats().unwrap().mentions, 2);
        // A new actor and a failed stage's warning in one article only.
        let mut changed = first.clone();
        changed.mentions[0].actor = "P-NEW".into();
        changed.article.warnings = vec!["analysis stage failed: events".into()];
        changed.events.clear();
        assert_eq!(s.replace_annotations(&[changed, other.clone()]).unwrap(), 1);
        let mut actors = Vec::new();
        s.for_each_mention(&mut |m| {
            actors.push((m.article_id, m.actor_id));
            Ok(())
        })
        .unwrap();
        actors.sort();
        assert_eq!(
            actors,
            vec![
                ("r1".to_string(), "P-NEW".to_string()),
                ("r2".to_string(), "P-MIN".to_string())
            ]
        );
        assert!(s.events_of("r1").unwrap().is_empty());
        assert_eq!(s.events_of("r2").unwrap().len(), 1);
        let a = s.article("r1").unwrap().unwrap();
        assert_eq!(
            a.warnings,
            vec!["analysis stage failed: events".to_string()]
        );
        // Back as it was: a change again.
        assert_eq!(s.replace_annotations(&[first]).unwrap(), 1);
        assert!(s.article("r1").unwrap().unwrap().warnings.is_empty());
    });
}

#[test]
fn source_profiles_are_alike_on_both_backends() {
    on_each_backend(|s| {
        let mut kaz = annotated("p1");
        kaz.article.source = Some("Agence des plaines".into());
        let mut second = annotated("p2");
        second.article.text.push_str(" Encore.");
        let mut nameless = Analysed::bare(article("p3", "Rien.", None));
        nameless.article.source = None;
        nameless.article.path = "corpus/sans-nom.txt".into();
        s.write_batch(&[kaz, annotated("p0"), second, nameless], &[])
            .unwrap();
        let p = s.source_profiles().unwrap();
        let names: Vec<(&str, u64)> = p.iter().map(|p| (p.source.as_str(), p.articles)).collect();
        assert_eq!(
            names,
            vec![
                ("Le Courrier des steppes", 2),
                ("Agence des plaines", 1),
                ("corpus/sans-nom.txt", 1)
            ],
            "{:?}",
            s.backend()
        );
        let courrier = &p[0];
        assert_eq!(courrier.quad_classes, [2, 0, 0, 0]);
        assert_eq!(
            courrier.variants,
            vec![("envoy".to_string(), "délégué".to_string(), 2)]
        );
        assert_eq!(courrier.actors, vec![("P-MIN".to_string(), 2)]);
        assert_eq!(p[2].quad_classes, [0; 4]);
        assert!(p[2].actors.is_empty());
    });
}

#[test]
fn imported_actors_are_replaced_by_id() {
    on_each_backend(|s| {
        let row = |name: &str| KbImportRow {
            id: "X-1".into(),
            name: name.into(),
            aliases: vec!["Un".into()],
            codes: vec![("KAZ".into(), Some("2020-01-01".into()), None)],
            source: "test".into(),
        };
        s.put_kb_imports(&[row("Premier")]).unwrap();
        s.put_kb_imports(&[row("Second")]).unwrap();
        assert_eq!(s.kb_imports().unwrap(), vec![row("Second")]);
    });
}

#[test]
fn both_backends_reach_the_same_version_tables_and_columns() {
    let sqlite = Store::open_in_memory().unwrap();
    assert_eq!(
        ArticleStore::schema_version(&sqlite).unwrap(),
        steppe_store::SCHEMA_VERSION
    );
    let Some(base) = pg_base() else { return };
    let schema = PgSchema::new(&base);
    let pg = PgStore::connect(&schema.url()).unwrap();
    assert_eq!(pg.schema_version().unwrap(), steppe_store::SCHEMA_VERSION);
    assert_eq!(pg.tables().unwrap(), sqlite.tables().unwrap());
    // Opening again migrates nothing and keeps the version.
    drop(pg);
    let pg = PgStore::connect(&schema.url()).unwrap();
    assert_eq!(pg.backend(), Backend::Postgres);
    assert_eq!(pg.schema_version().unwrap(), steppe_store::SCHEMA_VERSION);
}

#[test]
fn concurrent_writers_store_each_article_once() {
    let Some(base) = pg_base() else { return };
    let schema = PgSchema::new(&base);
    let url = schema.url();
    // Migrate once, then four writers with overlapping batches, in
    // different orders, with copies of each other's articles.
    drop(PgStore::connect(&url).unwrap());
    let added: u64 = std::thread::scope(|sc| {
        let handles: Vec<_> = (0..4)
            .map(|w| {
                let url = url.clone();
                sc.spawn(move || {
                    let mut s = PgStore::connect(&url).unwrap();
                    let mut added = 0;
                    for round in 0..10 {
                        let mut batch: Vec<Analysed> = (0..30)
                            .map(|k| {
                                let n = (k * 7 + round * 3 + w) % 60;
                                let mut rec = annotated(&format!("id{n:03}"));
                                rec.article.path = format!("w{w}/r{round}.txt");
                                rec
                            })
                            .collect();
                        if w % 2 == 1 {
                            batch.reverse();
                        }
                        added += s.write_batch(&batch, &[]).unwrap().added;
                    }
                    added
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    let s = PgStore::connect(&url).unwrap();
    let st = s.stats().unwrap();
    assert_eq!(
        added, st.articles,
        "each article added by exactly one writer"
    );
    assert_eq!(st.articles, 60);
    assert_eq!(st.timexes, 60, "one set of annotations per article");
}

#[test]
fn the_queue_leases_and_takes_back_what_a_dead_worker_held() {
    let Some(base) = pg_base() else { return };
    let schema = PgSchema::new(&base);
    let mut s = PgStore::connect(&schema.url()).unwrap();
    let item = |start: i64| QueueItem {
        id: 0,
        path: "c.jsonl".into(),
        byte_start: start,
        byte_end: start + 10,
        first_item: start / 10,
    };
    assert_eq!(s.enqueue(&[item(0), item(10)]).unwrap(), 2);
    // Enqueueing the same chunks again adds nothing.
    assert_eq!(s.enqueue(&[item(0), item(10)]).unwrap(), 0);
    // A worker takes the first with a lease that has already run out (it died).
    let first = s.claim("dead", 0, 3).unwrap().unwrap();
    assert_eq!(first.byte_start, 0);
    std::thread::sleep(std::time::Duration::from_millis(20));
    // Another worker gets that one back before the next one.
    let again = s.claim("alive", 60, 3).unwrap().unwrap();
    assert_eq!(again.id, first.id);
    let second = s.claim("alive", 60, 3).unwrap().unwrap();
    assert_eq!(second.byte_start, 10);
    assert_eq!(s.claim("other", 60, 3).unwrap(), None, "both are leased");
    s.write_batch_for(
        &[Analysed::bare(article("q1", "Q", None))],
        &[],
        Some((again.id, "alive")),
    )
    .unwrap();
    // The dead worker's late write does not mark it done under its name.
    s.write_batch_for(&[], &[], Some((second.id, "dead")))
        .unwrap();
    let c = s.queue_counts(3).unwrap();
    assert_eq!((c.done, c.leased, c.ready), (1, 1, 0));
    s.release(second.id, "alive", "a test error", 3).unwrap();
    assert_eq!(s.queue_counts(3).unwrap().ready, 1);
    assert_eq!(s.article_count().unwrap(), 1);
}

#[test]
fn the_incremental_story_writes_keep_older_stories() {
    on_each_backend(|s| {
        s.write_batch(
            &[
                Analysed::bare(article("old", "Ancien.", Some("2023-01-02"))),
                Analysed::bare(article("mid", "Milieu.", Some("2023-03-01"))),
                Analysed::bare(article("new", "Nouveau.", Some("2023-03-04"))),
                Analysed::bare(article("undated", "Sans date.", None)),
            ],
            &[],
        )
        .unwrap();
        let story = |id: &str, day: &str, members: &[&str]| StoryRow {
            id: id.into(),
            thread_id: format!("T{id}"),
            title: id.into(),
            summary: String::new(),
            first_seen: Some(day.into()),
            last_seen: Some(day.into()),
            estimated: None,
            actors: vec![],
            independent: 1,
            sources: vec![],
            articles: members.iter().map(|m| (m.to_string(), None)).collect(),
        };
        s.replace_stories(
            &[
                story("S-old", "2023-01-02", &["old"]),
                story("S-mid", "2023-03-01", &["mid", "undated"]),
            ],
            &[],
        )
        .unwrap();
        let mut unclustered = s.unclustered().unwrap();
        unclustered.sort();
        assert_eq!(unclustered, vec![("new".into(), Some("2023-03-04".into()))]);
        let mut from = Vec::new();
        s.for_each_article_from("2023-03-01", &mut |a| {
            from.push(a.id);
            Ok(())
        })
        .unwrap();
        assert_eq!(from, vec!["mid", "new"], "dated articles from that day on");
        let claim = |story: &str| Claim {
            story_id: story.into(),
            kind: ClaimKind::parse("quote").unwrap(),
            key: format!("quote:{story}"),
            article_ids: vec![],
            sources: vec![],
            independent_sources: 1,
            actor_id: String::new(),
            text: "oui".into(),
            value: None,
            unit: String::new(),
            detail: String::new(),
            evidence: vec![],
        };
        s.replace_claims(&[claim("S-old"), claim("S-mid")]).unwrap();
        // The stories from 2023-03-01 on are rebuilt; the older one stays.
        s.replace_stories_from(
            "2023-03-01",
            &[story("S-mid", "2023-03-01", &["mid", "new", "undated"])],
            &[],
        )
        .unwrap();
        let ids: Vec<(String, usize)> = s
            .stories()
            .unwrap()
            .into_iter()
            .map(|st| (st.id, st.articles.len()))
            .collect();
        assert_eq!(ids, vec![("S-old".into(), 1), ("S-mid".into(), 3)]);
        assert!(s.unclustered().unwrap().is_empty());
        // Their claims went with them; the older story's stay.
        let kept: Vec<String> = s
            .claims(None)
            .unwrap()
            .into_iter()
            .map(|c| c.story_id)
            .collect();
        assert_eq!(kept, vec!["S-old".to_string()]);
        s.replace_claims_of(&["S-mid".into()], &[claim("S-mid")])
            .unwrap();
        assert_eq!(s.claims(None).unwrap().len(), 2);
        s.replace_event_groups(&[("E1".into(), "E1".into())])
            .unwrap();
        s.put_event_groups(&[("E2".into(), "E1".into())]).unwrap();
        assert_eq!(s.event_groups().unwrap().len(), 2);
    });
}
