import type {
  IncidentStatus,
  MappedIncident,
  StoredIncident,
} from '../incidentTypes';
import { normaliseSeverity, SeverityLevel } from '../severity';
import { opsgenieTime } from './alertTime';
import type { OpsgenieAlertPayload } from './payloadSchema';

/** The alert's status after each action, as PagerDuty's incidents have them. */
export const OPSGENIE_STATUS_AFTER: Record<string, IncidentStatus> = {
  Create: 'triggered',
  Acknowledge: 'acknowledged',
  UnAcknowledge: 'triggered',
  Close: 'resolved',
};

/** Opsgenie's priorities: P1 critical, P2 high, P3 medium, P4 and P5 low. */
export const OPSGENIE_DEFAULT_SEVERITIES: Record<string, SeverityLevel> = {
  p1: 'critical',
  p2: 'high',
  p3: 'medium',
  p4: 'low',
  p5: 'low',
};

export interface OpsgenieMappingOptions {
  severities: Record<string, SeverityLevel>;
  alertUrlTemplate?: string;
}

/** `P3` from `P3`, `p3` or 3 (the alert webhook sends either); null when absent. */
export function opsgeniePriority(value: unknown): string | null {
  if (typeof value === 'number') return `P${value}`;
  if (typeof value === 'string' && value.trim()) {
    const trimmed = value.trim();
    return /^\d$/.test(trimmed) ? `P${trimmed}` : trimmed.toUpperCase();
  }
  return null;
}

/**
 * The keys the alert answers to, most specific first: its tags
 * (`opsgenie:tag:<tag>`, what `opsgenie.com/component-selector` queries
 * select), then its teams and team responders (`opsgenie:team:<name>`).
 */
export function opsgenieAlertLocators(
  alert: OpsgenieAlertPayload['alert'],
): string[] {
  const keys = [
    ...(alert.tags ?? []).map(tag => `opsgenie:tag:${tag.trim()}`),
    ...(alert.teams ?? []).map(team => `opsgenie:team:${team.trim()}`),
    ...(alert.team ? [`opsgenie:team:${alert.team.trim()}`] : []),
    ...(alert.responders ?? [])
      .filter(r => r.type === 'team')
      .flatMap(r => [r.name, r.id])
      .filter((v): v is string => Boolean(v?.trim()))
      .map(team => `opsgenie:team:${team.trim()}`),
  ];
  return [...new Set(keys)];
}

/** The moment of the action: `updatedAt` (nanoseconds), else the creation for a Create. */
export function opsgenieActionTime(
  alert: OpsgenieAlertPayload['alert'],
): number {
  return opsgenieTime(alert.updatedAt) ?? opsgenieTime(alert.createdAt)!;
}

/**
 * Merges one alert action into the stored incident. Deliveries may arrive
 * out of order: an action older than the stored status changes no status and
 * overwrites no field (an Acknowledge after the Close does not reopen it); it
 * can only fill in what is missing. Actions that change no status (notes,
 * tags, teams, escalations) update the fields and keep the status.
 */
export function applyOpsgenieAction(
  payload: OpsgenieAlertPayload,
  existing: StoredIncident | undefined,
  options: OpsgenieMappingOptions,
): MappedIncident {
  const { alert, action } = payload;
  const actionAt = opsgenieActionTime(alert);
  const declaredCreatedAt = opsgenieTime(alert.createdAt)!;
  const createdAt = existing
    ? Math.min(Date.parse(existing.createdAt), declaredCreatedAt)
    : declaredCreatedAt;
  const newer = actionAt >= (existing?.statusAt ?? 0);
  const pick = <T>(
    fromAction: T | null | undefined,
    stored: T | null | undefined,
  ): T | null => (newer ? fromAction ?? stored : stored ?? fromAction) ?? null;

  const priority = opsgeniePriority(alert.priority);
  const severity = priority
    ? normaliseSeverity(
        [priority],
        options.severities,
        OPSGENIE_DEFAULT_SEVERITIES,
      )
    : null;
  const locators = opsgenieAlertLocators(alert);
  const url = options.alertUrlTemplate
    ? options.alertUrlTemplate
        .replace(/\{alertId\}/g, encodeURIComponent(alert.alertId))
        .replace(/\{tinyId\}/g, encodeURIComponent(String(alert.tinyId ?? '')))
    : null;
  const message = alert.message?.trim() ? alert.message : null;

  const incident: MappedIncident = {
    type: 'incident',
    source: 'opsgenie',
    id: alert.alertId,
    // Close and note payloads may carry no tags or teams: then the stored keys stay.
    ...((locators.length ? locators : existing?.locators ?? []).length
      ? { locators: locators.length ? locators : existing!.locators }
      : {}),
    title: pick(message, existing?.title) ?? '',
    createdAt: new Date(createdAt).toISOString(),
    resolvedAt: existing?.resolvedAt ?? null,
    severity: pick(severity, existing?.severity),
    causedBy: existing?.causedBy ?? null,
    url: pick(url, existing?.url),
    statusAt: existing?.statusAt ?? 0,
    status:
      existing?.status ?? (existing?.resolvedAt ? 'resolved' : 'triggered'),
  };
  const status = OPSGENIE_STATUS_AFTER[action];
  if (!newer || !status) {
    return incident;
  }
  incident.statusAt = actionAt;
  incident.status = status;
  if (status === 'resolved') {
    incident.resolvedAt = new Date(actionAt).toISOString();
  } else {
    incident.resolvedAt = null;
  }
  return incident;
}
