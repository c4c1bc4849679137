/*
 * The module's routes answer what src/service/openapi.ts says: each operation
 * of the spec is called on the running module (in-process backend, SQLite, a
 * fake GitHub) and every answer, errors included, is validated against the
 * operation's response schema with every object closed.
 */
import request from 'supertest';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { TestDatabases } from '@backstage/backend-test-utils';
import { FakeGithub } from '../__testUtils__/FakeGithub';
import {
  AUTH,
  TEAM,
  component,
  startBackend,
  waitForRun,
} from '../__testUtils__/backend';
import { PAYMENTS, paymentsScenario } from '../__testUtils__/scenario';
import { githubSyncSpec } from './openapi';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const BASE = '/api/quality-scorecard';

/** Refs into the registered document; objects that list properties closed. */
function prepare(schema: any): any {
  if (Array.isArray(schema)) return schema.map(prepare);
  if (!schema || typeof schema !== 'object') return schema;
  const out: any = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] = key === '$ref' ? `spec${value}` : prepare(value);
  }
  if (out.properties && out.additionalProperties === undefined)
    out.additionalProperties = false;
  return out;
}

const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
addFormats(ajv);
ajv.addKeyword('components');
ajv.addSchema({ $id: 'spec', components: prepare(githubSyncSpec.components) });

type Path = keyof typeof githubSyncSpec.paths;
const operation = (path: Path) =>
  Object.values(githubSyncSpec.paths[path])[0] as any;

/** What is wrong with an answer of the operation at `path`. */
function problems(
  path: Path,
  res: { status: number; body: unknown },
): string[] {
  const response = operation(path).responses[String(res.status)];
  if (!response) return [`status ${res.status} is not documented`];
  const validate = ajv.compile(
    prepare(response.content['application/json'].schema),
  );
  return validate(res.body)
    ? []
    : (validate.errors ?? []).map(e => `${e.instancePath || '/'} ${e.message}`);
}

describe('the GitHub module OpenAPI contract', () => {
  let github: FakeGithub;

  beforeAll(async () => {
    github = new FakeGithub();
    await github.start();
    paymentsScenario(Date.now()).install(github);
  });

  afterAll(async () => {
    await github.stop();
  });

  it('documents every route the router registers, each with a success body', () => {
    const ops = Object.entries(githubSyncSpec.paths).flatMap(
      ([path, methods]) =>
        Object.entries(methods).map(([method, op]) => ({
          path,
          method,
          op: op as any,
        })),
    );
    expect(ops.map(o => `${o.method} ${o.path}`)).toEqual([
      'post /github/sync',
      'get /github/sync/status',
    ]);
    for (const { op } of ops) {
      const success = Object.keys(op.responses).filter(s => s.startsWith('2'));
      expect([op.operationId, success.length]).toEqual([op.operationId, 1]);
    }
  });

  it('answers each operation, and its errors, as the spec says', async () => {
    const server = await startBackend({
      knex: await databases.init('SQLITE_3'),
      githubUrl: github.baseUrl,
      entities: [
        component('payments', PAYMENTS),
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'unsynced', namespace: 'default' },
          spec: { owner: 'group:default/payments-team' },
        },
        TEAM,
      ],
    });
    const post = (body: object) =>
      request(server).post(`${BASE}/github/sync`).set(AUTH).send(body);
    const status = () =>
      request(server).get(`${BASE}/github/sync/status`).set(AUTH);

    const empty = await status();
    expect([empty.status, problems('/github/sync/status', empty)]).toEqual([
      200,
      [],
    ]);

    const started = await post({ entityRef: 'payments' });
    expect([started.status, problems('/github/sync', started)]).toEqual([
      202,
      [],
    ]);
    await waitForRun(server, started.body.runId);

    const triggered = await post({});
    expect([triggered.status, problems('/github/sync', triggered)]).toEqual([
      202,
      [],
    ]);

    const after = await status();
    expect([after.status, problems('/github/sync/status', after)]).toEqual([
      200,
      [],
    ]);
    expect(after.body.runs.length).toBeGreaterThan(0);
    expect(after.body.repositories.length).toBeGreaterThan(0);

    const errors = [
      await post({ entityRef: 42 }),
      await post({ entityRef: 'component:default/unsynced' }),
      await post({ entityRef: 'component:default/nobody' }),
    ];
    expect(
      errors.map(res => [res.status, problems('/github/sync', res)]),
    ).toEqual([
      [400, []],
      [400, []],
      [404, []],
    ]);
  });
});
