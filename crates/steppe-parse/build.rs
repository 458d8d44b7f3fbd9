//! Embeds the trained models from `models/` when they exist, so that the
//! crate (and `steppe train parser`, which makes them) builds without them too.

use std::path::PathBuf;

fn main() {
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let models = manifest.join("../../models");
    let mut src = String::new();
    for lang in ["fr", "en", "es"] {
        let path = models.join(format!("parse-{lang}.bin"));
        println!("cargo:rerun-if-changed={}", path.display());
        let value = match path.canonicalize() {
            Ok(p) => format!("include_bytes!({:?})", p.to_string_lossy()),
            Err(_) => "&[]".to_string(),
        };
        src.push_str(&format!(
            "pub static PARSE_{}: &[u8] = {value};\n",
            lang.to_uppercase()
        ));
    }
    let out =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("models.rs");
    std::fs::write(out, src).expect("writing models.rs");
}
