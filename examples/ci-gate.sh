#!/usr/bin/env bash
# The CI gate story against the example portal (bash scripts/start.sh):
#   1. a pipeline step gates payments-api on silver: it fails and says why;
#   2. an owner (the guest user of the example portal, in payments-team)
#      requests an exemption for each failing check;
#   3. the owner cannot approve their own request (403), whatever the policy;
#   4. another platform-team member (Ken, the portal's approver sign-in) approves;
#   5. the same pipeline step passes.
# Usage: BACKSTAGE_URL=http://localhost:7007 SHEWHART_TOKEN=<static token> bash examples/ci-gate.sh
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
URL="${BACKSTAGE_URL:-http://localhost:7007}"
ENTITY="${ENTITY:-component:default/payments-api}"
LEVEL="${LEVEL:-silver}"
export SHEWHART_TOKEN="${SHEWHART_TOKEN:-local-development-token-change-me}"
GATE=(node "$ROOT/plugins/quality-scorecard-gate/bin/shewhart-gate.js" --url "$URL" --entity "$ENTITY" --level "$LEVEL")
json() { node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const v=JSON.parse(s);console.log($1)})"; }

echo "== CI step: gate $ENTITY on $LEVEL"
"${GATE[@]}"
status=$?
if [ "$status" -ne 1 ]; then echo "expected the gate to fail first (exit 1), got $status"; exit 1; fi

# User tokens: the guest owns payments-api (payments-team); Ken (platform-team) approves.
GUEST=$(curl -sf "$URL/api/auth/guest/refresh" -H 'X-Requested-With: XMLHttpRequest' | json 'v.backstageIdentity.token') || {
  echo "cannot sign in as guest"; exit 1; }
APPROVER=$(curl -sf "$URL/api/auth/approver/refresh" -H 'X-Requested-With: XMLHttpRequest' | json 'v.backstageIdentity.token') || {
  echo "cannot sign in as the approver (auth.providers.approver)"; exit 1; }
KIND="${ENTITY%%:*}"; REST="${ENTITY#*:}"; NS="${REST%%/*}"; NAME="${REST#*/}"
FAILING=$(curl -sf "$URL/api/quality-scorecard/gate/$KIND/$NS/$NAME?level=$LEVEL" -H "Authorization: Bearer $SHEWHART_TOKEN" | json "v.failing.map(f=>f.checkId).join(' ')")
EXPIRES=$(node -e 'console.log(new Date(Date.now() + 14 * 864e5).toISOString())')
for CHECK in $FAILING; do
  ID=$(curl -sf -X POST "$URL/api/quality-scorecard/exemptions" -H "Authorization: Bearer $GUEST" -H 'Content-Type: application/json' \
    -d "{\"entityRef\":\"$ENTITY\",\"checkId\":\"$CHECK\",\"reason\":\"Review rota rebuilt after the AI pilot; back on track in two weeks\",\"expiresAt\":\"$EXPIRES\"}" | json 'v.id') || {
    echo "exemption request for $CHECK failed"; exit 1; }
  echo "== owner requested exemption $ID for $CHECK (until $EXPIRES)"
  SELF=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$URL/api/quality-scorecard/exemptions/$ID/approve" -H "Authorization: Bearer $GUEST" -H 'Content-Type: application/json' -d '{}')
  if [ "$SELF" != "403" ]; then echo "the requester approving their own exemption got $SELF, not 403"; exit 1; fi
  echo "== the requester cannot approve it: 403"
  curl -sf -X POST "$URL/api/quality-scorecard/exemptions/$ID/approve" -H "Authorization: Bearer $APPROVER" -H 'Content-Type: application/json' \
    -d '{"note":"approved for the migration window"}' | json '`== ${v.decidedBy} ${v.status} exemption ${v.id} requested by ${v.requestedBy}`' || { echo "approval failed"; exit 1; }
done

echo "== CI step again"
"${GATE[@]}"
