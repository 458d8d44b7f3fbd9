//! The ingest driver: inputs are read in parallel, one writer commits batches.
//!
//! ```text
//!  inputs ─► rayon workers: hash, skip if done, read_file ─► channel ─► writer: batches ─► Store
//! ```
//!
//! Each input's articles travel in order and its "done" mark follows them, so
//! the mark is committed in the same transaction as the input's last articles
//! or a later one: after a kill, a re-run re-reads exactly the unfinished inputs.

use std::collections::HashMap;
use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::sync::mpsc::{sync_channel, SyncSender};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use steppe::{analyse, stage_failures};
use steppe_ingest::{ItemError, ItemResult, Limits};
use steppe_model::{guard, Analysed};
use steppe_store::{ArticleStore, InputRecord};

/// Articles written per transaction.
const BATCH: usize = 2000;
/// Articles a worker gathers before handing them to the writer.
const CHUNK: usize = 256;

/// Something to ingest: a file on disk or bytes in memory (the demo corpus).
#[derive(Debug, Clone)]
pub enum Input {
    File(PathBuf),
    Memory {
        name: String,
        bytes: &'static [u8],
    },
    /// A page fetched over HTTP (`steppe watch`), named by its address.
    Fetched {
        name: String,
        bytes: Vec<u8>,
    },
}

impl Input {
    /// Size in bytes, for progress.
    fn size(&self) -> u64 {
        match self {
            Input::File(p) => std::fs::metadata(p).map_or(0, |m| m.len()),
            Input::Memory { bytes, .. } => bytes.len() as u64,
            Input::Fetched { bytes, .. } => bytes.len() as u64,
        }
    }

    fn label(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Memory { name, .. } | Input::Fetched { name, .. } => name.clone(),
        }
    }
}

/// What an ingest run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: u64,
    pub skipped_files: u64,
    pub read: u64,
    pub ingested: u64,
    pub duplicates: u64,
    pub failed: u64,
    /// Articles stored with an analysis stage missing (a caught panic).
    pub stage_failures: u64,
    pub warnings: u64,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} file(s), {} item(s) read: {} ingested, {} duplicate(s), {} failed",
            self.files, self.read, self.ingested, self.duplicates, self.failed
        )?;
        if self.skipped_files > 0 {
            write!(
                f,
                " ({} file(s) already ingested, skipped)",
                self.skipped_files
            )?;
        }
        if self.stage_failures > 0 {
            write!(
                f,
                "; {} article(s) stored with a failed analysis stage (`steppe reanalyse` retries them)",
                self.stage_failures
            )?;
        }
        if self.warnings > 0 {
            write!(f, "; {} warning(s)", self.warnings)?;
        }
        Ok(())
    }
}

enum Msg {
    Articles(Vec<Analysed>),
    Problem(String, bool),
    /// An article stored with a stage's annotations missing.
    StageFailed(String),
    Done {
        record: InputRecord,
        failed: u64,
        size: u64,
    },
    Skipped {
        items: u64,
        size: u64,
    },
    Unreadable(String, u64),
}

/// How to report problems as they happen.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub progress: bool,
    pub quiet: bool,
    /// Run the extraction stages (dates, figures) on each new article.
    pub analyse: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            progress: std::io::stderr().is_terminal(),
            quiet: false,
            analyse: true,
        }
    }
}

fn input_hash(label: &str, bytes: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(label.as_bytes());
    h.update([0]);
    h.update(bytes);
    h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn hash_file(path: &PathBuf, label: &str) -> std::io::Result<String> {
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    h.update(label.as_bytes());
    h.update([0]);
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

fn process(
    input: &Input,
    size: u64,
    done: &HashMap<String, u64>,
    limits: &Limits,
    kb: Option<&steppe_actors::kb::Kb>,
    tx: &SyncSender<Msg>,
) {
    let label = input.label();
    let hash = match input {
        Input::File(p) => match hash_file(p, &label) {
            Ok(h) => h,
            Err(e) => {
                let _ = tx.send(Msg::Unreadable(format!("{label}: cannot read: {e}"), size));
                return;
            }
        },
        Input::Memory { bytes, .. } => input_hash(&label, bytes),
        Input::Fetched { bytes, .. } => input_hash(&label, bytes),
    };
    if let Some(&items) = done.get(&hash) {
        let _ = tx.send(Msg::Skipped { items, size });
        return;
    }
    let mut chunk = Vec::new();
    let mut items = 0u64;
    let mut failed = 0u64;
    let mut sink = |r: ItemResult| {
        items += 1;
        match r {
            Ok(a) => {
                for w in &a.warnings {
                    let at = if a.item > 0 {
                        format!("{}:{}", a.path, a.item)
                    } else {
                        a.path.clone()
                    };
                    let _ = tx.send(Msg::Problem(format!("{at}: {w}"), false));
                }
                let at = if a.item > 0 {
                    format!("{}:{}", a.path, a.item)
                } else {
                    a.path.clone()
                };
                let analysed = match kb {
                    Some(kb) => analyse(a, kb),
                    None => Analysed::bare(a),
                };
                for f in stage_failures(&analysed) {
                    let _ = tx.send(Msg::StageFailed(format!(
                        "{at}: {f}; stored without that stage's annotations"
                    )));
                }
                chunk.push(analysed);
                if chunk.len() >= CHUNK {
                    let _ = tx.send(Msg::Articles(std::mem::take(&mut chunk)));
                }
            }
            Err(e) => {
                failed += 1;
                let _ = tx.send(Msg::Problem(e.to_string(), true));
            }
        }
    };
    match input {
        Input::File(p) => steppe_ingest::read_file(p, limits, &mut sink),
        Input::Memory { bytes, .. } => steppe_ingest::read_bytes(&label, bytes, limits, &mut sink),
        Input::Fetched { bytes, .. } => steppe_ingest::read_bytes(&label, bytes, limits, &mut sink),
    }
    if !chunk.is_empty() {
        let _ = tx.send(Msg::Articles(chunk));
    }
    let record = InputRecord {
        hash,
        path: label,
        items,
        failed,
    };
    let _ = tx.send(Msg::Done {
        record,
        failed,
        size,
    });
}

/// Ingests inputs into the store; returns what happened. Problems are printed
/// to stderr as they come, each naming its file.
pub fn run(
    store: &mut dyn ArticleStore,
    inputs: Vec<Input>,
    pre_errors: Vec<ItemError>,
    opts: Options,
) -> Result<Summary> {
    let mut summary = Summary {
        files: inputs.len() as u64,
        ..Summary::default()
    };
    let sizes: Vec<u64> = inputs.par_iter().map(Input::size).collect();
    let bar = progress_bar(
        opts.progress && !inputs.is_empty(),
        sizes.iter().sum(),
        "{spinner} [{bar:40}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta} {msg}",
    );
    let say = |msg: &str| {
        if !opts.quiet {
            bar.suspend(|| eprintln!("{msg}"));
        }
    };
    for e in &pre_errors {
        say(&format!("error: {e}"));
        summary.failed += 1;
        summary.read += 1;
    }
    let done = store.finished_inputs().context("reading finished inputs")?;
    // The built-in knowledge base, plus the dictionaries this store imported.
    let merged_kb = if opts.analyse {
        crate::kb_cmd::kb_for(store)?
    } else {
        None
    };
    let kb: Option<&steppe_actors::kb::Kb> = opts.analyse.then(|| {
        merged_kb
            .as_ref()
            .unwrap_or_else(|| steppe_actors::kb::Kb::builtin())
    });
    let limits = Limits::default();
    let (tx, rx) = sync_channel::<Msg>(64);
    let result: Result<()> = std::thread::scope(|scope| {
        let done = &done;
        let limits = &limits;
        let sizes = &sizes;
        scope.spawn(move || {
            inputs
                .par_iter()
                .zip(sizes.par_iter())
                .for_each_with(tx, |tx, (input, size)| {
                    // A panic while reading an input (the analysis has its own
                    // guard) costs that input: it stays unfinished, reported.
                    if let Err(e) = guard::catch(|| process(input, *size, done, limits, kb, tx)) {
                        let _ = tx.send(Msg::Unreadable(
                            format!(
                                "{}: reading stopped by an internal error: {e}",
                                input.label()
                            ),
                            0,
                        ));
                    }
                });
        });
        let mut articles: Vec<Analysed> = Vec::new();
        let mut records: Vec<InputRecord> = Vec::new();
        let mut flush = |articles: &mut Vec<Analysed>,
                         records: &mut Vec<InputRecord>,
                         summary: &mut Summary|
         -> Result<()> {
            if articles.is_empty() && records.is_empty() {
                return Ok(());
            }
            let out = store
                .write_batch(articles, records)
                .context("writing to the store")?;
            summary.ingested += out.added;
            summary.duplicates += out.duplicates;
            articles.clear();
            records.clear();
            Ok(())
        };
        for msg in rx {
            match msg {
                Msg::Articles(mut a) => {
                    summary.read += a.len() as u64;
                    articles.append(&mut a);
                }
                Msg::StageFailed(text) => {
                    summary.stage_failures += 1;
                    say(&format!("error: {text}"));
                }
                Msg::Problem(text, is_error) => {
                    if is_error {
                        say(&format!("error: {text}"));
                    } else {
                        summary.warnings += 1;
                        say(&format!("warning: {text}"));
                    }
                }
                Msg::Done {
                    record,
                    failed,
                    size,
                } => {
                    summary.failed += failed;
                    summary.read += failed;
                    // An input with failures is not marked done: the next run reads it
                    // again and reports them again, while its good items stay stored.
                    if failed == 0 {
                        records.push(record);
                    }
                    bar.inc(size);
                    bar.set_message(format!("{} articles", summary.read));
                }
                Msg::Unreadable(text, size) => {
                    say(&format!("error: {text}"));
                    summary.failed += 1;
                    summary.read += 1;
                    bar.inc(size);
                }
                Msg::Skipped { items, size } => {
                    summary.skipped_files += 1;
                    summary.read += items;
                    summary.duplicates += items;
                    bar.inc(size);
                }
            }
            if articles.len() >= BATCH {
                flush(&mut articles, &mut records, &mut summary)?;
            }
        }
        flush(&mut articles, &mut records, &mut summary)
    });
    bar.finish_and_clear();
    result?;
    Ok(summary)
}

/// What follows an ingest that stored something new: the search index is
/// brought up to date and (when analysed) stories are computed again. Says
/// what it did on stderr; returns how many articles the story stage failed on.
pub fn after_ingest(
    store: &mut dyn ArticleStore,
    db: &std::path::Path,
    ingested: u64,
    analysed: bool,
) -> Result<u64> {
    if ingested == 0 {
        return Ok(0);
    }
    // The search index sits beside a SQLite file; a shared PostgreSQL store
    // updates only the stories its new articles can change.
    let postgres = store.backend() == steppe_store::Backend::Postgres;
    if !postgres {
        let n = crate::serve_cmd::sync_index(&steppe_store::Store::open(db)?, db)?;
        eprintln!("search index: {n} article(s) indexed");
    }
    if !analysed {
        return Ok(0);
    }
    let s = if postgres {
        crate::stories::update(store)?
    } else {
        crate::stories::run(store)?
    };
    eprintln!(
        "stories: {} article(s) in {} stories, {} thread(s); {} shared passage(s); {} claim(s)",
        s.articles, s.stories, s.threads, s.duplicates, s.claims
    );
    Ok(s.failed)
}

/// Files under the given paths, plus errors for paths that cannot be walked.
pub fn file_inputs(paths: &[PathBuf]) -> (Vec<Input>, Vec<ItemError>) {
    let (files, errs) = steppe_ingest::collect_files(paths);
    (files.into_iter().map(Input::File).collect(), errs)
}

/// What `reanalyse` did.
#[derive(Debug, Default, Clone, Copy)]
pub struct Reanalysed {
    pub articles: u64,
    pub changed: usize,
    /// Articles a stage still fails on (each reported on stderr).
    pub stage_failures: u64,
}

/// Runs the analysis stages again over every stored article with today's
/// rules and knowledge base (built-in plus the store's imports), replacing
/// their annotations. Articles are read and written a page at a time, so
/// memory stays flat; re-running with nothing new changes nothing. An
/// article stored with a failed stage is tried again: its mark goes when
/// the stage now succeeds.
pub fn reanalyse(store: &mut dyn ArticleStore, progress: bool) -> Result<Reanalysed> {
    const PAGE: usize = 2000;
    let merged = crate::kb_cmd::kb_for(store)?;
    let kb = merged
        .as_ref()
        .unwrap_or_else(|| steppe_actors::kb::Kb::builtin());
    let total = store.article_count()?;
    let bar = progress_bar(
        progress && total > 0,
        total,
        "{spinner} [{bar:40}] {pos}/{len} articles {per_sec} eta {eta}",
    );
    let mut out = Reanalysed::default();
    let mut after = String::new();
    loop {
        let page = store.articles_page(&after, PAGE)?;
        let Some(last) = page.last() else { break };
        after = last.id.clone();
        let n = page.len() as u64;
        let analysed: Vec<Analysed> = page.into_par_iter().map(|a| analyse(a, kb)).collect();
        for a in &analysed {
            for f in stage_failures(a) {
                out.stage_failures += 1;
                bar.suspend(|| eprintln!("error: {} ({}): {f}", a.article.id, a.article.path));
            }
        }
        out.changed += store
            .replace_annotations(&analysed)
            .context("storing re-analysed annotations")?;
        out.articles += n;
        bar.inc(n);
    }
    bar.finish_and_clear();
    Ok(out)
}

/// A progress bar on a terminal, nothing elsewhere.
fn progress_bar(show: bool, total: u64, template: &str) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let b = ProgressBar::new(total);
    b.set_style(
        ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    b
}
