//! Claims and conflicts on stories of our own, built from hand-made records.

use super::*;
use steppe_model::{EventActor, Modality};

fn side(id: &str, code: &str) -> EventActor {
    EventActor {
        id: id.into(),
        code: code.into(),
        surface: id.into(),
    }
}

fn event(text: &str, sentence: &str, src: (&str, &str), tgt: (&str, &str), cameo: &str) -> Event {
    let start = text.chars().count() - text.len() + text.find(sentence).unwrap_or(0);
    Event {
        sentence_start: start,
        sentence_end: start + sentence.chars().count(),
        start,
        end: start + 1,
        source: side(src.0, src.1),
        target: side(tgt.0, tgt.1),
        cameo: cameo.into(),
        root: cameo.get(..2).unwrap_or("").into(),
        plover: "CONSULT".into(),
        plover_mode: String::new(),
        quad_class: if cameo.starts_with("19") { 4 } else { 1 },
        goldstein: 0.0,
        date: None,
        date_precision: "none".into(),
        place: None,
        quantities: vec![],
        modality: Modality::Realised,
        claimed_by: None,
        evidence: sentence.into(),
        confidence: 1.0,
    }
}

fn figure(text: &str, words: &str, value: f64, unit: &str, counted: Option<&str>) -> Quantity {
    // Our fixtures are ASCII, so bytes are characters.
    let start = text.find(words).unwrap_or(0);
    Quantity {
        start,
        end: start + words.len(),
        text: words.into(),
        value,
        unit: unit.into(),
        counted: counted.map(Into::into),
    }
}

fn article(id: &str, source: &str, text: &str) -> StoryArticle {
    StoryArticle {
        id: id.into(),
        source: source.into(),
        lang: "en".into(),
        text: text.into(),
        ..StoryArticle::default()
    }
}

fn by_kind(claims: &[Claim], kind: ClaimKind) -> Vec<&Claim> {
    claims.iter().filter(|c| c.kind == kind).collect()
}

const A: &str =
    "The envoy met the minister in the capital on Tuesday. He pledged 40 million dollars in aid.";
const B: &str = "The envoy held talks with the minister. The vote passed by 141 votes to 7.";
const C: &str = "The president met the minister. The vote passed by 140 votes to 7.";

fn story() -> StoryInput {
    let mut a = article("a", "Daily One", A);
    a.events.push(event(
        A,
        "The envoy met the minister in the capital on Tuesday.",
        ("P-ENVOY", "USAGOV"),
        ("P-MIN", "KAZGOV"),
        "040",
    ));
    a.quantities
        .push(figure(A, "40 million dollars", 4e7, "USD", None));
    let mut b = article("b", "Wire Two", B);
    b.events.push(event(
        B,
        "The envoy held talks with the minister.",
        ("P-ENVOY", "USAGOV"),
        ("P-MIN", "KAZGOV"),
        "042",
    ));
    b.quantities
        .push(figure(B, "141 votes", 141.0, "", Some("votes")));
    // A copy of b in another outlet: the same independent source.
    let mut b2 = article("b2", "Reprint Three", B);
    b2.events = b.events.clone();
    b2.quantities = b.quantities.clone();
    let mut c = article("c", "Paper Four", C);
    c.events.push(event(
        C,
        "The president met the minister.",
        ("P-PRES", "USAGOV"),
        ("P-MIN", "KAZGOV"),
        "040",
    ));
    c.quantities
        .push(figure(C, "140 votes", 140.0, "", Some("votes")));
    StoryInput {
        id: "S1".into(),
        articles: vec![a, b, b2, c],
        copies: vec![("b".into(), "b2".into())],
    }
}

#[test]
fn an_event_told_in_other_words_is_one_claim_and_copies_count_once() {
    let claims = build(&story());
    let envoy = by_kind(&claims, ClaimKind::Event)
        .into_iter()
        .find(|c| c.actor_id == "P-ENVOY")
        .unwrap();
    assert_eq!(envoy.article_ids, ["a", "b", "b2"]);
    assert_eq!(envoy.sources, ["Daily One", "Reprint Three", "Wire Two"]);
    assert_eq!(envoy.independent_sources, 2);
    assert_eq!(envoy.evidence.len(), 3);
}

#[test]
fn a_figure_only_one_source_has_is_marked() {
    let claims = build(&story());
    let pledge = by_kind(&claims, ClaimKind::Figure)
        .into_iter()
        .find(|c| c.unit == "USD")
        .unwrap();
    assert_eq!(pledge.value, Some(4e7));
    assert_eq!(pledge.independent_sources, 1);
    assert!(pledge.detail.contains("single source"), "{}", pledge.detail);
    assert!(
        pledge.detail.contains("pledged 40 million dollars"),
        "{}",
        pledge.detail
    );
    // The vote is reported by b and its copy: still one source.
    let votes = by_kind(&claims, ClaimKind::Figure)
        .into_iter()
        .find(|c| c.value == Some(141.0))
        .unwrap();
    assert_eq!(votes.independent_sources, 1);
}

#[test]
fn conflicts_of_actor_and_number() {
    let claims = build(&story());
    let conflicts = by_kind(&claims, ClaimKind::Conflict);
    let kinds: Vec<&str> = conflicts
        .iter()
        .map(|c| c.detail.split(':').next().unwrap_or(""))
        .collect();
    assert_eq!(kinds, ["actor", "number"], "{conflicts:#?}");
    let actor = conflicts[0];
    assert_eq!(actor.article_ids, ["a", "b", "b2", "c"]);
    assert!(
        actor.text.contains("P-ENVOY") && actor.text.contains("P-PRES"),
        "{}",
        actor.text
    );
    let number = conflicts[1];
    assert_eq!(number.text, "141 votes or 140 votes");
    assert_eq!(number.independent_sources, 2);
}

#[test]
fn no_conflict_between_other_people_of_other_sides_or_far_numbers() {
    let mut s = story();
    // The president is now of another country, and 14 votes are not 141.
    if let Some(c) = s.articles.get_mut(3) {
        c.events[0].source = side("P-PRES", "RUSGOV");
        c.quantities[0].value = 14.0;
    }
    let claims = build(&s);
    assert!(by_kind(&claims, ClaimKind::Conflict).is_empty());
}

#[test]
fn a_date_conflict_and_a_denial() {
    let t1 = "Troops shelled the village on Monday.";
    let t2 = "Troops shelled the village on Sunday. The army denied any strike.";
    let mut a = article("a", "One", t1);
    let mut e1 = event(t1, t1, ("RUSMIL", "RUSMIL"), ("UKR", "UKR"), "195");
    e1.date = Some("2024-03-04".into());
    a.events.push(e1.clone());
    let mut b = article("b", "Two", t2);
    let mut e2 = e1.clone();
    e2.date = Some("2024-03-03".into());
    b.events.push(e2);
    let mut c = article("c", "Three", "The army denied any strike.");
    c.events.push(event(
        "The army denied any strike.",
        "The army denied any strike.",
        ("RUSMIL", "RUSMIL"),
        ("", ""),
        "016",
    ));
    let claims = build(&StoryInput {
        id: "S2".into(),
        articles: vec![a, b, c],
        copies: vec![],
    });
    let conflicts = by_kind(&claims, ClaimKind::Conflict);
    let kinds: Vec<&str> = conflicts
        .iter()
        .map(|c| c.detail.split(':').next().unwrap_or(""))
        .collect();
    assert_eq!(kinds, ["date", "denied"], "{conflicts:#?}");
    assert_eq!(conflicts[0].text, "2024-03-03 or 2024-03-04");
    assert_eq!(conflicts[1].article_ids, ["a", "b", "c"]);
}

#[test]
fn quotes_of_one_speaker_in_other_words_meet_and_framing_differs() {
    let q = |text: &str, speaker: &str| Quote {
        sentence_start: 0,
        sentence_end: text.len(),
        start: 0,
        end: text.len(),
        text: text.into(),
        speaker: side(speaker, ""),
        speaker_start: 0,
        speaker_end: 0,
        verb: "said".into(),
        direct: true,
    };
    let fr = |variant: &str, surface: &str| Framing {
        start: 0,
        end: surface.len(),
        surface: surface.into(),
        concept: "russia-ukraine-war".into(),
        variant: variant.into(),
        actor: None,
    };
    let mut a = article("a", "One", "x");
    a.quotes.push(q(
        "For us the river has always been the main road of trade",
        "P-KAR",
    ));
    a.framings.push(fr("invasion", "invasion"));
    let mut b = article("b", "Two", "x");
    b.quotes.push(q(
        "the river has always been the main road of trade",
        "P-KAR",
    ));
    b.quotes.push(q(
        "the river has always been the main road of trade",
        "P-OTHER",
    ));
    b.framings
        .push(fr("special-operation", "special military operation"));
    let claims = build(&StoryInput {
        id: "S3".into(),
        articles: vec![a, b],
        copies: vec![],
    });
    let quotes = by_kind(&claims, ClaimKind::Quote);
    assert_eq!(quotes.len(), 2);
    assert_eq!(quotes[0].actor_id, "P-KAR");
    assert_eq!(quotes[0].independent_sources, 2);
    assert_eq!(quotes[1].independent_sources, 1);
    let framing = by_kind(&claims, ClaimKind::Framing);
    assert_eq!(framing.len(), 2);
    assert!(
        framing[0].detail.contains("others say special-operation"),
        "{}",
        framing[0].detail
    );
    assert_eq!(framing[1].sources, ["Two"]);
}

#[test]
fn an_act_outside_the_codebook_told_three_ways_is_one_claim() {
    let texts = [
        (
            "a",
            "The five states abstained in the vote of the General Assembly on Thursday.",
        ),
        (
            "b",
            "All five backed none of the resolutions of the United Nations on the war.",
        ),
        (
            "c",
            "Their abstention in the Assembly vote surprised nobody.",
        ),
        ("d", "The envoy flew home on Friday."),
    ];
    let articles = texts
        .iter()
        .map(|(id, t)| article(id, &format!("Outlet {id}"), t))
        .collect();
    let claims = build(&StoryInput {
        id: "S4".into(),
        articles,
        copies: vec![],
    });
    let act = claims
        .iter()
        .find(|c| c.key == "act:abstain-un-vote")
        .expect("the abstention is a claim");
    assert_eq!(act.kind, ClaimKind::Event);
    assert_eq!(act.article_ids, ["a", "b", "c"]);
    assert_eq!(act.independent_sources, 3);
    // Each source's own words are kept.
    for words in [
        "«abstained»",
        "«backed none of the resolutions»",
        "«abstention»",
    ] {
        assert!(act.detail.contains(words), "{}", act.detail);
    }
}
