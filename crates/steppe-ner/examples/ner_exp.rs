//! Experiment: trains the English tagger on nine tenths of the CoNLL-2003
//! training file and scores the held-out tenth and the dev file, then (with
//! `full`) trains on the whole file and scores the dev file.
//!
//! `cargo run --release -p steppe-ner --example ner_exp -- DATA EPOCHS basic|general DROPOUT [full]`

use steppe_ner::{FeatureSet, TrainOptions};

fn main() {
    let args: Vec<String> = std::env::args().collect();
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
        steppe_ner::conll::parse(f, &text).expect("parsing data")
    };
    let train = read("ner/en-conll2003-train.conllu");
    let val = read("ner/en-conll2003-val.conllu");
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
    };
    let (nine, tenth): (Vec<_>, Vec<_>) = train
        .iter()
        .cloned()
        .enumerate()
        .partition(|(i, _)| i % 10 != 0);
    let nine: Vec<_> = nine.into_iter().map(|(_, s)| s).collect();
    let tenth: Vec<_> = tenth.into_iter().map(|(_, s)| s).collect();
    let m = steppe_ner::train_with(&nine, epochs, opts, |_, _| {});
    let t = steppe_ner::eval::evaluate(&m, &tenth).overall.f1;
    let v = steppe_ner::eval::evaluate(&m, &val).overall.f1;
    println!(
        "{:?} {features:?} drop {dropout} epochs {epochs}:",
        &args[5..]
    );
    println!(" 9/10-trained: tenth F1 {t:.4} val F1 {v:.4}");
    if full {
        let m = steppe_ner::train_with(&train, epochs, opts, |_, _| {});
        let mut buf = Vec::new();
        m.save(&mut buf).expect("saving");
        let m = steppe_ner::Model::load(&buf).expect("loading");
        let r = steppe_ner::eval::evaluate(&m, &val);
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
