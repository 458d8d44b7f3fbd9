//! Named-entity recognition for names the knowledge base does not hold yet.
//!
//! A greedy left-to-right tagger over BIO tags (PER, LOC, ORG, MISC) with an
//! averaged perceptron: hashed features of the word, its shape, affixes, its
//! neighbours and the previous tag; for English also word clusters learnt
//! from unlabelled text ([`clusters`]) and the knowledge base's names. Small,
//! fast (hundreds of thousands of tokens a second on one core) and trained by
//! steppe itself ([`train`]); the weights are quantised to one byte each, kept
//! so in memory, and gzip-compressed.
//!
//! ```no_run
//! let model = steppe_ner::Model::builtin("fr").unwrap();
//! let tokens: Vec<&str> = "Antony Blinken est arrivé à Astana .".split(' ').collect();
//! let tags = model.tag(&tokens);
//! assert_eq!(tags[0], "B-PER");
//! ```
// Tests slice their own fixed strings; input paths use checked ranges.
#![cfg_attr(test, allow(clippy::string_slice))]

pub mod clusters;
pub mod conll;
pub mod eval;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/models.rs"));
}

use std::io::{Read, Write};

/// The tag set, in weight order.
pub const TAGS: [&str; 9] = [
    "O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC",
];

/// Hashed feature space: 2^18 buckets.
const BITS: u32 = 18;
/// Bits of a feature's hash; a model keeps its top [`FeatureSet::bits`].
const HASH_BITS: u32 = 24;
const MAGIC: &[u8; 8] = b"STPNER01";
/// Second feature set (see [`FeatureSet::General`]): weights, then the bit
/// tables of words seen lowercase and of gazetteer names, a flags byte and
/// the word-cluster table (see [`clusters`]). (`STPNER02` models, without
/// clusters and with other gazetteer keys, are no longer read.)
const MAGIC3: &[u8; 8] = b"STPNER03";
/// Bits of the lowercase-word table of [`FeatureSet::General`] models.
const LC_BITS: u32 = 17;

/// Which features a model reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum FeatureSet {
    /// The first feature set (word, shape, affixes, neighbours, previous tags).
    #[default]
    Basic,
    /// Basic plus word-identity-free features: short shapes and capitalisation
    /// of a five-word window, longer affixes, whether a capitalised word is
    /// common in lowercase in the training text, gazetteer matches, and the
    /// cluster paths of the word and its neighbours. Trained with dropout of the
    /// word-identity features, so that shape, class and context carry weight.
    General,
}

/// Bits of the gazetteer table of [`FeatureSet::General`] models.
const GAZ_BITS: u32 = 20;
/// Entity types of gazetteer names, as in [`TAGS`].
pub const GAZ_TYPES: [&str; 4] = ["PER", "LOC", "ORG", "MISC"];

/// Training options.
#[derive(Clone, Copy, Debug, Default)]
pub struct TrainOptions<'a> {
    pub features: FeatureSet,
    /// Probability of hiding the word-identity features of a token in training.
    pub dropout: f32,
    /// Names by type (index in [`GAZ_TYPES`]) whose tokens get a feature
    /// ([`FeatureSet::General`] only); the model keeps them as a bit table.
    pub gazetteer: Option<&'a [(usize, String)]>,
    /// Train on the tagger's own previous guesses instead of the gold tags.
    pub own_history: bool,
    /// Word clusters learnt from unlabelled text (normalised word, path;
    /// [`FeatureSet::General`] only); the model keeps them.
    pub clusters: Option<&'a [(String, clusters::WordClass)]>,
    /// Train on whole sentences decoded by Viterbi (structured perceptron)
    /// and tag with Viterbi ([`FeatureSet::General`] only).
    pub viterbi: bool,
    /// Training runs (different shuffles and dropout draws) whose weights
    /// are averaged; 0 counts as 1.
    pub runs: usize,
    /// Features of the tags given earlier in the same document to the same
    /// capitalised word ([`FeatureSet::General`], greedy tagging only).
    pub memory: bool,
    /// Features of the other occurrences of the same capitalised word in the
    /// document, before or after: their neighbours and whether one stands
    /// mid-sentence ([`FeatureSet::General`], greedy tagging only).
    pub context: bool,
    /// The document of each sentence (consecutive sentences with one id form
    /// a document): with [`TrainOptions::memory`], training goes through whole
    /// documents in order, in a shuffled order of documents.
    pub docs: Option<&'a [usize]>,
}

impl FeatureSet {
    /// Bits of the hashed feature space (buckets of weights).
    fn bits(self) -> u32 {
        match self {
            FeatureSet::Basic => BITS,
            FeatureSet::General => GENERAL_BITS,
        }
    }

    fn buckets(self) -> usize {
        1 << self.bits()
    }
}

/// Hashed feature space of [`FeatureSet::General`].
const GENERAL_BITS: u32 = 19;

/// A gazetteer table key: the hash of a token or name, salted by type (and
/// position), so that one hash of the text serves every type.
fn salted(base: usize, salt: usize) -> usize {
    let mut h = (base as u64) ^ ((salt as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    h ^= h >> 29;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 32;
    (h as usize) & ((1 << GAZ_BITS) - 1)
}

/// Key of a token of a name of type `ty` (first token or a later one).
fn gaz_key(ty: usize, first: bool, lower: &str) -> usize {
    salted(hash(51, lower), ty * 2 + usize::from(first))
}

/// Key of a whole name of type `ty`.
fn name_key(ty: usize, parts: &[&str]) -> usize {
    salted(hash_parts(52, parts), 8 + ty)
}

/// English names of the knowledge base (`data/kb/*.tsv`: countries, capitals,
/// cities, places, organisations, people and demonym adjectives) by type.
pub fn kb_gazetteer(dir: &std::path::Path) -> std::io::Result<Vec<(usize, String)>> {
    // (file, type, columns holding one name or |-separated names)
    let specs: [(&str, usize, &[usize]); 7] = [
        ("countries.tsv", 1, &[4, 9, 11]),
        ("countries.tsv", 3, &[10]),
        ("capitals.tsv", 1, &[2, 4]),
        ("cities.tsv", 1, &[4, 8]),
        ("places.tsv", 1, &[5, 7]),
        ("organisations.tsv", 2, &[3, 5]),
        ("people.tsv", 0, &[2, 3]),
    ];
    let mut out = Vec::new();
    for (file, ty, cols) in specs {
        let text = std::fs::read_to_string(dir.join(file))?;
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let fields: Vec<&str> = line.split('\t').collect();
            for &c in cols {
                for name in fields.get(c).unwrap_or(&"").split('|') {
                    let name = name.trim();
                    if !name.is_empty() {
                        out.push((ty, name.to_string()));
                    }
                }
            }
        }
    }
    Ok(out)
}

fn tag_index(tag: &str) -> usize {
    TAGS.iter().position(|t| *t == tag).unwrap_or(0)
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a steps over `bytes` from state `h`.
fn fnv(mut h: u64, bytes: impl IntoIterator<Item = u8>) -> u64 {
    for b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Murmur-style finaliser: FNV's high bits alone spread poorly.
fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h
}

/// FNV-1a over a feature's kind and its parts (joined by a separator byte):
/// stable, so saved weights stay valid, and free of allocation.
fn hash_parts(kind: u8, parts: &[&str]) -> usize {
    let mut h = fnv(FNV_OFFSET, [kind]);
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h = fnv(h, [0x1f]);
        }
        h = fnv(h, p.bytes());
    }
    (finish(h) >> (64 - HASH_BITS)) as usize
}

fn hash(kind: u8, s: &str) -> usize {
    hash_parts(kind, &[s])
}

fn shape(w: &str) -> String {
    let mut out = String::new();
    let mut last = ' ';
    for c in w.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if s != last || out.len() < 2 {
            out.push(s);
        }
        last = s;
        if out.len() > 6 {
            break;
        }
    }
    out
}

fn prefix(w: &str, n: usize) -> &str {
    // Most words are ASCII: bytes are characters, no need to count them.
    if w.is_ascii() {
        return w.get(..n.min(w.len())).unwrap_or_default();
    }
    let end = w.char_indices().nth(n).map_or(w.len(), |(i, _)| i);
    w.get(..end).unwrap_or_default()
}

fn suffix(w: &str, n: usize) -> &str {
    if w.is_ascii() {
        return w.get(w.len().saturating_sub(n)..).unwrap_or_default();
    }
    let count = w.chars().count();
    if count <= n {
        return w;
    }
    let start = w.char_indices().nth(count - n).map_or(0, |(i, _)| i);
    w.get(start..).unwrap_or_default()
}

/// Features of token `i` that do not depend on tags (computed once per sentence).
/// A coarse class of a word: `Xx` (capitalised), `X` (all capitals), `x`
/// (lowercase), `d` (digits), `m` (mixed letters and digits or case), `p` (other).
fn short_shape(w: &str) -> &'static str {
    let alpha = w.chars().any(char::is_alphabetic);
    let digit = w.chars().any(|c| c.is_ascii_digit());
    if !alpha {
        return if digit { "d" } else { "p" };
    }
    if digit {
        return "m";
    }
    let mut chars = w.chars().filter(|c| c.is_alphabetic());
    let first_up = chars.next().is_some_and(char::is_uppercase);
    let rest: Vec<bool> = chars.map(char::is_uppercase).collect();
    match (first_up, rest.iter().all(|u| *u), rest.iter().any(|u| *u)) {
        (true, true, _) => "X",
        (true, false, false) => "Xx",
        (false, _, false) => "x",
        _ => "m",
    }
}

/// What the tagger knows besides the weights: the feature set and, for
/// [`FeatureSet::General`], a bit table of words seen lowercase in training,
/// the gazetteer's bit table and the word clusters.
struct Ctx<'a> {
    features: FeatureSet,
    lc: &'a [u64],
    gaz: &'a [u64],
    /// Cluster entries by [`cluster_key`], as laid out by [`slot_table`].
    clusters: &'a [(u64, clusters::WordClass)],
}

/// Key of a word in a model's cluster table: a 64-bit hash of its
/// [`clusters::normalise`]d form, computed without building that string
/// (never 0, which marks an empty slot).
fn cluster_key(word: &str) -> u64 {
    let mut h = FNV_OFFSET;
    let mut buf = [0u8; 4];
    for c in word.chars().flat_map(char::to_lowercase) {
        let c = if c.is_ascii_digit() { '0' } else { c };
        h = fnv(h, c.encode_utf8(&mut buf).bytes());
    }
    finish(h).max(1)
}

/// An open-addressing table (linear probing, a power of two of slots, at
/// most half full) of cluster entries, for one or two probes per word.
fn slot_table(entries: &[(u64, clusters::WordClass)]) -> Vec<(u64, clusters::WordClass)> {
    if entries.is_empty() {
        return Vec::new();
    }
    let size = (entries.len() * 2).next_power_of_two();
    let mut slots = vec![(0u64, clusters::WordClass::NONE); size];
    for &(key, class) in entries {
        let mut k = key as usize & (size - 1);
        while slots[k].0 != 0 && slots[k].0 != key {
            k = (k + 1) & (size - 1);
        }
        slots[k] = (key, class);
    }
    slots
}

/// A feature of a kind and a number (a cluster prefix), hashed like
/// [`hash_parts`] without formatting the number.
fn hash_num(kind: u8, n: u32) -> usize {
    hash_num_with(kind, n, "")
}

/// [`hash_num`] with a string part too (a word's shape).
fn hash_num_with(kind: u8, n: u32, s: &str) -> usize {
    let h = fnv(
        fnv(FNV_OFFSET, [kind]),
        n.to_le_bytes().into_iter().chain(s.bytes()),
    );
    (finish(h) >> (64 - HASH_BITS)) as usize
}

impl Ctx<'_> {
    fn common_lowercase(&self, lower: &str) -> bool {
        if self.lc.is_empty() {
            return false;
        }
        let h = hash(50, lower) & ((1 << LC_BITS) - 1);
        self.lc[h / 64] & (1 << (h % 64)) != 0
    }

    fn gaz_bit(&self, key: usize) -> bool {
        self.gaz
            .get(key / 64)
            .is_some_and(|w| w & (1 << (key % 64)) != 0)
    }

    fn cluster(&self, word: &str) -> clusters::WordClass {
        if self.clusters.is_empty() {
            return clusters::WordClass::NONE;
        }
        let key = cluster_key(word);
        let mask = self.clusters.len() - 1;
        let mut k = key as usize & mask;
        loop {
            match self.clusters.get(k) {
                Some(&(found, class)) if found == key => return class,
                Some(&(found, _)) if found != 0 => k = (k + 1) & mask,
                _ => return clusters::WordClass::NONE,
            }
        }
    }
}

/// What the features of a sentence need, computed once per sentence.
struct Prep<'w> {
    words: &'w [&'w str],
    lower: Vec<String>,
    shapes: Vec<String>,
    short: Vec<&'static str>,
    paths: Vec<clusters::WordClass>,
    /// Whole gazetteer names covering each token: (type, token opens it).
    names: Vec<Vec<(usize, bool)>>,
}

/// Longest gazetteer name matched as a whole, in tokens.
const NAME_TOKENS: usize = 4;

impl<'w> Prep<'w> {
    fn new(words: &'w [&'w str], ctx: &Ctx) -> Prep<'w> {
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        let general = ctx.features == FeatureSet::General;
        let mut names = vec![Vec::new(); if general { words.len() } else { 0 }];
        if general && !ctx.gaz.is_empty() {
            let mut buf = [""; NAME_TOKENS];
            for start in 0..lower.len() {
                for end in start + 1..=(start + NAME_TOKENS).min(lower.len()) {
                    let span = lower.get(start..end).unwrap_or_default();
                    for (slot, w) in buf.iter_mut().zip(span) {
                        *slot = w.as_str();
                    }
                    let parts = buf.get(..span.len()).unwrap_or_default();
                    let base = hash_parts(52, parts);
                    for ty in 0..GAZ_TYPES.len() {
                        if ctx.gaz_bit(salted(base, 8 + ty)) {
                            for (k, cover) in names
                                .get_mut(start..end)
                                .unwrap_or_default()
                                .iter_mut()
                                .enumerate()
                            {
                                if !cover.contains(&(ty, k == 0)) {
                                    cover.push((ty, k == 0));
                                }
                            }
                        }
                    }
                }
            }
        }
        Prep {
            words,
            shapes: words.iter().map(|w| shape(w)).collect(),
            short: if general {
                words.iter().map(|w| short_shape(w)).collect()
            } else {
                Vec::new()
            },
            paths: if general {
                words.iter().map(|w| ctx.cluster(w)).collect()
            } else {
                Vec::new()
            },
            lower,
            names,
        }
    }
}

/// Cluster path prefixes the tagger reads (bits).
const PREFIXES: [u8; 4] = [4, 6, 10, clusters::MAX_DEPTH];

fn static_features(p: &Prep, i: usize, ctx: &Ctx, drop: bool, out: &mut Vec<usize>) {
    let w = p.words[i];
    let l = p.lower[i].as_str();
    let get = |j: isize| -> &str {
        if j < 0 {
            "<s>"
        } else {
            p.lower.get(j as usize).map_or("</s>", String::as_str)
        }
    };
    let shape_at = |j: isize| -> &str {
        if j < 0 {
            "<s>"
        } else {
            p.shapes.get(j as usize).map_or("</s>", String::as_str)
        }
    };
    let i = i as isize;
    out.push(hash(0, ""));
    if !drop {
        out.push(hash(1, l));
        out.push(hash(33, w));
        out.push(hash_parts(7, &[get(i - 1), l]));
        out.push(hash_parts(8, &[l, get(i + 1)]));
    }
    let own_shape = shape_at(i);
    out.push(hash(2, own_shape));
    for n in 1..=4 {
        out.push(hash(10 + n as u8, prefix(l, n)));
        out.push(hash(20 + n as u8, suffix(l, n)));
    }
    out.push(hash(3, get(i - 1)));
    out.push(hash(4, get(i + 1)));
    out.push(hash(5, get(i - 2)));
    out.push(hash(6, get(i + 1 + 1)));
    let (prev_shape, next_shape) = (shape_at(i - 1), shape_at(i + 1));
    out.push(hash_parts(9, &[prev_shape, own_shape, next_shape]));
    out.push(hash(34, prev_shape));
    out.push(hash(35, next_shape));
    out.push(hash(36, suffix(get(i - 1), 3)));
    out.push(hash(37, suffix(get(i + 1), 3)));
    let first = i == 0;
    let title = w.chars().next().is_some_and(char::is_uppercase);
    out.push(hash_parts(
        30,
        &[if first { "1" } else { "0" }, if title { "1" } else { "0" }],
    ));
    if w.chars().all(|c| c.is_uppercase() || !c.is_alphabetic())
        && w.chars().any(char::is_alphabetic)
    {
        out.push(hash(31, "allcaps"));
    }
    if w.contains('-') {
        out.push(hash(32, "hyphen"));
    }
    if ctx.features == FeatureSet::General {
        let ss = |j: isize| -> &str {
            if j < 0 {
                "<s>"
            } else {
                p.short.get(j as usize).copied().unwrap_or("</s>")
            }
        };
        let own = ss(i);
        out.push(hash_parts(60, &[ss(i - 2), ss(i - 1), own]));
        out.push(hash_parts(61, &[own, ss(i + 1), ss(i + 2)]));
        out.push(hash_parts(62, &[ss(i - 1), own, ss(i + 1)]));
        out.push(hash_parts(63, &[ss(i - 1), own]));
        out.push(hash_parts(64, &[own, ss(i + 1)]));
        for n in 5..=6 {
            out.push(hash(60 + n as u8, suffix(l, n)));
        }
        out.push(hash_parts(67, &[get(i - 1), own]));
        out.push(hash_parts(68, &[own, get(i + 1)]));
        for &(ty, opens) in p.names.get(i as usize).map_or(&[][..], Vec::as_slice) {
            let pos = if opens { "B" } else { "I" };
            out.push(hash_parts(77, &[GAZ_TYPES[ty], pos]));
            out.push(hash_parts(78, &[GAZ_TYPES[ty], pos, own]));
        }
        let base = if ctx.gaz.is_empty() { 0 } else { hash(51, l) };
        for (ty, name) in GAZ_TYPES.iter().enumerate() {
            for first in [true, false] {
                if !ctx.gaz.is_empty() && ctx.gaz_bit(salted(base, ty * 2 + usize::from(first))) {
                    let pos = if first { "B" } else { "I" };
                    out.push(hash_parts(70, &[name, pos]));
                    out.push(hash_parts(71, &[name, pos, own]));
                }
            }
        }
        if own != "x" {
            let common = ctx.common_lowercase(l);
            out.push(hash_parts(
                69,
                &[
                    own,
                    if first { "1" } else { "0" },
                    if common { "1" } else { "0" },
                ],
            ));
        }
        if !ctx.clusters.is_empty() {
            // Cluster paths generalise the word (kept under dropout: they
            // are what a hidden word falls back on) and its neighbours.
            let none = clusters::WordClass::NONE;
            let path = |j: isize| -> clusters::WordClass {
                if j < 0 {
                    none
                } else {
                    p.paths.get(j as usize).copied().unwrap_or(none)
                }
            };
            let own_class = path(i);
            let own_path = own_class.path;
            // Lowercase share in unlabelled text, for words not in lowercase.
            if own != "x" {
                out.push(hash_num_with(79, u32::from(own_class.lower), own));
            }
            for (k, n) in PREFIXES.iter().enumerate() {
                out.push(hash_num(80 + k as u8, own_path.prefix(*n)));
            }
            out.push(hash_num_with(84, own_path.prefix(10), own));
            for (k, j) in [i - 1, i + 1].into_iter().enumerate() {
                let q = path(j).path;
                out.push(hash_num(85 + 2 * k as u8, q.prefix(6)));
                out.push(hash_num(86 + 2 * k as u8, q.prefix(clusters::MAX_DEPTH)));
            }
            // Pairs of broad classes: this word's with each neighbour's.
            let own6 = own_path.prefix(6);
            out.push(hash_num(89, (path(i - 1).path.prefix(6) << 8) ^ own6));
            out.push(hash_num(91, (path(i + 1).path.prefix(6) << 8) ^ own6));
        }
    }
}

/// Entity type of a tag (0 for `O`, then PER, LOC, ORG, MISC), as kept in [`Memory`].
fn tag_type(t: usize) -> usize {
    t.div_ceil(2)
}

const MEMORY_TYPES: [&str; 5] = ["O", "PER", "LOC", "ORG", "MISC"];

/// Passes an already hashed key through (keys are [`cluster_key`]s).
#[derive(Default)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv(self.0, bytes.iter().copied());
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

/// Extended prediction history (Ratinov & Roth 2009): how often each
/// capitalised word has been tagged with each entity type so far in the
/// document. A name is usually typed right once in a story, in an easy
/// context ("President Kabila"); its later, harder mentions ("Kabila's")
/// read that.
#[derive(Default)]
struct Memory {
    seen: std::collections::HashMap<u64, [u16; 5], std::hash::BuildHasherDefault<KeyHasher>>,
    /// Occurrences of the document's capitalised words by [`Memory::key`],
    /// sorted by key, then in text order (one allocation per document).
    occurrences: Vec<(u64, Occurrence)>,
    /// Tokens of the document before the sentence being tagged.
    offset: u32,
}

#[derive(Clone, Copy)]
struct Occurrence {
    at: u32,
    left: u32,
    right: u32,
    mid: bool,
}

/// Other occurrences of a word read for its features, at most.
const OCCURRENCES_READ: usize = 8;

impl Memory {
    /// Notes where each capitalised word of a document's sentences stands.
    fn with_contexts<S: AsRef<str>>(sentences: &[&[S]]) -> Memory {
        let mut m = Memory::default();
        let mut at = 0u32;
        for words in sentences {
            for (i, w) in words.iter().enumerate() {
                if let Some(key) = Memory::key(w.as_ref()) {
                    let near = |j: Option<usize>, edge: u32| {
                        j.and_then(|j| words.get(j))
                            .map_or(edge, |n| cluster_key(n.as_ref()) as u32)
                    };
                    let mid = i
                        .checked_sub(1)
                        .and_then(|j| words.get(j))
                        .is_some_and(|p| {
                            let p = p.as_ref();
                            p == "," || p.chars().any(char::is_alphanumeric)
                        });
                    m.occurrences.push((
                        key,
                        Occurrence {
                            at: at + i as u32,
                            left: near(i.checked_sub(1), 1),
                            right: near(Some(i + 1), 2),
                            mid,
                        },
                    ));
                }
            }
            at += words.len() as u32;
        }
        // Stable: a word's occurrences stay in text order.
        m.occurrences.sort_by_key(|e| e.0);
        m
    }

    /// Features of the other occurrences of the word at token `i` of the
    /// current sentence.
    fn context_features(&self, key: Option<u64>, i: usize, own: &str, out: &mut Vec<usize>) {
        let Some(key) = key else {
            return;
        };
        let from = self.occurrences.partition_point(|e| e.0 < key);
        let occ = self
            .occurrences
            .get(from..)
            .unwrap_or_default()
            .iter()
            .take_while(|e| e.0 == key)
            .map(|e| e.1);
        let here = self.offset + i as u32;
        let mut mid = false;
        let mut any = false;
        for o in occ.filter(|o| o.at != here).take(OCCURRENCES_READ) {
            any = true;
            mid |= o.mid;
            out.push(hash_num(96, o.left));
            out.push(hash_num(97, o.right));
        }
        if any {
            out.push(hash_parts(98, &[own, if mid { "1" } else { "0" }]));
        }
    }

    /// Key of a word the memory keeps: one written with a capital letter.
    fn key(word: &str) -> Option<u64> {
        word.chars()
            .next()
            .is_some_and(char::is_uppercase)
            .then(|| cluster_key(word))
    }

    fn record(&mut self, key: Option<u64>, tag: usize) {
        if let Some(k) = key {
            let c = &mut self.seen.entry(k).or_default()[tag_type(tag)];
            *c = c.saturating_add(1);
        }
    }

    /// The word's most frequent earlier type (entity types win ties over
    /// `O`), and whether every earlier tag agreed.
    fn features(&self, key: Option<u64>, own: &str, first: bool, out: &mut Vec<usize>) {
        let Some(counts) = key.and_then(|k| self.seen.get(&k)) else {
            return;
        };
        let mut best = 0;
        for t in 1..5 {
            if counts[t] >= counts[best] && counts[t] > 0 {
                best = t;
            }
        }
        let total: u32 = counts.iter().map(|&c| u32::from(c)).sum();
        let all = u32::from(counts[best]) == total;
        let ty = MEMORY_TYPES[best];
        out.push(hash(92, ty));
        out.push(hash_parts(
            93,
            &[
                ty,
                own,
                if first { "1" } else { "0" },
                if all { "1" } else { "0" },
            ],
        ));
    }
}

/// Features that depend on the previous tags.
fn tag_features(prev: usize, prev2: usize, lower: &str, drop: bool, out: &mut Vec<usize>) {
    out.push(hash(40, TAGS[prev]));
    out.push(hash_parts(41, &[TAGS[prev2], TAGS[prev]]));
    if !drop {
        out.push(hash_parts(42, &[TAGS[prev], lower]));
    }
}

/// I-X only after B-X or I-X.
fn allowed(prev: usize, t: usize) -> bool {
    !TAGS[t].starts_with("I-")
        || (prev != 0
            && TAGS[prev].get(2..).unwrap_or_default() == TAGS[t].get(2..).unwrap_or_default())
}

/// Second-order Viterbi over BIO tags: the best sequence under local scores
/// `stat[i][t]` (tag-free features) plus the tag-history features, with an
/// `I-X` only after `B-X` or `I-X`. `hist(i, prev2, prev)` gives the scores of
/// the history features of token `i` for each tag.
fn viterbi(
    n: usize,
    stat: &[[f32; 9]],
    hist: impl Fn(usize, usize, usize) -> [f32; 9],
) -> Vec<usize> {
    // State (prev, cur) at token i; start as (O, O), as the greedy tagger.
    const NEG: f32 = f32::NEG_INFINITY;
    let mut best = vec![[NEG; 81]; n];
    let mut back = vec![[0u8; 81]; n];
    for i in 0..n {
        for p in 0..9 {
            for pp in 0..9 {
                let before = if i == 0 {
                    if p == 0 && pp == 0 {
                        0.0
                    } else {
                        NEG
                    }
                } else {
                    best[i - 1][pp * 9 + p]
                };
                if before == NEG {
                    continue;
                }
                let h = hist(i, pp, p);
                for t in 0..9 {
                    if !allowed(p, t) {
                        continue;
                    }
                    let v = before + stat[i][t] + h[t];
                    if v > best[i][p * 9 + t] {
                        best[i][p * 9 + t] = v;
                        back[i][p * 9 + t] = pp as u8;
                    }
                }
            }
        }
    }
    let mut out = vec![0usize; n];
    if n == 0 {
        return out;
    }
    let mut state = (0..81)
        .max_by(|&a, &b| best[n - 1][a].total_cmp(&best[n - 1][b]))
        .unwrap_or(0);
    for i in (0..n).rev() {
        out[i] = state % 9;
        let p = state / 9;
        let pp = usize::from(back[i][state]);
        state = pp * 9 + p;
    }
    out
}

/// Scores of each tag for a feature list: the sum of the features' rows.
fn row_sum(w: &[f32], shift: u32, feats: &[usize]) -> [f32; 9] {
    let mut s = [0f32; 9];
    for &f in feats {
        let f = f >> shift;
        if let Some(row) = w.get(f * 9..f * 9 + 9) {
            for (acc, v) in s.iter_mut().zip(row) {
                *acc += v;
            }
        }
    }
    s
}

/// Scores of the tag-history features: per previous tag (`prev`), per
/// previous pair (`pair`, index prev2 * 9 + prev), and per previous tag with
/// each token's word (`word`, unless the word is hidden).
struct History {
    prev: Vec<[f32; 9]>,
    pair: Vec<[f32; 9]>,
    word: Vec<[[f32; 9]; 9]>,
}

impl History {
    fn new(score: &dyn Fn(&[usize]) -> [f32; 9], lower: &[String], hidden: &[bool]) -> History {
        let prev = (0..9).map(|p| score(&[hash(40, TAGS[p])])).collect();
        let pair = (0..81)
            .map(|k| score(&[hash_parts(41, &[TAGS[k / 9], TAGS[k % 9]])]))
            .collect();
        let word = lower
            .iter()
            .zip(hidden)
            .map(|(l, &h)| {
                let mut rows = [[0f32; 9]; 9];
                if !h {
                    for (p, row) in rows.iter_mut().enumerate() {
                        *row = score(&[hash_parts(42, &[TAGS[p], l])]);
                    }
                }
                rows
            })
            .collect();
        History { prev, pair, word }
    }

    fn at(&self, i: usize, pp: usize, p: usize) -> [f32; 9] {
        let mut s = self.prev[p];
        for (acc, (a, b)) in s
            .iter_mut()
            .zip(self.pair[pp * 9 + p].iter().zip(&self.word[i][p]))
        {
            *acc += a + b;
        }
        s
    }
}

/// Weights by (bucket, tag): floats while training, one byte each (times a
/// scale) once saved and loaded, a quarter of the memory to read per token.
enum Weights {
    Float(Vec<f32>),
    Byte(Vec<i8>, f32),
}

/// A trained model: one weight per (bucket, tag).
pub struct Model {
    weights: Weights,
    features: FeatureSet,
    /// For [`FeatureSet::General`]: bit table (2^LC_BITS) of words seen
    /// lowercase at least [`LC_MIN`] times in training.
    lc: Vec<u64>,
    /// For [`FeatureSet::General`]: bit table (2^GAZ_BITS) of (type, first
    /// or later token, lowercased token) of gazetteer names.
    gaz: Vec<u64>,
    /// Word clusters: ([`cluster_key`], class), sorted by key.
    clusters: Vec<(u64, clusters::WordClass)>,
    /// The same in a [`slot_table`], for lookups.
    slots: Vec<(u64, clusters::WordClass)>,
    /// Tag whole sentences with Viterbi (the model was trained so).
    viterbi: bool,
    /// Reads the tags given earlier in the document ([`Memory`]).
    memory: bool,
    /// Reads the other occurrences of a word in the document.
    context: bool,
}

/// How often a word must be seen lowercase in training to count as common.
const LC_MIN: usize = 3;

impl Model {
    fn empty(features: FeatureSet) -> Model {
        Model {
            weights: Weights::Float(vec![0.0; features.buckets() * TAGS.len()]),
            features,
            lc: Vec::new(),
            gaz: Vec::new(),
            clusters: Vec::new(),
            slots: Vec::new(),
            viterbi: false,
            memory: false,
            context: false,
        }
    }

    fn ctx(&self) -> Ctx<'_> {
        Ctx {
            features: self.features,
            lc: &self.lc,
            gaz: &self.gaz,
            clusters: &self.slots,
        }
    }

    /// The feature set this model reads.
    pub fn features(&self) -> FeatureSet {
        self.features
    }

    /// How many words the model's cluster table holds.
    pub fn cluster_words(&self) -> usize {
        self.clusters.len()
    }

    fn scores(&self, feats: &[usize]) -> [f32; 9] {
        let shift = HASH_BITS - self.features.bits();
        match &self.weights {
            Weights::Float(w) => {
                let mut s = [0f32; 9];
                for &f in feats {
                    let f = f >> shift;
                    if let Some(row) = w.get(f * 9..f * 9 + 9) {
                        for (acc, v) in s.iter_mut().zip(row) {
                            *acc += v;
                        }
                    }
                }
                s
            }
            Weights::Byte(w, scale) => {
                // Fixed-size rows: the nine additions unroll, no bound checks.
                let mut s = [0i32; 9];
                for &f in feats {
                    let f = f >> shift;
                    if let Some(row) = w
                        .get(f * 9..f * 9 + 9)
                        .and_then(|r| <&[i8; 9]>::try_from(r).ok())
                    {
                        for (acc, v) in s.iter_mut().zip(row) {
                            *acc += i32::from(*v);
                        }
                    }
                }
                s.map(|v| v as f32 * scale)
            }
        }
    }

    /// BIO tags for a tokenised sentence. An `I-X` that cannot continue the
    /// previous tag is taken as `B-X`, so every span is well formed. The
    /// tokens may be a whole article: a model trained with
    /// [`TrainOptions::memory`] reads the tags it gave earlier in them.
    pub fn tag(&self, tokens: &[&str]) -> Vec<&'static str> {
        let mut memory = if self.context {
            Memory::with_contexts(&[tokens])
        } else {
            Memory::default()
        };
        self.tag_in(tokens, &mut memory)
    }

    /// [`Model::tag`] for the sentences of one document in order, the
    /// tags of each read by the later ones.
    pub fn tag_document(&self, sentences: &[Vec<&str>]) -> Vec<Vec<&'static str>> {
        let mut memory = if self.context {
            let refs: Vec<&[&str]> = sentences.iter().map(Vec::as_slice).collect();
            Memory::with_contexts(&refs)
        } else {
            Memory::default()
        };
        sentences
            .iter()
            .map(|s| {
                let tags = self.tag_in(s, &mut memory);
                memory.offset += s.len() as u32;
                tags
            })
            .collect()
    }

    fn tag_in(&self, tokens: &[&str], memory: &mut Memory) -> Vec<&'static str> {
        let ctx = self.ctx();
        let prep = Prep::new(tokens, &ctx);
        if self.viterbi {
            let mut feats = Vec::with_capacity(96);
            let stat: Vec<[f32; 9]> = (0..tokens.len())
                .map(|i| {
                    feats.clear();
                    static_features(&prep, i, &ctx, false, &mut feats);
                    self.scores(&feats)
                })
                .collect();
            let hidden = vec![false; tokens.len()];
            let hist = History::new(&|f| self.scores(f), &prep.lower, &hidden);
            return viterbi(tokens.len(), &stat, |i, pp, p| hist.at(i, pp, p))
                .into_iter()
                .map(|t| TAGS[t])
                .collect();
        }
        let mut out = Vec::with_capacity(tokens.len());
        let (mut prev, mut prev2) = (0usize, 0usize);
        let mut feats = Vec::with_capacity(96);
        for (i, token) in tokens.iter().enumerate() {
            feats.clear();
            static_features(&prep, i, &ctx, false, &mut feats);
            tag_features(prev, prev2, &prep.lower[i], false, &mut feats);
            let key = if self.memory || self.context {
                Memory::key(token)
            } else {
                None
            };
            if self.memory {
                memory.features(key, prep.short[i], i == 0, &mut feats);
            }
            if self.context {
                memory.context_features(key, i, prep.short[i], &mut feats);
            }
            let s = self.scores(&feats);
            let mut best = 0;
            for t in 1..9 {
                if allowed(prev, t) && s[t] > s[best] {
                    best = t;
                }
            }
            memory.record(key, best);
            out.push(TAGS[best]);
            prev2 = prev;
            prev = best;
        }
        out
    }

    /// Weights quantised to i8 with one scale, gzip-compressed.
    pub fn save(&self, w: &mut dyn Write) -> std::io::Result<()> {
        match &self.weights {
            Weights::Byte(q, scale) => self.write(w, q, *scale),
            Weights::Float(f) => {
                let max = f.iter().fold(0f32, |m, v| m.max(v.abs())).max(1e-9);
                let scale = max / 127.0;
                let q: Vec<i8> = f
                    .iter()
                    .map(|v| (v / scale).round().clamp(-127.0, 127.0) as i8)
                    .collect();
                self.write(w, &q, scale)
            }
        }
    }

    fn write(&self, w: &mut dyn Write, q: &[i8], scale: f32) -> std::io::Result<()> {
        let mut gz = flate2::write::GzEncoder::new(w, flate2::Compression::best());
        let third = self.features == FeatureSet::General;
        gz.write_all(if third { MAGIC3 } else { MAGIC })?;
        gz.write_all(&scale.to_le_bytes())?;
        let bytes: Vec<u8> = q.iter().map(|&v| v as u8).collect();
        gz.write_all(&bytes)?;
        if self.features == FeatureSet::General {
            for word in self.lc.iter().chain(&self.gaz) {
                gz.write_all(&word.to_le_bytes())?;
            }
            if third {
                // Flags: bit 0 Viterbi, bit 1 document memory, bit 2 contexts.
                gz.write_all(&[u8::from(self.viterbi)
                    | (u8::from(self.memory) << 1)
                    | (u8::from(self.context) << 2)])?;
                gz.write_all(&(self.clusters.len() as u32).to_le_bytes())?;
                for (key, path) in &self.clusters {
                    gz.write_all(&key.to_le_bytes())?;
                    gz.write_all(&path.path.bits.to_le_bytes())?;
                    gz.write_all(&[path.path.len, path.lower])?;
                }
            }
        }
        gz.finish()?;
        Ok(())
    }

    pub fn load(bytes: &[u8]) -> Result<Model, String> {
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut raw)
            .map_err(|e| format!("model: {e}"))?;
        let tables = (1usize << LC_BITS) / 8 + (1usize << GAZ_BITS) / 8;
        let general = 12 + (1 << GENERAL_BITS) * 9 + tables;
        let bad = || "model: not a steppe NER model of this version".to_string();
        let (features, with_clusters) = match raw.get(..8) {
            Some(m) if m == MAGIC && raw.len() == 12 + (1 << BITS) * 9 => {
                (FeatureSet::Basic, false)
            }
            Some(m) if m == MAGIC3 && raw.len() >= general + 5 => (FeatureSet::General, true),
            _ => return Err(bad()),
        };
        let scale = f32::from_le_bytes([raw[8], raw[9], raw[10], raw[11]]);
        let end = 12 + features.buckets() * 9;
        let weights = raw[12..end].iter().map(|&b| b as i8).collect();
        let table_end = if features == FeatureSet::General {
            end + tables
        } else {
            end
        };
        let mut lc: Vec<u64> = raw[end..table_end]
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect();
        let gaz = lc.split_off(lc.len().min((1 << LC_BITS) / 64));
        let mut clusters = Vec::new();
        let (mut viterbi, mut memory, mut context) = (false, false, false);
        if with_clusters {
            let rest = &raw[table_end..];
            viterbi = rest[0] & 1 == 1;
            memory = rest[0] & 2 == 2;
            context = rest[0] & 4 == 4;
            let n = u32::from_le_bytes([rest[1], rest[2], rest[3], rest[4]]) as usize;
            let entries = &rest[5..];
            if entries.len() != n * 12 {
                return Err(bad());
            }
            for c in entries.chunks_exact(12) {
                let key = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
                let bits = u16::from_le_bytes([c[8], c[9]]);
                let path = clusters::Path { bits, len: c[10] };
                clusters.push((key, clusters::WordClass { path, lower: c[11] }));
            }
        }
        Ok(Model {
            weights: Weights::Byte(weights, scale),
            features,
            lc,
            gaz,
            slots: slot_table(&clusters),
            clusters,
            viterbi,
            memory,
            context,
        })
    }

    /// The model shipped for a language, if any.
    pub fn builtin(lang: &str) -> Option<&'static Model> {
        use std::sync::OnceLock;
        static FR: OnceLock<Option<Model>> = OnceLock::new();
        static EN: OnceLock<Option<Model>> = OnceLock::new();
        let (cell, bytes): (&OnceLock<Option<Model>>, &[u8]) = match lang {
            "fr" => (&FR, embedded::NER_FR),
            "en" => (&EN, embedded::NER_EN),
            _ => return None,
        };
        cell.get_or_init(|| Model::load(bytes).ok()).as_ref()
    }
}

/// A tokenised, tagged sentence.
pub type Sentence = (Vec<String>, Vec<String>);

/// Trains an averaged perceptron for `epochs` passes over `sentences`, in an
/// order shuffled with a fixed seed (so training is reproducible).
pub fn train(sentences: &[Sentence], epochs: usize, progress: impl FnMut(usize, f64)) -> Model {
    train_with(sentences, epochs, TrainOptions::default(), progress)
}

/// [`train`] with a choice of feature set and word-identity dropout.
pub fn train_with(
    sentences: &[Sentence],
    epochs: usize,
    opts: TrainOptions,
    mut progress: impl FnMut(usize, f64),
) -> Model {
    let mut model = Model::empty(opts.features);
    if opts.features == FeatureSet::General {
        let mut counts: std::collections::HashMap<&str, usize> = Default::default();
        for (words, _) in sentences {
            for w in words {
                if w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_uppercase) {
                    *counts.entry(w.as_str()).or_default() += 1;
                }
            }
        }
        model.lc = vec![0u64; (1 << LC_BITS) / 64];
        for (w, n) in counts {
            if n >= LC_MIN {
                let h = hash(50, w) & ((1 << LC_BITS) - 1);
                model.lc[h / 64] |= 1 << (h % 64);
            }
        }
        model.gaz = vec![0u64; (1 << GAZ_BITS) / 64];
        for (ty, name) in opts.gazetteer.unwrap_or_default() {
            let lower = name.to_lowercase();
            let parts: Vec<&str> = lower.split_whitespace().collect();
            let h = name_key(*ty, &parts);
            model.gaz[h / 64] |= 1 << (h % 64);
            for (k, tok) in name.split_whitespace().enumerate() {
                let h = gaz_key(*ty, k == 0, &tok.to_lowercase());
                model.gaz[h / 64] |= 1 << (h % 64);
            }
        }
        let mut table: Vec<(u64, clusters::WordClass)> = opts
            .clusters
            .unwrap_or_default()
            .iter()
            .map(|(w, p)| (cluster_key(w), *p))
            .collect();
        table.sort_by_key(|e| e.0);
        table.dedup_by_key(|e| e.0);
        model.clusters = table;
    }
    let lc = std::mem::take(&mut model.lc);
    let gaz = std::mem::take(&mut model.gaz);
    let table = slot_table(&model.clusters);
    let ctx = Ctx {
        features: opts.features,
        lc: &lc,
        gaz: &gaz,
        clusters: &table,
    };
    // Several runs in different orders, averaged (parameter mixing): the
    // weights depend less on one shuffle, a cheap ensemble that costs
    // nothing at tagging time.
    let runs = opts.runs.max(1);
    let mut weights = vec![0f32; opts.features.buckets() * 9];
    for run in 0..runs {
        let w = perceptron(sentences, epochs, &opts, &ctx, run as u64, &mut progress);
        for (acc, v) in weights.iter_mut().zip(w) {
            *acc += v / runs as f32;
        }
    }
    model.weights = Weights::Float(weights);
    model.lc = lc;
    model.gaz = gaz;
    model.slots = table;
    model.viterbi = opts.viterbi && opts.features == FeatureSet::General;
    model.memory = opts.memory && !model.viterbi && opts.features == FeatureSet::General;
    model.context = opts.context && !model.viterbi && opts.features == FeatureSet::General;
    model
}

/// One averaged-perceptron run; `seed` 0 gives the first shuffle and dropout.
fn perceptron(
    sentences: &[Sentence],
    epochs: usize,
    opts: &TrainOptions,
    ctx: &Ctx,
    seed: u64,
    progress: &mut impl FnMut(usize, f64),
) -> Vec<f32> {
    let mut drop_rng: u64 = 0xD0_0D ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let threshold = (f64::from(opts.dropout.clamp(0.0, 1.0)) * u32::MAX as f64) as u64;
    // Averaging by the "lazy update" trick: totals plus last-update timestamps.
    let mut weights = vec![0f32; opts.features.buckets() * 9];
    let mut totals = vec![0f32; opts.features.buckets() * 9];
    let mut stamps = vec![0u32; opts.features.buckets() * 9];
    let shift = HASH_BITS - opts.features.bits();
    let mut step: u32 = 0;
    let general_greedy = !opts.viterbi && opts.features == FeatureSet::General;
    let memory_on = opts.memory && general_greedy;
    let context_on = opts.context && general_greedy;
    // Units shuffled: sentences, or with the document memory whole
    // documents (ranges of sentences) read in order.
    let units: Vec<std::ops::Range<usize>> = match opts.docs {
        Some(docs) if memory_on || context_on => {
            let mut out: Vec<std::ops::Range<usize>> = Vec::new();
            for i in 0..sentences.len() {
                match out.last_mut() {
                    Some(r) if docs.get(i) == docs.get(r.start) => r.end = i + 1,
                    _ => out.push(i..i + 1),
                }
            }
            out
        }
        _ => (0..sentences.len()).map(|i| i..i + 1).collect(),
    };
    let mut order: Vec<usize> = (0..units.len()).collect();
    let mut rng: u64 = 0x5EED ^ seed.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    let mut feats = Vec::with_capacity(96);
    for epoch in 0..epochs {
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        let mut correct = 0usize;
        let mut total = 0usize;
        let sentence_order = order.iter().flat_map(|&u| {
            let r = units[u].clone();
            let opens = r.start;
            r.map(move |si| (si, si == opens, u))
        });
        let mut memory = Memory::default();
        for (si, opens, unit) in sentence_order {
            if opens {
                memory = if context_on {
                    let refs: Vec<&[String]> = sentences
                        .get(units[unit].clone())
                        .unwrap_or_default()
                        .iter()
                        .map(|(w, _)| w.as_slice())
                        .collect();
                    Memory::with_contexts(&refs)
                } else {
                    Memory::default()
                };
            }
            if opts.viterbi {
                let (words, gold) = &sentences[si];
                let refs: Vec<&str> = words.iter().map(String::as_str).collect();
                let prep = Prep::new(&refs, ctx);
                let n = words.len();
                let mut hidden = vec![false; n];
                let mut statf: Vec<Vec<usize>> = Vec::with_capacity(n);
                for (i, h) in hidden.iter_mut().enumerate() {
                    *h = threshold > 0 && {
                        drop_rng ^= drop_rng << 13;
                        drop_rng ^= drop_rng >> 7;
                        drop_rng ^= drop_rng << 17;
                        (drop_rng >> 32) < threshold
                    };
                    let mut f = Vec::with_capacity(96);
                    static_features(&prep, i, ctx, *h, &mut f);
                    statf.push(f);
                }
                let pred = {
                    let score = |f: &[usize]| row_sum(&weights, shift, f);
                    let stat: Vec<[f32; 9]> = statf.iter().map(|f| score(f)).collect();
                    let hist = History::new(&score, &prep.lower, &hidden);
                    viterbi(n, &stat, |i, pp, p| hist.at(i, pp, p))
                };
                let truth: Vec<usize> = gold.iter().map(|g| tag_index(g)).collect();
                step += n as u32;
                total += n;
                correct += pred.iter().zip(&truth).filter(|(a, b)| a == b).count();
                if pred == truth {
                    continue;
                }
                let before = |seq: &[usize], i: usize| {
                    let at = |k: Option<usize>| k.and_then(|k| seq.get(k)).copied().unwrap_or(0);
                    (at(i.checked_sub(1)), at(i.checked_sub(2)))
                };
                for i in 0..n {
                    let (g1, g2) = before(&truth, i);
                    let (p1, p2) = before(&pred, i);
                    if truth[i] == pred[i] && (g1, g2) == (p1, p2) {
                        continue;
                    }
                    for (t, delta, (h1, h2)) in
                        [(truth[i], 1f32, (g1, g2)), (pred[i], -1f32, (p1, p2))]
                    {
                        feats.clear();
                        feats.extend_from_slice(&statf[i]);
                        tag_features(h1, h2, &prep.lower[i], hidden[i], &mut feats);
                        for &f in &feats {
                            let k = (f >> shift) * 9 + t;
                            totals[k] += (step - stamps[k]) as f32 * weights[k];
                            stamps[k] = step;
                            weights[k] += delta;
                        }
                    }
                }
                continue;
            }
            let (words, gold) = &sentences[si];
            let refs: Vec<&str> = words.iter().map(String::as_str).collect();
            let prep = Prep::new(&refs, ctx);
            let (mut prev, mut prev2) = (0usize, 0usize);
            for (i, gold_tag) in gold.iter().enumerate() {
                step += 1;
                feats.clear();
                let drop = threshold > 0 && {
                    drop_rng ^= drop_rng << 13;
                    drop_rng ^= drop_rng >> 7;
                    drop_rng ^= drop_rng << 17;
                    (drop_rng >> 32) < threshold
                };
                static_features(&prep, i, ctx, drop, &mut feats);
                tag_features(prev, prev2, &prep.lower[i], drop, &mut feats);
                let key = if memory_on || context_on {
                    Memory::key(&words[i])
                } else {
                    None
                };
                if memory_on {
                    memory.features(key, prep.short[i], i == 0, &mut feats);
                }
                if context_on {
                    memory.context_features(key, i, prep.short[i], &mut feats);
                }
                let mut s = [0f32; 9];
                for &f in &feats {
                    let f = f >> shift;
                    for (t, acc) in s.iter_mut().enumerate() {
                        *acc += weights[f * 9 + t];
                    }
                }
                let mut guess = 0;
                for t in 1..9 {
                    if s[t] > s[guess] {
                        guess = t;
                    }
                }
                let truth = tag_index(gold_tag);
                if guess != truth {
                    for &f in &feats {
                        for (t, delta) in [(truth, 1f32), (guess, -1f32)] {
                            let k = (f >> shift) * 9 + t;
                            totals[k] += (step - stamps[k]) as f32 * weights[k];
                            stamps[k] = step;
                            weights[k] += delta;
                        }
                    }
                } else {
                    correct += 1;
                }
                total += 1;
                memory.record(key, if opts.own_history { guess } else { truth });
                // Teacher forcing (the history is the gold tags), or for the
                // General set the tagger's own guesses, as at tagging time.
                prev2 = prev;
                prev = if opts.own_history { guess } else { truth };
            }
            memory.offset += words.len() as u32;
        }
        progress(epoch + 1, correct as f64 / total.max(1) as f64);
    }
    for k in 0..weights.len() {
        totals[k] += (step - stamps[k]) as f32 * weights[k];
        weights[k] = totals[k] / step.max(1) as f32;
    }
    weights
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(s: &str) -> Sentence {
        let mut words = Vec::new();
        let mut tags = Vec::new();
        for pair in s.split(' ') {
            let (w, t) = pair.split_once('/').unwrap();
            words.push(w.to_string());
            tags.push(t.to_string());
        }
        (words, tags)
    }

    #[test]
    fn learns_a_tiny_set_and_round_trips() {
        let data = vec![
            sent("Tokaïev/B-PER a/O reçu/O Blinken/B-PER à/O Astana/B-LOC ./O"),
            sent("Le/O ministre/O Mukhtar/B-PER Tileuberdi/I-PER est/O à/O Tachkent/B-LOC ./O"),
            sent("L'/O OTAN/B-ORG et/O l'/O ONU/B-ORG siègent/O à/O Bruxelles/B-LOC ./O"),
        ];
        let model = train(&data, 10, |_, _| {});
        let tokens: Vec<&str> = data[1].0.iter().map(String::as_str).collect();
        assert_eq!(
            model.tag(&tokens),
            data[1].1.iter().map(String::as_str).collect::<Vec<_>>()
        );
        let mut buf = Vec::new();
        model.save(&mut buf).unwrap();
        let back = Model::load(&buf).unwrap();
        assert_eq!(back.tag(&tokens), model.tag(&tokens));
        assert!(Model::load(b"garbage").is_err());
    }

    #[test]
    fn general_features_round_trip_with_a_gazetteer() {
        let data = vec![
            sent("Blinken/B-PER met/O Tokayev/B-PER in/O New/B-LOC York/I-LOC ./O"),
            sent("The/O minister/O Mukhtar/B-PER Tileuberdi/I-PER is/O in/O Tashkent/B-LOC ./O"),
            sent("NATO/B-ORG and/O the/O UN/B-ORG meet/O in/O Brussels/B-LOC ./O"),
        ];
        let gaz = vec![(1, "New York".to_string()), (2, "NATO".to_string())];
        let class = |path: &str, lower: u8| clusters::WordClass {
            path: clusters::Path::from_text(path).unwrap(),
            lower,
        };
        let table = vec![
            ("tashkent".to_string(), class("0110", 0)),
            ("brussels".to_string(), class("0111", 0)),
            ("met".to_string(), class("1", 10)),
        ];
        for viterbi in [false, true] {
            let opts = TrainOptions {
                features: FeatureSet::General,
                dropout: 0.2,
                gazetteer: Some(&gaz),
                own_history: true,
                clusters: Some(&table),
                viterbi,
                runs: 2,
                memory: !viterbi,
                context: !viterbi,
                docs: None,
            };
            let model = train_with(&data, 10, opts, |_, _| {});
            let tokens: Vec<&str> = data[0].0.iter().map(String::as_str).collect();
            let mut buf = Vec::new();
            model.save(&mut buf).unwrap();
            let back = Model::load(&buf).unwrap();
            assert_eq!(back.features(), FeatureSet::General);
            assert_eq!(back.cluster_words(), 3);
            assert_eq!(back.tag(&tokens), model.tag(&tokens));
            assert_eq!(model.tag(&["NATO", "met", "."])[0], "B-ORG");
            // Lookups fold case and digits as the table was built.
            let ctx = back.ctx();
            assert_eq!(ctx.cluster("TASHKENT"), table[0].1);
            assert_eq!(ctx.cluster("Astana"), clusters::WordClass::NONE);
            // A truncated table is refused, not misread.
            let mut raw = Vec::new();
            flate2::read::GzDecoder::new(&buf[..])
                .read_to_end(&mut raw)
                .unwrap();
            raw.pop();
            let mut cut = Vec::new();
            let mut gz = flate2::write::GzEncoder::new(&mut cut, flate2::Compression::fast());
            gz.write_all(&raw).unwrap();
            gz.finish().unwrap();
            assert!(Model::load(&cut).is_err());
        }
    }

    #[test]
    fn a_name_unseen_in_training_is_typed_by_its_cluster() {
        // Places and people in the very same contexts: only the clusters
        // (learnt elsewhere) tell Quito from Brown, neither seen in training.
        let mut data = Vec::new();
        for (name, ty) in [
            ("Paris", "LOC"),
            ("Oslo", "LOC"),
            ("Lima", "LOC"),
            ("Smith", "PER"),
            ("Jones", "PER"),
            ("Wilson", "PER"),
        ] {
            data.push(sent(&format!("Then/O {name}/B-{ty} arrived/O ./O")));
            data.push(sent(&format!("{name}/B-{ty} arrived/O late/O ./O")));
        }
        let class = |path: &str| clusters::WordClass {
            path: clusters::Path::from_text(path).unwrap(),
            lower: 0,
        };
        let table: Vec<(String, clusters::WordClass)> = ["paris", "oslo", "lima", "quito"]
            .iter()
            .map(|w| (w.to_string(), class("0101")))
            .chain(
                ["smith", "jones", "wilson", "brown"]
                    .iter()
                    .map(|w| (w.to_string(), class("1010"))),
            )
            .collect();
        let opts = TrainOptions {
            features: FeatureSet::General,
            dropout: 0.5,
            own_history: true,
            clusters: Some(&table),
            ..TrainOptions::default()
        };
        let model = train_with(&data, 10, opts, |_, _| {});
        assert_eq!(model.tag(&["Then", "Quito", "arrived", "."])[1], "B-LOC");
        assert_eq!(model.tag(&["Then", "Brown", "arrived", "."])[1], "B-PER");
    }

    #[test]
    fn the_document_memory_types_a_later_ambiguous_mention() {
        // "Then X left ." is the same for a person and a place: only an
        // earlier mention in the document, in a telling context, decides.
        let mut data = Vec::new();
        let mut docs = Vec::new();
        for (d, (name, ty)) in [
            ("Smith", "PER"),
            ("Jones", "PER"),
            ("Wilson", "PER"),
            ("Paris", "LOC"),
            ("Oslo", "LOC"),
            ("Lima", "LOC"),
        ]
        .into_iter()
        .enumerate()
        {
            data.push(sent(&if ty == "PER" {
                format!("President/O {name}/B-PER spoke/O ./O")
            } else {
                format!("In/O {name}/B-LOC it/O rained/O ./O")
            }));
            data.push(sent(&format!("Then/O {name}/B-{ty} left/O ./O")));
            docs.extend([d, d]);
        }
        let opts = |memory| TrainOptions {
            features: FeatureSet::General,
            own_history: true,
            memory,
            context: false,
            docs: Some(&docs),
            ..TrainOptions::default()
        };
        let person = [
            vec!["President", "Zorb", "spoke", "."],
            vec!["Then", "Zorb", "left", "."],
        ];
        let place = [
            vec!["In", "Quar", "it", "rained", "."],
            vec!["Then", "Quar", "left", "."],
        ];
        let model = train_with(&data, 10, opts(true), |_, _| {});
        let mut buf = Vec::new();
        model.save(&mut buf).unwrap();
        let model = Model::load(&buf).unwrap();
        assert_eq!(model.tag_document(&person)[1][1], "B-PER");
        assert_eq!(model.tag_document(&place)[1][1], "B-LOC");
        // Without it the two later mentions look alike.
        let plain = train_with(&data, 10, opts(false), |_, _| {});
        assert_eq!(
            plain.tag_document(&person)[1][1],
            plain.tag_document(&place)[1][1]
        );
    }

    #[test]
    fn short_shapes() {
        assert_eq!(short_shape("Astana"), "Xx");
        assert_eq!(short_shape("NATO"), "X");
        assert_eq!(short_shape("said"), "x");
        assert_eq!(short_shape("1996"), "d");
        assert_eq!(short_shape("McCain"), "m");
        assert_eq!(short_shape(","), "p");
    }

    #[test]
    fn shapes_and_affixes() {
        assert_eq!(shape("Astana"), "Xx");
        assert_eq!(shape("C5+1"), "Xd+d");
        assert_eq!(prefix("Pékin", 2), "Pé");
        assert_eq!(suffix("Pékin", 3), "kin");
    }
}
