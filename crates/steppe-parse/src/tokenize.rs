//! A rule-based tokeniser and sentence splitter for French, English and
//! Spanish news text. Tokens are byte ranges into the input; it never panics
//! and never slices a string on an index it did not get from `char_indices`.

use std::ops::Range;

/// Longest sentence handed to the parser; longer runs are cut.
pub const MAX_SENTENCE: usize = 250;

/// Words that keep a final full stop (compared in lower case, without it).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "etc", "inc", "ltd", "co", "corp",
    "gen", "gov", "sen", "rep", "col", "lt", "sgt", "no", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "m", "mm", "mme", "mmes", "mlle", "me", "cf", "p",
    "pp", "av", "sra", "sres", "srta", "dra", "ud", "uds", "ee", "uu", "art", "núm", "vol", "fig",
    "approx", "dept", "univ", "ave", "blvd",
];

/// French elided words: `l'`, `qu'`... are tokens of their own.
const ELISIONS: &[&str] = &[
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu",
    "quelqu",
];

/// English clitics split off the end of a word.
const CLITICS: &[&str] = &["n't", "'s", "'re", "'ve", "'ll", "'d", "'m"];

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Punctuation that stays inside a word when letters or digits surround it.
fn joins(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ':' | '-' | '/' | '\'' | '’' | '@' | '_' | '&' | '+' | '\u{2011}'
    )
}

/// French subject and object pronouns after a verb (`a-t-il`, `est-ce`,
/// `dites-moi`): tokens of their own, hyphen included, as UD writes them.
const HYPHEN_CLITICS: &[&str] = &[
    "-t-il", "-t-elle", "-t-on", "-t-ils", "-t-elles", "-il", "-elle", "-on", "-ils", "-elles",
    "-je", "-tu", "-nous", "-vous", "-ce", "-moi", "-toi", "-lui", "-leur", "-le", "-la", "-les",
    "-y", "-en",
];

/// Splits text into sentences of token ranges.
pub fn tokenize(text: &str) -> Vec<Vec<Range<usize>>> {
    tokenize_for(text, "")
}

/// The same, with the rules of a language (`fr`: verb-pronoun inversions).
pub fn tokenize_for(text: &str, lang: &str) -> Vec<Vec<Range<usize>>> {
    let french = lang == "fr";
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |k: usize| chars.get(k).map_or(text.len(), |&(i, _)| i);
    let mut tokens: Vec<(Range<usize>, bool)> = Vec::new(); // (range, blank line before)
    let mut blank = false;
    let mut k = 0;
    while k < chars.len() {
        let (_, c) = chars[k];
        if c.is_whitespace() {
            let mut newlines = 0;
            while k < chars.len() && chars[k].1.is_whitespace() {
                if chars[k].1 == '\n' {
                    newlines += 1;
                }
                k += 1;
            }
            if newlines >= 2 {
                blank = true;
            }
            continue;
        }
        // One whitespace-free chunk: chars[k..e].
        let mut e = k;
        while e < chars.len() && !chars[e].1.is_whitespace() {
            e += 1;
        }
        let mut pieces: Vec<Range<usize>> = Vec::new();
        let mut start = k;
        let mut j = k;
        while j < e {
            let c = chars[j].1;
            if c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c) {
                j += 1;
                continue;
            }
            let prev_an = j > start && chars[j - 1].1.is_alphanumeric();
            let next_an = j + 1 < e && chars[j + 1].1.is_alphanumeric();
            if joins(c) && prev_an && next_an {
                j += 1;
                continue;
            }
            // A punctuation token: a run of the same character ("...", "--").
            if start < j {
                pieces.push(start..j);
            }
            let mut r = j + 1;
            while r < e && chars[r].1 == c && !c.is_alphanumeric() {
                r += 1;
            }
            pieces.push(j..r);
            j = r;
            start = r;
        }
        if start < e {
            pieces.push(start..e);
        }
        // Pieces are char-index ranges; merge abbreviations with their full stop.
        let mut merged: Vec<Range<usize>> = Vec::new();
        for p in pieces {
            let is_stop = p.len() == 1 && chars[p.start].1 == '.';
            if is_stop {
                if let Some(last) = merged.last_mut() {
                    if last.end == p.start && is_abbreviation(&chars[last.clone()]) {
                        last.end = p.end;
                        continue;
                    }
                }
            }
            merged.push(p);
        }
        for p in merged {
            for q in split_clitics(&chars[p.clone()], french) {
                let a = end_of(p.start + q.start);
                let b = end_of(p.start + q.end);
                tokens.push((a..b, blank));
                blank = false;
            }
        }
        k = e;
    }
    sentences(text, tokens)
}

fn is_abbreviation(word: &[(usize, char)]) -> bool {
    let letters = word.iter().filter(|(_, c)| c.is_alphabetic()).count();
    if letters == 0 {
        return false;
    }
    // "U.S", "e.g": letters with inner stops.
    if word.iter().any(|&(_, c)| c == '.') {
        return true;
    }
    if word.len() == 1 && word[0].1.is_uppercase() {
        return true;
    }
    let lower: String = word.iter().flat_map(|(_, c)| c.to_lowercase()).collect();
    ABBREVIATIONS.contains(&lower.as_str())
}

/// Char ranges (relative to `word`) of the tokens of one word: French elisions
/// (`l'homme`, `qu'il`) and English clitics (`don't`, `John's`).
#[allow(clippy::single_range_in_vec_init)]
fn split_clitics(word: &[(usize, char)], french: bool) -> Vec<Range<usize>> {
    let n = word.len();
    if n < 2 {
        return vec![0..n];
    }
    if french && word.iter().any(|&(_, c)| c == '-') {
        let lower: Vec<char> = word.iter().flat_map(|&(_, c)| c.to_lowercase()).collect();
        if lower.len() == n {
            for cl in HYPHEN_CLITICS {
                let cl: Vec<char> = cl.chars().collect();
                if n > cl.len() && lower.ends_with(&cl) {
                    let cut = n - cl.len();
                    if word[..cut].iter().all(|&(_, c)| c.is_alphabetic()) {
                        let mut out = split_clitics(&word[..cut], true);
                        out.push(cut..n);
                        return out;
                    }
                }
            }
        }
    }
    // Elision: a short prefix ending in an apostrophe.
    if let Some(a) = word.iter().position(|&(_, c)| is_apostrophe(c)) {
        if a + 1 < n && a > 0 {
            let prefix: String = word[..a]
                .iter()
                .flat_map(|(_, c)| c.to_lowercase())
                .collect();
            if ELISIONS.contains(&prefix.as_str()) {
                let mut out = vec![0..a + 1];
                out.extend(
                    split_clitics(&word[a + 1..], french)
                        .into_iter()
                        .map(|r| r.start + a + 1..r.end + a + 1),
                );
                return out;
            }
        }
    }
    let lower: Vec<char> = word
        .iter()
        .map(|&(_, c)| {
            if c == '’' {
                '\''
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    for cl in CLITICS {
        let cl: Vec<char> = cl.chars().collect();
        if n > cl.len() && lower.ends_with(&cl) {
            let cut = n - cl.len();
            if word[cut - 1].1.is_alphabetic() {
                return vec![0..cut, cut..n];
            }
        }
    }
    vec![0..n]
}

fn sentences(text: &str, tokens: Vec<(Range<usize>, bool)>) -> Vec<Vec<Range<usize>>> {
    let mut out: Vec<Vec<Range<usize>>> = Vec::new();
    let mut cur: Vec<Range<usize>> = Vec::new();
    let tok = |r: &Range<usize>| text.get(r.clone()).unwrap_or("");
    let mut i = 0;
    while i < tokens.len() {
        let (r, blank) = &tokens[i];
        if *blank && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        cur.push(r.clone());
        let t = tok(r);
        let ends = matches!(t.chars().next(), Some('.' | '!' | '?' | '…'));
        if ends {
            // Closing quotes and brackets stay with the sentence.
            while let Some((n, _)) = tokens.get(i + 1) {
                let nt = tok(n);
                if matches!(nt, "\"" | "'" | "»" | "”" | "’" | ")" | "]") {
                    cur.push(n.clone());
                    i += 1;
                } else {
                    break;
                }
            }
            let next_starts = tokens.get(i + 1).is_none_or(|(n, _)| {
                tok(n).chars().next().is_some_and(|c| {
                    c.is_uppercase()
                        || c.is_numeric()
                        || matches!(c, '"' | '«' | '“' | '(' | '¿' | '¡' | '-' | '—')
                })
            });
            if next_starts {
                out.push(std::mem::take(&mut cur));
            }
        }
        if cur.len() >= MAX_SENTENCE {
            out.push(std::mem::take(&mut cur));
        }
        i += 1;
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fr(t: &str) -> Vec<&str> {
        tokenize_for(t, "fr")
            .concat()
            .into_iter()
            .map(|r| t.get(r).unwrap())
            .collect()
    }

    fn words(text: &str) -> Vec<Vec<&str>> {
        tokenize(text)
            .into_iter()
            .map(|s| s.into_iter().map(|r| text.get(r).unwrap()).collect())
            .collect()
    }

    #[test]
    fn splits_words_punctuation_and_sentences() {
        assert_eq!(
            words("L'envoyé américain est arrivé à Astana, mardi. Il a vu M. Tokaïev."),
            vec![
                vec![
                    "L'",
                    "envoyé",
                    "américain",
                    "est",
                    "arrivé",
                    "à",
                    "Astana",
                    ",",
                    "mardi",
                    "."
                ],
                vec!["Il", "a", "vu", "M.", "Tokaïev", "."]
            ]
        );
        assert_eq!(
            words("The U.S. envoy didn't say (he won't) it cost $3.5 million..."),
            vec![vec![
                "The", "U.S.", "envoy", "did", "n't", "say", "(", "he", "wo", "n't", ")", "it",
                "cost", "$", "3.5", "million", "..."
            ]]
        );
        assert_eq!(
            words("¿Qué pasó?  ¡Nada!"),
            vec![vec!["¿", "Qué", "pasó", "?"], vec!["¡", "Nada", "!"]]
        );
        assert_eq!(
            fr("A-t-il dit qu'est-ce, Aix-en-Provence ?"),
            vec![
                "A",
                "-t-il",
                "dit",
                "qu'",
                "est",
                "-ce",
                ",",
                "Aix-en-Provence",
                "?"
            ]
        );
        assert_eq!(
            words("a hands-on add-on"),
            vec![vec!["a", "hands-on", "add-on"]]
        );
        assert!(tokenize("").is_empty());
        assert!(tokenize(" \n\t ").is_empty());
    }
}
