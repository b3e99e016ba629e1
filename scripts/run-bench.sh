#!/usr/bin/env bash
# `make bench`: runs every Google Benchmark binary of the release build, then the scripted
# benchmarks (HTTP load with wrk vs nginx, and each module's bench/*/run.sh when present).
# Figures are printed; record them with this command in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export LEADOS_SHARED=${LEADOS_SHARED:-$(cd .. && pwd)/shared}
rel=build/release
echo "## Google Benchmark suites"
while IFS= read -r b; do
  [ -x "$b" ] || continue
  echo "### $(basename "$b")"
  "$b" --benchmark_counters_tabular=true
done < <(find "$rel/bench" -type f -name '*_bench' 2>/dev/null | sort)

echo "## HTTP: LeadOS vs nginx (wrk)"
bench/http/wrk_vs_nginx.sh "$rel/leados" 10 64

for script in bench/*/run.sh; do
  [ -x "$script" ] || continue
  echo "## $script"
  "$script" "$rel"
done
