//! Event patterns as data: steppe's own format (`data/events/LANG.txt`) and
//! TABARI/PETRARCH verb dictionaries, both compiled to one [`Lexicon`].
//!
//! Our format, one pattern per line, `CODE TAB PATTERN`:
//! - `CODE` is a CAMEO code; a leading `~` marks a nominal trigger ("visite",
//!   "invasion"), whose source follows "de"/"of" and target "à"/"en"/"to";
//! - `PATTERN` is words separated by spaces: `word` (case and accents aside),
//!   `stem*` (any word starting so), `a|b*|c` (alternatives), `word?`
//!   (optional), `..` (up to three words of any kind), `TGT` (the target: one or
//!   more coordinated actors, after up to five filler words such as "ses
//!   homologues du"). Without `TGT` the target is the first actor after the
//!   trigger in the clause. The source is the subject, found by the coder.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Alt {
    Exact(String),
    Prefix(String),
    /// A Romance verb stem: matches the stem followed by a verb ending.
    Stem(String),
}

/// Endings of regular Spanish (and many French) verb forms, accents off.
const VERB_ENDINGS: &[&str] = &[
    "", "o", "as", "a", "amos", "ais", "an", "e", "aste", "asteis", "aron", "aba", "abas",
    "abamos", "abais", "aban", "are", "aras", "ara", "aremos", "areis", "aran", "aria", "arias",
    "ariamos", "ariais", "arian", "es", "emos", "eis", "en", "aramos", "ase", "asen", "ando",
    "ado", "ada", "ados", "adas", "ar", "arse", "andose", "imos", "is", "i", "iste", "io",
    "isteis", "ieron", "ia", "ias", "iamos", "iais", "ian", "ere", "eras", "era", "eremos", "eran",
    "ire", "iras", "ira", "iremos", "iran", "eria", "erian", "iria", "irian", "iera", "ieran",
    "iese", "iesen", "iendo", "ido", "ida", "idos", "idas", "er", "ir", "erse", "irse", "iendose",
    "ant", "ent", "ons", "ez", "ait", "aient", "it", "irent", "erent", "erons", "eront",
];

fn verb_ending(rest: &str) -> bool {
    VERB_ENDINGS.contains(&rest)
}

impl Alt {
    fn matches(&self, word: &str) -> bool {
        match self {
            Alt::Exact(w) => w == word,
            Alt::Prefix(p) => word.starts_with(p.as_str()),
            Alt::Stem(p) => word.strip_prefix(p.as_str()).is_some_and(verb_ending),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Elem {
    Word {
        alts: Vec<Alt>,
        optional: bool,
    },
    /// Up to this many words of any kind.
    Gap(u8),
    Target,
}

impl Elem {
    pub fn matches(&self, word: &str) -> bool {
        match self {
            Elem::Word { alts, .. } => alts.iter().any(|a| a.matches(word)),
            _ => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    pub code: String,
    pub nominal: bool,
    pub elems: Vec<Elem>,
    /// Where it came from (`data/events/fr.txt:12`), for explanations.
    pub origin: String,
}

impl Pattern {
    /// How specific a pattern is: the number of words it requires.
    pub fn weight(&self) -> usize {
        self.elems
            .iter()
            .map(|e| match e {
                Elem::Word {
                    optional: false, ..
                } => 2,
                Elem::Target => 1,
                _ => 0,
            })
            .sum()
    }
}

/// Patterns with an index by their first word.
#[derive(Debug, Default, Clone)]
pub struct Lexicon {
    pub patterns: Vec<Pattern>,
    /// Per pattern, the words after the first that must appear as written:
    /// a sentence lacking one cannot match, which spares most of the work.
    required: Vec<Vec<String>>,
    exact: HashMap<String, Vec<usize>>,
    prefix: HashMap<String, Vec<usize>>,
    stem: HashMap<String, Vec<usize>>,
}

/// Lower case, accents off, typographic apostrophes made plain.
pub fn fold(word: &str) -> String {
    word.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| {
            if matches!(c, '’' | '‘' | 'ʼ') {
                '\''
            } else {
                c
            }
        })
        .collect()
}

/// `stem*` any word starting with the stem; `stem+` the stem with a verb
/// ending ("mat+" is "mataron", not "materia"); else the word itself.
fn alt(s: &str) -> Alt {
    if let Some(p) = s.strip_suffix('*') {
        Alt::Prefix(fold(p))
    } else if let Some(p) = s.strip_suffix('+').filter(|p| !p.is_empty()) {
        Alt::Stem(fold(p))
    } else {
        Alt::Exact(fold(s))
    }
}

/// Parses one pattern text into elements.
pub fn parse_pattern(text: &str) -> Result<Vec<Elem>, String> {
    let mut elems = Vec::new();
    for piece in text.split_whitespace() {
        match piece {
            ".." => elems.push(Elem::Gap(3)),
            "..." => elems.push(Elem::Gap(6)),
            "TGT" => elems.push(Elem::Target),
            _ => {
                let (piece, optional) = match piece.strip_suffix('?') {
                    Some(p) => (p, true),
                    None => (piece, false),
                };
                // "s'entret*" is two words for the tokenizer: "s'" and "entret*";
                // the genitive "'s" is one, as the tokenizer cuts "Russia's".
                let apostrophe = piece.char_indices().find(|&(i, c)| {
                    i > 0 && (c == '\'' || c == '’') && i + c.len_utf8() < piece.len()
                });
                if let Some((i, c)) = apostrophe {
                    if piece.contains('|') {
                        return Err(format!(
                            "{piece:?}: an elided word cannot be an alternative"
                        ));
                    }
                    let (head, tail) = piece.split_at(i + c.len_utf8());
                    elems.push(Elem::Word {
                        alts: vec![alt(head)],
                        optional,
                    });
                    elems.push(Elem::Word {
                        alts: vec![alt(tail)],
                        optional,
                    });
                    continue;
                }
                let alts: Vec<Alt> = piece
                    .split('|')
                    .filter(|a| !a.is_empty())
                    .map(alt)
                    .collect();
                if alts.is_empty() {
                    return Err(format!("{piece:?}: empty word"));
                }
                elems.push(Elem::Word { alts, optional });
            }
        }
    }
    match elems.first() {
        Some(Elem::Word {
            optional: false, ..
        }) => Ok(elems),
        _ => Err("a pattern must start with a required word".to_string()),
    }
}

impl Lexicon {
    /// Reads our format; `name` is used in error messages.
    pub fn parse(name: &str, body: &str) -> Result<Lexicon, String> {
        let mut lex = Lexicon::default();
        let classes = word_classes(name, body)?;
        for (n, line) in body.lines().enumerate() {
            let line = line.split(" #").next().unwrap_or("").trim_end();
            if line.trim().is_empty() || line.starts_with('#') || line.starts_with('@') {
                continue;
            }
            let at = format!("{name}:{}", n + 1);
            if line.contains('@') {
                let (code, pattern) = line
                    .split_once('\t')
                    .ok_or_else(|| format!("{at}: expected CODE TAB PATTERN"))?;
                for p in expand_classes(pattern, &classes).map_err(|e| format!("{at}: {e}"))? {
                    let one = format!("{code}\t{p}");
                    let sub = Lexicon::parse(&at, &one)?;
                    for mut q in sub.patterns {
                        q.origin = at.clone();
                        lex.push(q);
                    }
                }
                continue;
            }
            let (code, pattern) = line
                .split_once('\t')
                .ok_or_else(|| format!("{at}: expected CODE TAB PATTERN"))?;
            let (code, nominal) = match code.trim().strip_prefix('~') {
                Some(c) => (c, true),
                None => (code.trim(), false),
            };
            if !crate::cameo::valid(code) {
                return Err(format!("{at}: {code:?} is not a CAMEO code"));
            }
            let elems = parse_pattern(pattern).map_err(|e| format!("{at}: {e}"))?;
            lex.push(Pattern {
                code: code.to_string(),
                nominal,
                elems,
                origin: at,
            });
        }
        Ok(lex)
    }

    pub fn push(&mut self, p: Pattern) {
        let i = self.patterns.len();
        let required = p
            .elems
            .iter()
            .skip(1)
            .filter_map(|e| match e {
                Elem::Word {
                    alts,
                    optional: false,
                } => match alts.as_slice() {
                    [Alt::Exact(w)] => Some(w.clone()),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        self.required.push(required);
        if let Some(Elem::Word { alts, .. }) = p.elems.first() {
            for a in alts {
                match a {
                    Alt::Exact(w) => self.exact.entry(w.clone()).or_default().push(i),
                    Alt::Prefix(w) => self.prefix.entry(w.clone()).or_default().push(i),
                    Alt::Stem(w) => self.stem.entry(w.clone()).or_default().push(i),
                }
            }
        }
        self.patterns.push(p);
    }

    pub fn extend(&mut self, other: Lexicon) {
        for p in other.patterns {
            self.push(p);
        }
    }

    /// Patterns whose first word can match `word` (already folded).
    pub fn candidates<'a>(&'a self, word: &'a str) -> impl Iterator<Item = usize> + 'a {
        let exact = self.exact.get(word).into_iter().flatten();
        let prefixes = word
            .char_indices()
            .skip(1)
            .map(move |(i, _)| word.get(..i).unwrap_or_default())
            .chain(std::iter::once(word))
            .filter_map(move |p| self.prefix.get(p))
            .flatten();
        // A stem counts only when the rest of the word is a verb ending.
        let stems = word
            .char_indices()
            .skip(1)
            .filter(move |(i, _)| verb_ending(word.get(*i..).unwrap_or_default()))
            .map(move |(i, _)| word.get(..i).unwrap_or_default())
            .chain(std::iter::once(word))
            .filter_map(move |p| self.stem.get(p))
            .flatten();
        exact.chain(prefixes).chain(stems).copied()
    }

    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    /// Words pattern `i` needs besides its first (see `required`).
    pub fn required(&self, i: usize) -> &[String] {
        &self.required[i]
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// The lexicon shipped for `lang` (fr, en, es), if any.
    pub fn builtin(lang: &str) -> Option<&'static Lexicon> {
        use std::sync::OnceLock;
        static FR: OnceLock<Lexicon> = OnceLock::new();
        static EN: OnceLock<Lexicon> = OnceLock::new();
        static ES: OnceLock<Lexicon> = OnceLock::new();
        let (cell, name, body) = match lang {
            "fr" => (
                &FR,
                "data/events/fr.txt",
                include_str!("../../../data/events/fr.txt"),
            ),
            "en" => (
                &EN,
                "data/events/en.txt",
                include_str!("../../../data/events/en.txt"),
            ),
            "es" => (
                &ES,
                "data/events/es.txt",
                include_str!("../../../data/events/es.txt"),
            ),
            _ => return None,
        };
        Some(cell.get_or_init(|| match Lexicon::parse(name, body) {
            Ok(l) if lang == "en" => l.with_english_inflections(),
            Ok(l) => l,
            // Compiled in and covered by tests: a failure is a build defect.
            Err(e) => panic!("built-in event lexicon is invalid: {e}"),
        }))
    }
}

impl Lexicon {
    /// Our English phrase patterns name one form of their verb ("took
    /// control of", "broke off relations with"); news uses the others too
    /// ("had taken control of", "would break off relations"). The first word
    /// of a phrase (two words or more, not nominal) also matches the verb's
    /// base, past and participle forms. One-word patterns stay as
    /// written: a lone base form is often a noun ("attack", "strike").
    pub fn with_english_inflections(self) -> Lexicon {
        let mut out = Lexicon::default();
        for mut p in self.patterns {
            let words = p
                .elems
                .iter()
                .filter(|e| {
                    matches!(
                        e,
                        Elem::Word {
                            optional: false,
                            ..
                        }
                    )
                })
                .count();
            // "will visit" is also reported as "would visit" ("said she
            // would visit Ghana"): the modality stage reads which it is.
            if let Some(Elem::Word { alts, .. }) = p.elems.first_mut() {
                let would = Alt::Exact("would".to_string());
                if alts.contains(&Alt::Exact("will".to_string())) && !alts.contains(&would) {
                    alts.push(would);
                }
            }
            if !p.nominal && words >= 2 {
                if let Some(Elem::Word { alts, .. }) = p.elems.first_mut() {
                    let mut more: Vec<Alt> = Vec::new();
                    for a in alts.iter() {
                        if let Alt::Exact(w) = a {
                            for base in english_lemmas(w) {
                                for f in english_finite_forms(&base) {
                                    let f = Alt::Exact(f);
                                    if !alts.contains(&f) && !more.contains(&f) {
                                        more.push(f);
                                    }
                                }
                            }
                        }
                    }
                    alts.extend(more);
                }
            }
            out.push(p);
        }
        out
    }
}

/// The word classes of a lexicon: `@NAME TAB member|member|two words`, so
/// that one line says "any verb of ending with any word for an agreement".
fn word_classes(
    name: &str,
    body: &str,
) -> Result<std::collections::HashMap<String, Vec<String>>, String> {
    let mut out = std::collections::HashMap::new();
    for (n, line) in body.lines().enumerate() {
        let Some(def) = line.strip_prefix('@') else {
            continue;
        };
        let (class, members) = def
            .split_once('\t')
            .ok_or_else(|| format!("{name}:{}: expected @NAME TAB members", n + 1))?;
        let members: Vec<String> = members
            .split('|')
            .map(|m| m.trim().to_string())
            .filter(|m| !m.is_empty())
            .collect();
        if members.is_empty() {
            return Err(format!("{name}:{}: @{class} has no members", n + 1));
        }
        out.insert(format!("@{}", class.trim()), members);
    }
    Ok(out)
}

/// A pattern with `@NAME` classes as plain patterns: one-word members become
/// one alternative; each member of several words gets a pattern of its own
/// (a phrase cannot be one alternative among words).
fn expand_classes(
    pattern: &str,
    classes: &std::collections::HashMap<String, Vec<String>>,
) -> Result<Vec<String>, String> {
    let mut out = vec![String::new()];
    for tok in pattern.split_whitespace() {
        let options: Vec<String> = if tok.starts_with('@') {
            let members = classes
                .get(tok)
                .ok_or_else(|| format!("{tok}: no such word class"))?;
            let words: Vec<&str> = members
                .iter()
                .filter(|m| !m.contains(' '))
                .map(String::as_str)
                .collect();
            let mut o: Vec<String> = members
                .iter()
                .filter(|m| m.contains(' '))
                .cloned()
                .collect();
            if !words.is_empty() {
                o.insert(0, words.join("|"));
            }
            o
        } else {
            vec![tok.to_string()]
        };
        out = out
            .iter()
            .flat_map(|p| {
                options.iter().map(move |o| {
                    if p.is_empty() {
                        o.clone()
                    } else {
                        format!("{p} {o}")
                    }
                })
            })
            .collect();
        if out.len() > 256 {
            return Err("more than 256 patterns from one line of classes".to_string());
        }
    }
    Ok(out)
}

/// Irregular English verbs of news text: base, past, participle.
const IRREGULAR: &[(&str, &str, &str)] = &[
    ("arise", "arose", "arisen"),
    ("bear", "bore", "borne"),
    ("beat", "beat", "beaten"),
    ("become", "became", "become"),
    ("begin", "began", "begun"),
    ("bid", "bid", "bid"),
    ("bind", "bound", "bound"),
    ("blow", "blew", "blown"),
    ("break", "broke", "broken"),
    ("bring", "brought", "brought"),
    ("build", "built", "built"),
    ("buy", "bought", "bought"),
    ("cast", "cast", "cast"),
    ("catch", "caught", "caught"),
    ("choose", "chose", "chosen"),
    ("come", "came", "come"),
    ("cut", "cut", "cut"),
    ("deal", "dealt", "dealt"),
    ("do", "did", "done"),
    ("draw", "drew", "drawn"),
    ("drive", "drove", "driven"),
    ("fall", "fell", "fallen"),
    ("feed", "fed", "fed"),
    ("fight", "fought", "fought"),
    ("find", "found", "found"),
    ("flee", "fled", "fled"),
    ("fly", "flew", "flown"),
    ("forbid", "forbade", "forbidden"),
    ("freeze", "froze", "frozen"),
    ("get", "got", "got"),
    ("give", "gave", "given"),
    ("go", "went", "gone"),
    ("hang", "hung", "hung"),
    ("hide", "hid", "hidden"),
    ("hit", "hit", "hit"),
    ("hold", "held", "held"),
    ("keep", "kept", "kept"),
    ("lay", "laid", "laid"),
    ("lead", "led", "led"),
    ("leave", "left", "left"),
    ("lend", "lent", "lent"),
    ("let", "let", "let"),
    ("lose", "lost", "lost"),
    ("make", "made", "made"),
    ("meet", "met", "met"),
    ("overrun", "overran", "overrun"),
    ("oversee", "oversaw", "overseen"),
    ("overthrow", "overthrew", "overthrown"),
    ("pay", "paid", "paid"),
    ("put", "put", "put"),
    ("retake", "retook", "retaken"),
    ("ride", "rode", "ridden"),
    ("rise", "rose", "risen"),
    ("run", "ran", "run"),
    ("see", "saw", "seen"),
    ("seek", "sought", "sought"),
    ("sell", "sold", "sold"),
    ("send", "sent", "sent"),
    ("set", "set", "set"),
    ("shake", "shook", "shaken"),
    ("shoot", "shot", "shot"),
    ("shut", "shut", "shut"),
    ("sink", "sank", "sunk"),
    ("speak", "spoke", "spoken"),
    ("spend", "spent", "spent"),
    ("split", "split", "split"),
    ("spread", "spread", "spread"),
    ("stand", "stood", "stood"),
    ("steal", "stole", "stolen"),
    ("strike", "struck", "struck"),
    ("swear", "swore", "sworn"),
    ("take", "took", "taken"),
    ("teach", "taught", "taught"),
    ("tear", "tore", "torn"),
    ("tell", "told", "told"),
    ("think", "thought", "thought"),
    ("throw", "threw", "thrown"),
    ("undergo", "underwent", "undergone"),
    ("undertake", "undertook", "undertaken"),
    ("uphold", "upheld", "upheld"),
    ("win", "won", "won"),
    ("withdraw", "withdrew", "withdrawn"),
    ("withhold", "withheld", "withheld"),
    ("write", "wrote", "written"),
];

/// Base forms an English verb form may come from ("severed" → "sever",
/// "agreed" → "agree", "stopped" → "stop", "rallied" → "rally", "took" →
/// "take"). A guess that is no verb only adds forms that text never has.
/// Is `word` an English past participle: "-ed", or an irregular one
/// ("held", "led", "taken")?
pub fn english_participle(word: &str) -> bool {
    (word.len() > 3 && word.ends_with("ed")) || IRREGULAR.iter().any(|(_, _, part)| *part == word)
}

fn english_lemmas(word: &str) -> Vec<String> {
    if let Some((base, ..)) = IRREGULAR
        .iter()
        .find(|(b, past, part)| *b == word || *past == word || *part == word)
    {
        return vec![base.to_string()];
    }
    let mut out = Vec::new();
    // Short words ("used" → "us") and non-words are left as written.
    if word.len() < 5 || !word.chars().all(|c| c.is_ascii_lowercase()) {
        return out;
    }
    if let Some(stem) = word.strip_suffix("ied") {
        out.push(format!("{stem}y"));
    } else if let Some(stem) = word.strip_suffix("ed") {
        out.push(stem.to_string());
        out.push(format!("{stem}e"));
        let cs: Vec<char> = stem.chars().collect();
        if cs.len() >= 3 && cs[cs.len() - 1] == cs[cs.len() - 2] {
            out.push(cs[..cs.len() - 1].iter().collect());
        }
    } else if let Some(stem) = word.strip_suffix("ies") {
        out.push(format!("{stem}y"));
    } else if word.ends_with("ches") || word.ends_with("shes") || word.ends_with("sses") {
        out.push(word.get(..word.len() - 2).unwrap_or_default().to_string());
    } else if let Some(stem) = word.strip_suffix('s').filter(|s| !s.ends_with('s')) {
        out.push(stem.to_string());
    } else if !word.ends_with("ing") {
        out.push(word.to_string());
    }
    out.retain(|b| b.len() >= 4);
    out
}

/// Base, past and participle of an English verb: no "-s" form ("humanitarian
/// pauses", "peace talks" are plural nouns) and no "-ing" form (a gerund is
/// often a noun or an adjective).
fn english_finite_forms(base: &str) -> Vec<String> {
    if let Some((b, past, part)) = IRREGULAR.iter().find(|(b, ..)| *b == base) {
        return vec![b.to_string(), past.to_string(), part.to_string()];
    }
    english_forms(base)
        .into_iter()
        .filter(|f| !f.ends_with("ing") && (f == base || !f.ends_with('s')))
        .collect()
}

/// Verb forms of an English base form: regular inflections.
fn english_forms(base: &str) -> Vec<String> {
    let mut out = vec![base.to_string()];
    let b = base;
    if let Some(stem) = b.strip_suffix('e') {
        out.extend([format!("{b}s"), format!("{b}d"), format!("{stem}ing")]);
    } else if let Some(stem) = b
        .strip_suffix('y')
        .filter(|s| s.chars().last().is_some_and(|c| !"aeiou".contains(c)))
    {
        out.extend([
            format!("{stem}ies"),
            format!("{stem}ied"),
            format!("{b}ing"),
        ]);
    } else if b.ends_with(['s', 'x', 'z']) || b.ends_with("ch") || b.ends_with("sh") {
        out.extend([format!("{b}es"), format!("{b}ed"), format!("{b}ing")]);
    } else {
        out.extend([format!("{b}s"), format!("{b}ed"), format!("{b}ing")]);
        // Doubled final consonant after a short vowel: "plan" → "planned".
        let cs: Vec<char> = b.chars().collect();
        if cs.len() >= 3 {
            let (a, v, c) = (cs[cs.len() - 3], cs[cs.len() - 2], cs[cs.len() - 1]);
            if !"aeiou".contains(a) && "aeiou".contains(v) && !"aeiouwxy".contains(c) {
                out.extend([format!("{b}{c}ed"), format!("{b}{c}ing")]);
            }
        }
    }
    out
}

/// What a TABARI verb dictionary held.
#[derive(Debug, Default, Clone, Copy)]
pub struct TabariStats {
    pub verbs: usize,
    pub patterns: usize,
    pub skipped: usize,
}

/// Reads a TABARI/PETRARCH verb dictionary (`--- GROUP [code] ---`, verb
/// lines, `- words * words [code]` patterns, `&SYNSET` lists) for `lang`
/// ("en" inflects base forms; other languages match verb stems).
pub fn parse_tabari_verbs(body: &str, lang: &str) -> (Lexicon, TabariStats) {
    let mut stats = TabariStats::default();
    let mut synsets: HashMap<String, Vec<String>> = HashMap::new();
    let mut current_syn: Option<String> = None;
    // First pass: synonym sets.
    for raw in body.lines() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if let Some(name) = line.strip_prefix('&') {
            current_syn = Some(name.trim().trim_end_matches('_').to_uppercase());
            continue;
        }
        if line.starts_with("---") || line.starts_with('-') {
            current_syn = None;
            continue;
        }
        if let (Some(s), Some(word)) = (&current_syn, line.strip_prefix('+')) {
            let w = word.trim().trim_matches(['(', ')']).replace('_', " ");
            let first = w.split_whitespace().next().unwrap_or("").to_string();
            if !first.is_empty() && !first.starts_with('&') {
                synsets.entry(s.clone()).or_default().push(first);
            }
        }
    }
    let mut lex = Lexicon::default();
    let mut group_code: Option<String> = None;
    let mut verbs: Vec<Vec<Elem>> = Vec::new();
    let verb_alts = |word: &str| -> Vec<Elem> {
        let words: Vec<String> = word
            .split(['_', ' '])
            .filter(|w| !w.is_empty())
            .map(fold)
            .collect();
        let Some(first) = words.first() else {
            return Vec::new();
        };
        let alts: Vec<Alt> = if lang == "en" {
            english_forms(first).into_iter().map(Alt::Exact).collect()
        } else {
            // Romance verbs: the infinitive's stem matches its conjugations.
            let chars: Vec<char> = first.chars().collect();
            if chars.len() >= 5
                && (first.ends_with("ar") || first.ends_with("er") || first.ends_with("ir"))
            {
                vec![Alt::Stem(chars[..chars.len() - 2].iter().collect())]
            } else {
                vec![Alt::Exact(first.clone())]
            }
        };
        let mut out = vec![Elem::Word {
            alts,
            optional: false,
        }];
        for w in &words[1..] {
            out.push(Elem::Word {
                alts: vec![Alt::Exact(w.clone())],
                optional: false,
            });
        }
        out
    };
    let code_of = |line: &str| -> Option<String> {
        let open = line.rfind('[')?;
        let close = line.get(open..).unwrap_or_default().find(']')? + open;
        let code = line
            .get(open + 1..close)
            .unwrap_or_default()
            .split(':')
            .next()?
            .trim()
            .to_string();
        crate::cameo::valid(&code).then_some(code)
    };
    let flush_defaults = |lex: &mut Lexicon, verbs: &[Vec<Elem>], code: &Option<String>| {
        if let Some(c) = code {
            for v in verbs {
                lex.push(Pattern {
                    code: c.clone(),
                    nominal: false,
                    elems: v.clone(),
                    origin: "verb dictionary".into(),
                });
            }
        }
    };
    let mut in_patterns = false;
    // Inside a synonym set ("&PREPOSICION" then "+EN", "+DE"...): its members
    // are not verbs, whatever section the set sits in.
    let mut in_synset = false;
    for raw in body.lines() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            in_synset = false;
            continue;
        }
        if line.starts_with('<') {
            continue;
        }
        if line.starts_with("---") {
            in_synset = false;
            flush_defaults(&mut lex, &verbs, &group_code);
            verbs.clear();
            group_code = code_of(line);
            in_patterns = true;
            continue;
        }
        if line.starts_with('&') {
            in_synset = true;
            continue;
        }
        if !in_patterns || (in_synset && line.starts_with('+')) {
            continue;
        }
        in_synset = false;
        if let Some(p) = line.strip_prefix('-') {
            let Some(code) = code_of(p) else {
                stats.skipped += 1;
                continue;
            };
            let body = p.split('[').next().unwrap_or("");
            let Some(star) = body.split_whitespace().position(|t| t == "*") else {
                stats.skipped += 1;
                continue;
            };
            let words: Vec<&str> = body.split_whitespace().collect();
            let to_elem = |t: &str| -> Option<Elem> {
                let t = t.trim_matches(['(', ')', '{', '}']);
                if t.is_empty() || matches!(t, "+" | "$" | "%" | "^") {
                    return None;
                }
                if let Some(s) = t.strip_prefix('&') {
                    let key = s.trim_end_matches('_').to_uppercase();
                    let alts: Vec<Alt> = synsets
                        .get(&key)?
                        .iter()
                        .map(|w| Alt::Exact(fold(w)))
                        .collect();
                    return (!alts.is_empty()).then_some(Elem::Word {
                        alts,
                        optional: false,
                    });
                }
                let w = t.trim_end_matches('_').replace('_', " ");
                let first = w.split_whitespace().next()?.to_string();
                Some(Elem::Word {
                    alts: vec![Alt::Exact(fold(&first))],
                    optional: false,
                })
            };
            // Words before the verb describe its subject, which our coder finds
            // on its own; the pattern is anchored on the verb, the selective word.
            let post: Vec<Elem> = words[star + 1..]
                .iter()
                .filter_map(|t| to_elem(t))
                .collect();
            for v in &verbs {
                let mut elems = Vec::new();
                elems.extend(v.iter().cloned());
                for e in &post {
                    elems.push(Elem::Gap(4));
                    elems.push(e.clone());
                }
                lex.push(Pattern {
                    code: code.clone(),
                    nominal: false,
                    elems,
                    origin: format!("verb pattern [{code}]"),
                });
                stats.patterns += 1;
            }
            continue;
        }
        // A verb line: WORD, +MULTI_WORD, WORD {IRREGULAR FORMS}.
        let (word, forms) = match line.split_once('{') {
            Some((w, f)) => (w, f.trim_end_matches('}')),
            None => (line, ""),
        };
        // "EN PIE", "VOLVER A CONVOCAR": a verb of several words, as with '_'.
        let word = word.split_whitespace().collect::<Vec<_>>().join("_");
        let word = word.trim_start_matches('+');
        if word.is_empty() || word.contains(['[', ']', '+']) {
            stats.skipped += 1;
            continue;
        }
        let mut v = verb_alts(word);
        if let Some(Elem::Word { alts, .. }) = v.first_mut() {
            for f in forms.split_whitespace() {
                alts.push(Alt::Exact(fold(f.trim_end_matches('_'))));
            }
        }
        if !v.is_empty() {
            stats.verbs += 1;
            verbs.push(v);
        }
    }
    flush_defaults(&mut lex, &verbs, &group_code);
    (lex, stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_format_parses_words_stems_alternatives_and_slots() {
        let lex = Lexicon::parse("t", "042\tse rend* à|au|en TGT\n~042\tvisite|voyage\n").unwrap();
        assert_eq!(lex.len(), 2);
        assert!(lex.patterns[1].nominal);
        assert_eq!(lex.patterns[0].elems.len(), 4);
        assert_eq!(lex.candidates("rendra").count(), 0);
        assert_eq!(lex.candidates("se").collect::<Vec<_>>(), vec![0]);
        let e = Lexicon::parse("t", "999\trencontr*\n").unwrap_err();
        assert!(e.starts_with("t:1:"), "{e}");
        assert!(Lexicon::parse("t", "042\t..\n").is_err());
    }

    #[test]
    fn english_phrases_match_every_finite_form_of_their_verb() {
        let lex = Lexicon::parse(
            "t",
            "192\ttook control of TGT\n161\tsevered diplomatic ties\n042\tvisited\n~190\tattack on TGT\n",
        )
        .unwrap()
        .with_english_inflections();
        let first = |i: usize, w: &str| lex.patterns[i].elems[0].matches(w);
        // Irregular and regular verbs: base, past, participle.
        for w in ["took", "take", "taken"] {
            assert!(first(0, w), "{w}");
        }
        for w in ["severed", "sever"] {
            assert!(first(1, w), "{w}");
        }
        // No "-s" (plural nouns) nor "-ing" (gerunds) forms.
        for w in ["takes", "taking", "severs", "severing"] {
            assert!(!first(0, w) && !first(1, w), "{w}");
        }
        // A one-word pattern and a nominal one stay as written.
        assert!(!first(2, "visit"));
        assert!(!first(3, "attacked"));
        // The index finds the new forms.
        assert!(lex.candidates("taken").any(|i| i == 0));
        // Short or odd words are left alone ("used" is no form of "us").
        assert!(english_lemmas("used").is_empty());
        assert_eq!(english_lemmas("rallied"), vec!["rally".to_string()]);
    }

    #[test]
    fn word_classes_expand_to_one_pattern_per_phrase() {
        let lex = Lexicon::parse(
            "t",
            "@END\tsuspended|froze|pulled out of\n@PACT\tdeal|accord\n160\t@END the @PACT with TGT\n",
        )
        .unwrap();
        // "suspended|froze the deal|accord with TGT", "pulled out of the deal|accord with TGT".
        assert_eq!(lex.len(), 2);
        assert!(lex
            .patterns
            .iter()
            .all(|p| p.code == "160" && p.origin == "t:3"));
        assert!(Lexicon::parse("t", "160\t@NONE deal\n").is_err());
    }

    /// "handed over|released|freed" reads as "handed" then one of
    /// "over|released|freed": a phrase cannot be one alternative among
    /// words. Patterns written so never match what they meant.
    #[test]
    fn no_phrase_is_written_as_one_alternative_among_verbs() {
        let particles = ["over", "off", "up", "out", "down", "back", "away"];
        for (name, body) in [
            ("en", include_str!("../../../data/events/en.txt")),
            ("fr", include_str!("../../../data/events/fr.txt")),
            ("es", include_str!("../../../data/events/es.txt")),
        ] {
            for (n, line) in body.lines().enumerate() {
                if line.starts_with('@') {
                    continue;
                }
                let Some((_, pattern)) = line.split_once('\t') else {
                    continue;
                };
                let words: Vec<&str> = pattern.split_whitespace().collect();
                for w in words.windows(2) {
                    let Some((first, rest)) = w[1].split_once('|') else {
                        continue;
                    };
                    let verbs_after = rest.split('|').any(|a| a.ends_with("ed"));
                    assert!(
                        !(particles.contains(&first) && verbs_after),
                        "data/events/{name}.txt:{}: {line}",
                        n + 1
                    );
                }
                // "sent|will send": the modal is one alternative and "send"
                // a word of its own, so the pattern asks for "sent send";
                // "was|had been" asks for "was been".
                for w in words.windows(2) {
                    let alts: Vec<&str> = w[0].split('|').collect();
                    let modal = alts
                        .iter()
                        .any(|a| matches!(*a, "will" | "would" | "shall"));
                    let verbs = alts.iter().any(|a| a.ends_with("ed") || a.ends_with('s'));
                    let been = w[1] == "been" && alts.iter().any(|a| matches!(*a, "was" | "were"));
                    assert!(
                        alts.len() < 2 || !(been || modal && verbs),
                        "data/events/{name}.txt:{}: {line}",
                        n + 1
                    );
                }
                // "weapons|arms|weapons sales": a phrase split at its space
                // leaves a word twice in one set of alternatives.
                for w in &words {
                    let alts: Vec<&str> = w.split('|').collect();
                    let mut seen = std::collections::HashSet::new();
                    assert!(
                        alts.iter().all(|a| seen.insert(*a)),
                        "data/events/{name}.txt:{}: {line}",
                        n + 1
                    );
                }
                // The other end: "intercepted|shot down" asks for
                // "intercepted down".
                for w in words.windows(2) {
                    let alts: Vec<&str> = w[0].split('|').collect();
                    assert!(
                        !(alts.len() > 1
                            && !w[1].contains('|')
                            && particles.contains(&w[1])
                            && alts.iter().filter(|a| a.ends_with("ed")).count() > 1),
                        "data/events/{name}.txt:{}: {line}",
                        n + 1
                    );
                }
            }
        }
    }

    #[test]
    fn builtin_lexicons_cover_every_root() {
        let fr = Lexicon::builtin("fr").unwrap();
        assert!(fr.len() >= 400, "{}", fr.len());
        for (root, _) in crate::cameo::ROOTS.iter().filter(|(r, _)| *r != "01") {
            assert!(
                fr.patterns
                    .iter()
                    .any(|p| crate::cameo::root(&p.code) == *root),
                "no French pattern for root {root}"
            );
        }
        assert!(Lexicon::builtin("en").unwrap().len() >= 200);
        assert!(Lexicon::builtin("es").unwrap().len() >= 150);
        assert!(Lexicon::builtin("xx").is_none());
    }

    #[test]
    fn elided_words_split_like_the_tokenizer() {
        let e = parse_pattern("s'entret* avec").unwrap();
        assert_eq!(e.len(), 3);
        assert!(e[0].matches("s'") && e[1].matches("entretenu"));
        // "froze Russia's assets": the tokenizer gives "russia", "'s", "assets".
        let e = parse_pattern("froze TGT 's assets").unwrap();
        assert_eq!(e.len(), 4);
        assert!(e[2].matches("'s") && e[3].matches("assets"));
    }

    #[test]
    fn tabari_verbs_inflect_and_take_patterns() {
        let dict = "&TIES\n+RELATIONS\n+TIES\n\n--- RESTORE  [064] ---\nRESTORE\n- * {DIPLOMATIC &TIES} [064]\n--- MEET [040] ---\nMEET {MET MEETS MEETING}\n- * (WITH) + [040]\n--- BAD [---] ---\nBLAH\n";
        let (lex, stats) = parse_tabari_verbs(dict, "en");
        assert_eq!(stats.verbs, 3);
        assert!(lex
            .patterns
            .iter()
            .any(|p| p.code == "064" && p.elems.len() == 5));
        // The default of a group with code --- makes no pattern.
        assert!(!lex.patterns.iter().any(|p| p.elems[0].matches("blah")));
        assert!(lex
            .patterns
            .iter()
            .any(|p| p.code == "040" && p.elems[0].matches("met")));
        assert!(lex.patterns.iter().any(|p| p.elems[0].matches("restored")));
        let (es, _) = parse_tabari_verbs("--- DEMAND [100] ---\nEXIGIR\n", "es");
        assert!(es.patterns[0].elems[0].matches("exigieron"));
    }

    #[test]
    fn tabari_synsets_among_verbs_are_not_verbs_and_spaced_verbs_are_phrases() {
        let dict = "--- DEMAND [100] ---\nEXIGIR\n- * &PREP GOBIERNO [100]\n\n&PREP\n+EN\n+DE\n\n--- THREATEN [139] ---\nDAR UN ULTIMATUM\n";
        let (lex, stats) = parse_tabari_verbs(dict, "es");
        assert_eq!(stats.verbs, 2, "{lex:?}");
        // No pattern starts with a preposition of the set.
        assert!(!lex.patterns.iter().any(|p| p.elems[0].matches("en")));
        // The verb of three words needs all three.
        let ult = lex.patterns.iter().find(|p| p.code == "139").unwrap();
        assert!(ult.elems.len() >= 3, "{ult:?}");
        assert!(ult.elems[0].matches("dio") || ult.elems[0].matches("dar"));
    }
}
