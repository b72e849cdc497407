#!/usr/bin/env bash
# Whole-process benchmark, side by side in one run: `zerenzhi check` and
# `zerenzhi build` on 1k, 10k and 100k synthetic records, and Hugo on the
# same 10k Markdown bodies. Output goes to tmpfs (/dev/shm), as BENCHMARKS.md
# explains; one extra row builds 10k to the disk. Prints a Markdown table of
# medians (wall, user+sys) and peak memory, from GNU time.
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

# measure LABEL RUNS CMD...: prints "LABEL | wall | user+sys | peak MB"
measure() {
  local label=$1 runs=$2; shift 2
  local walls=() cpus=() peak=0
  for _ in $(seq "$runs"); do
    rm -rf "$SHM/out" target/bench-out
    # `check` exits 1 when a required rule is violated: that is a result, not a failure
    /usr/bin/time -o "$SHM/time" -f "%e %U %S %M" "$@" >/dev/null 2>&1 || true
    read -r wall user sys rss < <(tail -1 "$SHM/time")
    walls+=("$wall"); cpus+=("$(awk "BEGIN {printf \"%.2f\", $user + $sys}")")
    [ "$rss" -gt "$peak" ] && peak=$rss
  done
  median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  printf '| %s | %s s | %s s | %d MB |\n' "$label" "$(median "${walls[@]}")" "$(median "${cpus[@]}")" $((peak / 1024))
}

echo "| run | wall (median of $RUNS) | user+sys | peak memory |"
echo "|---|---:|---:|---:|"
for n in $SIZES; do
  corpus "$n"
  runs=$RUNS; [ "$n" -ge 100000 ] && runs=3
  measure "zerenzhi check, $n records" "$runs" $zz check --records "$SHM/records-$n" --as-of $AS_OF --format json
  measure "zerenzhi build, $n records (tmpfs)" "$runs" $zz build --records "$SHM/records-$n" --out "$SHM/out" --as-of $AS_OF
  if [ "$n" = 10000 ]; then
    measure "hugo, same $n bodies (tmpfs)" "$runs" hugo --source "$SHM/hugo-$n" --destination "$SHM/out" --quiet
    measure "zerenzhi build, $n records (disk)" "$runs" $zz build --records "$SHM/records-$n" --out target/bench-out --as-of $AS_OF
    measure "hugo, same $n bodies (disk)" "$runs" hugo --source "$SHM/hugo-$n" --destination "$PWD/target/bench-out" --quiet
  fi
done
rm -rf "$SHM/out" target/bench-out
