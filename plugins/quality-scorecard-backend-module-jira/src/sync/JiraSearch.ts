import { Version2Client, Version3Client } from 'jira.js';
import type { JiraInstance } from '../config';
import type { JiraIssue } from '../jira/types';

/** The fields the mapping reads. */
export const SEARCH_FIELDS = [
  'summary',
  'issuetype',
  'project',
  'components',
  'labels',
  'priority',
  'created',
  'updated',
  'resolutiondate',
  'statuscategorychangedate',
  'status',
  'description',
  'comment',
];

export interface SearchPage {
  issues: JiraIssue[];
  /** Where the next page starts; undefined on the last page. */
  next?: string;
}

/** One page of a JQL search, whatever the kind of site. */
export interface JiraSearch {
  page(
    jql: string,
    from: string | undefined,
    size: number,
  ): Promise<SearchPage>;
}

/**
 * Cloud: `GET /rest/api/3/search/jql` (jira.js
 * `searchForIssuesUsingJqlEnhancedSearch`), paged by `nextPageToken`; the
 * older `/search` is gone there. Data Center: `GET /rest/api/2/search`,
 * paged by `startAt` against `total`.
 */
export function createJiraSearch(instance: JiraInstance): JiraSearch {
  if (instance.kind === 'cloud') {
    const client = new Version3Client({
      host: instance.baseUrl,
      authentication: {
        basic: { email: instance.email!, apiToken: instance.apiToken! },
      },
    });
    return {
      async page(jql, from, size) {
        const res =
          await client.issueSearch.searchForIssuesUsingJqlEnhancedSearch({
            jql,
            nextPageToken: from,
            maxResults: size,
            fields: SEARCH_FIELDS,
          });
        return {
          issues: (res.issues ?? []) as unknown as JiraIssue[],
          next: res.nextPageToken ?? undefined,
        };
      },
    };
  }
  const client = new Version2Client({
    host: instance.baseUrl,
    // A Data Center personal access token is a bearer token.
    authentication: { oauth2: { accessToken: instance.token! } },
  });
  return {
    async page(jql, from, size) {
      const startAt = from ? Number(from) : 0;
      const res = await client.issueSearch.searchForIssuesUsingJql({
        jql,
        startAt,
        maxResults: size,
        fields: SEARCH_FIELDS,
      });
      const issues = (res.issues ?? []) as unknown as JiraIssue[];
      const next = startAt + issues.length;
      return {
        issues,
        next:
          issues.length > 0 && next < (res.total ?? 0)
            ? String(next)
            : undefined,
      };
    },
  };
}

/** The status and `Retry-After` (ms) of a failed jira.js call, when it has them. */
export function failureOf(error: unknown): {
  status?: number;
  retryAfterMs?: number;
} {
  const e = error as {
    status?: unknown;
    cause?: {
      response?: { status?: unknown; headers?: Record<string, unknown> };
    };
  };
  const response = e?.cause?.response;
  const status =
    typeof e?.status === 'number'
      ? e.status
      : Number(response?.status) || undefined;
  const header = response?.headers?.['retry-after'];
  const seconds = Number(header);
  return {
    status,
    retryAfterMs:
      header !== undefined && Number.isFinite(seconds)
        ? seconds * 1000
        : undefined,
  };
}
