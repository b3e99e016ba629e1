#!/usr/bin/env bash
# `make run`: starts `leados serve` on the embedded default (SQLite + embedded KV/queue in ./var)
# and prints the URL. Ctrl-C (SIGINT) or SIGTERM stops it gracefully.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/release/leados
data=${LEADOS_DATA_DIR:-./var}
listen=${LEADOS_SERVER_LISTEN:-127.0.0.1:8080}
# The intent model `make build` trained from data/intent/train.jsonl (supply-scan scores).
export LEADOS_SCORE_MODEL_PATH=${LEADOS_SCORE_MODEL_PATH:-$PWD/build/release/intent.ftz}
mkdir -p "$data"
"$bin" migrate --data "$data" >/dev/null
echo "LeadOS is starting on http://$listen  (data folder: $data; Ctrl-C stops it)"
echo "  health:  curl http://$listen/healthz"
echo "  API:     http://$listen/openapi.json"
exec "$bin" serve --data "$data" --listen "$listen"
