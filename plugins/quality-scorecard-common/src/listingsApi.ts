/**
 * An incident or a bug of an entity, as `GET /events/entity/{kind}/{namespace}/{name}` lists it.
 * @public
 */
export interface EntityEventItem {
  type: 'incident' | 'bug';
  /** The id at its source (PagerDuty, Jira, GitHub, …). */
  id: string;
  source: string;
  title: string;
  /** Where it lives; null when the source sent none. */
  url: string | null;
  severity: string | null;
  /** An incident: its source's status (triggered, acknowledged, resolved); a bug: open or closed. */
  status: string;
  createdAt: string;
  /** An incident's resolution; absent on a bug. */
  resolvedAt?: string | null;
  /** A bug's closing; absent on an incident. */
  closedAt?: string | null;
}

/** @public */
export interface EntityEventsResponse {
  entityRef: string;
  window: { from: string; to: string };
  /** Newest first. */
  items: EntityEventItem[];
  /** Whether more were created in the window than the limit let through. */
  more: boolean;
}
