/**
 * A GitLab REST v4 imitation on a loopback port, for the projects given to
 * it: `PRIVATE-TOKEN` auth, offset pagination (`X-Page`, `X-Next-Page`,
 * `X-Total-Pages`, `Link`) with a small largest page, `updated_after` /
 * `order_by` / `sort` as GitLab reads them, `RateLimit-*` headers (a spent
 * quota answers 429 with `Retry-After` until its reset), injectable 429s and
 * 5xx, and a crash: from the Nth request on, connections are dropped
 * unanswered. It records every request.
 */
import http from 'http';
import { AddressInfo } from 'net';

type Json = Record<string, any>;

export const TEST_TOKEN = 'glpat-test-token';

export interface FakeMergeRequest {
  /** As `GET /projects/:id/merge_requests` lists it. */
  mr: Json;
  commits: Json[];
  diffs: Json[];
  notes: Json[];
  /** `GET …/merge_requests/:iid/approvals`. */
  approvals: Json;
}

export interface FakeProject {
  meta: Json;
  mergeRequests: FakeMergeRequest[];
  deployments: Json[];
  issues: Json[];
}

export interface RecordedRequest {
  method: string;
  /** The path with the project id decoded: `/api/v4/projects/acme/platform/payments/issues`. */
  path: string;
  query: Record<string, string>;
  /** 0 when the connection was dropped. */
  status: number;
  at: number;
}

export interface Fault {
  /** Which requests: a predicate on path and query. */
  matches: (request: {
    path: string;
    query: Record<string, string>;
  }) => boolean;
  status: 429 | 500 | 502 | 503;
  retryAfter?: number;
  /** Matching requests answered normally before the fault strikes. */
  skip: number;
  times: number;
}

const NOT_FOUND = { message: '404 Project Not Found' };

export class FakeGitlab {
  readonly projects = new Map<string, FakeProject>();
  readonly requests: RecordedRequest[] = [];
  /** GitLab's largest page is 100; small here so that the tests paginate. */
  maxPerPage = 100;
  private quota = { limit: 2000, remaining: 2000, resetAt: 0 };
  private faults: Fault[] = [];
  private crashAt: number | null = null;
  private server?: http.Server;
  baseUrl = '';
  /** `127.0.0.1:<port>`: the integration's host. */
  host = '';

  async start(): Promise<void> {
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
    this.host = `127.0.0.1:${port}`;
    this.baseUrl = `http://${this.host}`;
    this.quota.resetAt = Math.floor(Date.now() / 1000) + 60;
  }

  async stop() {
    this.server?.closeAllConnections();
    await new Promise<void>(resolve =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  addProject(project: Partial<FakeProject> & { meta: Json }) {
    this.projects.set(String(project.meta.path_with_namespace).toLowerCase(), {
      mergeRequests: [],
      deployments: [],
      issues: [],
      ...project,
    });
  }

  project(path: string): FakeProject {
    return this.projects.get(path.toLowerCase())!;
  }

  /** The next matching requests (after `skip` of them) answer `status`. */
  fail(fault: Partial<Fault> & Pick<Fault, 'matches' | 'status'>) {
    this.faults.push({ skip: 0, times: 1, ...fault });
  }

  /** From the `n`th request on (counted from now), connections are dropped until `recover()`. */
  crashAfter(n: number) {
    this.crashAt = this.requests.length + n;
  }

  recover() {
    this.crashAt = null;
  }

  /** The quota left, and when it resets. */
  setQuota(remaining: number, resetInSeconds: number) {
    this.quota.remaining = remaining;
    this.quota.resetAt = Math.floor(Date.now() / 1000) + resetInSeconds;
  }

  clearRequests() {
    this.requests.length = 0;
  }

  count(predicate: (r: RecordedRequest) => boolean = () => true) {
    return this.requests.filter(predicate).length;
  }

  private rateHeaders(): Record<string, string> {
    return {
      'ratelimit-limit': String(this.quota.limit),
      'ratelimit-observed': String(this.quota.limit - this.quota.remaining),
      'ratelimit-remaining': String(Math.max(0, this.quota.remaining)),
      'ratelimit-reset': String(this.quota.resetAt),
      'ratelimit-resettime': new Date(this.quota.resetAt * 1000).toUTCString(),
    };
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const query = Object.fromEntries(url.searchParams.entries());
    // The project id is the URL-encoded path (`acme%2Fplatform%2Fpayments`).
    const match = /^\/api\/v4\/projects\/([^/]+)(\/.*)?$/.exec(url.pathname);
    const projectPath = match ? decodeURIComponent(match[1]) : undefined;
    const rest = match?.[2] ?? '';
    const path = match
      ? `/api/v4/projects/${projectPath}${rest}`
      : url.pathname;
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      query,
      status: 0,
      at: Date.now(),
    };
    this.requests.push(recorded);
    if (this.crashAt !== null && this.requests.length > this.crashAt) {
      req.socket.destroy();
      return;
    }
    const send = (
      status: number,
      body: unknown,
      headers: Record<string, string> = {},
    ) => {
      recorded.status = status;
      res.writeHead(status, {
        'content-type': 'application/json',
        ...this.rateHeaders(),
        ...headers,
      });
      res.end(JSON.stringify(body));
    };

    if (req.headers['private-token'] !== TEST_TOKEN) {
      send(401, { message: '401 Unauthorized' });
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    if (now >= this.quota.resetAt) {
      this.quota.remaining = this.quota.limit;
      this.quota.resetAt = now + 60;
    }
    if (this.quota.remaining <= 0) {
      send(
        429,
        { message: 'Retry later' },
        { 'retry-after': String(this.quota.resetAt - now) },
      );
      return;
    }
    this.quota.remaining -= 1;
    const fault = this.faults.find(
      f => f.times > 0 && f.matches({ path, query }),
    );
    if (fault && fault.skip > 0) {
      fault.skip -= 1;
    } else if (fault) {
      fault.times -= 1;
      send(
        fault.status,
        {
          message:
            fault.status === 429 ? 'Retry later' : '500 Internal Server Error',
        },
        fault.retryAfter !== undefined
          ? { 'retry-after': String(fault.retryAfter) }
          : {},
      );
      return;
    }
    const project = projectPath
      ? this.projects.get(projectPath.toLowerCase())
      : undefined;
    const result = project ? this.route(project, rest, url, query) : undefined;
    if (!result) {
      send(404, NOT_FOUND);
      return;
    }
    if ('error' in result) {
      send(400, { error: result.error });
      return;
    }
    send(200, result.body, result.headers);
  }

  /** One page of `items`, with GitLab's offset pagination headers. */
  private page(url: URL, query: Record<string, string>, items: unknown[]) {
    const perPage = Math.min(Number(query.per_page ?? 20), this.maxPerPage);
    const page = Math.max(1, Number(query.page ?? 1));
    const totalPages = Math.max(1, Math.ceil(items.length / perPage));
    const pageUrl = (n: number) => {
      const u = new URL(url.toString());
      u.searchParams.set('page', String(n));
      u.searchParams.set('per_page', String(perPage));
      return u.toString();
    };
    const links = [];
    if (page < totalPages) links.push(`<${pageUrl(page + 1)}>; rel="next"`);
    if (page > 1) links.push(`<${pageUrl(page - 1)}>; rel="prev"`);
    links.push(`<${pageUrl(1)}>; rel="first"`);
    links.push(`<${pageUrl(totalPages)}>; rel="last"`);
    return {
      body: items.slice((page - 1) * perPage, page * perPage),
      headers: {
        'x-page': String(page),
        'x-per-page': String(perPage),
        'x-next-page': page < totalPages ? String(page + 1) : '',
        'x-prev-page': page > 1 ? String(page - 1) : '',
        'x-total': String(items.length),
        'x-total-pages': String(totalPages),
        link: links.join(', '),
      },
    };
  }

  /** `updated_after` (inclusive, as GitLab), then `order_by` and `sort` (default created_at desc). */
  private sorted(items: Json[], query: Record<string, string>) {
    const after = query.updated_after ? Date.parse(query.updated_after) : null;
    const key = query.order_by ?? 'created_at';
    const direction = query.sort === 'asc' ? 1 : -1;
    return items
      .filter(i => after === null || Date.parse(i.updated_at) >= after)
      .sort(
        (a, b) =>
          direction * (Date.parse(a[key]) - Date.parse(b[key]) || a.id - b.id),
      );
  }

  private route(
    project: FakeProject,
    rest: string,
    url: URL,
    query: Record<string, string>,
  ):
    | { body: unknown; headers?: Record<string, string> }
    | { error: string }
    | undefined {
    if (rest === '') return { body: project.meta };
    if (rest === '/merge_requests') {
      const state = query.state ?? 'all';
      const list = project.mergeRequests
        .map(m => m.mr)
        .filter(mr => state === 'all' || mr.state === state);
      return this.page(url, query, this.sorted(list, query));
    }
    const mrMatch =
      /^\/merge_requests\/(\d+)\/(commits|diffs|notes|approvals)$/.exec(rest);
    if (mrMatch) {
      const found = project.mergeRequests.find(
        m => m.mr.iid === Number(mrMatch[1]),
      );
      if (!found) return undefined;
      switch (mrMatch[2]) {
        case 'commits':
          return this.page(url, query, found.commits);
        case 'diffs':
          return this.page(url, query, found.diffs);
        case 'notes': {
          const notes = [...found.notes].sort(
            (a, b) =>
              (query.sort === 'asc' ? 1 : -1) *
              (Date.parse(a.created_at) - Date.parse(b.created_at)),
          );
          return this.page(url, query, notes);
        }
        default:
          return { body: found.approvals };
      }
    }
    if (rest === '/deployments') {
      if (query.updated_after && query.order_by !== 'updated_at') {
        return {
          error: 'updated_after and updated_before require order_by updated_at',
        };
      }
      return this.page(url, query, this.sorted(project.deployments, query));
    }
    if (rest === '/issues') {
      const state = query.state ?? 'all';
      const list = project.issues.filter(
        i => state === 'all' || i.state === state,
      );
      return this.page(url, query, this.sorted(list, query));
    }
    return undefined;
  }
}
