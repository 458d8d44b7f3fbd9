//! Human-readable summaries, drawn rather than only tabulated.

use std::io::Write;

use anyhow::Result;
use steppe_store::ArticleStore;

/// A horizontal bar of `value` scaled so that `max` fills `width` cells,
/// with eighth-cell resolution.
pub fn bar(value: u64, max: u64, width: usize) -> String {
    const PARTS: [char; 8] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];
    if max == 0 || value == 0 {
        return String::new();
    }
    let eighths = ((value as f64 / max as f64) * (width * 8) as f64)
        .round()
        .max(1.0) as usize;
    let mut s = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        s.push(PARTS[eighths % 8 - 1]);
    }
    s
}

fn groups(out: &mut dyn Write, title: &str, rows: &[(String, u64)], limit: usize) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    writeln!(out, "{title}")?;
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0);
    let label_w = rows
        .iter()
        .take(limit)
        .map(|r| r.0.chars().count())
        .max()
        .unwrap_or(0)
        .min(32);
    for (label, n) in rows.iter().take(limit) {
        let label: String = label.chars().take(32).collect();
        writeln!(out, "  {label:<label_w$} │{:<30} {n}", bar(*n, max, 30))?;
    }
    if rows.len() > limit {
        writeln!(out, "  … and {} more", rows.len() - limit)?;
    }
    Ok(())
}

/// What a store holds: counts, languages, a month timeline, sources.
pub fn stats(store: &dyn ArticleStore, out: &mut dyn Write) -> Result<()> {
    let s = store.stats()?;
    writeln!(
        out,
        "{} article(s) from {} source(s); {} sighting(s); {} undated; {} boilerplate line(s) removed",
        s.articles, s.sources, s.sightings, s.undated, s.removed_lines
    )?;
    writeln!(
        out,
        "{} temporal expression(s) and {} figure(s) found",
        s.timexes, s.quantities
    )?;
    groups(out, "languages", &s.by_lang, 12)?;
    groups(out, "publication month", &s.by_month, 60)?;
    groups(out, "sources", &s.by_source, 12)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::bar;

    #[test]
    fn bars_scale_with_eighths() {
        assert_eq!(bar(10, 10, 4), "████");
        assert_eq!(bar(5, 10, 4), "██");
        assert_eq!(bar(1, 16, 2), "▏"); // one eighth of a cell
        assert_eq!(bar(0, 10, 4), "");
    }
}
