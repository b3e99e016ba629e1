#!/usr/bin/env bash
# Starts throwaway PostgreSQL and Redis servers on loopback, runs the given command with
#   LEADOS_TEST_PG_URL     e.g. "host=127.0.0.1 port=54321 dbname=leados_test user=postgres"
#   LEADOS_TEST_REDIS_URL  e.g. "redis://127.0.0.1:63791"
# in its environment, and tears both down when the command ends (also on failure or Ctrl-C).
# Data lives in a temporary folder that is deleted afterwards. Exit status: the command's.
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 COMMAND [ARGS...]" >&2; exit 2; }

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
[ -x "$pg_bin/initdb" ] || { echo "test-services: PostgreSQL server binaries not found (scripts/install-deps.sh)" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "test-services: redis-server not found (scripts/install-deps.sh)" >&2; exit 1; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

tmp=$(mktemp -d /tmp/leados-services.XXXXXX)
chmod 755 "$tmp"
pg_port=$(free_port)
redis_port=$(free_port)
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  as_pg=(runuser -u postgres --)
  mkdir -p "$tmp/pg" && chown postgres:postgres "$tmp/pg"
fi

cleanup() {
  local rc=$?
  [ -f "$tmp/redis.pid" ] && kill "$(cat "$tmp/redis.pid")" 2>/dev/null || true
  if [ -f "$tmp/pg/data/postmaster.pid" ]; then
    "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$tmp/pg/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"${as_pg[@]}" "$pg_bin/initdb" -D "$tmp/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1 \
  || { cat "$tmp/initdb.log" >&2; exit 1; }
# Settings for a throwaway server: no durability needed, many test connections.
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$tmp/pg/data" -l "$tmp/pg/server.log" -w -t 60 \
  -o "-h 127.0.0.1 -p $pg_port -k $tmp/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  start >/dev/null || { cat "$tmp/pg/server.log" >&2; exit 1; }
"$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -q -c "CREATE DATABASE leados_test" >/dev/null

redis-server --bind 127.0.0.1 --port "$redis_port" --daemonize yes --pidfile "$tmp/redis.pid" \
  --dir "$tmp" --save "" --appendonly no --logfile "$tmp/redis.log"
for _ in $(seq 1 100); do
  redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
  sleep 0.1
done

export LEADOS_TEST_PG_URL="host=127.0.0.1 port=$pg_port dbname=leados_test user=postgres"
export LEADOS_TEST_PG_ADMIN_URL="host=127.0.0.1 port=$pg_port dbname=postgres user=postgres"
export LEADOS_TEST_REDIS_URL="redis://127.0.0.1:$redis_port"
echo "test-services: PostgreSQL on 127.0.0.1:$pg_port, Redis on 127.0.0.1:$redis_port"
"$@"
