#!/usr/bin/env bash
# Side-by-side build benchmark: kbgen vs Hugo and mdBook (and Pagefind for search indexing) on the
# same synthetic pages, measured in the same run on this machine.
#
# Usage: bash bench/compare.sh            (N = 1,000 and 10,000 pages, 5 runs each)
#   RUNS=5           timed runs per tool and size (median reported), after one warm-up
#   SIZES="500 5000" topics per language for kbgen (pages = 2 x topics); peers get the same pages
#   MDBOOK_10K_RUNS=1  mdBook at 10,000 pages takes ~10 minutes a run (quadratic sidebar): 1 run by default, 0 to skip
#   SKIP_INSTALL=1   do not install peers
# Prints a Markdown table with wall time, CPU time, peak RSS, output size, search index size and
# the ratios kbgen/peer. Search-per-query and serve figures come from bench/search.mjs and
# bench/serve_latency.sh when present.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-5}"
SIZES="${SIZES:-500 5000}"
MDBOOK_10K_RUNS="${MDBOOK_10K_RUNS:-1}"
WORK="${WORK:-$(mktemp -d /tmp/kbgen-bench.XXXXXX)}"
export PATH="$HOME/.cargo/bin:$PATH"

if [ -z "${SKIP_INSTALL:-}" ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  command -v hugo >/dev/null || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq hugo >/dev/null; }
  [ -x /usr/bin/time ] || $SUDO apt-get install -y -qq time >/dev/null
  command -v mdbook >/dev/null || cargo install --locked mdbook >/dev/null 2>&1 || echo "mdbook: install failed, skipped"
  [ -x bench/node_modules/.bin/pagefind ] || npm install --prefix bench --no-audit --no-fund pagefind >/dev/null 2>&1 || echo "pagefind: install failed, skipped"
fi

cargo build --release --quiet
cargo build --release --quiet --example gen_corpus
KBGEN="$PWD/target/release/kbgen"
GEN="$PWD/target/release/examples/gen_corpus"

# measure NAME DIR CMD...: one run; appends "name wall cpu rss" to $WORK/results
measure() {
  local name="$1" dir="$2"; shift 2
  local t; t=$(cd "$dir" && { /usr/bin/time -f "%e %U %S %M" "$@" >/dev/null 2>"$WORK/err" || { cat "$WORK/err" >&2; return 1; }; } ; tail -1 "$WORK/err")
  echo "$name $t" >> "$WORK/results"
}

median_row() { # NAME → "wall cpu rss_mib" medians
  python3 - "$WORK/results" "$1" <<'PY'
import sys, statistics
rows=[l.split() for l in open(sys.argv[1]) if l.split()[0]==sys.argv[2]]
if not rows: print("- - -"); sys.exit()
w=statistics.median(float(r[1]) for r in rows); c=statistics.median(float(r[2])+float(r[3]) for r in rows)
m=statistics.median(int(r[4]) for r in rows)/1024
print(f"{w:.2f} {c:.2f} {m:.0f}")
PY
}

size_mib() { du -sb "$1" 2>/dev/null | awk '{printf "%.1f", $1/1048576}'; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB; $(uname -sr)"
echo "versions: $("$KBGEN" --version); hugo $(hugo version 2>/dev/null | awk '{print $2}'); $(mdbook --version 2>/dev/null || echo 'mdbook: none'); pagefind $(bench/node_modules/.bin/pagefind --version 2>/dev/null || echo none)"
echo

for topics in $SIZES; do
  pages=$((topics * 2))
  corpus="$WORK/corpus-$pages"
  "$GEN" --topics "$topics" --out "$corpus" >/dev/null
  : > "$WORK/results"
  tools="kbgen hugo"
  command -v mdbook >/dev/null && tools="$tools mdbook"
  mdruns=$RUNS
  [ "$pages" -ge 10000 ] && mdruns=$MDBOOK_10K_RUNS
  run_tool() {
    case "$1" in
      kbgen) measure kbgen "$corpus/kbgen" "$KBGEN" build ;;
      hugo) measure hugo "$corpus/hugo" hugo --quiet -d "$corpus/hugo/public" ;;
      mdbook) measure mdbook "$corpus/mdbook" mdbook build ;;
    esac
  }
  # Warm-up (not recorded), then alternate A B C A B C ...
  for t in $tools; do [ "$t" = mdbook ] && [ "$mdruns" = 0 ] && continue; run_tool "$t" >/dev/null; done
  : > "$WORK/results"
  for i in $(seq "$RUNS"); do
    for t in $tools; do
      if [ "$t" = mdbook ] && [ "$i" -gt "$mdruns" ]; then continue; fi
      run_tool "$t"
    done
  done
  read -r kw kc km <<<"$(median_row kbgen)"
  kout=$(size_mib "$corpus/kbgen/book"); ksearch=$(du -scb "$corpus"/kbgen/book/*/search | tail -1 | awk '{printf "%.1f", $1/1048576}')
  echo "### $pages pages ($topics topics x 2 languages), median of $RUNS runs (mdBook: $mdruns)"
  echo
  echo "| tool | wall s | CPU s | peak RSS MiB | output MiB | search index MiB | kbgen/peer wall | kbgen/peer RSS |"
  echo "|---|---|---|---|---|---|---|---|"
  echo "| kbgen (lint + search index included) | $kw | $kc | $km | $kout | $ksearch | | |"
  for t in hugo mdbook; do
    echo "$tools" | grep -qw "$t" || continue
    read -r w c m <<<"$(median_row "$t")"
    [ "$w" = "-" ] && continue
    out=$([ "$t" = hugo ] && size_mib "$corpus/hugo/public" || size_mib "$corpus/mdbook/book")
    idx="-"; [ "$t" = mdbook ] && idx=$(du -cb "$corpus"/mdbook/book/searchindex*.js* 2>/dev/null | tail -1 | awk '{printf "%.1f", $1/1048576}')
    rw=$(python3 -c "print(f'{$kw/$w:.2f}')"); rm_=$(python3 -c "print(f'{$km/$m:.2f}')")
    echo "| $t | $w | $c | $m | $out | $idx | $rw | $rm_ |"
  done
  if [ -x bench/node_modules/.bin/pagefind ] && [ -d "$corpus/hugo/public" ]; then
    : > "$WORK/results"
    measure pagefind "$corpus/hugo" "$PWD/bench/node_modules/.bin/pagefind" --site public --output-subdir _pagefind --quiet || true
    read -r pw pc pm <<<"$(median_row pagefind)"
    echo "| pagefind (indexing Hugo's output only) | $pw | $pc | $pm | | $(size_mib "$corpus/hugo/public/_pagefind") | | |"
  fi
  echo
done

if [ -f bench/search.mjs ] && command -v chromium >/dev/null; then
  echo "### Search at the largest size (headless Chromium, file://)"
  echo
  node bench/search.mjs "$corpus/kbgen/book" || echo "search benchmark failed"
  echo
fi
if [ -f bench/serve_latency.sh ]; then
  echo "### kbgen serve: edit-to-reload latency (server side)"
  echo
  bash bench/serve_latency.sh "$WORK/corpus-$((${SIZES%% *} * 2))/kbgen" || echo "serve benchmark failed"
fi
echo "(work folder: $WORK)"
