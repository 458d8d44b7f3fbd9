//! Language identification, with ISO 639-1 codes out.
//!
//! whatlang is fast and covers 69 languages (all those steppe must tell apart:
//! fr, en, es, de, it, pt, ru, uk, ar, zh, tr, ...); it is weak on a few words, so a
//! text too short to judge gets no language rather than a wrong one.

use whatlang::Lang;

/// Texts shorter than this (in characters) are not judged.
const MIN_CHARS: usize = 20;
/// Only the start of a long article is read: it is enough and keeps ingest fast.
const SAMPLE_BYTES: usize = 500;

/// A language guess: ISO 639-1 code (or 639-3 where no two-letter code exists)
/// and whatlang's confidence in 0..=1.
#[derive(Debug, Clone, PartialEq)]
pub struct Guess {
    pub code: &'static str,
    pub confidence: f32,
}

/// Identifies the language of a text; `None` when the text is too short or
/// holds no letters.
pub fn detect(text: &str) -> Option<Guess> {
    if text
        .chars()
        .filter(|c| c.is_alphabetic())
        .take(MIN_CHARS)
        .count()
        < MIN_CHARS
    {
        return None;
    }
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let info = whatlang::detect(text.get(..end).unwrap_or_default())?;
    Some(Guess {
        code: iso639_1(info.lang()),
        confidence: info.confidence() as f32,
    })
}

/// Whether a code names a language steppe knows, for checking codes given in input.
pub fn is_known_code(code: &str) -> bool {
    Lang::all().iter().any(|l| iso639_1(*l) == code)
}

/// ISO 639-1 for whatlang's languages; 639-3 where there is no 639-1 code.
pub fn iso639_1(lang: Lang) -> &'static str {
    use Lang::*;
    match lang {
        Epo => "eo",
        Eng => "en",
        Rus => "ru",
        Cmn => "zh",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Ben => "bn",
        Fra => "fr",
        Deu => "de",
        Ukr => "uk",
        Kat => "ka",
        Ara => "ar",
        Hin => "hi",
        Jpn => "ja",
        Heb => "he",
        Yid => "yi",
        Pol => "pl",
        Amh => "am",
        Jav => "jv",
        Kor => "ko",
        Nob => "nb",
        Dan => "da",
        Swe => "sv",
        Fin => "fi",
        Tur => "tr",
        Nld => "nl",
        Hun => "hu",
        Ces => "cs",
        Ell => "el",
        Bul => "bg",
        Bel => "be",
        Mar => "mr",
        Kan => "kn",
        Ron => "ro",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Mkd => "mk",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Tam => "ta",
        Vie => "vi",
        Urd => "ur",
        Tha => "th",
        Guj => "gu",
        Uzb => "uz",
        Pan => "pa",
        Aze => "az",
        Ind => "id",
        Tel => "te",
        Pes => "fa",
        Mal => "ml",
        Ori => "or",
        Mya => "my",
        Nep => "ne",
        Sin => "si",
        Khm => "km",
        Tuk => "tk",
        Aka => "ak",
        Zul => "zu",
        Sna => "sn",
        Afr => "af",
        Lat => "la",
        Slk => "sk",
        Cat => "ca",
        Tgl => "tl",
        Hye => "hy",
        #[allow(unreachable_patterns)]
        other => other.code(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> Option<&'static str> {
        detect(text).map(|g| g.code)
    }

    #[test]
    fn required_languages_are_told_apart() {
        let samples = [
            ("fr", "Le ministre des Affaires étrangères s'est rendu mardi à Astana pour rencontrer ses homologues de la région."),
            ("en", "The foreign minister travelled to Astana on Tuesday to meet his counterparts from the five countries of the region."),
            ("es", "El ministro de Asuntos Exteriores viajó el martes a Astaná para reunirse con sus homólogos de la región."),
            ("de", "Der Außenminister reiste am Dienstag nach Astana, um seine Amtskollegen aus der Region zu treffen."),
            ("it", "Il ministro degli Esteri si è recato martedì ad Astana per incontrare i suoi omologhi della regione."),
            ("pt", "O ministro dos Negócios Estrangeiros viajou na terça-feira para Astana para se reunir com os seus homólogos da região."),
            ("ru", "Министр иностранных дел во вторник прибыл в Астану, чтобы встретиться с коллегами из стран региона."),
            ("uk", "Міністр закордонних справ у вівторок прибув до Астани, щоб зустрітися з колегами з країн регіону."),
            ("ar", "وصل وزير الخارجية يوم الثلاثاء إلى أستانا للقاء نظرائه من دول المنطقة الخمس."),
            ("zh", "外交部长星期二抵达阿斯塔纳，与该地区五个国家的外长举行会谈。"),
            ("tr", "Dışişleri bakanı salı günü bölgedeki beş ülkenin mevkidaşlarıyla görüşmek üzere Astana'ya gitti."),
        ];
        for (want, text) in samples {
            assert_eq!(code(text), Some(want), "{text}");
        }
    }

    #[test]
    fn too_short_text_gets_no_language() {
        assert_eq!(code("Paris"), None);
        assert_eq!(code("12 345 678 -- !!"), None);
    }

    #[test]
    fn known_codes() {
        assert!(is_known_code("fr"));
        assert!(!is_known_code("xx"));
    }
}
