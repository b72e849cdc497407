#!/usr/bin/env bash
# The roll-up at a province's scale: `zerenzhi rollup` of 1 k, 3 k and
# 10 k generated bundles (examples/gen_bundles.rs), RUNS times each, under
# GNU time. Bundles and output on tmpfs (/dev/shm). Prints a Markdown table
# of medians (wall, user+sys), the largest peak memory, and the wall time
# per bundle, which stays flat when the cost is linear in N.
#
#   bash bench/rollup.sh
#   SIZES="1000 3000" RUNS=3 bash bench/rollup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 3000 10000"}
RUNS=${RUNS:-5}
SHM=${SHM:-/dev/shm/zerenzhi-rollup}
command -v /usr/bin/time >/dev/null || { echo "missing /usr/bin/time: apt-get install time" >&2; exit 2; }
cargo build --release --quiet --example gen_bundles
cargo build --release --quiet
zz=target/release/zerenzhi
mkdir -p "$SHM"
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "| bundles | size on disk | wall (median) | user+sys (median) | peak memory | wall per bundle |"
echo "|---:|---:|---:|---:|---:|---:|"
for n in $SIZES; do
  if [ ! -f "$SHM/bundles-$n/.done" ]; then
    rm -rf "$SHM/bundles-$n"
    target/release/examples/gen_bundles "$n" "$SHM/bundles-$n"
    touch "$SHM/bundles-$n/.done"
  fi
  walls=(); cpus=(); peak=0
  for _ in $(seq "$RUNS"); do
    rm -rf "$SHM/out-$n"
    /usr/bin/time -f "%e %U %S %M" -o "$SHM/time" "$zz" rollup "$SHM/bundles-$n" --out "$SHM/out-$n" --as-of 2027-01-31 >/dev/null 2>"$SHM/err" \
      || { cat "$SHM/err" >&2; exit 1; }
    read -r wall user sys rss < "$SHM/time"
    walls+=("$wall"); cpus+=("$(echo "$user + $sys" | bc)")
    [ "$rss" -gt "$peak" ] && peak=$rss
  done
  w=$(median "${walls[@]}"); c=$(median "${cpus[@]}")
  size=$(du -sm "$SHM/bundles-$n" | cut -f1)
  per=$(echo "scale=2; $w * 1000 / $n" | bc)
  echo "| $n | ${size} MB | ${w} s | ${c} s | $((peak / 1024)) MB | ${per} ms |"
done
