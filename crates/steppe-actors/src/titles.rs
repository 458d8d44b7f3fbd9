//! Titles: a name the knowledge base lacks takes the country and the role its
//! title gives ("Thai soldier Somchai Boonmee" → THAMIL, "le ministre algérien
//! de l'Agriculture, Cherif Omari" → DZAGOV, "X, a member of the European
//! Parliament" → IGOEUREECLEG), and keeps them for the rest of the text. The
//! titles and their agents are data (`data/kb/titles.tsv`).

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::find::{How, Mention};
use crate::fold;

struct Title {
    lang: String,
    /// Folded words.
    words: Vec<String>,
    /// The agent code part, or `*`: the organisation's own.
    agent: String,
}

fn titles() -> &'static [Title] {
    static TITLES: OnceLock<Vec<Title>> = OnceLock::new();
    TITLES.get_or_init(|| {
        let mut out: Vec<Title> = include_str!("../../../data/kb/titles.tsv")
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let mut cols = l.split('\t').map(str::trim);
                let (lang, title, agent) = (cols.next()?, cols.next()?, cols.next()?);
                Some(Title {
                    lang: lang.to_string(),
                    words: words(title),
                    agent: agent.to_string(),
                })
            })
            .filter(|t| !t.words.is_empty())
            .collect();
        // The longest title first: "prime minister" before "minister".
        out.sort_by_key(|t| std::cmp::Reverse(t.words.len()));
        out
    })
}

/// Folded words of `s`, marks and hyphens as spaces.
fn words(s: &str) -> Vec<String> {
    let spaced: String = s
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    fold::key(&spaced)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Small words a title phrase may hold around its head and portfolio
/// ("de l'Agriculture", "of the").
const LINKS: &[&str] = &[
    "of", "the", "for", "s", "de", "du", "des", "la", "le", "l", "d", "del", "el", "los", "las",
    "a", "an", "un", "une", "et", "and", "y",
];
const ARTICLES: &[&str] = &[
    "a", "an", "the", "un", "une", "le", "la", "l", "el", "uno", "una",
];

/// Is folded word `x` one of `list` (folded as names are: "the" is "te")?
fn one_of(list: &[&str], x: &str) -> bool {
    list.iter().any(|l| words(l).iter().any(|w| w == x))
}

/// A title that takes the country next to it: not a modifier (`+`), nor
/// one coded whole (`---BUS`).
fn usable(t: &Title) -> bool {
    t.agent != "+" && !t.agent.starts_with("---")
}

/// The title `ws` ends with, in `lang`.
fn title_at_end<'a>(ws: &[String], lang: &str) -> Option<&'a Title> {
    titles()
        .iter()
        .find(|t| usable(t) && t.lang == lang && ws.ends_with(&t.words))
}

/// The title `ws` starts with, in `lang`.
fn title_at_start<'a>(ws: &[String], lang: &str) -> Option<&'a Title> {
    titles()
        .iter()
        .find(|t| usable(t) && t.lang == lang && ws.starts_with(&t.words))
}

/// Raw words of `s` (split on spaces, commas off).
fn raw_words(s: &str) -> Vec<&str> {
    s.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect()
}

/// Only words, spaces, commas, apostrophes and hyphens: no sentence break.
fn plain_stretch(s: &str, max: usize) -> bool {
    s.len() <= max
        && s.chars().all(|c| {
            c.is_alphanumeric() || c.is_whitespace() || matches!(c, ',' | '\'' | '’' | '-')
        })
}

/// Is every raw word a capitalised word (a portfolio: "Agriculture"), a
/// link, or a modifier of titles (agent `+` in the data: "deputy")?
fn portfolio_words(ws: &[&str], lang: &str) -> bool {
    ws.iter()
        .flat_map(|w| w.split(['\'', '’']))
        .filter(|w| !w.is_empty())
        .all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || words(w).iter().all(|x| {
                    one_of(LINKS, x)
                        || titles()
                            .iter()
                            .any(|t| t.agent == "+" && t.lang == lang && t.words == [x.clone()])
                })
        })
}

/// The code a title of agent `agent` gives next to mention `m`: its country
/// (first three letters) or its whole organisation code, and the agent.
fn code_with(
    m: &Mention,
    agent: &str,
    agent_of: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    let base = if m.code.starts_with("IGO") {
        m.code.clone()
    } else {
        let c = m.code.get(..3)?;
        if c == "---" || !c.chars().all(|x| x.is_ascii_uppercase()) {
            return None;
        }
        c.to_string()
    };
    let agent = if agent == "*" {
        let last = m.surface.split_whitespace().last().unwrap_or("");
        agent_of(last).unwrap_or_default()
    } else if base.starts_with("IGO") && agent == "GOV" {
        String::new()
    } else {
        agent.to_string()
    };
    if base.ends_with(&agent) && !agent.is_empty() {
        return Some(base);
    }
    Some(format!("{base}{agent}"))
}

fn unknown_name(m: &Mention) -> bool {
    m.how == How::New
        && m.code.is_empty()
        && (m.ner == Some("PER") || m.surface.split_whitespace().count() >= 2)
}

fn has_country(m: &Mention) -> bool {
    m.how != How::New && !m.code.is_empty() && !m.code.starts_with("---")
}

/// Gives unknown names their title's country and role, then the same code to
/// their later mentions in the text (same new actor, or a short form of it).
/// `agent_of` names the agent a word is ("Parliament" → LEG).
pub fn apply(
    text: &str,
    lang: &str,
    mentions: &mut [Mention],
    agent_of: &dyn Fn(&str) -> Option<String>,
) {
    // Actor → (where its title was given, the code).
    let mut given: HashMap<String, (usize, String)> = HashMap::new();
    for i in 0..mentions.len() {
        if !unknown_name(&mentions[i]) {
            continue;
        }
        if let Some(code) = titled(text, lang, mentions, i, agent_of) {
            let at = mentions[i].start;
            let first = given
                .entry(mentions[i].actor.clone())
                .or_insert((at, code.clone()));
            if at < first.0 {
                *first = (at, code.clone());
            }
            mentions[i].code = code;
        }
    }
    for m in mentions.iter_mut() {
        if let Some((from, code)) = given.get(&m.actor) {
            if m.start > *from && m.code.is_empty() {
                m.code = code.clone();
            }
        }
    }
}

fn titled(
    text: &str,
    lang: &str,
    mentions: &[Mention],
    i: usize,
    agent_of: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    titled_by_country(text, lang, mentions, i, agent_of).or_else(|| countryless(lang, &mentions[i]))
}

/// "Nissan Chairman Carlos Ghosn": a title the data codes whole (`---BUS`:
/// a company's, no state's) inside a name, after at most one word, gives
/// that code. Before a name it is left alone: "committee chairman" heads
/// a state's body.
fn countryless(lang: &str, n: &Mention) -> Option<String> {
    let own = words(&n.surface);
    (0..=1)
        .find_map(|skip| {
            let rest = own.get(skip..)?;
            titles().iter().find(|t| {
                t.agent.starts_with("---")
                    && t.lang == lang
                    && rest.starts_with(&t.words)
                    && rest.len() > t.words.len()
            })
        })
        .map(|t| t.agent.clone())
}

fn titled_by_country(
    text: &str,
    lang: &str,
    mentions: &[Mention],
    i: usize,
    agent_of: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    let n = &mentions[i];
    // Before the name: the nearest actor of a country or organisation.
    let before = mentions
        .iter()
        .filter(|m| m.end <= n.start && has_country(m))
        .max_by_key(|m| m.end);
    if let Some(m) = before {
        let between = text.get(m.end..n.start)?;
        if plain_stretch(between, 70) {
            let ws = words(between);
            let raw = raw_words(between);
            // "Thai soldier Somchai Boonmee", "Algerian Agriculture Minister X".
            if let Some(t) = title_at_end(&ws, lang) {
                if raw.len() >= t.words.len()
                    && portfolio_words(&raw[..raw.len() - t.words.len()], lang)
                {
                    return code_with(m, &t.agent, agent_of);
                }
            }
            // "Iran FM Zarif": the tagger took the title into the name.
            let own = words(&n.surface);
            if let Some(t) = title_at_start(&own, lang).filter(|t| own.len() > t.words.len()) {
                if portfolio_words(&raw, lang) && raw.len() <= 3 {
                    return code_with(m, &t.agent, agent_of);
                }
            }
            // "le ministre algérien des Affaires étrangères, X": a role phrase
            // right before the name is the name's office.
            if raw.is_empty() && m.how == How::Role {
                return Some(m.code.clone());
            }
            // "the Thai soldier Somchai Boonmee" when the agents took "Thai
            // soldier" as one actor: its own title.
            if raw.is_empty() {
                if let Some(t) = title_at_end(&words(&m.surface), lang) {
                    return code_with(m, &t.agent, agent_of);
                }
            }
            // "le ministre algérien de l'Agriculture, Cherif Omari": the
            // title before the country's adjective.
            let ahead = text.get(..m.start)?;
            let tail: Vec<String> = words(ahead).into_iter().rev().take(4).collect();
            let tail: Vec<String> = tail.into_iter().rev().collect();
            if m.how == How::Demonym && portfolio_words(&raw, lang) && raw.len() <= 6 {
                if let Some(t) = title_at_end(&tail, lang) {
                    return code_with(m, &t.agent, agent_of);
                }
            }
        }
    }
    // After the name: "X, a member of the European Parliament", "X, an
    // Algerian diplomat".
    let rest = text.get(n.end..)?;
    if !rest.trim_start().starts_with(',') {
        return None;
    }
    let m = mentions
        .iter()
        .filter(|m| m.start >= n.end && has_country(m))
        .min_by_key(|m| m.start)?;
    let between = text.get(n.end..m.start)?;
    if !plain_stretch(between, 60) {
        return None;
    }
    let mut ws = words(between);
    if ws.first().is_some_and(|w| one_of(ARTICLES, w)) {
        ws.remove(0);
    }
    if ws.is_empty() {
        // "X, an Algerian diplomat": the title after the adjective.
        let after = text.get(m.end..)?;
        let next: Vec<String> = words(after).into_iter().take(3).collect();
        let t = title_at_start(&next, lang)?;
        return (m.how == How::Demonym).then(|| code_with(m, &t.agent, agent_of))?;
    }
    let t = title_at_start(&ws, lang)?;
    let links = &ws[t.words.len()..];
    (!links.is_empty() && links.iter().all(|w| one_of(LINKS, w)))
        .then(|| code_with(m, &t.agent, agent_of))?
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(text: &str, surface: &str, code: &str, how: How) -> Mention {
        let start = text.find(surface).unwrap_or(0);
        Mention {
            start,
            end: start + surface.len(),
            surface: surface.to_string(),
            actor: if how == How::New {
                crate::find::new_actor_id(surface)
            } else {
                code.to_string()
            },
            code: code.to_string(),
            how,
            ner: (how == How::New).then_some("PER"),
            office: None,
        }
    }

    #[test]
    fn a_title_the_tagger_took_into_the_name_still_gives_the_country() {
        let text = "Sudan FM Amira Haddad flew to Cairo, and Haddad met officials.";
        let mut ms = vec![
            mention(text, "Sudan", "SDN", How::Alias),
            mention(text, "FM Amira Haddad", "", How::New),
        ];
        apply(text, "en", &mut ms, &|_| None);
        assert_eq!(ms[1].code, "SDNGOV");
    }

    #[test]
    fn a_company_title_with_no_country_gives_its_agent_alone() {
        let text = "Acme Chairman Rolf Andersen met the Lebanese president.";
        let mut ms = vec![mention(text, "Acme Chairman Rolf Andersen", "", How::New)];
        apply(text, "en", &mut ms, &|_| None);
        assert_eq!(ms[0].code, "---BUS");
        // Before a name, and next to a country, it is left alone.
        let text = "Chinese chairman Rolf Andersen spoke.";
        let mut ms = vec![
            mention(text, "Chinese", "CHN", How::Demonym),
            mention(text, "Rolf Andersen", "", How::New),
        ];
        apply(text, "en", &mut ms, &|_| None);
        assert_eq!(ms[1].code, "");
    }

    #[test]
    fn a_role_phrase_right_before_a_name_is_its_office() {
        let text = "Le ministre soudanais de l'Intérieur, Amira Haddad, a démissionné.";
        let role = "Le ministre soudanais de l'Intérieur";
        let mut ms = vec![
            mention(text, role, "SDNGOV", How::Role),
            mention(text, "Amira Haddad", "", How::New),
        ];
        apply(text, "fr", &mut ms, &|_| None);
        assert_eq!(ms[1].code, "SDNGOV");
    }

    #[test]
    fn no_title_no_code_and_a_verb_between_breaks_the_title() {
        let text = "Sudan said Amira Haddad flew to Cairo.";
        let mut ms = vec![
            mention(text, "Sudan", "SDN", How::Alias),
            mention(text, "Amira Haddad", "", How::New),
        ];
        apply(text, "en", &mut ms, &|_| None);
        assert_eq!(ms[1].code, "");
        let text = "Sudanese officials said minister Amira Haddad flew to Cairo.";
        let mut ms = vec![
            mention(text, "Sudanese", "SDN", How::Demonym),
            mention(text, "Amira Haddad", "", How::New),
        ];
        apply(text, "en", &mut ms, &|_| None);
        assert_eq!(ms[1].code, "");
    }
}
