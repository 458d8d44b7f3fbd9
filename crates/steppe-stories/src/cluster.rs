//! Online story clustering. Articles arrive in date order (undated ones last);
//! each joins the most similar open story or starts one. Similarity is built
//! from language-independent parts first (actor ids, event signatures), then
//! stemmed terms and dates, so a French and an English report of one event
//! meet. Stories close when the window passes them; closed stories stay
//! available (a bounded number of them) for threads and for undated articles.
//! Copies and shared passages are found against the articles of the window
//! through an index of winnowed fingerprints.

use std::collections::{HashMap, HashSet, VecDeque};
use std::hash::{BuildHasherDefault, Hasher};

/// A fast hasher for keys that are already hashes (u64 features, ids):
/// SipHash was a fifth of the clustering time.
#[derive(Default, Clone, Copy)]
pub struct MixHasher(u64);

impl Hasher for MixHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(29);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

type Fast = BuildHasherDefault<MixHasher>;
type FastMap<K, V> = HashMap<K, V, Fast>;
type FastSet<K> = HashSet<K, Fast>;

use chrono::NaiveDate;

use crate::passages;

/// What the clusterer needs of an article.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    pub id: String,
    pub lang: String,
    pub title: Option<String>,
    pub text: String,
    /// The publication day, or the first day of a coarser publication date.
    pub date: Option<NaiveDate>,
    /// Whether `date` is only a month (or coarser).
    pub coarse_date: bool,
    /// Day-precise dates the text mentions (to narrow a coarse publication date).
    pub mentioned_days: Vec<NaiveDate>,
    /// Actor ids of the article's mentions, with repeats.
    pub actors: Vec<String>,
    /// Event signatures (`source|target|root`).
    pub events: Vec<String>,
    pub source: Option<String>,
}

/// Tunables, with the values the evaluations were run with.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// An article joins a story within this many days of its dates.
    pub window_days: i64,
    /// Similarity needed to join a story.
    pub threshold: f64,
    /// A story spans at most this many days; a longer affair becomes a thread.
    pub max_span_days: i64,
    /// Closed stories kept for threads and undated articles.
    pub keep_closed: usize,
    /// Articles kept in the copy index past the window.
    pub keep_recent: usize,
    /// Stories sharing this share of key actors within `thread_days` form a thread.
    pub thread_overlap: f64,
    pub thread_days: i64,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            window_days: 5,
            threshold: 0.85,
            max_span_days: 21,
            keep_closed: 5_000,
            keep_recent: 20_000,
            thread_overlap: 0.5,
            thread_days: 240,
        }
    }
}

/// A sparse vector over hashed features, L2-normalised.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sparse(pub Vec<(u64, f32)>);

impl Sparse {
    fn from_counts(counts: FastMap<u64, f32>, keep: usize) -> Sparse {
        let mut v: Vec<(u64, f32)> = counts.into_iter().filter(|(_, w)| *w > 0.0).collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(keep);
        let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            for (_, w) in &mut v {
                *w /= norm;
            }
        }
        v.sort_by_key(|(k, _)| *k);
        Sparse(v)
    }

    pub fn cosine(&self, other: &Sparse) -> f64 {
        let (a, b) = (&self.0, &other.0);
        let (mut i, mut j, mut dot) = (0, 0, 0.0f32);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += a[i].1 * b[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        f64::from(dot)
    }

    fn add_into(&self, acc: &mut FastMap<u64, f32>) {
        for (k, w) in &self.0 {
            *acc.entry(*k).or_default() += w;
        }
    }
}

/// FNV-1a: the stable hash of every feature (terms, actors, events), also
/// used by callers that need ids stable across builds.
pub fn hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

const STOP: &[&str] = &[
    "les", "des", "une", "dans", "pour", "par", "sur", "avec", "qui", "que", "est", "sont", "ont",
    "été", "ete", "son", "ses", "leur", "aux", "plus", "pas", "mais", "cette", "ces", "the", "and",
    "for", "with", "that", "this", "was", "were", "are", "has", "have", "had", "from", "its",
    "their", "his", "her", "but", "not", "will", "would", "said", "after", "about", "der", "die",
    "das", "und", "den", "mit", "von", "für", "ist", "los", "las", "del", "con", "por", "para",
    "una", "como", "ele", "bir", "ve", "için",
];

/// Content words, folded and cut to five letters: a crude stemmer that serves
/// French, English, Spanish and German alike.
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in text.split(|c: char| !c.is_alphanumeric()) {
        if w.chars().count() < 3 || w.chars().all(|c| c.is_numeric()) {
            continue;
        }
        let lower = w.to_lowercase();
        if STOP.contains(&lower.as_str()) {
            continue;
        }
        out.push(stem5(&lower));
    }
    out
}

/// The first five letters, after an Arabic article or conjunction
/// ("والحكومة" and "الحكومة" are one term).
fn stem5(word: &str) -> String {
    const CLITICS: [&str; 8] = ["وال", "بال", "كال", "فال", "لل", "ال", "و", "ب"];
    let bare = CLITICS
        .iter()
        .find_map(|c| word.strip_prefix(c).filter(|r| r.chars().count() >= 3))
        .unwrap_or(word);
    bare.chars().take(5).collect()
}

/// An article or a story as the clusterer compares them.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    pub actors: Sparse,
    pub terms: Sparse,
    pub events: FastSet<u64>,
    pub lang: String,
    /// The article's (or story's) vector from the built-in encoder; empty
    /// when steppe was built without one.
    pub meaning: Vec<f32>,
}

/// Document frequencies seen so far, for term weights.
#[derive(Debug, Default)]
pub struct Idf {
    df: FastMap<u64, u32>,
    docs: u32,
}

impl Idf {
    /// Counts one document, given its terms.
    pub fn observe(&mut self, terms: &[String]) {
        let set: FastSet<u64> = terms.iter().map(|t| hash(t)).collect();
        self.docs += 1;
        for t in set {
            *self.df.entry(t).or_default() += 1;
        }
    }

    fn weight(&self, t: u64) -> f32 {
        let df = self.df.get(&t).copied().unwrap_or(0) as f32;
        ((1.0 + self.docs as f32) / (1.0 + df)).ln() + 1.0
    }
}

/// The profile of one article.
pub fn profile(doc: &Doc, idf: &Idf) -> Profile {
    profile_with(doc, idf, &terms(&doc.text))
}

/// The profile of one article whose text terms are already known.
fn profile_with(doc: &Doc, idf: &Idf, text_terms: &[String]) -> Profile {
    let mut actors: FastMap<u64, f32> = FastMap::default();
    for a in &doc.actors {
        // New actors (N:) are weaker evidence than known ones.
        let w = if a.starts_with("N:") { 0.5 } else { 1.0 };
        *actors.entry(hash(a)).or_default() += w;
    }
    // Sublinear counts: one actor named twenty times does not drown the rest.
    for w in actors.values_mut() {
        *w = 1.0 + w.ln().max(0.0);
    }
    let mut tf: FastMap<u64, f32> = FastMap::default();
    // The title counts twice.
    let title = doc.title.as_deref().map(terms).unwrap_or_default();
    for t in title.iter().chain(&title).chain(text_terms) {
        *tf.entry(hash(t)).or_default() += 1.0;
    }
    let weighted: FastMap<u64, f32> = tf
        .into_iter()
        .map(|(k, c)| (k, (1.0 + c.ln()) * idf.weight(k)))
        .collect();
    Profile {
        actors: Sparse::from_counts(actors, 64),
        terms: Sparse::from_counts(weighted, 200),
        events: doc.events.iter().map(|e| hash(e)).collect(),
        lang: doc.lang.clone(),
        meaning: meaning(doc),
    }
}

/// The encoder's vector of the article's title and text (empty without an encoder).
pub fn meaning(doc: &Doc) -> Vec<f32> {
    let Some(enc) = crate::encoder::Encoder::builtin() else {
        return Vec::new();
    };
    match &doc.title {
        Some(t) if !t.is_empty() => enc.embed(&format!("{t}\n{}", doc.text)),
        _ => enc.embed(&doc.text),
    }
}

/// The parts of the similarity of two profiles, each in 0..=1.
#[derive(Debug, Clone, Copy, Default)]
pub struct Parts {
    pub actors: f64,
    pub terms: f64,
    pub events: f64,
    pub same_lang: bool,
    /// Both sides name known actors.
    pub both_actors: bool,
    /// Cosine of the encoder's vectors (`None` without an encoder).
    pub meaning: Option<f64>,
}

pub fn parts(a: &Profile, b: &Profile) -> Parts {
    let shared = if a.events.is_empty() || b.events.is_empty() {
        0
    } else {
        a.events.intersection(&b.events).count()
    };
    let fewer = a.events.len().min(b.events.len());
    Parts {
        actors: a.actors.cosine(&b.actors),
        terms: a.terms.cosine(&b.terms),
        events: if fewer == 0 {
            0.0
        } else {
            shared as f64 / fewer as f64
        },
        same_lang: a.lang == b.lang,
        both_actors: !a.actors.0.is_empty() && !b.actors.0.is_empty(),
        meaning: (!a.meaning.is_empty() && !b.meaning.is_empty())
            .then(|| crate::encoder::cosine(&a.meaning, &b.meaning)),
    }
}

/// The constants of [`combine`]: the only numbers fitted on the SemEval-2022
/// train pairs (`steppe eval similarity --fit` refits them, 5-fold
/// cross-validated).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// Term cosine at which two reports in one language count as one story.
    pub terms_same: f64,
    /// The same across languages.
    pub terms_cross: f64,
    /// Encoder cosine at or below which the meanings count as unrelated…
    pub meaning_low: f64,
    /// …and at or above which as one story.
    pub meaning_high: f64,
    /// Share of the meaning in the similarity of two articles in one
    /// language (the rest is words and actors)…
    pub meaning_same: f64,
    /// …and in two languages.
    pub meaning_cross: f64,
}

impl Default for Weights {
    fn default() -> Weights {
        WEIGHTS
    }
}

/// The fitted constants (`steppe eval similarity --fit` on the SemEval-2022
/// train pairs, with the built-in encoder): the meaning speaks only across
/// languages, where words are not shared; within one language the static
/// encoder added nothing the terms did not say.
pub const WEIGHTS: Weights = Weights {
    terms_same: 0.35,
    terms_cross: 0.2,
    meaning_low: 0.4,
    meaning_high: 0.5,
    meaning_same: 0.0,
    meaning_cross: 0.4,
};

/// One similarity from the parts, in [0, 1], with the fitted [`WEIGHTS`].
pub fn combine(p: Parts) -> f64 {
    combine_with(p, &WEIGHTS)
}

/// One similarity from the parts, in [0, 1]. Shared stemmed terms say most
/// of the lexical view: SemEval-2022 pairs that share actors are often
/// different stories, so the actor view speaks only across languages, where a
/// French and an English report of one event share names, not words. Term
/// cosine saturates: two reports of one story in one language rarely share
/// more than a third of their weighted terms, across languages a seventh.
/// The encoder's cosine, stretched between two fitted bounds, is mixed in
/// with a fitted share: it carries meaning across languages. The join threshold
/// (0.85) and the actor terms were set on the seeds, the demo and the
/// synthetic bench.
pub fn combine_with(p: Parts, w: &Weights) -> f64 {
    let scale = if p.same_lang {
        w.terms_same
    } else {
        w.terms_cross
    };
    let who = 0.8 * p.actors + 0.2 * p.events;
    // Sharing actors does not make one story, but naming none of the same
    // ones makes two: known actors on both sides temper the words.
    let gate = if p.both_actors {
        0.85 + 0.15 * who
    } else {
        1.0
    };
    let by_words = (p.terms / scale).min(1.0) * gate;
    let by_actors = if !p.same_lang && p.both_actors && p.actors >= 0.6 {
        0.8 * (who / 0.6).min(1.0) + 0.2 * by_words
    } else {
        0.0
    };
    let lexical = by_words.max(by_actors);
    match p.meaning {
        Some(m) => {
            let span = (w.meaning_high - w.meaning_low).max(1e-6);
            let by_meaning = ((m - w.meaning_low) / span).clamp(0.0, 1.0);
            let share = if p.same_lang {
                w.meaning_same
            } else {
                w.meaning_cross
            };
            // The meaning tempers the words and actors, never lifts them: a
            // bag of static piece vectors finds most news alike, so it may
            // say two articles differ but not that they are one story.
            lexical * (1.0 - share + share * by_meaning)
        }
        None => lexical,
    }
}

/// A story as it stands.
#[derive(Debug, Clone)]
pub struct Story {
    pub id: u64,
    pub articles: Vec<String>,
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    /// A date for the story when its articles give one (see [`Clusterer`]).
    pub estimated: Option<NaiveDate>,
    pub title: String,
    pub summary: String,
    /// Key actors, most named first.
    pub actors: Vec<String>,
    pub thread: u64,
    /// Articles that are not copies of another article of the story.
    pub independent: usize,
    pub sources: Vec<String>,
    profile: Profile,
    actor_counts: HashMap<String, f32>,
    term_acc: FastMap<u64, f32>,
    actor_acc: FastMap<u64, f32>,
    /// Sum of the members' encoder vectors.
    meaning_acc: Vec<f32>,
    /// Narrowed dates of dated members.
    member_dates: Vec<NaiveDate>,
}

/// A copy or a shared passage between two articles (character offsets).
#[derive(Debug, Clone, PartialEq)]
pub struct Duplicate {
    pub article: String,
    pub other: String,
    pub copy: bool,
    pub passages: Vec<passages::Passage>,
    pub similarity: f64,
}

struct Recent {
    id: String,
    text: String,
    date: Option<NaiveDate>,
}

/// Fingerprints shared by more articles than this are ignored for copies.
const MAX_POSTINGS: usize = 64;
/// At most this many open stories are scored for a dated article.
const MAX_CANDIDATES: usize = 64;
/// At most this many earlier articles are aligned with a new one.
const MAX_COMPARED: usize = 8;

/// Byte offset → character offset in `text`.
fn chars_of(text: &str) -> impl Fn(usize) -> usize + '_ {
    move |b| {
        text.get(..b.min(text.len()))
            .unwrap_or_default()
            .chars()
            .count()
    }
}

/// The features an article is indexed under: its actors and its ten
/// heaviest terms (tagged apart so the two never collide).
fn index_keys(p: &Profile) -> Vec<u64> {
    let mut terms: Vec<&(u64, f32)> = p.terms.0.iter().collect();
    terms.sort_by(|a, b| b.1.total_cmp(&a.1));
    p.actors
        .0
        .iter()
        .map(|(k, _)| k ^ 0xA5A5_A5A5_A5A5_A5A5)
        .chain(terms.iter().take(10).map(|(k, _)| *k))
        .collect()
}

/// (story, thread, first day as days from the common era, number of key actors).
type ThreadEntry = (u64, u64, Option<i32>, usize);

/// The online clusterer.
pub struct Clusterer {
    params: Params,
    idf: Idf,
    open: Vec<Story>,
    /// Story id → its index in `open`.
    open_index: FastMap<u64, usize>,
    /// Actor and key-term features → open stories that have them: the
    /// candidates a dated article is compared with.
    postings: FastMap<u64, Vec<u64>>,
    /// Key actor → (story, thread, first day, number of key actors) of the
    /// stories of the thread window.
    thread_index: FastMap<u64, Vec<ThreadEntry>>,
    /// Day of the last pruning of `thread_index`.
    pruned: Option<NaiveDate>,
    closed: VecDeque<Story>,
    /// Fingerprint → indexes into `recent` (offset by `dropped`).
    prints: FastMap<u64, Vec<usize>>,
    recent: VecDeque<Recent>,
    dropped: usize,
    next_id: u64,
    /// Latest date seen: the clock of the window.
    now: Option<NaiveDate>,
    threads: Vec<u64>,
    /// Stories that can no longer change, for the caller to take.
    done: Vec<Story>,
}

/// The date a coarse publication date most likely stands for: the end of its
/// month, or the day before the first later day the text mentions (an article
/// announcing "le 1er mars" was written before it).
pub fn narrow(doc: &Doc) -> Option<NaiveDate> {
    let d = doc.date?;
    if !doc.coarse_date {
        return Some(d);
    }
    let next_month = if d.month0() == 11 {
        NaiveDate::from_ymd_opt(d.year() + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(d.year(), d.month() + 1, 1)?
    };
    let end = next_month.pred_opt()?;
    let later = doc
        .mentioned_days
        .iter()
        .filter(|m| **m > end)
        .min()
        .and_then(|m| m.pred_opt());
    Some(later.map_or(end, |l| l.min(end)).max(d))
}

use chrono::Datelike;

impl Clusterer {
    pub fn new(params: Params) -> Clusterer {
        Clusterer {
            params,
            idf: Idf::default(),
            open: Vec::new(),
            open_index: FastMap::default(),
            postings: FastMap::default(),
            thread_index: FastMap::default(),
            pruned: None,
            closed: VecDeque::new(),
            prints: FastMap::default(),
            recent: VecDeque::new(),
            dropped: 0,
            next_id: 1,
            now: None,
            threads: Vec::new(),
            done: Vec::new(),
        }
    }

    fn thread_root(&mut self, mut s: u64) -> u64 {
        while self.threads[s as usize] != s {
            let up = self.threads[self.threads[s as usize] as usize];
            self.threads[s as usize] = up;
            s = up;
        }
        s
    }

    /// Closes stories the window has passed and forgets old articles.
    fn advance(&mut self, date: NaiveDate) {
        if self.now.is_some_and(|n| n >= date) {
            return;
        }
        self.now = Some(date);
        let horizon = date - chrono::Duration::days(self.params.window_days);
        let (keep, close): (Vec<Story>, Vec<Story>) = std::mem::take(&mut self.open)
            .into_iter()
            .partition(|s| s.last.is_none_or(|l| l >= horizon));
        // The thread index forgets stories older than the thread window, monthly.
        if self.pruned.is_none_or(|p| (date - p).num_days() >= 30) {
            self.pruned = Some(date);
            let oldest = date.num_days_from_ce() - self.params.thread_days as i32;
            self.thread_index.retain(|_, v| {
                v.retain(|e| e.2.is_none_or(|d| d >= oldest));
                !v.is_empty()
            });
        }
        self.open = keep;
        self.open_index = self
            .open
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id, i))
            .collect();
        if !close.is_empty() {
            let open = &self.open_index;
            self.postings.retain(|_, v| {
                v.retain(|id| open.contains_key(id));
                !v.is_empty()
            });
        }
        for s in close {
            self.closed.push_back(s);
        }
        while self.closed.len() > self.params.keep_closed {
            if let Some(s) = self.closed.pop_front() {
                self.done.push(s);
            }
        }
        // Articles leave the copy index once out of the window, but the last
        // `keep_recent` stay, so undated articles (which come last) still meet them.
        while self.recent.len() > self.params.keep_recent
            && self
                .recent
                .front()
                .is_some_and(|r| r.date.is_some_and(|d| d < horizon))
        {
            self.recent.pop_front();
            self.dropped += 1;
        }
        let dropped = self.dropped;
        self.prints.retain(|_, v| {
            v.retain(|i| *i >= dropped);
            !v.is_empty()
        });
    }

    /// Adds one article: its story id and the copies and passages it shares
    /// with the articles of the window.
    pub fn add(&mut self, doc: &Doc) -> (u64, Vec<Duplicate>) {
        if let Some(d) = doc.date {
            self.advance(d);
        }
        let text_terms = terms(&doc.text);
        self.idf.observe(&text_terms);
        let prof = profile_with(doc, &self.idf, &text_terms);
        let prints = passages::fingerprints(&doc.text);
        let duplicates = self.duplicates(doc, &prints);
        let narrowed = narrow(doc);
        // Candidates: open stories within the window of the article's date;
        // an undated article may also join a story already closed.
        let (window, span) = (self.params.window_days, self.params.max_span_days);
        let near = |s: &Story| match (narrowed, s.first, s.last) {
            (Some(d), Some(f), Some(l)) => {
                d >= f - chrono::Duration::days(window)
                    && d <= l + chrono::Duration::days(window)
                    && d <= f + chrono::Duration::days(span)
            }
            _ => true,
        };
        let copy_of: HashSet<&str> = duplicates
            .iter()
            .filter(|d| d.copy)
            .map(|d| d.other.as_str())
            .collect();
        let mut best: Option<(bool, usize, f64)> = None;
        // A dated article meets the open stories sharing an actor or a key term
        // with it; an undated one meets them all.
        let keys = index_keys(&prof);
        let candidates: Vec<usize> = if doc.date.is_some() {
            let mut hits: FastMap<usize, u32> = FastMap::default();
            for i in keys
                .iter()
                .filter_map(|k| self.postings.get(k))
                .flatten()
                .filter_map(|id| self.open_index.get(id).copied())
            {
                *hits.entry(i).or_default() += 1;
            }
            // The stories sharing most features; the rest cannot come close.
            let mut c: Vec<(usize, u32)> = hits.into_iter().collect();
            c.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            c.truncate(MAX_CANDIDATES);
            let mut c: Vec<usize> = c.into_iter().map(|(i, _)| i).collect();
            c.sort_unstable();
            c
        } else {
            (0..self.open.len()).collect()
        };
        let open = candidates.iter().map(|&i| (false, i, &self.open[i]));
        // An undated article may also join a story already closed.
        let closed = self
            .closed
            .iter()
            .enumerate()
            .filter(|_| doc.date.is_none())
            .map(|(i, s)| (true, i, s));
        {
            for (closed, i, s) in open.chain(closed) {
                if !near(s) {
                    continue;
                }
                let mut sim = combine(parts(&prof, &s.profile));
                // A copy of a member is in the story whatever the words.
                if !copy_of.is_empty() && s.articles.iter().any(|a| copy_of.contains(a.as_str())) {
                    sim = sim.max(1.0);
                }
                if best.is_none_or(|b| sim > b.2) {
                    best = Some((closed, i, sim));
                }
            }
        }
        let is_copy = !copy_of.is_empty();
        let story = match best.filter(|b| b.2 >= self.params.threshold) {
            Some((closed, i, _)) => {
                let s = if closed {
                    &mut self.closed[i]
                } else {
                    &mut self.open[i]
                };
                s.join(doc, &prof, narrowed, is_copy);
                let id = s.id;
                if !closed {
                    self.post(id, &keys);
                }
                id
            }
            None => {
                let id = self.next_id;
                self.next_id += 1;
                self.threads.push(0);
                if self.threads.len() <= id as usize {
                    self.threads.resize(id as usize + 1, 0);
                }
                self.threads[id as usize] = id;
                let mut s = Story::new(id, doc, prof, narrowed);
                s.thread = id;
                self.link_thread(&mut s);
                self.open_index.insert(id, self.open.len());
                self.open.push(s);
                self.post(id, &keys);
                id
            }
        };
        self.remember(doc, prints);
        (story, duplicates)
    }

    fn post(&mut self, story: u64, keys: &[u64]) {
        for k in keys {
            let v = self.postings.entry(*k).or_default();
            if v.last() != Some(&story) && !v.contains(&story) {
                v.push(story);
            }
        }
    }

    /// Threads: a new story joins the thread of an earlier one sharing most
    /// of its key actors within the thread window.
    fn link_thread(&mut self, s: &mut Story) {
        let key: Vec<u64> = s.actors.iter().take(4).map(|a| hash(a)).collect();
        let day = s.first.map(|d| d.num_days_from_ce());
        if key.len() >= 2 {
            let days = self.params.thread_days as i32;
            // Earlier stories sharing key actors, found through the index.
            let mut shared: FastMap<u64, (u64, usize, usize)> = FastMap::default();
            for k in &key {
                for &(story, thread, when, n) in self.thread_index.get(k).into_iter().flatten() {
                    let close = match (day, when) {
                        (Some(a), Some(b)) => (a - b).abs() <= days,
                        _ => true,
                    };
                    if close {
                        let e = shared.entry(story).or_insert((thread, n, 0));
                        e.2 += 1;
                    }
                }
            }
            let found = shared
                .iter()
                .filter(|(_, (_, n, c))| {
                    *c as f64 / key.len().min(*n).max(1) as f64 >= self.params.thread_overlap
                })
                .min_by_key(|(story, _)| **story)
                .map(|(_, (thread, _, _))| *thread);
            if let Some(t) = found {
                let root = self.thread_root(t);
                self.threads[s.id as usize] = root;
                s.thread = root;
            }
        }
        for k in key.iter().copied() {
            self.thread_index
                .entry(k)
                .or_default()
                .push((s.id, s.thread, day, key.len()));
        }
    }

    fn duplicates(&self, doc: &Doc, prints: &[u64]) -> Vec<Duplicate> {
        let mut hits: FastMap<usize, usize> = FastMap::default();
        for fp in prints {
            if let Some(v) = self.prints.get(fp) {
                // A fingerprint many articles share is a stock phrase, not a wire.
                if v.len() > MAX_POSTINGS {
                    continue;
                }
                for &i in v {
                    *hits.entry(i).or_default() += 1;
                }
            }
        }
        let mut out = Vec::new();
        let mut candidates: Vec<(usize, usize)> =
            hits.into_iter().filter(|(_, n)| *n >= 2).collect();
        // The articles sharing most first; a handful is enough to find the copies.
        candidates.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        candidates.truncate(MAX_COMPARED);
        for (i, _) in candidates {
            let Some(r) = self.recent.get(i - self.dropped) else {
                continue;
            };
            if r.id == doc.id {
                continue;
            }
            if let Some(o) = passages::compare(&doc.text, &r.text) {
                // Character offsets on both sides, so callers need neither text.
                let (mine, theirs) = (chars_of(&doc.text), chars_of(&r.text));
                let passages = o
                    .passages
                    .into_iter()
                    .map(|p| passages::Passage {
                        a: mine(p.a.start)..mine(p.a.end),
                        b: theirs(p.b.start)..theirs(p.b.end),
                        words: p.words,
                    })
                    .collect();
                out.push(Duplicate {
                    article: doc.id.clone(),
                    other: r.id.clone(),
                    copy: o.is_copy,
                    passages,
                    similarity: o.similarity,
                });
            }
        }
        out
    }

    fn remember(&mut self, doc: &Doc, prints: Vec<u64>) {
        let index = self.dropped + self.recent.len();
        for fp in prints {
            self.prints.entry(fp).or_default().push(index);
        }
        self.recent.push_back(Recent {
            id: doc.id.clone(),
            text: doc.text.clone(),
            date: doc.date,
        });
    }

    /// Stories that can no longer change.
    pub fn take_done(&mut self) -> Vec<Story> {
        let mut out = std::mem::take(&mut self.done);
        for s in &mut out {
            s.thread = self.thread_root(s.thread);
        }
        out
    }

    /// Every remaining story, with threads resolved.
    pub fn finish(mut self) -> Vec<Story> {
        let mut out = std::mem::take(&mut self.done);
        out.extend(self.closed.drain(..));
        out.append(&mut self.open);
        for s in &mut out {
            s.thread = self.thread_root(s.thread);
            s.finish();
        }
        out.sort_by_key(|s| s.id);
        out
    }

    /// Open and kept stories (for memory measurements).
    pub fn held(&self) -> usize {
        self.open.len() + self.closed.len()
    }
}

impl Story {
    fn new(id: u64, doc: &Doc, prof: Profile, narrowed: Option<NaiveDate>) -> Story {
        let mut s = Story {
            id,
            articles: Vec::new(),
            first: None,
            last: None,
            estimated: None,
            title: doc.title.clone().unwrap_or_default(),
            summary: String::new(),
            actors: Vec::new(),
            thread: id,
            independent: 0,
            sources: Vec::new(),
            profile: Profile {
                lang: prof.lang.clone(),
                ..Profile::default()
            },
            actor_counts: HashMap::new(),
            term_acc: FastMap::default(),
            actor_acc: FastMap::default(),
            meaning_acc: Vec::new(),
            member_dates: Vec::new(),
        };
        s.join(doc, &prof, narrowed, false);
        if s.title.is_empty() {
            s.title = first_sentence(&doc.text, 120);
        }
        s.summary = summary(&doc.text, 2);
        s
    }

    fn join(&mut self, doc: &Doc, prof: &Profile, narrowed: Option<NaiveDate>, is_copy: bool) {
        self.articles.push(doc.id.clone());
        if !is_copy {
            self.independent += 1;
        }
        if let Some(src) = &doc.source {
            if !self.sources.contains(src) {
                self.sources.push(src.clone());
            }
        }
        if let Some(d) = narrowed {
            self.first = Some(self.first.map_or(d, |f| f.min(d)));
            self.last = Some(self.last.map_or(d, |l| l.max(d)));
            self.member_dates.push(d);
        }
        for a in &doc.actors {
            if !a.starts_with("N:") {
                *self.actor_counts.entry(a.clone()).or_default() += 1.0;
            }
        }
        let mut ranked: Vec<(&String, &f32)> = self.actor_counts.iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(a.1).then(a.0.cmp(b.0)));
        self.actors = ranked.iter().take(8).map(|(a, _)| (*a).clone()).collect();
        prof.terms.add_into(&mut self.term_acc);
        prof.actors.add_into(&mut self.actor_acc);
        self.profile.terms = Sparse::from_counts(self.term_acc.clone(), 300);
        self.profile.actors = Sparse::from_counts(self.actor_acc.clone(), 64);
        // Keep the accumulators as small as the profiles.
        self.term_acc = self.profile.terms.0.iter().copied().collect();
        self.actor_acc = self.profile.actors.0.iter().copied().collect();
        self.profile.events.extend(prof.events.iter().copied());
        if !prof.meaning.is_empty() {
            if self.meaning_acc.len() != prof.meaning.len() {
                self.meaning_acc = vec![0.0; prof.meaning.len()];
            }
            for (a, x) in self.meaning_acc.iter_mut().zip(&prof.meaning) {
                *a += x;
            }
            // The story's vector is the direction of its members' sum.
            self.profile.meaning.clone_from(&self.meaning_acc);
        }
        if self.profile.lang != prof.lang {
            // A story in several languages compares by actors and events first.
            self.profile.lang = "*".into();
        }
    }

    fn finish(&mut self) {
        let mut d = self.member_dates.clone();
        d.sort();
        self.estimated = d.get(d.len() / 2).copied();
    }
}

fn first_sentence(text: &str, max: usize) -> String {
    let s = text.split(['.', '\n']).next().unwrap_or("").trim();
    s.chars().take(max).collect()
}

/// The first `n` sentences of the article that started the story.
fn summary(text: &str, n: usize) -> String {
    let mut out = String::new();
    for s in steppe_sentences(text).into_iter().take(n) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(s.trim());
    }
    out.chars().take(400).collect()
}

fn steppe_sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | '!' | '?' | '\n') {
            let s = text.get(start..i + c.len_utf8()).unwrap_or_default();
            if s.trim().chars().count() > 20 {
                out.push(s);
            }
            start = i + c.len_utf8();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_articles_and_conjunctions_do_not_split_a_term() {
        assert_eq!(terms("والحكومة"), terms("الحكومة"));
        assert_eq!(terms("الحكومة"), terms("حكومة"));
        assert_eq!(terms("negotiations"), ["negot"]);
    }

    #[test]
    fn similarity_saturates_and_actors_speak_across_languages_only() {
        let p = |terms, actors, same_lang, both_actors| Parts {
            actors,
            terms,
            events: 0.0,
            same_lang,
            both_actors,
            meaning: None,
        };
        // A third of the weighted terms shared in one language: as alike as reports get.
        assert!((combine(p(0.35, 0.0, true, false)) - 1.0).abs() < 1e-9);
        assert!(combine(p(0.1, 0.0, true, false)) < 0.3);
        // Same actors, few words, one language: not one story.
        assert!(combine(p(0.05, 1.0, true, true)) < 0.2);
        // Same actors, few words, two languages: the actor view carries it.
        assert!(combine(p(0.05, 1.0, false, true)) > 0.7);
        // Words shared but no actor in common: tempered.
        assert!(combine(p(0.35, 0.0, true, true)) < combine(p(0.35, 1.0, true, true)));
    }

    #[test]
    fn the_meaning_tempers_a_cross_language_similarity_and_never_lifts_it() {
        let p = |meaning| Parts {
            actors: 1.0,
            terms: 0.1,
            events: 0.0,
            same_lang: false,
            both_actors: true,
            meaning,
        };
        let lexical = combine(p(None));
        assert!(lexical > 0.85);
        // Far apart in meaning: no longer one story.
        assert!(combine(p(Some(0.1))) < 0.7 * lexical);
        // Close in meaning: the words and actors stand, no more.
        assert!((combine(p(Some(0.95))) - lexical).abs() < 1e-9);
        // Within one language the fitted share is nil.
        let same = Parts {
            same_lang: true,
            terms: 0.2,
            ..p(Some(0.1))
        };
        assert_eq!(
            combine(same),
            combine(Parts {
                meaning: None,
                ..same
            })
        );
    }

    fn doc(id: &str, lang: &str, date: Option<&str>, actors: &[&str], text: &str) -> Doc {
        Doc {
            id: id.into(),
            lang: lang.into(),
            title: None,
            text: text.into(),
            date: date.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            actors: actors.iter().map(|a| a.to_string()).collect(),
            ..Doc::default()
        }
    }

    #[test]
    fn one_event_in_two_languages_is_one_story_and_a_later_one_is_another() {
        let mut c = Clusterer::new(Params::default());
        let a = doc("a", "fr", Some("2023-02-28"), &["P-BLINKEN", "KAZ", "USA", "P-TOKAYEV"],
            "Le secrétaire d'État Antony Blinken est arrivé à Astana pour rencontrer le président Tokaïev.");
        let b = doc(
            "b",
            "en",
            Some("2023-03-01"),
            &["P-BLINKEN", "KAZ", "P-TOKAYEV", "USA"],
            "Secretary of State Antony Blinken met President Tokayev in Astana on Tuesday.",
        );
        let c1 = doc(
            "c",
            "fr",
            Some("2023-03-01"),
            &["FRA", "DEU", "N:salon agricole"],
            "Le salon de l'agriculture ouvre ses portes à Paris avec des exposants allemands.",
        );
        let d = doc(
            "d",
            "fr",
            Some("2023-09-20"),
            &["P-BIDEN", "KAZ", "USA", "UZB"],
            "Joe Biden a reçu à New York les dirigeants du Kazakhstan et de l'Ouzbékistan.",
        );
        let (sa, _) = c.add(&a);
        let (sb, _) = c.add(&b);
        let (sc, _) = c.add(&c1);
        let (sd, _) = c.add(&d);
        assert_eq!(sa, sb);
        assert_ne!(sa, sc);
        assert_ne!(sa, sd);
        let stories = c.finish();
        let t = |id: u64| stories.iter().find(|s| s.id == id).unwrap().thread;
        assert_eq!(t(sa), t(sd), "same actors months apart: one thread");
        assert_ne!(t(sa), t(sc));
    }

    #[test]
    fn coarse_dates_narrow_to_before_the_first_later_day_mentioned() {
        let mut d = doc("a", "fr", Some("2023-02-01"), &[], "");
        d.coarse_date = true;
        d.mentioned_days = vec![NaiveDate::from_ymd_opt(2023, 3, 1).unwrap()];
        assert_eq!(narrow(&d), NaiveDate::from_ymd_opt(2023, 2, 28));
        d.mentioned_days.clear();
        assert_eq!(narrow(&d), NaiveDate::from_ymd_opt(2023, 2, 28));
    }
}
