//! Publication dates from headers, metadata fields and URLs.
//!
//! These are the dates of documents, written by machines or editors in a handful
//! of formats; relative expressions inside the text ("mardi") are the time
//! stage's work, not this one's.

use std::sync::OnceLock;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use regex::Regex;
use steppe_model::Published;

/// Why a date field was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateProblem {
    Unreadable(String),
    Implausible(String),
}

impl std::fmt::Display for DateProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DateProblem::Unreadable(s) => write!(f, "unreadable date {s:?} ignored"),
            DateProblem::Implausible(s) => write!(f, "implausible date {s:?} ignored"),
        }
    }
}

const MONTHS: &[(&str, u32)] = &[
    ("janvier", 1),
    ("january", 1),
    ("janv", 1),
    ("jan", 1),
    ("enero", 1),
    ("januar", 1),
    ("février", 2),
    ("fevrier", 2),
    ("february", 2),
    ("févr", 2),
    ("fevr", 2),
    ("feb", 2),
    ("febrero", 2),
    ("februar", 2),
    ("mars", 3),
    ("march", 3),
    ("mar", 3),
    ("marzo", 3),
    ("märz", 3),
    ("avril", 4),
    ("april", 4),
    ("avr", 4),
    ("apr", 4),
    ("abril", 4),
    ("mai", 5),
    ("may", 5),
    ("mayo", 5),
    ("juin", 6),
    ("june", 6),
    ("jun", 6),
    ("junio", 6),
    ("juni", 6),
    ("juillet", 7),
    ("july", 7),
    ("juil", 7),
    ("jul", 7),
    ("julio", 7),
    ("juli", 7),
    ("août", 8),
    ("aout", 8),
    ("august", 8),
    ("aug", 8),
    ("agosto", 8),
    ("septembre", 9),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("septiembre", 9),
    ("octobre", 10),
    ("october", 10),
    ("oct", 10),
    ("octubre", 10),
    ("oktober", 10),
    ("novembre", 11),
    ("november", 11),
    ("nov", 11),
    ("noviembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    ("december", 12),
    ("déc", 12),
    ("dec", 12),
    ("diciembre", 12),
    ("dezember", 12),
];

fn month_named(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    MONTHS.iter().find(|(name, _)| *name == w).map(|(_, m)| *m)
}

fn checked(p: Published, raw: &str) -> Result<Published, DateProblem> {
    if p.is_plausible() {
        Ok(p)
    } else {
        Err(DateProblem::Implausible(raw.to_string()))
    }
}

/// Reads a date written in any common document form: ISO 8601 (any precision),
/// RFC 2822, `28/02/2023`, `28.02.2023`, `2023/02/28`, `28 février 2023`,
/// `February 28, 2023`, `février 2023`, Unix seconds.
pub fn parse_loose(raw: &str) -> Result<Published, DateProblem> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(DateProblem::Unreadable(raw.to_string()));
    }
    if let Some(p) = Published::parse_iso(s) {
        return checked(p, raw);
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(s) {
        return checked(Published::Time(t.with_timezone(&Utc)), raw);
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return checked(Published::Time(Utc.from_utc_datetime(&t)), raw);
        }
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%d %H:%M:%S%z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S %z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(s, fmt) {
            return checked(Published::Time(t.with_timezone(&Utc)), raw);
        }
    }
    for fmt in ["%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, fmt) {
            return checked(Published::Day(d), raw);
        }
    }
    // A date-time whose date part alone is readable: "2023-02-28T10:15:00+0100 (CET)".
    if s.len() > 10 && s.is_char_boundary(10) {
        if let Some(p @ Published::Day(_)) = Published::parse_iso(s.get(..10).unwrap_or_default()) {
            return checked(p, raw);
        }
    }
    if s.len() == 10 && s.bytes().all(|b| b.is_ascii_digit()) {
        if let Some(t) = s
            .parse::<i64>()
            .ok()
            .and_then(|n| DateTime::from_timestamp(n, 0))
        {
            return checked(Published::Time(t), raw);
        }
    }
    parse_words(s).map_or_else(
        || Err(DateProblem::Unreadable(raw.to_string())),
        |p| checked(p, raw),
    )
}

/// "28 février 2023", "le 1er mars 2023", "February 28, 2023", "Feb 2023", "mardi 28 février 2023".
fn parse_words(s: &str) -> Option<Published> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let mut year = None;
    let mut month = None;
    let mut day = None;
    for w in &words {
        if let Some(m) = month_named(w) {
            month.get_or_insert(m);
            continue;
        }
        let digits = w.trim_end_matches(|c: char| c.is_alphabetic());
        if let Ok(n) = digits.parse::<u32>() {
            if digits.len() == 4 {
                year.get_or_insert(n as i32);
            } else if (1..=31).contains(&n) && digits.len() <= 2 {
                day.get_or_insert(n);
            }
        }
    }
    let (y, m) = (year?, month?);
    match day {
        Some(d) => NaiveDate::from_ymd_opt(y, m, d).map(Published::Day),
        None => Published::month(y, m),
    }
}

/// A date in a URL path: `/2023/02/28/`, `/2023-02-28-`, `/20230228/`, `/2023/02/`.
pub fn from_url(url: &str) -> Option<Published> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"[/_-]((?:19|20)\d{2})[/_-]?(0[1-9]|1[0-2])(?:[/_-]?(0[1-9]|[12]\d|3[01]))?(?:[/_.-]|$)")
            .expect("static regex")
    });
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path
        .find('/')
        .map_or("", |i| path.get(i..).unwrap_or_default());
    let c = re.captures(path)?;
    let y: i32 = c[1].parse().ok()?;
    let m: u32 = c[2].parse().ok()?;
    let p = match c.get(3) {
        Some(d) => Published::Day(NaiveDate::from_ymd_opt(y, m, d.as_str().parse().ok()?)?),
        None => Published::month(y, m)?,
    };
    p.is_plausible().then_some(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn s(raw: &str) -> String {
        parse_loose(raw)
            .map(|p| p.to_string())
            .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn document_date_forms() {
        assert_eq!(s("2023-02"), "2023-02");
        assert_eq!(s("2023-02-28"), "2023-02-28");
        assert_eq!(s("Tue, 28 Feb 2023 09:30:00 +0100"), "2023-02-28T08:30:00Z");
        assert_eq!(s("2023-02-28T09:30:00+01:00"), "2023-02-28T08:30:00Z");
        assert_eq!(s("2023-02-28 09:30:00"), "2023-02-28T09:30:00Z");
        assert_eq!(s("28/02/2023"), "2023-02-28");
        assert_eq!(s("28.02.2023"), "2023-02-28");
        assert_eq!(s("mardi 28 février 2023"), "2023-02-28");
        assert_eq!(s("le 1er mars 2023"), "2023-03-01");
        assert_eq!(s("February 28, 2023"), "2023-02-28");
        assert_eq!(s("septembre 2023"), "2023-09");
        assert_eq!(s("1677576600"), "2023-02-28T09:30:00Z");
    }

    #[test]
    fn absurd_and_unreadable_dates_are_refused() {
        assert!(matches!(
            parse_loose("9999-01-01"),
            Err(DateProblem::Implausible(_))
        ));
        assert!(matches!(
            parse_loose("0001-01"),
            Err(DateProblem::Implausible(_))
        ));
        assert!(matches!(
            parse_loose("yesterday-ish"),
            Err(DateProblem::Unreadable(_))
        ));
        assert!(matches!(
            parse_loose("31/02/2023"),
            Err(DateProblem::Unreadable(_))
        ));
    }

    #[test]
    fn url_dates() {
        let d = |u: &str| from_url(u).map(|p| p.to_string());
        assert_eq!(
            d("https://news.example/2023/02/28/blinken-astana.html"),
            Some("2023-02-28".into())
        );
        assert_eq!(
            d("https://news.example/monde/2023-09-15-sommet-c5"),
            Some("2023-09-15".into())
        );
        assert_eq!(
            d("https://news.example/archives/2023/09/"),
            Some("2023-09".into())
        );
        assert_eq!(
            d("https://news.example/article/20230228/x"),
            Some("2023-02-28".into())
        );
        assert_eq!(d("https://news.example/story/123456789"), None);
        assert_eq!(d("https://2023.example/02/x"), None);
    }

    proptest! {
        #[test]
        fn never_panics(raw in "\\PC{0,40}") {
            let _ = parse_loose(&raw);
            let _ = from_url(&raw);
        }
    }
}
