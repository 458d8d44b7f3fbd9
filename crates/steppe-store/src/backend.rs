//! The store interface: what the pipeline, the story stage, the exports and
//! the summaries need of a store, implemented by the embedded SQLite store
//! ([`Store`], the default) and by [`PgStore`] (a PostgreSQL server shared by
//! many workers). The HTTP server's read queries (`read.rs`) stay on SQLite.

use std::collections::HashMap;
use std::io;

use steppe_model::{Analysed, Article, Claim, Event, Framing, Quantity, Quote};

use crate::{
    BatchOutcome, DuplicateRow, EventRow, FramingRow, InputRecord, KbImportRow, MentionRow,
    PgStore, QuantityRow, QuoteRow, Result, SourceProfile, Stats, Store, StoryRow, TimexRow,
};

/// A callback that receives rows one at a time; an `Err` (a closed pipe)
/// stops the scan with `StoreError::Output`.
pub type Sink<'a, T> = &'a mut dyn FnMut(T) -> io::Result<()>;

/// Which engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Everything the pipeline and the readers ask of a store. Writes are
/// idempotent: articles are keyed by content id, so the same input written
/// twice (or by two workers at once) stores each article once.
pub trait ArticleStore {
    fn backend(&self) -> Backend;
    fn schema_version(&self) -> Result<u32>;

    // Ingest.
    fn input_done(&self, hash: &str) -> Result<Option<u64>>;
    fn finished_inputs(&self) -> Result<HashMap<String, u64>>;
    fn write_batch(&mut self, records: &[Analysed], inputs: &[InputRecord])
        -> Result<BatchOutcome>;
    fn kb_imports(&self) -> Result<Vec<KbImportRow>>;
    fn put_kb_imports(&mut self, rows: &[KbImportRow]) -> Result<u64>;

    // Articles and their annotations.
    fn article_count(&self) -> Result<u64>;
    fn article(&self, id: &str) -> Result<Option<Article>>;
    fn articles_page(&self, after: &str, limit: usize) -> Result<Vec<Article>>;
    fn for_each_article(&self, f: Sink<'_, Article>) -> Result<u64>;
    fn for_each_timex(&self, f: Sink<'_, TimexRow>) -> Result<u64>;
    fn for_each_quantity(&self, f: Sink<'_, QuantityRow>) -> Result<u64>;
    fn for_each_mention(&self, f: Sink<'_, MentionRow>) -> Result<u64>;
    fn for_each_event(&self, f: Sink<'_, EventRow>) -> Result<u64>;
    fn for_each_quote(&self, f: Sink<'_, QuoteRow>) -> Result<u64>;
    fn for_each_framing(&self, f: Sink<'_, FramingRow>) -> Result<u64>;
    fn events_of(&self, article_id: &str) -> Result<Vec<Event>>;
    fn quantities_of(&self, article_id: &str) -> Result<Vec<Quantity>>;
    fn quotes_of(&self, article_id: &str) -> Result<Vec<Quote>>;
    fn framings_of(&self, article_id: &str) -> Result<Vec<Framing>>;
    fn article_signals(&self, id: &str) -> Result<(Vec<String>, Vec<String>, Vec<String>)>;
    fn actor_counts(&self) -> Result<Vec<(String, u64, u64, String)>>;
    fn actor_surfaces(&self, actor_id: &str) -> Result<Vec<String>>;
    fn stats(&self) -> Result<Stats>;
    /// Every source's profile over the whole store, most articles first
    /// (`steppe sources`).
    fn source_profiles(&self) -> Result<Vec<SourceProfile>>;
    /// Replaces the annotations of stored articles with new ones (`steppe
    /// reanalyse`), their warnings too, in one transaction; the articles
    /// stay. Returns how many articles' annotations changed.
    fn replace_annotations(&mut self, records: &[Analysed]) -> Result<usize>;

    // Stories, copies, event groups, claims.
    fn stories(&self) -> Result<Vec<StoryRow>>;
    fn duplicates(&self) -> Result<Vec<DuplicateRow>>;
    fn event_groups(&self) -> Result<HashMap<String, String>>;
    fn claims(&self, story_id: Option<&str>) -> Result<Vec<Claim>>;
    fn replace_stories(&mut self, stories: &[StoryRow], duplicates: &[DuplicateRow]) -> Result<()>;
    fn replace_event_groups(&mut self, groups: &[(String, String)]) -> Result<()>;
    fn replace_claims(&mut self, claims: &[Claim]) -> Result<()>;

    // The incremental story stage (see `tail.rs`).
    /// Articles no story holds, with their publication day.
    fn unclustered(&self) -> Result<Vec<(String, Option<String>)>>;
    /// Dated articles published on or after `day`, in publication order.
    fn for_each_article_from(&self, day: &str, f: Sink<'_, Article>) -> Result<u64>;
    /// Replaces the stories that start on or after `day` (members, copies
    /// found for their articles, claims); earlier stories stay.
    fn replace_stories_from(
        &mut self,
        day: &str,
        stories: &[StoryRow],
        duplicates: &[DuplicateRow],
    ) -> Result<()>;
    /// Replaces the claims of these stories only.
    fn replace_claims_of(&mut self, story_ids: &[String], claims: &[Claim]) -> Result<()>;
    /// Adds or replaces event groups, keeping the others.
    fn put_event_groups(&mut self, groups: &[(String, String)]) -> Result<()>;
}

/// Opens the store a `--db` value names: a `postgres://` (or
/// `postgresql://`) URL opens a PostgreSQL store, anything else is a SQLite
/// file path.
pub fn open_backend(db: &str) -> Result<Box<dyn ArticleStore>> {
    if is_postgres_url(db) {
        Ok(Box::new(PgStore::connect(db)?))
    } else {
        Ok(Box::new(Store::open(std::path::Path::new(db))?))
    }
}

/// Whether a `--db` value is a PostgreSQL URL.
pub fn is_postgres_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// The SQLite store behind the interface: each method is the inherent one.
impl ArticleStore for Store {
    fn backend(&self) -> Backend {
        Backend::Sqlite
    }
    fn schema_version(&self) -> Result<u32> {
        Store::schema_version(self)
    }
    fn input_done(&self, hash: &str) -> Result<Option<u64>> {
        Store::input_done(self, hash)
    }
    fn finished_inputs(&self) -> Result<HashMap<String, u64>> {
        Store::finished_inputs(self)
    }
    fn write_batch(
        &mut self,
        records: &[Analysed],
        inputs: &[InputRecord],
    ) -> Result<BatchOutcome> {
        Store::write_batch(self, records, inputs)
    }
    fn kb_imports(&self) -> Result<Vec<KbImportRow>> {
        Store::kb_imports(self)
    }
    fn put_kb_imports(&mut self, rows: &[KbImportRow]) -> Result<u64> {
        Store::put_kb_imports(self, rows)
    }
    fn article_count(&self) -> Result<u64> {
        Store::article_count(self)
    }
    fn article(&self, id: &str) -> Result<Option<Article>> {
        Store::article(self, id)
    }
    fn articles_page(&self, after: &str, limit: usize) -> Result<Vec<Article>> {
        Store::articles_page(self, after, limit)
    }
    fn for_each_article(&self, f: Sink<'_, Article>) -> Result<u64> {
        Store::for_each_article(self, f)
    }
    fn for_each_timex(&self, f: Sink<'_, TimexRow>) -> Result<u64> {
        Store::for_each_timex(self, f)
    }
    fn for_each_quantity(&self, f: Sink<'_, QuantityRow>) -> Result<u64> {
        Store::for_each_quantity(self, f)
    }
    fn for_each_mention(&self, f: Sink<'_, MentionRow>) -> Result<u64> {
        Store::for_each_mention(self, f)
    }
    fn for_each_event(&self, f: Sink<'_, EventRow>) -> Result<u64> {
        Store::for_each_event(self, f)
    }
    fn for_each_quote(&self, f: Sink<'_, QuoteRow>) -> Result<u64> {
        Store::for_each_quote(self, f)
    }
    fn for_each_framing(&self, f: Sink<'_, FramingRow>) -> Result<u64> {
        Store::for_each_framing(self, f)
    }
    fn events_of(&self, article_id: &str) -> Result<Vec<Event>> {
        Store::events_of(self, article_id)
    }
    fn quantities_of(&self, article_id: &str) -> Result<Vec<Quantity>> {
        Store::quantities_of(self, article_id)
    }
    fn quotes_of(&self, article_id: &str) -> Result<Vec<Quote>> {
        Store::quotes_of(self, article_id)
    }
    fn framings_of(&self, article_id: &str) -> Result<Vec<Framing>> {
        Store::framings_of(self, article_id)
    }
    fn article_signals(&self, id: &str) -> Result<(Vec<String>, Vec<String>, Vec<String>)> {
        Store::article_signals(self, id)
    }
    fn actor_counts(&self) -> Result<Vec<(String, u64, u64, String)>> {
        Store::actor_counts(self)
    }
    fn actor_surfaces(&self, actor_id: &str) -> Result<Vec<String>> {
        Store::actor_surfaces(self, actor_id)
    }
    fn stats(&self) -> Result<Stats> {
        Store::stats(self)
    }
    fn source_profiles(&self) -> Result<Vec<SourceProfile>> {
        Store::source_profiles(self)
    }
    fn replace_annotations(&mut self, records: &[Analysed]) -> Result<usize> {
        Store::replace_annotations(self, records)
    }
    fn stories(&self) -> Result<Vec<StoryRow>> {
        Store::stories(self)
    }
    fn duplicates(&self) -> Result<Vec<DuplicateRow>> {
        Store::duplicates(self)
    }
    fn event_groups(&self) -> Result<HashMap<String, String>> {
        Store::event_groups(self)
    }
    fn claims(&self, story_id: Option<&str>) -> Result<Vec<Claim>> {
        Store::claims(self, story_id)
    }
    fn replace_stories(&mut self, stories: &[StoryRow], duplicates: &[DuplicateRow]) -> Result<()> {
        Store::replace_stories(self, stories, duplicates)
    }
    fn replace_event_groups(&mut self, groups: &[(String, String)]) -> Result<()> {
        Store::replace_event_groups(self, groups)
    }
    fn replace_claims(&mut self, claims: &[Claim]) -> Result<()> {
        Store::replace_claims(self, claims)
    }
    fn unclustered(&self) -> Result<Vec<(String, Option<String>)>> {
        Store::unclustered(self)
    }
    fn for_each_article_from(&self, day: &str, f: Sink<'_, Article>) -> Result<u64> {
        Store::for_each_article_from(self, day, f)
    }
    fn replace_stories_from(
        &mut self,
        day: &str,
        stories: &[StoryRow],
        duplicates: &[DuplicateRow],
    ) -> Result<()> {
        Store::replace_stories_from(self, day, stories, duplicates)
    }
    fn replace_claims_of(&mut self, story_ids: &[String], claims: &[Claim]) -> Result<()> {
        Store::replace_claims_of(self, story_ids, claims)
    }
    fn put_event_groups(&mut self, groups: &[(String, String)]) -> Result<()> {
        Store::put_event_groups(self, groups)
    }
}
