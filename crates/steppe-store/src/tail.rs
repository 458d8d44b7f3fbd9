//! What the incremental story stage needs of the SQLite store: the articles
//! no story holds yet, the dated articles from a day on, and replacing the
//! stories that start on or after a day (with their members, copies,
//! claims) while the older ones stay as they are.

use steppe_model::{Article, Claim};

use crate::backend::Sink;
use crate::{row_to_article, Context, DuplicateRow, Result, Store, StoreError, StoryRow};

/// Stories that start on or after `?1` (a day), as a condition on `stories`.
const LATE: &str = "first_seen IS NOT NULL AND first_seen >= ?1";

impl Store {
    /// Articles no story holds (new since the last story stage, or ones the
    /// stage failed on), with their publication day.
    pub fn unclustered(&self) -> Result<Vec<(String, Option<String>)>> {
        let mut st = self
            .conn
            .prepare(
                "SELECT a.id, a.published_day FROM articles a
                 LEFT JOIN story_articles m ON m.article_id = a.id
                 WHERE m.article_id IS NULL ORDER BY a.id",
            )
            .ctx("preparing unclustered articles")?;
        let rows = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .ctx("reading unclustered articles")?;
        rows.collect::<std::result::Result<_, _>>()
            .ctx("reading unclustered articles")
    }

    /// Calls `f` with each dated article published on or after `day`, in
    /// publication order, then id.
    pub fn for_each_article_from(&self, day: &str, f: Sink<'_, Article>) -> Result<u64> {
        let mut st = self
            .conn
            .prepare(
                "SELECT a.id, a.path, a.item, a.format, a.url, s.name, a.title, a.author, a.lang,
                        a.lang_confidence, a.published, a.date_origin, a.text, a.removed, a.warnings
                 FROM articles a LEFT JOIN sources s ON s.id = a.source_id
                 WHERE a.published_day >= ?1 ORDER BY a.published_day, a.id",
            )
            .ctx("preparing the articles from a day")?;
        let mut rows = st.query([day]).ctx("reading the articles from a day")?;
        let mut n = 0;
        while let Some(r) = rows.next().ctx("reading article row")? {
            f(row_to_article(r)?).map_err(StoreError::Output)?;
            n += 1;
        }
        Ok(n)
    }

    /// Replaces the stories that start on or after `day` (and their members,
    /// the copies found for their articles, their claims) with `stories` and
    /// `duplicates`, in one transaction; earlier stories are kept.
    pub fn replace_stories_from(
        &mut self,
        day: &str,
        stories: &[StoryRow],
        duplicates: &[DuplicateRow],
    ) -> Result<()> {
        let tx = self.conn.transaction().ctx("starting story update")?;
        for sql in [
            format!(
                "DELETE FROM duplicates WHERE article_id IN (SELECT article_id FROM story_articles
                 WHERE story_id IN (SELECT id FROM stories WHERE {LATE}))"
            ),
            format!("DELETE FROM claims WHERE story_id IN (SELECT id FROM stories WHERE {LATE})"),
            format!(
                "DELETE FROM story_articles WHERE story_id IN (SELECT id FROM stories WHERE {LATE})"
            ),
            format!("DELETE FROM stories WHERE {LATE}"),
        ] {
            tx.execute(&sql, [day])
                .ctx("clearing the stories from a day")?;
        }
        crate::insert_stories(&tx, stories, duplicates, true)?;
        tx.commit().ctx("committing story update")
    }

    /// Replaces the claims of these stories only.
    pub fn replace_claims_of(&mut self, story_ids: &[String], claims: &[Claim]) -> Result<()> {
        self.write_claims(Some(story_ids), claims)
    }

    /// Adds or replaces event groups without clearing the others.
    pub fn put_event_groups(&mut self, groups: &[(String, String)]) -> Result<()> {
        let tx = self.conn.transaction().ctx("starting event groups")?;
        crate::insert_event_groups(&tx, groups)?;
        tx.commit().ctx("committing event groups")
    }
}
