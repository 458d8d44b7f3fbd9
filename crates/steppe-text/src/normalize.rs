//! One canonical form of text, so that ids, matching and search agree.
//!
//! Choices: NFC; typographic apostrophes become `'`; English curly double quotes
//! become `"`; French guillemets « » are kept (they mark quotations that later stages
//! attribute to speakers); every kind of no-break, thin or figure space becomes a plain
//! space; soft hyphens, BOMs, zero-width spaces and control characters go.

use unicode_normalization::UnicodeNormalization;

/// Maps one character to its canonical replacement; `None` drops it.
fn map_char(c: char) -> Option<char> {
    Some(match c {
        '\u{2019}' | '\u{2018}' | '\u{201B}' | '\u{02BC}' | '\u{2032}' | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
        '\u{00A0}'
        | '\u{202F}'
        | '\u{2007}'
        | '\u{2000}'..='\u{200A}'
        | '\u{205F}'
        | '\u{3000}'
        | '\t' => ' ',
        '\u{00AD}' | '\u{200B}' | '\u{2060}' | '\u{FEFF}' => return None,
        '\u{2028}' | '\u{2029}' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' => '\n',
        c if c.is_control() && c != '\n' => return None,
        c => c,
    })
}

/// Normalises a whole text: characters as above, spaces collapsed and trimmed on
/// each line, line structure kept.
pub fn normalize(text: &str) -> String {
    // Most text is NFC already; the quick check saves the composition pass.
    let composed: Box<dyn Iterator<Item = char>> =
        if unicode_normalization::is_nfc_quick(text.chars())
            == unicode_normalization::IsNormalized::Yes
        {
            Box::new(text.chars())
        } else {
            Box::new(text.nfc())
        };
    let mut out = String::with_capacity(text.len());
    let mut prev_cr = false;
    let mut pending_space = false;
    let mut line_start = true;
    for c in composed {
        // "\r\n" is one line break, not two.
        if prev_cr && c == '\n' {
            prev_cr = false;
            continue;
        }
        prev_cr = c == '\r';
        let Some(c) = map_char(c) else { continue };
        match c {
            '\n' => {
                out.push('\n');
                pending_space = false;
                line_start = true;
            }
            ' ' => pending_space = !line_start,
            c => {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                out.push(c);
                line_start = false;
            }
        }
    }
    out
}

/// Normalises a short one-line field (title, author): as [`normalize`], with line
/// breaks turned into spaces.
pub fn normalize_inline(text: &str) -> String {
    let n = normalize(text);
    let mut out = String::with_capacity(n.len());
    for word in n.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Folds text for comparison: lower case, letters and digits only, single spaces.
/// Used to see that a headline is repeated at the top of a body.
pub fn fold_for_compare(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        } else {
            space = true;
        }
    }
    out
}

/// The XML entity at the start of `s` (which starts with `&`): its character
/// and the bytes it takes, for XML's five names and numeric references
/// (`&#39;`, `&#x27;`); `None` for anything else, which the caller keeps as
/// written.
pub fn xml_entity(s: &str) -> Option<(char, usize)> {
    let body = s.strip_prefix('&')?;
    let end = body.find(';').filter(|&e| e <= 10)?;
    let c = match body.get(..end).unwrap_or_default() {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        name => {
            let n = name.strip_prefix('#')?;
            let v = match n.strip_prefix(['x', 'X']) {
                Some(h) => u32::from_str_radix(h, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(v)?
        }
    };
    Some((c, end + 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apostrophes_quotes_and_spaces_are_made_consistent() {
        let raw = "L\u{2019}ONU a dit\u{a0}: \u{201C}non\u{201D}.\r\nLe  ministre\u{202f}; «\u{a0}oui\u{a0}»\t!";
        assert_eq!(
            normalize(raw),
            "L'ONU a dit : \"non\".\nLe ministre ; « oui » !"
        );
    }

    #[test]
    fn nfc_composes_decomposed_accents() {
        let decomposed = "Tokai\u{0308}ev a visite\u{0301} Pe\u{0301}kin";
        assert_eq!(normalize(decomposed), "Tokaïev a visité Pékin");
    }

    #[test]
    fn invisible_characters_are_dropped() {
        assert_eq!(
            normalize("\u{feff}anti\u{ad}constitution\u{200b}nel\u{7}"),
            "anticonstitutionnel"
        );
    }

    #[test]
    fn fold_ignores_case_punctuation_and_spacing() {
        assert_eq!(
            fold_for_compare("Blinken en Asie | Guerre  russo-ukrainienne"),
            fold_for_compare("blinken en asie |  guerre russo ukrainienne ")
        );
    }
}
