#!/usr/bin/env bash
# Installs the workspace (lockfile as committed) and starts the portal:
# frontend on http://localhost:3000, backend on http://localhost:7007.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/yarn.sh install --immutable
exec bash scripts/yarn.sh start "$@"
