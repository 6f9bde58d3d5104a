# Shell functions shared by .ci/run and ./stack: install what a fresh Debian machine lacks (JDK 17,
# Node + npm, curl, a Docker engine and the local images), asking nothing. Source it; it sets no
# shell options of its own.
# shellcheck shell=bash

# The repository root (this file lives in scripts/).
COOPHIVE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

step() {
  echo
  echo "==> $*"
}

_apt_updated=false
# apt_install PACKAGE...: apt-get install, with one apt-get update first.
apt_install() {
  if [ "$(id -u)" != 0 ]; then
    echo "missing: $* (install them, or run as root to let this script apt-get install them)" >&2
    return 1
  fi
  if [ "$_apt_updated" = false ]; then
    step "apt-get update"
    apt-get update
    _apt_updated=true
  fi
  step "apt-get install -y $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y "$@"
}

# java_major JAVA: the major version `JAVA -version` reports (e.g. 17).
java_major() {
  # `java -version` prints e.g.: openjdk version "17.0.15" 2025-04-15 (on stderr).
  "$1" -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -n 1
}

# current_java: what ./mvnw runs: $JAVA_HOME/bin/java when JAVA_HOME is set, else java on PATH.
current_java() {
  if [ -n "${JAVA_HOME:-}" ]; then
    echo "$JAVA_HOME/bin/java"
  else
    command -v java || true
  fi
}

# ensure_jdk17: makes JDK 17 the java in use (installs Debian's openjdk-17 if needed) and exports
# JAVA_HOME/PATH accordingly. Quiet when JDK 17 is already in use.
ensure_jdk17() {
  local java_bin jdk17
  java_bin="$(current_java)"
  if [ -z "$java_bin" ] || [ ! -x "$java_bin" ] || [ "$(java_major "$java_bin")" != "17" ]; then
    echo "no JDK 17 in use (java: ${java_bin:-none}); switching to Debian's openjdk-17"
    jdk17="/usr/lib/jvm/java-17-openjdk-$(dpkg --print-architecture)"
    if [ ! -x "$jdk17/bin/javac" ]; then
      apt_install openjdk-17-jdk-headless
    fi
    export JAVA_HOME="$jdk17"
    export PATH="$JAVA_HOME/bin:$PATH"
  fi
}

# ensure_node: node and npm on PATH (Debian's packages if missing).
ensure_node() {
  local missing=()
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "missing: ${missing[*]}"
    apt_install "${missing[@]}"
  fi
}

# ensure_curl: ./mvnw fetches Maven from Maven Central with curl or wget; ./stack polls health with curl.
ensure_curl() {
  if ! command -v curl >/dev/null 2>&1; then
    apt_install curl ca-certificates
  fi
}

# ensure_docker: a Docker engine answers (docker/ensure-engine.sh) and the local images exist
# (docker/build-images.sh; built from Debian packages, never pulled). Both are idempotent.
ensure_docker() {
  bash "$COOPHIVE_ROOT/docker/ensure-engine.sh"
  bash "$COOPHIVE_ROOT/docker/build-images.sh"
}

# ensure_contracts_toolchain: contracts/node_modules from the pinned lock file, when missing or stale.
ensure_contracts_toolchain() {
  local marker="$COOPHIVE_ROOT/contracts/node_modules/.package-lock.json"
  if [ ! -f "$marker" ] || [ "$COOPHIVE_ROOT/contracts/package-lock.json" -nt "$marker" ]; then
    step "installing the contracts toolchain (contracts/: npm ci --no-audit --no-fund)"
    (cd "$COOPHIVE_ROOT/contracts" && npm ci --no-audit --no-fund)
  fi
}

# ensure_browser: Debian's chromium and chromium-driver for the browser tests (Selenium drives
# /usr/bin/chromium through /usr/bin/chromedriver; nothing downloads a browser of its own).
ensure_browser() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    apt_install chromium chromium-driver
  fi
}

# ensure_compose: Debian's docker-compose (v1, 1.29) for ./stack compose-up and the container ITs
# (Testcontainers' DockerComposeContainer runs the docker-compose binary).
ensure_compose() {
  if ! command -v docker-compose >/dev/null 2>&1; then
    apt_install docker-compose
  fi
}

# ensure_systemd_analyze: systemd-analyze (Debian's systemd package, not run as init) for the
# Debian package's unit checks (deb/: systemd-analyze verify of every unit).
ensure_systemd_analyze() {
  if ! command -v systemd-analyze >/dev/null 2>&1; then
    apt_install systemd
  fi
}

# ensure_binutils: as and objcopy (Debian's binutils) for the executor's check that the job gate's
# bytes are its assembly source (JobGateTest assembles executor/src/main/gate/gate-amd64.s).
ensure_binutils() {
  if ! command -v as >/dev/null 2>&1 || ! command -v objcopy >/dev/null 2>&1; then
    apt_install binutils
  fi
}
