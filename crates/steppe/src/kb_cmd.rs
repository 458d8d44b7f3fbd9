//! `steppe kb show NAME` and `steppe kb stats`: what the knowledge base holds.

use std::io::Write;

use anyhow::Result;
use steppe_actors::kb::{Kb, Kind};

#[derive(clap::Subcommand)]
pub enum KbCommand {
    /// Actors a name (in any spelling or language) refers to.
    Show { name: String },
    /// Counts by kind.
    Stats,
}

pub fn run(cmd: KbCommand, out: &mut dyn Write) -> Result<bool> {
    let kb = Kb::builtin();
    match cmd {
        KbCommand::Show { name } => {
            let found = kb.lookup(&name);
            if found.is_empty() {
                writeln!(out, "no actor named {name:?} in the knowledge base")?;
                return Ok(false);
            }
            for a in found {
                writeln!(
                    out,
                    "{}  {}  ({}, code {})",
                    a.id,
                    a.name,
                    a.kind.as_str(),
                    a.code
                )?;
                if let Some(q) = &a.qid {
                    writeln!(out, "  wikidata  {q}")?;
                }
                if let Some(c) = &a.country {
                    writeln!(out, "  country   {c}")?;
                }
                for (lang, n) in &a.names {
                    writeln!(out, "  name {lang}   {n}")?;
                }
                if !a.aliases.is_empty() {
                    writeln!(out, "  aliases   {}", a.aliases.join(", "))?;
                }
                for r in &a.roles {
                    let from = r.from.map_or("?".to_string(), |d| d.to_string());
                    let to = r.to.map_or("".to_string(), |d| d.to_string());
                    writeln!(
                        out,
                        "  role      {} of {} from {from} to {to}",
                        r.office, r.of
                    )?;
                }
            }
            Ok(true)
        }
        KbCommand::Stats => {
            for kind in [Kind::Country, Kind::Organisation, Kind::Person] {
                let n = kb.actors.iter().filter(|a| a.kind == kind).count();
                writeln!(out, "{:<13} {n}", kind.as_str())?;
            }
            let roles: usize = kb.actors.iter().map(|a| a.roles.len()).sum();
            writeln!(out, "{:<13} {roles}", "roles")?;
            writeln!(out, "{:<13} {}", "match keys", kb.keys())?;
            Ok(true)
        }
    }
}
