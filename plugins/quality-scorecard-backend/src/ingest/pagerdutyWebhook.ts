import { createHmac } from 'crypto';
import { secretMatchIndex } from '@shewhart/plugin-quality-scorecard-node';
import type { IncidentEvent } from '@shewhart/plugin-quality-scorecard-common';
import type { IncidentStatus } from '../engine/model';

type Json = Record<string, any>;

const SIGNATURE_PREFIX = 'v1=';

/**
 * Which of `secrets` signed a request (its position; -1 when none):
 * X-PagerDuty-Signature is a comma-separated list of `v1=<hex>` HMAC-SHA256
 * signatures of the raw body, one per active secret during rotation. Every
 * signature is compared with every secret's, in constant time; the first
 * configured secret that any matches is the one.
 */
export function pagerDutySecretIndex(
  rawBody: Buffer,
  header: string | undefined,
  secrets: string[],
): number {
  if (!header || secrets.length === 0) {
    return -1;
  }
  const given = header
    .split(',')
    .map(s => s.trim())
    .filter(s => s.startsWith(SIGNATURE_PREFIX))
    .map(s => s.slice(SIGNATURE_PREFIX.length).toLowerCase());
  const expected = secrets.map(secret =>
    createHmac('sha256', secret).update(rawBody).digest('hex'),
  );
  let position = -1;
  for (const signature of given) {
    const match = secretMatchIndex(signature, expected);
    position =
      match >= 0 && (position < 0 || match < position) ? match : position;
  }
  return position;
}

/** Whether any configured secret signed the request (see pagerDutySecretIndex). */
export function verifyPagerDutySignature(
  rawBody: Buffer,
  header: string | undefined,
  secrets: string[],
): boolean {
  return pagerDutySecretIndex(rawBody, header, secrets) >= 0;
}

/** The incident's status after each event; a reopened incident is triggered again. */
const STATUS_AFTER: Record<string, IncidentStatus> = {
  'incident.triggered': 'triggered',
  'incident.acknowledged': 'acknowledged',
  'incident.resolved': 'resolved',
  'incident.reopened': 'triggered',
};

export const PAGERDUTY_INCIDENT_EVENTS = Object.keys(STATUS_AFTER);

type StoredIncident = IncidentEvent & {
  statusAt?: number;
  status?: IncidentStatus;
};

/**
 * Merges one v3 incident webhook into the stored incident. Deliveries may
 * arrive out of order: a status older than the stored one changes no status
 * and overwrites no field; it can only move the start earlier.
 */
export function applyPagerDutyEvent(
  payload: Json,
  existing: StoredIncident | undefined,
): (IncidentEvent & { statusAt: number; status: IncidentStatus }) | undefined {
  const event = payload?.event;
  const data = event?.data;
  if (
    !event ||
    !PAGERDUTY_INCIDENT_EVENTS.includes(event.event_type) ||
    !data?.id ||
    (typeof data.id !== 'string' && typeof data.id !== 'number')
  ) {
    return undefined;
  }
  const occurredAt = Date.parse(event.occurred_at);
  if (Number.isNaN(occurredAt)) {
    return undefined;
  }
  // v3 incident data rarely carries created_at. Every event of an incident
  // happens after it started, so without created_at the earliest event seen
  // (normally the trigger) is the best known start.
  const declared = data.created_at ? Date.parse(data.created_at) : NaN;
  const createdCandidate = Number.isNaN(declared) ? occurredAt : declared;
  const createdAt = existing
    ? Math.min(Date.parse(existing.createdAt), createdCandidate)
    : createdCandidate;
  // A delivery older than the stored status (deliveries may arrive out of
  // order) only fills in what is missing; it never overwrites newer values.
  const newer = occurredAt >= (existing?.statusAt ?? 0);
  const pick = <T>(
    fromEvent: T | null | undefined,
    stored: T | null | undefined,
  ): T | null => (newer ? fromEvent ?? stored : stored ?? fromEvent) ?? null;
  const base: IncidentEvent & { statusAt: number; status: IncidentStatus } = {
    type: 'incident',
    source: 'pagerduty',
    id: String(data.id),
    pagerDutyServiceId:
      pick<string>(data.service?.id, existing?.pagerDutyServiceId) ?? undefined,
    title: String(pick<string>(data.title, existing?.title) ?? ''),
    createdAt: new Date(createdAt).toISOString(),
    resolvedAt: existing?.resolvedAt ?? null,
    severity: pick<string>(
      data.priority?.summary ?? data.urgency,
      existing?.severity,
    ),
    causedBy: existing?.causedBy ?? null,
    url: pick<string>(data.html_url, existing?.url),
    statusAt: existing?.statusAt ?? 0,
    status:
      existing?.status ?? (existing?.resolvedAt ? 'resolved' : 'triggered'),
  };
  if (!newer) {
    return base;
  }
  base.statusAt = occurredAt;
  base.status = STATUS_AFTER[event.event_type];
  if (event.event_type === 'incident.resolved') {
    base.resolvedAt = new Date(occurredAt).toISOString();
  } else if (event.event_type === 'incident.reopened') {
    base.resolvedAt = null;
  }
  return base;
}
