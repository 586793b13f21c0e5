#!/usr/bin/env bash
# Build-speed benchmark: limber against Hugo on the same synthetic guide.
#
#   bench/compare.sh                       # N = 1000 10000 100000, 5 runs each
#   bench/compare.sh --sizes "1000 10000" --runs 3
#   bench/compare.sh --runs-large 3        # fewer runs for N >= 100000
#
# For each N it generates the guide and the equivalent Hugo site once
# (examples/gen_guide.rs; cached under target/bench/ until the generator
# changes), then builds each alternately (limber, Hugo, limber, Hugo, ...) so
# that both see the same machine load, each time into an empty output folder.
# It prints median wall time, median peak memory (maximum resident set size,
# from GNU time), pages per second and the ratio limber/Hugo, as a Markdown
# table ready for docs/performance.md. Needs: hugo and time (Debian packages
# `hugo` and `time`). Run by hand; it is not part of scripts/test.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes="1000 10000 100000"
runs=5
runs_large=""
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --runs-large) runs_large="$2"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
runs_large="${runs_large:-$runs}"

for tool in hugo /usr/bin/time; do
  command -v "$tool" >/dev/null || {
    echo "error: $tool is missing: apt-get install hugo time" >&2
    exit 1
  }
done

cargo build --release --quiet --bin limber --example gen_guide
limber="$PWD/target/release/limber"
gen="$PWD/target/release/examples/gen_guide"
work="$PWD/target/bench"
mkdir -p "$work"
stamp="$(sha256sum "$gen" | cut -c1-16)"

# Median of the numbers on stdin, one per line.
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# run NAME OUTPUT COMMAND...: one timed build into an empty OUTPUT; appends
# "seconds kilobytes" to $work/NAME.times.
run() {
  local name="$1" out="$2"
  shift 2
  rm -rf "$out"
  local t0 t1
  t0=$(date +%s%N)
  /usr/bin/time -f "%M" -o "$work/$name.mem" "$@" >/dev/null 2>"$work/$name.err" || {
    echo "error: $name failed:" >&2
    cat "$work/$name.err" >&2
    exit 1
  }
  t1=$(date +%s%N)
  echo "$(((t1 - t0) / 1000)) $(tail -n1 "$work/$name.mem")" |
    awk '{ printf "%.4f %d\n", $1 / 1e6, $2 }' >>"$work/$name.times"
}

echo "# limber $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(hugo version | cut -d' ' -f2), $(nproc) cores"
echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| exercises | pages | tool | median wall time | median peak memory | pages/s | limber/Hugo time | limber/Hugo memory |"
echo "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |"
for n in $sizes; do
  g="$work/guide-$n" h="$work/hugo-$n"
  if [ "$(cat "$work/stamp-$n" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$g" "$h"
    "$gen" "$n" "$g" --hugo "$h"
    echo "$stamp" >"$work/stamp-$n"
  fi
  r="$runs"
  [ "$n" -ge 100000 ] && r="$runs_large"
  rm -f "$work"/limber-"$n".times "$work"/hugo-"$n".times
  for _ in $(seq "$r"); do
    run "limber-$n" "$work/out-limber-$n" "$limber" build --root "$g" --output "$work/out-limber-$n"
    run "hugo-$n" "$work/out-hugo-$n" hugo --quiet --source "$h" --destination "$work/out-hugo-$n"
  done
  pages=$(find "$work/out-limber-$n" -name '*.html' | wc -l)
  hugo_pages=$(find "$work/out-hugo-$n" -name '*.html' | wc -l)
  lt=$(cut -d' ' -f1 "$work/limber-$n.times" | median)
  lm=$(cut -d' ' -f2 "$work/limber-$n.times" | median)
  ht=$(cut -d' ' -f1 "$work/hugo-$n.times" | median)
  hm=$(cut -d' ' -f2 "$work/hugo-$n.times" | median)
  awk -v n="$n" -v p="$pages" -v hp="$hugo_pages" -v lt="$lt" -v lm="$lm" -v ht="$ht" -v hm="$hm" -v r="$r" 'BEGIN {
    printf "| %d | %d | limber | %.3f s | %.0f MB | %.0f | **%.2f** | %.2f |\n", n, p, lt, lm / 1024, p / lt, lt / ht, lm / hm
    printf "| %d | %d | Hugo | %.3f s | %.0f MB | %.0f | | |\n", n, hp, ht, hm / 1024, hp / ht
  }'
  rm -rf "$work/out-limber-$n" "$work/out-hugo-$n"
done

# The repository's own guide: small, so timed many times.
rm -f "$work/upper-back.times"
for _ in $(seq 10); do
  run upper-back "$work/out-upper-back" "$limber" build --root . --output "$work/out-upper-back"
done
rm -rf "$work/out-upper-back"
echo
echo "Upper-back guide (6 exercises): median $(cut -d' ' -f1 "$work/upper-back.times" | median | awk '{ printf "%.1f ms", $1 * 1000 }') over 10 builds, peak $(cut -d' ' -f2 "$work/upper-back.times" | median | awk '{ printf "%.0f MB", $1 / 1024 }')."
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
