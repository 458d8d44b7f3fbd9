//! `steppe train ner`: reproduces the shipped NER weights from the public
//! CoNLL files (see the README for sources and licences).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

/// Sentences whose index is a multiple of this are held out of French training
/// (the French file is one set; `eval ner --holdout` scores on them).
pub const HOLDOUT_EVERY: usize = 10;

/// Probability of hiding a token's word-identity features while training the
/// English tagger.
const EN_DROPOUT: f32 = 0.3;
const EN_EPOCHS: usize = 20;
/// English training runs (different shuffles) whose weights are averaged.
const EN_RUNS: usize = 3;
/// The English tagger reads the tags it gave earlier in the same document.
const EN_MEMORY: bool = false;
/// The English tagger reads the other occurrences of a word in the document.
const EN_CONTEXT: bool = true;
const FR_EPOCHS: usize = 14;
/// The English cluster table, built by `steppe train clusters`.
pub const CLUSTERS_EN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/ner/clusters-en.tsv"
);

/// Unlabelled English text for the clusters, by path under the data folder.
const CLUSTER_SOURCES: [&str; 4] = [
    "ner/en-conll2003-train.conllu",
    "ud/en_ewt-ud-train.conllu",
    "ud/en_ewt-ud-dev.conllu",
    "similarity/semeval2022-task8-train.csv",
];

/// Sentences of one unlabelled source: the word column of a CoNLL file, or
/// the lines of the English articles of the SemEval CSV (each text once).
fn unlabelled(path: &Path) -> Result<Vec<Vec<String>>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    if path.extension().is_some_and(|e| e == "csv") {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers()?.clone();
        let col = |name: &str| headers.iter().position(|h| h == name);
        let cols = [(col("lang1"), col("text1")), (col("lang2"), col("text2"))];
        let mut seen = std::collections::HashSet::new();
        for row in reader.records() {
            let row = row.with_context(|| format!("reading {}", path.display()))?;
            for (lang, body) in cols {
                let (Some(lang), Some(body)) =
                    (lang.and_then(|c| row.get(c)), body.and_then(|c| row.get(c)))
                else {
                    continue;
                };
                if lang != "en" || !seen.insert(body.to_string()) {
                    continue;
                }
                for line in body.lines() {
                    let toks = steppe_ner::clusters::tokenise(line);
                    if !toks.is_empty() {
                        out.push(toks.into_iter().map(str::to_string).collect());
                    }
                }
            }
        }
        return Ok(out);
    }
    let mut sent = Vec::new();
    for line in text.lines() {
        let mut f = line.split('\t');
        match (f.next(), f.next()) {
            // CoNLL-U multiword ranges (1-2) and empty nodes (1.1) are not words.
            (Some(id), Some(word)) if id.parse::<usize>().is_ok() && word != "-DOCSTART-" => {
                sent.push(word.to_string())
            }
            _ if line.trim().is_empty() && !sent.is_empty() => out.push(std::mem::take(&mut sent)),
            _ => {}
        }
    }
    if !sent.is_empty() {
        out.push(sent);
    }
    Ok(out)
}

fn train_clusters(data: &Path, out: &Path) -> Result<ExitCode> {
    let mut sentences = Vec::new();
    for file in CLUSTER_SOURCES {
        let s = unlabelled(&data.join(file))?;
        let tokens: usize = s.iter().map(Vec::len).sum();
        println!("{file}: {} sentences, {tokens} tokens", s.len());
        sentences.extend(s);
    }
    let table = steppe_ner::clusters::build(&sentences);
    let header = format!(
        "English word clusters for steppe-ner, made by `steppe train clusters` (see data/ner/README.md).\n\
         Unlabelled sources: {}.\n\
         word (lowercase, digits as 0) TAB path of 2-means splits TAB count TAB tenths of it in lowercase",
        CLUSTER_SOURCES.join(", ")
    );
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(out, steppe_ner::clusters::write_table(&table, &header))
        .with_context(|| format!("writing {}", out.display()))?;
    println!("wrote {} ({} words)", out.display(), table.len());
    Ok(ExitCode::SUCCESS)
}

/// A NER model file written by `train ner`.
pub fn read_ner_model(path: &Path) -> Result<steppe_ner::Model> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    steppe_ner::Model::load(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// The English cluster table, as `train ner` reads it.
pub fn read_clusters(path: &Path) -> Result<Vec<(String, steppe_ner::clusters::WordClass)>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    steppe_ner::clusters::parse_table(&path.display().to_string(), &text)
        .map_err(anyhow::Error::msg)
}

#[derive(clap::Subcommand)]
pub enum TrainKind {
    /// Train the French and English taggers.
    Ner {
        /// Data folder holding ner/fr-wikineural-val.conllu and ner/en-conll2003-train.conllu;
        /// default $STEPPE_DATA, else ../shared/data.
        #[arg(long)]
        data: Option<PathBuf>,
        /// Where to write ner-fr.bin and ner-en.bin.
        #[arg(long, default_value = "models")]
        out: PathBuf,
        /// Default 14 for French, 20 for English.
        #[arg(long)]
        epochs: Option<usize>,
        /// Only this language (fr or en).
        #[arg(long)]
        lang: Option<String>,
    },
    /// Learn the English word clusters the English tagger reads, from
    /// unlabelled text: the CoNLL-2003 training file's words (not its dev
    /// file), the UD English EWT texts and the English SemEval-2022 articles.
    Clusters {
        /// Data folder (default $STEPPE_DATA, else ../shared/data).
        #[arg(long)]
        data: Option<PathBuf>,
        #[arg(long, default_value = CLUSTERS_EN)]
        out: PathBuf,
    },
    /// Train the UD tagger, lemmatiser and dependency parser (fr, en, es).
    Parser {
        #[command(flatten)]
        args: crate::parse_cmd::TrainArgs,
    },
}

/// Writes a trained model to `target` and says where and how big.
pub fn write_model(
    target: &Path,
    save: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<()> {
    let mut f =
        std::fs::File::create(target).with_context(|| format!("creating {}", target.display()))?;
    save(&mut f).with_context(|| format!("writing {}", target.display()))?;
    println!(
        "wrote {} ({} KiB)",
        target.display(),
        std::fs::metadata(target)
            .map(|m| m.len() / 1024)
            .unwrap_or(0)
    );
    Ok(())
}

pub fn read_conll(path: &Path) -> Result<Vec<steppe_ner::Sentence>> {
    Ok(read_conll_documents(path)?.0)
}

/// [`read_conll`] with the document of each sentence (`-DOCSTART-` lines).
pub fn read_conll_documents(path: &Path) -> Result<(Vec<steppe_ner::Sentence>, Vec<usize>)> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    steppe_ner::conll::parse_documents(&path.display().to_string(), &text)
        .map_err(anyhow::Error::msg)
}

pub fn run(kind: TrainKind) -> Result<ExitCode> {
    let (data, out, epochs, lang) = match kind {
        TrainKind::Ner {
            data,
            out,
            epochs,
            lang,
        } => (data, out, epochs, lang),
        TrainKind::Parser { args } => return crate::parse_cmd::train(args),
        TrainKind::Clusters { data, out } => {
            return train_clusters(&data.unwrap_or_else(crate::eval::data_root), &out)
        }
    };
    let data = data.unwrap_or_else(crate::eval::data_root);
    std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
    for (code, file) in [
        ("fr", "ner/fr-wikineural-val.conllu"),
        ("en", "ner/en-conll2003-train.conllu"),
    ] {
        if lang.as_deref().is_some_and(|l| l != code) {
            continue;
        }
        let path = data.join(file);
        if !path.is_file() {
            println!("skipped {code}: no training data at {}", path.display());
            continue;
        }
        let (mut sentences, mut docs) = read_conll_documents(&path)?;
        if code == "fr" {
            (sentences, docs) = sentences
                .into_iter()
                .zip(docs)
                .enumerate()
                .filter(|(i, _)| i % HOLDOUT_EVERY != 0)
                .map(|(_, pair)| pair)
                .unzip();
        }
        let epochs = epochs.unwrap_or(if code == "en" { EN_EPOCHS } else { FR_EPOCHS });
        let tokens: usize = sentences.iter().map(|s| s.0.len()).sum();
        println!(
            "training {code} on {} sentences ({tokens} tokens), {epochs} epochs",
            sentences.len()
        );
        // English uses the generalising feature set with word-identity dropout
        // (issue 17 point 6); French keeps the first set, which holds held-out.
        // The gazetteer is the knowledge base's English names (data/kb).
        let (gazetteer, clusters) = if code == "en" {
            let kb = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/kb"));
            (
                steppe_ner::kb_gazetteer(kb)
                    .with_context(|| format!("reading {}", kb.display()))?,
                read_clusters(Path::new(CLUSTERS_EN))?,
            )
        } else {
            (Vec::new(), Vec::new())
        };
        let opts = if code == "en" {
            steppe_ner::TrainOptions {
                features: steppe_ner::FeatureSet::General,
                dropout: EN_DROPOUT,
                gazetteer: Some(&gazetteer),
                own_history: true,
                clusters: Some(&clusters),
                viterbi: false,
                runs: EN_RUNS,
                memory: EN_MEMORY,
                context: EN_CONTEXT,
                docs: Some(&docs),
            }
        } else {
            steppe_ner::TrainOptions::default()
        };
        let model = steppe_ner::train_with(&sentences, epochs, opts, |e, acc| {
            println!("  epoch {e}: token accuracy {acc:.4}")
        });
        write_model(&out.join(format!("ner-{code}.bin")), |f| model.save(f))?;
    }
    Ok(ExitCode::SUCCESS)
}
