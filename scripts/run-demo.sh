#!/usr/bin/env bash
# `make run`: the whole product on the embedded default (SQLite + embedded KV/queue in ./var).
#  1. `leados demo setup` makes (or finds) the demo account, its campaign "CRM buyers (demo)" and a
#     webhook endpoint for the demo receiver, and prints fresh credentials (API key, webhook
#     secret; the password only when the account is new);
#  2. `leados demo receiver` listens on LEADOS_DEMO_RECEIVER (127.0.0.1:8091) and prints every
#     webhook it receives, after verifying its Standard Webhooks signature;
#  3. `leados serve` reads the bundled demo signals (data/demo/signals.jsonl) as a jsonl source;
#     they go through the pipeline (match, score, enrich, fingerprint) and come out as leads in the
#     API and as webhooks at the receiver.
# Ctrl-C (SIGINT) or SIGTERM stops both gracefully.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/release/leados
data=${LEADOS_DATA_DIR:-./var}
listen=${LEADOS_SERVER_LISTEN:-127.0.0.1:8080}
receiver=${LEADOS_DEMO_RECEIVER:-127.0.0.1:8091}
# The intent model `make build` trained from data/intent (scores of leads and supply scans).
export LEADOS_SCORE_MODEL_PATH=${LEADOS_SCORE_MODEL_PATH:-$PWD/build/release/intent.ftz}
# The demo receiver is on loopback over http: allowed for this demo only (see docs/configuration.md).
export LEADOS_DELIVER_ALLOW_HTTP_LOOPBACK=true
mkdir -p "$data"
"$bin" migrate --data "$data" >/dev/null

# Credentials stay in this shell's memory: nothing secret is written to disk.
setup=$("$bin" demo setup --data "$data" --receiver-url "http://$receiver/webhook")
declare -A demo=()
while IFS='=' read -r key value; do demo[$key]=$value; done <<<"$setup"

LEADOS_DEMO_WEBHOOK_SECRET=${demo[DEMO_WEBHOOK_SECRET]} \
  "$bin" demo receiver --listen "$receiver" | sed -u 's/^/[demo receiver] /' &
receiver_pid=$!
stop_receiver() { pkill -TERM -P "$receiver_pid" 2>/dev/null || true; wait "$receiver_pid" 2>/dev/null || true; }
trap stop_receiver EXIT

cat <<MSG
LeadOS is starting on http://$listen  (data folder: $data; Ctrl-C stops it)
  portal:    http://$listen/  (sign in with the demo account below; docs/portal.md)
  health:    curl http://$listen/healthz
  API:       http://$listen/openapi.json
  demo account: ${demo[DEMO_EMAIL]}  ${demo[DEMO_PASSWORD]:+password ${demo[DEMO_PASSWORD]} (shown once)}
  API key (new each run): ${demo[DEMO_API_KEY]}
  leads:     curl -H 'Authorization: Bearer ${demo[DEMO_API_KEY]}' http://$listen/v1/leads
  webhooks:  the demo signals become leads within a minute; the receiver on $receiver prints them
MSG
LEADOS_INGEST_SOURCES_FILE=${demo[DEMO_SOURCES_FILE]} "$bin" serve --data "$data" --listen "$listen" &
serve_pid=$!
trap 'kill -TERM $serve_pid 2>/dev/null || true' INT TERM
wait "$serve_pid" || true
wait "$serve_pid" 2>/dev/null || true
