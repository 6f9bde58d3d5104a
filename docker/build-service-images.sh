#!/usr/bin/env bash
# Builds the images of the container network (docker-compose.yml), never pulling anything:
#   coophive/jre:17               Debian's OpenJDK 17 JRE on coophive/debian:bookworm (built once)
#   coophive/postgres:15          Debian's PostgreSQL 15 (built once)
#   coophive/anvil:<version>      the contracts toolchain's Anvil binary (rebuilt when it changes)
#   coophive/coophive:<version>   every service, from the jars of ./mvnw package (docker/Dockerfile)
# Needs the jars (./stack images builds them first) and the base images (docker/build-images.sh,
# run first). Idempotent; after a change to one service only its small layers are rebuilt.
# COOPHIVE_IMAGES_REBUILD=true rebuilds all four from scratch (no build cache).
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
  local no_cache=()
  if [ "${COOPHIVE_IMAGES_REBUILD:-false}" = true ]; then no_cache=(--no-cache); fi
  docker build --pull=false --force-rm "${no_cache[@]}" -t "$tag" "$@" "$context"
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
# build_if_changed TAG FILES... -- BUILD ARGS: builds unless the image was built from the same files
# (their hash is the image's label org.coophive.inputs): a no-op when nothing changed.
build_if_changed() {
  local tag="$1" files=() hash
  shift
  while [ "$1" != -- ]; do files+=("$1"); shift; done
  shift
  hash="$( (docker image inspect -f '{{.Id}}' coophive/jre:17 coophive/debian:bookworm; sha256sum "${files[@]}") | sha256sum | cut -c1-32)"
  if [ "$rebuild" != true ] && [ "$(docker image inspect -f '{{index .Config.Labels "org.coophive.inputs"}}' "$tag" 2>/dev/null)" = "$hash" ]; then
    echo "$tag is up to date"
    return 0
  fi
  build "$tag" "$@" --label "org.coophive.inputs=$hash"
}

build_if_changed "coophive/anvil:$anvil_version" "$anvil_binary" docker/anvil/* -- . -f docker/anvil/Dockerfile
service_jars=()
for jar in contracts/target/contracts-"$version"-admin.jar */target/*-"$version".jar; do
  case "$jar" in
    solver-service/* | resource-provider-service/* | mediator-service/* | jobcreator-service/* | saas-api/* | faucet-service/* | contracts/*) service_jars+=("$jar") ;;
  esac
done
build_if_changed "coophive/coophive:$version" docker/Dockerfile docker/coophive/* bin/coophive .dockerignore "${service_jars[@]}" \
  -- . -f docker/Dockerfile --build-arg "VERSION=$version"

step "images"
docker image ls --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep -e '^coophive/' || true
