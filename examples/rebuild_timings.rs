//! Prints the stage timings of a cold build and of a warm rebuild (the `kbgen serve` path, with
//! a [`kbgen::pipeline::BuildCache`]) after touching one topic: where rebuild time goes.
//! Usage: `cargo run --release --example rebuild_timings -- PROJECT_DIR [EDITS]` (default 10)

use kbgen::date::Date;
use kbgen::input::Inputs;
use kbgen::pipeline::{build_inputs, BuildCache, BuildOptions};
use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(
        std::env::args()
            .nth(1)
            .expect("usage: rebuild_timings PROJECT_DIR"),
    );
    let edits: usize = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(10);
    let options = BuildOptions::new(Date::today_utc());
    let cache = BuildCache::default();
    let mut inputs = Inputs::scan(&root);
    let rounds = ["cold", "warm"]
        .into_iter()
        .chain(std::iter::repeat_n("warm after edit", edits));
    for round in rounds {
        if round == "warm after edit" {
            let topic = walkdir::WalkDir::new(root.join("content"))
                .into_iter()
                .filter_map(Result::ok)
                .find(|e| e.path().extension().is_some_and(|x| x == "md"))
                .expect("a topic");
            let mut text = std::fs::read_to_string(topic.path()).expect("read");
            text.push_str("\nEdited.\n");
            std::fs::write(topic.path(), text).expect("write");
            let rel = topic
                .path()
                .strip_prefix(&root)
                .expect("inside")
                .to_path_buf();
            let start = std::time::Instant::now();
            inputs.refresh(&[rel]);
            println!(
                "  refresh: {:.1} ms",
                start.elapsed().as_secs_f64() * 1000.0
            );
        }
        let start = std::time::Instant::now();
        let built = build_inputs(&inputs, &options, &cache).expect("build");
        println!("{round}: {:.1} ms", start.elapsed().as_secs_f64() * 1000.0);
        for (stage, took) in &built.timings.stages {
            println!("  {stage:>14}: {:>7.1} ms", took.as_secs_f64() * 1000.0);
        }
    }
}
