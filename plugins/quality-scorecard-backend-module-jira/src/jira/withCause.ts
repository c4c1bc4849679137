import type {
  BugEvent,
  IncidentEvent,
} from '@shewhart/plugin-quality-scorecard-common';
import type { JiraStore } from '../database/JiraStore';

/** A bug with the pull request that caused it, found now or in an earlier version. */
export async function withCause(
  event: BugEvent | IncidentEvent,
  store: Pick<JiraStore, 'causedBy'>,
): Promise<BugEvent | IncidentEvent> {
  if (event.type !== 'bug') return event;
  const pullRequest = await store.causedBy(
    event.id,
    event.introducedBy?.pullRequest,
  );
  return { ...event, introducedBy: pullRequest ? { pullRequest } : null };
}
