//! The coder: sentences, their actors and the lexicon's triggers in, events
//! out. A shallow analysis of our own (no parser): the trigger's clause, its
//! subject (the nearest actor before it that no preposition governs), its
//! object (the pattern's `TGT`, else the first actor after it), passives
//! ("a été reçu par"), nominal events ("la visite de Blinken à Astana",
//! "l'invasion de l'Ukraine par la Russie"), coordinated actors (one event per
//! pair), negation (dropped) and modality.

use steppe_model::{
    ActorMention, Event, EventActor, Modality, Published, Quantity, Timex, TimexType,
};

use crate::cameo;
use crate::lexicon::{fold, Elem, Lexicon};

mod matcher;
mod refine;
mod tokens;
mod tree;
mod trigger;
mod words;

use matcher::*;
use refine::*;
use tokens::*;
use trigger::Trigger;
use words::*;

/// One side of an event and whether the knowledge base knows it.
type Side = (EventActor, bool);

/// At most this many triggers are coded per sentence.
const MAX_TRIGGERS_PER_SENTENCE: usize = 2;

/// What the coder reads for one text.
pub struct Input<'a> {
    pub text: &'a str,
    pub lang: &'a str,
    pub published: Option<Published>,
    /// Byte offsets into `text`, as `steppe-actors` gives them.
    pub mentions: &'a [ActorMention],
    pub timexes: &'a [Timex],
    pub quantities: &'a [Quantity],
}

impl Input<'_> {
    /// Codes with the built-in lexicon of the text's language (none: no events).
    pub fn code_builtin(&self) -> Vec<Event> {
        match Lexicon::builtin(self.lang) {
            Some(lex) => code(self, &[lex]),
            None => Vec::new(),
        }
    }
}

fn is_place(m: &ActorMention) -> bool {
    m.actor.starts_with("C-") || m.actor.starts_with("R-")
}

fn side(m: &ActorMention, governed: bool) -> EventActor {
    let mut code = m.code.clone();
    // "ses homologues du Kazakhstan": the country's government.
    // (A body's code is no country's: "les dirigeants des Brics" stay IGO.)
    if governed && code.len() == 3 && code != "IGO" && code.bytes().all(|b| b.is_ascii_uppercase())
    {
        code.push_str("GOV");
    }
    EventActor {
        id: m.actor.clone(),
        code,
        surface: m.surface.clone(),
    }
}

/// Does a side name an actor: a country, a body or an agent's kind?
fn is_actor(a: &EventActor) -> bool {
    !a.id.is_empty() && !a.code.is_empty() && a.code != "---"
}

/// Are `a` and `b` one country's state, under two names ("PRK" and
/// "PRKGOV" of "Pyongyang")? Two parts of one country (its government and
/// its opposition, army or people) are not.
fn one_state(a: &EventActor, b: &EventActor) -> bool {
    let state = |c: &str| c.len() == 3 || (c.len() == 6 && c.ends_with("GOV"));
    a.code.len() >= 3
        && !a.code.starts_with("---")
        && !a.code.starts_with("IGO")
        && state(&a.code)
        && state(&b.code)
        && a.code.get(..3) == b.code.get(..3)
}

fn empty_side() -> EventActor {
    EventActor {
        id: String::new(),
        code: String::new(),
        surface: String::new(),
    }
}

/// The calendar value of a timex, if it names one, with its precision.
fn calendar(t: &Timex) -> Option<(String, String)> {
    if !matches!(t.kind, TimexType::Date | TimexType::Time) {
        return None;
    }
    let v = &t.value;
    let first = v.chars().next()?;
    if !first.is_ascii_digit() {
        return None;
    }
    let precision = if v.contains('T') {
        "time"
    } else if v.contains('W') {
        "week"
    } else {
        match v.len() {
            4 => "year",
            7 => "month",
            10 => "day",
            _ => t.granularity.as_str(),
        }
    };
    Some((v.clone(), precision.to_string()))
}

fn published_value(p: Published) -> (String, String) {
    (p.to_string(), p.precision().as_str().to_string())
}

/// Codes the events of one text.
pub fn code(input: &Input, lexicons: &[&Lexicon]) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    // Whether each event of `out` came from a nominal trigger.
    let mut nominal_of: Vec<bool> = Vec::new();
    // Whether each event of `out` was named as another's background ("over
    // its offensive in Gaza", "during an attack on Ukraine").
    let mut background_of: Vec<bool> = Vec::new();
    let mut seen: std::collections::HashSet<(String, String, String, Option<String>)> =
        std::collections::HashSet::new();
    let english = input.lang == "en";
    for range in steppe_text::sentences::split(input.text) {
        let sentence = input.text.get(range.clone()).unwrap_or_default();
        let toks = tokens(sentence, range.start);
        if toks.is_empty() {
            continue;
        }
        let mentions: Vec<&ActorMention> = input
            .mentions
            .iter()
            .filter(|m| m.start >= range.start && m.end <= range.end)
            .collect();
        let (groups, group_at) = groups(&toks, &mentions);
        let located = located(&toks, &groups, &mentions, english);
        let matcher = Matcher {
            toks: &toks,
            group_at: &group_at,
            groups: &groups,
            located: &located,
        };
        // Every match, then the most specific ones that do not overlap.
        let words: std::collections::HashSet<&str> = toks.iter().map(|t| t.word.as_str()).collect();
        let mut found: Vec<(usize, usize, usize, usize, Option<usize>)> = Vec::new();
        for (i, t) in toks.iter().enumerate() {
            // A word of an actor is no trigger, but for a generic agent that
            // names the act itself ("la protesta" is also "the protesters" in
            // the PETRARCH agent dictionaries): our own lexicon may take it.
            let agent_only = group_at[i].is_some_and(|g| {
                let mut covering = groups[g]
                    .members
                    .iter()
                    .map(|&mi| mentions[mi])
                    .filter(|m| m.start <= t.start && t.start < m.end)
                    .peekable();
                covering.peek().is_some() && covering.all(|m| m.actor.starts_with("A:"))
            });
            if group_at[i].is_some() && !agent_only {
                continue;
            }
            for (li, lex) in lexicons.iter().enumerate() {
                if agent_only && li > 0 {
                    continue;
                }
                for pi in lex.candidates(&t.word) {
                    if !lex.required(pi).iter().all(|w| words.contains(w.as_str())) {
                        continue;
                    }
                    let p = &lex.patterns[pi];
                    // "pour le défilé du 14 Juillet": a participle after
                    // "le", "du" or "au" is a noun (a parade, no march).
                    if !p.nominal
                        && input.lang == "fr"
                        && i > 0
                        && matches!(toks[i - 1].word.as_str(), "le" | "du" | "au")
                        && input
                            .text
                            .get(t.start..t.end)
                            .unwrap_or_default()
                            .ends_with('é')
                    {
                        continue;
                    }
                    // "a campaign rally" is a party's meeting, not a protest.
                    if p.nominal
                        && cameo::root(&p.code) == "14"
                        && i > 0
                        && matches!(
                            toks[i - 1].word.as_str(),
                            "campaign" | "election" | "electoral"
                        )
                    {
                        continue;
                    }
                    // After an English determiner a verb is a noun ("the
                    // state's", "a strike"): only nominal patterns start there.
                    // ("après une frappe iranienne": a French article too.)
                    // ("artillery shells", "tank fire": after a weapon's name a
                    // verb form is a noun too.)
                    if !p.nominal
                        && i > 0
                        && ((english
                            && (determiner(&toks[i - 1].word)
                                || matches!(
                                    toks[i - 1].word.as_str(),
                                    "'s" | "artillery" | "mortar" | "tank" | "howitzer"
                                )))
                            || (input.lang == "fr"
                                && matches!(toks[i - 1].word.as_str(), "un" | "une" | "des")
                                // ("Kim Jong Un se rend": "Un" of a name.)
                                && group_at.get(i - 1).is_none_or(Option::is_none)))
                    {
                        continue;
                    }
                    // "American calls for a state", "in occupied Ukraine": after
                    // a demonym a verb form is a noun, and an "-ed" form after a
                    // preposition or an article is an adjective.
                    if english && !p.nominal && i > 0 {
                        let prev = &toks[i - 1].word;
                        // The demonym word itself, not "Russian forces".
                        // ("Serbians rallied": a plural demonym is people.)
                        let after_demonym = mentions.iter().any(|m| {
                            m.how == "demonym"
                                && m.start == toks[i - 1].start
                                && m.end == toks[i - 1].end
                                && (!m.surface.ends_with('s') || m.surface.ends_with("ss"))
                        });
                        let adjective = t.word.ends_with("ed")
                            && group_at.get(i + 1).is_some_and(Option::is_some)
                            && (preposition(prev)
                                || determiner(prev)
                                || prev.chars().all(|c| c.is_ascii_digit())
                                || matches!(
                                    prev.as_str(),
                                    "two" | "three" | "four" | "five" | "six" | "several"
                                ));
                        // "in exchange for", "for talks": a verb form right
                        // after a preposition (but "to") is a noun, unless it
                        // is a participle or a gerund.
                        let after_preposition = preposition(prev)
                            && prev != "to"
                            && !t.word.ends_with("ed")
                            && !t.word.ends_with("ing");
                        // "planes carrying deported migrants": an "-ed" form
                        // before people, after no actor, says what they are.
                        let describes_people = t.word.ends_with("ed")
                            && (prev.ends_with("ing") || determiner(prev) || preposition(prev))
                            && group_at[i - 1].is_none()
                            && toks.get(i + 1).is_some_and(|n| {
                                words::PEOPLE.contains(&n.word.as_str())
                                    && !matches!(
                                        n.word.as_str(),
                                        "thousands" | "hundreds" | "dozens"
                                    )
                            });
                        if after_demonym || adjective || after_preposition || describes_people {
                            continue;
                        }
                    }
                    // "companies accused of supplying the army", "un imam
                    // accusé de propos haineux": a participle right after a
                    // plain noun, then "of"/"de", qualifies the noun.
                    let next = toks.get(i + 1).map_or("", |n| n.word.as_str());
                    let qualifies = match input.lang {
                        // ("a strike blamed on Israel": who blames is not said.)
                        // ("the first Western heavy tanks promised to Kyiv": a
                        // participle with its recipient describes the noun.)
                        "en" => {
                            t.word.ends_with("ed")
                                && (next == "of"
                                    || (t.word == "blamed" && next == "on")
                                    || (next == "to"
                                        && matches!(
                                            t.word.as_str(),
                                            "promised"
                                                | "pledged"
                                                | "sent"
                                                | "delivered"
                                                | "supplied"
                                                | "given"
                                                | "offered"
                                                | "sold"
                                                | "shipped"
                                                | "donated"
                                        )
                                        && group_at.get(i + 2).is_some_and(Option::is_some)
                                        && i > 0
                                        && group_at[i - 1].is_none()))
                        }
                        "fr" => matches!(next, "de" | "d'") && !t.word.ends_with("er"),
                        _ => false,
                    };
                    // "Russian companies accused of": the noun may be an agent
                    // word ending an actor (lower case, unlike a name).
                    let agent_noun = |k: usize| {
                        group_at[k].is_some()
                            && input
                                .text
                                .get(toks[k].start..)
                                .unwrap_or_default()
                                .chars()
                                .next()
                                .is_some_and(char::is_lowercase)
                    };
                    if qualifies
                        && !p.nominal
                        && i > 0
                        && ((group_at[i - 1].is_none() && plain_noun(&toks[i - 1].word))
                            || agent_noun(i - 1))
                    {
                        continue;
                    }
                    // "crowds protesting the election", "people fleeing the
                    // fighting": a gerund right after the people it tells of
                    // says who they are, not what was done.
                    if english
                        && t.word.ends_with("ing")
                        && i > 0
                        && (agent_noun(i - 1)
                            || (group_at[i - 1].is_none()
                                && words::PEOPLE.contains(&toks[i - 1].word.as_str())))
                    {
                        continue;
                    }
                    if let Some((end, target)) = matcher.run(
                        &p.elems,
                        0,
                        i,
                        p.code.starts_with("042")
                            || matches!(cameo::root(&p.code), "18" | "19" | "20"),
                    ) {
                        found.push((i, end, li, pi, target));
                    }
                }
            }
        }
        // Earlier lexicons first (the caller's order: steppe's curated one
        // before imported dictionaries), then the most specific pattern.
        found.sort_by(|a, b| {
            let wa = lexicons[a.2].patterns[a.3].weight();
            let wb = lexicons[b.2].patterns[b.3].weight();
            a.2.cmp(&b.2).then(wb.cmp(&wa)).then(a.0.cmp(&b.0))
        });
        let mut taken: Vec<(usize, usize)> = Vec::new();
        let mut coded = 0;
        // The sentence's dependency tree, parsed at its first trigger.
        let mut parsed: Option<Vec<tree::Word>> = None;
        for (i, end, li, pi, target) in found {
            if taken.iter().any(|&(s, e)| i < e && s < end) {
                continue;
            }
            // Statements (CAMEO 01) are not events here, as in PLOVER, but
            // their words are theirs: "rejected claims that" is a denial,
            // not a rejection (12).
            if cameo::root(&lexicons[li].patterns[pi].code) == "01" {
                if li == 0 {
                    taken.push((i, end));
                }
                continue;
            }
            // A sentence reports few events; the most specific triggers win.
            // A trigger that yields no event (no one acted) neither counts nor
            // keeps its words from a less specific one ("talks in Moscow"
            // finds no author, "China and Russia held talks" does).
            if coded >= MAX_TRIGGERS_PER_SENTENCE {
                break;
            }
            // Imported dictionaries are large and loose: they code a sentence
            // the curated lexicon (the first) says nothing of, but add no
            // second event to one it has coded.
            if coded >= 1 && li > 0 {
                continue;
            }
            let p = &lexicons[li].patterns[pi];
            // "despite an international warrant for his arrest", "defying
            // sanctions": an act named as what the clause goes against is
            // no act of this sentence, whoever it names.
            let noun_use = p.nominal
                || i.checked_sub(1).is_some_and(|k| {
                    matches!(
                        toks[k].word.as_str(),
                        "his" | "her" | "their" | "its" | "the" | "an" | "a"
                            // ("malgré le mandat d'arrêt de la CPI".)
                            | "d'" | "le" | "la" | "l'" | "son" | "sa"
                    )
                });
            // ("banned travel to the United States": what a ban names is
            // not done.)
            let conceded = (noun_use
                && toks[i.saturating_sub(5)..i].iter().any(|t| {
                    matches!(
                        t.word.as_str(),
                        "despite" | "defying" | "malgre" | "warrant" | "mandat"
                    )
                }))
                || (toks[i.saturating_sub(if p.nominal { 2 } else { 1 })..i]
                    .iter()
                    .any(|t| {
                        matches!(
                            t.word.as_str(),
                            "banned" | "bans" | "ban" | "barred" | "prohibited" | "interdit"
                        )
                    }));
            // "Riot police", "Strike Group": a noun inside an actor's name
            // is no event.
            let named = p.nominal
                && mentions.iter().any(|m| {
                    // (A mention that is the trigger word alone, as a
                    // dictionary's agent "protesta" may be, is no name.)
                    m.start <= toks[i].start
                        && toks[end - 1].end <= m.end
                        && (m.start < toks[i].start || toks[end - 1].end < m.end)
                });
            if conceded || named {
                taken.push((i, end));
                continue;
            }
            let mut ctx = Trigger {
                toks: &toks,
                groups: &groups,
                located: &located,
                mentions: &mentions,
                start: i,
                end,
                target,
                nominal: p.nominal,
                code: &p.code,
                english,
                speaker: None,
            };
            let Some(modality) = ctx.modality() else {
                continue;
            };
            ctx.speaker = ctx.find_speaker();
            let (mut sources, mut targets, ground) = ctx.sides();
            // The dependency tree names the arguments the word rules miss:
            // the subject of "by demonstrating", of "agreed to meet", of a
            // relative clause; an object, or a passive's subject. Where the
            // rules found a side, they keep it.
            // ("talks in Moscow" finds no author, "held talks" does: a
            // nominal pattern with its target keeps to its own words.)
            let own_words = p.nominal && p.elems.contains(&Elem::Target);
            if (sources.is_empty() && !own_words) || targets.is_empty() {
                let w =
                    parsed.get_or_insert_with(|| tree::parse(input.lang, sentence, range.start));
                let actor = |r: &std::ops::Range<usize>| {
                    mentions
                        .iter()
                        .any(|m| m.start <= r.start && r.start < m.end)
                };
                let at = toks[i].start..toks[end.max(i + 1) - 1].end;
                let preps = target_preps(&p.elems);
                let (ts, tt) = tree::arguments(w, at, p.nominal, &preps, &actor);
                let sg = ctx.tree_groups(w, &ts);
                let tg: Vec<usize> = ctx
                    .tree_groups(w, &tt)
                    .into_iter()
                    .filter(|g| !sg.contains(g))
                    .collect();
                // A pronoun subject is who it stands for: the speaker for
                // "we"/"nous" (and "he" of "X said he would"), else the actor
                // subject of an earlier clause of the sentence.
                let sg = if sg.is_empty() {
                    match ts
                        .first()
                        .and_then(|&k| tree::pronoun(w, k).map(|p| (k, p)))
                    {
                        Some((_, tree::Pronoun::First)) => ctx.speaker.into_iter().collect(),
                        Some((k, tree::Pronoun::Third)) => ctx
                            .speaker
                            .or_else(|| ctx.subject_before(w, k))
                            .into_iter()
                            .collect(),
                        None => sg,
                    }
                } else {
                    sg
                };
                if sources.is_empty() && !own_words {
                    sources = sg
                        .iter()
                        .flat_map(|&g| ctx.members(g, ctx.governed(g)))
                        .collect();
                }
                // (An oblique the rules passed over is mostly a place.)
                if targets.is_empty() && tt.first().is_some_and(|&k| tree::core(w, k)) {
                    targets = tg
                        .iter()
                        .flat_map(|&g| ctx.members(g, ctx.governed(g)))
                        .collect();
                }
            }
            // A verb of taking on ground (no building, no agency of it)
            // occupies it; a raid does not.
            let takes_ground = ground
                && ["seiz", "captur", "storm", "overr", "took", "tak"]
                    .iter()
                    .any(|v| toks[i].word.starts_with(v))
                && !toks[i..end]
                    .iter()
                    .any(|t| words::PROPERTY.contains(&t.word.as_str()));
            // Reported speech: who says so. An event told on someone else's
            // word is a claim, unless it is already planned or hypothetical.
            let speaker = ctx.speaker;
            let claimed_by = speaker.and_then(|g| {
                let members = ctx.members(g, ctx.governed(g));
                members.into_iter().next().map(|(a, _)| a)
            });
            // "Kyiv shelled the plant, Moscow said": the speaker after the
            // event is not its target.
            // ("…drones at Ukraine overnight, Kyiv said": the same country
            // named otherwise is still the target.)
            if let Some(g) = speaker.filter(|&g| groups[g].first >= end) {
                let named: Vec<(&str, &str)> = groups[g]
                    .members
                    .iter()
                    .map(|&mi| (mentions[mi].actor.as_str(), mentions[mi].surface.as_str()))
                    .collect();
                targets.retain(|(t, _)| !named.contains(&(t.id.as_str(), t.surface.as_str())));
            }
            // The tree is parsed only when it has something to say: a
            // reflexive word, or a calendar date to attach (parsing is most
            // of the coder's time).
            let words_at = toks[i].start..toks[end.max(i + 1) - 1].end;
            let dated = calendar_dates(input, &range);
            let reflexive = toks
                .iter()
                .any(|t| tree::REFLEXIVE.contains(&t.word.as_str()));
            let mut date_here = None;
            if reflexive || !dated.is_empty() {
                let w =
                    parsed.get_or_insert_with(|| tree::parse(input.lang, sentence, range.start));
                // "killed himself": no second party, no event between two.
                if tree::reflexive_object(w, words_at.clone()) {
                    continue;
                }
                let spans: Vec<std::ops::Range<usize>> =
                    dated.iter().map(|(r, _)| r.clone()).collect();
                date_here = tree::attached_time(w, words_at, &spans)
                    .and_then(|k| dated.get(k))
                    .map(|(_, c)| c.clone());
            }
            let (date, date_precision) = date_here
                .or_else(|| input.published.map(published_value))
                .map_or((None, String::new()), |(v, p)| (Some(v), p));
            let place = mentions
                .iter()
                .find(|m| {
                    is_place(m)
                        && toks
                            .iter()
                            .rposition(|t| t.end <= m.start)
                            .is_some_and(|k| locative(&toks[k].word))
                })
                .map(|m| m.actor.clone());
            let quantities: Vec<String> = input
                .quantities
                .iter()
                .filter(|q| q.start >= range.start && q.end <= range.end)
                .map(|q| q.text.clone())
                .collect();
            // "la huelga", "la protesta": a trigger the agent dictionaries
            // read as its own agents (strikers, protesters) names its source.
            let own_agent = || {
                mentions
                    .iter()
                    .find(|m| {
                        m.actor.starts_with("A:")
                            && m.start <= toks[i].start
                            && toks[i].end <= m.end
                    })
                    .map(|m| (side(m, false), false))
            };
            let sources = if sources.is_empty() {
                vec![own_agent().unwrap_or_else(|| (empty_side(), false))]
            } else {
                sources
            };
            // "Poutine et Kim Jong Un se sont rencontrés", "China and Russia
            // held talks": with no one else named, each met the others.
            // "Britain and the EU signed a deal", "China and Russia held talks":
            // acts done together are done with each other; not mediation,
            // which is between others.
            // ("traded accusations", "exchanged threats": whatever is traded
            // goes both ways.)
            let traded = matches!(
                toks[i].word.as_str(),
                "traded" | "exchanged" | "trade" | "exchange"
            );
            let mutual = (cameo::root(&p.code) == "04" && !p.code.starts_with("045"))
                || traded
                || matches!(
                    p.code.as_str(),
                    "057"
                        | "0871"
                        | "036"
                        | "046"
                        | "061"
                        | "062"
                        | "0841"
                        | "050"
                        | "085"
                        | "190"
                        | "193"
                );
            // "each expelled the other's diplomats", "tariffs on each
            // other's goods": said to be mutual.
            // ("ont expulsé mutuellement leurs diplomates".)
            let each_other = toks[i..(end + 6).min(toks.len())].windows(2).any(|w| {
                matches!(w[0].word.as_str(), "each" | "the" | "one")
                    && matches!(w[1].word.as_str(), "other" | "another")
            }) || toks[i..(end + 3).min(toks.len())].iter().any(|t| {
                matches!(
                    t.word.as_str(),
                    "mutuellement" | "reciproquement" | "mutuamente"
                )
            });
            // ("exchanged fire along the Line of Control": a place of no
            // known country is no party.)
            let unknown_only =
                !targets.is_empty() && targets.iter().all(|(t, _)| t.code.is_empty());
            let reciprocal = (targets.is_empty() || unknown_only)
                && target.is_none()
                && (mutual || each_other)
                && sources.len() >= 2;
            // ("each other's diplomats" are each one's government.)
            let envoys = toks[i..end.min(toks.len())]
                .iter()
                .any(|t| words::ENVOYS.contains(&t.word.as_str()));
            let targets = if reciprocal && each_other && envoys {
                sources
                    .iter()
                    .map(|(a, k)| {
                        let mut a = a.clone();
                        if a.code.len() == 3 {
                            a.code.push_str("GOV");
                        }
                        (a, *k)
                    })
                    .collect()
            } else if reciprocal {
                sources.clone()
            } else if targets.is_empty() {
                vec![(empty_side(), false)]
            } else {
                targets
            };
            // "sanctioned Russia's two largest oil companies, Rosneft and
            // Lukoil": the named ones say who; their description is no third
            // target of the same code.
            let generic = |a: &EventActor| {
                a.code.len() > 3
                    && a.id.len() == 3
                    && a.surface
                        .split_whitespace()
                        .any(|w| w.starts_with(char::is_lowercase))
            };
            // (Only a list of targets can hold both.)
            let targets: Vec<(EventActor, bool)> = if targets.len() > 1 {
                let named: Vec<String> = targets
                    .iter()
                    .filter(|(t, _)| !generic(t) && !t.id.is_empty())
                    .map(|(t, _)| t.code.clone())
                    .collect();
                targets
                    .into_iter()
                    .filter(|(t, _)| !(generic(t) && named.contains(&t.code)))
                    .collect()
            } else {
                targets
            };
            // (A trip "during a visit to Astana" still happened, and is the
            // clause subject's.)
            // ("agreed to a ceasefire at talks in Malaysia": the talks are
            // where it was agreed.)
            let named_as_background = p.nominal
                && !p.code.starts_with("042")
                && toks[i.saturating_sub(3)..i].iter().any(|t| {
                    matches!(
                        t.word.as_str(),
                        "over" | "during" | "amid" | "following" | "despite" | "lors" | "malgre"
                    ) || (t.word == "at" && cameo::root(&p.code) == "04")
                });
            let after = &toks[end.min(toks.len())..];
            let before = out.len();
            let mut repeated = false;
            for (s, s_known) in &sources {
                for (t, t_known) in &targets {
                    if reciprocal && s.id == t.id {
                        continue;
                    }
                    // Only actors make events: a source with a country, a
                    // body or an agent's kind ("---OPP"). A trigger alone, a
                    // new name of no known country or a common noun says
                    // nothing of who acted (measured on the real-news dev
                    // sets: of the events with no coded source, none was
                    // right). The same actor on both sides is no event;
                    // "Peruvian police" and "protesters in Lima" are two
                    // parts of one country.
                    if !is_actor(s) || (s.id == t.id && s.code == t.code) {
                        continue;
                    }
                    // A target of no code is no party named: unknown. So is
                    // the source's own state under another name ("North
                    // Korea threatens … Pyongyang:"): a state does not act on
                    // itself; where another target is named, that one is it.
                    let blank = empty_side();
                    // (Its orders to its own agencies are no demand at all.)
                    if one_state(s, t)
                        && (cameo::root(&p.code) == "10"
                            || targets.iter().any(|(o, _)| is_actor(o) && !one_state(s, o)))
                    {
                        continue;
                    }
                    let t = if is_actor(t) && !one_state(s, t) {
                        t
                    } else {
                        &blank
                    };
                    let own_s = own_country(s, t, false);
                    let own_t = own_country(t, s, true);
                    let (s, t) = (own_s.as_ref().unwrap_or(s), own_t.as_ref().unwrap_or(t));
                    let code = refined(&p.code, s, t, after, takes_ground);
                    // A visit goes to a country: "as he arrived", a trip
                    // home or one to nowhere named, is no visit between two.
                    if code.starts_with("042") && t.id.is_empty() {
                        continue;
                    }
                    // "troops crossed into southern Lebanon" take ground;
                    // travellers crossing a border do not.
                    let armed = ["MIL", "REB", "UAF"].iter().any(|r| s.code.ends_with(r));
                    if code == "192" && words::ADVANCE.contains(&toks[i].word.as_str()) && !armed {
                        continue;
                    }
                    // "left Ecowas" cuts ties (160); "left Kyiv" is a departure.
                    // ("after quitting the grain deal": an agreement left is
                    // a tie cut too.)
                    let pact_left = t.id.is_empty()
                        && toks[i..(end + 4).min(toks.len())]
                            .iter()
                            .any(|w| words::PACTS.contains(&w.word.as_str()));
                    if code == "160"
                        && words::LEAVE.contains(&toks[i].word.as_str())
                        && !t.code.starts_with("IGO")
                        && !pact_left
                    {
                        continue;
                    }
                    // "Trump ordered the Pentagon to prepare": a government's
                    // orders to its own agencies are no demand between actors.
                    if cameo::root(&code) == "10"
                        && s.code.len() >= 3
                        && t.code.len() >= 3
                        && s.code.get(..3).unwrap_or_default()
                            == t.code.get(..3).unwrap_or_default()
                        && !s.code.starts_with("---")
                        && !s.code.starts_with("IGO")
                    {
                        continue;
                    }
                    // "Sweden joined NATO" is a pact made; "joined Russia in
                    // condemning" is not.
                    if code == "057"
                        && toks[i].word.starts_with("join")
                        && !t.code.starts_with("IGO")
                        && !toks[i..(end + 4).min(toks.len())].iter().any(|w| {
                            words::PACTS.contains(&w.word.as_str())
                                || matches!(
                                    w.word.as_str(),
                                    "accords" | "alliance" | "coalition" | "bloc"
                                )
                        })
                    {
                        continue;
                    }
                    let key = (s.id.clone(), t.id.clone(), code.clone(), date.clone());
                    if !seen.insert(key) {
                        // ("closed its airspace to India and halted trade with
                        // India": the second act is said already, but its
                        // words are still its own, not a "trade with India".)
                        repeated = true;
                        continue;
                    }
                    let (plover, mode) = cameo::plover(&code);
                    let claimed = claimed_by.clone().filter(|c| c.id != s.id && c.id != t.id);
                    let modality = match (&claimed, modality) {
                        (Some(_), Modality::Realised) => Modality::Reported,
                        (_, m) => m,
                    };
                    let mut confidence: f32 = if s.id.is_empty() { 0.3 } else { 0.4 };
                    if *s_known {
                        confidence += 0.2;
                    }
                    if *t_known {
                        confidence += 0.2;
                    }
                    if target.is_some() {
                        confidence += 0.1;
                    }
                    if date_precision == "day" {
                        confidence += 0.1;
                    }
                    out.push(Event {
                        sentence_start: range.start,
                        sentence_end: range.end,
                        start: toks[i].start,
                        end: toks[end.max(i + 1) - 1].end,
                        source: s.clone(),
                        target: t.clone(),
                        root: cameo::root(&code).to_string(),
                        plover: plover.to_string(),
                        plover_mode: mode.to_string(),
                        quad_class: cameo::quad_class(&code),
                        goldstein: cameo::goldstein(&code),
                        cameo: code,
                        date: date.clone(),
                        date_precision: date_precision.clone(),
                        place: place.clone(),
                        quantities: quantities.clone(),
                        modality,
                        claimed_by: claimed,
                        evidence: sentence.trim().to_string(),
                        confidence: confidence.min(1.0),
                    });
                    nominal_of.push(p.nominal);
                    background_of.push(named_as_background);
                }
            }
            if out.len() > before {
                coded += 1;
                taken.push((i, end));
            } else if repeated {
                taken.push((i, end));
            }
        }
    }
    // "est arrivé à Astana pour une visite d'État": the visit with its target
    // says all the bare one does.
    let full: std::collections::HashSet<(usize, String, String)> = out
        .iter()
        .filter(|e| !e.target.id.is_empty())
        .map(|e| (e.sentence_start, e.source.id.clone(), e.cameo.clone()))
        .collect();
    let mut keep = repeats_dropped(&out, &nominal_of);
    // "severed relations with Israel over its offensive in Gaza": the act
    // named as the reason or the time of the sentence's own event is told
    // elsewhere; here it is background.
    for j in 0..out.len() {
        if background_of[j]
            && out.iter().enumerate().any(|(k, o)| {
                k != j && !background_of[k] && o.sentence_start == out[j].sentence_start
            })
        {
            keep[j] = false;
        }
    }
    // "blamed agencies for stoking the riot": a protest of no known source
    // named beside an act of a known one is its object, not news of its own.
    for (j, e) in out.iter().enumerate() {
        if !nominal_of[j] || !e.source.id.is_empty() {
            continue;
        }
        let object_of = |o: &Event| {
            o.sentence_start == e.sentence_start
                && !o.source.id.is_empty()
                && o.end <= e.start
                && !input
                    .text
                    .get(o.end..e.start)
                    .unwrap_or_default()
                    .contains([';', ':'])
        };
        // Only where a word before it makes the protest the object of that
        // act: stoked, organised, banned, prevented, tried to hold.
        let mut from = e.sentence_start.max(e.start.saturating_sub(40));
        while !input.text.is_char_boundary(from) {
            from += 1;
        }
        let before: String = fold(input.text.get(from..e.start).unwrap_or_default());
        let made = before.split_whitespace().rev().take(4).any(|w| {
            matches!(
                w,
                "stoking"
                    | "stoked"
                    | "inciting"
                    | "incited"
                    | "organising"
                    | "organizing"
                    | "organised"
                    | "organized"
                    | "hold"
                    | "holding"
                    | "banned"
                    | "ban"
                    | "prevent"
                    | "prevented"
                    | "suppress"
                    | "suppressed"
                    | "fomenter"
                    | "organiser"
                    | "interdire"
                    | "interdit"
                    | "empecher"
                    | "convocar"
                    | "organizar"
                    | "impedir"
                    | "prohibir"
                    | "prohibio"
            )
        });
        if made && out.iter().any(object_of) {
            keep[j] = false;
        }
    }
    let mut it = keep.into_iter();
    out.retain(|_| it.next().unwrap_or(true));
    out.retain(|e| {
        !e.target.id.is_empty()
            || !full.contains(&(e.sentence_start, e.source.id.clone(), e.cameo.clone()))
    });
    out
}

/// The case words a pattern puts right before its target ("accused … of").
fn target_preps(elems: &[Elem]) -> Vec<String> {
    let mut out = Vec::new();
    for pair in elems.windows(2) {
        if let (Elem::Word { alts, .. }, Elem::Target) = (&pair[0], &pair[1]) {
            for a in alts {
                if let crate::lexicon::Alt::Exact(x) = a {
                    out.push(x.clone());
                }
            }
        }
    }
    out
}

/// Which events to keep when a noun names again an act a verb of the same
/// sentence coded ("arrived in Washington for a state visit", "welcomed Yoon
/// to the White House for a state visit"): the noun goes, unless it alone
/// says whom the act concerned ("began operations in Karabakh, shelling
/// Armenian positions"), and then the bare verb goes. A meeting is one act
/// whoever is named first ("hosted the G20 summit"); force named twice with
/// sides swapped is a reply ("struck Iran after Iranian missiles hit"). A
/// meeting named with no one met ("the G20 summit ended") is no event.
/// An actor of no named country that takes the country of the one it
/// faces: soldiers or police acting on, or fought by, a country's own
/// government, rebels, opposition or civilians ("des militaires ont retenu
/// le président Bazoum", "l'armée" fighting Sudan's RSF); and, as a target,
/// a government's "opposition" ("Yoon accused the opposition").
fn own_country(a: &EventActor, other: &EventActor, target: bool) -> Option<EventActor> {
    if !a.code.starts_with("---") || a.code.len() != 6 || other.code.len() != 6 {
        return None;
    }
    let country = other.code.get(..3).unwrap_or_default();
    let domestic = country != "---"
        && country != "IGO"
        && ["GOV", "REB", "OPP", "INS", "SEP", "CVL"]
            .iter()
            .any(|r| other.code.ends_with(r));
    let forces = ["MIL", "COP"].iter().any(|r| a.code.ends_with(r));
    let opposition = target && a.code == "---OPP" && other.code.ends_with("GOV");
    ((forces && domestic) || opposition).then(|| {
        let mut own = a.clone();
        own.code = format!("{country}{}", a.code.get(3..).unwrap_or_default());
        own
    })
}

fn repeats_dropped(out: &[Event], nominal_of: &[bool]) -> Vec<bool> {
    let same = |a: &Event, b: &Event| a.sentence_start == b.sentence_start && a.root == b.root;
    let mut keep = vec![true; out.len()];
    for (j, e) in out.iter().enumerate() {
        if !nominal_of[j] {
            continue;
        }
        if e.root == "04" && e.target.id.is_empty() {
            keep[j] = false;
            continue;
        }
        for (k, v) in out.iter().enumerate() {
            if nominal_of[k] || !same(e, v) {
                continue;
            }
            // ("agreed a deal with Turkish President Erdogan" and its "deal
            // with Turkey": a bare country is its own government or people.)
            let akin = |a: &str, b: &str| {
                a == b || (a.len() == 3 && b.starts_with(a)) || (b.len() == 3 && a.starts_with(b))
            };
            let shared =
                |c: &str| !c.is_empty() && (akin(c, &e.source.code) || akin(c, &e.target.code));
            let same_source = !v.source.code.is_empty() && akin(&v.source.code, &e.source.code);
            // ("rencontrera ses homologues lors de visites au Kazakhstan": the
            // noun alone says where; the verb that names no one gives way.)
            let names_more = same_source && !e.target.code.is_empty() && v.target.id.is_empty();
            if e.root == "04" && !names_more && (shared(&v.source.code) || shared(&v.target.code)) {
                keep[j] = false;
            } else if names_more {
                keep[k] = false;
            } else if same_source
                || (e.source.code.is_empty()
                    && !v.target.code.is_empty()
                    && v.target.code == e.target.code)
            {
                keep[j] = false;
            }
        }
    }
    keep
}

/// The calendar time expressions of a sentence, with their values: the
/// dates an event of it may take (the tree says which, `tree::attached_time`;
/// with none attached the caller falls back on the publication date, never on
/// any number of the sentence).
fn calendar_dates(
    input: &Input,
    sentence: &std::ops::Range<usize>,
) -> Vec<(std::ops::Range<usize>, (String, String))> {
    input
        .timexes
        .iter()
        .filter(|t| t.start >= sentence.start && t.end <= sentence.end)
        .filter_map(|t| calendar(t).map(|c| (t.start..t.end, c)))
        .collect()
}

#[cfg(test)]
mod tests;
