//! Universal Dependencies analysis of raw text for French, English and
//! Spanish: a tokeniser ([`tokenize`]), a UPOS tagger ([`tagger`]), a
//! lemmatiser learned from the treebank ([`lemma`]) and a labelled
//! transition-based dependency parser ([`arc`]), all trained by steppe itself
//! ([`train`]) and embedded in the binary when `models/parse-{lang}.bin` exist.
//!
//! ```no_run
//! let parser = steppe_parse::Parser::load("en").unwrap();
//! for sentence in parser.parse_text("The envoy met the president in Astana.") {
//!     for t in &sentence.tokens {
//!         println!("{} {} {} {} {}", t.form, t.lemma, t.upos, t.head, t.deprel);
//!     }
//! }
//! ```
// Tests slice their own fixed strings; input paths use checked ranges.
#![cfg_attr(test, allow(clippy::string_slice))]
#![deny(clippy::string_slice)]

pub mod arc;
pub mod conllu;
pub mod feat;
pub mod lemma;
pub mod tagger;
pub mod tokenize;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/models.rs"));
}

use std::collections::HashMap;
use std::io::{Read, Write};
use std::ops::Range;
use std::time::Instant;

use conllu::GoldSentence;

const MAGIC: &[u8; 8] = b"STPPAR01";

/// One syntactic word of a parsed sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub form: String,
    pub lemma: String,
    pub upos: &'static str,
    /// 1-based index of the head in the sentence; 0 = the root.
    pub head: usize,
    /// Universal dependency relation, with its subtype (`nsubj:pass`).
    pub deprel: String,
    /// Bytes of the input this word comes from (the words of a contraction
    /// such as French `du` = `de le` share the range of `du`).
    pub range: Range<usize>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sentence {
    pub tokens: Vec<Token>,
}

/// A trained analyser for one language.
pub struct Parser {
    pub lang: String,
    tagger: tagger::Tagger,
    lemmatiser: lemma::Lemmatiser,
    parser: arc::ArcParser,
    /// Contractions: lower-case surface form → its words.
    multiword: HashMap<String, Vec<String>>,
}

impl Parser {
    /// The model shipped for a language (`fr`, `en`, `es`), if this build has one.
    pub fn load(lang: &str) -> Option<&'static Parser> {
        use std::sync::OnceLock;
        static FR: OnceLock<Option<Parser>> = OnceLock::new();
        static EN: OnceLock<Option<Parser>> = OnceLock::new();
        static ES: OnceLock<Option<Parser>> = OnceLock::new();
        let (cell, bytes): (&OnceLock<Option<Parser>>, &[u8]) = match lang {
            "fr" => (&FR, embedded::PARSE_FR),
            "en" => (&EN, embedded::PARSE_EN),
            "es" => (&ES, embedded::PARSE_ES),
            _ => return None,
        };
        cell.get_or_init(|| Parser::read(bytes).ok()).as_ref()
    }

    /// A fresh copy of the shipped model of a language (to change its beam).
    pub fn load_owned(lang: &str) -> Option<Parser> {
        let bytes: &[u8] = match lang {
            "fr" => embedded::PARSE_FR,
            "en" => embedded::PARSE_EN,
            "es" => embedded::PARSE_ES,
            _ => return None,
        };
        Parser::read(bytes).ok()
    }

    /// The beam width of decoding (1: greedy, fastest).
    pub fn beam(&self) -> usize {
        self.parser.beam
    }

    pub fn set_beam(&mut self, k: usize) {
        self.parser.beam = k.clamp(1, 64);
    }

    /// Tokenises, splits into sentences and analyses raw text, with the
    /// model's beam.
    pub fn parse_text(&self, text: &str) -> Vec<Sentence> {
        self.parse_text_beam(text, self.parser.beam)
    }

    /// [`Parser::parse_text`] with a beam of `k` (1: greedy, the fastest).
    pub fn parse_text_beam(&self, text: &str, k: usize) -> Vec<Sentence> {
        let mut out = Vec::new();
        for ranges in tokenize::tokenize_for(text, &self.lang) {
            let mut words: Vec<String> = Vec::with_capacity(ranges.len());
            let mut spans: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
            for r in ranges {
                let form = text.get(r.clone()).unwrap_or("");
                if form.is_empty() {
                    continue;
                }
                match self.multiword.get(&form.to_lowercase()) {
                    Some(parts) if !parts.is_empty() => {
                        let upper = form.chars().next().is_some_and(char::is_uppercase);
                        for (k, p) in parts.iter().enumerate() {
                            let mut w = p.clone();
                            if k == 0 && upper {
                                let mut c = w.chars();
                                w = c
                                    .next()
                                    .map(|f| f.to_uppercase().chain(c).collect())
                                    .unwrap_or_default();
                            }
                            words.push(w);
                            spans.push(r.clone());
                        }
                    }
                    _ => {
                        words.push(form.to_string());
                        spans.push(r);
                    }
                }
            }
            if words.is_empty() {
                continue;
            }
            let refs: Vec<&str> = words.iter().map(String::as_str).collect();
            out.push(self.analyse(&refs, spans, k));
        }
        out
    }

    /// Analyses one tokenised sentence (syntactic words). The ranges are those
    /// of the words in `tokens.join(" ")`.
    pub fn parse_tokens(&self, tokens: &[&str]) -> Sentence {
        let mut spans = Vec::with_capacity(tokens.len());
        let mut at = 0;
        for t in tokens {
            spans.push(at..at + t.len());
            at += t.len() + 1;
        }
        self.analyse(tokens, spans, self.parser.beam)
    }

    fn analyse(&self, words: &[&str], spans: Vec<Range<usize>>, k: usize) -> Sentence {
        if words.is_empty() {
            return Sentence::default();
        }
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        let fine = self.tagger.tag_lower(words, &lower);
        let ctx = context(words, &lower, &fine, &self.tagger, &self.lemmatiser);
        let (heads, labels) = self.parser.parse_beam(&ctx.0, k);
        let tokens = words
            .iter()
            .zip(ctx.1)
            .enumerate()
            .map(|(i, (w, lemma))| Token {
                form: w.to_string(),
                lemma,
                upos: tagger::UPOS
                    .get(self.tagger.upos(fine[i]) as usize)
                    .copied()
                    .unwrap_or("X"),
                head: heads[i],
                deprel: self
                    .parser
                    .labels
                    .get(labels[i] as usize)
                    .cloned()
                    .unwrap_or_else(|| "dep".into()),
                range: spans.get(i).cloned().unwrap_or(0..0),
            })
            .collect();
        Sentence { tokens }
    }

    /// gzip-compressed model file.
    pub fn save(&self, w: &mut dyn Write) -> std::io::Result<()> {
        let mut gz = flate2::write::GzEncoder::new(w, flate2::Compression::best());
        gz.write_all(MAGIC)?;
        feat::write_str(&mut gz, &self.lang)?;
        let mut mw: Vec<_> = self.multiword.iter().collect();
        mw.sort();
        feat::write_u32(&mut gz, mw.len() as u32)?;
        for (k, parts) in mw {
            feat::write_str(&mut gz, k)?;
            feat::write_str(&mut gz, &parts.join(" "))?;
        }
        self.lemmatiser.write(&mut gz)?;
        self.tagger.write(&mut gz)?;
        self.parser.write(&mut gz)?;
        gz.finish()?;
        Ok(())
    }

    pub fn read(bytes: &[u8]) -> std::io::Result<Parser> {
        let mut gz = flate2::read::GzDecoder::new(bytes);
        let mut magic = [0u8; 8];
        gz.read_exact(&mut magic)?;
        if &magic != MAGIC {
            return Err(feat::bad(
                "magic (not a steppe parser model of this version)",
            ));
        }
        let lang = feat::read_str(&mut gz)?;
        let n = feat::read_u32(&mut gz)?;
        let mut multiword = HashMap::new();
        for _ in 0..n {
            let k = feat::read_str(&mut gz)?;
            let v = feat::read_str(&mut gz)?;
            multiword.insert(k, v.split(' ').map(str::to_string).collect());
        }
        let lemmatiser = lemma::Lemmatiser::read(&mut gz)?;
        let tagger = tagger::Tagger::read(&mut gz)?;
        let parser = arc::ArcParser::read(&mut gz)?;
        Ok(Parser {
            lang,
            tagger,
            lemmatiser,
            parser,
            multiword,
        })
    }
}

/// Figures of a parser against gold sentences (gold tokenisation), over every
/// word, punctuation included.
#[derive(Clone, Debug, Default)]
pub struct Scores {
    pub sentences: usize,
    pub words: usize,
    pub upos: f64,
    pub lemma: f64,
    pub uas: f64,
    pub las: f64,
    pub tokens_per_second: f64,
}

pub fn evaluate(parser: &Parser, gold: &[GoldSentence]) -> Scores {
    let (mut n, mut up, mut lem, mut ua, mut la) = (0usize, 0usize, 0usize, 0usize, 0usize);
    let started = Instant::now();
    let parsed: Vec<Sentence> = gold
        .iter()
        .map(|s| {
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            parser.parse_tokens(&forms)
        })
        .collect();
    let secs = started.elapsed().as_secs_f64();
    for (g, p) in gold.iter().zip(&parsed) {
        for (gw, pw) in g.words.iter().zip(&p.tokens) {
            n += 1;
            up += usize::from(gw.upos == pw.upos);
            lem += usize::from(gw.lemma == pw.lemma);
            if gw.head == pw.head {
                ua += 1;
                la += usize::from(gw.deprel == pw.deprel);
            }
        }
    }
    let d = n.max(1) as f64;
    Scores {
        sentences: gold.len(),
        words: n,
        upos: up as f64 / d,
        lemma: lem as f64 / d,
        uas: ua as f64 / d,
        las: la as f64 / d,
        tokens_per_second: n as f64 / secs.max(1e-9),
    }
}

/// Training settings; the defaults make the shipped models.
#[derive(Clone, Debug)]
pub struct TrainOptions {
    pub tagger_epochs: usize,
    pub parser_epochs: usize,
    /// Folds of jackknife tagging: the parser trains on predicted tags.
    pub folds: usize,
    pub seed: u64,
    /// Rows (2^bits) of the hashed tables of the tagger, the transitions and
    /// the labels: memory is rows × classes × 2 bytes.
    pub tagger_bits: u32,
    pub trans_bits: u32,
    pub label_bits: u32,
    /// Beam width of training and decoding; above 1, a second transition
    /// table is trained for the beam, `beam_epochs` passes after the greedy one.
    pub beam: usize,
    pub beam_epochs: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            tagger_epochs: 8,
            parser_epochs: 12,
            folds: 4,
            seed: 0x5EED,
            tagger_bits: 18,
            trans_bits: 21,
            label_bits: 18,
            beam: 1,
            beam_epochs: 12,
        }
    }
}

/// The fine tag of a word: UPOS with the XPOS when the treebank has them
/// (English), else with the verb form, mood and pronoun type of its features.
fn fine_tag(w: &conllu::GoldWord, xpos: bool) -> String {
    if xpos {
        return format!("{}|{}", w.upos, w.xpos);
    }
    let mut s = w.upos.clone();
    for key in ["VerbForm=", "Mood=", "PronType="] {
        if let Some(v) = w.feats.split('|').find_map(|f| f.strip_prefix(key)) {
            s.push('|');
            s.push_str(v);
        }
    }
    s
}

/// Sentences as words and gold tag indices.
type Tagged<'a> = Vec<(Vec<&'a str>, Vec<u16>)>;

/// The fine tag set of a treebank: every UPOS alone, then the finer tags
/// seen at least 10 times, most frequent first; and each word's gold tag.
fn tag_set(sents: &[GoldSentence]) -> (Vec<String>, Tagged<'_>) {
    let words: usize = sents.iter().map(|s| s.words.len()).sum();
    let with_xpos = sents
        .iter()
        .flat_map(|s| &s.words)
        .filter(|w| w.xpos != "_" && !w.xpos.is_empty())
        .count();
    let xpos = with_xpos * 10 > words * 9;
    let mut counts: HashMap<String, usize> = HashMap::new();
    for w in sents.iter().flat_map(|s| &s.words) {
        *counts.entry(fine_tag(w, xpos)).or_default() += 1;
    }
    let mut tags: Vec<String> = tagger::UPOS.iter().map(|u| u.to_string()).collect();
    let mut fine: Vec<(String, usize)> = counts
        .into_iter()
        .filter(|(t, c)| *c >= 10 && t.contains('|'))
        .collect();
    fine.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    tags.extend(fine.into_iter().map(|(t, _)| t));
    let index: HashMap<&str, u16> = tags
        .iter()
        .enumerate()
        .map(|(i, t)| (t.as_str(), i as u16))
        .collect();
    let data = sents
        .iter()
        .map(|s| {
            (
                s.words.iter().map(|w| w.form.as_str()).collect(),
                s.words
                    .iter()
                    .map(|w| {
                        index
                            .get(fine_tag(w, xpos).as_str())
                            .copied()
                            .unwrap_or(u16::from(tagger::upos_index(&w.upos)))
                    })
                    .collect(),
            )
        })
        .collect();
    (tags, data)
}

fn learn_multiword(sents: &[GoldSentence]) -> HashMap<String, Vec<String>> {
    let mut as_mwt: HashMap<String, HashMap<String, u32>> = HashMap::new();
    let mut plain: HashMap<String, u32> = HashMap::new();
    for s in sents {
        let mut inside = vec![false; s.words.len()];
        for (a, b, form) in &s.multiword {
            let Some(parts) = s.words.get(*a..=*b) else {
                continue;
            };
            for flag in inside.iter_mut().take(*b + 1).skip(*a) {
                *flag = true;
            }
            let joined: Vec<String> = parts.iter().map(|w| w.form.to_lowercase()).collect();
            if joined.iter().any(|p| p.contains(' ') || p.is_empty()) {
                continue;
            }
            *as_mwt
                .entry(form.to_lowercase())
                .or_default()
                .entry(joined.join(" "))
                .or_default() += 1;
        }
        for (k, w) in s.words.iter().enumerate() {
            if !inside[k] {
                *plain.entry(w.form.to_lowercase()).or_default() += 1;
            }
        }
    }
    let mut out = HashMap::new();
    for (form, m) in as_mwt {
        let total: u32 = m.values().sum();
        let mut v: Vec<_> = m.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        if let Some((parts, _)) = v.into_iter().next() {
            if total > plain.get(&form).copied().unwrap_or(0) && total >= 2 {
                out.insert(form, parts.split(' ').map(str::to_string).collect());
            }
        }
    }
    out
}

/// The parser's view of a tagged sentence, and its lemmas.
fn context(
    forms: &[&str],
    lower: &[String],
    fine: &[u16],
    tagger: &tagger::Tagger,
    lemmatiser: &lemma::Lemmatiser,
) -> (arc::Ctx, Vec<String>) {
    let upos: Vec<u8> = fine.iter().map(|&t| tagger.upos(t)).collect();
    let lemmas: Vec<String> = forms
        .iter()
        .zip(lower)
        .zip(&upos)
        .map(|((f, l), &u)| lemmatiser.lemma_lower(f, l, u))
        .collect();
    (arc::Ctx::new(lower, &upos, fine, &lemmas), lemmas)
}

fn lowercase(forms: &[&str]) -> Vec<String> {
    forms.iter().map(|w| w.to_lowercase()).collect()
}

/// Trains the tagger, the lemmatiser and the parser on `train`, printing
/// progress through `log` and scoring on `dev` (when not empty) after each
/// parser epoch.
pub fn train(
    lang: &str,
    train: &[GoldSentence],
    dev: &[GoldSentence],
    opts: &TrainOptions,
    log: &mut dyn FnMut(&str),
) -> Parser {
    let (tags, tdata) = tag_set(train);
    log(&format!("{} tags (UPOS and finer)", tags.len()));
    let multiword = learn_multiword(train);
    let lemmatiser = lemma::Lemmatiser::train(train.iter().flat_map(|s| {
        s.words.iter().map(|w| {
            (
                w.form.as_str(),
                tagger::upos_index(&w.upos),
                w.lemma.as_str(),
            )
        })
    }));
    // Jackknifed tags for the parser's training data.
    let mut predicted: Vec<Vec<u16>> = tdata.iter().map(|(_, t)| t.clone()).collect();
    if opts.folds >= 2 {
        for k in 0..opts.folds {
            let part: Tagged = tdata
                .iter()
                .enumerate()
                .filter(|(i, _)| i % opts.folds != k)
                .map(|(_, s)| s.clone())
                .collect();
            let mut t = tagger::train(
                &part,
                &tags,
                (opts.tagger_epochs, opts.seed + k as u64, opts.tagger_bits),
                |_, _| {},
            );
            t.clear_dictionary();
            for (i, (words, _)) in tdata.iter().enumerate() {
                if i % opts.folds == k {
                    predicted[i] = t.tag(words);
                }
            }
            log(&format!(
                "jackknife tagging: fold {}/{} done",
                k + 1,
                opts.folds
            ));
        }
        let (good, all) = predicted
            .iter()
            .zip(&tdata)
            .flat_map(|(p, (_, g))| p.iter().zip(g))
            .fold((0, 0), |(a, b), (p, g)| (a + usize::from(p == g), b + 1));
        log(&format!(
            "jackknifed tag accuracy on training data {:.4}",
            good as f64 / f64::from(all.max(1) as u32)
        ));
    }
    let tagger_opts = (opts.tagger_epochs, opts.seed, opts.tagger_bits);
    let tagger = tagger::train(&tdata, &tags, tagger_opts, |e, acc| {
        log(&format!("tagger epoch {e}: training accuracy {acc:.4}"))
    });
    // Labels, most frequent first.
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for s in train {
        for w in &s.words {
            *counts.entry(w.deprel.as_str()).or_default() += 1;
        }
    }
    let mut labels: Vec<(&str, usize)> = counts.into_iter().collect();
    labels.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let labels: Vec<String> = labels.into_iter().map(|(l, _)| l.to_string()).collect();
    let index: HashMap<&str, u16> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.as_str(), i as u16))
        .collect();
    let sents: Vec<arc::TrainSent> = tdata
        .iter()
        .zip(&predicted)
        .zip(train)
        .map(|(((forms, _), fine), s)| {
            let (c, _) = context(forms, &lowercase(forms), fine, &tagger, &lemmatiser);
            let heads: Vec<usize> = s.words.iter().map(|w| w.head).collect();
            let labs: Vec<u16> = s
                .words
                .iter()
                .map(|w| index.get(w.deprel.as_str()).copied().unwrap_or(0))
                .collect();
            arc::TrainSent::new(c, &heads, &labs)
        })
        .collect();
    let mut model = Parser {
        lang: lang.to_string(),
        tagger,
        lemmatiser,
        parser: arc::ArcParser::read(&mut empty_parser(&labels).as_slice())
            .expect("an empty parser reads back"),
        multiword,
    };
    if !dev.is_empty() {
        let s = evaluate(&model, dev);
        log(&format!("dev UPOS {:.4}, lemma {:.4}", s.upos, s.lemma));
    }
    let words: usize = train.iter().map(|s| s.words.len()).sum();
    log(&format!(
        "parser: {} sentences, {words} words, {} labels, {} epochs, beam {}",
        train.len(),
        labels.len(),
        opts.parser_epochs,
        opts.beam
    ));
    let mut best = None;
    let parser = arc::train(
        &sents,
        labels,
        (opts.parser_epochs, opts.seed),
        (opts.trans_bits, opts.label_bits),
        |e, lacc, p| {
            let mut line = format!("parser epoch {e}: training label accuracy {lacc:.4}");
            if !dev.is_empty() {
                let s = evaluate_with(&model, p, dev);
                line.push_str(&format!("; dev UAS {:.4} LAS {:.4}", s.uas, s.las));
                best = Some(s);
            }
            log(&line);
        },
    );
    let _ = best;
    let parser = if opts.beam > 1 {
        log(&format!(
            "beam transitions: width {}, {} epochs",
            opts.beam, opts.beam_epochs
        ));
        arc::train_wide(
            &sents,
            parser,
            (opts.beam_epochs, opts.seed),
            opts.trans_bits,
            opts.beam,
            |e, p| {
                let mut line = format!("beam epoch {e}");
                if !dev.is_empty() {
                    let s = evaluate_with(&model, p, dev);
                    line.push_str(&format!("; dev UAS {:.4} LAS {:.4}", s.uas, s.las));
                }
                log(&line);
            },
        )
    } else {
        parser
    };
    if let Some(w) = &parser.wide {
        let (nz, small) = w.census(32);
        log(&format!(
            "beam transitions: {nz} weights not zero, {small} within 0.1% of the largest"
        ));
    }
    for (name, w) in [
        ("transitions", &parser.trans),
        ("labels", &parser.lab),
        ("tagger", model.tagger.weights()),
    ] {
        let (nz, small) = w.census(32);
        let (_, small2) = w.census(320);
        log(&format!(
            "{name}: {nz} weights not zero, {small} within 0.1% of the largest, {small2} within 1%"
        ));
    }
    model.parser = parser;
    model
}

/// A parser with zero weights (a placeholder until training ends).
fn empty_parser(labels: &[String]) -> Vec<u8> {
    let mut buf = Vec::new();
    let _ = feat::write_u32(&mut buf, labels.len() as u32);
    for l in labels {
        let _ = feat::write_str(&mut buf, l);
    }
    for classes in [3usize, labels.len()] {
        let _ = feat::write_u32(&mut buf, classes as u32);
        let _ = feat::write_u32(&mut buf, 8);
        buf.extend(std::iter::repeat_n(0u8, 256 * classes));
    }
    buf
}

fn evaluate_with(model: &Parser, p: &arc::ArcParser, dev: &[GoldSentence]) -> Scores {
    // Score `p` with the model's tagger and lemmatiser.
    let mut n = 0usize;
    let (mut ua, mut la) = (0usize, 0usize);
    for s in dev {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let lower = lowercase(&forms);
        let fine = model.tagger.tag_lower(&forms, &lower);
        let (c, _) = context(&forms, &lower, &fine, &model.tagger, &model.lemmatiser);
        let (heads, labels) = p.parse(&c);
        for (i, g) in s.words.iter().enumerate() {
            n += 1;
            if heads[i] == g.head {
                ua += 1;
                la += usize::from(p.labels.get(labels[i] as usize) == Some(&g.deprel));
            }
        }
    }
    Scores {
        sentences: dev.len(),
        words: n,
        uas: ua as f64 / n.max(1) as f64,
        las: la as f64 / n.max(1) as f64,
        ..Scores::default()
    }
}
