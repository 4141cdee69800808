#!/usr/bin/env bash
# All benchmarks (docs/performance.md): the production path against a real containerd and the mock API (time
# to ready, no-op, CRI-unavailable window, whole-path RSS), the cold install beside its floors, image size. Prints each table and one `budget NAME: MEASURED LIMIT PASS|FAIL` line per budget;
# exits non-zero when any budget fails. BENCH_RUNS (default 5) runs per figure; run as root.
# The JVM flag table (bench/jvm-flags.sh) is separate: it is for choosing flags, not a budget.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rc=0
for b in ready watcher cold-install image-size; do
  echo
  "$here/$b.sh" || rc=1
done
echo
if [ "$rc" = 0 ]; then echo "bench: all budgets PASS"; else echo "bench: some budget FAILED (see the budget lines)"; fi
exit $rc
