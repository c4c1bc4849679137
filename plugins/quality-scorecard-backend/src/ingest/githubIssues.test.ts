import { TestDatabases } from '@backstage/backend-test-utils';
import {
  githubRepository,
  githubUser,
  pullRequestDelivery,
  OPENED_PR,
} from '../__fixtures__/github';
import { createIngestHarness } from '../__fixtures__/ingestHarness';

/*
 * GitHub `issues` deliveries through the webhook source, live: incidents and
 * bugs by the sync's label rules, with the sync's ids, on SQLite and
 * PostgreSQL.
 */

jest.setTimeout(60_000);

const MERGED_PR_SHA = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const CHECKOUT = 'component:default/checkout';
const ID = 'acme/checkout/issues/7';

type Label = string;
function issueDelivery(
  action: string,
  options: {
    labels: Label[];
    state?: 'open' | 'closed';
    closedAt?: string | null;
    updatedAt?: string;
    body?: string;
    pullRequest?: boolean;
  },
) {
  return {
    action,
    issue: {
      number: 7,
      title: 'Checkout times out',
      html_url: 'https://github.com/acme/checkout/issues/7',
      user: githubUser('ada'),
      labels: options.labels.map(name => ({
        id: name.length,
        name,
        color: 'd73a4a',
      })),
      state: options.state ?? 'open',
      created_at: '2026-02-04T09:00:00Z',
      updated_at:
        options.updatedAt ?? options.closedAt ?? '2026-02-04T09:00:00Z',
      closed_at: options.closedAt ?? null,
      body: options.body ?? '',
      ...(options.pullRequest
        ? {
            pull_request: {
              url: 'https://api.github.com/repos/acme/checkout/pulls/7',
            },
          }
        : {}),
    },
    repository: githubRepository('acme/checkout'),
    sender: githubUser('ada'),
  };
}

describe.each(databases.eachSupportedId())(
  'GitHub issues webhooks on %p',
  databaseId => {
    async function harness() {
      const knex = await databases.init(databaseId);
      const h = await createIngestHarness(knex, {
        repositories: { 'acme/checkout': CHECKOUT },
      });
      const rows = async () => ({
        incidents: (await knex('qs_incidents')).map(r => [
          r.external_id,
          r.entity_ref,
          r.severity,
          r.resolved_at === null ? null : Number(r.resolved_at),
          r.caused_by_pr === null ? null : Number(r.caused_by_pr),
        ]),
        bugs: (await knex('qs_bugs')).map(r => [
          r.external_id,
          r.entity_ref,
          r.severity,
          r.closed_at === null ? null : Number(r.closed_at),
          r.introduced_by_pr === null ? null : Number(r.introduced_by_pr),
        ]),
      });
      return { h, rows, knex };
    }

    it('follows an issue through opened, closed, reopened, relabelled and deleted', async () => {
      const { h, rows } = await harness();
      // GitHub's updated_at moves on with every change: a minute per delivery.
      let minute = 0;
      const send = async (
        action: string,
        options: Parameters<typeof issueDelivery>[1],
      ) => {
        minute += 1;
        const updatedAt = new Date(
          Date.parse('2026-02-04T12:00:00Z') + minute * 60_000,
        ).toISOString();
        expect(
          await h.github(
            'issues',
            issueDelivery(action, { updatedAt, ...options }),
          ),
        ).toMatchObject({ duplicate: false });
      };

      await send('opened', { labels: ['Incident', 'severity: high'] });
      expect(await rows()).toEqual({
        incidents: [[ID, CHECKOUT, 'high', null, null]],
        bugs: [],
      });

      await send('closed', {
        labels: ['Incident', 'severity: high'],
        state: 'closed',
        closedAt: '2026-02-04T11:30:00Z',
      });
      expect(await rows()).toEqual({
        incidents: [
          [ID, CHECKOUT, 'high', Date.parse('2026-02-04T11:30:00Z'), null],
        ],
        bugs: [],
      });

      await send('reopened', { labels: ['Incident', 'severity: high'] });
      expect((await rows()).incidents[0][3]).toBeNull();

      // Not an incident any more, but a bug: one issue is one of them.
      await send('unlabeled', { labels: ['bug', 'sev2'] });
      expect(await rows()).toEqual({
        incidents: [],
        bugs: [[ID, CHECKOUT, 'sev2', null, null]],
      });

      // Neither: removed.
      await send('unlabeled', { labels: ['question'] });
      expect(await rows()).toEqual({ incidents: [], bugs: [] });

      await send('labeled', { labels: ['bug'] });
      expect((await rows()).bugs).toHaveLength(1);
      await send('deleted', { labels: ['bug'] });
      expect(await rows()).toEqual({ incidents: [], bugs: [] });
      // A delivery from before the delete, arriving late, does not bring it back.
      await send('labeled', {
        labels: ['bug'],
        updatedAt: '2026-02-04T12:00:30Z',
      });
      expect(await rows()).toEqual({ incidents: [], bugs: [] });
    });

    it('links a root cause to the merged PR of that commit, and ignores pull requests', async () => {
      const { h, rows } = await harness();
      await h.github(
        'pull_request',
        pullRequestDelivery('closed', {
          ...OPENED_PR,
          mergedAt: '2026-02-03T16:45:00Z',
          closedAt: '2026-02-03T16:45:00Z',
          updatedAt: '2026-02-03T16:45:00Z',
          mergeCommitSha: MERGED_PR_SHA,
          mergedBy: 'grace',
        }),
      );
      await h.github(
        'issues',
        issueDelivery('opened', {
          labels: ['bug'],
          body: `Found in production.\nroot cause: ${MERGED_PR_SHA.slice(
            0,
            9,
          )}`,
        }),
      );
      expect((await rows()).bugs).toEqual([
        [ID, CHECKOUT, null, null, OPENED_PR.number],
      ]);
      await h.github(
        'issues',
        issueDelivery('opened', {
          labels: ['Incident'],
          body: 'root cause: 1234567',
          pullRequest: true,
        }),
      );
      expect((await rows()).incidents).toEqual([]);
    });
  },
);
