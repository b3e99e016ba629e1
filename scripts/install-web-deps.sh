#!/usr/bin/env bash
# Installs the npm packages the web portal and the end-to-end tests need (package-lock.json),
# only when node_modules is missing or older than the lock file. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
for dir in tests/e2e web; do
  [ -f "$dir/package.json" ] || continue
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "install-web-deps: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done
