#!/usr/bin/env bash
# Pins another gVisor release: fetches <base>/<RELEASE>/<arch>/gvisor.tar.bz2.sha512 for x86_64 and aarch64
# and rewrites gvisor-release.properties (the one place the release is pinned). Needs internet access to the
# release bucket; run it on a workstation, review the diff, commit. Usage: scripts/bump-gvisor-release.sh 20251110.0
set -euo pipefail

release=${1:-}
if ! [[ $release =~ ^[0-9]{8}\.[0-9]+$ ]]; then
  echo "usage: $0 RELEASE   (a release id like 20251110.0)" >&2
  exit 2
fi
pin=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/gvisor-release.properties
base=$(sed -n 's/^gvisor\.base\.url=//p' "$pin" | tr -d '[:space:]')
[ -n "$base" ] || { echo "$pin: no gvisor.base.url" >&2; exit 1; }

declare -A sums
for arch in x86_64 aarch64; do
  url="$base/$release/$arch/gvisor.tar.bz2.sha512"
  body=$(curl -fsSL --proto '=https' --retry 3 "$url") || { echo "cannot fetch $url" >&2; exit 1; }
  sum=${body%%[[:space:]]*}
  if ! [[ $sum =~ ^[0-9a-f]{128}$ ]]; then
    echo "$url: no sha512 checksum in it" >&2
    exit 1
  fi
  sums[$arch]=$sum
  echo "$arch: $sum"
done

tmp=$(mktemp "$pin.XXXXXX")
sed -e "s/^gvisor\.release=.*/gvisor.release=$release/" \
    -e "s/^gvisor\.sha512\.x86_64=.*/gvisor.sha512.x86_64=${sums[x86_64]}/" \
    -e "s/^gvisor\.sha512\.aarch64=.*/gvisor.sha512.aarch64=${sums[aarch64]}/" "$pin" >"$tmp"
mv "$tmp" "$pin"
echo "pinned gVisor $release in $pin; build the image (mvn -B -Pimage package) to download and verify both archives"
