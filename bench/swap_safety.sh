#!/usr/bin/env bash
# Output-swap safety under load (issue 13): readers never see a missing file while the site is
# rebuilt, and kill -9 at random points never leaves an incomplete book/ or leftovers after the
# next build.
#
# Usage: bash bench/swap_safety.sh
#   TOPICS=500   topics per language of the generated corpus (pages = 2 x topics)
#   BUILDS=40    builds during the reader loop
#   KILLS=50     kill -9 rounds
set -euo pipefail
cd "$(dirname "$0")/.."
TOPICS="${TOPICS:-500}"
BUILDS="${BUILDS:-40}"
KILLS="${KILLS:-50}"
WORK="$(mktemp -d /tmp/kbgen-swap.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
export KBGEN_TODAY=2026-11-23

cargo build --release --quiet
cargo build --release --quiet --example gen_corpus --example read_loop
KBGEN="$PWD/target/release/kbgen"
REPO="$PWD"
"$PWD/target/release/examples/gen_corpus" --topics "$TOPICS" --out "$WORK/kb" >/dev/null
cd "$WORK/kb/kbgen"
"$KBGEN" build 2>/dev/null
pages=$(find book -name '*.html' | wc -l)
t0=$(date +%s%N); "$KBGEN" build 2>/dev/null; t1=$(date +%s%N)
build_ms=$(( (t1 - t0) / 1000000 ))
echo "corpus: $pages pages; one build takes ${build_ms} ms"

# 1. Reader loop during repeated builds.
first_topic=$(ls book/ja | grep '^topic-.*\.html$' | head -1)
"$REPO/target/release/examples/read_loop" --stop "$WORK/stop" \
  book/ja/index.html "book/ja/$first_topic" book/index.html book/static/kbgen.css > "$WORK/reads" &
reader=$!
for _ in $(seq "$BUILDS"); do "$KBGEN" build 2>/dev/null; done
touch "$WORK/stop"; wait "$reader"
echo "reader loop during $BUILDS builds: $(cat "$WORK/reads")"

# 2. kill -9 at random points of a build.
complete() {  # every file the marker lists exists
  [ -f book/.kbgen-output ] || return 1
  tail -n +3 book/.kbgen-output | python3 -c '
import json, os, sys
missing = [p for p in (json.loads(l) for l in sys.stdin if l.strip()) if not os.path.isfile("book/" + p)]
sys.exit(1 if missing else 0)'
}
incomplete=0; leftovers_max=0; in_write=0
for i in $(seq "$KILLS"); do
  "$KBGEN" build 2>/dev/null &
  pid=$!
  # Anywhere from start-up to past the end of a build (builds vary under load).
  delay_ms=$(( RANDOM % (build_ms * 13 / 10 + 1) ))
  sleep "$(( delay_ms / 1000 )).$(printf '%03d' $(( delay_ms % 1000 )))"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  complete || incomplete=$((incomplete + 1))
  n=$(find . -maxdepth 1 -name '.book.kbgen-*' | wc -l)
  [ "$n" -gt 0 ] && in_write=$((in_write + 1))
  [ "$n" -gt "$leftovers_max" ] && leftovers_max=$n
done
"$KBGEN" build 2>/dev/null
after=$(find . -maxdepth 1 -name '.book.kbgen-*' | wc -l)
echo "kill -9 x $KILLS: incomplete book/ $incomplete times; $in_write kills landed while writing (a temporary folder left, at most $leftovers_max at once); $after leftover folders after the next build"
[ "$incomplete" = 0 ] && [ "$after" = 0 ] && grep -q 'missing 0$' "$WORK/reads"
