//! Times figure extraction over a folder of texts:
//! `cargo run --release -p steppe-figures --example figures_cost -- DIR [LANG]`.
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
    let t0 = std::time::Instant::now();
    let n: usize = texts
        .iter()
        .map(|t| steppe_figures::extract(t, &lang).len())
        .sum();
    println!(
        "{} texts: {:.3} s for {n} figures",
        texts.len(),
        t0.elapsed().as_secs_f64()
    );
}
