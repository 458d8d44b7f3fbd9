//! The coder on hand-made mentions: one rule at a time, in French and English.

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
fn no_actor_no_event_even_for_protests() {
    // Protests with no one named are background, as the real-news coders
    // read them; protesters named as such are an actor of their kind.
    let text = "Des manifestations ont éclaté à Quito; des manifestants ont protesté à Quito.";
    let m = [
        mention(text, "Quito", "C-QUITO", "ECU", "alias"),
        mention(text, "manifestants", "A:manifestants", "---OPP", "alias"),
        mention_last(text, "Quito", "C-QUITO", "ECU"),
    ];
    let ev = run(text, &m, "~141\tmanifestations\n140\tprotest*\n");
    assert_eq!(ev.len(), 1, "{ev:?}");
    assert_eq!(
        (ev[0].cameo.as_str(), ev[0].source.code.as_str()),
        ("140", "---OPP")
    );
    assert_eq!(ev[0].place.as_deref(), Some("C-QUITO"));
    // A new name of no known country is no actor either.
    let text = "Selon Paul Durand, une rencontre a eu lieu; Durand a rencontré Pierre Morel.";
    let m = [
        mention(text, "Paul Durand", "N:paul durand", "", "new"),
        mention(text, "Pierre Morel", "N:pierre morel", "", "new"),
    ];
    let ev = run(text, &m, "~040\trencontre\n040\trencontr*\n");
    assert!(ev.is_empty(), "{ev:?}");
}

#[test]
fn a_generic_agent_naming_the_act_is_still_its_trigger() {
    // The Spanish agent dictionary reads "protesta" as protesters (---OPP).
    let text = "La protesta de los estudiantes en Quito duró horas.";
    let m = [
        mention(text, "estudiantes", "A:estudiantes", "---CVL", "alias"),
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
    let ev = run_in("en", text, &m, "~190\tinvasion\n");
    let sides = ids(&ev);
    assert_eq!(sides, [("RUS", "UKR")]);
    // "Ukraine's conditions are met": Ukraine met no one.
    let text = "Ukraine will join when its conditions are met.";
    let m = [mention(text, "Ukraine", "UKR", "UKR", "alias")];
    assert!(run_in("en", text, &m, "040\tmet\n").is_empty());
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
    assert_eq!(run_in("en", text, &m, "040\tmeeting\n").len(), 2);
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
            // (The title gives the new name its country: steppe-actors' titles.)
            ..mention(text, "Tileuberdi", "N:tileuberdi", "KAZGOV", "new")
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
    assert_eq!(ids(&ev), [("FRA", "")]);
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

#[test]
fn a_state_is_not_its_own_target_under_another_name() {
    // The capital after the act is the same state as its subject: no target.
    let text = "Belarus threatens to close the border, Minsk officials added on Monday.";
    let ms = [
        mention(text, "Belarus", "BLR", "BLR", "alias"),
        mention(text, "Minsk", "BLR", "BLRGOV", "metonym"),
    ];
    let ev = run_in("en", text, &ms, "130\tthreaten* TGT");
    assert_eq!(codes(&ev), vec![("BLR", "")], "{ev:?}");
    // Its government and its opposition are two parties of one country.
    let text = "Belarus threatens the opposition with new arrests.";
    let ms = [
        mention(text, "Belarus", "BLR", "BLR", "alias"),
        mention(text, "opposition", "A:OPP", "BLROPP", "alias"),
    ];
    let ev = run_in("en", text, &ms, "130\tthreaten* TGT");
    assert_eq!(codes(&ev), vec![("BLR", "BLROPP")], "{ev:?}");
}
