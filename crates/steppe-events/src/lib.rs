//! Events: who did what to whom, coded in CAMEO and PLOVER from raw text.
//!
//! - [`cameo`]: the codebook's fixed tables (roots, QuadClass, Goldstein, PLOVER);
//! - [`lexicon`]: trigger patterns as data (`data/events/LANG.txt`) and the
//!   TABARI/PETRARCH verb-dictionary importer;
//! - [`code`]: the coder, from a text's sentences, actors, dates and figures
//!   to [`steppe_model::Event`]s;
//! - [`eval`]: scoring against PETRARCH validation records.
// Tests slice their own fixed strings; input paths use checked ranges.
#![cfg_attr(test, allow(clippy::string_slice))]

pub mod cameo;
pub mod code;
pub mod eval;
pub mod lexicon;

pub use code::{code, Input};
pub use lexicon::Lexicon;
