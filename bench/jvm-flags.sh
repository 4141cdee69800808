#!/usr/bin/env bash
# The JVM flag sets tried for the image (pom.xml image.jvmFlags): for each, the JVM floor (--version), a cold
# install and a no-op re-run (flags as in benchmark 1), wall time and peak RSS, medians of BENCH_RUNS runs
# (default 5), interleaved. A set containing APPCDS gets an application CDS archive, made first by one training
# run (cold install + no-op) with -XX:ArchiveClassesAtExit, then used with -XX:SharedArchiveFile.
# Usage: bench/jvm-flags.sh ["FLAGS" ...]   (default: the sets in docs/performance.md)
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
need_tools
W=$(mktemp -d "$BENCH_TMP/gni-bench-flags.XXXXXX")
trap 'rm -rf "$W"' EXIT
JAR=$(bench_jar "$W")
bench_release "$W/release"
if [ $# -gt 0 ]; then SETS=("$@"); else SETS=(
  ""
  "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -XX:MaxRAMPercentage=75 -Xshare:auto"
  "-XX:TieredStopAtLevel=1 -Xss512k -Xmx48m"
  "-XX:+UseSerialGC -Xss512k -Xmx48m"
  "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -Xmx32m"
  "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -Xmx48m -Xshare:auto"
  "$(pom_jvm_flags)"
  "$(pom_jvm_flags) -XX:-UsePerfData"
  "$(pom_jvm_flags) APPCDS"
); fi
OPTS=(--binaries-dir "$W/release" --restart none --no-node-label --canary=false --host-exec direct
  --containerd-version 1.7 --runsc-flag platform=systrap)
flags_of() { # SET_INDEX -> the java flags (APPCDS replaced by the archive)
  local s=${SETS[$1]}
  if [[ $s == *APPCDS* ]]; then s=${s/APPCDS/-XX:SharedArchiveFile=$W/app$1.jsa}; fi
  echo "$s"
}
for n in "${!SETS[@]}"; do
  if [[ ${SETS[$n]} == *APPCDS* ]]; then
    read -ra base <<<"${SETS[$n]/APPCDS/}"
    rm -rf "$W/train"; cp -a "$ROOT/demo/host" "$W/train"
    java "${base[@]}" -XX:ArchiveClassesAtExit="$W/app$n.jsa" -jar "$JAR" install --host-root "$W/train" "${OPTS[@]}" \
      >"$W/train.log" 2>&1 || { echo "training run failed:"; tail -5 "$W/train.log"; exit 1; }
  fi
done
for _ in $(seq "$RUNS"); do
  for n in "${!SETS[@]}"; do
    read -ra f <<<"$(flags_of "$n")"
    timed "$W/$n.jvm" java "${f[@]}" -jar "$JAR" --version
    rm -rf "$W/h"; cp -a "$ROOT/demo/host" "$W/h"
    timed "$W/$n.cold" java "${f[@]}" -jar "$JAR" install --host-root "$W/h" "${OPTS[@]}"
    timed "$W/$n.noop" java "${f[@]}" -jar "$JAR" install --host-root "$W/h" "${OPTS[@]}"
  done
done
mib() { awk -v k="$(median <"$1")" 'BEGIN {printf "%.1f", k/1024}'; }
echo "== JVM flag sets: wall ms / peak RSS MiB, medians of $RUNS runs (java $(java -version 2>&1 | head -1 | cut -d'"' -f2))"
machine_line
printf '| %-100s | %14s | %14s | %14s |\n' "flags" "--version" "cold install" "no-op re-run"
for n in "${!SETS[@]}"; do
  printf '| %-100s | %6s / %5s | %6s / %5s | %6s / %5s |\n' "${SETS[$n]:-(none: JVM defaults)}" \
    "$(median <"$W/$n.jvm.ms")" "$(mib "$W/$n.jvm.rss")" "$(median <"$W/$n.cold.ms")" "$(mib "$W/$n.cold.rss")" \
    "$(median <"$W/$n.noop.ms")" "$(mib "$W/$n.noop.rss")"
done
