/*
 * What an incident.io incident webhook must carry, checked before the
 * delivery is stored: a 400 names the field, nothing of it is kept. The
 * incident sits under the key named by `event_type`, in `incident` (the
 * v2 shape) or directly.
 */
import { z } from 'zod';
import { checkWithSchema } from '../payloadErrors';

const time = z
  .string()
  .max(64)
  .refine(v => /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)), {
    message: 'must be an ISO-8601 time',
  });
const name = z.string().max(255);

const catalogEntry = z
  .object({
    id: name.min(1),
    external_id: name.nullish(),
    name: name.nullish(),
  })
  .passthrough();

const incident = z
  .object({
    id: z.string().min(1).max(128),
    name: z.string().max(10_000),
    reference: name.nullish(),
    mode: name.nullish(),
    permalink: z.string().max(2048).nullish(),
    severity: z
      .object({ name, rank: z.number().nullish() })
      .passthrough()
      .nullish(),
    incident_status: z
      .object({ category: name, name: name.nullish() })
      .passthrough(),
    created_at: time,
    updated_at: time,
    custom_field_entries: z
      .array(
        z
          .object({
            custom_field: z
              .object({ id: name.nullish(), name: name.nullish() })
              .passthrough()
              .nullish(),
            values: z
              .array(
                z
                  .object({ value_catalog_entry: catalogEntry.nullish() })
                  .passthrough(),
              )
              .max(1000),
          })
          .passthrough(),
      )
      .max(500)
      .nullish(),
  })
  .passthrough();

export type IncidentIoIncident = z.infer<typeof incident>;

/** The incident events the module maps; others are kept in the raw log and answered. */
export const INCIDENT_IO_INCIDENT_EVENTS = [
  'public_incident.incident_created_v2',
  'public_incident.incident_updated_v2',
];

const envelope = z
  .object({ event_type: z.string().min(1).max(128) })
  .passthrough();

/**
 * The event type and, for mapped incident events, the incident; throws an
 * `InputError` naming the first field missing or of the wrong type.
 */
export function checkIncidentIoPayload(value: unknown): {
  eventType: string;
  incident?: IncidentIoIncident;
} {
  const { event_type: eventType } = checkWithSchema(
    'incident.io webhook',
    envelope,
    value,
  );
  if (!INCIDENT_IO_INCIDENT_EVENTS.includes(eventType)) {
    return { eventType };
  }
  const body = (value as Record<string, any>)[eventType];
  const nested =
    body && typeof body === 'object' && 'incident' in body ? 'incident' : null;
  const incidentValue = nested ? body.incident : body;
  return {
    eventType,
    incident: checkWithSchema(
      'incident.io webhook',
      incident,
      incidentValue,
      nested ? [eventType, nested] : [eventType],
    ),
  };
}
