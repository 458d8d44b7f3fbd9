//! Scoring against PETRARCH validation records: `<Sentence date id>` with
//! `<EventCoding sourcecode targetcode eventcode>` (or `noevents`) and
//! `<Text>`. An expected coding is found when a produced one has the same
//! event code (a two-digit gold code, or several joined by `/`, names roots)
//! and the same source and target codes, `---` matching anything.

/// One (source, target, event) coding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coding {
    pub source: String,
    pub target: String,
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub id: String,
    /// `YYYYMMDD` as written.
    pub date: String,
    pub text: String,
    pub expected: Vec<Coding>,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    // `name`, as a whole attribute name, then `=` (spaces allowed around it).
    let mut from = 0;
    let rest = loop {
        let at = tag.get(from..)?.find(name)? + from;
        let before = tag.get(..at)?.chars().next_back();
        let after = tag.get(at + name.len()..)?.trim_start();
        if before.is_some_and(char::is_whitespace) {
            if let Some(value) = after.strip_prefix('=') {
                break value.trim_start();
            }
        }
        from = at + name.len();
    };
    let quote = rest.chars().next()?;
    if quote != '"' && quote != '\'' {
        return None;
    }
    let body = rest.get(1..)?;
    Some(unescape(body.get(..body.find(quote)?)?))
}

/// Where the next `<Sentence>` tag opens (not `<Sentences>`).
fn next_sentence(s: &str) -> Option<usize> {
    let mut from = 0;
    loop {
        let at = s.get(from..)?.find("<Sentence")? + from;
        let next = s.get(at + 9..)?.chars().next();
        if next.is_some_and(|c| c.is_whitespace() || c == '>' || c == '/') {
            return Some(at);
        }
        from = at + 9;
    }
}

/// XML entities decoded in one pass, so that "&amp;lt;" stays "&lt;".
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(rest.get(..at).unwrap_or_default());
        rest = rest.get(at..).unwrap_or_default();
        let (c, used) = steppe_text::normalize::xml_entity(rest).unwrap_or(('&', 1));
        out.push(c);
        rest = rest.get(used..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// What [`read_validation`] read and left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadStats {
    /// `<Sentence>` records read (with a text).
    pub sentences: usize,
    /// Records left out: no `<Text>`, or an empty one.
    pub sentences_skipped: usize,
    /// Expected codings read.
    pub codings: usize,
    /// `<EventCoding>` elements left out: no event code, and not `noevents`.
    pub codings_skipped: usize,
    /// Records marked `noevents="True"`: they expect no event.
    pub noevents: usize,
}

/// A validation file read: its records and what was left out.
#[derive(Debug, Clone, Default)]
pub struct Validation {
    pub records: Vec<Record>,
    pub stats: ReadStats,
}

/// XML comments dropped and CDATA sections turned into escaped text, so that
/// neither can hide or fake a tag.
fn flatten_markup(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    loop {
        let comment = rest.find("<!--");
        let cdata = rest.find("<![CDATA[");
        let (at, is_comment) = match (comment, cdata) {
            (Some(c), Some(d)) if c < d => (c, true),
            (Some(c), None) => (c, true),
            (_, Some(d)) => (d, false),
            (None, None) => break,
        };
        out.push_str(rest.get(..at).unwrap_or(""));
        let after = rest.get(at..).unwrap_or("");
        if is_comment {
            rest = after
                .find("-->")
                .and_then(|e| after.get(e + 3..))
                .unwrap_or("");
        } else {
            let body = after.get(9..).unwrap_or("");
            let end = body.find("]]>").unwrap_or(body.len());
            for c in body.get(..end).unwrap_or("").chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    c => out.push(c),
                }
            }
            rest = body.get(end + 3..).unwrap_or("");
        }
    }
    out.push_str(rest);
    out
}

/// An event code as others write it: "140_Engage_in_political_dissent" is 140.
fn event_code(raw: &str) -> String {
    let raw = raw.trim();
    let head = raw.split(['_', ' ']).next().unwrap_or(raw);
    if head.is_empty() {
        raw.to_string()
    } else {
        head.to_string()
    }
}

/// An actor code as others write it: empty is unknown ("---"), "~REB" is an
/// agent of no named country ("---REB").
fn actor_code(raw: Option<String>) -> String {
    let raw = raw.unwrap_or_default();
    let raw = raw.trim();
    if raw.is_empty() {
        "---".to_string()
    } else if let Some(agent) = raw.strip_prefix('~') {
        format!("---{agent}")
    } else {
        raw.to_string()
    }
}

fn is_true(v: &str) -> bool {
    matches!(v.trim().to_lowercase().as_str(), "true" | "yes" | "1")
}

/// Reads every `<Sentence>` of a validation file: PETRARCH's layout
/// (`<Sentence>` holding its codings and `<Text>`), PETRARCH-2's GSR layout
/// (`<Sentence .../>` closed before its codings and text, which run to the
/// next record), comments and CDATA anywhere. A record with no text is
/// skipped and counted, not fatal.
pub fn read_validation(xml: &str) -> Validation {
    let xml = flatten_markup(xml);
    let mut v = Validation::default();
    let mut rest = xml.as_str();
    while let Some(open) = next_sentence(rest) {
        let from = rest.get(open..).unwrap_or("");
        let Some(tag_len) = from.find('>') else {
            v.stats.sentences_skipped += 1;
            break;
        };
        let tag = from.get(..tag_len).unwrap_or("");
        let after = from.get(tag_len + 1..).unwrap_or("");
        // The record's body ends at its </Sentence>, or, for a tag closed on
        // itself or a missing close, at the next record.
        let next = next_sentence(after);
        let close = after.find("</Sentence>");
        let end = match (close, next) {
            (Some(c), Some(n)) if c < n && !tag.ends_with('/') => c,
            (Some(c), None) if !tag.ends_with('/') => c,
            (_, Some(n)) => n,
            (_, None) => after.find("</Sentences>").unwrap_or(after.len()),
        };
        let body = after.get(..end).unwrap_or("");
        rest = after.get(end..).unwrap_or("");
        let number = v.records.len() + v.stats.sentences_skipped + 1;
        let id = attr(tag, "id").unwrap_or_else(|| format!("#{number}"));
        let date = attr(tag, "date").unwrap_or_default();
        let mut expected = Vec::new();
        let mut b = body;
        while let Some(at) = b.find("<EventCoding") {
            let from = b.get(at..).unwrap_or("");
            let end = from.find('>').unwrap_or(from.len());
            let t = from.get(..end).unwrap_or("");
            match attr(t, "eventcode") {
                Some(code) if !event_code(&code).is_empty() => expected.push(Coding {
                    source: actor_code(attr(t, "sourcecode")),
                    target: actor_code(attr(t, "targetcode")),
                    code: event_code(&code),
                }),
                _ if attr(t, "noevents").is_some_and(|n| is_true(&n)) => v.stats.noevents += 1,
                _ => v.stats.codings_skipped += 1,
            }
            b = from.get(end..).unwrap_or("");
        }
        let text = match (body.find("<Text>"), body.find("</Text>")) {
            (Some(a), Some(z)) if z > a => unescape(body.get(a + 6..z).unwrap_or("").trim()),
            _ => String::new(),
        };
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() {
            v.stats.sentences_skipped += 1;
            v.stats.codings_skipped += expected.len();
            continue;
        }
        v.stats.sentences += 1;
        v.stats.codings += expected.len();
        v.records.push(Record {
            id,
            date,
            text,
            expected,
        });
    }
    v
}

/// Reads every `<Sentence>` of a validation file (see [`read_validation`]);
/// an error when none has a text.
pub fn parse_records(xml: &str) -> Result<Vec<Record>, String> {
    let v = read_validation(xml);
    if v.records.is_empty() && v.stats.sentences_skipped > 0 {
        return Err(format!(
            "no record with a <Text> ({} skipped)",
            v.stats.sentences_skipped
        ));
    }
    Ok(v.records)
}

fn code_matches(gold: &str, got: &str) -> bool {
    if gold == "---" {
        return true;
    }
    gold.split('/').any(|g| {
        let g = g.trim();
        // "081-083": any code from 081 to 083, sub-codes (0831) included.
        if let Some((lo, hi)) = g.split_once('-') {
            let head = got.get(..lo.len()).unwrap_or(got);
            return !lo.is_empty() && lo.len() == hi.len() && lo <= head && head <= hi;
        }
        if g.len() == 2 {
            got.starts_with(g)
        } else {
            g == got
        }
    })
}

fn actor_matches(gold: &str, got: &str) -> bool {
    gold == "---" || gold == got
}

/// Does a produced coding satisfy an expected one?
pub fn matches(expected: &Coding, produced: &Coding) -> bool {
    code_matches(&expected.code, &produced.code)
        && actor_matches(&expected.source, &produced.source)
        && actor_matches(&expected.target, &produced.target)
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub records: usize,
    pub expected: usize,
    pub produced: usize,
    pub found: usize,
    pub extra: usize,
    pub correct_pct: f64,
    pub extra_pct: f64,
    /// Expected codings whose source and target some produced coding has,
    /// whatever its event code: how well actors alone are found.
    pub actors_found: usize,
    pub actors_pct: f64,
    /// Expected source and target codes other than `---` (see [`sides_found`]).
    pub sides: usize,
    /// Of those, how many have their country among the sentence's actors.
    pub sides_found: usize,
    pub sides_pct: f64,
    /// (id, expected, produced, found, extra) per record.
    pub per_record: Vec<(String, usize, usize, usize, usize)>,
}

/// Records with an expected coding whose event code is `---`: it matches any
/// produced code, which is almost always a slip for "no event here" (write
/// no `EventCoding` for that).
pub fn any_code_records(records: &[Record]) -> Vec<&str> {
    records
        .iter()
        .filter(|r| r.expected.iter().any(|c| c.code.trim() == "---"))
        .map(|r| r.id.as_str())
        .collect()
}

/// The content words of a sentence, lower-cased (a few function words off).
fn content_words(text: &str) -> std::collections::HashSet<String> {
    const STOP: &[&str] = &[
        "the", "a", "an", "of", "in", "to", "and", "on", "for", "with", "its", "his", "her", "at",
        "by", "de", "la", "le", "les", "du", "des", "et", "en", "el", "los", "y",
    ];
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !STOP.contains(&w.as_str()))
        .collect()
}

/// Jaccard of two word sets; `None` when both are empty.
fn jaccard(
    a: &std::collections::HashSet<String>,
    b: &std::collections::HashSet<String>,
) -> Option<f64> {
    let union = a.union(b).count();
    (union > 0).then(|| a.intersection(b).count() as f64 / union as f64)
}

/// Share of words two sentences have in common (Jaccard over content words).
pub fn word_overlap(a: &str, b: &str) -> f64 {
    jaccard(&content_words(a), &content_words(b)).unwrap_or(0.0)
}

/// Which records are unseen: their text shares less than `below` of its
/// words with every reference record (a record is not compared with
/// itself: same id and text). Checks written by the people who fixed the
/// coder on earlier ones tend to retell the same facts in close words, and
/// such near-paraphrases score higher than news the coder never met.
pub fn unseen(records: &[Record], reference: &[Record], below: f64) -> Vec<bool> {
    let refs: Vec<(&Record, std::collections::HashSet<String>)> = reference
        .iter()
        .map(|r| (r, content_words(&r.text)))
        .collect();
    records
        .iter()
        .map(|r| {
            let w = content_words(&r.text);
            refs.iter()
                .filter(|(o, _)| !(o.id == r.id && o.text == r.text))
                .all(|(_, o)| jaccard(&w, o).is_none_or(|j| j < below))
        })
        .collect()
}

/// The country part of an actor code: its first three letters ("USAGOV" →
/// "USA"), or the whole code for an organisation ("IGOEUREEC"); `None` for
/// an unknown country ("---", "---REB", "").
pub fn country_part(code: &str) -> Option<&str> {
    let code = code.trim();
    if code.starts_with("IGO") {
        return Some(code);
    }
    let head = code.get(..3)?;
    (head != "---" && head.chars().all(|c| c.is_ascii_alphabetic())).then_some(head)
}

/// How many expected source and target codes (other than `---`) there are,
/// and how many have their country part ([`country_part`]) among the codes
/// of the sentence's resolved actor mentions: whether the actors are found
/// at all, whatever the events.
pub fn sides_found(records: &[Record], mention_codes: &[Vec<String>]) -> (usize, usize) {
    let (mut total, mut found) = (0, 0);
    for (rec, codes) in records.iter().zip(mention_codes) {
        let have: std::collections::HashSet<&str> =
            codes.iter().filter_map(|c| country_part(c)).collect();
        for side in rec.expected.iter().flat_map(|e| [&e.source, &e.target]) {
            if let Some(country) = country_part(side) {
                total += 1;
                found += usize::from(have.contains(country));
            }
        }
    }
    (total, found)
}

/// [`score`] with [`sides_found`] filled in from each record's mention codes.
pub fn score_with_mentions(
    records: &[Record],
    produced: &[Vec<Coding>],
    mention_codes: &[Vec<String>],
) -> Report {
    let mut r = score(records, produced);
    (r.sides, r.sides_found) = sides_found(records, mention_codes);
    r.sides_pct = if r.sides == 0 {
        0.0
    } else {
        100.0 * r.sides_found as f64 / r.sides as f64
    };
    r
}

/// Scores produced codings, one list per record, against the records.
pub fn score(records: &[Record], produced: &[Vec<Coding>]) -> Report {
    let mut r = Report {
        records: records.len(),
        ..Report::default()
    };
    for (rec, got) in records.iter().zip(produced) {
        let found = rec
            .expected
            .iter()
            .filter(|e| got.iter().any(|p| matches(e, p)))
            .count();
        r.actors_found += rec
            .expected
            .iter()
            .filter(|e| {
                got.iter().any(|p| {
                    actor_matches(&e.source, &p.source) && actor_matches(&e.target, &p.target)
                })
            })
            .count();
        let extra = got
            .iter()
            .filter(|p| !rec.expected.iter().any(|e| matches(e, p)))
            .count();
        r.expected += rec.expected.len();
        r.produced += got.len();
        r.found += found;
        r.extra += extra;
        r.per_record
            .push((rec.id.clone(), rec.expected.len(), got.len(), found, extra));
    }
    let pct = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    r.correct_pct = pct(r.found, r.expected);
    r.extra_pct = pct(r.extra, r.expected);
    r.actors_pct = pct(r.actors_found, r.expected);
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_decode_once_numeric_ones_too() {
        assert_eq!(
            unescape("Russia&#x27;s &#39;war&#39; &amp;lt; &amp; R&amp;D"),
            "Russia's 'war' &lt; & R&D"
        );
        assert_eq!(unescape("AT&T &bogus; &#xZZ; &"), "AT&T &bogus; &#xZZ; &");
        assert_eq!(unescape("&#233;t&#xE9;"), "été");
    }

    #[test]
    fn gold_codes_may_be_roots_alternatives_or_ranges() {
        assert!(code_matches("14", "141"));
        assert!(code_matches("18/19/20", "190"));
        assert!(!code_matches("18/19/20", "173"));
        assert!(code_matches("081-083", "0831"));
        assert!(code_matches("081-083", "082"));
        assert!(!code_matches("081-083", "084"));
        assert!(!code_matches("081-083", "08"));
        assert!(!code_matches("", "141"));
    }

    const XML: &str = r#"<Validation><Sentences>
<Sentence date="19950101" id="DEMO-00" category="DEMO">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<Text>
Arnor is about to restore full diplomatic ties with Gondor.
</Text>
</Sentence>
<Sentence date="19950102" id="DEMO-01">
<EventCoding noevents = "True"></EventCoding>
<Text>Nothing &amp; nobody.</Text>
</Sentence>
<Sentence date="19940611" id="ES-1">
<EventCoding eid="E1" eventcode="18/19/20" plover="ASSAULT" sourcecode="---" targetcode="---" />
<Text>x</Text>
</Sentence>
</Sentences></Validation>"#;

    #[test]
    fn unseen_records_share_less_than_half_their_words_with_any_reference() {
        let rec = |id: &str, text: &str| Record {
            id: id.into(),
            date: "20240101".into(),
            text: text.into(),
            expected: Vec::new(),
        };
        let reference = [
            rec(
                "A",
                "Army officers in Gabon seized power and placed the president under house arrest.",
            ),
            rec("B", "Iran fired ballistic missiles at targets in Erbil."),
        ];
        let new = [
            // Retold in close words: seen.
            rec(
                "N1",
                "Army officers in Gabon seized power and put the president under house arrest.",
            ),
            // Same country, other words: unseen.
            rec(
                "N2",
                "Gabon's junta named a general as interim leader on Wednesday.",
            ),
            // The reference record itself is not its own reference.
            rec("B", "Iran fired ballistic missiles at targets in Erbil."),
        ];
        assert_eq!(unseen(&new, &reference, 0.5), vec![false, true, true]);
        assert!(word_overlap(&reference[0].text, &new[0].text) > 0.8);
        assert!(word_overlap("", "") == 0.0);
    }

    #[test]
    fn an_event_code_of_dashes_is_flagged() {
        let xml = r#"<Sentences>
<Sentence id="A" date="20240101"><EventCoding sourcecode="USA" targetcode="---" eventcode="---"/><Text>The US did nothing.</Text></Sentence>
<Sentence id="B" date="20240101"><EventCoding sourcecode="USA" targetcode="---" eventcode="042"/><Text>Biden visited Kyiv.</Text></Sentence>
<Sentence id="C" date="20240101"><Text>Nothing happened.</Text></Sentence>
</Sentences>"#;
        let records = parse_records(xml).unwrap();
        assert_eq!(any_code_records(&records), vec!["A"]);
    }

    #[test]
    fn records_and_scores() {
        let recs = parse_records(XML).unwrap();
        assert_eq!(recs.len(), 3);
        assert_eq!(
            recs[0].text,
            "Arnor is about to restore full diplomatic ties with Gondor."
        );
        assert_eq!(recs[1].text, "Nothing & nobody.");
        assert!(recs[1].expected.is_empty());
        let c = |s: &str, t: &str, e: &str| Coding {
            source: s.into(),
            target: t.into(),
            code: e.into(),
        };
        let produced = vec![
            vec![c("ARN", "GON", "064"), c("GON", "ARN", "064")],
            vec![c("X", "Y", "010")],
            vec![c("ABC", "", "190")],
        ];
        let r = score(&recs, &produced);
        assert_eq!((r.expected, r.found, r.extra), (2, 2, 2));
        assert!((r.correct_pct - 100.0).abs() < 1e-9);
        assert!((r.extra_pct - 100.0).abs() < 1e-9);
        assert!(!matches(&c("ARN", "GON", "064"), &c("ARN", "GON", "0641")));
    }

    #[test]
    fn event_codes_with_their_names_are_the_code() {
        let xml = r#"<Sentences><Sentence id="N1" date="20210305">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="140_Engage_in_political_dissent"/>
<EventCoding sourcecode="GON" targetcode="ARN" eventcode="0311_Express intent to cooperate economically"/>
<Text>Farmers of Arnor marched against the tariffs of Gondor.</Text></Sentence></Sentences>"#;
        let v = read_validation(xml);
        let codes: Vec<&str> = v.records[0]
            .expected
            .iter()
            .map(|c| c.code.as_str())
            .collect();
        assert_eq!(codes, ["140", "0311"]);
        assert_eq!(v.stats.codings, 2);
    }

    #[test]
    fn a_tilde_agent_is_an_agent_of_no_named_country() {
        let xml = r#"<Sentences><Sentence id="T1" date="20210305">
<EventCoding sourcecode="~REB" targetcode="ARNMIL" eventcode="190"/>
<Text>Insurgents ambushed an Arnorian patrol near the river.</Text></Sentence></Sentences>"#;
        let r = &parse_records(xml).unwrap()[0];
        assert_eq!(r.expected[0].source, "---REB");
        assert_eq!(r.expected[0].target, "ARNMIL");
    }

    #[test]
    fn an_empty_actor_code_is_unknown_and_matches_anything() {
        let xml = r#"<Sentences><Sentence id="E1" date="20210305">
<EventCoding sourcecode="" targetcode="GON" eventcode="112"/>
<Text>Someone in the hills blamed Gondor for the drought.</Text></Sentence></Sentences>"#;
        let recs = parse_records(xml).unwrap();
        assert_eq!(recs[0].expected[0].source, "---");
        let got = Coding {
            source: "ARNOPP".into(),
            target: "GON".into(),
            code: "112".into(),
        };
        assert_eq!(score(&recs, &[vec![got]]).found, 1);
    }

    #[test]
    fn noevents_records_expect_nothing_and_are_counted() {
        let xml = r#"<Sentences>
<Sentence id="Z1" date="20210305"><EventCoding noevents="True"/>
<Text>Rain fell over the northern provinces all week.</Text></Sentence>
<Sentence id="Z2" date="20210305"><EventCoding noevents = 'true'></EventCoding>
<Text>The harvest festival drew large crowds.</Text></Sentence>
</Sentences>"#;
        let v = read_validation(xml);
        assert_eq!(v.records.len(), 2);
        assert!(v.records.iter().all(|r| r.expected.is_empty()));
        assert_eq!(
            (v.stats.noevents, v.stats.codings, v.stats.codings_skipped),
            (2, 0, 0)
        );
    }

    #[test]
    fn gsr_layout_sentence_tags_closed_before_their_text() {
        let xml = r#"<Sentences>
<Sentence date="20150210" id="GSR-7" source="wire" sentence="True"/>
<EventCoding sourcecode="ARNGOV" targetcode="GON" eventcode="042"/>
<Text>The king of Arnor travelled to Gondor on Monday.</Text>
<Parse>(ROOT (S ...))</Parse>
<Sentence date="20150211" id="GSR-8" source="wire" sentence="True"/>
<Text>Markets were calm.</Text>
</Sentences>"#;
        let v = read_validation(xml);
        assert_eq!(v.records.len(), 2);
        assert_eq!(v.records[0].id, "GSR-7");
        assert_eq!(v.records[0].expected[0].code, "042");
        assert_eq!(v.records[1].text, "Markets were calm.");
        assert!(v.records[1].expected.is_empty());
    }

    #[test]
    fn comments_and_cdata_neither_hide_nor_fake_records() {
        let xml = r#"<Sentences>
<!-- an old record, taken out: <Sentence id="OLD" date="20000101"><Text>x</Text></Sentence> -->
<Sentence id="C1" date="20210305"><!-- why: "signed" 057 -->
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="057"/>
<Text><![CDATA[Arnor & Gondor signed a <border> pact.]]></Text></Sentence>
<Sentence id="C2" date="20210305"><EventCoding sourcecode="ARN"/><Text></Text></Sentence>
</Sentences>"#;
        let v = read_validation(xml);
        assert_eq!(v.records.len(), 1);
        assert_eq!(v.records[0].id, "C1");
        assert_eq!(v.records[0].text, "Arnor & Gondor signed a <border> pact.");
        assert_eq!((v.stats.sentences, v.stats.sentences_skipped), (1, 1));
        // C2's coding has no event code, and its record no text.
        assert_eq!(v.stats.codings_skipped, 1);
    }

    #[test]
    fn sides_found_compares_countries_and_whole_organisation_codes() {
        let xml = r#"<Sentences><Sentence id="S1" date="20210305">
<EventCoding sourcecode="ARNGOV" targetcode="IGOEUREEC" eventcode="040"/>
<EventCoding sourcecode="---REB" targetcode="GONMIL" eventcode="190"/>
<Text>x</Text></Sentence></Sentences>"#;
        let recs = parse_records(xml).unwrap();
        // ARN found through ARNMIL; IGOEUREEC is not IGOUNO; GON missing; ---REB not counted.
        let codes = vec![vec!["ARNMIL".to_string(), "IGOUNO".to_string()]];
        assert_eq!(sides_found(&recs, &codes), (3, 1));
        let r = score_with_mentions(&recs, &[Vec::new()], &codes);
        assert!((r.sides_pct - 100.0 / 3.0).abs() < 1e-9);
        assert_eq!(country_part("---"), None);
        assert_eq!(country_part("IGOUNOWHO"), Some("IGOUNOWHO"));
    }
}
