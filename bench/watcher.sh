#!/usr/bin/env bash
# Benchmark: the watcher's steady cost (docs/performance.md). A fake EKS AL2023 node driven by a real containerd
# (bench/e2e-host.sh, series BENCH_SERIES, default 1.7), gVisor installed on it by the installer, then
# `gvisor-node-installer watch` with the chart's watcher JVM flags (values.yaml watcher.jvmFlags, the flags it
# runs with) checking every BENCH_WATCH_INTERVAL seconds (default 1). After BENCH_WATCH_WARMUP checks (default
# 10) it samples VmRSS once per check for BENCH_WATCH_CHECKS checks (default 30): steady RSS is their median,
# CPU per check is the process's user+system time over those checks divided by their number (it includes the
# idle JVM's own background work, so it is an upper bound).
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
  [ -f "$W/watch.pid" ] && kill "$(cat "$W/watch.pid")" 2>/dev/null
  [ -d "$H" ] && "$E2E" destroy "$H" >/dev/null 2>&1
  [ -n "${BENCH_KEEP:-}" ] || rm -rf "$W"
}
trap cleanup EXIT
JAR=$(bench_jar "$W")
bash "$ROOT/.ci/build-test-shim.sh" "$CACHE/test-shim" >"$W/shim.log" 2>&1 || { tail -5 "$W/shim.log" >&2; exit 1; }
bash "$ROOT/.ci/make-test-release.sh" "$W/release" >/dev/null
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
java "${WFLAGS[@]}" -cp "$JAR" dev.gni.cli.Main watch --host-root "$H" --interval "$INTERVAL" --node-name bench-node \
  --pod-name bench-pod --pod-namespace bench \
  --containerd-socket /run/containerd/containerd.sock --ready-file "$W/ready" >"$W/watch.log" 2>&1 &
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
echo "== watcher: containerd $SERIES, one check every $INTERVAL s, $CHECKS checks after $WARMUP of warm-up; JVM flags: ${WFLAGS[*]}"
machine_line
echo "steady RSS MiB: median $rss, max $peak; CPU per check (upper bound): $cpu ms"
budget "watcher-steady-rss-MiB" "$rss" 48
