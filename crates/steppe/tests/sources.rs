//! `steppe story`, `export quotes` and `export claims` (issue 19) end to end:
//! a story of our own told by four outlets, and the seeds when present,
//! on SQLite and, with `STEPPE_TEST_PG`, on PostgreSQL (see `common`).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{on_each_backend, TestDb};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_steppe"))
        .env_remove("STEPPE_DB")
        .args(args)
        .output()
        .expect("run steppe")
}

fn ok(args: &[&str]) -> String {
    let o = run(args);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn export(db: &str, kind: &str) -> Vec<serde_json::Value> {
    ok(&["export", kind, "--db", db])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Four outlets on one visit, in our words: one credits Biden with the
/// meeting the others give to Blinken, two give the border other lengths,
/// one is a copy of another with a line added, and one calls the war a
/// "special military operation" where another says "invasion".
const ARTICLES: &[(&str, &str)] = &[
    (
        "a.txt",
        "date: 2024-03-12\nsource: Le Courrier des steppes\nBlinken à Astana pour parler commerce\n\n\
Le secrétaire d'État américain Antony Blinken a rencontré mardi à Astana le président kazakh Kassym-Jomart Tokaïev. \
«Nous ouvrons une nouvelle page avec toute l'Asie centrale», a déclaré M. Blinken devant la presse. \
Washington promet 30 millions de dollars pour les routes commerciales de la région. \
Le Kazakhstan partage 7.600 kilomètres de frontière avec la Russie, et l'invasion de l'Ukraine par la Russie inquiète Astana.\n",
    ),
    (
        "b.txt",
        "date: 2024-03-12\nsource: Agence des plaines\nAntony Blinken reçu par Tokaïev à Astana\n\n\
Antony Blinken a rencontré mardi à Astana le président Kassym-Jomart Tokaïev pour parler des routes commerciales et de l'énergie. \
Selon le chef de la diplomatie américaine, les deux pays veulent doubler leurs échanges d'ici à la fin de la décennie. \
Le Kazakhstan partage 7.500 kilomètres de frontière avec la Russie, qui reste son premier partenaire commercial.\n",
    ),
    (
        "b-copy.txt",
        "date: 2024-03-12\nsource: Le Relais de l'Est\nAntony Blinken reçu par Tokaïev à Astana\n\n\
Antony Blinken a rencontré mardi à Astana le président Kassym-Jomart Tokaïev pour parler des routes commerciales et de l'énergie. \
Selon le chef de la diplomatie américaine, les deux pays veulent doubler leurs échanges d'ici à la fin de la décennie. \
Le Kazakhstan partage 7.500 kilomètres de frontière avec la Russie, qui reste son premier partenaire commercial. \
Les deux hommes doivent se revoir en mai.\n",
    ),
    (
        "c.txt",
        "date: 2024-03-13\nsource: La Voix du Nord-Est\nBiden et Tokaïev à Astana\n\n\
Joe Biden a rencontré mardi à Astana le président Kassym-Jomart Tokaïev pour parler des routes commerciales. \
Antony Blinken a affirmé que «nous ouvrons une nouvelle page avec toute l'Asie centrale». \
Aucun pays de la région n'a condamné l'opération militaire spéciale en Ukraine.\n",
    ),
];

/// Writes the fixture into the store's folder and ingests it; returns the input folder.
fn ingest_fixture(db: &TestDb) -> PathBuf {
    let input = db.dir().join("in");
    std::fs::create_dir_all(&input).unwrap();
    for (name, text) in ARTICLES {
        std::fs::write(input.join(name), text).unwrap();
    }
    ok(&["ingest", input.to_str().unwrap(), "--db", db.arg()]);
    input
}

#[test]
fn a_story_told_by_four_outlets_side_by_side() {
    on_each_backend(four_outlets);
}

fn four_outlets(db: &TestDb) {
    let input = ingest_fixture(db);
    let db_s = db.arg();

    // Quotes: both of Blinken's, direct and reported in a direct quotation.
    let quotes = export(db_s, "quotes");
    let blinken: Vec<&serde_json::Value> = quotes
        .iter()
        .filter(|q| q["text"].as_str().unwrap_or("").contains("nouvelle page"))
        .collect();
    assert_eq!(blinken.len(), 2, "{quotes:#?}");
    assert!(
        blinken.iter().all(|q| q["speaker"] == "P-BLINKEN"),
        "{blinken:#?}"
    );
    assert!(
        blinken.iter().any(|q| q["verb"] == "a déclaré"),
        "{blinken:#?}"
    );
    let selon = quotes
        .iter()
        .find(|q| q["verb"] == "Selon")
        .unwrap_or_else(|| panic!("no «selon» quote: {quotes:#?}"));
    assert_eq!(
        selon["speaker"], "P-BLINKEN",
        "the role resolves: {selon:#}"
    );
    assert_eq!(selon["direct"], "indirect");

    // Claims: the copy counts once, the pledge is one source's, and the
    // conflicts are found.
    let claims = export(db_s, "claims");
    let kinds: std::collections::BTreeSet<&str> =
        claims.iter().filter_map(|c| c["kind"].as_str()).collect();
    for k in ["event", "figure", "quote", "framing", "conflict"] {
        assert!(kinds.contains(k), "no {k} claim: {claims:#?}");
    }
    let story = claims[0]["story_id"].as_str().unwrap().to_string();
    assert!(
        claims.iter().all(|c| c["story_id"] == story.as_str()),
        "one story"
    );
    let quote = claims
        .iter()
        .find(|c| {
            c["kind"] == "quote" && c["text"].as_str().unwrap_or("").contains("nouvelle page")
        })
        .unwrap_or_else(|| panic!("Blinken's quote: {claims:#?}"));
    assert_eq!(quote["actor_id"], "P-BLINKEN");
    assert_eq!(quote["independent_sources"], 2);
    let border = claims
        .iter()
        .find(|c| c["kind"] == "figure" && c["value"] == 7500.0)
        .unwrap();
    assert_eq!(border["sources"].as_array().unwrap().len(), 2, "{border:#}");
    assert_eq!(
        border["independent_sources"], 1,
        "the copy counts once: {border:#}"
    );
    let pledge = claims
        .iter()
        .find(|c| c["kind"] == "figure" && c["unit"] == "USD")
        .unwrap();
    assert!(
        pledge["detail"].as_str().unwrap().contains("single source"),
        "{pledge:#}"
    );
    let conflict = |what: &str| {
        claims
            .iter()
            .find(|c| {
                c["kind"] == "conflict" && c["detail"].as_str().unwrap_or("").starts_with(what)
            })
            .unwrap_or_else(|| panic!("no {what} conflict: {claims:#?}"))
    };
    let number = conflict("number:")["text"].as_str().unwrap().to_string();
    assert!(
        number.contains("7.600 kilomètres")
            && number.contains(" or 7.")
            && number.contains("7.500 kilomètres"),
        "{number}"
    );
    let actor = conflict("actor:")["text"].as_str().unwrap().to_string();
    assert!(
        actor.contains("P-BLINKEN") && actor.contains("P-BIDEN"),
        "{actor}"
    );
    let evidence = conflict("actor:")["evidence"].as_array().unwrap().clone();
    assert!(evidence
        .iter()
        .all(|e| e["end"].as_u64() > e["start"].as_u64()));
    let framing = claims
        .iter()
        .find(|c| c["kind"] == "framing" && c["text"] == "opération militaire spéciale")
        .unwrap_or_else(|| panic!("no framing: {claims:#?}"));
    assert!(
        framing["detail"]
            .as_str()
            .unwrap()
            .contains("others say invasion"),
        "{framing:#}"
    );
    // CSV carries the columns.
    let csv = ok(&["export", "claims", "--format", "csv", "--db", db_s]);
    assert!(csv.starts_with(
        "story_id,kind,article_ids,sources,independent_sources,actor_id,text,value,unit,detail,evidence"
    ));

    // The terminal view: one column per independent source (the copy joins its
    // original), conflicts marked.
    let view = ok(&["story", "c.txt", "--db", db_s]);
    assert!(
        view.contains("4 article(s), 3 independent source(s)"),
        "{view}"
    );
    assert!(
        view.contains("Agence des plaines = Le Relais de l'Est"),
        "{view}"
    );
    assert!(
        view.contains("≠") && view.contains("(single source)"),
        "{view}"
    );
    assert!(!run(&["story", "nothing-like-this", "--db", db_s])
        .status
        .success());
    let profiles = ok(&["sources", "--db", db_s]);
    assert!(
        profiles.contains("La Voix du Nord-Est: 1 article(s)"),
        "{profiles}"
    );
    assert!(
        profiles.contains("russia-ukraine-war=special-operation (1)"),
        "{profiles}"
    );

    let framing = export(db_s, "framing");
    assert!(
        framing.iter().any(|f| f["variant"] == "special-operation"
            && f["surface"] == "opération militaire spéciale"),
        "{framing:#?}"
    );

    // The same input again changes nothing, and neither does a re-analysis.
    ok(&["ingest", input.to_str().unwrap(), "--db", db_s]);
    assert_eq!(export(db_s, "claims"), claims);
    let r = ok(&["reanalyse", "--db", db_s]);
    assert!(r.contains(": 0 changed"), "{r}");
    assert_eq!(export(db_s, "quotes"), quotes);
}

/// The seeds in `../shared/seeds`, when present.
fn seeds() -> Option<PathBuf> {
    let p = std::env::var_os("STEPPE_DATA")
        .map(|d| PathBuf::from(d).join("../seeds"))
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds"));
    p.is_dir().then_some(p)
}

#[test]
fn seeds_february_story_side_by_side() {
    let Some(seeds) = seeds() else {
        eprintln!("skipped: ../shared/seeds not found");
        return;
    };
    on_each_backend(|db| seeds_february(&seeds, db));
}

fn seeds_february(seeds: &Path, db: &TestDb) {
    let db_s = db.arg();
    ok(&["ingest", seeds.to_str().unwrap(), "--db", db_s]);
    let claims = export(db_s, "claims");
    let in_file = |c: &serde_json::Value, prefix: &str| {
        c["sources"].as_array().is_some_and(|s| {
            s.iter()
                .any(|s| s.as_str().unwrap_or("").starts_with(prefix))
        })
    };
    let pledge = claims
        .iter()
        .find(|c| c["kind"] == "figure" && c["unit"] == "USD" && c["value"] == 25e6)
        .expect("the 25 million dollars");
    assert_eq!(pledge["independent_sources"], 1);
    assert!(in_file(pledge, "003"));
    let votes = claims
        .iter()
        .find(|c| c["kind"] == "figure" && c["value"] == 141.0)
        .expect("the 141 votes");
    assert_eq!(votes["independent_sources"], 1);
    let abstention = claims
        .iter()
        .find(|c| c["key"] == "act:abstain-un-vote" && !in_file(c, "004"))
        .expect("the abstention");
    assert_eq!(abstention["independent_sources"], 3, "{abstention:#}");
    let tokayev = claims
        .iter()
        .find(|c| c["kind"] == "quote" && in_file(c, "000") && in_file(c, "002"))
        .expect("Tokayev's words in 000 and 002");
    assert_eq!(tokayev["actor_id"], "P-TOKAYEV");
    let september = claims
        .iter()
        .find(|c| {
            c["kind"] == "framing" && in_file(c, "004") && c["text"] == "opération militaire russe"
        })
        .expect("the September article's term");
    assert_eq!(
        september["detail"].as_str().unwrap_or("").split(';').next(),
        Some("special-operation")
    );
    let view = ok(&["story", "004", "--db", db_s]);
    assert!(
        view.contains("elsewhere invasion in 4 article(s) (differs)"),
        "{view}"
    );
}
