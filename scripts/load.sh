#!/usr/bin/env bash
# load.sh: load-test kb serve -prod on loopback with wrk.
#
#   scripts/load.sh [SITE]        (default: the example site at the repo root)
#
# Builds SITE with kb build, serves it with kb serve -prod on 127.0.0.1,
# then runs wrk against the article pages (rotating over every page in
# sitemap.xml) and against /api/search (rotating over 100 cheap queries
# made of words from the article titles). For each run it prints
# requests per second, p99 latency and the error count (non-2xx/3xx
# answers plus socket errors; the target is 0).
#
# Environment: DURATION (default 10s), CONNECTIONS (32), THREADS (1),
# PORT (18080). The machine's cores are shared by wrk and the server:
# compare figures only with runs on the same machine.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
site=${1:-$root}
duration=${DURATION:-10s}
conns=${CONNECTIONS:-32}
threads=${THREADS:-1}
port=${PORT:-18080}

command -v wrk >/dev/null || { echo "load.sh: wrk is not installed (apt-get install wrk)" >&2; exit 2; }

tmp=$(mktemp -d)
server_pid=""
cleanup() {
	if [[ -n $server_pid ]]; then
		kill -TERM "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

(cd "$root" && go build -o "$tmp/kb" ./cmd/kb)
"$tmp/kb" build -src "$site" -out "$tmp/public" >/dev/null
"$tmp/kb" serve -prod -dir "$tmp/public" -addr "127.0.0.1:$port" -access-log=false \
	-feedback "$tmp/feedback.jsonl" >"$tmp/serve.log" 2>&1 &
server_pid=$!
base=""
for _ in $(seq 100); do
	base=$(sed -n 's/^kb: serving .* at \(http:[^ ]*\).*/\1/p' "$tmp/serve.log")
	[[ -n $base ]] && break
	sleep 0.1
done
[[ -n $base ]] || { cat "$tmp/serve.log" >&2; exit 1; }
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null

# Page paths from the sitemap (absolute URLs lose their scheme and host).
sed -n 's:.*<loc>\([^<]*\)</loc>.*:\1:p' "$tmp/public/sitemap.xml" |
	sed -E 's#^https?://[^/]+##' >"$tmp/pages.txt"
# 100 queries: single title words and pairs.
sed -n 's:.*<title>\([^<–]*\).*:\1:p' $(find "$tmp/public" -name index.html | head -200) 2>/dev/null |
	tr 'A-Z' 'a-z' | tr -cs 'a-z0-9\n' ' ' | awk '{ for (i = 1; i <= NF; i++) if (length($i) > 3) print $i }' |
	sort -u | head -60 >"$tmp/words.txt"
{
	cat "$tmp/words.txt"
	paste -d+ "$tmp/words.txt" <(tail -n +2 "$tmp/words.txt") | head -40
} | head -100 | sed 's#^#/api/search?q=#' >"$tmp/queries.txt"

cat >"$tmp/rotate.lua" <<'EOF'
local paths = {}
for line in io.lines(os.getenv("KB_PATHS")) do paths[#paths + 1] = line end
local i = math.random(#paths)
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], { ["Accept-Encoding"] = "gzip" })
end
EOF

run() { # name, paths file
	local out
	out=$(KB_PATHS=$2 wrk -t"$threads" -c"$conns" -d"$duration" --latency -s "$tmp/rotate.lua" "http://127.0.0.1:$port" 2>&1)
	echo "$out" >"$tmp/$1.wrk"
	local rps p99 non2xx sock
	rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
	p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
	non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' <<<"$out")
	sock=$(awk -F'[ ,]+' '/Socket errors:/ { print $4 + $6 + $8 + $10 }' <<<"$out")
	printf '%-8s %6d URLs  %10s req/s  p99 %8s  errors %d (non-2xx/3xx %d, socket %d)\n' \
		"$1" "$(wc -l <"$2")" "$rps" "$p99" $((${non2xx:-0} + ${sock:-0})) "${non2xx:-0}" "${sock:-0}"
}

echo "kb serve -prod, wrk -t$threads -c$conns -d$duration on 127.0.0.1 ($(nproc) cores shared), site $(basename "$site")"
run pages "$tmp/pages.txt"
status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$(head -1 "$tmp/queries.txt")")
if [[ $status == 503 ]]; then
	echo "search   /api/search answers 503: no search index is served (the handler is not wired or the index is missing)"
fi
run search "$tmp/queries.txt"
