#!/usr/bin/env bash
# static-search-browser.sh N: kb's static search beside Pagefind, in
# Chromium, over the same HTML. Builds the N-article kbcorpus site (seed 1)
# with kb (this checkout, or COMMIT), runs Pagefind (npx -y pagefind@1) over kb's
# output into public/pagefind/, then scripts/searchbrowser serves public/
# (the .gz files as Content-Encoding: gzip, other text gzipped on the fly)
# and prints bytes transferred and requests for a first query and each
# further keystroke, query time after the data arrived, and each index's
# size and file count, side by side.
#
#   N  articles (default 10000)
#
# Environment: BENCH_DIR=DIR puts the site in DIR/kb-browser-N (default
# /tmp/kb-browser-N, replaced); REUSE=1 keeps a site already built there (only
# kb build and Pagefind run again: after a change to the static index,
# say); COMMIT=rev builds kb from that commit (git archive, so a shared
# tree's uncommitted edits are left out; default: the tree as it is);
# EVERY=n takes every n-th title as a query (default N/20);
# SEARCHBROWSER_FLAGS passes more flags (-sessions, -pause, -typing).
# Every step's requests go to DIR/kb-browser-N/details.tsv.
# The kb build's wall time and peak RSS come from /usr/bin/time -v when
# it is installed.
set -euo pipefail
n=${1:-10000}
case $n in *[!0-9]*|'') echo "usage: $0 [N]" >&2; exit 2;; esac
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=${BENCH_DIR:-/tmp}/kb-browser-$n
if [ "${REUSE:-}" != 1 ] || [ ! -d "$dir/content" ]; then
  rm -rf "$dir"
  (cd "$repo/../shared/tools/kbcorpus" && go run . -n "$n" -seed 1 -out "$dir" >/dev/null)
fi
if [ -n "${COMMIT:-}" ]; then
  src=$(mktemp -d)
  (cd "$repo" && git archive "$COMMIT") | tar -x -C "$src"
  (cd "$src" && go build -buildvcs=false -o "$dir/kb" ./cmd/kb)
  rm -rf "$src"
  echo "kb at commit $(cd "$repo" && git log -1 --format=%h "$COMMIT")"
else
  (cd "$repo" && go build -o "$dir/kb" ./cmd/kb)
  echo "kb at commit $(cd "$repo" && git log -1 --format=%h)$(cd "$repo" && git diff --quiet HEAD -- search layouts builder cmd || echo ' with uncommitted changes in search/, layouts/, builder/ or cmd/')"
fi
rm -rf "$dir/public"
if [ -x /usr/bin/time ]; then
  (cd "$dir" && /usr/bin/time -v ./kb build >/dev/null 2>"$dir/time.txt") || { cat "$dir/time.txt" >&2; exit 1; }
  awk -F': ' '/Elapsed \(wall/ {w=$2} /Maximum resident/ {r=$2} END {printf "kb build: %s wall, peak RSS %.0f MB\n", w, r/1024}' "$dir/time.txt"
else
  (cd "$dir" && ./kb build >/dev/null)
fi
start=$(date +%s)
(cd "$dir" && npx -y pagefind@1 --site public >"$dir/pagefind.log" 2>&1) || { cat "$dir/pagefind.log" >&2; exit 1; }
echo "$(cd "$dir" && npx -y pagefind@1 --version 2>/dev/null | tail -1): $(($(date +%s) - start)) s"
echo "load average before: $(cut -d" " -f1-3 /proc/loadavg)"
cd "$repo" && go run ./scripts/searchbrowser -site "$dir/public" -every "${EVERY:-$((n / 20))}" -details "$dir/details.tsv" ${SEARCHBROWSER_FLAGS:-}
