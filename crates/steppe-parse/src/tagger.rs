//! A UPOS tagger: greedy left to right, averaged perceptron over hashed
//! features of the word, its affixes and shape, its neighbours and the two
//! previous tags.

use std::collections::HashMap;

use crate::feat::{feat, hash_str, prefix, suffix, Fnv, Rng, Trainer, Weights};

/// The Universal POS tags, in weight order.
pub const UPOS: [&str; 17] = [
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN",
    "PUNCT", "SCONJ", "SYM", "VERB", "X",
];
const X: u8 = 16;

pub fn upos_index(tag: &str) -> u8 {
    UPOS.iter().position(|t| *t == tag).map_or(X, |i| i as u8)
}

/// The hash of a word's shape ("Xxx", "dd.d"): character classes with runs
/// collapsed, at most about seven bytes.
fn shape_hash(w: &str) -> u64 {
    let mut h = Fnv::new(3);
    let mut len = 0;
    let mut last = ' ';
    for c in w.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if s != last {
            h = h.char(s);
            len += s.len_utf8();
        }
        last = s;
        if len > 6 {
            break;
        }
    }
    h.finish()
}

/// Tag-independent features of every token of a sentence, end to end in one
/// vector (no allocation per token); `starts[i]..starts[i + 1]` are word i's.
pub(crate) struct Statics {
    feats: Vec<u64>,
    starts: Vec<usize>,
}

impl Statics {
    fn get(&self, i: usize) -> &[u64] {
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => self.feats.get(a..b).unwrap_or(&[]),
            _ => &[],
        }
    }

    fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }
}

/// `lower`: the words in lower case.
fn static_features(words: &[&str], lower: &[String]) -> Statics {
    let lh: Vec<u64> = lower.iter().map(|l| hash_str(1, l)).collect();
    let suf3: Vec<u64> = lower.iter().map(|l| hash_str(2, suffix(l, 3))).collect();
    let shapes: Vec<u64> = words.iter().map(|w| shape_hash(w)).collect();
    let start = hash_str(4, "<s>");
    let stop = hash_str(4, "</s>");
    let at = |v: &[u64], j: isize| -> u64 {
        if j < 0 {
            start
        } else {
            v.get(j as usize).copied().unwrap_or(stop)
        }
    };
    let mut f = Vec::with_capacity(words.len() * 32);
    let mut starts = Vec::with_capacity(words.len() + 1);
    for (i, (w, l)) in words.iter().zip(lower).enumerate() {
        starts.push(f.len());
        let ii = i as isize;
        f.push(feat(0, &[]));
        f.push(feat(1, &[lh[i]]));
        f.push(feat(2, &[hash_str(5, w)]));
        f.push(feat(3, &[shapes[i]]));
        for n in 1..=5u64 {
            f.push(feat(10 + n, &[hash_str(6, suffix(l, n as usize))]));
        }
        for n in 1..=3u64 {
            f.push(feat(20 + n, &[hash_str(7, prefix(l, n as usize))]));
        }
        f.push(feat(30, &[at(&lh, ii - 1)]));
        f.push(feat(31, &[at(&lh, ii + 1)]));
        f.push(feat(32, &[at(&lh, ii - 2)]));
        f.push(feat(33, &[at(&lh, ii + 2)]));
        f.push(feat(34, &[at(&lh, ii - 1), lh[i]]));
        f.push(feat(35, &[lh[i], at(&lh, ii + 1)]));
        f.push(feat(36, &[at(&suf3, ii - 1)]));
        f.push(feat(37, &[at(&suf3, ii + 1)]));
        f.push(feat(
            38,
            &[at(&shapes, ii - 1), shapes[i], at(&shapes, ii + 1)],
        ));
        f.push(feat(39, &[at(&lh, ii + 1), at(&lh, ii + 2)]));
        f.push(feat(40, &[u64::from(i == 0), shapes[i]]));
        if w.contains('-') {
            f.push(feat(41, &[]));
        }
        f.push(feat(42, &[at(&lh, ii - 1), at(&lh, ii + 1)]));
        f.push(feat(43, &[at(&suf3, ii - 1), suf3[i]]));
        f.push(feat(44, &[suf3[i], at(&suf3, ii + 1)]));
        f.push(feat(45, &[(l.chars().count() as u64).min(12)]));
        if w.chars().any(|c| c.is_numeric()) {
            f.push(feat(
                46,
                &[u64::from(w.chars().all(|c| !c.is_alphabetic()))],
            ));
        }
    }
    starts.push(f.len());
    Statics { feats: f, starts }
}

fn dynamic(f: &mut Vec<u64>, base: &[u64], p1: u16, p2: u16) {
    f.clear();
    f.extend_from_slice(base);
    let (a, b) = (u64::from(p1) + 1000, u64::from(p2) + 1000);
    f.push(feat(50, &[a]));
    f.push(feat(51, &[a, b]));
    // The word with the previous tag (base[1] is the lower-case word).
    f.push(feat(52, &[a, base[1]]));
    f.push(feat(53, &[b]));
    // base[6]: the last three letters; base[13]: the next word.
    f.push(feat(54, &[a, base[6]]));
    f.push(feat(55, &[a, base[13]]));
}

const START: u16 = 2000;

/// Tags the tagger predicts: a UPOS with a finer distinction (`VERB|VBN`,
/// `VERB|Part`, `PRON|Rel`) that the parser also sees; the UPOS is the part
/// before `|`.
pub struct Tagger {
    w: Weights,
    pub tags: Vec<String>,
    upos_of: Vec<u8>,
    /// Frequent words (lower case) and the only tags they took in training:
    /// only those are scored (a tag dictionary, for speed).
    dict: HashMap<String, Vec<u16>>,
}

/// Words seen at least this often get a tag dictionary entry.
const DICT_MIN: usize = 20;

fn tag_dictionary(sents: &[(Vec<&str>, Vec<u16>)]) -> HashMap<String, Vec<u16>> {
    let mut seen: HashMap<String, (usize, Vec<u16>)> = HashMap::new();
    for (words, gold) in sents {
        for (w, &g) in words.iter().zip(gold) {
            let e = seen.entry(w.to_lowercase()).or_default();
            e.0 += 1;
            if !e.1.contains(&g) {
                e.1.push(g);
            }
        }
    }
    seen.into_iter()
        .filter(|(_, (n, _))| *n >= DICT_MIN)
        .map(|(w, (_, mut t))| {
            t.sort_unstable();
            (w, t)
        })
        .collect()
}

impl Tagger {
    fn new(w: Weights, tags: Vec<String>, dict: HashMap<String, Vec<u16>>) -> Tagger {
        let upos_of = tags
            .iter()
            .map(|t| upos_index(t.split('|').next().unwrap_or("")))
            .collect();
        Tagger {
            w,
            tags,
            upos_of,
            dict,
        }
    }

    /// Fine tag indices.
    pub fn tag(&self, words: &[&str]) -> Vec<u16> {
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        self.tag_lower(words, &lower)
    }

    /// [`Tagger::tag`] with the words in lower case already made.
    pub fn tag_lower(&self, words: &[&str], lower: &[String]) -> Vec<u16> {
        let st = static_features(words, lower);
        let mut out = Vec::with_capacity(words.len());
        let (mut p1, mut p2) = (START, START);
        let mut f = Vec::with_capacity(48);
        let mut s = vec![0i32; self.tags.len()];
        for (i, l) in lower.iter().enumerate().take(st.len()) {
            dynamic(&mut f, st.get(i), p1, p2);
            let best = match self.dict.get(l.as_str()) {
                Some(only) if only.len() == 1 => only[0],
                Some(only) => {
                    let mut best = only[0];
                    let mut top = i32::MIN;
                    for &t in only {
                        let v = self.w.score_one(&f, t as usize);
                        if v > top {
                            top = v;
                            best = t;
                        }
                    }
                    best
                }
                None => {
                    self.w.score(&f, &mut s);
                    argmax_i(&s) as u16
                }
            };
            out.push(best);
            p2 = p1;
            p1 = best;
        }
        out
    }

    /// Scores every tag of every word (the jackknife tagging of the parser's
    /// training data does, so that the shipped parser is trained as before
    /// the dictionary existed).
    pub fn clear_dictionary(&mut self) {
        self.dict.clear();
    }

    /// The UPOS index of a fine tag.
    pub fn upos(&self, tag: u16) -> u8 {
        self.upos_of.get(tag as usize).copied().unwrap_or(X)
    }

    pub fn weights(&self) -> &Weights {
        &self.w
    }

    pub fn write(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        crate::feat::write_u32(w, self.tags.len() as u32)?;
        for t in &self.tags {
            crate::feat::write_str(w, t)?;
        }
        let mut d: Vec<_> = self.dict.iter().collect();
        d.sort();
        crate::feat::write_u32(w, d.len() as u32)?;
        for (word, tags) in d {
            crate::feat::write_str(w, word)?;
            crate::feat::write_u32(w, tags.len() as u32)?;
            for t in tags {
                crate::feat::write_u32(w, u32::from(*t))?;
            }
        }
        self.w.write(w)
    }

    pub fn read(r: &mut dyn std::io::Read) -> std::io::Result<Tagger> {
        let n = crate::feat::read_u32(r)? as usize;
        if n == 0 || n > 2000 {
            return Err(crate::feat::bad("tag set"));
        }
        let tags = (0..n)
            .map(|_| crate::feat::read_str(r))
            .collect::<std::io::Result<Vec<_>>>()?;
        let nd = crate::feat::read_u32(r)?;
        let mut dict = HashMap::new();
        for _ in 0..nd {
            let word = crate::feat::read_str(r)?;
            let k = crate::feat::read_u32(r)?;
            if k == 0 || k as usize > n {
                return Err(crate::feat::bad("tag dictionary"));
            }
            let mut ts = Vec::with_capacity(k as usize);
            for _ in 0..k {
                let t = crate::feat::read_u32(r)?;
                if t as usize >= n {
                    return Err(crate::feat::bad("tag dictionary"));
                }
                ts.push(t as u16);
            }
            dict.insert(word, ts);
        }
        let w = Weights::read(r)?;
        if w.classes() != n {
            return Err(crate::feat::bad("tagger"));
        }
        Ok(Tagger::new(w, tags, dict))
    }
}

pub fn argmax_i(s: &[i32]) -> usize {
    let mut best = 0;
    for (i, v) in s.iter().enumerate() {
        if *v > s[best] {
            best = i;
        }
    }
    best
}

/// Trains on (words, gold tags) for `epochs` passes in a shuffled order
/// (fixed seed), with a table of 2^`bits` rows.
pub fn train(
    sents: &[(Vec<&str>, Vec<u16>)],
    tags: &[String],
    (epochs, seed, bits): (usize, u64, u32),
    mut progress: impl FnMut(usize, f64),
) -> Tagger {
    let nt = tags.len();
    let mut t = Trainer::new(nt, bits);
    let statics: Vec<Statics> = sents
        .iter()
        .map(|(w, _)| {
            let lower: Vec<String> = w.iter().map(|x| x.to_lowercase()).collect();
            static_features(w, &lower)
        })
        .collect();
    let mut order: Vec<usize> = (0..sents.len()).collect();
    let mut rng = Rng(seed | 1);
    let mut f = Vec::with_capacity(48);
    let mut s = vec![0f32; nt];
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        let (mut good, mut all) = (0usize, 0usize);
        for &si in &order {
            let gold = &sents[si].1;
            let (mut p1, mut p2) = (START, START);
            for (i, &truth) in gold.iter().enumerate().take(statics[si].len()) {
                t.tick();
                dynamic(&mut f, statics[si].get(i), p1, p2);
                t.score(&f, &mut s);
                let mut guess = 0;
                for c in 1..s.len() {
                    if s[c] > s[guess] {
                        guess = c;
                    }
                }
                let truth = truth as usize;
                if guess != truth {
                    t.update(&f, truth, 1.0);
                    t.update(&f, guess, -1.0);
                } else {
                    good += 1;
                }
                all += 1;
                p2 = p1;
                p1 = guess as u16;
            }
        }
        progress(epoch + 1, good as f64 / all.max(1) as f64);
    }
    Tagger::new(t.finish(), tags.to_vec(), tag_dictionary(sents))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_collapse_runs_of_a_class() {
        assert_eq!(shape_hash("Astana"), hash_str(3, "Xx"));
        assert_eq!(shape_hash("ÉTÉ-99"), hash_str(3, "X-d"));
        assert_eq!(shape_hash("G7"), hash_str(3, "Xd"));
        // At most about seven bytes: a long mixed word stops there.
        assert_eq!(shape_hash("aB1.cD2.eF3"), hash_str(3, "xXd.xXd"));
    }
}
