//! Actors in a text: dictionary matches over folded text (names, aliases,
//! seats of power as metonyms, demonym adjectives, role phrases resolved to the
//! office holder on the article's date), then the named-entity tagger for names
//! the knowledge base does not hold, which become new actors keyed by their
//! folded name (so spelling variants meet).

use chrono::NaiveDate;
use steppe_model::Published;

use crate::fold;
use crate::kb::{EntryKind, Kb, Kind};

/// How a mention was resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    Alias,
    Metonym,
    Demonym,
    Role,
    New,
}

impl How {
    pub fn as_str(self) -> &'static str {
        match self {
            How::Alias => "alias",
            How::Metonym => "metonym",
            How::Demonym => "demonym",
            How::Role => "role",
            How::New => "new",
        }
    }
}

/// An actor named in a text (byte offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub surface: String,
    pub actor: String,
    /// CAMEO-style code for this mention: a seat gives the government (`RUSGOV`).
    pub code: String,
    pub how: How,
    /// NER type for new actors (PER, LOC, ORG, MISC).
    pub ner: Option<&'static str>,
}

/// The id of a new actor: its folded name, so variants share it.
pub fn new_actor_id(name: &str) -> String {
    format!("N:{}", fold::key(name))
}

fn day_of(p: Option<Published>) -> Option<NaiveDate> {
    match p? {
        Published::Day(d) => Some(d),
        Published::Time(t) => Some(t.date_naive()),
        // A month-precise date still fixes who held an office, bar a change that month.
        Published::Month(y, m) => NaiveDate::from_ymd_opt(y, m, 15),
        Published::Year(_) => None,
    }
}

fn boundary_ok(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
}

/// Words and punctuation with byte offsets, as the tagger was trained on:
/// elided articles ("l'", "d'") stand apart from the word they precede.
fn tokens(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() || c == '-' {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            if c == '\'' {
                out.push((s, i + 1));
                continue;
            }
            out.push((s, i));
        }
        if !c.is_whitespace() {
            out.push((i, i + c.len_utf8()));
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// Finds and resolves the actors of `text`.
pub fn find(kb: &Kb, text: &str, lang: &str, published: Option<Published>) -> Vec<Mention> {
    let folded = fold::fold(text);
    let day = day_of(published);
    let mut out: Vec<Mention> = Vec::new();
    for m in kb.matcher.find_iter(&folded.text) {
        if !boundary_ok(&folded.text, m.start(), m.end()) {
            continue;
        }
        let (start, end) = folded.original(m.start(), m.end());
        let surface = &text[start..end];
        let upper = surface
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
        let entries = &kb.entries[m.pattern().as_usize()];
        // Prefer a name, then a role, a seat, an adjective; acronyms only in capitals.
        let pick = [
            EntryKind::Name,
            EntryKind::Role,
            EntryKind::Seat,
            EntryKind::Adjective,
        ]
        .iter()
        .find_map(|k| {
            entries.iter().find(|e| {
                e.kind == *k
                    && (!e.capitals_only || upper)
                    && e.exact
                        .as_ref()
                        .is_none_or(|x| *x == crate::kb::plain(surface))
            })
        });
        let Some(e) = pick else { continue };
        let actor = &kb.actors[e.actor];
        // The government's code for a country named through its seat or an office.
        let government = || {
            if actor.kind == Kind::Country {
                format!("{}GOV", actor.code)
            } else {
                actor.code.clone()
            }
        };
        let (who, code, how) = match e.kind {
            EntryKind::Name => (actor.id.clone(), actor.code_on(day).to_string(), How::Alias),
            EntryKind::Seat => (actor.id.clone(), government(), How::Metonym),
            EntryKind::Adjective => (actor.id.clone(), actor.code.clone(), How::Demonym),
            EntryKind::Role => {
                let office = e.office.as_deref().unwrap_or("");
                match day.and_then(|d| kb.holder(office, &actor.id, d)) {
                    Some(h) => (h.id.clone(), h.code.clone(), How::Role),
                    // Without a date the holder is unknown: the office's government.
                    None => (actor.id.clone(), government(), How::Role),
                }
            }
        };
        let mention = Mention {
            start,
            end,
            surface: surface.to_string(),
            actor: who,
            code,
            how,
            ner: None,
        };
        out.push(mention);
    }
    // Names the knowledge base does not know, from the tagger.
    // The tagger exists for French and English; other languages get dictionary matches only.
    if let Some(model) = steppe_ner::Model::builtin(lang) {
        let spans: Vec<(usize, usize)> = tokens(text);
        let words: Vec<&str> = spans.iter().map(|&(s, e)| &text[s..e]).collect();
        let tags = model.tag(&words);
        for (s, e, kind) in steppe_ner::conll::spans(&tags) {
            let (start, end) = (spans[s].0, spans[e - 1].1);
            if kind == "MISC" || out.iter().any(|m| m.start < end && start < m.end) {
                continue;
            }
            // The tagger takes a capitalised first word of a sentence for a name
            // ("Toutefois"): a lone word there is kept only if it recurs mid-sentence.
            let sentence_start = text[..start].trim_end().is_empty()
                || text[..start]
                    .trim_end()
                    .ends_with(['.', '!', '?', ':', '»', '"']);
            if e - s == 1 && sentence_start {
                continue;
            }
            // "Asie centrale des mesures": stop before a function word followed by lower case.
            let mut end = end;
            for t in s + 1..e {
                let w = words[t].to_lowercase();
                let next_lower = words
                    .get(t + 1)
                    .is_some_and(|n| n.chars().next().is_some_and(char::is_lowercase));
                if matches!(
                    w.as_str(),
                    "de" | "des"
                        | "du"
                        | "la"
                        | "le"
                        | "les"
                        | "et"
                        | "à"
                        | "en"
                        | "of"
                        | "the"
                        | "and"
                ) && next_lower
                {
                    end = spans[t - 1].1;
                    break;
                }
            }
            let surface = &text[start..end];
            if surface.chars().count() < 3 {
                continue;
            }
            let ner: &'static str = match kind.as_str() {
                "PER" => "PER",
                "LOC" => "LOC",
                _ => "ORG",
            };
            out.push(Mention {
                start,
                end,
                surface: surface.to_string(),
                actor: new_actor_id(surface),
                code: String::new(),
                how: How::New,
                ner: Some(ner),
            });
        }
    }
    out.sort_by_key(|m| m.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, date: &str) -> Vec<(String, String, &'static str)> {
        find(Kb::builtin(), text, "fr", Published::parse_iso(date))
            .into_iter()
            .map(|m| (m.surface, m.actor, m.how.as_str()))
            .collect()
    }

    #[test]
    fn names_metonyms_and_roles() {
        let got = found(
            "Le chef de la diplomatie américaine a rencontré M. Tokaïev à Astana; Moscou et Pékin observent.",
            "2023-02",
        );
        let want = [
            ("Le chef de la diplomatie américaine", "P-BLINKEN", "role"),
            ("Tokaïev", "P-TOKAYEV", "alias"),
            ("Astana", "KAZ", "metonym"),
            ("Moscou", "RUS", "metonym"),
            ("Pékin", "CHN", "metonym"),
        ];
        for w in want {
            assert!(
                got.iter().any(|g| (g.0.as_str(), g.1.as_str(), g.2) == w),
                "{w:?} not in {got:?}"
            );
        }
    }

    #[test]
    fn acronyms_only_in_capitals() {
        let got = found("Les pays de l'ONU votent; nous en parlons.", "2023-02-28");
        assert!(got.iter().any(|g| g.1 == "UNO"));
        let got = find(Kb::builtin(), "Tell us what the US wants.", "en", None);
        assert_eq!(
            got.iter().filter(|m| m.actor == "USA").count(),
            1,
            "{got:?}"
        );
    }

    #[test]
    fn unknown_names_become_new_actors_across_spellings() {
        assert_eq!(new_actor_id("Aïdar Bekov"), new_actor_id("Aydar Bekov"));
    }
}
