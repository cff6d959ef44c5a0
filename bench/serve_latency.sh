#!/usr/bin/env bash
# Edit-to-reload latency of `kbgen serve`, server side: starts the server on a copy of a kbgen
# project, edits one topic N times, and reads the server's own line per rebuild
#   "built N files in B ms after PATH; reload sent L ms after the change was seen"
# (L = from the debounced file event to the reload broadcast; the 30 ms debounce comes before).
# Usage: bash bench/serve_latency.sh PROJECT_DIR [EDITS]
set -euo pipefail
src="$1"; edits="${2:-10}"
here="$(cd "$(dirname "$0")/.." && pwd)"
work=$(mktemp -d /tmp/kbgen-serve-bench.XXXXXX)
cp -r "$src" "$work/kb"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"${CARGO_TARGET_DIR:-$here/target}/release/kbgen" serve --root "$work/kb" --port "$port" > "$work/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do grep -q "built" "$work/log" 2>/dev/null && break; sleep 0.1; done
topic=$(find "$work/kb/content" -name "*.md" -print -quit)
for i in $(seq "$edits"); do
  printf '\nEdit %s.\n' "$i" >> "$topic"
  for _ in $(seq 100); do [ "$(grep -c "reload sent" "$work/log" || true)" -ge "$((i + 1))" ] && break; sleep 0.05; done
done
topics=$(find "$work/kb/content" -name "*.md" | wc -l)
python3 - "$work/log" "$topics" <<'PY'
import re, statistics, sys
rows = [(float(b), float(l)) for b, l in re.findall(r"in (\d+) ms.*reload sent (\d+) ms", open(sys.argv[1]).read())][1:]
if not rows:
    print("no rebuild measured"); sys.exit(1)
b = [r[0] for r in rows]; l = [r[1] for r in rows]
print(f"| topics | edits | rebuild median ms | change-to-reload median ms | max ms |")
print(f"|---|---|---|---|---|")
print(f"| {sys.argv[2]} | {len(rows)} | {statistics.median(b):.0f} | {statistics.median(l):.0f} | {max(l):.0f} |")
PY
