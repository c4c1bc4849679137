/**
 * A Jira site on loopback that answers the two searches the sync uses like
 * Jira's REST API: Cloud `GET /rest/api/3/search/jql` (paged by
 * `nextPageToken`) and Data Center `GET /rest/api/2/search` (paged by
 * `startAt`/`maxResults`/`total`). It reads the sync's JQL (`project = "P"
 * AND updated >= -Nm`), and answers scripted failures in turn.
 */
import http from 'http';
import { AddressInfo } from 'net';
import { issue, IssueInput } from './jiraPayloads';

export interface Failure {
  /** Fails the first request whose page matches. */
  project: string;
  /** The page's start: `startAt` or the `nextPageToken` (undefined: the first page). */
  from?: string;
  status: number;
  headers?: Record<string, string>;
}

export interface RecordedRequest {
  path: string;
  jql: string;
  from?: string;
  maxResults: number;
  authorization?: string;
  status: number;
}

const time = (v: string) => Date.parse(v.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));

export class FakeJira {
  readonly requests: RecordedRequest[] = [];
  issues: IssueInput[] = [];
  failures: Failure[] = [];
  private server?: http.Server;
  baseUrl = '';

  constructor(readonly kind: 'cloud' | 'datacenter') {}

  async start() {
    this.server = http.createServer((req, res) => this.answer(req, res));
    await new Promise<void>(resolve =>
      this.server!.listen(0, '127.0.0.1', resolve),
    );
    this.baseUrl = `http://127.0.0.1:${
      (this.server.address() as AddressInfo).port
    }`;
    return this;
  }

  async stop() {
    await new Promise(resolve => this.server?.close(resolve));
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const cloud = this.kind === 'cloud';
    const path = cloud ? '/rest/api/3/search/jql' : '/rest/api/2/search';
    const jql = url.searchParams.get('jql') ?? '';
    const from =
      (cloud
        ? url.searchParams.get('nextPageToken')
        : url.searchParams.get('startAt')) ?? undefined;
    const maxResults = Number(url.searchParams.get('maxResults') ?? 50);
    const record = (status: number) =>
      this.requests.push({
        path: url.pathname,
        jql,
        from,
        maxResults,
        authorization: req.headers.authorization,
        status,
      });
    const send = (
      status: number,
      body: unknown,
      headers: Record<string, string> = {},
    ) => {
      record(status);
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET' || url.pathname !== path) {
      send(404, { errorMessages: [`No route ${req.method} ${url.pathname}`] });
      return;
    }
    const query =
      /^project = "([^"]+)" AND updated >= -(\d+)m ORDER BY updated ASC, key ASC$/.exec(
        jql,
      );
    if (!query) {
      send(400, { errorMessages: [`Unexpected JQL: ${jql}`] });
      return;
    }
    const [, project, minutes] = query;
    const page = from === '0' ? undefined : from;
    const failure = this.failures.findIndex(
      f => f.project === project && f.from === page,
    );
    if (failure >= 0) {
      const [f] = this.failures.splice(failure, 1);
      send(f.status, { errorMessages: ['Scripted failure'] }, f.headers);
      return;
    }
    const since = Date.now() - Number(minutes) * 60_000;
    const matching = this.issues
      .filter(i => i.key.startsWith(`${project}-`) && time(i.updated) >= since)
      .sort(
        (a, b) =>
          time(a.updated) - time(b.updated) || a.key.localeCompare(b.key),
      );
    const start = Number(from ?? 0);
    const slice = matching.slice(start, start + maxResults).map(i => {
      const shaped = issue(i, this.baseUrl);
      return cloud
        ? {
            ...shaped,
            self: shaped.self.replace('/rest/api/2/', '/rest/api/3/'),
          }
        : shaped;
    });
    const next = start + slice.length;
    if (cloud) {
      send(200, {
        issues: slice,
        ...(next < matching.length ? { nextPageToken: String(next) } : {}),
        isLast: next >= matching.length,
      });
    } else {
      send(200, {
        startAt: start,
        maxResults,
        total: matching.length,
        issues: slice,
      });
    }
  }
}
