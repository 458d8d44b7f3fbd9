//! Text-level knowledge shared by every stage that reads article text.
//!
//! - [`normalize`]: one canonical form of text (NFC, one apostrophe, plain spaces);
//! - [`boilerplate`]: line rules, loaded from `data/boilerplate/*.txt`, that take out
//!   share rows, teasers, comment notices and the like, and say what they took;
//! - [`lang`]: language identification;
//! - [`sentences`]: sentence segmentation aware of French and English abbreviations,
//!   « » quotations and dialogue dashes.
//!
//! Nothing here fails on odd text: every function returns a value.
//!
//! ```
//! let text = steppe_text::normalize::normalize("L\u{2019}État\u{a0}: «\u{202f}oui\u{202f}»");
//! assert_eq!(text, "L'État : « oui »");
//! let spans = steppe_text::sentences::split("M. Blinken est arrivé. Il repart mardi.");
//! assert_eq!(spans.len(), 2);
//! ```
// Tests slice their own fixed strings; input paths use checked ranges.
#![cfg_attr(test, allow(clippy::string_slice))]

pub mod boilerplate;
pub mod lang;
pub mod normalize;
pub mod sentences;
