/*
 * Rate limits and server errors met by the sync, through the real plugin on
 * SQLite and PostgreSQL: waited out when allowed, retried, or stopped with a
 * status the next run resumes from.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import { FakeGitlab } from '../__testUtils__/FakeGitlab';
import {
  TEAM,
  component,
  startBackend,
  storedPullRequests,
  storedRows,
  syncAll,
  syncStatus,
} from '../__testUtils__/backend';
import {
  PATH,
  PaymentsHistory,
  dayZero,
  paymentsHistory,
} from '../__testUtils__/gitlabHistory';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const API = `/api/v4/projects/${PATH}`;
const LEDGER = 'acme/ledger';
/** Requests of an uninterrupted first sync of the payments history (module.test.ts lists them). */
const FULL_SYNC_REQUESTS = 22;

describe.each(databases.eachSupportedId())(
  'GitLab rate limits on %p',
  databaseId => {
    let gitlab: FakeGitlab;
    let history: PaymentsHistory;

    beforeEach(async () => {
      gitlab = new FakeGitlab();
      gitlab.maxPerPage = 2;
      await gitlab.start();
      history = paymentsHistory(dayZero(), gitlab.baseUrl);
      history.install(gitlab);
      gitlab.addProject({
        meta: {
          id: 43,
          path_with_namespace: LEDGER,
          web_url: `${gitlab.baseUrl}/${LEDGER}`,
        },
      });
    });

    afterEach(async () => {
      await gitlab.stop();
    });

    const start = async (sync: Record<string, number> = {}) => {
      const knex = await databases.init(databaseId);
      const server = await startBackend({
        knex,
        gitlab,
        entities: [
          component('payments', PATH),
          component('ledger', LEDGER),
          TEAM,
        ],
        sync,
      });
      return { knex, server };
    };
    const ledgerRequests = () => gitlab.count(r => r.path.includes(LEDGER));
    /** The merge request list asked from the newest of its first page. */
    const isSecondMergeRequestPage = (r: {
      path: string;
      query: Record<string, string>;
    }) =>
      r.path === `${API}/merge_requests` &&
      r.query.updated_after === history.at(1, '10:00');

    it('waits for Retry-After on a 429 and carries on', async () => {
      const { knex, server } = await start();
      gitlab.fail({
        matches: isSecondMergeRequestPage,
        status: 429,
        retryAfter: 1,
      });

      const run = await syncAll(server);

      expect(run).toMatchObject({ status: 'succeeded', errors: [] });
      const sent = gitlab.requests.filter(isSecondMergeRequestPage);
      expect(sent.map(r => r.status)).toEqual([429, 200]);
      // Sent again no sooner than the second it was told (timers may round a millisecond down).
      expect(sent[1].at - sent[0].at).toBeGreaterThanOrEqual(990);
      // The payments history, the 429 sent again, and the ledger's project and three lists.
      expect(run.requests).toBe(FULL_SYNC_REQUESTS + 1 + 4);
      expect(run.requests).toBe(gitlab.count());
      expect((await storedPullRequests(knex)).map(p => p.number)).toEqual([
        1, 2, 3,
      ]);
    });

    it('retries a 5xx in the middle of a list with backoff', async () => {
      const { knex, server } = await start();
      const secondDeploymentPage = (r: {
        path: string;
        query: Record<string, string>;
      }) =>
        r.path === `${API}/deployments` &&
        r.query.updated_after === history.at(1, '12:00');
      gitlab.fail({ matches: secondDeploymentPage, status: 500, times: 1 });
      gitlab.fail({ matches: secondDeploymentPage, status: 503, times: 1 });

      const run = await syncAll(server);

      expect(run).toMatchObject({
        status: 'succeeded',
        errors: [],
        items: { deployments: 4 },
      });
      expect(
        gitlab.requests.filter(secondDeploymentPage).map(r => r.status),
      ).toEqual([500, 503, 200]);
      expect(run.requests).toBe(FULL_SYNC_REQUESTS + 2 + 4);
      const rows = await storedRows(knex);
      expect(
        rows.qs_deployments.map(d => String(d.external_id).split('/').pop()),
      ).toEqual(['101', '102', '103', '105']);
    });

    it('waits for RateLimit-Reset once RateLimit-Remaining is 0, instead of being refused', async () => {
      const { server } = await start();
      gitlab.setQuota(5, 2);
      const resetAt = (Math.floor(Date.now() / 1000) + 2) * 1000;

      const run = await syncAll(server);

      expect(run).toMatchObject({
        status: 'succeeded',
        items: { mergeRequests: 3 },
      });
      expect(gitlab.count(r => r.status === 429)).toBe(0);
      // The sixth request waited for the reset (timers may round a few milliseconds down).
      expect(gitlab.requests[5].at).toBeGreaterThanOrEqual(resetAt - 10);
      expect(run.requests).toBe(FULL_SYNC_REQUESTS + 4);
      expect(run.requests).toBe(gitlab.count());
    });

    it('stops the host when the wait is longer than allowed; the next run resumes', async () => {
      const { knex, server } = await start({ maxRateLimitWaitMinutes: 1 });
      gitlab.fail({
        matches: r => r.path === `${API}/deployments`,
        status: 429,
        retryAfter: 3600,
      });

      const stopped = await syncAll(server);

      const message =
        'GitLab rate limit: 429 Too Many Requests at /api/v4/projects/acme%2Fplatform%2Fpayments/deployments asks to wait 3600 s, more than the 1 min allowed; the next run resumes';
      expect(stopped).toMatchObject({
        status: 'partial',
        projects: { total: 2, done: 2 },
        items: { mergeRequests: 3, deployments: 0, incidents: 0, bugs: 0 },
        errors: [
          { project: PATH, message },
          // The other project of the host is not tried: the limit is the host's.
          { project: LEDGER, message: `${gitlab.host}: ${message}` },
        ],
      });
      expect(ledgerRequests()).toBe(0);
      const status = await syncStatus(server);
      const payments = status.projects.find((p: any) => p.project === PATH);
      expect(payments).toMatchObject({
        status: 'rate-limited',
        error: message,
      });
      // Merge requests were delivered: their cursor moved; deployments' did not.
      expect(Object.keys(payments.cursors)).toEqual(['mergeRequests']);

      gitlab.clearRequests();
      const resumed = await syncAll(server);
      expect(resumed).toMatchObject({
        status: 'succeeded',
        items: { mergeRequests: 0, deployments: 4, incidents: 1, bugs: 1 },
      });
      // No merge request is read again.
      expect(gitlab.count(r => /\/merge_requests\/\d+\//.test(r.path))).toBe(0);
      const rows = await storedRows(knex);
      expect(
        Object.fromEntries(
          Object.entries(rows).map(([table, list]) => [table, list.length]),
        ),
      ).toEqual({
        qs_pull_requests: 3,
        qs_deployments: 4,
        qs_incidents: 1,
        qs_bugs: 1,
      });
    });
  },
);
