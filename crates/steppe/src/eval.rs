//! `steppe eval KIND PATH... [--json]`: one convention for every evaluation.
//! Figures are printed for people; with `--json` the last line is one JSON
//! object of the same figures. A missing data set is said and skipped (exit 0),
//! so that CI without `../shared` still passes.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use serde_json::json;

#[derive(clap::Subcommand)]
pub enum EvalKind {
    /// Main-content extraction from HTML against hand-extracted bodies
    /// (layout: html/ID.html.gz and ground-truth.json).
    Extraction {
        /// Benchmark folder; default $STEPPE_DATA/extraction, else ../shared/data/extraction.
        dir: Option<PathBuf>,
        #[arg(long)]
        json: bool,
        /// Also print each page's scores, worst first.
        #[arg(long)]
        pages: bool,
    },
    /// Named entities against a CoNLL file (`index TAB token TAB BIO-tag`):
    /// exact-span precision, recall and F1, overall and per type.
    Ner {
        file: Option<PathBuf>,
        /// Language of the model to use (default: from the file name, fr or en).
        #[arg(long)]
        lang: Option<String>,
        /// Score only the sentences `train ner` holds out (every 10th), for the
        /// French file that training otherwise uses.
        #[arg(long)]
        holdout: bool,
        /// A model file (`train ner` output) instead of the built-in one.
        #[arg(long)]
        model: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Universal Dependencies against a CoNLL-U file (gold tokens): UPOS
    /// accuracy, lemma accuracy, UAS and LAS over every word.
    Parse {
        #[command(flatten)]
        args: crate::parse_cmd::EvalArgs,
    },
    /// Wikidata links of actors against HIPE-2022 TSV files: accuracy of the
    /// QIDs on gold mentions that have one.
    Linking {
        /// HIPE TSV files; default every $STEPPE_DATA/ner/fr-*.tsv.
        files: Vec<PathBuf>,
        #[arg(long, default_value = "fr")]
        lang: String,
        #[arg(long)]
        json: bool,
        /// Also print each gold linked mention missed.
        #[arg(long)]
        errors: bool,
    },
    /// Events against PETRARCH validation records (XML): percentage of expected
    /// codings found and of extra codings, and coding speed.
    Events {
        #[command(flatten)]
        args: crate::eval_events::Args,
    },
    /// Article similarity against SemEval-2022 Task 8 pairs (CSV): the
    /// clusterer's own similarity mapped to the file's 1–4 scale (1 = same
    /// story), Pearson correlation with `Overall`, overall and per language pair.
    Similarity {
        /// Default $STEPPE_DATA/similarity/semeval2022-task8-train.csv.
        file: Option<PathBuf>,
        /// Write `pair_id,score` lines here.
        #[arg(long)]
        predictions: Option<PathBuf>,
        /// Also refit the similarity's constants, 5-fold cross-validated on
        /// the file's pairs, and print the held-out Pearson.
        #[arg(long)]
        fit: bool,
        #[arg(long)]
        json: bool,
    },
    /// Temporal expressions against ISO-TimeML documents (*.tml with a DCT).
    Timex {
        /// Folder of .tml files; default $STEPPE_DATA/time/fr-timebank.
        dir: Option<PathBuf>,
        /// Language of the documents.
        #[arg(long, default_value = "fr")]
        lang: String,
        #[arg(long)]
        json: bool,
        /// Also print each miss, extra and wrong value.
        #[arg(long)]
        errors: bool,
    },
}

/// Where evaluation data lives when no path is given.
pub fn data_root() -> PathBuf {
    std::env::var_os("STEPPE_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/data"))
}

pub fn skip(what: &str, path: &std::path::Path, as_json: bool) -> ExitCode {
    let reason = format!(
        "no {what} data at {} (pass a path or set STEPPE_DATA)",
        path.display()
    );
    println!("skipped: {reason}");
    if as_json {
        println!("{}", json!({ "skipped": true, "reason": reason }));
    }
    ExitCode::SUCCESS
}

pub fn run(kind: EvalKind) -> Result<ExitCode> {
    match kind {
        EvalKind::Extraction {
            dir,
            json: as_json,
            pages,
        } => {
            let dir = dir.unwrap_or_else(|| data_root().join("extraction"));
            if !dir.join("ground-truth.json").is_file() {
                return Ok(skip("extraction", &dir, as_json));
            }
            let r = steppe_ingest::eval::extraction(&dir).map_err(anyhow::Error::msg)?;
            for (page, e) in &r.failed {
                eprintln!("error: {} page {page}: {e}; left out", dir.display());
            }
            if pages {
                let mut sorted = r.pages.clone();
                sorted.sort_by(|a, b| a.f1.total_cmp(&b.f1));
                println!("{:<66} {:>6} {:>6} {:>6}", "page", "P", "R", "F1");
                for p in &sorted {
                    println!(
                        "{:<66} {:>6.3} {:>6.3} {:>6.3}",
                        p.id, p.precision, p.recall, p.f1
                    );
                }
            }
            println!("extraction on {} ({} pages)", dir.display(), r.pages.len());
            println!("  precision  {:.4}", r.precision);
            println!("  recall     {:.4}", r.recall);
            println!("  f1         {:.4}", r.f1);
            println!("  pages/s    {:.1} (one core)", r.pages_per_second);
            if as_json {
                println!(
                    "{}",
                    json!({
                        "kind": "extraction",
                        "pages": r.pages.len(),
                        "precision": r.precision,
                        "recall": r.recall,
                        "f1": r.f1,
                        "pages_per_second": r.pages_per_second,
                    })
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        EvalKind::Ner {
            file,
            lang,
            holdout,
            model: model_file,
            json: as_json,
        } => {
            let file = file.unwrap_or_else(|| data_root().join("ner/en-conll2003-val.conllu"));
            if !file.is_file() {
                return Ok(skip("ner", &file, as_json));
            }
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let lang = lang.unwrap_or_else(|| {
                if name.starts_with("fr") {
                    "fr".into()
                } else {
                    "en".into()
                }
            });
            let loaded;
            let model = match &model_file {
                Some(path) => {
                    loaded = crate::train::read_ner_model(path)?;
                    &loaded
                }
                None => steppe_ner::Model::builtin(&lang).with_context(|| {
                    format!("no NER model for {lang:?} in this build (run `steppe train ner` and rebuild)")
                })?,
            };
            let (mut sentences, mut docs) = crate::train::read_conll_documents(&file)?;
            if holdout {
                (sentences, docs) = sentences
                    .into_iter()
                    .zip(docs)
                    .enumerate()
                    .filter(|(i, _)| i.is_multiple_of(crate::train::HOLDOUT_EVERY))
                    .map(|(_, pair)| pair)
                    .unzip();
            }
            // Sentences of one document are tagged in order, as an article is.
            let r = steppe_ner::eval::evaluate_documents(model, &sentences, &docs);
            println!(
                "ner on {} ({} sentences, {} tokens, model {lang}{})",
                file.display(),
                sentences.len(),
                r.tokens,
                if holdout { ", held-out part" } else { "" }
            );
            println!(
                "  {:<8} {:>9} {:>7} {:>7} {:>6}",
                "type", "precision", "recall", "f1", "gold"
            );
            for (k, s) in &r.per_type {
                println!(
                    "  {k:<8} {:>9.4} {:>7.4} {:>7.4} {:>6}",
                    s.precision, s.recall, s.f1, s.gold
                );
            }
            let o = &r.overall;
            println!(
                "  {:<8} {:>9.4} {:>7.4} {:>7.4} {:>6}",
                "all", o.precision, o.recall, o.f1, o.gold
            );
            println!("  tokens/s {:.0} (one thread)", r.tokens_per_second);
            if as_json {
                let per_type: serde_json::Map<String, serde_json::Value> = r
                    .per_type
                    .iter()
                    .map(|(k, s)| (k.clone(), json!({"precision": s.precision, "recall": s.recall, "f1": s.f1, "gold": s.gold})))
                    .collect();
                println!(
                    "{}",
                    json!({"kind": "ner", "lang": lang, "sentences": sentences.len(), "tokens": r.tokens,
                           "precision": o.precision, "recall": o.recall, "f1": o.f1,
                           "tokens_per_second": r.tokens_per_second, "per_type": per_type})
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        EvalKind::Linking {
            files,
            lang,
            json: as_json,
            errors,
        } => linking(files, &lang, as_json, errors),
        EvalKind::Events { args } => crate::eval_events::run(args),
        EvalKind::Parse { args } => crate::parse_cmd::eval(args),
        EvalKind::Similarity {
            file,
            predictions,
            fit,
            json,
        } => crate::eval_similarity::run(file, predictions, fit, json),
        EvalKind::Timex {
            dir,
            lang,
            json: as_json,
            errors,
        } => {
            let dir = dir.unwrap_or_else(|| data_root().join("time/fr-timebank"));
            if !dir.is_dir() {
                return Ok(skip("timex", &dir, as_json));
            }
            let r = steppe_time::eval::evaluate(&dir, &lang).map_err(anyhow::Error::msg)?;
            for (doc, e) in &r.failed {
                eprintln!("error: {} document {doc}: {e}; left out", dir.display());
            }
            if errors {
                for (doc, gold, gold_value, pred, pred_value) in &r.errors {
                    println!("{doc}\tgold {gold:?} {gold_value}\tgot {pred:?} {pred_value}");
                }
            }
            println!(
                "timex on {} ({} documents, {} gold, {} found, lang {lang})",
                dir.display(),
                r.documents,
                r.gold,
                r.predicted
            );
            println!("            precision recall  f1");
            println!(
                "  strict    {:.4}    {:.4}  {:.4}",
                r.strict_precision, r.strict_recall, r.strict_f1
            );
            println!(
                "  relaxed   {:.4}    {:.4}  {:.4}",
                r.relaxed_precision, r.relaxed_recall, r.relaxed_f1
            );
            println!("  type accuracy   {:.4}", r.type_accuracy);
            println!("  value accuracy  {:.4}", r.value_accuracy);
            println!("  expressions/s   {:.0}", r.expressions_per_second);
            if as_json {
                println!(
                    "{}",
                    json!({
                        "kind": "timex", "documents": r.documents, "gold": r.gold, "predicted": r.predicted,
                        "strict_precision": r.strict_precision, "strict_recall": r.strict_recall, "strict_f1": r.strict_f1,
                        "relaxed_precision": r.relaxed_precision, "relaxed_recall": r.relaxed_recall, "relaxed_f1": r.relaxed_f1,
                        "type_accuracy": r.type_accuracy, "value_accuracy": r.value_accuracy,
                        "expressions_per_second": r.expressions_per_second,
                    })
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn linking(files: Vec<PathBuf>, lang: &str, as_json: bool, errors: bool) -> Result<ExitCode> {
    let files = if files.is_empty() {
        let dir = data_root().join("ner");
        let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map(|rd| {
                rd.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| {
                        p.extension().is_some_and(|x| x == "tsv")
                            && p.file_name()
                                .is_some_and(|n| n.to_string_lossy().starts_with("fr-"))
                    })
                    .collect()
            })
            .unwrap_or_default();
        found.sort();
        if found.is_empty() {
            return Ok(skip("linking", &dir, as_json));
        }
        found
    } else {
        files
    };
    let kb = steppe_actors::kb::Kb::builtin();
    let mut per_file = Vec::new();
    let mut total = steppe_actors::linking::Report::default();
    for f in &files {
        if !f.is_file() {
            return Ok(skip("linking", f, as_json));
        }
        let body = std::fs::read_to_string(f)
            .map_err(|e| anyhow::anyhow!("reading {}: {e}", f.display()))?;
        let docs = steppe_actors::linking::parse_hipe(&body)
            .map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?;
        let r = steppe_actors::linking::evaluate(kb, &docs, lang);
        for (doc, e) in &r.failed {
            eprintln!("error: {} document {doc}: {e}; left out", f.display());
        }
        if errors {
            for (doc, surface, gold, actor, got) in &r.errors {
                println!("{doc}\t{surface:?}\tgold {gold}\tfound {actor} {got}");
            }
        }
        total.documents += r.documents;
        total.linked_gold += r.linked_gold;
        total.overlapped += r.overlapped;
        total.predicted += r.predicted;
        total.correct += r.correct;
        per_file.push((f.display().to_string(), r));
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    total.accuracy = ratio(total.correct, total.linked_gold);
    total.precision = ratio(total.correct, total.predicted);
    println!(
        "{:<48} {:>5} {:>7} {:>7} {:>7} {:>8} {:>9}",
        "linking", "docs", "linked", "found", "qid", "accuracy", "precision"
    );
    for (name, r) in per_file
        .iter()
        .map(|(n, r)| (n.as_str(), r))
        .chain([("all", &total)])
    {
        println!(
            "{:<48} {:>5} {:>7} {:>7} {:>7} {:>8.4} {:>9.4}",
            name, r.documents, r.linked_gold, r.overlapped, r.predicted, r.accuracy, r.precision
        );
    }
    println!("  linked: gold mentions with a QID; found: overlapped by a mention; qid: given a QID by us");
    println!("  accuracy = correct / linked; precision = correct / qid");
    if as_json {
        let files_json: Vec<serde_json::Value> = per_file
            .iter()
            .map(|(n, r)| json!({"file": n, "documents": r.documents, "linked": r.linked_gold,
                                 "found": r.overlapped, "predicted": r.predicted, "correct": r.correct,
                                 "accuracy": r.accuracy, "precision": r.precision,
                                 "mentions_per_second": r.mentions_per_second}))
            .collect();
        println!(
            "{}",
            json!({"kind": "linking", "documents": total.documents, "linked": total.linked_gold,
                   "found": total.overlapped, "predicted": total.predicted, "correct": total.correct,
                   "accuracy": total.accuracy, "precision": total.precision, "files": files_json})
        );
    }
    Ok(ExitCode::SUCCESS)
}
