//! Fuzz the html reader: any bytes must give articles or named errors, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use steppe_ingest::{read_bytes, Limits};

fuzz_target!(|data: &[u8]| {
    let limits = Limits { max_document_bytes: 1 << 20, max_line_bytes: 1 << 16 };
    read_bytes("fuzz.html", data, &limits, &mut |r| {
        if let Ok(a) = r {
            // Invariants every article keeps.
            assert!(!a.text.trim().is_empty());
            assert_eq!(a.id.len(), 24);
            for s in steppe_text::sentences::split(&a.text) {
                assert!(a.text.is_char_boundary(s.start) && a.text.is_char_boundary(s.end));
            }
        }
    });
});
