//! Quotes: someone's words in an article, with who said them.
//!
//! Per sentence, a quotation of at least [`MIN_QUOTE_WORDS`] words between
//! marks (« », “ ”, „ “, " ") is direct; it takes the reporting verb right
//! after it ("», a déclaré X", "\" Sullivan added"), else the one before it
//! ("X a affirmé que «"), else an "according to" phrase in the sentence; a
//! sentence that is only a quotation continues the previous sentence's
//! speaker. A reporting verb left over opens an indirect quote when "that"
//! follows it ("X said that ..."), in English also without "that", or when it
//! closes the sentence after a comma ("..., a indiqué le ministère"); "selon
//! X" reports the rest of its sentence.
//!
//! The speaker is an actor mention: after the verb when the subject is
//! inverted ("a déclaré le président"), else the nearest mention before the
//! verb in its clause that no preposition governs ("à Moscou" is no
//! speaker), a person before a place. A pronoun takes the speaker of a quote
//! in the last [`PRONOUN_REACH`] sentences, else the last person named.
//! Quotes whose speaker cannot be resolved are left out.

use std::ops::Range;

use steppe_model::{ActorMention, EventActor, Quote};

use crate::words::{self, Words};
use crate::{tokens, Tok};

/// Fewer words between marks are a term or a scare quote, not a statement.
pub const MIN_QUOTE_WORDS: usize = 4;
/// A reported statement shorter than this is no statement.
const MIN_INDIRECT_WORDS: usize = 3;
/// How many sentences back a pronoun looks for the last speaker.
pub const PRONOUN_REACH: usize = 3;
/// How many words may lie between a subject and its verb.
const SUBJECT_REACH: usize = 15;
/// How many words after "selon" the speaker may start.
const AFTER_REACH: usize = 8;
/// How many words may stand between an inverted verb and its subject.
const INVERTED_REACH: usize = 3;

/// The quotes of an article (`text` in `lang`), speakers among `mentions`
/// (byte offsets into `text`). Another language gives none.
pub fn find(text: &str, lang: &str, mentions: &[ActorMention]) -> Vec<Quote> {
    let Some(w) = words::builtin(lang) else {
        return Vec::new();
    };
    find_with(text, mentions, w)
}

/// One resolved speaker: the actor, and the words of the sentence naming it.
#[derive(Debug, Clone)]
struct Speaker {
    actor: EventActor,
    start: usize,
    end: usize,
}

/// What a sentence leaves for the next ones: the last speaker and where.
struct Context<'a> {
    text: &'a str,
    mentions: Vec<&'a ActorMention>,
    last: Option<(Speaker, String, usize)>,
}

fn find_with(text: &str, mentions: &[ActorMention], w: &Words) -> Vec<Quote> {
    let mut ms: Vec<&ActorMention> = mentions
        .iter()
        .filter(|m| !m.actor.is_empty() && !m.actor.starts_with("A:"))
        .collect();
    ms.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    let mut cx = Context {
        text,
        mentions: ms,
        last: None,
    };
    let mut out = Vec::new();
    for (si, range) in steppe_text::sentences::split(text).into_iter().enumerate() {
        let found = sentence(&mut cx, w, si, range);
        if let Some(q) = found.last() {
            let sp = Speaker {
                actor: q.speaker.clone(),
                start: q.speaker_start,
                end: q.speaker_end,
            };
            cx.last = Some((sp, q.verb.clone(), si));
        }
        out.extend(found);
    }
    out
}

/// A quotation between marks: outer bytes (with the marks) and inner bytes.
#[derive(Debug, Clone, Copy)]
struct Marked {
    outer: (usize, usize),
    inner: (usize, usize),
}

/// Quotations in `s` (a sentence starting at byte `base`), outermost only.
fn marked(s: &str, base: usize) -> Vec<Marked> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize, char)> = None;
    for (i, c) in s.char_indices() {
        match open {
            None => {
                let closer = match c {
                    '«' => '»',
                    '“' => '”',
                    '„' => '“',
                    '"' => '"',
                    '‹' => '›',
                    _ => continue,
                };
                open = Some((i, i + c.len_utf8(), closer));
            }
            Some((o, inner, closer)) => {
                // „ closes with “ or ”, as German and some Spanish print.
                if c == closer || (closer == '“' && c == '”') {
                    out.push(Marked {
                        outer: (base + o, base + i + c.len_utf8()),
                        inner: (base + inner, base + i),
                    });
                    open = None;
                }
            }
        }
    }
    out
}

fn sentence(cx: &mut Context, w: &Words, si: usize, range: Range<usize>) -> Vec<Quote> {
    let text = cx.text;
    let Some(s) = text.get(range.clone()) else {
        return Vec::new();
    };
    let toks = tokens(s, range.start);
    let quotes: Vec<Marked> = marked(s, range.start)
        .into_iter()
        .filter(|m| {
            toks.iter()
                .filter(|t| t.start >= m.inner.0 && t.end <= m.inner.1)
                .count()
                >= MIN_QUOTE_WORDS
        })
        .collect();
    let all_marks = marked(s, range.start);
    let inside = |t: &Tok| {
        all_marks
            .iter()
            .any(|m| t.start >= m.inner.0 && t.end <= m.inner.1)
    };
    let verbs: Vec<usize> = (0..toks.len())
        .filter(|&i| {
            // "States" in "United States" is no verb: reporting verbs are lower case.
            toks.get(i).is_some_and(|t| {
                !inside(t)
                    && w.verbs.contains(&t.lower)
                    && text
                        .get(t.start..t.end)
                        .and_then(|w| w.chars().next())
                        .is_some_and(char::is_lowercase)
            })
        })
        .collect();
    let according: Vec<(usize, usize)> = (0..toks.len())
        .filter_map(|i| {
            w.according.iter().find_map(|phrase| {
                let words = toks.get(i..i + phrase.len())?;
                let hit = words.iter().zip(phrase).all(|(t, p)| &t.lower == p)
                    && words.first().is_some_and(|t| !inside(t))
                    && toks
                        .get(i + phrase.len())
                        .is_none_or(|t| !w.not_according.contains(&t.lower));
                hit.then_some((i, i + phrase.len()))
            })
        })
        .collect();
    let mut used_verbs: Vec<usize> = Vec::new();
    let mut used_according: Vec<usize> = Vec::new();
    let mut out = Vec::new();
    for (qi, q) in quotes.iter().enumerate() {
        let prev_end = if qi == 0 {
            range.start
        } else {
            quotes.get(qi - 1).map_or(range.start, |p| p.outer.1)
        };
        let next_start = quotes.get(qi + 1).map_or(range.end, |n| n.outer.0);
        // 1. The verb right after the quotation.
        let after = verbs.iter().copied().find(|&v| {
            toks.get(v).is_some_and(|t| {
                t.start >= q.outer.1
                    && t.end <= next_start
                    && toks
                        .iter()
                        .filter(|x| x.start >= q.outer.1 && x.end <= t.start)
                        .count()
                        <= 3
            })
        });
        let mut found: Option<(Speaker, String)> = None;
        if let Some(v) = after {
            let sp = subject_before(cx, w, &toks, v, q.outer.1, si)
                .or_else(|| speaker_after(cx, w, &toks, v, next_start, si));
            if let Some(sp) = sp {
                used_verbs.push(v);
                found = Some((sp, verb_text(text, w, &toks, v)));
            }
        }
        // 2. The verb before it, in the same stretch.
        if found.is_none() {
            // A verb that introduced an earlier quotation is that one's.
            let before = verbs.iter().copied().rev().find(|&v| {
                !used_verbs.contains(&v)
                    && toks
                        .get(v)
                        .is_some_and(|t| t.end <= q.outer.0 && t.start >= prev_end)
            });
            if let Some(v) = before {
                let sp = subject_before(cx, w, &toks, v, prev_end, si)
                    .or_else(|| speaker_after(cx, w, &toks, v, q.outer.0, si));
                if let Some(sp) = sp {
                    used_verbs.push(v);
                    found = Some((sp, verb_text(text, w, &toks, v)));
                }
            }
        }
        // 3. "selon X" anywhere in the sentence.
        if found.is_none() {
            for (ai, &(a, b)) in according.iter().enumerate() {
                if let Some(sp) = mention_after(cx, &toks, b, range.end) {
                    used_according.push(ai);
                    let verb = phrase_text(text, &toks, a, b);
                    found = Some((sp, verb));
                    break;
                }
            }
        }
        // 4. A sentence that is only a quotation goes on with the last speaker.
        if found.is_none() {
            let outside = toks.iter().filter(|t| !inside(t)).count();
            if outside <= 1 && quotes.len() == 1 {
                if let Some((sp, verb, at)) = &cx.last {
                    if *at + 1 == si {
                        found = Some((sp.clone(), verb.clone()));
                    }
                }
            }
        }
        if let Some((sp, verb)) = found {
            out.push(quote(text, &range, q.inner, sp, verb, true));
        }
    }
    // Indirect quotes from the verbs and phrases left.
    for &v in &verbs {
        if used_verbs.contains(&v) {
            continue;
        }
        if let Some(q) = indirect(cx, w, &toks, v, &range, &quotes, si) {
            out.push(q);
        }
    }
    for (ai, &(a, b)) in according.iter().enumerate() {
        if used_according.contains(&ai) || !quotes.is_empty() {
            continue;
        }
        let Some(sp) = mention_after(cx, &toks, b, range.end) else {
            continue;
        };
        // "Selon X, ..." reports what follows the phrase's comma; "..., selon X"
        // what comes before it.
        let span = if a == 0 {
            let comma = text
                .get(sp.end..range.end)
                .and_then(|t| t.find(','))
                .map(|c| sp.end + c + 1);
            comma.map(|c| (c, range.end))
        } else {
            toks.get(a).map(|t| (range.start, t.start))
        };
        let Some(span) = span else { continue };
        if words_in(&toks, span) < MIN_INDIRECT_WORDS {
            continue;
        }
        let verb = phrase_text(text, &toks, a, b);
        out.push(quote(text, &range, span, sp, verb, false));
    }
    out.sort_by_key(|q| q.start);
    out.dedup_by_key(|q| q.start);
    out
}

fn words_in(toks: &[Tok], span: (usize, usize)) -> usize {
    toks.iter()
        .filter(|t| t.start >= span.0 && t.end <= span.1)
        .count()
}

/// An indirect quote on verb `v`, when a reported clause goes with it.
fn indirect(
    cx: &Context,
    w: &Words,
    toks: &[Tok],
    v: usize,
    range: &Range<usize>,
    marks: &[Marked],
    si: usize,
) -> Option<Quote> {
    let text = cx.text;
    let vt = toks.get(v)?;
    // "X a déclaré (vendredi) que ...": the clause after "that".
    let that = (v + 1..(v + 5).min(toks.len())).find(|&j| {
        toks.get(j)
            .is_some_and(|t| w.that.contains(&t.lower) && no_break(text, vt.end, t.start))
    });
    let clause_start = marks
        .iter()
        .filter(|m| m.outer.1 <= vt.start)
        .map(|m| m.outer.1)
        .max()
        .unwrap_or(range.start);
    // The reported words, when long enough and not a direct quotation's.
    let reported = |span: (usize, usize), sp: Speaker, min_words: usize| {
        (words_in(toks, span) >= min_words && !crosses_marks(span, marks))
            .then(|| quote(text, range, span, sp, verb_text(text, w, toks, v), false))
    };
    if let Some(j) = that {
        let from = toks.get(j + 1)?.start;
        let sp = subject_before(cx, w, toks, v, clause_start, si)?;
        return reported((from, range.end), sp, MIN_INDIRECT_WORDS);
    }
    // "..., a indiqué le ministère." / "..., officials said.": the verb closes the
    // sentence and the words before the comma are the statement.
    let tail = toks.len().saturating_sub(v + 1);
    let comma = text
        .get(range.start..vt.start)
        .and_then(|head| head.rfind(','))
        .map(|c| range.start + c)
        .filter(|&c| {
            tail <= 5
                && toks
                    .iter()
                    .filter(|t| t.start > c && t.end <= vt.start)
                    .count()
                    <= 6
        });
    if let Some(comma) = comma {
        let sp = subject_before(cx, w, toks, v, comma, si)
            .or_else(|| speaker_after(cx, w, toks, v, range.end, si));
        if let Some(q) = sp.and_then(|sp| reported((range.start, comma), sp, MIN_INDIRECT_WORDS)) {
            return Some(q);
        }
    }
    // English leaves "that" out: "Blinken said the United States had ...".
    if w.bare.contains(&vt.lower) {
        let next = toks.get(v + 1)?;
        if !no_break(text, vt.end, next.start) || w.before.contains(&next.lower) {
            return None;
        }
        let sp = subject_before(cx, w, toks, v, clause_start, si)?;
        // Without "that" the clause needs one word more to be a statement.
        return reported((next.start, range.end), sp, MIN_INDIRECT_WORDS + 1);
    }
    None
}

/// Whether only spaces lie between two offsets (no comma, colon or mark).
fn no_break(text: &str, a: usize, b: usize) -> bool {
    text.get(a..b)
        .is_some_and(|g| g.chars().all(|c| c.is_whitespace() || c.is_alphanumeric()))
}

/// A reported clause that takes in a direct quotation is that quotation's.
fn crosses_marks(span: (usize, usize), quotes: &[Marked]) -> bool {
    quotes
        .iter()
        .any(|m| m.outer.0 >= span.0 && m.outer.1 <= span.1)
}

fn is_person(m: &ActorMention) -> bool {
    m.actor.starts_with("P-") || m.ner.as_deref() == Some("PER") || m.how == "role"
}

fn speaker_of(m: &ActorMention) -> Speaker {
    Speaker {
        actor: EventActor {
            id: m.actor.clone(),
            code: m.code.clone(),
            surface: m.surface.clone(),
        },
        start: m.start,
        end: m.end,
    }
}

fn text_of<'t>(text: &'t str, t: &Tok) -> &'t str {
    text.get(t.start..t.end).unwrap_or_default()
}

/// The word just before byte `at`, if any.
fn word_before(toks: &[Tok], at: usize) -> Option<&Tok> {
    toks.iter().rev().find(|t| t.end <= at)
}

/// The subject of verb `v`: a pronoun right before it, else the nearest
/// mention in `[from, verb)` that no preposition governs, a person first.
fn subject_before(
    cx: &Context,
    w: &Words,
    toks: &[Tok],
    v: usize,
    from: usize,
    si: usize,
) -> Option<Speaker> {
    let vt = toks.get(v)?;
    // Skip auxiliaries and adverbs back to the subject.
    let mut j = v;
    while j > 0 {
        j -= 1;
        let t = toks.get(j)?;
        if t.start < from {
            break;
        }
        if w.pronouns.contains(&t.lower) {
            return resolve_pronoun(cx, w, t, si);
        }
        if !(w.skip.contains(&t.lower) || w.aux.contains(&t.lower)) {
            break;
        }
    }
    let reach = toks
        .get(v.saturating_sub(SUBJECT_REACH))
        .map_or(from, |t| t.start.max(from));
    // A person may stand some words before the verb; another actor must be
    // its subject right before it ("Moscou affirme", "la Maison Blanche
    // insiste"), so that "la police de Rock Hill affirme" is not Rock Hill's.
    let adjacent = |m: &ActorMention| {
        toks.iter()
            .filter(|t| t.start >= m.end && t.end <= vt.start)
            .all(|t| w.skip.contains(&t.lower) || w.aux.contains(&t.lower))
    };
    let candidates: Vec<&&ActorMention> = cx
        .mentions
        .iter()
        .filter(|m| m.start >= reach && m.end <= vt.start)
        .filter(|m| is_person(m) || adjacent(m))
        // "Rock Hill Police say": a name inside a longer name is no subject.
        .filter(|m| {
            toks.iter()
                .find(|t| t.start >= m.end && t.end <= vt.start)
                .is_none_or(|t| {
                    !text_of(cx.text, t)
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase)
                })
        })
        .filter(|m| {
            word_before(toks, m.start)
                .is_none_or(|p| p.start < from || !w.before.contains(&p.lower))
        })
        .collect();
    candidates
        .iter()
        .rev()
        .find(|m| is_person(m))
        .or_else(|| candidates.last())
        .map(|m| speaker_of(m))
        .or_else(|| {
            // A name the actor stage missed, right before the verb ("Edith dijo").
            let j = (0..v).rev().find(|&j| {
                toks.get(j)
                    .is_some_and(|t| !(w.skip.contains(&t.lower) || w.aux.contains(&t.lower)))
            })?;
            let first = toks.first().map(|t| t.start);
            let (a, b) = name_run(cx.text, toks, j, false)?;
            // A lone capitalised word opening the sentence may be any word.
            let lone = b == a + 1 && toks.get(a).map(|t| t.start) == first;
            // "L'entourage d'Emmanuel Macron explique": governed, no subject.
            let governed = a
                .checked_sub(1)
                .and_then(|p| toks.get(p))
                .is_some_and(|p| w.before.contains(&p.lower));
            if lone || governed || toks.get(a).is_some_and(|t| t.start < from) {
                return None;
            }
            unnamed_speaker(cx, toks, a, b)
        })
}

/// The run of capitalised words ending (`backwards`) or starting at word `at`,
/// at most four, joined by spaces or hyphens only: `(first, past the last)`.
fn name_run(text: &str, toks: &[Tok], at: usize, forwards: bool) -> Option<(usize, usize)> {
    let capital = |i: usize| {
        toks.get(i).is_some_and(|t| {
            text_of(text, t)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        })
    };
    let joined = |i: usize| match (toks.get(i), toks.get(i + 1)) {
        (Some(x), Some(y)) => text
            .get(x.end..y.start)
            .is_some_and(|g| g == " " || g == "-"),
        _ => false,
    };
    if !capital(at) {
        return None;
    }
    let (mut a, mut b) = (at, at + 1);
    if forwards {
        while b - a < 4 && capital(b) && joined(b - 1) {
            b += 1;
        }
    } else {
        while b - a < 4 && a > 0 && capital(a - 1) && joined(a - 1) {
            a -= 1;
        }
    }
    Some((a, b))
}

/// A speaker the actor stage did not find here, named by words `a..b`: the
/// actor of a mention of the same name elsewhere in the article, else a new
/// actor whose id is its folded name, as the actor stage gives new actors.
fn unnamed_speaker(cx: &Context, toks: &[Tok], a: usize, b: usize) -> Option<Speaker> {
    let (first, last) = (toks.get(a)?, toks.get(b.checked_sub(1)?)?);
    let name = cx.text.get(first.start..last.end)?;
    let key = steppe_actors::fold::key(name);
    let known = cx
        .mentions
        .iter()
        .find(|m| steppe_actors::fold::key(&m.surface) == key);
    Some(Speaker {
        actor: match known {
            Some(m) => speaker_of(m).actor,
            None => EventActor {
                id: format!("N:{key}"),
                code: String::new(),
                surface: name.to_string(),
            },
        },
        start: first.start,
        end: last.end,
    })
}

/// The speaker after an inverted verb ("a déclaré le président X", "said he").
fn speaker_after(
    cx: &Context,
    w: &Words,
    toks: &[Tok],
    v: usize,
    limit: usize,
    si: usize,
) -> Option<Speaker> {
    let next = toks.get(v + 1)?;
    if w.pronouns.contains(&next.lower) && next.end <= limit {
        return resolve_pronoun(cx, w, next, si);
    }
    let vt = toks.get(v)?;
    let named = mention_after(cx, toks, v + 1, limit).filter(|sp| {
        // An inverted subject follows its verb closely ("a déclaré mardi M.
        // Orlov"), before any "que" (then it is the reported clause's).
        let between: Vec<&Tok> = toks
            .iter()
            .filter(|t| t.start >= vt.end && t.end <= sp.start)
            .collect();
        // Not governed by a preposition: "a déclaré à Blinken" names the listener.
        between.len() <= INVERTED_REACH
            && between.iter().all(|t| !w.that.contains(&t.lower))
            && word_before(toks, sp.start)
                .is_none_or(|p| p.start <= vt.start || !w.before.contains(&p.lower))
    });
    named.or_else(|| {
        // A name the actor stage missed: "sintetizó Edith", "dijo el ministro
        // Juan Pérez" (at most two words between).
        let j = (v + 1..(v + 4).min(toks.len())).find(|&j| {
            toks.get(j).is_some_and(|t| {
                t.end <= limit
                    && text_of(cx.text, t)
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase)
            })
        })?;
        let gap: Vec<&Tok> = toks.get(v + 1..j)?.iter().collect();
        if gap
            .iter()
            .any(|t| w.that.contains(&t.lower) || w.before.contains(&t.lower))
            || !no_break(cx.text, vt.end, toks.get(j)?.start)
        {
            return None;
        }
        let (a, b) = name_run(cx.text, toks, j, true)?;
        if toks.get(b - 1).is_some_and(|t| t.end > limit) {
            return None;
        }
        unnamed_speaker(cx, toks, a, b)
    })
}

/// The first mention starting within [`AFTER_REACH`] words from word `from`.
fn mention_after(cx: &Context, toks: &[Tok], from: usize, limit: usize) -> Option<Speaker> {
    let start = toks.get(from)?.start;
    let reach = toks
        .get(from + AFTER_REACH)
        .map_or(limit, |t| t.end.min(limit));
    let m = cx
        .mentions
        .iter()
        .find(|m| m.start >= start && m.start < reach && m.end <= limit)?;
    // "according to Manchester police" is the police's word, not the city's.
    let next_word = toks.iter().find(|t| t.start >= m.end);
    let glued = next_word.is_some_and(|t| {
        cx.text
            .get(m.end..t.start)
            .is_some_and(|gap| gap.trim().is_empty())
    });
    if is_place(m) && glued {
        return None;
    }
    Some(speaker_of(m))
}

/// A city, region or unnamed place: it speaks only by metonymy.
fn is_place(m: &ActorMention) -> bool {
    m.actor.starts_with("C-") || m.actor.starts_with("R-") || m.ner.as_deref() == Some("LOC")
}

/// A pronoun's speaker: the last quote's within reach, else the last person.
fn resolve_pronoun(cx: &Context, w: &Words, pronoun: &Tok, si: usize) -> Option<Speaker> {
    let here = |mut sp: Speaker| {
        sp.start = pronoun.start;
        sp.end = pronoun.end;
        sp
    };
    if let Some((sp, _, at)) = &cx.last {
        if si.saturating_sub(*at) <= PRONOUN_REACH {
            return Some(here(sp.clone()));
        }
    }
    let all = tokens(cx.text.get(..pronoun.start)?, 0);
    cx.mentions
        .iter()
        .rev()
        .filter(|m| m.end <= pronoun.start && is_person(m))
        .find(|m| word_before(&all, m.start).is_none_or(|p| !w.before.contains(&p.lower)))
        .map(|m| here(speaker_of(m)))
}

/// The verb as written, with an auxiliary right before it ("a déclaré").
fn verb_text(text: &str, w: &Words, toks: &[Tok], v: usize) -> String {
    let Some(vt) = toks.get(v) else {
        return String::new();
    };
    let mut start = vt.start;
    if let Some(p) = v.checked_sub(1).and_then(|i| toks.get(i)) {
        if w.aux.contains(&p.lower) && no_break(text, p.end, vt.start) {
            start = p.start;
        }
    }
    text.get(start..vt.end).unwrap_or_default().to_string()
}

fn phrase_text(text: &str, toks: &[Tok], a: usize, b: usize) -> String {
    match (toks.get(a), b.checked_sub(1).and_then(|i| toks.get(i))) {
        (Some(x), Some(y)) => text.get(x.start..y.end).unwrap_or_default().to_string(),
        _ => String::new(),
    }
}

/// A quote record, its span trimmed of spaces and punctuation at the edges.
fn quote(
    text: &str,
    sentence: &Range<usize>,
    span: (usize, usize),
    sp: Speaker,
    verb: String,
    direct: bool,
) -> Quote {
    let (mut a, mut b) = span;
    let raw = text.get(a..b).unwrap_or_default();
    let edge = |c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '.' | '—' | '–');
    let trimmed_start = raw.trim_start_matches(edge);
    a += raw.len() - trimmed_start.len();
    let trimmed = trimmed_start.trim_end_matches(edge);
    b = a + trimmed.len();
    Quote {
        sentence_start: sentence.start,
        sentence_end: sentence.end,
        start: a,
        end: b,
        text: trimmed.to_string(),
        speaker: sp.actor,
        speaker_start: sp.start,
        speaker_end: sp.end,
        verb,
        direct,
    }
}

#[cfg(test)]
pub(crate) mod tests;
