//! Property tests: the coder takes any text, with the actors the real finder
//! sees in it, without panicking, and every event points into that text.

use proptest::prelude::*;
use steppe_events::{code, Input, Lexicon};
use steppe_model::{ActorMention, Published};

/// Words that trigger patterns and name actors, mixed with punctuation,
/// apostrophes and accents, so that random sentences reach the coder's paths.
const WORDS: &[&str] = &[
    "Russia's",
    "l'Ukraine",
    "Moscou",
    "Kazakhstan",
    "Blinken",
    "a",
    "rencontré",
    "met",
    "the",
    "invasion",
    "de",
    "par",
    "was",
    "were",
    "est",
    "accusé",
    "s'est",
    "rendu",
    "à",
    "Astana",
    "protesta",
    "manifestantes",
    "en",
    "in",
    "France",
    "n'a",
    "pas",
    "soutenu",
    "homologue",
    "kazakh",
    "Tokaïev",
    ",",
    ".",
    ";",
    "et",
    "and",
    "y",
    "'s",
    "’",
    "de la",
    "visited",
    "by",
    "sanctions",
    "contre",
    "la",
    "Chine",
    "signed",
    "an",
    "agreement",
    "with",
    "Pékin",
    "fue",
    "detenido",
    "por",
    "policía",
    "troops",
    "Israeli",
    "gunmen",
    "its",
    "army",
    "in",
    "Niger",
    "released",
    "blamed",
    "stoking",
    "riot",
    "organizar",
    "manifestación",
    "ó",
    "1.3",
    "\u{2014}",
    "é",
    "ß",
    "Ωμέγα",
    "2023",
];

fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 0..40).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn any_text_codes_without_panic_and_events_point_into_it(
        text in sentence(),
        noise in "\\PC{0,40}",
        lang in prop::sample::select(&["fr", "en", "es"][..]),
    ) {
        let text = format!("{text} {noise}");
        let kb = steppe_actors::kb::Kb::builtin();
        let found = steppe_actors::agents::Agents::builtin().find(kb, &text, lang, None);
        let mentions: Vec<ActorMention> = found
            .into_iter()
            .map(steppe_actors::find::Mention::into_model)
            .collect();
        let lexicon = Lexicon::builtin(lang).unwrap();
        let events = code(
            &Input {
                text: &text,
                lang,
                published: Published::parse_iso("2023-02-28"),
                mentions: &mentions,
                timexes: &[],
                quantities: &[],
            },
            &[lexicon],
        );
        for e in events {
            prop_assert!(e.start < e.end && e.end <= text.len());
            prop_assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
            prop_assert!(e.sentence_start <= e.start && e.end <= e.sentence_end);
            prop_assert!(text.contains(e.evidence.as_str()));
            prop_assert!(!e.source.id.is_empty() || e.root == "14", "{e:?}");
            // One actor never acts on itself; two parts of one country may
            // ("Chinese protesters" against "Beijing", the government).
            prop_assert!(
                e.source.id.is_empty()
                    || e.source.id != e.target.id
                    || e.source.code != e.target.code,
                "{e:?}"
            );
        }
    }
}
