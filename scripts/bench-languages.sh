#!/usr/bin/env bash
# bench-languages.sh [N] [RUNS] [SAVES]: issue 18's figures. kb build of
# the N-article kbcorpus site (default 10000) in 1, 2 and 3 languages, side
# by side, then kb serve's save-to-reload on the 3-language site beside the
# 1-language one.
#
#   N      articles in the corpus (default 10000)
#   RUNS   build rounds (default 3); each round builds every variant once,
#          in an order that turns round by round (0 skips the builds)
#   SAVES  saves per kind of article in the reload part (default 10; 0
#          skips it)
#
# The sites: kbcorpus -n N -seed 1 writes the English site (site-1);
# scripts/langcorpus writes translations into content/de/ and content/fr/
# (title, description and each paragraph marked "[de] ", headings, code and
# links untouched) and the languages into site.yaml:
#
#   en        English alone (site.yaml with language: en, no languages:)
#   en+de     German, every article translated
#   en+de+fr  German and French, every article translated
#   3@PCT     German and French, PCT% of the articles translated (default
#             60, PCT=... to change), the others built as fallback pages
#
# The English files are shared between the variants (cp -al). Each build is
# `kb build -src SITE -out OUT` into a fresh folder, under /usr/bin/time
# (wall seconds, peak RSS, CPU); outputs are kept until the end (on ext4,
# creating files soon after many were deleted is slow; see
# scripts/bench-hugo.sh). It prints every build, the medians and each
# variant's ratios to English alone (per language: 3 languages against 1
# should be at most 3.0 in time and in memory, issue 18).
#
# The reload part runs scripts/reloadbench with two kb servers at once: kb
# on a copy of site-1 and kb2 on a copy of the 3@PCT site (copies, not
# links: saves write in place). Each round saves one article in both, in
# turn: an English article translated in de and fr ("translated"), an
# English article that is a fallback page in de and fr ("fallback"), and
# the German translation of another article ("german"; on site-1 its
# English original is saved), SAVES rounds of each, body edits. After
# each reload it checks the page, and for the fallback article its
# fallback pages /de/… and /fr/… too.
#
# Environment: KEEP=1 keeps the temporary folder; BENCH_DIR=DIR uses DIR
# (created, must be empty); KB_BIN=FILE measures that kb binary instead of
# building this checkout's; PCT=n the translated share of the last variant
# (default 60); RELOADBENCH_ARGS="..." adds flags to reloadbench.
set -euo pipefail

N=${1:-10000}
RUNS=${2:-3}
SAVES=${3:-10}
PCT=${PCT:-60}
case $N$RUNS$SAVES$PCT in *[!0-9]*|'') echo "usage: $0 [N] [RUNS] [SAVES]" >&2; exit 2;; esac
if [ "$N" -lt 2 ] || [ "$PCT" -gt 99 ]; then echo "usage: $0 [N] [RUNS] [SAVES] (PCT 0-99)" >&2; exit 2; fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
corpus_src=$(cd "$repo/.." && pwd)/shared/tools/kbcorpus

say() { printf '%s\n' "$*"; }
die() { printf 'bench-languages: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null || die "the go command is needed to build kb, kbcorpus and the helpers"
[ -f "$corpus_src/go.mod" ] || die "kbcorpus not found at $corpus_src (shared/ must be beside the repo)"
[ -x /usr/bin/time ] || die "GNU time (/usr/bin/time) is needed: apt-get install -y time"

if [ -n "${BENCH_DIR:-}" ]; then
	mkdir -p "$BENCH_DIR"
	[ -z "$(ls -A "$BENCH_DIR")" ] || die "BENCH_DIR $BENCH_DIR is not empty"
	work=$(cd "$BENCH_DIR" && pwd)
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/kb-bench-languages.XXXXXX")
fi
cleanup() {
	if [ "${KEEP:-0}" = 1 ]; then say "bench-languages: kept $work"; else say "bench-languages: removing $work"; rm -rf "$work"; fi
}
trap cleanup EXIT

say "== kb in 1, 2 and 3 languages: $N articles, $RUNS build rounds, $SAVES saves per kind"
envs=""
for v in KB_BIN BENCH_DIR PCT RELOADBENCH_ARGS GOMAXPROCS GOGC GOMEMLIMIT; do
	[ -z "${!v:-}" ] || envs+="$v=\"${!v}\" "
done
say "command:  ${envs}scripts/bench-languages.sh $N $RUNS $SAVES"
say "date:     $(date -u '+%Y-%m-%d %H:%M UTC')"
say "machine:  $(nproc) cores, $(grep -m1 '^model name' /proc/cpuinfo | sed 's/^[^:]*: *//'), $(awk '/^MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); load $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "${KB_BIN:-}" ]; then
	commit="binary $KB_BIN"
else
	commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
	if [ -n "$(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null)" ]; then commit="$commit+dirty"; fi
fi
say "kb:       $commit, $(go version | awk '{print $3}')"
say "work dir: $work ($(df -h --output=fstype,avail "$work" | tail -1 | awk '{print $1 ", " $2 " free"}'))"

(cd "$corpus_src" && go build -o "$work/kbcorpus" .) || die "cannot build kbcorpus"
if [ -n "${KB_BIN:-}" ]; then
	cp "$KB_BIN" "$work/kb" || die "cannot copy $KB_BIN"
else
	(cd "$repo" && go build -o "$work/kb" ./cmd/kb) || die "cannot build kb"
fi
(cd "$repo" && go build -o "$work/langcorpus" ./scripts/langcorpus) || die "cannot build langcorpus"
(cd "$repo" && go build -o "$work/reloadbench" ./scripts/reloadbench) || die "cannot build reloadbench"

# ---------------------------------------------------------------- sites

variants="en en+de en+de+fr 3@$PCT"
site_of() { case $1 in en) echo "$work/site-1";; en+de) echo "$work/site-2";; en+de+fr) echo "$work/site-3";; *) echo "$work/site-3p";; esac; }
"$work/kbcorpus" -n "$N" -seed 1 -out "$work/site-1" 2>&1 | sed 's/^/corpus:   /'
"$work/langcorpus" -site "$work/site-1" | sed 's/^/corpus:   en: /'
for v in en+de en+de+fr "3@$PCT"; do
	s=$(site_of "$v")
	cp -al "$work/site-1" "$s"
	case $v in
	en+de) "$work/langcorpus" -site "$s" -langs de ;;
	en+de+fr) "$work/langcorpus" -site "$s" -langs de,fr ;;
	*) "$work/langcorpus" -site "$s" -langs de,fr -pct "$PCT" ;;
	esac | sed "s/^/corpus:   $v: /"
done
sync

# ---------------------------------------------------------------- builds

# measure VARIANT ROUND: one kb build into a fresh folder; appends
# "wall_s rss_kb user_s sys_s" to $work/VARIANT.runs.
measure() {
	local v=$1 round=$2 out="$work/out-$1-$2" tf="$work/time.txt" log="$work/build-$1.log" load
	sync # the previous build's writeback is not this one's
	load=$(cut -d' ' -f1 /proc/loadavg)
	mkdir -p "$out"
	/usr/bin/time -o "$tf" -f '%e %M %U %S' "$work/kb" build -src "$(site_of "$v")" -out "$out/public" >"$log" 2>&1 ||
		{ tail -n 20 "$log" >&2; die "kb build of $v failed in round $round"; }
	tail -n 1 "$tf" >>"$work/$v.runs"
	read -r wall rss user sys < <(tail -n 1 "$tf")
	awk -v r="$round" -v t="$v" -v w="$wall" -v m="$rss" -v u="$user" -v s="$sys" -v l="$load" 'BEGIN {
		printf "%-6s %-9s %8.2f s %8.0f MB %8.2f s %6.2f %8s\n", r, t, w, m / 1024, u + s, (w > 0 ? (u + s) / w : 0), l }'
}

median() { # median COLUMN FILE
	awk -v c="$1" '{ print $c }' "$2" | sort -g | awk '{ v[NR] = $1 } END {
		if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

if [ "$RUNS" -gt 0 ]; then
	for v in $variants; do : >"$work/$v.runs"; done
	say ""
	say "round  variant       wall     peak RSS   CPU time  cores  load (CPU = user + sys; load = 1-min load average before the build)"
	read -r -a vs <<<"$variants"
	for ((i = 1; i <= RUNS; i++)); do
		# Round i starts at variant i-1 and goes round, so each variant
		# takes each place in turn; even rounds go backwards.
		order=()
		for ((k = 0; k < ${#vs[@]}; k++)); do order+=("${vs[(i - 1 + k) % ${#vs[@]}]}"); done
		if ((i % 2 == 0)); then
			rev=(); for ((k = ${#order[@]} - 1; k >= 0; k--)); do rev+=("${order[k]}"); done; order=("${rev[@]}")
		fi
		for v in "${order[@]}"; do measure "$v" "$i"; done
	done

	say ""
	say "medians over $RUNS rounds; ratio = variant / en of the medians (and the median of the per-round ratios), per language = ratio / languages:"
	say "variant    langs      wall  peak RSS       CPU   wall ratio (per round)   RSS ratio (per round)   CPU ratio   per language: wall RSS CPU"
	for v in $variants; do
		awk '{ print $3 + $4 }' "$work/$v.runs" >"$work/$v.cpu"
	done
	w1=$(median 1 "$work/en.runs"); m1=$(median 2 "$work/en.runs"); c1=$(median 1 "$work/en.cpu")
	for v in $variants; do
		case $v in en) n=1;; en+de) n=2;; *) n=3;; esac
		paste -d' ' "$work/$v.runs" "$work/en.runs" | awk '{ print $1 / $5, $2 / $6 }' >"$work/$v.ratios"
		awk -v v="$v" -v n="$n" -v w="$(median 1 "$work/$v.runs")" -v m="$(median 2 "$work/$v.runs")" -v c="$(median 1 "$work/$v.cpu")" \
			-v w1="$w1" -v m1="$m1" -v c1="$c1" -v rw="$(median 1 "$work/$v.ratios")" -v rm="$(median 2 "$work/$v.ratios")" 'BEGIN {
			printf "%-9s %6d %8.2f s %6.0f MB %7.1f s   %5.2f (%5.2f)            %5.2f (%5.2f)           %5.2f       %5.2f %5.2f %5.2f\n",
				v, n, w, m / 1024, c, w / w1, rw, m / m1, rm, c / c1, w / w1 / n, m / m1 / n, c / c1 / n }'
	done
	awk -v w="$(median 1 "$work/en+de+fr.runs")" -v m="$(median 2 "$work/en+de+fr.runs")" -v w1="$w1" -v m1="$m1" 'BEGIN {
		ok = (w / w1 <= 3 && m / m1 <= 3)
		printf "target (3 languages <= 3 x 1 language in wall time and in peak RSS): %s (wall %.2f, peak RSS %.2f)\n", ok ? "MET" : "MISSED", w / w1, m / m1 }'

	say ""
	say "outputs of the last round:"
	for v in $variants; do
		o="$work/out-$v-$RUNS/public"
		printf '%-9s %7d files (%d .html), %7.1f MB; %s\n' "$v" "$(find "$o" -type f | wc -l)" "$(find "$o" -type f -name '*.html' | wc -l)" \
			"$(find "$o" -type f -printf '%s\n' | awk '{ s += $1 } END { print s / 1e6 }')" "$(grep '^kb: built' "$work/build-$v.log" | head -1 || true)"
	done
fi

# ---------------------------------------------------------------- reload

[ "$SAVES" -gt 0 ] || exit 0
say ""
say "== save to reload: kb = en alone (copy of site-1), kb2 = 3@$PCT (copy of site-3p), $SAVES saves of each kind"
cp -r "$work/site-1" "$work/serve-1"
cp -r "$work/site-3p" "$work/serve-3"
sync
# The articles: the first English article (in name order) translated in
# both languages, the first that is in neither, and the German version of
# the second translated one.
translated=() fallback=""
while IFS= read -r a; do
	rel=${a#content/}
	if [ -f "$work/serve-3/content/de/$rel" ] && [ -f "$work/serve-3/content/fr/$rel" ]; then
		[ "${#translated[@]}" -ge 2 ] || translated+=("$rel")
	elif [ -z "$fallback" ] && [ ! -e "$work/serve-3/content/de/$rel" ] && [ ! -e "$work/serve-3/content/fr/$rel" ]; then
		fallback=$rel
	fi
	[ "${#translated[@]}" -lt 2 ] || [ -z "$fallback" ] || break
done < <(cd "$work/serve-3" && find content -path content/de -prune -o -path content/fr -prune -o -name '*.md' ! -name '_index.md' -print | sort)
[ "${#translated[@]}" -eq 2 ] && [ -n "$fallback" ] || die "no translated and fallback articles to save (PCT=$PCT)"
articles="translated=content/${translated[0]},fallback=content/$fallback,german=content/de/${translated[1]}"
say "articles: $articles"
mkdir -p "$work/logs"
# shellcheck disable=SC2086 # RELOADBENCH_ARGS is a list of flags
"$work/reloadbench" -tools kb,kb2 -kb "$work/kb" -kb-site "$work/serve-1" -kb2-site "$work/serve-3" \
	-articles "$articles" -langs de,fr -edits $((3 * SAVES)) -title-every 0 -logdir "$work/logs" ${RELOADBENCH_ARGS:-}
