//! `steppe kb show|stats|load`: what the knowledge base holds, and loading
//! users' own dictionaries beside it.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{anyhow, Result};
use steppe_actors::kb::{Kb, Kind};

#[derive(clap::Subcommand)]
pub enum KbCommand {
    /// Actors a name (in any spelling or language) refers to.
    Show { name: String },
    /// Counts by kind.
    Stats,
    /// Load TABARI/PETRARCH actor dictionaries or `id TAB lang TAB alias` files
    /// (.tsv) beside the built-in knowledge base, and say how long it took and
    /// how much memory; with --show, look a name up in the result.
    Load {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long)]
        show: Option<String>,
    },
}

fn show(kb: &Kb, name: &str, out: &mut dyn Write) -> Result<bool> {
    let found = kb.lookup(name);
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
            let shown: Vec<&str> = a.aliases.iter().map(String::as_str).take(12).collect();
            let more = a.aliases.len().saturating_sub(shown.len());
            let tail = if more > 0 {
                format!(" (+{more} more)")
            } else {
                String::new()
            };
            writeln!(out, "  aliases   {}{tail}", shown.join(", "))?;
        }
        for r in &a.roles {
            let from = r.from.map_or("?".to_string(), |d| d.to_string());
            let to = r.to.map_or(String::new(), |d| d.to_string());
            writeln!(
                out,
                "  role      {} of {} from {from} to {to}",
                r.office, r.of
            )?;
        }
        for c in &a.dated_codes {
            let from = c.from.map_or("…".to_string(), |d| d.to_string());
            let to = c.to.map_or("…".to_string(), |d| d.to_string());
            writeln!(out, "  code      {} from {from} to {to}", c.code)?;
        }
    }
    Ok(true)
}

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

fn load(files: &[PathBuf], name: Option<String>, out: &mut dyn Write) -> Result<bool> {
    let start = std::time::Instant::now();
    let mut imported = Vec::new();
    for f in files {
        let bytes = std::fs::read(f).map_err(|e| anyhow!("{}: {e}", f.display()))?;
        let text = String::from_utf8_lossy(&bytes);
        if f.extension().is_some_and(|e| e == "tsv") {
            let actors = steppe_actors::import::parse_tsv(&text)
                .map_err(|e| anyhow!("{}: {e}", f.display()))?;
            writeln!(out, "{}: {} actor(s)", f.display(), actors.len())?;
            imported.extend(actors);
        } else {
            let (actors, skipped) = steppe_actors::import::parse_tabari(&text);
            let aliases: usize = actors.iter().map(|a| a.aliases.len()).sum();
            writeln!(
                out,
                "{}: {} entries, {aliases} aliases, {skipped} line(s) skipped",
                f.display(),
                actors.len()
            )?;
            imported.extend(actors);
        }
    }
    let merged = Kb::with_imports(&imported).map_err(anyhow::Error::msg)?;
    let secs = start.elapsed().as_secs_f64();
    writeln!(
        out,
        "knowledge base with {} imported actor(s): {} actors, {} match keys, built in {secs:.2} s, peak memory {}",
        imported.len(),
        merged.actors.len(),
        merged.keys(),
        peak_rss_mib().map_or("unknown".to_string(), |m| format!("{m:.0} MiB"))
    )?;
    match name {
        Some(n) => show(&merged, &n, out),
        None => Ok(true),
    }
}

pub fn run(cmd: KbCommand, out: &mut dyn Write) -> Result<bool> {
    let kb = Kb::builtin();
    match cmd {
        KbCommand::Show { name } => show(kb, &name, out),
        KbCommand::Load { files, show: name } => load(&files, name, out),
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
