//! Actors: who is named in a text, resolved to one entity with a stable id
//! whatever the language or spelling.
//!
//! - [`kb`]: the knowledge base (countries, organisations, office holders with
//!   dated roles, role phrases) from `data/kb/*.tsv`;
//! - [`fold`]: one key for all spellings of a name;
//! - [`find`]: recognition and resolution in a text;
//! - [`linking`]: evaluation of Wikidata links on HIPE-2022 files.
//!
//! ```
//! use steppe_actors::{find::find, kb::Kb};
//! let m = find(Kb::builtin(), "Antony Blinken est arrivé à Astana.", "fr", None);
//! assert_eq!(m[0].actor, "P-BLINKEN");
//! ```
// Tests slice their own fixed strings; input paths use checked ranges.
#![cfg_attr(test, allow(clippy::string_slice))]

pub mod agents;
pub mod find;
pub mod fold;
pub mod import;
pub mod kb;
pub mod linking;
pub mod titles;
