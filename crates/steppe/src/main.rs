//! The `steppe` command: a thin layer over the library crates. Only this crate
//! knows about command-line flags, terminals and output shapes.

mod bench;
mod bench_serve;
mod compare;
mod demo;
mod eval;
mod eval_events;
mod eval_similarity;
mod export;
mod export_parquet;
mod kb_cmd;
mod parse_cmd;
mod pipeline;
mod report;
mod serve_cmd;
mod sources;
mod stories;
mod train;
mod watch;
mod worker;

use std::io::IsTerminal;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use steppe_store::{ArticleStore, PgStore};

#[derive(Parser)]
#[command(
    name = "steppe",
    version,
    about = "A structured, queryable record of world affairs from a flow of news articles."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct DbArg {
    /// Store: a SQLite file, or a PostgreSQL server as
    /// `postgres://user@host:port/db` (every command but serve and index).
    /// Default: $STEPPE_DB, else ./steppe.db
    #[arg(long, value_name = "FILE|URL")]
    db: Option<PathBuf>,
}

impl DbArg {
    fn path(&self) -> PathBuf {
        self.db
            .clone()
            .or_else(|| std::env::var_os("STEPPE_DB").map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from("steppe.db"))
    }

    fn is_postgres(&self) -> bool {
        steppe_store::is_postgres_url(&self.path().to_string_lossy())
    }

    /// Refuses a PostgreSQL URL for a command that reads a SQLite file.
    fn sqlite_only(&self, command: &str) -> Result<()> {
        if self.is_postgres() {
            anyhow::bail!(
                "{command} reads a SQLite store file (the search index sits beside it); every other command runs on PostgreSQL"
            );
        }
        Ok(())
    }

    /// The store on either backend.
    fn open_any(&self) -> Result<Box<dyn ArticleStore>> {
        Ok(steppe_store::open_backend(&self.path().to_string_lossy())?)
    }

    /// The PostgreSQL store, for the queue commands.
    fn open_pg(&self) -> Result<PgStore> {
        if !self.is_postgres() {
            anyhow::bail!(
                "the work queue lives in a PostgreSQL store: pass --db postgres://user@host/db (or set STEPPE_DB)"
            );
        }
        Ok(PgStore::connect(&self.path().to_string_lossy())?)
    }
}

#[derive(Subcommand)]
enum Command {
    /// Read text files, HTML pages, RSS/Atom feeds and JSONL (optionally .gz),
    /// recursively, into the store. Exits 1 if any item failed.
    Ingest {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        db: DbArg,
        /// Print only the summary, not each problem.
        #[arg(long)]
        quiet: bool,
        /// Store clean articles only, without finding dates and figures in them
        /// (about twice as fast, for bulk imports).
        #[arg(long)]
        no_analysis: bool,
    },
    /// Queue inputs in a PostgreSQL store for `steppe worker` processes: JSONL
    /// files in chunks of --chunk lines, other files whole. Queueing the same
    /// files again adds nothing.
    Enqueue {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        db: DbArg,
        /// JSONL lines per chunk.
        #[arg(long, default_value_t = 500)]
        chunk: usize,
    },
    /// Take queued chunks from a PostgreSQL store, read, analyse and store
    /// them, until none is left; run as many as you like, on any machine
    /// that sees the files. Exits 1 if any item failed.
    Worker {
        #[command(flatten)]
        db: DbArg,
        /// Seconds a chunk stays leased; a worker that dies holding one
        /// leaves it to another after this.
        #[arg(long, default_value_t = 120)]
        lease: u64,
        /// Tries of a chunk before it is marked failed.
        #[arg(long, default_value_t = 3)]
        attempts: i64,
        /// Name in the queue (default: host name and process id).
        #[arg(long)]
        name: Option<String>,
        /// Print only the summary.
        #[arg(long)]
        quiet: bool,
        /// Then update the stories (one worker at a time does it).
        #[arg(long)]
        stories: bool,
        /// Store clean articles only, without the analysis stages.
        #[arg(long)]
        no_analysis: bool,
    },
    /// Run dates, figures and actors again over every stored article with the
    /// current rules and knowledge base (after an upgrade or `kb import`).
    Reanalyse {
        #[command(flatten)]
        db: DbArg,
    },
    /// Group stored articles into stories and threads, find copies and shared
    /// passages, estimate dates of undated articles (ingest does it too).
    Stories {
        #[command(flatten)]
        db: DbArg,
        /// Only place the articles no story holds yet, rebuilding just the
        /// stories they can change (what ingest does on PostgreSQL).
        #[arg(long)]
        incremental: bool,
    },
    /// A story's sources side by side: sources as columns, claims (events,
    /// figures, quotes, framing terms) as rows, conflicts marked. ID is a story
    /// id, or an article id (or its start), or a file name of one of its articles.
    Story {
        id: String,
        #[command(flatten)]
        db: DbArg,
    },
    /// Each source over the whole store: framing variants it uses, its events
    /// by QuadClass, the actors it names most.
    Sources {
        #[command(flatten)]
        db: DbArg,
    },
    /// Write stored records as JSONL, CSV or Parquet (typed columns).
    Export {
        #[arg(value_enum)]
        kind: export::Kind,
        #[arg(long, value_enum, default_value = "jsonl")]
        format: export::Format,
        #[command(flatten)]
        db: DbArg,
        /// Output file; standard output when absent.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Show the passages two articles share (stored ids or files). Exits 0 when
    /// they share some, 1 when not.
    Compare {
        a: String,
        b: String,
        #[command(flatten)]
        db: DbArg,
    },
    /// The knowledge base of actors: look a name up, or count.
    Kb {
        #[command(subcommand)]
        cmd: kb_cmd::KbCommand,
    },
    /// Poll RSS/Atom feeds (FEEDS: an OPML file or one URL a line), fetch the
    /// pages of new entries with conditional requests and run the whole
    /// pipeline on them; one progress line per poll cycle. State is kept in
    /// STORE.watch.json beside the store (or --state), so a restart fetches
    /// nothing again.
    Watch {
        #[arg(value_name = "FEEDS")]
        feeds: PathBuf,
        #[command(flatten)]
        db: DbArg,
        /// The watch state file. Default: STORE.watch.json beside a SQLite
        /// store; required with a PostgreSQL store.
        #[arg(long, value_name = "FILE")]
        state: Option<PathBuf>,
        /// Seconds between two polls of a feed.
        #[arg(long, value_name = "SECS", default_value_t = 300)]
        interval: u64,
        /// One poll cycle (the feeds that are due), then exit.
        #[arg(long)]
        once: bool,
        /// Least time between two requests to one host, in milliseconds.
        #[arg(long, value_name = "MS", default_value_t = 1000)]
        host_delay: u64,
        /// Timeout of one request (connect, headers, body), in seconds.
        #[arg(long, value_name = "SECS", default_value_t = 30.0)]
        timeout: f64,
        /// Longest wait after errors: a failing feed waits interval × 2^errors, at most this.
        #[arg(long, value_name = "SECS", default_value_t = 3600)]
        max_backoff: u64,
        /// Print only the progress lines, not each problem.
        #[arg(long)]
        quiet: bool,
    },
    /// Summary of what a store holds.
    Stats {
        #[command(flatten)]
        db: DbArg,
    },
    /// Measure accuracy on an evaluation set; --json ends with one JSON object.
    Eval {
        #[command(subcommand)]
        kind: eval::EvalKind,
    },
    /// Ingest the embedded demo corpus into a fresh store and show what it holds.
    Demo {
        /// Store file for the demo (replaced if present), or a PostgreSQL URL
        /// of an empty store (never emptied: use a schema of its own).
        #[arg(long, value_name = "FILE|URL", default_value = "steppe-demo.db")]
        db: PathBuf,
        /// Then serve it (API and web UI) and print the URL.
        #[arg(long)]
        serve: bool,
        /// Address to serve on, with --serve.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
    },
    /// Serve a store: the JSON API (described at /openapi.json) and the web UI.
    /// Loopback and read-only by default.
    Serve {
        #[command(flatten)]
        db: DbArg,
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Accept writes (POST /api/ingest) with `Authorization: Bearer TOKEN`.
        /// Default: $STEPPE_TOKEN when set; read-only otherwise.
        #[arg(long, value_name = "TOKEN")]
        token: Option<String>,
    },
    /// The full-text search index beside a store (`FILE.index/`).
    Index {
        #[command(subcommand)]
        cmd: IndexCommand,
    },
    /// Train steppe's own models from public data (see the README for licences).
    Train {
        #[command(subcommand)]
        kind: train::TrainKind,
    },
    /// Speed and memory benchmarks on synthetic data.
    Bench {
        #[command(subcommand)]
        kind: bench::BenchKind,
    },
}

#[derive(Subcommand)]
enum IndexCommand {
    /// Index every stored article again (ingest keeps the index in step).
    Rebuild {
        #[command(flatten)]
        db: DbArg,
    },
}

fn run() -> Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Ingest {
            paths,
            db,
            quiet,
            no_analysis,
        } => {
            let mut store = db.open_any()?;
            let (inputs, errors) = pipeline::file_inputs(&paths);
            let opts = pipeline::Options {
                quiet,
                analyse: !no_analysis,
                ..Default::default()
            };
            let summary = pipeline::run(store.as_mut(), inputs, errors, opts)?;
            eprintln!("{summary}");
            let story_failures =
                pipeline::after_ingest(store.as_mut(), &db.path(), summary.ingested, !no_analysis)?;
            Ok(
                if summary.failed > 0 || summary.stage_failures > 0 || story_failures > 0 {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                },
            )
        }
        Command::Export {
            kind,
            format,
            db,
            out,
        } => {
            let store = db.open_any()?;
            let store = store.as_ref();
            let n = match out {
                Some(path) => {
                    let f = std::fs::File::create(&path)
                        .with_context(|| format!("creating {}", path.display()))?;
                    let mut w = std::io::BufWriter::new(f);
                    export::export(store, kind, format, &mut w)?
                }
                None => {
                    let mut w = std::io::BufWriter::new(std::io::stdout());
                    export::export(store, kind, format, &mut w)?
                }
            };
            eprintln!("exported {n} record(s)");
            Ok(ExitCode::SUCCESS)
        }
        Command::Watch {
            feeds,
            db,
            state,
            interval,
            once,
            host_delay,
            timeout,
            max_backoff,
            quiet,
        } => {
            let state = match state {
                Some(p) => p,
                None if db.is_postgres() => anyhow::bail!(
                    "watch keeps its state in a file: with a PostgreSQL store, pass --state FILE"
                ),
                None => watch::state_path(&db.path()),
            };
            let mut store = db.open_any()?;
            if !(timeout.is_finite() && timeout > 0.0) {
                anyhow::bail!("--timeout must be a positive number of seconds, not {timeout}");
            }
            let opts = watch::Options {
                interval,
                max_backoff,
                host_delay: std::time::Duration::from_millis(host_delay),
                timeout: std::time::Duration::from_secs_f64(timeout),
                once,
                quiet,
            };
            let c = watch::run(store.as_mut(), &db.path(), &state, &feeds, &opts)?;
            Ok(if c.errors > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Stats { db } => {
            let store = db.open_any()?;
            let mut out = std::io::stdout().lock();
            report::stats(store.as_ref(), &mut out)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Compare { a, b, db } => {
            // Only open a store when one is needed: two files compare without it.
            let needs_store =
                !(std::path::Path::new(&a).is_file() && std::path::Path::new(&b).is_file());
            let store = if needs_store {
                Some(db.open_any()?)
            } else {
                None
            };
            let mut out = std::io::stdout().lock();
            let shared = compare::run(&a, &b, store.as_deref(), &mut out)?;
            Ok(if shared {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Kb { cmd } => {
            let mut out = std::io::stdout().lock();
            let found = kb_cmd::run(cmd, &mut out)?;
            Ok(if found {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Enqueue { paths, db, chunk } => {
            let mut store = db.open_pg()?;
            let (chunks, added) = worker::enqueue(&mut store, &paths, chunk)?;
            let c = store.queue_counts(i64::MAX)?;
            println!(
                "queued {added} new chunk(s) of {chunks}; queue: {} ready, {} leased, {} done, {} failed",
                c.ready, c.leased, c.done, c.failed
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Worker {
            db,
            lease,
            attempts,
            name,
            quiet,
            stories: run_stories,
            no_analysis,
        } => {
            let mut store = db.open_pg()?;
            let name = name.unwrap_or_else(|| {
                let host = std::fs::read_to_string("/etc/hostname")
                    .map(|h| h.trim().to_string())
                    .unwrap_or_else(|_| "worker".into());
                format!("{host}-{}", std::process::id())
            });
            let opts = worker::Options {
                name,
                lease: std::time::Duration::from_secs(lease),
                attempts,
                quiet,
                analyse: !no_analysis,
            };
            let s = worker::work(&mut store, &opts)?;
            eprintln!(
                "{}: {} chunk(s), {} item(s) read: {} ingested, {} duplicate(s), {} failed in {:.1} s ({:.0} articles/s)",
                opts.name,
                s.chunks,
                s.read,
                s.ingested,
                s.duplicates,
                s.failed,
                s.seconds,
                s.read as f64 / s.seconds.max(1e-9)
            );
            let mut story_failures = 0;
            // One worker at a time updates the stories; the others leave it
            // to that one (it sees their articles: the queue is done).
            if run_stories && s.ingested > 0 {
                if store.try_lock_stories()? {
                    let st = stories::update(&mut store);
                    store.unlock_stories()?;
                    let st = st?;
                    eprintln!(
                        "stories: {} article(s) placed again in {} stories, {} thread(s); {} shared passage(s); {} claim(s)",
                        st.articles, st.stories, st.threads, st.duplicates, st.claims
                    );
                    story_failures = st.failed;
                } else {
                    eprintln!("stories: another worker is updating them");
                }
            }
            Ok(
                if s.failed > 0 || s.stage_failures > 0 || story_failures > 0 {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                },
            )
        }
        Command::Reanalyse { db } => {
            let mut store = db.open_any()?;
            let started = std::time::Instant::now();
            let r = pipeline::reanalyse(store.as_mut(), std::io::stderr().is_terminal())?;
            println!(
                "re-analysed {} article(s) in {:.1} s: {} changed, {} with a failed stage",
                r.articles,
                started.elapsed().as_secs_f64(),
                r.changed,
                r.stage_failures
            );
            Ok(if r.stage_failures > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Stories { db, incremental } => {
            let mut store = db.open_any()?;
            let s = if incremental {
                stories::update(store.as_mut())?
            } else {
                stories::run(store.as_mut())?
            };
            println!(
                "{} article(s) in {} stories, {} thread(s); {} shared passage(s); {} claim(s)",
                s.articles, s.stories, s.threads, s.duplicates, s.claims
            );
            Ok(if s.failed > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Story { id, db } => {
            let store = db.open_any()?;
            let store = store.as_ref();
            let Some(story) = sources::find_story(store, &id)? else {
                eprintln!("no story has the id, article or file {id:?}");
                return Ok(ExitCode::from(1));
            };
            let mut out = std::io::stdout().lock();
            sources::show(store, &story, &mut out)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Sources { db } => {
            let store = db.open_any()?;
            let mut out = std::io::stdout().lock();
            sources::profiles(store.as_ref(), &mut out)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval { kind } => eval::run(kind),
        Command::Demo { db, serve, addr } => {
            let url = steppe_store::is_postgres_url(&db.to_string_lossy());
            if serve && url {
                anyhow::bail!("demo --serve serves a SQLite store file: give --db a file");
            }
            let code = demo::run(&db)?;
            if serve {
                serve_cmd::serve(&db, addr, None)?;
            }
            Ok(code)
        }
        Command::Serve { db, addr, token } => {
            db.sqlite_only("`steppe serve`")?;
            let token = token.or_else(|| std::env::var("STEPPE_TOKEN").ok());
            serve_cmd::serve(&db.path(), addr, token)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Index {
            cmd: IndexCommand::Rebuild { db },
        } => {
            db.sqlite_only("`steppe index rebuild`")?;
            serve_cmd::rebuild_index(&db.path())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench { kind } => bench::run(kind),
        Command::Train { kind } => train::run(kind),
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            // Broken pipes (`steppe export ... | head`) are not errors.
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
