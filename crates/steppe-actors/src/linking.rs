//! Entity-linking evaluation on HIPE-2022 TSV files: documents are rebuilt
//! from their tokens, actors are found as in ingest, and each gold mention
//! linked to Wikidata is checked against the QID of the actor found on it.
//!
//! A gold mention counts as correct when a found mention overlaps it and the
//! found actor's QID is the gold literal QID or its metonymic one (HIPE links
//! "Paris" read as the French government to both).

use std::time::Instant;

use chrono::NaiveDate;
use steppe_model::Published;

use crate::find::find;
use crate::kb::Kb;

/// One rebuilt document with its gold linked mentions (character offsets).
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub id: String,
    pub date: Option<NaiveDate>,
    pub text: String,
    pub gold: Vec<GoldMention>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldMention {
    pub start: usize,
    pub end: usize,
    pub kind: String,
    /// Literal and metonymic QIDs (`None` for NIL or absent).
    pub qid: Option<String>,
    pub qid_meto: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub documents: usize,
    /// Gold mentions with a QID.
    pub linked_gold: usize,
    /// Of those, how many a found mention overlaps.
    pub overlapped: usize,
    /// Of those, how many got an actor with a QID.
    pub predicted: usize,
    pub correct: usize,
    /// correct / linked_gold.
    pub accuracy: f64,
    /// correct / predicted: how often a QID we give is right.
    pub precision: f64,
    pub mentions_per_second: f64,
    /// (document, surface, gold QID, found actor, found QID) for each gold linked mention missed.
    pub errors: Vec<(String, String, String, String, String)>,
    /// (document, what went wrong) for each document recognition failed on;
    /// those documents are left out of the figures.
    pub failed: Vec<(String, String)>,
}

fn qid(col: Option<&str>) -> Option<String> {
    col.filter(|q| q.starts_with('Q')).map(str::to_string)
}

/// Parses a HIPE-2022 TSV file (header row, `#` metadata, one token per line).
pub fn parse_hipe(body: &str) -> Result<Vec<Document>, String> {
    let mut docs: Vec<Document> = Vec::new();
    let mut cur = Document::default();
    // (start char, kind, qid, qid_meto) of the entity being read.
    let mut open: Option<(usize, String, Option<String>, Option<String>)> = None;
    let mut chars = 0usize;
    let mut space_due = false;
    let close = |open: &mut Option<(usize, String, Option<String>, Option<String>)>,
                 cur: &mut Document,
                 end: usize| {
        if let Some((start, kind, q, qm)) = open.take() {
            cur.gold.push(GoldMention {
                start,
                end,
                kind,
                qid: q,
                qid_meto: qm,
            });
        }
    };
    let mut last_end = 0usize;
    for (n, line) in body.lines().enumerate() {
        if n == 0 && line.starts_with("TOKEN") {
            continue;
        }
        if let Some(meta) = line.strip_prefix('#') {
            let meta = meta.trim();
            if let Some(id) = meta.strip_prefix("hipe2022:document_id =") {
                close(&mut open, &mut cur, last_end);
                if !cur.text.is_empty() {
                    docs.push(std::mem::take(&mut cur));
                }
                cur.id = id.trim().to_string();
                chars = 0;
                space_due = false;
            } else if let Some(d) = meta.strip_prefix("hipe2022:date =") {
                cur.date = NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok();
            }
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 10 {
            return Err(format!(
                "line {}: expected 10 tab-separated columns, found {}",
                n + 1,
                cols.len()
            ));
        }
        let token = cols[0];
        if space_due {
            cur.text.push(' ');
            chars += 1;
        }
        let start = chars;
        cur.text.push_str(token);
        chars += token.chars().count();
        let misc = cols[9];
        space_due = !misc.contains("NoSpaceAfter");
        if misc.contains("EndOfLine") || misc.contains("EndOfSentence") {
            space_due = true;
        }
        let tag = cols[1];
        if let Some(kind) = tag.strip_prefix("B-") {
            close(&mut open, &mut cur, last_end);
            open = Some((
                start,
                kind.to_string(),
                qid(cols.get(7).copied()),
                qid(cols.get(8).copied()),
            ));
        } else if !tag.starts_with("I-") {
            close(&mut open, &mut cur, last_end);
        }
        last_end = chars;
    }
    close(&mut open, &mut cur, last_end);
    if !cur.text.is_empty() {
        docs.push(cur);
    }
    Ok(docs)
}

/// Runs actor recognition on each document and scores QIDs.
pub fn evaluate(kb: &Kb, docs: &[Document], lang: &str) -> Report {
    let mut r = Report {
        documents: docs.len(),
        ..Report::default()
    };
    let t0 = Instant::now();
    let mut found_total = 0usize;
    for d in docs {
        let found = match steppe_model::guard::catch(|| {
            find(kb, &d.text, lang, d.date.map(Published::Day))
        }) {
            Ok(found) => found,
            Err(e) => {
                r.failed.push((d.id.clone(), e));
                continue;
            }
        };
        found_total += found.len();
        // Byte offsets of the finder to character offsets of the gold.
        let to_char = |b: usize| d.text.get(..b).unwrap_or_default().chars().count();
        let found: Vec<(usize, usize, &str)> = found
            .iter()
            .map(|m| (to_char(m.start), to_char(m.end), m.actor.as_str()))
            .collect();
        for g in d
            .gold
            .iter()
            .filter(|g| g.qid.is_some() || g.qid_meto.is_some())
        {
            r.linked_gold += 1;
            let gold = g.qid.clone().or(g.qid_meto.clone()).unwrap_or_default();
            let surface: String = d.text.chars().skip(g.start).take(g.end - g.start).collect();
            // The overlapping found mention sharing the most characters.
            let best = found
                .iter()
                .filter(|(s, e, _)| *s < g.end && g.start < *e)
                .max_by_key(|(s, e, _)| (*e).min(g.end) - (*s).max(g.start));
            let Some((_, _, actor)) = best else {
                r.errors
                    .push((d.id.clone(), surface, gold, String::new(), String::new()));
                continue;
            };
            r.overlapped += 1;
            let predicted = kb.get(actor).and_then(|a| a.qid.clone());
            if let Some(p) = &predicted {
                r.predicted += 1;
                if Some(p) == g.qid.as_ref() || Some(p) == g.qid_meto.as_ref() {
                    r.correct += 1;
                    continue;
                }
            }
            r.errors.push((
                d.id.clone(),
                surface,
                gold,
                actor.to_string(),
                predicted.unwrap_or_default(),
            ));
        }
    }
    let secs = t0.elapsed().as_secs_f64().max(1e-9);
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    r.accuracy = ratio(r.correct, r.linked_gold);
    r.precision = ratio(r.correct, r.predicted);
    r.mentions_per_second = found_total as f64 / secs;
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "TOKEN\tNE-COARSE-LIT\tNE-COARSE-METO\tNE-FINE-LIT\tNE-FINE-METO\tNE-FINE-COMP\tNE-NESTED\tNEL-LIT\tNEL-METO\tMISC
# hipe2022:document_id = doc-1
# hipe2022:date = 1923-01-15
Le\tO\tO\tO\tO\tO\tO\t_\t_\t_
gouvernement\tO\tO\tO\tO\tO\tO\t_\t_\t_
de\tO\tO\tO\tO\tO\tO\t_\t_\t_
la\tO\tO\tO\tO\tO\tO\t_\t_\t_
Russie\tB-loc\tO\tB-loc.adm.nat\tO\tO\tO\tQ159\t_\tNoSpaceAfter
,\tO\tO\tO\tO\tO\tO\t_\t_\t_
selon\tO\tO\tO\tO\tO\tO\t_\t_\t_
Jean\tB-pers\tO\tB-pers.ind\tO\tO\tO\tNIL\t_\t_
Dupont\tI-pers\tO\tI-pers.ind\tO\tO\tO\tNIL\t_\t_
à\tO\tO\tO\tO\tO\tO\t_\t_\t_
Berlin\tB-loc\tO\tB-loc.adm.town\tO\tO\tO\tQ64\tQ183\tNoSpaceAfter
.\tO\tO\tO\tO\tO\tO\t_\t_\tEndOfSentence
";

    #[test]
    fn documents_are_rebuilt_with_their_linked_mentions() {
        let docs = parse_hipe(SAMPLE).unwrap();
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(
            d.text,
            "Le gouvernement de la Russie, selon Jean Dupont à Berlin."
        );
        let spans: Vec<String> = d
            .gold
            .iter()
            .map(|g| d.text.chars().skip(g.start).take(g.end - g.start).collect())
            .collect();
        assert_eq!(spans, ["Russie", "Jean Dupont", "Berlin"]);
        assert_eq!(d.gold[2].qid_meto.as_deref(), Some("Q183"));
        let r = evaluate(Kb::builtin(), &docs, "fr");
        // Russie (Q159) and Berlin read as Germany (Q183, metonymic) are right; Dupont is NIL.
        assert_eq!(r.linked_gold, 2);
        assert_eq!(r.correct, 2, "{:?}", r.errors);
    }

    #[test]
    fn malformed_rows_say_where() {
        let err = parse_hipe("TOKEN\nRussie\tB-loc\n").unwrap_err();
        assert!(err.starts_with("line 2:"), "{err}");
    }
}
