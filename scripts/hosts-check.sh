#!/usr/bin/env bash
# hosts-check.sh: serve the example site with nginx and with Caddy, configured
# with the README's snippets (kept in scripts/hosts/, which e2e/hosts_test.go
# checks README.md quotes verbatim), and check with curl what a browser and an
# agent get: HTML pages, markdown twins for Accept: text/markdown and
# text/plain and for the user-facing fetchers of AI assistants (not for
# training crawlers), the Link header to the twin, .md and llms.txt content
# types, the search status file, 301s for aliases (their twins and llms.txt
# too), and the 404 pages (markdown for .md URLs and requests for markdown).
#
# Needs nginx and caddy (apt-get install nginx caddy); a server that is not
# installed is skipped with a message (both missing: exit 1). Servers listen on
# loopback ports only. Prints one PASS or FAIL line per check and exits 1 on any
# failure.
#
# Run as root (as CI does), nginx's workers run as an unprivileged user
# (www-data, nginx or nobody), as a packaged nginx's do: they can read the
# build only if its folders and files are readable by others, so an output
# folder of mode 0700 fails every check. The build runs under the usual umask
# (022), which the README's recipe assumes.
set -euo pipefail
cd "$(dirname "$0")/.."
umask 022

page=/billing/payments/card-declined/
twin=billing/payments/card-declined.md # the twin of $page, in the build
alias_from=/developers/rate-limits/     # an alias in the example site's front matter
alias_to=/api/errors/rate-limits/

tmp=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
chmod 755 "$tmp" # nginx's workers may run as another user

fails=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

# freeport prints a loopback TCP port that nothing listens on.
freeport() {
  local p
  for _ in $(seq 50); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  echo "no free port" >&2; return 1
}

# waitfor URL: until the server answers, at most 10 s.
waitfor() {
  for _ in $(seq 100); do
    curl -s -o /dev/null "$1" && return 0
    sleep 0.1
  done
  return 1
}

# fetch URL [curl args...]: sets status, ctype, vary, nosniff, location and
# leaves the body in $tmp/body.
fetch() {
  local url=$1; shift
  status=$(curl -s -o "$tmp/body" -D "$tmp/headers" -w '%{http_code}' "$@" "$url" || echo 000)
  tr -d '\r' <"$tmp/headers" >"$tmp/h"
  header() { grep -i "^$1:" "$tmp/h" | tail -n 1 | cut -d: -f2- | sed 's/^ *//' || true; }
  ctype=$(header Content-Type)
  vary=$(header Vary)
  nosniff=$(header X-Content-Type-Options)
  location=$(header Location)
  link=$(header Link)
}

# check NAME BASE: the checks against one server at BASE (http://127.0.0.1:port).
check() {
  local name=$1 base=$2 html md

  fetch "$base$page" -H 'Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
  html=$(head -c 200 "$tmp/body" | tr 'A-Z' 'a-z') # head reads the file itself: no SIGPIPE under pipefail
  if [ "$status" = 200 ] && [[ ${ctype,,} == text/html* ]] && [[ $html == *"<!doctype html"* ]]; then
    pass "$name: $page gives HTML to a browser"
  else
    fail "$name: $page for a browser: status $status, Content-Type '$ctype'"
  fi
  if [[ ${vary,,} == *accept* ]] && [ "${nosniff,,}" = nosniff ]; then
    pass "$name: $page has Vary: Accept and X-Content-Type-Options: nosniff"
  else
    fail "$name: $page has Vary '$vary', X-Content-Type-Options '$nosniff'"
  fi

  want_link="<${page%/}.md>; rel=\"alternate\"; type=\"text/markdown\""
  if [ "$link" = "$want_link" ]; then
    pass "$name: $page has Link: $link"
  else
    fail "$name: $page has Link '$link', want '$want_link'"
  fi
  if [[ ${vary,,} == *user-agent* ]]; then
    pass "$name: $page has Vary: User-Agent"
  else
    fail "$name: $page has Vary '$vary', want Accept, User-Agent"
  fi

  # What each client gets for $page: twin or html. The snippets match
  # the types named, not q-values (kb serve compares those too), so only
  # cases where both agree are here.
  local accept ua want got
  while IFS='|' read -r accept ua want; do
    fetch "$base$page" -H "Accept: $accept" -H "User-Agent: $ua"
    got=html
    if [ "$status" = 200 ] && cmp -s "$tmp/body" "$site/$twin"; then got=twin; fi
    if [ "$status" = 200 ] && [ "$got" = "$want" ]; then
      pass "$name: $page for Accept '$accept', User-Agent '$ua' gives the $want"
    else
      fail "$name: $page for Accept '$accept', User-Agent '$ua': status $status, Content-Type '$ctype', the $got, want the $want"
    fi
  done <<'EOF2'
text/plain|curl/8.5.0|twin
text/plain, */*|curl/8.5.0|html
text/html, text/plain|curl/8.5.0|html
*/*|curl/8.5.0|html
text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8|Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko); compatible; ChatGPT-User/1.0; +https://openai.com/bot|twin
*/*|Claude-User/1.0|twin
|Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Perplexity-User/1.0; +https://perplexity.ai/perplexity-user)|twin
text/markdown;q=0|Claude-User/1.0|html
*/*|Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)|html
*/*|Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)|html
EOF2

  fetch "$base/"
  if [ "$link" = '</index.md>; rel="alternate"; type="text/markdown"' ]; then
    pass "$name: / has Link: $link"
  else
    fail "$name: / has Link '$link'"
  fi

  fetch "$base$page" -H 'Accept: text/markdown'
  if [ "$status" = 200 ] && [ "$ctype" = "text/markdown; charset=utf-8" ] && [[ ${vary,,} == *accept* ]] && cmp -s "$tmp/body" "$site/$twin"; then
    pass "$name: $page with Accept: text/markdown gives the twin, text/markdown; charset=utf-8, Vary: Accept"
  else
    fail "$name: $page with Accept: text/markdown: status $status, Content-Type '$ctype', Vary '$vary', same as $twin: $(cmp -s "$tmp/body" "$site/$twin" && echo yes || echo no)"
  fi

  fetch "$base/" -H 'Accept: text/markdown, text/plain;q=0.5'
  if [ "$status" = 200 ] && [ "$ctype" = "text/markdown; charset=utf-8" ] && cmp -s "$tmp/body" "$site/index.md"; then
    pass "$name: / with Accept: text/markdown gives the home page's twin"
  else
    fail "$name: / with Accept: text/markdown: status $status, Content-Type '$ctype'"
  fi

  md=${page%/}.md
  fetch "$base$md"
  if [ "$status" = 200 ] && [ "$ctype" = "text/markdown; charset=utf-8" ] && cmp -s "$tmp/body" "$site/$twin"; then
    pass "$name: $md is text/markdown; charset=utf-8"
  else
    fail "$name: $md: status $status, Content-Type '$ctype'"
  fi

  for f in /llms.txt /billing/llms.txt /llms-full.txt; do
    fetch "$base$f"
    if [ "$status" = 200 ] && [ "${ctype,,}" = "text/plain; charset=utf-8" ]; then
      pass "$name: $f is text/plain; charset=utf-8"
    else
      fail "$name: $f: status $status, Content-Type '$ctype'"
    fi
  done

  fetch "$base/assets/$(cd "$site/assets" && ls kb.*.js | head -n 1)"
  if [ "$status" = 200 ] && [[ ${ctype,,} == *javascript* ]]; then
    pass "$name: the theme's script is JavaScript"
  else
    fail "$name: the theme's script: status $status, Content-Type '$ctype'"
  fi

  # kb.js asks it on the first page of a session, as fetch() does: a 200
  # with the build's JSON hides the search forms without a console error.
  fetch "$base/api/search-status.json" -H 'Accept: application/json'
  if [ "$status" = 200 ] && [[ ${ctype,,} == application/json* ]] && cmp -s "$tmp/body" "$site/api/search-status.json"; then
    pass "$name: /api/search-status.json is the build's, application/json"
  else
    fail "$name: /api/search-status.json: status $status, Content-Type '$ctype'"
  fi

  fetch "$base/no-such-page/"
  if [ "$status" = 404 ] && cmp -s "$tmp/body" "$site/404.html"; then
    pass "$name: a missing page gives 404 and the site's 404 page"
  else
    fail "$name: a missing page: status $status, the site's 404 page: $(cmp -s "$tmp/body" "$site/404.html" && echo yes || echo no)"
  fi
  fetch "$base/no-such-page.md"
  if [ "$status" = 404 ] && [[ ${ctype,,} == text/markdown* ]] && cmp -s "$tmp/body" "$site/404.md"; then
    pass "$name: a missing twin gives 404 and the markdown 404 page"
  else
    fail "$name: a missing twin: status $status, Content-Type '$ctype', the markdown 404 page: $(cmp -s "$tmp/body" "$site/404.md" && echo yes || echo no)"
  fi
  fetch "$base/no-such-page/" -H 'Accept: text/markdown'
  if [ "$status" = 404 ] && cmp -s "$tmp/body" "$site/404.md"; then
    pass "$name: a missing page for Accept: text/markdown gives 404 and the markdown 404 page"
  else
    fail "$name: a missing page for Accept: text/markdown: status $status, the markdown 404 page: $(cmp -s "$tmp/body" "$site/404.md" && echo yes || echo no)"
  fi

  fetch "$base$alias_from"
  if [ "$status" = 301 ] && [[ $location == *"$alias_to" ]]; then
    pass "$name: the alias $alias_from is a 301 to $alias_to"
  else
    fail "$name: the alias $alias_from: status $status, Location '$location'"
  fi

  local from to
  for from in index.md llms.txt; do
    fetch "$base$alias_from$from"
    if [ "$status" = 301 ] && [[ $location == *"$alias_to$from" ]]; then
      pass "$name: the alias's $alias_from$from is a 301 to $alias_to$from"
    else
      fail "$name: the alias's $alias_from$from: status $status, Location '$location'"
    fi
  done

  fetch "$base${page%/}"
  if { [ "$status" = 301 ] || [ "$status" = 308 ]; } && [[ $location == *"$page" ]]; then
    pass "$name: ${page%/} is a permanent redirect ($status) to $page"
  else
    fail "$name: ${page%/}: status $status, Location '$location'"
  fi
}

# Fill in a snippet: sub FILE OLD NEW replaces the exact line text OLD, which
# must be there (so that a changed snippet cannot go untested).
sub() {
  grep -qF -- "$2" "$1" || { echo "hosts-check: $1 has no '$2'" >&2; exit 1; }
  local f=$1 old=$2 new=$3
  awk -v old="$old" -v new="$new" '{ i = index($0, old); if (i) $0 = substr($0, 1, i - 1) new substr($0, i + length(old)); print }' "$f" >"$f.new"
  mv "$f.new" "$f"
}

echo "== build the example site"
site=$tmp/public
go run ./cmd/kb build -out "$site" >/dev/null

ran=0

nginx_bin=$(command -v nginx || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true)
if [ -n "$nginx_bin" ]; then
  echo "== nginx ($("$nginx_bin" -v 2>&1 | sed 's/.*: //'))"
  d=$tmp/nginx
  mkdir -p "$d"
  port=$(freeport)
  cp scripts/hosts/nginx.conf "$d/help.conf"
  sub "$d/help.conf" "listen 80;" "listen 127.0.0.1:$port;"
  sub "$d/help.conf" "root /srv/public;" "root $site;"
  # The README's awk line.
  awk '$3 == 301 { print "location = " $1 " { return 301 " $2 "; }" }' "$site/_redirects" >"$d/help-redirects.conf"
  mime=/etc/nginx/mime.types
  [ -f "$mime" ] || mime=$(dirname "$nginx_bin")/../conf/mime.types
  cp "$mime" "$d/mime.types"
  user="" worker=$(id -un)
  if [ "$(id -u)" = 0 ]; then
    for u in www-data nginx nobody; do
      if id "$u" >/dev/null 2>&1; then worker=$u; break; fi
    done
    [ "$worker" = root ] && { echo "hosts-check: no unprivileged user (www-data, nginx, nobody) for nginx's workers" >&2; exit 1; }
    user="user $worker $(id -gn "$worker");"
  fi
  # What /etc/nginx/nginx.conf does around conf.d/*.conf, in a folder of our own.
  cat >"$d/nginx.conf" <<EOF
$user
daemon off;
worker_processes 1;
pid $d/nginx.pid;
error_log $d/error.log;
events { worker_connections 64; }
http {
    include mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path $d/tmp-body;
    proxy_temp_path $d/tmp-proxy;
    fastcgi_temp_path $d/tmp-fastcgi;
    uwsgi_temp_path $d/tmp-uwsgi;
    scgi_temp_path $d/tmp-scgi;
    include help.conf;
}
EOF
  if ! "$nginx_bin" -t -q -p "$d/" -c "$d/nginx.conf" -e "$d/error.log"; then
    fail "nginx: the configuration does not load"
  else
    "$nginx_bin" -p "$d/" -c "$d/nginx.conf" -e "$d/error.log" &
    pids+=($!)
    if waitfor "http://127.0.0.1:$port/"; then
      # The workers' user: the master's children.
      workers=$(ps -o user= --ppid "$(cat "$d/nginx.pid")" 2>/dev/null | sort -u | tr '\n' ' ')
      if [ "${workers% }" = "$worker" ]; then
        pass "nginx: the workers run as $worker"
      else
        fail "nginx: the workers run as '${workers% }', want $worker"
      fi
      check nginx "http://127.0.0.1:$port"
      mode=$(stat -c %a "$site")
      if [ "$mode" = 755 ]; then
        pass "nginx: the output folder is mode 755 under umask 022"
      else
        fail "nginx: the output folder is mode $mode, want 755 under umask 022"
      fi
    else
      fail "nginx: does not answer on 127.0.0.1:$port"; cat "$d/error.log" >&2 || true
    fi
  fi
  ran=$((ran + 1))
else
  echo "== nginx not installed (apt-get install nginx): skipped"
fi

caddy_bin=$(command -v caddy || true)
if [ -n "$caddy_bin" ]; then
  echo "== caddy ($("$caddy_bin" version | cut -d' ' -f1))"
  d=$tmp/caddy
  mkdir -p "$d"
  port=$(freeport)
  { printf '{\n\tadmin off\n\tauto_https off\n}\n\n'; cat scripts/hosts/Caddyfile; } >"$d/Caddyfile"
  sub "$d/Caddyfile" "help.example.com {" "http://127.0.0.1:$port {"
  sub "$d/Caddyfile" "root * /srv/public" "root * $site"
  sub "$d/Caddyfile" "import /etc/caddy/help-redirects" "import $d/help-redirects"
  # The README's awk line.
  awk '$3 == 301 { print "redir " $1 " " $2 " 301" }' "$site/_redirects" >"$d/help-redirects"
  if ! HOME=$d XDG_CONFIG_HOME=$d XDG_DATA_HOME=$d "$caddy_bin" validate --config "$d/Caddyfile" --adapter caddyfile >"$d/validate.log" 2>&1; then
    fail "caddy: the configuration does not load"; tail -n 5 "$d/validate.log" >&2
  else
    HOME=$d XDG_CONFIG_HOME=$d XDG_DATA_HOME=$d "$caddy_bin" run --config "$d/Caddyfile" --adapter caddyfile >"$d/caddy.log" 2>&1 &
    pids+=($!)
    if waitfor "http://127.0.0.1:$port/"; then
      check caddy "http://127.0.0.1:$port"
    else
      fail "caddy: does not answer on 127.0.0.1:$port"; tail -n 20 "$d/caddy.log" >&2 || true
    fi
  fi
  ran=$((ran + 1))
else
  echo "== caddy not installed (apt-get install caddy): skipped"
fi

if [ "$ran" = 0 ]; then
  echo "FAIL neither nginx nor caddy is installed"
  exit 1
fi
if [ "$fails" -gt 0 ]; then
  echo "hosts-check: $fails failed"
  exit 1
fi
echo "hosts-check: all passed"
