#!/usr/bin/env bash
# build-test-image.sh CACHE_DIR
#
# TEST ONLY. Builds, offline, a tiny image from Debian's busybox-static (/bin/busybox) with umoci and
# skopeo, as a docker-archive tarball tagged localhost/local/busybox:1 and localhost/local/pause:1
# (one image, two names: the pod sandbox image and the container image). Its default command sleeps,
# so it also serves as the pause image. Import it with:
#   ctr --address SOCK -n k8s.io images import CACHE_DIR/busybox-image.tar
# Cached: rebuilt only when /bin/busybox or this script changes. Prints the tarball's path last.
set -euo pipefail

CACHE_DIR=${1:-/var/cache/gvisor-node-installer/test-image}
BUSYBOX=${BUSYBOX:-/bin/busybox}
die() { echo "build-test-image: ERROR: $*" >&2; exit 1; }

for tool in umoci skopeo sha256sum; do command -v "$tool" >/dev/null || die "needs '$tool' on PATH"; done
[ -x "$BUSYBOX" ] || die "$BUSYBOX not found (apt-get install busybox-static)"
file_head=$(head -c 4 "$BUSYBOX" | od -An -c | tr -d ' ')
[ "$file_head" = "177ELF" ] || die "$BUSYBOX is not an ELF binary"

mkdir -p "$CACHE_DIR"
exec 9>"$CACHE_DIR/.lock"   # one build at a time per cache
flock 9
OUT="$CACHE_DIR/busybox-image.tar"
KEY="recipe=$(sha256sum < "${BASH_SOURCE[0]}" | cut -c1-16) busybox=$(sha256sum < "$BUSYBOX" | cut -d' ' -f1)"
if [ -f "$OUT" ] && [ "$(cat "$OUT.inputs" 2>/dev/null)" = "$KEY" ]; then
  echo "build-test-image: cached $OUT"
  echo "$OUT"
  exit 0
fi

W=$(mktemp -d "$CACHE_DIR/.work.XXXXXX")
trap 'rm -rf "$W"' EXIT
umoci init --layout "$W/oci"
umoci new --image "$W/oci:img"
umoci unpack --image "$W/oci:img" "$W/bundle" >/dev/null
R="$W/bundle/rootfs"
mkdir -p "$R/bin" "$R/tmp" "$R/proc" "$R/sys" "$R/dev" "$R/etc"
install -m 0755 "$BUSYBOX" "$R/bin/busybox"
for applet in sh sleep cat dmesg uname ls echo true; do ln -s busybox "$R/bin/$applet"; done
echo 'root:x:0:0:root:/:/bin/sh' > "$R/etc/passwd"
echo 'root:x:0:' > "$R/etc/group"
umoci repack --image "$W/oci:img" "$W/bundle" >/dev/null
umoci config --image "$W/oci:img" --config.env PATH=/bin --config.workingdir / \
  --config.cmd /bin/sleep --config.cmd 2147483647 \
  --config.label "org.opencontainers.image.description=gvisor-node-installer test image (busybox-static)"
umoci gc --layout "$W/oci"
rm -f "$W/out.tar"
skopeo copy -q --additional-tag localhost/local/pause:1 \
  "oci:$W/oci:img" "docker-archive:$W/out.tar:localhost/local/busybox:1"
mv "$W/out.tar" "$OUT"
echo "$KEY" > "$OUT.inputs"
echo "build-test-image: built $OUT ($(stat -c %s "$OUT") bytes)"
echo "$OUT"
