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
    let at = tag.find(&format!("{name}="))? + name.len() + 1;
    let rest = tag.get(at..).unwrap_or_default().trim_start();
    let quote = rest.chars().next()?;
    if quote != '"' && quote != '\'' {
        return None;
    }
    let body = rest.get(1..).unwrap_or_default();
    Some(
        body.get(..body.find(quote)?)
            .unwrap_or_default()
            .to_string(),
    )
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

/// Reads every `<Sentence>` of a validation file.
pub fn parse_records(xml: &str) -> Result<Vec<Record>, String> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(open) = rest.find("<Sentence ") {
        let tag_end = rest
            .get(open..)
            .unwrap_or_default()
            .find('>')
            .ok_or_else(|| format!("record {}: unterminated <Sentence> tag", out.len() + 1))?
            + open;
        let tag = rest.get(open..tag_end).unwrap_or_default();
        let close = rest
            .get(tag_end..)
            .unwrap_or_default()
            .find("</Sentence>")
            .ok_or_else(|| format!("record {}: no </Sentence>", out.len() + 1))?
            + tag_end;
        let body = rest.get(tag_end..close).unwrap_or_default();
        let id = attr(tag, "id").unwrap_or_else(|| format!("#{}", out.len() + 1));
        let date = attr(tag, "date").unwrap_or_default();
        let mut expected = Vec::new();
        let mut b = body;
        while let Some(at) = b.find("<EventCoding") {
            let end = b
                .get(at..)
                .unwrap_or_default()
                .find('>')
                .map_or(b.len(), |e| e + at);
            let t = b.get(at..end).unwrap_or_default();
            if let Some(code) = attr(t, "eventcode") {
                expected.push(Coding {
                    source: attr(t, "sourcecode").unwrap_or_else(|| "---".into()),
                    target: attr(t, "targetcode").unwrap_or_else(|| "---".into()),
                    code,
                });
            }
            b = b.get(end..).unwrap_or_default();
        }
        let text = match (body.find("<Text>"), body.find("</Text>")) {
            (Some(a), Some(z)) if z > a => unescape(body.get(a + 6..z).unwrap_or_default().trim()),
            _ => return Err(format!("record {id}: no <Text>")),
        };
        out.push(Record {
            id,
            date,
            text: text.split_whitespace().collect::<Vec<_>>().join(" "),
            expected,
        });
        rest = rest.get(close..).unwrap_or_default();
    }
    Ok(out)
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
}
