#!/usr/bin/env bash
# agent-sizes.sh [N]: the figures of the agents section of BENCHMARKS.md.
# Builds the example site and prints the bytes of its HTML pages beside the
# bytes of their markdown twins; then builds the N-article kbcorpus site
# (default 10000) and prints the size of every llms.txt level and of the
# llms-full.txt files.
set -euo pipefail
N=${1:-10000}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
corpus_src=$(cd "$repo/.." && pwd)/shared/tools/kbcorpus
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$repo" && go build -o "$work/kb" ./cmd/kb)

echo "== example site: HTML pages vs markdown twins"
"$work/kb" build -src "$repo" -out "$work/example" >/dev/null
html=$(find "$work/example" -name index.html -not -path '*/.kb-search/*' -print0 | xargs -0 cat | wc -c)
twins=$(find "$work/example" -name index.md -print0 | xargs -0 cat | wc -c)
pages=$(find "$work/example" -name index.md | wc -l)
awk -v h="$html" -v m="$twins" -v n="$pages" 'BEGIN { printf "%d pages: HTML %.1f KB, twins %.1f KB, twin/HTML %.2f\n", n, h/1024, m/1024, m/h }'
card=billing/payments/card-declined
printf '%s: HTML %d bytes, twin %d bytes\n' "$card" "$(wc -c <"$work/example/$card/index.html")" "$(wc -c <"$work/example/$card.md")"

echo "== kbcorpus $N articles: llms files"
if [ ! -f "$corpus_src/go.mod" ]; then echo "kbcorpus not found at $corpus_src: skipped"; exit 0; fi
(cd "$corpus_src" && go build -o "$work/kbcorpus" .)
"$work/kbcorpus" -n "$N" -seed 1 -out "$work/corpus" 2>/dev/null
"$work/kb" build -src "$work/corpus" -out "$work/out" | sed 's/^/  /'
cd "$work/out"
printf '  root llms.txt: %d bytes\n' "$(wc -c <llms.txt)"
for f in */llms.txt; do printf '  %s: %d bytes\n' "$f" "$(wc -c <"$f")"; done
find . -mindepth 3 -maxdepth 3 -name llms.txt -printf '%s\n' | sort -n | awk '{ a[NR]=$1; s+=$1 } END { printf "  section llms.txt (%d files): min %d, median %d, max %d bytes\n", NR, a[1], a[int((NR+1)/2)], a[NR] }'
find . -mindepth 4 -maxdepth 4 -name llms.txt -printf '%s\n' | sort -n | awk '{ a[NR]=$1 } END { printf "  article llms.txt (%d files): min %d, median %d, max %d bytes\n", NR, a[1], a[int((NR+1)/2)], a[NR] }'
printf '  llms-full.txt: %d bytes\n' "$(wc -c <llms-full.txt)"
