//! The whole per-article chain ingest runs (`steppe::analyse`) on articles
//! read from arbitrary JSONL: no stage may fail, so a stage failure that
//! the guard caught is a bug here.
#![no_main]

use steppe_ingest::{read_bytes, Limits};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let limits = Limits { max_document_bytes: 1 << 20, max_line_bytes: 1 << 16 };
    read_bytes("fuzz.jsonl", data, &limits, &mut |r| {
        if let Ok(a) = r {
            let text = a.text.clone();
            let done = steppe::analyse(a, steppe_actors::kb::Kb::builtin());
            let failed: Vec<&str> = steppe::stage_failures(&done).collect();
            assert!(failed.is_empty(), "{failed:?} on {text:?}");
            for m in &done.mentions {
                assert!(text.get(m.start..m.end).is_some());
            }
        }
    });
});
