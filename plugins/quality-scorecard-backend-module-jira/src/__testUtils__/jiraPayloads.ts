/*
 * Jira issue webhooks and search results, written from Atlassian's documented
 * shapes (webhookEvent, timestamp, issue {id, key, self, fields}, changelog).
 */
import { createHmac } from 'crypto';

export const SITE = 'https://shewhart-test.atlassian.net';

export interface IssueInput {
  id: string;
  key: string;
  type?: string;
  summary?: string;
  components?: string[];
  labels?: string[];
  priority?: string | null;
  created: string;
  updated: string;
  resolved?: string | null;
  /** Status category: `new`, `indeterminate` or `done`. */
  category?: string;
  description?: unknown;
}

/** An issue as REST v2 and webhooks send it. */
export function issue(input: IssueInput, site = SITE) {
  return {
    id: input.id,
    key: input.key,
    self: `${site}/rest/api/2/issue/${input.id}`,
    fields: {
      summary: input.summary ?? `Issue ${input.key}`,
      issuetype: { id: '10004', name: input.type ?? 'Bug', subtask: false },
      project: { id: '10000', key: input.key.replace(/-\d+$/, '') },
      components: (input.components ?? []).map((name, i) => ({
        id: String(10100 + i),
        name,
      })),
      labels: input.labels ?? [],
      priority:
        input.priority === null
          ? null
          : { id: '3', name: input.priority ?? 'Medium' },
      created: input.created,
      updated: input.updated,
      resolutiondate: input.resolved ?? null,
      status: {
        name: input.category === 'done' ? 'Done' : 'In Progress',
        statusCategory: { key: input.category ?? 'indeterminate' },
      },
      description: input.description ?? null,
    },
  };
}

export function issueWebhook(
  event: 'jira:issue_created' | 'jira:issue_updated' | 'jira:issue_deleted',
  input: IssueInput,
  options: { timestamp?: number; comment?: string; site?: string } = {},
) {
  return {
    timestamp:
      options.timestamp ??
      Date.parse(input.updated.replace(/(\d\d)(\d\d)$/, '$1:$2')),
    webhookEvent: event,
    issue_event_type_name:
      event === 'jira:issue_created' ? 'issue_created' : 'issue_generic',
    user: { accountId: '5b10a2844c20165700ede21g', displayName: 'Alice' },
    issue: issue(input, options.site),
    changelog: { id: '10400', items: [] },
    ...(options.comment
      ? { comment: { id: '10500', body: options.comment } }
      : {}),
  };
}

/** `X-Hub-Signature` of a body, as Jira Cloud computes it. */
export const hubSignature = (body: string, secret: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** Issues of PAY: a resolved bug of Payments, a project-wide bug, an incident of Payments, a task. */
export const PAY1: IssueInput = {
  id: '10001',
  key: 'PAY-1',
  summary: 'Refund rounding',
  components: ['Payments'],
  priority: 'Highest',
  created: '2026-03-02T10:00:00.000+0000',
  updated: '2026-03-03T10:00:00.000+0000',
  resolved: '2026-03-03T10:00:00.000+0000',
  category: 'done',
  description: 'Rounds half down. Caused by #12.',
};
export const PAY2: IssueInput = {
  id: '10002',
  key: 'PAY-2',
  summary: 'Slow export',
  priority: 'Minor',
  created: '2026-03-04T09:00:00.000+0100',
  updated: '2026-03-04T09:00:00.000+0100',
};
export const PAY3: IssueInput = {
  id: '10003',
  key: 'PAY-3',
  type: '[System] Incident',
  summary: 'Card payments fail',
  components: ['Payments'],
  priority: 'High',
  created: '2026-03-04T09:00:00.000+0100',
  updated: '2026-03-04T11:00:00.000+0100',
  resolved: '2026-03-04T11:00:00.000+0100',
  category: 'done',
};
export const PAY4: IssueInput = {
  id: '10004',
  key: 'PAY-4',
  type: 'Task',
  components: ['Payments'],
  created: '2026-03-04T09:00:00.000+0000',
  updated: '2026-03-04T09:00:00.000+0000',
};
