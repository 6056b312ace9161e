#!/usr/bin/env bash
# Installs the Debian packages activetune builds and tests against, if any is missing.
# Used by `make run`, `make test` and therefore by CI: a missing package here fails CI.
set -euo pipefail

# Build: C headers and pkg-config files for the system-library targets.
# Test: the real tools the tests drive (lz4, systemd-analyze, journald, rsvg-convert, numpy).
packages=(pkg-config libsystemd-dev liblz4-dev libopenblas-dev libsqlite3-dev lz4 systemd librsvg2-bin)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ "${1:-}" = "--test" ]; then
  python3 -c "import numpy" 2>/dev/null || python3 -m pip install -q numpy
fi
