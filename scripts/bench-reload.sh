#!/usr/bin/env bash
# bench-reload.sh [N] [EDITS]: save-to-reload latency of kb serve and of
# hugo server, side by side, on the same synthetic help center (issue 5).
#
#   N      articles in the corpus (default 10000)
#   EDITS  rounds; each round saves one article once in each tool's copy of
#          the corpus, kb first in odd rounds, Hugo first in even ones
#          (default 20); every 5th round changes the article's title (it
#          shows in the sidebar of the section's pages) instead of its body
#
# The corpus comes from kbcorpus (../shared/tools/kbcorpus beside the repo),
# the plain variant for kb and the -hugo variant for Hugo, generated once
# into a temporary folder. kb is built once from this checkout. Both servers
# run at the same time, on loopback: `kb serve -src SITE -addr ADDR` and
# `hugo server -s SITE --port PORT --bind 127.0.0.1` (Hugo's defaults:
# rendering to memory, fast render mode). scripts/reloadbench does the
# measuring: it listens to kb's server-sent events (/_dev/events) and to
# Hugo's LiveReload WebSocket (/livereload), saves an article in place
# (open with truncation, write, close) and times the save until the reload
# message arrives. Before each save both servers must be idle (kb keeps
# indexing for search after its reload) and their channels quiet; after
# the reload it fetches the page to check that it shows the edit. It prints
# every save, the medians and p90s, the kb/hugo ratios, each server's
# startup time (until the first page is served) and memory, and whether
# kb's median meets issue 5's target (under 100 ms).
#
# Environment: KEEP=1 keeps the temporary folder (corpora, server logs);
# BENCH_DIR=DIR uses DIR (created, must be empty) instead of a new temporary
# folder; KB_BIN=FILE measures that kb binary instead of building this
# checkout's; RELOADBENCH_ARGS="..." adds flags to reloadbench (see
# `go run ./scripts/reloadbench -h`, e.g. "-hugo-args --disableFastRender"
# or "-tools kb").
#
# Hugo is installed with apt-get when missing (as root); when it cannot be
# had, the script measures kb alone.
set -euo pipefail

N=${1:-10000}
EDITS=${2:-20}
case $N$EDITS in *[!0-9]*|'') echo "usage: $0 [N] [EDITS]" >&2; exit 2;; esac
if [ "$N" -lt 2 ] || [ "$EDITS" -lt 1 ]; then echo "usage: $0 [N] [EDITS]" >&2; exit 2; fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
corpus_src=$(cd "$repo/.." && pwd)/shared/tools/kbcorpus

say() { printf '%s\n' "$*"; }
die() { printf 'bench-reload: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null || die "the go command is needed to build kb, kbcorpus and reloadbench"
[ -f "$corpus_src/go.mod" ] || die "kbcorpus not found at $corpus_src (shared/ must be beside the repo)"
tools="kb,hugo"
if ! command -v hugo >/dev/null; then
	say "bench-reload: hugo is not installed; trying apt-get install -y hugo"
	if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null ||
		! { DEBIAN_FRONTEND=noninteractive apt-get install -y -q hugo >/dev/null 2>&1 ||
			{ apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q hugo >/dev/null 2>&1; }; }; then
		say "bench-reload: Hugo is not available: measuring kb alone"
		tools="kb"
	fi
fi

if [ -n "${BENCH_DIR:-}" ]; then
	mkdir -p "$BENCH_DIR"
	[ -z "$(ls -A "$BENCH_DIR")" ] || die "BENCH_DIR $BENCH_DIR is not empty"
	work=$(cd "$BENCH_DIR" && pwd)
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/kb-bench-reload.XXXXXX")
fi
cleanup() {
	if [ "${KEEP:-0}" = 1 ]; then say "bench-reload: kept $work"; else say "bench-reload: removing $work"; rm -rf "$work"; fi
}
trap cleanup EXIT

say "== save to reload, kb serve vs hugo server: $N articles, $EDITS rounds"
envs=""
for v in KB_BIN BENCH_DIR RELOADBENCH_ARGS GOMAXPROCS GOGC GOMEMLIMIT; do
	[ -z "${!v:-}" ] || envs+="$v=\"${!v}\" "
done
say "command:  ${envs}scripts/bench-reload.sh $N $EDITS"
say "date:     $(date -u '+%Y-%m-%d %H:%M UTC')"
say "machine:  $(nproc) cores, $(grep -m1 '^model name' /proc/cpuinfo | sed 's/^[^:]*: *//'), $(awk '/^MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); load $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "${KB_BIN:-}" ]; then
	commit="binary $KB_BIN"
else
	commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
	if [ -n "$(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null)" ]; then commit="$commit+dirty"; fi
fi
say "kb:       $commit, $(go version | awk '{print $3}')"
[ "$tools" = kb ] || say "hugo:     $(hugo version 2>/dev/null | head -1)"
say "work dir: $work ($(df -h --output=fstype,avail "$work" | tail -1 | awk '{print $1 ", " $2 " free"}'))"

(cd "$corpus_src" && go build -o "$work/kbcorpus" .) || die "cannot build kbcorpus"
if [ -n "${KB_BIN:-}" ]; then
	cp "$KB_BIN" "$work/kb" || die "cannot copy $KB_BIN"
else
	(cd "$repo" && go build -o "$work/kb" ./cmd/kb) || die "cannot build kb (KB_BIN=FILE measures a given binary)"
fi
(cd "$repo" && go build -o "$work/reloadbench" ./scripts/reloadbench) || die "cannot build reloadbench"
"$work/kbcorpus" -n "$N" -seed 1 -out "$work/site-kb" 2>&1 | sed 's/^/corpus:   /'
if [ "$tools" != kb ]; then
	"$work/kbcorpus" -n "$N" -seed 1 -out "$work/site-hugo" -hugo 2>&1 | sed 's/^/corpus:   /'
fi
sync
mkdir -p "$work/logs"

say ""
# shellcheck disable=SC2086 # RELOADBENCH_ARGS is a list of flags
"$work/reloadbench" -kb "$work/kb" -kb-site "$work/site-kb" -hugo-site "$work/site-hugo" \
	-tools "$tools" -edits "$EDITS" -logdir "$work/logs" ${RELOADBENCH_ARGS:-}
