//! Figures: "25 millions de dollars", "7.500 kilomètres", "141 voix contre 7",
//! "$1.2bn", "12 %", "cinq pays" become numbers with units and, where the text
//! says it, what is counted.
//!
//! Number formats follow the article's language: in French a dot or a space
//! groups thousands and a comma marks decimals ("7.500", "7 500", "1,5"); in
//! English the other way round ("7,500", "1.2"). Words and symbols live in
//! `data/figures/units.txt`.
//!
//! ```
//! let q = steppe_figures::extract("Washington débloque 25 millions de dollars.", "fr");
//! assert_eq!((q[0].value, q[0].unit.as_str()), (25_000_000.0, "USD"));
//! ```
// Tests slice their own fixed strings; input paths use checked ranges.
#![cfg_attr(test, allow(clippy::string_slice))]

use std::collections::HashMap;
use std::sync::OnceLock;

use steppe_model::Quantity;

const UNITS: &str = include_str!("../../../data/figures/units.txt");

struct Words {
    sections: HashMap<String, Vec<(Vec<String>, String)>>,
}

impl Words {
    fn parse(body: &str) -> Result<Words, String> {
        let mut sections: HashMap<String, Vec<(Vec<String>, String)>> = HashMap::new();
        let mut current = None;
        for (i, raw) in body.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(s) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                current = Some(s.to_string());
                continue;
            }
            let sec = current.clone().ok_or_else(|| {
                format!(
                    "data/figures/units.txt:{}: entry before any [section]",
                    i + 1
                )
            })?;
            let mut parts: Vec<String> = line.split_whitespace().map(str::to_string).collect();
            let value =
                if matches!(sec.as_str(), "not_counted" | "pre_adjective") || parts.len() < 2 {
                    String::new()
                } else {
                    parts.pop().unwrap_or_default()
                };
            let parts: Vec<String> = parts.iter().map(|p| p.to_lowercase()).collect();
            sections.entry(sec).or_default().push((parts, value));
        }
        for entries in sections.values_mut() {
            // Longest phrases first, so "dollars américains" wins over "dollars".
            entries.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        }
        Ok(Words { sections })
    }

    /// The longest entry of `section` that starts `tokens`: (tokens used, value).
    fn longest(&self, section: &str, tokens: &[Token<'_>]) -> Option<(usize, &str)> {
        self.sections
            .get(section)?
            .iter()
            .find_map(|(words, value)| {
                (tokens.len() >= words.len()
                    && words.iter().zip(tokens).all(|(w, t)| *w == t.lower))
                .then_some((words.len(), value.as_str()))
            })
    }

    fn has(&self, section: &str, word: &str) -> bool {
        self.sections
            .get(section)
            .is_some_and(|e| e.iter().any(|(w, _)| w.len() == 1 && w[0] == word))
    }
}

fn words() -> &'static Words {
    static W: OnceLock<Words> = OnceLock::new();
    W.get_or_init(|| match Words::parse(UNITS) {
        Ok(w) => w,
        // Compiled in and covered by tests: a failure is a build defect.
        Err(e) => panic!("built-in figures data is invalid: {e}"),
    })
}

#[derive(Debug, Clone)]
struct Token<'a> {
    start: usize,
    end: usize,
    /// Lower case; borrowed from the text when it already is (most words).
    lower: std::borrow::Cow<'a, str>,
}

/// Words, numbers (with their inner separators) and single symbols.
fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (s, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        if c.is_ascii_digit() {
            // Digits with thousands groups or decimals: "7.500", "7 500", "1,5", "7,500.25".
            while j < chars.len() {
                let d = chars[j].1;
                // A separator belongs to the number when digits follow it (three
                // of them after a space, which otherwise separates two numbers).
                let inner_separator = matches!(d, '.' | ',' | ' ' | '\u{a0}' | '\u{202f}')
                    && chars.get(j + 1).is_some_and(|n| n.1.is_ascii_digit())
                    && (d != ' '
                        || chars[j + 1..]
                            .iter()
                            .take_while(|x| x.1.is_ascii_digit())
                            .count()
                            == 3);
                if !(d.is_ascii_digit() || inner_separator) {
                    break;
                }
                j += 1;
            }
        } else if c.is_alphabetic() {
            while j < chars.len()
                && (chars[j].1.is_alphanumeric()
                    || chars[j].1 == '²'
                    || (chars[j].1 == '-' && chars.get(j + 1).is_some_and(|n| n.1.is_alphabetic())))
            {
                j += 1;
            }
        }
        let e = chars.get(j).map_or(text.len(), |x| x.0);
        out.push(Token {
            start: s,
            end: e,
            lower: {
                let t = text.get(s..e).unwrap_or_default();
                if t.chars().any(char::is_uppercase) {
                    std::borrow::Cow::Owned(t.to_lowercase())
                } else {
                    std::borrow::Cow::Borrowed(t)
                }
            },
        });
        i = j;
    }
    out
}

/// Reads a number written in the conventions of `lang`.
pub fn parse_number(s: &str, lang: &str) -> Option<f64> {
    let s: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    let (group, decimal) = if lang == "en" { (',', '.') } else { ('.', ',') };
    // A lone separator followed by exactly three digits groups thousands in
    // either convention ("7.500" in French, "7,500" in English); with other
    // digit counts it is the decimal mark of the other convention.
    let seps: Vec<char> = s.chars().filter(|c| matches!(c, '.' | ',')).collect();
    let normalised = if seps.is_empty() {
        s.clone()
    } else if seps.iter().all(|c| *c == group) {
        let groups: Vec<&str> = s.split(group).collect();
        if groups.len() > 1 && groups[1..].iter().all(|g| g.len() == 3) {
            groups.concat()
        } else if groups.len() == 2 {
            format!("{}.{}", groups[0], groups[1])
        } else {
            return None;
        }
    } else {
        let cleaned: String = s.chars().filter(|c| *c != group).collect();
        cleaned.replace(decimal, ".")
    };
    normalised.parse().ok()
}

const NUMBER_WORDS: &[(&str, f64)] = &[
    ("un", 1.0),
    ("une", 1.0),
    ("deux", 2.0),
    ("trois", 3.0),
    ("quatre", 4.0),
    ("cinq", 5.0),
    ("six", 6.0),
    ("sept", 7.0),
    ("huit", 8.0),
    ("neuf", 9.0),
    ("dix", 10.0),
    ("douze", 12.0),
    ("quinze", 15.0),
    ("vingt", 20.0),
    ("cent", 100.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("twelve", 12.0),
    ("fifteen", 15.0),
    ("twenty", 20.0),
    ("hundred", 100.0),
    ("dozens", 0.0),
    ("dos", 2.0),
    ("tres", 3.0),
    ("cuatro", 4.0),
    ("cinco", 5.0),
    ("seis", 6.0),
    ("siete", 7.0),
    ("ocho", 8.0),
    ("nueve", 9.0),
    ("diez", 10.0),
    ("quince", 15.0),
    ("veinte", 20.0),
    ("cien", 100.0),
];

fn number_word(w: &str, lang: &str) -> Option<f64> {
    let fr = [
        "un", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
        "douze", "quinze", "vingt", "cent",
    ];
    let es = [
        "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "quince",
        "veinte", "cien",
    ];
    let known = NUMBER_WORDS.iter().find(|(k, _)| *k == w)?;
    // "un"/"une" are articles far more often than numbers; "sept" is also a month.
    let ok = match lang {
        "fr" => fr.contains(&w) && !matches!(w, "un" | "une"),
        "es" => es.contains(&w),
        _ => !fr.contains(&w) && !es.contains(&w) || w == "six",
    };
    (ok && known.1 > 0.0).then_some(known.1)
}

/// Finds the figures of a text. Only numbers with a currency, a unit, a
/// multiplier or a counted noun are kept: a bare number says too little.
pub fn extract(text: &str, lang: &str) -> Vec<Quantity> {
    let w = words();
    let toks = tokenize(text);
    let mut out: Vec<Quantity> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let (mut value, is_word) = match t.lower.chars().next() {
            Some(c) if c.is_ascii_digit() => match parse_number(&t.lower, lang) {
                Some(v) => (v, false),
                None => {
                    i += 1;
                    continue;
                }
            },
            _ => match number_word(&t.lower, lang) {
                Some(v) => (v, true),
                None => {
                    i += 1;
                    continue;
                }
            },
        };
        let mut start = t.start;
        let mut end = t.end;
        let mut unit = String::new();
        // A currency symbol before the number: "$25", "€10".
        if i > 0 {
            if let Some((_, code)) = w.longest("currency_symbol", &toks[i - 1..i]) {
                if toks[i - 1].end == t.start
                    || text
                        .get(toks[i - 1].end..t.start)
                        .unwrap_or_default()
                        .trim()
                        .is_empty()
                {
                    unit = code.to_string();
                    start = toks[i - 1].start;
                }
            }
        }
        let mut k = i + 1;
        // Multiplier: "25 millions", "1,2 milliard", "$1.2bn" (glued), "40m".
        if let Some((n, m)) = w.longest("multiplier", &toks[k.min(toks.len())..]) {
            let single_letter = toks[k].lower.len() <= 2;
            // "m" and "b" are multipliers only after money or when glued to the number.
            if !single_letter || !unit.is_empty() || toks[k].start == end {
                value *= m.parse::<f64>().unwrap_or(1.0);
                end = toks[k + n - 1].end;
                k += n;
            }
        }
        // Currency or unit after the number, optionally after "de"/"d'"/"of".
        let mut after = k;
        if after < toks.len() && matches!(&*toks[after].lower, "de" | "d" | "of") && after > i + 1 {
            after += 1;
            if after < toks.len() && toks[after].lower == "'" {
                after += 1;
            }
        }
        let rest = &toks[after.min(toks.len())..];
        let mut counted = None;
        if unit.is_empty() {
            if let Some((n, code)) = w.longest("currency", rest) {
                unit = code.to_string();
                end = rest[n - 1].end;
                k = after + n;
            } else if let Some((n, code)) = w.longest("unit", &toks[k.min(toks.len())..]) {
                unit = code.to_string();
                end = toks[k + n - 1].end;
                k += n;
            } else if let Some(first) = rest.first() {
                // Step over adjectives that precede the noun.
                let skip = rest
                    .iter()
                    .take_while(|t| w.has("pre_adjective", &t.lower))
                    .count()
                    .min(2);
                let rest = &rest[skip.min(rest.len().saturating_sub(1))..];
                let next = rest.first().unwrap_or(first);
                let noun = &next.lower;
                let alphabetic = noun.chars().all(|c| c.is_alphabetic() || c == '-');
                if alphabetic && noun.chars().count() >= 3 && !w.has("not_counted", noun) {
                    if let Some((_, u)) = w.longest("counted", rest) {
                        unit = u.to_string();
                    }
                    counted = Some(
                        text.get(next.start..next.end)
                            .unwrap_or_default()
                            .to_string(),
                    );
                    end = next.end;
                    k = after + 1 + skip;
                }
            }
        } else if i + 1 < toks.len() && w.longest("currency", &toks[k.min(toks.len())..]).is_some()
        {
            // "$25 dollars" is rare; nothing more to read.
        }
        let has_multiplier = end > t.end && counted.is_none() && unit.is_empty();
        if unit.is_empty() && counted.is_none() && !has_multiplier {
            // "141 voix contre 7": the second figure counts the same thing.
            let prev = out.last().filter(|q| {
                let between = text
                    .get(q.end..start)
                    .unwrap_or_default()
                    .trim()
                    .to_lowercase();
                matches!(
                    between.as_str(),
                    "contre" | "against" | "to" | "à" | "et" | "and" | "ou" | "or" | "contra" | "y"
                )
            });
            if let (Some(p), false) = (prev, is_word) {
                unit = p.unit.clone();
                counted = p.counted.clone();
            } else {
                i += 1;
                continue;
            }
        }
        if is_word && unit.is_empty() && counted.is_none() {
            i += 1;
            continue;
        }
        out.push(Quantity {
            start,
            end,
            text: text.get(start..end).unwrap_or_default().to_string(),
            value,
            unit,
            counted,
        });
        i = k.max(i + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str, lang: &str) -> Vec<(String, f64, String, Option<String>)> {
        extract(text, lang)
            .into_iter()
            .map(|q| (q.text, q.value, q.unit, q.counted))
            .collect()
    }

    #[test]
    fn data_parses() {
        assert!(words().sections.len() >= 6);
    }

    #[test]
    fn number_formats_by_language() {
        assert_eq!(parse_number("7.500", "fr"), Some(7500.0));
        assert_eq!(parse_number("7 500", "fr"), Some(7500.0));
        assert_eq!(parse_number("1,5", "fr"), Some(1.5));
        assert_eq!(parse_number("7,500", "en"), Some(7500.0));
        assert_eq!(parse_number("1.2", "en"), Some(1.2));
        assert_eq!(parse_number("1,234,567.5", "en"), Some(1234567.5));
        assert_eq!(parse_number("1.234.567,5", "fr"), Some(1234567.5));
        assert_eq!(parse_number("30,4", "fr"), Some(30.4));
    }

    #[test]
    fn french_figures() {
        let got = q("Washington débloque 25 millions de dollars; la frontière de 7.500 kilomètres; l'ONU a voté par 141 voix contre 7. Cinq pays se sont abstenus.", "fr");
        assert_eq!(
            got,
            vec![
                (
                    "25 millions de dollars".into(),
                    25_000_000.0,
                    "USD".into(),
                    None
                ),
                ("7.500 kilomètres".into(), 7500.0, "km".into(), None),
                (
                    "141 voix".into(),
                    141.0,
                    "votes".into(),
                    Some("voix".into())
                ),
                ("7".into(), 7.0, "votes".into(), Some("voix".into())),
                (
                    "Cinq pays".into(),
                    5.0,
                    "countries".into(),
                    Some("pays".into())
                ),
            ]
        );
        let got = q(
            "Les cinq anciennes républiques soviétiques ont reçu trois messages.",
            "fr",
        );
        assert_eq!(got[0].0, "cinq anciennes républiques");
        assert_eq!(got[0].3.as_deref(), Some("républiques"));
        assert_eq!(got[1].3.as_deref(), Some("messages"));
    }

    #[test]
    fn french_multipliers_elision_and_spaced_thousands() {
        let got = q("Un prêt de 1,5 milliard d'euros, 40 millions d'euros de dons, 12,5 % de hausse et plus de 100 000 personnes.", "fr");
        assert_eq!(
            got,
            vec![
                (
                    "1,5 milliard d'euros".into(),
                    1_500_000_000.0,
                    "EUR".into(),
                    None
                ),
                (
                    "40 millions d'euros".into(),
                    40_000_000.0,
                    "EUR".into(),
                    None
                ),
                ("12,5 %".into(), 12.5, "%".into(), None),
                (
                    "100 000 personnes".into(),
                    100_000.0,
                    "people".into(),
                    Some("personnes".into())
                ),
            ]
        );
    }

    #[test]
    fn spanish_figures() {
        let got = q("Moscú exige 1.500 millones de dólares; 2,5 mil millones de euros y 765 votos contra 12. Cinco países.", "es");
        assert_eq!(
            got,
            vec![
                (
                    "1.500 millones de dólares".into(),
                    1_500_000_000.0,
                    "USD".into(),
                    None
                ),
                (
                    "2,5 mil millones de euros".into(),
                    2_500_000_000.0,
                    "EUR".into(),
                    None
                ),
                (
                    "765 votos".into(),
                    765.0,
                    "votes".into(),
                    Some("votos".into())
                ),
                ("12".into(), 12.0, "votes".into(), Some("votos".into())),
                (
                    "Cinco países".into(),
                    5.0,
                    "countries".into(),
                    Some("países".into())
                ),
            ]
        );
    }

    #[test]
    fn english_figures() {
        let got = q("The US pledged $1.2bn and €10 billion more; 12% of exports; about 65,000 people fled 7,500 km.", "en");
        assert_eq!(
            got,
            vec![
                ("$1.2bn".into(), 1_200_000_000.0, "USD".into(), None),
                ("€10 billion".into(), 10_000_000_000.0, "EUR".into(), None),
                ("12%".into(), 12.0, "%".into(), None),
                (
                    "65,000 people".into(),
                    65_000.0,
                    "people".into(),
                    Some("people".into())
                ),
                ("7,500 km".into(), 7500.0, "km".into(), None),
            ]
        );
    }

    #[test]
    fn dates_and_durations_are_not_figures() {
        assert!(q("Le 1er mars, pendant trois ans, à 18 h 30, en 2023.", "fr").is_empty());
        assert!(q("On 28 February 2023, for two years.", "en").is_empty());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in "(\\PC|[0-9]{1,4}|[.,  ]|millions?|de|dollars|\\$|€|%|bn|m)*") {
            for lang in ["fr", "en"] {
                for q in extract(&text, lang) {
                    proptest::prop_assert!(q.start < q.end && q.end <= text.len());
                }
            }
        }
    }
}
