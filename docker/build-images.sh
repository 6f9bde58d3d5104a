#!/usr/bin/env bash
# Builds the local images the tests and the demo need, without pulling anything from a registry:
#   coophive/busybox:test    a ~2 MB rootfs of Debian's busybox-static (fast tests)
#   coophive/debian:bookworm a debootstrap minbase Debian, imported
#   coophive/cowsay:v0.0.1   the cowsay module's image, Debian's cowsay on the base above
# Idempotent: an image that already exists is left alone. Needs root and a running engine
# (see ensure-engine.sh).
set -euo pipefail

cd "$(dirname "$0")"

step() {
  echo
  echo "==> $*"
}

image_exists() {
  docker image inspect "$1" >/dev/null 2>&1
}

apt_updated=false
ensure_package() { # ensure_package COMMAND PACKAGE
  if ! command -v "$1" >/dev/null 2>&1 && ! dpkg -s "$2" >/dev/null 2>&1; then
    if [ "$apt_updated" = false ]; then
      step "apt-get update"
      apt-get update
      apt_updated=true
    fi
    step "apt-get install -y $2"
    DEBIAN_FRONTEND=noninteractive apt-get install -y "$2"
  fi
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

busybox_image=coophive/busybox:test
if image_exists "$busybox_image"; then
  echo "$busybox_image exists, skipping"
else
  ensure_package busybox-static busybox-static
  step "building $busybox_image from Debian's busybox-static"
  rootfs="$work/busybox"
  mkdir -p "$rootfs/bin" "$rootfs/tmp" "$rootfs/etc" "$rootfs/proc" "$rootfs/sys" "$rootfs/dev"
  chmod 1777 "$rootfs/tmp"
  cp /bin/busybox "$rootfs/bin/busybox"
  # --install -s writes absolute symlinks; chroot so they land inside the rootfs.
  chroot "$rootfs" /bin/busybox --install -s /bin
  echo 'root:x:0:0:root:/root:/bin/sh' >"$rootfs/etc/passwd"
  echo 'root:x:0:' >"$rootfs/etc/group"
  tar --numeric-owner -C "$rootfs" -c . | docker import - "$busybox_image"
fi

debian_image=coophive/debian:bookworm
if image_exists "$debian_image"; then
  echo "$debian_image exists, skipping"
else
  ensure_package debootstrap debootstrap
  step "building $debian_image: debootstrap --variant=minbase bookworm (about a minute)"
  rootfs="$work/debian"
  debootstrap --variant=minbase bookworm "$rootfs"
  # An empty apt list cache keeps the image small; `apt-get update` in a Dockerfile refills it.
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/archives/*.deb
  tar --numeric-owner -C "$rootfs" -c . | docker import -c 'CMD ["/bin/bash"]' - "$debian_image"
fi

cowsay_image=coophive/cowsay:v0.0.1
if image_exists "$cowsay_image"; then
  echo "$cowsay_image exists, skipping"
else
  step "building $cowsay_image (docker build docker/cowsay)"
  docker build --pull=false -t "$cowsay_image" cowsay
fi

step "local images"
docker image ls --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep '^coophive/' || true
