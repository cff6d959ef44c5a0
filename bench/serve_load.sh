#!/usr/bin/env bash
# Load test of `kbgen serve` on 127.0.0.1: wrk with 100 connections for 30 s (by default) while a
# topic is edited every 500 ms (each edit triggers a rebuild and a reload broadcast). Prints
# requests/s, latency, socket errors, non-2xx answers, and the server's memory before and after.
# Usage: bash bench/serve_load.sh [SECONDS] [PROJECT_DIR]   (default: the sample knowledge base)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-30}"
src="${2:-$here}"
command -v wrk >/dev/null || { SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo; $SUDO apt-get install -y -qq wrk >/dev/null; }
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
work=$(mktemp -d /tmp/kbgen-load.XXXXXX)
mkdir -p "$work/kb"
for part in book.toml content templates static i18n; do cp -r "$src/$part" "$work/kb/"; done
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"${CARGO_TARGET_DIR:-$here/target}/release/kbgen" serve --root "$work/kb" --port "$port" > "$work/serve.log" 2>&1 &
pid=$!
editor=""
trap 'kill $pid $editor 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/ja/index.html" >/dev/null 2>&1 && break; sleep 0.1; done
rss() { awk '/VmRSS/{print $2}' "/proc/$pid/status"; }
before=$(rss)
topic=$(find "$work/kb/content" -name "*.md" -print -quit)
( end=$((SECONDS + seconds)); n=0; while [ $SECONDS -lt $end ]; do n=$((n+1)); printf '\nLoad-test edit %s.\n' "$n" >> "$topic"; sleep 0.5; done ) &
editor=$!
wrk -t2 -c100 -d"${seconds}s" --latency "http://127.0.0.1:$port/ja/check-methods.html" > "$work/wrk.txt" 2>&1 || true
wait $editor 2>/dev/null || true
after=$(rss)
rebuilds=$(grep -c "reload sent" "$work/serve.log" || true)
cat "$work/wrk.txt"
errors=$(grep -E "Socket errors" "$work/wrk.txt" || echo "Socket errors: none")
non2xx=$(grep -E "Non-2xx" "$work/wrk.txt" || echo "Non-2xx or 3xx responses: 0")
echo
echo "| duration | connections | requests/s | p99 latency | socket errors | non-2xx | rebuilds during the run | RSS before → after |"
echo "|---|---|---|---|---|---|---|---|"
echo "| ${seconds} s | 100 | $(awk '/Requests\/sec/{print $2}' "$work/wrk.txt") | $(awk '$1=="99%"{print $2}' "$work/wrk.txt") | ${errors#*: } | ${non2xx#*: } | $rebuilds | $((before/1024)) MiB → $((after/1024)) MiB |"
if grep -q "Socket errors" "$work/wrk.txt" || grep -q "Non-2xx" "$work/wrk.txt"; then exit 1; fi
