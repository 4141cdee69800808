#!/usr/bin/env bash
# e2e-host.sh: the benchmarks' node fixture (bench/ready.sh, bench/watcher.sh): a fake EKS AL2023 node
# ("host root" H) driven by a REAL containerd. Commands:
#   e2e-host.sh create  H SERIES      make H for containerd SERIES (1.6/1.7 -> config version 2, 2.1 -> 3)
#   e2e-host.sh start   H             start containerd for H; returns once it answers on its socket
#   e2e-host.sh stop    H             stop it by its PID (SIGTERM, then SIGKILL after 15 s)
#   e2e-host.sh restart H             stop, then start (what H/restart-containerd.sh runs)
#   e2e-host.sh import-image H TAR    ctr -n k8s.io images import TAR (e.g. from .ci/build-test-image.sh)
#   e2e-host.sh destroy H             stop containerd, kill what it left (shims, sandboxes), remove H
# The tests do not use it: their fake node is the Java harness src/test/java/dev/gni/testsupport/Al2023Host
# (on RealContainerd). The node's files come from the same Java description (Al2023Layout), so there is one.
#
# H must be a short path (e.g. /tmp/gni-e2e-XXXXXX): unix socket paths must stay under ~100 characters.
# Layout of H, as the installer sees it with --host-root H:
#   H/etc/containerd/config.toml          EKS AL2023 shape (nodeadm template), NO runsc entry, as the tests'
#                                         Al2023Layout writes it (needs GNI_TEST_CP); root, state and the
#                                         socket are put under H by containerd's --root/--state/--address
#   H/etc/containerd/base-runtime-spec.json   as EKS has it (made by this containerd's `ctr oci spec`)
#   H/etc/os-release                      Amazon Linux 2023
#   H/usr/bin/nodeadm                     a stub (EKS AL2023 nodes have nodeadm); never run
#   H/usr/local/bin, H/opt, H/opt/cni/bin, H/etc/cni/net.d
#   H/run/containerd/containerd.sock      containerd's socket (host path /run/containerd/containerd.sock)
#   H/var/lib/containerd                  containerd's root
#   H/restart-containerd.sh               restarts THIS containerd (for --restart command --restart-command)
#   H/e2e/                                harness state: containerd.pid, containerd.log, env, mntns
# containerd runs in its own mount namespace where H/etc/containerd, H/usr/local and H/opt are bind-mounted
# over /etc/containerd, /usr/local and /opt, so node paths written by the installer (ConfigPath =
# "/etc/containerd/runsc.toml", binaries in /usr/local/bin) are what containerd sees. Any other runsc or
# containerd-shim-runsc-v1 on containerd's PATH is masked with /dev/null, so a pod can only use what
# was installed into H. Mounts vanish with the namespace.
set -euo pipefail

CACHE=${GNI_CACHE:-/var/cache/gvisor-node-installer}
START_TIMEOUT=${GNI_E2E_START_TIMEOUT:-30}
die() { echo "e2e-host: ERROR: $*" >&2; exit 1; }
say() { echo "e2e-host: $*" >&2; }
usage() { sed -n '2,10p' "$0" >&2; exit 2; }

[ $# -ge 2 ] || usage
CMD=$1
H=${2%/}
case $H in /*) ;; *) H=$(pwd)/$H ;; esac
SOCK="$H/run/containerd/containerd.sock"

env_get() { sed -n "s/^$1=//p" "$H/e2e/env"; }

cmd_create() { # SERIES
  local series=${1:?SERIES (1.7 or 2.1)}
  local cbin="$CACHE/containerd-$series/usr/bin"
  [ -x "$cbin/containerd" ] || die "containerd $series not found in $cbin (run .ci/install-deps.sh)"
  [ ${#SOCK} -lt 100 ] || die "host root path too long for a unix socket: $SOCK (${#SOCK} chars)"
  [ ! -e "$H/etc/containerd/config.toml" ] || die "$H already holds a host root"
  mkdir -p "$H"/{etc/containerd,etc/cni/net.d,usr/local/bin,usr/local/sbin,opt/cni/bin,run/containerd,var/lib/containerd,e2e}
  cat > "$H/e2e/env" <<EOF
SERIES=$series
CONTAINERD_BIN_DIR=$cbin
EOF
  # The node's files (config.toml in nodeadm's shape, base runtime spec, os-release, nodeadm stub): written by
  # the tests' own description of the node, Al2023Layout, so that benchmarks and tests run on one node shape.
  java -cp "${GNI_TEST_CP:?GNI_TEST_CP: the test classpath (bench/lib.sh test_classpath)}" \
    dev.gni.testsupport.Al2023LayoutMain "$H" "$series" >&2 || die "cannot write the node's files into $H"
  local self; self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
  cat > "$H/restart-containerd.sh" <<EOF
#!/bin/sh
# BENCHMARK FIXTURE: restarts the containerd of this host root (stop by PID file, start via the launcher).
# Returns once containerd answers on its socket again.
exec "$self" restart "$H"
EOF
  chmod 0755 "$H/restart-containerd.sh"
  say "created host root $H for containerd $series ($("$cbin/containerd" --version | awk '{print $3}'))"
}

# Whether PID runs in a mount namespace that cmd_start made for H: one with H/etc/containerd bound over
# /etc/containerd. A PID or a mount-namespace inode number alone proves nothing: the kernel hands a dead
# namespace's number to the next namespace anyone creates (and PIDs wrap), so a stale containerd.pid or
# mntns entry can name another program's process, e.g. another test's private containerd.
has_host_binds() { # PID
  awk -v r="/${H##*/}/etc/containerd" '$5 == "/etc/containerd" && length($4) >= length(r) \
    && substr($4, length($4) - length(r) + 1) == r { found = 1 } END { exit !found }' "/proc/$1/mountinfo" 2>/dev/null
}

running_pid() { # prints the PID if the recorded containerd is alive
  local pid
  pid=$(cat "$H/e2e/containerd.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  grep -qa containerd "/proc/$pid/cmdline" 2>/dev/null || return 1
  has_host_binds "$pid" || return 1
  echo "$pid"
}

cmd_start() {
  [ -f "$H/e2e/env" ] || die "$H is no e2e host root (run: $0 create $H SERIES)"
  if pid=$(running_pid); then die "containerd for $H already runs (PID $pid)"; fi
  command -v unshare >/dev/null || die "needs unshare (util-linux)"
  local cbin; cbin=$(env_get CONTAINERD_BIN_DIR)
  local path="$cbin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
  rm -f "$SOCK" "$SOCK.ttrpc"
  {
    echo "=== e2e-host: start $(date -u +%FT%TZ)"
  } >> "$H/e2e/containerd.log"
  # In the new mount namespace: bind the host root's dirs over the node paths, mask other runsc binaries
  # on PATH, then exec containerd (same PID as the backgrounded unshare, so $! is containerd's PID).
  # shellcheck disable=SC2016  # expanded by the inner shell
  GNI_H="$H" GNI_PATH="$path" PATH="$path" setsid unshare -m --propagation private -- /bin/sh -ec '
    mount --bind "$GNI_H/etc/containerd" /etc/containerd
    mount --bind "$GNI_H/usr/local" /usr/local
    mount --bind "$GNI_H/opt" /opt
    IFS=:
    for d in $GNI_PATH; do
      case $d in /usr/local/*) continue ;; esac
      for b in runsc containerd-shim-runsc-v1; do
        if [ -e "$d/$b" ]; then mount --bind /dev/null "$d/$b"; echo "e2e-host: masked $d/$b"; fi
      done
    done
    exec containerd --config /etc/containerd/config.toml --root "$GNI_H/var/lib/containerd" \
      --state "$GNI_H/run/containerd" --address "$GNI_H/run/containerd/containerd.sock"
  ' >> "$H/e2e/containerd.log" 2>&1 < /dev/null &
  local pid=$!
  echo "$pid" > "$H/e2e/containerd.pid"
  local t0; t0=$(date +%s%N)
  local deadline=$(( $(date +%s) + START_TIMEOUT ))
  until [ -S "$SOCK" ] && "$cbin/ctr" --address "$SOCK" version >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$H/e2e/containerd.pid"
      tail -20 "$H/e2e/containerd.log" >&2
      die "containerd for $H exited during start (log: $H/e2e/containerd.log)"
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      cmd_stop
      tail -20 "$H/e2e/containerd.log" >&2
      die "containerd for $H did not answer within ${START_TIMEOUT}s; stopped it"
    fi
    sleep 0.1
  done
  local ns; ns=$(readlink "/proc/$pid/ns/mnt")
  [ "$ns" != "$(readlink /proc/self/ns/mnt)" ] || die "containerd for $H did not get its own mount namespace"
  echo "$ns" >> "$H/e2e/mntns"
  say "containerd for $H started (PID $pid, $(( ($(date +%s%N) - t0) / 1000000 )) ms)"
}

cmd_stop() {
  local pid
  if ! pid=$(running_pid); then say "containerd for $H is not running"; rm -f "$H/e2e/containerd.pid"; return 0; fi
  kill -TERM "$pid"

  for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then say "containerd PID $pid ignored SIGTERM for 15 s; SIGKILL"; kill -KILL "$pid"; fi
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$H/e2e/containerd.pid"
  say "containerd for $H stopped (PID $pid)"
}

cmd_import_image() { # TAR
  local tar=${1:?image tarball}
  local cbin; cbin=$(env_get CONTAINERD_BIN_DIR)
  "$cbin/ctr" --address "$SOCK" -n k8s.io images import "$tar" >/dev/null
  local names  # captured first: grep -q on a pipe would SIGPIPE ctr, and pipefail would call that a failure
  names=$("$cbin/ctr" --address "$SOCK" -n k8s.io images ls -q)
  grep -qx 'localhost/local/pause:1' <<< "$names" || die "image import left no localhost/local/pause:1"
  say "imported $tar into $H (k8s.io namespace)"
}

# Kill what containerd left running: shims (in the mount namespaces containerd had, checked by their H
# binds, see has_host_binds), and gVisor sandboxes and gofers (in mount namespaces of their own, but their
# command lines name files under H/). Never this script or its callers, never another program's process.
kill_leftovers() {
  local own ancestors=" " p=$$ ns cmdline pids=()
  own=$(readlink /proc/self/ns/mnt)
  while [ -n "$p" ] && [ "$p" -gt 1 ]; do
    ancestors+="$p "
    p=$(awk '{print $4}' "/proc/$p/stat" 2>/dev/null) || break
  done
  for p in /proc/[0-9]*; do
    p=${p#/proc/}
    case $ancestors in *" $p "*) continue ;; esac
    ns=$(readlink "/proc/$p/ns/mnt" 2>/dev/null) || continue
    cmdline=$(tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null) || continue
    if { [ "$ns" != "$own" ] && [ -f "$H/e2e/mntns" ] && grep -qxF "$ns" "$H/e2e/mntns" && has_host_binds "$p"; } \
       || [[ $cmdline == *"$H/"* ]]; then
      pids+=("$p")
    fi
  done
  [ ${#pids[@]} -gt 0 ] || return 0
  say "killing ${#pids[@]} leftover process(es) of $H: ${pids[*]}"
  kill -KILL "${pids[@]}" 2>/dev/null || true
  sleep 0.2
}

cmd_destroy() {
  [ -f "$H/e2e/env" ] || die "$H is no e2e host root; not removing it"
  cmd_stop
  kill_leftovers
  # containerd's root may hold mounts (snapshots) if a daemon was killed hard; unmount before removing.
  local m
  while read -r m; do umount -l "$m" 2>/dev/null || true; done < <(awk -v h="$H/" 'index($2, h) == 1 {print $2}' /proc/self/mounts | sort -r)
  # runsc state of sandboxes that were killed rather than removed through CRI: files named by this
  # host's container IDs under the shim's default runsc root (/run/containerd/runsc/<namespace>).
  local task id
  for task in "$H"/run/containerd/io.containerd.runtime.v2.task/*/*; do
    [ -d "$task" ] || continue
    id=$(basename "$task")
    [[ $id =~ ^[0-9a-f]{64}$ ]] || continue
    rm -f /run/containerd/runsc/*/"${id}"_* /run/containerd/runsc/*/*_sandbox:"${id}".* \
          /run/containerd/runsc/*/runsc-"${id}".sock
  done
  rm -rf "$H"
  say "destroyed $H"
}

shift 2
case $CMD in
  create) cmd_create "$@" ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  restart) cmd_stop; cmd_start ;;
  import-image) cmd_import_image "$@" ;;
  destroy) cmd_destroy ;;
  *) usage ;;
esac
