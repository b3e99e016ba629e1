#!/usr/bin/env bash
# `make bench` part for issue 7: end-to-end signals/s and publish → webhook latency (README.md).
# Runs bench/e2e on the embedded default, and on PostgreSQL + Redis: against
# LEADOS_BENCH_PG_URL / LEADOS_BENCH_REDIS_URL when set, else under scripts/test-services.sh
# (throwaway servers) when PostgreSQL and redis-server are installed, else that part is skipped
# with a note. Usage: bench/e2e/run.sh [build/release] [leados_e2e arguments...]
set -euo pipefail
cd "$(dirname "$0")/../.."
rel=${1:-build/release}
shift || true
bin=$rel/bench/e2e/leados_e2e
[ -x "$bin" ] || { echo "bench/e2e: $bin not built (cmake --build --preset release --target leados_e2e)"; exit 0; }
export LEADOS_SHARED=${LEADOS_SHARED:-$(cd .. && pwd)/shared}
export LEADOS_INTENT_MODEL=${LEADOS_INTENT_MODEL:-$rel/intent.ftz}
[ -f "$LEADOS_INTENT_MODEL" ] || cmake --build --preset release --target demo_model >/dev/null
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$bin" --backends=embedded "$@"
if [ -n "${LEADOS_BENCH_PG_URL:-}" ] && [ -n "${LEADOS_BENCH_REDIS_URL:-}" ]; then
  "$bin" --backends=pg "$@"
elif [ -n "${LEADOS_TEST_PG_URL:-}" ] && [ -n "${LEADOS_TEST_REDIS_URL:-}" ]; then
  "$bin" --backends=pg "$@"
elif ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v redis-server >/dev/null; then
  scripts/test-services.sh "$bin" --backends=pg "$@"
else
  echo "## PostgreSQL + Redis: skipped (no LEADOS_BENCH_PG_URL/LEADOS_BENCH_REDIS_URL and no local servers)"
fi
