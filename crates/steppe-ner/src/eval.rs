//! Exact-span precision, recall and F1, overall and per type, and speed.

use std::collections::BTreeMap;
use std::time::Instant;

use crate::conll::spans;
use crate::{Model, Sentence};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub gold: usize,
    pub predicted: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub overall: Scores,
    pub per_type: BTreeMap<String, Scores>,
    pub tokens: usize,
    pub tokens_per_second: f64,
}

fn scores(tp: usize, gold: usize, predicted: usize) -> Scores {
    let precision = if predicted == 0 {
        0.0
    } else {
        tp as f64 / predicted as f64
    };
    let recall = if gold == 0 {
        0.0
    } else {
        tp as f64 / gold as f64
    };
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Scores {
        precision,
        recall,
        f1,
        gold,
        predicted,
    }
}

/// Tags every sentence with `model` and scores the spans against the gold tags.
pub fn evaluate(model: &Model, sentences: &[Sentence]) -> Report {
    let alone: Vec<usize> = (0..sentences.len()).collect();
    evaluate_documents(model, sentences, &alone)
}

/// [`evaluate`] with the document of each sentence (as
/// [`crate::conll::parse_documents`] gives them): the sentences of a document
/// are tagged in order with [`Model::tag_document`].
pub fn evaluate_documents(model: &Model, sentences: &[Sentence], docs: &[usize]) -> Report {
    let t0 = Instant::now();
    let mut predicted: Vec<Vec<&str>> = Vec::with_capacity(sentences.len());
    let mut start = 0;
    while start < sentences.len() {
        let mut end = start + 1;
        while end < sentences.len() && docs.get(end) == docs.get(start) {
            end += 1;
        }
        let doc: Vec<Vec<&str>> = sentences
            .get(start..end)
            .unwrap_or_default()
            .iter()
            .map(|(words, _)| words.iter().map(String::as_str).collect())
            .collect();
        predicted.extend(model.tag_document(&doc));
        start = end;
    }
    let secs = t0.elapsed().as_secs_f64();
    let mut counts: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut tokens = 0;
    for ((words, gold), pred) in sentences.iter().zip(&predicted) {
        tokens += words.len();
        let g = spans(gold);
        let p = spans(pred);
        for s in &g {
            counts.entry(s.2.clone()).or_default().1 += 1;
        }
        for s in &p {
            let c = counts.entry(s.2.clone()).or_default();
            c.2 += 1;
            if g.contains(s) {
                c.0 += 1;
            }
        }
    }
    let (tp, g, p) = counts
        .values()
        .fold((0, 0, 0), |a, c| (a.0 + c.0, a.1 + c.1, a.2 + c.2));
    Report {
        overall: scores(tp, g, p),
        per_type: counts
            .into_iter()
            .map(|(k, (tp, g, p))| (k, scores(tp, g, p)))
            .collect(),
        tokens,
        tokens_per_second: tokens as f64 / secs.max(1e-9),
    }
}
