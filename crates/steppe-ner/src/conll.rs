//! CoNLL-style files: `index TAB token TAB BIO-tag`, a blank line between
//! sentences (`-DOCSTART-` lines are skipped).

use crate::Sentence;

/// Reads sentences; a malformed line is an error naming its line.
pub fn parse(name: &str, text: &str) -> Result<Vec<Sentence>, String> {
    parse_documents(name, text).map(|(s, _)| s)
}

/// [`parse`] with the document of each sentence: a `-DOCSTART-` line opens
/// one; in a file without them each sentence is its own document (a whole
/// file is no story to remember names across).
pub fn parse_documents(name: &str, text: &str) -> Result<(Vec<Sentence>, Vec<usize>), String> {
    let mut out = Vec::new();
    let mut docs = Vec::new();
    let mut doc = 0usize;
    let mut marked = false;
    let mut words = Vec::new();
    let mut tags = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !words.is_empty() {
                out.push((std::mem::take(&mut words), std::mem::take(&mut tags)));
                docs.push(doc);
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let (word, tag) = match cols.as_slice() {
            [_, w, t, ..] => (*w, *t),
            [w, t] => (*w, *t),
            _ => {
                return Err(format!(
                    "{name}:{}: expected `index TAB token TAB tag`",
                    i + 1
                ))
            }
        };
        if word == "-DOCSTART-" {
            if !words.is_empty() {
                out.push((std::mem::take(&mut words), std::mem::take(&mut tags)));
                docs.push(doc);
            }
            doc += usize::from(marked || !out.is_empty());
            marked = true;
            continue;
        }
        words.push(word.to_string());
        tags.push(tag.trim().to_string());
    }
    if !words.is_empty() {
        out.push((words, tags));
        docs.push(doc);
    }
    if !marked {
        docs = (0..out.len()).collect();
    }
    Ok((out, docs))
}

/// Entity spans `(start, end, type)` of a BIO tag sequence; an `I-X` that does
/// not continue a span of type X opens one, as conlleval reads it.
pub fn spans(tags: &[impl AsRef<str>]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (i, t) in tags.iter().enumerate() {
        let t = t.as_ref();
        let (prefix, kind) = t.split_once('-').unwrap_or((t, ""));
        let continues = prefix == "I" && open.as_ref().is_some_and(|(_, k)| k == kind);
        if !continues {
            if let Some((s, k)) = open.take() {
                out.push((s, i, k));
            }
            if prefix == "B" || prefix == "I" {
                open = Some((i, kind.to_string()));
            }
        }
    }
    if let Some((s, k)) = open {
        out.push((s, tags.len(), k));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sentences_and_spans() {
        let s = parse("t", "0\t-DOCSTART-\tO\n\n0\tAntony\tB-PER\n1\tBlinken\tI-PER\n2\tà\tO\n3\tAstana\tB-LOC\n\n0\tOK\tO\n").unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(
            spans(&s[0].1),
            vec![(0, 2, "PER".to_string()), (3, 4, "LOC".to_string())]
        );
        assert_eq!(
            spans(&["I-ORG", "I-ORG", "O", "I-PER"]),
            vec![(0, 2, "ORG".into()), (3, 4, "PER".into())]
        );
        assert!(parse("t", "lonely").unwrap_err().starts_with("t:1:"));
        let two = "0\t-DOCSTART-\tO\n\n0\tA\tO\n\n0\tB\tO\n\n0\t-DOCSTART-\tO\n\n0\tC\tO\n";
        assert_eq!(parse_documents("t", two).unwrap().1, vec![0, 0, 1]);
        // Without document marks, every sentence stands alone.
        let plain = "0\tA\tO\n\n0\tB\tO\n";
        assert_eq!(parse_documents("t", plain).unwrap().1, vec![0, 1]);
    }
}
