//! Row decoding shared by both backends: a stored row is read through
//! [`Cols`] (column by position), so an article, an event, a quote or a claim
//! is decoded by one function whether it came from SQLite or PostgreSQL.

use steppe_model::{
    Article, Claim, ClaimKind, DateOrigin, EventActor, Format, Published, Quote, RemovedLine,
};

use crate::{DuplicateRow, EventRow, MentionRow, QuoteRow, Result, StoreError};

/// Columns of a result row by position, with errors that name the column.
pub(crate) trait Cols {
    fn text(&self, i: usize) -> Result<String>;
    fn opt_text(&self, i: usize) -> Result<Option<String>>;
    fn int(&self, i: usize) -> Result<i64>;
    fn real(&self, i: usize) -> Result<f64>;
    fn opt_real(&self, i: usize) -> Result<Option<f64>>;
}

impl Cols for rusqlite::Row<'_> {
    fn text(&self, i: usize) -> Result<String> {
        self.get(i).map_err(|e| col_err(i, e))
    }
    fn opt_text(&self, i: usize) -> Result<Option<String>> {
        self.get(i).map_err(|e| col_err(i, e))
    }
    fn int(&self, i: usize) -> Result<i64> {
        self.get(i).map_err(|e| col_err(i, e))
    }
    fn real(&self, i: usize) -> Result<f64> {
        self.get(i).map_err(|e| col_err(i, e))
    }
    fn opt_real(&self, i: usize) -> Result<Option<f64>> {
        self.get(i).map_err(|e| col_err(i, e))
    }
}

fn col_err(i: usize, cause: rusqlite::Error) -> StoreError {
    StoreError::Sql {
        what: format!("reading column {i} of a stored row"),
        cause,
    }
}

impl Cols for postgres::Row {
    fn text(&self, i: usize) -> Result<String> {
        self.try_get(i).map_err(|e| pg_col_err(i, e))
    }
    fn opt_text(&self, i: usize) -> Result<Option<String>> {
        self.try_get(i).map_err(|e| pg_col_err(i, e))
    }
    fn int(&self, i: usize) -> Result<i64> {
        self.try_get(i).map_err(|e| pg_col_err(i, e))
    }
    fn real(&self, i: usize) -> Result<f64> {
        self.try_get(i).map_err(|e| pg_col_err(i, e))
    }
    fn opt_real(&self, i: usize) -> Result<Option<f64>> {
        self.try_get(i).map_err(|e| pg_col_err(i, e))
    }
}

fn pg_col_err(i: usize, cause: postgres::Error) -> StoreError {
    StoreError::Pg {
        what: format!("reading column {i} of a stored row"),
        cause,
    }
}

/// An article from `ARTICLE_COLUMNS` order.
pub(crate) fn article<R: Cols>(r: &R) -> Result<Article> {
    let id = r.text(0)?;
    let corrupt = |what: &str| StoreError::Corrupt(format!("article {id}: {what}"));
    let format = r.text(3)?;
    let published = r.opt_text(10)?;
    let origin = r.text(11)?;
    let removed = r.text(13)?;
    let warnings = r.text(14)?;
    Ok(Article {
        path: r.text(1)?,
        item: u32::try_from(r.int(2)?).map_err(|_| corrupt("item number"))?,
        format: Format::parse(&format).ok_or_else(|| corrupt("unknown format"))?,
        url: r.opt_text(4)?,
        source: r.opt_text(5)?,
        title: r.opt_text(6)?,
        author: r.opt_text(7)?,
        lang: r.opt_text(8)?,
        lang_confidence: r.real(9)? as f32,
        published: match published {
            Some(p) => Some(Published::parse_iso(&p).ok_or_else(|| corrupt("bad date"))?),
            None => None,
        },
        date_origin: match origin.as_str() {
            "header" => DateOrigin::Header,
            "metadata" => DateOrigin::Metadata,
            "url" => DateOrigin::Url,
            _ => DateOrigin::None,
        },
        text: r.text(12)?,
        removed: serde_json::from_str::<Vec<RemovedLine>>(&removed)
            .map_err(|_| corrupt("bad removed lines"))?,
        warnings: serde_json::from_str(&warnings).map_err(|_| corrupt("bad warnings"))?,
        id,
    })
}

/// An event from `EVENT_COLUMNS` order.
pub(crate) fn event<R: Cols>(r: &R) -> Result<EventRow> {
    let modality = match r.text(22)?.as_str() {
        "planned" => steppe_model::Modality::Planned,
        "hypothetical" => steppe_model::Modality::Hypothetical,
        "reported" => steppe_model::Modality::Reported,
        _ => steppe_model::Modality::Realised,
    };
    let quantities = r.text(21)?;
    let side = |i: usize| -> Result<EventActor> {
        Ok(EventActor {
            id: r.text(i)?,
            code: r.text(i + 1)?,
            surface: r.text(i + 2)?,
        })
    };
    let event = steppe_model::Event {
        sentence_start: r.int(2)? as usize,
        sentence_end: r.int(3)? as usize,
        start: r.int(4)? as usize,
        end: r.int(5)? as usize,
        source: side(6)?,
        target: side(9)?,
        cameo: r.text(12)?,
        root: r.text(13)?,
        plover: r.text(14)?,
        plover_mode: r.text(15)?,
        quad_class: r.int(16)? as u8,
        goldstein: r.real(17)? as f32,
        date: r.opt_text(18)?,
        date_precision: r.text(19)?,
        place: r.opt_text(20)?,
        quantities: serde_json::from_str(&quantities)
            .map_err(|e| StoreError::Corrupt(format!("event quantities: {e}")))?,
        modality,
        claimed_by: match r.opt_text(25)? {
            Some(id) => Some(EventActor {
                id,
                code: r.opt_text(26)?.unwrap_or_default(),
                surface: r.opt_text(27)?.unwrap_or_default(),
            }),
            None => None,
        },
        evidence: r.text(23)?,
        confidence: r.real(24)? as f32,
    };
    Ok(EventRow {
        article_id: r.text(0)?,
        id: r.text(1)?,
        event,
    })
}

/// A duplicate from `article_id, other_id, kind, start, end, other_start, other_end, similarity`.
pub(crate) fn duplicate<R: Cols>(r: &R) -> Result<DuplicateRow> {
    Ok(DuplicateRow {
        article_id: r.text(0)?,
        other_id: r.text(1)?,
        kind: r.text(2)?,
        start: r.int(3)? as u64,
        end: r.int(4)? as u64,
        other_start: r.int(5)? as u64,
        other_end: r.int(6)? as u64,
        similarity: r.real(7)?,
    })
}

/// A mention from `article_id, start, end, surface, actor_id, code, how, ner`.
pub(crate) fn mention<R: Cols>(r: &R) -> Result<MentionRow> {
    Ok(MentionRow {
        article_id: r.text(0)?,
        start: r.int(1)? as u64,
        end: r.int(2)? as u64,
        surface: r.text(3)?,
        actor_id: r.text(4)?,
        code: r.text(5)?,
        how: r.text(6)?,
        ner: r.opt_text(7)?,
    })
}

/// A quote from `QUOTE_COLUMNS` order.
pub(crate) fn quote<R: Cols>(r: &R) -> Result<QuoteRow> {
    let n = |i: usize| r.int(i).map(|v| v as usize);
    Ok(QuoteRow {
        article_id: r.text(0)?,
        quote: Quote {
            start: n(1)?,
            end: n(2)?,
            sentence_start: n(3)?,
            sentence_end: n(4)?,
            text: r.text(5)?,
            speaker: EventActor {
                id: r.text(6)?,
                code: r.text(7)?,
                surface: r.text(8)?,
            },
            speaker_start: n(9)?,
            speaker_end: n(10)?,
            verb: r.text(11)?,
            direct: r.int(12)? != 0,
        },
    })
}

fn json<T: serde::de::DeserializeOwned>(s: &str, what: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

/// A claim from `story_id, kind, key, article_ids, sources, independent_sources,
/// actor_id, text, value, unit, detail, evidence`.
pub(crate) fn claim<R: Cols>(r: &R) -> Result<Claim> {
    let kind = r.text(1)?;
    Ok(Claim {
        story_id: r.text(0)?,
        kind: ClaimKind::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("claim kind {kind:?}")))?,
        key: r.text(2)?,
        article_ids: json(&r.text(3)?, "claim articles")?,
        sources: json(&r.text(4)?, "claim sources")?,
        independent_sources: r.int(5)? as usize,
        actor_id: r.text(6)?,
        text: r.text(7)?,
        value: r.opt_real(8)?,
        unit: r.text(9)?,
        detail: r.text(10)?,
        evidence: json(&r.text(11)?, "claim evidence")?,
    })
}

/// A story's own columns (`id, thread_id, title, summary, first_seen,
/// last_seen, estimated, actors, independent, sources`), members left empty.
pub(crate) fn story<R: Cols>(r: &R) -> Result<crate::StoryRow> {
    Ok(crate::StoryRow {
        id: r.text(0)?,
        thread_id: r.text(1)?,
        title: r.text(2)?,
        summary: r.text(3)?,
        first_seen: r.opt_text(4)?,
        last_seen: r.opt_text(5)?,
        estimated: r.opt_text(6)?,
        actors: json(&r.text(7)?, "story actors")?,
        independent: r.int(8)? as u64,
        sources: json(&r.text(9)?, "story sources")?,
        articles: Vec::new(),
    })
}
