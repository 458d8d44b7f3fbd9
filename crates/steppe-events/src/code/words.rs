//! Word lists the coder reads clauses with (folded words: accents off),
//! in English, French and Spanish.

/// Punctuation that closes a clause for the coder.
pub(super) fn stop(word: &str) -> bool {
    matches!(word, "." | ";" | ":" | "!" | "?" | "(" | ")")
}

/// Words that may sit between coordinated actors.
pub(super) fn connector(word: &str) -> bool {
    matches!(
        word,
        "," | "et"
            | "and"
            | "ou"
            | "or"
            | "ni"
            | "nor"
            | "&"
            | "du"
            | "de"
            | "des"
            | "d'"
            | "la"
            | "le"
            | "l'"
            | "les"
            | "the"
            | "y"
            | "e"
            | "el"
            | "los"
            | "las"
            | "au"
            | "aux"
            | "en"
            | "a"
            | "in"
            | "to"
    )
}

pub(super) fn preposition(word: &str) -> bool {
    matches!(
        word,
        "avec"
            | "a"
            | "au"
            | "aux"
            | "en"
            | "de"
            | "du"
            | "des"
            | "d'"
            | "par"
            | "pour"
            | "contre"
            | "sur"
            | "entre"
            | "vers"
            | "chez"
            | "dans"
            | "with"
            | "to"
            | "in"
            | "of"
            | "from"
            | "by"
            | "against"
            | "on"
            | "at"
            | "for"
            | "con"
            | "por"
            | "para"
            | "contra"
            | "desde"
            | "across"
            | "throughout"
            | "near"
            | "over"
            | "outside"
            | "inside"
            | "around"
            | "through"
            | "via"
            | "toward"
            | "towards"
            | "into"
            | "onto"
            | "between"
            | "among"
            | "amid"
            | "during"
            | "without"
            | "despite"
            | "under"
    )
}

pub(super) fn locative(word: &str) -> bool {
    matches!(
        word,
        "a" | "au" | "aux" | "en" | "dans" | "vers" | "in" | "to" | "at" | "into" | "en " | "hacia"
    )
}

/// Nouns for officials: "ses homologues du Kazakhstan" are its government.
pub(super) fn officials(word: &str) -> bool {
    matches!(
        word,
        "homologue"
            | "homologues"
            | "dirigeant"
            | "dirigeants"
            | "president"
            | "presidents"
            | "ministre"
            | "ministres"
            | "gouvernement"
            | "gouvernements"
            | "responsables"
            | "autorites"
            | "chef"
            | "chefs"
            | "leader"
            | "leaders"
            | "officials"
            | "government"
            | "ministry"
            | "ministere"
            | "ministerio"
            | "governments"
            | "counterpart"
            | "counterparts"
            | "cabinet"
            | "authorities"
            | "minister"
            | "ministers"
            | "gobierno"
            | "autoridades"
    )
}

/// "seized power and placed X under arrest": "and" before a word that is
/// neither an actor nor an article opens another clause (`next` is the word
/// after "and", `next_is_actor` whether an actor starts there).
pub(super) fn and_opens_clause(word: &str, next: &str, next_is_actor: bool) -> bool {
    matches!(word, "and" | "et" | "y")
        && !next_is_actor
        && !matches!(
            next,
            "the" | "le" | "la" | "les" | "l'" | "el" | "los" | "las" | "de" | "of"
        )
}

/// A side or state of a place between a preposition and its name ("through
/// central London", "in occupied Donetsk").
pub(super) fn side_of_place(word: &str) -> bool {
    matches!(
        word,
        "central"
            | "northern"
            | "southern"
            | "eastern"
            | "western"
            | "downtown"
            | "occupied"
            | "besieged"
    )
}

/// Words that open a subordinate clause: its verb has its own subject.
pub(super) fn subordinator(word: &str) -> bool {
    matches!(
        word,
        "as" | "after"
            | "before"
            | "when"
            | "while"
            | "because"
            | "since"
            | "until"
            | "although"
            | "if"
            | "unless"
            | "whereas"
            | "quand"
            | "lorsque"
            | "lorsqu'"
            | "parce"
            | "puisque"
            | "tandis"
            | "cuando"
            | "mientras"
            | "porque"
    )
}

/// Nouns for people who act through their "of": "the forces of the EU".
pub(super) fn people_noun(word: &str) -> bool {
    matches!(
        word,
        "members"
            | "heads"
            | "head"
            | "chief"
            | "prosecutor"
            | "spokesman"
            | "spokeswoman"
            | "spokesperson"
            | "secretary"
            | "director"
            | "commander"
            | "chairman"
            | "forces"
            | "troops"
            | "army"
            | "armies"
            | "navy"
            | "people"
            | "citizens"
            | "residents"
            | "delegation"
            | "delegations"
            | "representatives"
            | "envoys"
            | "membres"
            | "troupes"
            | "rebels"
            | "rebelles"
            | "fighters"
            | "combattants"
            | "militants"
            | "soldiers"
            | "soldats"
            | "representants"
            | "procureur"
            | "porte-parole"
            // Bodies of people: "a contingent of Kenyan police arrived".
            | "contingent"
            | "contingents"
            | "detachment"
            | "unit"
            | "units"
            | "battalion"
            | "brigade"
            | "squad"
            | "column"
            | "convoy"
            | "team"
            | "teams"
    )
}

/// Words of an office between a genitive and a name ("Bangladesh's Prime
/// Minister Sheikh Hasina"; folded).
pub(super) fn title_word(word: &str) -> bool {
    officials(word)
        || matches!(
            word,
            "prime"
                | "foreign"
                | "defence"
                | "defense"
                | "interior"
                | "finance"
                | "army"
                | "chief"
                | "supreme"
                | "top"
                | "former"
                | "vice"
                | "deputy"
        )
}

/// Verbs that link one act to another ("the arrest sparked protests").
pub(super) fn causal_verb(word: &str) -> bool {
    matches!(
        word,
        "sparked"
            | "sparks"
            | "triggered"
            | "triggers"
            | "prompted"
            | "prompts"
            | "caused"
            | "causes"
            | "provoked"
            | "fuelled"
            | "fueled"
            | "led"
            | "drew"
    )
}

/// Verbs of omitting or hesitating: negated, they assert the act that
/// follows ("n'a pas manqué de", "did not hesitate to"; folded).
pub(super) fn omission(word: &str) -> bool {
    matches!(
        word,
        "omis"
            | "manque"
            | "hesite"
            | "oublie"
            | "failed"
            | "fail"
            | "hesitate"
            | "hesitated"
            | "olvido"
            | "dudo"
            | "vacilo"
    )
}

/// Verbs of wanting and demanding whose "que" clause names what is asked
/// for, not done (folded): "veut que", "exige que", "quiere que".
pub(super) fn wish_verb(word: &str) -> bool {
    matches!(
        word,
        "veut"
            | "veulent"
            | "voulait"
            | "exige"
            | "exigent"
            | "exigeait"
            | "demande"
            | "demandent"
            | "souhaite"
            | "souhaitent"
            | "quiere"
            | "quieren"
            | "queria"
            | "exigio"
            | "exigieron"
            | "pide"
            | "piden"
            | "pidio"
            | "pidieron"
    )
}

/// Adjectives that make a named act possible, rumoured or supposed, not
/// done (folded): "alleged resignation", "éventuelle démission".
pub(super) fn hypothetical(word: &str) -> bool {
    matches!(
        word,
        "alleged"
            | "possible"
            | "potential"
            | "rumoured"
            | "rumored"
            | "supposed"
            | "hypothetical"
            | "eventuelle"
            | "eventuel"
            | "presumee"
            | "presume"
            | "supposee"
            | "pretendue"
            | "eventual"
            | "posible"
            | "supuesta"
            | "supuesto"
            | "presunta"
            | "presunto"
            | "hipotetica"
            | "hipotetico"
    )
}

/// Verbs that report someone's words (folded), in English, French and Spanish.
pub(super) fn speech_verb(word: &str) -> bool {
    matches!(
        word,
        "said"
            | "says"
            | "told"
            | "stated"
            | "claimed"
            | "claims"
            | "announced"
            | "alleged"
            | "added"
            | "insisted"
            | "declare"
            | "declares"
            | "annonce"
            | "affirme"
            | "affirment"
            | "indique"
            | "assure"
            | "estime"
            | "dit"
            | "souligne"
            | "precise"
            | "rapporte"
            | "dijo"
            | "afirmo"
            | "declaro"
            | "indico"
            | "aseguro"
            | "senalo"
            | "sostuvo"
            | "informo"
    )
}

/// A word that may be a noun before a participle (English or French): not
/// a pronoun, an auxiliary, a conjunction, an article or an adverb.
pub(super) fn plain_noun(word: &str) -> bool {
    word.chars().all(char::is_alphabetic)
        && !word.ends_with("ly")
        && !matches!(
            word,
            "he" | "she"
                | "it"
                | "they"
                | "we"
                | "who"
                | "which"
                | "that"
                | "and"
                | "or"
                | "but"
                | "has"
                | "have"
                | "had"
                | "was"
                | "were"
                | "is"
                | "are"
                | "been"
                | "be"
                | "also"
                | "then"
                | "not"
                | "a"
                | "ont"
                | "est"
                | "sont"
                | "etait"
                | "avait"
                | "avaient"
                | "se"
                | "qui"
                | "que"
                | "ne"
                | "pas"
                | "y"
                | "en"
                | "lui"
                | "leur"
                | "la"
                | "le"
                | "les"
                | "l"
                | "va"
                | "vont"
                | "doit"
        )
}

pub(super) fn determiner(word: &str) -> bool {
    matches!(
        word,
        "the"
            | "a"
            | "an"
            | "its"
            | "their"
            | "our"
            | "this"
            | "these"
            | "those"
            | "every"
            | "another"
    )
}

pub(super) fn negation(word: &str) -> bool {
    // "refused to attend talks", "a refusé de rencontrer": the act did not happen.
    matches!(
        word,
        "refused" | "refuses" | "declined" | "refuse" | "refusent" | "nego" | "negaron"
            // "failed to detain Yoon": tried, not done.
            | "failed" | "fails"
            // "denied sending troops": said not to have been done.
            | "denied" | "denies" | "deny" | "denying"
    ) || matches!(
        word,
        "ne" | "n'"
            | "pas"
            | "jamais"
            | "ni"
            | "aucun"
            | "aucune"
            | "not"
            | "n't"
            | "never"
            | "no"
            | "nor"
            | "nunca"
            | "tampoco"
    )
}

pub(super) fn planned_marker(word: &str) -> bool {
    matches!(
        word,
        "doit"
            | "doivent"
            | "devait"
            | "devaient"
            | "devra"
            | "devront"
            | "va"
            | "vont"
            | "allait"
            | "prevoit"
            | "prevoient"
            | "compte"
            | "entend"
            | "projette"
            | "seront"
            | "sera"
            | "will"
            | "shall"
            | "'ll"
            | "plans"
            | "planned"
            | "intends"
            | "expected"
            | "due"
            | "scheduled"
            | "agreed"
            | "agrees"
            | "decided"
            | "set"
            | "va a"
            | "iba"
            | "planea"
            | "prevé"
    )
}

pub(super) fn hypothetical_marker(word: &str) -> bool {
    matches!(
        word,
        "pourrait"
            | "pourraient"
            | "pourra"
            | "pourront"
            | "si"
            | "could"
            | "would"
            | "might"
            | "may"
            | "if"
            | "unless"
            | "podria"
            | "podrian"
    )
}

pub(super) fn reported_marker(word: &str) -> bool {
    matches!(
        word,
        "selon" | "aurait" | "auraient" | "reportedly" | "allegedly" | "according" | "segun"
    )
}

pub(super) fn auxiliary(word: &str) -> bool {
    matches!(
        word,
        "est"
            | "sont"
            | "etait"
            | "etaient"
            | "sera"
            | "seront"
            | "a"
            | "ont"
            | "avait"
            | "avaient"
            | "aura"
            | "auront"
            | "ete"
            | "is"
            | "are"
            | "was"
            | "were"
            | "has"
            | "have"
            | "had"
            | "been"
            | "will"
            | "be"
            | "ha"
            | "han"
            | "habia"
            | "habian"
            | "hubo"
            | "habra"
            | "habran"
            | "sido"
            | "fue"
            | "fueron"
    )
}

/// Verbs of leaving: with a body as their object they cut ties (160), with a
/// place they only say someone went away.
pub(super) const LEAVE: &[&str] = &[
    "left", "leave", "leaves", "leaving", "quit", "quits", "quitting", "exit", "exits", "exited",
    "exiting",
];

/// Envoys: "each expelled the other's diplomats" lands on each government.
pub(super) const ENVOYS: &[&str] = &[
    "diplomats",
    "diplomat",
    "envoys",
    "envoy",
    "ambassadors",
    "ambassador",
    "diplomates",
    "diplomate",
    "ambassadeurs",
    "ambassadeur",
    "consulaires",
];

/// Verbs of moving into a place: armed forces take ground (192), travellers
/// crossing a border do not.
pub(super) const ADVANCE: &[&str] = &["crossed", "pushed", "rolled", "advanced", "moved"];

/// Agreements: one left ("quitting the grain deal") is a tie cut too.
pub(super) const PACTS: &[&str] = &[
    "deal",
    "agreement",
    "treaty",
    "accord",
    "pact",
    "initiative",
];

/// Things seized that are property, not ground: "seized a tanker from
/// Iran" is 171 even though Iran is a country.
pub(super) const PROPERTY: &[&str] = &[
    "tanker",
    "tankers",
    "ship",
    "ships",
    "vessel",
    "vessels",
    "boat",
    "boats",
    "aircraft",
    "cargo",
    "assets",
    "property",
    "funds",
    "petrolier",
    "navire",
    "navires",
    "bateau",
    "avoirs",
    "biens",
    "buque",
    "buques",
    "barco",
];

/// "shot and wounded Donald Trump", "arrested and deported two activists":
/// right after a verb, "and" and a second verb before an actor share that
/// actor as their object, rather than opening a clause of their own.
pub(super) fn shares_object(word: &str, next: &str, actor_after_next: bool) -> bool {
    matches!(word, "and" | "or")
        && actor_after_next
        && (next.ends_with("ed")
            || matches!(
                next,
                "shot" | "hit" | "struck" | "beat" | "held" | "seized" | "took" | "fought" | "met"
            ))
}

/// Plain nouns of people that a gerund may qualify ("crowds protesting").
pub(super) const PEOPLE: &[&str] = &[
    "people",
    "crowds",
    "crowd",
    "thousands",
    "hundreds",
    "dozens",
    "students",
    "workers",
    "residents",
    "civilians",
    "supporters",
    "men",
    "women",
    "youths",
    "refugees",
    "migrants",
    "villagers",
    "farmers",
    "citizens",
    "voters",
    "activists",
    "families",
    "children",
];

/// Verbs after which "would" is the future of the past, a plan reported
/// ("said it would send tanks"), not a condition.
pub(super) fn future_reporting_verb(word: &str) -> bool {
    matches!(
        word,
        "said"
            | "says"
            | "announced"
            | "agreed"
            | "promised"
            | "pledged"
            | "vowed"
            | "confirmed"
            | "told"
            | "signalled"
            | "signaled"
            | "indicated"
            | "decided"
            | "declared"
            | "stated"
    )
}
