import type { JsonObject } from '@backstage/types';
import type { QualityEvent } from '@shewhart/plugin-quality-scorecard-common';
import type { QualityWebhookStore } from '@shewhart/plugin-quality-scorecard-node';
import type { JiraStore } from '../database/JiraStore';
import { issueEventId, mapIssue, SOURCE } from '../jira/mapIssue';
import type { IssueRules, JiraIssue } from '../jira/types';
import { withCause } from '../jira/withCause';

/**
 * A stored issue delivery as events. The newest version of an issue (by
 * `fields.updated`) wins whatever the order of arrival; a delete removes its
 * bug or incident and keeps any version older than it out; an issue that is
 * no longer a bug or incident (or changed between them) is removed as the
 * other.
 */
export async function mapJiraDelivery(
  delivery: { eventName: string; payload: JsonObject },
  store: QualityWebhookStore,
  options: { rules: IssueRules; store: JiraStore },
): Promise<QualityEvent[]> {
  const payload = delivery.payload as unknown as {
    timestamp: number;
    issue: JiraIssue;
    comment?: { body?: unknown } | null;
  };
  if (delivery.eventName === 'jira:issue_deleted') {
    const id = issueEventId(payload.issue);
    await options.store.markDeleted(id, payload.timestamp);
    await store.deleteEvent('bug', SOURCE, id);
    await store.deleteEvent('incident', SOURCE, id);
    return [];
  }
  if (
    delivery.eventName !== 'jira:issue_created' &&
    delivery.eventName !== 'jira:issue_updated'
  ) {
    return [];
  }
  const mapped = mapIssue(
    payload.issue,
    options.rules,
    payload.comment ? [payload.comment.body] : [],
  );
  if (!(await options.store.admitIssue(mapped.id, mapped.updatedAt))) {
    return [];
  }
  for (const other of ['bug', 'incident'] as const) {
    if (mapped.kind !== other) {
      await store.deleteEvent(other, SOURCE, mapped.id);
    }
  }
  return mapped.event ? [await withCause(mapped.event, options.store)] : [];
}
