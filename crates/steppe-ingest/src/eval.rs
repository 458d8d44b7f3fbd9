//! `steppe eval extraction`: main-content extraction scored against hand-made
//! article bodies, in the layout of the article-extraction benchmark
//! (`html/ID.html.gz` and `ground-truth.json` mapping ID to `{"articleBody": ...}`).
//!
//! Score: token precision, recall and F1 per page (tokens split on white space,
//! counted as multisets), averaged over pages. Both sides go through steppe's
//! character normaliser first (one apostrophe, plain spaces, NFC), so the score
//! measures which text was kept, not typography. Speed is for one thread,
//! best of up to three passes.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::time::Instant;

use steppe_text::normalize::normalize;

#[derive(Debug, Clone, PartialEq)]
pub struct PageScore {
    pub id: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExtractionReport {
    pub pages: Vec<PageScore>,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub pages_per_second: f64,
    /// (page, what went wrong) for pages extraction failed on, left out.
    pub failed: Vec<(String, String)>,
}

fn bag(text: &str) -> HashMap<&str, u32> {
    let mut m = HashMap::new();
    for t in text.split_whitespace() {
        *m.entry(t).or_insert(0) += 1;
    }
    m
}

/// Token-multiset precision, recall and F1 of `predicted` against `gold`.
pub fn token_prf(predicted: &str, gold: &str) -> (f64, f64, f64) {
    let p = bag(predicted);
    let g = bag(gold);
    let common: u32 = p
        .iter()
        .map(|(t, n)| (*n).min(*g.get(t).unwrap_or(&0)))
        .sum();
    let np: u32 = p.values().sum();
    let ng: u32 = g.values().sum();
    let precision = if np == 0 {
        f64::from(u8::from(ng == 0))
    } else {
        f64::from(common) / f64::from(np)
    };
    let recall = if ng == 0 {
        1.0
    } else {
        f64::from(common) / f64::from(ng)
    };
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    (precision, recall, f1)
}

/// The text steppe keeps for an HTML page: extraction, then the same cleaning
/// as ingest (boilerplate lines out, headline repeat folded).
pub fn article_text(html: &str) -> String {
    let doc = crate::readers::read_html("eval.html", html);
    match doc.and_then(crate::clean::finish) {
        Ok(a) => a.text,
        Err(_) => String::new(),
    }
}

/// Runs the evaluation over a benchmark folder.
pub fn extraction(dir: &Path) -> Result<ExtractionReport, String> {
    let gt_path = dir.join("ground-truth.json");
    let gt_text =
        std::fs::read_to_string(&gt_path).map_err(|e| format!("{}: {e}", gt_path.display()))?;
    let gt: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&gt_text)
        .map_err(|e| format!("{}: invalid JSON: {e}", gt_path.display()))?;
    let mut pages = Vec::new();
    for (id, v) in &gt {
        let gold = v.get("articleBody").and_then(|b| b.as_str()).unwrap_or("");
        let path = dir.join("html").join(format!("{id}.html.gz"));
        let raw = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut bytes = Vec::new();
        flate2::read::MultiGzDecoder::new(&raw[..])
            .read_to_end(&mut bytes)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let html = crate::decode::decode(&bytes)
            .map(|(t, _)| t)
            .unwrap_or_default();
        pages.push((id.clone(), html, normalize(gold)));
    }
    if pages.is_empty() {
        return Err(format!("{}: no pages", gt_path.display()));
    }
    let start = Instant::now();
    let mut failed = Vec::new();
    let mut texts: Vec<String> = Vec::with_capacity(pages.len());
    pages.retain(
        |(id, html, _)| match steppe_model::guard::catch(|| article_text(html)) {
            Ok(t) => {
                texts.push(t);
                true
            }
            Err(e) => {
                failed.push((id.clone(), e));
                false
            }
        },
    );
    let secs = start.elapsed().as_secs_f64();
    let mut scores = Vec::new();
    for ((id, _, gold), text) in pages.iter().zip(&texts) {
        let (precision, recall, f1) = token_prf(text, gold);
        scores.push(PageScore {
            id: id.clone(),
            precision,
            recall,
            f1,
        });
    }
    let n = scores.len() as f64;
    Ok(ExtractionReport {
        precision: scores.iter().map(|s| s.precision).sum::<f64>() / n,
        recall: scores.iter().map(|s| s.recall).sum::<f64>() / n,
        f1: scores.iter().map(|s| s.f1).sum::<f64>() / n,
        pages_per_second: n / secs.max(1e-9),
        pages: scores,
        failed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multiset_scores() {
        let (p, r, f) = token_prf("a a b c", "a b b");
        assert!((p - 0.5).abs() < 1e-9); // a, b of a a b c
        assert!((r - 2.0 / 3.0).abs() < 1e-9);
        assert!((f - 4.0 / 7.0).abs() < 1e-9);
        assert_eq!(token_prf("", ""), (1.0, 1.0, 1.0));
        assert_eq!(token_prf("", "x"), (0.0, 0.0, 0.0));
    }

    #[test]
    fn page_text_drops_navigation_and_share_rows() {
        let html = r#"<html lang="fr"><head><title>Visite à Astana</title></head><body>
            <nav><a href="/">Accueil</a> <a href="/monde">Monde</a></nav>
            <article><h1>Visite à Astana</h1>
            <p>Le ministre des Affaires étrangères est arrivé mardi à Astana, première étape d'une tournée de trois jours dans la région.</p>
            <p>Il doit rencontrer ses homologues des cinq pays d'Asie centrale avant de repartir pour Tachkent jeudi matin.</p>
            <p>Selon son entourage, une aide de plusieurs millions de dollars pourrait être annoncée à l'issue des entretiens.</p>
            <p>Facebook</p><p>Twitter</p></article>
            <footer>© 2023 Le Courrier des steppes</footer></body></html>"#;
        let text = article_text(html);
        assert!(text.contains("première étape"), "{text}");
        assert!(text.contains("Tachkent jeudi"), "{text}");
        assert!(
            !text.contains("Facebook") && !text.contains("Accueil") && !text.contains("©"),
            "{text}"
        );
    }
}
