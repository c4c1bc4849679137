#!/usr/bin/env node
/* eslint-disable no-console */
/**
 * The Shewhart CI gate: exits 0 when an entity holds a level, 1 when it does
 * not (printing the failing checks), 2 on usage, connection or HTTP errors.
 *
 *   SHEWHART_TOKEN=<external access token> npx -y @shewhart/shewhart-gate \
 *     --url https://backstage.example.com --entity component:default/payments-api --level silver
 *
 * No dependencies on purpose (Node's fetch and util.parseArgs), so that a
 * pipeline's npx fetches this one small package.
 */
'use strict';

const { parseArgs } = require('node:util');

const USAGE =
  'usage: shewhart-gate --url <backstage base url> --entity <kind:namespace/name> --level <level> [--token <token>]\n' +
  '       the token defaults to $SHEWHART_TOKEN (a Backstage external-access static token)';

/** Ends the run with exit code 2; `main` reports it. */
class GateError extends Error {
  constructor(message, showUsage) {
    super(message);
    this.showUsage = showUsage;
  }
}

const usageError = message => new GateError(message, true);

// util.parseArgs words its errors for programmers; these read like the rest of the command.
function argumentError(e) {
  const quoted = /'([^']+)'/.exec(e.message)?.[1] ?? '';
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return usageError(`unknown option '${quoted}'`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      // quoted is '--url <value>' or '-h, --help'
      const option = quoted.split(/[ ,]+/).find(w => w.startsWith('--'));
      return usageError(
        /does not take an argument/.test(e.message)
          ? `${option} takes no value`
          : `${option} needs a value`,
      );
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return usageError(`unexpected argument '${quoted}'`);
    default:
      return usageError(e.message);
  }
}

function readArgs(argv) {
  try {
    return parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: 'string' },
        entity: { type: 'string' },
        level: { type: 'string' },
        token: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (e) {
    throw e.code?.startsWith('ERR_PARSE_ARGS_') ? argumentError(e) : e;
  }
}

function parseRef(ref) {
  const m = /^([^:/]+):(?:([^/]+)\/)?(.+)$/.exec(ref);
  if (!m) {
    throw usageError(
      `--entity must look like component:default/name, got '${ref}'`,
    );
  }
  return { kind: m[1], namespace: m[2] ?? 'default', name: m[3] };
}

function baseUrl(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed?.protocol !== 'http:' && parsed?.protocol !== 'https:') {
    throw usageError(`--url must be an http(s) URL, got '${url}'`);
  }
  return url.replace(/\/+$/, '');
}

/** The verdict, or a GateError saying why the answer is not one. */
function parseVerdict(text, url) {
  let verdict;
  try {
    verdict = JSON.parse(text);
  } catch (e) {
    throw new GateError(`invalid JSON from ${url}: ${e.message}`);
  }
  if (
    typeof verdict?.pass !== 'boolean' ||
    (!verdict.pass && !Array.isArray(verdict.failing))
  ) {
    throw new GateError(
      `unexpected answer from ${url}: not a gate verdict (no 'pass', or no 'failing' list)`,
    );
  }
  return verdict;
}

async function gate(argv, env) {
  const args = readArgs(argv);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const url = args.url ?? env.SHEWHART_URL;
  const token = args.token ?? env.SHEWHART_TOKEN;
  if (!url) throw usageError('--url is required (or $SHEWHART_URL)');
  if (!args.entity) throw usageError('--entity is required');
  if (!args.level) throw usageError('--level is required');
  const base = baseUrl(url);
  const { kind, namespace, name } = parseRef(args.entity);
  const endpoint = `${base}/api/quality-scorecard/gate/${encodeURIComponent(
    kind,
  )}/${encodeURIComponent(namespace)}/${encodeURIComponent(
    name,
  )}?level=${encodeURIComponent(args.level)}`;

  let response;
  let text;
  try {
    response = await fetch(endpoint, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    });
    text = await response.text();
  } catch (e) {
    throw new GateError(
      `cannot reach ${url}: ${e.cause?.message ?? e.message}`,
    );
  }
  if (!response.ok) {
    let message = text;
    try {
      message = JSON.parse(text).error?.message ?? text;
    } catch {
      // not JSON: the body as it came
    }
    throw new GateError(`${response.status} ${message}`);
  }

  const verdict = parseVerdict(text, url);
  const held = verdict.heldLevel ?? 'no level';
  if (verdict.pass) {
    console.log(
      `PASS ${verdict.entityRef} holds ${verdict.level} (highest level held: ${held})`,
    );
    return 0;
  }
  console.log(
    `FAIL ${verdict.entityRef} does not hold ${verdict.level} (highest level held: ${held})`,
  );
  for (const r of verdict.failing) {
    console.log(`  - ${r.checkId} [${r.status}] ${r.title}: ${r.reason}`);
  }
  return 1;
}

gate(process.argv.slice(2), process.env).then(
  code => {
    process.exitCode = code;
  },
  e => {
    // Anything unforeseen is still exit 2: exit 1 must only ever mean "does not hold the level".
    console.error(
      `shewhart-gate: ${e instanceof GateError ? e.message : e.stack}`,
    );
    if (e.showUsage) console.error(USAGE);
    process.exitCode = 2;
  },
);
