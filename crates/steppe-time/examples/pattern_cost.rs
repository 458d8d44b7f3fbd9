//! Prints how long each pattern of a language takes over a folder of texts:
//! `cargo run --release -p steppe-time --example pattern_cost -- DIR [LANG]`.
fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| ".".into());
    let lang = args.next().unwrap_or_else(|| "fr".into());
    let mut texts = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(dir)];
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            if let Ok(rd) = std::fs::read_dir(&p) {
                stack.extend(rd.filter_map(|e| e.ok().map(|e| e.path())));
            }
        } else if let Ok(t) = std::fs::read_to_string(&p) {
            texts.push(t);
        }
    }
    let Some(lex) = steppe_time::lexicon(&lang) else {
        return;
    };
    let mut costs: Vec<(f64, String, usize)> = lex
        .patterns
        .iter()
        .map(|p| {
            let t0 = std::time::Instant::now();
            let n: usize = texts.iter().map(|t| p.regex.captures_iter(t).count()).sum();
            (t0.elapsed().as_secs_f64(), p.rule.clone(), n)
        })
        .collect();
    costs.sort_by(|a, b| b.0.total_cmp(&a.0));
    let anchor = steppe_model::Published::parse_iso("2023-02-28");
    let t0 = std::time::Instant::now();
    let n: usize = texts
        .iter()
        .map(|t| steppe_time::tag(t, &lang, anchor).len())
        .sum();
    println!(
        "tag(): {:.3} s for {n} expressions",
        t0.elapsed().as_secs_f64()
    );
    let total: f64 = costs.iter().map(|c| c.0).sum();
    println!("{} texts, {:.3} s in all", texts.len(), total);
    for (s, rule, n) in costs {
        println!("{s:8.4} s  {rule:<14} {n} matches");
    }
}
