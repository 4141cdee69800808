# shellcheck shell=bash
# Shared helpers for the benchmarks in bench/ (sourced, not run). See docs/performance.md.
# Environment: BENCH_RUNS (runs per figure, default 5), BENCH_JAR (default target/gvisor-node-installer.jar,
# built when missing), BENCH_JVM_FLAGS (default: pom.xml's image.jvmFlags, the flags the image uses).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export RUNS=${BENCH_RUNS:-5}
CACHE=${GNI_CACHE:-/var/cache/gvisor-node-installer}
BENCH_TMP=${BENCH_TMP:-/var/tmp}   # on disk, not tmpfs: sync must mean something
TIME=/usr/bin/time

need_tools() {
  [ "$(id -u)" = 0 ] || { echo "bench: run as root (the installer writes a host root; containerd)" >&2; exit 2; }
  if [ ! -x "$TIME" ]; then
    echo "bench: installing GNU time (/usr/bin/time)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends time >/dev/null
  fi
}

# The JVM flags the image uses: pom.xml's image.jvmFlags (comma-separated), the one place they are set.
pom_jvm_flags() {
  sed -n 's:.*<image.jvmFlags>\(.*\)</image.jvmFlags>.*:\1:p' "$ROOT/pom.xml" | head -1 | tr ',' ' '
}
export JVM_FLAGS=${BENCH_JVM_FLAGS-$(pom_jvm_flags)}

# The installer's fat jar, copied into the benchmark's own dir ($1) so that a concurrent `mvn clean` or
# another benchmark cannot pull it away. BENCH_JAR picks another jar (e.g. an older build, for a before/after).
bench_jar() { # $1 = dir
  local src=${BENCH_JAR:-$ROOT/target/gvisor-node-installer.jar}
  if [ ! -f "$src" ]; then
    (cd "$ROOT" && mvn -q -B -DskipTests package) >&2
  fi
  cp "$src" "$1/installer.jar"
  echo "$1/installer.jar"
}

# A gVisor release folder like --binaries-dir expects (demo/make-release.sh: Debian's runsc + stand-in shim).
bench_release() { # $1 = dir
  [ -x "$CACHE/runsc/usr/bin/runsc" ] || bash "$ROOT/.ci/install-deps.sh" >&2
  bash "$ROOT/demo/make-release.sh" "$1" >/dev/null
}

now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }

# median of the numbers on stdin (one per line); integer or decimal
median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) {print "nan"; exit} if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# timed OUT_PREFIX CMD...: runs CMD under /usr/bin/time -v; appends wall ms to OUT_PREFIX.ms, peak RSS
# (KiB) to OUT_PREFIX.rss and CPU ms (user + system, less sensitive to other load) to OUT_PREFIX.cpu. Fails when CMD fails (its output is in OUT_PREFIX.log).
timed() {
  local out=$1; shift
  local t0 t1 rc=0
  t0=$(now_ms)
  "$TIME" -v -o "$out.time" "$@" >"$out.log" 2>&1 || rc=$?
  t1=$(now_ms)
  if [ "$rc" != 0 ]; then
    echo "bench: command failed (exit $rc): $*" >&2; tail -5 "$out.log" >&2; return "$rc"
  fi
  echo $((t1 - t0)) >>"$out.ms"
  sed -n 's/.*Maximum resident set size (kbytes): //p' "$out.time" >>"$out.rss"
  awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ {s+=$2} END {printf "%d\n", s*1000}' "$out.time" >>"$out.cpu"
}

# budget NAME MEASURED LIMIT: prints the line, returns 1 when MEASURED > LIMIT
budget() {
  local verdict=PASS
  awk -v m="$2" -v l="$3" 'BEGIN {exit !(m <= l)}' || verdict=FAIL
  echo "budget $1: $2 $3 $verdict"
  [ "$verdict" = PASS ]
}

# budget_at_least NAME MEASURED MINIMUM: prints the line, returns 1 when MEASURED < MINIMUM
budget_at_least() {
  local verdict=PASS
  awk -v m="$2" -v l="$3" 'BEGIN {exit !(m >= l)}' || verdict=FAIL
  echo "budget $1: $2 >=$3 $verdict"
  [ "$verdict" = PASS ]
}

# snapshot DIR: one line per entry: path, type, mode, size, inode, mtime, ctime, link target (files written
# show up as a changed mtime/ctime/inode/size; a new or removed file as an added or missing line)
snapshot() {
  (cd "$1" && find . -printf '%p %y %m %s %i %T@ %C@ %l\n' | sort)
}

# files_written BEFORE AFTER: number of paths whose snapshot line differs, is new or is gone
files_written() {
  comm -3 "$1" "$2" | sed 's/^\t//' | cut -d' ' -f1 | sort -u | wc -l
}

machine_line() {
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)," \
    "$(lscpu | sed -n 's/^Model name: *//p' | head -1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

# fabric8's CRUD mock API as its own process (src/test/java/dev/gni/bench/MockApiServerMain.java).
test_classpath() { # $1 = dir: prints the test classpath (the mock API, the node's layout for e2e-host.sh create)
  (cd "$ROOT" && mvn -q -B -o test-compile dependency:build-classpath -Dmdep.outputFile="$1/cp" >&2)
  echo "$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$1/cp")"
}
# Starts it in $W with the Node $NODE (and the pod $3 = NAMESPACE/NAME when given); writes $W/kubeconfig. Its
# stdin is a FIFO held open on fd 8; mock_stop closes it, and the server then prints what it holds to $W/mock.out.
# A long-lived process started in between must not inherit fd 8 (start it with 8>&-), or the server never ends.
mock_start() { # $1 = classpath, $2 = node, [$3 = namespace/pod]
  rm -f "$W/kubeconfig" "$W/mock.in"; mkfifo "$W/mock.in"
  java -cp "$1" dev.gni.bench.MockApiServerMain "$W" "$2" ${3:+"$3"} <"$W/mock.in" >"$W/mock.out" 2>"$W/mock.err" &
  echo $! >"$W/mock.pid"
  exec 8>"$W/mock.in"
  until grep -qx ready "$W/mock.out" 2>/dev/null; do
    kill -0 "$(cat "$W/mock.pid")" 2>/dev/null || { cat "$W/mock.err" >&2; exit 1; }
    sleep 0.05
  done
}
mock_stop() { exec 8>&-; wait "$(cat "$W/mock.pid")" 2>/dev/null || true; }

# The kit both production-path benchmarks use, in $1: JAR (the installer), the test shim, a release folder
# ($1/release), and the test classpath in MOCK_CP and GNI_TEST_CP (bench/e2e-host.sh create writes the node with it).
bench_kit() { # $1 = dir
  # shellcheck disable=SC2034 # JAR is used by the benchmark that sources this
  JAR=$(bench_jar "$1")
  bash "$ROOT/.ci/build-test-shim.sh" "$CACHE/test-shim" >"$1/shim.log" 2>&1 || { tail -5 "$1/shim.log" >&2; exit 1; }
  bash "$ROOT/.ci/make-test-release.sh" "$1/release" >/dev/null
  MOCK_CP=$(test_classpath "$1")
  export GNI_TEST_CP=$MOCK_CP
}
