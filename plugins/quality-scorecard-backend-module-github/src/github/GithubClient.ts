import { LoggerService } from '@backstage/backend-plugin-api';
import { Octokit } from '@octokit/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { setTimeout as delay } from 'timers/promises';

const SyncOctokit = Octokit.plugin(throttling, retry);
type SyncOctokitInstance = InstanceType<typeof SyncOctokit>;

type Params = Record<string, string | number | undefined>;
type Headers = Record<string, string | number | undefined>;

/** The rate limit left no room: the run stops and the next one resumes. */
export class RateLimitExhaustedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RateLimitExhaustedError';
  }
}

/** An HTTP error answer of the GitHub API (what @octokit/request throws). */
export interface GithubRequestError extends Error {
  status: number;
  response?: { headers: Headers; data?: unknown };
}

export function isGithubRequestError(
  error: unknown,
): error is GithubRequestError {
  return (
    error instanceof Error &&
    typeof (error as Partial<GithubRequestError>).status === 'number'
  );
}

/** Why a repository failed, in words an operator acts on. */
export function describeError(error: unknown): string {
  if (isGithubRequestError(error)) {
    switch (error.status) {
      case 404:
        return 'not found (404): the repository does not exist or the credentials cannot see it';
      case 403:
        return `forbidden (403): ${error.message}`;
      case 451:
        return 'unavailable for legal reasons (451)';
      default:
        return `GitHub answered ${error.status}: ${error.message}`;
    }
  }
  return error instanceof Error ? error.message : String(error);
}

function isRateLimitError(error: GithubRequestError): boolean {
  if (error.status !== 403 && error.status !== 429) {
    return false;
  }
  const headers = error.response?.headers ?? {};
  return (
    String(headers['x-ratelimit-remaining']) === '0' ||
    headers['retry-after'] !== undefined ||
    /rate limit/i.test(error.message)
  );
}

/** The URL of the `rel="next"` page in a Link header. */
export function nextPageUrl(link: string | undefined): string | undefined {
  for (const part of (link ?? '').split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="next"/.exec(part);
    if (match) {
      return match[1];
    }
  }
  return undefined;
}

// Rejects when the run is aborted, and leaves no listener on its signal.
const sleep = (ms: number, signal?: AbortSignal) =>
  delay(ms, undefined, { signal });

export interface GithubClientOptions {
  /** REST API root: https://api.github.com or https://ghe.example.com/api/v3. */
  baseUrl: string;
  /** A token for this request (GitHub App tokens expire, so asked per request). */
  token: () => Promise<string | undefined>;
  logger: LoggerService;
  maxRateLimitWaitMs: number;
  /** Called once per HTTP request sent, retries included. */
  onRequest?: () => void;
  signal?: AbortSignal;
  /** Milliseconds per second of `retry-after`; tests make waits shorter. */
  retryAfterBaseMs?: number;
}

/** What a conditional list walk found. */
export interface ListResult {
  /** The first page answered 304: nothing changed since `etag`. */
  notModified: boolean;
  /** ETag of the first page, to send next time. */
  etag?: string;
}

/**
 * The GitHub REST calls of the sync, with Link pagination, conditional
 * requests and rate limits honoured: 403 primary and secondary limits by
 * `@octokit/plugin-throttling`, 429 and an exhausted quota (wait for the reset
 * before sending rather than after a refused request) here.
 */
export class GithubClient {
  private readonly octokit: SyncOctokitInstance;
  private remaining: number | undefined;
  private resetAt = 0;

  constructor(private readonly options: GithubClientOptions) {
    const { logger } = options;
    const base = options.retryAfterBaseMs ?? 1000;
    const maxWaitSeconds = options.maxRateLimitWaitMs / 1000;
    this.octokit = new SyncOctokit({
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      userAgent: 'shewhart-quality-scorecard',
      // The run's abort signal is checked before each request rather than
      // handed to fetch, which would add a listener to it per request.
      request: {
        fetch: (url: string, init: RequestInit) => {
          options.onRequest?.();
          return fetch(url, init);
        },
      },
      log: {
        debug: () => {},
        info: () => {},
        warn: (message: string) => logger.warn(message),
        error: (message: string) => logger.error(message),
      },
      retry: { doNotRetry: [304, 400, 401, 403, 404, 409, 410, 422, 429, 451] },
      throttle: {
        retryAfterBaseValue: base,
        onRateLimit: (
          retryAfter: number,
          req: { method: string; url: string },
          _o: unknown,
          retryCount: number,
        ) => {
          if (retryAfter > maxWaitSeconds || retryCount >= 2) {
            return false;
          }
          logger.warn(
            `GitHub rate limit reached; waiting ${retryAfter}s before ${req.method} ${req.url}`,
          );
          return true;
        },
        onSecondaryRateLimit: (
          retryAfter: number,
          req: { method: string; url: string },
          _o: unknown,
          retryCount: number,
        ) => {
          if (retryAfter > maxWaitSeconds || retryCount >= 4) {
            return false;
          }
          logger.warn(
            `GitHub secondary rate limit; waiting ${retryAfter}s before ${req.method} ${req.url}`,
          );
          return true;
        },
      },
    });
    this.octokit.hook.wrap('request', async (request, requestOptions) => {
      for (let attempt = 0; ; attempt++) {
        if (options.signal?.aborted) {
          throw new Error('GitHub sync aborted');
        }
        await this.waitForQuota();
        try {
          const response = await request(requestOptions);
          this.observe(response.headers as Headers);
          return response;
        } catch (error) {
          if (!isGithubRequestError(error)) {
            throw error;
          }
          this.observe(error.response?.headers ?? {});
          if (error.status !== 429 || attempt >= 4) {
            throw error;
          }
          const headers = error.response?.headers ?? {};
          const waitMs =
            Number(headers['retry-after']) > 0
              ? Number(headers['retry-after']) * base
              : Math.max(this.resetAt - Date.now(), 60 * base);
          if (waitMs > options.maxRateLimitWaitMs) {
            throw error;
          }
          logger.warn(
            `GitHub answered 429; waiting ${Math.ceil(waitMs / 1000)}s before ${
              requestOptions.method
            } ${requestOptions.url}`,
          );
          await sleep(waitMs, options.signal);
        }
      }
    });
    this.octokit.hook.before('request', async requestOptions => {
      const token = await options.token();
      if (token) {
        requestOptions.headers.authorization = `token ${token}`;
      }
    });
  }

  private observe(headers: Headers) {
    const remaining = headers['x-ratelimit-remaining'];
    const reset = headers['x-ratelimit-reset'];
    if (remaining !== undefined && reset !== undefined) {
      this.remaining = Number(remaining);
      this.resetAt = Number(reset) * 1000;
    }
  }

  /** With the quota spent, wait for its reset instead of being refused. */
  private async waitForQuota() {
    if (this.remaining !== 0) {
      return;
    }
    const waitMs = this.resetAt - Date.now() + 1000;
    if (waitMs <= 0) {
      this.remaining = undefined;
      return;
    }
    if (waitMs > this.options.maxRateLimitWaitMs) {
      throw new RateLimitExhaustedError(
        `GitHub rate limit spent until ${new Date(this.resetAt).toISOString()}`,
      );
    }
    this.options.logger.warn(
      `GitHub rate limit spent; waiting ${Math.ceil(
        waitMs / 1000,
      )}s for its reset`,
    );
    await sleep(waitMs, this.options.signal);
    this.remaining = undefined;
  }

  private rethrow(error: unknown): never {
    if (isGithubRequestError(error) && isRateLimitError(error)) {
      throw new RateLimitExhaustedError(`GitHub rate limit: ${error.message}`);
    }
    throw error;
  }

  /** GET one resource; `undefined` when `etag` still matches (304). */
  async get<T>(
    route: string,
    params: Params,
    etag?: string,
  ): Promise<{ data: T; etag?: string } | undefined> {
    try {
      const response = await this.octokit.request(`GET ${route}`, {
        ...params,
        headers: etag ? { 'if-none-match': etag } : {},
      });
      return { data: response.data as T, etag: response.headers.etag };
    } catch (error) {
      if (isGithubRequestError(error) && error.status === 304) {
        return undefined;
      }
      return this.rethrow(error);
    }
  }

  /**
   * Walks the pages of a list, following Link headers. With `etag`, a 304 on
   * the first page ends the walk at once. `onPage` returns false to stop.
   */
  async list<T>(
    route: string,
    params: Params,
    options: {
      etag?: string;
      /** Lists wrapped in an object, such as `workflow_runs`. */
      itemsKey?: string;
      onPage: (items: T[]) => boolean | void | Promise<boolean | void>;
    },
  ): Promise<ListResult> {
    let response;
    try {
      response = await this.octokit.request(`GET ${route}`, {
        per_page: 100,
        ...params,
        headers: options.etag ? { 'if-none-match': options.etag } : {},
      });
    } catch (error) {
      if (isGithubRequestError(error) && error.status === 304) {
        return { notModified: true, etag: options.etag };
      }
      return this.rethrow(error);
    }
    const etag = response.headers.etag;
    for (;;) {
      const data = response.data as any;
      const items: T[] = options.itemsKey
        ? data?.[options.itemsKey] ?? []
        : data ?? [];
      const next = nextPageUrl(response.headers.link);
      if ((await options.onPage(items)) === false || !next) {
        return { notModified: false, etag };
      }
      try {
        response = await this.octokit.request({ method: 'GET', url: next });
      } catch (error) {
        return this.rethrow(error);
      }
    }
  }

  /** Every item of a list (small lists: a PR's commits, reviews, files). */
  async listAll<T>(route: string, params: Params): Promise<T[]> {
    const all: T[] = [];
    await this.list<T>(route, params, {
      onPage: items => {
        all.push(...items);
      },
    });
    return all;
  }
}
