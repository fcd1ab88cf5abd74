#!/bin/sh
# Installs the Debian/Ubuntu packages that `npm run build:contracts` needs:
# clang 14 with the wasm32 target, its linker and compiler-rt builtins, wasi-libc,
# gcc for the native QuickJS compiler (qjsc), and Debian's rustc 1.63 with the wasm32
# standard library for the Rust example contract (contract/rust/). In the repository (not from
# an installed package, which has no tests) also Debian's chromium, with a font for its
# screenshots: the report pages' browser tests (harness/report/test/) drive it headless and
# fail without it unless NRH_SKIP_BROWSER=1. Nothing is downloaded from anywhere but the
# distribution's package archive: no test downloads a browser. No wasm-opt: the build never
# runs one.
set -eu

PACKAGES="clang-14 lld-14 libclang-rt-14-dev-wasm32 wasi-libc gcc libc6-dev rustc libstd-rust-dev-wasm32"
if [ -f "$(dirname "$0")/../harness/report/test/chromium.ts" ]; then
  PACKAGES="$PACKAGES chromium fonts-dejavu-core"
fi

if ! command -v apt-get >/dev/null 2>&1; then
  cat >&2 <<MSG
error: apt-get not found: this script installs Debian/Ubuntu packages only.
On another system install the equivalents of: $PACKAGES
  - clang 14 able to target wasm32-wasi, and wasm-ld 14 (LLVM's lld)
  - compiler-rt builtins for wasm32 (libclang_rt.builtins-wasm32.a in clang's resource dir)
  - wasi-libc headers and libraries (include/wasm32-wasi, lib/wasm32-wasi)
  - a native C compiler (gcc) with libm, libdl and libpthread
  - rustc 1.63 with the wasm32-unknown-unknown standard library (point NRH_RUSTC at it)
  - in the repository, Chromium (or Chrome) for the report pages' browser tests (point NRH_CHROMIUM at it)
then point the build at them with NRH_WASI_SYSROOT / NRH_CLANG (see toolchain/README.md).
MSG
  exit 1
fi

SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "error: not root and sudo is missing; run as root: apt-get install -y $PACKAGES" >&2
    exit 1
  fi
fi

$SUDO apt-get update -qq
missing=""
for pkg in $PACKAGES; do
  if ! apt-cache show "$pkg" >/dev/null 2>&1; then missing="$missing $pkg"; fi
done
if [ -n "$missing" ]; then
  echo "error: this distribution's archive has no package named:$missing" >&2
  echo "Debian 12 (bookworm) has them all; on others install clang 14 + wasm32 compiler-rt + wasi-libc + rustc 1.63 for wasm32 + chromium by other means." >&2
  exit 1
fi
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null
# The versions matter: the build compares them with toolchain/built-with.json and names any that differ.
echo "installed:"
dpkg-query -W -f '  ${Package} ${Version}\n' $PACKAGES
# wasm-opt is not part of the build (the link calls wasm-ld directly), so nothing installs binaryen.
