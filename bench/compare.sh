#!/usr/bin/env bash
# Build-speed benchmark: limber against Hugo on the same synthetic guide.
#
#   bench/compare.sh                       # N = 1000 10000 100000, 5 runs each
#   bench/compare.sh --sizes "1000 10000" --runs 3
#   bench/compare.sh --runs-large 3        # fewer runs for N >= 100000
#   bench/compare.sh --out-dir target/bench/out   # outputs on disk, not tmpfs
#
# For each N it generates the guide and the equivalent Hugo site once
# (examples/gen_guide.rs; cached under target/bench/ until the generator
# changes), then builds each alternately (limber, Hugo, limber, Hugo, ...) so
# that both see the same machine load, each time into an empty output folder.
# It prints median wall time, median peak memory (maximum resident set size,
# from GNU time), pages per second and the ratio limber/Hugo, as a Markdown
# table ready for docs/performance.md. Needs: hugo and time (Debian packages
# `hugo` and `time`). Run by hand; it is not part of scripts/test.
#
# Outputs go to a tmpfs (/dev/shm) when there is one, so that the figures
# measure the two generators rather than the disk: on a shared disk, creating
# thousands of files right after deleting as many makes ext4 hunt for free
# inodes, which costs either tool seconds of kernel time, varying run to run.
#
# Before starting it waits (up to 30 minutes) for the 1-minute load average
# to drop below --max-load (default 1.0), so that the figures are not those
# of a busy machine; the load is printed before and after.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes="1000 10000 100000"
runs=5
runs_large=""
max_load=1.0
out_dir=""
[ -d /dev/shm ] && [ -w /dev/shm ] && out_dir="/dev/shm/limber-bench"
while [ $# -gt 0 ]; do
  case "$1" in
    --max-load) max_load="$2"; shift 2 ;;
    --out-dir) out_dir="$2"; shift 2 ;;
    --sizes) sizes="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --runs-large) runs_large="$2"; shift 2 ;;
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
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
out_dir="${out_dir:-$work/out}"
mkdir -p "$work" "$out_dir"
# The generated sites are kept while what makes them is unchanged.
stamp="$(cat src/synthetic.rs examples/gen_guide.rs static/* bench/hugo/layouts/*/* bench/hugo/layouts/*.html | sha256sum | cut -c1-16)"

# Median of the numbers on stdin, one per line.
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# run NAME OUTPUT COMMAND...: one timed build into an empty OUTPUT; appends
# "wall-seconds kilobytes cpu-seconds" to $work/NAME.times.
run() {
  local name="$1" out="$2"
  shift 2
  rm -rf "$out"
  local t0 t1
  t0=$(date +%s%N)
  /usr/bin/time -f "%M %U %S" -o "$work/$name.mem" "$@" >/dev/null 2>"$work/$name.err" || {
    echo "error: $name failed:" >&2
    cat "$work/$name.err" >&2
    exit 1
  }
  t1=$(date +%s%N)
  echo "$(((t1 - t0) / 1000)) $(tail -n1 "$work/$name.mem")" |
    awk '{ printf "%.4f %d %.2f\n", $1 / 1e6, $2, $3 + $4 }' >>"$work/$name.times"
}

load1() { cut -d' ' -f1 /proc/loadavg; }
waited=0
while awk -v l="$(load1)" -v m="$max_load" 'BEGIN { exit !(l >= m) }' && [ "$waited" -lt 1800 ]; do
  echo "# load $(load1) >= $max_load: waiting" >&2
  sleep 60
  waited=$((waited + 60))
done

echo "# limber $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(hugo version | cut -d' ' -f2), $(nproc) cores, outputs in $out_dir"
echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| exercises | pages | tool | runs | median wall time | median CPU time | median peak memory | pages/s | limber/Hugo time | limber/Hugo memory |"
echo "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
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
    run "limber-$n" "$out_dir/limber-$n" "$limber" build --root "$g" --output "$out_dir/limber-$n"
    run "hugo-$n" "$out_dir/hugo-$n" hugo --quiet --source "$h" --destination "$out_dir/hugo-$n"
  done
  pages=$(find "$out_dir/limber-$n" -name '*.html' | wc -l)
  hugo_pages=$(find "$out_dir/hugo-$n" -name '*.html' | wc -l)
  lt=$(cut -d' ' -f1 "$work/limber-$n.times" | median)
  lm=$(cut -d' ' -f2 "$work/limber-$n.times" | median)
  lc=$(cut -d' ' -f3 "$work/limber-$n.times" | median)
  ht=$(cut -d' ' -f1 "$work/hugo-$n.times" | median)
  hm=$(cut -d' ' -f2 "$work/hugo-$n.times" | median)
  hc=$(cut -d' ' -f3 "$work/hugo-$n.times" | median)
  awk -v n="$n" -v p="$pages" -v hp="$hugo_pages" -v lt="$lt" -v lm="$lm" -v lc="$lc" -v ht="$ht" -v hm="$hm" -v hc="$hc" -v r="$r" 'BEGIN {
    printf "| %d | %d | limber | %d | %.3f s | %.2f s | %.0f MB | %.0f | **%.2f** | %.2f |\n", n, p, r, lt, lc, lm / 1024, p / lt, lt / ht, lm / hm
    printf "| %d | %d | Hugo | %d | %.3f s | %.2f s | %.0f MB | %.0f | | |\n", n, hp, r, ht, hc, hm / 1024, hp / ht
  }'
  rm -rf "$out_dir/limber-$n" "$out_dir/hugo-$n"
done

# The repository's own guide: small, so timed many times.
rm -f "$work/upper-back.times"
for _ in $(seq 10); do
  run upper-back "$out_dir/upper-back" "$limber" build --root . --output "$out_dir/upper-back"
done
rm -rf "$out_dir/upper-back"
echo
echo "Upper-back guide (6 exercises): median $(cut -d' ' -f1 "$work/upper-back.times" | median | awk '{ printf "%.1f ms", $1 * 1000 }') over 10 builds, peak $(cut -d' ' -f2 "$work/upper-back.times" | median | awk '{ printf "%.0f MB", $1 / 1024 }')."
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
