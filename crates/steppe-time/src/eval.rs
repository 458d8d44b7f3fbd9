//! `steppe eval timex`: the tagger scored on ISO-TimeML documents (`*.tml`,
//! document date in `DCT`), as in TempEval-3: strict (same span) and relaxed
//! (overlapping span) precision, recall and F1; type and value accuracy on
//! relaxed matches.

use std::path::Path;
use std::time::Instant;

use steppe_model::Published;

/// A gold TIMEX3 in the plain text of a document.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldTimex {
    pub start: usize,
    pub end: usize,
    pub kind: String,
    pub value: String,
}

/// A TimeML document: plain text, creation date, gold expressions.
#[derive(Debug, Clone)]
pub struct Document {
    pub name: String,
    pub text: String,
    pub dct: Option<Published>,
    pub gold: Vec<GoldTimex>,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!("{name}=");
    let i = tag.find(&key)? + key.len();
    let quote = tag.get(i..).unwrap_or_default().chars().next()?;
    let rest = tag.get(i + 1..).unwrap_or_default();
    let end = rest.find(quote)?;
    Some(rest.get(..end).unwrap_or_default().to_string())
}

/// Parses one TimeML document.
pub fn parse_timeml(name: &str, xml: &str) -> Result<Document, String> {
    let dct = xml
        .find("<DCT>")
        .and_then(|i| {
            xml.get(i..)
                .unwrap_or_default()
                .find("<TIMEX3")
                .map(|j| i + j)
        })
        .and_then(|i| {
            xml.get(i..)
                .unwrap_or_default()
                .find('>')
                .map(|j| xml.get(i..i + j).unwrap_or_default())
        })
        .and_then(|tag| attr(tag, "value"))
        .and_then(|v| Published::parse_iso(&v));
    let start = xml
        .find("<TEXT>")
        .ok_or_else(|| format!("{name}: no <TEXT>"))?
        + "<TEXT>".len();
    let end = xml
        .get(start..)
        .unwrap_or_default()
        .find("</TEXT>")
        .map(|e| start + e)
        .ok_or_else(|| format!("{name}: no </TEXT>"))?;
    let body = xml.get(start..end).unwrap_or_default();
    let mut text = String::with_capacity(body.len());
    let mut gold = Vec::new();
    let mut open: Option<(usize, String, String)> = None;
    let mut i = 0;
    while i < body.len() {
        let rest = body.get(i..).unwrap_or_default();
        if rest.starts_with('<') {
            let close = rest
                .find('>')
                .ok_or_else(|| format!("{name}: unclosed tag"))?;
            let tag = rest.get(1..close).unwrap_or_default();
            if tag.starts_with("TIMEX3") && !tag.ends_with('/') {
                open = Some((
                    text.len(),
                    attr(tag, "type").unwrap_or_default(),
                    attr(tag, "value").unwrap_or_default(),
                ));
            } else if tag.starts_with("/TIMEX3") {
                if let Some((s, kind, value)) = open.take() {
                    gold.push(GoldTimex {
                        start: s,
                        end: text.len(),
                        kind,
                        value,
                    });
                }
            }
            i += close + 1;
        } else if rest.starts_with('&') {
            match steppe_text::normalize::xml_entity(rest) {
                Some((c, used)) => {
                    text.push(c);
                    i += used;
                }
                None => {
                    text.push('&');
                    i += 1;
                }
            }
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            text.push(c);
            i += c.len_utf8();
        }
    }
    Ok(Document {
        name: name.to_string(),
        text,
        dct,
        gold,
    })
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct TimexReport {
    pub documents: usize,
    pub gold: usize,
    pub predicted: usize,
    pub strict_precision: f64,
    pub strict_recall: f64,
    pub strict_f1: f64,
    pub relaxed_precision: f64,
    pub relaxed_recall: f64,
    pub relaxed_f1: f64,
    pub type_accuracy: f64,
    pub value_accuracy: f64,
    pub expressions_per_second: f64,
    /// (document, gold text, gold value, predicted text, predicted value) for misses and errors.
    pub errors: Vec<(String, String, String, String, String)>,
    /// (document, what went wrong) for each document the tagger failed on;
    /// those documents are left out of the figures.
    pub failed: Vec<(String, String)>,
}

fn prf(tp_p: usize, predicted: usize, tp_g: usize, gold: usize) -> (f64, f64, f64) {
    let p = if predicted == 0 {
        0.0
    } else {
        tp_p as f64 / predicted as f64
    };
    let r = if gold == 0 {
        0.0
    } else {
        tp_g as f64 / gold as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

/// Scores `lang`'s tagger on every `*.tml` file of a folder.
pub fn evaluate(dir: &Path, lang: &str) -> Result<TimexReport, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tml"))
        .collect();
    files.sort();
    let mut docs = Vec::new();
    for f in &files {
        let xml = std::fs::read_to_string(f).map_err(|e| format!("{}: {e}", f.display()))?;
        docs.push(parse_timeml(
            &f.file_name().unwrap_or_default().to_string_lossy(),
            &xml,
        )?);
    }
    if docs.is_empty() {
        return Err(format!("{}: no .tml files", dir.display()));
    }
    let t0 = Instant::now();
    let mut failed = Vec::new();
    let mut predicted: Vec<Vec<steppe_model::Timex>> = Vec::with_capacity(docs.len());
    docs.retain(
        |d| match steppe_model::guard::catch(|| crate::tag(&d.text, lang, d.dct)) {
            Ok(p) => {
                predicted.push(p);
                true
            }
            Err(e) => {
                failed.push((d.name.clone(), e));
                false
            }
        },
    );
    let secs = t0.elapsed().as_secs_f64();
    let mut r = TimexReport {
        documents: docs.len(),
        failed,
        ..Default::default()
    };
    let (
        mut strict_p,
        mut strict_g,
        mut relaxed_p,
        mut relaxed_g,
        mut matched,
        mut type_ok,
        mut value_ok,
    ) = (0, 0, 0, 0, 0, 0, 0);
    for (d, pred) in docs.iter().zip(&predicted) {
        r.gold += d.gold.len();
        r.predicted += pred.len();
        strict_p += pred
            .iter()
            .filter(|p| d.gold.iter().any(|g| g.start == p.start && g.end == p.end))
            .count();
        strict_g += d
            .gold
            .iter()
            .filter(|g| pred.iter().any(|p| g.start == p.start && g.end == p.end))
            .count();
        relaxed_p += pred
            .iter()
            .filter(|p| d.gold.iter().any(|g| g.start < p.end && p.start < g.end))
            .count();
        let mut used = vec![false; pred.len()];
        for g in &d.gold {
            let hit = pred
                .iter()
                .enumerate()
                .find(|(i, p)| !used[*i] && g.start < p.end && p.start < g.end);
            match hit {
                Some((i, p)) => {
                    used[i] = true;
                    relaxed_g += 1;
                    matched += 1;
                    type_ok += usize::from(p.kind.as_str() == g.kind);
                    value_ok += usize::from(p.value == g.value);
                    if p.value != g.value || p.start != g.start || p.end != g.end {
                        r.errors.push((
                            d.name.clone(),
                            d.text.get(g.start..g.end).unwrap_or_default().to_string(),
                            g.value.clone(),
                            p.text.clone(),
                            p.value.clone(),
                        ));
                    }
                }
                None => r.errors.push((
                    d.name.clone(),
                    d.text.get(g.start..g.end).unwrap_or_default().to_string(),
                    g.value.clone(),
                    String::new(),
                    String::new(),
                )),
            }
        }
        for (i, p) in pred.iter().enumerate() {
            if !used[i] && !d.gold.iter().any(|g| g.start < p.end && p.start < g.end) {
                r.errors.push((
                    d.name.clone(),
                    String::new(),
                    String::new(),
                    p.text.clone(),
                    p.value.clone(),
                ));
            }
        }
    }
    (r.strict_precision, r.strict_recall, r.strict_f1) =
        prf(strict_p, r.predicted, strict_g, r.gold);
    (r.relaxed_precision, r.relaxed_recall, r.relaxed_f1) =
        prf(relaxed_p, r.predicted, relaxed_g, r.gold);
    r.type_accuracy = if matched == 0 {
        0.0
    } else {
        type_ok as f64 / matched as f64
    };
    r.value_accuracy = if matched == 0 {
        0.0
    } else {
        value_ok as f64 / matched as f64
    };
    r.expressions_per_second = r.gold as f64 / secs.max(1e-9);
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeml_text_and_offsets() {
        let xml = "<TimeML><DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"2003-02-22\"/></DCT><TEXT>Arrivé <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2003-02-21\">hier</TIMEX3> &amp; reparti <EVENT>vite</EVENT>.</TEXT></TimeML>";
        let d = parse_timeml("x.tml", xml).unwrap();
        assert_eq!(d.text, "Arrivé hier & reparti vite.");
        assert_eq!(d.dct.map(|p| p.to_string()), Some("2003-02-22".into()));
        assert_eq!(&d.text[d.gold[0].start..d.gold[0].end], "hier");
        assert_eq!(d.gold[0].value, "2003-02-21");
    }
}
