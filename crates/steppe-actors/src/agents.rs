//! Agents, as TABARI/PETRARCH dictionaries define them: words for roles and
//! groups ("troops" `[~MIL]`, "government" `[~GOV]`, "human rights body"
//! `[NGO~]`) that refine the actor next to them ("Israeli troops" → ISRMIL)
//! or stand alone as an actor of unknown country ("the police" → `---COP`).

use aho_corasick::{AhoCorasick, MatchKind};

use crate::find::{How, Mention};
use crate::fold;

/// One agent phrase and the code part it adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent {
    pub phrase: String,
    /// The code part without its `~`.
    pub code: String,
    /// `[NGO~]`: the part goes before the country (`NGOISR`); `[~MIL]` after.
    pub prefix: bool,
}

/// Agents compiled for matching.
pub struct Agents {
    list: Vec<Agent>,
    matcher: AhoCorasick,
}

/// Parses a TABARI agents file: `PHRASE [~CODE]`, `PHRASE {PLURALS} [~CODE]`,
/// `+ALIAS` lines; regular plurals (+S, +ES) are added.
pub fn parse_agents(body: &str) -> Vec<Agent> {
    let mut out: Vec<Agent> = Vec::new();
    let mut last: Option<(String, bool)> = None;
    for raw in body.lines() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() || line.starts_with('<') {
            continue;
        }
        if let Some(alias) = line.strip_prefix('+') {
            if let Some((code, prefix)) = &last {
                let p = alias.split(['[', '{']).next().unwrap_or("");
                push_forms(&mut out, p, "", code, *prefix);
            }
            continue;
        }
        let Some(open) = line.find('[') else { continue };
        let inner = line[open + 1..].split(']').next().unwrap_or("").trim();
        let prefix = inner.ends_with('~');
        let code = inner.trim_matches('~').trim().to_string();
        if code.is_empty() || !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
            continue;
        }
        let head = &line[..open];
        let (word, plurals) = match head.split_once('{') {
            Some((w, rest)) => (w, rest.split('}').next().unwrap_or("")),
            None => (head, ""),
        };
        push_forms(&mut out, word, plurals, &code, prefix);
        last = Some((code, prefix));
    }
    out
}

const FUNCTION_WORDS: &[&str] = &[
    // es
    "fue", "fueron", "ser", "es", "era", "eran", "son", "sera", "será", "ha", "han", "el", "la",
    "los", "las", "un", "una", "de", "del", "en", "y", "o", "que", "se", "su", "sus", "con", "por",
    "para", "este", "esta", "año", "años", // en
    "the", "a", "an", "of", "is", "was", "were", "be", "been", "are", "has", "have", "had", "and",
    "or", "to", "in", "on", "by", "for", "with", "year", "years", // fr
    "le", "les", "des", "du", "est", "été", "sont", "était", "et", "ou", "au", "aux", "an", "ans",
];

fn push_forms(out: &mut Vec<Agent>, word: &str, plurals: &str, code: &str, prefix: bool) {
    let phrase = word
        .trim()
        .trim_end_matches('_')
        .replace('_', " ")
        .to_lowercase();
    // A function word or auxiliary is never an agent, whatever a dictionary
    // says (the Spanish one lists "FUE", was, as media and "SER", be, as civilians).
    if phrase.is_empty() || FUNCTION_WORDS.contains(&phrase.as_str()) {
        return;
    }
    let mut forms = vec![phrase.clone()];
    if plurals.trim().is_empty() {
        if phrase.ends_with('y') && !phrase.ends_with("ey") {
            forms.push(format!("{}ies", &phrase[..phrase.len() - 1]));
        } else if phrase.ends_with(['s', 'x']) || phrase.ends_with("ch") {
            forms.push(format!("{phrase}es"));
        } else {
            forms.push(format!("{phrase}s"));
        }
    }
    for p in plurals.split_whitespace() {
        forms.push(p.trim_end_matches('_').replace('_', " ").to_lowercase());
    }
    for f in forms {
        out.push(Agent {
            phrase: f,
            code: code.to_string(),
            prefix,
        });
    }
}

impl Agents {
    pub fn new(list: Vec<Agent>) -> Result<Agents, String> {
        let keys: Vec<String> = list.iter().map(|a| fold::key(&a.phrase)).collect();
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&keys)
            .map_err(|e| format!("building the agent automaton: {e}"))?;
        Ok(Agents { list, matcher })
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Refines `mentions` of `text` with the agents found next to them, and
    /// adds lone agents as actors of unknown country.
    pub fn apply(&self, text: &str, mentions: &mut Vec<Mention>) {
        let folded = fold::fold(text);
        let mut lone: Vec<Mention> = Vec::new();
        for m in self.matcher.find_iter(&folded.text) {
            let (fs, fe) = (m.start(), m.end());
            let before = folded.text[..fs].chars().next_back();
            let after = folded.text[fe..].chars().next();
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            let (start, end) = folded.original(fs, fe);
            if mentions.iter().any(|x| x.start < end && start < x.end) {
                continue;
            }
            let agent = &self.list[m.pattern().as_usize()];
            // "Israeli troops", "Gondor's army", "the troops of Arnor".
            let gap_before = |x: &Mention| {
                x.end <= start && {
                    let between = text[x.end..start].trim();
                    between.is_empty() || between == "'s" || between == "’s"
                }
            };
            let gap_after = |x: &Mention| {
                x.start >= end && {
                    let between = text[end..x.start].trim().to_lowercase();
                    matches!(
                        between.as_str(),
                        "of" | "of the" | "de" | "du" | "de la" | "des" | "del"
                    )
                }
            };
            let host = mentions
                .iter_mut()
                .filter(|x| !x.code.is_empty() && x.code != "---")
                .find(|x| gap_before(x) || gap_after(x));
            match host {
                Some(x) => {
                    let country: String = x.code.chars().take(3).collect();
                    x.code = if agent.prefix {
                        format!("{}{country}", agent.code)
                    } else {
                        format!("{country}{}", agent.code)
                    };
                    x.start = x.start.min(start);
                    x.end = x.end.max(end);
                    x.surface = text[x.start..x.end].to_string();
                }
                None => lone.push(Mention {
                    start,
                    end,
                    surface: text[start..end].to_string(),
                    actor: format!("A:{}", agent.phrase),
                    code: if agent.prefix {
                        agent.code.clone()
                    } else {
                        format!("---{}", agent.code)
                    },
                    how: How::Alias,
                    ner: None,
                    office: None,
                }),
            }
        }
        mentions.extend(lone);
        mentions.sort_by_key(|m| m.start);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::find::find;

    #[test]
    fn function_words_in_a_dictionary_are_not_agents() {
        let list = parse_agents("FUE_ [~MED]\nSER_ [~CVL]\nPERIODISTA_ [~MED]\n");
        let phrases: Vec<&str> = list.iter().map(|a| a.phrase.as_str()).collect();
        assert!(phrases.contains(&"periodista"));
        assert!(
            !phrases.iter().any(|p| *p == "fue" || *p == "ser"),
            "{phrases:?}"
        );
    }
    use crate::kb::Kb;

    #[test]
    fn agents_refine_the_actor_beside_them_or_stand_alone() {
        let agents = Agents::new(parse_agents(
            "TROOP [~MIL]\nPOLICE {} [~COP]\nHUMAN_RIGHTS_BODY [NGO~]\n+RIGHTS_GROUP\n",
        ))
        .unwrap();
        let text =
            "Israeli troops fired as the police watched; a rights group of Israel protested.";
        let mut m = find(Kb::builtin(), text, "en", None);
        agents.apply(text, &mut m);
        let codes: Vec<(&str, &str)> = m
            .iter()
            .map(|x| (x.surface.as_str(), x.code.as_str()))
            .collect();
        assert!(codes.contains(&("Israeli troops", "ISRMIL")), "{codes:?}");
        assert!(codes.contains(&("police", "---COP")), "{codes:?}");
        assert!(codes.iter().any(|c| c.1 == "NGOISR"), "{codes:?}");
    }
}
