#!/usr/bin/env bash
# Makes sure a Docker engine answers: installs Debian's docker.io when the engine (dockerd) is
# missing, starts the daemon detached when `docker info` fails, and waits for it (60 s at most).
set -euo pipefail

log_file="${DOCKERD_LOG:-/tmp/coophive-dockerd.log}"
deadline_seconds=60

step() {
  echo
  echo "==> $*"
}

if ! command -v dockerd >/dev/null 2>&1; then
  step "installing the Docker engine: apt-get update && apt-get install -y docker.io"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y docker.io
fi

if docker info >/dev/null 2>&1; then
  echo "Docker engine is running ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo unknown))"
  exit 0
fi

# A live (not zombie) dockerd process, if any.
live_dockerd() {
  local pid
  for pid in $(pgrep -x dockerd || true); do
    if [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != "Z" ]; then
      echo "$pid"
      return 0
    fi
  done
  return 1
}

alive() {
  [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null || echo Z)" != "Z" ]
}

if dockerd_pid="$(live_dockerd)"; then
  step "dockerd is running but not answering yet: waiting for it"
else
  # A daemon killed with its session leaves pid files behind (its own and its containerd's), and a
  # new one refuses to start or waits for a containerd that is gone.
  pkill -f 'containerd --config /var/run/docker/containerd' 2>/dev/null || true
  rm -f /var/run/docker.pid /var/run/docker/containerd/containerd.pid
  step "starting dockerd detached (log: $log_file)"
  setsid dockerd >"$log_file" 2>&1 < /dev/null &
  dockerd_pid=$!
fi

end=$((SECONDS + deadline_seconds))
until docker info >/dev/null 2>&1; do
  if ! alive "$dockerd_pid"; then
    echo "dockerd exited before answering; last lines of $log_file:" >&2
    tail -n 20 "$log_file" >&2 || true
    exit 1
  fi
  if [ "$SECONDS" -ge "$end" ]; then
    echo "dockerd did not answer within ${deadline_seconds} s; last lines of $log_file:" >&2
    tail -n 20 "$log_file" >&2 || true
    exit 1
  fi
  sleep 0.5
done
echo "Docker engine is running ($(docker version --format '{{.Server.Version}}'))"
