//! Quotes on sentences of our own, with hand-made mentions.

use super::*;

/// A mention of the `n`-th (0-based) occurrence of `surface` in `text`.
pub(crate) fn mention(text: &str, surface: &str, n: usize, actor: &str, ner: &str) -> ActorMention {
    let start = text
        .match_indices(surface)
        .nth(n)
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("{surface:?} not in the text"));
    ActorMention {
        start,
        end: start + surface.len(),
        surface: surface.into(),
        actor: actor.into(),
        code: String::new(),
        how: "alias".into(),
        ner: (!ner.is_empty()).then(|| ner.into()),
    }
}

fn speakers(qs: &[Quote]) -> Vec<(&str, &str, bool)> {
    qs.iter()
        .map(|q| (q.speaker.id.as_str(), q.text.as_str(), q.direct))
        .collect()
}

#[test]
fn french_direct_quote_with_inverted_speaker() {
    let t =
        "«Nous ne céderons rien sur la frontière», a déclaré mardi M. Orlov devant les députés.";
    let ms = [mention(t, "Orlov", 0, "P-ORLOV", "PER")];
    let qs = find(t, "fr", &ms);
    assert_eq!(
        speakers(&qs),
        [("P-ORLOV", "Nous ne céderons rien sur la frontière", true)]
    );
    assert_eq!(qs[0].verb, "a déclaré");
}

#[test]
fn a_place_after_a_preposition_is_no_speaker() {
    // The subject is the minister, not the capital he went to.
    let t = "La ministre Ana Duarte s'était rendue à Lisbonne et y avait affirmé que «le port restera ouvert à tous les navires».";
    let ms = [
        mention(t, "Ana Duarte", 0, "P-DUARTE", "PER"),
        mention(t, "Lisbonne", 0, "PRT", ""),
    ];
    let qs = find(t, "fr", &ms);
    assert_eq!(speakers(&qs).len(), 1);
    assert_eq!(qs[0].speaker.id, "P-DUARTE");
    assert_eq!(qs[0].text, "le port restera ouvert à tous les navires");
}

#[test]
fn pronoun_takes_the_last_speaker_and_a_bare_quote_goes_on() {
    let t = "« Ce plan ne vise aucun voisin » Kerimov a ajouté. « Nous voulons du commerce et des routes. »\n\nIl a dit qu'il attendait une réponse avant l'hiver.";
    let ms = [mention(t, "Kerimov", 0, "N:kerimov", "PER")];
    let qs = find(t, "fr", &ms);
    let got = speakers(&qs);
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(got.iter().all(|(s, _, _)| *s == "N:kerimov"), "{got:?}");
    assert_eq!(
        got[2],
        ("N:kerimov", "il attendait une réponse avant l'hiver", false)
    );
}

#[test]
fn according_to_names_the_speaker_after_it() {
    let t =
        "Selon le ministère de la Santé, au moins quarante blessés ont été soignés dans la nuit.";
    let ms = [mention(
        t,
        "ministère de la Santé",
        0,
        "N:ministere de la sante",
        "ORG",
    )];
    let qs = find(t, "fr", &ms);
    assert_eq!(
        speakers(&qs),
        [(
            "N:ministere de la sante",
            "au moins quarante blessés ont été soignés dans la nuit",
            false
        )]
    );
    assert_eq!(qs[0].verb, "Selon");
}

#[test]
fn english_said_without_that_and_said_at_the_end() {
    let t = "Mayor Lina Park said the bridge would reopen in the spring. The repairs will cost more than planned, city officials said.";
    let ms = [
        mention(t, "Lina Park", 0, "N:lina park", "PER"),
        mention(t, "city officials", 0, "N:city officials", ""),
    ];
    let qs = find(t, "en", &ms);
    let got = speakers(&qs);
    assert_eq!(
        got,
        [
            (
                "N:lina park",
                "the bridge would reopen in the spring",
                false
            ),
            (
                "N:city officials",
                "The repairs will cost more than planned",
                false
            )
        ]
    );
}

#[test]
fn english_listener_after_to_is_not_the_speaker() {
    let t = "\"We have built good partnerships in energy and trade,\" President Adil told Blinken during the visit.";
    let ms = [
        mention(t, "President Adil", 0, "P-ADIL", "PER"),
        mention(t, "Blinken", 0, "P-BLINKEN", "PER"),
    ];
    let qs = find(t, "en", &ms);
    assert_eq!(speakers(&qs).first().map(|s| s.0), Some("P-ADIL"));
}

#[test]
fn spanish_dijo_que_and_segun() {
    let t = "La presidenta Marta Ruiz dijo que el acuerdo se firmará en marzo. Según la agencia Delta, las lluvias dejaron sin luz a tres barrios.";
    let ms = [
        mention(t, "Marta Ruiz", 0, "N:marta ruiz", "PER"),
        mention(t, "agencia Delta", 0, "N:agencia delta", "ORG"),
    ];
    let qs = find(t, "es", &ms);
    assert_eq!(
        speakers(&qs),
        [
            ("N:marta ruiz", "el acuerdo se firmará en marzo", false),
            (
                "N:agencia delta",
                "las lluvias dejaron sin luz a tres barrios",
                false
            )
        ]
    );
}

#[test]
fn short_scare_quotes_and_unknown_speakers_give_nothing() {
    let t = "Le pays joue la carte du «partenaire fiable» dans la région. «Rien ne change pour nous ici», a-t-on déclaré.";
    assert!(find(t, "fr", &[]).is_empty());
    assert!(find(t, "de", &[]).is_empty());
}

#[test]
fn places_speak_only_as_subjects_and_goals_are_not_words() {
    let t = "Harbor Town Police say they are still looking for the driver of the van. \
Jordan Lee added an assist on Monday as the Hawks won at home. \
The statement came from the United States Soccer Federation, and Mira Cole States that it was fine. \
The tunnel will close for a month, according to Harbor Town officials.";
    let ms = [
        mention(t, "Harbor Town", 0, "N:harbor town", "PER"),
        mention(t, "Jordan Lee", 0, "N:jordan lee", "PER"),
        mention(t, "Mira Cole", 0, "N:mira cole", "PER"),
        mention(t, "Harbor Town", 1, "C-HARBOR", "LOC"),
    ];
    // The police speak, as a name the actor stage did not have.
    let qs = find(t, "en", &ms);
    let got: Vec<(&str, &str)> = qs
        .iter()
        .map(|q| (q.speaker.surface.as_str(), q.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [(
            "Harbor Town Police",
            "they are still looking for the driver of the van"
        )]
    );
    // A capital right before its verb speaks for its government.
    let t = "Moscow says the talks will resume next week in Geneva.";
    let ms = [mention(t, "Moscow", 0, "RUS", "")];
    assert_eq!(
        speakers(&find(t, "en", &ms)),
        [("RUS", "the talks will resume next week in Geneva", false)]
    );
}

#[test]
fn an_inverted_subject_comes_before_any_that() {
    // The party is in the reported clause; the second quotation is no one's.
    let t = "« Nous ne voterons pas ce texte de loi », a dit hier que le Parti vert «restera uni dans la tempête qui vient».";
    let ms = [mention(t, "Parti vert", 0, "N:parti vert", "ORG")];
    assert_eq!(speakers(&find(t, "fr", &ms)), []);
}

#[test]
fn a_name_the_actor_stage_missed_still_speaks() {
    let t = "\"Esto fue un intento de asesinato contra mi hermano\", sintetizó Edith Barrios ante la prensa. \
La ministra Ana Ruiz dijo que la obra terminará en junio del año próximo.";
    let qs = find(t, "es", &[]);
    let got: Vec<(&str, &str, bool)> = qs
        .iter()
        .map(|q| (q.speaker.surface.as_str(), q.text.as_str(), q.direct))
        .collect();
    assert_eq!(
        got,
        [
            (
                "Edith Barrios",
                "Esto fue un intento de asesinato contra mi hermano",
                true
            ),
            (
                "Ana Ruiz",
                "la obra terminará en junio del año próximo",
                false
            )
        ]
    );
    // The id of a new actor, as the actor stage makes it.
    assert!(qs.iter().all(|q| q.speaker.id.starts_with("N:")));
}

#[test]
fn a_name_governed_by_a_preposition_is_no_speaker_and_a_known_name_keeps_its_id() {
    let t = "L'entourage d'Emmanuel Macron explique que toutes les options restent ouvertes. \
Plus tard, Macron a assuré devant les maires que rien n'était encore décidé.";
    let ms = [mention(t, "Macron", 1, "P-MACRON", "PER")];
    let qs = find(t, "fr", &ms);
    assert_eq!(
        speakers(&qs),
        [("P-MACRON", "rien n'était encore décidé", false)]
    );
}
