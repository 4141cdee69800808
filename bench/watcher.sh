#!/usr/bin/env bash
# Benchmark: the watcher's steady cost (docs/performance.md). A fake EKS AL2023 node driven by a real containerd
# (bench/e2e-host.sh, series BENCH_SERIES, default 1.7), gVisor installed on it by the installer, then
# `gvisor-node-installer watch` with the chart's watcher JVM flags (values.yaml watcher.jvmFlags, the flags it
# runs with) checking every BENCH_WATCH_INTERVAL seconds (default 1). After BENCH_WATCH_WARMUP checks (default
# 10) it samples VmRSS once per check for BENCH_WATCH_CHECKS checks (default 30): steady RSS is their median,
# CPU per check is the process's user+system time over those checks divided by their number (it includes the
# idle JVM's own background work, so it is an upper bound).
# Then a loss, as WatcherEndToEndTest makes one: containerd's config put back as it was before the install
# (runsc gone) and containerd restarted behind the watcher's back. Timed from the restart's return to the
# watcher's log line that it deleted its pod (through fabric8's CRUD mock API, which holds the Node and the
# pod); the watcher's peak RSS (VmHWM) then is what its memory limit must hold, Kubernetes client included.
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
need_tools
SERIES=${BENCH_SERIES:-1.7}
WARMUP=${BENCH_WATCH_WARMUP:-10}
INTERVAL=${BENCH_WATCH_INTERVAL:-1}
CHECKS=${BENCH_WATCH_CHECKS:-30}
E2E=$ROOT/bench/e2e-host.sh
W=$(mktemp -d "$BENCH_TMP/gw.XXXXXX")
H=$W/h
# shellcheck disable=SC2317 # called by the trap
cleanup() {
  local f
  for f in watch.pid mock.pid; do # the mock has ended already after mock_stop
    if [ -f "$W/$f" ]; then kill "$(cat "$W/$f")" 2>/dev/null || true; fi
  done
  [ -d "$H" ] && "$E2E" destroy "$H" >/dev/null 2>&1
  [ -n "${BENCH_KEEP:-}" ] || rm -rf "$W"
}
trap cleanup EXIT
bench_kit "$W"
# the watcher's flags: the list under watcher.jvmFlags in the chart's values
mapfile -t WFLAGS < <(awk '/^watcher:/ {w=1} w && /jvmFlags:/ {f=1; next} f && /^ *- / {sub(/^ *- */, ""); print; next} f {exit}' \
  "$ROOT/charts/gvisor-node-installer/values.yaml")
[ ${#WFLAGS[@]} -gt 0 ] || { echo "bench: no watcher.jvmFlags in values.yaml" >&2; exit 1; }
read -ra FLAGS <<<"$JVM_FLAGS"
"$E2E" create "$H" "$SERIES" 2>/dev/null
"$E2E" start "$H" 2>/dev/null
java "${FLAGS[@]}" -jar "$JAR" install --host-root "$H" --binaries-dir "$W/release" --restart command \
  --restart-command "$H/restart-containerd.sh" --host-exec direct --containerd-socket /run/containerd/containerd.sock \
  --no-node-label --canary=false --runsc-flag network=none >"$W/install.log" 2>&1 \
  || { tail -5 "$W/install.log" >&2; exit 1; }
mock_start "$MOCK_CP" bench-node bench/bench-pod
java "${WFLAGS[@]}" -cp "$JAR" dev.gni.cli.Main watch --host-root "$H" --interval "$INTERVAL" --node-name bench-node \
  --pod-name bench-pod --pod-namespace bench --kubeconfig "$W/kubeconfig" \
  --containerd-socket /run/containerd/containerd.sock --ready-file "$W/ready" >"$W/watch.log" 2>&1 8>&- &
echo $! >"$W/watch.pid"
PID=$(cat "$W/watch.pid")
until [ -f "$W/ready" ]; do
  kill -0 "$PID" 2>/dev/null || { echo "bench: the watcher exited" >&2; tail -5 "$W/watch.log" >&2; exit 1; }
  sleep 0.1
done
sleep $((WARMUP * INTERVAL))
cpu_ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
t0=$(cpu_ticks)
for _ in $(seq "$CHECKS"); do
  sleep "$INTERVAL"
  awk '/^VmRSS:/ {print $2}' "/proc/$PID/status" >>"$W/rss"
done
t1=$(cpu_ticks)
[ -f "$W/ready" ] || { echo "bench: the watcher lost readiness during the run" >&2; tail -5 "$W/watch.log" >&2; exit 1; }
hz=$(getconf CLK_TCK)
rss=$(awk -v k="$(median <"$W/rss")" 'BEGIN {printf "%.1f", k/1024}')
peak=$(awk -v k="$(sort -n "$W/rss" | tail -1)" 'BEGIN {printf "%.1f", k/1024}')
cpu=$(awk -v d=$((t1 - t0)) -v hz="$hz" -v n="$CHECKS" 'BEGIN {printf "%.1f", 1000*d/hz/n}')
# the loss: the config as it was before the install, containerd restarted behind the watcher's back
cp "$H/var/lib/gvisor-node-installer/backup/etc/containerd/config.toml.pristine" "$H/etc/containerd/config.toml"
"$E2E" restart "$H" 2>/dev/null 8>&- # not the mock's FIFO: containerd would hold it open
t0=$(now_ms)
until grep -q "deleted this pod" "$W/watch.log"; do
  kill -0 "$PID" 2>/dev/null || { echo "bench: the watcher exited after the loss" >&2; tail -5 "$W/watch.log" >&2; exit 1; }
  [ $(($(now_ms) - t0)) -lt 120000 ] || { echo "bench: no pod deletion 120 s after the loss" >&2; tail -5 "$W/watch.log" >&2; exit 1; }
  sleep 0.02
done
t1=$(now_ms)
hwm=$(awk '/^VmHWM:/ {printf "%.1f", $2/1024}' "/proc/$PID/status")
mock_stop
grep -qx "pod bench/bench-pod deleted" "$W/mock.out" || { echo "bench: the mock API still holds the pod" >&2; cat "$W/mock.out" >&2; exit 1; }
grep -qx "event RuntimeLost" "$W/mock.out" || { echo "bench: no RuntimeLost Event" >&2; cat "$W/mock.out" >&2; exit 1; }
limit=$(awk '/^  watcher:/ {w=1} w && /limits:/ {l=1} l && /memory:/ {sub(/Mi/, "", $2); print $2; exit}' \
  "$ROOT/charts/gvisor-node-installer/values.yaml")

echo "== watcher: containerd $SERIES, one check every $INTERVAL s, $CHECKS checks after $WARMUP of warm-up; JVM flags: ${WFLAGS[*]}"
machine_line
echo "steady RSS MiB: median $rss, max $peak; CPU per check (upper bound): $cpu ms"
echo "loss: containerd restarted without runsc -> pod deleted in $((t1 - t0)) ms (RuntimeLost Event posted;" \
  "interval $INTERVAL s); peak RSS (VmHWM, whole life) $hwm MiB, chart limit ${limit}Mi"
rc=0
budget "watcher-steady-rss-MiB" "$rss" 48 || rc=1
budget "watcher-peak-rss-under-limit-MiB" "$hwm" "$limit" || rc=1
exit $rc
