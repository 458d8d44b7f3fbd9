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

#[derive(Debug, Clone)]
struct Token {
    start: usize,
    end: usize,
    word: String,
}

/// Words and punctuation with byte offsets; an elided article ("l'", "s'")
/// is a word of its own.
fn tokens(text: &str, base: usize) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let push = |out: &mut Vec<Token>, s: usize, e: usize| {
        out.push(Token {
            start: base + s,
            end: base + e,
            word: fold(&text[s..e]),
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
                let rest = &text[i + c.len_utf8()..];
                let genitive =
                    rest.starts_with('s') && !rest[1..].starts_with(|n: char| n.is_alphanumeric());
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

/// Punctuation that closes a clause for the coder.
fn stop(word: &str) -> bool {
    matches!(word, "." | ";" | ":" | "!" | "?" | "(" | ")")
}

/// Words that may sit between coordinated actors.
fn connector(word: &str) -> bool {
    matches!(
        word,
        "," | "et"
            | "and"
            | "ou"
            | "or"
            | "ni"
            | "nor"
            | "&"
            | "du"
            | "de"
            | "des"
            | "d'"
            | "la"
            | "le"
            | "l'"
            | "les"
            | "the"
            | "y"
            | "e"
            | "el"
            | "los"
            | "las"
            | "au"
            | "aux"
            | "en"
            | "a"
            | "in"
            | "to"
    )
}

fn preposition(word: &str) -> bool {
    matches!(
        word,
        "avec"
            | "a"
            | "au"
            | "aux"
            | "en"
            | "de"
            | "du"
            | "des"
            | "d'"
            | "par"
            | "pour"
            | "contre"
            | "sur"
            | "entre"
            | "vers"
            | "chez"
            | "dans"
            | "with"
            | "to"
            | "in"
            | "of"
            | "from"
            | "by"
            | "against"
            | "on"
            | "at"
            | "for"
            | "con"
            | "por"
            | "para"
            | "contra"
            | "desde"
            | "across"
            | "throughout"
            | "near"
            | "over"
            | "outside"
            | "inside"
            | "around"
            | "through"
            | "via"
            | "toward"
            | "towards"
            | "into"
            | "onto"
            | "between"
            | "among"
            | "amid"
            | "during"
            | "without"
            | "despite"
            | "under"
    )
}

fn locative(word: &str) -> bool {
    matches!(
        word,
        "a" | "au" | "aux" | "en" | "dans" | "vers" | "in" | "to" | "at" | "into" | "en " | "hacia"
    )
}

/// Nouns for officials: "ses homologues du Kazakhstan" are its government.
fn officials(word: &str) -> bool {
    matches!(
        word,
        "homologue"
            | "homologues"
            | "dirigeant"
            | "dirigeants"
            | "president"
            | "presidents"
            | "ministre"
            | "ministres"
            | "gouvernement"
            | "gouvernements"
            | "responsables"
            | "autorites"
            | "chef"
            | "chefs"
            | "leader"
            | "leaders"
            | "officials"
            | "government"
            | "ministry"
            | "ministere"
            | "ministerio"
            | "governments"
            | "counterpart"
            | "counterparts"
            | "cabinet"
            | "authorities"
            | "minister"
            | "ministers"
            | "gobierno"
            | "autoridades"
    )
}

/// "seized power and placed X under arrest": "and" before a word that is
/// neither an actor nor an article opens another clause (`next` is the word
/// after "and", `next_is_actor` whether an actor starts there).
fn and_opens_clause(word: &str, next: &str, next_is_actor: bool) -> bool {
    matches!(word, "and" | "et" | "y")
        && !next_is_actor
        && !matches!(
            next,
            "the" | "le" | "la" | "les" | "l'" | "el" | "los" | "las" | "de" | "of"
        )
}

/// A side or state of a place between a preposition and its name ("through
/// central London", "in occupied Donetsk").
fn side_of_place(word: &str) -> bool {
    matches!(
        word,
        "central"
            | "northern"
            | "southern"
            | "eastern"
            | "western"
            | "downtown"
            | "occupied"
            | "besieged"
    )
}

/// Words that open a subordinate clause: its verb has its own subject.
fn subordinator(word: &str) -> bool {
    matches!(
        word,
        "as" | "after"
            | "before"
            | "when"
            | "while"
            | "because"
            | "since"
            | "until"
            | "although"
            | "if"
            | "unless"
            | "whereas"
            | "quand"
            | "lorsque"
            | "lorsqu'"
            | "parce"
            | "puisque"
            | "tandis"
            | "cuando"
            | "mientras"
            | "porque"
    )
}

/// Nouns for people who act through their "of": "the forces of the EU".
fn people_noun(word: &str) -> bool {
    matches!(
        word,
        "members"
            | "heads"
            | "head"
            | "chief"
            | "prosecutor"
            | "spokesman"
            | "spokeswoman"
            | "spokesperson"
            | "secretary"
            | "director"
            | "commander"
            | "chairman"
            | "forces"
            | "troops"
            | "army"
            | "armies"
            | "navy"
            | "people"
            | "citizens"
            | "residents"
            | "supporters"
            | "delegation"
            | "delegations"
            | "representatives"
            | "envoys"
            | "membres"
            | "troupes"
            | "representants"
            | "procureur"
            | "porte-parole"
    )
}

/// Verbs that link one act to another ("the arrest sparked protests").
fn causal_verb(word: &str) -> bool {
    matches!(
        word,
        "sparked"
            | "sparks"
            | "triggered"
            | "triggers"
            | "prompted"
            | "prompts"
            | "caused"
            | "causes"
            | "provoked"
            | "fuelled"
            | "fueled"
            | "led"
            | "drew"
    )
}

/// Verbs that report someone's words (folded), in English, French and Spanish.
fn speech_verb(word: &str) -> bool {
    matches!(
        word,
        "said"
            | "says"
            | "told"
            | "stated"
            | "claimed"
            | "claims"
            | "announced"
            | "alleged"
            | "added"
            | "insisted"
            | "declare"
            | "declares"
            | "annonce"
            | "affirme"
            | "affirment"
            | "indique"
            | "assure"
            | "estime"
            | "dit"
            | "souligne"
            | "precise"
            | "rapporte"
            | "dijo"
            | "afirmo"
            | "declaro"
            | "indico"
            | "aseguro"
            | "senalo"
            | "sostuvo"
            | "informo"
    )
}

/// A word that may be a noun before a participle (English or French): not
/// a pronoun, an auxiliary, a conjunction, an article or an adverb.
fn plain_noun(word: &str) -> bool {
    word.chars().all(char::is_alphabetic)
        && !word.ends_with("ly")
        && !matches!(
            word,
            "he" | "she"
                | "it"
                | "they"
                | "we"
                | "who"
                | "which"
                | "that"
                | "and"
                | "or"
                | "but"
                | "has"
                | "have"
                | "had"
                | "was"
                | "were"
                | "is"
                | "are"
                | "been"
                | "be"
                | "also"
                | "then"
                | "not"
                | "a"
                | "ont"
                | "est"
                | "sont"
                | "etait"
                | "avait"
                | "avaient"
                | "se"
                | "qui"
                | "que"
                | "ne"
                | "pas"
                | "y"
                | "en"
                | "lui"
                | "leur"
                | "la"
                | "le"
                | "les"
                | "l"
                | "va"
                | "vont"
                | "doit"
        )
}

fn determiner(word: &str) -> bool {
    matches!(
        word,
        "the" | "a" | "an" | "its" | "their" | "our" | "this" | "these" | "those" | "every"
    )
}

fn negation(word: &str) -> bool {
    // "refused to attend talks", "a refusé de rencontrer": the act did not happen.
    matches!(
        word,
        "refused" | "refuses" | "declined" | "refuse" | "refusent" | "nego" | "negaron"
    ) || matches!(
        word,
        "ne" | "n'"
            | "pas"
            | "jamais"
            | "ni"
            | "aucun"
            | "aucune"
            | "not"
            | "n't"
            | "never"
            | "no"
            | "nor"
            | "nunca"
            | "tampoco"
    )
}

fn planned_marker(word: &str) -> bool {
    matches!(
        word,
        "doit"
            | "doivent"
            | "devait"
            | "devaient"
            | "devra"
            | "devront"
            | "va"
            | "vont"
            | "allait"
            | "prevoit"
            | "prevoient"
            | "compte"
            | "entend"
            | "projette"
            | "seront"
            | "sera"
            | "will"
            | "shall"
            | "'ll"
            | "plans"
            | "planned"
            | "intends"
            | "expected"
            | "due"
            | "scheduled"
            | "agreed"
            | "agrees"
            | "decided"
            | "set"
            | "va a"
            | "iba"
            | "planea"
            | "prevé"
    )
}

fn hypothetical_marker(word: &str) -> bool {
    matches!(
        word,
        "pourrait"
            | "pourraient"
            | "pourra"
            | "pourront"
            | "si"
            | "could"
            | "would"
            | "might"
            | "may"
            | "if"
            | "unless"
            | "podria"
            | "podrian"
    )
}

fn reported_marker(word: &str) -> bool {
    matches!(
        word,
        "selon" | "aurait" | "auraient" | "reportedly" | "allegedly" | "according" | "segun"
    )
}

fn auxiliary(word: &str) -> bool {
    matches!(
        word,
        "est"
            | "sont"
            | "etait"
            | "etaient"
            | "sera"
            | "seront"
            | "a"
            | "ont"
            | "avait"
            | "avaient"
            | "aura"
            | "auront"
            | "ete"
            | "is"
            | "are"
            | "was"
            | "were"
            | "has"
            | "have"
            | "had"
            | "been"
            | "will"
            | "be"
            | "ha"
            | "han"
            | "habia"
            | "habian"
            | "hubo"
            | "habra"
            | "habran"
            | "sido"
            | "fue"
            | "fueron"
    )
}

/// Coordinated actors: consecutive mentions joined by connectors.
#[derive(Debug, Clone)]
struct Group {
    first: usize,
    /// One past the last token.
    end: usize,
    members: Vec<usize>,
}

fn groups(toks: &[Token], mentions: &[&ActorMention]) -> (Vec<Group>, Vec<Option<usize>>) {
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
                && m.surface.split_whitespace().last().is_some_and(|w| {
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
                && person(mentions[mi])
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

struct Matcher<'a> {
    toks: &'a [Token],
    group_at: &'a [Option<usize>],
    groups: &'a [Group],
    /// Groups that say where ("à l'Élysée", "in Moscow"): no target slot.
    located: &'a [bool],
}

/// For each group, whether it says where things happened rather than whom
/// they concerned: a place or a seat after any locative ("à Astana", "à
/// l'Élysée"); a country only after "in", "en", "dans" ("went on strike in
/// France"), for "à", "au", "to" also mark whom aid goes to; a demonym of a
/// place ("dans l'Extrême-Orient russe"). A visit's own slot still takes them.
fn located(
    toks: &[Token],
    groups: &[Group],
    mentions: &[&ActorMention],
    english: bool,
) -> Vec<bool> {
    // English "a" is the article, not French "à" folded.
    let word = |k: usize| match toks[k].word.as_str() {
        "a" if english => "",
        w => w,
    };
    groups
        .iter()
        .map(|g| {
            let first = g.first;
            // "à l'Élysée", "through central London": past an article or a side.
            let mut b = first;
            while b > 0
                && b + 2 >= first
                && (matches!(word(b - 1), "l'" | "la" | "le" | "the") || side_of_place(word(b - 1)))
            {
                b -= 1;
            }
            let before = b.checked_sub(1);
            let Some(b) = before else { return false };
            g.members.iter().all(|&mi| {
                let m = mentions[mi];
                // "protesters in Lima" (PEROPP) are people, not a country.
                let country = m.actor.len() == 3
                    && m.actor.bytes().all(|b| b.is_ascii_uppercase())
                    && m.code.len() <= 3;
                // ("en Californie": a place the tagger found is a place too.)
                let tagged_place = m.actor.starts_with("N:") && m.ner.as_deref() == Some("LOC");
                if is_place(m) || m.how == "metonym" || tagged_place {
                    locative(word(b))
                } else if m.how == "demonym" {
                    (first.saturating_sub(3)..first)
                        .any(|k| matches!(word(k), "dans" | "in" | "en" | "au" | "aux" | "a"))
                } else {
                    country
                        && matches!(
                            word(b),
                            "in" | "en" | "dans" | "at" | "inside" | "across" | "throughout"
                        )
                }
            })
        })
        .collect()
}

impl Matcher<'_> {
    /// Matches `elems[k..]` from token `j`: the end token and the target group.
    /// `visit`: a place is a fine target anywhere in the slot ("entame une
    /// tournée diplomatique en Asie centrale"); otherwise only right at it.
    fn run(
        &self,
        elems: &[Elem],
        k: usize,
        j: usize,
        visit: bool,
    ) -> Option<(usize, Option<usize>)> {
        let n = self.toks.len();
        let Some(e) = elems.get(k) else {
            return Some((j, None));
        };
        match e {
            Elem::Word { optional, .. } => {
                if j < n && e.matches(&self.toks[j].word) {
                    if let Some(r) = self.run(elems, k + 1, j + 1, visit) {
                        return Some(r);
                    }
                }
                if *optional {
                    if let Some(r) = self.run(elems, k + 1, j, visit) {
                        return Some(r);
                    }
                }
                // Compound tenses put an auxiliary inside a pattern ("s'est
                // entretenu", "se sont rendus", "has met"): skip one.
                if k > 0 && j < n && auxiliary(&self.toks[j].word) {
                    return self.run(elems, k, j + 1, visit);
                }
                None
            }
            Elem::Gap(g) => {
                // Only where the next required word matches is it worth going on.
                let next_word = match elems.get(k + 1) {
                    Some(
                        w @ Elem::Word {
                            optional: false, ..
                        },
                    ) => Some(w),
                    _ => None,
                };
                for skip in 0..=*g as usize {
                    let t = j + skip;
                    if t > n || (skip > 0 && stop(&self.toks[t - 1].word)) {
                        break;
                    }
                    if next_word.is_some_and(|w| t >= n || !w.matches(&self.toks[t].word)) {
                        continue;
                    }
                    if let Some(r) = self.run(elems, k + 1, t, visit) {
                        return Some(r);
                    }
                }
                None
            }
            Elem::Target => {
                // The target within five words; a place passed on the way
                // ("reçu mardi à l'Élysée son homologue") does not count.
                let mut limit = j + 5;
                let mut t = j;
                while t <= limit && t < n && !stop(&self.toks[t].word) {
                    // "prisoners released by Israel": after "by" comes who did
                    // it, not whom it was done to; after "and" and a verb
                    // ("seized power and placed X under arrest") another clause.
                    let w = self.toks[t].word.as_str();
                    let next = self.toks.get(t + 1);
                    if matches!(w, "by" | "par" | "por")
                        || next.is_some_and(|x| {
                            and_opens_clause(w, &x.word, self.group_at[t + 1].is_some())
                        })
                    {
                        break;
                    }
                    if let Some(gi) = self.group_at[t] {
                        if self.groups[gi].first != t {
                            break;
                        }
                        // Right at the slot ("arrivé à TGT") a place is the
                        // target; further on it is only where things happened.
                        if t > j && !visit && self.located[gi] {
                            let end = self.groups[gi].end;
                            limit += end - t + 2;
                            t = end;
                            continue;
                        }
                        // "expelled TGT diplomats" on "expelled two Russian
                        // diplomats": the pattern may go on inside an actor
                        // whose agent word it names.
                        let g_end = self.groups[gi].end;
                        let (end, _) = (t + 1..=g_end)
                            .rev()
                            .find_map(|cut| self.run(elems, k + 1, cut, visit))?;
                        return Some((end, Some(gi)));
                    }
                    t += 1;
                }
                None
            }
        }
    }
}

fn is_place(m: &ActorMention) -> bool {
    m.actor.starts_with("C-") || m.actor.starts_with("R-")
}

fn side(m: &ActorMention, governed: bool) -> EventActor {
    let mut code = m.code.clone();
    // "ses homologues du Kazakhstan": the country's government.
    if governed && code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        code.push_str("GOV");
    }
    EventActor {
        id: m.actor.clone(),
        code,
        surface: m.surface.clone(),
    }
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
    let mut seen: std::collections::HashSet<(String, String, String, Option<String>)> =
        std::collections::HashSet::new();
    let english = input.lang == "en";
    for range in steppe_text::sentences::split(input.text) {
        let sentence = &input.text[range.clone()];
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
                    // After an English determiner a verb is a noun ("the
                    // state's", "a strike"): only nominal patterns start there.
                    if english
                        && !p.nominal
                        && i > 0
                        && (determiner(&toks[i - 1].word) || toks[i - 1].word == "'s")
                    {
                        continue;
                    }
                    // "American calls for a state", "in occupied Ukraine": after
                    // a demonym a verb form is a noun, and an "-ed" form after a
                    // preposition or an article is an adjective.
                    if english && !p.nominal && i > 0 {
                        let prev = &toks[i - 1].word;
                        // The demonym word itself, not "Russian forces".
                        let after_demonym = mentions.iter().any(|m| {
                            m.how == "demonym"
                                && m.start == toks[i - 1].start
                                && m.end == toks[i - 1].end
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
                        if after_demonym || adjective || after_preposition {
                            continue;
                        }
                    }
                    // "companies accused of supplying the army", "un imam
                    // accusé de propos haineux": a participle right after a
                    // plain noun, then "of"/"de", qualifies the noun.
                    let next = toks.get(i + 1).map_or("", |n| n.word.as_str());
                    let qualifies = match input.lang {
                        "en" => t.word.ends_with("ed") && next == "of",
                        "fr" => matches!(next, "de" | "d'") && !t.word.ends_with("er"),
                        _ => false,
                    };
                    // "Russian companies accused of": the noun may be an agent
                    // word ending an actor (lower case, unlike a name).
                    let agent_noun = |k: usize| {
                        group_at[k].is_some()
                            && input.text[toks[k].start..]
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
                    if let Some((end, target)) =
                        matcher.run(&p.elems, 0, i, p.code.starts_with("042"))
                    {
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
            let (sources, mut targets, ground) = ctx.sides();
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
            let (date, date_precision) = toks_date(input, &toks, i)
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
            let sources = if sources.is_empty() {
                vec![(empty_side(), false)]
            } else {
                sources
            };
            // "Poutine et Kim Jong Un se sont rencontrés", "China and Russia
            // held talks": with no one else named, each met the others.
            // "Britain and the EU signed a deal", "China and Russia held talks":
            // acts done together are done with each other; not mediation,
            // which is between others.
            let mutual = (cameo::root(&p.code) == "04" && !p.code.starts_with("045"))
                || matches!(
                    p.code.as_str(),
                    "057" | "0871" | "036" | "046" | "061" | "062" | "0841" | "050" | "190" | "193"
                );
            let reciprocal = targets.is_empty() && target.is_none() && mutual && sources.len() >= 2;
            let targets = if reciprocal {
                sources.clone()
            } else if targets.is_empty() {
                vec![(empty_side(), false)]
            } else {
                targets
            };
            // "paused the reform after mass protests": protests named as the
            // background of another act are not reported here.
            let background = toks[i.saturating_sub(5)..i].iter().any(|t| {
                matches!(
                    t.word.as_str(),
                    "after"
                        | "amid"
                        | "following"
                        | "despite"
                        | "during"
                        | "apres"
                        | "malgre"
                        | "lors"
                )
            });
            let after = &toks[end.min(toks.len())..];
            let before = out.len();
            for (s, s_known) in &sources {
                for (t, t_known) in &targets {
                    if reciprocal && s.id == t.id {
                        continue;
                    }
                    // No subject, no event: a trigger alone says nothing of who
                    // acted; but protests are news whoever marched ("des
                    // manifestations ont éclaté à Quito").
                    // The same actor on both sides is no event; "Peruvian police"
                    // and "protesters in Lima" are two parts of one country.
                    if (s.id.is_empty() && (!sourceless(&p.code) || background))
                        || (!s.id.is_empty() && s.id == t.id && s.code == t.code)
                    {
                        continue;
                    }
                    let code = refined(&p.code, s, t, after);
                    // "seized Damascus", "stormed the town": taking a place
                    // (no building, no agency of it) occupies territory; a
                    // raid does not.
                    let taking = ["seiz", "captur", "storm", "overr", "took", "tak"]
                        .iter()
                        .any(|v| toks[i].word.starts_with(v));
                    let code = if code == "171" && ground && taking {
                        "192".to_string()
                    } else {
                        code
                    };
                    let key = (s.id.clone(), t.id.clone(), code.clone(), date.clone());
                    if !seen.insert(key) {
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
                }
            }
            if out.len() > before {
                coded += 1;
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
                && !input.text[o.end..e.start].contains([';', ':'])
        };
        // Only where a word before it makes the protest the object of that
        // act: stoked, organised, banned, prevented, tried to hold.
        let mut from = e.sentence_start.max(e.start.saturating_sub(40));
        while !input.text.is_char_boundary(from) {
            from += 1;
        }
        let before: String = fold(&input.text[from..e.start]);
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

/// Which events to keep when a noun names again an act a verb of the same
/// sentence coded ("arrived in Washington for a state visit", "welcomed Yoon
/// to the White House for a state visit"): the noun goes, unless it alone
/// says whom the act concerned ("began operations in Karabakh, shelling
/// Armenian positions"), and then the bare verb goes. A meeting is one act
/// whoever is named first ("hosted the G20 summit"); force named twice with
/// sides swapped is a reply ("struck Iran after Iranian missiles hit"). A
/// meeting named with no one met ("the G20 summit ended") is no event.
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
            let shared = |c: &str| !c.is_empty() && (c == e.source.code || c == e.target.code);
            let same_source = !v.source.code.is_empty() && v.source.code == e.source.code;
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

/// The kind of force from who used it on whom: police fighting protesters
/// repress them (175); a suicide bomber's attack is a suicide bombing (1831).
fn by_kind(code: String, source: &EventActor, target: &EventActor) -> String {
    let root = cameo::root(&code);
    if matches!(code.as_str(), "190" | "193")
        && source.code.ends_with("COP")
        && (target.code.ends_with("OPP") || target.code.ends_with("CVL"))
    {
        return "175".to_string();
    }
    if matches!(root, "18" | "19") && source.surface.to_lowercase().contains("suicide bomber") {
        return "1831".to_string();
    }
    // "the air force destroyed a landing ship": destroying an enemy's
    // equipment is fighting, not damaging property.
    if code == "1712" && source.code.ends_with("MIL") {
        let air = source.surface.to_lowercase().contains("air force");
        return if air { "195" } else { "190" }.to_string();
    }
    // "a gunman killed two fans": force by unknown gunmen or gangs is not
    // an army's (18, not 19).
    if matches!(code.as_str(), "190" | "193")
        && (source.code.ends_with("UAF") || source.code.ends_with("CRM"))
    {
        return "180".to_string();
    }
    // "protesters attacked the embassy": violence by a crowd is a riot.
    if matches!(root, "18" | "19") && (source.code.ends_with("OPP") || source.code.ends_with("CVL"))
    {
        return "145".to_string();
    }
    code
}

/// A pattern's code refined by who acted on whom and how: from the air
/// (195), by police, gunmen or crowds (`by_kind`), or a government's protest,
/// which is an official complaint (114), not a street demonstration.
fn refined(code: &str, source: &EventActor, target: &EventActor, after: &[Token]) -> String {
    let code = by_kind(by_air(code, &source.surface, after), source, target);
    // "withdraw from the International Criminal Court": leaving a body is
    // cutting ties, not pulling troops back.
    if code.starts_with("087") && target.code.starts_with("IGO") {
        return "160".to_string();
    }
    if code == "140" && (source.code.ends_with("GOV") || source.code.starts_with("IGO")) {
        "114".to_string()
    } else {
        code
    }
}

/// "Israeli warplanes struck", "des avions de combat ont frappé", "struck
/// Lviv with missiles" (a weapon in the clause `after` the trigger): force
/// used from the air is CAMEO 195, whatever verb says it.
fn by_air(code: &str, source: &str, after: &[Token]) -> String {
    if !matches!(code, "190" | "193" | "194") {
        return code.to_string();
    }
    let clause_after: String = after
        .iter()
        .take_while(|t| !stop(&t.word) && t.word != ",")
        .take(8)
        .map(|t| t.word.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let s = source.to_lowercase();
    let weapon = [
        "missiles",
        "missile",
        "drones",
        "rockets",
        "air strikes",
        "airstrikes",
    ]
    .iter()
    .any(|w| clause_after.contains(w));
    if weapon {
        return "195".to_string();
    }
    let aircraft = [
        "warplane",
        "jets",
        "aircraft",
        "drone",
        "bomber",
        "helicopter",
        "avions",
        "aviation",
        "chasseurs",
        "hélicoptères",
        "aviones",
        "drones",
    ];
    if aircraft.iter().any(|a| s.contains(a)) {
        "195".to_string()
    } else {
        code.to_string()
    }
}

/// Events that need no known source: protests (14), news whoever marched
/// (PLOVER leaves their source open). Violence without its author is not
/// coded: "a blast killed 68", "depuis l'invasion de l'Ukraine" are accidents
/// or recall events told elsewhere more often than they report an attack.
fn sourceless(code: &str) -> bool {
    cameo::root(code) == "14"
}

/// The date a sentence gives an event: its timex nearest the trigger.
fn toks_date(input: &Input, toks: &[Token], trigger: usize) -> Option<(String, String)> {
    let (lo, hi) = (toks.first()?.start, toks.last()?.end);
    let at = toks[trigger].start;
    input
        .timexes
        .iter()
        .filter(|t| t.start >= lo && t.end <= hi)
        .filter_map(|t| calendar(t).map(|c| (t.start.abs_diff(at), c)))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// One side of an event and whether the knowledge base knows it.
type Side = (EventActor, bool);

struct Trigger<'a> {
    toks: &'a [Token],
    groups: &'a [Group],
    located: &'a [bool],
    mentions: &'a [&'a ActorMention],
    start: usize,
    end: usize,
    target: Option<usize>,
    nominal: bool,
    code: &'a str,
    english: bool,
    /// The group whose words the sentence reports (`find_speaker`), found
    /// once per trigger.
    speaker: Option<usize>,
}

impl Trigger<'_> {
    fn word(&self, k: usize) -> &str {
        self.toks.get(k).map_or("", |t| t.word.as_str())
    }

    /// Words before the trigger in its clause, nearest first (at most `n`).
    fn before(&self, n: usize) -> Vec<&str> {
        let mut out = Vec::new();
        let mut k = self.start;
        while k > 0 && out.len() < n {
            k -= 1;
            let w = self.word(k);
            if stop(w) || w == "," {
                break;
            }
            out.push(w);
        }
        out
    }

    /// `None` when the event is negated (it did not happen: no event).
    fn modality(&self) -> Option<Modality> {
        let before = self.before(4);
        if before.iter().any(|w| negation(w)) {
            return None;
        }
        // "urged South Korea to send weapons", "a exhorté Paris à livrer": what
        // an appeal asks for has not happened; the appeal is the event.
        // "the truce between Israel and Hamas collapsed": a named agreement
        // that ended is no agreement made.
        // ("the meeting ended in a shouting match" still took place.)
        if self.nominal
            && cameo::root(self.code) != "04"
            && (self.end..self.end + 6).any(|k| {
                matches!(
                    self.word(k),
                    "collapsed" | "expired" | "failed" | "ended" | "s'est effondree" | "a expire"
                )
            })
        {
            return None;
        }
        // "l'a reçu pour discuter de…", "para negociar": a purpose names what
        // is meant to happen, not an act of its own.
        // (Only a meeting's purpose: "marcharon para exigir" is a demand
        // made by marching.)
        if !self.nominal
            && self.start > 0
            && cameo::root(self.code) == "04"
            && matches!(self.word(self.start - 1), "pour" | "para")
        {
            return None;
        }
        let linker = self.word(self.start.saturating_sub(1));
        let linker = matches!(linker, "to" | "de" | "d'") || (linker == "a" && !self.english);
        if self.start > 1 && linker {
            let asked = self.before(8).iter().any(|w| {
                matches!(
                    *w,
                    "urged"
                        | "accused"
                        | "accuse"
                        | "accuses"
                        | "accusant"
                        | "accusent"
                        | "urges"
                        | "asked"
                        | "asks"
                        | "pressed"
                        | "encouraged"
                        | "exhorte"
                        | "exhortent"
                        // "sent troops to Russia to fight": what they were
                        // sent for has not happened yet.
                        | "sent"
                        | "send"
                        | "sends"
                        | "deployed"
                        | "dispatched"
                        | "invite"
                        | "appele"
                        | "appelle"
                        | "instamment"
                )
            });
            if asked {
                return None;
            }
        }
        // "demanded that Russia withdraw its troops": what a demand asks
        // for has not happened.
        // (`before` runs nearest first: "that" then the demand verb.)
        let demand = self.before(10).windows(2).any(|w| {
            w[0] == "that"
                && matches!(
                    w[1],
                    "demanded" | "demands" | "demand" | "insisted" | "insists" | "urged" | "asked"
                )
        });
        if demand && !self.nominal {
            return None;
        }
        // "a resolution demanding a ceasefire", "called for a truce": the act
        // asked for is not done.
        if self.nominal
            && self.before(3).iter().any(|w| {
                matches!(
                    *w,
                    "demanding"
                        | "demanded"
                        | "demand"
                        | "demands"
                        | "calling"
                        | "urging"
                        | "seeking"
                        | "sought"
                        | "for"
                        | "proposing"
                        | "proposed"
                )
            })
        {
            return None;
        }
        // "M23 rebels backed by Rwanda captured Goma": a participle of support
        // right after an actor, with its agent, says what the actor is.
        if !self.nominal
            && matches!(
                self.word(self.start),
                "backed" | "supported" | "sponsored" | "funded" | "armed" | "trained" | "allied"
            )
            && matches!(self.word(self.start + 1), "by" | "with")
            && self.groups.iter().any(|g| g.end == self.start)
        {
            return None;
        }
        // "n'ont soutenu aucune": a negation right after the verb.
        if !self.nominal
            && matches!(
                self.word(self.end),
                "aucun" | "aucune" | "pas" | "jamais" | "not"
            )
        {
            return None;
        }
        let trigger: Vec<&str> = (self.start..self.end.min(self.start + 3))
            .map(|k| self.word(k))
            .collect();
        let wider = self.before(8);
        // The conditional ("rencontrerait", "pourrait"), not the imperfect ("préparait").
        let conditional = |t: &&str| {
            [
                "erait", "eraient", "irait", "iraient", "rrait", "rraient", "drait", "draient",
            ]
            .iter()
            .any(|s| t.ends_with(s))
        };
        if before.iter().any(|w| hypothetical_marker(w)) || trigger.iter().any(conditional) {
            return Some(Modality::Hypothetical);
        }
        // French future tense ("rencontrera", "s'entretiendront") or a modal before.
        let future = |t: &&str| {
            t.len() > 4
                && ["ra", "ront", "rai", "rons"].iter().any(|s| t.ends_with(s))
                && !matches!(*t, "contra" | "encontra")
        };
        if before.iter().any(|w| planned_marker(w)) || trigger.iter().any(future) {
            return Some(Modality::Planned);
        }
        if wider.iter().any(|w| reported_marker(w)) {
            return Some(Modality::Reported);
        }
        Some(Modality::Realised)
    }

    /// The group whose words the sentence reports: "Moscow said (that) …"
    /// before the trigger, "…, Moscow said" or "…, a affirmé Moscou" after
    /// it, or "selon Moscou", "according to Moscow", "según Moscú" anywhere.
    fn find_speaker(&self) -> Option<usize> {
        let n = self.toks.len();
        let group_at = |k: usize| self.groups.iter().position(|g| g.first == k);
        for k in 0..n {
            let w = self.word(k);
            let marker = match w {
                "selon" | "segun" => Some(k + 1),
                "according" if self.word(k + 1) == "to" => Some(k + 2),
                "apres" if k > 0 && self.word(k - 1) == "d'" => Some(k + 1),
                _ => None,
            };
            if let Some(from) = marker {
                if let Some(g) = self.group_after(from, 3, &[]) {
                    return Some(g);
                }
            }
        }
        // The speech verb nearest the trigger, never the trigger itself.
        let verb = (0..n)
            .filter(|&k| speech_verb(self.word(k)) && !(self.start..self.end).contains(&k))
            .min_by_key(|&k| k.abs_diff(self.start))?;
        if verb < self.start {
            // Its subject: the nearest group before it that no preposition governs.
            self.groups
                .iter()
                .enumerate()
                .rev()
                .filter(|(_, g)| g.end <= verb)
                .find(|(_, g)| {
                    let w = if g.first == 0 {
                        ""
                    } else {
                        self.word(g.first - 1)
                    };
                    // English "a" ("A Saudi delegation") is no French "à".
                    !preposition(w) || (self.english && w == "a")
                })
                .map(|(i, _)| i)
        } else {
            // "…, Russia said": a group between a comma and the verb.
            let before = self.groups.iter().position(|g| {
                // "…, the army said": an article may open the speaker.
                let k = if g.first > 1
                    && matches!(self.word(g.first - 1), "the" | "la" | "le" | "l'" | "el")
                {
                    g.first - 1
                } else {
                    g.first
                };
                g.end == verb && k > 0 && self.word(k - 1) == ","
            });
            // "…, a affirmé jeudi Moscou", "…, dijo Moscú": the verb first.
            let comma_verb = (verb.saturating_sub(2)..verb).any(|k| self.word(k) == ",");
            before.or_else(|| {
                comma_verb
                    .then(|| (verb + 1..(verb + 4).min(n)).find_map(group_at))
                    .flatten()
            })
        }
    }

    /// Is `id` an actor named here through its seat ("Yerevan", "Seoul")?
    fn metonym_id(&self, id: &str) -> bool {
        self.mentions
            .iter()
            .any(|m| m.actor == id && m.how == "metonym")
    }

    /// "eight people killed in a shooting", "civilians wounded by shelling":
    /// a harm participle right after a plain noun and before a preposition
    /// tells what the noun suffered, not what the sentence's subject did.
    fn harmed_noun(&self) -> bool {
        let t = self.word(self.start);
        let harm = matches!(
            t,
            "killed" | "wounded" | "injured" | "detained" | "arrested" | "abducted" | "kidnapped"
        );
        let prev_plain = self.start > 0
            && !self.groups.iter().any(|g| g.end == self.start)
            && self.word(self.start - 1).chars().all(char::is_alphabetic)
            && !auxiliary(self.word(self.start - 1))
            && !matches!(
                self.word(self.start - 1),
                "and" | "or" | "who" | "that" | "which"
            );
        let next_prep = matches!(
            self.word(self.start + 1),
            "in" | "at" | "by" | "during" | "on" | "near" | "when" | "after"
        );
        self.english && harm && prev_plain && next_prep
    }

    fn members(&self, g: usize, governed: bool) -> Vec<Side> {
        self.groups[g]
            .members
            .iter()
            .map(|&mi| {
                let m = self.mentions[mi];
                (side(m, governed), !m.actor.starts_with("N:"))
            })
            .collect()
    }

    /// "ses homologues du Kazakhstan", "the leaders of Kazakhstan": an
    /// officials noun right before the group (through "de", "of" or an article
    /// only), not one of the subject's titles further back.
    fn governed(&self, g: usize) -> bool {
        // "Japan's government", "Russia's foreign ministry", "Russian authorities".
        let end = self.groups[g].end;
        if self.word(end) == "'s"
            && (officials(self.word(end + 1)) || officials(self.word(end + 2)))
        {
            return true;
        }
        // "Kazakh officials", "US counterparts": a country named as an
        // adjective before an officials noun.
        let adjective = self.groups[g].members.iter().all(|&mi| {
            let m = self.mentions[mi];
            m.how == "demonym" || (m.how == "alias" && m.code.len() == 3)
        });
        if adjective && officials(self.word(end)) {
            return true;
        }
        let first = self.groups[g].first;
        (first.saturating_sub(4)..first).any(|k| {
            officials(self.word(k))
                && (k + 1..first).all(|j| {
                    matches!(
                        self.word(j),
                        "de" | "du"
                            | "des"
                            | "d'"
                            | "of"
                            | "the"
                            | "la"
                            | "le"
                            | "les"
                            | "l'"
                            | "del"
                    )
                })
        })
    }

    /// The group right before "'s" that owns group `g` ("Iran" in "Iran's
    /// Revolutionary Guards").
    fn genitive_owner(&self, g: usize) -> Option<usize> {
        let first = self.groups[g].first;
        (first > 1 && self.word(first - 1) == "'s")
            .then(|| self.groups.iter().position(|o| o.end == first - 1))
            .flatten()
    }

    /// The group starting after `from` within `within` tokens, in the clause,
    /// whose first token is preceded by one of `preps` (any when empty).
    fn group_after(&self, from: usize, within: usize, preps: &[&str]) -> Option<usize> {
        let mut k = from;
        while k < self.toks.len() && k < from + within {
            let w = self.word(k);
            if stop(w) {
                return None;
            }
            // "lodged a protest after an American destroyer sailed": a
            // subordinate clause has its own actors.
            // (Also right after an actor passed over: "bombed the airport in
            // Sanaa after a Houthi missile landed".)
            if preps.is_empty() && (k > from || from != self.end) && subordinator(w) {
                return None;
            }
            // "seized power and placed X under arrest": "and" before a word
            // that is neither an actor nor an article opens another clause.
            if preps.is_empty()
                && and_opens_clause(
                    w,
                    self.word(k + 1),
                    self.groups.iter().any(|g| g.first == k + 1),
                )
            {
                return None;
            }
            if let Some(gi) = self.groups.iter().position(|g| g.first == k) {
                let before = if k > 0 { self.word(k - 1) } else { "" };
                let before2 = if k > 1 { self.word(k - 2) } else { "" };
                if preps.is_empty() || preps.contains(&before) || preps.contains(&before2) {
                    return Some(gi);
                }
                k = self.groups[gi].end;
                continue;
            }
            k += 1;
        }
        None
    }

    /// The subject: the nearest group before the trigger that no preposition governs.
    fn subject(&self) -> Option<usize> {
        // "tear gas at protesters demanding the resignation…": an English
        // "-ing" form without an auxiliary qualifies the noun right before
        // it, whatever governs that noun.
        let t = self.word(self.start);
        let aux = self.start > 0
            && matches!(
                self.word(self.start - 1),
                "is" | "are" | "was" | "were" | "be" | "been" | "am" | "being"
            );
        if self.english && t.len() > 5 && t.ends_with("ing") && !aux {
            let near = self
                .groups
                .iter()
                .rposition(|g| g.end == self.start)
                .filter(|&g| {
                    (self.groups[g].end..self.start).all(|k| !matches!(self.word(k), "," | ";"))
                });
            // "supporters of Imran Khan protesting": the head noun before "of"
            // protests, and it is no actor.
            if let Some(g) = near {
                let f = self.groups[g].first;
                if f > 0 && matches!(self.word(f - 1), "of" | "de") {
                    return None;
                }
            }
            if near.is_some() {
                return near;
            }
            // "a resolution demanding a ceasefire": the noun before the "-ing"
            // form demands, and it is no actor.
            let prev = self.word(self.start.saturating_sub(1));
            // ("began evacuating", "kept shelling": a verb before it is no noun.)
            let verb = prev.ends_with("ed")
                || matches!(
                    prev,
                    "began"
                        | "begin"
                        | "begins"
                        | "begun"
                        | "start"
                        | "starts"
                        | "stop"
                        | "stops"
                        | "keep"
                        | "keeps"
                        | "kept"
                        | "continue"
                        | "continues"
                        | "resume"
                        | "resumes"
                        | "be"
                        | "is"
                        | "are"
                        | "was"
                        | "were"
                        | "been"
                        | "will"
                        | "would"
                );
            if self.start > 0 && plain_noun(prev) && !auxiliary(prev) && !verb {
                return None;
            }
        }
        // "the crash that killed Prigozhin", "Russia, which invaded Ukraine": a
        // relative pronoun's verb has the noun before it as subject.
        let k0 = if self.start > 0 && auxiliary(self.word(self.start - 1)) {
            self.start - 1
        } else {
            self.start
        };
        if k0 > 0 && matches!(self.word(k0 - 1), "that" | "which" | "who" | "qui") {
            let rel = k0 - 1;
            let before = if rel > 0 && self.word(rel - 1) == "," {
                rel - 1
            } else {
                rel
            };
            return self.groups.iter().position(|g| g.end == before);
        }
        let free = |g: &Group| {
            let w = if g.first == 0 {
                ""
            } else {
                self.word(g.first - 1)
            };
            // English "a" ("A Saudi delegation") is no French "à"; but "in a St
            // Petersburg cafe" is governed past its article.
            let w2 = if g.first > 1 {
                self.word(g.first - 2)
            } else {
                ""
            };
            // ("the leaders of the EU met": "of" names whose leaders act).
            // "in central Greece": a side of the place is no article either.
            // ("a joint session of the US Congress": only a head naming
            // people acts through its "of".)
            let people_of = matches!(w2, "of" | "de" | "du")
                && g.first > 2
                && (officials(self.word(g.first - 3)) || people_noun(self.word(g.first - 3)));
            let governed_past_article =
                (determiner(w) || side_of_place(w)) && preposition(w2) && !people_of;
            (!preposition(w) || (self.english && w == "a")) && !governed_past_article
        };
        // "Panama said it would leave", "Trump met al-Sharaa and said he
        // would lift": a pronoun subject is the sentence's first actor, not
        // the nearest one.
        let mut k = self.start;
        while k > 0
            && (auxiliary(self.word(k - 1))
                || matches!(
                    self.word(k - 1),
                    "would" | "will" | "could" | "might" | "had" | "has"
                )
                || self.word(k - 1).ends_with("ly"))
        {
            k -= 1;
        }
        // ("he" is a person's, "it" a country's or a body's: "Biden said
        // he would halt arms to Israel if it invaded Rafah".)
        let person = |g: &Group| {
            g.members.iter().all(|&mi| {
                let m = self.mentions[mi];
                m.actor.starts_with("P-") || m.ner.as_deref() == Some("PER")
            })
        };
        let wanted = match self.word(k.saturating_sub(1)) {
            _ if k == 0 => None,
            "he" | "she" | "il" | "elle" => Some(Some(true)),
            "it" => Some(Some(false)),
            "they" | "ils" | "elles" => Some(None),
            _ => None,
        };
        if let Some(kind) = wanted {
            let clause_start = (0..k)
                .rev()
                .find(|&j| matches!(self.word(j), ";" | "." | ":"))
                .map_or(0, |j| j + 1);
            return self.groups.iter().position(|g| {
                g.first >= clause_start
                    && g.end < k
                    && free(g)
                    && kind.is_none_or(|p| person(g) == p)
            });
        }
        // "Canada expelled a diplomat and accused India": a verb right after
        // "and" shares the clause's first subject.
        let k = if self.start > 0 && auxiliary(self.word(self.start - 1)) {
            self.start - 1
        } else {
            self.start
        };
        if k > 0 && matches!(self.word(k - 1), "and" | "et" | "y") {
            let clause_start = (0..k)
                .rev()
                .find(|&j| matches!(self.word(j), ";" | "." | ":"))
                .map_or(0, |j| j + 1);
            return self
                .groups
                .iter()
                .position(|g| g.first >= clause_start && g.end < k && free(g));
        }
        self.groups
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, g)| g.end <= self.start)
            .take_while(|(_, g)| !(g.end..self.start).any(|k| self.word(k) == ";"))
            // "hosted a summit in Sharm el-Sheikh where world leaders
            // endorsed…": a "where" clause has its own subject.
            .take_while(|(_, g)| {
                !(g.end..self.start).any(|k| matches!(self.word(k), "where" | "ou" | "donde"))
            })
            // "Japan pledged aid after an earthquake struck": the subject of
            // a verb in a subordinate clause is inside that clause.
            .take_while(|(_, g)| {
                !(g.end..self.start).any(|k| {
                    // "as well as", "such as", "as part of", "as a result" are no clauses.
                    let as_phrase = self.word(k) == "as"
                        && (matches!(self.word(k + 1), "well" | "part" | "a" | "an" | "result")
                            || (k > 0 && self.word(k - 1) == "such"));
                    subordinator(self.word(k))
                        && !as_phrase
                        && !(k + 1..self.start).any(|j| self.word(j) == ",")
                })
            })
            // "visited Istanbul, where he held talks": the place before
            // "where" is not who acted.
            .find(|(_, g)| {
                let w = |k: usize| self.word(k);
                let before_where = matches!(w(g.end), "where" | "ou" | "donde")
                    || (w(g.end) == "," && matches!(w(g.end + 1), "where" | "ou" | "donde"));
                free(g) && !before_where
            })
            .map(|(i, _)| i)
    }

    /// Sources, targets, and whether the target is ground: a place, or a
    /// country named as a noun (not "Iranian", not "Haiti's prison").
    fn sides(&self) -> (Vec<Side>, Vec<Side>, bool) {
        // "…to China, accompanied by von der Leyen": past a comma, "by"
        // belongs to another phrase.
        // "a prisoner swap in a deal brokered by Qatar": "by" after another
        // participle is that participle's agent.
        let by = self
            .group_after(self.end, 7, &["par", "by", "por"])
            .filter(|&g| {
                !(self.end..self.groups[g].first).any(|k| {
                    let w = self.word(k);
                    w == "," || (k + 1 < self.groups[g].first && k > self.end && w.ends_with("ed"))
                })
            });
        // "…, shelling Armenian positions": a gerund after a comma is the
        // main clause's subject acting again.
        let gerund = self.english
            && self.nominal
            && self.word(self.start).ends_with("ing")
            && self.start > 0
            && self.word(self.start - 1) == ",";
        // "struck Hamas leaders in Doha, drawing condemnation from Qatar": a
        // reaction named after "drawing" is by the actor after "from", aimed
        // at the clause's subject.
        let reaction = self.english
            && self.nominal
            && self.word(self.end) == "from"
            && self.before(2).iter().any(|w| {
                matches!(
                    *w,
                    "drawing"
                        | "drew"
                        | "prompting"
                        | "prompted"
                        | "sparking"
                        | "sparked"
                        | "triggering"
                        | "triggered"
                        | "attracting"
                )
            });
        let reaction_from = reaction
            .then(|| self.group_after(self.end, 3, &["from"]))
            .flatten();
        let (source, target) = if let Some(from) = reaction_from {
            let subject = self.groups.iter().position(|g| {
                g.end <= self.start && (g.first == 0 || !preposition(self.word(g.first - 1)))
            });
            (Some(from), subject)
        } else if gerund {
            let target = self.target.or_else(|| self.group_after(self.end, 3, &[]));
            (self.subject(), target)
        } else if self.nominal {
            // "la visite de Blinken à Astana"; "l'invasion de l'Ukraine par la Russie".
            let of = self.group_after(self.end, 3, &["de", "du", "d'", "des", "of"]);
            // French and Spanish put the adjective after the noun
            // ("l'invasion russe"); English "shelling Armenian positions" names
            // the target.
            let demonym = self.mentions.iter().position(|m| {
                !self.english
                    && m.how == "demonym"
                    && self.toks.get(self.end).is_some_and(|t| t.start == m.start)
            });
            // "Russia's invasion", "Russia's full-scale invasion".
            // ("Imran Khan's arrest sparked protests": a verb between them
            // makes the genitive another noun's.)
            let genitive = (self.start.saturating_sub(4)..self.start)
                .rev()
                .find(|&k| self.word(k) == "'s")
                .filter(|&k| (k + 1..self.start).all(|j| !causal_verb(self.word(j))))
                .and_then(|k| self.groups.iter().position(|g| g.end == k));
            // "l'invasion russe de l'Ukraine": the adjective is the author.
            let demonym_group = demonym.and_then(|mi| {
                let s = self.mentions[mi].start;
                self.groups
                    .iter()
                    .position(|g| self.toks[g.first].start == s)
            });
            // "the invasion of Guyana", "la libération des otages": for force,
            // arrests, releases and expulsions the complement underwent the act.
            let root = cameo::root(self.code);
            let patient = matches!(root, "17" | "18" | "19" | "20")
                || self.code.starts_with("084")
                || matches!(self.code, "166" | "174");
            // "a tour of the Middle East": a visit's "of" place is where it goes.
            let of_place = of.is_some_and(|g| {
                self.groups[g].members.iter().all(|&mi| {
                    let m = self.mentions[mi];
                    is_place(m) || m.how == "metonym"
                })
            });
            let patient = patient || (self.code.starts_with("042") && of_place);
            let agent_of = if patient { None } else { of };
            // "Imran Khan's arrest", "Gershkovich's release", "the envoy's
            // expulsion": for these acts the genitive underwent them ("Russia's
            // invasion" is still Russia's act).
            let undergone = root == "17"
                || self.code.starts_with("084")
                || matches!(self.code, "166" | "174")
                || self.code.starts_with("186");
            let (genitive, genitive_patient) = if undergone {
                (None, genitive)
            } else {
                (genitive, None)
            };
            // "an Israeli air strike", "US aid": an English actor right before
            // the noun is its author.
            // Not a place: "the Vilnius summit" was held there, not by it.
            let adjunct = if self.english {
                self.groups.iter().position(|g| {
                    g.end == self.start
                        && g.members.iter().all(|&mi| {
                            let m = self.mentions[mi];
                            m.how != "metonym" && !is_place(m)
                        })
                })
            } else {
                None
            };
            // "Kishida began a tour of G7 countries": after a light verb the
            // clause's subject is the author, not the "of" complement.
            let began = self.english
                && self
                    .before(3)
                    .iter()
                    .any(|w| matches!(*w, "began" | "started" | "launched" | "concluded"));
            let agent_of = if began { None } else { agent_of };
            let source = by
                .or(genitive)
                .or(adjunct)
                .or(agent_of)
                .or_else(|| began.then(|| self.subject()).flatten())
                .or(demonym_group)
                .or_else(|| {
                    // "sa visite", "carried out an air strike", "a mené une
                    // offensive": a possessive or a light verb makes the
                    // clause's subject the author.
                    // ("announced that the truce would begin": the
                    // announcer is not the truce's author.)
                    // (Five words: "announced a 50 percent tariff".)
                    let near: Vec<&str> = self
                        .before(5)
                        .into_iter()
                        .take_while(|w| !matches!(*w, "that" | "que" | "qu'"))
                        .collect();
                    // "during a state visit to Washington", "lors d'une
                    // visite": the clause's subject makes the trip.
                    let trip = self.code.starts_with("042")
                        && near.iter().any(|w| {
                            matches!(
                                *w,
                                "during"
                                    | "on"
                                    | "after"
                                    | "before"
                                    | "ahead"
                                    | "pendant"
                                    | "lors"
                                    | "apres"
                                    | "avant"
                                    | "durante"
                            )
                        });
                    let light = trip
                        || near.iter().any(|w| {
                            matches!(
                                *w,
                                "son"
                                    | "sa"
                                    | "ses"
                                    | "leur"
                                    | "leurs"
                                    | "his"
                                    | "her"
                                    | "its"
                                    | "their"
                                    | "out"
                                    | "conducted"
                                    | "launched"
                                    | "staged"
                                    | "mounted"
                                    | "made"
                                    | "paid"
                                    | "ordered"
                                    | "ended"
                                    | "embarked"
                                    | "announced"
                                    | "off"
                                    | "pressed"
                                    | "continued"
                                    | "intensified"
                                    | "declared"
                                    | "imposed"
                                    | "agreed"
                                    | "approved"
                                    | "unveiled"
                                    | "adopted"
                                    | "passed"
                                    | "led"
                                    | "headed"
                                    | "authorised"
                                    | "authorized"
                                    | "doubled"
                                    | "raised"
                                    | "increased"
                                    | "hiked"
                                    | "tripled"
                                    | "effectue"
                                    | "mene"
                                    | "lance"
                                    | "realizo"
                                    | "lanzo"
                            )
                        });
                    // English "its offensive" is the nearest actor's, governed or
                    // not ("severed ties with Israel over its offensive"); "their
                    // summit" the nearest plural one ("G7 leaders … their summit").
                    let owner = self.before(3).iter().find_map(|w| match *w {
                        "its" | "his" | "her" if self.english => Some(false),
                        "their" if self.english => Some(true),
                        _ => None,
                    });
                    if let Some(plural) = owner {
                        let before: Vec<usize> = (0..self.groups.len())
                            .rev()
                            .filter(|&g| self.groups[g].end <= self.start)
                            .collect();
                        let many = |g: usize| {
                            self.groups[g].members.len() > 1
                                || self.mentions[*self.groups[g].members.last().unwrap_or(&0)]
                                    .surface
                                    .ends_with('s')
                        };
                        // "Iran launched missiles at Israel in its first attack
                        // on Israeli territory": the nearest actor is whom the
                        // act lands on, so "its" is the clause's subject.
                        let country = |g: usize| {
                            self.members(g, false)
                                .first()
                                .and_then(|(a, _)| a.code.get(..3).map(str::to_string))
                        };
                        let next = self.target.or_else(|| self.group_after(self.end, 4, &[]));
                        let nearest = before.first().copied().filter(|&g| {
                            next.is_none_or(|n| country(n).is_none() || country(n) != country(g))
                        });
                        return if plural {
                            before
                                .iter()
                                .copied()
                                .find(|&g| many(g))
                                .or(before.first().copied())
                        } else {
                            nearest.or_else(|| self.subject())
                        };
                    }
                    // "Blinken and Xi agreed … at a meeting in Beijing": who
                    // met is the clause's first actor, not the nearest one.
                    let at_meeting = self.before(2).contains(&"at");
                    let first_free = || {
                        self.groups.iter().position(|g| {
                            g.end <= self.start
                                && (g.first == 0 || !preposition(self.word(g.first - 1)))
                                && !(g.end..self.start).any(|k| self.word(k) == ";")
                        })
                    };
                    if at_meeting {
                        // (Only parties named together meet "at a meeting".)
                        return first_free().filter(|&g| self.groups[g].members.len() >= 2);
                    }
                    // ("Blinken announced new US aid during a visit to Kyiv":
                    // the trip is the main clause's subject's.)
                    if trip {
                        return first_free();
                    }
                    light.then(|| self.subject()).flatten()
                });
            // "An Israeli air strike hit the Iranian embassy": the verb after
            // the noun says whom it hit.
            let hit = matches!(
                self.word(self.end),
                "hit" | "struck" | "targeted" | "destroyed" | "damaged" | "killed" | "wounded"
            )
            .then(|| self.group_after(self.end + 1, 6, &[]))
            .flatten();
            let target = self.target.or(genitive_patient).or(hit).or_else(|| {
                if by.is_some() || genitive.is_some() {
                    of
                } else if source.is_some() && source == demonym_group {
                    // Its "de" complement, past the adjective, is the target.
                    demonym_group.and_then(|g| {
                        self.group_after(self.groups[g].end, 3, &["de", "du", "des", "d'", "of"])
                    })
                } else if patient && of.is_some() {
                    of
                } else {
                    self.group_after(
                        self.end,
                        8,
                        if root == "04" {
                            &[
                                "a", "au", "aux", "en", "avec", "vers", "to", "with", "in", "con",
                            ]
                        } else {
                            &[
                                "a", "au", "aux", "en", "avec", "vers", "to", "with", "in", "con",
                                "on", "against", "contre",
                            ]
                        },
                    )
                }
            });
            (source, target)
        } else {
            // English "is/are" right before a participle make a passive
            // ("conditions are met"), not before a gerund ("are meeting") or an
            // infinitive ("is about to restore"); French "est" is active with
            // verbs of motion ("est arrivé").
            let t = self.word(self.start);
            let participle = t.ends_with("ed")
                || t.ends_with("en")
                || matches!(
                    t,
                    "met" | "held" | "hit" | "struck" | "shot" | "sent" | "told"
                );
            let before = self.before(3);
            let aux_next = match before.as_slice() {
                [w, ..] if matches!(*w, "is" | "are" | "be" | "being") => true,
                [adv, w, ..] if adv.ends_with("ly") => matches!(*w, "is" | "are" | "be" | "being"),
                _ => false,
            };
            // French "être" before a participle is a passive ("l'Ouzbékistan est
            // accusé"), but not with a reflexive ("s'est entretenu") nor with
            // the verbs of motion that take "être" ("est arrivé").
            let etre = |w: &str| {
                matches!(
                    w,
                    "est" | "sont" | "etait" | "etaient" | "sera" | "seront" | "serait" | "soit"
                )
            };
            let reflexive =
                |w: &str| matches!(w, "s'" | "se" | "m'" | "me" | "t'" | "te" | "nous" | "vous");
            let motion = [
                "arriv", "parti", "partis", "venu", "allé", "alle", "entr", "sorti", "rest",
                "tomb", "devenu", "mort", "ne", "nee", "retourn", "pass", "rentr", "mont",
                "descend", "revenu",
            ]
            .iter()
            .any(|m| t.starts_with(m));
            let french_passive = !motion
                && match before.as_slice() {
                    [w, r, ..] if etre(w) => !reflexive(r),
                    [w] if etre(w) => true,
                    _ => false,
                };
            let passive = self
                .before(3)
                .iter()
                .any(|w| matches!(*w, "ete" | "was" | "were" | "been" | "fue" | "fueron"))
                || (participle && aux_next)
                || french_passive
                || self.harmed_noun();
            // "les territoires revendiqués par Moscou": a participle with its agent.
            // ("an election boycotted by the main opposition party").
            // The agent comes right after the participle: "dénoncé la livraison
            // par Paris" is Paris delivering, not Paris denouncing.
            let agent_next = by.is_some_and(|g| self.groups[g].first <= self.end + 4)
                && (matches!(self.word(self.end), "by" | "par" | "por")
                    || matches!(self.word(self.end.saturating_sub(1)), "by" | "par" | "por"));
            // "a kibbutz attacked by Hamas": a participle right after a plain
            // noun is done to that noun, not to an actor further back.
            let after_plain_noun = self.english
                && t.ends_with("ed")
                && self.start > 0
                && !self.groups.iter().any(|g| g.end == self.start)
                && plain_noun(self.word(self.start - 1))
                && !auxiliary(self.word(self.start - 1));
            if (passive || agent_next) && by.is_some() {
                // ("Palestinian prisoners released by Israel": the noun's own
                // actor, if it has one.)
                let patient = if after_plain_noun {
                    self.groups.iter().position(|g| g.end + 1 == self.start)
                } else {
                    self.subject()
                };
                (by, patient)
            } else if passive && self.target.is_none() {
                // "conditions were met", "fue detenido": the subject underwent
                // the act; who did it is not said.
                (None, self.subject())
            } else {
                let speaker = self.speaker;
                let target = self.target.or_else(|| {
                    // "ratified Sweden's membership": a genitive inside the
                    // pattern's words is whom it concerns.
                    // ("shot down Russian drones": so is a demonym there.)
                    let inside = self.groups.iter().position(|g| {
                        g.first > self.start
                            && g.end < self.end
                            && (self.word(g.end) == "'s"
                                || g.members
                                    .iter()
                                    .all(|&mi| self.mentions[mi].how == "demonym"))
                    });
                    if inside.is_some() {
                        return inside;
                    }
                    // The first actor after the trigger that is neither a passive
                    // agent nor a place where it happened ("à Astana").
                    let mut from = self.end;
                    loop {
                        let g = self.group_after(from, 8, &[])?;
                        // "à Astana", "à l'Élysée": where it happened. But
                        // "fired rockets at northern Israel": force aimed at a
                        // place lands on it.
                        let aimed = matches!(cameo::root(self.code), "18" | "19" | "20")
                            && (self.groups[g].first.saturating_sub(2)..self.groups[g].first).any(
                                |k| {
                                    matches!(
                                        self.word(k),
                                        "at" | "into"
                                            | "on"
                                            | "onto"
                                            | "against"
                                            | "toward"
                                            | "towards"
                                            | "over"
                                    )
                                },
                            );
                        let where_ = self.located[g] && !aimed;
                        // "…, the army said": the speaker is no target; nor
                        // is the agent of another participle ("facilities used
                        // by Iran's Guards").
                        // ("used by Iran's Revolutionary Guards": a genitive's
                        // head stands where its owner does.)
                        let first = self
                            .genitive_owner(g)
                            .map_or(self.groups[g].first, |o| self.groups[o].first);
                        // "talks in Jeddah without Russia": who was absent.
                        let agent = first > 0
                            && matches!(
                                self.word(first - 1),
                                "by" | "par" | "por" | "without" | "sans" | "sin"
                            );
                        // "depots in Syria linked to Iran": a participle's
                        // complement says whose, not whom the act concerned.
                        let agent = agent
                            || (first > 1
                                && self.word(first - 1) == "to"
                                && self.word(first - 2).ends_with("ed"));
                        // "stormed the palace in what President Arce called a
                        // coup": the one who names it is no target.
                        let namer =
                            (first.saturating_sub(2)..first).any(|k| self.word(k) == "what");
                        let agent = agent || namer;
                        // "on the sidelines of the G7", "on the eve of the summit".
                        let backdrop = (first.saturating_sub(3)..first).any(|k| {
                            matches!(
                                self.word(k),
                                "sidelines" | "margins" | "eve" | "absence" | "marge" | "veille"
                            )
                        });
                        // "held talks in Oman on Tehran's nuclear programme":
                        // what talks are about is no party to them.
                        let topic = cameo::root(self.code) == "04"
                            && first > 0
                            && matches!(
                                self.word(first - 1),
                                "on" | "about" | "over" | "regarding"
                            );
                        if Some(g) != by
                            && !where_
                            && Some(g) != speaker
                            && !agent
                            && !backdrop
                            && !topic
                        {
                            return Some(g);
                        }
                        from = self.groups[g].end;
                    }
                });
                (self.subject(), target)
            }
        };
        // "une trêve entre Israël et le Hamas", "talks between X and Y": the
        // parties act with each other.
        if self.nominal {
            let at = |k: usize| self.groups.iter().position(|g| g.first == k);
            let between = match self.word(self.end) {
                "entre" | "between" => at(self.end + 1).or_else(|| at(self.end + 2)),
                _ => None,
            }
            .or_else(|| {
                self.target.filter(|&g| {
                    let f = self.groups[g].first;
                    f > 0 && matches!(self.word(f - 1), "entre" | "between")
                })
            })
            .filter(|&g| self.groups[g].members.len() >= 2);
            if let Some(g) = between {
                let parties = self.members(g, self.governed(g));
                return (parties.clone(), parties, false);
            }
        }
        let sources = source.map_or_else(Vec::new, |g| self.members(g, self.governed(g)));
        // "Putin warned that Russia was ready": the source's own country,
        // subject of the clause after "that", is not whom it concerns
        // ("demanded that Russia withdraw" still targets Russia).
        let target = target.filter(|&g| {
            let after_that = (self.start..self.groups[g].first)
                .any(|k| matches!(self.word(k), "that" | "que" | "qu'"));
            let country = |c: &str| c.get(..3).map(str::to_string);
            let own = self.members(g, false).iter().all(|(t, _)| {
                sources.iter().any(|(s, _)| {
                    country(&s.code).is_some() && country(&s.code) == country(&t.code)
                })
            });
            !(after_that && own)
        });
        // "refineries in Russia's Krasnodar region": a name the knowledge base
        // gives no code says less than the actor owning it.
        let target = target.map(|g| {
            let unknown = self.groups[g]
                .members
                .iter()
                .all(|&mi| self.mentions[mi].code.is_empty());
            self.genitive_owner(g).filter(|_| unknown).unwrap_or(g)
        });
        let mut targets = target.map_or_else(Vec::new, |g| self.members(g, self.governed(g)));
        // A place named as the target of a visit is its country; otherwise a
        // place is where the event happened, not whom it concerned.
        // Only a visit (042) goes to a place; "met near San Francisco" met no one there.
        let visit = self.code.starts_with("042");
        for (t, _) in targets.iter_mut() {
            // A capital the pattern names as its target ("recalled its
            // ambassador from Moscow") is the government seated there.
            let c = t.code.clone();
            // ("a trip to Washington" goes to the city, as a visit does.)
            let to_city = target.is_some_and(|g| self.located[g]);
            if !visit
                && !matches!(cameo::root(self.code), "07" | "18" | "19" | "20")
                && self.target.is_some()
                && t.id.starts_with("C-")
                && c.len() == 3
                && c.bytes().all(|b| b.is_ascii_uppercase())
            {
                t.code = if to_city {
                    c.clone()
                } else {
                    format!("{c}GOV")
                };
                t.id = c;
            }
        }
        // Force and aid land on a place's people: "bombed Gaza", "dropped
        // food over Gaza", "a strike on a hospital in Kyiv" concern its
        // country (CAMEO codes the target by where the blows or the aid fell).
        // (Sanctions too: "sanctions on 500 targets in Russia".)
        let landing = matches!(cameo::root(self.code), "07" | "18" | "19" | "20")
            || matches!(self.code, "163" | "171");
        if landing && targets.is_empty() {
            let mut from = self.end;
            let where_ = [
                "in", "at", "near", "across", "inside", "into", "on", "over", "a", "au", "en",
                "dans", "pres", "sur",
            ];
            while let Some(g) = self.group_after(from, 10, &where_) {
                if self.located[g] {
                    targets = self.members(g, false);
                    break;
                }
                from = self.groups[g].end;
            }
            // "damaged Odesa's cathedral": a city named on the way.
            if targets.is_empty() {
                let city = self.group_after(self.end, 6, &[]).filter(|&g| {
                    self.groups[g].members.iter().all(|&mi| {
                        let m = self.mentions[mi];
                        is_place(m) || m.how == "metonym"
                    })
                });
                if let Some(g) = city {
                    // "a suburb of Beirut": the city, in its country.
                    targets = self.members(g, false);
                    for (t, _) in targets.iter_mut() {
                        t.code.truncate(3);
                    }
                }
            }
        }
        // A protest is seen in a capital, not aimed at it ("took to the
        // streets of Yerevan"), unless the pattern names it as its target.
        if cameo::root(self.code) == "14" && self.target.is_none() {
            targets.retain(|(t, _)| !t.code.ends_with("GOV") || !self.metonym_id(&t.id));
        }
        // "visited the Incirlik air base in southern Turkey": an unknown name
        // says less than the country named after it.
        if visit && !targets.is_empty() && targets.iter().all(|(t, _)| t.code.is_empty()) {
            let mut from = self.end;
            while let Some(g) = self.group_after(from, 12, &[]) {
                let members = self.members(g, false);
                if members.iter().any(|(t, _)| !t.code.is_empty()) {
                    targets = members;
                    break;
                }
                from = self.groups[g].end;
            }
        }
        // A visit goes to a country: "visited Seoul" is a visit to Korea.
        if visit {
            for (t, _) in targets.iter_mut() {
                if self.metonym_id(&t.id) && t.code.ends_with("GOV") && t.code.len() == 6 {
                    t.code.truncate(3);
                }
            }
        }
        // ("a drone attack on Moscow" lands on Russia, not on its government.)
        let force = matches!(cameo::root(self.code), "18" | "19" | "20");
        for (t, _) in targets.iter_mut() {
            if force && self.metonym_id(&t.id) && t.code.ends_with("GOV") && t.code.len() == 6 {
                t.code.truncate(3);
            }
        }
        for (t, _) in targets.iter_mut() {
            let place = t.id.starts_with("C-") || t.id.starts_with("R-");
            if landing && place && t.code.len() >= 3 {
                let c: String = t.code.chars().take(3).collect();
                t.id = c.clone();
                t.code = c;
            }
        }
        // "targets in Erbil, in Iraq": a place the knowledge base gives no
        // country says nothing the other does.
        if landing && targets.iter().any(|(t, _)| !t.code.is_empty()) {
            targets.retain(|(t, _)| {
                !t.code.is_empty() || !(t.id.starts_with("C-") || t.id.starts_with("R-"))
            });
        }
        // "L'Azerbaïdjan a lancé une offensive au Haut-Karabakh": its own
        // ground says where, not against whom.
        // ("Syrian rebels seized Damascus": rebels fight on their own ground.)
        if landing {
            let non_state = |c: &str| {
                ["REB", "INS", "OPP", "UAF", "CRM"]
                    .iter()
                    .any(|r| c.contains(r))
            };
            targets.retain(|(t, _)| {
                !sources
                    .iter()
                    .any(|(s, _)| s.id == t.id && !non_state(&s.code))
            });
        }
        targets.retain(|(t, _)| visit || !(t.id.starts_with("C-") || t.id.starts_with("R-")));
        let ground = target.is_some_and(|g| {
            self.word(self.groups[g].end) != "'s"
                && self.groups[g].members.iter().all(|&mi| {
                    let m = self.mentions[mi];
                    m.how != "demonym"
                        && (is_place(m)
                            || m.how == "metonym"
                            || (m.code.len() == 3 && m.actor == m.code))
                })
        });
        (sources, targets, ground)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(text: &str, surface: &str, actor: &str, code: &str, how: &str) -> ActorMention {
        let start = text.find(surface).unwrap();
        ActorMention {
            start,
            end: start + surface.len(),
            surface: surface.into(),
            actor: actor.into(),
            code: code.into(),
            how: how.into(),
            ner: None,
        }
    }

    /// The last occurrence of `surface`, when the text names it twice.
    fn mention_last(text: &str, surface: &str, actor: &str, code: &str) -> ActorMention {
        let start = text.rfind(surface).unwrap();
        ActorMention {
            start,
            end: start + surface.len(),
            ..mention(text, surface, actor, code, "alias")
        }
    }

    /// Source and target ids of each event.
    fn ids(ev: &[Event]) -> Vec<(&str, &str)> {
        ev.iter()
            .map(|e| (e.source.id.as_str(), e.target.id.as_str()))
            .collect()
    }

    /// Source and target codes of each event.
    fn codes(ev: &[Event]) -> Vec<(&str, &str)> {
        ev.iter()
            .map(|e| (e.source.code.as_str(), e.target.code.as_str()))
            .collect()
    }

    fn run(text: &str, mentions: &[ActorMention], lex: &str) -> Vec<Event> {
        run_in("fr", text, mentions, lex)
    }

    fn run_in(lang: &str, text: &str, mentions: &[ActorMention], lex: &str) -> Vec<Event> {
        let lex = Lexicon::parse("t", lex).unwrap();
        code(
            &Input {
                text,
                lang,
                published: Published::parse_iso("2023-02-28"),
                mentions,
                timexes: &[],
                quantities: &[],
            },
            &[&lex],
        )
    }

    #[test]
    fn subject_verb_target_with_coordination() {
        let text = "Le Kazakhstan et l'Ouzbékistan ont rencontré la Chine.";
        let m = [
            mention(text, "Kazakhstan", "KAZ", "KAZ", "alias"),
            mention(text, "Ouzbékistan", "UZB", "UZB", "alias"),
            mention(text, "Chine", "CHN", "CHN", "alias"),
        ];
        let ev = run(text, &m, "040\trencontr*\n");
        let pairs = ids(&ev);
        assert_eq!(pairs, [("KAZ", "CHN"), ("UZB", "CHN")]);
        assert_eq!(ev[0].modality, Modality::Realised);
        assert_eq!(ev[0].root, "04");
        assert_eq!(ev[0].date.as_deref(), Some("2023-02-28"));
    }

    #[test]
    fn negated_events_are_not_events() {
        let text = "Le Kazakhstan n'a pas soutenu la Russie ni reconnu la Crimée.";
        let m = [
            mention(text, "Kazakhstan", "KAZ", "KAZ", "alias"),
            mention(text, "Russie", "RUS", "RUS", "alias"),
        ];
        assert!(run(text, &m, "051\tsoutenu|soutient\n054\treconnu\n").is_empty());
    }

    #[test]
    fn passive_and_nominal_events() {
        let text = "Le ministre a été reçu par la Chine.";
        let m = [
            mention(text, "ministre", "KAZ", "KAZGOV", "role"),
            mention(text, "Chine", "CHN", "CHN", "alias"),
        ];
        let ev = run(text, &m, "043\treçu\n");
        assert_eq!(
            (ev[0].source.id.as_str(), ev[0].target.id.as_str()),
            ("CHN", "KAZ")
        );
        let text = "Kiev dénonce l'invasion de l'Ukraine par la Russie.";
        let m = [
            mention(text, "Ukraine", "UKR", "UKR", "alias"),
            mention(text, "Russie", "RUS", "RUS", "alias"),
        ];
        let ev = run(text, &m, "~190\tinvasion\n");
        assert_eq!(
            (ev[0].source.id.as_str(), ev[0].target.id.as_str()),
            ("RUS", "UKR")
        );
    }

    #[test]
    fn protests_need_no_known_source_but_meetings_do() {
        let text = "Des manifestations ont éclaté à Quito; une rencontre a eu lieu à Quito.";
        let m = [
            mention(text, "Quito", "C-QUITO", "ECU", "alias"),
            mention_last(text, "Quito", "C-QUITO", "ECU"),
        ];
        let ev = run(text, &m, "~141\tmanifestations\n~040\trencontre\n");
        assert_eq!(ev.len(), 1, "{ev:?}");
        assert_eq!(ev[0].cameo, "141");
        assert!(ev[0].source.id.is_empty());
        assert_eq!(ev[0].place.as_deref(), Some("C-QUITO"));
        assert!(ev[0].confidence < 0.5);
    }

    #[test]
    fn a_generic_agent_naming_the_act_is_still_its_trigger() {
        // The Spanish agent dictionary reads "protesta" as protesters (---OPP).
        let text = "Miles de personas se sumaron a la protesta en Quito.";
        let m = [
            mention(text, "protesta", "A:protesta", "---OPP", "alias"),
            mention(text, "Quito", "C-QUITO", "ECU", "alias"),
        ];
        let ev = run(text, &m, "~140\tprotesta\n");
        assert_eq!(ev.len(), 1, "{ev:?}");
        assert_eq!(ev[0].cameo, "140");
        assert_eq!(ev[0].place.as_deref(), Some("C-QUITO"));
        // A known actor's name is never a trigger.
        let text = "La protesta de Quito: Ecuador protesta.";
        let m = [mention(text, "Ecuador", "ECU", "ECU", "alias")];
        let ev = run(text, &m, "140\tecuador\n");
        assert!(ev.is_empty(), "{ev:?}");
    }

    #[test]
    fn english_genitive_is_the_author_and_a_passive_without_agent_has_none() {
        let text = "Russia's full-scale invasion of Ukraine began in 2022.";
        let m = [
            mention(text, "Russia", "RUS", "RUS", "alias"),
            mention(text, "Ukraine", "UKR", "UKR", "alias"),
        ];
        let ev = run(text, &m, "~190\tinvasion\n");
        let sides = ids(&ev);
        assert_eq!(sides, [("RUS", "UKR")]);
        // "Ukraine's conditions are met": Ukraine met no one.
        let text = "Ukraine will join when its conditions are met.";
        let m = [mention(text, "Ukraine", "UKR", "UKR", "alias")];
        assert!(run(text, &m, "040\tmet\n").is_empty());
        // "companies accused of…" qualifies the companies.
        let text = "The US imposed sanctions on companies accused of helping Russia.";
        let m = [
            mention(text, "US", "USA", "USA", "alias"),
            mention(text, "Russia", "RUS", "RUS", "alias"),
        ];
        let ev = run_in("en", text, &m, "163\timposed sanctions\n112\taccused\n");
        assert_eq!(codes(&ev).len(), 1, "{ev:?}");
        assert_eq!(ev[0].cameo, "163");
        // A gerund after "are" is not a passive.
        let text = "Ukraine and Poland are meeting in Warsaw.";
        let m = [
            mention(text, "Ukraine", "UKR", "UKR", "alias"),
            mention(text, "Poland", "POL", "POL", "alias"),
        ];
        assert_eq!(run(text, &m, "040\tmeeting\n").len(), 2);
    }

    #[test]
    fn de_joins_lists_not_a_noun_and_its_complement() {
        // "l'invasion russe de l'Ukraine": Russia invaded Ukraine, not both.
        let text = "Un an après l'invasion russe de l'Ukraine, Kiev résiste.";
        let m = [
            mention(text, "russe", "RUS", "RUS", "demonym"),
            mention(text, "Ukraine", "UKR", "UKR", "alias"),
        ];
        let ev = run(text, &m, "~190\tinvasion\n");
        assert_eq!(ids(&ev), [("RUS", "UKR")]);
        // A person "du Kazakhstan" is one actor, from that country.
        let text = "Le ministre Tileuberdi du Kazakhstan a rencontré la Chine.";
        let m = [
            ActorMention {
                ner: Some("PER".into()),
                ..mention(text, "Tileuberdi", "N:tileuberdi", "", "new")
            },
            mention(text, "Kazakhstan", "KAZ", "KAZ", "alias"),
            mention(text, "Chine", "CHN", "CHN", "alias"),
        ];
        let ev = run(text, &m, "040\trencontr*\n");
        assert_eq!(ids(&ev), [("N:tileuberdi", "CHN")]);
    }

    #[test]
    fn a_place_on_the_way_is_not_the_target_but_a_visit_takes_it() {
        let text =
            "Emmanuel Macron a reçu mardi à l'Élysée son homologue kazakh Kassym-Jomart Tokaïev.";
        let m = [
            mention(text, "Emmanuel Macron", "P-MACRON", "FRAGOV", "alias"),
            mention(text, "Élysée", "FRA", "FRAGOV", "metonym"),
            mention(text, "kazakh", "KAZ", "KAZ", "demonym"),
            mention(
                text,
                "Kassym-Jomart Tokaïev",
                "P-TOKAYEV",
                "KAZGOV",
                "alias",
            ),
        ];
        let ev = run(text, &m, "043\treç* TGT\n");
        // The demonym and the name right after it are one person.
        assert_eq!(ids(&ev), [("P-MACRON", "P-TOKAYEV")]);
        let text = "Blinken entame une tournée diplomatique en Asie centrale, au Kazakhstan.";
        let m = [
            mention(text, "Blinken", "P-BLINKEN", "USAGOV", "alias"),
            mention(text, "Asie centrale", "R-CAS", "CAS", "alias"),
            mention(text, "Kazakhstan", "KAZ", "KAZ", "alias"),
        ];
        let ev = run(text, &m, "042\tentam* ... tournée TGT\n");
        assert_eq!(ids(&ev), [("P-BLINKEN", "R-CAS"), ("P-BLINKEN", "KAZ")]);
        // A country where a strike happened is not its target.
        let text = "Les cheminots ont fait grève en France; la France a protesté.";
        let m = [
            mention(text, "France", "FRA", "FRA", "alias"),
            mention_last(text, "France", "FRA", "FRA"),
        ];
        let ev = run(text, &m, "143\tfait grève\n140\tprotest*\n");
        assert_eq!(ids(&ev), [("", ""), ("FRA", "")]);
    }

    #[test]
    fn reported_speech_is_a_claim_of_its_speaker() {
        // (text, [(surface, actor, code)]) → (speaker code, modality) of each event.
        let claims = |text: &str, actors: &[(&str, &str, &str)]| -> Vec<(String, Modality)> {
            let m: Vec<ActorMention> = actors
                .iter()
                .map(|(s, a, c)| mention(text, s, a, c, "alias"))
                .collect();
            run(text, &m, "190\tbombard*|shelled|attaqu*\n040\tmet\n")
                .iter()
                .map(|e| {
                    let c = e.claimed_by.as_ref().map_or("", |c| c.code.as_str());
                    (c.to_string(), e.modality)
                })
                .collect()
        };
        let claim = |s: &str| vec![(s.to_string(), Modality::Reported)];
        let (moscow, kyiv) = (("Moscou", "RUS", "RUSGOV"), ("Kiev", "UKR", "UKRGOV"));
        let (baku, armenia) = (("Bakou", "AZE", "AZEGOV"), ("Arménie", "ARM", "ARM"));
        assert_eq!(
            claims(
                "Moscou affirme que Kiev a bombardé la centrale.",
                &[moscow, kyiv]
            ),
            claim("RUSGOV")
        );
        // After the event, in English and with a French inversion.
        assert_eq!(
            claims(
                "Kyiv shelled the plant, Moscow said.",
                &[("Kyiv", "UKR", "UKRGOV"), ("Moscow", "RUS", "RUSGOV")]
            ),
            claim("RUSGOV")
        );
        assert_eq!(
            claims(
                "L'Arménie a attaqué, a affirmé mardi Bakou.",
                &[armenia, baku]
            ),
            claim("AZEGOV")
        );
        assert_eq!(
            claims("Selon Bakou, l'Arménie a attaqué.", &[baku, armenia]),
            claim("AZEGOV")
        );
        // Speaking of what one did oneself is no claim of another's.
        assert_eq!(
            claims(
                "Blinken said he met Tokayev.",
                &[
                    ("Blinken", "P-BLINKEN", "USAGOV"),
                    ("Tokayev", "P-TOKAYEV", "KAZGOV")
                ]
            ),
            [(String::new(), Modality::Realised)]
        );
    }

    #[test]
    fn coordinated_actors_who_meet_meet_each_other() {
        let text = "Vladimir Poutine et Kim Jong Un se sont rencontrés mercredi.";
        let m = [
            mention(text, "Vladimir Poutine", "P-PUTIN", "RUSGOV", "alias"),
            mention(text, "Kim Jong Un", "P-KIM-JONG-UN", "PRKGOV", "alias"),
        ];
        let ev = run(text, &m, "040\trencontr*\n");
        assert_eq!(codes(&ev), [("RUSGOV", "PRKGOV"), ("PRKGOV", "RUSGOV")]);
        // Signing together is signing with each other; mediating is not.
        let text = "Vladimir Poutine et Kim Jong Un ont signé un accord.";
        let m = [
            mention(text, "Vladimir Poutine", "P-PUTIN", "RUSGOV", "alias"),
            mention(text, "Kim Jong Un", "P-KIM-JONG-UN", "PRKGOV", "alias"),
        ];
        let ev = run(text, &m, "057\tsign* un accord\n");
        assert_eq!(codes(&ev), [("RUSGOV", "PRKGOV"), ("PRKGOV", "RUSGOV")]);
        let text = "L'Égypte et le Qatar servent de médiateurs.";
        let m = [
            mention(text, "Égypte", "EGY", "EGY", "alias"),
            mention(text, "Qatar", "QAT", "QAT", "alias"),
        ];
        let ev = run(text, &m, "045\tservent de médiateurs\n");
        assert_eq!(codes(&ev), [("EGY", ""), ("QAT", "")]);
    }

    #[test]
    fn refusals_negate_what_follows_and_demonym_officials_are_a_government() {
        let text = "Azerbaijan refused to attend talks with Armenia.";
        let m = [
            mention(text, "Azerbaijan", "AZE", "AZE", "alias"),
            mention(text, "Armenia", "ARM", "ARM", "alias"),
        ];
        let ev = run_in(
            "en",
            text,
            &m,
            "120\trefused\n~040\ttalks with TGT\n040\tattend talks with TGT\n",
        );
        assert_eq!(
            ev.iter().map(|e| e.cameo.as_str()).collect::<Vec<_>>(),
            ["120"]
        );
        let text = "Russian authorities detained a reporter.";
        let m = [mention(text, "Russian", "RUS", "RUS", "demonym")];
        let ev = run_in("en", text, &m, "173\tdetained\n");
        assert_eq!(codes(&ev), [("RUSGOV", "")]);
    }

    #[test]
    fn a_participle_after_a_plain_noun_qualifies_it() {
        let text = "La France a expulsé un imam accusé de propos haineux.";
        let m = [mention(text, "France", "FRA", "FRA", "alias")];
        let ev = run(text, &m, "174\texpuls*\n112\taccus*\n");
        assert_eq!(
            ev.iter().map(|e| e.cameo.as_str()).collect::<Vec<_>>(),
            ["174"]
        );
    }

    #[test]
    fn french_passives_have_their_agent_or_no_source() {
        let text = "L'Ouzbékistan est accusé de violations; le Kazakhstan est arrivé en Chine.";
        let m = [
            mention(text, "Ouzbékistan", "UZB", "UZB", "alias"),
            mention(text, "Kazakhstan", "KAZ", "KAZ", "alias"),
            mention(text, "Chine", "CHN", "CHN", "alias"),
        ];
        let ev = run(text, &m, "112\taccus*\n042\tarriv* en TGT\n");
        assert_eq!(ids(&ev), [("KAZ", "CHN")]);
    }

    #[test]
    fn imported_dictionaries_add_no_second_event_to_a_coded_sentence() {
        let text = "La Chine a rencontré le Kazakhstan et a critiqué le Kazakhstan.";
        let m = [
            mention(text, "Chine", "CHN", "CHN", "alias"),
            mention(text, "Kazakhstan", "KAZ", "KAZ", "alias"),
        ];
        let ours = Lexicon::parse("ours", "040\trencontr*\n").unwrap();
        let theirs = Lexicon::parse("theirs", "111\tcritiqu*\n").unwrap();
        let input = Input {
            text,
            lang: "fr",
            published: None,
            mentions: &m,
            timexes: &[],
            quantities: &[],
        };
        let ev = code(&input, &[&ours, &theirs]);
        let codes: Vec<&str> = ev.iter().map(|e| e.cameo.as_str()).collect();
        assert_eq!(codes, ["040"]);
        // Alone, the imported dictionary codes what it finds.
        let ev = code(&input, &[&theirs]);
        assert_eq!(
            ev.iter().map(|e| e.cameo.as_str()).collect::<Vec<_>>(),
            ["111"]
        );
    }

    #[test]
    fn future_and_modal_verbs_are_planned() {
        let text = "Le Kazakhstan rencontrera la Chine; la Russie doit rencontrer l'Inde.";
        let m = [
            mention(text, "Kazakhstan", "KAZ", "KAZ", "alias"),
            mention(text, "Chine", "CHN", "CHN", "alias"),
            mention(text, "Russie", "RUS", "RUS", "alias"),
            mention(text, "Inde", "IND", "IND", "alias"),
        ];
        let ev = run(text, &m, "040\trencontr*\n");
        assert_eq!(ev.len(), 2, "{ev:?}");
        assert!(ev.iter().all(|e| e.modality == Modality::Planned));
    }

    #[test]
    fn officials_of_a_country_are_its_government() {
        let text = "Blinken s'est entretenu avec ses homologues du Kazakhstan et du Kirghizstan.";
        let m = [
            mention(text, "Blinken", "P-BLINKEN", "USAGOV", "alias"),
            mention(text, "Kazakhstan", "KAZ", "KAZ", "alias"),
            mention(text, "Kirghizstan", "KGZ", "KGZ", "alias"),
        ];
        let ev = run(text, &m, "040\ts'entret* avec TGT\n");
        let codes = codes(&ev);
        assert_eq!(codes, [("USAGOV", "KAZGOV"), ("USAGOV", "KGZGOV")]);
    }
}
