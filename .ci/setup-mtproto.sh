#!/usr/bin/env bash
# Installs what the MTProto tests need: Node.js + npm (Debian packages, if missing) and GramJS (npm telegram
# 2.26.22, pinned by package-lock.json) in chatgeist-runtime/src/test/node. Idempotent; a fast no-op when done.
set -euo pipefail
cd "$(dirname "$0")/.."
NODE_DIR=chatgeist-runtime/src/test/node

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends nodejs npm ca-certificates >/dev/null
fi

# npm ci only when node_modules is missing or older than the lock file
stamp="$NODE_DIR/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$NODE_DIR/package-lock.json" -nt "$stamp" ] || [ ! -d "$NODE_DIR/node_modules/telegram" ]; then
    (cd "$NODE_DIR" && npm ci --no-audit --no-fund --loglevel=error)
fi
node -e 'require(process.argv[1] + "/node_modules/telegram/tl/AllTLObjects")' "$PWD/$NODE_DIR" \
    || { echo "setup-mtproto: GramJS did not install in $NODE_DIR" >&2; exit 1; }
echo "setup-mtproto: node $(node --version), GramJS $(node -p "require('$PWD/$NODE_DIR/node_modules/telegram/package.json').version") ready"
