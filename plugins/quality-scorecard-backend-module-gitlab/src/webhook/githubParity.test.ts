/*
 * The same delivery history sent once as GitLab hooks and once as GitHub
 * webhooks gives the same scorecard: every metric's value and sample, and the
 * AI-code review policy's outcome. GitLab data needs no glue of its own.
 */
import { createHmac } from 'crypto';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the tests run the real plugin with its module
import qualityScorecardPlugin from '@shewhart/plugin-quality-scorecard-backend';
import qualityScorecardModuleGitlab from '../index';
import {
  deploymentHook,
  HOST,
  MergeRequestInput,
  mergeRequestHook,
  noteHook,
  PATH,
  pushHook,
  USERS,
} from '../__testUtils__/webhookPayloads';

jest.setTimeout(60_000);

const BASE = '/api/quality-scorecard';
const GITLAB_SECRET = 'gitlab-parity-secret';
const GITHUB_SECRET = 'github-parity-secret';
const AUTH = { Authorization: mockCredentials.user.header() };
const REPO = 'acme/payments';
const { alice, bob } = USERS;
const sha = (c: string) => c.repeat(40);
const iso = (gitlab: string) => new Date(gitlab.replace(' UTC', 'Z').replace(' ', 'T')).toISOString();

const component = (name: string, annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'service', lifecycle: 'production', owner: 'group:default/payments-team' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/payments-team' }],
});

/** One history, in neutral terms; each source's sender turns it into its hooks. */
const HISTORY = {
  mergeRequests: [
    {
      iid: 1, title: 'Refunds', author: alice, branch: 'feature/refunds', createdAt: '2026-03-02 10:00:00 UTC',
      commit: { id: sha('a'), message: 'Add refunds\n\nCo-authored-by: Claude <noreply@anthropic.com>', at: '2026-03-02 09:00:00 UTC' },
      comments: [{ by: bob, at: '2026-03-02 11:00:00 UTC' }],
      approvals: [{ by: bob, at: '2026-03-02 12:00:00 UTC' }],
      merged: { by: bob, at: '2026-03-02 14:00:00 UTC', sha: sha('c') },
    },
    {
      iid: 2, title: 'Raise limits', author: alice, branch: 'fix/limits', createdAt: '2026-03-03 09:00:00 UTC',
      commit: { id: sha('b'), message: 'Raise limits\n\nCo-authored-by: Claude <noreply@anthropic.com>', at: '2026-03-03 08:00:00 UTC' },
      comments: [],
      approvals: [],
      merged: { by: alice, at: '2026-03-03 10:00:00 UTC', sha: sha('d') },
    },
    {
      iid: 3, title: 'Try a new cache', author: bob, branch: 'spike/cache', createdAt: '2026-03-04 09:00:00 UTC',
      commit: { id: sha('e'), message: 'Cache', at: '2026-03-04 08:30:00 UTC' },
      comments: [{ by: alice, at: '2026-03-04 10:00:00 UTC' }],
      approvals: [],
      merged: null,
    },
  ],
  deployments: [
    { id: 11, status: 'success', at: '2026-03-02 16:00:00 UTC', sha: sha('c') },
    { id: 12, status: 'success', at: '2026-03-03 12:00:00 UTC', sha: sha('d') },
    { id: 13, status: 'failed', at: '2026-03-04 12:00:00 UTC', sha: sha('d') },
  ],
} as const;

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())('GitLab and GitHub parity on %p', databaseId => {
  it('gives the same scorecard for the same history', async () => {
    const knex = await databases.init(databaseId);
    const { server } = await startTestBackend({
      features: [
        qualityScorecardPlugin,
        qualityScorecardModuleGitlab,
        catalogServiceMock.factory({
          entities: [
            component('via-gitlab', { 'gitlab.com/project-slug': PATH }),
            component('via-github', { 'github.com/project-slug': REPO }),
          ] as any,
        }),
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            qualityScorecard: {
              gitlab: { webhookSecrets: [GITLAB_SECRET] },
              github: { webhookSecret: GITHUB_SECRET },
              demoData: { enabled: false },
            },
          },
        }),
      ],
    });

    const gitlab = async (event: string, body: unknown) => {
      const res = await request(server)
        .post(`${BASE}/webhooks/gitlab`)
        .set('content-type', 'application/json')
        .set('x-gitlab-event', event)
        .set('x-gitlab-token', GITLAB_SECRET)
        .send(JSON.stringify(body));
      expect(res.status).toBe(202);
    };
    let delivery = 0;
    const github = async (event: string, body: unknown) => {
      const raw = JSON.stringify(body);
      delivery += 1;
      const res = await request(server)
        .post(`${BASE}/webhooks/github`)
        .set('content-type', 'application/json')
        .set('x-github-event', event)
        .set('x-github-delivery', `parity-${delivery}`)
        .set('x-hub-signature-256', `sha256=${createHmac('sha256', GITHUB_SECRET).update(raw).digest('hex')}`)
        .send(raw);
      expect(res.status).toBe(202);
    };
    const repository = { full_name: REPO, name: 'payments', owner: { login: 'acme' } };

    for (const mr of HISTORY.mergeRequests) {
      const commit = { id: mr.commit.id, message: mr.commit.message, timestamp: iso(mr.commit.at) };
      // GitLab
      const input: MergeRequestInput = {
        iid: mr.iid, title: mr.title, author: mr.author, createdAt: mr.createdAt, updatedAt: mr.createdAt,
        state: 'opened', action: 'open', sourceBranch: mr.branch,
      };
      await gitlab('Push Hook', pushHook(mr.branch, mr.author, [commit]));
      await gitlab('Merge Request Hook', mergeRequestHook(input, mr.author));
      for (const c of mr.comments) await gitlab('Note Hook', noteHook(input, c.by, 'A comment', c.at));
      for (const a of mr.approvals) await gitlab('Merge Request Hook', mergeRequestHook({ ...input, action: 'approval', updatedAt: a.at }, a.by));
      if (mr.merged) {
        await gitlab('Merge Request Hook', mergeRequestHook({ ...input, action: 'merge', state: 'merged', updatedAt: mr.merged.at, mergeCommitSha: mr.merged.sha, mergeUser: mr.merged.by }, mr.merged.by));
      }
      // GitHub
      const pr = (extra: object = {}) => ({
        number: mr.iid, title: mr.title, user: { login: mr.author.username, type: 'User' },
        html_url: `https://github.com/${REPO}/pull/${mr.iid}`, created_at: iso(mr.createdAt), updated_at: iso(mr.createdAt),
        merged_at: null, closed_at: null, additions: 0, deletions: 0, changed_files: 0, labels: [], body: '',
        head: { ref: mr.branch }, merge_commit_sha: null, merged_by: null, assignees: [], ...extra,
      });
      await github('push', { ref: `refs/heads/${mr.branch}`, repository, commits: [commit] });
      await github('pull_request', { action: 'opened', pull_request: pr(), repository });
      for (const c of mr.comments) {
        await github('pull_request_review', { action: 'submitted', review: { user: { login: c.by.username, type: 'User' }, state: 'commented', submitted_at: iso(c.at) }, pull_request: pr(), repository });
      }
      for (const a of mr.approvals) {
        await github('pull_request_review', { action: 'submitted', review: { user: { login: a.by.username, type: 'User' }, state: 'approved', submitted_at: iso(a.at) }, pull_request: pr(), repository });
      }
      if (mr.merged) {
        const at = iso(mr.merged.at);
        await github('pull_request', { action: 'closed', pull_request: pr({ merged_at: at, closed_at: at, updated_at: at, merge_commit_sha: mr.merged.sha, merged_by: { login: mr.merged.by.username } }), repository });
      }
    }
    for (const d of HISTORY.deployments) {
      await gitlab('Deployment Hook', deploymentHook({ deploymentId: d.id, status: d.status, statusChangedAt: d.at, environment: 'production', sha: d.sha, user: bob }));
      await github('deployment_status', {
        deployment_status: { state: d.status === 'failed' ? 'failure' : 'success', environment: 'production', created_at: iso(d.at), updated_at: iso(d.at) },
        deployment: { id: d.id, sha: d.sha, environment: 'production', created_at: null },
        repository,
      });
    }
    // The incident comes from the same tool for both (PagerDuty or the events API).
    const incident = (entity: string) => ({
      type: 'incident', source: 'pager', id: `inc-${entity}`, entityRef: `component:default/${entity}`,
      title: 'Refunds fail', createdAt: '2026-03-03T13:00:00Z', resolvedAt: '2026-03-03T15:00:00Z',
    });
    await request(server).post(`${BASE}/events`).set(AUTH).send({ events: [incident('via-gitlab'), incident('via-github')] }).expect(200);

    const card = async (entity: string) => {
      await request(server).post(`${BASE}/scorecards/entity/component/default/${entity}/refresh`).set(AUTH).expect(200);
      const res = await request(server)
        .get(`${BASE}/scorecards/entity/component/default/${entity}`)
        .query({ from: '2026-03-02T00:00:00Z', to: '2026-03-09T00:00:00Z' })
        .set(AUTH)
        .expect(200);
      return {
        metrics: Object.fromEntries(res.body.metrics.map((m: any) => [m.id, { value: m.value, n: m.n, numerator: m.numerator, denominator: m.denominator }])),
        aiPolicy: { applicable: res.body.aiPolicy.applicable, compliant: res.body.aiPolicy.compliant, rate: res.body.aiPolicy.rate },
      };
    };
    const viaGitlab = await card('via-gitlab');
    const viaGithub = await card('via-github');
    expect(viaGitlab).toEqual(viaGithub);
    // And the history is not empty on either side: hand-checked anchors.
    expect(viaGitlab.metrics.lead_time_for_changes).toMatchObject({ value: 19800, n: 2 });
    expect(viaGitlab.metrics.pr_merge_rate).toMatchObject({ value: 1, numerator: 2, denominator: 2 });
    expect(viaGitlab.metrics.review_coverage).toMatchObject({ value: 0.5, numerator: 1, denominator: 2 });
    expect(viaGitlab.aiPolicy).toEqual({ applicable: 2, compliant: 1, rate: 0.5 });
    expect(Object.keys(viaGitlab.metrics).length).toBeGreaterThan(15);
    expect(HOST).toBe('gitlab.example.com');
  });
});
