#!/usr/bin/env bash
# bench-hugo.sh [N] [RUNS]: build the same synthetic help center with kb and
# with Hugo, side by side, and print wall time and peak memory of each run,
# the medians and the kb/hugo ratios.
#
#   N     articles in the corpus (default 10000)
#   RUNS  rounds; each round builds once with kb and once with Hugo
#         (default 5)
#
# The corpus comes from kbcorpus (../shared/tools/kbcorpus beside the repo):
# the plain variant for kb, the -hugo variant (same articles, Hugo config and
# layouts) for Hugo. Both are generated once into a temporary folder. kb is
# built once from this checkout. Every build writes into a fresh output
# folder; Hugo gets a fresh --cacheDir each time, so neither tool reuses
# anything from an earlier run. The kb build is the default one: every link
# checked, every output written. Builds alternate (kb first in odd rounds,
# Hugo first in even ones) so that a noisy machine slows both alike; quote
# the ratios. Wall seconds and peak RSS come from /usr/bin/time.
#
# On ext4, files created soon (up to about 5 minutes) after many files were
# removed on the same filesystem are slow to create, and the more so the
# more files a tool writes; so outputs are kept until the script ends, and
# the figures are steadier when no large folder was removed just before.
#
# Environment: KEEP=1 keeps the temporary folder (corpora and outputs);
# BENCH_DIR=DIR uses DIR (created, must be empty) instead of a new
# temporary folder (BENCH_DIR=/dev/shm/kb-bench measures without the disk);
# KB_BIN=FILE measures that kb binary instead of building this checkout's;
# KB_BASE=FILE also measures that kb binary (an earlier build, say) in every
# round, between the other two, and prints kb against it: a before/after
# under the same load.
#
# Hugo and GNU time are installed with apt-get when missing (as root); when
# Hugo cannot be had, the script says so and exits 0 without measuring.
set -euo pipefail

N=${1:-10000}
RUNS=${2:-5}
case $N$RUNS in *[!0-9]*|'') echo "usage: $0 [N] [RUNS]" >&2; exit 2;; esac
if [ "$N" -lt 1 ] || [ "$RUNS" -lt 1 ]; then echo "usage: $0 [N] [RUNS]" >&2; exit 2; fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
corpus_src=$(cd "$repo/.." && pwd)/shared/tools/kbcorpus

say() { printf '%s\n' "$*"; }
die() { printf 'bench-hugo: %s\n' "$*" >&2; exit 1; }

apt_install() { # apt_install PACKAGE: quietly, updating the lists once if needed
	[ "$(id -u)" = 0 ] || return 1
	command -v apt-get >/dev/null || return 1
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$1" >/dev/null 2>&1 && return 0
	apt-get update -q >/dev/null 2>&1 || true
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$1" >/dev/null 2>&1
}

command -v go >/dev/null || die "the go command is needed to build kb and kbcorpus"
[ -f "$corpus_src/go.mod" ] || die "kbcorpus not found at $corpus_src (shared/ must be beside the repo)"
if ! command -v hugo >/dev/null; then
	say "bench-hugo: hugo is not installed; trying apt-get install -y hugo"
	if ! apt_install hugo || ! command -v hugo >/dev/null; then
		say "bench-hugo: SKIPPED: Hugo is not available (apt-get install -y hugo failed or not root)"
		exit 0
	fi
fi
if [ ! -x /usr/bin/time ]; then
	say "bench-hugo: /usr/bin/time is missing; trying apt-get install -y time"
	apt_install time && [ -x /usr/bin/time ] || die "GNU time (/usr/bin/time) is needed: apt-get install -y time"
fi

if [ -n "${BENCH_DIR:-}" ]; then
	mkdir -p "$BENCH_DIR"
	[ -z "$(ls -A "$BENCH_DIR")" ] || die "BENCH_DIR $BENCH_DIR is not empty"
	work=$(cd "$BENCH_DIR" && pwd)
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/kb-bench-hugo.XXXXXX")
fi
cleanup() {
	if [ "${KEEP:-0}" = 1 ]; then say "bench-hugo: kept $work"; else say "bench-hugo: removing $work"; rm -rf "$work"; fi
}
trap cleanup EXIT

# ---------------------------------------------------------------- setup

say "== kb vs Hugo: $N articles, $RUNS rounds"
envs=""
for v in KB_BIN KB_BASE BENCH_DIR GOMAXPROCS GOGC GOMEMLIMIT; do
	[ -z "${!v:-}" ] || envs+="$v=${!v} "
done
say "command:  ${envs}scripts/bench-hugo.sh $N $RUNS"
say "date:     $(date -u '+%Y-%m-%d %H:%M UTC')"
say "machine:  $(nproc) cores, $(grep -m1 '^model name' /proc/cpuinfo | sed 's/^[^:]*: *//'), $(awk '/^MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
if [ -n "${KB_BIN:-}" ]; then
	commit="binary $KB_BIN"
else
	commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
	if [ -n "$(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null)" ]; then commit="$commit+dirty"; fi
fi
say "kb:       $commit, $(go version | awk '{print $3}'), GOMAXPROCS ${GOMAXPROCS:-default ($(nproc))}"
say "hugo:     $(hugo version 2>/dev/null | head -1)"
say "work dir: $work ($(df -h --output=fstype,avail "$work" | tail -1 | awk '{print $1 ", " $2 " free"}'); outputs are kept until the end, about $((N * 100 * RUNS / 1000)) MB)"

(cd "$corpus_src" && go build -o "$work/kbcorpus" .) || die "cannot build kbcorpus"
if [ -n "${KB_BIN:-}" ]; then
	cp "$KB_BIN" "$work/kb" || die "cannot copy $KB_BIN"
else
	(cd "$repo" && go build -o "$work/kb" ./cmd/kb) || die "cannot build kb"
fi
if [ -n "${KB_BASE:-}" ]; then
	cp "$KB_BASE" "$work/kbbase" || die "cannot copy $KB_BASE"
fi
"$work/kbcorpus" -n "$N" -seed 1 -out "$work/site-kb" 2>&1 | sed 's/^/corpus:   /'
"$work/kbcorpus" -n "$N" -seed 1 -out "$work/site-hugo" -hugo 2>&1 | sed 's/^/corpus:   /'
sync

# ---------------------------------------------------------------- runs

# measure TOOL ROUND: one build into a fresh output folder,
# $work/out-TOOL-ROUND (kb's output goes to public/ inside it, beside kb's
# temporary folder and lock), with a fresh Hugo cache folder. Appends
# "wall_s rss_kb user_s sys_s" to $work/TOOL.runs.
#
# Outputs are kept until the end, not removed between builds: on ext4,
# creating a file next to tens of thousands of files deleted in the last
# minutes is slow (the inode allocator skips recently deleted inodes, see
# __ext4_new_inode/recently_deleted in a kernel profile), and removing one
# build's output would charge the next build, kb's or Hugo's, for it.
measure() {
	local tool=$1 round=$2 out="$work/out-$1-$2" tf="$work/time.txt" log="$work/$1.log" load
	# sync, so that the writeback of the previous build is not charged to
	# this one.
	sync
	load=$(cut -d' ' -f1 /proc/loadavg)
	case $tool in
	kb | kbbase)
		mkdir -p "$out"
		out="$out/public"
		/usr/bin/time -o "$tf" -f '%e %M %U %S' "$work/$tool" build -src "$work/site-kb" -out "$out" >"$log" 2>&1 ||
			{ cat "$log" >&2; die "kb build failed in round $round"; }
		;;
	hugo)
		mkdir -p "$work/hugo-cache-$round"
		/usr/bin/time -o "$tf" -f '%e %M %U %S' hugo --quiet -s "$work/site-hugo" -d "$out" --cacheDir "$work/hugo-cache-$round" >"$log" 2>&1 ||
			{ cat "$log" >&2; die "hugo failed in round $round"; }
		;;
	esac
	# GNU time prints "Command exited with non-zero status" first on failure;
	# the figures are on the last line.
	tail -n 1 "$tf" >>"$work/$tool.runs"
	read -r wall rss user sys < <(tail -n 1 "$tf")
	awk -v r="$round" -v t="$tool" -v w="$wall" -v m="$rss" -v u="$user" -v s="$sys" -v l="$load" 'BEGIN {
		printf "%-6s %-5s %8.2f s %8.0f MB %8.2f s %6.2f %8s\n", r, t, w, m / 1024, u + s, (w > 0 ? (u + s) / w : 0), l }'

}

: >"$work/kb.runs"
: >"$work/hugo.runs"
: >"$work/kbbase.runs"
say ""
say "round  tool      wall     peak RSS   CPU time  cores  load (CPU time = user + sys; load = 1-min load average before the run)"
for ((i = 1; i <= RUNS; i++)); do
	if ((i % 2)); then order="kb hugo"; else order="hugo kb"; fi
	[ -z "${KB_BASE:-}" ] || order="${order% *} kbbase ${order#* }"
	for t in $order; do measure "$t" "$i"; done
done

# ---------------------------------------------------------------- summary

median() { # median COLUMN FILE
	awk -v c="$1" '{ print $c }' "$2" | sort -g | awk '{ v[NR] = $1 } END {
		if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
kb_wall=$(median 1 "$work/kb.runs");   hugo_wall=$(median 1 "$work/hugo.runs")
kb_rss=$(median 2 "$work/kb.runs");    hugo_rss=$(median 2 "$work/hugo.runs")
# Per-round ratios as well: each pair ran back to back, so their ratio is
# the least disturbed by the machine's load drifting during the benchmark.
paste -d' ' "$work/kb.runs" "$work/hugo.runs" | awk '{ print $1 / $5, $2 / $6 }' >"$work/ratios"
r_wall=$(median 1 "$work/ratios"); r_rss=$(median 2 "$work/ratios")
# CPU time (user + sys) is the figure least disturbed by other load on a
# shared machine; wall time is what the target is about.
awk '{ print $3 + $4 }' "$work/kb.runs" >"$work/kb.cpu"; awk '{ print $3 + $4 }' "$work/hugo.runs" >"$work/hugo.cpu"
kb_cpu=$(median 1 "$work/kb.cpu"); hugo_cpu=$(median 1 "$work/hugo.cpu")

say ""
say "medians over $RUNS rounds:"
awk -v kw="$kb_wall" -v hw="$hugo_wall" -v km="$kb_rss" -v hm="$hugo_rss" 'BEGIN {
	printf "kb/hugo wall %.2f (kb %.2fs, hugo %.2fs) · peak RSS %.2f (kb %.0f MB, hugo %.0f MB)\n",
		kw / hw, kw, hw, km / hm, km / 1024, hm / 1024 }'
awk -v rw="$r_wall" -v rm="$r_rss" 'BEGIN { printf "median of per-round ratios: wall %.2f · peak RSS %.2f\n", rw, rm }'
awk -v k="$kb_cpu" -v h="$hugo_cpu" 'BEGIN { printf "CPU time (user+sys) kb/hugo %.2f (kb %.1fs, hugo %.1fs)\n", k / h, k, h }'
awk -v kw="$kb_wall" -v hw="$hugo_wall" -v km="$kb_rss" -v hm="$hugo_rss" 'BEGIN {
	ok = (kw / hw <= 0.5 && km / hm <= 0.5)
	printf "target (kb <= 0.5 x hugo in wall time and in peak RSS): %s\n", ok ? "MET" : "MISSED" }'

if [ -n "${KB_BASE:-}" ]; then
	kbase_wall=$(median 1 "$work/kbbase.runs"); kbase_rss=$(median 2 "$work/kbbase.runs")
	awk '{ print $3 + $4 }' "$work/kbbase.runs" >"$work/kbbase.cpu"; kbase_cpu=$(median 1 "$work/kbbase.cpu")
	awk -v kw="$kb_wall" -v bw="$kbase_wall" -v hw="$hugo_wall" -v km="$kb_rss" -v bm="$kbase_rss" -v hm="$hugo_rss" -v kc="$kb_cpu" -v bc="$kbase_cpu" -v hc="$hugo_cpu" 'BEGIN {
		printf "KB_BASE: kb-base/hugo wall %.2f (%.2fs) · peak RSS %.2f (%.0f MB) · CPU %.2f (%.1fs)\n", bw / hw, bw, bm / hm, bm / 1024, bc / hc, bc
		printf "kb/kb-base: wall %.2f · peak RSS %.2f · CPU %.2f\n", kw / bw, km / bm, kc / bc }'
fi

say ""
say "outputs of the last round:"
for t in kb hugo; do
	o="$work/out-$t-$RUNS"; [ "$t" = kb ] && o="$o/public"
	files=$(find "$o" -type f | wc -l)
	html=$(find "$o" -type f -name '*.html' | wc -l)
	bytes=$(find "$o" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
	printf '%-5s %7d files (%d .html), %7.1f MB\n' "$t" "$files" "$html" "$(awk -v b="$bytes" 'BEGIN { print b / 1e6 }')"
done
say "kb says: $(grep '^kb: built' "$work/kb.log" || tail -n 1 "$work/kb.log")"
