//! The last step every reader shares: from a raw document to a clean [`Article`].
//!
//! Normalise, split into paragraphs, take out boilerplate (kept in `removed`),
//! find a headline in plain text, fold a headline repeated at the top of the
//! body, identify the language, and derive the id from the content.

use sha2::{Digest, Sha256};
use steppe_model::{Article, DateOrigin, Format, Published, RemovedLine};
use steppe_text::{boilerplate::Rules, lang, normalize};

/// A document as a reader found it, before cleaning.
#[derive(Debug, Clone)]
pub struct RawDoc {
    pub path: String,
    pub item: u32,
    pub format: Format,
    pub url: Option<String>,
    pub source: Option<String>,
    pub title: Option<String>,
    pub author: Option<String>,
    /// A language the input states for this document (a JSONL `lang` field,
    /// a text header): trusted when it is a known code.
    pub lang_hint: Option<String>,
    /// A language the page or feed declares for itself (`<html lang>`, a feed's
    /// `<language>`): templates often get it wrong, so the text decides and this
    /// is used only when the text is too short or unclear.
    pub lang_declared: Option<String>,
    pub published: Option<(Published, DateOrigin)>,
    pub body: String,
    /// Whether the first paragraph may be a headline (plain text with no title given).
    pub find_headline: bool,
    pub warnings: Vec<String>,
}

impl RawDoc {
    pub fn new(path: &str, item: u32, format: Format, body: String) -> RawDoc {
        RawDoc {
            path: path.to_string(),
            item,
            format,
            url: None,
            source: None,
            title: None,
            author: None,
            lang_hint: None,
            lang_declared: None,
            published: None,
            body,
            find_headline: false,
            warnings: Vec::new(),
        }
    }
}

/// Below this confidence a page's own language declaration wins over detection.
const UNSURE_LANG: f32 = 0.5;

/// Longest first paragraph still read as a headline.
const MAX_HEADLINE_CHARS: usize = 250;
const MAX_HEADLINE_WORDS: usize = 35;

/// Line widths (in characters) at which text can be hard-wrapped.
const WRAP_WIDTHS: std::ops::RangeInclusive<usize> = 20..=100;

/// Splits normalised text into paragraphs: one a line, as in most saved news
/// text, except in text hard-wrapped at a fixed width (no line wider than
/// 100 characters), where a line that fills most of the width and does not
/// end a sentence (or is followed by a lower-case word) continues on the next.
pub fn paragraphs(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let width = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let wrapped = WRAP_WIDTHS.contains(&width);
    let mut out: Vec<String> = Vec::new();
    let mut joinable = false;
    for l in lines {
        if l.is_empty() {
            joinable = false;
            continue;
        }
        let continues = joinable && {
            let prev = out.last().map(String::as_str).unwrap_or("");
            !prev.ends_with(['.', '!', '?', '»', '"', ':', ';'])
                || l.chars().next().is_some_and(char::is_lowercase)
        };
        match out.last_mut() {
            Some(p) if continues => {
                p.push(' ');
                p.push_str(l);
            }
            _ => out.push(l.to_string()),
        }
        joinable = wrapped && l.chars().count() * 10 >= width * 6;
    }
    out
}

fn looks_like_headline(p: &str, rest: usize) -> bool {
    let p = p.trim();
    rest > 0
        && !p.is_empty()
        && p.chars().count() <= MAX_HEADLINE_CHARS
        && p.split_whitespace().count() <= MAX_HEADLINE_WORDS
        && !p.ends_with(['.', ',', ';', ':'])
        && p.chars().next().is_some_and(|c| !c.is_lowercase())
}

/// Content id: the first 96 bits of SHA-256 over title and text, in hex.
pub fn content_id(title: Option<&str>, text: &str) -> String {
    let mut h = Sha256::new();
    h.update(title.unwrap_or("").as_bytes());
    h.update([0u8]);
    h.update(text.as_bytes());
    let digest = h.finalize();
    digest[..12].iter().map(|b| format!("{b:02x}")).collect()
}

/// Turns a raw document into an article, or says why it holds none.
pub fn finish(raw: RawDoc) -> Result<Article, String> {
    let rules = Rules::builtin();
    let body = normalize::normalize(&raw.body);
    let paras = paragraphs(&body);
    let (kept, mut removed) = rules.filter(paras.iter().map(String::as_str));
    let mut kept: Vec<&str> = kept;
    let mut title = raw
        .title
        .as_deref()
        .map(normalize::normalize_inline)
        .filter(|t| !t.is_empty());
    if title.is_none() && raw.find_headline {
        if let Some(first) = kept.first().copied() {
            if looks_like_headline(first, kept.len() - 1) {
                title = Some(normalize::normalize_inline(first));
                kept.remove(0);
            }
        }
    }
    // A headline repeated at the top of the body (as many CMSs print it) is folded.
    if let Some(t) = &title {
        let folded = normalize::fold_for_compare(t);
        while let Some(first) = kept.first() {
            if !folded.is_empty() && normalize::fold_for_compare(first) == folded {
                removed.push(RemovedLine {
                    kind: "title".into(),
                    text: first.to_string(),
                });
                kept.remove(0);
            } else {
                break;
            }
        }
    }
    let mut author = raw
        .author
        .as_deref()
        .map(normalize::normalize_inline)
        .filter(|a| !a.is_empty());
    if author.is_none() {
        author = removed
            .iter()
            .find(|r| r.kind == "credit")
            .map(|r| r.text.clone());
    }
    let text = kept.join("\n\n");
    if text.trim().is_empty() {
        return Err(if removed.is_empty() {
            "no text".to_string()
        } else {
            format!(
                "no text left after removing {} boilerplate line(s)",
                removed.len()
            )
        });
    }
    let mut warnings = raw.warnings;
    let (lang, lang_confidence) = match raw.lang_hint.as_deref().map(str::to_ascii_lowercase) {
        Some(code) if lang::is_known_code(&code) => (Some(code), 1.0),
        hint => {
            if let Some(h) = hint {
                warnings.push(format!("unknown language code {h:?} ignored"));
            }
            let sample = match &title {
                Some(t) => format!(
                    "{t}\n{}",
                    text.get(..floor_boundary(&text, 2000)).unwrap_or_default()
                ),
                None => text
                    .get(..floor_boundary(&text, 2000))
                    .unwrap_or_default()
                    .to_string(),
            };
            let declared = raw
                .lang_declared
                .as_deref()
                .map(|d| {
                    d.chars()
                        .take_while(char::is_ascii_alphabetic)
                        .collect::<String>()
                        .to_ascii_lowercase()
                })
                .filter(|d| lang::is_known_code(d));
            match (lang::detect(&sample), declared) {
                (Some(g), _) if g.confidence >= UNSURE_LANG => {
                    (Some(g.code.to_string()), g.confidence)
                }
                (_, Some(d)) => (Some(d), UNSURE_LANG),
                (Some(g), None) => (Some(g.code.to_string()), g.confidence),
                (None, None) => (None, 0.0),
            }
        }
    };
    let (published, date_origin) = match raw.published {
        Some((p, o)) => (Some(p), o),
        None => (None, DateOrigin::None),
    };
    Ok(Article {
        id: content_id(title.as_deref(), &text),
        path: raw.path,
        item: raw.item,
        format: raw.format,
        url: raw.url,
        source: raw
            .source
            .map(|s| normalize::normalize_inline(&s))
            .filter(|s| !s.is_empty()),
        title,
        author,
        lang,
        lang_confidence,
        published,
        date_origin,
        text,
        removed,
        warnings,
    })
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hard_wrapped_text_is_rejoined() {
        let t =
            "Le ministre est arrivé à\nAstana mardi matin.\n\nIl repartira pour\nTachkent jeudi.";
        assert_eq!(
            paragraphs(t),
            vec![
                "Le ministre est arrivé à Astana mardi matin.",
                "Il repartira pour Tachkent jeudi."
            ]
        );
    }

    #[test]
    fn short_boilerplate_lines_are_not_joined() {
        let t = "Titre court\n\nLes présidents ont annoncé lundi la réouverture de trois postes-frontières fermés depuis 2022.\nÀ lire aussi : Ferghana\nFacebook\nTwitter";
        assert_eq!(paragraphs(t).len(), 5);
    }

    #[test]
    fn one_paragraph_per_line_otherwise() {
        let t = "Une première ligne assez longue pour un paragraphe de presse ordinaire, avec une phrase complète.\nUne seconde ligne, tout aussi longue, qui forme un autre paragraphe du même article de presse.";
        assert_eq!(paragraphs(t).len(), 2);
    }

    #[test]
    fn headline_found_and_repeat_folded() {
        let mut raw = RawDoc::new(
            "a.txt",
            0,
            Format::Text,
            "Sommet à Samarcande | Monde\n\nSommet à  Samarcande |  Monde\n\nLes cinq dirigeants se sont réunis jeudi.\nFacebook\nTwitter".into(),
        );
        raw.find_headline = true;
        let a = finish(raw).unwrap();
        assert_eq!(a.title.as_deref(), Some("Sommet à Samarcande | Monde"));
        assert_eq!(a.text, "Les cinq dirigeants se sont réunis jeudi.");
        let kinds: Vec<&str> = a.removed.iter().map(|r| r.kind.as_str()).collect();
        assert_eq!(kinds, vec!["share", "share", "title"]);
        assert_eq!(a.lang.as_deref(), Some("fr"));
    }

    #[test]
    fn a_sentence_is_not_a_headline() {
        let mut raw = RawDoc::new(
            "b.txt",
            0,
            Format::Text,
            "Le ministre est arrivé mardi à Astana.\nIl y restera deux jours.".into(),
        );
        raw.find_headline = true;
        let a = finish(raw).unwrap();
        assert_eq!(a.title, None);
        assert!(a.text.starts_with("Le ministre"));
    }

    #[test]
    fn credit_line_becomes_author() {
        let raw = RawDoc::new(
            "c.txt",
            0,
            Format::Text,
            "AFP\nLe ministre est arrivé mardi à Astana pour deux jours.".into(),
        );
        let a = finish(raw).unwrap();
        assert_eq!(a.author.as_deref(), Some("AFP"));
        assert!(!a.text.contains("AFP"));
    }

    #[test]
    fn declared_language_yields_to_the_text() {
        let mut raw = RawDoc::new("p.html", 0, Format::Html, "Le ministre des Affaires étrangères est arrivé mardi à Astana pour deux jours d'entretiens.".into());
        raw.lang_declared = Some("en-US".into());
        assert_eq!(finish(raw.clone()).unwrap().lang.as_deref(), Some("fr"));
        raw.body = "OK 12 34".into();
        assert_eq!(finish(raw).unwrap().lang.as_deref(), Some("en"));
    }

    #[test]
    fn only_boilerplate_is_an_error() {
        let raw = RawDoc::new("d.txt", 0, Format::Text, "Facebook\nTwitter\n".into());
        assert_eq!(
            finish(raw).unwrap_err(),
            "no text left after removing 2 boilerplate line(s)"
        );
    }

    #[test]
    fn id_depends_on_content_only() {
        let a = finish(RawDoc::new(
            "x/a.txt",
            0,
            Format::Text,
            "Un texte identique, mot pour mot.".into(),
        ))
        .unwrap();
        let b = finish(RawDoc::new(
            "y/b.txt",
            3,
            Format::Jsonl,
            "Un  texte identique, mot pour mot.\n".into(),
        ))
        .unwrap();
        assert_eq!(a.id, b.id);
        assert_eq!(a.id.len(), 24);
    }
}
