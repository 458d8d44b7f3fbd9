//! The CAMEO codebook's fixed tables: root names, QuadClass, Goldstein scores
//! and the PLOVER category and mode a CAMEO code maps to.

/// The 20 CAMEO root categories.
pub const ROOTS: [(&str, &str); 20] = [
    ("01", "make public statement"),
    ("02", "appeal"),
    ("03", "express intent to cooperate"),
    ("04", "consult"),
    ("05", "engage in diplomatic cooperation"),
    ("06", "engage in material cooperation"),
    ("07", "provide aid"),
    ("08", "yield"),
    ("09", "investigate"),
    ("10", "demand"),
    ("11", "disapprove"),
    ("12", "reject"),
    ("13", "threaten"),
    ("14", "protest"),
    ("15", "exhibit force posture"),
    ("16", "reduce relations"),
    ("17", "coerce"),
    ("18", "assault"),
    ("19", "fight"),
    ("20", "use unconventional mass violence"),
];

/// The root of a code: its first two digits ("042" → "04", "1312" → "13").
pub fn root(code: &str) -> &str {
    code.get(..2).unwrap_or(code)
}

/// Is `code` a CAMEO code of a known root (digits only, 2 to 4 of them)?
pub fn valid(code: &str) -> bool {
    (2..=4).contains(&code.len())
        && code.bytes().all(|b| b.is_ascii_digit())
        && ROOTS.iter().any(|(r, _)| *r == root(code))
}

/// QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal
/// conflict, 4 material conflict (0 for a statement, which is neither).
pub fn quad_class(code: &str) -> u8 {
    match root(code) {
        "01" => 0,
        "02" | "03" | "04" | "05" => 1,
        "06" | "07" | "08" => 2,
        "09" | "10" | "11" | "12" | "13" => 3,
        _ => 4,
    }
}

/// Goldstein conflict–cooperation score (−10 to +10). The codebook gives one
/// per code; steppe keeps the root's value and the codes that differ most.
pub fn goldstein(code: &str) -> f32 {
    let specific = match code {
        "036" => Some(4.0),
        "042" => Some(1.9),
        "043" => Some(2.8),
        "046" => Some(7.0),
        "051" => Some(3.4),
        "054" => Some(6.0),
        "057" => Some(8.0),
        "061" => Some(6.4),
        "062" => Some(7.4),
        "071" => Some(7.4),
        "072" => Some(8.3),
        "073" => Some(7.4),
        "111" => Some(-2.0),
        "112" => Some(-2.0),
        "1312" => Some(-5.8),
        "138" => Some(-7.0),
        "163" => Some(-8.0),
        "173" => Some(-5.0),
        "174" => Some(-5.0),
        "190" | "192" | "195" => Some(-10.0),
        _ => None,
    };
    specific.unwrap_or(match root(code) {
        "01" => 0.0,
        "02" => 3.0,
        "03" => 4.0,
        "04" => 1.0,
        "05" => 3.5,
        "06" => 6.0,
        "07" => 7.0,
        "08" => 5.0,
        "09" => -2.0,
        "10" => -5.0,
        "11" => -2.0,
        "12" => -4.0,
        "13" => -6.0,
        "14" => -6.5,
        "15" => -7.2,
        "16" => -4.0,
        "17" => -7.0,
        "18" => -9.0,
        "19" => -10.0,
        _ => -10.0,
    })
}

/// PLOVER event type and mode for a CAMEO code (empty for statements, which
/// PLOVER does not code).
pub fn plover(code: &str) -> (&'static str, &'static str) {
    let mode = match code {
        "040" | "044" => "meet",
        "041" => "phone",
        "042" => "visit",
        "043" => "host",
        "045" => "mediate",
        "046" => "negotiate",
        "071" => "economic",
        "072" => "military",
        "073" => "humanitarian",
        "057" => "agreement",
        "1312" | "163" => "sanctions",
        "138" | "190" | "192" | "195" => "military",
        _ => "",
    };
    let kind = match code {
        "036" | "057" => "AGREE",
        "087" => "RETREAT",
        _ => match root(code) {
            "02" | "10" => "REQUEST",
            "03" => "AGREE",
            "04" => "CONSULT",
            "05" => "SUPPORT",
            "06" => "COOPERATE",
            "07" => "AID",
            "08" => "CONCEDE",
            "09" | "11" => "ACCUSE",
            "12" => "REJECT",
            "13" => "THREATEN",
            "14" => "PROTEST",
            "15" => "MOBILIZE",
            "16" => "SANCTION",
            "17" => "COERCE",
            "18" | "19" | "20" => "ASSAULT",
            _ => "",
        },
    };
    (kind, if kind.is_empty() { "" } else { mode })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_agree_on_every_root() {
        for (r, _) in ROOTS {
            assert!(valid(r));
            let g = goldstein(r);
            assert!((-10.0..=10.0).contains(&g));
            // Cooperation scores above zero, conflict below.
            match quad_class(r) {
                1 | 2 => assert!(g > 0.0, "{r}"),
                3 | 4 => assert!(g < 0.0, "{r}"),
                _ => {}
            }
        }
        assert_eq!(plover("042"), ("CONSULT", "visit"));
        assert_eq!(plover("1312"), ("THREATEN", "sanctions"));
        assert_eq!(plover("010"), ("", ""));
        assert!(!valid("0A2") && !valid("21") && !valid("---"));
    }
}
