import type { QualityEntityLocator } from '@shewhart/plugin-quality-scorecard-node';

/**
 * Every entity registered in the catalog carries it: incident.io's
 * Backstage plugin needs no annotation, so neither does this locator.
 */
export const MANAGED_BY_LOCATION_ANNOTATION =
  'backstage.io/managed-by-location';
/** Optional: the incident.io catalog entry (id or external id) of an entity the importer names otherwise. */
export const INCIDENT_IO_ENTRY_ANNOTATION = 'incident.io/catalog-entry-id';

/**
 * Entities answer to `incident-io:entry:<namespace>/<name>`: the external id
 * that incident.io's catalog importer gives entries it brings from Backstage,
 * and the value incident.io's Backstage plugin looks incidents up by (in the
 * custom field configured for the entity's kind). An
 * `incident.io/catalog-entry-id` annotation names another entry, first.
 */
export const incidentIoLocator: QualityEntityLocator = {
  id: 'incident-io',
  annotations: [INCIDENT_IO_ENTRY_ANNOTATION, MANAGED_BY_LOCATION_ANNOTATION],
  keysOf(entity) {
    const explicit =
      entity.metadata.annotations?.[INCIDENT_IO_ENTRY_ANNOTATION]?.trim();
    return [
      ...(explicit ? [`incident-io:entry:${explicit}`] : []),
      `incident-io:entry:${entity.metadata.namespace ?? 'default'}/${
        entity.metadata.name
      }`,
    ];
  },
};
