#!/usr/bin/env bash
# lighthouse.sh [PAGE...]: Lighthouse scores (performance, accessibility,
# best practices, SEO) of pages of the example site, with Lighthouse's
# mobile settings (simulated slow 4G, mid-range phone) and desktop preset.
#
#   PAGE  a path of the site, with a query if any: '/search/?q=refund' is
#         the search page with results, rendered by kb serve (default
#         /billing/payments/card-declined/)
#
# The example site is built with kb into a temporary folder, with base_url
# set to the local address so that canonical links name the page audited,
# and served on 127.0.0.1 by kb serve -prod (gzip, caching and security
# headers, as in production). Each page is audited by lighthouse@12.2.3
# (the newest that runs on Node 20; Lighthouse 13 needs Node 22) driving
# Debian's chromium through CHROME_PATH. For every category under 100 the
# audits that cost points are listed. Lighthouse's simulated throttling
# scales what it measures, so a busy machine lowers the performance score:
# rerun before believing a drop.
#
# Environment: SITE is the site folder to build (default: the example
# site; examples/rebrand for the rebranded one); KB_LIGHTHOUSE_DIR is where npm installs Lighthouse the first
# time (default ~/.cache/kb/lighthouse); OUT keeps the JSON reports in that
# folder (default: a temporary folder, removed at the end); CHROME_PATH
# overrides /usr/bin/chromium; PORT is the port to serve on (default: a
# random one above 20000).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
lh_version=12.2.3
lh_dir=${KB_LIGHTHOUSE_DIR:-$HOME/.cache/kb/lighthouse}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
pages=("$@")
[ ${#pages[@]} -gt 0 ] || pages=(/billing/payments/card-declined/)

die() { printf 'lighthouse.sh: %s\n' "$*" >&2; exit 1; }
for tool in go node npm curl; do
	command -v "$tool" >/dev/null || die "$tool is needed"
done
[ -x "$CHROME_PATH" ] || die "no browser at $CHROME_PATH (apt-get install chromium)"

lh="$lh_dir/node_modules/.bin/lighthouse"
if [ ! -x "$lh" ] || [ "$("$lh" --version 2>/dev/null)" != "$lh_version" ]; then
	echo "installing lighthouse@$lh_version into $lh_dir"
	mkdir -p "$lh_dir"
	npm install --no-save --no-audit --no-fund --prefix "$lh_dir" "lighthouse@$lh_version" >/dev/null
fi

tmp=$(mktemp -d)
server_pid=
cleanup() {
	[ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
out=${OUT:-$tmp/reports}
mkdir -p "$out"

port=${PORT:-$((20000 + RANDOM % 20000))}
base="http://127.0.0.1:$port"
(cd "$repo" && go build -o "$tmp/kb" ./cmd/kb)
"$tmp/kb" build -src "${SITE:-$repo}" -out "$tmp/public" -base-url "$base/" >/dev/null 2>&1 ||
	die "kb build failed"
"$tmp/kb" serve -prod -dir "$tmp/public" -addr "127.0.0.1:$port" -access-log=false >"$tmp/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
	curl -fs -o /dev/null "$base/healthz" 2>/dev/null && break
	kill -0 "$server_pid" 2>/dev/null || die "kb serve -prod stopped: $(cat "$tmp/serve.log")"
	sleep 0.1
done

flags="--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync"
printf 'lighthouse %s, %s\n' "$lh_version" "$("$CHROME_PATH" --version 2>/dev/null)"
printf '%-42s %-8s %12s %14s %15s %4s\n' page device performance accessibility best-practices seo
for page in "${pages[@]}"; do
	for device in mobile desktop; do
		preset=()
		[ "$device" = mobile ] || preset=(--preset=desktop)
		report="$out/$(echo "$page" | tr -c 'a-zA-Z0-9\n' '_')$device.json"
		"$lh" "$base$page" "${preset[@]}" --quiet --chrome-flags="$flags" \
			--only-categories=performance,accessibility,best-practices,seo \
			--output=json --output-path="$report" >/dev/null 2>&1 ||
			die "lighthouse failed on $page ($device)"
		node - "$report" "$page" "$device" <<'EOF'
const [report, page, device] = process.argv.slice(2);
const r = JSON.parse(require("fs").readFileSync(report, "utf8"));
const c = r.categories, score = (k) => Math.round(c[k].score * 100);
console.log([page.padEnd(42), device.padEnd(8), String(score("performance")).padStart(12),
  String(score("accessibility")).padStart(14), String(score("best-practices")).padStart(15),
  String(score("seo")).padStart(4)].join(" "));
for (const cat of Object.values(c)) {
  if (cat.score === 1) continue;
  for (const ref of cat.auditRefs) {
    const a = r.audits[ref.id];
    if (ref.weight > 0 && a.score !== null && a.score < 1) {
      console.log(`    ${cat.id}: ${a.id} (${a.displayValue || a.score}): ${a.title}`);
    }
  }
}
EOF
	done
done
[ -n "${OUT:-}" ] && echo "reports in $out"
exit 0
