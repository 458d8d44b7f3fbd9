//! Word clusters learnt from unlabelled text, for features that generalise
//! beyond the words of the labelled training set.
//!
//! Each word seen often enough gets a context vector (how often each frequent
//! word stands just left and just right of it), and the words are split in two
//! again and again by spherical 2-means over these vectors. A word's cluster
//! is its path of left/right choices from the root, like a Brown cluster's bit
//! string: short prefixes are broad classes, long ones near-synonyms. The
//! tagger reads prefixes of the path, so a name never seen in the labelled
//! data still shares features with names used in the same contexts.

use std::collections::HashMap;

/// How often a word must occur in the unlabelled text to get a cluster.
pub const MIN_COUNT: usize = 2;
/// The most frequent words serve as context dimensions.
const CONTEXT_WORDS: usize = 400;
/// Deepest path (bits); also the widest prefix the tagger reads.
pub const MAX_DEPTH: u8 = 16;
/// A cluster this small is not split further.
const MIN_LEAF: usize = 6;
const ITERATIONS: usize = 8;
/// 2-means passes after the first split.
const REFINE: usize = 3;

/// The key a word is clustered under: lowercase, digits folded to `0`, so
/// that headline capitals and numbers share one entry.
pub fn normalise(word: &str) -> String {
    word.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_ascii_digit() { '0' } else { c })
        .collect()
}

/// Splits raw text into tokens the way CoNLL-2003 is tokenised, closely
/// enough for counting contexts: runs of letters and digits (with inner
/// hyphens, apostrophes and dots kept), every other visible character alone.
pub fn tokenise(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let next_alnum = chars.get(k + 1).is_some_and(|(_, n)| n.is_alphanumeric());
        let inner = matches!(c, '-' | '\'' | '.' | '’') && start.is_some() && next_alnum;
        if c.is_alphanumeric() || inner {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            out.extend(text.get(s..i));
        }
        if !c.is_whitespace() {
            out.extend(text.get(i..i + c.len_utf8()));
        }
    }
    if let Some(s) = start {
        out.extend(text.get(s..));
    }
    out
}

/// A word's cluster: the path bits (first choice in the highest bit used)
/// and the path length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Path {
    pub bits: u16,
    pub len: u8,
}

/// What the table says of a word: its cluster, and how often it is written
/// in lowercase (in tenths of its occurrences, 0..=10): a capitalised word
/// that is mostly lowercase elsewhere is seldom a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WordClass {
    pub path: Path,
    pub lower: u8,
}

impl WordClass {
    /// What an unknown word gets.
    pub const NONE: WordClass = WordClass {
        path: Path { bits: 0, len: 0 },
        lower: 11,
    };
}

impl Path {
    /// The first `n` choices, as a number that also encodes the length.
    pub fn prefix(self, n: u8) -> u32 {
        let n = n.min(self.len);
        let bits = u32::from(self.bits) >> (self.len - n);
        (u32::from(n) << 16) | bits
    }

    /// The path written as `0` and `1` characters (the table's format).
    pub fn to_text(self) -> String {
        (0..self.len)
            .map(|k| {
                if self.bits >> (self.len - 1 - k) & 1 == 1 {
                    '1'
                } else {
                    '0'
                }
            })
            .collect()
    }

    pub fn from_text(s: &str) -> Option<Path> {
        if s.is_empty() || s.len() > usize::from(MAX_DEPTH) {
            return None;
        }
        let mut bits = 0u16;
        for c in s.chars() {
            bits = (bits << 1)
                | match c {
                    '0' => 0,
                    '1' => 1,
                    _ => return None,
                };
        }
        Some(Path {
            bits,
            len: s.len() as u8,
        })
    }
}

/// Clusters the words of `sentences` (tokenised unlabelled text). Returns
/// (normalised word, path, count), sorted by path then word. Deterministic.
pub fn build<S: AsRef<str>>(sentences: &[Vec<S>]) -> Vec<(String, WordClass, usize)> {
    build_with(sentences, MIN_COUNT, CONTEXT_WORDS)
}

/// [`build`] with another minimum count and number of context words.
pub fn build_with<S: AsRef<str>>(
    sentences: &[Vec<S>],
    min_count: usize,
    context_words: usize,
) -> Vec<(String, WordClass, usize)> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut lowercase: HashMap<String, usize> = HashMap::new();
    for s in sentences {
        for w in s {
            let w = w.as_ref();
            let key = normalise(w);
            if !w.chars().any(char::is_uppercase) {
                *lowercase.entry(key.clone()).or_default() += 1;
            }
            *counts.entry(key).or_default() += 1;
        }
    }
    let mut by_freq: Vec<(&String, usize)> = counts.iter().map(|(w, n)| (w, *n)).collect();
    by_freq.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let context: HashMap<&str, usize> = by_freq
        .iter()
        .take(context_words)
        .enumerate()
        .map(|(k, (w, _))| (w.as_str(), k))
        .collect();
    let vocab: Vec<(String, usize)> = by_freq
        .iter()
        .filter(|(_, n)| *n >= min_count)
        .map(|(w, n)| ((*w).clone(), *n))
        .collect();
    let index: HashMap<&str, usize> = vocab
        .iter()
        .enumerate()
        .map(|(k, (w, _))| (w.as_str(), k))
        .collect();
    // Dimensions: left context (CONTEXT_WORDS + sentence start + other),
    // then right context likewise.
    let dim = context_words + 2;
    let mut vecs: Vec<HashMap<u32, f32>> = vec![HashMap::new(); vocab.len()];
    for s in sentences {
        let norm: Vec<String> = s.iter().map(|w| normalise(w.as_ref())).collect();
        for (i, w) in norm.iter().enumerate() {
            let Some(&wi) = index.get(w.as_str()) else {
                continue;
            };
            let side = |j: Option<usize>| match j.and_then(|j| norm.get(j)) {
                None => context_words,
                Some(c) => context
                    .get(c.as_str())
                    .copied()
                    .unwrap_or(context_words + 1),
            };
            let left = side(i.checked_sub(1)) as u32;
            let right = (dim + side(Some(i + 1))) as u32;
            for d in [left, right] {
                *vecs[wi].entry(d).or_default() += 1.0;
            }
        }
    }
    // Square roots of the counts (Hellinger-like), unit length.
    let sparse: Vec<Vec<(u32, f32)>> = vecs
        .into_iter()
        .map(|m| {
            let mut v: Vec<(u32, f32)> = m.into_iter().map(|(d, c)| (d, c.sqrt())).collect();
            v.sort_by_key(|p| p.0);
            let norm = v.iter().map(|p| p.1 * p.1).sum::<f32>().sqrt().max(1e-9);
            for p in &mut v {
                p.1 /= norm;
            }
            v
        })
        .collect();
    let mut paths = vec![Path { bits: 0, len: 0 }; vocab.len()];
    let all: Vec<usize> = (0..vocab.len()).collect();
    split(&sparse, 2 * dim, all, Path { bits: 0, len: 0 }, &mut paths);
    let mut out: Vec<(String, WordClass, usize)> = vocab
        .into_iter()
        .zip(paths)
        .map(|((w, n), path)| {
            let low = lowercase.get(&w).copied().unwrap_or(0);
            let lower = ((low * 10 + n / 2) / n.max(1)).min(10) as u8;
            (w, WordClass { path, lower }, n)
        })
        .collect();
    out.sort_by(|a, b| {
        a.1.path
            .to_text()
            .cmp(&b.1.path.to_text())
            .then_with(|| a.0.cmp(&b.0))
    });
    out
}

fn dot(v: &[(u32, f32)], c: &[f32]) -> f32 {
    v.iter()
        .map(|&(d, x)| x * c.get(d as usize).copied().unwrap_or(0.0))
        .sum()
}

/// Recursive spherical 2-means; members are indices into `vecs`, which are
/// in descending frequency order, so the first member is the most frequent.
fn split(vecs: &[Vec<(u32, f32)>], dim: usize, members: Vec<usize>, path: Path, out: &mut [Path]) {
    if members.len() < 2 * MIN_LEAF || path.len >= MAX_DEPTH {
        for &m in &members {
            out[m] = path;
        }
        return;
    }
    let centroid = |ms: &[usize]| {
        let mut c = vec![0f32; dim];
        for &m in ms {
            for &(d, x) in &vecs[m] {
                c[d as usize] += x;
            }
        }
        let norm = c.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-9);
        c.iter_mut().for_each(|x| *x /= norm);
        c
    };
    // First split by the side of the members' main direction of spread
    // (power iteration over the centred vectors), which halves a group far
    // more evenly than seeds drawn from it; then 2-means refines the split.
    let mean = {
        let mut m = vec![0f32; dim];
        for &x in &members {
            for &(d, v) in &vecs[x] {
                m[d as usize] += v;
            }
        }
        let n = members.len() as f32;
        m.iter_mut().for_each(|v| *v /= n);
        m
    };
    let mut dir = vec![0f32; dim];
    for &(d, v) in &vecs[members[0]] {
        dir[d as usize] = v;
    }
    for (d, m) in dir.iter_mut().zip(&mean) {
        *d -= m;
    }
    let mut proj = vec![0f32; members.len()];
    for _ in 0..ITERATIONS {
        let mean_dot: f32 = mean.iter().zip(&dir).map(|(a, b)| a * b).sum();
        for (k, &x) in members.iter().enumerate() {
            proj[k] = dot(&vecs[x], &dir) - mean_dot;
        }
        let mut next = vec![0f32; dim];
        let total: f32 = proj.iter().sum();
        for (k, &x) in members.iter().enumerate() {
            for &(d, v) in &vecs[x] {
                next[d as usize] += proj[k] * v;
            }
        }
        for (d, m) in next.iter_mut().zip(&mean) {
            *d -= total * m;
        }
        let norm = next.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-9);
        next.iter_mut().for_each(|x| *x /= norm);
        dir = next;
    }
    let side: Vec<bool> = proj.iter().map(|p| *p > 0.0).collect();
    let (a, b) = halves(&members, &side);
    let (mut ca, mut cb) = if a.is_empty() || b.is_empty() {
        (centroid(&members[..1]), centroid(&members[1..]))
    } else {
        (centroid(&a), centroid(&b))
    };
    let mut side = side;
    for _ in 0..REFINE {
        for (k, &m) in members.iter().enumerate() {
            side[k] = dot(&vecs[m], &cb) > dot(&vecs[m], &ca);
        }
        let (a, b) = halves(&members, &side);
        if a.is_empty() || b.is_empty() {
            break;
        }
        ca = centroid(&a);
        cb = centroid(&b);
    }
    let (a, b) = halves(&members, &side);
    if a.is_empty() || b.is_empty() {
        for &m in &members {
            out[m] = path;
        }
        return;
    }
    let child = |bit: u16| Path {
        bits: (path.bits << 1) | bit,
        len: path.len + 1,
    };
    split(vecs, dim, a, child(0), out);
    split(vecs, dim, b, child(1), out);
}

fn halves(members: &[usize], side: &[bool]) -> (Vec<usize>, Vec<usize>) {
    let mut a = Vec::new();
    let mut b = Vec::new();
    for (&m, &s) in members.iter().zip(side) {
        if s {
            b.push(m);
        } else {
            a.push(m);
        }
    }
    (a, b)
}

/// Reads a cluster table (`word TAB path TAB count TAB lowercase tenths`,
/// `#` comments).
pub fn parse_table(name: &str, text: &str) -> Result<Vec<(String, WordClass)>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut f = line.split('\t');
        let (Some(word), Some(path), Some(_), Some(lower)) =
            (f.next(), f.next(), f.next(), f.next())
        else {
            return Err(format!(
                "{name}:{}: expected word TAB path TAB count TAB lowercase tenths",
                n + 1
            ));
        };
        let path = Path::from_text(path)
            .ok_or_else(|| format!("{name}:{}: bad cluster path {path:?}", n + 1))?;
        let lower = lower
            .parse::<u8>()
            .ok()
            .filter(|l| *l <= 10)
            .ok_or_else(|| format!("{name}:{}: bad lowercase tenths {lower:?}", n + 1))?;
        out.push((word.to_string(), WordClass { path, lower }));
    }
    Ok(out)
}

/// Writes a table [`parse_table`] reads back.
pub fn write_table(rows: &[(String, WordClass, usize)], header: &str) -> String {
    let mut s = String::new();
    for line in header.lines() {
        s.push_str("# ");
        s.push_str(line);
        s.push('\n');
    }
    for (w, p, n) in rows {
        s.push_str(&format!("{w}\t{}\t{n}\t{}\n", p.path.to_text(), p.lower));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenises_like_conll() {
        assert_eq!(
            tokenise("U.S. troops left Kabul's airport, 2.5 km away."),
            ["U.S", ".", "troops", "left", "Kabul's", "airport", ",", "2.5", "km", "away", "."]
        );
    }

    #[test]
    fn words_in_the_same_contexts_share_a_cluster() {
        // Towns always follow "in"/"to", people precede "said"/"told".
        let mut text = Vec::new();
        let towns = [
            "paris", "berlin", "madrid", "rome", "vienna", "oslo", "lima", "quito",
        ];
        let people = [
            "smith", "jones", "brown", "wilson", "taylor", "clark", "hall", "young",
        ];
        for (k, t) in towns.iter().enumerate() {
            let p = people[k];
            for v in ["said", "told", "added"] {
                text.push(format!(
                    "officials in {t} met {p} , who {v} talks went to {t} ."
                ));
                text.push(format!("{p} {v} reporters in {t} that {p} {v} nothing ."));
            }
        }
        let sents: Vec<Vec<&str>> = text.iter().map(|s| s.split(' ').collect()).collect();
        let table = build(&sents);
        let path = |w: &str| table.iter().find(|r| r.0 == w).map(|r| r.1.path).unwrap();
        let common = |a: Path, b: Path| {
            (1..=a.len.min(b.len))
                .take_while(|&n| a.prefix(n) == b.prefix(n))
                .count()
        };
        let towns_together = common(path("paris"), path("oslo"));
        let apart = common(path("paris"), path("smith"));
        assert!(towns_together > apart, "{towns_together} vs {apart}");
        let text = write_table(&table, "test");
        let back = parse_table("t", &text).unwrap();
        assert_eq!(back.len(), table.len());
        assert_eq!(back[0].1, table[0].1);
        assert!(parse_table("t", "word\t01x\t3\t10\n").is_err());
        assert!(parse_table("t", "word\t01\n").is_err());
    }
}
