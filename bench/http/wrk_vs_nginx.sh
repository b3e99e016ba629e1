#!/usr/bin/env bash
# HTTP load benchmark: wrk against LeadOS's /healthz and against nginx serving a static file of the
# same size, on this machine, with the same wrk settings. Prints a markdown table.
#   bench/http/wrk_vs_nginx.sh [BINARY] [DURATION_SECONDS] [CONNECTIONS]
# Only loopback addresses are used. Both servers are stopped when the script exits.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-build/release/leados}
duration=${2:-10}
conns=${3:-64}
threads=2

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
tmp=$(mktemp -d /tmp/leados-wrk.XXXXXX)
chmod 755 "$tmp"  # nginx workers run as an unprivileged user and must read the static file
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT

wait_http() {
  for _ in $(seq 1 200); do curl -fsS "$1" >/dev/null 2>&1 && return 0; sleep 0.05; done
  echo "server at $1 did not come up" >&2; return 1
}

# wrk prints "Requests/sec: N" and, with --latency, a "99%" line.
run_wrk() {
  local url=$1 out
  out=$(wrk -t"$threads" -c"$conns" -d"${duration}s" --latency "$url")
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  echo "$rps $p99"
}

lport=$(free_port)
LEADOS_SERVER_ACCESS_LOG=false LEADOS_LOG_LEVEL=warn "$bin" serve --data "$tmp/data" --listen "127.0.0.1:$lport" \
  >"$tmp/leados.out" 2>"$tmp/leados.log" &
pids+=($!)
wait_http "http://127.0.0.1:$lport/healthz"
body=$(curl -fsS "http://127.0.0.1:$lport/healthz")

nport=$(free_port)
mkdir -p "$tmp/www" "$tmp/nginx"
printf '%s' "$body" >"$tmp/www/healthz"
chmod -R a+rX "$tmp/www"
cat >"$tmp/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx/body; proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fastcgi; uwsgi_temp_path $tmp/nginx/uwsgi; scgi_temp_path $tmp/nginx/scgi;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$nport;
    location = /healthz { root $tmp/www; default_type application/json; }
  }
}
CONF
nginx -c "$tmp/nginx/nginx.conf" -p "$tmp/nginx" &
pids+=($!)
wait_http "http://127.0.0.1:$nport/healthz"

read -r l_rps l_p99 < <(run_wrk "http://127.0.0.1:$lport/healthz")
read -r n_rps n_p99 < <(run_wrk "http://127.0.0.1:$nport/healthz")
ratio=$(python3 -c "print(f'{float($l_rps)/float($n_rps):.2f}')")

echo "| server | requests/s | p99 latency |"
echo "|---|---|---|"
echo "| LeadOS \`/healthz\` | $l_rps | $l_p99 |"
echo "| nginx static file (same body) | $n_rps | $n_p99 |"
echo
echo "LeadOS / nginx = $ratio  (wrk -t$threads -c$conns -d${duration}s --latency, keep-alive, $(nproc) cores)"
