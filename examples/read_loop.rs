//! Reads the given files in a tight loop until the file named by `--stop` exists, then prints
//! how many reads there were and how many found no file. Used by `bench/swap_safety.sh` to show
//! that readers never see a missing file while `kbgen build` replaces the site.
//!
//! `cargo run --release --example read_loop -- --stop STOPFILE FILE...`

fn main() {
    let mut args = std::env::args().skip(1);
    let mut stop = None;
    let mut files = Vec::new();
    while let Some(a) = args.next() {
        if a == "--stop" {
            stop = args.next();
        } else {
            files.push(a);
        }
    }
    let Some(stop) = stop else {
        eprintln!("usage: read_loop --stop STOPFILE FILE...");
        std::process::exit(2);
    };
    let (mut reads, mut missing) = (0u64, 0u64);
    while !std::path::Path::new(&stop).exists() {
        for f in &files {
            reads += 1;
            if std::fs::read(f).is_err() {
                missing += 1;
            }
        }
    }
    println!("reads {reads} missing {missing}");
}
