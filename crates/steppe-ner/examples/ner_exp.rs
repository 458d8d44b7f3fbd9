//! Experiment: trains the English tagger on nine tenths of the CoNLL-2003
//! training file and scores the held-out tenth and the dev file, then (with
//! `full`) trains on the whole file and scores the dev file.
//!
//! `cargo run --release -p steppe-ner --example ner_exp -- DATA EPOCHS basic|general DROPOUT
//! [full] [own] [docs] [nogaz] [clusters=FILE] [runs=N] [viterbi] [memory] [context] [save=FILE]`: `docs`
//! holds out the last tenth of the documents instead of every tenth sentence; `memory` reads
//! the tags given earlier in the document, `context` the other occurrences of a word; see `docs/ner.md`.

use steppe_ner::{FeatureSet, TrainOptions};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // `ner_exp clusters CORPUS OUT`: clusters a file of space-separated
    // tokenised sentences, to compare tables before `steppe train clusters`.
    if let (Some("clusters"), Some(corpus), Some(out)) =
        (args.get(1).map(String::as_str), args.get(2), args.get(3))
    {
        let text = std::fs::read_to_string(corpus).expect("reading corpus");
        let sents: Vec<Vec<&str>> = text.lines().map(|l| l.split(' ').collect()).collect();
        let num = |k: usize, d: usize| args.get(k).and_then(|a| a.parse().ok()).unwrap_or(d);
        let table = steppe_ner::clusters::build_with(&sents, num(4, 3), num(5, 400));
        std::fs::write(out, steppe_ner::clusters::write_table(&table, corpus))
            .expect("writing clusters");
        return;
    }
    let data = std::path::PathBuf::from(args.get(1).map_or("../shared/data", String::as_str));
    let epochs: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(14);
    let features = match args.get(3).map(String::as_str) {
        Some("general") => FeatureSet::General,
        _ => FeatureSet::Basic,
    };
    let dropout: f32 = args.get(4).and_then(|a| a.parse().ok()).unwrap_or(0.0);
    let full = args.get(5).is_some_and(|a| a == "full");
    let read = |f: &str| {
        let p = data.join(f);
        let text = std::fs::read_to_string(&p).expect("reading data");
        steppe_ner::conll::parse_documents(f, &text).expect("parsing data")
    };
    let (train, train_docs) = read("ner/en-conll2003-train.conllu");
    // Documents of the training file, in order, for a held-out block of
    // whole documents (`docs`): names repeat inside a story, so a tenth of
    // sentences overstates what a model does on new stories.
    let doc_of: Vec<usize> = {
        let text = std::fs::read_to_string(data.join("ner/en-conll2003-train.conllu"))
            .expect("reading data");
        let mut out = Vec::new();
        for (d, chunk) in text.split("-DOCSTART-").enumerate() {
            let body = chunk.strip_suffix("0\t").unwrap_or(chunk);
            let n = steppe_ner::conll::parse("doc", body.trim_start_matches("\tO"))
                .expect("parsing data")
                .len();
            out.extend(std::iter::repeat_n(d, n));
        }
        assert_eq!(out.len(), train.len());
        out
    };
    let table = args
        .iter()
        .find_map(|a| a.strip_prefix("clusters="))
        .map(|f| {
            let text = std::fs::read_to_string(f).expect("reading clusters");
            steppe_ner::clusters::parse_table(f, &text).expect("parsing clusters")
        });
    let (val, val_docs) = read("ner/en-conll2003-val.conllu");
    let gaz = steppe_ner::kb_gazetteer(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/kb"
    )))
    .expect("reading data/kb");
    let use_gaz = !args.iter().any(|a| a == "nogaz");
    let opts = TrainOptions {
        features,
        dropout,
        gazetteer: use_gaz.then_some(gaz.as_slice()),
        own_history: args.iter().any(|a| a == "own"),
        clusters: table.as_deref(),
        viterbi: args.iter().any(|a| a == "viterbi"),
        runs: args
            .iter()
            .find_map(|a| a.strip_prefix("runs=")?.parse().ok())
            .unwrap_or(1),
        memory: args.iter().any(|a| a == "memory"),
        context: args.iter().any(|a| a == "context"),
        docs: None,
    };
    let docs = args.iter().any(|a| a == "docs");
    let last_doc = doc_of.last().copied().unwrap_or(0);
    let (nine, tenth): (Vec<_>, Vec<_>) = train.iter().cloned().enumerate().partition(|(i, _)| {
        if docs {
            doc_of[*i] * 10 < last_doc * 9
        } else {
            i % 10 != 0
        }
    });
    let nine_docs: Vec<usize> = nine.iter().map(|(i, _)| train_docs[*i]).collect();
    let tenth_docs: Vec<usize> = tenth.iter().map(|(i, _)| train_docs[*i]).collect();
    let nine: Vec<_> = nine.into_iter().map(|(_, s)| s).collect();
    let tenth: Vec<_> = tenth.into_iter().map(|(_, s)| s).collect();
    let nine_opts = TrainOptions {
        docs: Some(&nine_docs),
        ..opts
    };
    let m = steppe_ner::train_with(&nine, epochs, nine_opts, |_, _| {});
    let t = steppe_ner::eval::evaluate_documents(&m, &tenth, &tenth_docs)
        .overall
        .f1;
    let v = steppe_ner::eval::evaluate_documents(&m, &val, &val_docs)
        .overall
        .f1;
    println!(
        "{:?} {features:?} drop {dropout} epochs {epochs}:",
        &args[5..]
    );
    println!(" 9/10-trained: tenth F1 {t:.4} val F1 {v:.4}");
    if full {
        let full_opts = TrainOptions {
            docs: Some(&train_docs),
            ..opts
        };
        let m = steppe_ner::train_with(&train, epochs, full_opts, |_, _| {});
        let mut buf = Vec::new();
        m.save(&mut buf).expect("saving");
        let m = steppe_ner::Model::load(&buf).expect("loading");
        let r = steppe_ner::eval::evaluate_documents(&m, &val, &val_docs);
        println!("  full-trained: val F1 {:.4}", r.overall.f1);
        for (t, sc) in &r.per_type {
            println!(
                "    {t}: P {:.4} R {:.4} F1 {:.4}",
                sc.precision, sc.recall, sc.f1
            );
        }
        if let Some(out) = args.iter().find_map(|a| a.strip_prefix("save=")) {
            let mut f = std::fs::File::create(out).expect("creating model file");
            m.save(&mut f).expect("writing model");
        }
    }
}
