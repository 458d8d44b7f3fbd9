//! One trigger in its sentence: its clause, its subject, the actors around it.
//! `modality` says whether and how it happened and who says so; `sides` who
//! did it to whom.

mod modality;
mod sides;

use super::*;

/// A pattern matched at `start..end` of a sentence's tokens, with the
/// sentence's actor groups (`groups`, `located`) and its `TGT` slot.
pub(super) struct Trigger<'a> {
    pub(super) toks: &'a [Token],
    pub(super) groups: &'a [Group],
    pub(super) located: &'a [bool],
    pub(super) mentions: &'a [&'a ActorMention],
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) target: Option<usize>,
    pub(super) nominal: bool,
    pub(super) code: &'a str,
    pub(super) english: bool,
    /// The group whose words the sentence reports (`find_speaker`), found
    /// once per trigger.
    pub(super) speaker: Option<usize>,
}

impl Trigger<'_> {
    pub(crate) fn word(&self, k: usize) -> &str {
        self.toks.get(k).map_or("", |t| t.word.as_str())
    }

    /// Words before the trigger in its clause, nearest first (at most `n`).
    pub(crate) fn before(&self, n: usize) -> Vec<&str> {
        let mut out = Vec::new();
        let mut k = self.start;
        while k > 0 && out.len() < n {
            k -= 1;
            let w = self.word(k);
            if stop(w) || w == "," {
                break;
            }
            out.push(w);
        }
        out
    }

    /// Is `id` an actor named here through its seat ("Yerevan", "Seoul")?
    pub(crate) fn metonym_id(&self, id: &str) -> bool {
        self.mentions
            .iter()
            .any(|m| m.actor == id && m.how == "metonym")
    }

    /// "eight people killed in a shooting", "civilians wounded by shelling":
    /// a harm participle right after a plain noun and before a preposition
    /// tells what the noun suffered, not what the sentence's subject did.
    pub(crate) fn harmed_noun(&self) -> bool {
        let t = self.word(self.start);
        let harm = matches!(
            t,
            "killed" | "wounded" | "injured" | "detained" | "arrested" | "abducted" | "kidnapped"
        );
        // ("Two soldiers killed in a gunfight", "Soldiers Killed In
        // Gunfight": after an actor too, the reduced passive of a harm.)
        let prev_plain = self.start > 0
            && self.word(self.start - 1).chars().all(char::is_alphabetic)
            && !auxiliary(self.word(self.start - 1))
            && !matches!(
                self.word(self.start - 1),
                "and" | "or" | "who" | "that" | "which"
            );
        let next_prep = matches!(
            self.word(self.start + 1),
            "in" | "at" | "by" | "during" | "on" | "near" | "when" | "after"
        );
        self.english && harm && prev_plain && next_prep
    }

    /// The actor group that is the subject of a clause before tree word `k`
    /// (the nearest): whom a pronoun at `k` stands for.
    pub(crate) fn subject_before(&self, w: &[super::tree::Word], k: usize) -> Option<usize> {
        let subjects: Vec<usize> = (0..k)
            .rev()
            .filter(|&j| super::tree::is_subject(w, j))
            .collect();
        self.tree_groups(w, &subjects).into_iter().next()
    }

    /// The actor groups covering tree words `ks` (or their nominal dependents).
    pub(crate) fn tree_groups(&self, w: &[super::tree::Word], ks: &[usize]) -> Vec<usize> {
        let mut out = Vec::new();
        for &k in ks {
            let found = super::tree::span(w, k).into_iter().find_map(|r| {
                self.groups.iter().position(|g| {
                    g.members.iter().any(|&mi| {
                        let m = self.mentions[mi];
                        m.start <= r.start && r.start < m.end
                    })
                })
            });
            // "l'armée russe" where the parser lost the adjective: an actor
            // right after or before the head word is its own.
            let found = found.or_else(|| {
                let r = w[k].range();
                let at = self.toks.iter().position(|t| t.start == r.start)?;
                self.groups
                    .iter()
                    .position(|g| g.first == at + 1 || (at > 0 && g.end == at))
            });
            if let Some(g) = found.filter(|g| !out.contains(g)) {
                out.push(g);
            }
        }
        out
    }

    pub(crate) fn members(&self, g: usize, governed: bool) -> Vec<Side> {
        self.groups[g]
            .members
            .iter()
            .map(|&mi| {
                let m = self.mentions[mi];
                (side(m, governed), !m.actor.starts_with("N:"))
            })
            .collect()
    }

    /// "ses homologues du Kazakhstan", "the leaders of Kazakhstan": an
    /// officials noun right before the group (through "de", "of" or an article
    /// only), not one of the subject's titles further back.
    pub(crate) fn governed(&self, g: usize) -> bool {
        // "Japan's government", "Russia's foreign ministry", "Russian authorities".
        let end = self.groups[g].end;
        if self.word(end) == "'s"
            && (officials(self.word(end + 1)) || officials(self.word(end + 2)))
        {
            return true;
        }
        // "Kazakh officials", "US counterparts": a country named as an
        // adjective before an officials noun.
        let adjective = self.groups[g].members.iter().all(|&mi| {
            let m = self.mentions[mi];
            m.how == "demonym" || (m.how == "alias" && m.code.len() == 3)
        });
        if adjective && officials(self.word(end)) {
            return true;
        }
        let first = self.groups[g].first;
        (first.saturating_sub(4)..first).any(|k| {
            officials(self.word(k))
                && (k + 1..first).all(|j| {
                    matches!(
                        self.word(j),
                        "de" | "du"
                            | "des"
                            | "d'"
                            | "of"
                            | "the"
                            | "la"
                            | "le"
                            | "les"
                            | "l'"
                            | "del"
                    )
                })
        })
    }

    /// The group right before "'s" that owns group `g` ("Iran" in "Iran's
    /// Revolutionary Guards").
    pub(crate) fn genitive_owner(&self, g: usize) -> Option<usize> {
        let mut k = self.groups[g].first;
        // "Bangladesh's Prime Minister Sheikh Hasina": past a title.
        let mut titles = 0;
        while k > 1 && titles < 3 && title_word(self.word(k - 1)) {
            k -= 1;
            titles += 1;
        }
        (k > 1 && self.word(k - 1) == "'s")
            .then(|| self.groups.iter().position(|o| o.end == k - 1))
            .flatten()
    }

    /// The group starting after `from` within `within` tokens, in the clause,
    /// whose first token is preceded by one of `preps` (any when empty).
    pub(crate) fn group_after(&self, from: usize, within: usize, preps: &[&str]) -> Option<usize> {
        let mut k = from;
        while k < self.toks.len() && k < from + within {
            let w = self.word(k);
            if stop(w) {
                return None;
            }
            // "lodged a protest after an American destroyer sailed": a
            // subordinate clause has its own actors.
            // (Also right after an actor passed over: "bombed the airport in
            // Sanaa after a Houthi missile landed".)
            if preps.is_empty() && (k > from || from != self.end) && subordinator(w) {
                return None;
            }
            // "signed an agreement under which Warsaw may…": a relative
            // clause has its own actors.
            if preps.is_empty() && k > from && matches!(w, "which" | "whom" | "whose" | "where") {
                return None;
            }
            if k == self.end
                && self.end == self.start + 1
                && shares_object(
                    w,
                    self.word(k + 1),
                    self.groups
                        .iter()
                        .any(|g| g.first == k + 2 || g.first == k + 3),
                )
            {
                k += 2;
                continue;
            }
            // "seized power and placed X under arrest": "and" before a word
            // that is neither an actor nor an article opens another clause.
            if preps.is_empty()
                && and_opens_clause(
                    w,
                    self.word(k + 1),
                    self.groups.iter().any(|g| g.first == k + 1),
                )
            {
                return None;
            }
            if let Some(gi) = self.groups.iter().position(|g| g.first == k) {
                let before = if k > 0 { self.word(k - 1) } else { "" };
                let before2 = if k > 1 { self.word(k - 2) } else { "" };
                if preps.is_empty() || preps.contains(&before) || preps.contains(&before2) {
                    return Some(gi);
                }
                k = self.groups[gi].end;
                continue;
            }
            k += 1;
        }
        None
    }

    /// The subject: the nearest group before the trigger that no preposition governs.
    /// The first token of the clause that token `k` is in (after the last
    /// ";", "." or ":" before it).
    pub(crate) fn clause_start(&self, k: usize) -> usize {
        (0..k)
            .rev()
            .find(|&j| matches!(self.word(j), ";" | "." | ":"))
            .map_or(0, |j| j + 1)
    }

    pub(crate) fn subject(&self) -> Option<usize> {
        // "freed six Americans after meeting Trump's envoy", "After meeting
        // Grenell, Maduro freed…": a gerund after "after" is the main
        // clause subject's, before or after it.
        if self.english
            && self.start > 0
            && self.word(self.start).ends_with("ing")
            && matches!(self.word(self.start - 1), "after" | "before" | "while")
        {
            let clause_start = self.clause_start(self.start);
            let before = self
                .groups
                .iter()
                .position(|g| g.first >= clause_start && g.end < self.start);
            return before.or_else(|| {
                let comma = (self.start..self.toks.len()).find(|&k| self.word(k) == ",")?;
                self.groups.iter().position(|g| g.first == comma + 1)
            });
        }
        // "tear gas at protesters demanding the resignation…": an English
        // "-ing" form without an auxiliary qualifies the noun right before
        // it, whatever governs that noun.
        let t = self.word(self.start);
        let aux = self.start > 0
            && matches!(
                self.word(self.start - 1),
                "is" | "are" | "was" | "were" | "be" | "been" | "am" | "being"
            );
        if self.english && t.len() > 5 && t.ends_with("ing") && !aux {
            let near = self
                .groups
                .iter()
                .rposition(|g| g.end == self.start)
                .filter(|&g| {
                    (self.groups[g].end..self.start).all(|k| !matches!(self.word(k), "," | ";"))
                });
            // "supporters of Imran Khan protesting": the head noun before "of"
            // protests, and it is no actor.
            if let Some(g) = near {
                let f = self.groups[g].first;
                if f > 0 && matches!(self.word(f - 1), "of" | "de") {
                    return None;
                }
            }
            if near.is_some() {
                return near;
            }
            // "a resolution demanding a ceasefire": the noun before the "-ing"
            // form demands, and it is no actor.
            let prev = self.word(self.start.saturating_sub(1));
            // ("began evacuating", "kept shelling": a verb before it is no noun.)
            let verb = prev.ends_with("ed")
                || matches!(
                    prev,
                    "began"
                        | "begin"
                        | "begins"
                        | "begun"
                        | "start"
                        | "starts"
                        | "stop"
                        | "stops"
                        | "keep"
                        | "keeps"
                        | "kept"
                        | "continue"
                        | "continues"
                        | "resume"
                        | "resumes"
                        | "be"
                        | "is"
                        | "are"
                        | "was"
                        | "were"
                        | "been"
                        | "will"
                        | "would"
                );
            // ("Trump signed an order imposing sanctions": an order's act
            // is its signer's.)
            // (A resolution's act is its adopters' only: "adopted a
            // resolution condemning Russia", but "vetoed a resolution
            // demanding a ceasefire" demanded nothing.)
            let adopted = matches!(prev, "resolution" | "resolutions")
                && (self.start.saturating_sub(6)..self.start).any(|k| {
                    matches!(
                        self.word(k),
                        "adopted" | "passed" | "approved" | "endorsed" | "adopts" | "passes"
                    )
                });
            let signed = adopted
                || matches!(
                    prev,
                    "order" | "decree" | "bill" | "law" | "directive" | "measure" | "memorandum"
                );
            if self.start > 0 && plain_noun(prev) && !auxiliary(prev) && !verb && !signed {
                return None;
            }
            // The signer or adopter is the clause's first actor, not an
            // adjective of the text ("a Ukrainian resolution").
            if signed {
                let clause_start = self.clause_start(self.start);
                if let Some(g) = self
                    .groups
                    .iter()
                    .position(|g| g.first >= clause_start && g.end < self.start)
                {
                    return Some(g);
                }
            }
        }
        // "the crash that killed Prigozhin", "Russia, which invaded Ukraine": a
        // relative pronoun's verb has the noun before it as subject.
        let k0 = if self.start > 0 && auxiliary(self.word(self.start - 1)) {
            self.start - 1
        } else {
            self.start
        };
        if k0 > 0 && matches!(self.word(k0 - 1), "that" | "which" | "who" | "qui") {
            let rel = k0 - 1;
            let before = if rel > 0 && self.word(rel - 1) == "," {
                rel - 1
            } else {
                rel
            };
            return self.groups.iter().position(|g| g.end == before);
        }
        let free = |g: &Group| {
            let w = if g.first == 0 {
                ""
            } else {
                self.word(g.first - 1)
            };
            // English "a" ("A Saudi delegation") is no French "à"; but "in a St
            // Petersburg cafe" is governed past its article.
            let w2 = if g.first > 1 {
                self.word(g.first - 2)
            } else {
                ""
            };
            // ("the leaders of the EU met": "of" names whose leaders act).
            // "in central Greece": a side of the place is no article either.
            // ("a joint session of the US Congress": only a head naming
            // people acts through its "of".)
            let people_of = matches!(w2, "of" | "de" | "du")
                && g.first > 2
                && (officials(self.word(g.first - 3)) || people_noun(self.word(g.first - 3)));
            let governed_past_article =
                (determiner(w) || side_of_place(w)) && preposition(w2) && !people_of;
            // "les rebelles du M23 se sont emparés": people "of" a group act
            // as it, with no article between.
            let people_of_direct = matches!(w, "of" | "de" | "du" | "des")
                && g.first > 1
                && (officials(w2) || people_noun(w2));
            // "…, soutenus par le Rwanda, se sont emparés": another
            // participle's agent is not the subject.
            let agent_of_other =
                (g.first.saturating_sub(3)..g.first).any(|k| matches!(self.word(k), "par" | "by"));
            // ("Des manifestants ont attaqué": "des" opening a clause is
            // an article.)
            let article_des = !self.english
                && w == "des"
                && (g.first == 1 || matches!(w2, "," | ";" | ":" | "." | "et"));
            (!preposition(w) || (self.english && w == "a") || people_of_direct || article_des)
                && !governed_past_article
                && !agent_of_other
        };
        // "Panama said it would leave", "Trump met al-Sharaa and said he
        // would lift": a pronoun subject is the sentence's first actor, not
        // the nearest one.
        let mut k = self.start;
        while k > 0
            && (auxiliary(self.word(k - 1))
                || matches!(
                    self.word(k - 1),
                    "would" | "will" | "could" | "might" | "had" | "has"
                )
                || self.word(k - 1).ends_with("ly"))
        {
            k -= 1;
        }
        // ("he" is a person's, "it" a country's or a body's: "Biden said
        // he would halt arms to Israel if it invaded Rafah".)
        let person = |g: &Group| {
            g.members.iter().all(|&mi| {
                let m = self.mentions[mi];
                m.actor.starts_with("P-") || m.ner.as_deref() == Some("PER")
            })
        };
        let wanted = match self.word(k.saturating_sub(1)) {
            _ if k == 0 => None,
            "he" | "she" | "il" | "elle" => Some(Some(true)),
            "it" => Some(Some(false)),
            "they" | "ils" | "elles" => Some(None),
            _ => None,
        };
        // The clause's first actor before token `k` that no preposition
        // governs (and that `keep` accepts).
        let clause_first = |k: usize, keep: &dyn Fn(&Group) -> bool| {
            let clause_start = self.clause_start(k);
            self.groups
                .iter()
                .position(|g| g.first >= clause_start && g.end < k && free(g) && keep(g))
        };
        if let Some(kind) = wanted {
            return clause_first(k, &|g| kind.is_none_or(|p| person(g) == p));
        }
        // "Russia expelled six diplomats, accusing them of spying": an "-ing"
        // verb after a comma is the clause's first subject acting again.
        if self.english && t.ends_with("ing") && self.start > 0 && self.word(self.start - 1) == ","
        {
            return clause_first(self.start, &|_| true);
        }
        // "Canada expelled a diplomat and accused India": a verb right after
        // "and" shares the clause's first subject.
        let k = if self.start > 0 && auxiliary(self.word(self.start - 1)) {
            self.start - 1
        } else {
            self.start
        };
        if k > 0
            && matches!(
                self.word(k - 1),
                "and" | "et" | "y" | "but" | "mais" | "pero"
            )
        {
            return clause_first(k, &|_| true);
        }
        self.groups
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, g)| g.end <= self.start)
            .take_while(|(_, g)| !(g.end..self.start).any(|k| self.word(k) == ";"))
            // "hosted a summit in Sharm el-Sheikh where world leaders
            // endorsed…": a "where" clause has its own subject.
            .take_while(|(_, g)| {
                !(g.end..self.start).any(|k| matches!(self.word(k), "where" | "ou" | "donde"))
            })
            // "Japan pledged aid after an earthquake struck": the subject of
            // a verb in a subordinate clause is inside that clause.
            .take_while(|(_, g)| {
                !(g.end..self.start).any(|k| {
                    // "as well as", "such as", "as part of", "as a result" are no clauses.
                    let as_phrase = self.word(k) == "as"
                        && (matches!(self.word(k + 1), "well" | "part" | "a" | "an" | "result")
                            || (k > 0 && self.word(k - 1) == "such"));
                    subordinator(self.word(k))
                        && !as_phrase
                        && !(k + 1..self.start).any(|j| self.word(j) == ",")
                })
            })
            // "visited Istanbul, where he held talks": the place before
            // "where" is not who acted.
            .find(|(_, g)| {
                let w = |k: usize| self.word(k);
                let before_where = matches!(w(g.end), "where" | "ou" | "donde")
                    || (w(g.end) == "," && matches!(w(g.end + 1), "where" | "ou" | "donde"));
                free(g) && !before_where
            })
            .map(|(i, _)| i)
    }
}
