/**
 * Conformance with Apache DevLake's GitHub e2e data: real REST responses of
 * panjf2000/ants (49 pull requests, their reviews and commits) served by the
 * fake GitHub, synced, and compared with DevLake's expected tables. Reads
 * ../shared/fixtures when it exists beside the checkout, and says so when not.
 */
import fs from 'fs';
import path from 'path';
import { TestDatabases } from '@backstage/backend-test-utils';
import { FakeGithub } from './__testUtils__/FakeGithub';
import { repository } from './__testUtils__/githubPayloads';
import { parseCsv } from './__testUtils__/csv';
import {
  TEAM,
  component,
  startBackend,
  storedPullRequests,
  syncAll,
} from './__testUtils__/backend';

jest.setTimeout(120_000);

const FIXTURES = path.resolve(
  __dirname,
  '../../../../shared/fixtures/github-rest-devlake-e2e',
);
const present = fs.existsSync(FIXTURES);
if (!present) {
  // eslint-disable-next-line no-console
  console.log(`SKIPPED: DevLake conformance, ${FIXTURES} is absent`);
}

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const CONNECTION = '{"ConnectionId":1,"Name":"panjf2000/ants"}';

function raw(table: string) {
  return parseCsv(fs.readFileSync(path.join(FIXTURES, table), 'utf8')).filter(
    r => r.params === CONNECTION,
  );
}

// Without the fixtures the suite reports itself skipped in words (above) and
// in one test, rather than as a skipped jest test.
const suite = present
  ? describe
  : (name: string, _body: () => void) =>
      // eslint-disable-next-line jest/valid-title
      describe(name, () => {
        it('is skipped because ../shared/fixtures is absent', () => {
          expect(fs.existsSync(FIXTURES)).toBe(false);
        });
      });

suite('DevLake GitHub e2e conformance', () => {
  let github: FakeGithub;

  beforeAll(async () => {
    github = new FakeGithub();
    await github.start();
    const byNumber = (rows: Array<Record<string, string>>) => {
      const map = new Map<number, unknown[]>();
      for (const row of rows) {
        const number = JSON.parse(row.input).Number;
        map.set(number, [...(map.get(number) ?? []), JSON.parse(row.data)]);
      }
      return map;
    };
    const reviews = byNumber(
      raw('raw_tables/_raw_github_api_pull_request_reviews.csv'),
    );
    const commits = byNumber(
      raw('raw_tables/_raw_github_api_pull_request_commits.csv'),
    );
    github.addRepository({
      meta: repository('panjf2000/ants'),
      // The list payloads stand in for the details: they carry no line counts.
      pulls: raw('raw_tables/_raw_github_api_pull_requests.csv').map(row => {
        const pr = JSON.parse(row.data);
        return {
          detail: pr,
          commits: (commits.get(pr.number) ?? []) as any[],
          reviews: (reviews.get(pr.number) ?? []) as any[],
          files: [],
        };
      }),
    });
  });

  afterAll(async () => {
    await github?.stop();
  });

  it('stores the 49 pull requests with the states, times, reviews and commits DevLake expects', async () => {
    const knex = await databases.init('SQLITE_3');
    const server = await startBackend({
      knex,
      githubUrl: github.baseUrl,
      entities: [component('ants', 'panjf2000/ants'), TEAM],
      // The data is from 2018 to 2022.
      sync: {
        historyDays: 5000,
        deployments: { enabled: false },
        issues: { incidentLabels: [], bugLabels: [] },
      },
    });
    const run = await syncAll(server);
    expect(run).toMatchObject({
      status: 'succeeded',
      items: { pullRequests: 49 },
    });

    const prs = await storedPullRequests(knex);
    expect(prs).toHaveLength(49);
    const merged = prs.filter(p => p.mergedAt !== null);
    const closedUnmerged = prs.filter(
      p => p.mergedAt === null && p.closedAt !== null,
    );
    const open = prs.filter(p => p.closedAt === null);
    expect([merged.length, closedUnmerged.length, open.length]).toEqual([
      26, 19, 4,
    ]);

    const expected = parseCsv(
      fs.readFileSync(
        path.join(FIXTURES, 'snapshot_tables/pull_requests.csv'),
        'utf8',
      ),
    );
    const time = (value: string) => (value ? Date.parse(value) : null);
    const status = (p: (typeof prs)[number]) => {
      if (p.mergedAt !== null) return 'MERGED';
      return p.closedAt !== null ? 'CLOSED' : 'OPEN';
    };
    expect(
      prs
        .map(p => [
          p.number,
          status(p),
          p.createdAt,
          p.mergedAt,
          p.closedAt,
          p.author,
          p.mergeCommitSha,
        ])
        .sort((a, b) => Number(a[0]) - Number(b[0])),
    ).toEqual(
      expected
        .map(e => [
          Number(e.pull_request_key),
          e.status,
          time(e.created_date),
          time(e.merged_date),
          time(e.closed_date),
          e.author_name,
          e.status === 'MERGED' ? e.merge_commit_sha : null,
        ])
        .sort((a, b) => Number(a[0]) - Number(b[0])),
    );

    // 30 reviews on 3 PRs (27 COMMENTED, 3 CHANGES_REQUESTED); 90 commits on 43 PRs.
    const reviews = prs.flatMap(p =>
      p.reviews.map((r: { state: string }) => r.state),
    );
    expect(reviews).toHaveLength(30);
    expect(reviews.filter(s => s === 'CHANGES_REQUESTED')).toHaveLength(3);
    expect(prs.filter(p => p.reviews.length > 0)).toHaveLength(3);
    expect(prs.flatMap(p => p.commits)).toHaveLength(90);
    expect(prs.filter(p => p.commits.length > 0)).toHaveLength(43);
    // One list page (100 per page), then four requests per PR, and the
    // timeline of each of the 26 merged ones (when a draft was marked ready).
    expect(run.requests).toBe(1 + 1 + 49 * 4 + 26);
  });
});
