#!/usr/bin/env bash
# Installs every Debian package LeadOS needs to build, test and benchmark, with apt-get.
# Idempotent: when every package is already installed it does nothing (no apt-get update either).
# Usage: scripts/install-deps.sh            # all packages
#        LEADOS_DEPS_QUIET=1 scripts/...     # no output when nothing is missing
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config lld clang-19 libclang-rt-19-dev clang-format
  # core libraries
  libboost1.81-dev libboost-url1.81-dev libboost-json1.81-dev
  libssl-dev libsodium-dev libspdlog-dev libfmt-dev libtomlplusplus-dev libcli11-dev
  # storage
  libsoci-dev libsqlite3-dev sqlite3 libpq-dev libhiredis-dev
  # outgoing HTTP, feeds, language, documents
  libcurl4-openssl-dev libbrotli-dev zlib1g-dev libpugixml-dev libgumbo-dev libcld2-dev
  # matching, scoring
  libvectorscan-dev libfasttext-dev
  # accounts, billing
  liboath-dev oathtool libqrencode-dev libhpdf-dev
  # tests and benchmarks
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  postgresql redis-server wrk nginx-light ripgrep python3-feedparser python3-aiosmtpd poppler-utils
  python3-botocore fonts-dejavu-core
  chromium
  curl procps
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  [ -n "${LEADOS_DEPS_QUIET:-}" ] || echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${#missing[@]} missing packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# nginx and postgresql must not start system services we never asked for; policy-rc.d stops that.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
  $sudo chmod +x /usr/sbin/policy-rc.d
  trap '$sudo rm -f /usr/sbin/policy-rc.d' EXIT
fi
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-deps: done"
