//! What the coder finds in a sentence with the real knowledge base, steppe's
//! own agents and the built-in lexicons, as (source code, target code, CAMEO).

use steppe_events::{code, Input, Lexicon};
use steppe_model::{ActorMention, Published};

pub fn coded(lang: &str, date: &str, text: &str) -> Vec<(String, String, String)> {
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
    .into_iter()
    .map(|e| (e.source.code, e.target.code, e.cameo))
    .collect()
}

pub fn has(got: &[(String, String, String)], s: &str, t: &str, c: &str) -> bool {
    got.iter().any(|(a, b, x)| a == s && b == t && x == c)
}
