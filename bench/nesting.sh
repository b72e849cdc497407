#!/usr/bin/env bash
# Raw HTML nesting, worst cases: is the time linear in the input?
#
#   deep:   one body of N nested `<div>` (25 000 … 200 000 levels): `check`
#           and `build` refuse it (E-HTML-DEPTH) after one linear scan;
#   blocks: bodies of the same size made of blocks nested exactly to the
#           limit (512), which pass and are cleaned by ammonia: `build`.
#
# Prints, for each N, the median wall time of RUNS runs and the time per
# thousand levels; a linear cost keeps the last column flat.
#
#   bash bench/nesting.sh
#   RUNS=5 LEVELS="25000 50000 100000 200000" bash bench/nesting.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
LEVELS=${LEVELS:-"25000 50000 100000 200000"}
cargo build --release --quiet
zz=$PWD/target/release/zerenzhi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tree() { # DIR BODY-FILE
  mkdir -p "$1/2026/leadership"
  printf '[unit]\nname = "测试办"\nshort_name = "测试办"\n' > "$1/org.toml"
  { printf '+++\nkind = "plan"\ntitle = "深"\ndate = 2026-01-06\n+++\n'; cat "$2"; } > "$1/2026/leadership/deep.md"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

time_ms() { # command…: median wall milliseconds of RUNS runs
  for _ in $(seq "$RUNS"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    echo $(((end - start) / 1000000))
  done | median
}

printf '| levels | body | deep: check | deep: build | blocks of 512: build | ms per 1000 levels (deep check, blocks build) |\n'
printf '|---:|---:|---:|---:|---:|---:|\n'
for n in $LEVELS; do
  python3 -c "import sys; n=int(sys.argv[1]); sys.stdout.write('<div>'*n + 'x' + '</div>'*n + '\n')" "$n" > "$work/deep-$n"
  python3 -c "import sys; n=int(sys.argv[1]); b=512; sys.stdout.write(('<div>'*b + 'x' + '</div>'*b + '\n') * (n // b))" "$n" > "$work/blocks-$n"
  tree "$work/deep-tree-$n" "$work/deep-$n"
  tree "$work/blocks-tree-$n" "$work/blocks-$n"
  size=$(($(stat -c %s "$work/deep-$n") / 1024))
  check=$(time_ms "$zz" check --records "$work/deep-tree-$n" --as-of 2026-12-31)
  build=$(time_ms "$zz" build --no-history --records "$work/deep-tree-$n" --out "$work/site-deep" --as-of 2026-12-31)
  blocks=$(time_ms "$zz" build --no-history --records "$work/blocks-tree-$n" --out "$work/site-blocks" --as-of 2026-12-31)
  per_check=$(awk -v t="$check" -v n="$n" 'BEGIN {printf "%.3f", t / (n / 1000)}')
  per_blocks=$(awk -v t="$blocks" -v n="$n" 'BEGIN {printf "%.3f", t / (n / 1000)}')
  printf '| %s | %s KB | %s ms | %s ms | %s ms | %s, %s |\n' "$n" "$size" "$check" "$build" "$blocks" "$per_check" "$per_blocks"
done
