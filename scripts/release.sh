#!/usr/bin/env bash
# Release binaries for the machines offices run, each smoke-tested where
# it can run here:
#   x86_64-unknown-linux-gnu   Linux on x86-64                 (run natively)
#   aarch64-unknown-linux-gnu  麒麟 / 统信 on 鲲鹏 / 飞腾 (ARM64) (qemu-user)
#   x86_64-pc-windows-gnu      Windows, built with mingw-w64   (wine)
# The binaries go to dist/. The smoke test runs `--version`, checks the
# sample records and builds their site with each binary, and compares that
# site byte for byte with the one this machine's own build makes.
#
#   bash scripts/release.sh                      # all three
#   TARGETS=aarch64-unknown-linux-gnu bash scripts/release.sh
#
# Needs (Debian): gcc-aarch64-linux-gnu, gcc-mingw-w64-x86-64 to link,
# qemu-user and wine to smoke-test; `rustup target add` for each target.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGETS=${TARGETS:-"x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu x86_64-pc-windows-gnu"}
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
mkdir -p dist
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
export CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc

# the reference: the sample site as the native build makes it
cargo build --release --locked --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target/release/zerenzhi build --records records --out "$work/reference" --as-of 2026-12-31 --no-history >/dev/null

smoke() { # TARGET BINARY: run it the way this machine can
  local target=$1 bin=$2 run=()
  case "$target" in
    x86_64-unknown-linux-gnu) run=() ;;
    aarch64-unknown-linux-gnu)
      command -v qemu-aarch64 >/dev/null || { echo "  (qemu-user not installed: not run)"; return 0; }
      run=(qemu-aarch64 -L /usr/aarch64-linux-gnu) ;;
    x86_64-pc-windows-gnu)
      command -v wine >/dev/null || { echo "  (wine not installed: not run)"; return 0; }
      export WINEDEBUG=-all
      run=(wine)
      # Wine 8 lacks ProcessPrng (bcryptprimitives.dll), which Rust's std
      # uses on Windows 10+: run beside a stand-in (scripts/wine-shim)
      if [ "$(wine --version | sed 's/^wine-\([0-9]*\).*/\1/')" -lt 9 ]; then
        x86_64-w64-mingw32-gcc -shared -O2 -o "$work/bcryptprimitives.dll" scripts/wine-shim/bcryptprimitives.c
        cp "$bin" "$work/"
        bin="$work/$(basename "$bin")"
      fi ;;
  esac
  rm -rf "$work/site"
  "${run[@]}" "$bin" --version
  "${run[@]}" "$bin" check --records records --data-only
  "${run[@]}" "$bin" build --records records --out "$work/site" --as-of 2026-12-31 --no-history
  diff -r "$work/reference" "$work/site" >/dev/null || { echo "  the site built on $target differs from this machine's" >&2; exit 1; }
  echo "  smoke test passed on $target: the same site, byte for byte"
}

for target in $TARGETS; do
  echo "== $target"
  if ! rustup target list --installed | grep -qx "$target" && ! rustup target add "$target"; then
    echo "  the $target target cannot be installed on this machine: not built"
    continue
  fi
  cargo build --release --locked --quiet --target "$target"
  suffix=""
  [[ "$target" == *windows* ]] && suffix=".exe"
  bin="dist/zerenzhi-$version-$target$suffix"
  cp "target/$target/release/zerenzhi$suffix" "$bin"
  ls -l "$bin"
  smoke "$target" "$bin"
done
