//! Fuzz the text reader (see common.rs for what is checked).
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::check("fuzz.txt", data));
