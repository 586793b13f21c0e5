#!/usr/bin/env bash
# Lighthouse's mobile scores for a generated guide: the home page, its
# second page of exercises and one exercise page.
#
#   bench/lighthouse.sh                 # 1,000 exercises
#   bench/lighthouse.sh --size 10000
#   bench/lighthouse.sh --photos        # two photos per exercise ([[images]])
#   bench/lighthouse.sh --runs 3        # each page three times (median)
#
# It generates the guide (examples/gen_guide.rs), builds it with the release
# binary, serves the output with `python3 -m http.server` (no compression,
# as a plain static host serves it) on a free port on 127.0.0.1, and runs
# Lighthouse (bench/lighthouse/, npm `lighthouse`, installed with npm ci on
# first use) in its default mobile run with Debian's Chromium. It prints a
# Markdown table of the performance and accessibility scores with the page's
# size and DOM elements. Needs python3, node/npm and /usr/bin/chromium. Run
# by hand; it is not part of scripts/test (scores depend on the machine).
set -euo pipefail
cd "$(dirname "$0")/.."

size=1000
photos=""
runs=1
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size="$2"; shift 2 ;;
    --photos) photos="--photos"; shift ;;
    --runs) runs="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
[ -x "$CHROME_PATH" ] || { echo "error: no Chromium at $CHROME_PATH: apt-get install chromium" >&2; exit 1; }
[ -d bench/lighthouse/node_modules ] || (cd bench/lighthouse && npm ci --no-audit --no-fund >/dev/null)
lighthouse="$PWD/bench/lighthouse/node_modules/.bin/lighthouse"

cargo build --release --quiet --bin limber --example gen_guide
work="$(mktemp -d)"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

target/release/examples/gen_guide "$size" "$work/guide" $photos
target/release/limber build --root "$work/guide" --output "$work/public" >/dev/null

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/public" >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/index.html')" 2>/dev/null && break
  sleep 0.1
done

first=$(cd "$work/public/exercises" && ls | sort | head -n1)
pages=("index.html" "exercises/$first")
[ -f "$work/public/page/2.html" ] && pages=("index.html" "page/2.html" "exercises/$first")

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "# limber $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $size exercises${photos:+ with photos}, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| page | HTML | DOM elements | performance | accessibility | LCP | TBT | CLS |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for page in "${pages[@]}"; do
  : >"$work/scores"
  for r in $(seq "$runs"); do
    "$lighthouse" "http://127.0.0.1:$port/$page" --quiet --output=json --output-path="$work/report-$r.json" \
      --only-categories=performance,accessibility \
      --chrome-flags="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"
    node -e '
      const r = require(process.argv[1]);
      const a = r.audits;
      console.log([
        Math.round(r.categories.performance.score * 100),
        Math.round(r.categories.accessibility.score * 100),
        a["largest-contentful-paint"].numericValue / 1000,
        a["total-blocking-time"].numericValue,
        a["cumulative-layout-shift"].numericValue,
        a["dom-size"].numericValue,
      ].join(" "));
    ' "$work/report-$r.json" >>"$work/scores"
  done
  bytes=$(stat -c %s "$work/public/$page")
  col() { cut -d' ' -f"$1" "$work/scores" | median; }
  printf '| `%s` | %s KB | %s | **%s** | **%s** | %.1f s | %.0f ms | %.3f |\n' \
    "$page" "$((bytes / 1024))" "$(col 6)" "$(col 1)" "$(col 2)" "$(col 3)" "$(col 4)" "$(col 5)"
done
