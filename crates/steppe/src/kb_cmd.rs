//! `steppe kb show|stats|load`: what the knowledge base holds, and loading
//! users' own dictionaries beside it.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{anyhow, Result};
use steppe_actors::import::{DatedCode, Imported};
use steppe_actors::kb::{Kb, Kind};
use steppe_store::KbImportRow;

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
    /// Keep dictionaries (as `load` reads them) in a store, so that ingest and
    /// export use them with the built-in knowledge base. Re-importing replaces.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Store file or PostgreSQL URL. Default: $STEPPE_DB, else ./steppe.db
        #[arg(long)]
        db: Option<PathBuf>,
    },
}

/// Reads dictionary files: `.tsv` as `id TAB lang TAB alias`, others as TABARI.
pub fn read_dictionaries(
    files: &[PathBuf],
    out: &mut dyn Write,
) -> Result<Vec<(Imported, String)>> {
    let mut imported = Vec::new();
    for f in files {
        let bytes = std::fs::read(f).map_err(|e| anyhow!("{}: {e}", f.display()))?;
        let text = String::from_utf8_lossy(&bytes);
        let source = f.file_name().map_or_else(
            || f.display().to_string(),
            |n| n.to_string_lossy().to_string(),
        );
        if f.extension().is_some_and(|e| e == "tsv") {
            let actors = steppe_actors::import::parse_tsv(&text)
                .map_err(|e| anyhow!("{}: {e}", f.display()))?;
            writeln!(out, "{}: {} actor(s)", f.display(), actors.len())?;
            imported.extend(actors.into_iter().map(|a| (a, source.clone())));
        } else {
            let (actors, skipped) = steppe_actors::import::parse_tabari(&text);
            let aliases: usize = actors.iter().map(|a| a.aliases.len()).sum();
            writeln!(
                out,
                "{}: {} entries, {aliases} aliases, {skipped} line(s) skipped",
                f.display(),
                actors.len()
            )?;
            imported.extend(actors.into_iter().map(|a| (a, source.clone())));
        }
    }
    Ok(imported)
}

fn to_row((a, source): &(Imported, String)) -> KbImportRow {
    KbImportRow {
        id: a.id.clone(),
        name: a.name.clone(),
        aliases: a.aliases.clone(),
        codes: a
            .codes
            .iter()
            .map(|c| {
                (
                    c.code.clone(),
                    c.from.map(|d| d.to_string()),
                    c.to.map(|d| d.to_string()),
                )
            })
            .collect(),
        source: source.clone(),
    }
}

fn from_row(r: KbImportRow) -> Imported {
    let day =
        |s: Option<String>| s.and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
    Imported {
        id: r.id,
        name: r.name,
        aliases: r.aliases,
        codes: r
            .codes
            .into_iter()
            .map(|(code, from, to)| DatedCode {
                code,
                from: day(from),
                to: day(to),
            })
            .collect(),
    }
}

/// The knowledge base a store asks for: the built-in one plus the store's
/// imported dictionaries, or `None` when it has none (use `Kb::builtin`).
pub fn kb_for(store: &dyn steppe_store::ArticleStore) -> Result<Option<Kb>> {
    let rows = store.kb_imports()?;
    if rows.is_empty() {
        return Ok(None);
    }
    let imported: Vec<Imported> = rows.into_iter().map(from_row).collect();
    Ok(Some(
        Kb::with_imports(&imported).map_err(anyhow::Error::msg)?,
    ))
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
        if !a.metonyms.is_empty() {
            writeln!(out, "  metonyms  {}", a.metonyms.join(", "))?;
        }
        if !a.demonyms.is_empty() {
            writeln!(out, "  demonyms  {}", a.demonyms.join(", "))?;
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
    let imported: Vec<Imported> = read_dictionaries(files, out)?
        .into_iter()
        .map(|(a, _)| a)
        .collect();
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
    let start = std::time::Instant::now();
    let kb = Kb::builtin();
    let load_secs = start.elapsed().as_secs_f64();
    match cmd {
        KbCommand::Show { name } => show(kb, &name, out),
        KbCommand::Load { files, show: name } => load(&files, name, out),
        KbCommand::Import { files, db } => {
            let path = db
                .or_else(|| std::env::var_os("STEPPE_DB").map(PathBuf::from))
                .unwrap_or_else(|| PathBuf::from("steppe.db"));
            let mut store = steppe_store::open_backend(&path.to_string_lossy())?;
            let rows: Vec<KbImportRow> =
                read_dictionaries(&files, out)?.iter().map(to_row).collect();
            let n = store.put_kb_imports(&rows)?;
            let total = store.kb_imports()?.len();
            writeln!(
                out,
                "imported {n} actor(s) into {}; it now holds {total} imported actor(s)",
                path.display()
            )?;
            writeln!(
                out,
                "articles ingested from now on are matched against them too"
            )?;
            Ok(true)
        }
        KbCommand::Stats => {
            for kind in [Kind::Country, Kind::Organisation, Kind::Person, Kind::Place] {
                let n = kb.actors.iter().filter(|a| a.kind == kind).count();
                writeln!(out, "{:<13} {n}", kind.as_str())?;
            }
            let roles: usize = kb.actors.iter().map(|a| a.roles.len()).sum();
            writeln!(out, "{:<13} {roles}", "roles")?;
            writeln!(out, "{:<13} {}", "match keys", kb.keys())?;
            writeln!(
                out,
                "{:<13} {load_secs:.2} s, peak memory {}",
                "loaded in",
                peak_rss_mib().map_or("unknown".to_string(), |m| format!("{m:.0} MiB"))
            )?;
            Ok(true)
        }
    }
}
