/*
 * Re-runs of the GitLab sync: incremental from the cursors, and resumed
 * without loss or duplicates after GitLab stopped answering mid-run; through
 * the real plugin on SQLite and PostgreSQL.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import { FakeGitlab } from '../__testUtils__/FakeGitlab';
import {
  TEAM,
  component,
  startBackend,
  storedIssues,
  storedPullRequests,
  storedRows,
  syncAll,
  syncStatus,
} from '../__testUtils__/backend';
import { PATH, PaymentsHistory } from '../__testUtils__/gitlabHistory';
import {
  requestLog,
  usePaymentsGitlab,
} from '../__testUtils__/paymentsFixture';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const API = `/api/v4/projects/${PATH}`;
const NO_ITEMS = { mergeRequests: 0, deployments: 0, incidents: 0, bugs: 0 };

describe.each(databases.eachSupportedId())(
  'GitLab sync re-runs on %p',
  databaseId => {
    const fixture = usePaymentsGitlab();
    let gitlab: FakeGitlab;
    let at: PaymentsHistory['at'];
    beforeEach(() => {
      ({ gitlab } = fixture);
      at = fixture.history.at;
    });

    const start = async (
      entities: unknown[] = [component('payments', PATH), TEAM],
    ) => {
      const knex = await databases.init(databaseId);
      const server = await startBackend({ knex, gitlab, entities });
      return { knex, server };
    };
    const requests = () => requestLog(gitlab);

    it('re-runs incrementally: an unchanged project costs a page per list; a change reads only that', async () => {
      const { knex, server } = await start();
      await syncAll(server);
      const before = await storedRows(knex);

      gitlab.clearRequests();
      const unchanged = await syncAll(server);
      // From 5 minutes before each cursor: the newest item of each list comes
      // again; the merge request is known at that updated_at and not read.
      expect(requests()).toEqual([
        [200, API],
        [200, `${API}/merge_requests`, at(2, '11:55'), 1],
        [200, `${API}/deployments`, at(2, '13:05'), 1],
        [200, `${API}/issues`, at(2, '09:55'), 1],
      ]);
      expect(unchanged).toMatchObject({
        status: 'succeeded',
        requests: 4,
        // Deployment 105 delivered again; the plugin finds it unchanged.
        items: { ...NO_ITEMS, deployments: 1 },
      });
      expect(await storedRows(knex)).toEqual(before);

      // grace approves !3; a new incident opens.
      const now = Date.now();
      // Whole seconds, as GitLab times are read.
      const approvedAt = new Date(
        Math.floor((now - 3_600_000) / 1000) * 1000,
      ).toISOString();
      const mr3 = gitlab.project(PATH).mergeRequests[2];
      mr3.notes.push({
        id: 900,
        body: 'approved this merge request',
        author: { id: 2, username: 'grace' },
        created_at: approvedAt,
        updated_at: approvedAt,
        system: true,
      });
      mr3.mr.updated_at = approvedAt;
      gitlab.project(PATH).issues.push({
        ...gitlab.project(PATH).issues[0],
        id: 5009,
        iid: 9,
        title: 'Refund webhooks delayed',
        state: 'opened',
        severity: 'UNKNOWN',
        created_at: new Date(now - 7_200_000).toISOString(),
        updated_at: new Date(now - 7_200_000).toISOString(),
        closed_at: null,
        web_url: `${gitlab.baseUrl}/${PATH}/-/issues/9`,
      });

      gitlab.clearRequests();
      const changed = await syncAll(server);
      expect(requests()).toEqual([
        [200, API],
        [200, `${API}/merge_requests`, at(2, '11:55'), 1],
        [200, `${API}/merge_requests/3/commits`],
        [200, `${API}/merge_requests/3/diffs`],
        [200, `${API}/merge_requests/3/notes`],
        [200, `${API}/merge_requests/3/approvals`],
        [200, `${API}/deployments`, at(2, '13:05'), 1],
        // #7 (at the cursor) and #9: one page.
        [200, `${API}/issues`, at(2, '09:55'), 1],
      ]);
      expect(changed.items).toEqual({
        mergeRequests: 1,
        deployments: 1,
        incidents: 1,
        bugs: 0,
      });
      const after = await storedPullRequests(knex);
      // The approval note now times grace's approval.
      expect(after[2].reviews).toEqual([
        {
          reviewer: 'ada',
          state: 'COMMENTED',
          submittedAt: at(2, '11:00'),
          isBot: false,
        },
        {
          reviewer: 'grace',
          state: 'APPROVED',
          submittedAt: approvedAt,
          isBot: false,
        },
      ]);
      const rows = await storedRows(knex);
      expect(rows.qs_pull_requests.slice(0, 2)).toEqual(
        before.qs_pull_requests.slice(0, 2),
      );
      expect(rows.qs_deployments).toEqual(before.qs_deployments);
      expect(
        (await storedIssues(knex)).incidents.map(i => [
          i.id.split('#')[1],
          i.severity,
        ]),
      ).toEqual([
        ['5', 'high'],
        ['9', null],
      ]);
      const status = await syncStatus(server);
      expect(status.projects[0].cursors).toEqual({
        mergeRequests: approvedAt,
        deployments: at(2, '13:10'),
        issues: new Date(now - 7_200_000).toISOString(),
      });
    });

    // GitLab answers this many requests, then drops every connection: during
    // !1's reads, nothing delivered; during !2's, after !1 was delivered (a
    // merge request's page is delivered once read, or up to a failure); after
    // two pages of deployments; after the first page of issues. Then what is
    // stored and the cursors (each moved only past delivered pages), and the
    // merge requests the resumed run reads again.

    it.each([
      { answered: 3, stored: [], cursors: {}, readAgain: [1, 2, 3] },
      { answered: 10, stored: [1], cursors: {}, readAgain: [2, 3] },
      {
        answered: 18,
        stored: [1, 2, 3],
        cursors: { mergeRequests: [2, '12:00'], deployments: [1, '16:10'] },
        readAgain: [],
      },
      {
        answered: 21,
        stored: [1, 2, 3],
        cursors: {
          mergeRequests: [2, '12:00'],
          deployments: [2, '13:10'],
          issues: [2, '09:00'],
        },
        readAgain: [],
      },
    ] as Array<{
      answered: number;
      stored: number[];
      cursors: Record<string, [number, string]>;
      readAgain: number[];
    }>)(
      'resumes after GitLab stopped answering after $answered requests: the same rows as an uninterrupted run, none twice',
      async ({ answered, stored, cursors, readAgain }) => {
        const uninterrupted = await start();
        await syncAll(uninterrupted.server);
        const expected = await storedRows(uninterrupted.knex);
        expect(expected.qs_pull_requests).toHaveLength(3);

        gitlab.clearRequests();
        const { knex, server } = await start();
        gitlab.crashAfter(answered);
        const crashed = await syncAll(server);
        expect(crashed).toMatchObject({
          status: 'partial',
          errors: [
            {
              project: PATH,
              message: expect.stringMatching(
                /^no answer from GitLab at \/api\/v4\/projects\/acme%2Fplatform%2Fpayments\/.* after 4 attempts/,
              ),
            },
          ],
        });
        // The first dropped request, retried three times.
        expect(gitlab.count(r => r.status === 0)).toBe(4);
        expect((await storedPullRequests(knex)).map(p => p.number)).toEqual(
          stored,
        );
        const [project] = (await syncStatus(server)).projects;
        expect(project).toMatchObject({ status: 'error' });
        expect(project.cursors).toEqual(
          Object.fromEntries(
            Object.entries(cursors).map(([kind, [day, time]]) => [
              kind,
              at(day, time),
            ]),
          ),
        );

        gitlab.recover();
        gitlab.clearRequests();
        const resumed = await syncAll(server);
        expect(resumed).toMatchObject({ status: 'succeeded', errors: [] });
        expect(
          gitlab.requests
            .map(r => /\/merge_requests\/(\d+)\/commits$/.exec(r.path)?.[1])
            .filter(Boolean)
            .map(Number),
        ).toEqual(readAgain);
        expect(await storedRows(knex)).toEqual(expected);
        expect((await syncStatus(server)).projects[0]).toMatchObject({
          status: 'ok',
          error: null,
        });
      },
    );
  },
);
