//! The reporting words of one language, read from `data/sources/LANG.txt`.

use std::collections::HashSet;
use std::sync::OnceLock;

/// What quotes are found with in one language.
#[derive(Debug, Default)]
pub(crate) struct Words {
    /// Single-word forms of reporting verbs ("déclaré", "said").
    pub verbs: HashSet<String>,
    /// Verbs that report a clause without "that" ("said the bridge would").
    pub bare: HashSet<String>,
    /// Phrases that put the speaker after them, as word sequences ("selon").
    pub according: Vec<Vec<String>>,
    /// Words that, right after such a phrase, make it no attribution
    /// ("selon lesquelles" opens a relative clause).
    pub not_according: HashSet<String>,
    pub pronouns: HashSet<String>,
    pub that: HashSet<String>,
    pub aux: HashSet<String>,
    pub skip: HashSet<String>,
    pub before: HashSet<String>,
}

const FR: &str = include_str!("../../../data/sources/fr.txt");
const EN: &str = include_str!("../../../data/sources/en.txt");
const ES: &str = include_str!("../../../data/sources/es.txt");

/// The built-in words of `lang` (`fr`, `en`, `es`), `None` for another language.
pub(crate) fn builtin(lang: &str) -> Option<&'static Words> {
    static CELLS: [OnceLock<Words>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let (i, text) = match lang {
        "fr" => (0, FR),
        "en" => (1, EN),
        "es" => (2, ES),
        _ => return None,
    };
    CELLS.get(i).map(|c| c.get_or_init(|| parse(text)))
}

/// Reads the sectioned word file; unknown sections are ignored so that a
/// newer file still loads.
pub(crate) fn parse(text: &str) -> Words {
    let mut w = Words::default();
    let mut section = String::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.to_string();
            continue;
        }
        let lower = line.to_lowercase();
        match section.as_str() {
            "verbs" => {
                let (stem, endings) = lower.split_once(':').unwrap_or((lower.as_str(), "-"));
                for e in endings.split_whitespace() {
                    let e = if e == "-" { "" } else { e };
                    w.verbs.insert(format!("{}{e}", stem.trim()));
                }
            }
            "according" => {
                let words: Vec<String> = crate::tokens(&lower, 0)
                    .into_iter()
                    .map(|t| t.lower)
                    .collect();
                if !words.is_empty() {
                    w.according.push(words);
                }
            }
            "bare" => {
                w.bare.insert(lower);
            }
            "not-according" => {
                w.not_according.insert(lower);
            }
            "pronouns" => {
                w.pronouns.insert(lower);
            }
            "that" => {
                w.that.insert(lower);
            }
            "aux" => {
                w.aux.insert(lower);
            }
            "skip" => {
                w.skip.insert(lower);
            }
            "before" => {
                w.before.insert(lower);
            }
            _ => {}
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_take_their_endings() {
        let fr = builtin("fr").unwrap();
        for v in ["déclaré", "affirmait", "ajouté", "dit"] {
            assert!(fr.verbs.contains(v), "{v}");
        }
        assert!(!fr.verbs.contains("déclaration"));
        assert!(fr
            .according
            .contains(&vec!["d".to_string(), "après".to_string()]));
        let en = builtin("en").unwrap();
        assert!(en.verbs.contains("said") && en.verbs.contains("told"));
        assert!(builtin("es").unwrap().verbs.contains("dijo"));
        assert!(builtin("de").is_none());
    }
}
