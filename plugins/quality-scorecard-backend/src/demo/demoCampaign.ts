import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import type { Knex } from 'knex';
import type { CampaignInput } from '@shewhart/plugin-quality-scorecard-common';
import type { ChecksConfig } from '../engine/checks';
import { targetChecks, type HistoryRow } from '../campaigns/progress';
import { DEMO_STORIES } from './demoData';

const DAY = 86_400_000;
const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const DEMO_CAMPAIGN_ID = 'bronze-for-everyone';

/** The demo's campaign: bronze for every demo service, half-way from `now` (45 days in, 45 to go). */
export function demoCampaign(now: number): CampaignInput {
  return {
    id: DEMO_CAMPAIGN_ID,
    title: 'Bronze for every service',
    description:
      'Every service deploys weekly with at most 15% failed changes by the due date (the example portal keeps it half-way).',
    owner: 'group:default/platform-team',
    target: { level: 'bronze' },
    filter: { kind: ['component'] },
    startDate: date(now - 45 * DAY),
    dueDate: date(now + 45 * DAY),
    reminderDays: [30, 7, 1],
  };
}

/**
 * A made-up history of the target checks over the campaign's first 45 days,
 * so the burn-up moves: each demo service fails them from before the start
 * and passes from a day of its own, spread over the campaign (some after
 * today: still failing). Today's status is the real evaluation's, stored
 * after these rows.
 */
export function demoCampaignHistory(
  now: number,
  checkIds: string[],
): HistoryRow[] {
  const start = Date.parse(`${date(now - 45 * DAY)}T00:00:00Z`);
  const stories = DEMO_STORIES.map(s => s.component);
  return stories.flatMap((component, i) => {
    const entityRef = `component:default/${component}`;
    // Day (from the start) on which it passes: 0, 11, 22, … by the story's place.
    const passDay = Math.round((i * 90) / stories.length);
    const joinDay = i % 3 === 2 ? 8 : -5; // a few join the scope a week in
    return checkIds.flatMap(checkId => [
      {
        entityRef,
        checkId,
        status: 'fail',
        at: start + joinDay * DAY + 9 * 3_600_000,
      },
      ...(passDay < 45
        ? [
            {
              entityRef,
              checkId,
              status: 'pass',
              at: start + passDay * DAY + 15 * 3_600_000,
            },
          ]
        : []),
    ]);
  });
}

/**
 * Creates the demo campaign (with its made-up history) on the first start,
 * and moves its dates on each later one so that it stays half-way.
 */
export async function seedDemoCampaign(options: {
  campaigns: {
    create(body: unknown, actor: string, now: number): Promise<unknown>;
    update(
      id: string,
      body: unknown,
      actor: string,
      now: number,
    ): Promise<unknown>;
  };
  db: Knex;
  checks: ChecksConfig;
  now: number;
  logger: LoggerService;
}): Promise<void> {
  const { campaigns, db, checks, now, logger } = options;
  const body = demoCampaign(now);
  const ids = targetChecks(checks, body.target);
  if (ids.length === 0) {
    logger.info('Demo data: no bronze level configured, so no demo campaign');
    return;
  }
  try {
    await campaigns.create(body, 'demo', now);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const { id, ...rest } = body;
    await campaigns.update(id, rest, 'demo', now).catch(e => {
      // Closed by someone in the portal: left as it is.
      if (!(e instanceof ConflictError)) throw e;
    });
    return;
  }
  const rows = demoCampaignHistory(now, ids).map(r => ({
    entity_ref: r.entityRef,
    check_id: r.checkId,
    status: r.status,
    value: null,
    at: r.at,
  }));
  for (let i = 0; i < rows.length; i += 100) {
    await db('qs_check_history').insert(rows.slice(i, i + 100));
  }
  logger.info(
    `Demo data: campaign ${DEMO_CAMPAIGN_ID} with ${rows.length} history rows`,
  );
}
