#!/usr/bin/env bash
# Docker build stage: builds the installer with the same Maven "image" profile the Jib build uses (offline
# gVisor mode, on the files docker/fetch-gvisor.sh verified and unpacked: ELF checks and SHA512SUMS happen
# there), then lays the image's files out under OUT as Jib does:
#   /app/classes, /app/resources, /app/libs, /app/jib-classpath-file, /opt/gvisor/<arch>/,
#   /opt/gvisor-node-installer/sbom.cdx.json, plus /app/jvm-flags: the pom's image.jvmFlags, one per line,
#   read by the entrypoint as a java @argfile.
# Usage: assemble-app.sh SRC_DIR GVISOR_DIR OUT_DIR EXPECTED_VERSION
set -euo pipefail

src=$1 gvisor=$2 out=$3 expected=${4:-}
cd "$src"
version=$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' pom.xml)
if [ "$expected" != "$version" ]; then
  echo "build arg VERSION='$expected' is not the pom's version '$version'" >&2
  exit 1
fi
flags=$(sed -n 's:.*<image.jvmFlags>\(.*\)</image.jvmFlags>.*:\1:p' pom.xml)
[ -n "$flags" ] || { echo "pom.xml: no <image.jvmFlags>" >&2; exit 1; }

dep=org.apache.maven.plugins:maven-dependency-plugin:3.8.1
mvn -B -q -Dstyle.color=never -Pimage -DskipTests -Dgvisor.release.dir="$gvisor" package \
  "$dep:copy-dependencies" "$dep:build-classpath" -DincludeScope=runtime \
  -DoutputDirectory=target/docker-app/libs -Dmdep.outputFile=target/docker-app/classpath -Dmdep.prefix=/app/libs

rm -rf "$out"
mkdir -p "$out/app/classes" "$out/app/resources" "$out/opt"
(cd target/classes && find . -type f -name '*.class' -exec cp --parents {} "$out/app/classes/" \;)
(cd target/classes && find . -type f ! -name '*.class' -exec cp --parents {} "$out/app/resources/" \;)
cp -r target/docker-app/libs "$out/app/libs"
printf '/app/resources:/app/classes:%s' "$(cat target/docker-app/classpath)" >"$out/app/jib-classpath-file"
printf 'dev.gni.cli.Main\n' >"$out/app/jib-main-class-file"
printf '%s\n' "$flags" | tr ',' '\n' >"$out/app/jvm-flags"
cp -r target/gvisor-release/opt/. "$out/opt/"
cp -r target/image-sbom/opt/. "$out/opt/"
echo "assembled $out"
