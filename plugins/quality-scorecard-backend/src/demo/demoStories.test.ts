import { ConfigReader } from '@backstage/config';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  METRIC_DEFINITIONS,
  type MetricValue,
} from '@shewhart/plugin-quality-scorecard-common';
import { DatabaseQualityStore } from '../database/DatabaseQualityStore';
import { OwnershipService } from '../scorecards/OwnershipService';
import { createScorecardServices } from '../scorecards/scorecardServices';
import { defaultWindow } from '../engine/scorecardDocument';
import { readPluginConfig } from '../config/pluginConfig';
import { DEMO_STORIES, generateDemoEvents } from './demoData';

/**
 * The demo keeps telling its stories: the shifts the generator plants are
 * found by the (calibrated, default) control charts, and nothing else is
 * flagged as current. The demo is loaded as the plugin loads it (stored as
 * demo data, recomputed, read as the entity tab reads it), with the
 * plugin's default configuration.
 */

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const DAY = 86_400_000;
const WEEK = 7 * DAY;
/** A Monday; the demo is checked with "now" on each day of that week. */
const MONDAY = Date.parse('2026-11-23T00:00:00Z');
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const COMPONENTS = DEMO_STORIES.map(s => s.component);
const ref = (name: string) => `component:default/${name}`;
const DIRECTION = new Map(METRIC_DEFINITIONS.map(d => [d.id, d.direction]));

const ENTITIES = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'demo-team', namespace: 'default' },
    spec: { type: 'team', profile: { displayName: 'demo-team' }, children: [] },
    relations: [],
  },
  ...COMPONENTS.map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'demo-team' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/demo-team' }],
  })),
];

interface Row {
  component: string;
  metric: string;
  rule: string;
  side: string;
  start: string;
  end: string;
  current: boolean;
  adverse: boolean;
}

async function demoSignals(now: number) {
  const knex = await databases.init('SQLITE_3');
  const config = readPluginConfig(new ConfigReader({}));
  const store = await DatabaseQualityStore.create({
    database: { getClient: async () => knex },
  });
  const ownership = new OwnershipService(
    catalogServiceMock({ entities: ENTITIES as any }),
    mockServices.auth(),
  );
  const service = createScorecardServices(store, ownership, {
    logger: mockServices.logger.mock(),
    seriesWeeks: config.seriesWeeks,
    historyWeeks: config.baselineHistoryWeeks,
    contextWeeks: config.recomputeContextWeeks,
    engine: { productionEnvironments: config.productionEnvironments },
    aggregate: {
      minSampleSize: config.minSampleSize,
      timeToRestoreAggregation: config.timeToRestoreAggregation,
      baselineWeeks: config.baselineWeeks,
      signals: config.signals,
    },
  });
  expect(config.signals.design).toBe('calibrated');

  const events = generateDemoEvents({ endAt: now });
  await store.writeEvents(
    events.map(e => ({ ...e, resolvedEntityRef: e.entityRef! })),
    { demo: true, now },
  );
  await service.recompute.recomputeDirty(() => now);

  const rows: Row[] = [];
  const partial: Row[] = [];
  const charts = new Map<string, MetricValue[]>();
  for (const component of COMPONENTS) {
    const card = await service.reader.entityScorecard(
      ref(component),
      defaultWindow(now),
    );
    const metrics = card.metrics as MetricValue[];
    charts.set(component, metrics);
    for (const m of metrics) {
      const control = m.control;
      if (!control) continue;
      const series = m.series;
      const currentFrom = Date.parse(
        series[Math.max(0, series.length - 4)].start,
      );
      const worse =
        DIRECTION.get(m.id) === 'higher-is-better' ? 'below' : 'above';
      for (const s of control.signals) {
        const row: Row = {
          component,
          metric: m.id,
          rule: s.rule,
          side: s.side,
          start: s.start.slice(0, 10),
          end: s.end.slice(0, 10),
          current: Date.parse(s.end) >= currentFrom,
          adverse: s.side === worse,
        };
        rows.push(row);
        if (
          control.partialFrom &&
          Date.parse(s.end) >= Date.parse(control.partialFrom)
        ) {
          partial.push(row);
        }
      }
    }
  }
  const seriesStart = Math.floor(now / DAY) * DAY - 26 * WEEK;
  await knex.destroy();
  return { rows, partial, charts, seriesStart };
}

const table = (title: string, rows: Row[]) => {
  const cols: Array<keyof Row> = [
    'component',
    'metric',
    'rule',
    'side',
    'start',
    'end',
    'current',
    'adverse',
  ];
  const cells = [
    cols.map(String),
    ...rows.map(r => cols.map(c => String(r[c]))),
  ];
  const widths = cols.map((_, i) =>
    Math.max(...cells.map(row => row[i].length)),
  );
  const lines = cells.map(row =>
    row.map((c, i) => c.padEnd(widths[i])).join('  '),
  );
  return [title, ...lines].join('\n');
};

const ADVERSE_FOR_PAYMENTS = [
  'incidents_per_pr',
  'change_failure_rate',
  'revert_rate',
  'bugs_per_developer',
  'review_coverage',
  'ai_policy_compliance',
];

describe('the demo data tells its stories', () => {
  it.each(
    DAYS.map((day, i) => [day, MONDAY + i * DAY + 12 * 3600_000] as const),
  )('with now on a %s', async (day, now) => {
    const { rows, partial, charts, seriesStart } = await demoSignals(now);
    const current = rows.filter(r => r.current && r.adverse);
    // eslint-disable-next-line no-console
    console.log(
      `${table(
        `Demo signals, now = ${new Date(
          now,
        ).toISOString()} (${day}); all signals:`,
        rows,
      )}\n\n` +
        `${table(
          'Current adverse signals (end within the last 4 weeks):',
          current,
        )}`,
    );

    const currentOf = (component: string, metrics: string[]) =>
      current.filter(
        r => r.component === component && metrics.includes(r.metric),
      );
    // Start of the ISO week (Monday) holding a story's first shifted day.
    const shiftWeekOf = (component: string) => {
      const story = DEMO_STORIES.find(s => s.component === component)!;
      const t = seriesStart + story.shiftWeek * WEEK;
      return Math.floor((t - 4 * DAY) / WEEK) * WEEK + 4 * DAY; // 1970-01-05 was a Monday
    };

    // Fraud scoring: incidents per PR 0.03 → 0.35 (reverts 0.02 → 0.08) from week 17.
    expect(
      currentOf('fraud-scoring', ['incidents_per_pr', 'change_failure_rate']),
    ).not.toEqual([]);

    // Payments and ledger: AI adoption at week 13, with worse outcomes.
    for (const component of ['payments-api', 'ledger']) {
      expect({
        component,
        signals: currentOf(component, ADVERSE_FOR_PAYMENTS).length > 0,
      }).toEqual({ component, signals: true });
    }

    // Only real shifts: a component with a planted shift signals only on
    // runs reaching past its shift week, and a single-week rule
    // (beyond-limit) only from that week on. A CUSUM's run starts where its
    // sum last left zero, which on these low rates can be weeks before the
    // change (see the table), so its start is not checked.
    for (const r of rows) {
      const story = DEMO_STORIES.find(s => s.component === r.component)!;
      const shift = shiftWeekOf(r.component);
      // Steady all along (shift week 26 or later): no signal at all.
      expect({ r, steady: story.shiftWeek >= 26 }).toEqual({
        r,
        steady: false,
      });
      expect({ r, endsAfterShift: Date.parse(r.end) >= shift }).toEqual({
        r,
        endsAfterShift: true,
      });
      const startChecked = r.rule !== 'cusum';
      expect({
        r,
        startsAfterShift: !startChecked || Date.parse(r.start) >= shift,
      }).toEqual({
        r,
        startsAfterShift: true,
      });
    }
    // The storefront adopts AI but keeps its discipline: nothing adverse.
    const storefront = ['checkout-web', 'catalog-search', 'recommendations'];
    expect(
      rows.filter(r => storefront.includes(r.component) && r.adverse),
    ).toEqual([]);

    // Nothing is signalled on the current, partial week.
    expect(partial).toEqual([]);

    // DPMO and the sigma level are derived charts: no signals of their own.
    const derived = [...charts.values()].flatMap(metrics =>
      metrics.filter(m => m.id === 'dpmo' || m.id === 'sigma_level'),
    );
    expect(derived.flatMap(m => m.control?.signals ?? [])).toEqual([]);
  });
});
