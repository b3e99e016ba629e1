#!/usr/bin/env bash
# Feed parsing: LeadOS (ingest_feed_bench, Release) vs python3-feedparser on the same fixture
# feeds, as a markdown table. Usage: bench/ingest/run.sh [release build dir, default build/release]
set -euo pipefail
cd "$(dirname "$0")/../.."
export LEADOS_SHARED=${LEADOS_SHARED:-$(cd .. && pwd)/shared}
build=${1:-build/release}
bench=$(find "$build" -type f -name ingest_feed_bench | head -1)
[ -x "$bench" ] || { echo "ingest_feed_bench not found under $build (configure with LEADOS_BUILD_BENCH=ON)"; exit 1; }
ours=$(mktemp)
trap 'rm -f "$ours"' EXIT
"$bench" --benchmark_format=json >"$ours" 2>/dev/null
theirs=$(/usr/bin/python3 bench/ingest/feedparser_baseline.py 8)
/usr/bin/python3 - "$ours" "$theirs" <<'PY'
import json, sys
ours = json.load(open(sys.argv[1]))["benchmarks"]
fp = json.loads(sys.argv[2])
rows = {b["name"].split("/min_time")[0]: b for b in ours}
def mb(b): return b["bytes_per_second"] / 1e6
print("| parser | MB/s | items/s | vs feedparser (MB/s) |")
print("|---|---:|---:|---:|")
print(f"| python3-feedparser {fp['feedparser']} | {fp['mb_per_s']:.2f} | {fp['entries_per_s']:.0f} entries | 1.0x |")
for name, label, counter in [("BM_ParseFeed", "LeadOS ParseFeed", "entries_per_s"),
                             ("BM_FeedToSignals/language:0", "LeadOS feed -> Signals", "signals_per_s"),
                             ("BM_FeedToSignals/language:1", "LeadOS feed -> Signals + CLD2", "signals_per_s")]:
    b = rows.get(name)
    if not b: continue
    kind = "entries" if counter == "entries_per_s" else "signals"
    print(f"| {label} | {mb(b):.2f} | {b[counter]:.0f} {kind} | {mb(b)/fp['mb_per_s']:.1f}x |")
PY
