#!/usr/bin/env bash
# Builds the same generated corpus with Hugo (one site) and with charter
# (public and staff sites), alternating runs, and prints each one's median
# wall time, median peak memory and the ratios.
#
#   bench/compare.sh [PROMISES] [RUNS]     default: 10000 promises, 3 runs each
#
# Needs Debian's hugo (apt-get install hugo) and /usr/bin/time.
set -euo pipefail
n=${1:-10000}
runs=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v hugo >/dev/null || { echo "compare.sh: install Hugo first: apt-get install hugo" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "compare.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

cd "$root"
go run ./bench/cmd/corpus "$work/site" "$n"
go build -o "$work/charter" ./cmd/charter
cp -r bench/hugo "$work/hugo"
ln -s "$work/site/content" "$work/hugo/content"

# measure NAME COMMAND...: one run, appends "seconds kilobytes" to $work/NAME.
measure() {
  local name=$1; shift
  /usr/bin/time -v "$@" > /dev/null 2> "$work/time.txt" || { cat "$work/time.txt" >&2; exit 1; }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
  echo "$wall $rss" >> "$work/$name.times"
}

# Each run writes into a new folder: deleting the last run's output first
# makes this machine's disk slow for the next few seconds (it frees and
# discards the blocks), which would charge one tool for the other's files.
# And each run starts with nothing of the one before left to write back.
for i in $(seq "$runs"); do
  sync
  measure hugo hugo --source "$work/hugo" --destination "$work/hugo-out-$i" --quiet
  sync
  measure charter "$work/charter" build --source "$work/site" --public "$work/out-$i/public" --staff "$work/out-$i/staff" --date 2026-11-23 --quiet
done

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
hw=$(cut -d' ' -f1 "$work/hugo.times" | median); hm=$(cut -d' ' -f2 "$work/hugo.times" | median)
cw=$(cut -d' ' -f1 "$work/charter.times" | median); cm=$(cut -d' ' -f2 "$work/charter.times" | median)
pages=$(find "$work/out-1" -name '*.html' | wc -l); hpages=$(find "$work/hugo-out-1" -name '*.html' | wc -l)

printf '\n%d promises, %d runs each, medians (%s, %d cores)\n\n' "$n" "$runs" "$(date -u +%Y-%m-%d)" "$(nproc)"
printf '%-28s %10s %12s %8s\n' "" "wall (s)" "peak (MiB)" "pages"
printf '%-28s %10.2f %12.0f %8d\n' "hugo $(hugo version | awk '{print $2}') (one site)" "$hw" "$(echo "$hm / 1024" | bc -l)" "$hpages"
printf '%-28s %10.2f %12.0f %8d\n' "charter (public + staff)" "$cw" "$(echo "$cm / 1024" | bc -l)" "$pages"
printf '\ncharter / hugo: wall %.2fx, memory %.2fx\n' "$(echo "$cw / $hw" | bc -l)" "$(echo "$cm / $hm" | bc -l)"
