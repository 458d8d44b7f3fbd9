//! Patterns matched against a sentence's tokens: words, gaps and a target slot;
//! and which actors are places where things happen.

use super::*;

pub(super) struct Matcher<'a> {
    pub(super) toks: &'a [Token],
    pub(super) group_at: &'a [Option<usize>],
    pub(super) groups: &'a [Group],
    /// Groups that say where ("à l'Élysée", "in Moscow"): no target slot.
    pub(super) located: &'a [bool],
}

/// For each group, whether it says where things happened rather than whom
/// they concerned: a place or a seat after any locative ("à Astana", "à
/// l'Élysée"); a country only after "in", "en", "dans" ("went on strike in
/// France"), for "à", "au", "to" also mark whom aid goes to; a demonym of a
/// place ("dans l'Extrême-Orient russe"). A visit's own slot still takes them.
pub(super) fn located(
    toks: &[Token],
    groups: &[Group],
    mentions: &[&ActorMention],
    english: bool,
) -> Vec<bool> {
    // English "a" is the article, not French "à" folded.
    let word = |k: usize| match toks[k].word.as_str() {
        "a" if english => "",
        w => w,
    };
    groups
        .iter()
        .map(|g| {
            let first = g.first;
            // "à l'Élysée", "through central London": past an article or a side.
            let mut b = first;
            while b > 0
                && b + 2 >= first
                && (matches!(word(b - 1), "l'" | "la" | "le" | "the") || side_of_place(word(b - 1)))
            {
                b -= 1;
            }
            let before = b.checked_sub(1);
            let Some(b) = before else { return false };
            g.members.iter().all(|&mi| {
                let m = mentions[mi];
                // "protesters in Lima" (PEROPP) are people, not a country.
                let country = m.actor.len() == 3
                    && m.actor.bytes().all(|b| b.is_ascii_uppercase())
                    && m.code.len() <= 3;
                // ("en Californie": a place the tagger found is a place too.)
                let tagged_place = m.actor.starts_with("N:") && m.ner.as_deref() == Some("LOC");
                if is_place(m) || m.how == "metonym" || tagged_place {
                    locative(word(b))
                } else if m.how == "demonym" {
                    (first.saturating_sub(3)..first)
                        .any(|k| matches!(word(k), "dans" | "in" | "en" | "au" | "aux" | "a"))
                } else {
                    country
                        && matches!(
                            word(b),
                            "in" | "en" | "dans" | "at" | "inside" | "across" | "throughout"
                        )
                }
            })
        })
        .collect()
}

impl Matcher<'_> {
    /// Matches `elems[k..]` from token `j`: the end token and the target group.
    /// `visit`: a place is a fine target anywhere in the slot ("entame une
    /// tournée diplomatique en Asie centrale"); otherwise only right at it.
    pub(super) fn run(
        &self,
        elems: &[Elem],
        k: usize,
        j: usize,
        visit: bool,
    ) -> Option<(usize, Option<usize>)> {
        let n = self.toks.len();
        let Some(e) = elems.get(k) else {
            return Some((j, None));
        };
        match e {
            Elem::Word { optional, .. } => {
                if j < n && e.matches(&self.toks[j].word) {
                    if let Some(r) = self.run(elems, k + 1, j + 1, visit) {
                        return Some(r);
                    }
                }
                if *optional {
                    if let Some(r) = self.run(elems, k + 1, j, visit) {
                        return Some(r);
                    }
                }
                // Compound tenses put an auxiliary inside a pattern ("s'est
                // entretenu", "se sont rendus", "has met"): skip one.
                if k > 0 && j < n && auxiliary(&self.toks[j].word) {
                    return self.run(elems, k, j + 1, visit);
                }
                None
            }
            Elem::Gap(g) => {
                // Only where the next required word matches is it worth going on.
                let next_word = match elems.get(k + 1) {
                    Some(
                        w @ Elem::Word {
                            optional: false, ..
                        },
                    ) => Some(w),
                    _ => None,
                };
                for skip in 0..=*g as usize {
                    let t = j + skip;
                    if t > n || (skip > 0 && stop(&self.toks[t - 1].word)) {
                        break;
                    }
                    if next_word.is_some_and(|w| t >= n || !w.matches(&self.toks[t].word)) {
                        continue;
                    }
                    if let Some(r) = self.run(elems, k + 1, t, visit) {
                        return Some(r);
                    }
                }
                None
            }
            Elem::Target => {
                // The target within five words; a place passed on the way
                // ("reçu mardi à l'Élysée son homologue") does not count.
                let mut limit = j + 5;
                let mut t = j;
                while t <= limit && t < n && !stop(&self.toks[t].word) {
                    // "prisoners released by Israel": after "by" comes who did
                    // it, not whom it was done to; after "and" and a verb
                    // ("seized power and placed X under arrest") another clause.
                    let w = self.toks[t].word.as_str();
                    let next = self.toks.get(t + 1);
                    if t == j
                        && k == 1
                        && next.is_some_and(|x| {
                            shares_object(
                                w,
                                &x.word,
                                (t + 2..t + 4)
                                    .any(|k| self.group_at.get(k).is_some_and(Option::is_some)),
                            )
                        })
                    {
                        t += 2;
                        limit += 2;
                        continue;
                    }
                    if matches!(w, "by" | "par" | "por")
                        || next.is_some_and(|x| {
                            and_opens_clause(w, &x.word, self.group_at[t + 1].is_some())
                        })
                    {
                        break;
                    }
                    if let Some(gi) = self.group_at[t] {
                        if self.groups[gi].first != t {
                            break;
                        }
                        // Right at the slot ("arrivé à TGT") a place is the
                        // target; further on it is only where things happened.
                        if t > j && !visit && self.located[gi] {
                            let end = self.groups[gi].end;
                            limit += end - t + 2;
                            t = end;
                            continue;
                        }
                        // "expelled TGT diplomats" on "expelled two Russian
                        // diplomats": the pattern may go on inside an actor
                        // whose agent word it names.
                        let g_end = self.groups[gi].end;
                        let (end, _) = (t + 1..=g_end)
                            .rev()
                            .find_map(|cut| self.run(elems, k + 1, cut, visit))?;
                        return Some((end, Some(gi)));
                    }
                    t += 1;
                }
                None
            }
        }
    }
}
