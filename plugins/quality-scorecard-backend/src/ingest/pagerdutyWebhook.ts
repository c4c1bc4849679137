import { createHmac, timingSafeEqual } from 'crypto';
import type { IncidentEvent } from '@shewhart/plugin-quality-scorecard-common';

type Json = Record<string, any>;

const SIGNATURE_PREFIX = 'v1=';

/**
 * Verifies X-PagerDuty-Signature: a comma-separated list of `v1=<hex>`
 * HMAC-SHA256 signatures of the raw body, one per active secret during
 * rotation. Any match of any configured secret passes.
 */
export function verifyPagerDutySignature(
  rawBody: Buffer,
  header: string | undefined,
  secrets: string[],
): boolean {
  if (!header || secrets.length === 0) {
    return false;
  }
  const given = header
    .split(',')
    .map(s => s.trim())
    .filter(s => s.startsWith(SIGNATURE_PREFIX))
    .map(s => Buffer.from(s.slice(SIGNATURE_PREFIX.length), 'hex'));
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    for (const signature of given) {
      if (
        signature.length === expected.length &&
        timingSafeEqual(signature, expected)
      ) {
        return true;
      }
    }
  }
  return false;
}

export const PAGERDUTY_INCIDENT_EVENTS = [
  'incident.triggered',
  'incident.acknowledged',
  'incident.resolved',
  'incident.reopened',
];

/**
 * Merges one v3 incident webhook into the stored incident. Deliveries may
 * arrive out of order: a status older than the stored one changes nothing.
 */
export function applyPagerDutyEvent(
  payload: Json,
  existing: (IncidentEvent & { statusAt?: number }) | undefined,
): (IncidentEvent & { statusAt: number }) | undefined {
  const event = payload?.event;
  const data = event?.data;
  if (
    !event ||
    !PAGERDUTY_INCIDENT_EVENTS.includes(event.event_type) ||
    !data?.id
  ) {
    return undefined;
  }
  const occurredAt = Date.parse(event.occurred_at);
  if (Number.isNaN(occurredAt)) {
    return undefined;
  }
  // v3 incident data rarely carries created_at: the trigger's occurred_at is the start.
  let createdAt = Date.parse(existing?.createdAt ?? event.occurred_at);
  if (data.created_at) createdAt = Date.parse(data.created_at);
  else if (event.event_type === 'incident.triggered') createdAt = occurredAt;
  const base: IncidentEvent & { statusAt: number } = {
    type: 'incident',
    source: 'pagerduty',
    id: String(data.id),
    pagerDutyServiceId: data.service?.id ?? existing?.pagerDutyServiceId,
    title: String(data.title ?? existing?.title ?? ''),
    createdAt: new Date(
      existing ? Math.min(Date.parse(existing.createdAt), createdAt) : createdAt,
    ).toISOString(),
    resolvedAt: existing?.resolvedAt ?? null,
    severity: data.priority?.summary ?? data.urgency ?? existing?.severity ?? null,
    url: data.html_url ?? existing?.url ?? null,
    statusAt: existing?.statusAt ?? 0,
  };
  if (occurredAt < base.statusAt) {
    return base;
  }
  base.statusAt = occurredAt;
  if (event.event_type === 'incident.resolved') {
    base.resolvedAt = new Date(occurredAt).toISOString();
  } else if (event.event_type === 'incident.reopened') {
    base.resolvedAt = null;
  }
  return base;
}
