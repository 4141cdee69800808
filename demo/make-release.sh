#!/usr/bin/env bash
# Assembles a gVisor release folder for the demo: Debian's real runsc, plus a clearly named stand-in for
# containerd-shim-runsc-v1 (no Debian package ships the shim), plus SHA512SUMS, as --binaries-dir expects.
# Usage: demo/make-release.sh OUT_DIR
set -euo pipefail
out=${1:?usage: make-release.sh OUT_DIR}
here=$(cd "$(dirname "$0")" && pwd)
cache=${GNI_CACHE:-/var/cache/gvisor-node-installer}
runsc=$cache/runsc/usr/bin/runsc
[ -x "$runsc" ] || runsc=$(command -v runsc || true)
[ -x "$runsc" ] || { echo "error: Debian's runsc not found; run .ci/install-deps.sh first" >&2; exit 1; }
rm -rf "$out"; mkdir -p "$out"
cp "$runsc" "$out/runsc"
cc -O2 -static -o "$out/containerd-shim-runsc-v1" "$here/standin-shim.c" 2>/dev/null \
  || cc -O2 -o "$out/containerd-shim-runsc-v1" "$here/standin-shim.c"
printf 'containerd-shim-runsc-v1 in this folder is a DEMO STAND-IN, not the gVisor shim (see demo/standin-shim.c)\n' \
  > "$out/STAND-IN.txt"
(cd "$out" && sha512sum runsc containerd-shim-runsc-v1 > SHA512SUMS)
echo "$out"
