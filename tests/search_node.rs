//! The search client (`static/search.js`) under plain `node`, no browser: its normaliser and
//! tokenizer against vectors generated here from the Rust side (so a mismatch fails even where
//! Chromium is missing), the realistic query set against the built sample, and loading ahead
//! while a query is typed (every prefix loads only term shards the whole query needs).

mod common;

use common::*;
use kbgen::search::index::shard_key_hash;
use kbgen::search::tokenize::{normalize, tokenize};

#[derive(serde::Deserialize)]
struct SharedVector {
    input: String,
}

/// The inputs: the shared fixture, the hard cases, and every line of the sample content (real
/// Japanese and English text with commands, codes and punctuation).
fn inputs() -> Vec<String> {
    let fixture =
        std::fs::read_to_string(repo().join("tests/fixtures/search/tokenizer-vectors.json"))
            .expect("shared vectors");
    let shared: Vec<SharedVector> = serde_json::from_str(&fixture).expect("valid JSON");
    let mut out: Vec<String> = shared.into_iter().map(|v| v.input).collect();
    out.extend(EXTRA_TOKENIZER_INPUTS.iter().map(|s| s.to_string()));
    for file in files_under(&repo().join("content")) {
        let text = std::fs::read_to_string(repo().join("content").join(&file)).expect("content");
        out.extend(text.lines().map(str::to_string));
    }
    out.push(std::fs::read_to_string(repo().join("book.toml")).expect("book.toml"));
    out
}

#[test]
fn node_client_normalises_and_tokenizes_like_rust() {
    if !require_tool("node", "runs static/search.js without a browser") {
        return;
    }
    let vectors: Vec<serde_json::Value> = inputs()
        .iter()
        .map(|input| {
            let tokens = tokenize(input);
            serde_json::json!({
                "input": input,
                "normalized": normalize(input),
                "tokens": tokens.iter().map(|t| t.text.clone()).collect::<Vec<_>>(),
                "pos": tokens.iter().map(|t| t.pos).collect::<Vec<_>>(),
                "hashes": tokens.iter().map(|t| shard_key_hash(&t.text)).collect::<Vec<_>>(),
            })
        })
        .collect();
    assert!(vectors.len() > 500, "the sample content gives many vectors");
    let (dir, book) = sample_book();
    let path = dir.path().join("vectors.json");
    std::fs::write(&path, serde_json::to_string(&vectors).expect("json")).expect("write");
    run_node_script(
        "search/vectors.mjs",
        &[path.display().to_string(), book.display().to_string()],
    );
}

#[test]
fn query_set_finds_the_expected_topics_under_node() {
    if !require_tool("node", "runs static/search.js without a browser") {
        return;
    }
    let (_dir, book) = sample_book();
    run_node_script("search/queries.mjs", &[book.display().to_string()]);
}

#[test]
fn loading_ahead_while_typing_loads_only_shards_the_query_needs() {
    if !require_tool("node", "runs static/search.js without a browser") {
        return;
    }
    let (_dir, book) = sample_book();
    run_node_script("search/prefetch.mjs", &[book.display().to_string()]);
}
