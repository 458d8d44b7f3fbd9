//! What ingest and `reanalyse` run on each article, as a library so that the
//! fuzz targets, property tests and benches run exactly the same chain.

use steppe_model::{guard, Analysed, Article};

/// The extraction stages that read one article: temporal expressions,
/// figures, actors, events, then quotes and framing terms, in the article's
/// language, anchored on its publication date.
///
/// Each stage runs under [`guard::catch`]: a panic in one costs that
/// stage's annotations on this article only (events need actors, so they
/// go with them). The article keeps a warning starting with
/// [`guard::STAGE_FAILED`] naming the stage and the panic, which ingest
/// reports as the item's error and `steppe reanalyse` retries.
pub fn analyse(mut article: Article, kb: &steppe_actors::kb::Kb) -> Analysed {
    article
        .warnings
        .retain(|w| !w.starts_with(guard::STAGE_FAILED));
    let mut failed: Vec<String> = Vec::new();
    let lang = article.lang.as_deref().unwrap_or("");
    let text = article.text.as_str();
    let published = article.published;
    let timexes = stage(
        &mut failed,
        "time",
        guard::catch(|| {
            guard::failpoint("time", text);
            steppe_time::tag(text, lang, published)
        }),
    )
    .unwrap_or_default();
    let quantities = stage(
        &mut failed,
        "figures",
        guard::catch(|| {
            guard::failpoint("figures", text);
            if matches!(lang, "fr" | "en" | "es") {
                steppe_figures::extract(text, lang)
            } else {
                Vec::new()
            }
        }),
    )
    .unwrap_or_default();
    // "Israeli troops" → ISRMIL; lone "gunmen" are actors only for the events.
    let mentions = stage(
        &mut failed,
        "actors",
        guard::catch(|| {
            guard::failpoint("actors", text);
            steppe_actors::agents::Agents::builtin()
                .find(kb, text, lang, published)
                .into_iter()
                .map(steppe_actors::find::Mention::into_model)
                .collect::<Vec<steppe_model::ActorMention>>()
        }),
    );
    let events = match &mentions {
        Some(mentions) => stage(
            &mut failed,
            "events",
            guard::catch(|| {
                guard::failpoint("events", text);
                steppe_events::Input {
                    text,
                    lang,
                    published,
                    mentions,
                    timexes: &timexes,
                    quantities: &quantities,
                }
                .code_builtin()
            }),
        )
        .unwrap_or_default(),
        None => Vec::new(),
    };
    let mut mentions = mentions.unwrap_or_default();
    mentions.retain(|m| !m.actor.starts_with("A:"));
    // Quotes need the speakers' mentions; framing terms the labelled actors.
    let (quotes, framings) = stage(
        &mut failed,
        "sources",
        guard::catch(|| {
            guard::failpoint("sources", text);
            (
                steppe_sources::quotes::find(text, lang, &mentions),
                steppe_sources::framing::find(text, lang, &mentions),
            )
        }),
    )
    .unwrap_or_default();
    article.warnings.extend(failed);
    Analysed {
        article,
        timexes,
        quantities,
        mentions,
        events,
        quotes,
        framings,
    }
}

/// A stage's result, or `None` with the failure noted for the article.
fn stage<T>(failed: &mut Vec<String>, name: &str, r: Result<T, String>) -> Option<T> {
    r.map_err(|e| failed.push(format!("{} {name}: {e}", guard::STAGE_FAILED)))
        .ok()
}

/// The warnings of an analysed article that say a stage failed.
pub fn stage_failures(a: &Analysed) -> impl Iterator<Item = &str> {
    a.article
        .warnings
        .iter()
        .filter(|w| w.starts_with(guard::STAGE_FAILED))
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use steppe_model::{DateOrigin, Format, Published};

    fn article(text: &str, lang: &str) -> Article {
        Article {
            id: "a1".into(),
            path: "generated.txt".into(),
            item: 0,
            format: Format::Text,
            url: None,
            source: None,
            title: None,
            author: None,
            lang: Some(lang.into()),
            lang_confidence: 1.0,
            published: Published::parse_iso("2023-05-02"),
            date_origin: DateOrigin::Header,
            text: text.into(),
            removed: vec![],
            warnings: vec![],
        }
    }

    /// Pieces of news text that have tripped tokenisers, title rules and
    /// offset arithmetic: titles with and without their dot, function words
    /// that cut names, quotes, brackets, figures, impossible dates, emoji,
    /// combining accents, right-to-left text, zero-width and odd spaces.
    const PIECES: &[&str] = &[
        "M.",
        "M",
        "Mme",
        "Mlle",
        "Dr",
        "Dr.",
        "Mr.",
        "Mrs",
        "Gen.",
        "Sr.",
        "Sra",
        "Et",
        "et",
        "ensuite",
        "de",
        "des",
        "la",
        "Le",
        "of",
        "the",
        "and",
        "Claire",
        "Duval",
        "Bekov",
        "Tokaïev",
        "Blinken",
        "Astana",
        "Washington",
        "Kazakhstan",
        "Union",
        "européenne",
        "ONU",
        "OTAN",
        "a",
        "rencontré",
        "met",
        "visited",
        "condena",
        "«",
        "»",
        "\"",
        "'",
        "’",
        "(",
        ")",
        "[",
        "]",
        "—",
        "-",
        ",",
        ".",
        ";",
        ":",
        "!",
        "?",
        "…",
        "3,5",
        "1 200",
        "12",
        "km",
        "millions",
        "de dollars",
        "%",
        "$",
        "€",
        "25 000 tonnes",
        "31 février 2023",
        "2023-13-45",
        "le 12",
        "hier",
        "lundi",
        "yesterday",
        "next week",
        "1er",
        "XXIe",
        "🙂",
        "🇰🇿",
        "e\u{301}",
        "Ae\u{301}\u{300}",
        "مرحبا",
        "بايدن",
        "שלום",
        "\u{200b}",
        "\u{200d}",
        "\u{200f}",
        "\u{00a0}",
        "\u{00ad}",
        "\u{feff}",
        "\t",
        "\n",
        "\n\n",
        "  ",
        "ǅ",
        "İ",
        "ß",
        "ﬁ",
        "Ⅻ",
        "٣",
        "𝐀",
    ];

    fn sentence() -> impl Strategy<Value = String> {
        (
            prop::collection::vec(
                (
                    prop::sample::select(PIECES),
                    prop::sample::select(&["", " ", " ", "  "][..]),
                ),
                1..30,
            ),
            prop::sample::select(&["fr", "en", "es", "de", ""][..]),
        )
            .prop_map(|(parts, _)| parts.into_iter().map(|(p, s)| format!("{p}{s}")).collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

        /// No stage fails on generated text: each would leave a
        /// "stage failed" warning, and its offsets must lie on the text.
        #[test]
        fn analysis_never_fails_on_generated_news_text(
            text in sentence(),
            lang in prop::sample::select(&["fr", "en", "es", "de", ""][..]),
        ) {
            let a = analyse(article(&text, lang), steppe_actors::kb::Kb::builtin());
            let failed: Vec<&str> = stage_failures(&a).collect();
            prop_assert!(failed.is_empty(), "{failed:?} on {text:?}");
            for m in &a.mentions {
                prop_assert!(text.get(m.start..m.end).is_some(), "{m:?} in {text:?}");
            }
            for t in &a.timexes {
                prop_assert!(text.get(t.start..t.end).is_some(), "{t:?} in {text:?}");
            }
        }

        #[test]
        fn analysis_never_fails_on_arbitrary_text(text in "\\PC{0,200}") {
            let a = analyse(article(&text, "fr"), steppe_actors::kb::Kb::builtin());
            let failed: Vec<&str> = stage_failures(&a).collect();
            prop_assert!(failed.is_empty(), "{failed:?} on {text:?}");
        }
    }

    #[test]
    fn the_title_that_ended_runs_is_analysed() {
        let text = "Elle a remercié Mme Et ensuite, Claire est partie.";
        let a = analyse(article(text, "fr"), steppe_actors::kb::Kb::builtin());
        assert_eq!(stage_failures(&a).count(), 0, "{:?}", a.article.warnings);
    }

    #[test]
    fn a_stage_failure_is_marked_and_cleared_on_retry() {
        let mut a = article("Le président Tokaïev a reçu M. Blinken à Astana.", "fr");
        a.warnings
            .push(format!("{} actors: an old failure", guard::STAGE_FAILED));
        a.warnings.push("a date out of range".into());
        let a = analyse(a, steppe_actors::kb::Kb::builtin());
        // The old mark is gone, the ingest warning stays, the stages ran.
        assert_eq!(a.article.warnings, vec!["a date out of range".to_string()]);
        assert!(
            a.mentions.iter().any(|m| m.code == "KAZGOV"),
            "{:?}",
            a.mentions
        );
    }
}
