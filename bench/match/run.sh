#!/usr/bin/env bash
# Matching benchmark: LeadOS engine (full boolean evaluation) vs a bare Hyperscan literal scan of
# the same terms vs grep -F -i -w and rg -F -i -w (find terms only), on the same generated corpus.
# Usage: bench/match/run.sh [BUILD_DIR]   (default build/release; needs bench/match/match_bench)
# Env: LEADOS_BENCH_MATCH_MB (corpus size, default 100), GREP_SLICE_MB (slice for grep/rg,
#      default 4), GREP_TIMEOUT (seconds per baseline run, default 300).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build/release}
bench=$(find "$build" -type f -name match_bench | head -n 1)
[ -x "$bench" ] || { echo "match_bench not found under $build (configure with -DLEADOS_BUILD_BENCH=ON)" >&2; exit 1; }
export LEADOS_SHARED=${LEADOS_SHARED:-$(cd .. && pwd)/shared}
export LEADOS_BENCH_MATCH_MB=${LEADOS_BENCH_MATCH_MB:-100}
slice_mb=${GREP_SLICE_MB:-4}
limit=${GREP_TIMEOUT:-300}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "corpus: ${LEADOS_BENCH_MATCH_MB} MB (generated, seeded); grep/rg on a ${slice_mb} MB slice"
"$bench" --write-corpus="$work"
# Repetitions run in random interleaved order, so a burst of load on this shared machine hits
# every benchmark alike; the tables give the median of the repetitions (and the best).
"$bench" --benchmark_format=console --benchmark_out="$work/bench.json" --benchmark_out_format=json \
  --benchmark_counters_tabular=true --benchmark_repetitions="${REPS:-3}" \
  --benchmark_enable_random_interleaving=true --benchmark_report_aggregates_only=false

# Memory: RSS growth around one engine, in a run of its own (interleaved repetitions share one
# process, so the registry of earlier runs hides it); a small corpus is enough.
LEADOS_BENCH_MATCH_MB=10 "$bench" --benchmark_filter='BM_Match/' --benchmark_format=json \
  --benchmark_out="$work/memory.json" --benchmark_out_format=json > /dev/null

head -c $((slice_mb << 20)) "$work/corpus.txt" > "$work/slice.txt"
slice_bytes=$(stat -c %s "$work/slice.txt")

# Runs one baseline; prints "MB/s seconds" (or "<MB/s timeout" when it did not finish).
baseline() {
  local start end status=0
  start=$(date +%s.%N)
  timeout "$limit" "$@" > /dev/null || status=$?
  end=$(date +%s.%N)
  if [ "$status" = 124 ]; then
    awk -v b="$slice_bytes" -v t="$limit" 'BEGIN { printf "<%.3f (timeout %ds)", b / 1048576 / t, t }'
  else
    awk -v b="$slice_bytes" -v s="$start" -v e="$end" 'BEGIN { printf "%.3f (%.1f s)", b / 1048576 / (e - s), e - s }'
  fi
}

declare -A grep_rate rg_rate
for n in 1000 10000; do
  grep_rate[$n]=$(LC_ALL=C.UTF-8 baseline grep -F -i -w -c -f "$work/terms-$n.txt" "$work/slice.txt")
  rg_rate[$n]=$(baseline rg -F -i -w -c -f "$work/terms-$n.txt" "$work/slice.txt")
done

python3 - "$work/bench.json" "$work/memory.json" "${grep_rate[1000]}" "${grep_rate[10000]}" "${rg_rate[1000]}" "${rg_rate[10000]}" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
memory = {b["run_name"].split("/iterations")[0]: b.get("engine_RSS_MB")
          for b in json.load(open(sys.argv[2]))["benchmarks"]}
g1, g10, r1, r10 = sys.argv[3:7]
import statistics
runs = {}
for b in data["benchmarks"]:
    if b.get("run_type", "iteration") != "iteration":
        continue
    runs.setdefault(b["run_name"].split("/iterations")[0].split("/manual_time")[0], []).append(b)
def pick(name, key):
    vals = [b[key] for b in runs.get(name, []) if key in b]
    return (statistics.median(vals), max(vals), min(vals)) if vals else None
def mbs(name):
    v = pick(name, "bytes_per_second")
    return f'{v[0] / 1048576:.1f} (best {v[1] / 1048576:.1f})' if v else "-"
def sig(name):
    v = pick(name, "items_per_second")
    return f'{v[0]:,.0f}' if v else "-"
def ms(name):
    v = pick(name, "real_time")
    return f'{v[0]:.0f} ms' if v else "-"
def counter(name, key, fmt="{:.1f}"):
    v = pick(name, key)
    return fmt.format(v[0]) if v else "-"
def ratio(a, b):
    x, y = pick(a, "bytes_per_second"), pick(b, "bytes_per_second")
    return f'{x[0] / y[0]:.2f} (best vs best {x[1] / y[1]:.2f})' if x and y else "-"
print()
print("| what | 1,000 campaigns | 10,000 campaigns |")
print("|---|---|---|")
print(f'| LeadOS match, full boolean evaluation (MB/s, CPU time) | {mbs("BM_Match/1000")} | {mbs("BM_Match/10000")} |')
print(f'| LeadOS match (signals/s) | {sig("BM_Match/1000")} | {sig("BM_Match/10000")} |')
print(f'| LeadOS match with evidence (MB/s) | - | {mbs("BM_MatchWithEvidence/10000")} |')
print(f'| matches found | {counter("BM_Match/1000", "matches", "{:,.0f}")} | {counter("BM_Match/10000", "matches", "{:,.0f}")} |')
print(f'| candidates evaluated per signal | {counter("BM_Match/1000", "cand/signal", "{:.1f}")} | {counter("BM_Match/10000", "cand/signal", "{:.1f}")} |')
print(f'| compile time (wall) | {ms("BM_Compile/1000")} | {ms("BM_Compile/10000")} |')
print(f'| distinct terms (Hyperscan literals) | {counter("BM_Compile/1000", "literals", "{:,.0f}")} | {counter("BM_Compile/10000", "literals", "{:,.0f}")} |')
print(f'| Hyperscan database (MB) | {counter("BM_Compile/1000", "db_MB", "{:.2f}")} | {counter("BM_Compile/10000", "db_MB", "{:.2f}")} |')
def mem(name):
    v = memory.get(name)
    return f"{v:.1f}" if v is not None else "-"
print(f'| engine memory, RSS growth (MB; separate run) | {mem("BM_Match/1000")} | {mem("BM_Match/10000")} |')
print(f'| folding and word positions alone (MB/s) | - | {mbs("BM_Fold")} |')
print(f'| folding + Hyperscan scan of the folded text, no boolean work (MB/s) | - | {mbs("BM_FoldAndScan/10000")} |')
print(f'| bare Hyperscan, all matches + word boundaries (MB/s) | - | {mbs("BM_BareHyperscan/1/10000")} |')
print(f'| bare Hyperscan, any match (MB/s) | - | {mbs("BM_BareHyperscan/0/10000")} |')
print(f'| LeadOS / bare all-matches (median; target >= 0.5) | - | {ratio("BM_Match/10000", "BM_BareHyperscan/1/10000")} |')
print(f'| grep -F -i -w -f terms (MB/s, wall) | {g1} | {g10} |')
print(f'| rg -F -i -w -f terms (MB/s, wall) | {r1} | {r10} |')
print(f'| campaign change takes effect (UpdateCampaigns to first match, wall) | - | {ms("BM_CampaignChangeLatency/10000")} |')
PY
