//! What every reader's fuzz target checks: any bytes give articles or named
//! errors, never a panic, and every article keeps its invariants.

use steppe_ingest::{read_bytes, Limits};

pub fn check(path: &str, data: &[u8]) {
    let limits = Limits { max_document_bytes: 1 << 20, max_line_bytes: 1 << 16 };
    read_bytes(path, data, &limits, &mut |r| {
        if let Ok(a) = r {
            assert!(!a.text.trim().is_empty());
            assert_eq!(a.id.len(), 24);
            for s in steppe_text::sentences::split(&a.text) {
                assert!(a.text.is_char_boundary(s.start) && a.text.is_char_boundary(s.end));
            }
            // The extraction stages must not panic on what the readers let through.
            let lang = a.lang.as_deref().unwrap_or("fr");
            let _ = steppe_time::tag(&a.text, lang, a.published);
            let _ = steppe_figures::extract(&a.text, lang);
            let mut found = steppe_actors::find::find(steppe_actors::kb::Kb::builtin(), &a.text, lang, a.published);
            steppe_actors::agents::Agents::builtin().apply(&a.text, &mut found);
            for m in &found {
                assert!(a.text.is_char_boundary(m.start) && a.text.is_char_boundary(m.end) && m.start < m.end);
            }
            // And the event coder, on the actors found.
            let mentions: Vec<steppe_model::ActorMention> =
                found.into_iter().map(steppe_actors::find::Mention::into_model).collect();
            let input = steppe_events::Input {
                text: &a.text,
                lang,
                published: a.published,
                mentions: &mentions,
                timexes: &[],
                quantities: &[],
            };
            for e in input.code_builtin() {
                assert!(e.start < e.end && e.end <= a.text.len());
                assert!(a.text.is_char_boundary(e.start) && a.text.is_char_boundary(e.end));
            }
        }
    });
}
