import {
  formatDate as formatDateIn,
  type CampaignCounts,
  type CampaignStanding,
  type CampaignSummary,
} from '@shewhart/plugin-quality-scorecard-common';
import { formatCount, userLocale } from '../locale';

/** A day (YYYY-MM-DD or an ISO time) as the locale's medium date ("Jan 17, 2027" en-US). */
export function formatDay(
  iso: string,
  locale: string | undefined = userLocale(),
): string {
  return formatDateIn(iso.length === 10 ? `${iso}T00:00:00Z` : iso, locale);
}

const days = (n: number, locale: string | undefined) =>
  `${formatCount(n, locale)} ${n === 1 ? 'day' : 'days'}`;

/**
 * How far a campaign is from its due date: "45 days left", "due today",
 * "3 days overdue" (past it with entities still not meeting the target),
 * "ended 3 days ago" (past it, all done), "closed Jan 2, 2027" (closed early)
 * or "starts Jan 1, 2030" (scheduled).
 */
export function countdown(
  campaign: Pick<
    CampaignSummary,
    'state' | 'startDate' | 'daysLeft' | 'closedAt'
  >,
  done: boolean,
  locale: string | undefined = userLocale(),
): string {
  if (campaign.state === 'scheduled') {
    return `starts ${formatDay(campaign.startDate, locale)}`;
  }
  if (campaign.closedAt)
    return `closed ${formatDay(campaign.closedAt, locale)}`;
  const left = campaign.daysLeft;
  if (left > 0) return `${days(left, locale)} left`;
  if (left === 0) return 'due today';
  return done
    ? `ended ${days(-left, locale)} ago`
    : `${days(-left, locale)} overdue`;
}

/** Whether the due date has passed with entities still not meeting the target. */
export function isOverdue(
  campaign: Pick<CampaignSummary, 'daysLeft' | 'closedAt' | 'state'>,
  done: boolean,
) {
  return (
    campaign.state !== 'scheduled' &&
    !campaign.closedAt &&
    campaign.daysLeft < 0 &&
    !done
  );
}

/** "Due Jan 17, 2027 · 45 days left". */
export function dueLine(
  campaign: Pick<
    CampaignSummary,
    'state' | 'startDate' | 'dueDate' | 'daysLeft' | 'closedAt'
  >,
  done: boolean,
  locale: string | undefined = userLocale(),
): string {
  return `Due ${formatDay(campaign.dueDate, locale)} · ${countdown(
    campaign,
    done,
    locale,
  )}`;
}

export const STANDING_LABELS: Record<CampaignStanding, string> = {
  meeting: 'meeting the target',
  exempted: 'exempted',
  'not-meeting': 'not meeting the target',
};

export const STANDING_COLOURS: Record<CampaignStanding, string> = {
  meeting: '#4caf50',
  exempted: '#ff9800',
  'not-meeting': '#f44336',
};

/** Counts of entities by standing. */
export function countStandings(
  entities: Array<{ standing: CampaignStanding }>,
): CampaignCounts {
  const of = (s: CampaignStanding) =>
    entities.filter(e => e.standing === s).length;
  return {
    inScope: entities.length,
    meeting: of('meeting'),
    exempted: of('exempted'),
    notMeeting: of('not-meeting'),
  };
}

/** "3 meeting · 1 exempted · 2 not meeting of 6". */
export function countsLine(
  counts: CampaignCounts,
  locale: string | undefined = userLocale(),
): string {
  const n = (v: number) => formatCount(v, locale);
  return `${n(counts.meeting)} meeting · ${n(counts.exempted)} exempted · ${n(
    counts.notMeeting,
  )} not meeting of ${n(counts.inScope)}`;
}

/** The Quality tab of an entity with one of its checks highlighted. */
export function checkLink(entityPath: string, checkId: string) {
  return `${entityPath.replace(/\/$/, '')}/quality?check=${encodeURIComponent(
    checkId,
  )}`;
}
