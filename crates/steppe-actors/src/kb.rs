//! The knowledge base: actors with stable ids, names in several languages,
//! aliases, CAMEO-style codes and dated roles, read from `data/kb/*.tsv`
//! (compiled in) and indexed for matching.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};
use chrono::NaiveDate;

use crate::fold;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Country,
    Organisation,
    Person,
    /// A region or a city that is not a seat of power.
    Place,
    /// Read from a user's dictionary (`kb load`).
    Imported,
    /// Found in text, not in the knowledge base.
    New,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Country => "country",
            Kind::Organisation => "organisation",
            Kind::Place => "place",
            Kind::Person => "person",
            Kind::Imported => "imported",
            Kind::New => "new",
        }
    }
}

/// An office held from a date to a date (`to` empty while in office).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub office: String,
    /// Actor id of the country or organisation.
    pub of: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Role {
    pub fn holds_on(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= day) && self.to.is_none_or(|t| day < t)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    pub id: String,
    pub qid: Option<String>,
    pub kind: Kind,
    /// Canonical name (English where known).
    pub name: String,
    /// Names by language code.
    pub names: Vec<(String, String)>,
    pub aliases: Vec<String>,
    /// Id of the actor's country (itself for a country).
    pub country: Option<String>,
    pub code: String,
    pub roles: Vec<Role>,
    /// Codes that hold over spans of dates (imported dictionaries).
    pub dated_codes: Vec<crate::import::DatedCode>,
    /// Capitals and seats of power that stand for a country's government.
    pub metonyms: Vec<String>,
    /// Demonym adjectives ("kazakh", "américaine").
    pub demonyms: Vec<String>,
}

impl Actor {
    /// The code that holds on `day` (the undated code without a day).
    pub fn code_on(&self, day: Option<NaiveDate>) -> &str {
        if let Some(d) = day {
            if let Some(c) = self
                .dated_codes
                .iter()
                .find(|c| c.from.is_none_or(|f| f <= d) && c.to.is_none_or(|t| d < t))
            {
                return &c.code;
            }
        }
        &self.code
    }
}

/// How a dictionary entry names its actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Name,
    /// A capital or seat of power standing for the government.
    Seat,
    /// A demonym adjective ("kazakh").
    Adjective,
    /// A role phrase: the holder of `office` of `actor` on the article's date.
    Role,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub actor: usize,
    pub kind: EntryKind,
    /// Acronyms in capitals ("US", "ONU") match only in capitals.
    pub capitals_only: bool,
    /// Short one-word names match only as written, accents and case aside:
    /// folding would make "Route" a "Rutte".
    pub exact: Option<String>,
    pub office: Option<String>,
    /// Written with a capital ("Vienne", "Turkey"): matches only when the text
    /// capitalises it too, so the verb "vienne" and the bird stay out.
    pub proper: bool,
    /// Also a given name ("~Maurice", "~Israel" in the data): not taken when a
    /// capitalised word follows ("Maurice Gourdault-Montagne", "Israel Katz").
    pub given_name: bool,
    /// The language whose name this is (a language column of the data), or
    /// `None` for an alias of any language: in text of another language it
    /// matches only where it cannot be a common word (German "Island").
    pub lang: Option<&'static str>,
    /// A generic head word standing for the organisation ("?Commission"
    /// in the data): taken only when the same text names the organisation
    /// otherwise too.
    pub generic: bool,
}

/// The compiled knowledge base.
pub struct Kb {
    pub actors: Vec<Actor>,
    by_id: HashMap<String, usize>,
    /// (office, of) → actors who held it at some time.
    holders: HashMap<(String, String), Vec<usize>>,
    pub(crate) entries: Vec<Vec<Entry>>,
    pub(crate) matcher: AhoCorasick,
    /// The folded key of each entry list.
    pub(crate) keys: Vec<String>,
    /// Key length in characters → the keys of names and seats that long
    /// (five or more), for one-edit near misses.
    pub(crate) fuzzy_keys: HashMap<usize, Vec<usize>>,
}

const COUNTRIES: &str = include_str!("../../../data/kb/countries.tsv");
const ORGANISATIONS: &str = include_str!("../../../data/kb/organisations.tsv");
const PEOPLE: &str = include_str!("../../../data/kb/people.tsv");
const ROLES: &str = include_str!("../../../data/kb/roles.tsv");
const PLACES: &str = include_str!("../../../data/kb/places.tsv");
const CAPITALS: &str = include_str!("../../../data/kb/capitals.tsv");
const CITIES: &str = include_str!("../../../data/kb/cities.tsv");

/// `C-` and the name in ASCII capitals: a stable id for a city.
fn city_id(name: &str) -> String {
    let mut id = String::from("C-");
    let mut dash = false;
    for c in plain(name).chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_uppercase());
            dash = false;
        } else if !dash && id.len() > 2 {
            id.push('-');
            dash = true;
        }
    }
    id.trim_end_matches('-').to_string()
}

fn rows(name: &str, body: &str, min_cols: usize) -> Result<Vec<Vec<String>>, String> {
    let mut out = Vec::new();
    for (i, line) in body.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<String> = line.split('\t').map(|c| c.trim().to_string()).collect();
        if cols.len() < min_cols {
            return Err(format!(
                "{name}:{}: expected {min_cols} tab-separated columns, found {}",
                i + 1,
                cols.len()
            ));
        }
        out.push(cols);
    }
    Ok(out)
}

fn list(s: &str) -> Vec<String> {
    list_by(s, '|')
}

fn list_by(s: &str, sep: char) -> Vec<String> {
    s.split(sep)
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

fn date(s: &str, at: &str) -> Result<Option<NaiveDate>, String> {
    if s.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| format!("{at}: bad date {s:?}"))
}

/// Lower case without accents, for exact comparisons of short names.
pub fn plain(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

fn capitals(alias: &str) -> bool {
    let letters: Vec<char> = alias.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.len() <= 6 && letters.iter().all(|c| c.is_uppercase())
}

/// Adds the match entry of one name, alias, seat or adjective.
fn push_alias(patterns: &mut Vec<(String, Entry)>, alias: &str, actor: usize, kind: EntryKind) {
    push_alias_in(patterns, alias, actor, kind, None);
}

/// [`push_alias`] for a name of one language.
fn push_alias_in(
    patterns: &mut Vec<(String, Entry)>,
    alias: &str,
    actor: usize,
    kind: EntryKind,
    lang: Option<&'static str>,
) {
    let (alias, generic) = match alias.strip_prefix('?') {
        Some(a) => (a, true),
        None => (alias, false),
    };
    let (alias, given_name) = match alias.strip_prefix('~') {
        Some(a) => (a, true),
        None => (alias, false),
    };
    let k = fold::key(alias);
    if !k.is_empty() {
        let exact = (!k.contains(' ') && k.chars().count() <= 6).then(|| plain(alias));
        let proper =
            kind != EntryKind::Adjective && alias.chars().next().is_some_and(char::is_uppercase);
        patterns.push((
            k,
            Entry {
                actor,
                kind,
                capitals_only: capitals(alias),
                exact,
                office: None,
                proper,
                given_name,
                lang,
                generic,
            },
        ));
    }
}

/// An actor named in English and French with aliases (organisations, places).
struct Simple<'a> {
    id: String,
    qid: &'a str,
    kind: Kind,
    en: &'a str,
    fr: &'a str,
    /// Names in further languages (`es`, `de` for cities).
    more: Vec<(&'static str, &'a str)>,
    aliases: Vec<String>,
    country: Option<String>,
    code: &'a str,
}

fn push_simple(actors: &mut Vec<Actor>, patterns: &mut Vec<(String, Entry)>, a: Simple) {
    let idx = actors.len();
    let mut names = vec![
        ("en".to_string(), a.en.to_string()),
        ("fr".to_string(), a.fr.to_string()),
    ];
    for (lang, n) in &a.more {
        if !n.is_empty() && !names.iter().any(|(_, x)| x == n) {
            names.push((lang.to_string(), n.to_string()));
        }
    }
    for (lang, n) in &names {
        let lang = ["en", "fr", "es", "de", "ru"]
            .into_iter()
            .find(|l| l == lang);
        push_alias_in(patterns, n, idx, EntryKind::Name, lang);
    }
    for n in &a.aliases {
        push_alias(patterns, n, idx, EntryKind::Name);
    }
    actors.push(Actor {
        id: a.id,
        qid: Some(a.qid.to_string()).filter(|q| !q.is_empty()),
        kind: a.kind,
        name: a.en.to_string(),
        names,
        aliases: a.aliases,
        country: a.country,
        code: a.code.to_string(),
        roles: Vec::new(),
        dated_codes: Vec::new(),
        metonyms: Vec::new(),
        demonyms: Vec::new(),
    });
}

impl Kb {
    /// The knowledge base shipped with steppe, built once.
    pub fn builtin() -> &'static Kb {
        use std::sync::OnceLock;
        static KB: OnceLock<Kb> = OnceLock::new();
        KB.get_or_init(
            || match Kb::parse(COUNTRIES, ORGANISATIONS, PEOPLE, ROLES) {
                Ok(kb) => kb,
                // Compiled in and covered by tests: a failure is a build defect.
                Err(e) => panic!("built-in knowledge base is invalid: {e}"),
            },
        )
    }

    pub fn parse(countries: &str, orgs: &str, people: &str, roles: &str) -> Result<Kb, String> {
        Kb::build(countries, orgs, people, roles, &[])
    }

    /// The built-in knowledge base plus actors from users' dictionaries.
    pub fn with_imports(imported: &[crate::import::Imported]) -> Result<Kb, String> {
        Kb::build(COUNTRIES, ORGANISATIONS, PEOPLE, ROLES, imported)
    }

    fn build(
        countries: &str,
        orgs: &str,
        people: &str,
        roles: &str,
        imported: &[crate::import::Imported],
    ) -> Result<Kb, String> {
        let mut actors: Vec<Actor> = Vec::new();
        let mut patterns: Vec<(String, Entry)> = Vec::new();
        let mut adjectives: Vec<(String, usize)> = Vec::new();
        for c in rows("data/kb/countries.tsv", countries, 12)? {
            let idx = actors.len();
            const LANGS: [&str; 5] = ["en", "fr", "es", "de", "ru"];
            let names: Vec<(String, String)> = LANGS
                .iter()
                .zip(&c[4..9])
                .filter(|(_, n)| !n.is_empty())
                .map(|(l, n)| (l.to_string(), n.clone()))
                .collect();
            let aliases = list(&c[9]);
            for (l, n) in LANGS.iter().zip(&c[4..9]).filter(|(_, n)| !n.is_empty()) {
                push_alias_in(&mut patterns, n, idx, EntryKind::Name, Some(l));
            }
            for a in &aliases {
                push_alias(&mut patterns, a, idx, EntryKind::Name);
            }
            // Plurals too ("sud-coréens", "norcoreanos"), where the file
            // gives only the singular.
            let mut demonyms = list(&c[10]);
            // Role phrases take the singular forms only ("the German
            // finance minister"): a plural there is never written.
            for adj in &demonyms {
                adjectives.push((adj.clone(), idx));
            }
            let plurals: Vec<String> = demonyms
                .iter()
                .filter(|a| !a.ends_with(['s', 'x', 'z', 'h']))
                .map(|a| format!("{a}s"))
                .filter(|p| !demonyms.contains(p))
                .collect();
            demonyms.extend(plurals);
            for adj in &demonyms {
                push_alias(&mut patterns, adj, idx, EntryKind::Adjective);
            }
            // Spanish demonyms stand alone: no role phrase is Spanish, and
            // combining them with the others would only add keys.
            for adj in c.get(12).map(|s| list(s)).unwrap_or_default() {
                push_alias_in(&mut patterns, &adj, idx, EntryKind::Adjective, Some("es"));
            }
            let metonyms = list(&c[11]);
            for seat in &metonyms {
                push_alias(&mut patterns, seat, idx, EntryKind::Seat);
            }
            actors.push(Actor {
                id: c[0].clone(),
                qid: Some(c[1].clone()).filter(|q| !q.is_empty()),
                kind: Kind::Country,
                name: c[4].clone(),
                names,
                aliases,
                country: Some(c[0].clone()),
                code: c[3].clone(),
                roles: Vec::new(),
                dated_codes: Vec::new(),
                metonyms,
                demonyms,
            });
        }
        for o in rows("data/kb/organisations.tsv", orgs, 6)? {
            let idx = actors.len();
            if let Some(seats) = o.get(6) {
                for seat in list(seats) {
                    push_alias(&mut patterns, &seat, idx, EntryKind::Seat);
                }
            }
            let simple = Simple {
                id: o[0].clone(),
                qid: &o[1],
                kind: Kind::Organisation,
                en: &o[3],
                fr: &o[4],
                more: Vec::new(),
                aliases: list(&o[5]),
                // The country a legislature, news agency, party or armed group belongs to.
                country: o.get(7).filter(|c| !c.is_empty()).cloned(),
                code: &o[2],
            };
            push_simple(&mut actors, &mut patterns, simple);
            // Codes that changed with the times: the Taliban were rebels
            // until they took Kabul.
            let at = format!("data/kb/organisations.tsv: {}", o[0]);
            let mut dated = Vec::new();
            for d in o.get(8).map(|d| list_by(d, ';')).unwrap_or_default() {
                let (code, span) = d
                    .split_once('@')
                    .ok_or_else(|| format!("{at}: bad dated code {d:?} (CODE@from:to)"))?;
                let (from, to) = span.split_once(':').unwrap_or((span, ""));
                dated.push(crate::import::DatedCode {
                    code: code.trim().to_string(),
                    from: date(from.trim(), &at)?,
                    to: date(to.trim(), &at)?,
                });
            }
            if let Some(a) = actors.last_mut().filter(|_| !dated.is_empty()) {
                a.dated_codes = dated;
            }
        }
        for p in rows("data/kb/places.tsv", PLACES, 7)? {
            let simple = Simple {
                id: p[0].clone(),
                qid: &p[1],
                kind: Kind::Place,
                en: &p[5],
                fr: &p[6],
                more: Vec::new(),
                aliases: p.get(7).map(|a| list(a)).unwrap_or_default(),
                country: Some(p[4].clone()).filter(|c| !c.is_empty()),
                code: &p[3],
            };
            push_simple(&mut actors, &mut patterns, simple);
        }
        for c in rows("data/kb/capitals.tsv", CAPITALS, 4)? {
            let simple = Simple {
                id: city_id(&c[2]),
                qid: &c[1],
                kind: Kind::Place,
                en: &c[2],
                fr: &c[3],
                more: Vec::new(),
                aliases: c.get(4).map(|a| list(a)).unwrap_or_default(),
                country: Some(c[0].clone()),
                code: &c[0],
            };
            push_simple(&mut actors, &mut patterns, simple);
        }
        // The gazetteer (tools/make_gazetteer.py): cities as places in their
        // country, never seats of power. Biggest first, so that of two cities
        // of one name the bigger is the first entry of the key.
        for c in rows("data/kb/cities.tsv", CITIES, 8)? {
            let simple = Simple {
                id: c[0].clone(),
                qid: "",
                kind: Kind::Place,
                en: &c[4],
                fr: &c[5],
                more: vec![("es", c[6].as_str()), ("de", c[7].as_str())],
                aliases: c.get(8).map(|a| list(a)).unwrap_or_default(),
                country: Some(c[2].clone()),
                code: &c[2],
            };
            push_simple(&mut actors, &mut patterns, simple);
        }
        for (n, p) in rows("data/kb/people.tsv", people, 7)?
            .into_iter()
            .enumerate()
        {
            let idx = actors.len();
            let at = format!("data/kb/people.tsv: row {}", n + 1);
            let mut roles = Vec::new();
            for r in p[6].split(';').map(str::trim).filter(|r| !r.is_empty()) {
                let parts: Vec<&str> = r.split(':').collect();
                let (office, of) = parts
                    .first()
                    .and_then(|o| o.split_once('@'))
                    .ok_or_else(|| format!("{at}: bad role {r:?}"))?;
                roles.push(Role {
                    office: office.to_string(),
                    of: of.to_string(),
                    from: date(parts.get(1).copied().unwrap_or(""), &at)?,
                    to: date(parts.get(2).copied().unwrap_or(""), &at)?,
                });
            }
            let aliases = list(&p[3]);
            push_alias(&mut patterns, &p[2], idx, EntryKind::Name);
            for a in &aliases {
                push_alias(&mut patterns, a, idx, EntryKind::Name);
            }
            actors.push(Actor {
                id: p[0].clone(),
                qid: Some(p[1].clone()).filter(|q| !q.is_empty()),
                kind: Kind::Person,
                name: p[2].clone(),
                names: Vec::new(),
                aliases,
                country: Some(p[4].clone()),
                code: p[5].clone(),
                roles,
                dated_codes: Vec::new(),
                metonyms: Vec::new(),
                demonyms: Vec::new(),
            });
        }
        // An imported entry that names an actor already known (by the folded key of
        // its name) adds its aliases to that actor instead of making a second one.
        let known: HashMap<String, usize> = patterns
            .iter()
            .filter(|(_, e)| e.kind == EntryKind::Name)
            .map(|(k, e)| (k.clone(), e.actor))
            .collect();
        for im in imported {
            let existing = known.get(&fold::key(&im.name)).copied();
            let idx = existing.unwrap_or(actors.len());
            // TABARI writes everything in capitals: no acronym rule for these.
            // A one-word name is a proper noun, spelt as written: "DELL" is
            // not the Spanish "del", nor "FRANCO" the adjective "franco".
            for a in std::iter::once(&im.name).chain(&im.aliases) {
                let k = fold::key(a);
                if !k.is_empty() {
                    let one_word = !k.contains(' ');
                    patterns.push((
                        k,
                        Entry {
                            actor: idx,
                            kind: EntryKind::Name,
                            capitals_only: false,
                            exact: (one_word && a.chars().count() <= 6).then(|| plain(a)),
                            office: None,
                            proper: one_word,
                            given_name: false,
                            lang: None,
                            generic: false,
                        },
                    ));
                }
            }
            if let Some(i) = existing {
                actors[i].aliases.extend(im.aliases.iter().cloned());
                continue;
            }
            let undated = im
                .codes
                .iter()
                .find(|c| c.from.is_none() && c.to.is_none())
                .or(im.codes.last());
            actors.push(Actor {
                id: im.id.clone(),
                qid: None,
                kind: Kind::Imported,
                name: im.name.clone(),
                names: Vec::new(),
                aliases: im.aliases.clone(),
                country: None,
                code: undated.map_or(String::new(), |c| c.code.clone()),
                roles: Vec::new(),
                dated_codes: im
                    .codes
                    .iter()
                    .filter(|c| c.from.is_some() || c.to.is_some())
                    .cloned()
                    .collect(),
                metonyms: Vec::new(),
                demonyms: Vec::new(),
            });
        }
        let by_id: HashMap<String, usize> = actors
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i))
            .collect();
        let held: std::collections::HashSet<(&str, usize)> = actors
            .iter()
            .flat_map(|a| a.roles.iter())
            .filter_map(|r| by_id.get(&r.of).map(|&i| (r.office.as_str(), i)))
            .collect();
        for (n, r) in rows("data/kb/roles.tsv", roles, 3)?.into_iter().enumerate() {
            let at = format!("data/kb/roles.tsv: row {}", n + 1);
            let (phrase, office) = (&r[1], &r[2]);
            let fixed = r.get(3).filter(|c| !c.is_empty());
            let mut add = |text: String, actor: usize| {
                patterns.push((
                    fold::key(&text),
                    Entry {
                        actor,
                        kind: EntryKind::Role,
                        capitals_only: false,
                        exact: None,
                        office: Some(office.clone()),
                        proper: false,
                        given_name: false,
                        lang: None,
                        generic: false,
                    },
                ))
            };
            if phrase.contains("{adj}") {
                // Offices every state has (its head, its foreign minister)
                // take every country's adjective; the others only those of
                // the countries whose holders the base lists, so that the
                // keys stay few (a title with an unknown holder is read by
                // `titles` instead).
                let every = matches!(
                    office.as_str(),
                    "head_of_state" | "head_of_government" | "foreign_minister"
                );
                for (adj, country) in &adjectives {
                    if every || held.contains(&(office.as_str(), *country)) {
                        add(phrase.replace("{adj}", adj), *country);
                    }
                }
            } else {
                let of = fixed
                    .ok_or_else(|| format!("{at}: a phrase without {{adj}} needs a country"))?;
                let idx = *by_id
                    .get(of)
                    .ok_or_else(|| format!("{at}: unknown actor {of}"))?;
                add(phrase.clone(), idx);
            }
        }
        // "~Maurice" marks every entry of that key for that actor, the plain name too.
        let given: std::collections::HashSet<(String, usize)> = patterns
            .iter()
            .filter(|(_, e)| e.given_name)
            .map(|(k, e)| (k.clone(), e.actor))
            .collect();
        for (k, e) in &mut patterns {
            if given.contains(&(k.clone(), e.actor)) {
                e.given_name = true;
            }
        }
        for a in &mut actors {
            for alias in &mut a.aliases {
                if let Some(x) = alias.strip_prefix('?') {
                    *alias = x.to_string();
                }
                if let Some(x) = alias.strip_prefix('~') {
                    *alias = x.to_string();
                }
            }
        }
        // One automaton over every distinct key; each key keeps all its entries.
        let mut keys: Vec<String> = Vec::new();
        let mut entries: Vec<Vec<Entry>> = Vec::new();
        let mut slot: HashMap<String, usize> = HashMap::new();
        for (k, e) in patterns {
            let i = *slot.entry(k.clone()).or_insert_with(|| {
                keys.push(k);
                entries.push(Vec::new());
                entries.len() - 1
            });
            entries[i].push(e);
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&keys)
            .map_err(|e| format!("building the name automaton: {e}"))?;
        // Keys of names of five letters or more, by length, for near misses.
        // Places are left out: the gazetteer's thousands of towns sit one
        // letter from other real places it lacks ("Kashmir", "Kashmar").
        let mut fuzzy_keys: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, k) in keys.iter().enumerate() {
            let n = k.chars().count();
            if n >= 5
                && entries[i].iter().any(|e| {
                    matches!(e.kind, EntryKind::Name | EntryKind::Seat)
                        && actors[e.actor].kind != Kind::Place
                })
            {
                fuzzy_keys.entry(n).or_default().push(i);
            }
        }
        let mut holders: HashMap<(String, String), Vec<usize>> = HashMap::new();
        for (i, a) in actors.iter().enumerate() {
            for r in &a.roles {
                let v = holders.entry((r.office.clone(), r.of.clone())).or_default();
                if !v.contains(&i) {
                    v.push(i);
                }
            }
        }
        Ok(Kb {
            actors,
            by_id,
            holders,
            entries,
            matcher,
            keys,
            fuzzy_keys,
        })
    }

    pub fn get(&self, id: &str) -> Option<&Actor> {
        self.by_id.get(id).map(|&i| &self.actors[i])
    }

    /// The holder of `office` of actor `of` on `day`.
    pub fn holder(&self, office: &str, of: &str, day: NaiveDate) -> Option<&Actor> {
        self.holders
            .get(&(office.to_string(), of.to_string()))?
            .iter()
            .map(|&i| &self.actors[i])
            .find(|a| {
                a.roles
                    .iter()
                    .any(|r| r.office == office && r.of == of && r.holds_on(day))
            })
    }

    /// Actors whose name or alias folds to the key of `name`.
    pub fn lookup(&self, name: &str) -> Vec<&Actor> {
        let k = fold::key(name);
        let mut out: Vec<&Actor> = Vec::new();
        for m in self.matcher.find_iter(&k) {
            if m.start() == 0 && m.end() == k.len() {
                for e in &self.entries[m.pattern().as_usize()] {
                    let a = &self.actors[e.actor];
                    if !out.iter().any(|x| x.id == a.id) {
                        out.push(a);
                    }
                }
            }
        }
        out
    }

    /// The code of `actor` on `day`: a dated code from an imported dictionary,
    /// else, for a person in office that day (or, undated, in their latest
    /// office), the code of the government or organisation served (Blinken in
    /// 2023 is USAGOV, in 2026 USAELI), else the actor's own code.
    pub fn code_on(&self, actor: &Actor, day: Option<NaiveDate>) -> String {
        if actor
            .dated_codes
            .iter()
            .any(|c| c.from.is_some() || c.to.is_some())
        {
            return actor.code_on(day).to_string();
        }
        // Undated text: a person is in the knowledge base for an office, so the
        // latest one is the best guess.
        let role = match day {
            Some(d) => actor.roles.iter().find(|r| r.holds_on(d)),
            None => actor.roles.iter().max_by_key(|r| r.from),
        };
        if let Some(r) = role {
            if let Some(of) = self.get(&r.of) {
                return match of.kind {
                    Kind::Country => format!("{}GOV", of.code),
                    _ => of.code.clone(),
                };
            }
        }
        actor.code.clone()
    }

    /// Number of distinct match keys (names, aliases, seats, role phrases).
    pub fn keys(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_loads_and_finds_by_any_spelling() {
        let kb = Kb::builtin();
        assert!(kb.actors.len() > 120);
        for (name, id) in [
            ("Tokaïev", "P-TOKAYEV"),
            ("Kassym-Jomart Tokayev", "P-TOKAYEV"),
            ("Anthony Blinken", "P-BLINKEN"),
            ("Kirghizstan", "KGZ"),
            ("Kirghizistan", "KGZ"),
            ("Moscou", "RUS"),
            ("Pékin", "CHN"),
            ("OTAN", "NATO"),
        ] {
            assert!(kb.lookup(name).iter().any(|a| a.id == id), "{name}");
        }
    }

    #[test]
    fn role_holders_by_date() {
        let kb = Kb::builtin();
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            kb.holder("foreign_minister", "USA", d("2023-02-28"))
                .map(|a| a.id.as_str()),
            Some("P-BLINKEN")
        );
        assert_eq!(
            kb.holder("foreign_minister", "USA", d("2019-06-01"))
                .map(|a| a.id.as_str()),
            Some("P-POMPEO")
        );
        assert_eq!(
            kb.holder("head_of_state", "KAZ", d("2018-01-01"))
                .map(|a| a.id.as_str()),
            Some("P-NAZARBAYEV")
        );
    }

    #[test]
    fn imported_entries_join_the_actor_they_name() {
        let (imported, _) = crate::import::parse_tabari(
            "VLADIMIR_PUTIN_\n+PRESIDENT_PUTIN_\n\t[RUSGOV >080508]\nATLANTIS_ [ATL]\n",
        );
        let kb = Kb::with_imports(&imported).unwrap();
        let found = kb.lookup("President Putin");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, "P-PUTIN");
        assert_eq!(kb.lookup("Atlantis")[0].kind, Kind::Imported);
    }

    #[test]
    fn imported_one_word_names_are_proper_nouns_spelt_as_written() {
        let (imported, _) = crate::import::parse_tabari("DELL_ [MNCUSA]\n");
        let kb = Kb::with_imports(&imported).unwrap();
        let text = "La marcha del sindicato pasó frente a la sede de Dell.";
        let found = crate::find::find(&kb, text, "es", None);
        let surfaces: Vec<&str> = found
            .iter()
            .filter(|m| m.actor == "X:dell" || m.actor == "X:del")
            .map(|m| &text[m.start..m.end])
            .collect();
        assert_eq!(surfaces, ["Dell"], "{found:?}");
    }

    /// (surface, actor, code) of every mention the knowledge base resolves.
    fn resolved(text: &str, lang: &str, date: &str) -> Vec<(String, String, String)> {
        crate::find::find(
            Kb::builtin(),
            text,
            lang,
            steppe_model::Published::parse_iso(date),
        )
        .into_iter()
        .filter(|m| m.how != crate::find::How::New)
        .map(|m| (m.surface, m.actor, m.code))
        .collect()
    }

    #[test]
    fn an_organisation_code_follows_its_dates() {
        let code = |date: &str| {
            resolved("The Taliban entered the city at dawn.", "en", date)
                .into_iter()
                .find(|(s, _, _)| s == "Taliban")
                .map(|(_, _, c)| c)
        };
        assert_eq!(code("2020-02-15").as_deref(), Some("AFGREB"));
        assert_eq!(code("2023-05-01").as_deref(), Some("AFGGOV"));
        let kb = Kb::parse(
            "",
            "X\t\tXXXREB\tX Front\tFront X\t\t\t\tXXXGOV@2020-13-01:\n",
            "",
            "",
        );
        assert!(kb.is_err_and(|e| e.contains("organisations.tsv: X")));
    }

    #[test]
    fn a_head_of_government_by_surname_codes_as_the_government() {
        for text in [
            "Greek Prime Minister Kyriakos Mitsotakis said on Monday that talks would resume.",
            "Mitsotakis said on Monday that talks would resume.",
        ] {
            let got = resolved(text, "en", "2024-03-04");
            assert!(
                got.iter().any(|(s, a, c)| s.ends_with("Mitsotakis")
                    && a == "P-KYRIAKOS-MITSOTAKIS"
                    && c == "GRCGOV"),
                "{text}: {got:?}"
            );
        }
        // Before he took office he is an elite of his country, not its government.
        let got = resolved("Mitsotakis criticised the government.", "en", "2018-01-10");
        assert!(got.iter().any(|(_, _, c)| c == "GRCELI"), "{got:?}");
    }

    #[test]
    fn office_holders_of_many_states_by_any_spelling() {
        let kb = Kb::builtin();
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        for (name, id) in [
            ("Miguel Díaz-Canel", "P-MIGUEL-DIAZ-CANEL"),
            ("Miguel Diaz-Canel", "P-MIGUEL-DIAZ-CANEL"),
            ("Faure Gnassingbe", "P-FAURE-GNASSINGBE"),
            ("Mouammar Kadhafi", "P-MUAMMAR-GADDAFI"),
        ] {
            assert!(kb.lookup(name).iter().any(|a| a.id == id), "{name}");
        }
        for (office, of, day, id) in [
            ("head_of_state", "CUB", "2020-06-01", "P-MIGUEL-DIAZ-CANEL"),
            ("foreign_minister", "GRC", "2021-01-01", "P-NIKOS-DENDIAS"),
            (
                "head_of_government",
                "KEN",
                "2020-06-01",
                "P-UHURU-KENYATTA",
            ),
        ] {
            assert_eq!(
                kb.holder(office, of, d(day)).map(|a| a.id.as_str()),
                Some(id),
                "{office} of {of} on {day}"
            );
        }
        // Namibia's id is not also the Non-Aligned Movement's.
        let geingob = kb.get("P-HAGE-GEINGOB").unwrap();
        assert_eq!(kb.code_on(geingob, Some(d("2020-01-01"))), "NAMGOV");
    }

    #[test]
    fn legislatures_and_state_news_agencies_belong_to_their_country() {
        let got = resolved(
            "Le Bundestag a adopté le texte, selon l'agence KCNA.",
            "fr",
            "2024-03-04",
        );
        for (surface, code) in [("Bundestag", "DEULEG"), ("KCNA", "PRKMED")] {
            assert!(
                got.iter().any(|(s, _, c)| s == surface && c == code),
                "{surface} {code}: {got:?}"
            );
        }
        let kb = Kb::builtin();
        assert_eq!(
            kb.get("KCNA").and_then(|a| a.country.as_deref()),
            Some("PRK")
        );
        assert_eq!(
            kb.get("DEULEG").and_then(|a| a.country.as_deref()),
            Some("DEU")
        );
    }

    #[test]
    fn a_city_is_a_place_in_its_country_not_a_government() {
        let got = resolved(
            "Des combats ont éclaté à Butembo; Lyon accueille le sommet.",
            "fr",
            "2024-03-04",
        );
        let kb = Kb::builtin();
        for (surface, country) in [("Butembo", "COD"), ("Lyon", "FRA")] {
            let (_, actor, code) = got
                .iter()
                .find(|(s, _, _)| s == surface)
                .unwrap_or_else(|| panic!("{surface} not found in {got:?}"));
            let a = kb.get(actor).unwrap();
            assert_eq!(a.kind, Kind::Place, "{surface}");
            assert_eq!(a.country.as_deref(), Some(country), "{surface}");
            assert_eq!(code, country, "{surface} must not be {country}GOV");
        }
    }

    #[test]
    fn cities_do_not_take_common_words_or_known_names() {
        let kb = Kb::builtin();
        for word in ["Reading", "Mobile", "Split", "Orange", "Surprise"] {
            assert!(
                kb.lookup(word).iter().all(|a| a.kind != Kind::Place),
                "{word}"
            );
        }
        // A capital keeps its meaning as a seat of power.
        assert!(kb.lookup("Moscou").iter().any(|a| a.id == "RUS"));
    }

    #[test]
    fn a_key_that_starts_inside_a_word_does_not_hide_the_next_name() {
        // "IS-K" folds to "is k", found inside "his Kazakh".
        let got = resolved(
            "The US secretary of state spoke with his Kazakh counterpart.",
            "en",
            "2023-07-15",
        );
        assert!(
            got.iter().any(|(s, a, _)| s == "Kazakh" && a == "KAZ"),
            "{got:?}"
        );
        // A name that starts a word but runs into the next one still covers it.
        let got = resolved(
            "Panama became the first Latin American country.",
            "en",
            "2025-02-06",
        );
        assert!(got.iter().all(|(_, a, _)| a != "USA"), "{got:?}");
    }

    #[test]
    fn every_actor_id_is_given_once() {
        let kb = Kb::builtin();
        let mut seen = std::collections::HashSet::new();
        let twice: Vec<&str> = kb
            .actors
            .iter()
            .map(|a| a.id.as_str())
            .filter(|id| !seen.insert(*id))
            .collect();
        assert!(twice.is_empty(), "ids given twice: {twice:?}");
    }

    #[test]
    fn bad_rows_say_where() {
        let err = Kb::parse("a\tb", "", "", "").err().unwrap();
        assert!(err.starts_with("data/kb/countries.tsv:1:"), "{err}");
    }
}
