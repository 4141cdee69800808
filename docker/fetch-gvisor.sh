#!/usr/bin/env bash
# Docker build stage: downloads each architecture's gvisor.tar.bz2 of the release pinned in
# gvisor-release.properties, verifies its pinned sha512 and unpacks runsc, containerd-shim-runsc-v1 and
# gvisor-bin/ into OUT/<arch>/. The Maven step that follows (offline mode) checks the ELF architecture of
# every file and writes SHA512SUMS, exactly as in the Jib build.
# Usage: fetch-gvisor.sh PIN_FILE OUT_DIR EXPECTED_RELEASE
set -euo pipefail

pin=$1 out=$2 expected=${3:-}
prop() { sed -n "s/^$1=//p" "$pin" | tr -d '[:space:]'; }
release=$(prop 'gvisor\.release')
base=$(prop 'gvisor\.base\.url')
if [ "$expected" != "$release" ]; then
  echo "build arg GVISOR_RELEASE='$expected' is not the pinned release '$release' (gvisor-release.properties)" >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for arch in x86_64 aarch64; do
  sum=$(prop "gvisor\\.sha512\\.$arch")
  if ! [[ $sum =~ ^[0-9a-f]{128}$ ]]; then
    echo "gvisor-release.properties: gvisor.sha512.$arch is not filled in; run scripts/bump-gvisor-release.sh $release" >&2
    exit 1
  fi
  url="$base/$release/$arch/gvisor.tar.bz2"
  curl -fsSL --retry 3 -o "$tmp/$arch.tar.bz2" "$url"
  echo "$sum  $tmp/$arch.tar.bz2" | sha512sum --quiet -c - || { echo "$url: sha512 mismatch" >&2; exit 1; }
  mkdir -p "$out/$arch"
  tar -xjf "$tmp/$arch.tar.bz2" -C "$out/$arch" --no-same-owner runsc containerd-shim-runsc-v1 gvisor-bin
  echo "gVisor $release $arch: verified and unpacked"
done
