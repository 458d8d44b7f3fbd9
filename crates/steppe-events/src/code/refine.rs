//! Refinements of a matched code by who acts and how ("Israeli warplanes
//! struck" is 195, a government's protest 114).

use super::*;

/// One row of `data/events/refine.tsv`: codes, who acted, on whom, the code.
struct Rule {
    codes: Vec<String>,
    source: Vec<Kind>,
    target: Vec<Kind>,
    code: String,
}

/// A side's condition: a code ending (or IGO), and words its surface holds.
struct Kind {
    ending: Option<String>,
    words: Vec<String>,
}

impl Kind {
    fn fits(&self, a: &EventActor) -> bool {
        let kind = match self.ending.as_deref() {
            None => true,
            Some("IGO") => a.code.starts_with("IGO"),
            Some(e) => a.code.ends_with(e),
        };
        let surface = a.surface.to_lowercase();
        kind && (self.words.is_empty() || self.words.iter().any(|w| surface.contains(w.as_str())))
    }
}

/// A side column: `*`, `MIL|COP`, `*~suicide bomber`, `GOV~diplomat|envoy`.
fn kinds(col: &str) -> Vec<Kind> {
    let (kinds, words) = col.split_once('~').unwrap_or((col, ""));
    let words: Vec<String> = words
        .split('|')
        .map(|w| w.trim().to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    kinds
        .split('|')
        .map(|k| Kind {
            ending: Some(k.trim().to_string()).filter(|k| k != "*"),
            words: words.clone(),
        })
        .collect()
}

fn parse_rules(body: &str) -> Result<Vec<Rule>, String> {
    let mut out = Vec::new();
    for (n, line) in body.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [codes, source, target, code] = cols.as_slice() else {
            return Err(format!(
                "data/events/refine.tsv:{}: expected 4 columns, got {}",
                n + 1,
                cols.len()
            ));
        };
        out.push(Rule {
            codes: codes.split_whitespace().map(str::to_string).collect(),
            source: kinds(source),
            target: kinds(target),
            code: code.trim().to_string(),
        });
    }
    Ok(out)
}

fn rules() -> &'static [Rule] {
    use std::sync::OnceLock;
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(|| {
        // Compiled in and covered by tests: a failure is a build defect.
        parse_rules(include_str!("../../../../data/events/refine.tsv"))
            .unwrap_or_else(|e| panic!("{e}"))
    })
}

/// The code the first fitting row of `data/events/refine.tsv` gives (police
/// fighting protesters repress them, 175; a government's protest is 114).
pub(super) fn by_kind(code: String, source: &EventActor, target: &EventActor) -> String {
    let matches_code = |c: &str| match c.strip_suffix('*') {
        Some(prefix) => code.starts_with(prefix),
        None => code == c,
    };
    rules()
        .iter()
        .find(|r| {
            r.codes.iter().any(|c| matches_code(c))
                && r.source.iter().any(|k| k.fits(source))
                && r.target.iter().any(|k| k.fits(target))
        })
        .map_or(code.clone(), |r| r.code.clone())
}

/// A pattern's code refined by who acted on whom and how (`by_actors`),
/// then by what was taken: a trigger that takes a place (`takes_ground`:
/// "seized Damascus", "stormed the town") occupies territory (192), where
/// seizing a building or a ship is 171.
pub(super) fn refined(
    code: &str,
    source: &EventActor,
    target: &EventActor,
    after: &[Token],
    takes_ground: bool,
) -> String {
    let code = by_actors(code, source, target, after);
    if code == "171" && takes_ground {
        "192".to_string()
    } else {
        code
    }
}

/// From the air (195), by who acted on whom (`by_kind`: police, gunmen,
/// crowds, people captured, a government's protest), or a body left (160).
fn by_actors(code: &str, source: &EventActor, target: &EventActor, after: &[Token]) -> String {
    let code = by_kind(by_air(code, &source.surface, after), source, target);
    // "withdraw from the International Criminal Court": leaving a body is
    // cutting ties, not pulling troops back.
    if code.starts_with("087") && (target.code.starts_with("IGO") || owned_scheme(after)) {
        return "160".to_string();
    }
    code
}

/// "Israeli warplanes struck", "des avions de combat ont frappé", "struck
/// Lviv with missiles" (a weapon in the clause `after` the trigger): force
/// used from the air is CAMEO 195, whatever verb says it.
pub(super) fn by_air(code: &str, source: &str, after: &[Token]) -> String {
    if !matches!(code, "190" | "193" | "194") {
        return code.to_string();
    }
    let clause_after: String = after
        .iter()
        .take_while(|t| !stop(&t.word) && t.word != ",")
        .take(8)
        .map(|t| t.word.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let s = source.to_lowercase();
    let weapon = [
        "missiles",
        "missile",
        "drones",
        "rockets",
        "air strikes",
        "airstrikes",
    ]
    .iter()
    .any(|w| clause_after.contains(w));
    if weapon {
        return "195".to_string();
    }
    let aircraft = [
        "warplane",
        "jets",
        "aircraft",
        "drone",
        "bomber",
        "helicopter",
        "avions",
        "aviation",
        "chasseurs",
        "hélicoptères",
        "aviones",
        "drones",
    ];
    if aircraft.iter().any(|a| s.contains(a)) {
        "195".to_string()
    } else {
        code.to_string()
    }
}

/// "pulled out of China's Belt and Road Initiative", "quit Russia's grain
/// deal": what is left is the target's scheme, not its ground ("pulled out
/// of Russia's Kursk region" is a retreat).
fn owned_scheme(after: &[Token]) -> bool {
    let ground = |w: &str| {
        matches!(
            w,
            "region"
                | "territory"
                | "town"
                | "city"
                | "village"
                | "province"
                | "oblast"
                | "border"
                | "soil"
                | "waters"
                | "airspace"
                | "capital"
                | "north"
                | "south"
                | "east"
                | "west"
        ) || w.ends_with("ern")
    };
    after.first().is_some_and(|t| t.word == "'s")
        && !after.iter().skip(1).take(4).any(|t| ground(&t.word))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(code: &str, surface: &str) -> EventActor {
        EventActor {
            id: code.to_string(),
            code: code.to_string(),
            surface: surface.to_string(),
        }
    }

    #[test]
    fn the_table_refines_by_who_acted_on_whom() {
        let police = actor("KENCOP", "Kenyan police");
        let crowd = actor("---OPP", "protesters");
        let army = actor("UKRMIL", "the Ukrainian air force");
        let envoys = actor("RUSGOV", "Russian diplomats");
        assert_eq!(by_kind("190".into(), &police, &crowd), "175");
        assert_eq!(by_kind("0874".into(), &crowd, &police), "082");
        assert_eq!(by_kind("1712".into(), &army, &police), "195");
        assert_eq!(by_kind("174".into(), &police, &envoys), "166");
        // No row fits: the code stays.
        assert_eq!(by_kind("040".into(), &police, &crowd), "040");
    }

    #[test]
    fn a_bad_row_says_where() {
        let e = parse_rules("# head\n190\tCOP\t175\n")
            .err()
            .unwrap_or_default();
        assert!(e.contains("refine.tsv:2") && e.contains("4 columns"), "{e}");
    }
}
