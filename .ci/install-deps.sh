#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian (bookworm) machine, as root.
# Idempotent: a second run only checks. Real components, no mocks:
#   - containerd 1.6.20 + runc from bookworm (system packages)
#   - containerd 1.7.x (trixie) and 2.1.x (sid), unpacked into a private cache, never installed system-wide
#   - runsc (Debian's gVisor build), util-linux (nsenter, unshare), linters, image tools
#   - the systemd nodes of the node tests: a Debian trixie and bookworm rootfs (.ci/sdnode.sh build)
set -euo pipefail
CACHE=${GNI_CACHE:-/var/cache/gvisor-node-installer}
mkdir -p "$CACHE"

need_apt=()
for pkg in containerd runc util-linux yamllint shellcheck skopeo umoci debootstrap curl bzip2 xz-utils \
           busybox-static golang-go gcc g++ libc6-dev time systemd-container; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "install-deps: apt-get install ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# Private apt lists for trixie and sid: the system's sources stay untouched.
APT="$CACHE/apt"
mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial"
cat > "$APT/sources.list" <<S
deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian trixie main
deb http://deb.debian.org/debian sid main
S
APT_OPTS=(-o "Dir::Etc::SourceList=$APT/sources.list" -o Dir::Etc::SourceParts=/dev/null
          -o "Dir::State::Lists=$APT/lists" -o "Dir::Cache=$APT/cache"
          -o Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled=false -o APT::Sandbox::User=root)

fetch_containerd() { # $1 = series (1.7|2.1), $2 = suite
  local suite=$2 dir="$CACHE/containerd-$1"
  if [ -x "$dir/usr/bin/containerd" ]; then return 0; fi
  [ -f "$APT/.updated" ] || { apt-get "${APT_OPTS[@]}" update -qq; touch "$APT/.updated"; }
  local tmp; tmp=$(mktemp -d)
  (cd "$tmp" && apt-get "${APT_OPTS[@]}" download -qq "containerd/$suite" >/dev/null)
  rm -rf "$dir.new"; mkdir -p "$dir.new"
  dpkg-deb -x "$tmp"/containerd_*.deb "$dir.new"
  rm -rf "$tmp" "$dir"; mv "$dir.new" "$dir"
}
fetch_containerd 1.7 trixie
fetch_containerd 2.1 sid
mkdir -p "$CACHE/containerd-1.6/usr/bin"
for b in containerd ctr containerd-shim-runc-v2; do ln -sf "/usr/bin/$b" "$CACHE/containerd-1.6/usr/bin/$b"; done

# Debian's runsc: a real gVisor build (trixie: newer, runs on the ptrace platform here). bookworm's older
# build (0.0~20221219) is a second real release, for the upgrade/downgrade tests (docs/operations.md).
fetch_runsc() { # $1 = suite, $2 = folder
  local dir="$CACHE/$2"
  if [ -x "$dir/usr/bin/runsc" ]; then return 0; fi
  [ -f "$APT/.updated" ] || { apt-get "${APT_OPTS[@]}" update -qq; touch "$APT/.updated"; }
  local tmp; tmp=$(mktemp -d)
  (cd "$tmp" && apt-get "${APT_OPTS[@]}" download -qq "runsc/$1" >/dev/null)
  rm -rf "$dir.new"; mkdir -p "$dir.new"; dpkg-deb -x "$tmp"/runsc_*.deb "$dir.new"
  rm -rf "$tmp" "$dir"; mv "$dir.new" "$dir"
}
fetch_runsc trixie runsc
fetch_runsc bookworm runsc-bookworm

# The systemd nodes (src/test/java/dev/gni/sdnode): one Debian rootfs per suite, booted by the tests with
# systemd-nspawn (systemd as PID 1, Debian's containerd.service). debootstrap takes 1-2.5 min per suite; kept
# until .ci/sdnode.sh's recipe changes. Each test boots its own copy.
for suite in trixie bookworm; do
  SDNODE_DIR="$CACHE/sdnode/$suite" SDNODE_SUITE=$suite bash "$(dirname "$0")/sdnode.sh" build >/dev/null
  echo "install-deps: systemd node $suite -> $CACHE/sdnode/$suite/rootfs ($(cat "$CACHE/sdnode/$suite/rootfs/.sdnode-built"))"
done

for v in 1.6 1.7 2.1; do
  echo "install-deps: containerd $v -> $("$CACHE/containerd-$v/usr/bin/containerd" --version)"
done
echo "install-deps: runsc -> $("$CACHE/runsc/usr/bin/runsc" --version | head -1)"
echo "install-deps: runsc (bookworm) -> $("$CACHE/runsc-bookworm/usr/bin/runsc" --version | head -1)"
