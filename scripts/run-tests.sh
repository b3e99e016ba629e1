#!/usr/bin/env bash
# Runs every test of the Debug build through CTest (unit, both storage backends, e2e, fuzz smoke).
# Expects the environment of scripts/test-services.sh. Exit status non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export LEADOS_SHARED=${LEADOS_SHARED:-$(cd .. && pwd)/shared}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir build/debug --output-on-failure -j "$(nproc)" "$@"
# Fuzz smoke runs (libFuzzer, fixed seed and run count: deterministic) when the fuzz build exists.
if [ -d build/fuzz ] && [ $# -eq 0 ]; then
  ctest --test-dir build/fuzz -L '^fuzz$' --output-on-failure -j "$(nproc)"
fi
