/*
 * incident.io incident webhooks written from the documented v2 shape
 * (`public_incident.incident_created_v2` / `_updated_v2`, the incident
 * under `incident`), and their Standard Webhooks signature.
 */
import { Webhook } from 'standardwebhooks';

export interface IncidentInput {
  id: string;
  name: string;
  reference: string;
  severity?: { name: string; rank: number };
  category: string;
  createdAt: string;
  updatedAt: string;
  /** Catalog entries of the "Affected components" field. */
  components?: Array<{ id: string; external_id?: string; name: string }>;
  mode?: string;
}

export function incidentEvent(
  eventType: 'created' | 'updated',
  input: IncidentInput,
) {
  const type = `public_incident.incident_${eventType}_v2`;
  return {
    event_type: type,
    [type]: {
      incident: {
        id: input.id,
        name: input.name,
        reference: input.reference,
        mode: input.mode ?? 'standard',
        visibility: 'public',
        permalink: `https://app.incident.io/acme/incidents/${input.reference}`,
        ...(input.severity
          ? {
              severity: {
                id: `sev-${input.severity.rank}`,
                name: input.severity.name,
                rank: input.severity.rank,
                description: '',
              },
            }
          : {}),
        incident_status: {
          id: `status-${input.category}`,
          name: input.category,
          category: input.category,
        },
        created_at: input.createdAt,
        updated_at: input.updatedAt,
        custom_field_entries: input.components
          ? [
              {
                custom_field: {
                  id: '01GD0ECMPR9WF330S1PHSRDVB7',
                  name: 'Affected components',
                  field_type: 'multi_select',
                },
                values: input.components.map(c => ({
                  value_catalog_entry: { ...c, aliases: [] },
                })),
              },
            ]
          : [],
      },
    },
  };
}

/** The signature headers incident.io sends, signed now with `secret` (or at `at`). */
export function signed(
  secret: string,
  webhookId: string,
  body: string,
  at: Date = new Date(),
) {
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(webhookId, at, body),
  };
}
