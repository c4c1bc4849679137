#!/usr/bin/env bash
# Runs the Yarn release committed in .yarn/releases, so no global yarn is needed.
# Where Node's headers are installed locally (Debian's nodejs packages), native
# addons such as better-sqlite3 build against them instead of downloading them.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then
  NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
  HEADER_MAJOR="$(sed -n 's/^#define NODE_MAJOR_VERSION \([0-9]*\)/\1/p' /usr/include/node/node_version.h 2>/dev/null || true)"
  if [ "$NODE_MAJOR" = "$HEADER_MAJOR" ]; then
    export npm_config_nodedir=/usr
  fi
fi
exec node "$ROOT/.yarn/releases/yarn-4.13.0.cjs" "$@"
