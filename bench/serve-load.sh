#!/usr/bin/env bash
# Pages per second and 99th-percentile latency of `limber serve`, at 1, 8
# and 64 connections, each with keep-alive and with `Connection: close`.
# A benchmark, not a test: it prints a Markdown table for
# docs/performance.md. All traffic goes to 127.0.0.1.
#
#   bench/serve-load.sh [BINARY] [GUIDE] [SECONDS] [PATH]
#
# BINARY defaults to target/release/limber, GUIDE to this repository's
# guide, SECONDS (per run) to 10, PATH to / (the front page, 17 KB with
# the reload script). Needs wrk (`apt-get install wrk`).
set -euo pipefail

binary=${1:-target/release/limber}
guide=${2:-.}
seconds=${3:-10}
path=${4:-/}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

out=$(mktemp)
"$binary" serve --port 0 --root "$guide" >"$out" 2>/dev/null &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 100); do
  grep -q '^Serving ' "$out" && break
  sleep 0.1
done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$out" | head -1)
[ -n "$url" ] || { echo "limber serve did not start" >&2; exit 1; }
bytes=$(curl -s "$url$path" | wc -c)

echo "limber serve: $binary, $url$path ($bytes bytes), $seconds s per run, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| connections | connection | pages/s | p50 | p99 | errors |"
echo "| ---: | --- | ---: | ---: | ---: | ---: |"
for conns in 1 8 64; do
  threads=$(( conns < 2 ? conns : 2 ))
  for mode in keep-alive close; do
    header=()
    [ "$mode" = close ] && header=(-H "Connection: close")
    report=$(wrk -t"$threads" -c"$conns" -d"${seconds}s" --latency "${header[@]}" "$url$path")
    rps=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' <<<"$report")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$report")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$report")
    errors=$(awk '/Socket errors|Non-2xx/ {s = s $0 "; "} END {print s == "" ? "0" : s}' <<<"$report")
    echo "| $conns | $mode | $rps | $p50 | $p99 | $errors |"
  done
done
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
