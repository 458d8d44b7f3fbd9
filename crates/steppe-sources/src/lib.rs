//! Sources side by side (issue 19): what each outlet says of a story.
//!
//! Three jobs over plain data from `steppe-model`:
//! - [`quotes::find`]: someone's words in one article, direct («...», "...")
//!   or reported ("X a affirmé que", "according to X"), with the speaker
//!   resolved to an actor id among the article's mentions (a pronoun takes
//!   the last speaker);
//! - [`framing::find`]: the contested terms of `data/sources/framing.tsv`
//!   an article uses, each mapped to its neutral concept;
//! - [`claims::build`]: the events, figures, quotes and framing of one story
//!   as claims, each with the sources that report it (syndicated copies count
//!   once), and the conflicts between them.
//!
//! Word lists live in `data/sources/`; this crate holds the mechanisms.

pub mod claims;
pub mod framing;
pub mod quotes;
mod words;

/// A word of a text: byte offsets and its lower-case form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub lower: String,
}

/// The words of `text` from byte `base` on: runs of letters and digits
/// (apostrophes and hyphens split, so "l'invasion" is "l", "invasion").
pub(crate) fn tokens(text: &str, base: usize) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push(tok(text, s, i, base));
        }
    }
    if let Some(s) = start {
        out.push(tok(text, s, text.len(), base));
    }
    out
}

fn tok(text: &str, s: usize, e: usize, base: usize) -> Tok {
    Tok {
        start: base + s,
        end: base + e,
        lower: text.get(s..e).unwrap_or_default().to_lowercase(),
    }
}

/// Whether word `w` matches a lexicon word (`stem*` takes any ending).
pub(crate) fn word_matches(pattern: &str, w: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(stem) => w.starts_with(stem),
        None => pattern == w,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_split_elisions_and_hyphens() {
        let t = tokens("l'invasion, a-t-il dit", 10);
        let words: Vec<&str> = t.iter().map(|t| t.lower.as_str()).collect();
        assert_eq!(words, ["l", "invasion", "a", "t", "il", "dit"]);
        assert_eq!((t[1].start, t[1].end), (12, 20));
    }
}
