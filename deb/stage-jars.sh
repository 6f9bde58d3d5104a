#!/usr/bin/env bash
# Stages what goes to /usr/share/coophive in the Debian package: for each service named as a pom
# dependency of deb/pom.xml (listed by dependency:list into LIST), its Spring Boot jar as
# <artifactId>.jar, the admin CLI as coophive-admin.jar, and VERSION. Fails when a jar is missing.
#   stage-jars.sh ROOT VERSION LIST STAGE
set -euo pipefail
root="$1" version="$2" list="$3" stage="$4"
dest="$stage/usr/share/coophive"
rm -rf "$stage"
mkdir -p "$dest"

copy() { # copy SOURCE NAME
  if [ ! -f "$1" ]; then
    echo "stage-jars: $1 is missing: build it first (./mvnw -pl deb -am package)" >&2
    exit 1
  fi
  cp "$1" "$dest/$2"
  echo "stage-jars: $2 <- ${1#"$root"/}"
}

count=0
# Lines of dependency:list look like "   org.coophive:solver-service:pom:0.1.0-SNAPSHOT".
while read -r coordinates; do
  IFS=: read -r group artifact type _ <<<"$coordinates"
  [ "$group" = org.coophive ] && [ "$type" = pom ] || continue
  copy "$root/$artifact/target/$artifact-$version.jar" "$artifact.jar"
  count=$((count + 1))
done <"$list"
[ "$count" -gt 0 ] || { echo "stage-jars: no service listed in $list" >&2; exit 1; }

copy "$root/contracts/target/contracts-$version-admin.jar" coophive-admin.jar
echo "$version" >"$dest/VERSION"
