/**
 * The real quality-scorecard plugin with this module in a test backend, a
 * catalog of annotated entities, a test database and a fake GitLab.
 */
import { Knex } from 'knex';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the tests run the real plugin with its module
import qualityScorecardPlugin from '@shewhart/plugin-quality-scorecard-backend';
import qualityScorecardModuleGitlab from '../index';
import { FakeGitlab, TEST_TOKEN } from './FakeGitlab';

export const BASE = '/api/quality-scorecard';
export const AUTH = { Authorization: mockCredentials.user.header() };

export function component(
  name: string,
  slug: string,
  extraAnnotations: Record<string, string> = {},
) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'gitlab.com/project-slug': slug, ...extraAnnotations },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/payments-team',
    },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/payments-team' }],
  };
}

export const TEAM = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments-team', namespace: 'default' },
  spec: { type: 'team', children: [] },
  relations: [],
};

export async function startBackend(options: {
  knex: Knex;
  /** Without it, no GitLab integration has a token. */
  gitlab?: FakeGitlab;
  entities: unknown[];
  sync?: JsonObject;
  features?: Parameters<typeof startTestBackend>[0]['features'];
}) {
  const integrations = options.gitlab
    ? {
        gitlab: [
          {
            host: options.gitlab.host,
            apiBaseUrl: `${options.gitlab.baseUrl}/api/v4`,
            token: TEST_TOKEN,
          },
        ],
      }
    : {};
  const { server } = await startTestBackend({
    features: [
      qualityScorecardPlugin,
      qualityScorecardModuleGitlab,
      catalogServiceMock.factory({ entities: options.entities as any }),
      mockServices.database.factory({ knex: options.knex }),
      mockServices.rootConfig.factory({
        data: {
          integrations,
          qualityScorecard: {
            gitlab: { sync: { historyDays: 180, ...options.sync } },
            demoData: { enabled: false },
          },
        },
      }),
      ...(options.features ?? []),
    ],
  });
  return server;
}

type Server = Parameters<typeof request>[0];

/** A full sync through the admin endpoint; the test scheduler runs it to its end. */
export async function syncAll(server: Server) {
  await request(server)
    .post(`${BASE}/gitlab/sync`)
    .set(AUTH)
    .send({})
    .expect(202);
  return (await syncStatus(server)).runs[0];
}

export async function syncStatus(server: Server) {
  const status = await request(server)
    .get(`${BASE}/gitlab/sync/status`)
    .set(AUTH)
    .expect(200);
  return status.body;
}

/** Waits for a run started in the background to finish. */
export async function waitForRun(server: Server, runId: number) {
  for (let i = 0; i < 400; i++) {
    const status = await syncStatus(server);
    const run = status.runs.find((r: { id: number }) => r.id === runId);
    if (run && run.status !== 'running') {
      return run;
    }
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  throw new Error(`run ${runId} did not finish`);
}

/** The window's metrics of an entity, recomputed now. */
export async function scorecard(
  server: Server,
  entity: string,
  window: { from: string; to: string },
) {
  await request(server)
    .post(`${BASE}/scorecards/entity/component/default/${entity}/refresh`)
    .set(AUTH)
    .expect(200);
  const res = await request(server)
    .get(`${BASE}/scorecards/entity/component/default/${entity}`)
    .query(window)
    .set(AUTH)
    .expect(200);
  return {
    metrics: Object.fromEntries(
      res.body.metrics.map((m: any) => [m.id, m]),
    ) as Record<string, any>,
    aiPolicy: res.body.aiPolicy,
  };
}

const TABLES = [
  'qs_pull_requests',
  'qs_deployments',
  'qs_incidents',
  'qs_bugs',
];
/** Bookkeeping of the store, not content: when a row was received and updated. */
const BOOKKEEPING = new Set(['id', 'received_at', 'updated_at']);

/**
 * Every GitLab row of the four event tables, as stored: each column but the
 * bookkeeping ones, numbers as numbers, ordered by id.
 */
export async function storedRows(knex: Knex) {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const table of TABLES) {
    const rows = await knex(table)
      .where({ source: 'gitlab' })
      .orderBy('external_id');
    out[table] = rows.map(row =>
      Object.fromEntries(
        Object.entries(row)
          .filter(([column]) => !BOOKKEEPING.has(column))
          .map(([column, value]) => [
            column,
            typeof value === 'string' && /_at$/.test(column)
              ? Number(value)
              : value,
          ]),
      ),
    );
  }
  return out;
}

const time = (v: unknown) =>
  v === null || v === undefined ? null : new Date(Number(v)).toISOString();

/** The stored merge requests, times as ISO strings and JSON parsed. */
export async function storedPullRequests(knex: Knex) {
  const rows = await knex('qs_pull_requests')
    .where({ source: 'gitlab' })
    .orderBy('number');
  return rows.map(r => ({
    id: r.external_id,
    entityRef: r.entity_ref,
    gitlabProject: r.gitlab_project,
    gitlabInstance: r.gitlab_instance,
    number: Number(r.number),
    title: r.title,
    author: r.author,
    url: r.url,
    createdAt: time(r.created_at),
    mergedAt: time(r.merged_at),
    closedAt: time(r.closed_at),
    additions: Number(r.additions),
    deletions: Number(r.deletions),
    changedFiles: Number(r.changed_files),
    labels: JSON.parse(r.labels),
    files: r.files === null ? null : JSON.parse(r.files),
    body: r.body,
    mergeCommitSha: r.merge_commit_sha,
    mergedBy: r.merged_by,
    reverts: r.reverts === null ? null : Number(r.reverts),
    headRef: r.head_ref,
    readyForReviewAt: time(r.ready_for_review_at),
    commits: JSON.parse(r.commits).map((c: any) => ({
      sha: c.sha,
      authoredAt: time(c.authoredAt),
      committedAt: time(c.committedAt),
      message: c.message,
    })),
    reviews: JSON.parse(r.reviews).map((v: any) => ({
      reviewer: v.reviewer,
      state: v.state,
      submittedAt: time(v.submittedAt),
      isBot: v.isBot,
    })),
  }));
}

export async function storedDeployments(knex: Knex) {
  const rows = await knex('qs_deployments')
    .where({ source: 'gitlab' })
    .orderBy('external_id');
  return rows.map(r => ({
    id: r.external_id,
    entityRef: r.entity_ref,
    environment: r.environment,
    status: r.status,
    startedAt: time(r.started_at),
    finishedAt: time(r.finished_at),
    commitSha: r.commit_sha,
  }));
}

export async function storedIssues(knex: Knex) {
  const incidents = await knex('qs_incidents')
    .where({ source: 'gitlab' })
    .orderBy('external_id');
  const bugs = await knex('qs_bugs')
    .where({ source: 'gitlab' })
    .orderBy('external_id');
  return {
    incidents: incidents.map(r => ({
      id: r.external_id,
      entityRef: r.entity_ref,
      title: r.title,
      createdAt: time(r.created_at),
      resolvedAt: time(r.resolved_at),
      severity: r.severity,
      url: r.url,
    })),
    bugs: bugs.map(r => ({
      id: r.external_id,
      entityRef: r.entity_ref,
      title: r.title,
      createdAt: time(r.created_at),
      closedAt: time(r.closed_at),
      url: r.url,
    })),
  };
}
