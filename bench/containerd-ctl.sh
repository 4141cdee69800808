#!/usr/bin/env bash
# A private real containerd for bench/restart.sh, under a temporary host root H (the approach of
# src/test/java/dev/gni/testsupport/RealContainerd.java): own mount and network namespaces (unshare), H's
# /etc/containerd, /usr/local and /opt bound over the node's, root/state/address set by flags, the socket at
# H/run/containerd/containerd.sock (where the installer looks with --host-root H).
# Usage: containerd-ctl.sh DIR start|stop|restart   (DIR holds h/ = H, pid, containerd.log; env CONTAINERD = binary)
# start returns at once (no waiting for the socket); stop sends SIGTERM and waits until the PID is gone.
set -euo pipefail
dir=${1:?usage: containerd-ctl.sh DIR start|stop|restart}
h=$dir/h
bin=${CONTAINERD:-/var/cache/gvisor-node-installer/containerd-1.7/usr/bin/containerd}
start() {
  local inner
  inner="set -e; ip link set lo up; mount --bind '$h/opt' /opt; mount --bind '$h/etc/containerd' /etc/containerd;"
  inner+=" mount --bind '$h/usr/local' /usr/local; exec '$bin' --config /etc/containerd/config.toml"
  inner+=" --root '$dir/root' --state '$dir/state' --address '$h/run/containerd/containerd.sock'"
  PATH="$(dirname "$bin"):$PATH" setsid unshare --mount --net --propagation private /bin/sh -c "$inner" \
    </dev/null >>"$dir/containerd.log" 2>&1 &
  echo $! >"$dir/pid"
}
alive() { # a zombie (exited, not yet reaped by PID 1) counts as gone
  [ -r "/proc/$1/stat" ] && [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" != Z ]
}
stop() {
  local pid
  pid=$(cat "$dir/pid" 2>/dev/null) || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  while alive "$pid"; do sleep 0.005; done # waits for the exit; no fixed delay
  rm -f "$dir/pid"
}
case ${2:-} in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  *) echo "usage: containerd-ctl.sh DIR start|stop|restart" >&2; exit 2 ;;
esac
