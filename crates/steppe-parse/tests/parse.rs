//! A tiny model trained on sentences written for these tests: it learns them,
//! round-trips through its file format, and on any input at all gives
//! well-formed trees.

use std::sync::OnceLock;

use proptest::prelude::*;
use steppe_parse::{conllu, Parser, TrainOptions};

/// Own sentences (not from any treebank).
const FIXTURE: &str = "\
1\tThe\tthe\tDET\t_\t_\t2\tdet\t_\t_
2\tenvoy\tenvoy\tNOUN\t_\t_\t3\tnsubj\t_\t_
3\tmet\tmeet\tVERB\t_\t_\t0\troot\t_\t_
4\tthe\tthe\tDET\t_\t_\t5\tdet\t_\t_
5\tminister\tminister\tNOUN\t_\t_\t3\tobj\t_\t_
6\tin\tin\tADP\t_\t_\t7\tcase\t_\t_
7\tAstana\tAstana\tPROPN\t_\t_\t3\tobl\t_\t_
8\t.\t.\tPUNCT\t_\t_\t3\tpunct\t_\t_

1\tThe\tthe\tDET\t_\t_\t2\tdet\t_\t_
2\ttalks\ttalk\tNOUN\t_\t_\t4\tnsubj:pass\t_\t_
3\twere\tbe\tAUX\t_\t_\t4\taux:pass\t_\t_
4\tpostponed\tpostpone\tVERB\t_\t_\t0\troot\t_\t_
5\tby\tby\tADP\t_\t_\t7\tcase\t_\t_
6\tthe\tthe\tDET\t_\t_\t7\tdet\t_\t_
7\tgovernment\tgovernment\tNOUN\t_\t_\t4\tobl:agent\t_\t_
8\t.\t.\tPUNCT\t_\t_\t4\tpunct\t_\t_

1\tA\ta\tDET\t_\t_\t2\tdet\t_\t_
2\tminister\tminister\tNOUN\t_\t_\t3\tnsubj\t_\t_
3\tvisited\tvisit\tVERB\t_\t_\t0\troot\t_\t_
4\tthe\tthe\tDET\t_\t_\t5\tdet\t_\t_
5\tcapital\tcapital\tNOUN\t_\t_\t3\tobj\t_\t_
6\t.\t.\tPUNCT\t_\t_\t3\tpunct\t_\t_

1\tTroops\ttroop\tNOUN\t_\t_\t2\tnsubj\t_\t_
2\tcrossed\tcross\tVERB\t_\t_\t0\troot\t_\t_
3\tthe\tthe\tDET\t_\t_\t4\tdet\t_\t_
4\tborder\tborder\tNOUN\t_\t_\t2\tobj\t_\t_
5\tat\tat\tADP\t_\t_\t6\tcase\t_\t_
6\tdawn\tdawn\tNOUN\t_\t_\t2\tobl\t_\t_
7\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_
";

/// Options for the fixture: small tables (a dozen sentences need no more).
fn tiny_options(beam: usize) -> TrainOptions {
    TrainOptions {
        tagger_epochs: 10,
        parser_epochs: 15,
        folds: 0,
        seed: 7,
        tagger_bits: 12,
        trans_bits: 14,
        label_bits: 12,
        beam,
        beam_epochs: 15,
    }
}

fn tiny() -> &'static Parser {
    static P: OnceLock<Parser> = OnceLock::new();
    P.get_or_init(|| {
        let gold = conllu::parse("fixture", FIXTURE).unwrap();
        steppe_parse::train("en", &gold, &[], &tiny_options(1), &mut |_| {})
    })
}

/// The same fixture with a beam of 4 too.
fn tiny_beam() -> &'static Parser {
    static P: OnceLock<Parser> = OnceLock::new();
    P.get_or_init(|| {
        let gold = conllu::parse("fixture", FIXTURE).unwrap();
        steppe_parse::train("en", &gold, &[], &tiny_options(4), &mut |_| {})
    })
}

#[test]
fn beam_training_learns_and_keeps_its_width() {
    let p = tiny_beam();
    assert_eq!(p.beam(), 4);
    let s = p.parse_tokens(&["Troops", "crossed", "the", "border", "at", "dawn", "."]);
    let heads: Vec<usize> = s.tokens.iter().map(|t| t.head).collect();
    assert_eq!(heads, vec![2, 0, 4, 2, 6, 2, 2]);
    assert_eq!(s.tokens[3].deprel, "obj");
    let gold = conllu::parse("fixture", FIXTURE).unwrap();
    assert!(steppe_parse::evaluate(p, &gold).uas > 0.9);

    // The width is stored with the model; greedy decoding still gives trees.
    let mut buf = Vec::new();
    p.save(&mut buf).unwrap();
    let mut back = Parser::read(&buf).unwrap();
    assert_eq!(back.beam(), 4);
    back.set_beam(1);
    let g = back.parse_tokens(&["A", "minister", "visited", "the", "capital", "."]);
    assert!(check_tree(&g).is_ok());
    for text in ["", "Talks.", "The the the the the the the the the the ."] {
        for s in p.parse_text(text) {
            assert!(check_tree(&s).is_ok(), "{text:?}");
        }
    }
}

#[test]
fn learns_its_sentences_and_round_trips() {
    let p = tiny();
    let s = p.parse_tokens(&[
        "The",
        "talks",
        "were",
        "postponed",
        "by",
        "the",
        "government",
        ".",
    ]);
    let heads: Vec<usize> = s.tokens.iter().map(|t| t.head).collect();
    assert_eq!(heads, vec![2, 4, 4, 0, 7, 7, 4, 4]);
    let rels: Vec<&str> = s.tokens.iter().map(|t| t.deprel.as_str()).collect();
    assert_eq!(
        rels,
        vec![
            "det",
            "nsubj:pass",
            "aux:pass",
            "root",
            "case",
            "det",
            "obl:agent",
            "punct"
        ]
    );
    assert_eq!(s.tokens[3].upos, "VERB");
    assert_eq!(s.tokens[1].lemma, "talk");
    assert_eq!(s.tokens[2].range, 10..14);

    let mut buf = Vec::new();
    p.save(&mut buf).unwrap();
    let back = Parser::read(&buf).unwrap();
    assert_eq!(
        back.parse_tokens(&["The", "envoy", "met", "the", "minister", "."]),
        p.parse_tokens(&["The", "envoy", "met", "the", "minister", "."])
    );
    assert!(Parser::read(b"not a model").is_err());

    let gold = conllu::parse("fixture", FIXTURE).unwrap();
    let scores = steppe_parse::evaluate(p, &gold);
    assert!(scores.uas > 0.9, "{scores:?}");

    let text = "The envoy met the minister in Astana. Troops crossed the border.";
    let sents = p.parse_text(text);
    assert_eq!(sents.len(), 2);
    assert_eq!(sents[1].tokens[0].form, "Troops");
    assert_eq!(text.get(sents[1].tokens[0].range.clone()), Some("Troops"));
}

fn check_tree(s: &steppe_parse::Sentence) -> Result<(), String> {
    let n = s.tokens.len();
    if n == 0 {
        return Err("empty sentence".into());
    }
    let roots = s.tokens.iter().filter(|t| t.head == 0).count();
    if roots != 1 {
        return Err(format!("{roots} roots"));
    }
    for (i, t) in s.tokens.iter().enumerate() {
        if t.head > n || t.head == i + 1 {
            return Err(format!("bad head {} for word {}", t.head, i + 1));
        }
        // Walk up to the root: at most n steps.
        let mut at = i + 1;
        let mut steps = 0;
        while at != 0 {
            at = s.tokens[at - 1].head;
            steps += 1;
            if steps > n {
                return Err("cycle".into());
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_text_gives_trees(text in "\\PC{0,120}|[ \\t\\n.!?'’«»\"()aA0-9é-]{0,60}") {
        let p = tiny();
        for s in p.parse_text(&text) {
            prop_assert!(check_tree(&s).is_ok(), "{:?} on {:?}", check_tree(&s), text);
            for t in &s.tokens {
                prop_assert!(t.range.end <= text.len() && t.range.start < t.range.end);
                prop_assert!(text.get(t.range.clone()).is_some());
            }
        }
    }

    #[test]
    fn shipped_models_give_trees(text in "\\PC{0,80}|[ \\n.!?'’«»\"()aA0-9é-]{0,40}|[a-zA-Z' -]{0,60}") {
        for lang in ["fr", "en", "es"] {
            let Some(p) = Parser::load(lang) else { continue };
            for s in p.parse_text(&text) {
                prop_assert!(check_tree(&s).is_ok(), "{lang}: {:?} on {:?}", check_tree(&s), text);
                for t in &s.tokens {
                    prop_assert!(text.get(t.range.clone()).is_some());
                }
            }
        }
    }

    #[test]
    fn any_tokens_give_trees(words in proptest::collection::vec("\\PC{1,8}", 1..40)) {
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let s = tiny().parse_tokens(&refs);
        prop_assert_eq!(s.tokens.len(), refs.len());
        prop_assert!(check_tree(&s).is_ok());
    }
}

#[test]
fn empty_and_blank_inputs() {
    let p = tiny();
    assert!(p.parse_text("").is_empty());
    assert!(p.parse_text("  \n\t  ").is_empty());
    assert!(p.parse_tokens(&[]).tokens.is_empty());
}

/// The shipped models (when this build has them) on sentences of our own.
#[test]
fn builtin_models_on_own_sentences() {
    for (lang, text, verb, subject, object) in [
        (
            "en",
            "The minister signed the agreement in Tashkent on Monday.",
            "signed",
            "minister",
            "agreement",
        ),
        (
            "fr",
            "Le ministre a signé l'accord à Tachkent lundi.",
            "signé",
            "ministre",
            "accord",
        ),
        (
            "es",
            "El ministro firmó el acuerdo en Taskent el lunes.",
            "firmó",
            "ministro",
            "acuerdo",
        ),
    ] {
        let Some(p) = Parser::load(lang) else {
            continue;
        };
        let sents = p.parse_text(text);
        assert_eq!(sents.len(), 1, "{lang}");
        let s = &sents[0];
        assert!(check_tree(s).is_ok());
        let at = |w: &str| s.tokens.iter().position(|t| t.form == w).unwrap() + 1;
        let (v, subj, obj) = (at(verb), at(subject), at(object));
        assert_eq!(s.tokens[v - 1].head, 0, "{lang}: {s:?}");
        assert_eq!(s.tokens[v - 1].upos, "VERB", "{lang}");
        assert_eq!(
            (s.tokens[subj - 1].head, s.tokens[subj - 1].deprel.as_str()),
            (v, "nsubj"),
            "{lang}"
        );
        assert_eq!(
            (s.tokens[obj - 1].head, s.tokens[obj - 1].deprel.as_str()),
            (v, "obj"),
            "{lang}"
        );
        assert_eq!(text.get(s.tokens[v - 1].range.clone()), Some(verb));
    }
    if let Some(p) = Parser::load("fr") {
        // A contraction is two words sharing its bytes.
        let s = &p.parse_text("Il parle du vent.")[0];
        let forms: Vec<&str> = s.tokens.iter().map(|t| t.form.as_str()).collect();
        assert_eq!(forms, vec!["Il", "parle", "de", "le", "vent", "."]);
        assert_eq!(s.tokens[2].range, s.tokens[3].range);
        assert_eq!(s.tokens[1].lemma, "parler");
    }
}
