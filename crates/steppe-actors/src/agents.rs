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
    /// May it stand alone as an actor of unknown country ("gunmen" → `---UAF`)?
    pub lone: bool,
    /// Also an adjective ("military aid"): alone only after an article.
    pub adjective: bool,
}

const BUILTIN: &str = include_str!("../../../data/kb/agents.txt");

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
        let inner = line
            .get(open + 1..)
            .unwrap_or_default()
            .split(']')
            .next()
            .unwrap_or("")
            .trim();
        let prefix = inner.ends_with('~');
        let code = inner.trim_matches('~').trim().to_string();
        if code.is_empty() || !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
            continue;
        }
        let head = line.get(..open).unwrap_or_default();
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
            forms.push(format!(
                "{}ies",
                phrase.get(..phrase.len() - 1).unwrap_or_default()
            ));
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
            lone: true,
            adjective: false,
        });
    }
}

/// The codes of our own list whose agents stand alone as an actor of unknown
/// country: the `LONE:` line of `data/kb/agents.txt`.
fn lone_codes() -> Vec<&'static str> {
    BUILTIN
        .lines()
        .find_map(|l| l.strip_prefix("LONE:"))
        .map(|l| l.split_whitespace().collect())
        .unwrap_or_default()
}

fn builtin_list() -> Vec<Agent> {
    let lone = lone_codes();
    let body: String = BUILTIN
        .lines()
        .filter(|l| !l.starts_with("LONE:"))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut list = parse_agents(&body);
    for a in &mut list {
        // "military aid", "accords militaires": these are adjectives as often as nouns.
        let adjective = a.phrase.starts_with("militar") || a.phrase.starts_with("militair");
        // "fighter jet engines", "sold warships": machines are no actors
        // unless a country is named with them ("Israeli warplanes").
        let machine = [
            "jet", "warplane", "aircraft", "warship", "bomber", "avions", "tanks",
        ]
        .iter()
        .any(|m| a.phrase.contains(m))
            // (A suicide bomber is a man.)
            && !a.phrase.starts_with("suicide");
        a.lone = lone.contains(&a.code.as_str()) && !adjective && !machine;
        a.adjective = adjective && lone.contains(&a.code.as_str());
    }
    list
}

/// A word naming a minister's or secretary's portfolio ("Commerce",
/// "defence"): capitalised, or one of the common ones in lower case.
fn portfolio(word: &str) -> bool {
    let capitalised = word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().all(char::is_alphabetic);
    capitalised
        || matches!(
            word,
            "foreign"
                | "defence"
                | "defense"
                | "interior"
                | "finance"
                | "economy"
                | "trade"
                | "commerce"
                | "energy"
                | "justice"
                | "health"
                | "prime"
                | "deputy"
                | "state"
        )
}

/// The word before byte `at`, in lower case.
fn word_before(text: &str, at: usize) -> String {
    text.get(..at)
        .unwrap_or_default()
        .split_whitespace()
        .next_back()
        .unwrap_or("")
        .to_lowercase()
}

/// Is the word before `at` an article ("des militaires", "the military")?
/// The words for a country's government that a text names without the
/// country once it has named that government ("the government", "le
/// gouvernement", "el gobierno").
const THE_GOVERNMENT: &[&str] = &["government", "gouvernement", "gobierno"];

/// The country of the last government mention that ends before `at`
/// (`ARG` for "Alberto Fernández", `ARGGOV`).
fn last_government(mentions: &[Mention], at: usize) -> Option<String> {
    mentions
        .iter()
        .filter(|m| m.end <= at && m.code.len() == 6 && m.code.ends_with("GOV"))
        .max_by_key(|m| m.end)
        .and_then(|m| m.code.get(..3))
        .filter(|c| *c != "---" && *c != "IGO")
        .map(str::to_string)
}

fn article_before(text: &str, at: usize) -> bool {
    matches!(
        word_before(text, at).as_str(),
        "the" | "des" | "les" | "los" | "las" | "el" | "de" | "aux"
    )
}

/// Is the word before `at` a possessive ("its army", "sa police", "sus tropas")?
fn possessive_before(text: &str, at: usize) -> bool {
    matches!(
        word_before(text, at).as_str(),
        "its"
            | "their"
            | "his"
            | "her"
            | "our"
            | "son"
            | "sa"
            | "ses"
            | "leur"
            | "leurs"
            | "su"
            | "sus"
            | "nos"
            | "notre"
    )
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

    /// steppe's own agents (`data/kb/agents.txt`).
    pub fn builtin() -> &'static Agents {
        static ONCE: std::sync::OnceLock<Agents> = std::sync::OnceLock::new();
        ONCE.get_or_init(|| {
            Agents::new(builtin_list()).unwrap_or_else(|e| panic!("data/kb/agents.txt: {e}"))
        })
    }

    /// A user's agents, then ours: theirs win where both name a phrase.
    pub fn with_builtin(mut imported: Vec<Agent>) -> Result<Agents, String> {
        imported.extend(builtin_list());
        Agents::new(imported)
    }

    /// The knowledge base's actors in `text`, refined by these agents: what
    /// the event coder reads (the pipeline, `bench events`, `eval events`).
    pub fn find(
        &self,
        kb: &crate::kb::Kb,
        text: &str,
        lang: &str,
        published: Option<steppe_model::Published>,
    ) -> Vec<Mention> {
        let mut found = crate::find::find(kb, text, lang, published);
        self.apply(text, &mut found);
        let agent_of = |w: &str| {
            let w = w.to_lowercase();
            self.list
                .iter()
                .find(|a| !a.prefix && a.phrase == w)
                .map(|a| a.code.clone())
        };
        crate::titles::apply(text, lang, &mut found, &agent_of);
        found
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
            let before = folded
                .text
                .get(..fs)
                .unwrap_or_default()
                .chars()
                .next_back();
            let after = folded.text.get(fe..).unwrap_or_default().chars().next();
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            let (start, end) = folded.original(fs, fe);
            if mentions.iter().any(|x| x.start < end && start < x.end) {
                continue;
            }
            let agent = &self.list[m.pattern().as_usize()];
            // Folding drops doubled letters, so "armé" (armed) folds as
            // "armée" (army): "un groupe armé" is no army.
            if agent.phrase.starts_with("armee") {
                let said = text.get(start..end).unwrap_or_default().to_lowercase();
                if !said.contains("armée") && !said.contains("armee") {
                    continue;
                }
            }
            // "Israeli troops", "Gondor's army", "the troops of Arnor".
            // "Israeli ground forces", "American defence companies": one
            // lower-case word may stand between a demonym and its agent.
            let gap_before = |x: &Mention| {
                x.end <= start
                    && {
                        let between = text.get(x.end..start).unwrap_or_default().trim();
                        between.is_empty()
                        // "China's navy and air force": a second agent of the
                        // same kind belongs to the same country.
                        || (matches!(between, "and" | "et" | "y")
                            && x.code.len() == 6
                            && x.code.get(3..) == Some(agent.code.as_str())
                            // (Both lower-case nouns: not "Damascus and
                            // President Assad".)
                            && x.surface.split_whitespace().last().is_some_and(|w| w.starts_with(char::is_lowercase))
                            && text.get(start..end).unwrap_or_default().starts_with(char::is_lowercase))
                        || between == "'s"
                        || between == "’s"
                        // "Russia's two largest oil companies": a few lower-case
                        // words after a genitive.
                        || (x.code.len() == 3
                            && ["'s ", "’s "].iter().any(|g| {
                                between.strip_prefix(g).is_some_and(|rest| {
                                    rest.split_whitespace().count() <= 3
                                        && rest.chars().all(|c| {
                                            c.is_lowercase() || c.is_ascii_digit() || c == ' ' || c == '-'
                                        })
                                })
                            }))
                        // (A bare demonym only: "Israeli warplanes struck
                        // military sites" has its agent already.)
                        || (x.how == How::Demonym
                            && x.code.len() == 3
                            && !between.contains(char::is_whitespace)
                            && (between.chars().all(|c| c.is_lowercase() || c == '-')
                                // "American B-2 bombers", "Russian Su-34
                                // jets": a model's designation.
                                || (between.chars().any(|c| c.is_ascii_digit())
                                    && between.chars().all(|c| c.is_alphanumeric() || c == '-'))))
                        // "US Commerce Secretary", "Russian Defence Minister": a
                        // title's portfolio between the country and the title.
                        || (agent.code == "GOV"
                            && (x.how == How::Demonym || x.code.len() == 3)
                            && between.split_whitespace().count() <= 2
                            && between.split_whitespace().all(portfolio))
                    }
            };
            // "the army of Sudan", "l'armée russe", "el ejército ruso": an
            // adjective may follow its noun without a preposition.
            let gap_after = |x: &Mention| {
                x.start >= end && {
                    let between = text
                        .get(end..x.start)
                        .unwrap_or_default()
                        .trim()
                        .to_lowercase();
                    matches!(
                        between.as_str(),
                        "of" | "of the" | "de" | "du" | "de la" | "des" | "del" | "de l'"
                    ) || (between.is_empty() && x.how == How::Demonym)
                }
            };
            // "Soldiers in Niger", "officials in Kabul": where they serve.
            let serving_in = |x: &Mention| {
                x.start >= end
                    && matches!(
                        text.get(end..x.start).unwrap_or_default().trim().to_lowercase().as_str(),
                        // ("les militaires au pouvoir au Niger": who rule there.)
                        "in" | "en" | "au" | "au pouvoir au" | "au pouvoir en" | "in power in"
                    )
                    && x.code.len() >= 3
                    // "its embassy in Quito", "the ambassador in Moscow" serve
                    // another country there.
                    && ![
                        "embassy", "embassies", "ambassador", "ambassadors", "envoy", "envoys",
                        "diplomat", "diplomats", "delegation", "ambassade", "ambassadeur",
                        "embajada", "delegacion",
                    ]
                    .contains(&agent.phrase.as_str())
            };
            let host = mentions.iter().position(|x| {
                !x.code.is_empty()
                    && x.code != "---"
                    && (gap_before(x) || gap_after(x) || serving_in(x))
            });
            let refine = |x: &mut Mention| {
                // "Hamas leaders" stay Hamas: a title adds nothing to an
                // actor already more than a country.
                if agent.code == "GOV" && x.code.len() > 3 && !agent.prefix {
                    return;
                }
                let country: String = x.code.chars().take(3).collect();
                x.code = if agent.prefix {
                    format!("{}{country}", agent.code)
                } else {
                    format!("{country}{}", agent.code)
                };
            };
            match host {
                Some(hi) => {
                    let country: String = mentions[hi].code.chars().take(3).collect();
                    // "NATO forces": an organisation's code has no country to refine.
                    if matches!(country.as_str(), "IGO" | "NGO" | "MNC" | "---") {
                        continue;
                    }
                    let before_it = mentions[hi].end <= start;
                    let serving = !before_it && serving_in(&mentions[hi]);
                    let x = &mut mentions[hi];
                    refine(x);
                    // The agent before its host stays outside it ("the leaders
                    // of India and Brazil" still governs the whole list), but
                    // "Soldiers in Niger" is one actor, not a place.
                    if before_it {
                        x.end = end;
                        x.surface = text.get(x.start..x.end).unwrap_or_default().to_string();
                    } else if serving {
                        x.start = start;
                        x.surface = text.get(x.start..x.end).unwrap_or_default().to_string();
                        x.how = How::Alias;
                    }
                    // "Turkish and Greek officials": every demonym of the list.
                    let mut k = hi;
                    while before_it && k > 0 {
                        let (prev, next) = (&mentions[k - 1], &mentions[k]);
                        let joint = text
                            .get(prev.end..next.start)
                            .unwrap_or_default()
                            .trim()
                            .to_lowercase();
                        // ("US and Russian officials": a country's acronym
                        // stands as its adjective.)
                        // ("Ethiopia and Eritrea's leaders": a genitive
                        // governs the whole list of countries before it.)
                        let genitive = next.surface.contains("'s ") || next.surface.contains("’s ");
                        let adjective = prev.how == How::Demonym
                            || (prev.code.len() == 3
                                && prev.surface.len() <= 3
                                && prev.surface.bytes().all(|b| b.is_ascii_uppercase()))
                            || (genitive && prev.code.len() == 3);
                        if !adjective
                            || !matches!(joint.as_str(), "and" | "et" | "," | "y" | "und" | "or")
                        {
                            break;
                        }
                        refine(&mut mentions[k - 1]);
                        k -= 1;
                    }
                }
                // "its army", "sa police": someone's own, not a stranger; "des
                // militaires" (a noun after its article), unlike "military aid".
                // "El Gobierno controlará…" after "Alberto Fernández": "the
                // government" with its article and no country of its own is
                // the government named last before it, in the same text.
                // (With none named, it stays unread: alone it is mostly the
                // article's own and misplaced, measured.)
                None if agent.code == "GOV"
                    && THE_GOVERNMENT.contains(&agent.phrase.as_str())
                    && (article_before(text, start)
                        || matches!(
                            word_before(text, start).as_str(),
                            "le" | "l'" | "al" | "du" | "del"
                        ))
                    && last_government(mentions, start).is_some() =>
                {
                    if let Some(country) = last_government(mentions, start) {
                        lone.push(Mention {
                            start,
                            end,
                            surface: text.get(start..end).unwrap_or_default().to_string(),
                            actor: country.clone(),
                            code: format!("{country}GOV"),
                            how: How::Coreference,
                            ner: None,
                            office: None,
                        });
                    }
                }
                None if !(agent.lone || (agent.adjective && article_before(text, start)))
                    || possessive_before(text, start) => {}
                None => lone.push(Mention {
                    start,
                    end,
                    surface: text.get(start..end).unwrap_or_default().to_string(),
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
    fn a_refined_actor_does_not_swallow_the_verb_after_it() {
        let kb = Kb::builtin();
        let text = "Israeli warplanes struck military sites in Iran.";
        let found = Agents::builtin().find(kb, text, "en", None);
        let israeli = found.iter().find(|m| m.surface.starts_with("Israeli"));
        assert_eq!(
            israeli.map(|m| m.surface.as_str()),
            Some("Israeli warplanes"),
            "{found:?}"
        );
        assert_eq!(israeli.map(|m| m.code.as_str()), Some("ISRMIL"));
    }

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
