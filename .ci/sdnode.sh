#!/bin/bash
# sdnode.sh build|start|stop|status -- TEST ONLY: a "node": a Debian rootfs booted with systemd as its PID 1
# (systemd-nspawn -b) and containerd as containerd.service (Debian's package, Debian's config.toml).
# The node tests (src/test/java/dev/gni/sdnode) drive it from outside, as a DaemonSet pod drives a real node.
# Environment: SDNODE_DIR (one node per directory), SDNODE_SUITE (trixie: systemd 257, containerd 1.7;
# bookworm: systemd 252, containerd 1.6), SDNODE_MIRROR, SDNODE_PACKAGES (extra, comma-separated),
# SDNODE_NSPAWN_ARGS (default --private-network), SDNODE_TIMEOUT (start wait, default 90 s).
# .ci/install-deps.sh builds one rootfs per suite into the test cache; each test copies it into its own dir.
# Adapted from the team's shared systemd-node/node.sh (same commands and behaviour).
set -euo pipefail
D=${SDNODE_DIR:-/var/tmp/sdnode}
SUITE=${SDNODE_SUITE:-trixie}
MIRROR=${SDNODE_MIRROR:-http://deb.debian.org/debian}
R=$D/rootfs PIDF=$D/nspawn.pid LOG=$D/nspawn.log CGF=$D/cgroups
CG=sdnode-$(printf %s "$D" | cksum | cut -d' ' -f1)   # per-node cgroup name
RECIPE="sdnode-2 $SUITE"  # a rootfs built by another recipe (or suite) is rebuilt; bump when build() changes
die() { echo "sdnode.sh: $*" >&2; exit 1; }
alive() { [ -s "$PIDF" ] && [ "$(cat /proc/"$(cat "$PIDF")"/comm 2>/dev/null)" = systemd-nspawn ]; }
pid1() { # the nspawn child whose PID in its own namespace is 1
  local c
  # shellcheck disable=SC2013 # the children files hold space-separated PIDs
  for c in $(cat /proc/"$(cat "$PIDF")"/task/*/children 2>/dev/null); do
    awk '/^NSpid:/ && $NF==1 {f=1} END {exit !f}' /proc/"$c"/status 2>/dev/null && { echo "$c"; return 0; }
  done; return 1; }
in_node() { nsenter --target "$1" --mount --uts --ipc --net --pid -- "${@:2}"; }

build() {
  [ "$(cat "$R/.sdnode-built" 2>/dev/null)" = "$RECIPE" ] && { echo "ROOT=$R"; return 0; }
  rm -rf "$R"  # none, or built by an older recipe
  if ! command -v debootstrap >/dev/null || ! command -v systemd-nspawn >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap systemd-container >/dev/null
  fi
  mkdir -p "$D"; rm -rf "$R.tmp"
  debootstrap --variant=minbase --include="systemd,systemd-sysv,dbus,containerd,runc,iproute2${SDNODE_PACKAGES:+,$SDNODE_PACKAGES}" \
    "$SUITE" "$R.tmp" "$MIRROR" > "$D/debootstrap.log" 2>&1 || die "debootstrap failed, see $D/debootstrap.log"
  echo sdnode > "$R.tmp/etc/hostname"
  printf '127.0.0.1\tlocalhost\n127.0.1.1\tsdnode\n::1\tlocalhost ip6-localhost ip6-loopback\n' > "$R.tmp/etc/hosts"
  rm -f "$R.tmp"/var/cache/apt/archives/*.deb  # debootstrap's downloads: 70 MB that every copy of the node would carry
  ln -sf /dev/null "$R.tmp/etc/systemd/system/systemd-modules-load.service"  # no kmod in a container
  # nspawn mounts cgroup-v1 controllers read-only; runc needs them writable to start containers.
  cat > "$R.tmp/etc/systemd/system/sdnode-cgroup-rw.service" <<'EOF'
[Unit]
Description=Make cgroup v1 controller mounts writable (nspawn mounts them read-only)
DefaultDependencies=no
Before=sysinit.target containerd.service
[Service]
Type=oneshot
ExecStart=/bin/sh -c 'for d in /sys/fs/cgroup/*/; do mountpoint -q "$d" && mount -o remount,bind,rw "$d"; done; true'
[Install]
WantedBy=sysinit.target
EOF
  chroot "$R.tmp" systemctl enable sdnode-cgroup-rw.service containerd.service >/dev/null 2>&1
  echo "$RECIPE" > "$R.tmp/.sdnode-built"; mv "$R.tmp" "$R"; echo "ROOT=$R"
}

_run() { # runs in a private mount namespace (see start); becomes systemd-nspawn
  : > "$CGF"
  for h in /sys/fs/cgroup/*/; do  # own cgroup (below our current one) in every hierarchy
    if [ -L "${h%/}" ] || [ ! -e "$h/cgroup.procs" ]; then continue; fi
    local b k p; b=$(basename "$h"); case $b in unified) k=;; systemd) k=name=systemd;; *) k=$b;; esac
    p=$h$(awk -F: -v k="$k" '$2==k {print $3}' /proc/self/cgroup); mkdir -p "$p/$CG"; echo "$p/$CG" >> "$CGF"
    for f in cpuset.cpus cpuset.mems; do if [ -e "$p/$CG/$f" ]; then cat "$p/$f" > "$p/$CG/$f"; fi; done
    echo $$ > "$p/$CG/cgroup.procs"
  done
  # /run may not be tmpfs here, and nspawn refuses to rm -rf its /run/systemd/nspawn/propagate
  # on a disk filesystem ("we can't allow that"): give it a tmpfs, visible to this namespace only.
  mount -t tmpfs -o mode=755 tmpfs /run/systemd/nspawn
  echo $$ > "$PIDF"
  # shellcheck disable=SC2086
  exec systemd-nspawn -D "$R" -M sdnode -b --keep-unit --register=no --capability=all \
    --system-call-filter=@keyring ${SDNODE_NSPAWN_ARGS---private-network}
}

start() {
  [ -e "$R/.sdnode-built" ] || die "not built; run: $0 build"
  if ! alive; then
    rm -f "$PIDF"; mkdir -p /run/systemd/nspawn
    setsid unshare --mount --propagation private bash "$(readlink -f "$0")" _run > "$LOG" 2>&1 < /dev/null &
    local l=$!
  fi
  local t0=$SECONDS p
  while [ $((SECONDS - t0)) -lt "${SDNODE_TIMEOUT:-90}" ]; do
    alive || { kill -0 "${l:-0}" 2>/dev/null || die "nspawn exited; see $LOG"; sleep 0.2; continue; }
    p=$(pid1) && [ "$(in_node "$p" systemctl is-active containerd 2>/dev/null)" = active ] &&
      { echo "ROOT=$R"; echo "PID1=$p"; return 0; }
    sleep 0.2
  done
  die "containerd not active after ${SDNODE_TIMEOUT:-90}s; see $LOG"
}

stop() {
  if alive; then
    local n; n=$(cat "$PIDF")
    kill -TERM "$n"   # nspawn turns this into SIGRTMIN+3 for the node's systemd: clean shutdown
    for _ in $(seq 300); do kill -0 "$n" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$n" 2>/dev/null && { echo "sdnode.sh: clean shutdown timed out, SIGKILL" >&2; kill -KILL "$n"; sleep 1; }
  fi
  if [ -e "$CGF" ]; then while read -r c; do find "$c" -depth -type d -exec rmdir {} + 2>/dev/null || true; done < "$CGF"; fi
  rm -f "$PIDF" "$CGF"; echo "stopped"
}

status() {
  local p
  if ! alive || ! p=$(pid1); then echo "not running"; return 1; fi
  echo "ROOT=$R"; echo "PID1=$p"; echo "STATE=$(in_node "$p" systemctl is-system-running 2>&1)"
}

case "${1:-}" in build|start|stop|status|_run) "$1" ;; *) echo "usage: $0 build|start|stop|status" >&2; exit 2 ;; esac
