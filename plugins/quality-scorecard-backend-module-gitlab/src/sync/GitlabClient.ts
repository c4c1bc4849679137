/*
 * The GitLab REST reads of the sync, through @gitbeaker/rest with the
 * rate-limit-aware request handler of ./requester. None of these endpoints
 * offers keyset pagination (GitLab has it for projects, groups, users, jobs,
 * audit events, packages and repository trees): lists are read with offset
 * pagination, one page at a time where the sync delivers page by page, else
 * every page through gitbeaker's own Link-following (`perPage`, `maxPages`).
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import type { GitLabIntegrationConfig } from '@backstage/integration';
import {
  Deployments,
  Issues,
  MergeRequestApprovals,
  MergeRequestNotes,
  MergeRequests,
  Projects,
} from '@gitbeaker/rest';
import { createRequester } from './requester';

export type Json = Record<string, any>;

/** One page of a list, and the next page's number (`X-Next-Page`). */
export interface Page {
  items: Json[];
  next: number | null;
  /** `X-Total` where GitLab counts (it stops counting past 10,000). */
  total: number | null;
}

/** A list sorted by `updated_at`, ascending, from `updatedAfter` (inclusive). */
export type ListPage = (updatedAfter: string, page: number) => Promise<Page>;

export const PER_PAGE = 100;
/** Pages of one merge request's commits, diffs or notes read at most. */
const MAX_DETAIL_PAGES = 50;

/** gitbeaker's `host`: the API base URL without its `/api/v4` (it appends that). */
export function gitbeakerHost(integration: GitLabIntegrationConfig): string {
  const api = integration.apiBaseUrl.replace(/\/+$/, '');
  return /\/api\/v4$/.test(api)
    ? api.slice(0, -'/api/v4'.length)
    : integration.baseUrl;
}

export class GitlabClient {
  private readonly projects: InstanceType<typeof Projects>;
  private readonly mergeRequests: InstanceType<typeof MergeRequests>;
  private readonly notes: InstanceType<typeof MergeRequestNotes>;
  private readonly approvals: InstanceType<typeof MergeRequestApprovals>;
  private readonly deployments: InstanceType<typeof Deployments>;
  private readonly issues: InstanceType<typeof Issues>;

  constructor(options: {
    integration: GitLabIntegrationConfig;
    maxRateLimitWaitMs: number;
    logger: LoggerService;
    signal?: AbortSignal;
    onRequest?: () => void;
  }) {
    const { integration } = options;
    const perMinute = integration.retry?.maxApiRequestsPerMinute ?? -1;
    const settings = {
      host: gitbeakerHost(integration),
      token: integration.token ?? '',
      // Each attempt has its own timeout in the requester, after any wait.
      queryTimeout: null,
      requesterFn: createRequester({
        maxRateLimitWaitMs: options.maxRateLimitWaitMs,
        signal: options.signal,
        onRequest: options.onRequest,
        logger: options.logger,
      }),
      // The integration's own request budget, where one is configured.
      ...(perMinute > 0 ? { rateLimits: { '**': perMinute } } : {}),
    };
    this.projects = new Projects(settings);
    this.mergeRequests = new MergeRequests(settings);
    this.notes = new MergeRequestNotes(settings);
    this.approvals = new MergeRequestApprovals(settings);
    this.deployments = new Deployments(settings);
    this.issues = new Issues(settings);
  }

  async project(path: string): Promise<Json> {
    return (await this.projects.show(path)) as Json;
  }

  /** Merge requests of every state updated on or after `updatedAfter`. */
  mergeRequestPage(path: string): ListPage {
    return (updatedAfter, page) =>
      pageOf(
        this.mergeRequests.all({
          projectId: path,
          state: 'all',
          updatedAfter,
          orderBy: 'updated_at',
          sort: 'asc',
          page,
          perPage: PER_PAGE,
          showExpanded: true,
        } as any),
      );
  }

  /** GitLab wants `order_by=updated_at` with `updated_after`. */
  deploymentPage(path: string): ListPage {
    return (updatedAfter, page) =>
      pageOf(
        this.deployments.all(path, {
          updatedAfter,
          orderBy: 'updated_at',
          sort: 'asc',
          page,
          perPage: PER_PAGE,
          showExpanded: true,
        } as any),
      );
  }

  /** Issues of every state (no `state`) and type, confidential ones included where the token sees them. */
  issuePage(path: string): ListPage {
    return (updatedAfter, page) =>
      pageOf(
        this.issues.all({
          projectId: path,
          scope: 'all',
          updatedAfter,
          orderBy: 'updated_at',
          sort: 'asc',
          page,
          perPage: PER_PAGE,
          showExpanded: true,
        } as any),
      );
  }

  /** What hangs off one merge request, each list read to its end. */
  async mergeRequestReads(path: string, iid: number) {
    const all = { perPage: PER_PAGE, maxPages: MAX_DETAIL_PAGES };
    const commits = (await this.mergeRequests.allCommits(
      path,
      iid,
      all as any,
    )) as unknown as Json[];
    const diffs = (await this.mergeRequests.allDiffs(
      path,
      iid,
      all as any,
    )) as unknown as Json[];
    const notes = (await this.notes.all(path, iid, {
      ...all,
      sort: 'asc',
      orderBy: 'created_at',
    } as any)) as unknown as Json[];
    const approvals = (await this.approvals.showConfiguration(path, {
      mergerequestIId: iid,
    })) as unknown as Json;
    return { commits, diffs, notes, approvals };
  }
}

async function pageOf(response: Promise<unknown>): Promise<Page> {
  const { data, paginationInfo } = (await response) as {
    data: Json[];
    paginationInfo?: { next?: number | null; total?: number };
  };
  const total = paginationInfo?.total;
  return {
    items: Array.isArray(data) ? data : [],
    next: paginationInfo?.next ?? null,
    total: typeof total === 'number' && Number.isFinite(total) ? total : null,
  };
}
