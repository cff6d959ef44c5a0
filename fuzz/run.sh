#!/usr/bin/env bash
# Runs each fuzz target for a bounded time (default 60 s each). Not part of CI.
# Usage: bash fuzz/run.sh [SECONDS]
# cargo-fuzz needs nightly-only flags; RUSTC_BOOTSTRAP=1 lets the stable toolchain accept them
# (this machine has one toolchain and cannot fetch nightly). A crash is saved under
# fuzz/artifacts/<target>/ — turn it into a regression test in tests/bad_input.rs.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
for target in topic_loader markdown; do
  echo "== fuzzing $target for ${seconds}s =="
  cargo fuzz run "$target" "corpus/$target" -- -max_total_time="$seconds" -max_len=65536 -timeout=10
done
echo "no crash found"
