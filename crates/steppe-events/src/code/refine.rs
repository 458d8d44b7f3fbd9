//! Refinements of a matched code by who acts and how ("Israeli warplanes
//! struck" is 195, a government's protest 114).

use super::*;

/// The kind of force from who used it on whom: police fighting protesters
/// repress them (175); a suicide bomber's attack is a suicide bombing (1831).
pub(super) fn by_kind(code: String, source: &EventActor, target: &EventActor) -> String {
    let root = cameo::root(&code);
    if matches!(code.as_str(), "190" | "193")
        && source.code.ends_with("COP")
        && (target.code.ends_with("OPP") || target.code.ends_with("CVL"))
    {
        return "175".to_string();
    }
    // "Wagner mercenaries marched towards Moscow": armed men on the march
    // show force (150); they do not demonstrate.
    if root == "14"
        && ["MIL", "REB", "UAF", "INS"]
            .iter()
            .any(|r| source.code.ends_with(r))
    {
        return "150".to_string();
    }
    if matches!(root, "18" | "19") && source.surface.to_lowercase().contains("suicide bomber") {
        return "1831".to_string();
    }
    // "the air force destroyed a landing ship": destroying an enemy's
    // equipment is fighting, not damaging property.
    if code == "1712" && source.code.ends_with("MIL") {
        let air = source.surface.to_lowercase().contains("air force");
        return if air { "195" } else { "190" }.to_string();
    }
    // "a gunman killed two fans": force by unknown gunmen or gangs is not
    // an army's (18, not 19).
    if matches!(code.as_str(), "190" | "193")
        && (source.code.ends_with("UAF") || source.code.ends_with("CRM"))
    {
        return "180".to_string();
    }
    // "protesters attacked the embassy", "set fire to government
    // buildings": violence by a crowd is a riot.
    // ("protesters who stormed parliament": a crowd's storming too.)
    if (matches!(root, "18" | "19") || code == "1712" || code == "171")
        && (source.code.ends_with("OPP") || source.code.ends_with("CVL"))
    {
        return "145".to_string();
    }
    code
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

/// From the air (195), by police, gunmen or crowds (`by_kind`), people
/// captured (173), a body left (160), or a government's protest, which is an
/// official complaint (114), not a street demonstration.
fn by_actors(code: &str, source: &EventActor, target: &EventActor, after: &[Token]) -> String {
    let code = by_kind(by_air(code, &source.surface, after), source, target);
    // "captured two North Korean soldiers": taking people is detaining them.
    if code == "171"
        && ["MIL", "REB", "UAF", "COP", "CVL", "OPP"]
            .iter()
            .any(|r| target.code.ends_with(r))
    {
        return "173".to_string();
    }
    // "withdraw from the International Criminal Court": leaving a body is
    // cutting ties, not pulling troops back.
    if code.starts_with("087") && (target.code.starts_with("IGO") || owned_scheme(after)) {
        return "160".to_string();
    }
    // "Kenyan police officers arrived in Haiti": armed men arriving are
    // deployed (150, as "sent troops to"), not on a visit.
    if code.starts_with("042") && (source.code.ends_with("MIL") || source.code.ends_with("COP")) {
        return "150".to_string();
    }
    // "Russian diplomats were expelled by Poland": expelling envoys cuts
    // diplomatic ties (166, as "expelled Russia's diplomats"), not a deportation.
    if code == "174" && target.code.ends_with("GOV") {
        let s = target.surface.to_lowercase();
        if [
            "diplomat",
            "ambassador",
            "envoy",
            "diplomate",
            "consul",
            "ambassadeur",
        ]
        .iter()
        .any(|w| s.contains(w))
        {
            return "166".to_string();
        }
    }
    if code == "140" && (source.code.ends_with("GOV") || source.code.starts_with("IGO")) {
        "114".to_string()
    } else {
        code
    }
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
