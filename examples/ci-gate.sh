#!/usr/bin/env bash
# The CI gate story against the example portal (bash scripts/start.sh):
#   1. a pipeline step gates payments-api on silver: it fails and says why;
#   2. the owner requests an exemption for each failing check;
#   3. a platform-team member (the guest user of the example portal) approves;
#   4. the same pipeline step passes.
# Usage: BACKSTAGE_URL=http://localhost:7007 SHEWHART_TOKEN=<static token> bash examples/ci-gate.sh
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
URL="${BACKSTAGE_URL:-http://localhost:7007}"
ENTITY="${ENTITY:-component:default/payments-api}"
LEVEL="${LEVEL:-silver}"
export SHEWHART_TOKEN="${SHEWHART_TOKEN:-local-development-token-change-me}"
GATE=(node "$ROOT/plugins/quality-scorecard-node/bin/shewhart-gate.js" --url "$URL" --entity "$ENTITY" --level "$LEVEL")
json() { node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const v=JSON.parse(s);console.log($1)})"; }

echo "== CI step: gate $ENTITY on $LEVEL"
"${GATE[@]}"
status=$?
if [ "$status" -ne 1 ]; then echo "expected the gate to fail first (exit 1), got $status"; exit 1; fi

# A user token for the example portal's guest, a member of platform-team.
GUEST=$(curl -sf "$URL/api/auth/guest/refresh" -H 'X-Requested-With: XMLHttpRequest' | json 'v.backstageIdentity.token') || {
  echo "cannot sign in as guest"; exit 1; }
KIND="${ENTITY%%:*}"; REST="${ENTITY#*:}"; NS="${REST%%/*}"; NAME="${REST#*/}"
FAILING=$(curl -sf "$URL/api/quality-scorecard/gate/$KIND/$NS/$NAME?level=$LEVEL" -H "Authorization: Bearer $SHEWHART_TOKEN" | json "v.failing.map(f=>f.checkId).join(' ')")
EXPIRES=$(node -e 'console.log(new Date(Date.now() + 14 * 864e5).toISOString())')
for CHECK in $FAILING; do
  ID=$(curl -sf -X POST "$URL/api/quality-scorecard/exemptions" -H "Authorization: Bearer $GUEST" -H 'Content-Type: application/json' \
    -d "{\"entityRef\":\"$ENTITY\",\"checkId\":\"$CHECK\",\"reason\":\"Review rota rebuilt after the AI pilot; back on track in two weeks\",\"expiresAt\":\"$EXPIRES\"}" | json 'v.id') || {
    echo "exemption request for $CHECK failed"; exit 1; }
  echo "== owner requested exemption $ID for $CHECK (until $EXPIRES)"
  curl -sf -X POST "$URL/api/quality-scorecard/exemptions/$ID/approve" -H "Authorization: Bearer $GUEST" -H 'Content-Type: application/json' \
    -d '{"note":"approved for the migration window"}' | json '`== ${v.decidedBy} ${v.status} exemption ${v.id}`' || { echo "approval failed"; exit 1; }
done

echo "== CI step again"
"${GATE[@]}"
