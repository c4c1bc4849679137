import fs from 'fs';
import path from 'path';
import { TestDatabases } from '@backstage/backend-test-utils';
import { createIngestHarness } from '../__fixtures__/ingestHarness';
import { pullRequestExternalId, mapGithubDelivery } from './githubWebhook';
import { applyPagerDutyEvent } from './pagerdutyWebhook';
import { parseIngestRequest } from './eventSchema';

/**
 * Conformance with real payloads from other projects, kept beside the
 * checkout in ../shared/fixtures (see its README and NOTES.md files). They
 * are read in place, never copied into this repository. Without the folder
 * this says so and passes. On SQLite and PostgreSQL.
 */

jest.setTimeout(120_000);

const repoRoot = path.resolve(__dirname, '../../../..');
const fixturesDir = path.resolve(repoRoot, '../shared/fixtures');
const present = fs.existsSync(fixturesDir);
if (!present) {
  // eslint-disable-next-line no-console
  console.log(`SKIPPED: webhook conformance, ${fixturesDir} is absent`);
}

type Json = Record<string, any>;

const readJson = (...parts: string[]): Json =>
  JSON.parse(fs.readFileSync(path.join(fixturesDir, ...parts), 'utf8'));

function listJson(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listJson(full));
    else if (entry.name.endsWith('.json')) out.push(full);
  }
  return out.sort();
}

/** "pull_request_review.submitted.from-dcoapp.json" → "pull_request_review". */
const eventNameOf = (file: string) => path.basename(file).split('.')[0];

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/** Every mapped event must also be valid input of the public events API. */
function expectValidEvents(events: unknown[]) {
  expect(parseIngestRequest({ events })).toHaveLength(events.length);
}

describe.each(databases.eachSupportedId())(
  'conformance with ../shared/fixtures on %p',
  databaseId => {
    if (!present) {
      it('is skipped because ../shared/fixtures is absent', () => {
        expect(fs.existsSync(fixturesDir)).toBe(false);
      });
      return;
    }
    const harness = async () =>
      createIngestHarness(await databases.init(databaseId));

    const realCaptured = path.join(
      fixturesDir,
      'github-webhooks',
      'real-captured',
    );

    it('stores and processes every real captured GitHub delivery without error', async () => {
      const h = await harness();
      const files = listJson(realCaptured);
      expect(files.map(f => path.basename(f))).toEqual([
        'deployment_protection_rule.requested.from-deploynaut.json',
        'pull_request.closed.merged.robvanderleek-create-issue-branch-pr117.json',
        'pull_request.closed.merged.sish8075-statistics-source-pr17.json',
        'pull_request.closed.unmerged.Mageroni-Org-pr44.json',
        'pull_request.opened.robvanderleek-create-issue-branch.json',
        'pull_request_review.submitted.from-dcoapp.json',
        'pull_request_review.submitted.from-deploynaut.json',
        'push.not-signed-off.from-dcoapp.json',
        'push.signed-off.from-dcoapp.json',
      ]);
      const results = [];
      for (const file of files) {
        const payload = JSON.parse(fs.readFileSync(file, 'utf8'));
        const result = await h.github(
          eventNameOf(file),
          payload,
          path.basename(file),
        );
        results.push([
          path.basename(file).split('.')[0],
          result.processed,
          result.events,
        ]);
      }
      expect(results).toEqual([
        // Not a type the scorecard reads: acknowledged and kept raw.
        ['deployment_protection_rule', true, 0],
        ['pull_request', true, 1],
        ['pull_request', true, 1],
        ['pull_request', true, 1],
        ['pull_request', true, 1],
        ['pull_request_review', true, 1],
        ['pull_request_review', true, 1],
        // No open PR on master: the commits wait in the push log.
        ['push', true, 0],
        ['push', true, 0],
      ]);
      expect(
        (await h.rawDeliveries()).filter(
          r => r.error !== null || r.processed_at === null,
        ),
      ).toEqual([]);

      const pr = (repository: string, n: number) =>
        h.store.getPullRequest('github', pullRequestExternalId(repository, n));

      // sish8075/dora-bot fixture: merged after 4 min 22 s.
      const pr17 = await pr('sish8075/statistics-source', 17);
      expect(pr17).toMatchObject({
        author: 'sish8075',
        createdAt: '2022-10-12T08:29:33.000Z',
        mergedAt: '2022-10-12T08:33:55.000Z',
        closedAt: '2022-10-12T08:33:55.000Z',
        mergedBy: 'sish8075',
        mergeCommitSha: '18936fb4b760b985e35fae9aa953a349703a4c53',
        additions: 3,
        deletions: 3,
        changedFiles: 1,
        headRef: 'feature/catalog-info',
        reverts: null,
      });
      expect(
        (Date.parse(pr17!.mergedAt!) - Date.parse(pr17!.createdAt)) / 1000,
      ).toBe(262);

      // create-issue-branch #117 is GitHub's revert of #111, merged after 10 min 36 s.
      const pr117 = await pr('robvanderleek/create-issue-branch', 117);
      expect(pr117).toMatchObject({
        title: 'Revert "Update README.md"',
        createdAt: '2020-03-23T06:36:20.000Z',
        mergedAt: '2020-03-23T06:46:56.000Z',
        mergedBy: 'robvanderleek',
        reverts: 111,
      });
      expect(
        (Date.parse(pr117!.mergedAt!) - Date.parse(pr117!.createdAt)) / 1000,
      ).toBe(636);

      expect(
        await pr(
          'facio-ergo-sum/test-repo-create-issue-branch-staging-app',
          53,
        ),
      ).toMatchObject({
        createdAt: '2023-11-30T13:31:22.000Z',
        mergedAt: null,
        closedAt: null,
        headRef: 'issue-52-A_new_issue',
      });
      // Hand-trimmed fixture (no merged_at key at all): closed, not merged.
      expect(await pr('mageroni/TestRepo', 44)).toMatchObject({
        author: 'mageroni',
        createdAt: '2023-03-18T06:50:48.000Z',
        closedAt: '2023-03-18T07:52:09.000Z',
        mergedAt: null,
        mergeCommitSha: null,
      });

      const pr551 = await pr('balena-os/balena-generic', 551);
      expect(pr551).toMatchObject({
        author: 'ZabelinK',
        createdAt: '2025-01-22T12:40:11.000Z',
        mergedAt: null,
        reviews: [
          {
            reviewer: 'mtoman',
            state: 'COMMENTED',
            submittedAt: '2025-02-24T13:13:54.000Z',
            isBot: false,
          },
        ],
      });
      expect((await pr('octocat/Hello-World', 1))!.reviews).toEqual([
        {
          reviewer: 'octocat',
          state: 'COMMENTED',
          submittedAt: '2018-05-30T20:20:00.000Z',
          isBot: false,
        },
      ]);

      // Push timestamps carry the author's offset; stored in UTC. Both pushes have the same sha.
      expect(await h.store.listPushCommits('robotland/dco', 'master')).toEqual([
        {
          sha: '173eb7a61790b0d1be0d3d3147f4e067ddbe4545',
          authoredAt: '2017-03-25T01:56:27.000Z',
          message: 'This commit is not signed off',
        },
      ]);
      expect(await h.store.countEvents()).toEqual({
        pull_request: 6,
        deployment: 0,
        incident: 0,
        bug: 0,
      });

      const stored = await Promise.all(
        [
          ['sish8075/statistics-source', 17],
          ['robvanderleek/create-issue-branch', 117],
          ['facio-ergo-sum/test-repo-create-issue-branch-staging-app', 53],
          ['mageroni/TestRepo', 44],
          ['balena-os/balena-generic', 551],
          ['octocat/Hello-World', 1],
        ].map(([repository, n]) => pr(repository as string, n as number)),
      );
      expectValidEvents(stored.map(e => ({ ...e, entityRef: undefined })));
    });

    it('maps every octokit payload example (repository copy and npm 7.6.1) into valid events', async () => {
      const h = await harness();
      const examples: Array<{ name: string; payload: Json }> = [];
      const octokitDir = path.join(
        fixturesDir,
        'github-webhooks',
        'octokit-webhooks-payload-examples',
      );
      for (const file of listJson(octokitDir)) {
        examples.push({
          name: path.basename(path.dirname(file)),
          payload: JSON.parse(fs.readFileSync(file, 'utf8')),
        });
      }
      const npm = readJson(
        'github-webhooks',
        'npm-octokit-webhooks-examples-7.6.1.selected-events.json',
      );
      for (const [name, entry] of Object.entries(npm)) {
        for (const payload of (entry as { examples: Json[] }).examples) {
          examples.push({ name, payload });
        }
      }

      const mapped: Record<string, Json[]> = {};
      const pullRequests: Array<[Json, Json[]]> = [];
      for (const { name, payload } of examples) {
        const events = await mapGithubDelivery(name, payload, h.store);
        expectValidEvents(events);
        (mapped[name] ??= []).push(...events);
        if (name === 'pull_request') pullRequests.push([payload, events]);
      }
      expect(
        pullRequests.map(([, events]) => events.map(e => ({ ...e }))),
      ).toEqual(
        pullRequests.map(([payload]) => [
          expect.objectContaining({
            number: payload.pull_request.number,
            author: payload.pull_request.user.login,
            createdAt: payload.pull_request.created_at,
            // No octokit example is a merged PR.
            mergedAt: null,
            closedAt: payload.pull_request.closed_at,
          }),
        ]),
      );
      // A draft marked ready: pickup time counts from the delivery's
      // updated_at; other actions carry no ready-for-review time.
      const ready = pullRequests.filter(([p]) => p.action === 'ready_for_review');
      expect(ready.length).toBeGreaterThan(0);
      for (const [payload, events] of pullRequests) {
        expect(events[0].readyForReviewAt).toBe(
          payload.action === 'ready_for_review'
            ? new Date(payload.pull_request.updated_at).toISOString()
            : undefined,
        );
      }
      expect(
        ready.map(([, events]) => events[0].readyForReviewAt),
      ).toContain('2019-05-15T15:21:18.000Z');
      const counts = Object.fromEntries(
        Object.entries(mapped).map(([k, v]) => [k, v.length]),
      );
      // pull_request: 28 repository files + 1 ghes + 29 npm; reviews 3 + 1 + 4;
      // deployment_status: success examples only (2 + 1 + 3), in_progress is not an outcome.
      expect(counts).toEqual({
        deployment: 0,
        deployment_status: 6,
        issues: 0,
        pull_request: 58,
        pull_request_review: 8,
        pull_request_review_comment: 0,
        push: 0,
        workflow_run: 0,
      });
      const reviewStates = mapped.pull_request_review.map(
        e => e.reviews[e.reviews.length - 1].state,
      );
      expect(reviewStates.filter(s => s === 'DISMISSED')).toHaveLength(2);
      expect(reviewStates.filter(s => s === 'COMMENTED')).toHaveLength(6);
      expect(
        new Set(
          mapped.deployment_status.map(
            e => `${e.environment}:${e.status}:${e.commitSha}`,
          ),
        ),
      ).toEqual(
        // api.github.com examples, and the GHES 3.5 one.
        new Set([
          'production:success:f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
          'production:success:78a96099c3f442d7f6e8d1a7d07090091993e65a',
        ]),
      );
      expect(
        await h.store.listPushCommits('Codertocat/Hello-World', 'master'),
      ).toEqual([
        {
          sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
          authoredAt: '2019-05-15T15:19:25.000Z',
          message: 'Initial commit',
        },
      ]);
    });

    it('maps the PagerDuty v3 payloads into incidents', async () => {
      const h = await harness();
      const zulip = (name: string) =>
        readJson('pagerduty', 'zulip-fixtures-v3', `${name}_v3.json`);
      const incidents = Object.fromEntries(
        ['triggered', 'acknowledged', 'resolved', 'reopened'].map(name => [
          name,
          applyPagerDutyEvent(zulip(name), undefined)!,
        ]),
      );
      expect(incidents.triggered).toMatchObject({
        id: 'PFQZPSY',
        pagerDutyServiceId: 'PA2P440',
        title: 'Test Incident 3',
        createdAt: '2021-06-04T13:35:29.781Z',
        resolvedAt: null,
        severity: 'high',
        url: 'https://pig208.pagerduty.com/incidents/PFQZPSY',
      });
      expect(incidents.acknowledged).toMatchObject({
        id: 'PQ1K5C8',
        resolvedAt: null,
        statusAt: Date.parse('2021-06-04T13:55:30.394Z'),
        status: 'acknowledged',
      });
      expect(incidents.resolved).toMatchObject({
        id: 'PCPZE64',
        title: 'Test Incident',
        resolvedAt: '2021-06-04T13:16:53.816Z',
      });
      // reopened carries data.created_at: the incident started then, not at the reopen.
      expect(incidents.reopened).toMatchObject({
        id: 'Q05XJA8GDXGOB3',
        pagerDutyServiceId: 'PLVTM9H',
        createdAt: '2026-03-30T13:37:07.000Z',
        resolvedAt: null,
        severity: 'P3',
      });
      expectValidEvents(Object.values(incidents));

      // The same payloads through the signed webhook path: one row per incident.
      for (const name of [
        'triggered',
        'acknowledged',
        'resolved',
        'reopened',
      ]) {
        expect(await h.pagerDuty(zulip(name))).toMatchObject({
          duplicate: false,
          processed: true,
          events: 1,
        });
      }
      const docs = readJson(
        'pagerduty',
        'official-docs',
        'example.incident.priority_updated.v3.json',
      );
      expect(await h.pagerDuty(docs)).toMatchObject({
        processed: true,
        events: 0,
      });
      expect(await h.store.countEvents()).toMatchObject({ incident: 4 });
      const rows = await h
        .knex('qs_incidents')
        .orderBy('external_id')
        .select('external_id', 'status', 'resolved_at');
      expect(
        rows.map(r => [
          r.external_id,
          r.status,
          r.resolved_at === null ? null : Number(r.resolved_at),
        ]),
      ).toEqual([
        ['PCPZE64', 'resolved', Date.parse('2021-06-04T13:16:53.816Z')],
        ['PFQZPSY', 'triggered', null],
        ['PQ1K5C8', 'acknowledged', null],
        ['Q05XJA8GDXGOB3', 'triggered', null],
      ]);
      expect((await h.rawDeliveries()).map(r => r.event_name)).toEqual([
        'incident.triggered',
        'incident.acknowledged',
        'incident.resolved',
        'incident.reopened',
        'incident.priority_updated',
      ]);

      // The documented `incident` data type in a triggered envelope.
      const data = readJson(
        'pagerduty',
        'official-docs',
        'event_data_type.incident.json',
      );
      const fromDocs = applyPagerDutyEvent(
        {
          event: {
            id: 'docs',
            event_type: 'incident.triggered',
            occurred_at: '2020-04-09T15:16:28Z',
            data,
          },
        },
        undefined,
      );
      expect(fromDocs).toMatchObject({
        id: 'PGR0VU2',
        pagerDutyServiceId: 'PF9KMXH',
        title: 'A little bump in the road',
        createdAt: '2020-04-09T15:16:27.000Z',
        severity: 'P1',
      });
    });
  },
);
