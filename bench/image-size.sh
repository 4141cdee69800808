#!/usr/bin/env bash
# Benchmark 4: the image's size per layer, compressed (as pushed) and uncompressed, from the image test's
# tarball (target/jib-image.tar, linux/amd64; `.ci/image-test` is run once when it is missing), against the
# size of the gVisor release it carries and the base image; then what dominates our own Java libraries.
# Budget: our own layers (everything but the base and the gVisor folders) at most 15 MB compressed.
set -euo pipefail
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
TAR=$ROOT/target/jib-image.tar
if [ ! -f "$TAR" ]; then
  echo "bench: $TAR missing; running .ci/image-test once (about 4 minutes)" >&2
  "$ROOT/.ci/image-test" >&2
fi
W=$(mktemp -d "$BENCH_TMP/gni-bench-image.XXXXXX")
trap 'rm -rf "$W"' EXIT
tar -C "$W" -xf "$TAR"
mb() { awk -v b="$1" 'BEGIN {printf "%.1f", b/1000000}'; }
printf '%-48s %14s %16s\n' "layer (what it holds)" "compressed MB" "uncompressed MB"
base_c=0 base_u=0 gv_c=0 gv_u=0 own_c=0 own_u=0 n=0
for layer in $(jq -r '.[0].Layers[]' "$W/manifest.json"); do
  n=$((n + 1))
  c=$(stat -c %s "$W/$layer")
  u=$(gzip -dc "$W/$layer" | wc -c)
  top=$(tar --warning=no-unknown-keyword -tzf "$W/$layer" | sed 's:^\./::; s:^/::' | grep -v '/$' | awk -F/ '{print $1"/"$2}' | sort | uniq -c | sort -rn | head -1 | awk '{print $2}')
  if [ "$n" = 1 ]; then what="base image (JRE, nsenter)"; base_c=$c; base_u=$u
  elif [ "$top" = opt/gvisor ]; then what="gVisor release (/opt/gvisor, both arches)"; gv_c=$((gv_c + c)); gv_u=$((gv_u + u))
  else what="ours: /$top"; own_c=$((own_c + c)); own_u=$((own_u + u)); fi
  printf '%-48s %14s %16s\n' "$what" "$(mb "$c")" "$(mb "$u")"
  if [ "$top" = app/libs ]; then tar --warning=no-unknown-keyword -tvzf "$W/$layer" >"$W/libs.txt"; fi
done
printf '%-48s %14s %16s\n' "total" "$(mb $((base_c + gv_c + own_c)))" "$(mb $((base_u + gv_u + own_u)))"
rel=$ROOT/target/image-test/gvisor-release
if [ -d "$rel" ]; then
  for arch in x86_64 aarch64; do
    echo "gVisor release carried, $arch: $(mb "$(du -sb "$rel/$arch" | cut -f1)") MB uncompressed" \
      "($(find "$rel/$arch" -type f | wc -l) files; test release: Debian's runsc + stand-ins, see docs/image.md)"
  done
fi
echo "the image is built for linux/amd64 here (the base tarball is amd64); arm64 carries the same layers but its own base"
if [ -s "$W/libs.txt" ]; then
  echo "our Java libraries by family (MB, jar sizes; jars are already compressed, so about what they add compressed):"
  awk '{s=$3; f=$6; sub(/.*\//, "", f)
        if (f ~ /^kubernetes-|^openshift-/) g="fabric8 kubernetes-client + models"
        else if (f ~ /^grpc-netty-shaded/) g="grpc-netty-shaded (netty + epoll natives inside)"
        else if (f ~ /^netty-/) g="netty (for fabric8 vert.x)"
        else if (f ~ /^grpc-/) g="grpc (api, core, stub, protobuf)"
        else if (f ~ /^vertx-/) g="vert.x (fabric8 HTTP client)"
        else if (f ~ /^jackson-|^snakeyaml/) g="jackson + snakeyaml"
        else if (f ~ /^protobuf/) g="protobuf-java"
        else if (f ~ /^guava|^failureaccess/) g="guava"
        else if (f ~ /^antlr|^tomlj/) g="tomlj + antlr"
        else if (f ~ /^logback|^slf4j/) g="logback + slf4j"
        else g="other"
        t[g]+=s} END {for (g in t) printf "%.1f\t%s\n", t[g]/1000000, g}' "$W/libs.txt" | sort -rn \
    | awk -F'\t' '{printf "  %-50s %6s\n", $2, $1}'
  echo "largest jars:"
  awk '{s=$3; f=$6; sub(/.*\//, "", f); print s, f}' "$W/libs.txt" | sort -rn | head -8 \
    | awk '{printf "  %-50s %6.1f\n", $2, $1/1000000}'
fi
rc=0
budget "image-own-layers-MB" "$(mb "$own_c")" 25 || rc=1
exit $rc
