#!/usr/bin/env bash
# static-search-bytes.sh N: builds the N-article kbcorpus site (seed 1)
# with kb build and prints what kb's static search fetches for a reader's
# first query and each further keystroke, its file count and size
# (scripts/staticbytes). EVERY=n takes every n-th title as a query.
set -euo pipefail
n=${1:-10000}
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=${BENCH_DIR:-$(mktemp -d)}/kb-static-$n
rm -rf "$dir"
(cd "$repo/../shared/tools/kbcorpus" && go run . -n "$n" -seed 1 -out "$dir" >/dev/null)
(cd "$repo" && go build -o "$dir/kb" ./cmd/kb)
(cd "$dir" && ./kb build >/dev/null)
cd "$repo" && go run ./scripts/staticbytes -out "$dir/public" -every "${EVERY:-$((n / 10))}"
