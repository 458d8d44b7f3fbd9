//! Temporal expressions: found in French and English text, typed as TimeML
//! (DATE, TIME, DURATION, SET) and resolved to ISO-TimeML values against the
//! article's publication date, at whatever precision that date has.
//!
//! News dates are relative ("mardi", "la semaine prochaine", "en novembre
//! dernier", "last Thursday"); resolution is biased to the past, as news is,
//! unless the expression or its sentence points to the future ("prochain",
//! "se rendra", "will"). Words and patterns live in `data/time/LANG.txt`; the
//! normaliser for each pattern is chosen by its rule name in [`rules`].
//!
//! ```
//! use steppe_model::Published;
//! let anchor = Published::parse_iso("2023-02");
//! let found = steppe_time::tag("Il s'était rendu à Moscou en novembre dernier.", "fr", anchor);
//! assert_eq!(found[0].value, "2022-11");
//! ```
// Tests slice their own fixed strings; input paths use checked ranges.
#![cfg_attr(test, allow(clippy::string_slice))]

pub mod eval;
pub mod lexicon;
pub mod rules;

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use steppe_model::{Published, Timex};

use lexicon::Lexicon;

/// The shipped time files, by language.
const FILES: &[(&str, &str)] = &[
    ("fr", include_str!("../../../data/time/fr.txt")),
    ("en", include_str!("../../../data/time/en.txt")),
    ("es", include_str!("../../../data/time/es.txt")),
];

/// The lexicon for a language, compiled once; `None` for languages without one.
pub fn lexicon(lang: &str) -> Option<&'static Lexicon> {
    static LEXICONS: OnceLock<Vec<(&'static str, Lexicon)>> = OnceLock::new();
    let all = LEXICONS.get_or_init(|| {
        FILES
            .iter()
            .map(
                |(lang, body)| match Lexicon::parse(&format!("data/time/{lang}.txt"), body) {
                    Ok(l) => (*lang, l),
                    // Compiled in and covered by tests: a failure is a build defect.
                    Err(e) => panic!("built-in time lexicon is invalid: {e}"),
                },
            )
            .collect()
    });
    all.iter().find(|(l, _)| *l == lang).map(|(_, lex)| lex)
}

/// Languages with a time lexicon.
pub fn languages() -> Vec<&'static str> {
    FILES.iter().map(|(l, _)| *l).collect()
}

/// What the anchor (publication date) lets us know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anchor {
    pub year: Option<i32>,
    pub month: Option<u32>,
    pub day: Option<NaiveDate>,
}

impl Anchor {
    pub fn from_published(p: Option<Published>) -> Anchor {
        match p {
            None => Anchor {
                year: None,
                month: None,
                day: None,
            },
            Some(Published::Year(y)) => Anchor {
                year: Some(y),
                month: None,
                day: None,
            },
            Some(Published::Month(y, m)) => Anchor {
                year: Some(y),
                month: Some(m),
                day: None,
            },
            Some(Published::Day(d)) => Anchor {
                year: Some(d.year()),
                month: Some(d.month()),
                day: Some(d),
            },
            Some(Published::Time(t)) => {
                let d = t.date_naive();
                Anchor {
                    year: Some(d.year()),
                    month: Some(d.month()),
                    day: Some(d),
                }
            }
        }
    }
}

/// Finds and resolves the temporal expressions of `text`, in order, without
/// overlaps (the longest candidate wins). Unknown languages yield nothing.
pub fn tag(text: &str, lang: &str, anchor: Option<Published>) -> Vec<Timex> {
    let Some(lex) = lexicon(lang) else {
        return Vec::new();
    };
    let anchor = Anchor::from_published(anchor);
    let mut candidates: Vec<(usize, usize, usize, Timex, bool)> = Vec::new();
    for (priority, p) in lex.patterns.iter().enumerate() {
        for caps in p.find_all(text) {
            let Some(m) = caps.name("m") else { continue };
            let ctx = rules::Context {
                lex,
                lang,
                text,
                start: m.start(),
                end: m.end(),
                anchor,
            };
            if let Some(t) = rules::normalise(&p.rule, &caps, &ctx) {
                let floating = rules::floats(&p.rule, &caps, lex);
                candidates.push((t.start, t.end, priority, t, floating));
            }
        }
    }
    // Longest first, then earliest, then the pattern listed first.
    candidates.sort_by(|a, b| {
        (b.1 - b.0)
            .cmp(&(a.1 - a.0))
            .then(a.0.cmp(&b.0))
            .then(a.2.cmp(&b.2))
    });
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let mut out = Vec::new();
    for (s, e, _, t, floating) in candidates {
        if taken.iter().all(|&(ts, te)| e <= ts || s >= te) {
            taken.push((s, e));
            out.push((t, floating));
        }
    }
    out.sort_by_key(|(t, _)| t.start);
    // A clock time or a bare part of the day ("18 h", "la nuit") belongs to the
    // day the text last named, which is not always the publication day.
    let mut last_day: Option<String> = None;
    out.into_iter()
        .map(|(mut t, floating)| {
            let day = t
                .value
                .get(..10)
                .filter(|d| is_full_day(d))
                .map(str::to_string);
            if floating {
                if let (Some(ld), Some(_)) = (&last_day, &day) {
                    t.value = format!("{ld}{}", t.value.get(10..).unwrap_or_default());
                }
            } else if let Some(d) = day {
                last_day = Some(d);
            }
            t
        })
        .collect()
}

fn is_full_day(s: &str) -> bool {
    s.len() == 10
        && s.as_bytes()[4] == b'-'
        && s.as_bytes()[7] == b'-'
        && s.bytes().filter(u8::is_ascii_digit).count() == 8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str, lang: &str, anchor: &str) -> Vec<(String, String)> {
        tag(text, lang, Published::parse_iso(anchor))
            .into_iter()
            .map(|t| (t.text, t.value))
            .collect()
    }

    fn pairs(xs: &[(&str, &str)]) -> Vec<(String, String)> {
        xs.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn lexicons_compile() {
        for l in languages() {
            assert!(lexicon(l).is_some());
        }
    }

    #[test]
    fn french_news_dates_resolve_against_a_month_anchor() {
        let t = "Le sommet du G20 s'ouvrira le 1er mars. En septembre dernier, le président chinois était venu; en novembre dernier, M. Tokaïev s'était rendu à Moscou.";
        assert_eq!(
            values(t, "fr", "2023-02"),
            pairs(&[
                ("le 1er mars", "2023-03-01"),
                ("septembre dernier", "2022-09"),
                ("novembre dernier", "2022-11")
            ])
        );
        let t = "Des responsables se sont rendus à Astana en avril. Le mois dernier, Washington a menacé Bichkek.";
        assert_eq!(
            values(t, "fr", "2023-09"),
            pairs(&[("avril", "2023-04"), ("Le mois dernier", "2023-08")])
        );
    }

    #[test]
    fn french_relative_days_need_a_day_anchor() {
        let t = "Il s'est entretenu mardi avec le ministre; il se rendra jeudi à Tachkent. Hier soir, vers 21 h 30, la délégation est arrivée.";
        assert_eq!(
            values(t, "fr", "2023-03-01"),
            // The clock time belongs to the day last named ("hier"), not to the publication day.
            pairs(&[
                ("mardi", "2023-02-28"),
                ("jeudi", "2023-03-02"),
                ("Hier soir", "2023-02-28TEV"),
                ("21 h 30", "2023-02-28T21:30")
            ])
        );
        // With only a month known, a weekday stays unresolved rather than guessed.
        assert_eq!(
            values("Il est arrivé mardi.", "fr", "2023-02"),
            pairs(&[("mardi", "XXXX-WXX-2")])
        );
    }

    #[test]
    fn durations_sets_and_references() {
        let t = "Après trois ans de négociations et quelques mois de pause, les ministres se réunissent chaque année; désormais ils se parlent tous les jeudis.";
        assert_eq!(
            values(t, "fr", "2023-02-28"),
            pairs(&[
                ("trois ans", "P3Y"),
                ("quelques mois", "PXM"),
                ("chaque année", "P1Y"),
                ("désormais", "PRESENT_REF"),
                ("tous les jeudis", "XXXX-WXX-4")
            ])
        );
    }

    #[test]
    fn english_dates() {
        let t = "Blinken arrived in Astana on Tuesday and will fly to New Delhi on March 1. Last week the Treasury acted; three days ago the bank was listed. Talks began in 2015.";
        assert_eq!(
            values(t, "en", "2023-02-28"),
            pairs(&[
                ("Tuesday", "2023-02-28"),
                ("March 1", "2023-03-01"),
                ("Last week", "2023-W08"),
                ("three days ago", "2023-02-25"),
                ("2015", "2015")
            ])
        );
    }

    #[test]
    fn spanish_dates() {
        let t = "El presidente turco se reunió el lunes en Sochi con Putin; Moscú abandonó el pacto en julio pasado y hace dos semanas rechazó una prórroga. El 1 de marzo de 2023 se firmó otro acuerdo.";
        assert_eq!(
            values(t, "es", "2023-09-04"),
            pairs(&[
                ("lunes", "2023-09-04"),
                ("julio pasado", "2023-07"),
                ("hace dos semanas", "2023-W34"),
                ("El 1 de marzo de 2023", "2023-03-01")
            ])
        );
    }

    #[test]
    fn counts_are_not_years() {
        assert!(values("Près de 2000 personnes ont manifesté.", "fr", "2023-02-28").is_empty());
        assert!(values(
            "Le texte a été adopté par 141 voix contre 7.",
            "fr",
            "2023-02-28"
        )
        .is_empty());
    }

    #[test]
    fn absurd_offsets_do_not_overflow() {
        for t in [
            "il y a 99999999999 jours",
            "il y a 999999999999999999999 semaines",
            "dans 9999999999 ans",
            "300000000000 days ago",
        ] {
            for lang in ["fr", "en"] {
                let _ = tag(t, lang, Published::parse_iso("9999-12-31"));
                let _ = tag(t, lang, Published::parse_iso("0001-01-01"));
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics_for_any_anchor_and_text(y in 1i32..=9999, m in 1u32..=12, d in 1u32..=28, prec in 0u8..4,
                                                text in "(\\PC|hier|demain|mardi|dernier|prochain|l'an|il y a|semaine|mois|jours|ans|ago|days|years|[0-9]{1,25}| h |\\s){0,30}") {
            let anchor = match prec {
                0 => None,
                1 => Some(Published::Year(y)),
                2 => Some(Published::Month(y, m)),
                _ => NaiveDate::from_ymd_opt(y, m, d).map(Published::Day),
            };
            for lang in ["fr", "en"] {
                for t in tag(&text, lang, anchor) {
                    proptest::prop_assert!(t.start < t.end && t.end <= text.len());
                }
            }
        }
    }
}
