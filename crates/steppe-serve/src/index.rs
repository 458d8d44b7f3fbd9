//! The full-text index of articles (tantivy): one text field per language with
//! its Snowball stemmer after accent folding, so "négociations", "negociation"
//! and "négocié" meet, and filters and facets on language, source and month.
//!
//! The index lives in a folder beside the store (`steppe.db.index/`) and is
//! derived data: `sync` adds what the store gained since the last sync (by
//! ingest time, kept in a file of the folder), `rebuild` starts it again.

use std::ops::Bound;
use std::path::{Path, PathBuf};

use rust_stemmers::Algorithm;
use serde::Serialize;
use steppe_model::Article;
use steppe_store::Store;
use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, Occur, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED, STORED,
    STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};

use crate::stem::CachedStemmer;
use tantivy::{
    doc, DocId, Index, IndexReader, IndexWriter, ReloadPolicy, Score, SegmentOrdinal,
    SegmentReader, TantivyDocument, Term,
};

/// Languages with their own stemmed field; other text goes to `text_xx`,
/// folded and lower-cased but not stemmed.
const LANGS: &[(&str, Algorithm)] = &[
    ("fr", Algorithm::French),
    ("en", Algorithm::English),
    ("es", Algorithm::Spanish),
    ("de", Algorithm::German),
];

/// Characters of a hit's text its snippet is first looked for in.
const SNIPPET_WINDOW: usize = 1200;

/// The file in the index folder that holds the ingest time synced up to.
const SYNCED: &str = "steppe-synced-at";

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("search index {path}: {cause}")]
    Tantivy {
        path: String,
        cause: tantivy::TantivyError,
    },
    #[error("search index {path}: {cause}")]
    Io { path: String, cause: std::io::Error },
    #[error(transparent)]
    Store(#[from] steppe_store::StoreError),
}

pub type Result<T> = std::result::Result<T, IndexError>;

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    lang: Field,
    source: Field,
    month: Field,
    day: Field,
    /// One per `LANGS`, then the unstemmed one.
    text: [Field; 5],
}

/// A search to run: the words and the filters, all optional but `q`.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub q: String,
    pub lang: Option<String>,
    pub source: Option<String>,
    /// `YYYY-MM`.
    pub month: Option<String>,
    /// Days as `YYYYMMDD` numbers, inclusive.
    pub from: Option<u64>,
    pub to: Option<u64>,
    pub offset: usize,
    pub limit: usize,
    /// Count by language, source and month over every match (the cost of
    /// a search on a common word is mostly there).
    pub facets: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub id: String,
    pub score: f32,
    pub lang: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Facets {
    pub lang: Vec<FacetCount>,
    pub source: Vec<FacetCount>,
    pub month: Vec<FacetCount>,
}

pub struct Found {
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: Facets,
    query: Box<dyn Query>,
}

pub struct SearchIndex {
    path: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    parser: QueryParser,
    /// Facet columns of the segments searched (see `SegmentOrds`).
    facet_ords: std::sync::Mutex<OrdsCache>,
}

fn analyzer(lang: Option<(Algorithm, usize)>) -> TextAnalyzer {
    let base = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter);
    match lang {
        Some((l, slot)) => base.filter(CachedStemmer::new(l, slot)).build(),
        None => base.build(),
    }
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let id = b.add_text_field("id", STRING | STORED);
    let lang = b.add_text_field("lang", STRING | FAST | STORED);
    let source = b.add_text_field("source", STRING | FAST);
    let month = b.add_text_field("month", STRING | FAST);
    let day = b.add_u64_field("day", INDEXED | FAST);
    let text_field = |b: &mut tantivy::schema::SchemaBuilder, name: &str, tok: &str| {
        b.add_text_field(
            name,
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(tok)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            ),
        )
    };
    let text = [
        text_field(&mut b, "text_fr", "steppe_fr"),
        text_field(&mut b, "text_en", "steppe_en"),
        text_field(&mut b, "text_es", "steppe_es"),
        text_field(&mut b, "text_de", "steppe_de"),
        text_field(&mut b, "text_xx", "steppe_xx"),
    ];
    (
        b.build(),
        Fields {
            id,
            lang,
            source,
            month,
            day,
            text,
        },
    )
}

/// The index folder of a store file: `steppe.db` → `steppe.db.index`.
pub fn folder_for(db: &Path) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(".index");
    PathBuf::from(s)
}

/// `2023-02-27` → 20230227 (what the `day` field holds).
pub fn day_number(day: &str) -> Option<u64> {
    let digits: String = day.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.len() == 8 {
        digits.parse().ok()
    } else {
        None
    }
}

impl SearchIndex {
    /// Opens the index in `path`, creating an empty one when the folder is new.
    pub fn open(path: &Path) -> Result<SearchIndex> {
        let shown = path.display().to_string();
        let tv = |cause| IndexError::Tantivy {
            path: shown.clone(),
            cause,
        };
        std::fs::create_dir_all(path).map_err(|cause| IndexError::Io {
            path: shown.clone(),
            cause,
        })?;
        let (schema, fields) = schema();
        let dir = tantivy::directory::MmapDirectory::open(path).map_err(|e| IndexError::Io {
            path: shown.clone(),
            cause: std::io::Error::other(e.to_string()),
        })?;
        let index = Index::open_or_create(dir, schema).map_err(tv)?;
        for (slot, (code, lang)) in LANGS.iter().enumerate() {
            index
                .tokenizers()
                .register(&format!("steppe_{code}"), analyzer(Some((*lang, slot))));
        }
        index.tokenizers().register("steppe_xx", analyzer(None));
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()
            .map_err(tv)?;
        let mut parser = QueryParser::for_index(&index, fields.text.to_vec());
        parser.set_conjunction_by_default();
        Ok(SearchIndex {
            path: path.to_path_buf(),
            index,
            reader,
            fields,
            parser,
            facet_ords: Default::default(),
        })
    }

    fn tv(&self) -> impl Fn(tantivy::TantivyError) -> IndexError + '_ {
        move |cause| IndexError::Tantivy {
            path: self.path.display().to_string(),
            cause,
        }
    }

    fn io(&self) -> impl Fn(std::io::Error) -> IndexError + '_ {
        move |cause| IndexError::Io {
            path: self.path.display().to_string(),
            cause,
        }
    }

    fn text_field(&self, lang: Option<&str>) -> Field {
        LANGS
            .iter()
            .position(|(c, _)| Some(*c) == lang)
            .map_or(self.fields.text[4], |i| self.fields.text[i])
    }

    fn document(&self, a: &Article) -> TantivyDocument {
        let f = &self.fields;
        let lang = a.lang.clone().unwrap_or_default();
        let day = a
            .published
            .map(|p| p.first_day().format("%Y-%m-%d").to_string());
        let mut d = doc!(
            f.id => a.id.clone(),
            f.lang => lang.clone(),
            f.source => a.source.clone().unwrap_or_default(),
            f.month => day.as_deref().and_then(|d| d.get(..7)).unwrap_or_default().to_string(),
        );
        if let Some(n) = day.as_deref().and_then(day_number) {
            d.add_u64(f.day, n);
        }
        let mut text = a.title.clone().unwrap_or_default();
        text.push('\n');
        text.push_str(&a.text);
        d.add_text(self.text_field(Some(&lang)), text);
        d
    }

    /// Adds to the index every article the store gained since the last sync;
    /// returns how many were (re)indexed.
    pub fn sync(&self, store: &Store) -> Result<u64> {
        let marker = self.path.join(SYNCED);
        // The marker: the ingest time synced up to, and how many articles
        // had that time or later then.
        let kept = std::fs::read_to_string(&marker).unwrap_or_default();
        let mut kept = kept.split_whitespace();
        let since = kept.next().unwrap_or_default().to_string();
        let had: Option<u64> = kept.next().and_then(|n| n.parse().ok());
        let Some(latest) = store.last_ingested_at()? else {
            return Ok(0);
        };
        if !since.is_empty() && since.as_str() > latest.as_str() {
            return Ok(0);
        }
        // Nothing new in the last synced second: indexing it again on each
        // start would only add a segment and delete its documents elsewhere.
        // Counted before the articles are read, so that none counted is missed.
        let at_latest = store.articles_ingested_since(&latest)?;
        if since == latest && had == Some(at_latest) {
            return Ok(0);
        }
        let mut writer: IndexWriter = self.index.writer(64_000_000).map_err(self.tv())?;
        // Articles of the last synced second are indexed again: deleting by id
        // first keeps that idempotent.
        let n = store.for_each_article_since(&since, |a| {
            writer.delete_term(Term::from_field_text(self.fields.id, &a.id));
            writer
                .add_document(self.document(&a))
                .map(|_| ())
                .map_err(|e| std::io::Error::other(e.to_string()))
        })?;
        writer.commit().map_err(self.tv())?;
        std::fs::write(&marker, format!("{latest} {at_latest}")).map_err(self.io())?;
        self.reader.reload().map_err(self.tv())?;
        Ok(n)
    }

    /// Empties the index and indexes the whole store again.
    pub fn rebuild(&self, store: &Store) -> Result<u64> {
        let mut writer: IndexWriter = self.index.writer(64_000_000).map_err(self.tv())?;
        writer.delete_all_documents().map_err(self.tv())?;
        writer.commit().map_err(self.tv())?;
        drop(writer);
        match std::fs::remove_file(self.path.join(SYNCED)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(self.io()(e)),
        }
        self.sync(store)
    }

    /// Changes whenever the index does (an ingest here, or by another process).
    pub fn generation(&self) -> u64 {
        self.reader.searcher().generation().generation_id()
    }

    /// Drops the facet columns of segments the searcher no longer has (a
    /// merge or a rebuild replaced them).
    fn forget_old_segments(&self, searcher: &tantivy::Searcher) {
        let generation = searcher.generation().generation_id();
        let Ok(mut c) = self.facet_ords.lock() else {
            return;
        };
        if c.generation != generation {
            let live: std::collections::HashSet<_> = searcher
                .segment_readers()
                .iter()
                .map(|r| r.segment_id())
                .collect();
            c.segments.retain(|id, _| live.contains(id));
            c.generation = generation;
        }
    }

    pub fn documents(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Runs a search: the best hits from `offset`, the total, and counts by
    /// language, source and month over every match.
    pub fn search(&self, r: &SearchRequest) -> Result<Found> {
        let f = &self.fields;
        // Lenient: odd syntax (quotes, colons, brackets) is read as words, never an error.
        let (words, _) = self.parser.parse_query_lenient(&r.q);
        let mut parts: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, words)];
        // Filters do not score: only the words rank the hits.
        let term = |field: Field, v: &str| -> Box<dyn Query> {
            Box::new(ConstScoreQuery::new(
                Box::new(TermQuery::new(
                    Term::from_field_text(field, v),
                    IndexRecordOption::Basic,
                )),
                0.0,
            ))
        };
        if let Some(l) = &r.lang {
            parts.push((Occur::Must, term(f.lang, l)));
        }
        if let Some(s) = &r.source {
            parts.push((Occur::Must, term(f.source, s)));
        }
        if let Some(m) = &r.month {
            parts.push((Occur::Must, term(f.month, m)));
        }
        if r.from.is_some() || r.to.is_some() {
            let bound = |d: Option<u64>| match d {
                Some(n) => Bound::Included(Term::from_field_u64(f.day, n)),
                None => Bound::Unbounded,
            };
            parts.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(
                    Box::new(RangeQuery::new(bound(r.from), bound(r.to))),
                    0.0,
                )),
            ));
        }
        // With no filter the words alone: a single term or a union of terms
        // keeps tantivy's block-max pruning for the top hits.
        let filtered = parts.len() > 1;
        let query: Box<dyn Query> = if parts.len() == 1 {
            match parts.pop() {
                Some((_, q)) => q,
                None => Box::new(BooleanQuery::new(Vec::new())),
            }
        } else {
            Box::new(BooleanQuery::new(parts))
        };
        let searcher = self.reader.searcher();
        self.forget_old_segments(&searcher);
        let top_docs = TopDocs::with_limit(r.limit.max(1)).and_offset(r.offset);
        let facets = FacetCollector {
            cache: &self.facet_ords,
        };
        let (top, total, facets) = if r.facets && filtered {
            // A filtered search scores every match anyway (no block-max
            // pruning through an intersection): one pass for both.
            let (top, (total, counts)) = searcher
                .search(&query, &(top_docs, facets))
                .map_err(self.tv())?;
            (top, total, counts.into_facets())
        } else {
            // Two passes: the top hits alone (scored, pruned: most matches
            // of a common word are skipped by block), then the total and
            // the facets over every match unscored (a word's count is read
            // from its posting list when there is nothing more to count).
            let top = searcher.search(&query, &top_docs).map_err(self.tv())?;
            if r.facets {
                let (total, counts) = searcher.search(&query, &facets).map_err(self.tv())?;
                (top, total, counts.into_facets())
            } else {
                let total = searcher.search(&query, &Count).map_err(self.tv())?;
                (top, total, Facets::default())
            }
        };
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let d: TantivyDocument = searcher.doc(addr).map_err(self.tv())?;
            let get = |field: Field| {
                d.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            hits.push(Hit {
                id: get(f.id),
                score,
                lang: get(f.lang),
            });
        }
        Ok(Found {
            total,
            hits,
            facets,
            query,
        })
    }

    /// A highlighted passage of each (language, text) of the hits of `found`
    /// (HTML: the text escaped, the matched words in `<b>`); one snippet
    /// generator per language, as making one looks the query's terms up.
    pub fn snippets(&self, found: &Found, texts: &[(&str, &str)]) -> Vec<String> {
        let searcher = self.reader.searcher();
        let mut generators: Vec<(Field, Option<SnippetGenerator>)> = Vec::new();
        let head = |text: &str| html_escape(&text.chars().take(240).collect::<String>());
        texts
            .iter()
            .map(|(lang, text)| {
                let field = self.text_field(Some(lang));
                let i = match generators.iter().position(|(f, _)| *f == field) {
                    Some(i) => i,
                    None => {
                        let g = SnippetGenerator::create(&searcher, &*found.query, field)
                            .ok()
                            .map(|mut g| {
                                g.set_max_num_chars(240);
                                g
                            });
                        generators.push((field, g));
                        generators.len() - 1
                    }
                };
                match generators.get(i).and_then(|(_, g)| g.as_ref()) {
                    Some(g) => {
                        // The passage is looked for in the text's start first
                        // (tokenizing and stemming a whole long text for each
                        // hit was most of a search's time), the rest only if
                        // no word of the query is there.
                        let start = text
                            .char_indices()
                            .nth(SNIPPET_WINDOW)
                            .and_then(|(at, _)| text.get(..at))
                            .unwrap_or(text);
                        let mut s = g.snippet(start);
                        if s.fragment().is_empty() && start.len() < text.len() {
                            s = g.snippet(text);
                        }
                        if s.fragment().is_empty() {
                            // No word of the query in the text (the title
                            // matched): its start stands in.
                            head(text)
                        } else {
                            s.to_html()
                        }
                    }
                    None => head(text),
                }
            })
            .collect()
    }
}

/// The string fast fields counted for facets, with how many values of each
/// are kept (most frequent first; months all, in order).
const FACET_FIELDS: [(&str, usize); 3] = [("lang", 20), ("source", 20), ("month", usize::MAX)];

/// One segment's facet columns read out once: each document's value
/// ordinal per field (the field's value count when it has none) and the
/// values' strings. A segment never changes, so this holds while it is
/// searched; counting a match is then three array increments, where
/// reading the columns' dictionary-encoded ordinals document by document was
/// most of what a common word's facets cost.
struct SegmentOrds {
    ords: [Vec<u32>; 3],
    values: [Vec<String>; 3],
}

impl SegmentOrds {
    fn read(segment: &SegmentReader) -> tantivy::Result<SegmentOrds> {
        let mut ords: [Vec<u32>; 3] = Default::default();
        let mut values: [Vec<String>; 3] = Default::default();
        for ((name, _), (ords, values)) in FACET_FIELDS
            .iter()
            .zip(ords.iter_mut().zip(values.iter_mut()))
        {
            let Some(column) = segment.fast_fields().str(name)? else {
                // No value in this segment: every document in the one "none" slot.
                *ords = vec![0; segment.max_doc() as usize];
                continue;
            };
            let n = column.num_terms();
            for ord in 0..n {
                let mut v = String::new();
                column.ord_to_str(ord as u64, &mut v)?;
                values.push(v);
            }
            let none = u32::try_from(n).unwrap_or(u32::MAX);
            *ords = (0..segment.max_doc())
                .map(|doc| {
                    column
                        .ords()
                        .first(doc)
                        .and_then(|o| u32::try_from(o).ok())
                        .filter(|o| *o < none)
                        .unwrap_or(none)
                })
                .collect();
        }
        Ok(SegmentOrds { ords, values })
    }
}

/// Facet columns by segment, for the segments of the latest searcher.
#[derive(Default)]
struct OrdsCache {
    generation: u64,
    segments: std::collections::HashMap<tantivy::index::SegmentId, std::sync::Arc<SegmentOrds>>,
}

/// Counts every match and its language, source and month from each
/// segment's ordinals (`SegmentOrds`): one counter per value, no scoring,
/// the values' strings copied once per segment at the end.
struct FacetCollector<'a> {
    cache: &'a std::sync::Mutex<OrdsCache>,
}

struct SegmentFacets {
    ords: std::sync::Arc<SegmentOrds>,
    /// Per field, one counter per value and one for "none".
    counts: [Vec<u64>; 3],
    total: usize,
}

/// (value, count) per facet field.
struct FacetCounts(Vec<Vec<(String, u64)>>);

impl FacetCounts {
    fn into_facets(self) -> Facets {
        let mut per_field = self
            .0
            .into_iter()
            .zip(FACET_FIELDS)
            .map(|(counts, (name, keep))| {
                let mut v: Vec<FacetCount> = counts
                    .into_iter()
                    .filter(|(value, _)| !value.is_empty())
                    .map(|(value, count)| FacetCount { value, count })
                    .collect();
                if name == "month" {
                    v.sort_by(|a, b| a.value.cmp(&b.value));
                } else {
                    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
                }
                v.truncate(keep);
                v
            });
        Facets {
            lang: per_field.next().unwrap_or_default(),
            source: per_field.next().unwrap_or_default(),
            month: per_field.next().unwrap_or_default(),
        }
    }
}

impl Collector for FacetCollector<'_> {
    type Fruit = (usize, FacetCounts);
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentFacets> {
        let id = segment.segment_id();
        let kept = self
            .cache
            .lock()
            .ok()
            .and_then(|c| c.segments.get(&id).cloned());
        let ords = match kept {
            Some(o) => o,
            None => {
                // Read outside the lock: another search may read it too, once.
                let o = std::sync::Arc::new(SegmentOrds::read(segment)?);
                if let Ok(mut c) = self.cache.lock() {
                    c.segments.insert(id, std::sync::Arc::clone(&o));
                }
                o
            }
        };
        let counts = std::array::from_fn(|i| vec![0; ords.values[i].len() + 1]);
        Ok(SegmentFacets {
            ords,
            counts,
            total: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        segments: Vec<(usize, Vec<Vec<(String, u64)>>)>,
    ) -> tantivy::Result<(usize, FacetCounts)> {
        let mut total = 0;
        let mut merged: Vec<std::collections::HashMap<String, u64>> =
            vec![Default::default(); FACET_FIELDS.len()];
        for (n, fields) in segments {
            total += n;
            for (into, values) in merged.iter_mut().zip(fields) {
                for (value, count) in values {
                    *into.entry(value).or_default() += count;
                }
            }
        }
        let counts = merged
            .into_iter()
            .map(|m| m.into_iter().collect())
            .collect();
        Ok((total, FacetCounts(counts)))
    }
}

impl SegmentFacets {
    fn count(&mut self, doc: DocId) {
        for (ords, counts) in self.ords.ords.iter().zip(self.counts.iter_mut()) {
            if let Some(n) = ords
                .get(doc as usize)
                .and_then(|o| counts.get_mut(*o as usize))
            {
                *n += 1;
            }
        }
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = (usize, Vec<Vec<(String, u64)>>);

    fn collect(&mut self, doc: DocId, _: Score) {
        self.total += 1;
        self.count(doc);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        self.total += docs.len();
        for doc in docs {
            self.count(*doc);
        }
    }

    fn harvest(self) -> Self::Fruit {
        let mut fields = Vec::with_capacity(self.counts.len());
        for (values, counts) in self.ords.values.iter().zip(self.counts) {
            // The last counter is "no value": not a facet.
            fields.push(
                values
                    .iter()
                    .zip(counts)
                    .filter(|(_, n)| *n > 0)
                    .map(|(v, n)| (v.clone(), n))
                    .collect(),
            );
        }
        (self.total, fields)
    }
}

pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
