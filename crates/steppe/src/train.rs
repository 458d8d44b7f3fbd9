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
const FR_EPOCHS: usize = 14;

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
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    steppe_ner::conll::parse(&path.display().to_string(), &text).map_err(anyhow::Error::msg)
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
        let mut sentences = read_conll(&path)?;
        if code == "fr" {
            sentences = sentences
                .into_iter()
                .enumerate()
                .filter(|(i, _)| i % HOLDOUT_EVERY != 0)
                .map(|(_, s)| s)
                .collect();
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
        let gazetteer = if code == "en" {
            let kb = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/kb"));
            steppe_ner::kb_gazetteer(kb).with_context(|| format!("reading {}", kb.display()))?
        } else {
            Vec::new()
        };
        let opts = if code == "en" {
            steppe_ner::TrainOptions {
                features: steppe_ner::FeatureSet::General,
                dropout: EN_DROPOUT,
                gazetteer: Some(&gazetteer),
                own_history: true,
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
