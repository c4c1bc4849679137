import { opsgenieTime } from './alertTime';
import { applyOpsgenieAction, opsgeniePriority } from './mapAlert';
import type { OpsgenieAlertPayload } from './payloadSchema';

describe('opsgenieTime', () => {
  it.each([
    // createdAt in milliseconds, updatedAt in nanoseconds (the fixtures' values).
    [1420452191104, '2015-01-05T10:03:11.104Z'],
    [1420452374669001603, '2015-01-05T10:06:14.669Z'],
    [1420452374669001, '2015-01-05T10:06:14.669Z'],
    [1420452374, '2015-01-05T10:06:14.000Z'],
    ['2023-09-05T18:21:21.49Z', '2023-09-05T18:21:21.490Z'],
  ])('%p is %p', (value, iso) => {
    expect(new Date(opsgenieTime(value)!).toISOString()).toBe(iso);
  });

  it.each([['yesterday'], [-1], [null], [{}]])('%p is no time', value => {
    expect(opsgenieTime(value)).toBeNull();
  });
});

describe('severity from priority', () => {
  const alert = (priority: unknown): OpsgenieAlertPayload => ({
    action: 'Create',
    alert: {
      alertId: 'a',
      createdAt: 1772542800000,
      priority: priority as string,
    },
  });
  it.each([
    ['P1', {}, 'critical'],
    [1, {}, 'critical'],
    ['P2', {}, 'high'],
    ['p3', {}, 'medium'],
    ['3', {}, 'medium'],
    ['P4', {}, 'low'],
    ['P5', {}, 'low'],
    // The operator's table comes first.
    ['P2', { p2: 'critical' as const }, 'critical'],
    // Unknown: kept as Opsgenie names it.
    ['P9', {}, 'P9'],
    [undefined, {}, null],
  ])('%p with %p is %p', (priority, severities, expected) => {
    expect(opsgeniePriority(priority)).toBe(
      priority === undefined ? null : `P${String(priority).slice(-1)}`,
    );
    expect(
      applyOpsgenieAction(alert(priority), undefined, { severities }).severity,
    ).toBe(expected);
  });
});

describe('applyOpsgenieAction', () => {
  const at = (iso: string) => Date.parse(iso) * 1e6;
  const payload = (action: string, iso: string): OpsgenieAlertPayload => ({
    action,
    alert: {
      alertId: 'a',
      message: `after ${action}`,
      createdAt: Date.parse('2026-03-03T13:00:00Z'),
      updatedAt: at(iso),
      tags: [],
    },
  });
  const replay = (actions: Array<[string, string]>) =>
    actions.reduce<ReturnType<typeof applyOpsgenieAction> | undefined>(
      (stored, [action, iso]) =>
        applyOpsgenieAction(payload(action, iso), stored, { severities: {} }),
      undefined,
    )!;

  it.each([
    [[['Create', '2026-03-03T13:00:00Z']], 'triggered', null, 'after Create'],
    [
      [
        ['Create', '2026-03-03T13:00:00Z'],
        ['Acknowledge', '2026-03-03T13:10:00Z'],
      ],
      'acknowledged',
      null,
      'after Acknowledge',
    ],
    [
      [
        ['Create', '2026-03-03T13:00:00Z'],
        ['Acknowledge', '2026-03-03T13:10:00Z'],
        ['UnAcknowledge', '2026-03-03T13:20:00Z'],
      ],
      'triggered',
      null,
      'after UnAcknowledge',
    ],
    // An Acknowledge older than the Close changes neither status nor fields.
    [
      [
        ['Create', '2026-03-03T13:00:00Z'],
        ['Close', '2026-03-03T15:00:00Z'],
        ['Acknowledge', '2026-03-03T13:10:00Z'],
      ],
      'resolved',
      '2026-03-03T15:00:00.000Z',
      'after Close',
    ],
    // The Close first, then the Create it follows: resolved, the start kept.
    [
      [
        ['Close', '2026-03-03T15:00:00Z'],
        ['Create', '2026-03-03T13:00:00Z'],
      ],
      'resolved',
      '2026-03-03T15:00:00.000Z',
      'after Close',
    ],
    // A note after the close keeps the status and takes the newer fields.
    [
      [
        ['Create', '2026-03-03T13:00:00Z'],
        ['Close', '2026-03-03T15:00:00Z'],
        ['AddNote', '2026-03-03T16:00:00Z'],
      ],
      'resolved',
      '2026-03-03T15:00:00.000Z',
      'after AddNote',
    ],
  ] as Array<[Array<[string, string]>, string, string | null, string]>)(
    '%j ends %p, resolved at %p, titled %p',
    (actions, status, resolvedAt, title) => {
      const incident = replay(actions);
      expect([incident.status, incident.resolvedAt, incident.title]).toEqual([
        status,
        resolvedAt,
        title,
      ]);
      expect(incident.createdAt).toBe('2026-03-03T13:00:00.000Z');
    },
  );
});
