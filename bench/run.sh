#!/usr/bin/env bash
# Whole-process benchmark, side by side in one run: `zerenzhi check` and
# `zerenzhi build` on 1k, 10k and 100k synthetic records, and Hugo on the
# same 10k Markdown bodies, zerenzhi and Hugo runs alternating. Output goes
# to tmpfs (/dev/shm), as BENCHMARKS.md explains; two extra rows build 10k to
# the disk. Prints a Markdown table of medians (wall, user+sys) and peak
# memory, from GNU time, then the zerenzhi/Hugo ratios.
#
#   bash bench/run.sh            # 1k, 10k, 100k (needs ~1.5 GB of /dev/shm)
#   SIZES="1000 10000" bash bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 10000 100000"}
RUNS=${RUNS:-5}
SHM=${SHM:-/dev/shm/zerenzhi-bench}
AS_OF=2026-12-31

for tool in hugo /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install hugo time" >&2; exit 2; }
done
cargo build --release --quiet --example gen_corpus
cargo build --release --quiet
zz=target/release/zerenzhi
mkdir -p "$SHM"

corpus() { # N: generate once
  local n=$1
  if [ ! -f "$SHM/records-$n/.done" ]; then
    rm -rf "$SHM/records-$n" "$SHM/hugo-$n"
    if [ "$n" = 10000 ]; then
      target/release/examples/gen_corpus "$n" "$SHM/records-$n" "$SHM/hugo-$n"
    else
      target/release/examples/gen_corpus "$n" "$SHM/records-$n"
    fi
    touch "$SHM/records-$n/.done"
  fi
}

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# once CMD...: runs CMD once under GNU time; sets WALL, CPU (user+sys), RSS (KB)
once() {
  rm -rf "$SHM/out" target/bench-out
  # `check` exits 1 when a required rule is violated: that is a result, not a failure
  /usr/bin/time -o "$SHM/time" -f "%e %U %S %M" "$@" >/dev/null 2>&1 || true
  read -r WALL user sys RSS < <(tail -1 "$SHM/time")
  CPU=$(awk "BEGIN {printf \"%.2f\", $user + $sys}")
}

# row LABEL WALLS CPUS PEAK: one table row of medians
row() {
  local -n w=$2 c=$3
  printf '| %s | %s s | %s s | %d MB |\n' "$1" "$(median "${w[@]}")" "$(median "${c[@]}")" $(($4 / 1024))
}

# measure LABEL RUNS CMD...: prints "LABEL | wall | user+sys | peak MB"
measure() {
  local label=$1 runs=$2; shift 2
  local walls=() cpus=() peak=0
  for _ in $(seq "$runs"); do
    once "$@"
    walls+=("$WALL"); cpus+=("$CPU"); [ "$RSS" -gt "$peak" ] && peak=$RSS
  done
  row "$label" walls cpus "$peak"
}

# versus LABEL_A LABEL_B RUNS -- CMD_A... -- CMD_B...: runs A and B in turn
# (A B A B …) so that both meet the same machine load; prints both rows and
# keeps the ratio of the median walls in RATIOS.
RATIOS=()
versus() {
  local la=$1 lb=$2 runs=$3; shift 4
  local a=() b=()
  while [ "$1" != -- ]; do a+=("$1"); shift; done; shift
  b=("$@")
  local wa=() ca=() pa=0 wb=() cb=() pb=0
  for _ in $(seq "$runs"); do
    once "${a[@]}"; wa+=("$WALL"); ca+=("$CPU"); [ "$RSS" -gt "$pa" ] && pa=$RSS
    once "${b[@]}"; wb+=("$WALL"); cb+=("$CPU"); [ "$RSS" -gt "$pb" ] && pb=$RSS
  done
  row "$la" wa ca "$pa"
  row "$lb" wb cb "$pb"
  RATIOS+=("$la / $lb: wall $(awk "BEGIN {printf \"%.2f\", $(median "${wa[@]}") / $(median "${wb[@]}")}") ×, peak memory $(awk "BEGIN {printf \"%.2f\", $pa / $pb}") ×")
}

echo "| run | wall (median of $RUNS) | user+sys | peak memory |"
echo "|---|---:|---:|---:|"
for n in $SIZES; do
  corpus "$n"
  runs=$RUNS; [ "$n" -ge 100000 ] && runs=3
  measure "zerenzhi check, $n records" "$runs" $zz check --records "$SHM/records-$n" --as-of $AS_OF --format json
  if [ "$n" = 10000 ]; then
    versus "zerenzhi build, $n records (tmpfs)" "hugo, same $n bodies (tmpfs)" "$runs" \
      -- $zz build --records "$SHM/records-$n" --out "$SHM/out" --as-of $AS_OF \
      -- hugo --source "$SHM/hugo-$n" --destination "$SHM/out" --quiet
    versus "zerenzhi build, $n records (disk)" "hugo, same $n bodies (disk)" "$runs" \
      -- $zz build --records "$SHM/records-$n" --out target/bench-out --as-of $AS_OF \
      -- hugo --source "$SHM/hugo-$n" --destination "$PWD/target/bench-out" --quiet
  else
    measure "zerenzhi build, $n records (tmpfs)" "$runs" $zz build --records "$SHM/records-$n" --out "$SHM/out" --as-of $AS_OF
  fi
done
echo
for r in "${RATIOS[@]}"; do echo "- $r"; done
rm -rf "$SHM/out" target/bench-out
