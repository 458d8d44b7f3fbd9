//! Event arguments from the dependency tree of `steppe-parse`: the trigger's
//! subject is its source, its object (or the oblique its pattern names) its
//! target; passives swap them ("were detained by police"), conjuncts share
//! them ("killed and detained"), and a nominal trigger takes its possessor or
//! adjective as author and its complements as target.

use std::ops::Range;

/// One word of the parsed sentence, with its offsets in the whole text.
pub(super) struct Word {
    range: Range<usize>,
    /// 0-based index of the head; `None` at the root.
    head: Option<usize>,
    deprel: String,
    form: String,
    lemma: String,
    upos: &'static str,
}

impl Word {
    /// Bytes of the input this word comes from.
    pub(super) fn range(&self) -> Range<usize> {
        self.range.clone()
    }
}

/// The parsed words of `text` (a sentence at byte `base` of the input), or
/// none when the language has no parser.
pub(super) fn parse(lang: &str, text: &str, base: usize) -> Vec<Word> {
    let Some(parser) = steppe_parse::Parser::load(lang) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // Greedy: the beam is more accurate but several times slower, and the
    // coder must keep its 5,000 sentences/s.
    for s in parser.parse_text_beam(text, 1) {
        let offset = out.len();
        for t in s.tokens {
            out.push(Word {
                range: base + t.range.start..base + t.range.end,
                head: t.head.checked_sub(1).map(|h| h + offset),
                deprel: t.deprel,
                form: t.form.to_lowercase(),
                lemma: t.lemma.to_lowercase(),
                upos: t.upos,
            });
        }
    }
    out
}

/// Light verbs whose object names the subject's act ("held talks").
const LIGHT: &[&str] = &[
    "hold",
    "launch",
    "carry",
    "conduct",
    "stage",
    "make",
    "pay",
    "begin",
    "start",
    "mount",
    "plan",
    "organise",
    "organize",
    "lead",
    "continue",
    "tenir",
    "mener",
    "lancer",
    "effectuer",
    "faire",
    "realizar",
    "lanzar",
    "llevar",
    "hacer",
];

/// Case words of a place or a time, no party to an act.
const SETTING: &[&str] = &[
    "in", "at", "during", "after", "before", "since", "near", "amid", "over", "dans", "en",
    "pendant", "après", "avant", "depuis", "lors", "durante", "después", "antes", "desde",
];

/// Prepositions of an agent ("by", "par", "por").
const AGENT: &[&str] = &["by", "par", "por"];

/// The tree word that heads the trigger's words in `at` (a match may span
/// "s'était rendu à", "held talks with"): the first whose head lies outside,
/// a verb or noun before any other.
fn trigger_word(w: &[Word], at: &Range<usize>) -> Option<usize> {
    let inside: Vec<usize> = (0..w.len())
        .filter(|&k| at.contains(&w[k].range.start))
        .collect();
    let heads = |k: &&usize| w[**k].head.is_none_or(|h| !inside.contains(&h));
    inside
        .iter()
        .filter(heads)
        .find(|&&k| matches!(w[k].upos, "VERB" | "NOUN" | "PROPN"))
        .or_else(|| inside.iter().find(heads))
        .or(inside.first())
        .copied()
}

fn children<'a>(w: &'a [Word], h: usize) -> impl Iterator<Item = usize> + 'a {
    (0..w.len()).filter(move |&k| w[k].head == Some(h))
}

fn rel(w: &Word) -> &str {
    w.deprel.split(':').next().unwrap_or_default()
}

/// The case word (preposition) of a nominal.
fn case(w: &[Word], k: usize) -> Option<&str> {
    children(w, k)
        .find(|&c| w[c].deprel == "case")
        .map(|c| w[c].lemma.as_str())
}

fn child(w: &[Word], h: usize, deprels: &[&str]) -> Option<usize> {
    children(w, h).find(|&c| deprels.contains(&w[c].deprel.as_str()))
}

/// A nominal and its conjuncts ("Germany and the Netherlands").
fn with_conj(w: &[Word], k: usize) -> Vec<usize> {
    let mut out = vec![k];
    let mut i = 0;
    while i < out.len() && out.len() < 6 {
        let h = out[i];
        out.extend(children(w, h).filter(|&c| w[c].deprel == "conj" && w[c].upos != "VERB"));
        i += 1;
    }
    out
}

/// Sources and targets of the trigger whose first word starts in `at`, as
/// tree words heading each argument. `preps`: the case words the pattern puts
/// before its target (any oblique when empty).
pub(super) fn arguments(
    w: &[Word],
    at: Range<usize>,
    nominal: bool,
    preps: &[String],
    actor: &dyn Fn(&Range<usize>) -> bool,
) -> (Vec<usize>, Vec<usize>) {
    let Some(t) = trigger_word(w, &at) else {
        return (Vec::new(), Vec::new());
    };
    let noun = matches!(w[t].upos, "NOUN" | "PROPN");
    let mut source = None;
    let mut target = None;
    // An oblique naming an actor itself, after a case word the pattern
    // expects (any but a place's or a time's when it expects none).
    let oblique = |h: usize, skip: &[&str]| {
        children(w, h).find(|&c| {
            matches!(rel(&w[c]), "obl" | "nmod")
                && w[c].deprel != "obl:agent"
                && actor(&w[c].range)
                && case(w, c).is_some_and(|p| {
                    !skip.contains(&p)
                        && if preps.is_empty() {
                            !SETTING.contains(&p)
                        } else {
                            preps.iter().any(|q| q == p)
                        }
                })
        })
    };
    let agent = |h: usize| {
        child(w, h, &["obl:agent"]).or_else(|| {
            children(w, h).find(|&c| {
                matches!(rel(&w[c]), "obl" | "nmod")
                    && case(w, c).is_some_and(|p| AGENT.contains(&p))
            })
        })
    };
    if nominal || noun {
        source = child(w, t, &["nmod:poss", "amod"]).or_else(|| agent(t));
        target = oblique(t, AGENT);
        // "China and Russia held talks": a light verb's subject acts.
        if source.is_none() && w[t].deprel == "obj" {
            if let Some(h) = w[t].head.filter(|&h| LIGHT.contains(&w[h].lemma.as_str())) {
                source = child(w, h, &["nsubj"]);
                target = target.or_else(|| oblique(h, AGENT));
            }
        }
        return (list(w, source), list(w, target));
    }
    // Up through "agreed to meet", "killed and detained" to a subject.
    let mut v = t;
    let mut passive = false;
    for _ in 0..3 {
        passive = passive
            || child(w, v, &["aux:pass", "nsubj:pass", "expl:pass"]).is_some()
            || agent(v).is_some();
        if let Some(s) = child(w, v, &["nsubj"]) {
            // "the police who arrested him": the relative's antecedent.
            let relative = w[s].upos == "PRON"
                && w[v].deprel == "acl:relcl"
                && matches!(
                    w[s].lemma.as_str(),
                    "who" | "which" | "that" | "qui" | "que" | "quien" | "quienes"
                );
            source = if relative { w[v].head } else { Some(s) };
            break;
        }
        if let Some(s) = child(w, v, &["nsubj:pass"]) {
            target = Some(s);
            passive = true;
            break;
        }
        // "attackers detained by police": a participle's noun underwent it.
        // ("forces shelling the city": a gerund's noun did it.)
        if w[v].deprel == "acl" {
            if w[v].form.ends_with("ing") && agent(v).is_none() {
                source = w[v].head;
            } else {
                target = w[v].head;
                passive = true;
            }
            break;
        }
        // ("ushered in the year by demonstrating": a gerund's subject is
        // its clause's.)
        let gerund = w[v].deprel == "advcl"
            && w[v].form.ends_with("ing")
            && children(w, v).any(|c| {
                w[c].deprel == "mark" && matches!(w[c].lemma.as_str(), "by" | "after" | "before")
            });
        if !matches!(w[v].deprel.as_str(), "xcomp" | "conj") && !gerund {
            break;
        }
        match w[v].head {
            Some(h) => v = h,
            None => break,
        }
    }
    if passive {
        source = agent(t);
    }
    if target.is_none() {
        target = child(w, t, &["obj", "iobj"]).or_else(|| oblique(t, AGENT));
    }
    (list(w, source), list(w, target))
}

/// Relations (with any subtype: `obl:tmod`, `obl:mod`, `nmod:tmod`) by which
/// a time expression modifies the clause or the noun it hangs on ("met on
/// Tuesday", "la visite du 12 mars", "last week").
const TIME_RELS: &[&str] = &["obl", "nmod", "advmod"];

/// Relations that open another clause: a date below one is that clause's.
const CLAUSAL: &[&str] = &[
    "acl",
    "acl:relcl",
    "advcl",
    "ccomp",
    "csubj",
    "parataxis",
    "xcomp",
];

/// Which of `spans` (time expressions, byte ranges) the tree attaches to the
/// trigger whose first word starts in `at`: its own clause or noun, reached
/// by an adverbial relation, not a number inside an argument ("a 2023
/// deadline") nor a date of another clause ("the deal signed in 2015").
/// The nearest to the trigger wins.
pub(super) fn attached_time(w: &[Word], at: Range<usize>, spans: &[Range<usize>]) -> Option<usize> {
    let t = trigger_word(w, &at)?;
    // The trigger and the verbs it shares its clause with: "agreed to meet"
    // takes "on Friday" from either; a noun trigger takes its light verb's.
    let mut anchors = vec![t];
    let mut v = t;
    for _ in 0..3 {
        // (A noun trigger takes the date of the verb it is an argument of:
        // "a choisi en septembre le Kazakhstan pour son premier voyage".)
        let noun_argument = w[v].upos == "NOUN" && matches!(rel(&w[v]), "obl" | "obj" | "nsubj");
        let climb = matches!(w[v].deprel.as_str(), "xcomp" | "obj")
            || (w[v].deprel == "conj" && w[v].upos == "VERB")
            || noun_argument;
        match w[v].head.filter(|_| climb) {
            Some(h) => {
                anchors.push(h);
                v = h;
            }
            None => break,
        }
    }
    let mut best: Option<(usize, usize)> = None;
    for (i, r) in spans.iter().enumerate() {
        let Some(root) = span_root(w, r) else {
            continue;
        };
        // Up from the span's root through its own nominal heads ("the 12th
        // of March", "Tuesday morning") to the word it modifies.
        let mut k = root;
        let mut hops = 0;
        let hit = loop {
            let Some(h) = w[k].head else { break None };
            if anchors.contains(&h) {
                // (A bare time noun the parser hung on an argument, "arrested
                // two men last week", still dates the clause.)
                let bare_time = ["tmod", "unmarked", "npmod"]
                    .iter()
                    .any(|x| w[root].deprel.ends_with(x));
                break (TIME_RELS.contains(&rel(&w[k])) || bare_time).then_some(h);
            }
            if CLAUSAL.contains(&w[k].deprel.as_str()) || hops >= 2 {
                break None;
            }
            // Only through a noun that is itself adverbial ("on the night of
            // 3 May") or a flat piece of the expression.
            if !matches!(
                rel(&w[k]),
                "nmod" | "compound" | "flat" | "nummod" | "amod" | "obl"
            ) {
                break None;
            }
            k = h;
            hops += 1;
        };
        if let Some(h) = hit {
            let d = h.abs_diff(t) + root.abs_diff(h);
            if best.is_none_or(|(_, bd)| d < bd) {
                best = Some((i, d));
            }
        }
    }
    best.map(|(i, _)| i)
        .or_else(|| same_clause_time(w, t, spans))
}

/// The word of byte range `r` whose head lies outside it: the span's root.
fn span_root(w: &[Word], r: &Range<usize>) -> Option<usize> {
    let inside: Vec<usize> = (0..w.len())
        .filter(|&k| r.start <= w[k].range.start && w[k].range.start < r.end)
        .collect();
    inside
        .iter()
        .find(|&&k| w[k].head.is_none_or(|h| !inside.contains(&h)))
        .copied()
}

/// Where the parser hung an adverbial date on a word of the trigger's
/// clause other than the trigger ("The EU and lenders on Monday pledged":
/// "Monday" under "lenders"): the nearest date adverbial (not a number
/// inside a noun, "a 2030 deadline") whose way up to the clause's root
/// opens no other clause.
fn same_clause_time(w: &[Word], t: usize, spans: &[Range<usize>]) -> Option<usize> {
    // The head of the trigger's clause, and the clause root of any word.
    let clause_of = |mut k: usize| {
        for _ in 0..w.len() {
            match w[k].head {
                Some(h) if !CLAUSAL.contains(&w[k].deprel.as_str()) => k = h,
                _ => break,
            }
        }
        k
    };
    let clause = clause_of(t);
    spans
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let root = span_root(w, r)?;
            let adverbial = matches!(rel(&w[root]), "obl" | "nmod" | "advmod")
                && (w[root].deprel.contains(':')
                    || children(w, root).any(|c| w[c].deprel == "case"));
            (adverbial && clause_of(root) == clause).then_some((i, root.abs_diff(t)))
        })
        .min_by_key(|&(_, d)| d)
        .map(|(i, _)| i)
}

/// Who a personal pronoun is: the speaker ("nous avons décidé", a déclaré
/// X; "we will", said X), or one named before it (he, she, they, il, ellos).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pronoun {
    First,
    Third,
}

/// The person of tree word `k` when it is a personal pronoun (not a
/// relative, demonstrative or reflexive one).
pub(super) fn pronoun(w: &[Word], k: usize) -> Option<Pronoun> {
    if w[k].upos != "PRON" {
        return None;
    }
    match w[k].form.as_str() {
        "i" | "we" | "je" | "j'" | "nous" | "yo" | "nosotros" | "nosotras" => Some(Pronoun::First),
        "he" | "she" | "they" | "il" | "elle" | "ils" | "elles" | "él" | "ella" | "ellos"
        | "ellas" => Some(Pronoun::Third),
        _ => None,
    }
}

/// Reflexive pronouns that can be a verb's object.
pub(super) const REFLEXIVE: &[&str] = &[
    "himself",
    "herself",
    "themselves",
    "itself",
    "myself",
    "ourselves",
];

/// Is the trigger's object the subject itself ("killed himself", "s'est
/// rendu")? A reflexive object makes no second party.
pub(super) fn reflexive_object(w: &[Word], at: Range<usize>) -> bool {
    let Some(t) = trigger_word(w, &at) else {
        return false;
    };
    children(w, t).any(|c| w[c].deprel == "obj" && REFLEXIVE.contains(&w[c].form.as_str()))
}

/// Is tree word `k` the active subject of a clause?
pub(super) fn is_subject(w: &[Word], k: usize) -> bool {
    w[k].deprel == "nsubj" && w[k].upos != "PRON"
}

/// Is tree word `k` a core argument (object or passive subject), not an oblique?
pub(super) fn core(w: &[Word], k: usize) -> bool {
    matches!(w[k].deprel.as_str(), "obj" | "iobj" | "nsubj:pass")
}

fn list(w: &[Word], k: Option<usize>) -> Vec<usize> {
    k.map_or_else(Vec::new, |k| with_conj(w, k))
}

/// The words of an argument in which to look for an actor: its head, then its
/// nominal dependents ("Thousands of Indians", "Germany's government").
pub(super) fn span(w: &[Word], k: usize) -> Vec<Range<usize>> {
    let mut out = vec![w[k].range.clone()];
    out.extend(
        children(w, k)
            .filter(|&c| {
                matches!(
                    w[c].deprel.as_str(),
                    "nmod:poss" | "compound" | "flat" | "flat:name" | "amod" | "appos"
                ) || (w[c].deprel == "nmod" && matches!(case(w, c), Some("of" | "de") | None))
            })
            .map(|c| w[c].range.clone()),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words heading the source and the target of the trigger `verb`.
    fn heads(text: &str, verb: &str) -> (Vec<String>, Vec<String>) {
        let w = parse("en", text, 0);
        let at = text.find(verb).unwrap();
        let (s, t) = arguments(&w, at..at + verb.len(), false, &[], &|_| true);
        let words = |v: Vec<usize>| {
            v.into_iter()
                .map(|k| text.get(w[k].range.clone()).unwrap().to_string())
                .collect()
        };
        (words(s), words(t))
    }

    #[test]
    fn active_subject_and_object() {
        let (s, t) = heads(
            "The rebels attacked the convoy near the border.",
            "attacked",
        );
        assert_eq!((s, t), (vec!["rebels".into()], vec!["convoy".into()]));
    }

    #[test]
    fn passive_with_agent() {
        let (s, t) = heads(
            "The journalists were arrested by the police on Monday.",
            "arrested",
        );
        assert_eq!((s, t), (vec!["police".into()], vec!["journalists".into()]));
    }

    /// The time expression (of `times`) the tree gives the trigger `verb`.
    fn time_of(text: &str, verb: &str, times: &[&str]) -> Option<String> {
        let w = parse("en", text, 0);
        let at = text.find(verb).unwrap();
        let spans: Vec<Range<usize>> = times
            .iter()
            .map(|x| {
                let s = text.find(x).unwrap();
                s..s + x.len()
            })
            .collect();
        attached_time(&w, at..at + verb.len(), &spans).map(|i| times[i].to_string())
    }

    #[test]
    fn a_date_of_the_clause_not_a_number_of_its_object() {
        let text = "The ministers agreed on Tuesday to a 2030 deadline for the cuts.";
        assert_eq!(
            time_of(text, "agreed", &["Tuesday", "2030"]).as_deref(),
            Some("Tuesday")
        );
        let text = "Iran said on Monday it would no longer respect the deal signed in 2015.";
        assert_eq!(time_of(text, "respect", &["Monday", "2015"]), None);
        let text = "The Union and its lenders on Monday pledged new loans.";
        assert_eq!(
            time_of(text, "pledged", &["Monday"]).as_deref(),
            Some("Monday")
        );
        let text = "Police arrested two men in Lyon last week.";
        assert_eq!(
            time_of(text, "arrested", &["last week"]).as_deref(),
            Some("last week")
        );
    }

    #[test]
    fn coordinated_subjects() {
        let (s, t) = heads("France and Germany criticised the new plan.", "criticised");
        assert_eq!(s, vec!["France".to_string(), "Germany".to_string()]);
        assert_eq!(t, vec!["plan".to_string()]);
    }
}
