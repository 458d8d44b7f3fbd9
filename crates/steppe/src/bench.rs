//! `steppe bench KIND`: speed and memory on synthetic data, printed as figures.
//!
//! `bench ingest` writes a synthetic corpus (half plain-text files, half JSONL
//! files of 1,000 articles, about 3 KB each, French and English, with date
//! headers and boilerplate), ingests it into a fresh store with the real
//! pipeline, and prints articles per second and peak resident memory.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use serde_json::json;

use crate::pipeline::{self, Options};

#[derive(clap::Subcommand)]
pub enum BenchKind {
    /// HTTP API under load on a synthetic store: requests/s and p50/p99
    /// latency for search, story, events and relations.
    Serve {
        #[command(flatten)]
        args: crate::bench_serve::ServeArgs,
    },
    /// Parser speed: `parse_text` (tokeniser, tagger, lemmatiser, parser) over
    /// the `# text =` lines of a CoNLL-U file, one thread.
    Parse {
        #[command(flatten)]
        args: crate::parse_cmd::BenchArgs,
    },
    /// Named-entity tagging speed: the built-in model over the sentences of a
    /// CoNLL file (default: the language's dev file), one thread, tokens/s of
    /// the fastest of `--repeat` passes.
    Ner {
        file: Option<PathBuf>,
        #[arg(long, default_value = "en")]
        lang: String,
        /// A model file (`train ner` output) instead of the built-in one.
        #[arg(long)]
        model: Option<PathBuf>,
        #[arg(long, default_value_t = 5)]
        repeat: usize,
        #[arg(long)]
        json: bool,
    },
    /// Ingest throughput and peak memory on a synthetic corpus.
    Ingest {
        /// Number of synthetic articles.
        #[arg(long, default_value_t = 100_000)]
        articles: usize,
        /// Folder for the corpus and store (default: a temporary folder, removed after).
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Keep the generated corpus and store.
        #[arg(long)]
        keep: bool,
        #[arg(long)]
        json: bool,
    },
    /// Story clustering of synthetic articles fed in date order (no store): time,
    /// peak memory, stories found, and purity against the generated stories.
    Stories {
        /// Number of synthetic articles.
        #[arg(long, default_value_t = 1_000_000)]
        articles: usize,
        #[arg(long)]
        json: bool,
    },
    /// Article encoder speed: the built-in static encoder (tokeniser and
    /// vector sum) over synthetic French and English articles, one thread.
    Encoder {
        /// Number of synthetic articles (about 3 KB each).
        #[arg(long, default_value_t = 20_000)]
        articles: usize,
        #[arg(long)]
        json: bool,
    },
    /// Event-coding speed on synthetic French and English articles (one thread):
    /// sentences per second for the coder alone and with the stages before it.
    Events {
        /// Number of synthetic articles (about 40 sentences each).
        #[arg(long, default_value_t = 2_000)]
        articles: usize,
        #[arg(long)]
        json: bool,
    },
}

fn bench_ner(
    file: Option<PathBuf>,
    lang: &str,
    model_file: Option<PathBuf>,
    repeat: usize,
    as_json: bool,
) -> Result<ExitCode> {
    let file = file.unwrap_or_else(|| {
        crate::eval::data_root().join(match lang {
            "fr" => "ner/fr-wikineural-val.conllu",
            _ => "ner/en-conll2003-val.conllu",
        })
    });
    if !file.is_file() {
        return Ok(crate::eval::skip("NER", &file, as_json));
    }
    let sentences = crate::train::read_conll(&file)?;
    let t0 = Instant::now();
    let loaded;
    let model = match &model_file {
        Some(path) => {
            loaded = crate::train::read_ner_model(path)?;
            &loaded
        }
        None => steppe_ner::Model::builtin(lang)
            .with_context(|| format!("no built-in NER model for {lang:?}"))?,
    };
    let load = t0.elapsed().as_secs_f64();
    let tokens: usize = sentences.iter().map(|s| s.0.len()).sum();
    let refs: Vec<Vec<&str>> = sentences
        .iter()
        .map(|s| s.0.iter().map(String::as_str).collect())
        .collect();
    let mut best = f64::MAX;
    let mut entities = 0usize;
    for _ in 0..repeat.max(1) {
        let t = Instant::now();
        entities = refs
            .iter()
            .map(|r| model.tag(r).iter().filter(|t| t.starts_with("B-")).count())
            .sum();
        best = best.min(t.elapsed().as_secs_f64());
    }
    let per_sec = tokens as f64 / best.max(1e-9);
    if as_json {
        println!(
            "{}",
            json!({"lang": lang, "tokens": tokens, "entities": entities,
                   "tokens_per_second": per_sec, "load_seconds": load,
                   "cluster_words": model.cluster_words()})
        );
    } else {
        println!(
            "ner {lang} on {} ({} sentences, {tokens} tokens, {entities} entities found)",
            file.display(),
            sentences.len()
        );
        println!(
            "  model load {:.0} ms, {} cluster words",
            load * 1000.0,
            model.cluster_words()
        );
        println!(
            "  tokens/s {per_sec:.0} (one thread, fastest of {} passes)",
            repeat.max(1)
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn bench_events(articles: usize, as_json: bool) -> Result<ExitCode> {
    use std::time::{Duration, Instant};
    let mut rng = Rng(0x5eed_e7e7);
    let kb = steppe_actors::kb::Kb::builtin();
    // The memory figure is with every language's analyser loaded, as a
    // server coding all three would hold them (the articles are French and
    // English).
    let parsers = ["fr", "en", "es"]
        .into_iter()
        .filter(|l| steppe_parse::Parser::load(l).is_some())
        .count();
    let (mut sentences, mut events) = (0usize, 0usize);
    let (mut coding, mut before) = (Duration::ZERO, Duration::ZERO);
    for n in 0..articles {
        let (title, date, body) = article(&mut rng, n);
        let lang = if FR_VERBS.iter().any(|v| title.contains(v)) {
            "fr"
        } else {
            "en"
        };
        let published = steppe_model::Published::parse_iso(&date);
        let t0 = Instant::now();
        let timexes = steppe_time::tag(&body, lang, published);
        let quantities = steppe_figures::extract(&body, lang);
        // As the pipeline does: the knowledge base, then our agent words.
        let found = steppe_actors::agents::Agents::builtin().find(kb, &body, lang, published);
        let mentions: Vec<steppe_model::ActorMention> = found
            .into_iter()
            .map(steppe_actors::find::Mention::into_model)
            .collect();
        before += t0.elapsed();
        let Some(lex) = steppe_events::Lexicon::builtin(lang) else {
            continue;
        };
        let t1 = Instant::now();
        let ev = steppe_events::code(
            &steppe_events::Input {
                text: &body,
                lang,
                published,
                mentions: &mentions,
                timexes: &timexes,
                quantities: &quantities,
            },
            &[lex],
        );
        coding += t1.elapsed();
        events += ev.len();
        sentences += steppe_text::sentences::split(&body).len();
    }
    let rate = |d: Duration| sentences as f64 / d.as_secs_f64().max(1e-9);
    println!("event coding on {articles} synthetic articles ({sentences} sentences, {events} events), one thread");
    println!(
        "  coder alone                   {:>9.0} sentences/s",
        rate(coding)
    );
    println!(
        "  with dates, figures, actors   {:>9.0} sentences/s",
        rate(coding + before)
    );
    let peak = peak_rss_mib();
    match peak {
        Some(p) => {
            println!("  peak memory                   {p:>9.0} MiB ({parsers} parsers loaded)")
        }
        None => println!("  peak memory                   unknown (no /proc on this system)"),
    }
    if as_json {
        println!(
            "{}",
            serde_json::json!({"kind": "bench-events", "articles": articles, "sentences": sentences,
                               "events": events, "sentences_per_second": rate(coding),
                               "sentences_per_second_with_analysis": rate(coding + before),
                               "peak_rss_mib": peak, "parsers_loaded": parsers})
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// A small deterministic generator (xorshift64*), so runs are comparable.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A number in `0..n` (`n` > 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, xs: &'a [&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

const FR_SUBJECTS: &[&str] = &[
    "Le ministre kazakh des Affaires étrangères",
    "La présidente de la Commission",
    "Le porte-parole du Kremlin",
    "Washington",
    "Pékin",
    "Moscou",
    "Le chef de la diplomatie ouzbèke",
    "Le gouvernement kirghize",
    "La délégation turkmène",
    "Le Premier ministre tadjik",
    "Bruxelles",
    "Ankara",
];
const FR_VERBS: &[&str] = &[
    "a rencontré",
    "a condamné",
    "s'est entretenu avec",
    "a menacé de sanctionner",
    "a salué",
    "a promis une aide à",
    "a accusé",
    "se rendra chez",
    "a signé un accord avec",
    "a critiqué",
];
const FR_TAILS: &[&str] = &[
    "à Astana mardi",
    "la semaine prochaine à Tachkent",
    "en marge du sommet de Samarcande",
    "pour un montant de 40 millions d'euros",
    "après des semaines de tension",
    "lors d'une visite éclair",
    "sur fond de guerre en Ukraine",
    "malgré les réserves de Bruxelles",
    "selon un communiqué officiel",
];
const EN_SUBJECTS: &[&str] = &[
    "The Kazakh foreign minister",
    "The Commission president",
    "A Kremlin spokesman",
    "Washington",
    "Beijing",
    "Moscow",
    "Uzbekistan's top diplomat",
    "The Kyrgyz government",
    "A Turkmen delegation",
    "Tajikistan's prime minister",
];
const EN_VERBS: &[&str] = &[
    "met",
    "condemned",
    "held talks with",
    "threatened sanctions against",
    "welcomed",
    "pledged aid to",
    "accused",
    "will travel to",
    "signed a deal with",
    "criticised",
];
const EN_TAILS: &[&str] = &[
    "in Astana on Tuesday",
    "in Tashkent next week",
    "on the sidelines of the Samarkand summit",
    "worth $40 million",
    "after weeks of tension",
    "during a brief visit",
    "as the war in Ukraine drags on",
    "despite misgivings in Brussels",
    "according to an official statement",
];
const BOILER: &[&str] = &[
    "Facebook",
    "Twitter",
    "À lire aussi : Le point sur les sanctions",
    "Read more: The Caspian route",
    "Laisser un commentaire",
];

pub(crate) fn article(rng: &mut Rng, n: usize) -> (String, String, String) {
    let french = rng.next().is_multiple_of(2);
    let (subj, verbs, tails) = if french {
        (FR_SUBJECTS, FR_VERBS, FR_TAILS)
    } else {
        (EN_SUBJECTS, EN_VERBS, EN_TAILS)
    };
    let title = format!(
        "{} {} {} (n°{n})",
        rng.pick(subj),
        rng.pick(verbs),
        rng.pick(subj).to_lowercase()
    );
    let date = format!(
        "20{:02}-{:02}-{:02}",
        15 + rng.next() % 10,
        1 + rng.next() % 12,
        1 + rng.next() % 28
    );
    let mut body = String::with_capacity(3200);
    while body.len() < 3000 {
        for _ in 0..3 {
            body.push_str(&format!(
                "{} {} {} {}. ",
                rng.pick(subj),
                rng.pick(verbs),
                rng.pick(subj).to_lowercase(),
                rng.pick(tails)
            ));
        }
        body.push_str(&format!("Ref {n}-{}.\n", rng.next() % 100_000));
        if rng.next().is_multiple_of(5) {
            body.push_str(rng.pick(BOILER));
            body.push('\n');
        }
    }
    (title, date, body)
}

fn peak_rss_mib() -> Option<f64> {
    status_mib("VmHWM:")
}

/// A memory figure of this process from /proc/self/status (`VmHWM:` the
/// peak resident size, `VmRSS:` the current one), in MiB (Linux only).
pub(crate) fn status_mib(key: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Resets the peak-memory counter so that generation does not count (Linux).
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

pub fn run(kind: BenchKind) -> Result<ExitCode> {
    let (articles, dir, keep, as_json) = match kind {
        BenchKind::Ingest {
            articles,
            dir,
            keep,
            json,
        } => (articles, dir, keep, json),
        BenchKind::Events { articles, json } => return bench_events(articles, json),
        BenchKind::Ner {
            file,
            lang,
            model,
            repeat,
            json,
        } => return bench_ner(file, &lang, model, repeat, json),
        BenchKind::Parse { args } => return crate::parse_cmd::bench(args),
        BenchKind::Serve { args } => return crate::bench_serve::run(args),
        BenchKind::Stories { articles, json } => return bench_stories(articles, json),
        BenchKind::Encoder { articles, json } => return bench_encoder(articles, json),
    };
    let temp = dir.is_none();
    let dir = dir.unwrap_or_else(|| {
        std::env::temp_dir().join(format!("steppe-bench-{}", std::process::id()))
    });
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(corpus.join("text"))
        .with_context(|| format!("creating {}", corpus.display()))?;
    std::fs::create_dir_all(corpus.join("jsonl"))?;
    let gen_start = Instant::now();
    let mut rng = Rng(0x5EED_0F57_E99E_u64.wrapping_add(articles as u64));
    let mut bytes = 0u64;
    let half = articles / 2;
    for i in 0..half {
        let (title, date, body) = article(&mut rng, i);
        let text = format!("date: {date}\n{title}\n\n{body}");
        bytes += text.len() as u64;
        let sub = corpus.join("text").join(format!("{:03}", i / 1000));
        if i % 1000 == 0 {
            std::fs::create_dir_all(&sub)?;
        }
        std::fs::write(sub.join(format!("{i:06}.txt")), text)?;
    }
    let mut w: Option<std::io::BufWriter<std::fs::File>> = None;
    for i in half..articles {
        if (i - half) % 1000 == 0 {
            if let Some(mut old) = w.take() {
                old.flush()?;
            }
            let f = std::fs::File::create(
                corpus
                    .join("jsonl")
                    .join(format!("{:04}.jsonl", (i - half) / 1000)),
            )?;
            w = Some(std::io::BufWriter::new(f));
        }
        let (title, date, body) = article(&mut rng, i);
        let line = json!({"title": title, "date": date, "text": body, "source": format!("Outlet {}", i % 37), "url": format!("https://outlet{}.example/{date}/{i}", i % 37)}).to_string();
        bytes += line.len() as u64 + 1;
        if let Some(w) = w.as_mut() {
            w.write_all(line.as_bytes())?;
            w.write_all(b"\n")?;
        }
    }
    if let Some(mut old) = w.take() {
        old.flush()?;
    }
    let gen_secs = gen_start.elapsed().as_secs_f64();
    eprintln!(
        "generated {articles} articles ({:.0} MiB) in {gen_secs:.1}s",
        bytes as f64 / 1048576.0
    );

    // Two runs into fresh stores: clean articles only, then with the extraction
    // stages (dates, figures) that `steppe ingest` runs by default.
    let threads = rayon::current_num_threads();
    let mut runs = Vec::new();
    for (label, analyse) in [
        ("ingest (read, clean, store)", false),
        ("ingest + analysis (dates, figures)", true),
    ] {
        let db = dir.join(if analyse {
            "bench-analysed.db"
        } else {
            "bench.db"
        });
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
        let mut store = steppe_store::Store::open(&db)?;
        reset_peak_rss();
        let start = Instant::now();
        let (inputs, errors) = pipeline::file_inputs(std::slice::from_ref(&corpus));
        let opts = Options {
            analyse,
            ..Options::default()
        };
        let summary = pipeline::run(&mut store, inputs, errors, opts)?;
        let secs = start.elapsed().as_secs_f64();
        let peak = peak_rss_mib();
        let rate = summary.ingested as f64 / secs;
        let mib = bytes as f64 / 1048576.0;
        println!("bench {label}: {summary}");
        println!("  input              {mib:.1} MiB");
        println!("  time               {secs:.2} s on {threads} worker thread(s)");
        println!(
            "  throughput         {rate:.0} articles/s, {:.1} MiB/s",
            mib / secs
        );
        match peak {
            Some(p) => println!("  peak memory        {p:.0} MiB (resident, this run only)"),
            None => println!("  peak memory        unknown (no /proc on this system)"),
        }
        runs.push(json!({"stages": if analyse { "ingest+analysis" } else { "ingest" }, "articles": summary.ingested,
            "seconds": secs, "articles_per_second": rate, "mib_per_second": mib / secs, "peak_rss_mib": peak}));
    }
    if as_json {
        println!(
            "{}",
            json!({"kind": "ingest", "threads": threads, "runs": runs})
        );
    }
    if temp && !keep {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(ExitCode::SUCCESS)
}

/// A pseudo-word from a number: syllables, so texts look like text to the stemmer.
fn pseudo_word(mut n: u64) -> String {
    const SYL: &[&str] = &[
        "ka", "ro", "mi", "ta", "ne", "lu", "so", "vi", "da", "pe", "zu", "ri", "go", "ba", "le",
        "tu",
    ];
    let mut w = String::new();
    for _ in 0..3 {
        w.push_str(SYL[(n % 16) as usize]);
        n /= 16;
    }
    w.push_str(SYL[(n % 16) as usize]);
    w
}

fn bench_encoder(articles: usize, as_json: bool) -> Result<ExitCode> {
    let load = Instant::now();
    let Some(enc) = steppe_stories::encoder::Encoder::builtin() else {
        println!(
            "bench encoder: no encoder built in (models/encoder-e5s.bin absent at build time)"
        );
        return Ok(ExitCode::SUCCESS);
    };
    let load_secs = load.elapsed().as_secs_f64();
    let mut rng = Rng(0xE5C0_DE25);
    let texts: Vec<String> = (0..articles)
        .map(|i| {
            let (title, _, body) = article(&mut rng, i);
            format!("{title}\n{body}")
        })
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let started = Instant::now();
    let (mut pieces, mut check) = (0usize, 0f32);
    for t in &texts {
        let ids = enc.pieces(t);
        pieces += ids.len();
        check += enc.embed_pieces(&ids).first().copied().unwrap_or(0.0);
    }
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    let n = texts.len() as f64;
    println!(
        "encoder on {articles} synthetic articles ({:.1} MB; table of {} pieces with a vector, {} dims, loaded in {load_secs:.2} s)",
        bytes as f64 / 1e6,
        enc.vectors(),
        enc.dims()
    );
    println!("  articles/s  {:.0}  (one thread)", n / secs);
    println!("  pieces/s    {:.0}", pieces as f64 / secs);
    println!("  MB/s        {:.1}", bytes as f64 / 1e6 / secs);
    if as_json {
        println!(
            "{}",
            json!({"kind": "bench-encoder", "articles": articles, "seconds": secs,
                   "articles_per_s": n / secs, "pieces_per_s": pieces as f64 / secs,
                   "load_seconds": load_secs, "checksum": check})
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn bench_stories(articles: usize, as_json: bool) -> Result<ExitCode> {
    use std::collections::{BTreeMap, HashMap};
    use steppe_stories::cluster::{Clusterer, Doc, Params};
    const PER_DAY: usize = 1_000;
    const VOCAB: u64 = 30_000;
    const ACTORS: u64 = 3_000;
    let mut rng = Rng(0x0570_71e5);
    let start = chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap_or_default();
    let mut clusterer = Clusterer::new(Params::default());
    // Articles scheduled for the coming days: (true story, doc).
    let mut schedule: BTreeMap<i64, Vec<(u64, Doc)>> = BTreeMap::new();
    let mut assigned: HashMap<(u64, u64), u32> = HashMap::new();
    let (mut emitted, mut next_story, mut day) = (0usize, 0u64, 0i64);
    let started = std::time::Instant::now();
    reset_peak_rss();
    while emitted < articles {
        // New stories starting today, each with 2 to 20 articles over up to a week.
        let mut planned = 0;
        while planned < PER_DAY {
            let story = next_story;
            next_story += 1;
            let topic: Vec<String> = (0..10).map(|_| pseudo_word(rng.next() % VOCAB)).collect();
            let actors: Vec<String> = (0..4)
                .map(|_| format!("A{}", rng.next() % ACTORS))
                .collect();
            let n = 2 + (rng.next() % 19) as usize;
            let mut first_text: Option<String> = None;
            for k in 0..n {
                let d = day + (rng.next() % 7) as i64;
                let lang = if rng.next().is_multiple_of(2) {
                    "fr"
                } else {
                    "en"
                };
                // Every tenth article is a wire copy of the story's first.
                let text = match (&first_text, rng.next() % 10) {
                    (Some(t), 0) => format!("{t} Mise à jour {k}."),
                    _ => {
                        let mut t = String::with_capacity(1200);
                        for _ in 0..12 {
                            for _ in 0..4 {
                                t.push_str(&topic[(rng.next() % 10) as usize]);
                                t.push(' ');
                                t.push_str(&pseudo_word(rng.next() % VOCAB));
                                t.push(' ');
                            }
                            t.push_str(". ");
                        }
                        t
                    }
                };
                if first_text.is_none() {
                    first_text = Some(text.clone());
                }
                let mut doc_actors = actors.clone();
                doc_actors.push(format!("A{}", rng.next() % ACTORS));
                schedule.entry(d).or_default().push((
                    story,
                    Doc {
                        id: format!("s{story}a{k}"),
                        lang: lang.into(),
                        title: None,
                        text,
                        date: start.checked_add_signed(chrono::Duration::days(d)),
                        actors: doc_actors,
                        ..Doc::default()
                    },
                ));
            }
            planned += n;
        }
        // Emit today's articles.
        if let Some(today) = schedule.remove(&day) {
            for (truth, doc) in today {
                if emitted >= articles {
                    break;
                }
                let (got, _) = clusterer.add(&doc);
                *assigned.entry((got, truth)).or_default() += 1;
                emitted += 1;
                clusterer.take_done();
            }
        }
        day += 1;
    }
    let secs = started.elapsed().as_secs_f64();
    drop(clusterer.finish());
    // Purity: each found story counts its largest true story; completeness the reverse.
    let mut by_found: HashMap<u64, u32> = HashMap::new();
    let mut by_true: HashMap<u64, u32> = HashMap::new();
    for ((f, t), n) in &assigned {
        let e = by_found.entry(*f).or_default();
        *e = (*e).max(*n);
        let e = by_true.entry(*t).or_default();
        *e = (*e).max(*n);
    }
    let purity = by_found.values().map(|&n| f64::from(n)).sum::<f64>() / emitted.max(1) as f64;
    let completeness = by_true.values().map(|&n| f64::from(n)).sum::<f64>() / emitted.max(1) as f64;
    let rss = peak_rss_mib().unwrap_or(0.0);
    println!("story clustering of {emitted} synthetic articles ({} true stories, French and English, one thread)", by_true.len());
    println!(
        "  time          {secs:.1} s ({:.0} articles/s)",
        emitted as f64 / secs.max(1e-9)
    );
    println!("  peak memory   {rss:.0} MiB (resident)");
    println!("  stories found {}", by_found.len());
    println!("  purity        {purity:.3}  (share of articles in the main true story of their found story)");
    println!("  completeness  {completeness:.3}  (share of articles in the main found story of their true story)");
    if as_json {
        println!(
            "{}",
            serde_json::json!({"kind": "bench-stories", "articles": emitted, "seconds": secs,
                               "peak_rss_mib": rss, "stories": by_found.len(), "purity": purity,
                               "completeness": completeness})
        );
    }
    Ok(ExitCode::SUCCESS)
}
