#!/usr/bin/env bash
# `make fuzz`: random-seeded, time-bounded libFuzzer runs of every target (FUZZ_SECONDS each,
# default 120), the exploration `make test`'s deterministic smoke runs do not do. Each target keeps
# its grown corpus in build/fuzz/long-corpus/<target>/ between runs. A crash stops the script and
# leaves the input in build/fuzz/long-corpus/; fix it, then copy the input into the target's seed
# corpus (src/<module>/fuzz/corpus...) so every `make test` replays it.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-120}
seed_dir() {
  case "$1" in
    match_query_fuzz) echo src/match/fuzz/corpus ;;
    ingest_fuzz_*) echo "src/ingest/fuzz/corpus/${1#ingest_fuzz_}" ;;
    *) echo "no seed corpus known for $1" >&2; exit 2 ;;
  esac
}
for bin in build/fuzz/src/match/match_query_fuzz build/fuzz/src/ingest/fuzz/ingest_fuzz_*; do
  [ -f "$bin" ] && [ -x "$bin" ] || continue
  name=$(basename "$bin")
  work=build/fuzz/long-corpus/$name
  mkdir -p "$work"
  echo "== $name: ${seconds}s"
  "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="build/fuzz/long-corpus/" -print_final_stats=1 "$work" "$(seed_dir "$name")" \
    2>&1 | grep -E "^(stat::number_of_executed_units|==.*ERROR|SUMMARY)" || true
  [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "$name found a crash (input in build/fuzz/long-corpus/)"; exit 1; }
done
