//! Sentence segmentation for news text in French, English and kin.
//!
//! A sentence ends at `.`, `!`, `?`, `…` (with any closing quotes or brackets after
//! them) when the next word opens a sentence (capital, digit, opening quote or
//! dialogue dash), unless the word before the full stop is an abbreviation
//! ("M.", "Mme", "Dr", "U.S.", "etc.") or an initial ("J. Biden"). Inside « »
//! quotations nothing ends, so a quoted statement stays with its "a-t-il dit".
//! A line break always ends a sentence. CJK full stops end one without a space.

use std::ops::Range;

/// Words that a full stop does not end (compared in lower case, without the dot).
const ABBREVIATIONS: &[&str] = &[
    // French titles and forms
    "m", "mm", "mme", "mmes", "mlle", "mlles", "dr", "pr", "me", "mgr", "st", "ste", "cf", "etc",
    "env", "av", "apr", "art", "chap", "p", "pp", "vol", "no", "n°", "tél", "fig", "éd", "coll",
    "gén", "col", "cdt", "lt", "sgt", "adj", "ex", "min", "max", "hab", "janv", "févr", "avr",
    "juil", "sept", "oct", "nov", "déc", "lun", "mar", "mer", "jeu", "ven", "sam", "dim",
    // English
    "mr", "mrs", "ms", "messrs", "jr", "sr", "prof", "gen", "gov", "sen", "rep", "rev", "hon",
    "capt", "cmdr", "maj", "adm", "sgt", "lt", "col", "inc", "ltd", "co", "corp", "dept", "est",
    "approx", "vs", "e.g", "i.e", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "mt", "ft", "st", "no", "nos", "fig", "al",
];

fn is_abbreviation(word: &str) -> bool {
    let w = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    if w.is_empty() {
        return false;
    }
    // Dotted acronyms and compound initials: "U.S", "J.-C", "e.g".
    if w.contains('.')
        && w.split('.')
            .all(|p| p.trim_matches('-').chars().count() <= 2)
    {
        return true;
    }
    // A single capital letter is an initial: "J. K. Rowling".
    let mut chars = w.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_uppercase() {
            return true;
        }
    }
    let lower = w.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉')
}

fn is_cjk_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '»' | ')' | ']' | '”' | '’' | '›')
}

/// Can this character begin a sentence?
fn is_opener(c: char) -> bool {
    c.is_uppercase()
        || c.is_numeric()
        || matches!(
            c,
            '«' | '"' | '\'' | '(' | '[' | '—' | '–' | '-' | '¿' | '¡' | '“' | '‹' | '•'
        )
        || (c.is_alphabetic() && !c.is_lowercase())
}

/// Byte ranges of the sentences in `text`, trimmed of surrounding white space.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for (line_start, line) in lines_with_offsets(text) {
        split_line(line, line_start, &mut out);
    }
    out
}

/// Sentences as string slices.
pub fn split_str(text: &str) -> Vec<&str> {
    split(text)
        .into_iter()
        .map(|r| text.get(r).unwrap_or_default())
        .collect()
}

fn lines_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split('\n').map(move |line| {
        let start = offset;
        offset += line.len() + 1;
        (start, line)
    })
}

fn push_trimmed(line: &str, base: usize, start: usize, end: usize, out: &mut Vec<Range<usize>>) {
    let piece = line.get(start..end).unwrap_or_default();
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        let s = base + start + lead;
        out.push(s..s + trimmed.len());
    }
}

fn split_line(line: &str, base: usize, out: &mut Vec<Range<usize>>) {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut start = 0;
    let mut quote_depth: u32 = 0;
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        match c {
            '«' => quote_depth += 1,
            '»' => quote_depth = quote_depth.saturating_sub(1),
            _ => {}
        }
        if is_cjk_terminator(c) {
            let mut j = i + 1;
            while j < chars.len()
                && (is_closer(chars[j].1) || chars[j].1 == '」' || chars[j].1 == '』')
            {
                j += 1;
            }
            let end = chars.get(j).map_or(line.len(), |x| x.0);
            push_trimmed(line, base, start, end, out);
            start = end;
            i = j;
            continue;
        }
        if !is_terminator(c) {
            i += 1;
            continue;
        }
        // Run of terminators and closing quotes: "?!", ".»", '."'.
        let mut j = i + 1;
        while j < chars.len() && (is_terminator(chars[j].1) || is_closer(chars[j].1)) {
            if chars[j].1 == '»' {
                quote_depth = quote_depth.saturating_sub(1);
            }
            j += 1;
        }
        let end = chars.get(j).map_or(line.len(), |x| x.0);
        // The next word must come after white space and look like an opener.
        let mut k = j;
        while k < chars.len() && chars[k].1.is_whitespace() {
            k += 1;
        }
        let spaced = k > j;
        let next = chars.get(k).map(|x| x.1);
        let breaks = match next {
            None => false, // end of line: the line's end closes the sentence anyway
            Some(n) => spaced && is_opener(n),
        };
        if breaks
            && quote_depth == 0
            && !(c == '.' && j == i + 1 && is_abbreviation(word_before(line, pos)))
        {
            push_trimmed(line, base, start, end, out);
            start = end;
        }
        i = j.max(i + 1);
    }
    push_trimmed(line, base, start, line.len(), out);
}

/// The word that ends right before byte `pos`.
fn word_before(line: &str, pos: usize) -> &str {
    let head = line.get(..pos).unwrap_or_default();
    // The separator may be several bytes long ('«', a no-break space).
    let begin = head
        .rfind(|c: char| c.is_whitespace() || c == '(' || c == '«' || c == '"')
        .map_or(0, |p| {
            p + head
                .get(p..)
                .unwrap_or_default()
                .chars()
                .next()
                .map_or(1, char::len_utf8)
        });
    head.get(begin..).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn french_titles_and_initials_do_not_end_sentences() {
        let s = split_str(
            "M. Tokaïev a reçu Mme Kallas et le Dr Haïdar. Ils ont parlé de J. Biden. Fin.",
        );
        assert_eq!(
            s,
            vec![
                "M. Tokaïev a reçu Mme Kallas et le Dr Haïdar.",
                "Ils ont parlé de J. Biden.",
                "Fin."
            ]
        );
    }

    #[test]
    fn english_acronyms_with_dots() {
        let s = split_str("The U.S. envoy met Mr. Lu in Tashkent. Talks went on until 9 p.m. on Friday. They resume today.");
        assert_eq!(
            s,
            vec![
                "The U.S. envoy met Mr. Lu in Tashkent.",
                "Talks went on until 9 p.m. on Friday.",
                "They resume today."
            ]
        );
    }

    #[test]
    fn guillemets_keep_a_quotation_whole() {
        let s = split_str(
            "«Nous restons neutres. Nous parlons à tous», a déclaré le ministre. La réunion a duré deux heures.",
        );
        assert_eq!(
            s,
            vec![
                "«Nous restons neutres. Nous parlons à tous», a déclaré le ministre.",
                "La réunion a duré deux heures."
            ]
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        let s = split_str("He said: \"We will not yield.\" The vote followed.");
        assert_eq!(
            s,
            vec!["He said: \"We will not yield.\"", "The vote followed."]
        );
    }

    #[test]
    fn dialogue_dashes_open_a_new_sentence() {
        let s = split_str("— Partez-vous demain ? — Oui, dès l'aube.\n— Et votre ministre ?");
        assert_eq!(
            s,
            vec![
                "— Partez-vous demain ?",
                "— Oui, dès l'aube.",
                "— Et votre ministre ?"
            ]
        );
    }

    #[test]
    fn lower_case_after_ellipsis_continues() {
        let s = split_str("Il hésita... puis signa. Le texte entre en vigueur lundi.");
        assert_eq!(
            s,
            vec![
                "Il hésita... puis signa.",
                "Le texte entre en vigueur lundi."
            ]
        );
    }

    #[test]
    fn multibyte_separator_before_a_full_stop() {
        let s = split_str("Il a salué «M. Tokaïev». Puis il est parti.");
        assert_eq!(s.len(), 2);
    }

    #[test]
    fn chinese_full_stops() {
        let s = split_str("外长抵达阿斯塔纳。会谈持续两小时。");
        assert_eq!(s, vec!["外长抵达阿斯塔纳。", "会谈持续两小时。"]);
    }

    proptest! {
        #[test]
        fn ranges_are_ordered_char_aligned_and_non_empty(text in "\\PC{0,200}") {
            let mut last = 0;
            for r in split(&text) {
                prop_assert!(r.start >= last && r.start < r.end && r.end <= text.len());
                prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
                prop_assert!(!text[r.clone()].trim().is_empty());
                last = r.end;
            }
        }
    }
}
