#!/usr/bin/env bash
# Edit-to-served latency of `kbgen serve`, end to end: starts the server on a copy of a kbgen
# project, then N times edits one topic so that it shows a unique word and polls that topic's page
# over HTTP (every 2 ms) until the served HTML contains the word: the time from the file write to
# the first response with the change, as a writer with a browser open meets it (the watcher's
# 10 ms debounce included). KIND says which edit:
#   prose (default)  a sentence appended to the body (the edit kbgen serve makes from the last
#                    build: that page, its search entries and the prose lint rule);
#   title            the title changed (the sidebar, category, tag and home pages and the search
#                    index show titles: a full rebuild).
# Also reports the server's own line per rebuild
#   "built N files in B ms after PATH; reload sent L ms after the change was seen"
# (Every dependent page and index file is rebuilt too: tests/incremental.rs checks that the
# served site equals a fresh build after every edit.)
# Usage: bash bench/serve_latency.sh PROJECT_DIR [EDITS] [KIND]
set -euo pipefail
src="$1"; edits="${2:-10}"; kind="${3:-prose}"
here="$(cd "$(dirname "$0")/.." && pwd)"
work=$(mktemp -d /tmp/kbgen-serve-bench.XXXXXX)
cp -r "$src" "$work/kb"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"${CARGO_TARGET_DIR:-$here/target}/release/kbgen" serve --root "$work/kb" --port "$port" > "$work/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 600); do grep -q "built" "$work/log" 2>/dev/null && break; sleep 0.1; done
topics=$(find "$work/kb/content" -name "*.md" | wc -l)
python3 - "$work" "$port" "$edits" "$topics" "$kind" <<'PY'
import os, re, statistics, sys, time, urllib.request
work, port, edits, topics, kind = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
content = os.path.join(work, "kb", "content")
lang = sorted(d for d in os.listdir(content) if os.path.isdir(os.path.join(content, d)))[0]
name = sorted(f for f in os.listdir(os.path.join(content, lang)) if f.endswith(".md"))[0]
path = os.path.join(content, lang, name)
url = f"http://127.0.0.1:{port}/{lang}/{name[:-3]}.html"
get = lambda u: urllib.request.urlopen(u, timeout=10).read().decode("utf-8", "replace")
get(url)
ends = []
for i in range(edits):
    word = f"kbgenbench{i}x{int(time.time() * 1000)}"
    time.sleep(0.3)  # let the previous rebuild settle; every edit is a separate save
    start = time.perf_counter()
    if kind == "title":
        text = open(path, encoding="utf-8").read()
        text = re.sub(r"(?m)^title: .*$", f"title: Edited {word}", text, count=1)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        with open(path, "a", encoding="utf-8") as f:
            f.write(f"\n\nEdit {word}.\n")
    while word not in get(url):
        if time.perf_counter() - start > 30:
            sys.exit(f"edit {i}: not served after 30 s")
        time.sleep(0.002)
    ends.append((time.perf_counter() - start) * 1000)
log = open(os.path.join(work, "log"), encoding="utf-8").read()
rows = [(float(b), float(l)) for b, l in re.findall(r"in (\d+) ms.*reload sent (\d+) ms", log)][1:]
print("| topics | edit | edits | write → served median ms | p90 ms | max ms | server: rebuild median ms | server: change → reload median ms |")
print("|---|---|---|---|---|---|---|---|")
srv_b = f"{statistics.median(r[0] for r in rows):.0f}" if rows else "–"
srv_l = f"{statistics.median(r[1] for r in rows):.0f}" if rows else "–"
p90 = sorted(ends)[max(0, int(len(ends) * 0.9 + 0.5) - 1)]
print(f"| {topics} | {kind} | {len(ends)} | {statistics.median(ends):.0f} | {p90:.0f} | {max(ends):.0f} | {srv_b} | {srv_l} |")
print(f"(edited {lang}/{name})")
PY
