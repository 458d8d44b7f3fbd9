//! The claims of one story: each event, figure, quote and framing term its
//! articles report, with the sources that report it, and the conflicts.
//!
//! Sources are counted once per *independent* source: articles of one outlet,
//! and syndicated copies (the story stage's `copy` pairs) of any outlet, are
//! one. Claims are keyed so that sources saying the same thing in other words
//! meet: an event by its CAMEO root and sides, a figure by its unit, counted
//! noun and value, a quote by its speaker and words (two quotes of one speaker
//! sharing most words are one), a framing term by its concept and variant.
//!
//! Conflicts, each between claims of different articles:
//! - `actor`: the same act on the same target credited to two people of the
//!   same country and code (Biden or Blinken meeting a minister);
//! - `number`: the same unit and counted noun with values within
//!   [`NUMBER_RATIO`] of each other but not equal (141 or 140 votes), both
//!   at least [`NUMBER_FLOOR`];
//! - `date`: one event dated to two different days;
//! - `denied`: an actor denies (CAMEO 016) while another source reports it
//!   committing an act of conflict (QuadClass 3 or 4).
//!
//! Offsets are characters of each article's text, in and out.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use steppe_model::{Claim, ClaimKind, Event, Evidence, Framing, Quantity, Quote};

/// Two values of one counted thing this close are one figure told two ways.
pub const NUMBER_RATIO: f64 = 1.25;
/// Smaller counts are most often of different things ("cinq pays", "six
/// pays" of two lists), not one count told two ways.
pub const NUMBER_FLOOR: f64 = 10.0;
/// Two quotes of one speaker sharing this share of words are one quote.
pub const QUOTE_OVERLAP: f64 = 0.5;

/// One article of a story with its annotations, offsets in characters.
#[derive(Debug, Clone, Default)]
pub struct StoryArticle {
    pub id: String,
    /// The outlet's name, else the file the article came from.
    pub source: String,
    /// ISO 639-1 code of the text's language.
    pub lang: String,
    pub text: String,
    pub events: Vec<Event>,
    pub quantities: Vec<Quantity>,
    pub quotes: Vec<Quote>,
    pub framings: Vec<Framing>,
}

/// A story: its articles in arrival order and the pairs that are copies.
#[derive(Debug, Clone, Default)]
pub struct StoryInput {
    pub id: String,
    pub articles: Vec<StoryArticle>,
    pub copies: Vec<(String, String)>,
}

/// Which independent source each article belongs to.
struct Groups {
    parent: Vec<usize>,
    index: HashMap<String, usize>,
    sources: Vec<String>,
}

impl Groups {
    fn new(story: &StoryInput) -> Groups {
        let n = story.articles.len();
        let mut g = Groups {
            parent: (0..n).collect(),
            index: story
                .articles
                .iter()
                .enumerate()
                .map(|(i, a)| (a.id.clone(), i))
                .collect(),
            sources: story.articles.iter().map(|a| a.source.clone()).collect(),
        };
        let mut by_source: HashMap<&str, usize> = HashMap::new();
        for (i, a) in story.articles.iter().enumerate() {
            if let Some(&j) = by_source.get(a.source.as_str()) {
                g.union(i, j);
            } else {
                by_source.insert(&a.source, i);
            }
        }
        for (a, b) in &story.copies {
            if let (Some(&i), Some(&j)) = (g.index.get(a), g.index.get(b)) {
                g.union(i, j);
            }
        }
        g
    }

    fn find(&mut self, mut i: usize) -> usize {
        while let Some(&p) = self.parent.get(i) {
            if p == i {
                break;
            }
            let gp = self.parent.get(p).copied().unwrap_or(p);
            if let Some(slot) = self.parent.get_mut(i) {
                *slot = gp;
            }
            i = p;
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            if let Some(slot) = self.parent.get_mut(ra.max(rb)) {
                *slot = ra.min(rb);
            }
        }
    }

    /// The group (its first article's index) of an article id.
    fn of(&mut self, id: &str) -> usize {
        match self.index.get(id).copied() {
            Some(i) => self.find(i),
            None => usize::MAX,
        }
    }

    /// Sources and independent count of a set of articles.
    fn count(&mut self, ids: &BTreeSet<String>) -> (Vec<String>, usize) {
        let mut names: BTreeSet<String> = BTreeSet::new();
        let mut groups: BTreeSet<usize> = BTreeSet::new();
        for id in ids {
            if let Some(&i) = self.index.get(id) {
                if let Some(s) = self.sources.get(i) {
                    names.insert(s.clone());
                }
            }
            groups.insert(self.of(id));
        }
        (names.into_iter().collect(), groups.len())
    }
}

/// The independent sources of a story, each as the sorted names of its
/// outlets and the ids of its articles, in the order they first report.
pub fn independent_sources(story: &StoryInput) -> Vec<(Vec<String>, Vec<String>)> {
    let mut g = Groups::new(story);
    let mut out: Vec<(usize, BTreeSet<String>, Vec<String>)> = Vec::new();
    for a in &story.articles {
        let root = g.of(&a.id);
        match out.iter_mut().find(|(r, _, _)| *r == root) {
            Some((_, names, ids)) => {
                names.insert(a.source.clone());
                ids.push(a.id.clone());
            }
            None => out.push((root, BTreeSet::from([a.source.clone()]), vec![a.id.clone()])),
        }
    }
    out.into_iter()
        .map(|(_, n, ids)| (n.into_iter().collect(), ids))
        .collect()
}

/// A claim under construction: who says it, where.
#[derive(Default)]
struct Draft {
    kind: Option<ClaimKind>,
    articles: BTreeSet<String>,
    actor: String,
    text: String,
    value: Option<f64>,
    unit: String,
    details: BTreeSet<String>,
    /// Said of the claim after its details ("sources differ: ...").
    notes: Vec<String>,
    evidence: Vec<Evidence>,
}

impl Draft {
    fn add(&mut self, article: &str, start: usize, end: usize) {
        self.articles.insert(article.to_string());
        let e = Evidence {
            article_id: article.to_string(),
            start,
            end,
        };
        if !self.evidence.contains(&e) {
            self.evidence.push(e);
        }
    }
}

/// Every claim and conflict of a story, in a stable order: events, figures,
/// quotes, framing, then conflicts, each in the order the story first tells them.
pub fn build(story: &StoryInput) -> Vec<Claim> {
    let mut groups = Groups::new(story);
    let mut drafts: BTreeMap<(ClaimKind, usize, String), Draft> = BTreeMap::new();
    let mut first_seen: HashMap<(ClaimKind, String), usize> = HashMap::new();
    let mut order = 0usize;
    let mut slot = |kind: ClaimKind, key: &str| -> (ClaimKind, usize, String) {
        let at = *first_seen
            .entry((kind, key.to_string()))
            .or_insert_with(|| {
                order += 1;
                order
            });
        (kind, at, key.to_string())
    };
    let mut quote_keys: Vec<(String, Vec<String>, String)> = Vec::new();
    for a in &story.articles {
        for e in &a.events {
            if e.source.id.is_empty() && e.target.id.is_empty() {
                continue;
            }
            let key = event_key(e);
            let d = drafts.entry(slot(ClaimKind::Event, &key)).or_default();
            d.kind = Some(ClaimKind::Event);
            if d.text.is_empty() {
                d.text = event_text(e);
                d.actor = e.source.id.clone();
            }
            d.details
                .insert(format!("{} {}", e.cameo, e.modality.as_str()));
            d.add(&a.id, e.sentence_start, e.sentence_end);
        }
        // Acts the codebook lacks, met across the words each source uses.
        let chars = steppe_model::CharOffsets::new(&a.text);
        for act in crate::framing::find_with(crate::framing::acts(), &a.text, &a.lang, &[]) {
            let key = format!("act:{}", act.concept);
            let d = drafts.entry(slot(ClaimKind::Event, &key)).or_default();
            d.kind = Some(ClaimKind::Event);
            if d.text.is_empty() {
                d.text = act.concept.clone();
            }
            let (start, end) = (chars.of(act.start), chars.of(act.end));
            d.details.insert(format!(
                "«{}»: {}",
                act.surface,
                sentence_around(&a.text, start, end)
            ));
            d.add(&a.id, start, end);
        }
        for q in &a.quantities {
            if q.unit.is_empty() && q.counted.is_none() {
                continue;
            }
            let key = figure_key(q);
            let d = drafts.entry(slot(ClaimKind::Figure, &key)).or_default();
            d.kind = Some(ClaimKind::Figure);
            if d.text.is_empty() {
                d.text = q.text.clone();
                d.value = Some(q.value);
                d.unit = q.unit.clone();
            }
            d.details.insert(sentence_around(&a.text, q.start, q.end));
            d.add(&a.id, q.start, q.end);
        }
        for q in &a.quotes {
            let words = content_words(&q.text);
            // One speaker's quotes that share most words are one quote.
            let key = quote_keys
                .iter()
                .find(|(speaker, w, _)| {
                    *speaker == q.speaker.id && overlap(w, &words) >= QUOTE_OVERLAP
                })
                .map(|(_, _, k)| k.clone())
                .unwrap_or_else(|| {
                    let k = format!(
                        "quote:{}:{}",
                        q.speaker.id,
                        words.iter().take(8).cloned().collect::<Vec<_>>().join(" ")
                    );
                    quote_keys.push((q.speaker.id.clone(), words.clone(), k.clone()));
                    k
                });
            let d = drafts.entry(slot(ClaimKind::Quote, &key)).or_default();
            d.kind = Some(ClaimKind::Quote);
            if q.text.chars().count() > d.text.chars().count() {
                d.text = q.text.clone();
            }
            d.actor = q.speaker.id.clone();
            d.details.insert(format!(
                "{} ({})",
                q.verb,
                if q.direct { "direct" } else { "indirect" }
            ));
            d.add(&a.id, q.start, q.end);
        }
        for f in &a.framings {
            let key = match &f.actor {
                Some(actor) => format!("framing:{}:{}:{actor}", f.concept, f.variant),
                None => format!("framing:{}:{}", f.concept, f.variant),
            };
            let d = drafts.entry(slot(ClaimKind::Framing, &key)).or_default();
            d.kind = Some(ClaimKind::Framing);
            d.actor = f.actor.clone().unwrap_or_default();
            let surface = f.surface.to_lowercase();
            if !d.text.split(" / ").any(|s| s == surface) {
                d.text = if d.text.is_empty() {
                    surface
                } else {
                    format!("{} / {surface}", d.text)
                };
            }
            d.unit = f.concept.clone();
            d.details.insert(f.variant.clone());
            d.add(&a.id, f.start, f.end);
        }
    }
    framing_differences(&mut drafts);
    let mut claims: Vec<Claim> = drafts
        .into_iter()
        .map(|((kind, _, key), d)| finish(story, &mut groups, kind, key, d))
        .collect();
    let conflicts = conflicts(story, &mut groups, &claims);
    claims.extend(conflicts);
    claims
}

fn finish(
    story: &StoryInput,
    groups: &mut Groups,
    kind: ClaimKind,
    key: String,
    d: Draft,
) -> Claim {
    let (sources, independent) = groups.count(&d.articles);
    let article_ids = story
        .articles
        .iter()
        .filter(|a| d.articles.contains(&a.id))
        .map(|a| a.id.clone())
        .collect();
    let mut detail: Vec<String> = d.details.into_iter().collect();
    detail.extend(d.notes);
    if independent == 1 {
        detail.push("single source".into());
    }
    Claim {
        story_id: story.id.clone(),
        kind: d.kind.unwrap_or(kind),
        key,
        article_ids,
        sources,
        independent_sources: independent,
        actor_id: d.actor,
        text: d.text,
        value: d.value,
        unit: d.unit,
        detail: detail.join("; "),
        evidence: d.evidence,
    }
}

/// Marks the framing claims of a concept told with more than one variant.
fn framing_differences(drafts: &mut BTreeMap<(ClaimKind, usize, String), Draft>) {
    let mut variants: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for ((kind, _, _), d) in drafts.iter() {
        if *kind == ClaimKind::Framing && d.actor.is_empty() && !is_label(d) {
            variants
                .entry(d.unit.clone())
                .or_default()
                .extend(d.details.iter().cloned());
        }
    }
    for ((kind, _, _), d) in drafts.iter_mut() {
        if *kind != ClaimKind::Framing || !d.actor.is_empty() || is_label(d) {
            continue;
        }
        if let Some(vs) = variants.get(&d.unit).filter(|vs| vs.len() > 1) {
            let others: Vec<&str> = vs
                .iter()
                .filter(|v| !d.details.contains(*v))
                .map(String::as_str)
                .collect();
            d.notes
                .push(format!("sources differ: others say {}", others.join(", ")));
        }
    }
}

/// A label attached to an actor: no concept its variants could differ on.
fn is_label(d: &Draft) -> bool {
    d.details.iter().all(|v| v.starts_with("label"))
}

fn event_key(e: &Event) -> String {
    format!("event:{}:{}:{}", e.root, e.source.id, e.target.id)
}

fn event_text(e: &Event) -> String {
    let side = |s: &steppe_model::EventActor| {
        if s.id.is_empty() {
            "?".to_string()
        } else {
            s.id.clone()
        }
    };
    let act = if e.plover.is_empty() {
        e.cameo.clone()
    } else {
        e.plover.to_lowercase()
    };
    format!("{} {act} {}", side(&e.source), side(&e.target))
}

fn figure_key(q: &Quantity) -> String {
    format!(
        "figure:{}:{}:{}",
        q.unit,
        q.counted.as_deref().unwrap_or("").to_lowercase(),
        q.value
    )
}

/// The key of a figure without its value: what is counted.
fn counted_key(key: &str) -> Option<&str> {
    key.rsplit_once(':').map(|(k, _)| k)
}

/// The sentence of `text` around character offsets `start..end`.
fn sentence_around(text: &str, start: usize, end: usize) -> String {
    let byte = |c: usize| text.char_indices().nth(c).map_or(text.len(), |(b, _)| b);
    let (a, b) = (byte(start), byte(end));
    steppe_text::sentences::split(text)
        .into_iter()
        .find(|r| r.start <= a && b <= r.end)
        .and_then(|r| text.get(r))
        .unwrap_or_default()
        .to_string()
}

/// Lower-case words of three letters or more, the words two quotes share.
fn content_words(text: &str) -> Vec<String> {
    let mut w: Vec<String> = crate::tokens(text, 0)
        .into_iter()
        .map(|t| t.lower)
        .filter(|w| w.chars().count() >= 3)
        .collect();
    w.sort();
    w.dedup();
    w
}

/// The share of the shorter word set found in the other.
fn overlap(a: &[String], b: &[String]) -> f64 {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.is_empty() {
        return 0.0;
    }
    let shared = short
        .iter()
        .filter(|w| long.binary_search(w).is_ok())
        .count();
    shared as f64 / short.len() as f64
}

/// Which article each piece of evidence is in, for a claim's event records.
fn events_of<'s>(story: &'s StoryInput, key: &str) -> Vec<(&'s str, &'s Event)> {
    story
        .articles
        .iter()
        .flat_map(|a| a.events.iter().map(move |e| (a.id.as_str(), e)))
        .filter(|(_, e)| event_key(e) == key)
        .collect()
}

fn is_person_id(id: &str) -> bool {
    id.starts_with("P-")
}

fn conflicts(story: &StoryInput, groups: &mut Groups, claims: &[Claim]) -> Vec<Claim> {
    let mut out = Vec::new();
    let events: Vec<&Claim> = claims
        .iter()
        .filter(|c| c.kind == ClaimKind::Event)
        .collect();
    let first_event = |c: &Claim| events_of(story, &c.key).first().map(|(_, e)| (*e).clone());
    // The same act on the same target by another person of the same side.
    for (i, a) in events.iter().enumerate() {
        for b in events.iter().skip(i + 1) {
            let (Some(ea), Some(eb)) = (first_event(a), first_event(b)) else {
                continue;
            };
            let same_act =
                ea.root == eb.root && !ea.target.id.is_empty() && ea.target.id == eb.target.id;
            let other_person = ea.source.id != eb.source.id
                && is_person_id(&ea.source.id)
                && is_person_id(&eb.source.id)
                && !ea.source.code.is_empty()
                && ea.source.code == eb.source.code;
            if same_act && other_person {
                out.push(conflict(
                    story,
                    groups,
                    "actor",
                    a,
                    b,
                    &ea.source.id,
                    format!(
                        "{} by {} or by {}",
                        ea.plover.to_lowercase(),
                        ea.source.id,
                        eb.source.id
                    ),
                ));
            }
        }
    }
    // One counted thing, two close numbers.
    let figures: Vec<&Claim> = claims
        .iter()
        .filter(|c| c.kind == ClaimKind::Figure)
        .collect();
    for (i, a) in figures.iter().enumerate() {
        for b in figures.iter().skip(i + 1) {
            let (Some(va), Some(vb)) = (a.value, b.value) else {
                continue;
            };
            let close = va.min(vb) >= NUMBER_FLOOR && va.max(vb) / va.min(vb) <= NUMBER_RATIO;
            let counted = counted_key(&a.key).is_some_and(|k| Some(k) == counted_key(&b.key));
            let apart = a.article_ids.iter().any(|x| !b.article_ids.contains(x))
                || b.article_ids.iter().any(|x| !a.article_ids.contains(x));
            if close && counted && va != vb && apart {
                out.push(conflict(
                    story,
                    groups,
                    "number",
                    a,
                    b,
                    "",
                    format!("{} or {}", a.text, b.text),
                ));
            }
        }
    }
    // One event, two days.
    for c in &events {
        let mut days: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (article, e) in events_of(story, &c.key) {
            if let Some(d) = e.date.as_ref().filter(|d| d.len() == 10) {
                days.entry(d.clone())
                    .or_default()
                    .insert(article.to_string());
            }
        }
        if days.len() > 1 {
            let ids: BTreeSet<String> = days.values().flatten().cloned().collect();
            let text = days.keys().cloned().collect::<Vec<_>>().join(" or ");
            let evidence = c
                .evidence
                .iter()
                .filter(|e| ids.contains(&e.article_id))
                .cloned()
                .collect();
            out.push(conflict_of(
                story,
                groups,
                "date",
                &c.key,
                ids,
                &c.actor_id,
                text,
                evidence,
            ));
        }
    }
    // An act of conflict reported by one source and denied by its actor in another.
    for denial in events.iter().filter(|c| c.key.starts_with("event:01:")) {
        let Some(ed) = first_event(denial).filter(|e| e.cameo.starts_with("016")) else {
            continue;
        };
        for act in &events {
            let Some(ea) = first_event(act) else { continue };
            let denied = ea.source.id == ed.source.id
                && !ea.source.id.is_empty()
                && ea.quad_class >= 3
                && groups.of_set(&act.article_ids) != groups.of_set(&denial.article_ids);
            if denied {
                out.push(conflict(
                    story,
                    groups,
                    "denied",
                    act,
                    denial,
                    &ea.source.id,
                    format!("{} denied by {}", act.text, ed.source.id),
                ));
            }
        }
    }
    out
}

impl Groups {
    fn of_set(&mut self, ids: &[String]) -> BTreeSet<usize> {
        ids.iter().map(|i| self.of(i)).collect()
    }
}

fn conflict(
    story: &StoryInput,
    groups: &mut Groups,
    what: &str,
    a: &Claim,
    b: &Claim,
    actor: &str,
    text: String,
) -> Claim {
    let ids: BTreeSet<String> = a
        .article_ids
        .iter()
        .chain(&b.article_ids)
        .cloned()
        .collect();
    let mut evidence = a.evidence.clone();
    evidence.extend(b.evidence.iter().cloned());
    let key = format!("{}|{}", a.key, b.key);
    let mut c = conflict_of(story, groups, what, &key, ids, actor, text, evidence);
    c.detail = format!(
        "{what}: {} ({}) against {} ({})",
        a.text,
        a.sources.join(", "),
        b.text,
        b.sources.join(", ")
    );
    c
}

#[allow(clippy::too_many_arguments)]
fn conflict_of(
    story: &StoryInput,
    groups: &mut Groups,
    what: &str,
    key: &str,
    ids: BTreeSet<String>,
    actor_id: &str,
    text: String,
    evidence: Vec<Evidence>,
) -> Claim {
    let (sources, independent) = groups.count(&ids);
    Claim {
        story_id: story.id.clone(),
        kind: ClaimKind::Conflict,
        key: format!("conflict:{what}:{key}"),
        article_ids: story
            .articles
            .iter()
            .filter(|a| ids.contains(&a.id))
            .map(|a| a.id.clone())
            .collect(),
        sources,
        independent_sources: independent,
        actor_id: actor_id.to_string(),
        text,
        value: None,
        unit: String::new(),
        detail: what.to_string(),
        evidence,
    }
}

#[cfg(test)]
mod tests;
