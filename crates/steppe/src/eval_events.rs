//! `steppe eval events FILE.xml`: PETRARCH validation records coded with the
//! built-in lexicons plus the dictionaries given, scored as PETRARCH's own
//! validation does (found and extra codings per expected coding).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{anyhow, Result};
use serde_json::json;
use steppe_events::eval::{parse_records, read_validation, score_with_mentions, Coding};
use steppe_events::Lexicon;
use steppe_model::{ActorMention, Published};

#[derive(clap::Args)]
pub struct Args {
    /// Records; default $STEPPE_DATA/events/PETR.UnitTest.records.xml.
    pub file: Option<PathBuf>,
    /// TABARI/PETRARCH actor dictionaries (default: those the file was written for).
    #[arg(long, num_args = 1..)]
    pub actors: Vec<PathBuf>,
    /// TABARI/PETRARCH agent dictionaries.
    #[arg(long, num_args = 1..)]
    pub agents: Vec<PathBuf>,
    /// TABARI/PETRARCH verb dictionaries.
    #[arg(long, num_args = 1..)]
    pub verbs: Vec<PathBuf>,
    /// Language of the records (default: es for a Spanish file, else en).
    #[arg(long)]
    pub lang: Option<String>,
    /// Use only the dictionaries given, not steppe's own lexicon.
    #[arg(long)]
    pub no_builtin: bool,
    #[arg(long)]
    pub json: bool,
    /// Print each record's expected and produced codings.
    #[arg(long)]
    pub records: bool,
    /// Score only the records that share less than half their words with
    /// every record of these files (checks already used to fix the coder):
    /// a held-out figure that near-paraphrases of old checks cannot inflate.
    #[arg(long, num_args = 1..)]
    pub unseen_against: Vec<PathBuf>,
    /// The word share (Jaccard over content words) from which a record
    /// counts as seen, with `--unseen-against`.
    #[arg(long, default_value_t = 0.5)]
    pub unseen_below: f64,
}

/// The dictionaries a validation file was written for, when none are given:
/// PETR.Validate.* beside the English records, `spanish/` for the Spanish ones.
fn default_dictionaries(file: &Path, lang: &str) -> (Vec<PathBuf>, Vec<PathBuf>, Vec<PathBuf>) {
    let dir = file.parent().unwrap_or(Path::new("."));
    let existing = |names: &[&str]| -> Vec<PathBuf> {
        names
            .iter()
            .map(|n| dir.join(n))
            .filter(|p| p.is_file())
            .collect()
    };
    if lang == "es" {
        (
            existing(&["actors_unified_181220.txt"]),
            existing(&["agents_181220.txt"]),
            existing(&["verbpatterns_es_190128.txt"]),
        )
    } else {
        (
            existing(&["PETR.Validate.actors.txt"]),
            existing(&["PETR.Validate.agents.txt"]),
            existing(&["PETR.Validate.verbs.2.0.txt"]),
        )
    }
}

fn read(p: &Path) -> Result<String> {
    let bytes = std::fs::read(p).map_err(|e| anyhow!("reading {}: {e}", p.display()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

pub fn run(args: Args) -> Result<ExitCode> {
    let file = args
        .file
        .clone()
        .unwrap_or_else(|| crate::eval::data_root().join("events/PETR.UnitTest.records.xml"));
    if !file.is_file() {
        return Ok(crate::eval::skip("events", &file, args.json));
    }
    let lang = args.lang.clone().unwrap_or_else(|| {
        if file.to_string_lossy().to_lowercase().contains("spanish") {
            "es".into()
        } else {
            "en".into()
        }
    });
    let (mut actors, mut agents, mut verbs) = (args.actors, args.agents, args.verbs);
    if actors.is_empty() && agents.is_empty() && verbs.is_empty() {
        (actors, agents, verbs) = default_dictionaries(&file, &lang);
    }
    let validation = read_validation(&read(&file)?);
    let read_stats = validation.stats.clone();
    let mut records = validation.records;
    if records.is_empty() && read_stats.sentences_skipped > 0 {
        return Err(anyhow!(
            "{}: no record with a <Text> ({} skipped)",
            file.display(),
            read_stats.sentences_skipped
        ));
    }
    let dashes = steppe_events::eval::any_code_records(&records);
    if !dashes.is_empty() {
        eprintln!(
            "warning: {}: {} record(s) expect eventcode \"---\", which matches any code (for \"no event\", write no EventCoding): {}",
            file.display(),
            dashes.len(),
            dashes.join(", ")
        );
    }
    let mut unseen_note = None;
    if !args.unseen_against.is_empty() {
        let mut reference = Vec::new();
        for r in &args.unseen_against {
            reference
                .extend(parse_records(&read(r)?).map_err(|e| anyhow!("{}: {e}", r.display()))?);
        }
        let keep = steppe_events::eval::unseen(&records, &reference, args.unseen_below);
        let all = records.len();
        let mut k = keep.iter();
        records.retain(|_| *k.next().unwrap_or(&false));
        unseen_note = Some(format!(
            "  unseen     {} of {all} records share less than {:.0}% of their words with any of the {} reference records",
            records.len(),
            100.0 * args.unseen_below,
            reference.len()
        ));
    }
    let imported: Vec<_> = crate::kb_cmd::read_dictionaries(&actors, &mut std::io::sink())?
        .into_iter()
        .map(|(a, _)| a)
        .collect();
    let kb = steppe_actors::kb::Kb::with_imports(&imported).map_err(anyhow::Error::msg)?;
    let mut agent_list = Vec::new();
    for a in &agents {
        agent_list.extend(steppe_actors::agents::parse_agents(&read(a)?));
    }
    let agents = if args.no_builtin {
        steppe_actors::agents::Agents::new(agent_list)
    } else {
        steppe_actors::agents::Agents::with_builtin(agent_list)
    }
    .map_err(anyhow::Error::msg)?;
    let mut lexicons: Vec<Lexicon> = Vec::new();
    let mut verb_stats = Vec::new();
    for v in &verbs {
        let (lex, stats) = steppe_events::lexicon::parse_tabari_verbs(&read(v)?, &lang);
        verb_stats.push((v.display().to_string(), stats));
        lexicons.push(lex);
    }
    let builtin = if args.no_builtin {
        None
    } else {
        Lexicon::builtin(&lang)
    };
    let lex_refs: Vec<&Lexicon> = builtin.into_iter().chain(lexicons.iter()).collect();
    let mut produced: Vec<Vec<Coding>> = Vec::with_capacity(records.len());
    let mut mention_codes: Vec<Vec<String>> = Vec::with_capacity(records.len());
    // For --records: each coding's actor surfaces and trigger words.
    let mut shown: Vec<Vec<String>> = Vec::new();
    let mut actors_shown: Vec<String> = Vec::new();
    let mut coding_time = Duration::ZERO;
    let started = Instant::now();
    // A record the analysis fails on is reported and left out of the score.
    let mut failed: Vec<usize> = Vec::new();
    for (i, r) in records.iter().enumerate() {
        let published = chrono::NaiveDate::parse_from_str(&r.date, "%Y%m%d")
            .ok()
            .map(Published::Day);
        let coded = steppe_model::guard::catch(|| {
            steppe_model::guard::failpoint("actors", &r.text);
            let found = agents.find(&kb, &r.text, &lang, published);
            let mentions: Vec<ActorMention> = found
                .into_iter()
                .map(steppe_actors::find::Mention::into_model)
                .collect();
            let t = Instant::now();
            let events = steppe_events::code(
                &steppe_events::Input {
                    text: &r.text,
                    lang: &lang,
                    published,
                    mentions: &mentions,
                    timexes: &[],
                    quantities: &[],
                },
                &lex_refs,
            );
            (events, t, mentions)
        });
        let (events, t, mentions) = match coded {
            Ok(x) => x,
            Err(e) => {
                eprintln!("error: record {}: {e}; left out of the score", r.id);
                failed.push(i);
                continue;
            }
        };
        coding_time += t.elapsed();
        mention_codes.push(mentions.iter().map(|m| m.code.clone()).collect());
        if args.records {
            actors_shown.push(
                mentions
                    .iter()
                    .map(|m| format!("{} [{}] {}", m.code, m.surface, m.how))
                    .collect::<Vec<_>>()
                    .join("; "),
            );
        }
        // What "could" or "might" happen is exported with its modality, but
        // validation records code what happened, is planned or is reported:
        // possibilities are not scored.
        let events: Vec<_> = events
            .into_iter()
            .filter(|e| e.modality != steppe_model::Modality::Hypothetical)
            .collect();
        let dash = |s: &str| {
            if s.is_empty() {
                "---".to_string()
            } else {
                s.to_string()
            }
        };
        if args.records {
            shown.push(
                events
                    .iter()
                    .map(|e| {
                        format!(
                            "{} [{}] {} [{}] {} \"{}\"",
                            dash(&e.source.code),
                            e.source.surface,
                            dash(&e.target.code),
                            e.target.surface,
                            e.cameo,
                            r.text.get(e.start..e.end).unwrap_or("")
                        )
                    })
                    .collect(),
            );
        }
        produced.push(
            events
                .iter()
                .map(|e| Coding {
                    source: dash(&e.source.code),
                    target: dash(&e.target.code),
                    code: e.cameo.clone(),
                })
                .collect(),
        );
    }
    let total = started.elapsed();
    if !failed.is_empty() {
        let mut i = 0;
        records.retain(|_| {
            i += 1;
            !failed.contains(&(i - 1))
        });
        eprintln!("{} record(s) failed and were left out", failed.len());
    }
    let rep = score_with_mentions(&records, &produced, &mention_codes);
    if args.records {
        println!(
            "{:<24} {:>8} {:>8} {:>6} {:>6}",
            "record", "expected", "produced", "found", "extra"
        );
        for (id, e, p, f, x) in &rep.per_record {
            println!("{id:<24} {e:>8} {p:>8} {f:>6} {x:>6}");
        }
        for ((rec, have), actors) in records.iter().zip(&shown).zip(&actors_shown) {
            let want: Vec<String> = rec
                .expected
                .iter()
                .map(|c| format!("{} {} {}", c.source, c.target, c.code))
                .collect();
            println!(
                "{}\twant {:?}\tgot {:?}\tactors {actors}",
                rec.id, want, have
            );
        }
    }
    let per_s = |d: Duration| records.len() as f64 / d.as_secs_f64().max(1e-9);
    println!(
        "events on {} ({} records, lang {lang}, {} lexicon(s): {})",
        file.display(),
        rep.records,
        lex_refs.len(),
        lex_refs
            .iter()
            .map(|l| l.len().to_string())
            .collect::<Vec<_>>()
            .join(" + ")
    );
    println!(
        "  read       {} sentences ({} skipped: no text), {} codings ({} skipped: no event code), {} marked noevents",
        read_stats.sentences,
        read_stats.sentences_skipped,
        read_stats.codings,
        read_stats.codings_skipped,
        read_stats.noevents
    );
    if let Some(note) = &unseen_note {
        println!("{note}");
    }
    for (name, s) in &verb_stats {
        println!(
            "  verbs {name}: {} verbs, {} patterns, {} skipped",
            s.verbs, s.patterns, s.skipped
        );
    }
    println!("  expected   {}", rep.expected);
    println!("  produced   {}", rep.produced);
    println!("  correct    {:.1}% ({} found)", rep.correct_pct, rep.found);
    println!(
        "  extra      {:.1}% ({} matching nothing expected)",
        rep.extra_pct, rep.extra
    );
    println!(
        "  actors     {:.1}% of expected codings have their source and target in some produced coding",
        rep.actors_pct
    );
    println!(
        "  sides_found {:.1}% of expected source and target countries ({} of {}) among the sentence's actors",
        rep.sides_pct, rep.sides_found, rep.sides
    );
    println!(
        "  speed      {:.0} sentences/s coding, {:.0} sentences/s with actor recognition (one thread)",
        per_s(coding_time),
        per_s(total)
    );
    if args.json {
        println!(
            "{}",
            json!({"kind": "events", "lang": lang, "records": rep.records, "expected": rep.expected,
                   "produced": rep.produced, "found": rep.found, "extra": rep.extra,
                   "correct_pct": rep.correct_pct, "extra_pct": rep.extra_pct, "actors_pct": rep.actors_pct,
                   "sides_found": rep.sides_pct, "sides_found_count": rep.sides_found, "sides_expected": rep.sides,
                   "read": {"sentences": read_stats.sentences, "sentences_skipped": read_stats.sentences_skipped,
                            "codings": read_stats.codings, "codings_skipped": read_stats.codings_skipped,
                            "noevents": read_stats.noevents},
                   "unseen_only": unseen_note.is_some(),
                   "sentences_per_second": per_s(coding_time),
                   "sentences_per_second_with_actors": per_s(total)})
        );
    }
    Ok(ExitCode::SUCCESS)
}
