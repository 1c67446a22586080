#!/usr/bin/env bash
# mcp-bench.sh [N]: the MCP figures of BENCHMARKS.md. Builds the N-article
# kbcorpus site (default 10000), serves it with kb serve -prod, and runs
# scripts/mcpbench: search latency over MCP (p50/p99) and get_page bytes
# beside the HTML pages'.
set -euo pipefail
N=${1:-10000}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
corpus_src=$(cd "$repo/.." && pwd)/shared/tools/kbcorpus
work=${WORK:-$(mktemp -d)}
[ -n "${WORK:-}" ] || trap 'rm -rf "$work"' EXIT
(cd "$repo" && go build -o "$work/kb" ./cmd/kb && go build -o "$work/mcpbench" ./scripts/mcpbench)
if [ ! -d "$work/out" ]; then
  (cd "$corpus_src" && go build -o "$work/kbcorpus" .)
  "$work/kbcorpus" -n "$N" -seed 1 -out "$work/corpus" 2>/dev/null
  "$work/kb" build -src "$work/corpus" -out "$work/out" >/dev/null
fi
port=$((20000 + RANDOM % 20000))
"$work/kb" serve -prod -dir "$work/out" -addr "127.0.0.1:$port" -access-log=false -mcp-rate 100000 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null; [ -n "${WORK:-}" ] || rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
base=$(sed -n 's/.*"base_path": *"\([^"]*\)".*/\1/p' "$work/out/_kb.json")
echo "== kb MCP at $N articles"
"$work/mcpbench" -url "http://127.0.0.1:$port${base:-/}mcp" -dir "$work/out" "${@:2}"
