import { createHmac } from 'crypto';

/**
 * PagerDuty v3 webhook payloads for unit tests, written from the documented
 * envelope (developer.pagerduty.com, "Webhooks v3 overview": event.id,
 * event_type, resource_type, occurred_at, agent, client, data of the
 * `incident` type). Values are our own.
 */

type Json = Record<string, any>;

export const PD_SERVICE = 'PCHK001';

export interface IncidentWebhookOptions {
  eventId: string;
  eventType: string;
  occurredAt: string;
  incidentId?: string;
  number?: number;
  title?: string;
  serviceId?: string;
  status?: string;
  urgency?: 'high' | 'low';
  priority?: string | null;
  /** v3 incident data carries created_at only in some events (reopened, priority_updated). */
  createdAt?: string;
  reopenedAt?: string;
}

const STATUS_BY_EVENT: Record<string, string> = {
  'incident.triggered': 'triggered',
  'incident.acknowledged': 'acknowledged',
  'incident.resolved': 'resolved',
  'incident.reopened': 'triggered',
};

export function incidentWebhook(o: IncidentWebhookOptions): Json {
  const incidentId = o.incidentId ?? 'Q1CHK0UT';
  const serviceId = o.serviceId ?? PD_SERVICE;
  const data: Json = {
    id: incidentId,
    type: 'incident',
    self: `https://api.pagerduty.com/incidents/${incidentId}`,
    html_url: `https://acme.pagerduty.com/incidents/${incidentId}`,
    number: o.number ?? 7,
    status: o.status ?? STATUS_BY_EVENT[o.eventType] ?? 'triggered',
    incident_key: `key-${incidentId}`,
    title: o.title ?? 'Checkout returns 502',
    service: {
      html_url: `https://acme.pagerduty.com/services/${serviceId}`,
      id: serviceId,
      self: `https://api.pagerduty.com/services/${serviceId}`,
      summary: 'Checkout API',
      type: 'service_reference',
    },
    assignees: [
      {
        html_url: 'https://acme.pagerduty.com/users/PUSR001',
        id: 'PUSR001',
        self: 'https://api.pagerduty.com/users/PUSR001',
        summary: 'Ada Lovelace',
        type: 'user_reference',
      },
    ],
    escalation_policy: {
      html_url: 'https://acme.pagerduty.com/escalation_policies/PESC001',
      id: 'PESC001',
      self: 'https://api.pagerduty.com/escalation_policies/PESC001',
      summary: 'Checkout on-call',
      type: 'escalation_policy_reference',
    },
    teams: [],
    priority: o.priority
      ? {
          html_url: 'https://acme.pagerduty.com/account/incident_priorities',
          id: `PPRI${o.priority}`,
          self: `https://api.pagerduty.com/priorities/PPRI${o.priority}`,
          summary: o.priority,
          type: 'priority_reference',
        }
      : null,
    urgency: o.urgency ?? 'high',
    conference_bridge: null,
    resolve_reason: null,
  };
  if (o.createdAt) data.created_at = o.createdAt;
  if (o.reopenedAt) data.reopened_at = o.reopenedAt;
  return {
    event: {
      id: o.eventId,
      event_type: o.eventType,
      resource_type: 'incident',
      occurred_at: o.occurredAt,
      agent: {
        html_url: 'https://acme.pagerduty.com/users/PUSR001',
        id: 'PUSR001',
        self: 'https://api.pagerduty.com/users/PUSR001',
        summary: 'Ada Lovelace',
        type: 'user_reference',
      },
      client: null,
      data,
    },
  };
}

/** X-PagerDuty-Signature: one `v1=` HMAC-SHA256 of the raw body per secret. */
export function pagerDutySignature(rawBody: string | Buffer, secrets: string[]): string {
  return secrets
    .map(secret => `v1=${createHmac('sha256', secret).update(rawBody).digest('hex')}`)
    .join(',');
}
