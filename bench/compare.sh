#!/usr/bin/env bash
# Builds the same generated corpus with Hugo (one site) and with charter
# (public and staff sites), alternating runs, and prints each one's medians
# of wall time, peak memory, user and system CPU, the size of its output
# and the ratios. Two floors run in the same script as peers: the bare
# program of issue 6 (front matter, goldmark and one html/template per
# promise, one site: bench/cmd/floor render), and the time it takes only to
# write charter's output (floor write).
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
go build -o "$work/floor" ./bench/cmd/floor
cp -r bench/hugo "$work/hugo"
ln -s "$work/site/content" "$work/hugo/content"

# measure NAME COMMAND...: one run, appends "seconds kilobytes" to $work/NAME.
measure() {
  local name=$1; shift
  /usr/bin/time -v "$@" > /dev/null 2> "$work/time.txt" || { cat "$work/time.txt" >&2; exit 1; }
  local wall rss user sys
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
  user=$(awk -F': ' '/User time/ {print $2}' "$work/time.txt")
  sys=$(awk -F': ' '/System time/ {print $2}' "$work/time.txt")
  echo "$wall $rss $user $sys" >> "$work/$name.times"
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
  sync
  measure floor "$work/floor" render "$work/site" "$work/floor-out-$i"
done
sync
written=$("$work/floor" write "$work/out-1" "$work/written")

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
hw=$(cut -d' ' -f1 "$work/hugo.times" | median); hm=$(cut -d' ' -f2 "$work/hugo.times" | median)
cw=$(cut -d' ' -f1 "$work/charter.times" | median); cm=$(cut -d' ' -f2 "$work/charter.times" | median)
hu=$(cut -d' ' -f3 "$work/hugo.times" | median); hs=$(cut -d' ' -f4 "$work/hugo.times" | median)
fw=$(cut -d' ' -f1 "$work/floor.times" | median); fm=$(cut -d' ' -f2 "$work/floor.times" | median)
fu=$(cut -d' ' -f3 "$work/floor.times" | median); fs=$(cut -d' ' -f4 "$work/floor.times" | median)
fpages=$(find "$work/floor-out-1" -name '*.html' | wc -l); fmb=$(du -sm "$work/floor-out-1" | cut -f1)
cu=$(cut -d' ' -f3 "$work/charter.times" | median); cs=$(cut -d' ' -f4 "$work/charter.times" | median)
pages=$(find "$work/out-1" -name '*.html' | wc -l); hpages=$(find "$work/hugo-out-1" -name '*.html' | wc -l)
mb=$(du -sm "$work/out-1" | cut -f1); hmb=$(du -sm "$work/hugo-out-1" | cut -f1)

printf '\n%d promises, %d runs each, medians (%s, %d cores)\n\n' "$n" "$runs" "$(date -u +%Y-%m-%d)" "$(nproc)"
printf '%-34s %9s %11s %9s %9s %7s %8s\n' "" "wall (s)" "peak (MiB)" "user (s)" "sys (s)" "pages" "out (MB)"
printf '%-34s %9.2f %11.0f %9.2f %9.2f %7d %8d\n' "hugo $(hugo version | awk '{print $2}') (one site)" "$hw" "$(echo "$hm / 1024" | bc -l)" "$hu" "$hs" "$hpages" "$hmb"
printf '%-34s %9.2f %11.0f %9.2f %9.2f %7d %8d\n' "charter (public + staff)" "$cw" "$(echo "$cm / 1024" | bc -l)" "$cu" "$cs" "$pages" "$mb"
printf '%-34s %9.2f %11.0f %9.2f %9.2f %7d %8d\n' "bare program (one site, floor)" "$fw" "$(echo "$fm / 1024" | bc -l)" "$fu" "$fs" "$fpages" "$fmb"
printf '\ncharter / hugo: wall %.2fx, memory %.2fx\n' "$(echo "$cw / $hw" | bc -l)" "$(echo "$cm / $hm" | bc -l)"
printf 'bare program / hugo: wall %.2fx\n' "$(echo "$fw / $hw" | bc -l)"
printf 'writing charter'"'"'s output alone: %s\n' "$written"

# Each run's pair: this machine's speed drifts within minutes, and a pair
# run back to back shares the drift.
printf '\n%-6s %18s %18s %12s %12s\n' "run" "hugo wall / user" "charter wall / user" "wall ratio" "bare / hugo"
paste -d' ' "$work/hugo.times" "$work/charter.times" "$work/floor.times" | awk '{ printf "%-6d %9.2f / %6.2f %9.2f / %6.2f %11.2fx %11.2fx\n", NR, $1, $3, $5, $7, $5 / $1, $9 / $1 }'
