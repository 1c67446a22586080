#!/usr/bin/env bash
# afdocs.sh: the Agent-Friendly Docs checker (afdocs, npm) against
# kb serve -prod, on the example site and on the Postman corpus.
#
#   scripts/afdocs.sh [SITE…]   (default: the repo root, and
#                                ../shared/corpus/postman-docs when present)
#
# Each site is built with kb build -base-url http://127.0.0.1:PORT/,
# served with kb serve -prod on that address, and checked with
#
#   afdocs check http://127.0.0.1:PORT/ --sampling deterministic --max-links 50
#
# (50 pages taken from llms.txt in a fixed order, so two runs check the
# same pages; every check that samples pages fetches all 50, their twins
# and their HTML). It prints afdocs's report and fails when any check
# fails or warns; "skipped" is accepted (auth-alternative-access does not
# apply to a public site). A folder with content/pages under src/ and no
# site.yaml (the Postman corpus, a Gatsby site) gets one in a temporary
# folder: title, content_dir src/pages, links: warn.
#
# Environment: AFDOCS (the afdocs command; default: afdocs on PATH, else
# /tmp/kb-afdocs/node_modules/.bin/afdocs, where .ci/run installs it),
# PORT (first port, default 18090; one per site).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
if [[ $# -eq 0 ]]; then
	set -- "$root"
	[[ -d $root/../shared/corpus/postman-docs ]] && set -- "$@" "$root/../shared/corpus/postman-docs"
fi
afdocs=${AFDOCS:-}
if [[ -z $afdocs ]]; then
	if command -v afdocs >/dev/null; then
		afdocs=afdocs
	else
		afdocs=/tmp/kb-afdocs/node_modules/.bin/afdocs
	fi
fi
[[ -x $afdocs ]] || command -v "$afdocs" >/dev/null ||
	{ echo "afdocs.sh: afdocs is not installed (npm install --prefix /tmp/kb-afdocs afdocs@0.22.2)" >&2; exit 2; }
port=${PORT:-18090}

tmp=$(mktemp -d)
server_pid=""
stop() {
	if [[ -n $server_pid ]]; then
		kill -TERM "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
		server_pid=""
	fi
}
trap 'stop; rm -rf "$tmp"' EXIT

(cd "$root" && go build -o "$tmp/kb" ./cmd/kb)
status=0
n=0
for site in "$@"; do
	n=$((n + 1))
	src=$site
	if [[ ! -f $site/site.yaml && -d $site/src/pages ]]; then
		src=$tmp/site$n
		mkdir -p "$src"
		ln -s "$(cd "$site" && pwd)/src" "$src/src"
		printf 'title: %s\ndescription: The %s, checked by afdocs.\ncontent_dir: src/pages\nlinks: warn\n' \
			"$(basename "$site")" "$(basename "$site")" >"$src/site.yaml"
	fi
	addr=127.0.0.1:$port
	echo "== afdocs: $site (http://$addr/)"
	"$tmp/kb" build -src "$src" -base-url "http://$addr/" -out "$tmp/public$n" 2>/dev/null | grep -v '^kb: .*llms-full' || true
	"$tmp/kb" serve -prod -dir "$tmp/public$n" -addr "$addr" -access-log=false >"$tmp/serve$n.log" 2>&1 &
	server_pid=$!
	for _ in $(seq 100); do
		curl -fsS "http://$addr/healthz" >/dev/null 2>&1 && break
		sleep 0.1
	done
	curl -fsS "http://$addr/healthz" >/dev/null || { cat "$tmp/serve$n.log" >&2; exit 1; }
	"$afdocs" check "http://$addr/" --sampling deterministic --max-links 50 -q -v >"$tmp/report$n.txt" 2>&1 || true
	cat "$tmp/report$n.txt"
	stop
	# The summary line: "N passed, W warnings, F failed, S skipped,
	# E errors (T total)", each part only when not 0.
	summary=$(grep -E '^ *[0-9]+ passed' "$tmp/report$n.txt" || true)
	if [[ -z $summary ]] || grep -qE '[0-9]+ (warnings|failed|errors)' <<<"$summary"; then
		echo "afdocs.sh: $site: not every check passed: ${summary:-no summary}" >&2
		status=1
	fi
	port=$((port + 1))
done
exit $status
