//! Plain data types that flow between steppe's pipeline stages.
//!
//! This crate does no I/O and knows nothing of SQL, HTTP or the command line:
//! every stage takes and returns these values, so each can be tested alone.
//!
//! ```
//! use steppe_model::{Published, DatePrecision};
//! let p = Published::parse_iso("2023-02").unwrap();
//! assert_eq!(p.precision(), DatePrecision::Month);
//! assert_eq!(p.to_string(), "2023-02");
//! ```

pub mod guard;

use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Stable identifier of an article: hex digest of its normalised content.
pub type ArticleId = String;

/// The reader that produced an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Html,
    Feed,
    Jsonl,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Feed => "feed",
            Format::Jsonl => "jsonl",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        Some(match s {
            "text" => Format::Text,
            "html" => Format::Html,
            "feed" => Format::Feed,
            "jsonl" => Format::Jsonl,
            _ => return None,
        })
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    None,
    Year,
    Month,
    Day,
    Time,
}

impl DatePrecision {
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::None => "none",
            DatePrecision::Year => "year",
            DatePrecision::Month => "month",
            DatePrecision::Day => "day",
            DatePrecision::Time => "time",
        }
    }
}

impl fmt::Display for DatePrecision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A publication date at the precision the input gave.
///
/// News often says only "2023-02"; keeping the precision stops later stages
/// from inventing a day that nobody stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Published {
    Year(i32),
    Month(i32, u32),
    Day(NaiveDate),
    Time(DateTime<Utc>),
}

/// Years outside this range are taken as errors in the input, not as dates.
pub const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1800..=2200;

impl Published {
    pub fn precision(&self) -> DatePrecision {
        match self {
            Published::Year(_) => DatePrecision::Year,
            Published::Month(..) => DatePrecision::Month,
            Published::Day(_) => DatePrecision::Day,
            Published::Time(_) => DatePrecision::Time,
        }
    }

    pub fn year(&self) -> i32 {
        match self {
            Published::Year(y) | Published::Month(y, _) => *y,
            Published::Day(d) => d.year(),
            Published::Time(t) => t.year(),
        }
    }

    /// The first calendar day the date covers.
    pub fn first_day(&self) -> NaiveDate {
        let fallback = NaiveDate::MIN;
        match self {
            Published::Year(y) => NaiveDate::from_ymd_opt(*y, 1, 1).unwrap_or(fallback),
            Published::Month(y, m) => NaiveDate::from_ymd_opt(*y, *m, 1).unwrap_or(fallback),
            Published::Day(d) => *d,
            Published::Time(t) => t.date_naive(),
        }
    }

    /// Checked constructor for a year and month.
    pub fn month(year: i32, month: u32) -> Option<Published> {
        NaiveDate::from_ymd_opt(year, month, 1).map(|_| Published::Month(year, month))
    }

    /// Parses the forms `to_string` writes: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`
    /// and RFC 3339 date-times.
    pub fn parse_iso(s: &str) -> Option<Published> {
        let s = s.trim();
        if let Ok(t) = DateTime::parse_from_rfc3339(s) {
            return Some(Published::Time(t.with_timezone(&Utc)));
        }
        let parts: Vec<&str> = s.split('-').collect();
        let num = |p: &str, len: usize| -> Option<u32> {
            (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        };
        match parts.as_slice() {
            [y] => num(y, 4).map(|y| Published::Year(y as i32)),
            [y, m] => Published::month(num(y, 4)? as i32, num(m, 2)?),
            [y, m, d] => NaiveDate::from_ymd_opt(num(y, 4)? as i32, num(m, 2)?, num(d, 2)?)
                .map(Published::Day),
            _ => None,
        }
    }

    pub fn is_plausible(&self) -> bool {
        PLAUSIBLE_YEARS.contains(&self.year())
    }
}

impl fmt::Display for Published {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Published::Year(y) => write!(f, "{y:04}"),
            Published::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            Published::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            Published::Time(t) => write!(f, "{}", t.format("%Y-%m-%dT%H:%M:%SZ")),
        }
    }
}

impl From<Published> for String {
    fn from(p: Published) -> String {
        p.to_string()
    }
}

impl TryFrom<String> for Published {
    type Error = String;
    fn try_from(s: String) -> Result<Published, String> {
        Published::parse_iso(&s).ok_or_else(|| format!("not an ISO date: {s:?}"))
    }
}

/// Where the publication date came from; analysts weigh a URL date less than a header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrigin {
    /// A `date ...` line at the top of a text file.
    Header,
    /// HTML meta tags, feed entry dates or a JSONL field.
    Metadata,
    /// A date pattern inside the article's URL.
    Url,
    None,
}

impl DateOrigin {
    pub fn as_str(self) -> &'static str {
        match self {
            DateOrigin::Header => "header",
            DateOrigin::Metadata => "metadata",
            DateOrigin::Url => "url",
            DateOrigin::None => "none",
        }
    }
}

/// A line taken out of the article body, kept so that nothing is silently lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovedLine {
    /// Rule family that matched: `share`, `teaser`, `comments`, `video`, ...
    pub kind: String,
    pub text: String,
}

/// A clean article: the record every later stage reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: ArticleId,
    /// File the article came from, as given on the command line.
    pub path: String,
    /// Position of the article inside its file (feed entry, JSONL line); 0 for single documents.
    pub item: u32,
    pub format: Format,
    pub url: Option<String>,
    pub source: Option<String>,
    pub title: Option<String>,
    pub author: Option<String>,
    /// ISO 639-1 code, when identified.
    pub lang: Option<String>,
    pub lang_confidence: f32,
    pub published: Option<Published>,
    pub date_origin: DateOrigin,
    /// Clean body text, NFC, paragraphs separated by a blank line.
    pub text: String,
    pub removed: Vec<RemovedLine>,
    /// Problems met that did not stop the article (a date out of range, a bad field).
    pub warnings: Vec<String>,
}

impl Article {
    pub fn published_precision(&self) -> DatePrecision {
        self.published
            .map_or(DatePrecision::None, |p| p.precision())
    }
}

/// The four TimeML kinds of temporal expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

impl TimexType {
    pub fn as_str(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }

    pub fn parse(s: &str) -> Option<TimexType> {
        Some(match s {
            "DATE" => TimexType::Date,
            "TIME" => TimexType::Time,
            "DURATION" => TimexType::Duration,
            "SET" => TimexType::Set,
            _ => return None,
        })
    }
}

/// How fine a normalised temporal value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    Time,
    Day,
    Week,
    Month,
    Season,
    Quarter,
    Year,
    Decade,
    Century,
    /// Durations, sets and references such as PRESENT_REF.
    Other,
}

impl Granularity {
    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Time => "time",
            Granularity::Day => "day",
            Granularity::Week => "week",
            Granularity::Month => "month",
            Granularity::Season => "season",
            Granularity::Quarter => "quarter",
            Granularity::Year => "year",
            Granularity::Decade => "decade",
            Granularity::Century => "century",
            Granularity::Other => "other",
        }
    }
}

/// A temporal expression found in a text, with its ISO-TimeML value resolved
/// against the article's date ("mardi" in an article of 2023-02-28 is 2023-02-28).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timex {
    /// Byte offsets into the article text.
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: TimexType,
    /// ISO-TimeML value: `2023-02-28`, `2022-11`, `2023-W09`, `2023-SU`, `P3Y`,
    /// `2023-02-28T15:30`, `PRESENT_REF`, `XXXX-WXX-4`...
    pub value: String,
    pub granularity: Granularity,
    /// TimeML modifier where stated: `START`, `MID`, `END`, `APPROX`...
    pub modifier: Option<String>,
}

/// A figure with its unit: money, a count, a distance, a percentage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub value: f64,
    /// `USD`, `EUR`, `km`, `%`, `votes`, `people`... or empty for a bare count.
    pub unit: String,
    /// What is counted, where stated ("voix", "personnes", "nations").
    pub counted: Option<String>,
}

/// An actor named in an article, resolved to an actor id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorMention {
    /// Byte offsets into the article text.
    pub start: usize,
    pub end: usize,
    pub surface: String,
    /// Knowledge-base id, or `N:<folded name>` for a new actor.
    pub actor: String,
    /// CAMEO-style code of this mention (`RUSGOV` for "le Kremlin").
    pub code: String,
    /// `alias`, `metonym`, `demonym`, `role` or `new`.
    pub how: String,
    /// Tagger type of a new actor (PER, LOC, ORG).
    pub ner: Option<String>,
}

/// How sure a text is that an event happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    /// Reported as done.
    Realised,
    /// Announced, scheduled or intended ("se rendra", "doit rencontrer", "plans to").
    Planned,
    /// Conditional or possible ("pourrait", "would").
    Hypothetical,
    /// Attributed to a source without being asserted ("selon", "aurait").
    Reported,
}

impl Modality {
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Realised => "realised",
            Modality::Planned => "planned",
            Modality::Hypothetical => "hypothetical",
            Modality::Reported => "reported",
        }
    }
}

/// One side of an event: an actor and its code at the time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventActor {
    /// Actor id (`USA`, `P-BLINKEN`, `N:...`); empty when unknown.
    pub id: String,
    /// CAMEO-style code (`USAGOV`, `KAZ`); empty when unknown.
    pub code: String,
    /// The words of the text that name it.
    pub surface: String,
}

/// Who did what to whom, when and where, with the sentence that says so.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Byte offsets of the sentence (the evidence) and of the trigger words.
    pub sentence_start: usize,
    pub sentence_end: usize,
    pub start: usize,
    pub end: usize,
    pub source: EventActor,
    pub target: EventActor,
    /// CAMEO event code ("042") and root ("04").
    pub cameo: String,
    pub root: String,
    /// PLOVER category and mode ("CONSULT", "visit").
    pub plover: String,
    pub plover_mode: String,
    pub quad_class: u8,
    pub goldstein: f32,
    /// Calendar value (ISO 8601, as precise as the text allows) and its precision.
    pub date: Option<String>,
    pub date_precision: String,
    /// Actor id of the place, when stated.
    pub place: Option<String>,
    /// Figures in the same sentence (their text).
    pub quantities: Vec<String>,
    pub modality: Modality,
    /// Who says so, when the sentence reports someone's words ("Moscow said
    /// Kyiv shelled the plant", "selon Bakou"); `None` when the text speaks
    /// in its own voice.
    #[serde(default)]
    pub claimed_by: Option<EventActor>,
    /// The sentence.
    pub evidence: String,
    pub confidence: f32,
}

/// Someone's words reported by an article: quoted ("«...», a déclaré X") or
/// reported ("X a affirmé que ...", "according to X, ...").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// Byte offsets of the sentence and of the quoted or reported words.
    pub sentence_start: usize,
    pub sentence_end: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The speaker as resolved (a name, a role, or a pronoun's antecedent)
    /// and the words of this sentence that name it (the pronoun itself).
    pub speaker: EventActor,
    pub speaker_start: usize,
    pub speaker_end: usize,
    /// The reporting words ("a déclaré", "said", "según").
    pub verb: String,
    /// Within quotation marks (direct) or reported in the text's words.
    pub direct: bool,
}

/// A contested term of a framing lexicon used by an article ("invasion"
/// against "opération militaire spéciale"), or a label attached to an actor
/// ("financé par l'OTAN", "state-run").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Framing {
    /// Byte offsets of the words.
    pub start: usize,
    pub end: usize,
    pub surface: String,
    /// The neutral concept the term names (`russia-ukraine-war`).
    pub concept: String,
    /// Which of the concept's variants this is (`invasion`, `special-operation`).
    pub variant: String,
    /// The actor a label is attached to, when it is a label and one is beside it.
    pub actor: Option<String>,
}

/// What a claim of a story is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClaimKind {
    Event,
    Figure,
    Quote,
    Framing,
    /// Two claims about the same thing that differ.
    Conflict,
}

impl ClaimKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimKind::Event => "event",
            ClaimKind::Figure => "figure",
            ClaimKind::Quote => "quote",
            ClaimKind::Framing => "framing",
            ClaimKind::Conflict => "conflict",
        }
    }

    pub fn parse(s: &str) -> Option<ClaimKind> {
        Some(match s {
            "event" => ClaimKind::Event,
            "figure" => ClaimKind::Figure,
            "quote" => ClaimKind::Quote,
            "framing" => ClaimKind::Framing,
            "conflict" => ClaimKind::Conflict,
            _ => return None,
        })
    }
}

/// Where an article says a claim: character offsets into its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub article_id: String,
    pub start: usize,
    pub end: usize,
}

/// One thing a story's articles say (an event, a figure, a quote, a framing
/// term) with the sources that say it, or a conflict between two of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub story_id: String,
    pub kind: ClaimKind,
    /// What is claimed, the same whichever source says it
    /// (`event:04:P-BLINKEN:KAZ`, `figure:USD::25000000`).
    pub key: String,
    pub article_ids: Vec<String>,
    /// The names of the sources (outlets, else files) that report it.
    pub sources: Vec<String>,
    /// Sources once syndicated copies and one outlet's articles count once.
    pub independent_sources: usize,
    pub actor_id: String,
    pub text: String,
    pub value: Option<f64>,
    pub unit: String,
    pub detail: String,
    pub evidence: Vec<Evidence>,
}

/// An article with the annotations the extraction stages found in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysed {
    pub article: Article,
    pub timexes: Vec<Timex>,
    pub quantities: Vec<Quantity>,
    pub mentions: Vec<ActorMention>,
    pub events: Vec<Event>,
    pub quotes: Vec<Quote>,
    pub framings: Vec<Framing>,
}

impl Analysed {
    pub fn bare(article: Article) -> Analysed {
        Analysed {
            article,
            timexes: Vec::new(),
            quantities: Vec::new(),
            mentions: Vec::new(),
            events: Vec::new(),
            quotes: Vec::new(),
            framings: Vec::new(),
        }
    }
}

/// Converts byte offsets into `text` to character (code point) offsets, as
/// stored and exported: analysts slice text in languages that count characters.
pub struct CharOffsets {
    starts: Vec<usize>,
}

impl CharOffsets {
    pub fn new(text: &str) -> CharOffsets {
        CharOffsets {
            starts: text.char_indices().map(|(i, _)| i).collect(),
        }
    }

    /// The character index of a byte offset (the length for the end of text).
    pub fn of(&self, byte: usize) -> usize {
        self.starts.partition_point(|&b| b < byte)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_round_trip_keeps_precision() {
        for s in ["2023", "2023-02", "2023-02-28", "2023-02-28T10:15:00Z"] {
            let p = Published::parse_iso(s).unwrap();
            assert_eq!(p.to_string(), s);
        }
        assert_eq!(
            Published::parse_iso("2023-02").unwrap().precision(),
            DatePrecision::Month
        );
    }

    #[test]
    fn bad_iso_dates_are_refused() {
        for s in [
            "",
            "2023-13",
            "2023-02-30",
            "23-02",
            "2023/02",
            "abcd",
            "2023-2",
        ] {
            assert!(Published::parse_iso(s).is_none(), "{s}");
        }
    }

    #[test]
    fn char_offsets() {
        let t = "Pékin, été";
        let c = CharOffsets::new(t);
        assert_eq!(c.of(0), 0);
        assert_eq!(c.of(t.find(',').unwrap()), 5);
        assert_eq!(c.of(t.len()), 10);
    }

    #[test]
    fn absurd_years_are_not_plausible() {
        assert!(!Published::Year(9999).is_plausible());
        assert!(Published::Year(2023).is_plausible());
    }
}
