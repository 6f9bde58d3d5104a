#!/bin/bash
# extract-jars.sh JARS OUT: extracts each service's Spring Boot jar of JARS (NAME-VERSION.jar) in
# layers into four trees under OUT, each one image layer, all rooted at /:
#   dependencies/usr/share/coophive/lib/   third-party libraries of every service (one copy each)
#   project/usr/share/coophive/lib/        the project's libraries (common, executor, contracts)
#   admin/usr/share/coophive/coophive-admin.jar  the admin CLI (contracts-VERSION-admin.jar) as is:
#                                          its jar has no spring-core, which -Djarmode=tools needs
#   application/usr/share/coophive/NAME/   NAME.jar and lib -> ../lib
set -euo pipefail
jars="$1"
out="$2"
home=usr/share/coophive
work="$(mktemp -d)"
mkdir -p "$out/dependencies/$home/lib" "$out/project/$home/lib" "$out/admin/$home" "$out/application/$home"

# merge FROM TO: copies the jars of FROM into TO; a name already there must be the same file.
merge() {
  local jar target
  [ -d "$1" ] || return 0
  for jar in "$1"/*.jar; do
    [ -e "$jar" ] || continue
    target="$2/$(basename "$jar")"
    if [ -e "$target" ]; then
      if ! cmp -s "$jar" "$target"; then
        echo "extract-jars: $name was built with another $(basename "$jar") than a service before it: some jars" \
          "are stale; build them all together (./mvnw -DskipTests package)" >&2
        exit 1
      fi
    else
      cp "$jar" "$target"
    fi
  done
}

for jar in "$jars"/*.jar; do
  file="$(basename "$jar")"
  case "$file" in
    contracts-*-admin.jar)
      cp "$jar" "$out/admin/$home/coophive-admin.jar"
      continue
      ;;
    *) name="$(echo "$file" | sed -E 's/-[0-9][^-]*(-SNAPSHOT)?\.jar$//')" ;;
  esac
  echo "extracting $file as $name"
  java -Djarmode=tools -jar "$jar" extract --layers --destination "$work/$name" --application-filename "$name.jar"
  merge "$work/$name/dependencies/lib" "$out/dependencies/$home/lib"
  merge "$work/$name/snapshot-dependencies/lib" "$out/dependencies/$home/lib"
  merge "$work/$name/application/lib" "$out/project/$home/lib"
  mkdir -p "$out/application/$home/$name"
  cp "$work/$name/application/$name.jar" "$out/application/$home/$name/$name.jar"
  ln -s ../lib "$out/application/$home/$name/lib"
done
rm -rf "$work"
