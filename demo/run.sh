#!/usr/bin/env bash
# The main job, end to end, on a demo host root shaped like an EKS AL2023 node (demo/host):
#   1. installs what it needs (Debian's runsc; .ci/install-deps.sh) and builds the jar,
#   2. copies demo/host to target/demo/host (the repo copy stays pristine),
#   3. runs `install` into it (no restart, no Kubernetes: there is no node daemon here),
#   4. prints what changed, then `status`, then runs install again to show it converges.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /var/cache/gvisor-node-installer/runsc/usr/bin/runsc ] || bash .ci/install-deps.sh
mvn -q -B -DskipTests package
rm -rf target/demo && mkdir -p target/demo
cp -a demo/host target/demo/host
bash demo/make-release.sh target/demo/release >/dev/null
echo "== release: Debian's runsc + a STAND-IN shim (demo/standin-shim.c; no Debian package ships the shim)"
cut -c1-16,129- target/demo/release/SHA512SUMS
run() { java -jar target/gvisor-node-installer.jar "$@" --host-root target/demo/host \
  --binaries-dir target/demo/release --restart none --no-node-label --host-exec direct --containerd-version 1.7; }
echo "== install"
run install --runsc-flag platform=systrap
echo "== what changed on the host"
diff -ru --no-dereference demo/host target/demo/host || true
echo "== status"
run status
echo "== install again (must change nothing)"
run install --runsc-flag platform=systrap
