/*
 * Hostile input: property-based fuzzing (fast-check) of POST /events and both
 * webhook endpoints with generated and mutated real payloads, against the
 * plugin in-process (startTestBackend: the real HTTP stack, auth barrier and
 * error handler of a backend) on SQLite and PostgreSQL.
 *
 * For every request: no 5xx; a rejection is a 4xx with a JSON error message
 * that names the field, header or limit at fault (for POST /events
 * `events[<i>].<field>` of an event the body has) and changes nothing stored
 * (a digest of every row of every table it may write); a wrong or missing
 * signature is a 401; a replayed delivery is a 200 that stores nothing; the
 * process's memory stays bounded.
 *
 * SHEWHART_FUZZ_RUNS sets the number of requests per database (default 2,000;
 * `node test/reliability/run.js` sets 10,000 in full mode). With
 * SHEWHART_RELIABILITY_OUT the figures are appended to that file as JSON.
 */
import fs from 'fs';
import v8 from 'v8';
import vm from 'vm';
import zlib from 'zlib';
import request from 'supertest';
import { Knex } from 'knex';
// fast-check is a devDependency of the workspace root.
// eslint-disable-next-line @backstage/no-undeclared-imports
import fc from 'fast-check';
import {
  TestDatabases,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createHash, createHmac } from 'crypto';
import { qualityScorecardPlugin } from '../plugin';
import { deployment, incident, pullRequest } from '../__fixtures__/events';
import {
  OPENED_PR,
  deploymentStatusDelivery,
  pullRequestDelivery,
  pushDelivery,
  reviewDelivery,
} from '../__fixtures__/github';
import { incidentWebhook, pagerDutySignature } from '../__fixtures__/pagerduty';

const RUNS = Number(process.env.SHEWHART_FUZZ_RUNS || 2000);

// A full garbage collection before each memory reading, so that the bound is
// on what the plugin keeps, not on garbage not yet collected.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

/** Payloads kept for replays: the latest of them, so the test's own memory stays small. */
const REPLAY_KEPT = 100;
const keep = <T>(list: T[], item: T) => {
  list.push(item);
  if (list.length > REPLAY_KEPT) list.shift();
};
jest.setTimeout(Math.max(300_000, RUNS * 150));

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const GH_SECRET = 'fuzz-github-secret';
const PD_SECRET = 'fuzz-pagerduty-secret';
const LIMIT_KB = 64;
const LIMIT = LIMIT_KB * 1024;
const BASE = '/api/quality-scorecard';
const auth = { Authorization: mockCredentials.user.header() };

/** Sends the bytes as they are (superagent would serialize a Buffer as JSON). */
const asIs = (body: unknown) => body as string;

/** X-Hub-Signature-256 of raw bytes, as GitHub computes it. */
const sign = (secret: string, body: Buffer | string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

type Json = any;

// ---------------------------------------------------------------- payloads

/** Real GitHub example deliveries (octokit) and our fixtures, by event name. */
function githubSeeds(): Array<{ event: string; payload: Json }> {
  const seeds: Array<{ event: string; payload: Json }> = [];
  // The examples package is JSON; required lazily so a missing copy fails here.
  const examples: Array<{
    name: string;
    examples: Json[];
  }> = require('@octokit/webhooks-examples');
  for (const { name, examples: list } of examples) {
    if (
      [
        'pull_request',
        'pull_request_review',
        'push',
        'deployment_status',
        'ping',
      ].includes(name)
    ) {
      for (const payload of list.slice(0, 6))
        seeds.push({ event: name, payload });
    }
  }
  seeds.push(
    {
      event: 'pull_request',
      payload: pullRequestDelivery('opened', OPENED_PR),
    },
    {
      event: 'pull_request_review',
      payload: reviewDelivery(
        'submitted',
        {
          id: 1,
          reviewer: 'grace',
          state: 'approved',
          submittedAt: '2026-03-03T10:00:00Z',
        },
        OPENED_PR,
      ),
    },
    {
      event: 'deployment_status',
      payload: deploymentStatusDelivery({
        deploymentId: 9,
        statusId: 10,
        state: 'success',
        environment: 'production',
        sha: 'abcdef0123',
        deploymentCreatedAt: '2026-03-03T10:00:00Z',
        statusAt: '2026-03-03T10:05:00Z',
      }),
    },
    {
      event: 'push',
      payload: pushDelivery('refs/heads/feature', [
        {
          id: 'c0ffee0001',
          message: 'Fix',
          timestamp: '2026-03-02T10:00:00+02:00',
          author: 'ada',
        },
      ]),
    },
  );
  return seeds;
}

const EVENT_SEEDS: Json[] = [
  pullRequest(),
  pullRequest({ repository: 'Codertocat/Hello-World', id: 'gh#2' }),
  deployment(),
  deployment({
    entityRef: 'payments',
    id: 'd2',
    startedAt: '2026-03-04T09:00:00+01:00',
    commitSha: 'abcd1234',
  }),
  incident(),
  incident({
    causedBy: { deploymentId: 'deploy-1', pullRequest: 17 },
    severity: 'P1',
    url: 'https://x.invalid/1',
  }),
  {
    type: 'bug',
    id: 'BUG-1',
    source: 'jira',
    entityRef: 'component:default/payments',
    title: 'Rounding',
    createdAt: '2026-03-05T10:00:00Z',
    introducedBy: { pullRequest: 17 },
  },
];

const PD_SEEDS: Json[] = [
  'incident.triggered',
  'incident.acknowledged',
  'incident.resolved',
  'incident.reopened',
  'incident.priority_updated',
].map((eventType, i) =>
  incidentWebhook({
    eventId: `seed-${i}`,
    eventType,
    occurredAt: `2026-03-04T1${i}:00:00Z`,
    incidentId: 'PFUZZ1',
    serviceId: 'PAYAPI1',
    priority: 'P2',
  }),
);

// ---------------------------------------------------------------- mutations

/** A deep nesting marker, replaced in the serialized body (JSON.stringify recurses). */
const DEEP = '\u0001deep\u0001';

const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc
      .integer({ min: 0xd800, max: 0xdfff })
      .map(c => String.fromCharCode(c)),
    maxLength: 4,
  }),
  fc.constantFrom(
    '',
    '\u0000',
    'a\u0000b',
    '\u202e\u0645\u0631\u062d\u0628\u0627 🚀👩🏽‍💻',
    "'; DROP TABLE qs_pull_requests; --",
    '../../etc/passwd',
    'component:default/payments',
    'not-a-date',
    '2026-13-45T99:99:99Z',
    '9999-12-31T23:59:59Z',
    '0000-01-01T00:00:00Z',
    'x'.repeat(256),
    'y'.repeat(129),
    'c'.repeat(65),
    `component:${'n'.repeat(250)}`,
    '__proto__',
    'constructor',
  ),
  fc.constantFrom(
    -1,
    0.5,
    2 ** 31,
    2 ** 31 - 1,
    2 ** 53 + 2,
    1e308,
    -1e308,
    1_000_000_001,
    10_000_001,
    true,
    null,
    [],
    {},
  ),
  fc.integer({ min: 1, max: 200_000 }).map(n => 'z'.repeat(n)),
  fc.constant(DEEP),
);

/** Paths to every node of a JSON value. */
function paths(
  value: Json,
  prefix: Array<string | number> = [],
  out: Array<Array<string | number>> = [],
) {
  out.push(prefix);
  if (value && typeof value === 'object' && out.length < 2000) {
    for (const key of Object.keys(value))
      paths(
        value[key],
        [...prefix, Array.isArray(value) ? Number(key) : key],
        out,
      );
  }
  return out;
}

type Mutation = {
  at: number;
  kind: 'set' | 'delete' | 'extra';
  value: Json;
  key: string;
};
const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom<'set' | 'delete' | 'extra'>(
    'set',
    'set',
    'delete',
    'extra',
  ),
  value: hostileValue,
  key: fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom('__proto__', 'type', 'id', 'events', 'toString'),
  ),
});

function mutate(seed: Json, mutations: Mutation[]): Json {
  const root = { v: structuredClone(seed) };
  for (const m of mutations) {
    const all = paths(root.v);
    const path = all[m.at % all.length];
    let parent: Json = root;
    let key: string | number = 'v';
    for (const p of path) {
      parent = parent[key];
      key = p;
    }
    if (m.kind === 'set' || path.length === 0) {
      parent[key] = structuredClone(m.value);
    } else if (m.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    } else if (
      parent[key] &&
      typeof parent[key] === 'object' &&
      !Array.isArray(parent[key])
    ) {
      Object.defineProperty(parent[key], m.key, {
        value: structuredClone(m.value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return root.v;
}

function serialize(value: Json, depth: number): string {
  return JSON.stringify(value)
    .split(JSON.stringify(DEEP))
    .join(`${'['.repeat(depth)}${']'.repeat(depth)}`);
}

/** Body-level shapes: not JSON, not an object, truncated, oversize, many events. */
type BodyShape =
  | 'mutated'
  | 'truncated'
  | 'scalar'
  | 'oversize'
  | 'gzip-bomb'
  | 'many';
const bodyShape = fc.constantFrom<BodyShape>(
  ...(Array(14).fill('mutated') as BodyShape[]),
  'truncated',
  'scalar',
  'oversize',
  'gzip-bomb',
  'many',
);

let gzipBomb: Buffer | undefined;

function shapeBody(
  shape: BodyShape,
  text: string,
  cut: number,
): { body: Buffer; gzip?: boolean } {
  switch (shape) {
    case 'truncated':
      return {
        body: Buffer.from(text.slice(0, cut % Math.max(1, text.length))),
      };
    case 'scalar':
      return {
        body: Buffer.from(
          ['[]', '"events"', '42', 'null', 'true', '{"events":null}', ''][
            cut % 7
          ],
        ),
      };
    case 'oversize':
      return {
        body: Buffer.from(
          `{"events":[],"pad":"${'p'.repeat(
            LIMIT_KB * 1024 + 1 + (cut % 5000),
          )}"}`,
        ),
      };
    case 'gzip-bomb':
      // 16 MB of zeros in a few kB: the limit applies to what is inflated.
      gzipBomb ??= zlib.gzipSync(
        Buffer.from(`{"events":[],"pad":"${'0'.repeat(16 * 1024 * 1024)}"}`),
      );
      return { body: gzipBomb, gzip: true };
    default:
      return { body: Buffer.from(text) };
  }
}

// ---------------------------------------------------------------- checks

type Endpoint =
  | 'POST /events'
  | 'POST /webhooks/github'
  | 'POST /webhooks/pagerduty';

const TOO_LARGE = new RegExp(
  `^Request body is larger than the limit of ${LIMIT_KB}kb \\(qualityScorecard\\.ingestion\\.maxBodySize\\)$`,
);
/** A header's value that does not fit its column. */
const headerValue = (header: string) =>
  new RegExp(
    `^${header} must (be at most \\d+ characters|not contain control characters)$`,
  );
/** A field of one event: `events[3].createdAt`, `events[0].commits.1.sha`, `events[0].reviews[1]`. */
const EVENT_FIELD = /^events\[(\d+)\]((\.[A-Za-z_]\w*|\.\d+|\[\d+\])*): \S/;
/** U+0000 at a named place of the request: refused before validation. */
const NUL_AT = /^(.+): must not contain the character U\+0000$/;

/**
 * What a rejection's message must name: the field, header or limit at fault,
 * by status. For POST /events a field is `events[<i>].<field>` of an event
 * that the body has (or `events`, or the body that is not a JSON object).
 */
const REJECTIONS: Record<Endpoint, Array<[number, RegExp]>> = {
  'POST /events': [
    [413, TOO_LARGE],
    [400, /^Request body is not valid JSON: \S/],
    [400, /^Request body must be a JSON object with an "events" array$/],
    // The OpenAPI validator's own words, before the handler.
    [400, /^request\/body must (be object|have required property 'events')$/],
    [400, /^request\/body\/events must be array$/],
    [
      400,
      /^events: (must be an array of events|at most \d+ events per request, got \d+)$/,
    ],
    // Before EVENT_FIELD: a place named for U+0000 must hold it.
    [400, NUL_AT],
    [400, EVENT_FIELD],
  ],
  'POST /webhooks/github': [
    [413, TOO_LARGE],
    [
      401,
      /^(Missing X-Hub-Signature-256 header|Invalid X-Hub-Signature-256 signature)$/,
    ],
    [400, /^Missing X-GitHub-(Event|Delivery) header$/],
    [400, headerValue('X-GitHub-(Event|Delivery)')],
    [400, /^Request body must be a JSON object: \S/],
  ],
  'POST /webhooks/pagerduty': [
    [413, TOO_LARGE],
    [
      401,
      /^(Missing X-PagerDuty-Signature header|Invalid X-PagerDuty-Signature signature)$/,
    ],
    [400, /^event\.id and event\.event_type are required$/],
    [400, headerValue('event\\.(id|event_type)')],
    [400, /^Request body must be a JSON object: \S/],
  ],
};

function parsed(body: Buffer | undefined): Json {
  try {
    return body ? JSON.parse(body.toString('utf8')) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a rejection's message names what is at fault in the request sent:
 * a pattern of its endpoint and status, and for POST /events a field of an
 * event the body has, or a place of the body that holds U+0000.
 */
function namesTheProblem(
  endpoint: Endpoint,
  status: number,
  message: unknown,
  body?: Buffer,
): boolean {
  if (typeof message !== 'string') return false;
  const pattern = REJECTIONS[endpoint].find(
    ([s, regex]) => s === status && regex.test(message),
  )?.[1];
  if (!pattern) return false;
  if (pattern === EVENT_FIELD) {
    const events = parsed(body)?.events;
    const index = Number(EVENT_FIELD.exec(message)![1]);
    return Array.isArray(events) && index < events.length;
  }
  if (pattern === NUL_AT) {
    const where = NUL_AT.exec(message)![1];
    const value = parsed(body);
    // The place is an event of the body (or one of its fields), or a key of it.
    const at = /^events\[(\d+)\]/.exec(where);
    const inArray = /^body\[(\d+)\]/.exec(where);
    let placed: boolean;
    if (at) {
      placed =
        Array.isArray(value?.events) && Number(at[1]) < value.events.length;
    } else if (inArray) {
      placed = Array.isArray(value) && Number(inArray[1]) < value.length;
    } else {
      placed =
        value !== null &&
        typeof value === 'object' &&
        Object.prototype.hasOwnProperty.call(value, where.split(/[.[]/)[0]);
    }
    return placed && body!.toString('utf8').includes('\\u0000');
  }
  return true;
}

interface Failure {
  endpoint: string;
  status: number;
  body: string;
  input: string;
}

/** The tables a request may write, with the columns that order their rows. */
const STORED_TABLES: Record<string, string[]> = {
  qs_raw_deliveries: ['id'],
  qs_pull_requests: ['id'],
  qs_deployments: ['id'],
  qs_incidents: ['id'],
  qs_bugs: ['id'],
  qs_push_commits: ['repository', 'sha'],
  qs_dirty_entities: ['entity_ref'],
  qs_snapshots: ['entity_ref', 'week_start'],
};

interface Stored {
  /** SHA-256 of every column of every row of every table, in key order. */
  digest: string;
  counts: Record<string, number>;
}

/**
 * What is stored: a change of any value, not only of a count, changes the
 * digest. PostgreSQL hashes each row's text itself, in one round trip; SQLite
 * (in this process) hands over the rows.
 */
async function stored(knex: Knex): Promise<Stored> {
  const hash = createHash('sha256');
  const counts: Record<string, number> = {};
  if (String(knex.client.config.client).includes('pg')) {
    const { rows } = await knex.raw(
      Object.entries(STORED_TABLES)
        .map(
          ([table, keys]) =>
            `select '${table}' as name, count(*) as n, ` +
            `md5(coalesce(string_agg(md5(t::text), ',' order by ${keys
              .map(k => `t.${k}`)
              .join(', ')}), '')) as digest from ${table} t`,
        )
        .join(' union all '),
    );
    for (const r of rows as Array<{
      name: string;
      n: string;
      digest: string;
    }>) {
      counts[r.name] = Number(r.n);
      hash.update(`${r.name}\u0000${r.digest}\u0000`);
    }
    return { digest: hash.digest('hex'), counts };
  }
  for (const [table, keys] of Object.entries(STORED_TABLES)) {
    const rows = await knex(table).select('*').orderBy(keys);
    counts[table] = rows.length;
    hash.update(`${table}\u0000`);
    for (const row of rows) {
      for (const value of Object.values(row)) {
        hash.update(typeof value === 'string' ? `s${value.length}:` : 'j');
        hash.update(
          typeof value === 'string' ? value : `${JSON.stringify(value)}`,
        );
        hash.update('\u0000');
      }
    }
  }
  return { digest: hash.digest('hex'), counts };
}

const same = (a: Stored, b: Stored) => a.digest === b.digest;

describe('the checks of a rejection', () => {
  const events = (n: number) =>
    Buffer.from(JSON.stringify({ events: Array(n).fill(deployment()) }));

  it('wants the field, header or limit at fault named, not any words', () => {
    const accepted: Array<[Endpoint, number, string, Buffer?]> = [
      ['POST /events', 400, 'events[3].title: Required', events(4)],
      ['POST /events', 400, 'events[0].commits.1.sha: Required', events(1)],
      ['POST /events', 400, 'events: must be an array of events'],
      [
        'POST /events',
        400,
        "request/body must have required property 'events'",
      ],
      [
        'POST /events',
        400,
        'events[0].reviews[1].__proto__: must not contain the character U+0000',
        Buffer.from('{"events":[{"reviews":[{},{"__proto__":"\\u0000"}]}]}'),
      ],
      // A body that is an array (a fuzzed input, seen in CI).
      [
        'POST /events',
        400,
        'body[0]: must not contain the character U+0000',
        Buffer.from('["a\\u0000b",1]'),
      ],
      [
        'POST /events',
        413,
        `Request body is larger than the limit of ${LIMIT_KB}kb (qualityScorecard.ingestion.maxBodySize)`,
      ],
      ['POST /webhooks/github', 401, 'Invalid X-Hub-Signature-256 signature'],
      [
        'POST /webhooks/github',
        400,
        'X-GitHub-Delivery must be at most 255 characters',
      ],
      [
        'POST /webhooks/pagerduty',
        400,
        'event.event_type must be at most 128 characters',
      ],
    ];
    const refused: Array<[Endpoint, number, unknown, Buffer?]> = [
      // Words that the former check took for naming the problem.
      ['POST /events', 400, 'Bad request body'],
      ['POST /events', 400, 'A field is required'],
      ['POST /events', 400, 'events must be valid'],
      // An index the body does not have, or a status that does not fit.
      ['POST /events', 400, 'events[3].title: Required', events(3)],
      [
        'POST /events',
        400,
        'events[0]: must not contain the character U+0000',
        events(1),
      ],
      [
        'POST /events',
        400,
        'body[2]: must not contain the character U+0000',
        Buffer.from('["a\\u0000b",1]'),
      ],
      ['POST /events', 413, 'Request entity too large'],
      [
        'POST /events',
        400,
        `Request body is larger than the limit of ${LIMIT_KB}kb (qualityScorecard.ingestion.maxBodySize)`,
      ],
      ['POST /webhooks/github', 401, 'Invalid X-PagerDuty-Signature signature'],
      ['POST /webhooks/github', 401, 'Unauthorized'],
      ['POST /webhooks/pagerduty', 400, 'Missing X-GitHub-Event header'],
      ['POST /webhooks/pagerduty', 400, undefined],
    ];
    expect(
      accepted.filter(
        ([e, status, m, body]) => !namesTheProblem(e, status, m, body),
      ),
    ).toEqual([]);
    expect(
      refused.filter(([e, status, m, body]) =>
        namesTheProblem(e, status, m, body),
      ),
    ).toEqual([]);
  });
});

describe.each(databases.eachSupportedId())(
  'hostile input on %p',
  databaseId => {
    let server: any;
    let knex: Knex;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      const backend = await startTestBackend({
        features: [
          qualityScorecardPlugin,
          catalogServiceMock.factory({
            entities: [
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'Component',
                metadata: {
                  name: 'payments',
                  namespace: 'default',
                  annotations: {
                    'github.com/project-slug': 'Codertocat/Hello-World',
                    'pagerduty.com/service-id': 'PAYAPI1',
                  },
                },
                spec: { owner: 'group:default/payments-team' },
              },
            ] as any,
          }),
          mockServices.scheduler.mock().factory,
          mockServices.database.factory({ knex }),
          mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
          mockServices.httpAuth.factory({
            defaultCredentials: mockCredentials.none(),
          }),
          mockServices.rootConfig.factory({
            data: {
              qualityScorecard: {
                github: { webhookSecret: GH_SECRET },
                pagerduty: { webhookSecrets: [PD_SECRET] },
                demoData: { enabled: false },
                ingestion: { maxBodySize: `${LIMIT_KB}kb` },
              },
            },
          }),
        ],
      });
      server = backend.server;
    });

    // Inputs the fuzzing found: on the code before the fix all but the GitHub
    // one were a 500 on PostgreSQL (the webhook ones after storing the
    // delivery), the first and the nested incident id on SQLite as well.
    const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const pdBody = (data: Json, event: Json = {}) => {
      const p = incidentWebhook({
        eventId: `regression-${Math.random()}`,
        eventType: 'incident.triggered',
        occurredAt: '2026-03-04T10:00:00Z',
      });
      Object.assign(p.event.data, data);
      Object.assign(p.event, event);
      return JSON.stringify(p);
    };
    const found: Array<
      [
        string,
        'events' | 'github' | 'pagerduty',
        () => { body: string; headers?: Record<string, string> },
        number,
        RegExp,
      ]
    > = [
      [
        'an event type that is a property of every object',
        'events',
        () => ({
          body: JSON.stringify({
            events: [{ ...deployment(), type: '__proto__' }],
          }),
        }),
        400,
        /events\[0\]\.type/,
      ],
      [
        'a source longer than its column (128)',
        'events',
        () => ({
          body: JSON.stringify({
            events: [deployment({ source: 's'.repeat(129) })],
          }),
        }),
        400,
        /events\[0\]\.source/,
      ],
      [
        'an environment longer than its column (128)',
        'events',
        () => ({
          body: JSON.stringify({
            events: [deployment({ environment: 'e'.repeat(129) })],
          }),
        }),
        400,
        /events\[0\]\.environment/,
      ],
      [
        'a reverted PR number beyond a 32-bit integer',
        'events',
        () => ({
          body: JSON.stringify({ events: [pullRequest({ reverts: 2 ** 31 })] }),
        }),
        400,
        /events\[0\]\.reverts/,
      ],
      [
        'an incident caused by a PR number beyond a 32-bit integer',
        'events',
        () => ({
          body: JSON.stringify({
            events: [incident({ causedBy: { pullRequest: 2 ** 31 } })],
          }),
        }),
        400,
        /events\[0\]\.causedBy\.pullRequest/,
      ],
      [
        'a bug introduced by a PR number beyond a 32-bit integer',
        'events',
        () => ({
          body: JSON.stringify({
            events: [
              { ...EVENT_SEEDS[6], introducedBy: { pullRequest: 2 ** 31 } },
            ],
          }),
        }),
        400,
        /events\[0\]\.introducedBy\.pullRequest/,
      ],
      [
        'U+0000 in a title',
        'events',
        () => ({
          body: JSON.stringify({ events: [incident({ title: 'down\u0000' })] }),
        }),
        400,
        /events\[0\]\.title: must not contain the character U\+0000/,
      ],
      [
        'an entity ref that outgrows its column with the default namespace',
        'events',
        () => ({
          body: JSON.stringify({
            events: [deployment({ entityRef: `component:${'n'.repeat(245)}` })],
          }),
        }),
        400,
        /events\[0\]\.entityRef/,
      ],
      [
        'a PagerDuty incident id nested 20,000 deep',
        'pagerduty',
        () => ({ body: pdBody({ id: '@@' }).replace('"@@"', deep(20_000)) }),
        202,
        /./,
      ],
      [
        'a PagerDuty event id longer than its column',
        'pagerduty',
        () => ({ body: pdBody({}, { id: 'i'.repeat(256) }) }),
        400,
        /event\.id must be at most 255 characters/,
      ],
      [
        'a PagerDuty event id with U+0000',
        'pagerduty',
        () => ({ body: pdBody({}, { id: 'a\u0000b' }) }),
        400,
        /event\.id must not contain control characters/,
      ],
      [
        'a PagerDuty event type longer than its column',
        'pagerduty',
        () => ({ body: pdBody({}, { event_type: 't'.repeat(129) }) }),
        400,
        /event\.event_type must be at most 128/,
      ],
      [
        'a GitHub repository name nested 20,000 deep',
        'github',
        () => ({
          body: JSON.stringify(
            pullRequestDelivery('opened', OPENED_PR),
          ).replace(
            '"full_name":"acme/checkout"',
            `"full_name":${deep(20_000)}`,
          ),
        }),
        202,
        /./,
      ],
      [
        'a GitHub delivery id longer than its column',
        'github',
        () => ({
          body: '{}',
          headers: { 'x-github-delivery': 'd'.repeat(256) },
        }),
        400,
        /X-GitHub-Delivery must be at most 255 characters/,
      ],
      [
        'a GitHub event name longer than its column',
        'github',
        () => ({ body: '{}', headers: { 'x-github-event': 'e'.repeat(129) } }),
        400,
        /X-GitHub-Event must be at most 128 characters/,
      ],
    ];

    it.each(found)(
      'answers %s without a server error',
      async (_name, endpoint, make, status, message) => {
        const { body, headers } = make();
        const before = await stored(knex);
        let r = request(server)
          .post(
            `${BASE}${
              endpoint === 'events' ? '/events' : `/webhooks/${endpoint}`
            }`,
          )
          .set('content-type', 'application/json');
        if (endpoint === 'events') r = r.set(auth);
        if (endpoint === 'github') {
          r = r
            .set('x-hub-signature-256', sign(GH_SECRET, body))
            .set('x-github-event', 'pull_request')
            .set('x-github-delivery', `regression-${Math.random()}`);
        }
        if (endpoint === 'pagerduty')
          r = r.set(
            'x-pagerduty-signature',
            pagerDutySignature(body, [PD_SECRET]),
          );
        for (const [name, value] of Object.entries(headers ?? {}))
          r = r.set(name, value);
        const res = await r.serialize(asIs).send(body);
        expect(res.status).toBe(status);
        // A rejection names the problem and stores nothing; an acceptance has no error.
        expect(res.body.error?.message ?? '').toMatch(
          status >= 400 ? message : /^$/,
        );
        const after = await stored(knex);
        // A rejection names the field at fault as the general check wants it too.
        expect(
          status < 400 ||
            namesTheProblem(
              endpoint === 'events'
                ? 'POST /events'
                : `POST /webhooks/${endpoint}`,
              status,
              res.body.error?.message,
              Buffer.from(body),
            ),
        ).toBe(true);
        expect(status < 400 || same(before, after)).toBe(true);
      },
    );

    it('takes a digest of what is stored that any changed value changes, not only a count', async () => {
      const before = await stored(knex);
      const [first] = await knex('qs_raw_deliveries').orderBy('id').limit(1);
      expect(first).toBeDefined();
      await knex('qs_raw_deliveries')
        .where({ id: first.id })
        .update({ payload: `${first.payload.slice(0, -1)} ` });
      const changed = await stored(knex);
      expect(changed.counts).toEqual(before.counts);
      expect(changed.digest).not.toBe(before.digest);
      await knex('qs_raw_deliveries')
        .where({ id: first.id })
        .update({ payload: first.payload });
      expect(await stored(knex)).toEqual(before);
    });

    it(`answers ${RUNS} generated and mutated requests with no 5xx, no partial write and bounded memory`, async () => {
      const failures: Failure[] = [];
      const tally: Record<string, Record<number, number>> = {};
      const seen = {
        github: [] as Array<{ body: Buffer; event: string; id: string }>,
        pagerduty: [] as Buffer[],
      };
      const gh = githubSeeds();
      collectGarbage();
      const memoryBefore = process.memoryUsage();
      let deliverySeq = 0;

      const record = (endpoint: string, status: number) => {
        tally[endpoint] ??= {};
        tally[endpoint][status] = (tally[endpoint][status] ?? 0) + 1;
      };

      /**
       * What was stored after the previous request: requests run one at a
       * time, so it is what is stored before the next one, unless a delivery
       * answered as queued was still being processed.
       */
      let storedAfterPrevious: Stored | undefined;

      /** Sends, checks the answer and what is stored; returns the status. */
      async function exchange(
        endpoint: Endpoint,
        send: () => request.Test,
        expect: {
          rejectWith?: number[];
          message?: RegExp;
          unchanged?: boolean;
        },
        input: string,
        body: Buffer,
      ) {
        const before = storedAfterPrevious ?? (await stored(knex));
        const res = await send();
        if (res.body?.queued) await settled();
        const after = await stored(knex);
        storedAfterPrevious = after;
        record(endpoint, res.status);
        const fail = (why: string) =>
          failures.push({
            endpoint,
            status: res.status,
            body: `${why}: ${JSON.stringify(res.body).slice(0, 300)}`,
            input: input.slice(0, 400),
          });
        if (res.status >= 500) fail('server error');
        if (res.status >= 400) {
          const message = res.body?.error?.message;
          if (!namesTheProblem(endpoint, res.status, message, body))
            fail(
              'rejection without a message naming the field, header or limit at fault',
            );
          if (expect.message && !expect.message.test(message ?? ''))
            fail(`message should match ${expect.message}`);
          if (!same(before, after))
            fail(
              `a rejected request changed what is stored (counts ${JSON.stringify(
                before.counts,
              )} -> ${JSON.stringify(after.counts)})`,
            );
        }
        if (expect.rejectWith && !expect.rejectWith.includes(res.status))
          fail(`expected ${expect.rejectWith.join('/')}`);
        if (expect.unchanged && !same(before, after))
          fail('a replayed delivery changed what is stored');
        return res;
      }

      /** Waits until a queued delivery's processing has written what it writes. */
      async function settled() {
        let previous = await stored(knex);
        for (let i = 0; i < 100; i++) {
          await new Promise(resolve => setTimeout(resolve, 200));
          const now = await stored(knex);
          if (same(now, previous)) return;
          previous = now;
        }
      }

      const eventsCase = fc.record({
        seeds: fc.array(fc.nat(EVENT_SEEDS.length - 1), {
          minLength: 1,
          maxLength: 4,
        }),
        mutations: fc.array(mutation, { maxLength: 3 }),
        shape: bodyShape,
        depth: fc.integer({ min: 1, max: 20_000 }),
        cut: fc.nat(),
        unique: fc.nat(),
      });
      const githubCase = fc.record({
        seed: fc.nat(gh.length - 1),
        mutations: fc.array(mutation, { maxLength: 3 }),
        shape: bodyShape,
        depth: fc.integer({ min: 1, max: 20_000 }),
        cut: fc.nat(),
        signature: fc.constantFrom(
          'valid',
          'valid',
          'valid',
          'wrong-secret',
          'missing',
          'garbage',
          'sha1',
          'other-body',
        ),
        event: fc.oneof(
          fc.constantFrom('seed', 'seed', 'seed', 'missing', 'issues'),
          fc.string({ unit: 'grapheme-ascii', maxLength: 200 }),
        ),
        delivery: fc.oneof(
          fc.constantFrom('new', 'new', 'new', 'replay', 'missing'),
          fc.string({ unit: 'grapheme-ascii', maxLength: 300 }),
        ),
      });
      const pagerdutyCase = fc.record({
        seed: fc.nat(PD_SEEDS.length - 1),
        mutations: fc.array(mutation, { maxLength: 3 }),
        shape: bodyShape,
        depth: fc.integer({ min: 1, max: 20_000 }),
        cut: fc.nat(),
        signature: fc.constantFrom(
          'valid',
          'valid',
          'valid',
          'rotated',
          'wrong-secret',
          'missing',
          'garbage',
          'replay',
        ),
        id: fc.nat(),
      });

      const property = fc.asyncProperty(
        fc.oneof(
          eventsCase.map(c => ({ endpoint: 'events' as const, c })),
          githubCase.map(c => ({ endpoint: 'github' as const, c })),
          pagerdutyCase.map(c => ({ endpoint: 'pagerduty' as const, c })),
        ),
        async ({ endpoint, c }) => {
          if (endpoint === 'events') {
            const ev = c as any;
            const events = ev.seeds.map((i: number, k: number) => ({
              ...EVENT_SEEDS[i],
              id: `fuzz-${ev.unique}-${k}`,
            }));
            const payload = mutate({ events }, ev.mutations);
            const { body, gzip } =
              ev.shape === 'many'
                ? {
                    body: Buffer.from(
                      JSON.stringify({
                        events: Array(5001).fill({ type: 'bug' }),
                      }),
                    ),
                    gzip: false,
                  }
                : shapeBody(ev.shape, serialize(payload, ev.depth), ev.cut);
            const inflated = gzip ? zlib.gunzipSync(body).length : body.length;
            const expected =
              inflated > LIMIT
                ? { rejectWith: [413], message: /larger than the limit/ }
                : {};
            await exchange(
              'POST /events',
              () => {
                const r = request(server)
                  .post(`${BASE}/events`)
                  .set(auth)
                  .set('content-type', 'application/json');
                return (gzip ? r.set('content-encoding', 'gzip') : r)
                  .serialize(asIs)
                  .send(body);
              },
              expected,
              body.toString('utf8', 0, 400),
              body,
            );
            return;
          }
          if (endpoint === 'github') {
            const g = c as any;
            const seed = gh[g.seed];
            const replay =
              g.delivery === 'replay' && seen.github.length > 0
                ? seen.github[g.cut % seen.github.length]
                : undefined;
            const text = serialize(mutate(seed.payload, g.mutations), g.depth);
            const { body, gzip } = replay
              ? { body: replay.body, gzip: false }
              : shapeBody(
                  g.shape === 'many' ? 'mutated' : g.shape,
                  text,
                  g.cut,
                );
            let event: string | undefined =
              g.event === 'seed' ? seed.event : g.event;
            if (replay) event = replay.event;
            if (event === 'missing') event = undefined;
            let id: string | undefined =
              g.delivery === 'new' || g.delivery === 'replay'
                ? `fuzz-gh-${Date.now()}-${deliverySeq++}`
                : g.delivery;
            if (replay) id = replay.id;
            if (id === 'missing') id = undefined;
            const payloadBytes = gzip ? zlib.gunzipSync(body) : body;
            let signature: string | undefined;
            switch (g.signature) {
              case 'valid':
                signature = sign(GH_SECRET, payloadBytes);
                break;
              case 'wrong-secret':
                signature = sign('not-the-secret', payloadBytes);
                break;
              case 'garbage':
                signature = `sha256=${'g'.repeat(g.cut % 80)}`;
                break;
              case 'sha1':
                signature = `sha1=${'0'.repeat(40)}`;
                break;
              case 'other-body':
                signature = sign(
                  GH_SECRET,
                  '{"zen":"Keep it logically awesome."}',
                );
                break;
              default:
                signature = undefined;
            }
            const signed = g.signature === 'valid';
            const expected: {
              rejectWith?: number[];
              message?: RegExp;
              unchanged?: boolean;
            } = {};
            // The body is read (up to the limit) before the signature is checked.
            if (payloadBytes.length > LIMIT) {
              expected.rejectWith = [413];
              expected.message = /larger than the limit/;
            } else if (!signed) {
              expected.rejectWith = [401];
              expected.message = /X-Hub-Signature-256/;
            }
            if (replay && signed) {
              expected.rejectWith = [200];
              expected.unchanged = true;
            }
            const res = await exchange(
              'POST /webhooks/github',
              () => {
                let r = request(server)
                  .post(`${BASE}/webhooks/github`)
                  .set('content-type', 'application/json');
                if (gzip) r = r.set('content-encoding', 'gzip');
                if (event !== undefined) r = r.set('x-github-event', event);
                if (id !== undefined) r = r.set('x-github-delivery', id);
                if (signature !== undefined)
                  r = r.set('x-hub-signature-256', signature);
                return r.serialize(asIs).send(body);
              },
              expected,
              `${event} ${id} ${g.signature} ${body.toString('utf8', 0, 300)}`,
              body,
            );
            if (res.status === 202 && event && id && !gzip)
              keep(seen.github, { body, event, id });
            return;
          }
          const p = c as any;
          const replay =
            p.signature === 'replay' && seen.pagerduty.length > 0
              ? seen.pagerduty[p.cut % seen.pagerduty.length]
              : undefined;
          const seed = structuredClone(PD_SEEDS[p.seed]);
          seed.event.id = `fuzz-pd-${p.id}-${deliverySeq++}`;
          const { body, gzip } = replay
            ? { body: replay, gzip: false }
            : shapeBody(
                p.shape === 'many' ? 'mutated' : p.shape,
                serialize(mutate(seed, p.mutations), p.depth),
                p.cut,
              );
          const payloadBytes = gzip ? zlib.gunzipSync(body) : body;
          let signature: string | undefined;
          switch (p.signature) {
            case 'valid':
            case 'replay':
              signature = pagerDutySignature(payloadBytes, [PD_SECRET]);
              break;
            case 'rotated':
              signature = pagerDutySignature(payloadBytes, [
                'retired-secret',
                PD_SECRET,
              ]);
              break;
            case 'wrong-secret':
              signature = pagerDutySignature(payloadBytes, ['not-the-secret']);
              break;
            case 'garbage':
              signature = `v1=${'zz'.repeat(p.cut % 40)},v0=abc`;
              break;
            default:
              signature = undefined;
          }
          const signed = ['valid', 'replay', 'rotated'].includes(p.signature);
          const expected: {
            rejectWith?: number[];
            message?: RegExp;
            unchanged?: boolean;
          } = {};
          if (payloadBytes.length > LIMIT) {
            expected.rejectWith = [413];
            expected.message = /larger than the limit/;
          } else if (!signed) {
            expected.rejectWith = [401];
            expected.message = /X-PagerDuty-Signature/;
          }
          if (replay) {
            expected.rejectWith = [200];
            expected.unchanged = true;
          }
          const res = await exchange(
            'POST /webhooks/pagerduty',
            () => {
              let r = request(server)
                .post(`${BASE}/webhooks/pagerduty`)
                .set('content-type', 'application/json');
              if (gzip) r = r.set('content-encoding', 'gzip');
              if (signature !== undefined)
                r = r.set('x-pagerduty-signature', signature);
              return r.serialize(asIs).send(body);
            },
            expected,
            `${p.signature} ${body.toString('utf8', 0, 300)}`,
            body,
          );
          if (res.status === 202 && !gzip) keep(seen.pagerduty, body);
        },
      );

      const started = Date.now();
      await fc.assert(property, { numRuns: RUNS, endOnFailure: true });
      const seconds = (Date.now() - started) / 1000;
      seen.github.length = 0;
      seen.pagerduty.length = 0;
      collectGarbage();
      const memoryAfter = process.memoryUsage();
      const figures = {
        test: 'hostile-input',
        database: databaseId,
        requests: RUNS,
        seconds,
        statuses: tally,
        rssMbBefore: Math.round(memoryBefore.rss / 2 ** 20),
        rssMbAfter: Math.round(memoryAfter.rss / 2 ** 20),
        heapMbBefore: Math.round(memoryBefore.heapUsed / 2 ** 20),
        heapMbAfter: Math.round(memoryAfter.heapUsed / 2 ** 20),
        failures: failures.length,
      };
      if (process.env.SHEWHART_RELIABILITY_OUT) {
        fs.appendFileSync(
          process.env.SHEWHART_RELIABILITY_OUT,
          `${JSON.stringify(figures)}\n`,
        );
      }
      const kinds = new Map<string, Failure>();
      for (const f of failures)
        kinds.set(`${f.endpoint} ${f.status} ${f.body.split(':')[0]}`, f);
      expect([...kinds.values()].slice(0, 12)).toEqual([]);
      // Every endpoint saw accepted and rejected requests.
      for (const endpoint of [
        'POST /events',
        'POST /webhooks/github',
        'POST /webhooks/pagerduty',
      ]) {
        const statuses = Object.keys(tally[endpoint] ?? {}).map(Number);
        expect(statuses.some(s => s < 300)).toBe(true);
        expect(statuses.some(s => s >= 400)).toBe(true);
      }
      // Memory: what the run left behind is bounded (heap, this jest worker included).
      expect(memoryAfter.heapUsed - memoryBefore.heapUsed).toBeLessThan(
        256 * 2 ** 20,
      );
    });
  },
);
