#!/usr/bin/env bash
# build-test-shim.sh CACHE_DIR
#
# TEST STAND-IN ONLY. Builds gVisor's containerd-shim-runsc-v1 offline from Debian archive content, for the
# end-to-end tests on this machine. The product never ships this binary: it ships the shim of the pinned
# upstream gVisor release. Debian's gVisor packaging excludes the shim (DH_GOLANG_EXCLUDES), but its source
# is in Debian's orig tarball of gVisor, and every Go library it imports is packaged in Debian:
#   - trixie: the gVisor tree (golang-gvisor-gvisor-dev + orig tarball), Go 1.24, a few Go libraries
#   - bookworm: the containerd 1.6 Go API (and its libraries) that the shim code compiles against
# The shim is ported from the containerd 1.4 to the 1.6 API by three small source edits (see port_shim).
# gVisor's vDSO is compiled with the C compiler because the -dev package only ships a placeholder.
#
# Output: CACHE_DIR/containerd-shim-runsc-v1 and CACHE_DIR/INPUTS (what it was built from).
# The build is skipped when CACHE_DIR already holds a binary built from the same inputs (same recipe,
# same package files and checksums as Debian serves now). When the archive cannot be reached but a
# cached binary exists, the cached binary is used and that is said.
#
# Exit codes: 0 built or cached; 3 SKIPPED (Debian's archive cannot serve the inputs: the line
# "SKIPPED: <reason>" is printed, callers must report the test as skipped, never as passed); other = error.
# Needs: apt-get, dpkg-deb, a C/C++ compiler (gcc/g++), sha256sum. Never touches the system's apt sources:
# it keeps its own lists under CACHE_DIR/apt (mirror: GNI_DEBIAN_MIRROR, default deb.debian.org).
set -euo pipefail

CACHE_DIR=${1:-/var/cache/gvisor-node-installer/test-shim}
SHIM=containerd-shim-runsc-v1
# Any change to this script (the recipe) counts as a new input.
RECIPE=$(sha256sum < "${BASH_SOURCE[0]}" | cut -c1-16)

T0=$(date +%s)
say() { echo "build-test-shim: [+$(( $(date +%s) - T0 ))s] $*"; }
skip() { echo "SKIPPED: $*"; exit 3; }
die() { echo "build-test-shim: ERROR: $*" >&2; exit 1; }

say "building a TEST STAND-IN $SHIM from Debian sources (not the upstream release shim) into $CACHE_DIR"
for tool in apt-get dpkg-deb cc sha256sum flock; do
  command -v "$tool" >/dev/null || die "needs '$tool' on PATH"
done

mkdir -p "$CACHE_DIR"
CACHE_DIR=$(cd "$CACHE_DIR" && pwd)
# One build at a time per cache (several test runs may share it).
exec 9>"$CACHE_DIR/.lock"
flock 9
APT="$CACHE_DIR/apt"
mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial"
MIRROR=${GNI_DEBIAN_MIRROR:-http://deb.debian.org/debian}
cat > "$APT/sources.list" <<S
deb $MIRROR bookworm main
deb $MIRROR trixie main
deb-src $MIRROR trixie main
S
APT_OPTS=(-o "Dir::Etc::SourceList=$APT/sources.list" -o Dir::Etc::SourceParts=/dev/null
          -o "Dir::State::Lists=$APT/lists" -o "Dir::Cache=$APT/cache"
          -o "Dir::State::status=/dev/null"
          -o Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled=false -o APT::Sandbox::User=root)

# Go libraries from bookworm: the containerd 1.6 API generation the shim compiles against.
BOOKWORM_PKGS=(golang-github-containerd-containerd-dev golang-dbus-dev golang-github-burntsushi-toml-dev
  golang-github-cilium-ebpf-dev golang-github-containerd-cgroups-dev golang-github-containerd-console-dev
  golang-github-containerd-fifo-dev golang-github-containerd-go-runc-dev golang-github-containerd-ttrpc-dev
  golang-github-containerd-typeurl-dev golang-github-coreos-go-systemd-dev golang-github-docker-go-events-dev
  golang-github-docker-go-units-dev golang-github-gogo-protobuf-dev golang-github-golang-protobuf-1-5-dev
  golang-github-hashicorp-errwrap-dev golang-github-hashicorp-go-multierror-dev golang-github-moby-sys-dev
  golang-github-opencontainers-go-digest-dev golang-github-opencontainers-image-spec-dev
  golang-github-opencontainers-specs-dev golang-github-pkg-errors-dev golang-github-sirupsen-logrus-dev
  golang-gocapability-dev golang-golang-x-sync-dev golang-google-genproto-dev golang-google-grpc-dev
  golang-google-protobuf-dev)
# From trixie: the gVisor Go tree, its remaining libraries, and the Go 1.24 toolchain.
TRIXIE_PKGS=(golang-gvisor-gvisor-dev golang-github-cenkalti-backoff-dev golang-github-google-btree-dev
  golang-github-mohae-deepcopy-dev golang-golang-x-exp-dev golang-golang-x-sys-dev golang-golang-x-time-dev
  golang-1.24-go golang-1.24-src)
GO_VERSION=1.24
SRC_PKG=golang-gvisor-gvisor/trixie

pkg_refs() { local p; for p in "${BOOKWORM_PKGS[@]}"; do echo "$p/bookworm"; done
             for p in "${TRIXIE_PKGS[@]}"; do echo "$p/trixie"; done; }

# --- 1. Resolve the exact inputs Debian serves now (file names carry versions; SHA256 from the index).
INPUTS_NEW="$CACHE_DIR/INPUTS.new"
rm -f "$CACHE_DIR/apt-update.err" "$CACHE_DIR/apt-resolve.err"
# The package lists are refreshed when older than GNI_APT_LISTS_MAX_AGE_MIN minutes (default 360), so a
# cached build is confirmed in about a second; set it to 0 to always ask the archive.
LISTS_MAX_AGE_MIN=${GNI_APT_LISTS_MAX_AGE_MIN:-360}
resolve_inputs() {
  if [ -z "$(find "$APT/lists.stamp" -mmin "-$LISTS_MAX_AGE_MIN" 2>/dev/null)" ]; then
    apt-get "${APT_OPTS[@]}" update -qq --error-on=any >/dev/null 2>"$CACHE_DIR/apt-update.err" || return 1
    touch "$APT/lists.stamp"
  fi
  mapfile -t refs < <(pkg_refs)
  local empty; empty=$(mktemp -d)   # --print-uris leaves out files already in the current directory
  if ! (cd "$empty" && {
      echo "recipe=$RECIPE cc=$(cc -dumpfullversion 2>/dev/null || cc -dumpversion)"
      apt-get "${APT_OPTS[@]}" download --print-uris "${refs[@]}" | awk '{print $2, $4}' | sort
      apt-get "${APT_OPTS[@]}" source --print-uris "$SRC_PKG" | awk '/orig\.tar/ {print $2, $4}'
    } > "$INPUTS_NEW" 2>"$CACHE_DIR/apt-resolve.err"); then
    rm -rf "$empty"; return 1
  fi
  rm -rf "$empty"
  grep -q 'orig\.tar' "$INPUTS_NEW" || return 1
}

if ! resolve_inputs; then
  if [ -x "$CACHE_DIR/$SHIM" ] && [ -f "$CACHE_DIR/INPUTS" ]; then
    say "Debian's archive unreachable; using the cached stand-in built from: $(head -1 "$CACHE_DIR/INPUTS")"
    echo "$CACHE_DIR/$SHIM"
    exit 0
  fi
  skip "Debian's archive cannot serve the shim's sources/packages: $(cat "$CACHE_DIR"/apt-update.err "$CACHE_DIR"/apt-resolve.err 2>/dev/null | grep -m2 '^[EW]:' | tr '\n' ' ')"
fi

if [ -x "$CACHE_DIR/$SHIM" ] && [ -f "$CACHE_DIR/INPUTS" ] && cmp -s "$INPUTS_NEW" "$CACHE_DIR/INPUTS"; then
  rm -f "$INPUTS_NEW"
  say "cached stand-in is up to date (same inputs): $CACHE_DIR/$SHIM"
  echo "$CACHE_DIR/$SHIM"
  exit 0
fi
say "resolved $(wc -l < "$INPUTS_NEW") inputs; building"

# --- 2. Download and unpack into a scratch work tree (removed on exit).
W=$(mktemp -d "$CACHE_DIR/work.XXXXXX")
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/debs" "$W/src" "$W/root" "$W/go" "$W/gopath/src/gvisor.dev"
mapfile -t refs < <(pkg_refs)
(cd "$W/debs" && apt-get "${APT_OPTS[@]}" download -qq "${refs[@]}" >/dev/null 2>"$W/download.err") \
  || skip "Debian's archive cannot serve the Go packages: $(tail -1 "$W/download.err")"
# Only the orig tarball is needed. Some mirrors answer 404 for the .dsc, so apt-get's own status is not
# used: the tarball must be there and match the checksum from the archive's index.
(cd "$W/src" && apt-get "${APT_OPTS[@]}" source --download-only -qq "$SRC_PKG" >/dev/null 2>"$W/source.err") || true
read -r ORIG_NAME ORIG_SUM < <(grep 'orig\.tar' "$INPUTS_NEW")
[ -f "$W/src/$ORIG_NAME" ] \
  || skip "Debian's archive cannot serve the gVisor source $ORIG_NAME ($SRC_PKG): $(grep -m1 '^E:' "$W/source.err")"
case $ORIG_SUM in
  SHA256:*) echo "${ORIG_SUM#SHA256:}  $W/src/$ORIG_NAME" | sha256sum -c --quiet - \
              || die "$ORIG_NAME does not match the archive's SHA256" ;;
  *) die "no SHA256 for $ORIG_NAME in the archive's index (got '$ORIG_SUM')" ;;
esac
say "downloaded $(find "$W/debs" -name '*.deb' | wc -l) packages and the gVisor source"

for deb in "$W"/debs/golang-"${GO_VERSION}"-*.deb; do dpkg-deb -x "$deb" "$W/go"; done
# bookworm and trixie libraries go into separate GOPATH roots (bookworm first = containerd 1.6 API wins).
mkdir -p "$W/root/bookworm" "$W/root/trixie"
for p in "${BOOKWORM_PKGS[@]}"; do dpkg-deb -x "$(ls "$W"/debs/"${p}"_*.deb)" "$W/root/bookworm"; done
for p in "${TRIXIE_PKGS[@]}"; do
  case $p in golang-${GO_VERSION}-*) continue ;; esac
  dpkg-deb -x "$(ls "$W"/debs/"${p}"_*.deb)" "$W/root/trixie"
done

# The gVisor tree: Debian's patched -dev tree, plus shim/ and pkg/shim/ from the orig tarball.
G="$W/gopath/src/gvisor.dev/gvisor"
mv "$W/root/trixie/usr/share/gocode/src/gvisor.dev/gvisor" "$G"
tar -C "$W/src" -xf "$W/src/$ORIG_NAME"
S=$(find "$W/src" -mindepth 1 -maxdepth 1 -type d -name 'golang-gvisor-gvisor-*' | head -1)
{ [ -d "$S/shim" ] && [ -d "$S/pkg/shim" ]; } || die "orig tarball has no shim/ or pkg/shim/"
cp -a "$S/shim" "$G/"
cp -an "$S/pkg/shim" "$G/pkg/"

# gVisor's vDSO (pkg/sentry/loader panics at init with the placeholder the -dev package ships).
(cd "$S" && cc -I. -O2 -std=c++11 -fPIC -fno-sanitize=all -fno-stack-protector -shared -nostdlib \
   -Wl,-soname=linux-vdso.so.1 -Wl,--hash-style=sysv -Wl,--no-undefined -Wl,-Bsymbolic \
   -Wl,-z,max-page-size=4096 -Wl,-z,common-page-size=4096 -Wl,-Tvdso/vdso_amd64.lds \
   -o "$G/pkg/sentry/loader/vdsodata/vdso_amd64.so" vdso/vdso.cc vdso/vdso_time.cc)

# Port the shim from the containerd 1.4 API to the 1.6 API: CopyConsole gains an id argument, StartShim
# takes StartOpts, SetScore became AdjustOOMScore. Each edit must apply exactly once.
edit() { # file sed-expression expected-text-after
  sed -i "$2" "$1"
  grep -qF "$3" "$1" || die "port to containerd 1.6 API failed in ${1#"$G"/}: '$3' not found"
}
port_shim() {
  edit "$G/pkg/shim/proc/exec.go" \
    's/e\.parent\.Platform\.CopyConsole(ctx, console, e\.stdio\.Stdin/e.parent.Platform.CopyConsole(ctx, console, e.id, e.stdio.Stdin/' \
    'CopyConsole(ctx, console, e.id,'
  edit "$G/pkg/shim/proc/init.go" \
    's/p\.Platform\.CopyConsole(ctx, console, r\.Stdin/p.Platform.CopyConsole(ctx, console, p.id, r.Stdin/' \
    'CopyConsole(ctx, console, p.id,'
  edit "$G/pkg/shim/runsc/service_linux.go" \
    's/CopyConsole(ctx context\.Context, console console\.Console, stdin, stdout/CopyConsole(ctx context.Context, console console.Console, id, stdin, stdout/' \
    'console console.Console, id, stdin'
  edit "$G/pkg/shim/service.go" \
    's/^func (s \*service) StartShim(ctx context\.Context, id, containerdBinary, containerdAddress, containerdTTRPCAddress string) (string, error) {/func (s *service) StartShim(ctx context.Context, opts shim.StartOpts) (string, error) {\n\tid, containerdBinary, containerdAddress := opts.ID, opts.ContainerdBinary, opts.Address/' \
    'StartShim(ctx context.Context, opts shim.StartOpts)'
  edit "$G/pkg/shim/service.go" 's/shim\.SetScore(cmd\.Process\.Pid)/shim.AdjustOOMScore(cmd.Process.Pid)/' \
    'shim.AdjustOOMScore(cmd.Process.Pid)'
}
port_shim
say "trees unpacked, vDSO compiled, shim ported to the containerd 1.6 API"

# --- 3. Build (GOPATH mode, fully offline; 2 parallel jobs at low priority: the machine is shared).
GOROOT="$W/go/usr/lib/go-$GO_VERSION"
[ -x "$GOROOT/bin/go" ] || die "Go $GO_VERSION toolchain not found in the downloaded packages"
(
  cd "$G"
  export GOROOT GO111MODULE=off GOTOOLCHAIN=local GOFLAGS="" CGO_ENABLED=0 GOPROXY=off GOCACHE="$W/gocache"
  export GOPATH="$W/gopath:$W/root/bookworm/usr/share/gocode:$W/root/trixie/usr/share/gocode"
  nice -n 10 "$GOROOT/bin/go" build -p 2 -trimpath -o "$W/$SHIM" ./shim
)
file_type=$(head -c 4 "$W/$SHIM" | od -An -c | tr -d ' ')
[ "$file_type" = "177ELF" ] || die "build produced no ELF binary"

install -m 0755 "$W/$SHIM" "$CACHE_DIR/$SHIM.new"
mv "$CACHE_DIR/$SHIM.new" "$CACHE_DIR/$SHIM"
mv "$INPUTS_NEW" "$CACHE_DIR/INPUTS"
cat > "$CACHE_DIR/README" <<EOF
$SHIM in this folder is a TEST STAND-IN built by .ci/build-test-shim.sh from Debian's gVisor source
($(grep orig.tar "$CACHE_DIR/INPUTS" | awk '{print $1}')) with Debian's Go $GO_VERSION, ported to the containerd 1.6 API.
It is for the end-to-end tests only. The product installs the shim of the pinned upstream gVisor release.
EOF
say "built TEST STAND-IN $CACHE_DIR/$SHIM ($(stat -c %s "$CACHE_DIR/$SHIM") bytes)"
echo "$CACHE_DIR/$SHIM"
