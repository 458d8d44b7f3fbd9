//! PostgreSQL for `steppe reanalyse` (annotations replaced in place) and
//! `steppe sources` (each source's profile): the same results as the SQLite
//! queries in `lib.rs` and `sources.rs`, in this dialect.

use std::collections::{BTreeSet, HashMap};

use postgres::Transaction;
use steppe_model::Analysed;

use super::{insert_annotations, PgContext, PgStore};
use crate::rows::Cols;
use crate::sources::{profile_queries, profiles_from, ProfileRow};
use crate::{Result, SourceProfile, ANNOTATION_TABLES};

/// Per table, the parts of an article's annotations that tell whether a
/// re-analysis changed them (as `annotation_digest` on SQLite).
const DIGEST_SQL: &[&str] = &[
    "SELECT article_id, string_agg(start || ':' || \"end\" || ':' || value, ';' ORDER BY start, \"end\")
     FROM timexes WHERE article_id = ANY($1) GROUP BY article_id",
    "SELECT article_id, string_agg(start || ':' || \"end\" || ':' || value || unit, ';' ORDER BY start, \"end\")
     FROM quantities WHERE article_id = ANY($1) GROUP BY article_id",
    "SELECT article_id, string_agg(start || ':' || \"end\" || ':' || actor_id || ':' || code || ':' || how, ';'
     ORDER BY start, \"end\") FROM mentions WHERE article_id = ANY($1) GROUP BY article_id",
    "SELECT article_id, string_agg(id || ':' || modality || ':' || coalesce(date, '') || ':' || source_code
     || ':' || target_code || ':' || coalesce(claimed_by_id, ''), ';' ORDER BY id)
     FROM events WHERE article_id = ANY($1) GROUP BY article_id",
    "SELECT id, warnings FROM articles WHERE id = ANY($1)",
    "SELECT article_id, string_agg(start || ':' || \"end\" || ':' || speaker_id || ':' || verb || ':' || direct,
     ';' ORDER BY start) FROM quotes WHERE article_id = ANY($1) GROUP BY article_id",
    "SELECT article_id, string_agg(start || ':' || \"end\" || ':' || variant || ':' || coalesce(actor_id, ''),
     ';' ORDER BY start) FROM framings WHERE article_id = ANY($1) GROUP BY article_id",
];

/// The digest of each article's stored annotations, by id.
fn digests(tx: &mut Transaction<'_>, ids: &[String]) -> Result<HashMap<String, String>> {
    let mut out: HashMap<String, String> =
        ids.iter().map(|id| (id.clone(), String::new())).collect();
    for sql in DIGEST_SQL {
        let mut part: HashMap<String, String> = HashMap::new();
        for r in tx.query(*sql, &[&ids]).pg("reading annotations")? {
            part.insert(r.text(0)?, r.opt_text(1)?.unwrap_or_default());
        }
        for (id, d) in out.iter_mut() {
            d.push_str(part.get(id).map_or("", String::as_str));
            d.push('|');
        }
    }
    Ok(out)
}

impl PgStore {
    pub(super) fn replace_annotations_pg(&mut self, records: &[Analysed]) -> Result<usize> {
        // One record per id (the first), in id order: the lock order of a batch.
        let mut taken = BTreeSet::new();
        let mut recs: Vec<&Analysed> = records
            .iter()
            .filter(|r| taken.insert(r.article.id.as_str()))
            .collect();
        recs.sort_by(|a, b| a.article.id.cmp(&b.article.id));
        let ids: Vec<String> = recs.iter().map(|r| r.article.id.clone()).collect();
        let warnings: Vec<String> = recs
            .iter()
            .map(|r| serde_json::to_string(&r.article.warnings).unwrap_or_else(|_| "[]".into()))
            .collect();
        self.in_tx("re-analysis batch", |tx| {
            let before = digests(tx, &ids)?;
            for table in ANNOTATION_TABLES {
                tx.execute(
                    &format!("DELETE FROM {table} WHERE article_id = ANY($1)"),
                    &[&ids],
                )
                .pg(&format!("clearing the {table} of a re-analysed batch"))?;
            }
            insert_annotations(tx, &recs)?;
            // The warnings say which analysis stages failed: they change
            // with the annotations.
            tx.execute(
                "UPDATE articles a SET warnings = u.w
                 FROM unnest($1::text[], $2::text[]) AS u(id, w) WHERE a.id = u.id",
                &[&ids, &warnings],
            )
            .pg("updating the warnings of re-analysed articles")?;
            let after = digests(tx, &ids)?;
            Ok(ids
                .iter()
                .filter(|id| before.get(*id) != after.get(*id))
                .count())
        })
    }

    pub(super) fn source_profiles_pg(&self) -> Result<Vec<SourceProfile>> {
        let list = |sql: &str| -> Result<Vec<ProfileRow>> {
            self.query(sql, &[], "reading source profiles")?
                .iter()
                .map(|r| Ok((r.text(0)?, r.text(1)?, r.text(2)?, r.int(3)?)))
                .collect()
        };
        // Bytewise order, as SQLite compares text.
        let [a, b, c, d] = profile_queries(" COLLATE \"C\"");
        Ok(profiles_from(list(&a)?, list(&b)?, list(&c)?, list(&d)?))
    }
}
