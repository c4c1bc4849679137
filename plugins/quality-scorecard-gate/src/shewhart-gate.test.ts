import { execFile } from 'node:child_process';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';

/*
 * The command as a pipeline runs it: a child process of Node, against a real
 * HTTP server on loopback that answers as the scorecard backend would.
 */

const CLI = path.resolve(__dirname, '../bin/shewhart-gate.js');

const USAGE =
  'usage: shewhart-gate --url <backstage base url> --entity <kind:namespace/name> --level <level> [--token <token>]\n' +
  '       the token defaults to $SHEWHART_TOKEN (a Backstage external-access static token)\n';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function gate(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise(resolve => {
    // Only what the test gives: a SHEWHART_TOKEN of the machine must not leak in.
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { PATH: process.env.PATH ?? '', ...env } },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (error.code as number | null) : 0,
          stdout,
          stderr,
        }),
    );
  });
}

interface Answer {
  status: number;
  body: string;
  contentType?: string;
}

const json = (status: number, value: unknown): Answer => ({
  status,
  body: JSON.stringify(value),
  contentType: 'application/json',
});

const backstageError = (status: number, name: string, message: string) =>
  json(status, { error: { name, message }, response: { statusCode: status } });

let server: http.Server;
let base: string;
let answer: Answer;
let seen: Array<{ method?: string; url?: string; authorization?: string }>;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({
      method: req.method,
      url: req.url,
      authorization: req.headers.authorization,
    });
    res.writeHead(answer.status, {
      'content-type': answer.contentType ?? 'text/plain',
    });
    res.end(answer.body);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>(resolve => server.close(() => resolve())));

beforeEach(() => {
  seen = [];
  answer = json(500, { error: { message: 'no answer set' } });
});

const PAYMENTS = 'component:default/payments-api';

describe('exit 0: the entity holds the level', () => {
  it('prints the PASS line and asks for the entity and level with the token', async () => {
    answer = json(200, {
      entityRef: PAYMENTS,
      level: 'silver',
      pass: true,
      heldLevel: 'gold',
      failing: [],
    });
    const run = await gate([
      '--url',
      base,
      '--entity',
      PAYMENTS,
      '--level',
      'silver',
      '--token',
      'from-flag',
    ]);
    expect(run).toEqual({
      code: 0,
      stdout:
        'PASS component:default/payments-api holds silver (highest level held: gold)\n',
      stderr: '',
    });
    expect(seen).toEqual([
      {
        method: 'GET',
        url: '/api/quality-scorecard/gate/component/default/payments-api?level=silver',
        authorization: 'Bearer from-flag',
      },
    ]);
  });

  it.each([
    {
      name: '--flag=value forms, a trailing slash and the token from $SHEWHART_TOKEN',
      args: ['--url=BASE/', `--entity=${PAYMENTS}`, '--level=bronze'],
      env: { SHEWHART_TOKEN: 'from-env' },
      url: '/api/quality-scorecard/gate/component/default/payments-api?level=bronze',
      authorization: 'Bearer from-env',
    },
    {
      name: 'the url from $SHEWHART_URL, no namespace (default) and no token',
      args: ['--entity', 'component:payments-api', '--level', 'bronze'],
      env: { SHEWHART_URL: 'BASE' },
      url: '/api/quality-scorecard/gate/component/default/payments-api?level=bronze',
      authorization: undefined,
    },
    {
      name: 'the flag before the environment, and path parts encoded',
      args: [
        '--url',
        'BASE',
        '--entity',
        'Group:team ns/a#b',
        '--level',
        'gold & up',
        '--token',
        'from-flag',
      ],
      env: { SHEWHART_TOKEN: 'from-env', SHEWHART_URL: 'http://127.0.0.1:9' },
      url: '/api/quality-scorecard/gate/Group/team%20ns/a%23b?level=gold%20%26%20up',
      authorization: 'Bearer from-flag',
    },
  ])('reads $name', async ({ args, env, url, authorization }) => {
    answer = json(200, {
      entityRef: PAYMENTS,
      level: 'bronze',
      pass: true,
      heldLevel: 'bronze',
      failing: [],
    });
    const withBase = (s: string) => s.replace('BASE', base);
    const run = await gate(
      args.map(withBase),
      Object.fromEntries(Object.entries(env).map(([k, v]) => [k, withBase(v)])),
    );
    expect(run).toEqual({
      code: 0,
      stdout:
        'PASS component:default/payments-api holds bronze (highest level held: bronze)\n',
      stderr: '',
    });
    expect(seen).toEqual([{ method: 'GET', url, authorization }]);
  });

  it('prints the usage on --help', async () => {
    expect(await gate(['--help'])).toEqual({
      code: 0,
      stdout: USAGE,
      stderr: '',
    });
    expect(seen).toEqual([]);
  });
});

describe('exit 1: the entity does not hold the level', () => {
  it('prints the FAIL line and one line per failing check', async () => {
    answer = json(200, {
      entityRef: PAYMENTS,
      level: 'silver',
      pass: false,
      heldLevel: 'bronze',
      failing: [
        {
          checkId: 'review-coverage',
          status: 'fail',
          title: 'At least 90% of merged PRs independently approved',
          reason: '0.5 misses ≥ 0.9',
        },
        {
          checkId: 'cfr',
          status: 'insufficient-data',
          title: 'Change failure rate at most 15%',
          reason: '2 deployments, 5 needed',
        },
      ],
    });
    const run = await gate([
      '--url',
      base,
      '--entity',
      PAYMENTS,
      '--level',
      'silver',
    ]);
    expect(run).toEqual({
      code: 1,
      stdout:
        'FAIL component:default/payments-api does not hold silver (highest level held: bronze)\n' +
        '  - review-coverage [fail] At least 90% of merged PRs independently approved: 0.5 misses ≥ 0.9\n' +
        '  - cfr [insufficient-data] Change failure rate at most 15%: 2 deployments, 5 needed\n',
      stderr: '',
    });
  });

  it('says "no level" when the entity holds none', async () => {
    answer = json(200, {
      entityRef: PAYMENTS,
      level: 'bronze',
      pass: false,
      heldLevel: null,
      failing: [],
    });
    const run = await gate([
      '--url',
      base,
      '--entity',
      PAYMENTS,
      '--level',
      'bronze',
    ]);
    expect(run).toEqual({
      code: 1,
      stdout:
        'FAIL component:default/payments-api does not hold bronze (highest level held: no level)\n',
      stderr: '',
    });
  });
});

describe('exit 2: usage errors', () => {
  it.each([
    [[PAYMENTS], "unexpected argument 'component:default/payments-api'"],
    [
      ['--entity', PAYMENTS, '--level', 'silver'],
      '--url is required (or $SHEWHART_URL)',
    ],
    [['--url', 'BASE', '--level', 'silver'], '--entity is required'],
    [['--url', 'BASE', '--entity', PAYMENTS], '--level is required'],
    [
      ['--url', 'BASE', '--entity', PAYMENTS, '--level'],
      '--level needs a value',
    ],
    [
      ['--url', '--entity', PAYMENTS, '--level', 'silver'],
      '--url needs a value',
    ],
    [
      ['--url', 'BASE', '--entity', PAYMENTS, '--levle', 'silver'],
      "unknown option '--levle'",
    ],
    [['-x'], "unknown option '-x'"],
    [['--help=yes'], '--help takes no value'],
    [
      ['--url', 'BASE', '--entity', 'payments-api', '--level', 'silver'],
      "--entity must look like component:default/name, got 'payments-api'",
    ],
    [
      [
        '--url',
        'backstage.example.com',
        '--entity',
        PAYMENTS,
        '--level',
        'silver',
      ],
      "--url must be an http(s) URL, got 'backstage.example.com'",
    ],
    [
      [
        '--url',
        'ftp://backstage.example.com',
        '--entity',
        PAYMENTS,
        '--level',
        'silver',
      ],
      "--url must be an http(s) URL, got 'ftp://backstage.example.com'",
    ],
  ])('%j: %s', async (args, message) => {
    const run = await gate(args.map(a => a.replace('BASE', base)));
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `shewhart-gate: ${message}\n${USAGE}`,
    });
    expect(seen).toEqual([]);
  });
});

describe('exit 2: connection and HTTP errors', () => {
  it('says the backend cannot be reached when nothing listens', async () => {
    const closed = http.createServer();
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>(resolve => closed.close(() => resolve()));
    const run = await gate([
      '--url',
      `http://127.0.0.1:${port}`,
      '--entity',
      PAYMENTS,
      '--level',
      'silver',
    ]);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `shewhart-gate: cannot reach http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}\n`,
    });
  });

  it.each([
    [
      '401 Missing credentials',
      backstageError(401, 'AuthenticationError', 'Missing credentials'),
    ],
    [
      '403 Unauthorized',
      backstageError(403, 'NotAllowedError', 'Unauthorized'),
    ],
    [
      '404 No entity component:default/payments-api',
      backstageError(
        404,
        'NotFoundError',
        'No entity component:default/payments-api',
      ),
    ],
    [
      "400 level: unknown level 'silver' (known: none configured)",
      backstageError(
        400,
        'InputError',
        "level: unknown level 'silver' (known: none configured)",
      ),
    ],
    // Not Backstage's error shape: the body as it came.
    ['500 upstream exploded', { status: 500, body: 'upstream exploded' }],
    [
      '502 {"message":"no error field"}',
      json(502, { message: 'no error field' }),
    ],
  ])('an HTTP error says shewhart-gate: %s', async (message, response) => {
    answer = response;
    const run = await gate(
      ['--url', base, '--entity', PAYMENTS, '--level', 'silver'],
      { SHEWHART_TOKEN: 'secret' },
    );
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `shewhart-gate: ${message}\n`,
    });
    expect(seen).toHaveLength(1);
  });

  it("rejects an answer that is not JSON, such as the app's index page", async () => {
    answer = {
      status: 200,
      body: '<!doctype html><html></html>',
      contentType: 'text/html',
    };
    const run = await gate([
      '--url',
      base,
      '--entity',
      PAYMENTS,
      '--level',
      'silver',
    ]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    // The parser's own words differ between Node versions; the prefix does not.
    expect(run.stderr).toMatch(
      new RegExp(`^shewhart-gate: invalid JSON from ${base}: .+\\n$`),
    );
  });

  it.each([
    [{ ok: true }],
    [{ pass: 'yes', failing: [] }],
    [{ pass: false }],
    [null],
  ])('rejects JSON that is not a gate verdict: %j', async value => {
    answer = json(200, value);
    const run = await gate([
      '--url',
      base,
      '--entity',
      PAYMENTS,
      '--level',
      'silver',
    ]);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `shewhart-gate: unexpected answer from ${base}: not a gate verdict (no 'pass', or no 'failing' list)\n`,
    });
  });
});
