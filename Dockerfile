# syntax=docker/dockerfile:1
# Alternative build of the installer image for Docker/BuildKit users (the Jib build is the primary one; see
# docs/image.md). Same pin file (gvisor-release.properties), same checks, same layout. From the repo root:
#   docker buildx build --platform linux/amd64,linux/arm64 \
#     --build-arg GVISOR_RELEASE="$(sed -n 's/^gvisor.release=//p' gvisor-release.properties)" \
#     --build-arg VERSION="$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' pom.xml)" \
#     -t REGISTRY/gvisor-node-installer:TAG --push .
# The shell steps live in docker/*.sh (checked with shellcheck by .ci/image-test).
ARG BASE_IMAGE=eclipse-temurin:17-jre-noble

# 1. The pinned gVisor release for both architectures: download, verify sha512, unpack.
FROM --platform=$BUILDPLATFORM debian:bookworm-slim AS gvisor
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends ca-certificates curl bzip2 && rm -rf /var/lib/apt/lists/*
ARG GVISOR_RELEASE
COPY gvisor-release.properties docker/fetch-gvisor.sh /work/
RUN /work/fetch-gvisor.sh /work/gvisor-release.properties /gvisor "$GVISOR_RELEASE"

# 2. The installer, its SBOM, and the image layout (ELF checks and SHA512SUMS by the Maven build step).
FROM --platform=$BUILDPLATFORM maven:3.9-eclipse-temurin-17 AS app
ARG VERSION
WORKDIR /src
COPY pom.xml gvisor-release.properties ./
COPY src ./src
COPY docker/assemble-app.sh /usr/local/bin/
COPY --from=gvisor /gvisor /gvisor
RUN --mount=type=cache,target=/root/.m2 assemble-app.sh /src /gvisor /out "$VERSION"

# 3. The image: a JRE with nsenter (util-linux), the installer as entrypoint, no shell needed.
FROM ${BASE_IMAGE}
ARG BASE_IMAGE
ARG GVISOR_RELEASE
ARG VERSION
COPY --from=app /out/ /
LABEL org.opencontainers.image.title="gvisor-node-installer" \
      org.opencontainers.image.source="https://github.com/gvisor-node-installer/gvisor-node-installer" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.base.name="${BASE_IMAGE}" \
      dev.gvisor.release="${GVISOR_RELEASE}"
ENTRYPOINT ["java", "@/app/jvm-flags", "-cp", "@/app/jib-classpath-file", "dev.gni.cli.Main"]
