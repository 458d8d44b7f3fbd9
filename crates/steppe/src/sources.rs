//! Sources side by side (issue 19) over the store: the claims stage that
//! follows the story stage, `steppe story ID` (a story's sources as columns
//! and its claims as rows) and `steppe sources` (each source's profile).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;

use anyhow::{Context, Result};
use steppe_model::{Claim, ClaimKind};
use steppe_sources::claims::{self, StoryArticle, StoryInput};
use steppe_store::{ArticleStore, StoryRow};

/// The name a source goes by: its outlet, else the file the article came from.
pub fn source_label(a: &steppe_model::Article) -> String {
    a.source.clone().unwrap_or_else(|| {
        std::path::Path::new(&a.path)
            .file_name()
            .map_or_else(|| a.path.clone(), |f| f.to_string_lossy().into_owned())
    })
}

/// A story's articles (with their annotations when `full`) and its copies.
fn story_input(
    store: &dyn ArticleStore,
    story: &StoryRow,
    copies: &[(String, String)],
    full: bool,
) -> Result<StoryInput> {
    let mut articles = Vec::new();
    for (id, _) in &story.articles {
        let Some(a) = store.article(id)? else {
            continue;
        };
        let mut sa = StoryArticle {
            id: a.id.clone(),
            source: source_label(&a),
            lang: a.lang.clone().unwrap_or_default(),
            ..StoryArticle::default()
        };
        if full {
            sa.events = store.events_of(id)?;
            sa.quantities = store.quantities_of(id)?;
            sa.quotes = store.quotes_of(id)?;
            sa.framings = store.framings_of(id)?;
            sa.text = a.text;
        }
        articles.push(sa);
    }
    let ids: BTreeSet<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    Ok(StoryInput {
        id: story.id.clone(),
        copies: copies
            .iter()
            .filter(|(a, b)| ids.contains(a.as_str()) && ids.contains(b.as_str()))
            .cloned()
            .collect(),
        articles,
    })
}

fn copy_pairs(store: &dyn ArticleStore) -> Result<Vec<(String, String)>> {
    Ok(store
        .duplicates()?
        .into_iter()
        .filter(|d| d.kind == "copy")
        .map(|d| (d.article_id, d.other_id))
        .collect())
}

/// Builds every story's claims and replaces the stored ones; returns how
/// many. A story the stage fails on is named on stderr and keeps no claims.
pub fn run(store: &mut dyn ArticleStore, stories: &[StoryRow]) -> Result<(usize, u64)> {
    let (all, failed) = build(store, stories)?;
    store.replace_claims(&all).context("storing claims")?;
    Ok((all.len(), failed))
}

/// Like `run`, replacing the claims of these stories only (the incremental
/// story stage).
pub fn run_for(store: &mut dyn ArticleStore, stories: &[StoryRow]) -> Result<(usize, u64)> {
    let (all, failed) = build(store, stories)?;
    let ids: Vec<String> = stories.iter().map(|s| s.id.clone()).collect();
    store
        .replace_claims_of(&ids, &all)
        .context("storing claims")?;
    Ok((all.len(), failed))
}

fn build(store: &dyn ArticleStore, stories: &[StoryRow]) -> Result<(Vec<Claim>, u64)> {
    let copies = copy_pairs(store)?;
    let mut all: Vec<Claim> = Vec::new();
    let mut failed = 0;
    for story in stories {
        let input = story_input(store, story, &copies, true)
            .with_context(|| format!("reading story {} for its claims", story.id))?;
        match steppe_model::guard::catch(|| claims::build(&input)) {
            Ok(c) => all.extend(c),
            Err(e) => {
                eprintln!("error: story {}: claims stage failed: {e}", story.id);
                failed += 1;
            }
        }
    }
    Ok((all, failed))
}

/// The story named by `key`: a story id, else the story of the article whose
/// id starts with `key` or whose file name contains it.
pub fn find_story(store: &dyn ArticleStore, key: &str) -> Result<Option<StoryRow>> {
    let stories = store.stories()?;
    if let Some(s) = stories.iter().find(|s| s.id == key) {
        return Ok(Some(s.clone()));
    }
    for s in &stories {
        for (id, _) in &s.articles {
            if id.starts_with(key) {
                return Ok(Some(s.clone()));
            }
            if let Some(a) = store.article(id)? {
                if !key.is_empty() && source_label(&a).contains(key) || a.path.ends_with(key) {
                    return Ok(Some(s.clone()));
                }
            }
        }
    }
    Ok(None)
}

/// At most `n` characters of `s`, an ellipsis marking a cut.
fn clip(s: &str, n: usize) -> String {
    let s = s.replace('\n', " ");
    if s.chars().count() <= n {
        s
    } else {
        let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// `steppe story ID`: the story's independent sources as columns, its claims
/// as rows (● reports it, ≠ a side of a conflict), then what each conflict
/// and framing difference is.
pub fn show(store: &dyn ArticleStore, story: &StoryRow, out: &mut dyn Write) -> Result<()> {
    let copies = copy_pairs(store)?;
    let input = story_input(store, story, &copies, false)?;
    let groups = claims::independent_sources(&input);
    let claims = store.claims(Some(&story.id))?;
    writeln!(out, "story {}: {}", story.id, clip(&story.title, 80))?;
    writeln!(
        out,
        "{} article(s), {} independent source(s), {} claim(s)",
        story.articles.len(),
        groups.len(),
        claims.len()
    )?;
    for (i, (names, ids)) in groups.iter().enumerate() {
        writeln!(
            out,
            "  [{}] {}  ({})",
            i + 1,
            names.join(" = "),
            ids.iter()
                .map(|a| a.chars().take(12).collect::<String>())
                .collect::<Vec<_>>()
                .join(", ")
        )?;
    }
    writeln!(out)?;
    let width = 64;
    write!(out, "{:<9}{:<width$}", "kind", "claim")?;
    for i in 0..groups.len() {
        write!(out, "{:>4}", format!("[{}]", i + 1))?;
    }
    writeln!(out, "  sources")?;
    for c in &claims {
        let mark = if c.kind == ClaimKind::Conflict {
            "≠"
        } else {
            "●"
        };
        let mut text = match (c.kind, c.value) {
            (ClaimKind::Figure, Some(v)) => format!("{} = {v} {}", c.text, c.unit),
            (ClaimKind::Quote, _) => format!("{}: «{}»", c.actor_id, c.text),
            (ClaimKind::Framing, _) if !c.actor_id.is_empty() => {
                format!("{} on {}", c.text, c.actor_id)
            }
            (ClaimKind::Framing, _) => format!("{} ({})", c.text, c.unit),
            _ => c.text.clone(),
        };
        text = clip(text.trim(), width - 2);
        write!(out, "{:<9}{:<width$}", c.kind.as_str(), text)?;
        for (_, ids) in &groups {
            let here = ids.iter().any(|a| c.article_ids.contains(a));
            write!(out, "{:>4}", if here { mark } else { "·" })?;
        }
        let single = if c.independent_sources == 1 && c.kind != ClaimKind::Conflict {
            " (single source)"
        } else {
            ""
        };
        writeln!(out, "  {}{single}", c.independent_sources)?;
    }
    let notes: Vec<&Claim> = claims
        .iter()
        .filter(|c| {
            c.kind == ClaimKind::Conflict
                || (c.kind == ClaimKind::Framing && c.detail.contains("sources differ"))
        })
        .collect();
    if !notes.is_empty() {
        writeln!(out, "\nconflicts and framing differences:")?;
        for c in notes {
            writeln!(
                out,
                "  {} {}: {}",
                c.kind.as_str(),
                clip(&c.text, 60),
                c.detail
            )?;
        }
    }
    elsewhere(store, story, &claims, out)
}

/// For each framing concept of the story, the variants the rest of the store
/// uses: a story told by one outlet still shows its terms against the others'.
fn elsewhere(
    store: &dyn ArticleStore,
    story: &StoryRow,
    claims: &[Claim],
    out: &mut dyn Write,
) -> Result<()> {
    let here: BTreeSet<&str> = story.articles.iter().map(|(a, _)| a.as_str()).collect();
    let concepts: BTreeMap<&str, BTreeSet<&str>> = claims
        .iter()
        .filter(|c| {
            c.kind == ClaimKind::Framing && c.actor_id.is_empty() && !c.detail.starts_with("label")
        })
        .fold(BTreeMap::new(), |mut m, c| {
            m.entry(c.unit.as_str())
                .or_default()
                .extend(c.detail.split("; ").filter(|d| !d.contains(' ')));
            m
        });
    if concepts.is_empty() {
        return Ok(());
    }
    let mut other: HashMap<(String, String), BTreeSet<String>> = HashMap::new();
    store.for_each_framing(&mut |f| {
        if !here.contains(f.article_id.as_str())
            && concepts.contains_key(f.framing.concept.as_str())
        {
            other
                .entry((f.framing.concept.clone(), f.framing.variant.clone()))
                .or_default()
                .insert(f.article_id);
        }
        Ok(())
    })?;
    writeln!(out, "\nframing against the rest of the store:")?;
    for (concept, variants) in &concepts {
        let mut rest: Vec<(String, usize)> = other
            .iter()
            .filter(|((c, _), _)| c == concept)
            .map(|((_, v), a)| (v.clone(), a.len()))
            .collect();
        rest.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let rest: Vec<String> = rest
            .iter()
            .map(|(v, n)| {
                let mark = if variants.contains(v.as_str()) {
                    ""
                } else {
                    " (differs)"
                };
                format!("{v} in {n} article(s){mark}")
            })
            .collect();
        writeln!(
            out,
            "  {concept}: this story says {}; elsewhere {}",
            variants.iter().copied().collect::<Vec<_>>().join(", "),
            if rest.is_empty() {
                "nothing".to_string()
            } else {
                rest.join(", ")
            }
        )?;
    }
    Ok(())
}

/// `steppe sources`: each source's framing variants, events by QuadClass and
/// most named actors over the whole store.
pub fn profiles(store: &dyn ArticleStore, out: &mut dyn Write) -> Result<()> {
    for p in store.source_profiles()? {
        writeln!(out, "{}: {} article(s)", p.source, p.articles)?;
        let total: u64 = p.quad_classes.iter().sum();
        if total > 0 {
            let share = |n: u64| (n as f64 * 100.0 / total as f64).round();
            writeln!(
                out,
                "  events by QuadClass: verbal cooperation {}%, material cooperation {}%, verbal conflict {}%, material conflict {}% (of {total})",
                share(p.quad_classes[0]),
                share(p.quad_classes[1]),
                share(p.quad_classes[2]),
                share(p.quad_classes[3])
            )?;
        }
        if !p.variants.is_empty() {
            let v: Vec<String> = p
                .variants
                .iter()
                .map(|(c, v, n)| format!("{c}={v} ({n})"))
                .collect();
            writeln!(out, "  framing: {}", v.join(", "))?;
        }
        if !p.actors.is_empty() {
            let a: Vec<String> = p.actors.iter().map(|(a, n)| format!("{a} ({n})")).collect();
            writeln!(out, "  actors named most: {}", a.join(", "))?;
        }
    }
    Ok(())
}
