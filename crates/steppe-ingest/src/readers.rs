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

/// The date in a document's URL, as a last resort.
fn url_date(doc: &RawDoc) -> Option<(Published, DateOrigin)> {
    doc.url
        .as_deref()
        .and_then(dates::from_url)
        .map(|d| (d, DateOrigin::Url))
}

fn note_date(doc: &mut RawDoc, raw: &str, origin: DateOrigin) {
    match dates::parse_loose(raw) {
        Ok(p) => doc.published = Some((p, origin)),
        Err(e) => doc.warnings.push(e.to_string()),
    }
}

/// A `source: …`, `url: …`, `author: …`, `lang: …` or `title: …` line in the
/// header block of a plain-text file.
fn field_header() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)^[ \t]*(source|url|author|lang|language|title)[ \t]*:[ \t]*([^\n]*)(?:\n|$)",
        )
        .expect("static regex")
    })
}

/// Plain text: an optional header block (`date …`, `source: …`, `url: …`,
/// `author: …`, `lang: …`, `title: …`, one a line, or a date opening the first
/// line as in `date 2023-02 Le ministre…`), an optional headline, the body.
pub fn read_text(path: &str, text: &str) -> RawDoc {
    let mut body = text.trim_start_matches('\u{feff}');
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut doc_date = None;
    loop {
        if let Some(c) = date_header().captures(body) {
            doc_date = c.get(1).map(|m| m.as_str().to_string());
            body = body
                .get(c.get(0).map_or(0, |m| m.end())..)
                .unwrap_or_default();
        } else if let Some(c) = field_header().captures(body) {
            fields.push((c[1].to_ascii_lowercase(), c[2].trim().to_string()));
            body = body
                .get(c.get(0).map_or(0, |m| m.end())..)
                .unwrap_or_default();
        } else {
            break;
        }
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
    for (key, value) in fields.into_iter().filter(|(_, v)| !v.is_empty()) {
        match key.as_str() {
            "source" => doc.source = Some(value),
            "url" => doc.url = Some(value),
            "author" => doc.author = Some(value),
            "lang" | "language" => doc.lang_hint = Some(value),
            _ => doc.title = Some(value),
        }
    }
    doc.find_headline = doc.title.is_none();
    match doc_date {
        Some(d) => note_date(&mut doc, &d, DateOrigin::Header),
        None => doc.published = url_date(&doc),
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
    // Comments are not the article; leaving them out also saves their extraction.
    opts.exclude_comments = true;
    let r = trafilatura::extract(html, &opts).map_err(|e| format!("no main content found: {e}"))?;
    let m = r.metadata;
    let nonempty = |s: String| (!s.trim().is_empty()).then_some(s);
    // The HTML keeps paragraph boundaries that the plain text flattens; they let
    // the cleaning step see share rows, teasers and a repeated headline as lines.
    let text = if r.content_html.trim().is_empty() {
        r.content_text
    } else {
        serialized_text(&r.content_html)
    };
    Ok(HtmlContent {
        text,
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
    doc.lang_declared = c.lang;
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

/// Text of HTML that an HTML serialiser wrote (trafilatura's cleaned content):
/// well formed, with only the five XML entities and `&nbsp;` escaped, so a
/// single pass over the characters replaces a second DOM parse.
pub fn serialized_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut skip_until: Option<&'static str> = None;
    while let Some(lt) = rest.find(['<', '&']) {
        if skip_until.is_none() {
            out.push_str(rest.get(..lt).unwrap_or_default());
        }
        rest = rest.get(lt..).unwrap_or_default();
        if rest.starts_with('&') {
            let end = rest.as_bytes()[..rest.len().min(12)]
                .iter()
                .position(|&b| b == b';');
            let (decoded, used) = match end.map(|e| (rest.get(1..e).unwrap_or_default(), e + 1)) {
                Some(("amp", n)) => (Some('&'), n),
                Some(("lt", n)) => (Some('<'), n),
                Some(("gt", n)) => (Some('>'), n),
                Some(("quot", n)) => (Some('"'), n),
                Some(("apos", n)) => (Some('\''), n),
                Some(("nbsp", n)) => (Some('\u{a0}'), n),
                Some((num, n)) if num.starts_with('#') => {
                    let v = num
                        .get(1..)
                        .unwrap_or_default()
                        .strip_prefix(['x', 'X'])
                        .map_or_else(
                            || num.get(1..).unwrap_or_default().parse().ok(),
                            |h| u32::from_str_radix(h, 16).ok(),
                        );
                    (v.and_then(char::from_u32), n)
                }
                _ => (None, 1),
            };
            if skip_until.is_none() {
                match decoded {
                    Some(c) => out.push(c),
                    None => out.push('&'),
                }
            }
            rest = rest
                .get(if decoded.is_some() { used } else { 1 }..)
                .unwrap_or_default();
            continue;
        }
        if rest.starts_with("<!--") {
            rest = rest
                .find("-->")
                .map_or("", |e| rest.get(e + 3..).unwrap_or_default());
            continue;
        }
        let Some(gt) = rest.find('>') else { break };
        let tag = rest.get(1..gt).unwrap_or_default();
        rest = rest.get(gt + 1..).unwrap_or_default();
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if let Some(end) = skip_until {
            if closing && name == end {
                skip_until = None;
            }
            continue;
        }
        match name.as_str() {
            "script" if !closing => skip_until = Some("script"),
            "style" if !closing => skip_until = Some("style"),
            "noscript" if !closing => skip_until = Some("noscript"),
            "template" if !closing => skip_until = Some("template"),
            "td" | "th" => out.push(' '),
            n if BLOCK_TAGS.contains(&n) => out.push('\n'),
            _ => {}
        }
    }
    if skip_until.is_none() {
        out.push_str(rest);
    }
    out
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
                    if matches!(name, "td" | "th") {
                        out.push(' ');
                    }
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
        let mut doc = RawDoc::new(path, i as u32 + 1, Format::Feed, text);
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
        doc.lang_declared = feed_lang.clone();
        let date = e.published.or(e.updated).map(Published::Time);
        match date {
            Some(d) if d.is_plausible() => doc.published = Some((d, DateOrigin::Metadata)),
            Some(d) => doc
                .warnings
                .push(DateProblem::Implausible(d.to_string()).to_string()),
            None => doc.published = url_date(&doc),
        }
        out.push(Ok(doc));
    }
    Ok(out)
}

/// The page each entry of an RSS/Atom feed links to, in feed order, without
/// repeats (what `steppe watch` fetches). Entries without a link are left out.
pub fn feed_links(bytes: &[u8]) -> Result<Vec<String>, String> {
    let feed = feed_rs::parser::parse(bytes).map_err(|e| format!("malformed feed: {e}"))?;
    let mut out: Vec<String> = Vec::new();
    for e in feed.entries {
        if let Some(l) = e.links.first().map(|l| l.href.trim().to_string()) {
            if !l.is_empty() && !out.contains(&l) {
                out.push(l);
            }
        }
    }
    Ok(out)
}

/// The feed addresses of a list of feeds: an OPML file (each `<outline>`'s
/// `xmlUrl`) or plain text (one address a line; blank lines and lines
/// starting with `#` skipped).
pub fn feed_list(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |u: String| {
        if !u.is_empty() && !out.contains(&u) {
            out.push(u);
        }
    };
    if text.trim_start().starts_with('<') && text.to_ascii_lowercase().contains("<opml") {
        let doc = Html::parse_document(text);
        if let Ok(sel) = scraper::Selector::parse("outline") {
            for o in doc.select(&sel) {
                // The HTML parser lower-cases attribute names.
                if let Some(u) = o.value().attr("xmlurl") {
                    push(u.trim().to_string());
                }
            }
        }
        return out;
    }
    for line in text.lines().map(str::trim) {
        if !line.starts_with('#') {
            push(line.to_string());
        }
    }
    out
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
        doc.published = url_date(&doc);
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
        let d = read_text("h.txt", "date: 2024-06-14\nsource: Le Courrier\nurl: https://x.example/a\nBichkek dénonce\n\nTexte.");
        assert_eq!(d.source.as_deref(), Some("Le Courrier"));
        assert_eq!(d.url.as_deref(), Some("https://x.example/a"));
        assert!(d.body.starts_with("Bichkek"));
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
    fn serialized_text_matches_a_dom_walk() {
        let html = "<div><h1>Titre</h1><p>Un <b>premier</b> paragraphe &amp; une suite&nbsp;!</p><!-- x --><table><tr><td>1</td><td>Kyle</td></tr></table><script>var a = '<p>';</script><p>Fin &#233;t&#xE9;.</p></div>";
        let lines = |t: &str| {
            t.lines()
                .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            lines(&serialized_text(html)),
            vec![
                "Titre",
                "Un premier paragraphe & une suite !",
                "1 Kyle",
                "Fin été."
            ]
        );
        assert_eq!(lines(&serialized_text(html)), lines(&fragment_text(html)));
        assert_eq!(
            serialized_text("AT&T <br>x &bogus; y"),
            "AT&T \nx &bogus; y"
        );
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

#[cfg(test)]
mod watch_list_tests {
    use super::*;

    #[test]
    fn a_feed_list_is_opml_outlines_or_one_address_a_line() {
        let opml = r#"<?xml version="1.0"?>
<opml version="2.0"><head><title>Mes flux</title></head><body>
  <outline text="Monde"><outline text="A" type="rss" xmlUrl="http://a.test/rss?x=1&amp;y=2"/>
  <outline text="B" type="rss" xmlUrl="http://b.test/atom.xml"/></outline>
  <outline text="A encore" xmlUrl="http://a.test/rss?x=1&amp;y=2"/>
</body></opml>"#;
        assert_eq!(
            feed_list(opml),
            vec!["http://a.test/rss?x=1&y=2", "http://b.test/atom.xml"]
        );
        let text = "# mes flux\nhttp://a.test/rss\n\n  http://b.test/feed  \nhttp://a.test/rss\n";
        assert_eq!(
            feed_list(text),
            vec!["http://a.test/rss", "http://b.test/feed"]
        );
    }

    #[test]
    fn feed_links_are_the_entries_pages_once_each() {
        let rss = br#"<rss version="2.0"><channel><title>T</title>
<item><title>Un</title><link>http://s.test/un</link><description>x</description></item>
<item><title>Sans lien</title><description>y</description></item>
<item><title>Un bis</title><link>http://s.test/un</link><description>z</description></item>
<item><title>Deux</title><link>http://s.test/deux</link><description>w</description></item>
</channel></rss>"#;
        assert_eq!(
            feed_links(rss).unwrap(),
            vec!["http://s.test/un", "http://s.test/deux"]
        );
        assert!(feed_links(b"<html>not a feed</html>").is_err());
    }
}
