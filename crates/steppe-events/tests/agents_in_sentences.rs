//! The coder on real sentences with the real knowledge base, steppe's own
//! agents and the built-in lexicons: who acts when a sentence names a part
//! of a country ("Israeli warplanes", "l'armée russe"), a passive agent, a
//! place hit, or a speaker after a list.

mod common;

use common::{coded, has};

#[test]
fn agents_name_the_part_of_a_country_that_acts() {
    let got = coded(
        "en",
        "2023-11-07",
        "Israeli warplanes struck targets across southern Lebanon overnight.",
    );
    // Force from the air is 195 whatever the verb.
    assert!(has(&got, "ISRMIL", "LBN", "195"), "{got:?}");
    let got = coded(
        "fr",
        "2022-03-01",
        "L'armée russe a bombardé Kharkiv dans la nuit.",
    );
    assert!(got.iter().any(|e| e.0 == "RUSMIL"), "{got:?}");
    let got = coded(
        "en",
        "2023-07-27",
        "Soldiers in Niger detained President Mohamed Bazoum in the presidential palace.",
    );
    assert!(has(&got, "NERMIL", "NERGOV", "173"), "{got:?}");
    let got = coded(
        "en",
        "2024-03-22",
        "Gunmen opened fire on a crowd near Moscow.",
    );
    assert!(got.iter().any(|e| e.0 == "---UAF"), "{got:?}");
}

#[test]
fn possessives_and_adjectives_are_no_lone_actors() {
    // "its army" is Serbia's, not an army of unknown country.
    let got = coded(
        "en",
        "2023-10-03",
        "Serbia put its army on high alert near the border with Kosovo.",
    );
    assert!(got.iter().all(|e| e.0 == "SRB"), "{got:?}");
    // "military aid" is no actor.
    let got = coded(
        "en",
        "2023-02-01",
        "Germany pledged another 400 million euros in military aid to Ukraine.",
    );
    assert!(got.iter().all(|e| !e.1.contains("MIL")), "{got:?}");
}

#[test]
fn a_reduced_passive_has_its_agent_and_a_complement_can_be_the_patient() {
    let got = coded(
        "en",
        "2023-11-29",
        "Hamas freed 16 hostages in exchange for 30 Palestinian prisoners released by Israel.",
    );
    assert!(has(&got, "ISR", "PSE", "0841"), "{got:?}");
    assert!(!got.iter().any(|e| e.0 == "PSE"), "{got:?}");
    // "the invasion of Guyana": Guyana underwent it, and no one is named as author.
    let got = coded(
        "en",
        "2023-12-05",
        "The referendum raised fears of an invasion of Guyana.",
    );
    assert!(!got.iter().any(|e| e.0 == "GUY"), "{got:?}");
}

#[test]
fn force_on_a_place_lands_on_its_country_but_not_on_ones_own_ground() {
    let got = coded(
        "en",
        "2023-12-01",
        "Israeli jets resumed bombing Gaza on Friday.",
    );
    assert!(has(&got, "ISRMIL", "PSE", "195"), "{got:?}");
    let got = coded(
        "fr",
        "2023-09-19",
        "L'Azerbaïdjan a lancé mardi une offensive militaire au Haut-Karabakh.",
    );
    assert!(has(&got, "AZE", "", "190"), "{got:?}");
}

#[test]
fn a_speaker_after_a_comma_is_no_member_of_a_list() {
    let got = coded(
        "en",
        "2023-10-03",
        "Serbia has massed troops along its boundary with Kosovo, the White House said.",
    );
    assert!(got.iter().all(|e| e.1 != "USAGOV"), "{got:?}");
    // An English "a" is an article: "A Saudi delegation" is a subject.
    let got = coded("en", "2023-04-10", "A Saudi delegation travelled to Sanaa.");
    assert!(has(&got, "SAUGOV", "YEM", "042"), "{got:?}");
}
