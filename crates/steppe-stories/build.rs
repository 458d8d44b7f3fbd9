//! Embeds the encoder table from `models/` when it exists, so that the crate
//! (and `tools/make_encoder.py`, which makes it) builds without it too.

use std::path::PathBuf;

fn main() {
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let path = manifest.join("../../models/encoder-e5s.bin");
    println!("cargo:rerun-if-changed={}", path.display());
    let value = match path.canonicalize() {
        Ok(p) => format!("include_bytes!({:?})", p.to_string_lossy()),
        Err(_) => "&[]".to_string(),
    };
    let src = format!("pub static ENCODER: &[u8] = {value};\n");
    let out =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("encoder.rs");
    std::fs::write(out, src).expect("writing encoder.rs");
}
