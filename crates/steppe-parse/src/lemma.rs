//! A lemmatiser learned from a treebank: a table of (form, UPOS) → lemma for
//! the words it has seen, and suffix rules (strip n characters, append a
//! string) chosen by the longest known ending of the word for its UPOS.

use std::collections::HashMap;
use std::io::{self, Read, Write};

use crate::feat::{prefix, read_str, read_u32, suffix, write_str, write_u32};

const MAX_SUFFIX: usize = 6;

/// Looked up by `&str` (no key is allocated per word).
#[derive(Default)]
pub struct Lemmatiser {
    /// form → (upos, lemma), for forms seen in training.
    table: HashMap<String, Vec<(u8, String)>>,
    /// By UPOS: lower-case ending → (characters to strip, string to append).
    rules: Vec<HashMap<String, (u8, String)>>,
}

/// Lower case, but proper nouns keep their case.
fn base<'a>(form: &'a str, lower: &'a str, upos: u8) -> &'a str {
    if crate::tagger::UPOS.get(upos as usize) == Some(&"PROPN") {
        form
    } else {
        lower
    }
}

fn transformation(form: &str, lemma: &str) -> (u8, String) {
    let f: Vec<char> = form.chars().collect();
    let l: Vec<char> = lemma.chars().collect();
    let common = f.iter().zip(&l).take_while(|(a, b)| a == b).count();
    let strip = (f.len() - common).min(255) as u8;
    (strip, l[common..].iter().collect())
}

impl Lemmatiser {
    /// Learns from (form, upos index, lemma) triples.
    pub fn train<'a>(words: impl Iterator<Item = (&'a str, u8, &'a str)>) -> Lemmatiser {
        let mut seen: HashMap<(String, u8), HashMap<String, u32>> = HashMap::new();
        let mut rule_counts: HashMap<(u8, String), HashMap<(u8, String), u32>> = HashMap::new();
        for (form, upos, lemma) in words {
            if lemma == "_" || lemma.is_empty() {
                continue;
            }
            *seen
                .entry((form.to_string(), upos))
                .or_default()
                .entry(lemma.to_string())
                .or_default() += 1;
            let lower = form.to_lowercase();
            let b = base(form, &lower, upos);
            let t = transformation(b, lemma);
            for n in 0..=MAX_SUFFIX.min(b.chars().count()) {
                *rule_counts
                    .entry((upos, suffix(b, n).to_string()))
                    .or_default()
                    .entry(t.clone())
                    .or_default() += 1;
            }
        }
        let best = |m: HashMap<String, u32>| {
            let mut v: Vec<_> = m.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            v.into_iter().next().map(|x| x.0).unwrap_or_default()
        };
        let mut out = Lemmatiser::default();
        for ((form, upos), m) in seen {
            out.add_form(form, upos, best(m));
        }
        for (k, m) in rule_counts {
            let total: u32 = m.values().sum();
            let mut v: Vec<_> = m.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            if let Some((t, c)) = v.into_iter().next() {
                // Keep endings seen enough to trust (the empty ending always).
                if k.1.is_empty() || (total >= 2 && c * 2 > total) {
                    out.add_rule(k.0, k.1, t);
                }
            }
        }
        out
    }

    fn add_form(&mut self, form: String, upos: u8, lemma: String) {
        let e = self.table.entry(form).or_default();
        e.retain(|(u, _)| *u != upos);
        e.push((upos, lemma));
    }

    fn add_rule(&mut self, upos: u8, ending: String, t: (u8, String)) {
        let u = upos as usize;
        if self.rules.len() <= u {
            self.rules.resize_with(u + 1, HashMap::new);
        }
        self.rules[u].insert(ending, t);
    }

    fn known(&self, form: &str, upos: u8) -> Option<&str> {
        self.table
            .get(form)?
            .iter()
            .find(|(u, _)| *u == upos)
            .map(|(_, l)| l.as_str())
    }

    pub fn lemma(&self, form: &str, upos: u8) -> String {
        self.lemma_lower(form, &form.to_lowercase(), upos)
    }

    /// [`Lemmatiser::lemma`] with the form in lower case already made.
    pub fn lemma_lower(&self, form: &str, lower: &str, upos: u8) -> String {
        if let Some(l) = self.known(form, upos).or_else(|| self.known(lower, upos)) {
            return l.to_string();
        }
        let b = base(form, lower, upos);
        let Some(rules) = self.rules.get(upos as usize) else {
            return b.to_string();
        };
        let chars = b.chars().count();
        for n in (0..=MAX_SUFFIX.min(chars)).rev() {
            if let Some((strip, add)) = rules.get(suffix(b, n)) {
                let strip = *strip as usize;
                if strip <= chars {
                    let mut s = prefix(b, chars - strip).to_string();
                    s.push_str(add);
                    if !s.is_empty() {
                        return s;
                    }
                }
                break;
            }
        }
        b.to_string()
    }

    pub fn write(&self, w: &mut dyn Write) -> io::Result<()> {
        let mut t: Vec<(&String, u8, &String)> = self
            .table
            .iter()
            .flat_map(|(f, v)| v.iter().map(move |(u, l)| (f, *u, l)))
            .collect();
        t.sort();
        write_u32(w, t.len() as u32)?;
        for (f, u, l) in t {
            write_str(w, f)?;
            w.write_all(&[u])?;
            write_str(w, l)?;
        }
        let mut r: Vec<(u8, &String, &(u8, String))> = self
            .rules
            .iter()
            .enumerate()
            .flat_map(|(u, m)| m.iter().map(move |(e, t)| (u as u8, e, t)))
            .collect();
        r.sort();
        write_u32(w, r.len() as u32)?;
        for (u, e, (s, a)) in r {
            w.write_all(&[u, *s])?;
            write_str(w, e)?;
            write_str(w, a)?;
        }
        Ok(())
    }

    pub fn read(r: &mut dyn Read) -> io::Result<Lemmatiser> {
        let mut out = Lemmatiser::default();
        let n = read_u32(r)?;
        for _ in 0..n {
            let f = read_str(r)?;
            let mut u = [0u8; 1];
            r.read_exact(&mut u)?;
            let l = read_str(r)?;
            out.add_form(f, u[0], l);
        }
        let n = read_u32(r)?;
        for _ in 0..n {
            let mut us = [0u8; 2];
            r.read_exact(&mut us)?;
            let e = read_str(r)?;
            let a = read_str(r)?;
            out.add_rule(us[0], e, (us[1], a));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tagger::upos_index;

    #[test]
    fn table_and_suffix_rules() {
        let v = upos_index("VERB");
        let n = upos_index("NOUN");
        let data = [
            ("walked", v, "walk"),
            ("talked", v, "talk"),
            ("jumped", v, "jump"),
            ("went", v, "go"),
            ("cats", n, "cat"),
            ("dogs", n, "dog"),
        ];
        let l = Lemmatiser::train(data.iter().map(|&(f, u, l)| (f, u, l)));
        assert_eq!(l.lemma("went", v), "go");
        assert_eq!(l.lemma("Went", v), "go");
        assert_eq!(l.lemma("parked", v), "park");
        assert_eq!(l.lemma("birds", n), "bird");
        let mut buf = Vec::new();
        l.write(&mut buf).unwrap();
        let back = Lemmatiser::read(&mut buf.as_slice()).unwrap();
        assert_eq!(back.lemma("parked", v), "park");
    }
}
