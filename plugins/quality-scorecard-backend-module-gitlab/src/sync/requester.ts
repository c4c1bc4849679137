/*
 * The request handler the sync gives gitbeaker (its documented `requesterFn`
 * extension point). gitbeaker 43's own handler retries 429 and 502 up to ten
 * times after 0.25, 0.5, … 128 milliseconds (2^i × 0.25 ms, about a quarter
 * of a second in all), reads neither `Retry-After` nor `RateLimit-Remaining`
 * / `RateLimit-Reset`, and never retries a 500, 503 or 504. This one keeps
 * gitbeaker's query formatting, auth headers, client-side limiter and
 * response parsing, and instead:
 * - waits out `Retry-After` on a 429 (else until `RateLimit-Reset`);
 * - waits for `RateLimit-Reset` before sending once `RateLimit-Remaining`
 *   reached 0, instead of being refused;
 * - gives up with a RateLimitExhaustedError when a wait would be longer than
 *   allowed, so that the run stops and the next one resumes;
 * - retries 5xx answers and failed connections a few times with backoff;
 * - counts every request sent and stops when the run is aborted.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { CustomErrorBase } from '@backstage/errors';
import {
  createRequesterFn,
  getMatchingRateLimiter,
  GitbeakerRequestError,
  RequesterType,
  ResourceOptions,
} from '@gitbeaker/requester-utils';

export class RateLimitExhaustedError extends CustomErrorBase {
  name = 'RateLimitExhaustedError' as const;
}

export class SyncAbortedError extends CustomErrorBase {
  name = 'SyncAbortedError' as const;
}

/** No answer from GitLab (connection refused or dropped), retries included. */
export class GitlabUnreachableError extends CustomErrorBase {
  name = 'GitlabUnreachableError' as const;
}

export interface RequesterOptions {
  /** Longest wait for a rate limit before giving up. */
  maxRateLimitWaitMs: number;
  /** Aborts waits and requests (the run's timeout or the backend's shutdown). */
  signal?: AbortSignal;
  /** Called for every request sent, retries included. */
  onRequest?: () => void;
  logger?: LoggerService;
  /** Retries of a 5xx answer or a failed connection. Default 3. */
  serverErrorRetries?: number;
  /** The first backoff after a 5xx; doubled for each retry. Default 250 ms. */
  backoffMs?: number;
  /** One attempt's limit (gitbeaker's `queryTimeout` would count the rate-limit waits too). Default 5 min. */
  requestTimeoutMs?: number;
}

/** 429s in a row for one request before giving up, each waited out. */
const MAX_RATE_LIMITED = 5;
/** A 429 that says nothing of when to come back. */
const DEFAULT_RETRY_AFTER_MS = 60_000;

export function isGitlabRequestError(
  error: unknown,
): error is GitbeakerRequestError {
  return (
    error instanceof GitbeakerRequestError ||
    (error as Error)?.name === 'GitbeakerRequestError'
  );
}

export function statusOf(error: unknown): number | undefined {
  return isGitlabRequestError(error)
    ? error.cause?.response?.status
    : undefined;
}

/** A sentence for the run's errors and the logs. */
export function describeError(error: unknown): string {
  if (isGitlabRequestError(error)) {
    const status = error.cause?.response?.status;
    const url = error.cause?.request?.url;
    const path = url ? new URL(url).pathname : 'GitLab';
    if (status === 404) {
      return `not found (404) at ${path}: the project does not exist or the token cannot see it`;
    }
    if (status === 401 || status === 403) {
      return `refused (${status}) at ${path}: the token lacks the read_api scope or access to the project`;
    }
    return `GitLab answered ${status} at ${path}${
      error.message ? `: ${error.message}` : ''
    }`;
  }
  // Errors of fetch come from another realm under jest: not `instanceof Error`.
  const message = (error as { message?: unknown })?.message;
  return typeof message === 'string' ? message : String(error);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new SyncAbortedError('GitLab sync aborted'));
      return;
    }
    const pending: { timer?: ReturnType<typeof setTimeout> } = {};
    const onAbort = () => {
      clearTimeout(pending.timer);
      reject(new SyncAbortedError('GitLab sync aborted'));
    };
    pending.timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Milliseconds a 429 asks to wait: `Retry-After` (seconds or a date), else `RateLimit-Reset`. */
export function retryAfterMs(headers: Headers, now: number): number {
  const retryAfter = headers.get('retry-after');
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const at = Date.parse(retryAfter);
    if (Number.isFinite(at)) return Math.max(0, at - now);
  }
  const reset = Number(headers.get('ratelimit-reset'));
  if (headers.has('ratelimit-reset') && Number.isFinite(reset)) {
    return Math.max(0, reset * 1000 - now);
  }
  return DEFAULT_RETRY_AFTER_MS;
}

async function parseResponse(response: Response, asStream: boolean) {
  const headers = Object.fromEntries(response.headers.entries());
  if (asStream) {
    return { body: response.body as any, headers, status: response.status };
  }
  if (response.status === 204) {
    return { body: null, headers, status: response.status };
  }
  const type = (response.headers.get('content-type') ?? '')
    .split(';')[0]
    .trim();
  let body: any;
  if (type === 'application/json') {
    body = (await response.json()) || {};
  } else if (type.startsWith('text/')) {
    body = await response.text();
  } else {
    body = await response.blob();
  }
  return { body, headers, status: response.status };
}

/** As gitbeaker's own handler: the error names GitLab's message and keeps the response. */
async function failedRequestError(request: Request, response: Response) {
  const content = await response.text();
  let description = content;
  if (response.headers.get('content-type')?.includes('application/json')) {
    try {
      const output = JSON.parse(content);
      const property = output?.error || output?.message || '';
      description =
        typeof property === 'string' ? property : JSON.stringify(property);
    } catch {
      // Not JSON after all: keep the text.
    }
  }
  return new GitbeakerRequestError(description, {
    cause: { description, request, response },
  });
}

/**
 * A gitbeaker `requesterFn` for one GitLab host: every resource built with
 * it shares the host's rate-limit state.
 */
export function createRequester(
  options: RequesterOptions,
): (serviceOptions: ResourceOptions) => RequesterType {
  const {
    maxRateLimitWaitMs,
    signal,
    logger,
    serverErrorRetries = 3,
    backoffMs = 250,
    requestTimeoutMs = 300_000,
  } = options;
  const quota = { remaining: Number.POSITIVE_INFINITY, resetAt: 0 };

  const waitFor = async (ms: number, reason: string) => {
    if (ms > maxRateLimitWaitMs) {
      throw new RateLimitExhaustedError(
        `GitLab rate limit: ${reason} asks to wait ${Math.ceil(
          ms / 1000,
        )} s, more than the ${Math.round(
          maxRateLimitWaitMs / 60_000,
        )} min allowed; the next run resumes`,
      );
    }
    logger?.info(`GitLab sync: ${reason}; waiting ${Math.ceil(ms / 1000)} s`);
    await sleep(ms, signal);
  };

  const noteQuota = (headers: Headers) => {
    const remaining = headers.get('ratelimit-remaining');
    const reset = headers.get('ratelimit-reset');
    if (remaining !== null && reset !== null) {
      quota.remaining = Number(remaining);
      quota.resetAt = Number(reset) * 1000;
    }
  };

  const handler = async (
    endpoint: string,
    requestOptions?: Record<string, unknown>,
  ) => {
    const {
      rateLimiters,
      agent,
      asStream,
      prefixUrl,
      searchParams,
      method,
      // gitbeaker's queryTimeout signal starts before any wait here: not used.
      signal: _timeoutSignal,
      ...init
    } = (requestOptions ?? {}) as Record<string, any>;
    const limiter = getMatchingRateLimiter(endpoint, rateLimiters, method);
    const base = String(prefixUrl ?? '');
    const url = new URL(endpoint, base.endsWith('/') ? base : `${base}/`);
    url.search = searchParams || '';
    let serverErrors = 0;
    let rateLimited = 0;

    for (;;) {
      if (signal?.aborted) {
        throw new SyncAbortedError('GitLab sync aborted');
      }
      const now = Date.now();
      if (quota.remaining <= 0 && quota.resetAt > now) {
        await waitFor(quota.resetAt - now, 'RateLimit-Remaining is 0');
        quota.remaining = Number.POSITIVE_INFINITY;
      }
      await limiter();
      const timeout = AbortSignal.timeout(requestTimeoutMs);
      const request = new Request(url, {
        ...init,
        method,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      options.onRequest?.();
      let response: Response;
      try {
        response = await (fetch as any)(
          request,
          agent ? { dispatcher: agent } : undefined,
        );
      } catch (error) {
        if (signal?.aborted) {
          throw new SyncAbortedError('GitLab sync aborted');
        }
        if (serverErrors < serverErrorRetries) {
          serverErrors += 1;
          await sleep(backoffMs * 2 ** (serverErrors - 1), signal);
          continue;
        }
        const cause = (error as { cause?: { message?: unknown } })?.cause
          ?.message;
        throw new GitlabUnreachableError(
          `no answer from GitLab at ${url.pathname} after ${
            serverErrors + 1
          } attempts${typeof cause === 'string' ? ` (${cause})` : ''}`,
          error,
        );
      }
      noteQuota(response.headers);
      if (response.ok) {
        return parseResponse(response, Boolean(asStream));
      }
      if (response.status === 429 && rateLimited < MAX_RATE_LIMITED) {
        rateLimited += 1;
        await response.body?.cancel();
        await waitFor(
          retryAfterMs(response.headers, Date.now()),
          `429 Too Many Requests at ${url.pathname}`,
        );
        continue;
      }
      if (response.status >= 500 && serverErrors < serverErrorRetries) {
        serverErrors += 1;
        await response.body?.cancel();
        const delay = backoffMs * 2 ** (serverErrors - 1);
        logger?.warn(
          `GitLab sync: ${response.status} at ${url.pathname}; retrying in ${delay} ms`,
        );
        await sleep(delay, signal);
        continue;
      }
      throw await failedRequestError(request, response);
    }
  };

  return createRequesterFn(
    async (_, requestOptions) => requestOptions,
    handler,
  );
}
