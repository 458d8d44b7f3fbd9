//! One reader per input format; each turns decoded text into raw documents.
//!
//! Readers never panic on odd input: a document they cannot read is an `Err`
//! with a reason, and a feed or JSONL file yields one result per entry so that
//! one bad line does not cost the others.

use std::sync::OnceLock;

use regex::Regex;
use scraper::{ElementRef, Html, Node};
use steppe_model::{DateOrigin, Format, Published};

use crate::clean::RawDoc;
use crate::dates::{self, DateProblem};

/// A `date 2023-02` or `date: 2023-02-28` header opening a plain-text file; the
/// rest of that line, if any, is the start of the text.
fn date_header() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)^\s*(?:date|published|publié le|publication)\s*:?\s+(\d{4}(?:-\d{2}(?:-\d{2})?)?|\d{1,2}[/.]\d{1,2}[/.]\d{4})(?:\s+|$)")
            .expect("static regex")
    })
}

fn note_date(doc: &mut RawDoc, raw: &str, origin: DateOrigin) {
    match dates::parse_loose(raw) {
        Ok(p) => doc.published = Some((p, origin)),
        Err(e) => doc.warnings.push(e.to_string()),
    }
}

/// Plain text: optional date header, optional headline, body.
pub fn read_text(path: &str, text: &str) -> RawDoc {
    let mut body = text;
    let mut doc_date = None;
    if let Some(c) = date_header().captures(text) {
        let whole = c.get(0).map_or(0, |m| m.end());
        doc_date = c.get(1).map(|m| m.as_str().to_string());
        body = &text[whole..];
    }
    // A Markdown heading on the first line is the title.
    let mut title = None;
    let trimmed = body.trim_start();
    if let Some(rest) = trimmed.strip_prefix("# ") {
        let (t, after) = rest.split_once('\n').unwrap_or((rest, ""));
        title = Some(t.trim().to_string());
        body = after;
    }
    let mut doc = RawDoc::new(path, 0, Format::Text, body.to_string());
    doc.title = title;
    doc.find_headline = true;
    if let Some(d) = doc_date {
        note_date(&mut doc, &d, DateOrigin::Header);
    }
    doc
}

/// Extracted main content and metadata of an HTML page.
#[derive(Debug, Clone, Default)]
pub struct HtmlContent {
    pub text: String,
    pub title: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    pub site: Option<String>,
    pub lang: Option<String>,
    pub date: Option<Published>,
}

/// Main-content extraction, behind steppe's own interface so that the engine
/// can be swapped after measuring (`steppe eval extraction`).
///
/// Today: the `trafilatura` crate (a port of go-trafilatura) with its
/// readability/justext fallback on. Measured on the article-extraction benchmark it
/// beat dom_smoothie and rs-trafilatura on F1; see the README.
pub fn extract_html(html: &str) -> Result<HtmlContent, String> {
    let mut opts = trafilatura::Options::default();
    opts.enable_fallback = true;
    let r = trafilatura::extract(html, &opts).map_err(|e| format!("no main content found: {e}"))?;
    let m = r.metadata;
    let nonempty = |s: String| (!s.trim().is_empty()).then_some(s);
    Ok(HtmlContent {
        text: r.content_text,
        title: nonempty(m.title),
        author: nonempty(m.author),
        url: nonempty(m.url),
        site: nonempty(m.sitename).or_else(|| nonempty(m.hostname)),
        lang: nonempty(m.language)
            .map(|l| l.chars().take_while(|c| c.is_ascii_alphabetic()).collect()),
        date: m.date.map(Published::Day).filter(Published::is_plausible),
    })
}

/// An HTML page: main content and metadata.
pub fn read_html(path: &str, html: &str) -> Result<RawDoc, String> {
    let c = extract_html(html)?;
    let mut doc = RawDoc::new(path, 0, Format::Html, c.text);
    doc.title = c.title;
    doc.author = c.author;
    doc.source = c.site;
    doc.lang_hint = c.lang.filter(|l| l.len() == 2);
    doc.published = c.date.map(|d| (d, DateOrigin::Metadata));
    if doc.published.is_none() {
        doc.published = c
            .url
            .as_deref()
            .and_then(dates::from_url)
            .map(|d| (d, DateOrigin::Url));
    }
    doc.url = c.url;
    Ok(doc)
}

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "pre",
    "figure",
    "figcaption",
    "dd",
    "dt",
    "hr",
];

/// Text of an HTML fragment (a feed entry's content, a JSONL field), with block
/// elements on lines of their own.
pub fn fragment_text(html: &str) -> String {
    fn walk(el: ElementRef<'_>, out: &mut String) {
        for child in el.children() {
            match child.value() {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => {
                    let name = e.name();
                    if matches!(
                        name,
                        "script" | "style" | "noscript" | "template" | "iframe"
                    ) {
                        continue;
                    }
                    let block = BLOCK_TAGS.contains(&name);
                    if block {
                        out.push('\n');
                    }
                    if let Some(c) = ElementRef::wrap(child) {
                        walk(c, out);
                    }
                    if block {
                        out.push('\n');
                    }
                }
                _ => {}
            }
        }
    }
    let doc = Html::parse_fragment(html);
    let mut out = String::new();
    walk(doc.root_element(), &mut out);
    out
}

fn looks_like_html(s: &str) -> bool {
    let t = s.trim_start();
    t.starts_with('<')
        || ["</p>", "<br", "</div>", "<p>", "&nbsp;"]
            .iter()
            .any(|m| s.contains(m))
}

/// RSS 0.9x/1.0/2.0 and Atom: one raw document per entry.
pub fn read_feed(path: &str, bytes: &[u8]) -> Result<Vec<Result<RawDoc, String>>, String> {
    let feed = feed_rs::parser::parse(bytes).map_err(|e| format!("malformed feed: {e}"))?;
    if feed.entries.is_empty() {
        return Err("feed has no entries".to_string());
    }
    let feed_title = feed.title.as_ref().map(|t| t.content.clone());
    let feed_lang = feed.language.clone();
    let mut out = Vec::with_capacity(feed.entries.len());
    for (i, e) in feed.entries.into_iter().enumerate() {
        let body = e
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .filter(|b| !b.trim().is_empty())
            .or_else(|| e.summary.as_ref().map(|s| s.content.clone()));
        let Some(body) = body.filter(|b| !b.trim().is_empty()) else {
            out.push(Err(format!("entry {} has no content or summary", i + 1)));
            continue;
        };
        let text = if looks_like_html(&body) {
            fragment_text(&body)
        } else {
            body
        };
        let mut doc = RawDoc::new(path, i as u32, Format::Feed, text);
        doc.title = e.title.map(|t| {
            if looks_like_html(&t.content) {
                fragment_text(&t.content)
            } else {
                t.content
            }
        });
        doc.url = e.links.first().map(|l| l.href.clone());
        doc.author = e
            .authors
            .iter()
            .find_map(|a| a.name.clone().or_else(|| a.email.clone()));
        doc.source = feed_title.clone();
        doc.lang_hint = feed_lang
            .as_deref()
            .map(|l| l.chars().take_while(|c| c.is_ascii_alphabetic()).collect());
        let date = e.published.or(e.updated).map(Published::Time);
        match date {
            Some(d) if d.is_plausible() => doc.published = Some((d, DateOrigin::Metadata)),
            Some(d) => doc
                .warnings
                .push(DateProblem::Implausible(d.to_string()).to_string()),
            None => {
                doc.published = doc
                    .url
                    .as_deref()
                    .and_then(dates::from_url)
                    .map(|d| (d, DateOrigin::Url))
            }
        }
        out.push(Ok(doc));
    }
    Ok(out)
}

fn str_field<'a>(
    obj: &'a serde_json::Map<String, serde_json::Value>,
    keys: &[&str],
) -> Option<&'a str> {
    keys.iter()
        .find_map(|k| obj.get(*k).and_then(|v| v.as_str()))
        .filter(|s| !s.trim().is_empty())
}

/// One JSON object (a JSONL line): `text`|`content`|`body`, `title`, `url`|`link`,
/// `date`|`published`, `source`, `lang`|`language`, `author`.
pub fn read_json_object(path: &str, item: u32, line: &str) -> Result<RawDoc, String> {
    let value: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let obj = value.as_object().ok_or("not a JSON object")?;
    let body = str_field(obj, &["text", "content", "body", "article", "maintext"])
        .ok_or("no `text` or `content` field")?;
    let text = if looks_like_html(body) {
        fragment_text(body)
    } else {
        body.to_string()
    };
    let mut doc = RawDoc::new(path, item, Format::Jsonl, text);
    doc.title = str_field(obj, &["title", "headline"]).map(str::to_string);
    doc.find_headline = doc.title.is_none();
    doc.url = str_field(obj, &["url", "link", "canonical_url"]).map(str::to_string);
    doc.source = str_field(
        obj,
        &["source", "site", "outlet", "source_domain", "publisher"],
    )
    .map(str::to_string);
    doc.author = str_field(obj, &["author", "byline"]).map(str::to_string);
    doc.lang_hint = str_field(obj, &["lang", "language"]).map(str::to_string);
    let date_value = [
        "date",
        "published",
        "published_at",
        "pubDate",
        "date_publish",
        "datetime",
    ]
    .iter()
    .find_map(|k| obj.get(*k))
    .filter(|v| !v.is_null());
    match date_value {
        Some(serde_json::Value::String(s)) => note_date(&mut doc, s, DateOrigin::Metadata),
        Some(serde_json::Value::Number(n)) => {
            note_date(&mut doc, &n.to_string(), DateOrigin::Metadata)
        }
        Some(other) => doc
            .warnings
            .push(format!("date field of unexpected type ignored: {other}")),
        None => {}
    }
    if doc.published.is_none() {
        doc.published = doc
            .url
            .as_deref()
            .and_then(dates::from_url)
            .map(|d| (d, DateOrigin::Url));
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_header_on_its_own_line_or_inline() {
        let d = read_text("a.txt", " date 2023-02 Le ministre est arrivé.\n\nSuite.");
        assert_eq!(d.published.map(|p| p.0.to_string()), Some("2023-02".into()));
        assert!(d.body.starts_with("Le ministre"));
        let d = read_text("b.txt", "date: 2023-09-18\nSommet à New York\n\nTexte.");
        assert_eq!(
            d.published.map(|p| (p.0.to_string(), p.1)),
            Some(("2023-09-18".into(), DateOrigin::Header))
        );
        assert!(d.body.starts_with("Sommet"));
        let d = read_text("c.txt", "Datelines are not headers.\nText.");
        assert!(d.published.is_none());
        let d = read_text("d.txt", "date 9999-01 Texte.");
        assert!(d.published.is_none());
        assert_eq!(d.warnings, vec!["implausible date \"9999-01\" ignored"]);
    }

    #[test]
    fn fragment_text_breaks_blocks() {
        let t = fragment_text(
            "<p>Un <b>premier</b> paragraphe.</p><p>Un second&nbsp;!</p><script>x()</script>",
        );
        let lines: Vec<&str> = t.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        assert_eq!(lines, vec!["Un premier paragraphe.", "Un second\u{a0}!"]);
    }

    #[test]
    fn json_object_fields() {
        let d = read_json_object(
            "f.jsonl",
            4,
            r#"{"content":"<p>Texte.</p>","title":"Titre","link":"https://x.example/2023/02/28/a","source":"Le Courrier","language":"fr"}"#,
        )
        .unwrap();
        assert_eq!(d.title.as_deref(), Some("Titre"));
        assert_eq!(
            d.published.map(|p| (p.0.to_string(), p.1)),
            Some(("2023-02-28".into(), DateOrigin::Url))
        );
        assert_eq!(d.item, 4);
        assert!(read_json_object("f.jsonl", 0, "[1,2]")
            .unwrap_err()
            .contains("not a JSON object"));
        assert!(read_json_object("f.jsonl", 0, "{\"title\":\"x\"}")
            .unwrap_err()
            .contains("no `text`"));
        assert!(read_json_object("f.jsonl", 0, "{\"text\":")
            .unwrap_err()
            .contains("invalid JSON"));
    }
}
