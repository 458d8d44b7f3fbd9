//! Boilerplate lines: share rows, "read also" teasers, comment notices, video
//! placeholders, newsletter calls, copyright and credit lines, cookie banners.
//!
//! The rules are data, one file per language under `data/boilerplate/`, compiled into
//! the binary so that a fresh machine needs nothing else. Each rule line reads
//! `KIND  REGEX`; the regex is matched case-insensitively against the whole trimmed
//! line. Every file applies to every article: a French page often carries an English
//! comment widget.

use std::sync::OnceLock;

use regex::RegexSet;
use steppe_model::RemovedLine;

/// The shipped rule files, by language.
pub const RULE_FILES: &[(&str, &str)] = &[
    (
        "common",
        include_str!("../../../data/boilerplate/common.txt"),
    ),
    ("fr", include_str!("../../../data/boilerplate/fr.txt")),
    ("en", include_str!("../../../data/boilerplate/en.txt")),
    ("es", include_str!("../../../data/boilerplate/es.txt")),
    ("de", include_str!("../../../data/boilerplate/de.txt")),
];

/// Lines longer than this are prose, never boilerplate; skipping them keeps the
/// scan cheap on long paragraphs.
const MAX_BOILERPLATE_LINE: usize = 400;

/// A compiled set of line rules.
#[derive(Debug)]
pub struct Rules {
    set: RegexSet,
    kinds: Vec<String>,
}

/// A rule file that could not be read, with where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for RuleError {}

impl Rules {
    /// Parses rule files given as `(name, contents)`.
    pub fn parse(files: &[(&str, &str)]) -> Result<Rules, RuleError> {
        let mut patterns = Vec::new();
        let mut kinds = Vec::new();
        for (name, body) in files {
            for (i, raw) in body.lines().enumerate() {
                let line = raw.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let err = |message: String| RuleError {
                    file: name.to_string(),
                    line: i + 1,
                    message,
                };
                let (kind, pattern) = line
                    .split_once(char::is_whitespace)
                    .ok_or_else(|| err("expected `KIND REGEX`".into()))?;
                // ASCII word boundaries keep the set on the fast DFA engine; a Unicode
                // `\b` would push every line through the slow PikeVM.
                let pattern = pattern.trim().replace("\\b", "(?-u:\\b)");
                let anchored = format!("(?i)^(?:{pattern})$");
                regex::Regex::new(&anchored).map_err(|e| err(format!("bad regex: {e}")))?;
                patterns.push(anchored);
                kinds.push(kind.to_string());
            }
        }
        let set = RegexSet::new(&patterns).map_err(|e| RuleError {
            file: "(all)".into(),
            line: 0,
            message: e.to_string(),
        })?;
        Ok(Rules { set, kinds })
    }

    /// The rules shipped with steppe, compiled once.
    pub fn builtin() -> &'static Rules {
        static RULES: OnceLock<Rules> = OnceLock::new();
        RULES.get_or_init(|| match Rules::parse(RULE_FILES) {
            Ok(r) => r,
            // The files are compiled in and covered by tests; a failure here is a
            // build defect, not bad input.
            Err(e) => panic!("built-in boilerplate rules are invalid: {e}"),
        })
    }

    pub fn len(&self) -> usize {
        self.kinds.len()
    }

    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }

    /// The kind of boilerplate a line is, if it is one.
    pub fn classify(&self, line: &str) -> Option<&str> {
        let line = line.trim();
        if line.is_empty() || line.len() > MAX_BOILERPLATE_LINE {
            return None;
        }
        self.set
            .matches(line)
            .iter()
            .next()
            .map(|i| self.kinds[i].as_str())
    }

    /// Splits paragraphs into those kept and those removed.
    pub fn filter<'a>(
        &self,
        paragraphs: impl IntoIterator<Item = &'a str>,
    ) -> (Vec<&'a str>, Vec<RemovedLine>) {
        let mut kept = Vec::new();
        let mut removed = Vec::new();
        for p in paragraphs {
            match self.classify(p) {
                Some(kind) => removed.push(RemovedLine {
                    kind: kind.to_string(),
                    text: p.trim().to_string(),
                }),
                None => kept.push(p),
            }
        }
        (kept, removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(line: &str) -> Option<&'static str> {
        Rules::builtin().classify(line)
    }

    #[test]
    fn builtin_rules_compile() {
        assert!(Rules::builtin().len() > 30);
    }

    #[test]
    fn share_rows_are_found_alone_or_together() {
        assert_eq!(kind("Facebook"), Some("share"));
        assert_eq!(kind("WhatsApp"), Some("share"));
        assert_eq!(
            kind("Partager : Facebook | X | LinkedIn | E-mail"),
            Some("share")
        );
        assert_eq!(
            kind("Facebook a annoncé la fermeture de son bureau à Moscou."),
            None
        );
    }

    #[test]
    fn teasers_in_french_and_english() {
        assert_eq!(
            kind("• À lire aussi: Le Parlement vote la réforme des retraites"),
            Some("teaser")
        );
        assert_eq!(
            kind("LIRE AUSSI | Sanctions : ce que change le onzième paquet"),
            Some("teaser")
        );
        assert_eq!(
            kind("En savoir plus Pourquoi la Caspienne attire les investisseurs"),
            Some("teaser")
        );
        assert_eq!(
            kind("Read more: How the Caspian route reshapes trade"),
            Some("teaser")
        );
        assert_eq!(kind("Related"), Some("teaser"));
        assert_eq!(kind("Related talks will resume in Geneva next week."), None);
    }

    #[test]
    fn comment_widgets_video_and_newsletters() {
        assert_eq!(kind("Laisser un commentaire"), Some("comments"));
        assert_eq!(kind("12 comments"), Some("comments"));
        assert_eq!(kind("Vidéo Dailymotion"), Some("video"));
        assert_eq!(
            kind("Inscrivez-vous à notre newsletter quotidienne"),
            Some("newsletter")
        );
        assert_eq!(
            kind("© 2023 Le Courrier des steppes. Tous droits réservés."),
            Some("copyright")
        );
        assert_eq!(kind("Reuters"), Some("credit"));
        assert_eq!(
            kind("Nous utilisons des cookies pour améliorer votre expérience. Accepter"),
            Some("cookies")
        );
    }

    #[test]
    fn prose_is_kept() {
        for line in [
            "Le ministre a rappelé que la Russie reste un partenaire.",
            "Réunion du G20 en Inde le 1er mars",
            "Twitter users in Almaty reported long queues at the border.",
            "Copyright law was the main topic of the hearing in Brussels.",
        ] {
            assert_eq!(kind(line), None, "{line}");
        }
    }

    #[test]
    fn bad_rule_files_say_where() {
        let err = Rules::parse(&[("x", "share (unclosed")]).unwrap_err();
        assert_eq!(err.line, 1);
        assert!(err.to_string().starts_with("x:1: bad regex"));
        let err = Rules::parse(&[("x", "# c\n\nlonely")]).unwrap_err();
        assert_eq!(err.line, 3);
    }
}
