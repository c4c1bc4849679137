import type {
  IncidentStatus,
  MappedIncident,
  StoredIncident,
} from '../incidentTypes';
import { normaliseSeverity, SeverityLevel } from '../severity';
import type { IncidentIoIncident } from './payloadSchema';

/**
 * incident.io's status categories. Triage: reported, not yet accepted
 * (PagerDuty's triggered); live (formerly active): accepted and worked on
 * (acknowledged); learning (formerly post-incident) and closed: the impact is
 * over (resolved). Declined, merged and canceled incidents were never
 * incidents of their own: they are removed.
 */
export const INCIDENT_IO_STATUS_OF_CATEGORY: Record<
  string,
  IncidentStatus | 'removed'
> = {
  triage: 'triggered',
  live: 'acknowledged',
  active: 'acknowledged',
  learning: 'resolved',
  'post-incident': 'resolved',
  closed: 'resolved',
  resolved: 'resolved',
  declined: 'removed',
  merged: 'removed',
  canceled: 'removed',
  cancelled: 'removed',
};

/** incident.io's default severities (Critical, Major, Minor) and common names. */
export const INCIDENT_IO_DEFAULT_SEVERITIES: Record<string, SeverityLevel> = {
  critical: 'critical',
  major: 'high',
  minor: 'medium',
  sev0: 'critical',
  sev1: 'critical',
  sev2: 'high',
  sev3: 'medium',
  sev4: 'low',
  sev5: 'low',
  p1: 'critical',
  p2: 'high',
  p3: 'medium',
  p4: 'low',
  high: 'high',
  medium: 'medium',
  low: 'low',
};

/** Test and tutorial incidents are not incidents of the service. */
export const isPracticeIncident = (incident: IncidentIoIncident) =>
  incident.mode === 'test' || incident.mode === 'tutorial';

/** What the incident's status category means here; undefined when unknown. */
export const statusOfCategory = (incident: IncidentIoIncident) =>
  INCIDENT_IO_STATUS_OF_CATEGORY[
    incident.incident_status.category.trim().toLowerCase()
  ];

/**
 * The keys the incident answers to: each catalog entry chosen in its custom
 * fields (such as "Affected components"), by external id (for entries the
 * catalog importer brings from Backstage: `<namespace>/<name>`) then by
 * incident.io's id.
 */
export function incidentIoLocators(incident: IncidentIoIncident): string[] {
  const keys: string[] = [];
  for (const entry of incident.custom_field_entries ?? []) {
    for (const value of entry.values) {
      const catalogEntry = value.value_catalog_entry;
      if (!catalogEntry) continue;
      if (catalogEntry.external_id?.trim()) {
        keys.push(`incident-io:entry:${catalogEntry.external_id.trim()}`);
      }
      keys.push(`incident-io:entry:${catalogEntry.id}`);
    }
  }
  return [...new Set(keys)];
}

/**
 * Merges one incident webhook into the stored incident, ordered by the
 * incident's `updated_at` (deliveries may arrive out of order: an older one
 * changes no status and overwrites no field). Resolved at the `updated_at`
 * of the first delivery that shows it resolved.
 */
export function applyIncidentIoIncident(
  incident: IncidentIoIncident,
  existing: StoredIncident | undefined,
  severities: Record<string, SeverityLevel>,
): MappedIncident {
  const updatedAt = Date.parse(incident.updated_at);
  const declaredCreatedAt = Date.parse(incident.created_at);
  const createdAt = existing
    ? Math.min(Date.parse(existing.createdAt), declaredCreatedAt)
    : declaredCreatedAt;
  const newer = updatedAt >= (existing?.statusAt ?? 0);
  const pick = <T>(
    fromDelivery: T | null | undefined,
    stored: T | null | undefined,
  ): T | null =>
    (newer ? fromDelivery ?? stored : stored ?? fromDelivery) ?? null;

  const severity = incident.severity
    ? normaliseSeverity(
        [
          incident.severity.name,
          ...(typeof incident.severity.rank === 'number'
            ? [`rank:${incident.severity.rank}`]
            : []),
        ],
        severities,
        INCIDENT_IO_DEFAULT_SEVERITIES,
      )
    : null;
  const fresh = incidentIoLocators(incident);
  const locators = newer && fresh.length ? fresh : existing?.locators ?? fresh;

  const mapped: MappedIncident = {
    type: 'incident',
    source: 'incident-io',
    id: incident.id,
    ...(locators.length ? { locators } : {}),
    title: pick(incident.name, existing?.title) ?? '',
    createdAt: new Date(createdAt).toISOString(),
    resolvedAt: existing?.resolvedAt ?? null,
    severity: pick(severity, existing?.severity),
    causedBy: existing?.causedBy ?? null,
    url: pick(incident.permalink, existing?.url),
    statusAt: existing?.statusAt ?? 0,
    status:
      existing?.status ?? (existing?.resolvedAt ? 'resolved' : 'triggered'),
  };
  const status = statusOfCategory(incident);
  if (!newer || !status || status === 'removed') {
    return mapped;
  }
  mapped.statusAt = updatedAt;
  if (status === 'resolved') {
    mapped.resolvedAt =
      existing?.status === 'resolved' && existing.resolvedAt
        ? existing.resolvedAt
        : new Date(updatedAt).toISOString();
  } else {
    mapped.resolvedAt = null;
  }
  mapped.status = status;
  return mapped;
}
