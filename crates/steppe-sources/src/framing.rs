//! Framing: which contested terms an article uses, each mapped to the
//! neutral concept it names (`data/sources/framing.tsv`), and the labels it
//! attaches to actors ("le Conseil atlantique, financé par l'OTAN").

use std::sync::OnceLock;

use steppe_model::{ActorMention, Framing};

use crate::{tokens, word_matches, Tok};

/// One term of the lexicon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub concept: String,
    pub variant: String,
    pub lang: String,
    /// The term's words in lower case; a last word ending in `*` takes any ending.
    pub words: Vec<String>,
    /// Words of which one must be in the sentence (`*` as in `words`).
    pub context: Vec<String>,
}

impl Term {
    /// A label attached to an actor rather than a name for a thing.
    pub fn is_label(&self) -> bool {
        self.variant.starts_with("label")
    }
}

/// A line of the lexicon that cannot be read, with its line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconError {
    pub line: usize,
    pub why: String,
}

impl std::error::Error for LexiconError {}

impl std::fmt::Display for LexiconError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "framing lexicon line {}: {}", self.line, self.why)
    }
}

/// Reads a lexicon in the layout of `data/sources/framing.tsv`.
pub fn parse(text: &str) -> Result<Vec<Term>, LexiconError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(concept), Some(variant), Some(lang), Some(term)) =
            (cols.first(), cols.get(1), cols.get(2), cols.get(3))
        else {
            return Err(LexiconError {
                line: i + 1,
                why: "needs concept, variant, lang and term, separated by tabs".into(),
            });
        };
        let words: Vec<String> = split_words(term);
        if words.is_empty() || concept.is_empty() || variant.is_empty() {
            return Err(LexiconError {
                line: i + 1,
                why: "an empty concept, variant or term".into(),
            });
        }
        let context = cols
            .get(4)
            .map(|c| c.split('|').flat_map(split_words).collect())
            .unwrap_or_default();
        out.push(Term {
            concept: concept.to_string(),
            variant: variant.to_string(),
            lang: lang.to_string(),
            words,
            context,
        });
    }
    Ok(out)
}

/// A term's words as the tokeniser cuts them, a final `*` kept on the last.
fn split_words(term: &str) -> Vec<String> {
    let star = term.trim_end().ends_with('*');
    let mut words: Vec<String> = tokens(&term.to_lowercase(), 0)
        .into_iter()
        .map(|t| t.lower)
        .collect();
    if star {
        if let Some(last) = words.last_mut() {
            last.push('*');
        }
    }
    words
}

/// The built-in lexicon.
pub fn builtin() -> &'static [Term] {
    static TERMS: OnceLock<Vec<Term>> = OnceLock::new();
    TERMS.get_or_init(|| {
        parse(include_str!("../../../data/sources/framing.tsv"))
            .expect("the built-in framing lexicon is checked by a test")
    })
}

/// Acts told in words the event codebook lacks (`data/sources/acts.tsv`, the
/// same layout): an abstention at the UN told as "se sont abstenus" or "n'ont
/// soutenu aucune des résolutions" is one act.
pub fn acts() -> &'static [Term] {
    static TERMS: OnceLock<Vec<Term>> = OnceLock::new();
    TERMS.get_or_init(|| {
        parse(include_str!("../../../data/sources/acts.tsv"))
            .expect("the built-in acts lexicon is checked by a test")
    })
}

/// The framing terms of `text` (in `lang`) from the built-in lexicon.
pub fn find(text: &str, lang: &str, mentions: &[ActorMention]) -> Vec<Framing> {
    find_with(builtin(), text, lang, mentions)
}

/// The framing terms of `text` from `terms`; where two overlap the longer wins.
pub fn find_with(
    terms: &[Term],
    text: &str,
    lang: &str,
    mentions: &[ActorMention],
) -> Vec<Framing> {
    let terms: Vec<&Term> = terms.iter().filter(|t| t.lang == lang).collect();
    if terms.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<Framing> = Vec::new();
    for range in steppe_text::sentences::split(text) {
        let Some(s) = text.get(range.clone()) else {
            continue;
        };
        let toks = tokens(s, range.start);
        let mut found: Vec<(usize, usize, &Term)> = Vec::new();
        for i in 0..toks.len() {
            for term in &terms {
                let Some(ws) = toks.get(i..i + term.words.len()) else {
                    continue;
                };
                if !ws
                    .iter()
                    .zip(&term.words)
                    .all(|(t, p)| word_matches(p, &t.lower))
                {
                    continue;
                }
                if !term.context.is_empty()
                    && !toks.iter().enumerate().any(|(j, t)| {
                        (j < i || j >= i + term.words.len())
                            && term.context.iter().any(|c| word_matches(c, &t.lower))
                    })
                {
                    continue;
                }
                found.push((i, i + term.words.len(), term));
            }
        }
        // Longest first, then drop what overlaps a kept one.
        found.sort_by_key(|&(a, b, _)| (std::cmp::Reverse(b - a), a));
        let mut kept: Vec<(usize, usize, &Term)> = Vec::new();
        for f in found {
            if kept.iter().all(|k| f.1 <= k.0 || f.0 >= k.1) {
                kept.push(f);
            }
        }
        kept.sort_by_key(|k| k.0);
        for (a, b, term) in kept {
            let (Some(first), Some(last)) =
                (toks.get(a), b.checked_sub(1).and_then(|j| toks.get(j)))
            else {
                continue;
            };
            let actor = if term.is_label() {
                labelled(&toks, first, last, mentions)
            } else {
                None
            };
            out.push(Framing {
                start: first.start,
                end: last.end,
                surface: text
                    .get(first.start..last.end)
                    .unwrap_or_default()
                    .to_string(),
                concept: term.concept.clone(),
                variant: term.variant.clone(),
                actor,
            });
        }
    }
    out
}

/// The actor a label goes with: a mention ending at most three words before
/// it ("le Conseil atlantique, financé par l'OTAN") or starting right after it
/// ("the state-run Rossiya channel"), never one inside the label.
fn labelled(toks: &[Tok], first: &Tok, last: &Tok, mentions: &[ActorMention]) -> Option<String> {
    let before = toks.iter().filter(|t| t.end <= first.start).count();
    let window_start = before
        .checked_sub(3)
        .and_then(|i| toks.get(i))
        .map_or(0, |t| t.start);
    let after_end = toks
        .iter()
        .filter(|t| t.start >= last.end)
        .nth(2)
        .map_or(usize::MAX, |t| t.end);
    mentions
        .iter()
        .filter(|m| m.end <= first.start && m.end >= window_start)
        .max_by_key(|m| m.end)
        .or_else(|| {
            mentions
                .iter()
                .filter(|m| m.start >= last.end && m.end <= after_end)
                .min_by_key(|m| m.start)
        })
        .map(|m| m.actor.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quotes::tests::mention;

    #[test]
    fn builtin_lexicon_reads() {
        assert!(acts().iter().any(|t| t.lang == "es"));
        let terms = builtin();
        assert!(terms.len() > 50);
        for lang in ["fr", "en", "es"] {
            assert!(terms
                .iter()
                .any(|t| t.lang == lang && t.concept == "russia-ukraine-war"));
        }
    }

    #[test]
    fn bad_lines_name_their_line() {
        let e = parse("# comment\nconcept\tvariant\n").unwrap_err();
        assert_eq!(e.line, 2);
    }

    #[test]
    fn variants_of_one_concept_and_the_context_they_need() {
        let t = "Le voisin n'a pas condamné l'opération militaire spéciale en Ukraine. L'invasion des criquets inquiète les paysans.";
        let f = find(t, "fr", &[]);
        let got: Vec<(&str, &str, &str)> = f
            .iter()
            .map(|f| (f.concept.as_str(), f.variant.as_str(), f.surface.as_str()))
            .collect();
        // The locusts' invasion has no war around it.
        assert_eq!(
            got,
            [(
                "russia-ukraine-war",
                "special-operation",
                "opération militaire spéciale"
            )]
        );
        let e = find(
            "Russia's invasion of Ukraine entered its second year.",
            "en",
            &[],
        );
        assert_eq!(e.first().map(|f| f.variant.as_str()), Some("invasion"));
    }

    #[test]
    fn labels_go_to_the_actor_beside_them() {
        let t = "Selon l'Institut Nord, financé par l'OTAN, le sommet est une ouverture.";
        let ms = [
            mention(t, "Institut Nord", 0, "N:institut nord", "ORG"),
            mention(t, "OTAN", 0, "NATO", ""),
        ];
        let f = find(t, "fr", &ms);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].variant, "label-nato-funded");
        assert_eq!(f[0].actor.as_deref(), Some("N:institut nord"));
        let en = "The state-run broadcaster Rossiya 1 aired the speech.";
        let ms = [mention(en, "Rossiya 1", 0, "N:rossiya 1", "ORG")];
        let f = find(en, "en", &ms);
        assert_eq!(f[0].actor.as_deref(), Some("N:rossiya 1"));
    }
}
