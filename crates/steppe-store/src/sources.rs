//! Quotes, framing terms and claims (issue 19): what the `steppe-sources`
//! stage writes, and the reads that show a story's sources side by side
//! (`steppe story`, the exports, the HTTP API). Offsets count characters.

use rusqlite::params;
use steppe_model::{Analysed, CharOffsets, Claim, Event, Framing, Quantity, Quote};

use crate::{row_to_event, Context, Result, Store, StoreError, EVENT_COLUMNS};

/// The tables of migration 9.
pub(crate) const MIGRATION: &str = r#"
    CREATE TABLE quotes (
        article_id      TEXT NOT NULL REFERENCES articles(id),
        start           INTEGER NOT NULL,
        end             INTEGER NOT NULL,
        sentence_start  INTEGER NOT NULL,
        sentence_end    INTEGER NOT NULL,
        text            TEXT NOT NULL,
        speaker_id      TEXT NOT NULL,
        speaker_code    TEXT NOT NULL,
        speaker_surface TEXT NOT NULL,
        speaker_start   INTEGER NOT NULL,
        speaker_end     INTEGER NOT NULL,
        verb            TEXT NOT NULL,
        direct          INTEGER NOT NULL,
        PRIMARY KEY (article_id, start)
    ) WITHOUT ROWID;
    CREATE INDEX quotes_by_speaker ON quotes(speaker_id);
    CREATE TABLE framings (
        article_id TEXT NOT NULL REFERENCES articles(id),
        start      INTEGER NOT NULL,
        end        INTEGER NOT NULL,
        surface    TEXT NOT NULL,
        concept    TEXT NOT NULL,
        variant    TEXT NOT NULL,
        actor_id   TEXT,
        PRIMARY KEY (article_id, start)
    ) WITHOUT ROWID;
    CREATE TABLE claims (
        story_id            TEXT NOT NULL,
        position            INTEGER NOT NULL,
        kind                TEXT NOT NULL,
        key                 TEXT NOT NULL,
        article_ids         TEXT NOT NULL,
        sources             TEXT NOT NULL,
        independent_sources INTEGER NOT NULL,
        actor_id            TEXT NOT NULL,
        text                TEXT NOT NULL,
        value               REAL,
        unit                TEXT NOT NULL,
        detail              TEXT NOT NULL,
        evidence            TEXT NOT NULL,
        PRIMARY KEY (story_id, position)
    ) WITHOUT ROWID;
"#;

/// A stored quote: its article and the quote, offsets in characters.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteRow {
    pub article_id: String,
    pub quote: Quote,
}

/// A stored framing term: its article and the term, offsets in characters.
#[derive(Debug, Clone, PartialEq)]
pub struct FramingRow {
    pub article_id: String,
    pub framing: Framing,
}

/// One source over the whole store: its articles, the framing variants it
/// uses, its events by QuadClass and the actors it names most.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SourceProfile {
    pub source: String,
    pub articles: u64,
    /// (concept, variant, articles using it), most used first.
    pub variants: Vec<(String, String, u64)>,
    /// Events of QuadClass 1 to 4 (verbal and material cooperation, verbal and
    /// material conflict).
    pub quad_classes: [u64; 4],
    /// (actor id, mentions), at most ten, most named first.
    pub actors: Vec<(String, u64)>,
}

/// Writes an article's quotes and framing terms (within the caller's transaction).
pub(crate) fn insert(
    tx: &rusqlite::Transaction,
    rec: &Analysed,
    chars: &CharOffsets,
) -> Result<()> {
    let id = &rec.article.id;
    let mut q_ins = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO quotes (article_id, start, end, sentence_start, sentence_end, text,
             speaker_id, speaker_code, speaker_surface, speaker_start, speaker_end, verb, direct)
             VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)",
        )
        .ctx("preparing quote insert")?;
    for q in &rec.quotes {
        let c = |b: usize| chars.of(b) as i64;
        q_ins
            .execute(params![
                id,
                c(q.start),
                c(q.end),
                c(q.sentence_start),
                c(q.sentence_end),
                q.text,
                q.speaker.id,
                q.speaker.code,
                q.speaker.surface,
                c(q.speaker_start),
                c(q.speaker_end),
                q.verb,
                q.direct
            ])
            .ctx(&format!("storing a quote of {id}"))?;
    }
    let mut f_ins = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO framings (article_id, start, end, surface, concept, variant, actor_id)
             VALUES (?1,?2,?3,?4,?5,?6,?7)",
        )
        .ctx("preparing framing insert")?;
    for f in &rec.framings {
        f_ins
            .execute(params![
                id,
                chars.of(f.start) as i64,
                chars.of(f.end) as i64,
                f.surface,
                f.concept,
                f.variant,
                f.actor
            ])
            .ctx(&format!("storing a framing term of {id}"))?;
    }
    Ok(())
}

/// The digest parts of an article's quotes and terms (see `annotation_digest`).
pub(crate) const DIGEST_SQL: &[&str] = &[
    "SELECT group_concat(start || ':' || end || ':' || speaker_id || ':' || verb || ':' || direct, ';') FROM (SELECT * FROM quotes WHERE article_id = ?1 ORDER BY start)",
    "SELECT group_concat(start || ':' || end || ':' || variant || ':' || ifnull(actor_id, ''), ';') FROM (SELECT * FROM framings WHERE article_id = ?1 ORDER BY start)",
];

const QUOTE_COLUMNS: &str =
    "article_id, start, end, sentence_start, sentence_end, text, speaker_id,
    speaker_code, speaker_surface, speaker_start, speaker_end, verb, direct";

fn row_to_quote(r: &rusqlite::Row<'_>) -> Result<QuoteRow> {
    crate::rows::quote(r)
}

impl Store {
    /// Calls `f` with every stored quote, in article date order, then offset.
    pub fn for_each_quote(
        &self,
        mut f: impl FnMut(QuoteRow) -> std::io::Result<()>,
    ) -> Result<u64> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {} FROM quotes q JOIN articles a ON a.id = q.article_id
                 ORDER BY a.published_day IS NULL, a.published_day, a.id, q.start",
                QUOTE_COLUMNS
                    .split(',')
                    .map(|c| format!("q.{}", c.trim()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .ctx("preparing quote scan")?;
        let mut rows = stmt.query([]).ctx("scanning quotes")?;
        let mut n = 0;
        while let Some(r) = rows.next().ctx("reading quote row")? {
            f(row_to_quote(r)?).map_err(StoreError::Output)?;
            n += 1;
        }
        Ok(n)
    }

    /// The quotes of one article, in text order.
    pub fn quotes_of(&self, article_id: &str) -> Result<Vec<Quote>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {QUOTE_COLUMNS} FROM quotes WHERE article_id = ?1 ORDER BY start"
            ))
            .ctx("preparing quote lookup")?;
        let mut rows = stmt.query([article_id]).ctx("reading quotes")?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().ctx("reading quote row")? {
            out.push(row_to_quote(r)?.quote);
        }
        Ok(out)
    }

    /// The framing terms of one article, in text order.
    pub fn framings_of(&self, article_id: &str) -> Result<Vec<Framing>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT start, end, surface, concept, variant, actor_id FROM framings
                 WHERE article_id = ?1 ORDER BY start",
            )
            .ctx("preparing framing lookup")?;
        let rows = stmt
            .query_map([article_id], |r| {
                Ok(Framing {
                    start: r.get::<_, i64>(0)? as usize,
                    end: r.get::<_, i64>(1)? as usize,
                    surface: r.get(2)?,
                    concept: r.get(3)?,
                    variant: r.get(4)?,
                    actor: r.get(5)?,
                })
            })
            .ctx("reading framing terms")?;
        rows.collect::<std::result::Result<_, _>>()
            .ctx("reading framing terms")
    }

    /// Calls `f` with every stored framing term, in article date order.
    pub fn for_each_framing(
        &self,
        mut f: impl FnMut(FramingRow) -> std::io::Result<()>,
    ) -> Result<u64> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT f.article_id FROM framings f JOIN articles a ON a.id = f.article_id
                 GROUP BY f.article_id ORDER BY a.published_day IS NULL, a.published_day, a.id",
            )
            .ctx("preparing framing scan")?;
        let ids = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .ctx("scanning framing terms")?
            .collect::<std::result::Result<Vec<String>, _>>()
            .ctx("scanning framing terms")?;
        let mut n = 0;
        for id in ids {
            for framing in self.framings_of(&id)? {
                f(FramingRow {
                    article_id: id.clone(),
                    framing,
                })
                .map_err(StoreError::Output)?;
                n += 1;
            }
        }
        Ok(n)
    }

    /// The events of one article, in text order.
    pub fn events_of(&self, article_id: &str) -> Result<Vec<Event>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {EVENT_COLUMNS} FROM events e WHERE e.article_id = ?1 ORDER BY e.start, e.id"
            ))
            .ctx("preparing event lookup")?;
        let mut rows = stmt.query([article_id]).ctx("reading events")?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().ctx("reading event row")? {
            out.push(row_to_event(r)?.event);
        }
        Ok(out)
    }

    /// The figures of one article, in text order.
    pub fn quantities_of(&self, article_id: &str) -> Result<Vec<Quantity>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT start, end, text, value, unit, counted FROM quantities
                 WHERE article_id = ?1 ORDER BY start",
            )
            .ctx("preparing figure lookup")?;
        let rows = stmt
            .query_map([article_id], |r| {
                Ok(Quantity {
                    start: r.get::<_, i64>(0)? as usize,
                    end: r.get::<_, i64>(1)? as usize,
                    text: r.get(2)?,
                    value: r.get(3)?,
                    unit: r.get(4)?,
                    counted: r.get(5)?,
                })
            })
            .ctx("reading figures")?;
        rows.collect::<std::result::Result<_, _>>()
            .ctx("reading figures")
    }

    /// Replaces every claim with a new set (the story stage writes them all
    /// at once, as it does stories), in one transaction.
    pub fn replace_claims(&mut self, claims: &[Claim]) -> Result<()> {
        self.write_claims(None, claims)
    }

    /// Clears the claims of `only` these stories (of every story with
    /// `None`) and writes `claims`, in one transaction.
    pub(crate) fn write_claims(&mut self, only: Option<&[String]>, claims: &[Claim]) -> Result<()> {
        let tx = self.conn.transaction().ctx("starting claims")?;
        match only {
            None => {
                tx.execute("DELETE FROM claims", [])
                    .ctx("clearing claims")?;
            }
            Some(ids) => {
                let mut del = tx
                    .prepare_cached("DELETE FROM claims WHERE story_id = ?1")
                    .ctx("preparing claim clearing")?;
                for id in ids {
                    del.execute([id]).ctx("clearing claims")?;
                }
            }
        }
        {
            let mut ins = tx
                .prepare_cached(
                    "INSERT INTO claims (story_id, position, kind, key, article_ids, sources,
                     independent_sources, actor_id, text, value, unit, detail, evidence)
                     VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)",
                )
                .ctx("preparing claim insert")?;
            let mut position: std::collections::HashMap<&str, i64> = Default::default();
            for c in claims {
                let p = position.entry(&c.story_id).or_insert(0);
                ins.execute(params![
                    c.story_id,
                    *p,
                    c.kind.as_str(),
                    c.key,
                    to_json(&c.article_ids),
                    to_json(&c.sources),
                    c.independent_sources as i64,
                    c.actor_id,
                    c.text,
                    c.value,
                    c.unit,
                    c.detail,
                    to_json(&c.evidence)
                ])
                .ctx(&format!("storing a claim of story {}", c.story_id))?;
                *p += 1;
            }
        }
        tx.commit().ctx("committing claims")
    }

    /// The claims of one story (every story's with `None`), in the order the
    /// stage wrote them: events, figures, quotes, framing, conflicts.
    pub fn claims(&self, story_id: Option<&str>) -> Result<Vec<Claim>> {
        // One story's claims by its key; "?1 IS NULL OR" would scan them all.
        let sql = match story_id {
            Some(_) => {
                "SELECT c.story_id, c.kind, c.key, c.article_ids, c.sources, c.independent_sources,
                        c.actor_id, c.text, c.value, c.unit, c.detail, c.evidence
                 FROM claims c WHERE c.story_id = ?1
                 ORDER BY c.position"
            }
            None => {
                "SELECT c.story_id, c.kind, c.key, c.article_ids, c.sources, c.independent_sources,
                        c.actor_id, c.text, c.value, c.unit, c.detail, c.evidence
                 FROM claims c LEFT JOIN stories s ON s.id = c.story_id
                 ORDER BY s.first_seen IS NULL, s.first_seen, c.story_id, c.position"
            }
        };
        let mut stmt = self.conn.prepare_cached(sql).ctx("preparing claim scan")?;
        let mut rows = match story_id {
            Some(id) => stmt.query([id]),
            None => stmt.query([]),
        }
        .ctx("reading claims")?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().ctx("reading claim row")? {
            out.push(crate::rows::claim(r)?);
        }
        Ok(out)
    }

    /// Every source's profile over the whole store, most articles first.
    /// Articles without a source name are grouped under their file's name.
    pub fn source_profiles(&self) -> Result<Vec<SourceProfile>> {
        let list = |sql: &str| -> Result<Vec<ProfileRow>> {
            let mut st = self.conn.prepare(sql).ctx("preparing source profile")?;
            let rows = st
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .ctx("reading source profiles")?;
            rows.collect::<std::result::Result<_, _>>()
                .ctx("reading source profiles")
        };
        let [a, b, c, d] = profile_queries("");
        Ok(profiles_from(list(&a)?, list(&b)?, list(&c)?, list(&d)?))
    }
}

/// The four source profile queries (see `profiles_from`), their text keys
/// compared with `collate` (empty on SQLite, which compares bytes; `COLLATE
/// "C"` on PostgreSQL, to sort alike).
pub(crate) fn profile_queries(collate: &str) -> [String; 4] {
    let source = format!("coalesce(s.name, a.path){collate}");
    [
        format!(
            "SELECT {source}, '', '', COUNT(*) FROM articles a LEFT JOIN sources s ON s.id = a.source_id
             GROUP BY 1 ORDER BY 4 DESC, 1"
        ),
        format!(
            "SELECT {source}, f.concept{collate}, f.variant{collate}, COUNT(DISTINCT f.article_id)
             FROM framings f JOIN articles a ON a.id = f.article_id LEFT JOIN sources s ON s.id = a.source_id
             GROUP BY 1, 2, 3 ORDER BY 1, 4 DESC, 2, 3"
        ),
        format!(
            "SELECT {source}, CAST(e.quad_class AS TEXT), '', COUNT(*) FROM events e
             JOIN articles a ON a.id = e.article_id LEFT JOIN sources s ON s.id = a.source_id
             GROUP BY 1, 2"
        ),
        format!(
            "SELECT {source}, m.actor_id{collate}, '', COUNT(*) FROM mentions m
             JOIN articles a ON a.id = m.article_id LEFT JOIN sources s ON s.id = a.source_id
             GROUP BY 1, 2 ORDER BY 1, 4 DESC, 2"
        ),
    ]
}

/// A row of a source profile query: (source, key, key, count).
pub(crate) type ProfileRow = (String, String, String, i64);

/// The profiles from the rows of the four profile queries, on either
/// backend: sources with their article counts (most first), framing
/// variants (source, concept, variant, articles), events (source,
/// QuadClass, -, events) and mentions (source, actor, -, mentions).
pub(crate) fn profiles_from(
    sources: Vec<ProfileRow>,
    variants: Vec<ProfileRow>,
    quads: Vec<ProfileRow>,
    actors: Vec<ProfileRow>,
) -> Vec<SourceProfile> {
    let mut out: Vec<SourceProfile> = sources
        .into_iter()
        .map(|(name, _, _, n)| SourceProfile {
            source: name,
            articles: n as u64,
            ..SourceProfile::default()
        })
        .collect();
    let index: std::collections::HashMap<String, usize> = out
        .iter()
        .enumerate()
        .map(|(i, p)| (p.source.clone(), i))
        .collect();
    for (name, concept, variant, n) in variants {
        if let Some(p) = index.get(&name).and_then(|&i| out.get_mut(i)) {
            p.variants.push((concept, variant, n as u64));
        }
    }
    for (name, quad, _, n) in quads {
        let slot = index
            .get(&name)
            .and_then(|&i| out.get_mut(i))
            .zip(quad.parse::<usize>().ok().and_then(|q| q.checked_sub(1)))
            .and_then(|(p, q)| p.quad_classes.get_mut(q));
        if let Some(slot) = slot {
            *slot += n as u64;
        }
    }
    for (name, actor, _, n) in actors {
        if let Some(p) = index.get(&name).and_then(|&i| out.get_mut(i)) {
            if p.actors.len() < 10 {
                p.actors.push((actor, n as u64));
            }
        }
    }
    out
}

/// JSON text of a claim's lists (plain serialisable values).
fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use steppe_model::{Article, ClaimKind, DateOrigin, EventActor, Evidence, Format};

    fn analysed() -> Analysed {
        let text = "Élu, M. Orlov a déclaré que «la frontière restera ouverte».";
        let mut a = Analysed::bare(Article {
            id: "a1".into(),
            path: "a.txt".into(),
            item: 0,
            format: Format::Text,
            url: None,
            source: Some("Le Courrier".into()),
            title: None,
            author: None,
            lang: Some("fr".into()),
            lang_confidence: 1.0,
            published: None,
            date_origin: DateOrigin::None,
            text: text.into(),
            removed: vec![],
            warnings: vec![],
        });
        let start = text.find("la frontière").unwrap();
        let speaker = text.find("Orlov").unwrap();
        a.quotes.push(Quote {
            sentence_start: 0,
            sentence_end: text.len(),
            start,
            end: text.find("»").unwrap(),
            text: "la frontière restera ouverte".into(),
            speaker: EventActor {
                id: "N:orlov".into(),
                code: String::new(),
                surface: "Orlov".into(),
            },
            speaker_start: speaker,
            speaker_end: speaker + "Orlov".len(),
            verb: "a déclaré".into(),
            direct: true,
        });
        a.framings.push(Framing {
            start,
            end: start + "la frontière".len(),
            surface: "la frontière".into(),
            concept: "border".into(),
            variant: "border".into(),
            actor: None,
        });
        a
    }

    #[test]
    fn quotes_and_terms_are_stored_in_characters() {
        let mut store = Store::open_in_memory().unwrap();
        store.write_batch(&[analysed()], &[]).unwrap();
        let quotes = store.quotes_of("a1").unwrap();
        assert_eq!(quotes.len(), 1);
        // "Élu" is one character and two bytes.
        let text = &analysed().article.text;
        let chars: String = text
            .chars()
            .skip(quotes[0].start)
            .take(quotes[0].end - quotes[0].start)
            .collect();
        assert_eq!(chars, "la frontière restera ouverte");
        assert_eq!(quotes[0].speaker.id, "N:orlov");
        let mut seen = 0;
        store
            .for_each_quote(|q| {
                seen += 1;
                assert_eq!(q.article_id, "a1");
                Ok(())
            })
            .unwrap();
        assert_eq!(seen, 1);
        assert_eq!(store.framings_of("a1").unwrap()[0].concept, "border");
        // A re-analysis with the same annotations changes nothing.
        assert_eq!(store.replace_annotations(&[analysed()]).unwrap(), 0);
        let mut fewer = analysed();
        fewer.quotes.clear();
        assert_eq!(store.replace_annotations(&[fewer]).unwrap(), 1);
        assert!(store.quotes_of("a1").unwrap().is_empty());
    }

    #[test]
    fn claims_are_replaced_as_a_whole_and_read_per_story() {
        let mut store = Store::open_in_memory().unwrap();
        let claim = |story: &str, kind: ClaimKind, text: &str| Claim {
            story_id: story.into(),
            kind,
            key: format!("k:{text}"),
            article_ids: vec!["a1".into()],
            sources: vec!["Le Courrier".into()],
            independent_sources: 1,
            actor_id: String::new(),
            text: text.into(),
            value: Some(3.0),
            unit: "km".into(),
            detail: "single source".into(),
            evidence: vec![Evidence {
                article_id: "a1".into(),
                start: 1,
                end: 4,
            }],
        };
        let first = [
            claim("S1", ClaimKind::Figure, "3 km"),
            claim("S1", ClaimKind::Conflict, "3 km or 4 km"),
            claim("S2", ClaimKind::Quote, "oui"),
        ];
        store.replace_claims(&first).unwrap();
        assert_eq!(store.claims(Some("S1")).unwrap(), first[..2].to_vec());
        assert_eq!(store.claims(None).unwrap().len(), 3);
        store.replace_claims(&first[2..]).unwrap();
        assert!(store.claims(Some("S1")).unwrap().is_empty());
    }
}
