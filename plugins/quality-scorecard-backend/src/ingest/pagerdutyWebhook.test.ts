import { createHmac } from 'crypto';
import { TestDatabases } from '@backstage/backend-test-utils';
import { AuthenticationError, InputError } from '@backstage/errors';
import {
  PAGERDUTY_SECRETS,
  createIngestHarness,
} from '../__fixtures__/ingestHarness';
import {
  PD_SERVICE,
  incidentWebhook,
  pagerDutySignature,
} from '../__fixtures__/pagerduty';
import {
  applyPagerDutyEvent,
  verifyPagerDutySignature,
} from './pagerdutyWebhook';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const CHECKOUT = 'component:default/checkout';
const INCIDENT = 'Q1CHK0UT';

const TRIGGERED = '2026-02-10T08:00:00.000Z';
const ACKNOWLEDGED = '2026-02-10T08:05:00.000Z';
const RESOLVED = '2026-02-10T08:47:30.000Z';
const REOPENED = '2026-02-10T09:30:00.000Z';
const RESOLVED_AGAIN = '2026-02-10T10:00:00.000Z';

const triggered = incidentWebhook({
  eventId: 'EV-1',
  eventType: 'incident.triggered',
  occurredAt: TRIGGERED,
});
const acknowledged = incidentWebhook({
  eventId: 'EV-2',
  eventType: 'incident.acknowledged',
  occurredAt: ACKNOWLEDGED,
});
const resolved = incidentWebhook({
  eventId: 'EV-3',
  eventType: 'incident.resolved',
  occurredAt: RESOLVED,
});
const reopened = incidentWebhook({
  eventId: 'EV-4',
  eventType: 'incident.reopened',
  occurredAt: REOPENED,
  createdAt: '2026-02-10T08:00:00Z',
  reopenedAt: '2026-02-10T09:29:59Z',
  priority: 'P2',
});
const resolvedAgain = incidentWebhook({
  eventId: 'EV-5',
  eventType: 'incident.resolved',
  occurredAt: RESOLVED_AGAIN,
});

describe('verifyPagerDutySignature', () => {
  const body = Buffer.from(JSON.stringify(triggered));
  const hmac = (secret: string, raw: Buffer = body) =>
    createHmac('sha256', secret).update(raw).digest('hex');

  it('accepts a v1 signature of any configured secret, among several signatures', () => {
    expect(verifyPagerDutySignature(body, `v1=${hmac('new')}`, ['new'])).toBe(
      true,
    );
    // During rotation PagerDuty signs with every active secret.
    expect(
      verifyPagerDutySignature(body, `v1=${hmac('old')},v1=${hmac('new')}`, [
        'new',
      ]),
    ).toBe(true);
    expect(
      verifyPagerDutySignature(body, `v1=${hmac('old')},v1=${hmac('new')}`, [
        'old',
      ]),
    ).toBe(true);
    expect(
      verifyPagerDutySignature(body, `v1=${hmac('new')}`, ['old', 'new']),
    ).toBe(true);
    expect(
      verifyPagerDutySignature(
        body,
        `v1=${'ab'.repeat(32)}, v1=${hmac('new')}`,
        ['new'],
      ),
    ).toBe(true);
  });

  it('refuses missing, wrong, truncated and other-scheme signatures', () => {
    expect(verifyPagerDutySignature(body, undefined, ['new'])).toBe(false);
    expect(verifyPagerDutySignature(body, '', ['new'])).toBe(false);
    expect(verifyPagerDutySignature(body, `v1=${hmac('other')}`, ['new'])).toBe(
      false,
    );
    expect(
      verifyPagerDutySignature(body, `v1=${hmac('new').slice(0, 40)}`, ['new']),
    ).toBe(false);
    expect(verifyPagerDutySignature(body, `v0=${hmac('new')}`, ['new'])).toBe(
      false,
    );
    expect(verifyPagerDutySignature(body, hmac('new'), ['new'])).toBe(false);
    expect(
      verifyPagerDutySignature(body, `v1=${hmac('new', Buffer.from('{}'))}`, [
        'new',
      ]),
    ).toBe(false);
    expect(verifyPagerDutySignature(body, `v1=${hmac('new')}`, [])).toBe(false);
  });
});

describe('applyPagerDutyEvent', () => {
  it('starts the incident at the trigger and resolves it at the resolve event', () => {
    const first = applyPagerDutyEvent(triggered, undefined)!;
    expect(first).toEqual({
      type: 'incident',
      source: 'pagerduty',
      id: INCIDENT,
      pagerDutyServiceId: PD_SERVICE,
      title: 'Checkout returns 502',
      createdAt: TRIGGERED,
      resolvedAt: null,
      severity: 'high',
      url: 'https://acme.pagerduty.com/incidents/Q1CHK0UT',
      causedBy: null,
      statusAt: Date.parse(TRIGGERED),
      status: 'triggered',
    });
    const done = applyPagerDutyEvent(resolved, first)!;
    expect(done).toMatchObject({
      createdAt: TRIGGERED,
      resolvedAt: RESOLVED,
      statusAt: Date.parse(RESOLVED),
      status: 'resolved',
    });
  });

  it('ignores other event types and payloads without an incident', () => {
    expect(
      applyPagerDutyEvent(
        incidentWebhook({
          eventId: 'x',
          eventType: 'incident.priority_updated',
          occurredAt: TRIGGERED,
        }),
        undefined,
      ),
    ).toBeUndefined();
    expect(
      applyPagerDutyEvent(
        {
          event: { event_type: 'pagey.ping', occurred_at: TRIGGERED, data: {} },
        },
        undefined,
      ),
    ).toBeUndefined();
    expect(
      applyPagerDutyEvent(
        { event: { ...triggered.event, occurred_at: 'yesterday' } },
        undefined,
      ),
    ).toBeUndefined();
    expect(applyPagerDutyEvent({}, undefined)).toBeUndefined();
  });

  it('keeps what a newer event stored when an older one arrives late', () => {
    const renamed = incidentWebhook({
      eventId: 'EV-3',
      eventType: 'incident.resolved',
      occurredAt: RESOLVED,
      title: 'Checkout returns 502 for EU shoppers',
      priority: 'P1',
    });
    const latest = applyPagerDutyEvent(renamed, undefined)!;
    const late = applyPagerDutyEvent(acknowledged, latest)!;
    expect(late).toEqual({
      ...latest,
      // The acknowledgement proves the incident was open at 08:05 already.
      createdAt: ACKNOWLEDGED,
    });
    expect(late).toMatchObject({
      title: 'Checkout returns 502 for EU shoppers',
      severity: 'P1',
      resolvedAt: RESOLVED,
      statusAt: Date.parse(RESOLVED),
      status: 'resolved',
    });
  });

  it('moves the status with each newer event; a reopened incident is triggered again', () => {
    const statuses: string[] = [];
    let stored: ReturnType<typeof applyPagerDutyEvent>;
    for (const payload of [
      triggered,
      acknowledged,
      resolved,
      reopened,
      acknowledged,
      resolvedAgain,
    ]) {
      stored = applyPagerDutyEvent(payload, stored)!;
      statuses.push(stored.status);
    }
    // The late acknowledgement (08:05, after the reopen at 09:30) changes nothing.
    expect(statuses).toEqual([
      'triggered',
      'acknowledged',
      'resolved',
      'triggered',
      'triggered',
      'resolved',
    ]);
    // An incident stored before statuses were written: its resolution implies one.
    const { status: _omitted, ...unknownStatus } = applyPagerDutyEvent(
      resolved,
      undefined,
    )!;
    expect(applyPagerDutyEvent(acknowledged, unknownStatus)!.status).toBe(
      'resolved',
    );
  });

  it('keeps a cause linked to the stored incident', () => {
    const stored = {
      ...applyPagerDutyEvent(triggered, undefined)!,
      causedBy: { deploymentId: 'acme/checkout/deployments/501' },
    };
    expect(applyPagerDutyEvent(resolved, stored)!.causedBy).toEqual({
      deploymentId: 'acme/checkout/deployments/501',
    });
  });
});

describe.each(databases.eachSupportedId())(
  'PagerDuty webhooks on %p',
  databaseId => {
    async function harness() {
      const knex = await databases.init(databaseId);
      return createIngestHarness(knex, {
        pagerDutyServices: { [PD_SERVICE]: CHECKOUT },
      });
    }

    it('updates one incident row through triggered, acknowledged, resolved, reopened and resolved', async () => {
      const h = await harness();
      const steps: Array<[object, Record<string, unknown>]> = [
        [
          triggered,
          {
            createdAt: TRIGGERED,
            resolvedAt: null,
            statusAt: Date.parse(TRIGGERED),
            status: 'triggered',
          },
        ],
        [
          acknowledged,
          {
            createdAt: TRIGGERED,
            resolvedAt: null,
            statusAt: Date.parse(ACKNOWLEDGED),
            status: 'acknowledged',
          },
        ],
        [
          resolved,
          {
            createdAt: TRIGGERED,
            resolvedAt: RESOLVED,
            statusAt: Date.parse(RESOLVED),
            status: 'resolved',
          },
        ],
        [
          reopened,
          {
            createdAt: TRIGGERED,
            resolvedAt: null,
            severity: 'P2',
            statusAt: Date.parse(REOPENED),
            status: 'triggered',
          },
        ],
        [
          resolvedAgain,
          {
            createdAt: TRIGGERED,
            resolvedAt: RESOLVED_AGAIN,
            statusAt: Date.parse(RESOLVED_AGAIN),
            status: 'resolved',
          },
        ],
      ];
      const rows = [];
      for (const [payload, expected] of steps) {
        const result = await h.pagerDuty(payload);
        expect(result).toMatchObject({
          duplicate: false,
          processed: true,
          events: 1,
        });
        expect(await h.store.getIncident('pagerduty', INCIDENT)).toMatchObject(
          expected,
        );
        rows.push(
          ...(await h.knex('qs_incidents').select('external_id', 'status')),
        );
      }
      // One row throughout, its status column written at every step.
      expect(rows).toEqual(
        ['triggered', 'acknowledged', 'resolved', 'triggered', 'resolved'].map(
          status => ({ external_id: INCIDENT, status }),
        ),
      );
      expect(await h.store.getIncident('pagerduty', INCIDENT)).toEqual({
        type: 'incident',
        id: INCIDENT,
        source: 'pagerduty',
        entityRef: CHECKOUT,
        pagerDutyServiceId: PD_SERVICE,
        title: 'Checkout returns 502',
        createdAt: TRIGGERED,
        resolvedAt: RESOLVED_AGAIN,
        // The last event carries no priority: its urgency is the severity.
        severity: 'high',
        url: 'https://acme.pagerduty.com/incidents/Q1CHK0UT',
        causedBy: null,
        statusAt: Date.parse(RESOLVED_AGAIN),
        status: 'resolved',
      });
      expect(await h.store.countEvents()).toEqual({
        pull_request: 0,
        deployment: 0,
        incident: 1,
        bug: 0,
      });
      expect(
        (await h.rawDeliveries()).map(r => [
          r.delivery_id,
          r.event_name,
          r.processed_at !== null,
        ]),
      ).toEqual([
        ['EV-1', 'incident.triggered', true],
        ['EV-2', 'incident.acknowledged', true],
        ['EV-3', 'incident.resolved', true],
        ['EV-4', 'incident.reopened', true],
        ['EV-5', 'incident.resolved', true],
      ]);
      const { incidents } = await h.store.loadEntityEvents(CHECKOUT, 0);
      expect(incidents).toHaveLength(1);
      expect(incidents[0].resolvedAt! - incidents[0].createdAt).toBe(
        2 * 3600_000,
      );
    });

    it('does not let an older status arriving later overwrite a newer one', async () => {
      const h = await harness();
      await h.pagerDuty(resolved);
      expect(await h.store.getIncident('pagerduty', INCIDENT)).toMatchObject({
        createdAt: RESOLVED,
        resolvedAt: RESOLVED,
      });
      await h.pagerDuty(acknowledged);
      expect(await h.store.getIncident('pagerduty', INCIDENT)).toMatchObject({
        createdAt: ACKNOWLEDGED,
        resolvedAt: RESOLVED,
        statusAt: Date.parse(RESOLVED),
        status: 'resolved',
      });
      await h.pagerDuty(triggered);
      expect(await h.store.getIncident('pagerduty', INCIDENT)).toMatchObject({
        createdAt: TRIGGERED,
        resolvedAt: RESOLVED,
        statusAt: Date.parse(RESOLVED),
        status: 'resolved',
      });
      // The second resolve arrives before the reopen that preceded it.
      await h.pagerDuty(resolvedAgain);
      await h.pagerDuty(reopened);
      expect(await h.store.getIncident('pagerduty', INCIDENT)).toMatchObject({
        createdAt: TRIGGERED,
        resolvedAt: RESOLVED_AGAIN,
        statusAt: Date.parse(RESOLVED_AGAIN),
        status: 'resolved',
      });
      expect(await h.store.countEvents()).toMatchObject({ incident: 1 });
      expect(
        await h.knex('qs_incidents').select('external_id', 'status'),
      ).toEqual([{ external_id: INCIDENT, status: 'resolved' }]);
    });

    it('stores the status of incidents from the events API as their resolution implies', async () => {
      const h = await harness();
      const open = {
        type: 'incident' as const,
        id: 'INC-7',
        source: 'opsgenie',
        entityRef: CHECKOUT,
        title: 'Search is slow',
        createdAt: '2026-02-11T08:00:00Z',
      };
      const status = async () =>
        (await h.knex('qs_incidents').select('external_id', 'status')).map(
          r => [r.external_id, r.status],
        );
      expect(await h.ingestion.ingest([open])).toEqual({
        accepted: 1,
        duplicates: 0,
        unattributed: 0,
      });
      expect(await status()).toEqual([['INC-7', 'triggered']]);
      expect(await h.store.getIncident('opsgenie', 'INC-7')).toMatchObject({
        status: 'triggered',
        resolvedAt: null,
      });
      // Sent again: a duplicate.
      expect(await h.ingestion.ingest([open])).toEqual({
        accepted: 0,
        duplicates: 1,
        unattributed: 0,
      });
      expect(
        await h.ingestion.ingest([
          { ...open, resolvedAt: '2026-02-11T09:00:00Z' },
        ]),
      ).toEqual({
        accepted: 1,
        duplicates: 0,
        unattributed: 0,
      });
      expect(await status()).toEqual([['INC-7', 'resolved']]);
      expect(
        await h.ingestion.ingest([{ ...open, resolvedAt: null }]),
      ).toMatchObject({ accepted: 1 });
      expect(await status()).toEqual([['INC-7', 'triggered']]);
    });

    it('counts an acknowledgement as a change, and the same acknowledgement again as a duplicate', async () => {
      const h = await harness();
      await h.pagerDuty(triggered);
      const stored = (await h.store.getIncident('pagerduty', INCIDENT))!;
      const ack = applyPagerDutyEvent(acknowledged, stored)!;
      const write = () => h.ingestion.ingest([ack]);
      expect(await write()).toMatchObject({ accepted: 1, duplicates: 0 });
      expect(await write()).toMatchObject({ accepted: 0, duplicates: 1 });
      // The same moment with another status is a change of content.
      expect(
        await h.ingestion.ingest([
          { ...ack, status: 'triggered' } as typeof ack,
        ]),
      ).toMatchObject({ accepted: 1 });
      expect(await h.knex('qs_incidents').select('status')).toEqual([
        { status: 'triggered' },
      ]);
    });

    it('merges deliveries of one incident that arrive at the same time', async () => {
      const h = await harness();
      const results = await Promise.all([
        h.pagerDuty(resolved),
        h.pagerDuty(triggered),
        h.pagerDuty(acknowledged),
      ]);
      expect(results.map(r => r.events)).toEqual([1, 1, 1]);
      expect(await h.store.getIncident('pagerduty', INCIDENT)).toMatchObject({
        createdAt: TRIGGERED,
        resolvedAt: RESOLVED,
        statusAt: Date.parse(RESOLVED),
        status: 'resolved',
      });
    });

    it('accepts any configured secret and refuses missing or wrong signatures, storing nothing', async () => {
      const h = await harness();
      const body = JSON.stringify(triggered);
      const receive = (signature?: string) =>
        h.receivePagerDuty({ rawBody: Buffer.from(body), signature });
      await expect(receive()).rejects.toThrow(
        new AuthenticationError('Missing X-PagerDuty-Signature header'),
      );
      await expect(
        receive(pagerDutySignature(body, ['not-configured'])),
      ).rejects.toThrow(
        new AuthenticationError('Invalid X-PagerDuty-Signature signature'),
      );
      await expect(
        receive(pagerDutySignature('{"event":{}}', PAGERDUTY_SECRETS)),
      ).rejects.toThrow(AuthenticationError);
      expect(await h.rawDeliveries()).toEqual([]);
      expect(await h.store.countEvents()).toMatchObject({ incident: 0 });

      // Rotation: an old-secret-only signature and a mixed header both pass.
      expect(
        await receive(pagerDutySignature(body, [PAGERDUTY_SECRETS[0]])),
      ).toMatchObject({
        deliveryId: 'EV-1',
        duplicate: false,
      });
      const again = await receive(
        pagerDutySignature(body, ['not-configured', PAGERDUTY_SECRETS[1]]),
      );
      expect(again).toEqual({
        deliveryId: 'EV-1',
        duplicate: true,
        processed: false,
        events: 0,
      });
      expect(await h.rawDeliveries()).toHaveLength(1);
      expect(await h.store.countEvents()).toMatchObject({ incident: 1 });
    });

    it('refuses signed bodies without event id or type, and keeps other event types raw only', async () => {
      const h = await harness();
      const noId = JSON.stringify({
        event: { event_type: 'incident.triggered', data: {} },
      });
      await expect(
        h.receivePagerDuty({
          rawBody: Buffer.from(noId),
          signature: pagerDutySignature(noId, PAGERDUTY_SECRETS),
        }),
      ).rejects.toThrow(
        new InputError('event.id and event.event_type are required'),
      );
      // An empty event type is none (found by the hostile-input fuzzer).
      const emptyType = JSON.stringify({
        event: { id: 'EV-9', event_type: '', data: {} },
      });
      await expect(
        h.receivePagerDuty({
          rawBody: Buffer.from(emptyType),
          signature: pagerDutySignature(emptyType, PAGERDUTY_SECRETS),
        }),
      ).rejects.toThrow(
        new InputError('event.id and event.event_type are required'),
      );
      const notJson = 'event=1';
      await expect(
        h.receivePagerDuty({
          rawBody: Buffer.from(notJson),
          signature: pagerDutySignature(notJson, PAGERDUTY_SECRETS),
        }),
      ).rejects.toThrow(InputError);
      expect(await h.rawDeliveries()).toEqual([]);

      const priority = incidentWebhook({
        eventId: 'EV-9',
        eventType: 'incident.priority_updated',
        occurredAt: TRIGGERED,
        priority: 'P1',
      });
      expect(await h.pagerDuty(priority)).toEqual({
        deliveryId: 'EV-9',
        duplicate: false,
        processed: true,
        events: 0,
      });
      expect(
        await h.pagerDuty({
          event: {
            id: 'EV-10',
            event_type: 'pagey.ping',
            resource_type: 'pagey',
            occurred_at: TRIGGERED,
            data: { message: 'Hello from your friend Pagey!', type: 'ping' },
          },
        }),
      ).toMatchObject({ events: 0 });
      expect((await h.rawDeliveries()).map(r => r.event_name)).toEqual([
        'incident.priority_updated',
        'pagey.ping',
      ]);
      expect(await h.store.countEvents()).toMatchObject({ incident: 0 });
    });

    it('keeps an incident of an unknown service unattributed and attributes it when the annotation appears', async () => {
      const h = await harness();
      await h.pagerDuty(
        incidentWebhook({
          eventId: 'EV-20',
          eventType: 'incident.triggered',
          occurredAt: TRIGGERED,
          incidentId: 'Q2SEARCH',
          serviceId: 'PSRCH01',
        }),
      );
      expect(await h.store.listUnattributed()).toEqual([
        {
          type: 'incident',
          repository: null,
          pagerDutyServiceId: 'PSRCH01',
          gitlabProject: null,
          gitlabInstance: null,
          locators: null,
          count: 1,
        },
      ]);
      h.annotations.pagerDutyServices.set(
        'PSRCH01',
        'component:default/search',
      );
      expect(await h.ingestion.reattribute()).toBe(1);
      expect(await h.store.listUnattributed()).toEqual([]);
      expect(await h.store.getIncident('pagerduty', 'Q2SEARCH')).toMatchObject({
        entityRef: 'component:default/search',
      });
    });
  },
);
