import { incidentIoLocator } from './locator';
import {
  applyIncidentIoIncident,
  incidentIoLocators,
  statusOfCategory,
} from './mapIncident';
import type { IncidentIoIncident } from './payloadSchema';

const incident = (
  changes: Partial<IncidentIoIncident> = {},
): IncidentIoIncident => ({
  id: '01HINC',
  name: 'Payments API down',
  incident_status: { category: 'triage' },
  created_at: '2026-03-03T13:00:00Z',
  updated_at: '2026-03-03T13:00:00Z',
  ...changes,
});

describe('statusOfCategory', () => {
  it.each([
    ['triage', 'triggered'],
    ['live', 'acknowledged'],
    ['active', 'acknowledged'],
    ['learning', 'resolved'],
    ['post-incident', 'resolved'],
    ['closed', 'resolved'],
    ['declined', 'removed'],
    ['merged', 'removed'],
    ['canceled', 'removed'],
    ['paused', undefined],
  ])('%p is %p', (category, status) => {
    expect(statusOfCategory(incident({ incident_status: { category } }))).toBe(
      status,
    );
  });
});

describe('severity', () => {
  it.each([
    [{ name: 'Critical', rank: 3 }, {}, 'critical'],
    [{ name: 'Major', rank: 2 }, {}, 'high'],
    [{ name: 'Minor', rank: 1 }, {}, 'medium'],
    [{ name: 'SEV 2', rank: 2 }, {}, 'high'],
    // The operator's table, by name or by rank, comes first.
    [{ name: 'Minor', rank: 1 }, { minor: 'low' as const }, 'low'],
    [{ name: 'Elevated', rank: 2 }, { 'rank:2': 'high' as const }, 'high'],
    // Unknown: kept as incident.io names it.
    [{ name: 'Elevated', rank: 2 }, {}, 'Elevated'],
  ])('%p with %p is %p', (severity, table, level) => {
    expect(
      applyIncidentIoIncident(incident({ severity }), undefined, table)
        .severity,
    ).toBe(level);
  });
});

describe('locators', () => {
  it('gives each catalog entry of the custom fields by external id, then by id', () => {
    expect(
      incidentIoLocators(
        incident({
          custom_field_entries: [
            {
              custom_field: { id: 'f1', name: 'Affected components' },
              values: [
                {
                  value_catalog_entry: {
                    id: '01HPAY',
                    external_id: 'default/payments',
                  },
                },
                { value_catalog_entry: { id: '01HCHK' } },
              ],
            },
            {
              custom_field: { id: 'f2', name: 'Team' },
              values: [{ value_text: 'x' } as any],
            },
          ],
        }),
      ),
    ).toEqual([
      'incident-io:entry:default/payments',
      'incident-io:entry:01HPAY',
      'incident-io:entry:01HCHK',
    ]);
  });

  it.each([
    [{}, ['incident-io:entry:default/payments']],
    [
      { 'incident.io/catalog-entry-id': '01HPAY' },
      ['incident-io:entry:01HPAY', 'incident-io:entry:default/payments'],
    ],
  ])('an entity annotated %p answers to %p', (annotations, keys) => {
    expect(
      incidentIoLocator.keysOf({
        kind: 'Component',
        metadata: { name: 'payments', namespace: 'default', annotations },
      }),
    ).toEqual(keys);
  });
});
