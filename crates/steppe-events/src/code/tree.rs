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

/// The parsed words of `text` (a sentence at byte `base` of the input), or
/// none when the language has no parser.
pub(super) fn parse(lang: &str, text: &str, base: usize) -> Vec<Word> {
    let Some(parser) = steppe_parse::Parser::load(lang) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for s in parser.parse_text(text) {
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
    let Some(t) = w.iter().position(|x| at.contains(&x.range.start)) else {
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
                ) || (w[c].deprel == "nmod" && matches!(case(w, c), Some("of" | "de")))
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

    #[test]
    fn coordinated_subjects() {
        let (s, t) = heads("France and Germany criticised the new plan.", "criticised");
        assert_eq!(s, vec!["France".to_string(), "Germany".to_string()]);
        assert_eq!(t, vec!["plan".to_string()]);
    }
}
