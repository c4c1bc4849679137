import type { EntityEvents } from './model';
import { bySeverity, severityLevel } from './severity';

describe('severityLevel', () => {
  it.each([
    ['SEV1', 'critical'],
    ['sev-0', 'critical'],
    ['Severity 1', 'critical'],
    ['P1', 'critical'],
    ['Highest', 'critical'],
    ['Blocker', 'critical'],
    ['critical', 'critical'],
    ['SEV2', 'high'],
    ['P2', 'high'],
    ['High', 'high'],
    ['sev3', 'medium'],
    ['P3', 'medium'],
    ['Medium', 'medium'],
    ['Major', 'medium'],
    ['moderate', 'medium'],
    ['SEV4', 'low'],
    ['p5', 'low'],
    ['Minor', 'low'],
    ['Trivial', 'low'],
    ['Lowest', 'low'],
    ['unknown', null],
    ['Sev A', null],
    ['', null],
    [null, null],
  ])('%p → %p', (raw, expected) => {
    expect(severityLevel(raw)).toBe(expected);
  });

  it('takes the configured names first, case-insensitively', () => {
    const map = { 'sev a': 'critical', p3: 'high' } as const;
    expect([
      severityLevel('Sev A', map),
      severityLevel('P3', map),
      severityLevel('P4', map),
    ]).toEqual(['critical', 'high', 'low']);
  });
});

describe('bySeverity', () => {
  const incident = (id: string, severity: string | null) => ({
    id,
    title: id,
    createdAt: 0,
    resolvedAt: null,
    severity,
    causedByDeployment: null,
    causedByPr: null,
  });
  const bug = (id: string, severity?: string | null) => ({
    id,
    createdAt: 0,
    closedAt: null,
    introducedByPr: null,
    severity,
  });
  const events = {
    demo: false,
    pullRequests: [],
    deployments: [],
    incidents: [
      incident('i1', 'SEV1'),
      incident('i2', 'SEV2'),
      incident('i3', 'SEV3'),
      incident('i4', null),
      incident('i5', 'Sev A'),
    ],
    bugs: [bug('b1', 'Highest'), bug('b2', 'Low'), bug('b3')],
  } as unknown as EntityEvents;

  it('returns the very events when nothing is configured', () => {
    expect(bySeverity(events, undefined)).toBe(events);
    expect(bySeverity(events, { map: { x: 'low' } })).toBe(events);
  });

  it('keeps the configured levels and leaves unknown severities out', () => {
    const kept = bySeverity(events, {
      incidents: ['critical', 'high'],
      map: { 'sev a': 'high' },
    });
    expect(kept.incidents.map(i => i.id)).toEqual(['i1', 'i2', 'i5']);
    expect(kept.bugs.map(b => b.id)).toEqual(['b1', 'b2', 'b3']);
    expect(
      bySeverity(events, { bugs: ['critical'] }).bugs.map(b => b.id),
    ).toEqual(['b1']);
    // Invariant: a filter never adds, and every level together keeps every known severity.
    const all = bySeverity(events, {
      incidents: ['critical', 'high', 'medium', 'low'],
    });
    expect(all.incidents.map(i => i.id)).toEqual(['i1', 'i2', 'i3']);
  });
});
