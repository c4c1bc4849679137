/**
 * The real quality-scorecard plugin with this module in a test backend, a
 * catalog of annotated entities, a test database and a fake GitHub.
 */
import { createHmac } from 'crypto';
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
import qualityScorecardModuleGithub from '../index';
import { TEST_TOKEN } from './FakeGithub';

export const WEBHOOK_SECRET = 'github-webhook-test-secret';
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
      annotations: { 'github.com/project-slug': slug, ...extraAnnotations },
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
  githubUrl?: string;
  entities: unknown[];
  sync?: JsonObject;
  features?: Parameters<typeof startTestBackend>[0]['features'];
}) {
  const integrations = options.githubUrl
    ? {
        github: [
          {
            host: 'github.com',
            apiBaseUrl: options.githubUrl,
            token: TEST_TOKEN,
          },
        ],
      }
    : {};
  const { server } = await startTestBackend({
    features: [
      qualityScorecardPlugin,
      qualityScorecardModuleGithub,
      catalogServiceMock.factory({ entities: options.entities as any }),
      mockServices.database.factory({ knex: options.knex }),
      mockServices.rootConfig.factory({
        data: {
          integrations,
          qualityScorecard: {
            github: {
              webhookSecret: WEBHOOK_SECRET,
              sync: { historyDays: 180, ...options.sync },
            },
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
    .post('/api/quality-scorecard/github/sync')
    .set(AUTH)
    .send({})
    .expect(202);
  const status = await request(server)
    .get('/api/quality-scorecard/github/sync/status')
    .set(AUTH)
    .expect(200);
  return status.body.runs[0];
}

/** Waits for a run started in the background to finish. */
export async function waitForRun(server: Server, runId: number) {
  for (let i = 0; i < 200; i++) {
    const status = await request(server)
      .get('/api/quality-scorecard/github/sync/status')
      .set(AUTH)
      .expect(200);
    const run = status.body.runs.find((r: { id: number }) => r.id === runId);
    if (run && run.status !== 'running') {
      return run;
    }
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  throw new Error(`run ${runId} did not finish`);
}

let delivery = 0;

export async function sendWebhook(
  server: Server,
  event: string,
  payload: unknown,
) {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac('sha256', WEBHOOK_SECRET)
    .update(body)
    .digest('hex')}`;
  delivery += 1;
  return request(server)
    .post('/api/quality-scorecard/webhooks/github')
    .set('content-type', 'application/json')
    .set('x-github-event', event)
    .set('x-github-delivery', `delivery-${Date.now()}-${delivery}`)
    .set('x-hub-signature-256', signature)
    .send(body)
    .expect(202);
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** The stored rows of the plugin's tables, with numbers and JSON parsed. */
export async function storedPullRequests(knex: Knex) {
  const rows = await knex('qs_pull_requests')
    .where({ source: 'github' })
    .orderBy('external_id');
  return rows.map(r => ({
    id: r.external_id,
    entityRef: r.entity_ref,
    repository: r.repository,
    number: Number(r.number),
    title: r.title,
    author: r.author,
    url: r.url,
    createdAt: num(r.created_at),
    mergedAt: num(r.merged_at),
    closedAt: num(r.closed_at),
    additions: Number(r.additions),
    deletions: Number(r.deletions),
    changedFiles: Number(r.changed_files),
    labels: JSON.parse(r.labels),
    files: r.files === null ? null : JSON.parse(r.files),
    body: r.body,
    mergeCommitSha: r.merge_commit_sha,
    mergedBy: r.merged_by,
    reverts: num(r.reverts),
    headRef: r.head_ref,
    startedBy: r.started_by,
    readyForReviewAt: num(r.ready_for_review_at),
    commits: JSON.parse(r.commits),
    reviews: JSON.parse(r.reviews),
    contentHash: r.content_hash,
  }));
}

export async function storedDeployments(knex: Knex) {
  const rows = await knex('qs_deployments')
    .where({ source: 'github' })
    .orderBy('external_id');
  return rows.map(r => ({
    id: r.external_id,
    entityRef: r.entity_ref,
    repository: r.repository,
    environment: r.environment,
    status: r.status,
    startedAt: num(r.started_at),
    finishedAt: num(r.finished_at),
    commitSha: r.commit_sha,
    contentHash: r.content_hash,
    updatedAt: num(r.updated_at),
  }));
}

export async function storedIncidents(knex: Knex) {
  const rows = await knex('qs_incidents')
    .where({ source: 'github' })
    .orderBy('external_id');
  return rows.map(r => ({
    id: r.external_id,
    entityRef: r.entity_ref,
    title: r.title,
    createdAt: num(r.created_at),
    resolvedAt: num(r.resolved_at),
    severity: r.severity,
    causedByPr: num(r.caused_by_pr),
    url: r.url,
  }));
}

export async function storedBugs(knex: Knex) {
  const rows = await knex('qs_bugs')
    .where({ source: 'github' })
    .orderBy('external_id');
  return rows.map(r => ({
    id: r.external_id,
    entityRef: r.entity_ref,
    title: r.title,
    createdAt: num(r.created_at),
    closedAt: num(r.closed_at),
    introducedByPr: num(r.introduced_by_pr),
    url: r.url,
  }));
}
