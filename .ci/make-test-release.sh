#!/usr/bin/env bash
# make-test-release.sh OUT_DIR [--shim PATH | --do-nothing-shim] [--runsc PATH]
#
# TEST ONLY. Assembles a gVisor release folder as the installer takes it with --binaries-dir:
#   OUT_DIR/runsc                     Debian's runsc (a real gVisor build)
#   OUT_DIR/containerd-shim-runsc-v1  the TEST STAND-IN shim built by .ci/build-test-shim.sh (default), or,
#                                     with --do-nothing-shim, a NEGATIVE CONTROL: a static ELF that exits 0
#                                     at once and serves nothing, so every pod sandbox must fail with it
#   OUT_DIR/SHA512SUMS                sha512sum format, relative names
#   OUT_DIR/TEST-RELEASE              says what this folder is (not part of a real release, not in SHA512SUMS)
# A real release also has gvisor-bin/ helpers; Debian's runsc has none, so none are made up here.
#
# Defaults: runsc from $GNI_CACHE/runsc/usr/bin/runsc (see .ci/install-deps.sh), shim from
# $GNI_CACHE/test-shim/containerd-shim-runsc-v1 (see .ci/build-test-shim.sh); GNI_CACHE defaults to
# /var/cache/gvisor-node-installer. OUT_DIR is replaced as a whole.
set -euo pipefail

usage() { echo "usage: $0 OUT_DIR [--shim PATH | --do-nothing-shim] [--runsc PATH]" >&2; exit 2; }
die() { echo "make-test-release: ERROR: $*" >&2; exit 1; }

[ $# -ge 1 ] || usage
OUT=$1; shift
CACHE=${GNI_CACHE:-/var/cache/gvisor-node-installer}
RUNSC="$CACHE/runsc/usr/bin/runsc"
SHIM="$CACHE/test-shim/containerd-shim-runsc-v1"
KIND=stand-in
while [ $# -gt 0 ]; do
  case $1 in
    --shim) [ $# -ge 2 ] || usage; SHIM=$2; shift 2 ;;
    --runsc) [ $# -ge 2 ] || usage; RUNSC=$2; shift 2 ;;
    --do-nothing-shim) KIND=do-nothing; shift ;;
    *) usage ;;
  esac
done
[ -x "$RUNSC" ] || die "runsc not found at $RUNSC (run .ci/install-deps.sh)"

# A static ELF that exits 0 immediately: no socket, no address, no TTRPC service.
make_do_nothing_shim() { # $1 = output path
  local src; src=$(mktemp -d)
  cat > "$src/do-nothing-shim.c" <<'C'
/* NEGATIVE CONTROL for the e2e tests: a containerd shim that does nothing and exits 0. */
int main(void) { return 0; }
C
  if command -v cc >/dev/null && cc -static -O2 -o "$1" "$src/do-nothing-shim.c" 2>"$src/cc.err"; then
    :
  else
    echo "make-test-release: cc -static failed ($(head -1 "$src/cc.err" 2>/dev/null)); using a copy of /bin/true" >&2
    cp /bin/true "$1"
  fi
  rm -rf "$src"
}

OUT_PARENT=$(dirname "$OUT")
mkdir -p "$OUT_PARENT"
TMP=$(mktemp -d "$OUT_PARENT/.make-test-release.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

install -m 0755 "$RUNSC" "$TMP/runsc"
case $KIND in
  stand-in)
    [ -x "$SHIM" ] || die "shim not found at $SHIM (run .ci/build-test-shim.sh)"
    install -m 0755 "$SHIM" "$TMP/containerd-shim-runsc-v1"
    DESC="containerd-shim-runsc-v1 is a TEST STAND-IN built from Debian's gVisor source ($SHIM)" ;;
  do-nothing)
    make_do_nothing_shim "$TMP/containerd-shim-runsc-v1"
    chmod 0755 "$TMP/containerd-shim-runsc-v1"
    DESC="containerd-shim-runsc-v1 is a NEGATIVE CONTROL: it exits 0 at once and serves nothing; pods must fail" ;;
esac
(cd "$TMP" && sha512sum runsc containerd-shim-runsc-v1 > SHA512SUMS)
cat > "$TMP/TEST-RELEASE" <<EOF
TEST release folder made by .ci/make-test-release.sh (kind: $KIND), not an upstream gVisor release.
runsc is Debian's build ($("$TMP/runsc" --version 2>/dev/null | head -1)).
$DESC
EOF

rm -rf "$OUT"
mv "$TMP" "$OUT"
chmod 0755 "$OUT"
echo "make-test-release: $OUT ($KIND shim): $(find "$OUT" -mindepth 1 -maxdepth 1 -printf '%f ')"
