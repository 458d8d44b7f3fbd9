//! Tokens of a sentence, and its actors grouped into coordinated lists.

use super::*;

#[derive(Debug, Clone)]
pub(super) struct Token {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) word: String,
}

/// Words and punctuation with byte offsets; an elided article ("l'", "s'")
/// is a word of its own.
pub(super) fn tokens(text: &str, base: usize) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let push = |out: &mut Vec<Token>, s: usize, e: usize| {
        out.push(Token {
            start: base + s,
            end: base + e,
            word: fold(text.get(s..e).unwrap_or_default()),
        })
    };
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() || c == '-' {
            start.get_or_insert(i);
            continue;
        }
        // "1.3 billion", "25,000": a separator between digits is inside the number.
        let digit_at = |k: usize| bytes.get(k).is_some_and(u8::is_ascii_digit);
        if (c == '.' || c == ',') && start.is_some() && i > 0 && digit_at(i - 1) && digit_at(i + 1)
        {
            continue;
        }
        if let Some(s) = start.take() {
            if c == '\'' || c == '’' {
                // English genitive "Russia's": the name, then "'s"; otherwise an
                // elided article or pronoun keeps its apostrophe ("l'", "s'").
                let rest = text.get(i + c.len_utf8()..).unwrap_or_default();
                let genitive = rest.starts_with('s')
                    && !rest
                        .get(1..)
                        .unwrap_or_default()
                        .starts_with(|n: char| n.is_alphanumeric());
                if genitive {
                    push(&mut out, s, i);
                    start = Some(i);
                    continue;
                }
                push(&mut out, s, i + c.len_utf8());
                continue;
            }
            push(&mut out, s, i);
        }
        if !c.is_whitespace() {
            push(&mut out, i, i + c.len_utf8());
        }
    }
    if let Some(s) = start {
        push(&mut out, s, text.len());
    }
    out
}

/// Coordinated actors: consecutive mentions joined by connectors.
#[derive(Debug, Clone)]
pub(super) struct Group {
    pub(super) first: usize,
    /// One past the last token.
    pub(super) end: usize,
    pub(super) members: Vec<usize>,
}

pub(super) fn groups(
    toks: &[Token],
    mentions: &[&ActorMention],
) -> (Vec<Group>, Vec<Option<usize>>) {
    // Token index where each mention starts and ends.
    let mut starts_at: Vec<Option<usize>> = vec![None; toks.len()];
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for (mi, m) in mentions.iter().enumerate() {
        let first = toks
            .iter()
            .position(|t| t.start >= m.start && t.start < m.end);
        let last = toks.iter().rposition(|t| t.end <= m.end && t.end > m.start);
        if let (Some(f), Some(l)) = (first, last) {
            if starts_at[f].is_none() {
                starts_at[f] = Some(mi);
                spans.push((f, l + 1));
            }
        }
    }
    spans.sort();
    let mut out: Vec<Group> = Vec::new();
    let mut group_of: Vec<Option<usize>> = vec![None; toks.len()];
    for (f, e) in spans {
        let Some(mi) = starts_at[f] else { continue };
        // "le président du Kazakhstan, Kassym-Jomart Tokaïev": a person after a
        // comma is in apposition, not coordinated.
        let person =
            |m: &ActorMention| m.actor.starts_with("P-") || m.ner.as_deref() == Some("PER");
        let joined = out.last().is_some_and(|g| {
            let comma = (g.end..f).any(|k| toks[k].word == ",");
            let prev_person = g.members.last().is_some_and(|&p| person(mentions[p]));
            // "du Kazakhstan, du Kirghizistan et de l'Ouzbékistan" is a list,
            // "l'invasion russe de l'Ukraine" is not: an article or "de" joins
            // only beside a comma or a conjunction.
            let listed = (g.end..f).any(|k| {
                matches!(
                    toks[k].word.as_str(),
                    "," | "et" | "and" | "ou" | "or" | "ni" | "nor" | "y" | "e" | "&"
                )
            });
            // "Kosovo, the White House said": a comma alone joins only a list
            // that goes on ("Kazakhstan, Kyrgyzstan and Uzbekistan").
            let conj = |w: &str| {
                matches!(
                    w,
                    "et" | "and" | "ou" | "or" | "ni" | "nor" | "y" | "e" | "&"
                )
            };
            // "en Asie centrale, au Kazakhstan": two places said alike.
            let parallel = f > 0
                && g.first > 0
                && locative(&toks[f - 1].word)
                && locative(&toks[g.first - 1].word);
            let goes_on = parallel
                || (g.end..f).any(|k| conj(&toks[k].word))
                || toks.get(e).is_some_and(|t| t.word == "," || conj(&t.word))
                    && (e + 1..(e + 4).min(toks.len())).any(|k| starts_at[k].is_some());
            // "Selon Bakou, l'Arménie…": the source of a claim is no list.
            let quoted = g.first > 0
                && (matches!(toks[g.first - 1].word.as_str(), "selon" | "segun" | "apres")
                    || (g.first > 1
                        && toks[g.first - 1].word == "to"
                        && toks[g.first - 2].word == "according"));
            g.end <= f
                && !quoted
                && (g.end..f).all(|k| connector(&toks[k].word))
                && listed
                && goes_on
                && f - g.end <= 3
                && !(comma && person(mentions[mi]) != prev_person)
        });
        // "Tileuberdi du Kazakhstan", "Lavrov of Russia": the country says
        // where the person is from; the person alone is the actor.
        let origin = !joined
            && out.last().is_some_and(|g| {
                let between: Vec<&str> = (g.end..f).map(|k| toks[k].word.as_str()).collect();
                g.members.last().is_some_and(|&p| person(mentions[p]))
                    && !person(mentions[mi])
                    && mentions[mi].code.len() == 3
                    && matches!(
                        between.as_slice(),
                        ["du"] | ["de"] | ["d'"] | ["of"] | ["del"]
                    )
            });
        // "North Korean leader Kim Jong Un", "son homologue kazakh Kassym-Jomart
        // Tokaïev": a role or a demonym and the name right after it are one
        // person; the name wins when the knowledge base knows it.
        // "US Treasury Secretary Janet Yellen": a country refined by a title.
        let title = |m: &ActorMention| {
            m.code.len() > 3
                // ("The US envoy Amos Hochstein": lower case too.)
                && m.surface.split_whitespace().last().is_some_and(|w| {
                    let mut c = w.chars();
                    let capital: String = c
                        .next()
                        .map(|f| f.to_uppercase().chain(c).collect())
                        .unwrap_or_default();
                    let w = capital.as_str();
                    matches!(
                        w,
                        "Secretary"
                            | "Minister"
                            | "President"
                            | "Chancellor"
                            | "Premier"
                            | "Ambassador"
                            | "Envoy"
                            | "Spokesman"
                            | "Spokeswoman"
                            | "General"
                            | "ministre"
                            | "président"
                    )
                })
        };
        let titled = out.last().is_some_and(|g| {
            g.end == f
                && g.members.last().is_some_and(|&p| {
                    matches!(mentions[p].how.as_str(), "role" | "demonym") || title(mentions[p])
                })
                // ("the US envoy Amos Hochstein": an unknown name of two
                // capitalised words after a title is a person, tagger or not.)
                && (person(mentions[mi])
                    || (mentions[mi].actor.starts_with("N:")
                        && g.members.last().is_some_and(|&p| title(mentions[p]))
                        && mentions[mi].surface.split_whitespace().count() >= 2
                        && mentions[mi]
                            .surface
                            .split_whitespace()
                            .all(|w| w.starts_with(char::is_uppercase))))
        });
        if titled {
            if let Some(g) = out.last_mut() {
                g.end = e;
                if mentions[mi].actor.starts_with("P-") {
                    if let Some(last) = g.members.last_mut() {
                        *last = mi;
                    }
                }
            }
        } else if joined {
            if let Some(g) = out.last_mut() {
                g.end = e;
                g.members.push(mi);
            }
        } else if origin {
            if let Some(g) = out.last_mut() {
                g.end = e;
            }
        } else {
            out.push(Group {
                first: f,
                end: e,
                members: vec![mi],
            });
        }
        let gi = out.len() - 1;
        for slot in group_of.iter_mut().take(e).skip(f) {
            *slot = Some(gi);
        }
    }
    (out, group_of)
}
