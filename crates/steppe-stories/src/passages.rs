//! Shared passages between articles, as wire copies leave them.
//!
//! Each text is cut into words (lower case, letters and digits; elisions such as
//! "l'" split off); every run of [`SHINGLE`] words is hashed, and winnowing keeps
//! the smallest hash of every [`WINDOW`] consecutive ones. Two texts that share a
//! run of at least `SHINGLE + WINDOW - 1` words share a kept hash, whatever else
//! differs; the hashes go to an index, and only texts that meet there are
//! compared. The comparison extends every shared shingle to the longest run of
//! equal words, then joins runs separated by a few edited words, so a copy with
//! small edits stays one passage.

use std::ops::Range;

/// Words per shingle.
pub const SHINGLE: usize = 5;
/// Shingles per winnowing window: any shared run of 8 words is seen.
pub const WINDOW: usize = 4;
/// Shortest passage reported, in words: shorter shared runs are set phrases and
/// names ("la Banque européenne pour la reconstruction et le développement").
pub const MIN_PASSAGE_WORDS: usize = 10;
/// Edited words tolerated inside one passage, on either side.
pub const MAX_GAP_WORDS: usize = 4;
/// Share of both texts a passage set must cover to call them copies.
pub const COPY_COVERAGE: f64 = 0.8;

/// A word and where it is, in bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub span: Range<usize>,
}

/// The comparable words of a text.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            out.push(Word {
                text: text.get(s..i).unwrap_or_default().to_lowercase(),
                span: s..i,
            });
        }
    }
    if let Some(s) = start {
        out.push(Word {
            text: text.get(s..).unwrap_or_default().to_lowercase(),
            span: s..text.len(),
        });
    }
    out
}

/// FNV-1a: stable across builds and platforms, so stored fingerprints stay valid.
fn fnv(words: &[Word]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for w in words {
        for b in w.text.bytes().chain(std::iter::once(b' ')) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    // SQLite integers are signed: keep the hash in i64's positive half.
    h >> 1
}

/// The winnowed shingle hashes of a text, without repeats.
pub fn fingerprints(text: &str) -> Vec<u64> {
    let w = words(text);
    if w.len() < SHINGLE {
        return Vec::new();
    }
    let hashes: Vec<u64> = w.windows(SHINGLE).map(fnv).collect();
    let mut kept: Vec<u64> = Vec::new();
    let win = WINDOW.min(hashes.len());
    let mut last: Option<usize> = None;
    for start in 0..=hashes.len() - win {
        // The rightmost minimum, as winnowing prescribes.
        let (i, _) =
            hashes[start..start + win]
                .iter()
                .enumerate()
                .fold(
                    (0, u64::MAX),
                    |best, (j, &h)| if h <= best.1 { (j, h) } else { best },
                );
        let pos = start + i;
        if last != Some(pos) {
            kept.push(hashes[pos]);
            last = Some(pos);
        }
    }
    kept.sort_unstable();
    kept.dedup();
    kept
}

/// A passage found in two texts: byte ranges in each and its length in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    pub a: Range<usize>,
    pub b: Range<usize>,
    pub words: usize,
}

/// How two texts relate.
#[derive(Debug, Clone, PartialEq)]
pub struct Overlap {
    pub passages: Vec<Passage>,
    /// Share of the shorter text's words inside shared passages.
    pub similarity: f64,
    /// Both texts mostly made of shared passages.
    pub is_copy: bool,
}

/// Shared passages of two texts; `None` when they share none long enough.
pub fn compare(a: &str, b: &str) -> Option<Overlap> {
    let wa = words(a);
    let wb = words(b);
    if wa.len() < SHINGLE || wb.len() < SHINGLE {
        return None;
    }
    // Shingle positions of b, by hash.
    let mut index: std::collections::HashMap<u64, Vec<usize>> = std::collections::HashMap::new();
    for (j, sh) in wb.windows(SHINGLE).enumerate() {
        index.entry(fnv(sh)).or_default().push(j);
    }
    // Maximal runs of equal words, as (start in a, start in b, length).
    let mut runs: Vec<(usize, usize, usize)> = Vec::new();
    for (i, sh) in wa.windows(SHINGLE).enumerate() {
        let Some(js) = index.get(&fnv(sh)) else {
            continue;
        };
        for &j in js {
            // Skip seeds inside a run already found on the same diagonal.
            if runs.iter().any(|&(ra, rb, len)| {
                i > ra && i < ra + len && i - ra == j.wrapping_sub(rb) && j >= rb
            }) {
                continue;
            }
            let (mut s_a, mut s_b) = (i, j);
            while s_a > 0 && s_b > 0 && wa[s_a - 1].text == wb[s_b - 1].text {
                s_a -= 1;
                s_b -= 1;
            }
            let mut len = 0;
            while s_a + len < wa.len()
                && s_b + len < wb.len()
                && wa[s_a + len].text == wb[s_b + len].text
            {
                len += 1;
            }
            if len >= SHINGLE && !runs.contains(&(s_a, s_b, len)) {
                runs.push((s_a, s_b, len));
            }
        }
    }
    if runs.is_empty() {
        return None;
    }
    runs.sort_unstable();
    // Join runs that follow each other in both texts across a small edit.
    let mut joined: Vec<(usize, usize, usize, usize, usize)> = Vec::new(); // a0, a1, b0, b1, words
    for (ra, rb, len) in runs {
        if let Some(last) = joined.last_mut() {
            let gap_a = ra as isize - last.1 as isize;
            let gap_b = rb as isize - last.3 as isize;
            if (0..=MAX_GAP_WORDS as isize).contains(&gap_a)
                && (0..=MAX_GAP_WORDS as isize).contains(&gap_b)
            {
                last.1 = last.1.max(ra + len);
                last.3 = last.3.max(rb + len);
                last.4 += len;
                continue;
            }
            // Overlapping in a (another alignment of the same words): keep the longer.
            if ra < last.1 {
                if len > last.4 {
                    *last = (ra, ra + len, rb, rb + len, len);
                }
                continue;
            }
        }
        joined.push((ra, ra + len, rb, rb + len, len));
    }
    let passages: Vec<Passage> = joined
        .into_iter()
        .filter(|p| p.4 >= MIN_PASSAGE_WORDS)
        .map(|(a0, a1, b0, b1, n)| Passage {
            a: wa[a0].span.start..wa[a1 - 1].span.end,
            b: wb[b0].span.start..wb[b1 - 1].span.end,
            words: n,
        })
        .collect();
    if passages.is_empty() {
        return None;
    }
    let shared: usize = passages.iter().map(|p| p.words).sum();
    let cover_a = shared as f64 / wa.len() as f64;
    let cover_b = shared as f64 / wb.len() as f64;
    Some(Overlap {
        similarity: cover_a.max(cover_b).min(1.0),
        is_copy: cover_a >= COPY_COVERAGE && cover_b >= COPY_COVERAGE,
        passages,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const WIRE: &str = "Le président kazakh a reçu jeudi à Astana le ministre turc des Affaires étrangères pour évoquer le transit des marchandises par la mer Caspienne. Les deux hommes ont signé un accord sur la modernisation du port d'Aktaou, qui doit doubler sa capacité d'ici trois ans. Ankara espère ainsi acheminer vers l'Europe une partie du fret chinois qui transitait jusqu'ici par la Russie.";

    #[test]
    fn an_edited_copy_is_one_copy() {
        let edited = WIRE.replace("évoquer", "discuter de").replace("ainsi ", "");
        let o = compare(WIRE, &edited).unwrap();
        assert!(o.is_copy, "{o:?}");
        assert!(o.similarity > 0.9);
        // The word edits sit inside joined passages, not between many small ones.
        assert!(o.passages.len() <= 2, "{:?}", o.passages);
    }

    #[test]
    fn a_shared_paragraph_is_a_passage_with_offsets_in_both() {
        let other = format!(
            "Dans un autre registre, la Banque mondiale a publié mardi ses prévisions pour la région. {} Le texte doit encore être ratifié par les deux parlements.",
            &WIRE[WIRE.find("Les deux hommes").unwrap()..WIRE.find(" Ankara").unwrap()]
        );
        let o = compare(WIRE, &other).unwrap();
        assert!(!o.is_copy);
        assert_eq!(o.passages.len(), 1);
        let p = &o.passages[0];
        assert_eq!(&WIRE[p.a.clone()], &other[p.b.clone()]);
        assert!(WIRE[p.a.clone()].starts_with("Les deux hommes"));
    }

    #[test]
    fn a_shared_name_is_not_a_passage() {
        let a = "Selon la Banque européenne pour la reconstruction et le développement, la croissance ralentit au Kazakhstan.";
        let b = "La Banque européenne pour la reconstruction et le développement ouvre un bureau à Douchanbé cette année.";
        assert_eq!(compare(a, b), None);
    }

    #[test]
    fn shared_runs_share_fingerprints() {
        let a = fingerprints(WIRE);
        let b = fingerprints(&format!("Tout autre début de phrase ici. {}", &WIRE[100..]));
        assert!(a.iter().any(|h| b.binary_search(h).is_ok()));
        assert!(fingerprints("trop court").is_empty());
    }

    proptest! {
        #[test]
        fn offsets_are_valid(a in "\\PC{0,300}", b in "\\PC{0,300}") {
            if let Some(o) = compare(&a, &b) {
                for p in o.passages {
                    prop_assert!(a.is_char_boundary(p.a.start) && a.is_char_boundary(p.a.end));
                    prop_assert!(b.is_char_boundary(p.b.start) && b.is_char_boundary(p.b.end));
                }
            }
        }
    }
}
