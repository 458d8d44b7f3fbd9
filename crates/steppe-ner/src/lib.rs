//! Named-entity recognition for names the knowledge base does not hold yet.
//!
//! A greedy left-to-right tagger over BIO tags (PER, LOC, ORG, MISC) with an
//! averaged perceptron: hashed features of the word, its shape, affixes, its
//! neighbours and the previous tag. Small, fast (hundreds of thousands of
//! tokens a second on one core) and trained by steppe itself ([`train`]); the
//! weights are quantised to one byte each and gzip-compressed.
//!
//! ```no_run
//! let model = steppe_ner::Model::builtin("fr").unwrap();
//! let tokens: Vec<&str> = "Antony Blinken est arrivé à Astana .".split(' ').collect();
//! let tags = model.tag(&tokens);
//! assert_eq!(tags[0], "B-PER");
//! ```
// Tests slice their own fixed strings; input paths use checked ranges.
#![cfg_attr(test, allow(clippy::string_slice))]

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
/// Second feature set: adds generalising features and a table of words seen
/// lowercase in training (see [`FeatureSet::General`]).
const MAGIC2: &[u8; 8] = b"STPNER02";
/// Bits of the lowercase-word table of [`FeatureSet::General`] models.
const LC_BITS: u32 = 17;

/// Which features a model reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum FeatureSet {
    /// The first feature set (word, shape, affixes, neighbours, previous tags).
    #[default]
    Basic,
    /// Basic plus word-identity-free features: short shapes and capitalisation
    /// of a five-word window, longer affixes, and whether a capitalised word is
    /// common in lowercase in the training text. Trained with dropout of the
    /// word-identity features, so that shape and context carry weight.
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
const GENERAL_BITS: u32 = 20;

fn gaz_key(ty: usize, first: bool, lower: &str) -> usize {
    hash_parts(51, &[GAZ_TYPES[ty], if first { "B" } else { "I" }, lower]) & ((1 << GAZ_BITS) - 1)
}

fn name_key(ty: usize, parts: &[&str]) -> usize {
    hash_parts(52 + ty as u8, parts) & ((1 << GAZ_BITS) - 1)
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

/// FNV-1a over a feature's kind and its parts (joined by a separator byte):
/// stable, so saved weights stay valid, and free of allocation.
fn hash_parts(kind: u8, parts: &[&str]) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ u64::from(kind);
    h = h.wrapping_mul(0x0100_0000_01b3);
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        for b in p.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    // Murmur-style finaliser: FNV's high bits alone spread poorly.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    (h >> (64 - HASH_BITS)) as usize
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
    let end = w.char_indices().nth(n).map_or(w.len(), |(i, _)| i);
    w.get(..end).unwrap_or_default()
}

fn suffix(w: &str, n: usize) -> &str {
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
/// [`FeatureSet::General`], a bit table of words seen lowercase in training.
struct Ctx<'a> {
    features: FeatureSet,
    lc: &'a [u64],
    gaz: &'a [u64],
}

impl Ctx<'_> {
    fn common_lowercase(&self, lower: &str) -> bool {
        if self.lc.is_empty() {
            return false;
        }
        let h = hash(50, lower) & ((1 << LC_BITS) - 1);
        self.lc[h / 64] & (1 << (h % 64)) != 0
    }

    fn has_name(&self, ty: usize, parts: &[&str]) -> bool {
        if self.gaz.is_empty() {
            return false;
        }
        let h = name_key(ty, parts);
        self.gaz[h / 64] & (1 << (h % 64)) != 0
    }

    fn in_gazetteer(&self, ty: usize, first: bool, lower: &str) -> bool {
        if self.gaz.is_empty() {
            return false;
        }
        let h = gaz_key(ty, first, lower);
        self.gaz[h / 64] & (1 << (h % 64)) != 0
    }
}

fn static_features(
    words: &[String],
    lower: &[String],
    i: usize,
    ctx: &Ctx,
    drop: bool,
    out: &mut Vec<usize>,
) {
    let w = &words[i];
    let l = &lower[i];
    let get = |j: isize| -> &str {
        if j < 0 {
            "<s>"
        } else {
            lower.get(j as usize).map_or("</s>", String::as_str)
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
    out.push(hash(2, &shape(w)));
    for n in 1..=4 {
        out.push(hash(10 + n as u8, prefix(l, n)));
        out.push(hash(20 + n as u8, suffix(l, n)));
    }
    out.push(hash(3, get(i - 1)));
    out.push(hash(4, get(i + 1)));
    out.push(hash(5, get(i - 2)));
    out.push(hash(6, get(i + 1 + 1)));
    let prev_shape = if i > 0 {
        shape(&words[(i - 1) as usize])
    } else {
        "<s>".into()
    };
    let next_shape = words
        .get((i + 1) as usize)
        .map_or("</s>".into(), |n| shape(n));
    let own_shape = shape(w);
    out.push(hash_parts(9, &[&prev_shape, &own_shape, &next_shape]));
    out.push(hash(34, &prev_shape));
    out.push(hash(35, &next_shape));
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
                words.get(j as usize).map_or("</s>", |w| short_shape(w))
            }
        };
        let own = short_shape(w);
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
        // Whole names of up to four tokens that cover this one.
        for start in i.saturating_sub(3).max(0)..=i {
            for end in i + 1..=(start + 4).min(lower.len() as isize) {
                let span = lower.get(start as usize..end as usize).unwrap_or_default();
                let mut buf = [""; 4];
                for (slot, w) in buf.iter_mut().zip(span) {
                    *slot = w.as_str();
                }
                let parts = buf.get(..span.len()).unwrap_or_default();
                for (ty, name) in GAZ_TYPES.iter().enumerate() {
                    if ctx.has_name(ty, parts) {
                        let pos = if start == i { "B" } else { "I" };
                        out.push(hash_parts(77, &[name, pos]));
                        out.push(hash_parts(78, &[name, pos, own]));
                    }
                }
            }
        }
        for (ty, name) in GAZ_TYPES.iter().enumerate() {
            for first in [true, false] {
                if ctx.in_gazetteer(ty, first, l) {
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
    }
}

/// Features that depend on the previous tags.
fn tag_features(
    prev: usize,
    prev2: usize,
    word: (&str, &str),
    ctx: &Ctx,
    drop: bool,
    out: &mut Vec<usize>,
) {
    let (_, lower) = word;
    let _ = ctx;
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

/// A trained model: one weight per (bucket, tag).
pub struct Model {
    weights: Vec<f32>,
    features: FeatureSet,
    /// For [`FeatureSet::General`]: bit table (2^LC_BITS) of words seen
    /// lowercase at least [`LC_MIN`] times in training.
    lc: Vec<u64>,
    /// For [`FeatureSet::General`]: bit table (2^GAZ_BITS) of (type, first
    /// or later token, lowercased token) of gazetteer names.
    gaz: Vec<u64>,
}

/// How often a word must be seen lowercase in training to count as common.
const LC_MIN: usize = 3;

impl Model {
    fn empty(features: FeatureSet) -> Model {
        Model {
            weights: vec![0.0; features.buckets() * TAGS.len()],
            features,
            lc: Vec::new(),
            gaz: Vec::new(),
        }
    }

    fn ctx(&self) -> Ctx<'_> {
        Ctx {
            features: self.features,
            lc: &self.lc,
            gaz: &self.gaz,
        }
    }

    /// The feature set this model reads.
    pub fn features(&self) -> FeatureSet {
        self.features
    }

    fn scores(&self, feats: &[usize]) -> [f32; 9] {
        let mut s = [0f32; 9];
        for &f in feats {
            let f = f >> (HASH_BITS - self.features.bits());
            let row = &self.weights[f * 9..f * 9 + 9];
            for t in 0..9 {
                s[t] += row[t];
            }
        }
        s
    }

    /// BIO tags for a tokenised sentence. An `I-X` that cannot continue the
    /// previous tag is taken as `B-X`, so every span is well formed.
    pub fn tag(&self, tokens: &[&str]) -> Vec<&'static str> {
        let words: Vec<String> = tokens.iter().map(|t| t.to_string()).collect();
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        let mut out = Vec::with_capacity(tokens.len());
        let (mut prev, mut prev2) = (0usize, 0usize);
        let mut feats = Vec::with_capacity(64);
        let ctx = self.ctx();
        for i in 0..words.len() {
            feats.clear();
            static_features(&words, &lower, i, &ctx, false, &mut feats);
            tag_features(prev, prev2, (&words[i], &lower[i]), &ctx, false, &mut feats);
            let s = self.scores(&feats);
            let mut best = 0;
            for t in 1..9 {
                if allowed(prev, t) && s[t] > s[best] {
                    best = t;
                }
            }
            out.push(TAGS[best]);
            prev2 = prev;
            prev = best;
        }
        out
    }

    /// Weights quantised to i8 with one scale, gzip-compressed.
    pub fn save(&self, w: &mut dyn Write) -> std::io::Result<()> {
        let max = self
            .weights
            .iter()
            .fold(0f32, |m, v| m.max(v.abs()))
            .max(1e-9);
        let scale = max / 127.0;
        let mut gz = flate2::write::GzEncoder::new(w, flate2::Compression::best());
        gz.write_all(match self.features {
            FeatureSet::Basic => MAGIC,
            FeatureSet::General => MAGIC2,
        })?;
        gz.write_all(&scale.to_le_bytes())?;
        let q: Vec<u8> = self
            .weights
            .iter()
            .map(|v| ((v / scale).round().clamp(-127.0, 127.0) as i8) as u8)
            .collect();
        gz.write_all(&q)?;
        if self.features == FeatureSet::General {
            for word in self.lc.iter().chain(&self.gaz) {
                gz.write_all(&word.to_le_bytes())?;
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
        let lc_bytes = (1usize << LC_BITS) / 8 + (1usize << GAZ_BITS) / 8;
        let features = match raw.get(..8) {
            Some(m) if m == MAGIC && raw.len() == 12 + (1 << BITS) * 9 => FeatureSet::Basic,
            Some(m) if m == MAGIC2 && raw.len() == 12 + (1 << GENERAL_BITS) * 9 + lc_bytes => {
                FeatureSet::General
            }
            _ => return Err("model: not a steppe NER model of this version".into()),
        };
        let scale = f32::from_le_bytes([raw[8], raw[9], raw[10], raw[11]]);
        let end = 12 + features.buckets() * 9;
        let weights = raw[12..end]
            .iter()
            .map(|&b| f32::from(b as i8) * scale)
            .collect();
        let mut lc: Vec<u64> = raw[end..]
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect();
        let gaz = lc.split_off(lc.len().min((1 << LC_BITS) / 64));
        Ok(Model {
            weights,
            features,
            lc,
            gaz,
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
    }
    if opts.features == FeatureSet::General {
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
    }
    let lc = model.lc.clone();
    let gaz = model.gaz.clone();
    let ctx = Ctx {
        features: opts.features,
        lc: &lc,
        gaz: &gaz,
    };
    let mut drop_rng: u64 = 0xD0_0D;
    let threshold = (f64::from(opts.dropout.clamp(0.0, 1.0)) * u32::MAX as f64) as u64;
    // Averaging by the "lazy update" trick: totals plus last-update timestamps.
    let mut totals = vec![0f32; opts.features.buckets() * 9];
    let mut stamps = vec![0u32; opts.features.buckets() * 9];
    let shift = HASH_BITS - opts.features.bits();
    let mut step: u32 = 0;
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    let mut rng: u64 = 0x5EED;
    let mut feats = Vec::with_capacity(64);
    for epoch in 0..epochs {
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        let mut correct = 0usize;
        let mut total = 0usize;
        for &si in &order {
            let (words, gold) = &sentences[si];
            let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
            let (mut prev, mut prev2) = (0usize, 0usize);
            for i in 0..words.len() {
                step += 1;
                feats.clear();
                let drop = threshold > 0 && {
                    drop_rng ^= drop_rng << 13;
                    drop_rng ^= drop_rng >> 7;
                    drop_rng ^= drop_rng << 17;
                    (drop_rng >> 32) < threshold
                };
                static_features(words, &lower, i, &ctx, drop, &mut feats);
                tag_features(prev, prev2, (&words[i], &lower[i]), &ctx, drop, &mut feats);
                let s = model.scores(&feats);
                let mut guess = 0;
                for t in 1..9 {
                    if s[t] > s[guess] {
                        guess = t;
                    }
                }
                let truth = tag_index(&gold[i]);
                if guess != truth {
                    for &f in &feats {
                        for (t, delta) in [(truth, 1f32), (guess, -1f32)] {
                            let k = (f >> shift) * 9 + t;
                            totals[k] += (step - stamps[k]) as f32 * model.weights[k];
                            stamps[k] = step;
                            model.weights[k] += delta;
                        }
                    }
                } else {
                    correct += 1;
                }
                total += 1;
                // Teacher forcing (the history is the gold tags), or for the
                // General set the tagger's own guesses, as at tagging time.
                prev2 = prev;
                prev = if opts.own_history { guess } else { truth };
            }
        }
        progress(epoch + 1, correct as f64 / total.max(1) as f64);
    }
    for k in 0..model.weights.len() {
        totals[k] += (step - stamps[k]) as f32 * model.weights[k];
        model.weights[k] = totals[k] / step.max(1) as f32;
    }
    model
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
        let opts = TrainOptions {
            features: FeatureSet::General,
            dropout: 0.2,
            gazetteer: Some(&gaz),
            own_history: true,
        };
        let model = train_with(&data, 10, opts, |_, _| {});
        let tokens: Vec<&str> = data[0].0.iter().map(String::as_str).collect();
        let mut buf = Vec::new();
        model.save(&mut buf).unwrap();
        let back = Model::load(&buf).unwrap();
        assert_eq!(back.features(), FeatureSet::General);
        assert_eq!(back.tag(&tokens), model.tag(&tokens));
        assert_eq!(model.tag(&["NATO", "met", "."])[0], "B-ORG");
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
