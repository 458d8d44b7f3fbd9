//! What the coder finds in a sentence with the real knowledge base, steppe's
//! own agents and the built-in lexicons: (source code, target code, CAMEO),
//! or the events themselves.

use steppe_events::{code, Input, Lexicon};
use steppe_model::{ActorMention, Published};

pub fn coded(lang: &str, date: &str, text: &str) -> Vec<(String, String, String)> {
    events(lang, date, text)
        .into_iter()
        .map(|e| (e.source.code, e.target.code, e.cameo))
        .collect()
}

/// The events themselves, for what codes alone cannot tell (an actor the
/// knowledge base gives no code).
pub fn events(lang: &str, date: &str, text: &str) -> Vec<steppe_model::Event> {
    let published = Published::parse_iso(date);
    let kb = steppe_actors::kb::Kb::builtin();
    let found = steppe_actors::agents::Agents::builtin().find(kb, text, lang, published);
    let mentions: Vec<ActorMention> = found
        .into_iter()
        .map(steppe_actors::find::Mention::into_model)
        .collect();
    let lex = Lexicon::builtin(lang).expect("a built-in lexicon");
    code(
        &Input {
            text,
            lang,
            published,
            mentions: &mentions,
            timexes: &[],
            quantities: &[],
        },
        &[lex],
    )
}

pub fn has(got: &[(String, String, String)], s: &str, t: &str, c: &str) -> bool {
    got.iter().any(|(a, b, x)| a == s && b == t && x == c)
}
