//! Each analysis stage on arbitrary text, unguarded: a panic here is a bug
//! the article guard would otherwise hide. The first byte picks the language.
#![no_main]

fn on_text(text: &str, start: usize, end: usize) {
    assert!(start <= end && end <= text.len(), "{start}..{end} of {}", text.len());
    assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let lang = ["fr", "en", "es", "de", ""][usize::from(pick) % 5];
    let text = String::from_utf8_lossy(rest);
    let text = text.as_ref();
    let published = steppe_model::Published::parse_iso("2023-05-02");
    for s in steppe_text::sentences::split(text) {
        on_text(text, s.start, s.end);
    }
    let timexes = steppe_time::tag(text, lang, published);
    for t in &timexes {
        on_text(text, t.start, t.end);
    }
    let quantities = steppe_figures::extract(text, lang);
    for q in &quantities {
        on_text(text, q.start, q.end);
    }
    let kb = steppe_actors::kb::Kb::builtin();
    let found = steppe_actors::agents::Agents::builtin().find(kb, text, lang, published);
    for m in &found {
        on_text(text, m.start, m.end);
        assert!(m.start < m.end);
    }
    let mentions: Vec<steppe_model::ActorMention> =
        found.into_iter().map(steppe_actors::find::Mention::into_model).collect();
    let events = steppe_events::Input {
        text,
        lang,
        published,
        mentions: &mentions,
        timexes: &timexes,
        quantities: &quantities,
    }
    .code_builtin();
    for e in &events {
        on_text(text, e.start, e.end);
    }
    for q in steppe_sources::quotes::find(text, lang, &mentions) {
        on_text(text, q.start, q.end);
        on_text(text, q.speaker_start, q.speaker_end);
    }
    for f in steppe_sources::framing::find(text, lang, &mentions) {
        on_text(text, f.start, f.end);
    }
});
