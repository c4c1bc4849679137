/*
 * GitLab hooks through the plugin's signed route, into the real store, on
 * SQLite and PostgreSQL; then the scorecard computed from them.
 */
import { Knex } from 'knex';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the tests run the real plugin with its module
import qualityScorecardPlugin from '@shewhart/plugin-quality-scorecard-backend';
import qualityScorecardModuleGitlab from '../index';
import {
  deploymentHook,
  HOST,
  issueHook,
  MergeRequestInput,
  mergeRequestHook,
  noteHook,
  PATH,
  pushHook,
  USERS,
} from '../__testUtils__/webhookPayloads';

jest.setTimeout(60_000);

const BASE = '/api/quality-scorecard';
const SECRETS = ['old-gitlab-secret', 'new-gitlab-secret'];
const AUTH = { Authorization: mockCredentials.user.header() };
const { alice, bob } = USERS;
const sha = (c: string) => c.repeat(40);

const PAYMENTS = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    namespace: 'default',
    annotations: {
      'gitlab.com/project-slug': PATH,
      'gitlab.com/instance': HOST,
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/payments-team',
  },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/payments-team' }],
};

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

async function start(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const { server } = await startTestBackend({
    features: [
      qualityScorecardPlugin,
      qualityScorecardModuleGitlab,
      catalogServiceMock.factory({ entities: [PAYMENTS as any] }),
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          qualityScorecard: {
            gitlab: { webhookSecrets: SECRETS },
            demoData: { enabled: false },
          },
        },
      }),
    ],
  });
  return { server, knex };
}

type Server = Awaited<ReturnType<typeof start>>['server'];

function post(
  server: Server,
  event: string,
  body: unknown,
  headers: Record<string, string> = { 'x-gitlab-token': SECRETS[1] },
) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  let r = request(server)
    .post(`${BASE}/webhooks/gitlab`)
    .set('content-type', 'application/json')
    .set('x-gitlab-event', event);
  for (const [name, value] of Object.entries(headers)) r = r.set(name, value);
  return r.send(raw);
}

async function counts(knex: Knex) {
  const n = async (table: string, where: object = {}) =>
    Number((await knex(table).where(where).count({ c: '*' }))[0].c);
  return {
    raw: await n('qs_raw_deliveries', { source: 'gitlab' }),
    pullRequests: await n('qs_pull_requests'),
    deployments: await n('qs_deployments'),
    incidents: await n('qs_incidents'),
    bugs: await n('qs_bugs'),
  };
}

const MR1: MergeRequestInput = {
  iid: 1,
  title: 'Refunds',
  author: alice,
  createdAt: '2026-03-02 10:00:00 UTC',
  updatedAt: '2026-03-02 10:00:00 UTC',
  state: 'opened',
  action: 'open',
  sourceBranch: 'feature/refunds',
};
const C1 = {
  id: sha('a'),
  message: 'Add refunds\n\nCo-authored-by: Claude <noreply@anthropic.com>',
  timestamp: '2026-03-02T09:00:00Z',
};
const MR2: MergeRequestInput = {
  iid: 2,
  title: 'Raise limits',
  author: alice,
  createdAt: '2026-03-03 09:00:00 UTC',
  updatedAt: '2026-03-03 09:00:00 UTC',
  state: 'opened',
  action: 'open',
  sourceBranch: 'fix/limits',
};
const C2 = {
  id: sha('b'),
  message: 'Raise limits\n\nCo-authored-by: Claude <noreply@anthropic.com>',
  timestamp: '2026-03-03T08:00:00+00:00',
};

/** Two AI-assisted MRs: one approved by bob and merged by him, one self-approved and self-merged. */
async function sendHistory(server: Server) {
  const sent = [
    ['Push Hook', pushHook('feature/refunds', alice, [C1])],
    ['Merge Request Hook', mergeRequestHook(MR1, alice)],
    [
      'Note Hook',
      noteHook(MR1, bob, 'Please add a test', '2026-03-02 11:00:00 UTC'),
    ],
    [
      'Merge Request Hook',
      mergeRequestHook(
        { ...MR1, action: 'approval', updatedAt: '2026-03-02T12:00:00Z' },
        bob,
      ),
    ],
    [
      'Merge Request Hook',
      mergeRequestHook(
        { ...MR1, action: 'approved', updatedAt: '2026-03-02T12:00:00Z' },
        bob,
      ),
    ],
    [
      'Merge Request Hook',
      mergeRequestHook(
        {
          ...MR1,
          action: 'merge',
          state: 'merged',
          updatedAt: '2026-03-02 14:00:00 UTC',
          mergeCommitSha: sha('c'),
          mergeUser: bob,
        },
        bob,
      ),
    ],
    [
      'Deployment Hook',
      deploymentHook({
        deploymentId: 11,
        status: 'running',
        statusChangedAt: '2026-03-02 15:50:00 +0000',
        environment: 'prod',
        sha: sha('c'),
        user: bob,
      }),
    ],
    [
      'Deployment Hook',
      deploymentHook({
        deploymentId: 11,
        status: 'success',
        statusChangedAt: '2026-03-02 16:00:00 +0000',
        environment: 'prod',
        sha: sha('c'),
        user: bob,
      }),
    ],
    ['Push Hook', pushHook('fix/limits', alice, [C2])],
    ['Merge Request Hook', mergeRequestHook(MR2, alice)],
    [
      'Merge Request Hook',
      mergeRequestHook(
        { ...MR2, action: 'approval', updatedAt: '2026-03-03 09:30:00 UTC' },
        alice,
      ),
    ],
    [
      'Merge Request Hook',
      mergeRequestHook(
        {
          ...MR2,
          action: 'merge',
          state: 'merged',
          updatedAt: '2026-03-03 10:00:00 UTC',
          mergeCommitSha: sha('d'),
          mergeUser: alice,
        },
        alice,
      ),
    ],
    [
      'Deployment Hook',
      deploymentHook({
        deploymentId: 12,
        status: 'success',
        statusChangedAt: '2026-03-03 12:00:00 UTC',
        environment: 'production/eu',
        sha: sha('d'),
        user: alice,
      }),
    ],
    [
      'Deployment Hook',
      deploymentHook({
        deploymentId: 13,
        status: 'success',
        statusChangedAt: '2026-03-03 12:30:00 UTC',
        environment: 'staging',
        tier: 'staging',
        sha: sha('d'),
        user: alice,
      }),
    ],
    [
      'Issue Hook',
      issueHook({
        iid: 5,
        title: 'Refunds fail',
        issueType: 'incident',
        createdAt: '2026-03-03 13:00:00 UTC',
        state: 'opened',
        severity: 'high',
        user: bob,
      }),
    ],
    [
      'Issue Hook',
      issueHook({
        iid: 5,
        title: 'Refunds fail',
        issueType: 'incident',
        createdAt: '2026-03-03 13:00:00 UTC',
        closedAt: '2026-03-03 15:00:00 UTC',
        state: 'closed',
        severity: 'high',
        user: bob,
        action: 'close',
      }),
    ],
    [
      'Confidential Issue Hook',
      issueHook({
        iid: 6,
        title: 'Limit off by one',
        createdAt: '2026-03-04 09:00:00 UTC',
        state: 'opened',
        labels: ['Bug'],
        confidential: true,
        user: bob,
      }),
    ],
    [
      'Issue Hook',
      issueHook({
        iid: 7,
        title: 'Docs typo',
        createdAt: '2026-03-04 10:00:00 UTC',
        state: 'opened',
        labels: ['docs'],
        user: bob,
      }),
    ],
  ] as const;
  for (const [event, body] of sent) {
    const res = await post(server, event, body);
    expect({ event, status: res.status }).toEqual({ event, status: 202 });
  }
}

describe.each(databases.eachSupportedId())(
  'GitLab webhooks on %p',
  databaseId => {
    it('answers 401 to a missing or wrong token and stores nothing', async () => {
      const { server, knex } = await start(databaseId);
      const body = mergeRequestHook(MR1, alice);
      const none = await post(server, 'Merge Request Hook', body, {});
      expect(none.status).toBe(401);
      expect(none.body.error.message).toBe('Missing X-Gitlab-Token header');
      const wrong = await post(server, 'Merge Request Hook', body, {
        'x-gitlab-token': 'new-gitlab-secreT',
      });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.message).toBe('Invalid X-Gitlab-Token');
      expect(await counts(knex)).toEqual({
        raw: 0,
        pullRequests: 0,
        deployments: 0,
        incidents: 0,
        bugs: 0,
      });
      // Either secret of a rotation verifies.
      const old = await post(server, 'Merge Request Hook', body, {
        'x-gitlab-token': SECRETS[0],
      });
      expect(old.status).toBe(202);
      expect(old.body).toMatchObject({
        duplicate: false,
        processed: true,
        events: 1,
      });
    });

    it('stores a retried delivery once, by Idempotency-Key, else by a hash of event and body', async () => {
      const { server, knex } = await start(databaseId);
      const body = mergeRequestHook(MR1, alice);
      const headers = {
        'x-gitlab-token': SECRETS[1],
        'idempotency-key': 'b3b1d6a4-4a3b-4b7e-9d7a-5e7c2a0f1e11',
        'x-gitlab-event-uuid': 'shared-uuid',
      };
      expect(
        (await post(server, 'Merge Request Hook', body, headers)).status,
      ).toBe(202);
      const again = await post(server, 'Merge Request Hook', body, headers);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({
        deliveryId: headers['idempotency-key'],
        duplicate: true,
      });
      // Another hook in the same request chain shares the event UUID, not the key.
      const push = await post(
        server,
        'Push Hook',
        pushHook('feature/refunds', alice, [C1]),
        {
          ...headers,
          'idempotency-key': '0c6d1f0e-8d1e-4a55-a1ad-2a4b8e3c2d10',
        },
      );
      expect(push.status).toBe(202);
      // Without the header (older GitLab), the same event and body is one delivery.
      const unkeyed = await post(
        server,
        'Note Hook',
        noteHook(MR1, bob, 'LGTM', '2026-03-02 11:00:00 UTC'),
      );
      expect(unkeyed.body.deliveryId).toMatch(/^sha256:[0-9a-f]{64}$/);
      const unkeyedAgain = await post(
        server,
        'Note Hook',
        noteHook(MR1, bob, 'LGTM', '2026-03-02 11:00:00 UTC'),
      );
      expect(unkeyedAgain.body).toMatchObject({
        deliveryId: unkeyed.body.deliveryId,
        duplicate: true,
      });
      expect(await counts(knex)).toEqual({
        raw: 3,
        pullRequests: 1,
        deployments: 0,
        incidents: 0,
        bugs: 0,
      });
    });

    it.each([
      ['{"object_kind": "merge_request",', 'Merge Request Hook', /JSON/i],
      [
        JSON.stringify({
          ...mergeRequestHook(MR1, alice),
          object_attributes: {
            ...mergeRequestHook(MR1, alice).object_attributes,
            iid: '1',
          },
        }),
        'Merge Request Hook',
        /^Merge Request Hook: object_attributes\.iid must be number, not string$/,
      ],
      [
        JSON.stringify({ ...mergeRequestHook(MR1, alice), project: undefined }),
        'Merge Request Hook',
        /^Merge Request Hook: project is required$/,
      ],
      [
        JSON.stringify({
          ...mergeRequestHook(MR1, alice),
          object_attributes: {
            ...mergeRequestHook(MR1, alice).object_attributes,
            created_at: 'yesterday',
          },
        }),
        'Merge Request Hook',
        /^Merge Request Hook: object_attributes\.created_at must be a time/,
      ],
      [
        JSON.stringify({
          ...deploymentHook({
            deploymentId: 1,
            status: 'success',
            statusChangedAt: '2026-03-02 16:00:00 +0000',
            environment: 'prod',
            sha: sha('c'),
            user: bob,
          }),
          deployment_id: null,
        }),
        'Deployment Hook',
        /^Deployment Hook: deployment_id must be number, not null$/,
      ],
      [
        JSON.stringify({
          ...pushHook('main', alice, [C1]),
          commits: [
            { id: sha('a'), message: 'x', timestamp: '2026-03-02 09:00:00' },
          ],
        }),
        'Push Hook',
        /^Push Hook: commits\.0\.timestamp must be a time/,
      ],
    ])(
      'answers 400 naming the field and stores nothing: %#',
      async (body, event, message) => {
        const { server, knex } = await start(databaseId);
        const res = await post(server, event, body);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
        expect(await counts(knex)).toEqual({
          raw: 0,
          pullRequests: 0,
          deployments: 0,
          incidents: 0,
          bugs: 0,
        });
      },
    );

    it('keeps hooks it does not map in the raw log and answers 202', async () => {
      const { server, knex } = await start(databaseId);
      const res = await post(server, 'Pipeline Hook', {
        object_kind: 'pipeline',
        object_attributes: { id: 1, status: 'success' },
        project: {
          path_with_namespace: PATH,
          web_url: `https://${HOST}/${PATH}`,
        },
      });
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ processed: true, events: 0 });
      const other = await post(server, 'Wiki Page Hook', {
        object_kind: 'wiki_page',
      });
      expect(other.status).toBe(202);
      expect(await counts(knex)).toEqual({
        raw: 2,
        pullRequests: 0,
        deployments: 0,
        incidents: 0,
        bugs: 0,
      });
    });

    it('maps merge requests, approvals, notes, pushes, deployments and issues to the events the scorecard reads', async () => {
      const { server, knex } = await start(databaseId);
      await sendHistory(server);
      expect(await counts(knex)).toEqual({
        raw: 18,
        pullRequests: 2,
        deployments: 3,
        incidents: 1,
        bugs: 1,
      });

      const prs = await knex('qs_pull_requests').orderBy('number');
      expect(
        prs.map(r => ({
          id: r.external_id,
          entityRef: r.entity_ref,
          gitlabProject: r.gitlab_project,
          gitlabInstance: r.gitlab_instance,
          repository: r.repository,
          author: r.author,
          createdAt: new Date(Number(r.created_at)).toISOString(),
          mergedAt: new Date(Number(r.merged_at)).toISOString(),
          mergedBy: r.merged_by,
          mergeCommitSha: r.merge_commit_sha,
          headRef: r.head_ref,
          commits: JSON.parse(r.commits).map((c: any) => [
            c.sha.slice(0, 1),
            new Date(c.authoredAt).toISOString(),
          ]),
          reviews: JSON.parse(r.reviews).map((v: any) => [
            v.reviewer,
            v.state,
            new Date(v.submittedAt).toISOString(),
          ]),
        })),
      ).toEqual([
        {
          id: `${HOST}/${PATH}!1`,
          entityRef: 'component:default/payments',
          gitlabProject: PATH,
          gitlabInstance: HOST,
          repository: null,
          author: 'alice',
          createdAt: '2026-03-02T10:00:00.000Z',
          mergedAt: '2026-03-02T14:00:00.000Z',
          mergedBy: 'bob',
          mergeCommitSha: sha('c'),
          headRef: 'feature/refunds',
          commits: [['a', '2026-03-02T09:00:00.000Z']],
          reviews: [
            ['bob', 'COMMENTED', '2026-03-02T11:00:00.000Z'],
            ['bob', 'APPROVED', '2026-03-02T12:00:00.000Z'],
          ],
        },
        {
          id: `${HOST}/${PATH}!2`,
          entityRef: 'component:default/payments',
          gitlabProject: PATH,
          gitlabInstance: HOST,
          repository: null,
          author: 'alice',
          createdAt: '2026-03-03T09:00:00.000Z',
          mergedAt: '2026-03-03T10:00:00.000Z',
          mergedBy: 'alice',
          mergeCommitSha: sha('d'),
          headRef: 'fix/limits',
          commits: [['b', '2026-03-03T08:00:00.000Z']],
          reviews: [['alice', 'APPROVED', '2026-03-03T09:30:00.000Z']],
        },
      ]);

      const deployments = await knex('qs_deployments').orderBy('finished_at');
      expect(
        deployments.map(d => [
          d.external_id,
          d.environment,
          d.status,
          new Date(Number(d.finished_at)).toISOString(),
          d.commit_sha,
        ]),
      ).toEqual([
        [
          `${HOST}/${PATH}/deployments/11`,
          'production',
          'success',
          '2026-03-02T16:00:00.000Z',
          sha('c'),
        ],
        [
          `${HOST}/${PATH}/deployments/12`,
          'production',
          'success',
          '2026-03-03T12:00:00.000Z',
          sha('d'),
        ],
        [
          `${HOST}/${PATH}/deployments/13`,
          'staging',
          'success',
          '2026-03-03T12:30:00.000Z',
          sha('d'),
        ],
      ]);
      const [incident] = await knex('qs_incidents');
      expect([
        incident.external_id,
        incident.severity,
        Number(incident.resolved_at) - Number(incident.created_at),
        incident.url,
      ]).toEqual([
        `${HOST}/${PATH}#5`,
        'high',
        2 * 3600_000,
        `https://${HOST}/${PATH}/-/issues/5`,
      ]);
      const [bug] = await knex('qs_bugs');
      expect([bug.external_id, bug.title, bug.closed_at]).toEqual([
        `${HOST}/${PATH}#6`,
        'Limit off by one',
        null,
      ]);

      await request(server)
        .post(`${BASE}/scorecards/entity/component/default/payments/refresh`)
        .set(AUTH)
        .expect(200);
      const card = await request(server)
        .get(`${BASE}/scorecards/entity/component/default/payments`)
        .query({ from: '2026-03-02T00:00:00Z', to: '2026-03-09T00:00:00Z' })
        .set(AUTH)
        .expect(200);
      const byId = Object.fromEntries(
        card.body.metrics.map((m: any) => [m.id, m]),
      );
      // Lead time: !1 first commit 09:00 → deployed 16:00 = 25,200 s; !2 08:00 → 12:00 next day = 14,400 s; median 19,800 s.
      expect(byId.lead_time_for_changes).toMatchObject({ value: 19800, n: 2 });
      // Change failure rate: the incident at 13:00 follows deployment 12 (12:00): 1 of 2 production deployments.
      expect(byId.change_failure_rate).toMatchObject({
        value: 0.5,
        numerator: 1,
        denominator: 2,
      });
      // Recovery: deployment 12 finished 12:00, its incident resolved 15:00.
      expect(byId.failed_deployment_recovery_time).toMatchObject({
        value: 10800,
        n: 1,
      });
      expect(byId.time_to_restore).toMatchObject({ value: 7200, n: 1 });
      // Review coverage: !1 approved by bob; !2 only by its author.
      expect(byId.review_coverage).toMatchObject({
        value: 0.5,
        numerator: 1,
        denominator: 2,
      });
      // Both carry Claude's co-author trailer; only !1 has an independent approval and no self-merge.
      expect(byId.ai_assisted_share).toMatchObject({
        value: 1,
        numerator: 2,
        denominator: 2,
      });
      expect(card.body.aiPolicy).toMatchObject({
        applicable: 2,
        compliant: 1,
        rate: 0.5,
      });
      expect(
        card.body.aiPolicy.violations.map((v: any) => v.pullRequest),
      ).toEqual([2]);
    });

    it('removes an issue that is no longer an incident, and keeps it as a bug when it becomes one', async () => {
      const { server, knex } = await start(databaseId);
      const issue = (issueType: 'incident' | 'issue', labels: string[]) =>
        issueHook({
          iid: 9,
          title: 'Slow refunds',
          issueType,
          createdAt: '2026-03-03 13:00:00 UTC',
          state: 'opened',
          labels,
          user: bob,
          action: 'update',
        });
      await post(server, 'Issue Hook', issue('incident', [])).expect(202);
      expect(await counts(knex)).toMatchObject({ incidents: 1, bugs: 0 });
      await post(server, 'Issue Hook', issue('issue', ['bug'])).expect(202);
      expect(await counts(knex)).toMatchObject({ incidents: 0, bugs: 1 });
      await post(server, 'Issue Hook', issue('issue', ['docs'])).expect(202);
      expect(await counts(knex)).toMatchObject({ incidents: 0, bugs: 0 });
    });

    it('reads GitLab times in both formats and a draft marked ready', async () => {
      const { server, knex } = await start(databaseId);
      const draft = {
        ...MR1,
        draft: true,
        createdAt: '2026-03-02T10:00:00+01:00',
        updatedAt: '2026-03-02T10:00:00+01:00',
      };
      await post(
        server,
        'Merge Request Hook',
        mergeRequestHook(draft, alice),
      ).expect(202);
      await post(
        server,
        'Merge Request Hook',
        mergeRequestHook(
          {
            ...draft,
            draft: false,
            action: 'update',
            updatedAt: '2026-03-02 13:30:00 UTC',
          },
          alice,
          { draft: { previous: true, current: false } },
        ),
      ).expect(202);
      const [pr] = await knex('qs_pull_requests');
      expect([
        new Date(Number(pr.created_at)).toISOString(),
        new Date(Number(pr.ready_for_review_at)).toISOString(),
        pr.merged_at,
        pr.closed_at,
      ]).toEqual([
        '2026-03-02T09:00:00.000Z',
        '2026-03-02T13:30:00.000Z',
        null,
        null,
      ]);
    });
  },
);
