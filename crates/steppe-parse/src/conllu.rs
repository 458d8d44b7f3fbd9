//! CoNLL-U reading: syntactic words (multiword-token lines such as `1-2 du`
//! are kept apart, empty nodes `8.1` are skipped), and writing.

/// A gold sentence: syntactic words with their annotation; index 0 of `words`
/// is word 1 of the file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GoldSentence {
    pub words: Vec<GoldWord>,
    /// Multiword tokens: (first word index, last word index, surface form), 0-based.
    pub multiword: Vec<(usize, usize, String)>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct GoldWord {
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    pub feats: String,
    /// 0 = root, else 1-based index of the head.
    pub head: usize,
    pub deprel: String,
}

/// Reads sentences; a malformed line is an error naming its line.
pub fn parse(name: &str, text: &str) -> Result<Vec<GoldSentence>, String> {
    let mut out = Vec::new();
    let mut cur = GoldSentence::default();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.words.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 8 {
            return Err(format!(
                "{name}:{}: expected 10 tab-separated columns",
                i + 1
            ));
        }
        let id = cols[0];
        if id.contains('.') {
            continue;
        }
        if let Some((a, b)) = id.split_once('-') {
            let (Ok(a), Ok(b)) = (a.parse::<usize>(), b.parse::<usize>()) else {
                return Err(format!("{name}:{}: bad range {id}", i + 1));
            };
            if a >= 1 && b >= a {
                cur.multiword.push((a - 1, b - 1, cols[1].to_string()));
            }
            continue;
        }
        let head = match cols[6] {
            "_" => 0,
            h => h
                .parse::<usize>()
                .map_err(|_| format!("{name}:{}: bad head {h}", i + 1))?,
        };
        cur.words.push(GoldWord {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            feats: cols[5].to_string(),
            head,
            deprel: cols[7].to_string(),
        });
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    for s in &out {
        let n = s.words.len();
        if s.words.iter().any(|w| w.head > n) {
            return Err(format!(
                "{name}: a head out of range in a sentence of {n} words"
            ));
        }
    }
    Ok(out)
}

/// CoNLL-U text of parsed sentences (no multiword lines; ranges in `MISC`).
pub fn write(sentences: &[crate::Sentence]) -> String {
    let mut s = String::new();
    for sent in sentences {
        for (i, t) in sent.tokens.iter().enumerate() {
            s.push_str(&format!(
                "{}\t{}\t{}\t{}\t_\t_\t{}\t{}\t_\tRange={}:{}\n",
                i + 1,
                t.form,
                t.lemma,
                t.upos,
                t.head,
                t.deprel,
                t.range.start,
                t.range.end
            ));
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_words_and_multiword_tokens() {
        let text = "# text = Il parle du vent.\n1\tIl\til\tPRON\t_\t_\t2\tnsubj\t_\t_\n2\tparle\tparler\tVERB\t_\t_\t0\troot\t_\t_\n3-4\tdu\t_\t_\t_\t_\t_\t_\t_\t_\n3\tde\tde\tADP\t_\t_\t5\tcase\t_\t_\n4\tle\tle\tDET\t_\t_\t5\tdet\t_\t_\n5\tvent\tvent\tNOUN\t_\t_\t2\tobl\t_\t_\n5.1\tx\tx\tX\t_\t_\t_\t_\t_\t_\n6\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_\n";
        let s = parse("t", text).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].words.len(), 6);
        assert_eq!(s[0].multiword, vec![(2, 3, "du".to_string())]);
        assert_eq!(s[0].words[4].head, 2);
        assert!(parse("t", "1\tx\n").unwrap_err().starts_with("t:1:"));
    }
}
