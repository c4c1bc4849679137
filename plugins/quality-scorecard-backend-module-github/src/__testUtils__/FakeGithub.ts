/**
 * A GitHub REST API imitation on a loopback port: token auth, Link pagination,
 * rate-limit headers (a spent quota answers 403 until its reset), secondary
 * rate limits (403 or 429 with retry-after), ETags and 304s that cost no
 * quota, and 404 for unknown repositories. It records every request.
 */
import { createHash } from 'crypto';
import http from 'http';
import { AddressInfo } from 'net';
import { pullRequestListItem } from './githubPayloads';

type Json = Record<string, any>;

export interface FakeRepository {
  meta: Json;
  /** Pull request details (GET /pulls/{n}) with what hangs off them. */
  pulls: Array<{
    detail: Json;
    commits: Json[];
    reviews: Json[];
    files: Json[];
    /** The issue timeline (GET /issues/{n}/timeline); none: empty. */
    timeline?: Json[];
  }>;
  /** Deployments with their statuses, newest status first. */
  deployments: Array<{ deployment: Json; statuses: Json[] }>;
  /** Issues and (as GitHub's issues API does) PRs with a `pull_request` key. */
  issues: Json[];
  workflowRuns: Record<string, Json[]>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
}

interface Fault {
  path: RegExp;
  status: 403 | 429;
  kind: 'secondary' | 'primary';
  retryAfter?: number;
  times: number;
}

const NOT_FOUND = {
  message: 'Not Found',
  documentation_url: 'https://docs.github.com/rest',
  status: '404',
};
const SECONDARY_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.';

export const TEST_TOKEN = 'ghp_testtoken0000000000000000000000000000';

export class FakeGithub {
  readonly repositories = new Map<string, FakeRepository>();
  readonly requests: RecordedRequest[] = [];
  /** Largest page GitHub serves: small here so that tests paginate. */
  maxPerPage = 100;
  private quota = { limit: 5000, remaining: 5000, resetAt: 0 };
  private faults: Fault[] = [];
  private server?: http.Server;
  baseUrl = '';

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      try {
        this.handle(req, res);
      } catch (error) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: String(error) }));
      }
    });
    await new Promise<void>(resolve =>
      this.server!.listen(0, '127.0.0.1', resolve),
    );
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.quota.resetAt = Math.floor(Date.now() / 1000) + 3600;
    return this.baseUrl;
  }

  async stop() {
    await new Promise<void>(resolve =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  addRepository(repository: Partial<FakeRepository> & { meta: Json }) {
    this.repositories.set(String(repository.meta.full_name).toLowerCase(), {
      pulls: [],
      deployments: [],
      issues: [],
      workflowRuns: {},
      ...repository,
    });
  }

  repository(fullName: string): FakeRepository {
    return this.repositories.get(fullName.toLowerCase())!;
  }

  /** The next `times` requests matching `path` meet a secondary rate limit. */
  secondaryRateLimit(
    path: RegExp,
    options: { status: 403 | 429; retryAfter: number; times?: number },
  ) {
    this.faults.push({
      path,
      kind: 'secondary',
      status: options.status,
      retryAfter: options.retryAfter,
      times: options.times ?? 1,
    });
  }

  /** The next request matching `path` finds the quota spent (used by another client) until `resetInSeconds`. */
  primaryRateLimit(path: RegExp, resetInSeconds: number) {
    this.faults.push({
      path,
      kind: 'primary',
      status: 403,
      retryAfter: resetInSeconds,
      times: 1,
    });
  }

  /** The quota left, and when it resets. */
  setQuota(remaining: number, resetInSeconds: number) {
    this.quota.remaining = remaining;
    this.quota.resetAt = Math.floor(Date.now() / 1000) + resetInSeconds;
  }

  clearRequests() {
    this.requests.length = 0;
  }

  /** Requests answered with the given status (all when omitted). */
  count(predicate: (r: RecordedRequest) => boolean = () => true) {
    return this.requests.filter(predicate).length;
  }

  private rateHeaders(): Record<string, string> {
    return {
      'x-ratelimit-limit': String(this.quota.limit),
      'x-ratelimit-remaining': String(this.quota.remaining),
      'x-ratelimit-reset': String(this.quota.resetAt),
      'x-ratelimit-used': String(this.quota.limit - this.quota.remaining),
      'x-ratelimit-resource': 'core',
    };
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const query = Object.fromEntries(url.searchParams.entries());
    const record = (status: number) =>
      this.requests.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        query,
        status,
      });
    const send = (
      status: number,
      body: unknown,
      headers: Record<string, string> = {},
    ) => {
      record(status);
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        ...headers,
      });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };

    if (req.headers.authorization !== `token ${TEST_TOKEN}`) {
      send(401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
      });
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    if (now >= this.quota.resetAt) {
      this.quota.remaining = this.quota.limit;
      this.quota.resetAt = now + 3600;
    }
    const fault = this.faults.find(
      f => f.times > 0 && f.path.test(url.pathname),
    );
    if (fault) {
      fault.times -= 1;
      if (fault.kind === 'secondary') {
        send(
          fault.status,
          {
            message: SECONDARY_MESSAGE,
            documentation_url:
              'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
          },
          {
            ...this.rateHeaders(),
            'retry-after': String(fault.retryAfter),
          },
        );
        return;
      }
      this.setQuota(0, fault.retryAfter ?? 1);
    }
    if (this.quota.remaining <= 0) {
      send(
        403,
        {
          message: 'API rate limit exceeded for user ID 1.',
          documentation_url:
            'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
        },
        this.rateHeaders(),
      );
      return;
    }

    const result = this.route(url, query);
    if (!result) {
      this.quota.remaining -= 1;
      send(404, NOT_FOUND, this.rateHeaders());
      return;
    }
    const body = JSON.stringify(result.body);
    const etag = `W/"${createHash('sha256').update(body).digest('hex')}"`;
    if (req.headers['if-none-match'] === etag) {
      // A 304 to an authorized request does not count against the quota.
      send(304, undefined, { etag, ...this.rateHeaders() });
      return;
    }
    this.quota.remaining -= 1;
    send(200, result.body, {
      etag,
      ...this.rateHeaders(),
      ...(result.link ? { link: result.link } : {}),
    });
  }

  private page<T>(
    url: URL,
    query: Record<string, string>,
    items: T[],
  ): { body: T[]; link?: string } {
    const perPage = Math.min(Number(query.per_page ?? 30), this.maxPerPage);
    const page = Number(query.page ?? 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const pageUrl = (n: number) => {
      const u = new URL(url.toString());
      u.searchParams.set('per_page', String(perPage));
      u.searchParams.set('page', String(n));
      return u.toString();
    };
    const links = [];
    if (page < last)
      links.push(
        `<${pageUrl(page + 1)}>; rel="next"`,
        `<${pageUrl(last)}>; rel="last"`,
      );
    if (page > 1)
      links.push(
        `<${pageUrl(page - 1)}>; rel="prev"`,
        `<${pageUrl(1)}>; rel="first"`,
      );
    return {
      body: items.slice((page - 1) * perPage, page * perPage),
      link: links.length ? links.join(', ') : undefined,
    };
  }

  private route(
    url: URL,
    query: Record<string, string>,
  ): { body: unknown; link?: string } | undefined {
    const match = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(url.pathname);
    if (!match) return undefined;
    const repo = this.repositories.get(`${match[1]}/${match[2]}`.toLowerCase());
    if (!repo) return undefined;
    const rest = match[3] ?? '';
    const pullMatch = /^\/pulls\/(\d+)(\/commits|\/reviews|\/files)?$/.exec(
      rest,
    );
    const timelineMatch = /^\/issues\/(\d+)\/timeline$/.exec(rest);
    const statusesMatch = /^\/deployments\/(\d+)\/statuses$/.exec(rest);
    const runsMatch = /^\/actions\/workflows\/([^/]+)\/runs$/.exec(rest);
    const commitPullsMatch = /^\/commits\/([0-9a-f]+)\/pulls$/.exec(rest);

    if (rest === '') return { body: repo.meta };
    if (rest === '/pulls') {
      const state = query.state ?? 'open';
      const direction = query.direction ?? (query.sort ? 'desc' : 'asc');
      const key = query.sort === 'updated' ? 'updated_at' : 'created_at';
      const list = repo.pulls
        .map(p => p.detail)
        .filter(d => state === 'all' || d.state === state)
        .sort(
          (a, b) =>
            (direction === 'desc' ? -1 : 1) *
            (Date.parse(a[key]) - Date.parse(b[key]) || a.number - b.number),
        )
        .map(pullRequestListItem);
      return this.page(url, query, list);
    }
    if (pullMatch) {
      const pull = repo.pulls.find(
        p => p.detail.number === Number(pullMatch[1]),
      );
      if (!pull) return undefined;
      switch (pullMatch[2]) {
        case '/commits':
          return this.page(url, query, pull.commits);
        case '/reviews':
          return this.page(url, query, pull.reviews);
        case '/files':
          return this.page(url, query, pull.files);
        default:
          return { body: pull.detail };
      }
    }
    if (timelineMatch) {
      const pull = repo.pulls.find(
        p => p.detail.number === Number(timelineMatch[1]),
      );
      if (!pull) return undefined;
      return this.page(url, query, pull.timeline ?? []);
    }
    if (rest === '/deployments') {
      const list = repo.deployments
        .map(d => d.deployment)
        .sort(
          (a, b) =>
            Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id,
        );
      return this.page(url, query, list);
    }
    if (statusesMatch) {
      const d = repo.deployments.find(
        x => x.deployment.id === Number(statusesMatch[1]),
      );
      return d ? this.page(url, query, d.statuses) : undefined;
    }
    if (rest === '/issues') {
      const wanted = (query.labels ?? '')
        .split(',')
        .filter(Boolean)
        .map(l => l.toLowerCase());
      const since = query.since ? Date.parse(query.since) : 0;
      const direction = query.direction ?? 'desc';
      const list = repo.issues
        .filter(
          i => query.state === 'all' || i.state === (query.state ?? 'open'),
        )
        .filter(i =>
          wanted.every(w =>
            i.labels.some((l: Json) => l.name.toLowerCase() === w),
          ),
        )
        .filter(i => Date.parse(i.updated_at) >= since)
        .sort(
          (a, b) =>
            (direction === 'desc' ? -1 : 1) *
            (Date.parse(a.updated_at) - Date.parse(b.updated_at)),
        );
      return this.page(url, query, list);
    }
    if (runsMatch) {
      const runs = repo.workflowRuns[decodeURIComponent(runsMatch[1])];
      if (!runs) return undefined;
      const created = /^>=(.+)$/.exec(query.created ?? '');
      const list = runs
        .filter(
          r =>
            !query.status ||
            r.conclusion === query.status ||
            r.status === query.status,
        )
        .filter(r => !query.branch || r.head_branch === query.branch)
        .filter(
          r => !created || Date.parse(r.created_at) >= Date.parse(created[1]),
        )
        .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
      const paged = this.page(url, query, list);
      return {
        body: { total_count: list.length, workflow_runs: paged.body },
        link: paged.link,
      };
    }
    if (commitPullsMatch) {
      const prefix = commitPullsMatch[1];
      // A commit in no pull request: an empty list.
      const found = repo.pulls
        .filter(
          p =>
            p.detail.merge_commit_sha.startsWith(prefix) ||
            p.commits.some(c => c.sha.startsWith(prefix)),
        )
        .map(p => pullRequestListItem(p.detail));
      return { body: found };
    }
    return undefined;
  }
}
