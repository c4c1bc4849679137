#!/usr/bin/env node
/* eslint-disable no-console */
/**
 * The Shewhart CI gate: exits 0 when an entity holds a level, 1 when it does
 * not (printing the failing checks), 2 on usage or connection errors.
 *
 *   SHEWHART_TOKEN=<external access token> npx shewhart-gate \
 *     --url https://backstage.example.com --entity component:default/payments-api --level silver
 */
'use strict';

function usage(message) {
  if (message) console.error(`shewhart-gate: ${message}`);
  console.error(
    'usage: shewhart-gate --url <backstage base url> --entity <kind:namespace/name> --level <level> [--token <token>]\n' +
      '       the token defaults to $SHEWHART_TOKEN (a Backstage external-access static token)',
  );
  process.exit(2);
}

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i];
    if (!key.startsWith('--')) usage(`unexpected argument '${key}'`);
    const [name, inline] = key.slice(2).split('=', 2);
    const value = inline ?? argv[++i];
    if (value === undefined) usage(`--${name} needs a value`);
    args[name] = value;
  }
  return args;
}

function parseRef(ref) {
  const m = /^([^:/]+):(?:([^/]+)\/)?(.+)$/.exec(ref);
  if (!m) usage(`--entity must look like component:default/name, got '${ref}'`);
  return { kind: m[1], namespace: m[2] ?? 'default', name: m[3] };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const url = args.url ?? process.env.SHEWHART_URL;
  const token = args.token ?? process.env.SHEWHART_TOKEN;
  if (!url) usage('--url is required (or $SHEWHART_URL)');
  if (!args.entity) usage('--entity is required');
  if (!args.level) usage('--level is required');
  const { kind, namespace, name } = parseRef(args.entity);
  const endpoint = `${url.replace(/\/+$/, '')}/api/quality-scorecard/gate/${encodeURIComponent(kind)}/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}?level=${encodeURIComponent(args.level)}`;
  let response;
  try {
    response = await fetch(endpoint, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  } catch (e) {
    console.error(`shewhart-gate: cannot reach ${url}: ${e.cause?.message ?? e.message}`);
    process.exit(2);
  }
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try {
      message = JSON.parse(text).error?.message ?? text;
    } catch {
      // not JSON
    }
    console.error(`shewhart-gate: ${response.status} ${message}`);
    process.exit(2);
  }
  const verdict = JSON.parse(text);
  const held = verdict.heldLevel ?? 'no level';
  if (verdict.pass) {
    console.log(`PASS ${verdict.entityRef} holds ${verdict.level} (highest level held: ${held})`);
    process.exit(0);
  }
  console.log(`FAIL ${verdict.entityRef} does not hold ${verdict.level} (highest level held: ${held})`);
  for (const r of verdict.failing) {
    console.log(`  - ${r.checkId} [${r.status}] ${r.title}: ${r.reason}`);
  }
  process.exit(1);
}

main();
