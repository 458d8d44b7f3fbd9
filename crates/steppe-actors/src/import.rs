//! Importers, so users keep the dictionaries they have:
//! TABARI/PETRARCH actor files (`NAME_PHRASE [CODE]`, `+ALIAS` lines, dated
//! codes such as `[USAGOV >090120]` or `[RUSGOV 991231-080507]`) and plain TSV
//! (`id TAB lang TAB alias`).

use chrono::NaiveDate;

/// A code valid over a span of dates (`None` ends are open).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedCode {
    pub code: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// An actor read from a user's dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub codes: Vec<DatedCode>,
}

/// `USA_PRESIDENT_` → `USA PRESIDENT`.
fn phrase(s: &str) -> String {
    s.replace('_', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// TABARI dates are YYMMDD; years below 50 are 20xx.
fn yymmdd(s: &str) -> Option<NaiveDate> {
    if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let yy: i32 = s.get(..2).unwrap_or_default().parse().ok()?;
    let year = if yy < 50 { 2000 + yy } else { 1900 + yy };
    NaiveDate::from_ymd_opt(
        year,
        s.get(2..4).unwrap_or_default().parse().ok()?,
        s.get(4..6).unwrap_or_default().parse().ok()?,
    )
}

/// Reads `[CODE]`, `[CODE >YYMMDD]`, `[CODE <YYMMDD]`, `[CODE YYMMDD-YYMMDD]`.
fn dated_code(s: &str) -> Option<DatedCode> {
    let inner = s.trim().strip_prefix('[')?.split(']').next()?.trim();
    let mut parts = inner.split_whitespace();
    let code = parts.next()?.trim_start_matches('~').to_string();
    let (from, to) = match parts.next() {
        None => (None, None),
        Some(d) if d.starts_with('>') => (yymmdd(d.get(1..).unwrap_or_default()), None),
        Some(d) if d.starts_with('<') => (None, yymmdd(d.get(1..).unwrap_or_default())),
        Some(d) => {
            let (a, b) = d.split_once('-')?;
            (yymmdd(a), yymmdd(b))
        }
    };
    (!code.is_empty()).then_some(DatedCode { code, from, to })
}

/// Parses a TABARI/PETRARCH actor dictionary. Lines it cannot read are
/// skipped and counted, so one odd entry does not cost the file.
pub fn parse_tabari(text: &str) -> (Vec<Imported>, usize) {
    let mut out: Vec<Imported> = Vec::new();
    let mut skipped = 0;
    let mut in_comment = false;
    for raw in text.lines() {
        let line = raw.split('#').next().unwrap_or("");
        if in_comment {
            if raw.contains("-->") {
                in_comment = false;
            }
            continue;
        }
        if line.trim_start().starts_with("<!--") {
            in_comment = !raw.contains("-->");
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        let t = line.trim();
        if let Some(alias) = t.strip_prefix('+') {
            match out.last_mut() {
                Some(a) => {
                    let p = phrase(alias);
                    if !p.is_empty() {
                        a.aliases.push(p);
                    }
                }
                None => skipped += 1,
            }
        } else if t.starts_with('[') {
            match (out.last_mut(), dated_code(t)) {
                (Some(a), Some(c)) => a.codes.push(c),
                _ => skipped += 1,
            }
        } else {
            // A new entry: the phrase, then an optional code.
            let (name, code) = match t.find('[') {
                Some(i) => (
                    t.get(..i).unwrap_or_default(),
                    dated_code(t.get(i..).unwrap_or_default()),
                ),
                None => (t, None),
            };
            let name = phrase(name);
            if name.is_empty() {
                skipped += 1;
                continue;
            }
            out.push(Imported {
                id: format!("X:{}", crate::fold::key(&name)),
                name,
                aliases: Vec::new(),
                codes: code.into_iter().collect(),
            });
        }
    }
    (out, skipped)
}

/// Parses `id TAB lang TAB alias` lines into actors (one per id).
pub fn parse_tsv(text: &str) -> Result<Vec<Imported>, String> {
    let mut out: Vec<Imported> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [id, _lang, alias] = cols.as_slice() else {
            return Err(format!("line {}: expected `id TAB lang TAB alias`", i + 1));
        };
        match out.iter_mut().find(|a| a.id == *id) {
            Some(a) => a.aliases.push(alias.trim().to_string()),
            None => out.push(Imported {
                id: id.to_string(),
                name: alias.trim().to_string(),
                aliases: Vec::new(),
                codes: Vec::new(),
            }),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DICT: &str = "# a comment\n<!-- a block\ncomment -->\nATLANTIS_  [ATL]\n+ATLANTEAN_\n+LOST_CONTINENT\nJOHN_ATLAS_  # a person\n+PRESIDENT_ATLAS_\n\t[ATLGOV 150101-190301]\n\t[ATLELI >190301]\n+ stray\n";

    #[test]
    fn tabari_entries_aliases_and_dated_codes() {
        let (actors, skipped) = parse_tabari(DICT);
        assert_eq!(skipped, 0);
        assert_eq!(actors.len(), 2);
        assert_eq!(actors[0].name, "ATLANTIS");
        assert_eq!(actors[0].aliases, vec!["ATLANTEAN", "LOST CONTINENT"]);
        assert_eq!(actors[0].codes[0].code, "ATL");
        let atlas = &actors[1];
        assert_eq!(atlas.aliases, vec!["PRESIDENT ATLAS", "stray"]);
        assert_eq!(atlas.codes.len(), 2);
        assert_eq!(atlas.codes[0].from, NaiveDate::from_ymd_opt(2015, 1, 1));
        assert_eq!(atlas.codes[0].to, NaiveDate::from_ymd_opt(2019, 3, 1));
        assert_eq!(atlas.codes[1].to, None);
    }

    #[test]
    fn tsv_groups_aliases_by_id() {
        let a = parse_tsv("Q1\tfr\tAtlantide\nQ1\ten\tAtlantis\nQ2\ten\tMu\n").unwrap();
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].aliases, vec!["Atlantis"]);
        assert!(parse_tsv("bad line").is_err());
    }
}
