//! Reading a language's time file (`data/time/LANG.txt`): word sections and
//! pattern templates, compiled into one regex per pattern.

use std::collections::HashMap;

use regex::Regex;

/// One compiled pattern: the rule that normalises it and its regex.
#[derive(Debug)]
pub struct Pattern {
    pub rule: String,
    pub regex: Regex,
}

impl Pattern {
    /// Every match that starts at a word boundary, left to right.
    pub fn find_all<'t>(&self, text: &'t str) -> Vec<regex::Captures<'t>> {
        let mut out = Vec::new();
        let mut pos = 0;
        while pos <= text.len() {
            let Some(caps) = self.regex.captures_at(text, pos) else {
                break;
            };
            let Some(m) = caps.name("m") else { break };
            let boundary = text
                .get(..m.start())
                .unwrap_or_default()
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            if boundary {
                pos = m.end().max(m.start() + 1);
                out.push(caps);
            } else {
                pos = m.start()
                    + text
                        .get(m.start()..)
                        .unwrap_or_default()
                        .chars()
                        .next()
                        .map_or(1, char::len_utf8);
            }
            while pos < text.len() && !text.is_char_boundary(pos) {
                pos += 1;
            }
        }
        out
    }
}

/// A language's words and patterns.
#[derive(Debug)]
pub struct Lexicon {
    /// Section name to (word, value), lower case.
    pub sections: HashMap<String, Vec<(String, String)>>,
    pub patterns: Vec<Pattern>,
}

impl Lexicon {
    /// The value of `word` in `section`, compared in lower case with spaces folded.
    pub fn value(&self, section: &str, word: &str) -> Option<&str> {
        let w = fold(word);
        self.sections
            .get(section)?
            .iter()
            .find(|(k, _)| *k == w)
            .map(|(_, v)| v.as_str())
    }

    /// Like [`Lexicon::value`], over several sections.
    pub fn value_in(&self, sections: &[&str], word: &str) -> Option<&str> {
        sections.iter().find_map(|s| self.value(s, word))
    }

    pub fn parse(name: &str, body: &str) -> Result<Lexicon, String> {
        let mut sections: HashMap<String, Vec<(String, String)>> = HashMap::new();
        let mut templates = Vec::new();
        let mut current: Option<String> = None;
        for (i, raw) in body.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let at = |m: &str| format!("{name}:{}: {m}", i + 1);
            if let Some(sec) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                current = Some(sec.to_string());
                continue;
            }
            let sec = current
                .as_deref()
                .ok_or_else(|| at("entry before any [section]"))?;
            if sec == "patterns" {
                let (rule, pat) = line
                    .split_once(char::is_whitespace)
                    .ok_or_else(|| at("expected `RULE REGEX`"))?;
                templates.push((rule.to_string(), pat.trim().to_string(), i + 1));
            } else {
                let (word, value) = line
                    .rsplit_once(char::is_whitespace)
                    .ok_or_else(|| at("expected `word VALUE`"))?;
                sections
                    .entry(sec.to_string())
                    .or_default()
                    .push((fold(word), value.to_string()));
            }
        }
        let mut patterns = Vec::new();
        for (rule, template, line) in templates {
            let expanded =
                expand(&template, &sections).map_err(|m| format!("{name}:{line}: {m}"))?;
            // Word boundaries by hand (a letter or digit may not touch either end),
            // unlike Unicode `\b` this keeps the fast engines. The leading one is
            // checked by the caller ([`Pattern::find_all`]): in the regex it would
            // hide the literal prefixes that let the engine skip ahead.
            let full = format!(r"(?i)(?P<m>{expanded})(?:$|[^\p{{L}}\p{{N}}])");
            let regex =
                Regex::new(&full).map_err(|e| format!("{name}:{line}: bad pattern: {e}"))?;
            patterns.push(Pattern { rule, regex });
        }
        Ok(Lexicon { sections, patterns })
    }
}

/// Lower case, single spaces.
pub fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Replaces `{section}` with an alternation of the section's words, longest first.
fn expand(
    template: &str,
    sections: &HashMap<String, Vec<(String, String)>>,
) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = rest
            .get(open..)
            .unwrap_or_default()
            .find('}')
            .map(|c| open + c)
            .ok_or("unclosed {")?;
        let name = rest.get(open + 1..close).unwrap_or_default();
        // `{2}`-style repetition counts are regex syntax, not sections.
        if name.chars().all(|c| c.is_ascii_digit() || c == ',') {
            out.push_str(rest.get(..=close).unwrap_or_default());
            rest = rest.get(close + 1..).unwrap_or_default();
            continue;
        }
        let words = sections
            .get(name)
            .ok_or_else(|| format!("unknown section {{{name}}}"))?;
        let mut alts: Vec<String> = words
            .iter()
            .map(|(w, _)| regex::escape(w).replace(r"\ ", " ").replace(' ', r"\s+"))
            .collect();
        alts.sort_by_key(|a| std::cmp::Reverse(a.len()));
        alts.dedup();
        out.push_str(rest.get(..open).unwrap_or_default());
        out.push_str("(?:");
        out.push_str(&alts.join("|"));
        out.push(')');
        rest = rest.get(close + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_and_patterns() {
        let lex = Lexicon::parse(
            "t",
            "[month]\nmars 3\nmai 5\n[patterns]\nm  en\\s+(?P<month>{month})\n",
        )
        .unwrap();
        assert_eq!(lex.value("month", "MARS"), Some("3"));
        let c = lex.patterns[0].regex.captures("parti en mai.").unwrap();
        assert_eq!(&c["m"], "en mai");
        assert!(lex.patterns[0].regex.captures("en maitre").is_none());
    }

    #[test]
    fn errors_say_where() {
        assert_eq!(
            Lexicon::parse("t", "mars 3").unwrap_err(),
            "t:1: entry before any [section]"
        );
        assert!(Lexicon::parse("t", "[patterns]\nm {nope}")
            .unwrap_err()
            .starts_with("t:2: unknown section"));
    }
}
