#!/usr/bin/env bash
# Builds the images of the container network (docker-compose.yml), never pulling anything:
#   coophive/jre:17               Debian's OpenJDK 17 JRE on coophive/debian:bookworm (built once)
#   coophive/postgres:15          Debian's PostgreSQL 15 (built once)
#   coophive/anvil:<version>      the contracts toolchain's Anvil binary (rebuilt when it changes)
#   coophive/coophive:<version>   every service, from the jars of ./mvnw package (docker/Dockerfile)
# Needs the jars (./stack images builds them first) and the base images (docker/build-images.sh,
# run first). Idempotent; after a change to one service only its small layers are rebuilt.
# COOPHIVE_IMAGES_REBUILD=true rebuilds the once-built images too.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

step() {
  echo
  echo "==> $*"
}

image_exists() {
  docker image inspect "$1" >/dev/null 2>&1
}

# The legacy builder is what a Debian docker.io engine has (no buildx); it never pulls with --pull=false.
export DOCKER_BUILDKIT=0
build() { # build TAG CONTEXT [ARGS...]
  local tag="$1" context="$2"
  shift 2
  local start=$SECONDS
  step "building $tag"
  docker build --pull=false -t "$tag" "$@" "$context"
  echo "built $tag in $((SECONDS - start)) s"
}

version="$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -n 1)"
anvil_binary=contracts/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil
anvil_version="$(sed -n 's/.*"version": "\(.*\)".*/\1/p' contracts/node_modules/@foundry-rs/anvil-linux-amd64/package.json 2>/dev/null | head -n 1)"

bash docker/build-images.sh >/dev/null

missing=()
for jar in solver-service/target/solver-service-"$version".jar \
  resource-provider-service/target/resource-provider-service-"$version".jar \
  mediator-service/target/mediator-service-"$version".jar \
  jobcreator-service/target/jobcreator-service-"$version".jar \
  contracts/target/contracts-"$version"-admin.jar; do
  [ -f "$jar" ] || missing+=("$jar")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "build-service-images: missing ${missing[*]}: run ./mvnw -DskipTests package first (./stack images does)" >&2
  exit 1
fi
[ -x "$anvil_binary" ] || {
  echo "build-service-images: no $anvil_binary: run (cd contracts && npm ci) first" >&2
  exit 1
}

rebuild="${COOPHIVE_IMAGES_REBUILD:-false}"
if [ "$rebuild" = true ] || ! image_exists coophive/jre:17; then
  build coophive/jre:17 docker/jre
fi
if [ "$rebuild" = true ] || ! image_exists coophive/postgres:15; then
  build coophive/postgres:15 docker/postgres
fi
build "coophive/anvil:$anvil_version" . -f docker/anvil/Dockerfile
build "coophive/coophive:$version" . -f docker/Dockerfile --build-arg "VERSION=$version"

step "images"
docker image ls --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep -e '^coophive/' || true
