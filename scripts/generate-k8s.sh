#!/usr/bin/env bash
# Regenerates k8s/ (the plain manifests) from charts/gvisor-node-installer's default values.
# It renders with helm-java (Helm's Go code via JNI, from the test classpath), so no helm binary is needed.
# K8sManifestsTest fails in CI whenever k8s/ differs from what this script writes.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B test -Dtest=dev.gni.chart.K8sManifestsTest -Dgni.regenerate=true -Dsurefire.failIfNoSpecifiedTests=false
git status --short -- k8s/ || true
