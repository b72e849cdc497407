#!/usr/bin/env bash
# Two zerenzhi binaries side by side in one run, alternating A B A B …:
# `check` and `build` on the same synthetic records (tmpfs), medians of RUNS
# wall times and the ratio B / A. For "is the change any slower?".
#
#   bash bench/compare.sh OLD_BINARY NEW_BINARY [N]     # N records, default 10000
#   RUNS=9 bash bench/compare.sh …
set -euo pipefail
cd "$(dirname "$0")/.."
a=$(realpath "$1")
b=$(realpath "$2")
n=${3:-10000}
RUNS=${RUNS:-7}
SHM=${SHM:-/dev/shm/zerenzhi-bench}
records="$SHM/records-$n"
if [ ! -f "$records/.done" ]; then
  cargo build --release --quiet --example gen_corpus
  rm -rf "$records"
  target/release/examples/gen_corpus "$n" "$records"
  touch "$records/.done"
fi

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
seconds() { # command…: wall seconds of one run (exit status ignored: `check` exits 1 on violations)
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  awk -v d=$((end - start)) 'BEGIN {printf "%.3f", d / 1e9}'
}

printf '| %s records | A: %s | B: %s | B / A |\n|---|---:|---:|---:|\n' "$n" "$(basename "$(dirname "$a")")/$(basename "$a")" "$(basename "$(dirname "$b")")/$(basename "$b")"
for what in check build; do
  ta=() tb=()
  for _ in $(seq "$RUNS"); do
    for side in a b; do
      bin=${!side}
      if [ "$what" = check ]; then
        t=$(seconds "$bin" check --records "$records" --as-of 2026-12-31)
      else
        rm -rf "$SHM/out-$side"
        t=$(seconds "$bin" build --no-history --records "$records" --out "$SHM/out-$side" --as-of 2026-12-31)
      fi
      if [ "$side" = a ]; then ta+=("$t"); else tb+=("$t"); fi
    done
  done
  ma=$(median "${ta[@]}")
  mb=$(median "${tb[@]}")
  printf '| `%s` | %s s | %s s | %s |\n' "$what" "$ma" "$mb" "$(awk -v a="$ma" -v b="$mb" 'BEGIN {printf "%.3f", b / a}')"
done
