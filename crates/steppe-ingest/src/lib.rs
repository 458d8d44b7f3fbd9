//! Ingest: bytes in, clean [`Article`]s out.
//!
//! ```text
//!  file ─► gzip? ─► binary? ─► decode ─► format ─► reader ─► RawDoc ─► clean::finish ─► Article
//! ```
//!
//! Readers exist for plain text, HTML pages, RSS/Atom feeds and JSONL, each
//! optionally gzip-compressed. A file yields one result per document in it; a
//! failure names the file (and line or entry) and says why, and never stops the
//! others. This crate opens files but never a database.
//!
//! ```
//! use steppe_ingest::{read_bytes, Limits};
//! let mut ok = Vec::new();
//! read_bytes("note.txt", b"date: 2023-02-28\nLe ministre est arrive a Astana mardi.", &Limits::default(), &mut |r| ok.push(r));
//! let a = ok.remove(0).unwrap();
//! assert_eq!(a.published.unwrap().to_string(), "2023-02-28");
//! ```
// Tests slice their own fixed strings; input paths use checked ranges.
#![cfg_attr(test, allow(clippy::string_slice))]

pub mod clean;
pub mod dates;
pub mod decode;
pub mod eval;
pub mod readers;

use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use steppe_model::{Article, Format};

/// The family of a failure, for summaries and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    Io,
    Empty,
    Binary,
    Encoding,
    Gzip,
    TooLarge,
    /// Markup, feed or JSON that does not parse.
    Malformed,
    /// Parsed, but holds no article text.
    NoContent,
}

/// One input item that could not become an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemError {
    pub path: String,
    /// Line (JSONL) or entry (feed) number, 1-based; `None` for the whole file.
    pub item: Option<u32>,
    pub kind: ErrorKind,
    pub message: String,
}

impl fmt::Display for ItemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.item {
            Some(i) => write!(f, "{}:{}: {}", self.path, i, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for ItemError {}

/// Size limits; past them an item is refused rather than read.
#[derive(Debug, Clone)]
pub struct Limits {
    /// A single document (text, HTML page, whole feed), after decompression.
    pub max_document_bytes: u64,
    /// One JSONL line. JSONL files themselves are streamed and have no limit.
    pub max_line_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_document_bytes: 32 << 20,
            max_line_bytes: 8 << 20,
        }
    }
}

/// What each result of reading is.
pub type ItemResult = Result<Article, ItemError>;

fn file_err(path: &str, kind: ErrorKind, message: impl Into<String>) -> ItemError {
    ItemError {
        path: path.to_string(),
        item: None,
        kind,
        message: message.into(),
    }
}

/// The file's name without a trailing `.gz`, lower-cased, for format decisions.
fn logical_extension(path: &str) -> String {
    let name = path
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(path)
        .to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    name.rsplit_once('.')
        .map(|(_, e)| e.to_string())
        .unwrap_or_default()
}

/// Chooses a reader from the file name, then from the first bytes.
pub fn detect_format(path: &str, head: &[u8]) -> Format {
    let ext = logical_extension(path);
    let sniff = || {
        let start = head
            .iter()
            .position(|b| !b.is_ascii_whitespace() && *b != 0xef && *b != 0xbb && *b != 0xbf);
        let lower = String::from_utf8_lossy(&head[..head.len().min(2048)]).to_ascii_lowercase();
        match start.map(|i| head[i]) {
            Some(b'<')
                if lower.contains("<rss")
                    || lower.contains("<feed")
                    || lower.contains("<rdf:rdf") =>
            {
                Format::Feed
            }
            Some(b'<') => Format::Html,
            Some(b'{') => Format::Jsonl,
            _ => Format::Text,
        }
    };
    match ext.as_str() {
        "xml" | "rss" | "atom" | "rdf" | "feed" => Format::Feed,
        "jsonl" | "ndjson" | "json" => Format::Jsonl,
        "txt" | "text" => Format::Text,
        "html" | "htm" | "xhtml" | "shtml" => match sniff() {
            Format::Feed => Format::Feed,
            _ => Format::Html,
        },
        _ => sniff(),
    }
}

fn finish_doc(
    doc: Result<clean::RawDoc, String>,
    path: &str,
    item: Option<u32>,
    kind: ErrorKind,
) -> ItemResult {
    let err = |kind, message| ItemError {
        path: path.to_string(),
        item,
        kind,
        message,
    };
    let doc = doc.map_err(|m| err(kind, m))?;
    clean::finish(doc).map_err(|m| err(ErrorKind::NoContent, m))
}

/// Reads a whole document held in memory (any format, gzip or not) and hands each
/// result to `sink`.
pub fn read_bytes(path: &str, bytes: &[u8], limits: &Limits, sink: &mut dyn FnMut(ItemResult)) {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return sink(Err(file_err(path, ErrorKind::Empty, "empty file")));
    }
    if bytes.len() as u64 > limits.max_document_bytes && logical_extension(path) != "jsonl" {
        return sink(Err(file_err(
            path,
            ErrorKind::TooLarge,
            format!(
                "larger than the limit of {} MiB",
                limits.max_document_bytes >> 20
            ),
        )));
    }
    if decode::is_gzip(bytes) {
        let limit = if detect_format(path, b"") == Format::Jsonl {
            u64::MAX >> 1
        } else {
            limits.max_document_bytes
        };
        return match decode::gunzip(bytes, limit) {
            Ok(plain) => read_plain(path, &plain, limits, sink),
            Err(e) => sink(Err(file_err(path, e.kind, e.message))),
        };
    }
    read_plain(path, bytes, limits, sink)
}

fn read_plain(path: &str, bytes: &[u8], limits: &Limits, sink: &mut dyn FnMut(ItemResult)) {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return sink(Err(file_err(path, ErrorKind::Empty, "empty file")));
    }
    let format = detect_format(path, &bytes[..bytes.len().min(4096)]);
    if format == Format::Jsonl {
        return read_jsonl(path, bytes, limits, sink);
    }
    let text = match decode::decode(bytes) {
        Ok((t, _)) => t,
        Err(e) => return sink(Err(file_err(path, e.kind, e.message))),
    };
    if text.trim().is_empty() {
        return sink(Err(file_err(path, ErrorKind::Empty, "empty file")));
    }
    match format {
        Format::Text => sink(finish_doc(
            Ok(readers::read_text(path, &text)),
            path,
            None,
            ErrorKind::NoContent,
        )),
        Format::Html => sink(finish_doc(
            readers::read_html(path, &text),
            path,
            None,
            ErrorKind::NoContent,
        )),
        Format::Feed => match readers::read_feed(path, text.as_bytes()) {
            Err(m) => sink(Err(file_err(path, ErrorKind::Malformed, m))),
            Ok(entries) => {
                for (i, e) in entries.into_iter().enumerate() {
                    sink(finish_doc(
                        e,
                        path,
                        Some(i as u32 + 1),
                        ErrorKind::NoContent,
                    ));
                }
            }
        },
        Format::Jsonl => unreachable!("handled above"),
    }
}

fn read_jsonl(path: &str, bytes: &[u8], limits: &Limits, sink: &mut dyn FnMut(ItemResult)) {
    read_jsonl_stream(path, BufReader::new(bytes), limits, sink);
}

/// Reads one line into `buf`, keeping at most `limit` bytes; returns the line's
/// full length (0 at end of input) so that an over-long line is skipped whole.
fn read_line_limited(
    r: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> std::io::Result<usize> {
    buf.clear();
    let mut total = 0;
    loop {
        let chunk = r.fill_buf()?;
        if chunk.is_empty() {
            return Ok(total);
        }
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        if buf.len() < limit {
            let room = limit - buf.len();
            buf.extend_from_slice(&chunk[..take.min(room)]);
        }
        total += take;
        r.consume(take);
        if done {
            return Ok(total);
        }
    }
}

/// Streams JSONL (or a JSON array, when the input starts with `[`) from a reader,
/// one result per object.
pub fn read_jsonl_stream(
    path: &str,
    mut r: impl BufRead,
    limits: &Limits,
    sink: &mut dyn FnMut(ItemResult),
) {
    // A `.json` file holding an array of objects is read whole.
    let starts_with_bracket = match r.fill_buf() {
        Ok(head) => head
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|&b| b == b'['),
        Err(_) => false,
    };
    if starts_with_bracket {
        let mut all = Vec::new();
        if let Err(e) = r.take(limits.max_document_bytes + 1).read_to_end(&mut all) {
            return sink(Err(file_err(
                path,
                ErrorKind::Io,
                format!("read error: {e}"),
            )));
        }
        return read_json_array(path, &all, sink);
    }
    let mut buf = Vec::new();
    let mut line_no = 0u32;
    let mut any = false;
    loop {
        let n = match read_line_limited(&mut r, &mut buf, limits.max_line_bytes) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) => {
                let kind = if e.kind() == std::io::ErrorKind::UnexpectedEof {
                    ErrorKind::Gzip
                } else {
                    ErrorKind::Io
                };
                sink(Err(ItemError {
                    path: path.into(),
                    item: Some(line_no + 1),
                    kind,
                    message: format!("read error: {e}"),
                }));
                break;
            }
        };
        line_no += 1;
        let err = |kind, message: String| ItemError {
            path: path.into(),
            item: Some(line_no),
            kind,
            message,
        };
        if n > limits.max_line_bytes {
            sink(Err(err(
                ErrorKind::TooLarge,
                format!(
                    "line longer than the limit of {} MiB",
                    limits.max_line_bytes >> 20
                ),
            )));
            continue;
        }
        let raw = if line_no == 1 {
            buf.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&buf)
        } else {
            &buf[..]
        };
        let Ok(line) = std::str::from_utf8(raw) else {
            sink(Err(err(
                ErrorKind::Encoding,
                "line is not valid UTF-8".into(),
            )));
            continue;
        };
        if line.trim().is_empty() {
            continue;
        }
        any = true;
        sink(finish_doc(
            readers::read_json_object(path, line_no, line),
            path,
            Some(line_no),
            ErrorKind::Malformed,
        ));
    }
    if !any && line_no == 0 {
        sink(Err(file_err(path, ErrorKind::Empty, "empty file")));
    }
}

fn read_json_array(path: &str, bytes: &[u8], sink: &mut dyn FnMut(ItemResult)) {
    let items: Vec<serde_json::Value> = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => {
            return sink(Err(file_err(
                path,
                ErrorKind::Malformed,
                format!("invalid JSON array: {e}"),
            )))
        }
    };
    for (i, v) in items.iter().enumerate() {
        let n = i as u32 + 1;
        sink(finish_doc(
            readers::read_json_object(path, n, &v.to_string()),
            path,
            Some(n),
            ErrorKind::Malformed,
        ));
    }
}

/// Reads one file from disk. JSONL files (plain or gzip) are streamed, so their
/// size is not limited; other formats are read whole within [`Limits`].
pub fn read_file(path: &Path, limits: &Limits, sink: &mut dyn FnMut(ItemResult)) {
    let label = path.display().to_string();
    let io_err = |e: std::io::Error| file_err(&label, ErrorKind::Io, format!("cannot read: {e}"));
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => return sink(Err(io_err(e))),
    };
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let is_gz = match reader.fill_buf() {
        Ok(head) => decode::is_gzip(head),
        Err(e) => return sink(Err(io_err(e))),
    };
    if detect_format(&label, b"") == Format::Jsonl {
        if len == 0 {
            return sink(Err(file_err(&label, ErrorKind::Empty, "empty file")));
        }
        if is_gz {
            let gz = BufReader::new(flate2::read::MultiGzDecoder::new(reader));
            return read_jsonl_stream(&label, gz, limits, sink);
        }
        return read_jsonl_stream(&label, reader, limits, sink);
    }
    if len > limits.max_document_bytes {
        return sink(Err(file_err(
            &label,
            ErrorKind::TooLarge,
            format!(
                "{} MiB is larger than the limit of {} MiB",
                len >> 20,
                limits.max_document_bytes >> 20
            ),
        )));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    if let Err(e) = reader.read_to_end(&mut bytes) {
        return sink(Err(io_err(e)));
    }
    read_bytes(&label, &bytes, limits, sink)
}

/// Lists the files under the given paths, recursively and in a stable order;
/// hidden files and folders are passed over. Paths that do not exist are errors.
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<ItemError>) {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>, errs: &mut Vec<ItemError>) {
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                errs.push(file_err(
                    &dir.display().to_string(),
                    ErrorKind::Io,
                    format!("cannot list: {e}"),
                ));
                return;
            }
        };
        let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        children.sort();
        for c in children {
            if c.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
            {
                continue;
            }
            // Symbolic links to folders are not followed, so a loop cannot trap the walk.
            match std::fs::symlink_metadata(&c) {
                Ok(m) if m.is_dir() => walk(&c, out, errs),
                Ok(m) if m.file_type().is_symlink() && c.is_dir() => {}
                Ok(_) => out.push(c),
                Err(e) => errs.push(file_err(
                    &c.display().to_string(),
                    ErrorKind::Io,
                    format!("cannot read: {e}"),
                )),
            }
        }
    }
    let mut out = Vec::new();
    let mut errs = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out, &mut errs);
        } else if p.exists() {
            out.push(p.clone());
        } else {
            errs.push(file_err(
                &p.display().to_string(),
                ErrorKind::Io,
                "no such file or directory",
            ));
        }
    }
    (out, errs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(path: &str, bytes: &[u8]) -> Vec<ItemResult> {
        let mut out = Vec::new();
        read_bytes(path, bytes, &Limits::default(), &mut |r| out.push(r));
        out
    }

    #[test]
    fn format_from_name_then_content() {
        assert_eq!(detect_format("a.txt", b"<p>x"), Format::Text);
        assert_eq!(detect_format("a.rss.gz", b""), Format::Feed);
        assert_eq!(
            detect_format("a", b"  <?xml version='1.0'?><rss>"),
            Format::Feed
        );
        assert_eq!(
            detect_format("a.html", b"<?xml version='1.0'?><feed xmlns="),
            Format::Feed
        );
        assert_eq!(
            detect_format("page", b"<!doctype html><html>"),
            Format::Html
        );
        assert_eq!(detect_format("dump", b"{\"text\":1}"), Format::Jsonl);
        assert_eq!(detect_format("note", b"Le ministre"), Format::Text);
    }

    #[test]
    fn jsonl_bad_lines_do_not_stop_good_ones() {
        let data = "{\"text\":\"Le ministre est arrivé mardi à Astana pour deux jours.\",\"date\":\"2023-02-28\"}\n\
                    {broken\n\n\
                    {\"title\":\"sans texte\"}\n\
                    {\"text\":\"The minister flew on to Tashkent on Wednesday for talks.\",\"date\":\"0000-01-01\"}\n";
        let out = read("d.jsonl", data.as_bytes());
        assert_eq!(out.len(), 4);
        assert!(out[0].is_ok());
        let e1 = out[1].as_ref().unwrap_err();
        assert_eq!((e1.item, e1.kind), (Some(2), ErrorKind::Malformed));
        assert_eq!(out[2].as_ref().unwrap_err().item, Some(4));
        let last = out[3].as_ref().unwrap();
        assert!(last.published.is_none());
        assert_eq!(last.warnings.len(), 1);
        assert_eq!(last.item, 5);
    }

    #[test]
    fn bad_files_get_reasons() {
        assert_eq!(
            read("e.txt", b"   \n").remove(0).unwrap_err().kind,
            ErrorKind::Empty
        );
        assert_eq!(
            read("b.bin", b"\x00\x01\x02garbage")
                .remove(0)
                .unwrap_err()
                .kind,
            ErrorKind::Binary
        );
        let feed = read("f.xml", b"<rss><channel><item><title>x</ti");
        assert_eq!(feed[0].as_ref().unwrap_err().kind, ErrorKind::Malformed);
    }

    #[test]
    fn oversized_jsonl_lines_are_skipped_whole() {
        let limits = Limits {
            max_document_bytes: 1 << 20,
            max_line_bytes: 64,
        };
        let long = format!("{{\"text\":\"{}\"}}\n", "a".repeat(200));
        let data = format!("{long}{{\"text\":\"Le ministre est arrivé à Astana.\"}}\n");
        let mut out = Vec::new();
        read_jsonl_stream("big.jsonl", data.as_bytes(), &limits, &mut |r| out.push(r));
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].as_ref().unwrap_err().kind, ErrorKind::TooLarge);
        assert_eq!(out[1].as_ref().unwrap().item, 2);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn readers_never_panic_on_arbitrary_bytes(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600),
                                                  ext in proptest::sample::select(vec!["txt", "html", "xml", "jsonl", "json", "bin", "txt.gz"])) {
            let mut n = 0;
            read_bytes(&format!("f.{ext}"), &bytes, &Limits::default(), &mut |r| {
                n += 1;
                if let Ok(a) = r {
                    assert!(!a.text.trim().is_empty());
                }
            });
            proptest::prop_assert!(n >= 1, "every input yields at least one result");
        }

        #[test]
        fn readers_never_panic_on_markup_like_text(text in "(<[a-z/!?]{0,8}[^>]{0,20}>|&[a-z#0-9]{0,6};?|[{}\\[\\]\":,]|[\\PC]{0,20}|\n){0,40}",
                                                   ext in proptest::sample::select(vec!["txt", "html", "xml", "jsonl"])) {
            read_bytes(&format!("f.{ext}"), text.as_bytes(), &Limits::default(), &mut |_| {});
        }
    }

    #[test]
    fn json_array_files() {
        let out = read(
            "a.json",
            br#"[{"text":"Premier article sur Astana."},{"text":"Second article sur Tachkent."}]"#,
        );
        assert_eq!(out.iter().filter(|r| r.is_ok()).count(), 2);
    }
}
