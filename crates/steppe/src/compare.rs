//! `steppe compare A B`: the passages two articles share, as syndication leaves
//! them. A and B are stored article ids or files (the first article in each).

use std::io::Write;
use std::path::Path;

use anyhow::{anyhow, bail, Result};
use steppe_model::{Article, CharOffsets};
use steppe_store::ArticleStore;

fn load(arg: &str, store: Option<&dyn ArticleStore>) -> Result<Article> {
    let path = Path::new(arg);
    if path.is_file() {
        let mut first = None;
        let mut problem = None;
        steppe_ingest::read_file(path, &steppe_ingest::Limits::default(), &mut |r| match r {
            Ok(a) if first.is_none() => first = Some(a),
            Ok(_) => {}
            Err(e) => problem = Some(e.to_string()),
        });
        return first
            .ok_or_else(|| anyhow!(problem.unwrap_or_else(|| format!("{arg}: no article"))));
    }
    match store {
        Some(s) => s
            .article(arg)?
            .ok_or_else(|| anyhow!("{arg}: neither a file nor an article id in the store")),
        None => bail!("{arg}: no such file (and no store to look the id up in)"),
    }
}

pub fn run(
    a: &str,
    b: &str,
    store: Option<&dyn ArticleStore>,
    out: &mut dyn Write,
) -> Result<bool> {
    let (x, y) = (load(a, store)?, load(b, store)?);
    let Some(o) = steppe_stories::passages::compare(&x.text, &y.text) else {
        writeln!(
            out,
            "no shared passage of {} words or more",
            steppe_stories::passages::MIN_PASSAGE_WORDS
        )?;
        return Ok(false);
    };
    let verdict = if o.is_copy {
        "copies of one text"
    } else {
        "shared passages"
    };
    writeln!(
        out,
        "{verdict}: {} passage(s), similarity {:.2}",
        o.passages.len(),
        o.similarity
    )?;
    let (cx, cy) = (CharOffsets::new(&x.text), CharOffsets::new(&y.text));
    for p in &o.passages {
        writeln!(
            out,
            "  [{}..{}] ~ [{}..{}] {} words: «{}»",
            cx.of(p.a.start),
            cx.of(p.a.end),
            cy.of(p.b.start),
            cy.of(p.b.end),
            p.words,
            &x.text[p.a.clone()]
        )?;
    }
    Ok(true)
}
