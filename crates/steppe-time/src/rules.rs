//! Normalisers: one per rule name in the time files. Each reads the named
//! groups of its pattern and returns a typed, resolved [`Timex`], or `None`
//! when the match is not a temporal expression after all.
//!
//! Span: the group `t` when the pattern has one (prepositions that only help
//! recognise the expression stay outside it, as TimeML wants), else the match.

use chrono::{Datelike, Duration, NaiveDate};
use regex::Captures;
use steppe_model::{Granularity, Timex, TimexType};

use crate::lexicon::Lexicon;
use crate::Anchor;

pub struct Context<'a> {
    pub lex: &'a Lexicon,
    pub lang: &'a str,
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub anchor: Anchor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    Past,
    Future,
    Nearest,
}

fn g<'t>(c: &Captures<'t>, name: &str) -> Option<&'t str> {
    c.name(name).map(|m| m.as_str())
}

fn day_value(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Granularity read off an ISO-TimeML value.
pub fn granularity(kind: TimexType, value: &str) -> Granularity {
    if matches!(kind, TimexType::Duration | TimexType::Set) || value.ends_with("_REF") {
        return Granularity::Other;
    }
    if value.contains('T') {
        return Granularity::Time;
    }
    if value.contains("-W") {
        return if value.matches('-').count() >= 2 && !value.ends_with("WE") {
            Granularity::Day
        } else {
            Granularity::Week
        };
    }
    if value.contains("-Q") {
        return Granularity::Quarter;
    }
    if ["-SP", "-SU", "-FA", "-WI"]
        .iter()
        .any(|s| value.ends_with(s))
    {
        return Granularity::Season;
    }
    match value.len() {
        2 => Granularity::Century,
        3 => Granularity::Decade,
        4 => Granularity::Year,
        7 => Granularity::Month,
        _ => Granularity::Day,
    }
}

fn number(ctx: &Context<'_>, c: &Captures<'_>) -> Option<String> {
    if let Some(n) = g(c, "n") {
        return Some(n.replace(',', "."));
    }
    if let Some(w) = g(c, "nw") {
        return ctx.lex.value("number", w).map(str::to_string);
    }
    g(c, "vague").map(|_| "X".to_string())
}

/// `P3Y`, `PT30.4S`, `PXM` from a count and a unit code of the lexicon.
fn duration_value(n: &str, unit: &str) -> Option<String> {
    let times = |k: f64| -> String {
        n.parse::<f64>()
            .map_or_else(|_| "X".to_string(), |v| format_num(v * k))
    };
    Some(match unit {
        "C" => format!("P{}Y", times(100.0)),
        "E" => format!("P{}Y", times(10.0)),
        "Y" | "M" | "W" | "D" => format!("P{n}{unit}"),
        "H" => format!("PT{n}H"),
        "MIN" => format!("PT{n}M"),
        "S" => format!("PT{n}S"),
        _ => return None,
    })
}

fn format_num(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Is the clause around the expression about the future? The clause runs to the
/// nearest sentence or clause mark, at most 80 bytes either way.
fn future_tense(ctx: &Context<'_>) -> bool {
    const MARKS: [char; 6] = ['.', '!', '?', '\n', ';', ':'];
    let mut s = ctx
        .text
        .get(..ctx.start)
        .unwrap_or_default()
        .rfind(MARKS)
        .map_or(0, |i| i + 1)
        .max(ctx.start.saturating_sub(80));
    while !ctx.text.is_char_boundary(s) {
        s += 1;
    }
    let mut e = ctx
        .text
        .get(ctx.end..)
        .unwrap_or_default()
        .find(MARKS)
        .map_or(ctx.text.len(), |i| ctx.end + i)
        .min(ctx.end + 80);
    while !ctx.text.is_char_boundary(e) {
        e -= 1;
    }
    let sentence = ctx.text.get(s..e.max(s)).unwrap_or_default().to_lowercase();
    let words: Vec<&str> = sentence
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    match ctx.lang {
        "fr" => words.iter().any(|w| {
            matches!(
                *w,
                "va" | "vont"
                    | "doit"
                    | "doivent"
                    | "devra"
                    | "devrait"
                    | "devraient"
                    | "prévoit"
                    | "prévu"
                    | "prévue"
                    | "prochain"
                    | "prochaine"
            ) || (w.len() > 5
                && [
                    "erai", "eras", "era", "erons", "erez", "eront", "ira", "iront", "dra",
                    "dront", "ra", "ront",
                ]
                .iter()
                .any(|end| w.ends_with(end))
                && !matches!(
                    *w,
                    "contra" | "entra" | "extra" | "ultra" | "opéra" | "caméra" | "sera" | "aura"
                ))
                || matches!(
                    *w,
                    "sera" | "seront" | "aura" | "auront" | "fera" | "feront" | "ira" | "iront"
                )
        }),
        _ => words.iter().any(|w| {
            matches!(
                *w,
                "will" | "shall" | "next" | "upcoming" | "scheduled" | "plans" | "expected" | "'ll"
            )
        }),
    }
}

fn direction(ctx: &Context<'_>, c: &Captures<'_>, default: Dir) -> Dir {
    if let Some(rel) = g(c, "rel") {
        return match ctx.lex.value_in(&["past", "future", "this"], rel) {
            Some("past") => Dir::Past,
            Some("future") => Dir::Future,
            _ => Dir::Nearest,
        };
    }
    if future_tense(ctx) {
        Dir::Future
    } else {
        default
    }
}

fn explicit(c: &Captures<'_>) -> bool {
    c.name("rel").is_some()
}

fn weekday_date(anchor: NaiveDate, wd: u32, dir: Dir, strict: bool) -> NaiveDate {
    let a = anchor.weekday().number_from_monday() as i64;
    let w = wd as i64;
    match dir {
        Dir::Future => {
            let mut d = (w - a).rem_euclid(7);
            if d == 0 && strict {
                d = 7;
            }
            anchor + Duration::days(d)
        }
        _ => {
            let mut d = (a - w).rem_euclid(7);
            if d == 0 && strict {
                d = 7;
            }
            anchor - Duration::days(d)
        }
    }
}

/// The year of a month (1-12) seen from an anchor month.
fn month_year(ay: i32, am: u32, m: u32, dir: Dir, strict: bool) -> i32 {
    match dir {
        Dir::Past => {
            if m < am || (m == am && !strict) {
                ay
            } else {
                ay - 1
            }
        }
        Dir::Future => {
            if m > am || (m == am && !strict) {
                ay
            } else {
                ay + 1
            }
        }
        Dir::Nearest => {
            let diff = m as i32 - am as i32;
            if diff > 6 {
                ay - 1
            } else if diff < -6 {
                ay + 1
            } else {
                ay
            }
        }
    }
}

fn month_of(ctx: &Context<'_>, c: &Captures<'_>) -> Option<u32> {
    if let Some(m) = g(c, "month") {
        return ctx
            .lex
            .value("month", m.trim_end_matches('.'))?
            .parse()
            .ok();
    }
    g(c, "mon")?.parse().ok().filter(|m| (1..=12).contains(m))
}

fn day_of(c: &Captures<'_>) -> Option<u32> {
    let d = g(c, "day")?;
    let digits: String = d.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year_of(c: &Captures<'_>, anchor: &Anchor) -> Option<i32> {
    if let Some(y) = g(c, "year") {
        return y.parse().ok();
    }
    let yy: i32 = g(c, "yy")?.parse().ok()?;
    let century = anchor.year.map_or(1900, |y| y / 100 * 100);
    let y = century + yy;
    Some(if anchor.year.is_some_and(|a| y > a + 1) {
        y - 100
    } else {
        y
    })
}

fn part_mod(ctx: &Context<'_>, c: &Captures<'_>) -> Option<String> {
    g(c, "part")
        .and_then(|p| ctx.lex.value("part", p.trim_end_matches('-')))
        .map(str::to_string)
}

fn timex(
    ctx: &Context<'_>,
    c: &Captures<'_>,
    kind: TimexType,
    value: String,
    modifier: Option<String>,
) -> Option<Timex> {
    let (start, end) = match c.name("t") {
        Some(t) => (t.start(), t.end()),
        None => (ctx.start, ctx.end),
    };
    let text = ctx
        .text
        .get(start..end)
        .unwrap_or_default()
        .trim_end_matches([',', ' ', '.'])
        .to_string();
    let end = start + text.len();
    Some(Timex {
        start,
        end,
        granularity: granularity(kind, &value),
        text,
        kind,
        value,
        modifier,
    })
}

/// `d` moved by `days`, or `None` past the calendar's ends ("il y a
/// 99999999999 jours" must not panic).
fn add_days(d: NaiveDate, days: i64) -> Option<NaiveDate> {
    d.checked_add_signed(Duration::try_days(days)?)
}

/// The day `offset` days from the anchor's day, or an unresolved value.
fn relative_day(anchor: &Anchor, offset: i64) -> String {
    match anchor.day.and_then(|d| add_days(d, offset)) {
        Some(d) => day_value(d),
        None => "XXXX-XX-XX".to_string(),
    }
}

fn daypart_code(ctx: &Context<'_>, c: &Captures<'_>) -> Option<&'static str> {
    let v = ctx.lex.value("daypart", g(c, "daypart")?)?;
    Some(match v {
        "MO" => "MO",
        "MI" => "MI",
        "AF" => "AF",
        "EV" => "EV",
        _ => "NI",
    })
}

fn with_daypart(ctx: &Context<'_>, c: &Captures<'_>, day: String) -> (TimexType, String) {
    match daypart_code(ctx, c) {
        Some(dp) => (TimexType::Time, format!("{day}T{dp}")),
        None => (TimexType::Date, day),
    }
}

fn clock(c: &Captures<'_>) -> Option<String> {
    let mut h: u32 = g(c, "hour")?.parse().ok()?;
    let m: u32 = g(c, "minute").map_or(Some(0), |m| m.parse().ok())?;
    if let Some(ampm) = g(c, "ampm") {
        let pm = ampm.to_ascii_lowercase().starts_with('p');
        if h == 0 || h > 12 {
            return None;
        }
        if pm && h != 12 {
            h += 12;
        } else if !pm && h == 12 {
            h = 0;
        }
    }
    (h < 24 && m < 60).then(|| format!("{h:02}:{m:02}"))
}

/// Words after a bare year that show it is a count, not a year ("2000 personnes").
const COUNTED_AFTER_YEAR: &[&str] = &[
    "personnes",
    "habitants",
    "euros",
    "dollars",
    "francs",
    "mètres",
    "km",
    "kilomètres",
    "voix",
    "emplois",
    "hommes",
    "soldats",
    "morts",
    "people",
    "troops",
    "votes",
    "jobs",
    "tonnes",
    "tons",
    "km²",
    "exemplaires",
    "élèves",
    "salariés",
];

fn followed_by_count_noun(ctx: &Context<'_>) -> bool {
    let next = ctx
        .text
        .get(ctx.end..)
        .unwrap_or_default()
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase();
    let next = next.trim_matches(|ch: char| !ch.is_alphanumeric() && ch != '²');
    COUNTED_AFTER_YEAR.contains(&next)
}

/// Whether a rule's day comes from context rather than from the expression:
/// a clock time or a part of the day with no day of its own ("18 h", "la nuit",
/// but not "hier soir" or "ce soir").
pub fn floats(rule: &str, c: &Captures<'_>, lex: &Lexicon) -> bool {
    match rule {
        "relday_time" | "clock24" => c.name("relday").is_none(),
        "noon" => true,
        "this_daypart" => {
            c.name("this").is_none()
                && !c.name("t").is_some_and(|t| {
                    lex.value("this", t.as_str().split_whitespace().next().unwrap_or(""))
                        .is_some()
                })
        }
        _ => false,
    }
}

pub fn normalise(rule: &str, c: &Captures<'_>, ctx: &Context<'_>) -> Option<Timex> {
    let a = ctx.anchor;
    match rule {
        "date_dmy" | "date_mdy" | "date_num" | "date_iso" => {
            let m = month_of(ctx, c)?;
            let d = day_of(c)?;
            let value = match year_of(c, &a) {
                Some(y) => day_value(NaiveDate::from_ymd_opt(y, m, d)?),
                None => match (a.year, a.month) {
                    (Some(ay), Some(am)) => {
                        let dir = if explicit(c) {
                            direction(ctx, c, Dir::Nearest)
                        } else {
                            Dir::Nearest
                        };
                        let y = month_year(ay, am, m, dir, false);
                        day_value(NaiveDate::from_ymd_opt(y, m, d)?)
                    }
                    _ => format!("XXXX-{m:02}-{d:02}"),
                },
            };
            timex(ctx, c, TimexType::Date, value, None)
        }
        "date_my" => {
            let m = month_of(ctx, c)?;
            let y = year_of(c, &a)?;
            timex(
                ctx,
                c,
                TimexType::Date,
                format!("{y:04}-{m:02}"),
                part_mod(ctx, c),
            )
        }
        "month_rel" | "month_rel2" | "month_part" | "month_mois" => {
            let m = month_of(ctx, c)?;
            let value = match (a.year, a.month) {
                (Some(ay), Some(am)) => {
                    let dir = direction(ctx, c, Dir::Nearest);
                    format!("{:04}-{m:02}", month_year(ay, am, m, dir, explicit(c)))
                }
                _ => format!("XXXX-{m:02}"),
            };
            timex(ctx, c, TimexType::Date, value, part_mod(ctx, c))
        }
        "weekday" | "weekday_day" => {
            let wd: u32 = ctx.lex.value("weekday", g(c, "wd")?)?.parse().ok()?;
            let day = match a.day {
                Some(ad) => {
                    if let Some(d) = day_of(c) {
                        // "le mardi 28": the nearest such date.
                        let mut best = None;
                        for off in -40i64..=40 {
                            let cand = ad + Duration::days(off);
                            if cand.day() == d && cand.weekday().number_from_monday() == wd {
                                best = Some(cand);
                                break;
                            }
                        }
                        day_value(best.unwrap_or(ad))
                    } else {
                        let dir = direction(ctx, c, Dir::Past);
                        day_value(weekday_date(ad, wd, dir, explicit(c)))
                    }
                }
                None => format!("XXXX-WXX-{wd}"),
            };
            let (kind, value) = with_daypart(ctx, c, day);
            timex(ctx, c, kind, value, None)
        }
        "relday" | "relday_part" => {
            let off: i64 = ctx.lex.value("relday", g(c, "relday")?)?.parse().ok()?;
            let (kind, value) = with_daypart(ctx, c, relative_day(&a, off));
            timex(ctx, c, kind, value, None)
        }
        "relday_time" | "relday_clock" | "clock24" => {
            let hm = clock(c)?;
            let off: i64 = match g(c, "relday") {
                Some(r) => ctx.lex.value("relday", r)?.parse().ok()?,
                None => 0,
            };
            let modifier = g(c, "approx").filter(|w| {
                let w = w.to_lowercase();
                w == "vers" || w == "around" || w == "about"
            });
            timex(
                ctx,
                c,
                TimexType::Time,
                format!("{}T{hm}", relative_day(&a, off)),
                modifier.map(|_| "APPROX".into()),
            )
        }
        "noon" => {
            let hm = if g(c, "noon")?.to_lowercase().starts_with("mi") && ctx.lang == "fr" {
                if g(c, "noon")?.eq_ignore_ascii_case("minuit") {
                    "24:00"
                } else {
                    "12:00"
                }
            } else if g(c, "noon")?.eq_ignore_ascii_case("midnight") {
                "24:00"
            } else {
                "12:00"
            };
            timex(
                ctx,
                c,
                TimexType::Time,
                format!("{}T{hm}", relative_day(&a, 0)),
                None,
            )
        }
        "this_daypart" => {
            let dp = daypart_code(ctx, c).or(
                if ctx
                    .text
                    .get(ctx.start..ctx.end)
                    .unwrap_or_default()
                    .to_lowercase()
                    .contains("tonight")
                {
                    Some("NI")
                } else {
                    None
                },
            )?;
            timex(
                ctx,
                c,
                TimexType::Time,
                format!("{}T{dp}", relative_day(&a, 0)),
                None,
            )
        }
        "unit_rel" | "unit_rel2" | "unit_this" | "part_unit" => {
            let unit = ctx.lex.value("unit", g(c, "unit")?)?;
            let step: i64 = if c.name("this").is_some() {
                0
            } else {
                match direction(ctx, c, Dir::Past) {
                    Dir::Past => -1,
                    Dir::Future => 1,
                    Dir::Nearest => 0,
                }
            };
            let value = shifted(&a, unit, step)?;
            timex(ctx, c, TimexType::Date, value, part_mod(ctx, c))
        }
        "ago" | "hence" => {
            let n: i64 = match number(ctx, c)? {
                n if n == "X" => return timex(ctx, c, TimexType::Date, "PAST_REF".into(), None),
                n => n.parse::<f64>().ok()? as i64,
            };
            let unit = ctx.lex.value("unit", g(c, "unit")?)?;
            let step = if rule == "ago" { -n } else { n };
            timex(ctx, c, TimexType::Date, shifted(&a, unit, step)?, None)
        }
        "duration" | "recent" => {
            let n = number(ctx, c).unwrap_or_else(|| "X".into());
            let unit = ctx.lex.value("unit", g(c, "unit")?)?;
            if rule == "duration" && is_age(ctx, c, unit) {
                return None;
            }
            let n = if rule == "recent" && c.name("n").is_none() && c.name("nw").is_none() {
                "X".to_string()
            } else {
                n
            };
            let modifier = g(c, "approx").map(|w| {
                let w = w.to_lowercase();
                if w.starts_with("plus") || w.starts_with("more") || w == "over" {
                    "MORE_THAN".to_string()
                } else if w.starts_with("moins") || w.starts_with("less") {
                    "LESS_THAN".to_string()
                } else if w.starts_with("au") || w.starts_with("at") {
                    "EQUAL_OR_MORE".to_string()
                } else {
                    "APPROX".to_string()
                }
            });
            timex(
                ctx,
                c,
                TimexType::Duration,
                duration_value(&n, unit)?,
                modifier,
            )
        }
        "quarter_cent" => timex(ctx, c, TimexType::Duration, "P25Y".into(), None),
        "period_noun" => {
            let v = ctx.lex.value("period_noun", g(c, "period")?)?.to_string();
            timex(ctx, c, TimexType::Duration, v, None)
        }
        "year" => {
            if followed_by_count_noun(ctx) {
                return None;
            }
            let y = g(c, "year")?;
            timex(ctx, c, TimexType::Date, y.to_string(), None)
        }
        "decade" => {
            let d = g(c, "decade")?;
            let full = if d.len() == 2 {
                format!("19{d}")
            } else {
                d.to_string()
            };
            timex(
                ctx,
                c,
                TimexType::Date,
                full.get(..3).unwrap_or_default().to_string(),
                None,
            )
        }
        "century" => {
            let n = roman(g(c, "roman")?)?;
            timex(ctx, c, TimexType::Date, format!("{:02}", n - 1), None)
        }
        "quarter" => {
            let q: u32 = ctx.lex.value("ordinal", g(c, "ord")?)?.parse().ok()?;
            let y = year_of(c, &a)
                .or(a.year)
                .map_or("XXXX".to_string(), |y| format!("{y:04}"));
            timex(ctx, c, TimexType::Date, format!("{y}-Q{q}"), None)
        }
        "season" | "season_rel" => {
            let word = g(c, "season")?;
            if !season_context_ok(ctx, c, word) {
                return None;
            }
            let s = ctx.lex.value("season", word)?;
            let y = match (year_of(c, &a), a.year) {
                (Some(y), _) => format!("{y:04}"),
                (None, Some(ay)) if explicit(c) => {
                    let step = if direction(ctx, c, Dir::Past) == Dir::Future {
                        1
                    } else {
                        -1
                    };
                    format!("{:04}", ay + step)
                }
                _ => "XXXX".to_string(),
            };
            timex(ctx, c, TimexType::Date, format!("{y}-{s}"), None)
        }
        "set_every" => {
            let v = ctx.lex.value("set_every", g(c, "set")?)?.to_string();
            timex(ctx, c, TimexType::Set, v, None)
        }
        "set_weekday" | "set_weekdays" => {
            let w = g(c, "wd").or(g(c, "wds"))?;
            let wd = ctx.lex.value_in(&["weekday", "weekdays"], w)?;
            timex(ctx, c, TimexType::Set, format!("XXXX-WXX-{wd}"), None)
        }
        "weekend" => {
            let value = match a.day {
                Some(d) => {
                    // Said on a weekday, "ce week-end" is the one past unless the
                    // clause looks ahead.
                    let weekday = d.weekday().number_from_monday();
                    let back = weekday < 6 && direction(ctx, c, Dir::Past) == Dir::Past;
                    let d = if back { d - Duration::days(7) } else { d };
                    format!("{}-W{:02}-WE", d.iso_week().year(), d.iso_week().week())
                }
                None => "XXXX-WXX-WE".to_string(),
            };
            timex(ctx, c, TimexType::Date, value, None)
        }
        "ref" => {
            let v = ctx.lex.value("ref", g(c, "ref")?)?.to_string();
            timex(ctx, c, TimexType::Time, v, None)
        }
        _ => None,
    }
}

/// A bare season word is often something else: "a été" is the verb être,
/// "Jeux d'hiver" an adjective. Accept it after a determiner or preposition,
/// after "mois d'"/"saison d'", at the start of a sentence, or with a year or
/// modifier; otherwise only the seasons that are not also common words.
fn season_context_ok(ctx: &Context<'_>, c: &Captures<'_>, word: &str) -> bool {
    let t = c
        .name("t")
        .map_or((ctx.start, ctx.end), |t| (t.start(), t.end()));
    let span = ctx.text.get(t.0..t.1).unwrap_or_default();
    if span.len() > word.len() || c.name("year").is_some() || c.name("rel").is_some() {
        return !span.to_lowercase().starts_with("d'");
    }
    let before = ctx.text.get(..t.0).unwrap_or_default().trim_end();
    let mut words = before.rsplit(|ch: char| ch.is_whitespace());
    let prev = words.next().unwrap_or("").to_lowercase();
    let prev2 = words.next().unwrap_or("").to_lowercase();
    if prev.ends_with("d'") || prev == "de" {
        return matches!(prev2.as_str(), "mois" | "saison")
            || prev.starts_with("mois")
            || prev.starts_with("saison");
    }
    if matches!(
        prev.as_str(),
        "en" | "cet" | "cette" | "ce" | "au" | "l'" | "un" | "bel"
    ) || before.is_empty()
        || before.ends_with(['.', '!', '?'])
    {
        return true;
    }
    !word.eq_ignore_ascii_case("été") && !word.eq_ignore_ascii_case("fall")
}

/// "de 38 ans", "âgé de 53 ans", "à 17 ans": an age, not a duration.
fn is_age(ctx: &Context<'_>, c: &Captures<'_>, unit: &str) -> bool {
    if unit != "Y" || c.name("n").is_none() || ctx.lang != "fr" {
        return false;
    }
    let start = c.name("t").map_or(ctx.start, |t| t.start());
    let prev = ctx
        .text
        .get(..start)
        .unwrap_or_default()
        .split_whitespace()
        .last()
        .unwrap_or("")
        .to_lowercase();
    matches!(
        prev.as_str(),
        "de" | "d'" | "à" | "les" | "ses" | "leurs" | "ces"
    ) || prev.ends_with("d'")
}

fn roman(s: &str) -> Option<i32> {
    let mut total = 0;
    let mut prev = 0;
    for ch in s.chars().rev() {
        let v = match ch.to_ascii_uppercase() {
            'I' => 1,
            'V' => 5,
            'X' => 10,
            _ => return None,
        };
        if v < prev {
            total -= v;
        } else {
            total += v;
            prev = v;
        }
    }
    (1..=30).contains(&total).then_some(total)
}

/// The anchor moved by `step` units, at the unit's granularity; `None` when
/// the result leaves years 0-9999 (ISO-TimeML has no way to write it).
fn shifted(a: &Anchor, unit: &str, step: i64) -> Option<String> {
    let year_ok = |y: i64| (0..=9999).contains(&y);
    if let Some(y) = a.year {
        let years = match unit {
            "Y" => Some(step),
            "M" => Some(step / 12),
            "E" => step.checked_mul(10),
            "C" => step.checked_mul(100),
            _ => Some(0),
        };
        if !years
            .and_then(|n| n.checked_add(y as i64))
            .is_some_and(year_ok)
        {
            return None;
        }
    }
    Some(match unit {
        "Y" => a
            .year
            .map_or("XXXX".into(), |y| format!("{:04}", y as i64 + step)),
        "M" => match (a.year, a.month) {
            (Some(y), Some(m)) => {
                let total = y as i64 * 12 + (m as i64 - 1) + step;
                format!(
                    "{:04}-{:02}",
                    total.div_euclid(12),
                    total.rem_euclid(12) + 1
                )
            }
            _ => "XXXX-XX".into(),
        },
        "W" => match a.day {
            Some(d) => match step.checked_mul(7).and_then(|days| add_days(d, days)) {
                Some(w) => format!("{}-W{:02}", w.iso_week().year(), w.iso_week().week()),
                None => "XXXX-WXX".into(),
            },
            None => "XXXX-WXX".into(),
        },
        "D" => relative_day(a, step),
        "E" => a
            .year
            .map_or("XXX".into(), |y| format!("{:03}", (y as i64 / 10) + step)),
        "C" => a
            .year
            .map_or("XX".into(), |y| format!("{:02}", (y as i64 / 100) + step)),
        "H" | "MIN" | "S" => return None,
        _ => return None,
    })
}
