//! Many workers on one PostgreSQL store: `steppe enqueue` splits inputs into
//! chunks in the store's work queue, each `steppe worker` leases one chunk at
//! a time (`FOR UPDATE SKIP LOCKED`), reads and analyses it, and stores its
//! articles and the chunk's "done" mark in one transaction. A worker killed
//! mid-chunk leaves nothing of it stored; when its lease runs out another
//! worker takes the chunk. Articles are upserted by content id, so a chunk
//! stored twice (a lease that ran out under a slow worker) or an article
//! found in two chunks is stored once.

use std::io::{BufRead, Read, Seek, SeekFrom};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use rayon::prelude::*;
use steppe::{analyse, stage_failures};
use steppe_ingest::{ItemResult, Limits};
use steppe_model::{guard, Analysed};
use steppe_store::{PgStore, QueueItem};

/// Splits each input into chunks of `lines` JSONL lines (a whole file for
/// other formats, gzip and JSON arrays) and queues them. Returns (chunks
/// made, chunks newly queued): a chunk queued before is not queued again.
pub fn enqueue(store: &mut PgStore, paths: &[PathBuf], lines: usize) -> Result<(u64, u64)> {
    let (files, errors) = steppe_ingest::collect_files(paths);
    for e in &errors {
        eprintln!("error: {e}");
    }
    let mut items = Vec::new();
    for f in files {
        let label = f.display().to_string();
        let chunks = chunks_of(&f, lines.max(1)).with_context(|| format!("reading {label}"))?;
        for (start, end, first) in chunks {
            items.push(QueueItem {
                id: 0,
                path: label.clone(),
                byte_start: start,
                byte_end: end,
                first_item: first,
            });
        }
    }
    let mut added = 0;
    for part in items.chunks(5000) {
        added += store.enqueue(part)?;
    }
    Ok((items.len() as u64, added))
}

/// (byte start, byte end, lines before) of each chunk of a file; one chunk
/// `(0, -1, 0)` for the whole file when it is not plain JSONL.
fn chunks_of(path: &std::path::Path, lines: usize) -> std::io::Result<Vec<(i64, i64, i64)>> {
    let name = path.to_string_lossy().to_lowercase();
    let whole = Ok(vec![(0, -1, 0)]);
    if !name.ends_with(".jsonl") {
        return whole;
    }
    let mut r = std::io::BufReader::with_capacity(1 << 16, std::fs::File::open(path)?);
    let head = r.fill_buf()?;
    if steppe_ingest::decode::is_gzip(head)
        || head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[')
    {
        return whole;
    }
    let mut out = Vec::new();
    let (mut pos, mut start, mut n, mut first) = (0i64, 0i64, 0usize, 0i64);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let got = r.read_until(b'\n', &mut buf)?;
        if got == 0 {
            break;
        }
        pos += got as i64;
        n += 1;
        if n % lines == 0 {
            out.push((start, pos, first));
            start = pos;
            first = n as i64;
        }
    }
    if pos > start {
        out.push((start, pos, first));
    }
    Ok(out)
}

/// How a worker runs.
#[derive(Debug, Clone)]
pub struct Options {
    pub name: String,
    pub lease: Duration,
    pub attempts: i64,
    pub quiet: bool,
    /// Store clean articles only (no dates, figures, actors, events).
    pub analyse: bool,
}

/// What a worker did.
#[derive(Debug, Default, Clone, Copy)]
pub struct Summary {
    pub chunks: u64,
    pub read: u64,
    pub ingested: u64,
    pub duplicates: u64,
    pub failed: u64,
    pub stage_failures: u64,
    pub seconds: f64,
}

/// Takes chunks until the queue has none left to take and none leased by
/// others (a chunk leased by a dead worker comes back when its lease ends).
pub fn work(store: &mut PgStore, opts: &Options) -> Result<Summary> {
    let started = Instant::now();
    let merged = if opts.analyse {
        crate::kb_cmd::kb_for(store)?
    } else {
        None
    };
    let kb = opts.analyse.then(|| {
        merged
            .as_ref()
            .unwrap_or_else(|| steppe_actors::kb::Kb::builtin())
    });
    let limits = Limits::default();
    let lease = opts.lease.as_secs().max(1) as i64;
    let mut out = Summary::default();
    loop {
        let Some(item) = store.claim(&opts.name, lease, opts.attempts)? else {
            let c = store.queue_counts(opts.attempts)?;
            if c.leased == 0 {
                break;
            }
            std::thread::sleep(Duration::from_millis(500));
            continue;
        };
        let (articles, problems) = match read_chunk(&item, &limits) {
            Ok(x) => x,
            Err(e) => {
                let msg = format!("{}: cannot read: {e}", item.path);
                eprintln!("error: {msg}");
                store.release(item.id, &opts.name, &msg, opts.attempts)?;
                out.failed += 1;
                continue;
            }
        };
        for p in &problems {
            if !opts.quiet {
                eprintln!("error: {p}");
            }
        }
        let analysed: Vec<Analysed> = articles
            .into_par_iter()
            .map(|a| match kb {
                Some(kb) => analyse(a, kb),
                None => Analysed::bare(a),
            })
            .collect();
        for a in &analysed {
            for f in stage_failures(a) {
                out.stage_failures += 1;
                eprintln!("error: {}:{}: {f}", a.article.path, a.article.item);
            }
        }
        let o = store
            .write_batch_for(&analysed, &[], Some((item.id, opts.name.as_str())))
            .with_context(|| format!("storing chunk {} of {}", item.id, item.path))?;
        out.chunks += 1;
        out.read += analysed.len() as u64 + problems.len() as u64;
        out.failed += problems.len() as u64;
        out.ingested += o.added;
        out.duplicates += o.duplicates;
        if !opts.quiet {
            eprintln!(
                "{}: chunk {} ({}, from item {}): {} new, {} duplicate(s), {} failed",
                opts.name,
                item.id,
                item.path,
                item.first_item + 1,
                o.added,
                o.duplicates,
                problems.len()
            );
        }
    }
    out.seconds = started.elapsed().as_secs_f64();
    Ok(out)
}

/// The articles of one chunk (item numbers counted from the file's start)
/// and its items' problems.
fn read_chunk(
    item: &QueueItem,
    limits: &Limits,
) -> std::io::Result<(Vec<steppe_model::Article>, Vec<String>)> {
    let mut articles = Vec::new();
    let mut problems = Vec::new();
    let offset = u32::try_from(item.first_item).unwrap_or(0);
    let mut sink = |r: ItemResult| match r {
        Ok(mut a) => {
            a.item += offset;
            articles.push(a);
        }
        Err(mut e) => {
            e.item = e.item.map(|n| n + offset);
            problems.push(e.to_string());
        }
    };
    let path = std::path::Path::new(&item.path);
    let caught = if item.byte_end < 0 {
        guard::catch(|| steppe_ingest::read_file(path, limits, &mut sink))
    } else {
        let mut f = std::fs::File::open(path)?;
        f.seek(SeekFrom::Start(item.byte_start.max(0) as u64))?;
        let len = (item.byte_end - item.byte_start).max(0) as u64;
        let mut bytes = Vec::with_capacity(len as usize);
        f.take(len).read_to_end(&mut bytes)?;
        if (bytes.len() as u64) < len {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "the file is shorter than when it was queued",
            ));
        }
        guard::catch(|| steppe_ingest::read_bytes(&item.path, &bytes, limits, &mut sink))
    };
    if let Err(e) = caught {
        problems.push(format!(
            "{}: reading stopped by an internal error: {e}",
            item.path
        ));
    }
    Ok((articles, problems))
}
