#!/usr/bin/env bash
# Runs every fuzz target (as listed by `cargo fuzz list`, so a new target in fuzz/Cargo.toml is
# picked up without editing this script) for a bounded time each, then prints one line per
# target: executions, coverage (libFuzzer's `cov` edges and `ft` features), corpus size and
# whether it crashed. Not part of CI.
# Usage: bash fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     (default 60 s, every target)
# cargo-fuzz needs nightly-only flags; RUSTC_BOOTSTRAP=1 lets the stable toolchain accept them
# (this machine has one toolchain and cannot fetch nightly). A crash is saved under
# fuzz/artifacts/<target>/ — turn it into a regression test (tests/fixtures/regression/).
set -uo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
shift || true
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo fuzz list)
mkdir -p logs
summary=()
status=0
for target in "${targets[@]}"; do
  echo "== fuzzing $target for ${seconds}s =="
  mkdir -p "corpus/$target"
  log="logs/$target.log"
  cargo fuzz run "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 >"$log" 2>&1
  rc=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' <<<"$last" | grep -o '[0-9]*')
  ft=$(grep -o 'ft: [0-9]*' <<<"$last" | grep -o '[0-9]*')
  corp=$(grep -o 'corp: [0-9]*' <<<"$last" | grep -o '[0-9]*')
  if [ "$rc" = 0 ]; then result="no crash"; else result="FAILED (rc $rc, see fuzz/$log and fuzz/artifacts/$target/)"; status=1; fi
  summary+=("$target: ${runs:-?} executions in ${seconds}s, cov ${cov:-?}, ft ${ft:-?}, corpus ${corp:-?}: $result")
done
echo
printf '%s\n' "${summary[@]}"
exit "$status"
