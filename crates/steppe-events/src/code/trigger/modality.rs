//! Whether a trigger's act happened, is planned, hypothetical or reported,
//! and whose words report it.

use super::*;

impl Trigger<'_> {
    /// `None` when the event is negated (it did not happen: no event).
    pub(crate) fn modality(&self) -> Option<Modality> {
        let before = self.before(4);
        // ("n'a pas omis de lancer un avertissement", "did not fail to
        // warn": a negated omission is the act done.)
        // ("failed to detain" alone is still no act.)
        let negated = before.iter().any(|w| negation(w) && !words::omission(w));
        let omitted = before.iter().any(|w| words::omission(w));
        if before.iter().any(|w| negation(w)) && !(negated && omitted) {
            return None;
        }
        // "would pay a heavy price if it rejected the plan": a condition
        // names what may happen.
        if self.english && self.before(6).iter().any(|w| matches!(*w, "if" | "unless")) {
            return None;
        }
        // "urged South Korea to send weapons", "a exhorté Paris à livrer": what
        // an appeal asks for has not happened; the appeal is the event.
        // "the truce between Israel and Hamas collapsed": a named agreement
        // that ended is no agreement made.
        // ("the meeting ended in a shouting match" still took place.)
        if self.nominal
            && cameo::root(self.code) != "04"
            && (self.end..self.end + 6).any(|k| {
                matches!(
                    self.word(k),
                    "collapsed" | "expired" | "failed" | "ended" | "s'est effondree" | "a expire"
                )
            })
        {
            return None;
        }
        // "Londres veut que Téhéran promette", "exige que Moscou retire":
        // what a demand asks for (its "que" clause) is not done.
        if !self.english
            && (self.start.saturating_sub(5)..self.start).any(|k| {
                self.word(k) == "que"
                    && (1..=2).any(|d| k >= d && words::wish_verb(self.word(k - d)))
            })
        {
            return None;
        }
        // "his alleged resignation", "une éventuelle démission": an act
        // the words before it call possible or rumoured is not told as done.
        if self.nominal && self.before(2).iter().any(|w| words::hypothetical(w)) {
            return None;
        }
        // "l'a reçu pour discuter de…", "para negociar": a purpose names what
        // is meant to happen, not an act of its own.
        // (Only a meeting's purpose: "marcharon para exigir" is a demand
        // made by marching.)
        if !self.nominal
            && self.start > 0
            // (Not aid: "débloqués … pour aider les pays centrasiatiques" is
            // the aid itself, the sentence's other verb being a passive.)
            && matches!(cameo::root(self.code), "04" | "05" | "06")
            && matches!(self.word(self.start - 1), "pour" | "para")
        {
            return None;
        }
        // "s'est rendu en Israël pour afficher son soutien": what a purpose
        // clause names is meant, not done.
        if !self.english
            && (self.start.saturating_sub(4)..self.start).any(|k| {
                matches!(self.word(k), "pour" | "para")
                    && k + 1 < self.start
                    && ["er", "ir", "re"]
                        .iter()
                        .any(|e| self.word(k + 1).ends_with(e))
            })
        {
            return None;
        }
        let linker = self.word(self.start.saturating_sub(1));
        // ("to meet", "to visit": the pattern may start with the linker.)
        let linker = matches!(linker, "to" | "de" | "d'")
            || (linker == "a" && !self.english)
            || (self.english && self.word(self.start) == "to");
        if self.start > 1 && linker {
            // (An appeal, an accusation, a sending or a trip: what follows
            // "to" is asked for or meant, not done.)
            let not_yet = self.before(8).iter().any(|w| {
                matches!(
                    *w,
                    "urged"
                        | "accused"
                        | "accuse"
                        | "accuses"
                        | "accusant"
                        | "accusent"
                        | "urges"
                        // ("called on Russia to withdraw its forces".)
                        | "called"
                        | "calls"
                        | "asked"
                        | "asks"
                        | "pressed"
                        | "encouraged"
                        // ("rejected a request from France to reopen its
                        // embassy": what is asked for.)
                        // ("refused to rule out force to take Greenland".)
                        | "rule"
                        // ("made a visit to Moscow to meet Putin".)
                        | "visit"
                        | "trip"
                        // ("Sweden's bid to join NATO": what is sought.)
                        | "bid"
                        | "bids"
                        // ("warned against any move to seize power".)
                        | "move"
                        | "attempt"
                        | "plot"
                        // ("signed a pact to reopen their border": what a
                        // pact provides for is not yet done.)
                        | "pact"
                        | "accord"
                        | "treaty"
                        | "request"
                        | "requests"
                        | "requested"
                        | "plea"
                        | "exhorte"
                        | "exhortent"
                        // "sent troops to Russia to fight": what they were
                        // sent for has not happened yet.
                        | "sent"
                        | "send"
                        | "sends"
                        | "deployed"
                        | "dispatched"
                        // "plans to travel to Russia to meet Putin": a trip's
                        // purpose is no act of its own yet.
                        | "travel"
                        | "travelled"
                        | "returned"
                        | "returns"
                        | "headed"
                        | "traveled"
                        | "travels"
                        | "flew"
                        | "went"
                        | "arrived"
                        | "arrives"
                        | "landed"
                        | "invite"
                        | "invited"
                        // "allowed Ukraine to use US weapons to strike inside
                        // Russia": a permission, not the strike.
                        | "allowed"
                        | "allowing"
                        | "allow"
                        | "allows"
                        | "authorised"
                        | "authorized"
                        | "permitted"
                        | "appele"
                        | "appelle"
                        | "instamment"
                )
            });
            if not_yet {
                return None;
            }
        }
        // "demanded that Russia withdraw its troops": what a demand asks
        // for has not happened.
        // (`before` runs nearest first: "that" then the demand verb.)
        let demand = self.before(10).windows(2).any(|w| {
            // ("a exigé qu'Israël mette fin": French the same way.)
            matches!(w[0], "that" | "que" | "qu'")
                && matches!(
                    w[1],
                    "demanded"
                        | "demands"
                        | "demand"
                        | "insisted"
                        | "insists"
                        | "urged"
                        | "asked"
                        | "exige"
                        | "exigent"
                        | "exigeait"
                        | "reclame"
                        | "reclament"
                        | "demande"
                        | "demandent"
                )
        });
        // (A noun too: "demanded that Israel end its occupation".)
        if demand {
            return None;
        }
        // "a resolution demanding a ceasefire", "called for a truce": the act
        // asked for is not done.
        if self.nominal
            && self.before(3).iter().any(|w| {
                matches!(
                    *w,
                    "demanding"
                        | "demanded"
                        | "demand"
                        | "demands"
                        | "calling"
                        | "urging"
                        | "seeking"
                        | "sought"
                        | "for"
                        | "proposing"
                        | "proposed"
                )
            })
        {
            return None;
        }
        // "M23 rebels backed by Rwanda captured Goma": a participle of support
        // right after an actor, with its agent, says what the actor is.
        if !self.nominal
            && matches!(
                self.word(self.start),
                "backed"
                    | "supported"
                    | "sponsored"
                    | "funded"
                    | "armed"
                    | "trained"
                    | "allied"
                    | "soutenu"
                    | "soutenus"
                    | "soutenue"
                    | "soutenues"
                    | "appuye"
                    | "appuyes"
                    | "finance"
                    | "finances"
                    | "armes"
            )
            && matches!(self.word(self.start + 1), "by" | "with" | "par")
            && (self.groups.iter().any(|g| g.end == self.start)
                || (self.start > 0 && plain_noun(self.word(self.start - 1))))
        {
            return None;
        }
        // "n'ont soutenu aucune": a negation right after the verb.
        if !self.nominal
            && matches!(
                self.word(self.end),
                "aucun" | "aucune" | "pas" | "jamais" | "not"
            )
        {
            return None;
        }
        // "a resolution that would have granted Palestine full membership":
        // a counterfactual did not happen.
        if self.english
            && matches!(
                self.before(2).as_slice(),
                ["have", "would" | "could" | "might"]
            )
        {
            return None;
        }
        let trigger: Vec<&str> = (self.start..self.end.min(self.start + 3))
            .map(|k| self.word(k))
            .collect();
        let wider = self.before(8);
        // The conditional ("rencontrerait", "pourrait"), not the imperfect ("préparait").
        let conditional = |t: &&str| {
            [
                "erait", "eraient", "irait", "iraient", "rrait", "rraient", "drait", "draient",
            ]
            .iter()
            .any(|s| t.ends_with(s))
        };
        // "said it would send tanks": "would" after a verb of saying is the
        // future of the past, a plan reported; alone, or with "if", it is a
        // condition ("would be met with force").
        let reported_future = self.english
            && before.contains(&"would")
            && !wider
                .iter()
                .any(|w| matches!(*w, "could" | "might" | "may" | "if" | "unless"))
            && wider.iter().any(|w| future_reporting_verb(w));
        if reported_future {
            return Some(Modality::Planned);
        }
        if before.iter().any(|w| hypothetical_marker(w)) || trigger.iter().any(conditional) {
            return Some(Modality::Hypothetical);
        }
        // French future tense ("rencontrera", "s'entretiendront") or a modal before.
        let future = |t: &&str| {
            t.len() > 4
                && ["ra", "ront", "rai", "rons"].iter().any(|s| t.ends_with(s))
                && !matches!(*t, "contra" | "encontra")
        };
        if before.iter().any(|w| planned_marker(w)) || trigger.iter().any(future) {
            return Some(Modality::Planned);
        }
        if wider.iter().any(|w| reported_marker(w)) {
            return Some(Modality::Reported);
        }
        Some(Modality::Realised)
    }

    /// The group whose words the sentence reports: "Moscow said (that) …"
    /// before the trigger, "…, Moscow said" or "…, a affirmé Moscou" after
    /// it, or "selon Moscou", "according to Moscow", "según Moscú" anywhere.
    pub(crate) fn find_speaker(&self) -> Option<usize> {
        let n = self.toks.len();
        let group_at = |k: usize| self.groups.iter().position(|g| g.first == k);
        for k in 0..n {
            let w = self.word(k);
            let marker = match w {
                "selon" | "segun" => Some(k + 1),
                "according" if self.word(k + 1) == "to" => Some(k + 2),
                "apres" if k > 0 && self.word(k - 1) == "d'" => Some(k + 1),
                _ => None,
            };
            if let Some(from) = marker {
                if let Some(g) = self.group_after(from, 3, &[]) {
                    return Some(g);
                }
            }
        }
        // The speech verb nearest the trigger, never the trigger itself.
        let verb = (0..n)
            .filter(|&k| speech_verb(self.word(k)) && !(self.start..self.end).contains(&k))
            .min_by_key(|&k| k.abs_diff(self.start))?;
        if verb < self.start {
            // Its subject: the nearest group before it that no preposition governs.
            self.groups
                .iter()
                .enumerate()
                .rev()
                .filter(|(_, g)| g.end <= verb)
                .find(|(_, g)| {
                    let w = if g.first == 0 {
                        ""
                    } else {
                        self.word(g.first - 1)
                    };
                    // English "a" ("A Saudi delegation") is no French "à".
                    !preposition(w) || (self.english && w == "a")
                })
                .map(|(i, _)| i)
        } else {
            // "…, Russia said": a group between a comma and the verb.
            let before = self.groups.iter().position(|g| {
                // "…, the army said": an article may open the speaker.
                let k = if g.first > 1
                    && matches!(self.word(g.first - 1), "the" | "la" | "le" | "l'" | "el")
                {
                    g.first - 1
                } else {
                    g.first
                };
                g.end == verb && k > 0 && self.word(k - 1) == ","
            });
            // "…, a affirmé jeudi Moscou", "…, dijo Moscú": the verb first.
            let comma_verb = (verb.saturating_sub(2)..verb).any(|k| self.word(k) == ",");
            before.or_else(|| {
                comma_verb
                    .then(|| (verb + 1..(verb + 4).min(n)).find_map(group_at))
                    .flatten()
            })
        }
    }
}
